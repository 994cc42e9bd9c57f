"""A seeded synthetic conflict graph for benchmarks: many actors, a million interactions.

Real event data (GDELT, ICEWS, ACLED) is heavy-tailed: a few actors (great powers, capitals, the
main armed groups) take part in most events, and most actors appear a handful of times. Here each
actor gets an activity drawn from a Pareto law and both ends of every interaction are drawn in
proportion to it. Actors belong to latent blocs, so interactions inside a bloc lean cooperative and
across blocs hostile, which gives balance, blocs and change reports real structure to find. On top
of the interactions come durable relations (alliances, support, opposition, fighting) with start
and end dates, and some forces that are ``part_of`` a state, so roll-up is exercised too.

Use it from a benchmark or a notebook::

    from benchmarks._synthetic import synthetic_graph
    g = synthetic_graph(5_000, 1_000_000, seed=0)

Everything is vectorised numpy; the graph is made with :meth:`ConflictGraph.from_frames`, so it goes
through the same checks as any user's tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphlib_conflict import ConflictGraph

__all__ = ["NEGATIVE_TYPES", "POSITIVE_TYPES", "synthetic_frames", "synthetic_graph"]

POSITIVE_TYPES = ("meets", "agrees", "aids")
"""Cooperative interaction types drawn (CAMEO roots 03-08)."""
NEGATIVE_TYPES = ("demands", "accuses", "threatens", "attacks", "clashes")
"""Hostile interaction types drawn (CAMEO roots 10-20)."""


def synthetic_frames(n_actors: int = 5_000, n_interactions: int = 1_000_000, *, seed: int = 0,
                     start: str = "2015-01-01", end: str = "2020-12-31", blocs: int = 6,
                     activity_shape: float = 0.93, durable_per_actor: float = 1.0,
                     forces_share: float = 0.05) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The actors and relations tables of a synthetic graph.

    Parameters
    ----------
    n_actors, n_interactions : int
        Number of actors and of dated interactions.
    seed : int
        Seed of the random generator: the same arguments give the same tables.
    start, end : str
        Interactions are dated uniformly over these days (both inclusive).
    blocs : int
        Number of latent blocs; an interaction inside a bloc is cooperative with probability 0.8,
        across blocs with probability 0.25.
    activity_shape : float
        Pareto shape of actors' activity: smaller is more heavy-tailed. 0.93 gives about 240,000
        distinct pairs for 5,000 actors and 1,000,000 interactions.
    durable_per_actor : float
        Durable relations (alliance, supports, cooperates, opposes, fights) per actor.
    forces_share : float
        Share of actors that are ``government_forces`` ``part_of`` a state actor.

    Returns
    -------
    (actors, relations) : tuple of pandas.DataFrame
        Ready for :meth:`ConflictGraph.from_frames`.
    """
    rng = np.random.default_rng(seed)
    ids = np.char.add("A", np.char.zfill(np.arange(n_actors).astype(str), len(str(n_actors))))
    bloc = rng.integers(0, blocs, n_actors)
    n_forces = int(n_actors * forces_share)
    kind = np.where(rng.random(n_actors) < 0.3, "armed_group", "state").astype(object)
    kind[n_actors - n_forces:] = "government_forces"
    actors = pd.DataFrame({"id": ids, "name": np.char.add("Actor ", ids), "type": kind,
                           "attributes": [None] * n_actors})

    activity = rng.pareto(activity_shape, n_actors) + 1.0
    p = activity / activity.sum()
    source = rng.choice(n_actors, n_interactions, p=p)
    target = rng.choice(n_actors, n_interactions, p=p)
    loops = source == target
    target[loops] = (target[loops] + 1 + rng.integers(0, n_actors - 1, loops.sum())) % n_actors
    friendly = np.where(bloc[source] == bloc[target], 0.8, 0.25)
    positive = rng.random(n_interactions) < friendly
    pos_type = np.asarray(POSITIVE_TYPES, dtype=object)[rng.integers(0, len(POSITIVE_TYPES),
                                                                     n_interactions)]
    neg_type = np.asarray(NEGATIVE_TYPES, dtype=object)[rng.integers(0, len(NEGATIVE_TYPES),
                                                                     n_interactions)]
    first = np.datetime64(start, "D")
    span = int((np.datetime64(end, "D") - first).astype(int)) + 1
    dates = first + rng.integers(0, span, n_interactions).astype("timedelta64[D]")
    interactions = pd.DataFrame({
        "id": np.char.add("e", np.arange(n_interactions).astype(str)),
        "source": ids[source], "target": ids[target],
        "type": np.where(positive, pos_type, neg_type),
        "date": pd.to_datetime(dates).astype("datetime64[s]"),
        "weight": np.round(rng.uniform(0.1, 1.0, n_interactions), 2),
    })

    n_durable = int(n_actors * durable_per_actor)
    a = rng.choice(n_actors, n_durable, p=p)
    b = rng.choice(n_actors, n_durable, p=p)
    b = np.where(a == b, (b + 1) % n_actors, b)
    same = bloc[a] == bloc[b]
    durable_type = np.where(same, np.asarray(["alliance", "supports", "cooperates"], dtype=object)[
        rng.integers(0, 3, n_durable)], np.asarray(["opposes", "fights"], dtype=object)[
        rng.integers(0, 2, n_durable)])
    d_start = first + rng.integers(-365, span, n_durable).astype("timedelta64[D]")
    length = rng.integers(90, 3 * 365, n_durable).astype("timedelta64[D]")
    ongoing = rng.random(n_durable) < 0.4
    d_end = pd.Series(pd.to_datetime(d_start + length)).astype("datetime64[s]")
    durable = pd.DataFrame({
        "id": np.char.add("d", np.arange(n_durable).astype(str)),
        "source": ids[a], "target": ids[b], "type": durable_type,
        "start": pd.to_datetime(d_start).astype("datetime64[s]"),
        "end": d_end.where(~ongoing),
    })

    forces = np.arange(n_actors - n_forces, n_actors)
    states = np.flatnonzero(kind[: n_actors - n_forces] == "state")
    parent = states[rng.integers(0, len(states), n_forces)] if len(states) else forces
    structure = pd.DataFrame({
        "id": np.char.add("s", np.arange(n_forces).astype(str)),
        "source": ids[forces], "target": ids[parent], "type": "part_of",
    })
    relations = pd.concat([structure, durable, interactions], ignore_index=True)
    return actors, relations


def synthetic_graph(n_actors: int = 5_000, n_interactions: int = 1_000_000, *, seed: int = 0,
                    **options: float | int | str) -> ConflictGraph:
    """A synthetic :class:`ConflictGraph` (see :func:`synthetic_frames` for the options).

    Examples
    --------
    >>> g = synthetic_graph(200, 5_000, seed=1)
    >>> len(g.actors), int((g.relations["category"] == "interaction").sum())
    (200, 5000)
    """
    actors, relations = synthetic_frames(n_actors, n_interactions, seed=seed, **options)
    return ConflictGraph.from_frames(actors, relations,
                                     dataset={"id": f"synthetic-{n_actors}-{n_interactions}-{seed}",
                                              "title": "Synthetic event graph"})
