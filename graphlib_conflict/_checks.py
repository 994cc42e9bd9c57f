"""Checks for modelling mistakes: data that loads but cannot mean what its author meant.

These run after the tables are normalised (:mod:`graphlib_conflict._tables`) and give **warnings**:
the dataset still loads, ``graphlib-conflict validate`` lists them, and ``validate --strict`` turns
them into errors. Each names the record, the field and what to do instead:

* a structural relation whose actor types contradict its meaning: a ``state`` ``part_of`` anything
  but a coalition or another state (``RUS part_of WAGNER`` rolls Russia up into Wagner), ``member_of``
  something that is not a coalition, an international organisation or an event, ``represents`` from
  an actor that is not a person, ``attends`` something that is not an event;
* the same relation twice (same ends, type and dates under two ids);
* an alignment and its opposite between the same pair over the same days, with no note saying why;
* a meeting of one actor with three or more others on the same day: a multilateral event, better
  written as ``attends`` an ``event`` actor, so that the attendees do not become each other's allies.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from graphlib_conflict._tables import Locator
from graphlib_conflict.dates import DAY_MAX, DAY_MIN, timestamps_to_days
from graphlib_conflict.problems import Problem

__all__ = ["modelling_warnings"]

_PART_OF_STATE = frozenset({"state", "coalition"})
_MEMBER_OF = frozenset({"coalition", "international_org", "event"})
_MULTILATERAL = 3

Warn = Callable[[int, str, str, str], None]
"""``warn(row, field, message, hint)``."""


def modelling_warnings(actors: pd.DataFrame, relations: pd.DataFrame,
                       locator: Locator) -> list[Problem]:
    """Every modelling warning for normalised tables (see the module docstring), in row order.

    Examples
    --------
    >>> import pandas as pd
    >>> from graphlib_conflict._tables import Locator
    >>> actors = pd.DataFrame({"id": ["RUS", "WAGNER"], "name": ["Russia", "Wagner"],
    ...                        "type": ["state", "armed_group"]})
    >>> relations = pd.DataFrame({"id": ["r1"], "source": ["RUS"], "target": ["WAGNER"],
    ...                           "type": ["part_of"], "start": [pd.NA], "end": [pd.NA],
    ...                           "date": [pd.NA], "notes": [pd.NA], "category": ["structural"],
    ...                           "sign": [0]})
    >>> print(modelling_warnings(actors, relations, Locator())[0].message)  # doctest: +ELLIPSIS
    Russia (state) is `part_of` Wagner (armed_group): a state is part of nothing but a coalition ...
    """
    if relations.empty:
        return []
    kind = pd.Series(actors["type"].to_numpy(), index=actors["id"].to_numpy())
    name = pd.Series(actors["name"].to_numpy(), index=actors["id"].to_numpy())
    source_type = relations["source"].map(kind)
    target_type = relations["target"].map(kind)
    found: list[tuple[int, Problem]] = []

    def warn(pos: int, field: str, message: str, hint: str) -> None:
        found.append((pos, locator.problem("relations", pos, field, message,
                                           record_id=relations["id"].iat[pos], hint=hint,
                                           severity="warning")))

    def who(pos: int, end: str) -> str:
        actor = relations[end].iat[pos]
        return f"{name.get(actor, actor)} ({kind.get(actor, '?')})"

    rel_type = relations["type"]
    for pos in np.flatnonzero(((rel_type == "part_of") & (source_type == "state")
                               & ~target_type.isin(_PART_OF_STATE)).to_numpy()).tolist():
        src, tgt = relations["source"].iat[pos], relations["target"].iat[pos]
        warn(int(pos), "target",
             f"{who(pos, 'source')} is `part_of` {who(pos, 'target')}: a state is part of nothing "
             "but a coalition or another state",
             f"if {tgt} acts for {src}, write `source: {tgt}`, `target: {src}`; if {src} backs it, "
             "use `supports`")
    for pos in np.flatnonzero(((rel_type == "member_of")
                               & ~target_type.isin(_MEMBER_OF)).to_numpy()).tolist():
        warn(int(pos), "target",
             f"{who(pos, 'source')} is `member_of` {who(pos, 'target')}, which is not a coalition, "
             "an international organisation or an event",
             "give the target type `coalition` (a forum or bloc), or use `part_of` or `supports`")
    for pos in np.flatnonzero(((rel_type == "represents") & (source_type != "person")).to_numpy()).tolist():
        warn(int(pos), "source",
             f"{who(pos, 'source')} `represents` {who(pos, 'target')}, but only a person speaks "
             "for an actor",
             "use `part_of` for forces or bodies of an actor")
    for pos in np.flatnonzero(((rel_type == "attends") & (target_type != "event")).to_numpy()).tolist():
        warn(int(pos), "target",
             f"{who(pos, 'source')} `attends` {who(pos, 'target')}, which is not an event",
             "add the conference or summit as an actor of type `event` and attend that")
    _duplicates(relations, warn)
    _contradictions(relations, warn)
    _multilateral_meetings(relations, name, warn)
    found.sort(key=lambda item: item[0])
    return [problem for _, problem in found]


def _key(relations: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return relations[columns].astype(object).where(relations[columns].notna(), "")


def _duplicates(relations: pd.DataFrame, warn: Warn) -> None:
    columns = ["source", "target", "type", "start", "end", "date"]
    key = _key(relations, columns).reset_index(drop=True)
    if not key.duplicated().any():
        return
    groups = key.groupby(columns, sort=False)
    later = groups.cumcount().to_numpy() > 0
    original = key.assign(id=relations["id"].to_numpy()).groupby(columns, sort=False)["id"] \
        .transform("first").to_numpy()
    for pos in np.flatnonzero(later):
        warn(int(pos), "id", f"the same relation as {original[pos]!r} (same ends, type and dates)",
             "remove one of them, or merge their evidence into one relation")


def _contradictions(relations: pd.DataFrame, warn: Warn) -> None:
    durable = relations[(relations["category"] == "alignment").to_numpy()]
    if len(durable) < 2:
        return
    a = np.minimum(durable["source"].to_numpy(dtype=object), durable["target"].to_numpy(dtype=object))
    b = np.maximum(durable["source"].to_numpy(dtype=object), durable["target"].to_numpy(dtype=object))
    frame = pd.DataFrame({"pos": np.flatnonzero((relations["category"] == "alignment").to_numpy()),
                          "a": a, "b": b, "sign": durable["sign"].to_numpy(),
                          "first": timestamps_to_days(durable["valid_from"], DAY_MIN),
                          "last": timestamps_to_days(durable["valid_to"], DAY_MAX),
                          "noted": durable["notes"].notna().to_numpy()})
    pairs = frame.merge(frame, on=["a", "b"], suffixes=("", "_other"))
    clash = pairs[(pairs["sign"] > 0) & (pairs["sign_other"] < 0)
                  & (pairs["first"] <= pairs["last_other"]) & (pairs["first_other"] <= pairs["last"])
                  & ~pairs["noted"] & ~pairs["noted_other"]]
    types = relations["type"].to_numpy()
    ids = relations["id"].to_numpy()
    for pos, other, a_id, b_id in zip(clash["pos"].tolist(), clash["pos_other"].tolist(),
                                      clash["a"].tolist(), clash["b"].tolist(), strict=True):
        warn(max(pos, other), "notes",
             f"`{types[pos]}` ({ids[pos]}) and `{types[other]}` ({ids[other]}) between {a_id} and "
             f"{b_id} over the same days",
             "say why in `notes` (a real double game), or end one before the other starts")


def _multilateral_meetings(relations: pd.DataFrame, name: pd.Series, warn: Warn) -> None:
    """Hand-coded meetings only: an imported event table (rows with an ``origin``) aggregates many
    meetings per pair and period, which is not a conference written as meetings."""
    meets = (relations["type"] == "meets") & relations["date"].notna()
    if "origin" in relations.columns:
        meets &= relations["origin"].isna()
    rows = relations.loc[meets.to_numpy(), ["source", "target", "date"]].assign(
        pos=np.flatnonzero(meets.to_numpy()))
    if rows.empty:
        return
    ends = pd.concat([rows, rows.rename(columns={"source": "target", "target": "source"})])
    count = ends.groupby(["source", "date"])["target"].transform("nunique")
    crowded = ends[(count >= _MULTILATERAL).to_numpy()].assign(count=count[count >= _MULTILATERAL])
    # one warning per crowded actor and day, on the last of its meetings that day
    last = crowded.sort_values("pos").groupby(["source", "date"], sort=False).tail(1)
    for pos, source, count, date in zip(last["pos"].tolist(), last["source"].tolist(), last["count"].tolist(),
                                        last["date"].tolist(), strict=True):
        warn(pos, "type",
             f"{name.get(source, source)} `meets` {count} actors on {date}: a "
             "multilateral event",
             "add the event as an actor of type `event` and give each participant an `attends` "
             "relation to it, so the attendees do not become each other's allies")
