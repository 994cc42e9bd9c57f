"""Lossless round trips: random datasets survive YAML, JSON, CSV, GraphML and Parquet with types intact."""

from __future__ import annotations

import string
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graphlib_conflict as gc
from graphlib_conflict.vocabulary import Vocabulary

VOCAB = Vocabulary.default().relation_types
INTERACTIONS = VOCAB.index[VOCAB["category"] == "interaction"].tolist()
DURABLE = VOCAB.index[VOCAB["category"] != "interaction"].tolist()
ACTOR_TYPES = Vocabulary.default().actor_types.index.tolist()

# Text as analysts and hostile data write it: markup, quotes, YAML look-alikes, unicode, new lines.
TRAPS = ["NO", "no", "yes", "012", "1:30", "null", "~", "true", "1e5", "0x1F", "2017-05-04", "-", "[x]",
         "{a: b}", "</script>", "<img src=x onerror=alert(1)>", "a: b", "# not a comment", "'", '"',
         "ça va", "Şam", "Δ", "中文", "emoji 🙂", "tab\there", "two\nlines", "&amp;", "%s", "\\"]
text = st.one_of(
    st.sampled_from(TRAPS),
    st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"),
            min_size=1, max_size=30),
).map(str.strip).filter(bool)
ident = st.text(string.ascii_letters + string.digits + "_-.:", min_size=1, max_size=8)
partial_date = st.dates(min_value=pd.Timestamp("1900-01-01").date(),
                        max_value=pd.Timestamp("2030-12-31").date()).flatmap(
    lambda d: st.sampled_from([f"{d.year}", f"{d.year}-{d.month:02d}", d.isoformat()]))
scalar = st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False,
                                                          width=64), st.booleans(), text)
attributes = st.one_of(st.none(), st.dictionaries(ident, scalar, min_size=1, max_size=3))


@st.composite
def datasets(draw):
    actor_ids = draw(st.lists(ident, min_size=2, max_size=6, unique_by=str.casefold))
    source_ids = draw(st.lists(ident, max_size=3, unique=True))
    sources = [{"id": s, "title": draw(st.one_of(st.none(), text)),
                "date": draw(st.one_of(st.none(), partial_date)),
                "url": draw(st.one_of(st.none(), st.just("https://example.org/a?b=1&c=<2>")))}
               for s in source_ids]
    actors = [{"id": a, "name": draw(text), "type": draw(st.sampled_from(ACTOR_TYPES)),
               "aliases": draw(st.lists(text, max_size=2)),
               "country": draw(st.one_of(st.none(), st.sampled_from(["TUR", "RUS", "NOR"]))),
               "description": draw(st.one_of(st.none(), text)), "attributes": draw(attributes)}
              for a in actor_ids]
    relations = []
    for i in range(draw(st.integers(0, 8))):
        source, target = draw(st.lists(st.sampled_from(actor_ids), min_size=2, max_size=2, unique=True))
        kind = draw(st.sampled_from(INTERACTIONS + DURABLE))
        row = {"id": f"r{i}" if draw(st.booleans()) else None, "source": source, "target": target,
               "type": kind,
               "weight": draw(st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False))),
               "confidence": draw(st.one_of(st.none(), st.sampled_from(["low", "medium", "high"]),
                                            st.floats(0, 1))),
               "notes": draw(st.one_of(st.none(), text)), "attributes": draw(attributes)}
        if kind in INTERACTIONS:
            row["date"] = draw(partial_date)
        else:
            a, b = sorted(draw(st.lists(partial_date, min_size=2, max_size=2)),
                          key=lambda d: pd.Timestamp(d + "-01-01"[len(d) - 4:]))
            row["start"] = draw(st.one_of(st.none(), st.just(a)))
            row["end"] = draw(st.one_of(st.none(), st.just(b)))
            if row["start"] and row["end"] and gc.PartialDate.parse(row["end"]).last < \
                    gc.PartialDate.parse(row["start"]).first:
                row["end"] = None
        if source_ids:
            row["evidence"] = [{"source": draw(st.sampled_from(source_ids)), "quote": draw(text)}
                               for _ in range(draw(st.integers(0, 2)))]
        relations.append(row)
    return gc.ConflictGraph.from_frames(
        pd.DataFrame(actors), pd.DataFrame(relations, columns=[
            "id", "source", "target", "type", "date", "start", "end", "weight", "confidence", "notes",
            "attributes", "evidence"]),
        sources=pd.DataFrame(sources, columns=["id", "title", "date", "url"]),
        dataset={"id": draw(ident), "title": draw(text)},
        relation_types=[{"id": "besieges", "category": "interaction", "sign": -1, "directed": True,
                         "default_weight": 0.7, "cameo": ["17"], "description": draw(text)}]
        if draw(st.booleans()) else (),
    )


def assert_same(a: gc.ConflictGraph, b: gc.ConflictGraph, *, ordered: bool = True) -> None:
    ra, rb = a.relations, b.relations
    if not ordered:
        ra = ra.sort_values("id").reset_index(drop=True)
        rb = rb.sort_values("id").reset_index(drop=True)
    pd.testing.assert_frame_equal(ra, rb)
    pd.testing.assert_frame_equal(a.actors, b.actors)
    pd.testing.assert_frame_equal(a.sources.reset_index(drop=True), b.sources.reset_index(drop=True))
    assert a.dataset == b.dataset
    pd.testing.assert_frame_equal(a.vocabulary.relation_types, b.vocabulary.relation_types)


FORMATS = [("case.yaml", True), ("case.json", True), ("case_csv", True), ("case.graphml", False),
           ("case.parquet", True)]


@pytest.mark.parametrize(("name", "ordered"), FORMATS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(graph=datasets())
def test_round_trip_is_lossless(tmp_path: Path, name: str, ordered: bool, graph: gc.ConflictGraph):
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / name  # a fresh folder per example
    graph.save(path)
    again = gc.load(path)
    assert_same(graph, again, ordered=ordered)


@pytest.mark.parametrize(("name", "ordered"), FORMATS)
def test_default_dataset_round_trips(tmp_path, default_graph, name, ordered):
    path = tmp_path / name
    default_graph.save(path)
    assert_same(default_graph, gc.load(path), ordered=ordered)


def test_attribute_types_survive_yaml(tmp_path, make_graph):
    actors = pd.DataFrame({"id": ["A", "B"], "name": ["A", "B"], "type": "state",
                           "attributes": [{"posts": 12, "ratio": 0.5, "flag": True, "code": "012",
                                           "when": "1:30", "no": "NO"}, None]})
    relations = pd.DataFrame({"source": ["A"], "target": ["B"], "type": ["meets"], "date": ["2020"]})
    graph = gc.ConflictGraph.from_frames(actors, relations)
    graph.save(tmp_path / "a.yaml")
    attrs = gc.load(tmp_path / "a.yaml").actors.loc[0, "attributes"]
    assert attrs == {"posts": 12, "ratio": 0.5, "flag": True, "code": "012", "when": "1:30", "no": "NO"}
    assert type(attrs["posts"]) is int and type(attrs["flag"]) is bool
