"""Round trips under fuzzing: what one format writes, it reads back equal, types included.

Hypothesis draws datasets the way hostile and careless data come: ids that look like numbers
(``007``, ``1e3``, ``True``, ``NaN``), dates of every precision from the year 1 to 9999, missing
values everywhere they are allowed, lists and nested attributes, text with markup, YAML traps and
Unicode, parallel relations of opposite sign over overlapping time, and now and then a control
character or a lone surrogate. A dataset that cannot be built is refused naming the record; one
that is built is saved over an existing file in YAML, JSON, CSV, Parquet, GraphML and GEXF, and
either read back equal or refused before the previous file was touched.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graphlib_conflict as gc
from graphlib_conflict.problems import BAD_CHARACTERS
from graphlib_conflict.vocabulary import Vocabulary

VOCAB = Vocabulary.default().relation_types
INTERACTIONS = VOCAB.index[VOCAB["category"] == "interaction"].tolist()
DURABLE = VOCAB.index[VOCAB["category"] != "interaction"].tolist()
ACTOR_TYPES = Vocabulary.default().actor_types.index.tolist()

NUMERIC_IDS = ["007", "0", "1", "1.0", "1e3", "-1", "+1", "0x1F", "True", "false", "NaN", "null", "~",
               "2020", "2020-01-01", "1:30", "NO", "on"]
TRAPS = ["NO", "yes", "012", "1:30", "null", "~", "true", "1e5", ".inf", "-.nan", "2017-05-04", "-",
         "[x]", "{a: b}", "a: b", "# x", "'", '"', "&a", "*a", "!!str", "%TAG", "@x", "`x`", "| x", "> x",
         "</script><script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{7*7}}", "|a|b|",
         "\u202eevil", "line\u2028sep", "中华", "العربية", "🇹🇷", "tab\there", "two\nlines", "  padded  "]
BAD = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ud800", "\udfff", "\uffff"]

clean_text = st.one_of(
    st.sampled_from(TRAPS),
    st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"), min_size=1,
            max_size=20),
).map(str.strip).filter(bool)
ident = st.one_of(st.sampled_from(NUMERIC_IDS),
                  st.text("abcXYZ0123456789_-.:", min_size=1, max_size=6)).filter(lambda s: s.strip() == s)


@st.composite
def partial_dates(draw: st.DrawFn) -> str:
    # mostly within pandas' nanosecond range, sometimes anywhere from the year 1 to 9999
    day = draw(st.dates(min_value=dt.date(1678, 1, 1), max_value=dt.date(2261, 12, 31))
               | st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
    return draw(st.sampled_from([f"{day.year:04d}", f"{day.year:04d}-{day.month:02d}",
                                 f"{day.year:04d}-{day.month:02d}-{day.day:02d}"]))


scalar = st.one_of(st.none(), st.integers(-10**15, 10**15), st.booleans(), clean_text,
                   st.floats(allow_nan=False, allow_infinity=False, width=64))
nested = st.recursive(scalar, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text("abc_", min_size=1, max_size=4), inner, max_size=3),
                      max_leaves=6)
attributes = st.one_of(st.none(), st.dictionaries(st.text("abcdef_", min_size=1, max_size=5), nested,
                                                  min_size=1, max_size=3))


def first_day(date: str) -> pd.Timestamp | None:
    return gc.PartialDate.parse(date).first if date else None


@st.composite
def inputs(draw: st.DrawFn, *, bad: bool) -> dict[str, Any]:
    """What a user hands ``from_frames``; with ``bad``, one string somewhere holds a character no
    file can hold."""
    actor_ids = draw(st.lists(ident, min_size=2, max_size=5, unique_by=str.casefold))
    source_ids = draw(st.lists(ident, max_size=2, unique=True))
    actors = [{"id": a, "name": draw(clean_text), "type": draw(st.sampled_from(ACTOR_TYPES)),
               "aliases": draw(st.lists(clean_text, max_size=2)),
               "country": draw(st.one_of(st.none(), st.sampled_from(["TUR", "RUS", "NOR", "SYR"]))),
               "description": draw(st.one_of(st.none(), clean_text)), "attributes": draw(attributes)}
              for a in actor_ids]
    sources = [{"id": s, "title": draw(st.one_of(st.none(), clean_text)),
                "date": draw(st.one_of(st.none(), partial_dates())),
                "url": draw(st.one_of(st.none(), st.just("https://example.org/a?b=1&c=<2>")))}
               for s in source_ids]
    relations = []
    pair = draw(st.lists(st.sampled_from(actor_ids), min_size=2, max_size=2, unique=True))
    # a pair allied and at war over overlapping time, then anything
    start = draw(partial_dates())
    relations += [{"source": pair[0], "target": pair[1], "type": "alliance", "start": start},
                  {"source": pair[1], "target": pair[0], "type": "fights", "start": start}]
    for _ in range(draw(st.integers(0, 6))):
        source, target = draw(st.lists(st.sampled_from(actor_ids), min_size=2, max_size=2, unique=True))
        kind = draw(st.sampled_from(INTERACTIONS + DURABLE))
        row: dict[str, Any] = {"source": source, "target": target, "type": kind,
                               "weight": draw(st.one_of(st.none(), st.floats(0, 1e6))),
                               "confidence": draw(st.one_of(st.none(), st.sampled_from(["low", "high"]),
                                                            st.floats(0, 1))),
                               "notes": draw(st.one_of(st.none(), clean_text)),
                               "attributes": draw(attributes)}
        if kind in INTERACTIONS:
            row["date"] = draw(partial_dates())
        else:
            a, b = sorted(draw(st.lists(partial_dates(), min_size=2, max_size=2)), key=first_day)
            row["start"] = draw(st.one_of(st.none(), st.just(a)))
            row["end"] = b if draw(st.booleans()) and (row["start"] is None or
                                                      gc.PartialDate.parse(b).last >= first_day(a)) else None
        if source_ids:
            row["evidence"] = [{"source": draw(st.sampled_from(source_ids)), "quote": draw(clean_text)}
                               for _ in range(draw(st.integers(0, 2)))]
        relations.append(row)
    for i, row in enumerate(relations):
        row["id"] = f"r{i}" if draw(st.booleans()) else None
    dataset = {"id": draw(ident), "title": draw(clean_text)}
    if bad:
        character = draw(st.sampled_from(BAD))
        where = draw(st.sampled_from(["name", "alias", "notes", "title", "dataset", "attribute"]))
        text = "x" + character + "y"
        if where == "name":
            actors[0]["name"] = text
        elif where == "alias":
            actors[0]["aliases"] = [text]
        elif where == "notes":
            relations[0]["notes"] = text
        elif where == "attribute":
            relations[0]["attributes"] = {"k": [text]}
        elif where == "title":
            dataset["title"] = text
        else:
            dataset["description"] = text
    return {"actors": actors, "relations": relations, "sources": sources, "dataset": dataset}


RELATION_COLUMNS = ["id", "source", "target", "type", "date", "start", "end", "weight", "confidence", "notes",
                    "attributes", "evidence"]


def build(raw: dict[str, Any]) -> gc.ConflictGraph:
    return gc.ConflictGraph.from_frames(
        pd.DataFrame(raw["actors"], dtype=object),
        pd.DataFrame(raw["relations"], columns=RELATION_COLUMNS, dtype=object),
        sources=pd.DataFrame(raw["sources"], columns=["id", "title", "date", "url"], dtype=object),
        dataset=raw["dataset"])


def assert_same(a: gc.ConflictGraph, b: gc.ConflictGraph, *, ordered: bool = True) -> None:
    ra, rb = a.relations, b.relations
    if not ordered:
        ra = ra.sort_values("id").reset_index(drop=True)
        rb = rb.sort_values("id").reset_index(drop=True)
    pd.testing.assert_frame_equal(ra, rb)
    pd.testing.assert_frame_equal(a.actors, b.actors)
    pd.testing.assert_frame_equal(a.sources.reset_index(drop=True), b.sources.reset_index(drop=True))
    assert a.dataset == b.dataset
    if ordered:  # the same warnings, about the same records (a file adds its name and lines)
        assert [(w.message, w.field) for w in a.warnings] == [(w.message, w.field) for w in b.warnings]


EXAMPLES = settings(max_examples=10, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])
FORMATS = [("g.yaml", True), ("g.json", True), ("csv", True), ("g.parquet", True), ("g.graphml", False)]
PREVIOUS = b"the previous file\n"


def fresh(tmp_path: Path, name: str) -> Path:
    """A path in a fresh folder, where a file (or a CSV folder) already stands."""
    target = Path(tempfile.mkdtemp(dir=tmp_path)) / name
    if name == "csv":
        target.mkdir()
        (target / "actors.csv").write_bytes(PREVIOUS)
    else:
        target.write_bytes(PREVIOUS)
    return target


def previous_intact(target: Path) -> bool:
    return (target / "actors.csv" if target.is_dir() else target).read_bytes() == PREVIOUS


@pytest.mark.parametrize(("name", "ordered"), FORMATS)
@EXAMPLES
@given(raw=inputs(bad=False))
def test_every_format_reads_back_what_it_wrote(tmp_path: Path, name: str, ordered: bool, raw: dict[str, Any]):
    graph = build(raw)
    target = fresh(tmp_path, name)
    try:
        graph.save(target)
    except gc.GraphlibConflictError:
        assert previous_intact(target)
        raise
    assert_same(graph, gc.load(target), ordered=ordered)


@EXAMPLES
@given(raw=inputs(bad=False))
def test_gexf_holds_every_actor_relation_and_spell(tmp_path: Path, raw: dict[str, Any]):
    graph = build(raw)
    target = fresh(tmp_path, "g.gexf")
    graph.save(target)
    G = nx.read_gexf(target, node_type=str)
    names = dict(zip(graph.actors["id"], graph.actors["name"], strict=True))
    assert {n: d["label"] for n, d in G.nodes(data=True)} == names
    edges = {d["id"]: d for _, _, d in G.edges(data=True)}
    rel = graph.relations.set_index("id")
    assert set(edges) == set(rel.index)
    for rid, data in edges.items():
        row = rel.loc[rid]
        assert (data["type"], int(data["sign"]), data["weight"]) == (row["type"], int(row["sign"]),
                                                                     float(row["weight"]))
        spell = [None if v in (None, "None") else v  # networkx reads an open end as "None"
                 for v in (data.get("spells") or [(None, None)])[0][:2]]
        first = None if pd.isna(row["valid_from"]) else row["valid_from"].strftime("%Y-%m-%d").zfill(10)
        last = None if pd.isna(row["valid_to"]) else row["valid_to"].strftime("%Y-%m-%d").zfill(10)
        assert (spell[0], spell[1]) == (first, last), rid
        for field in ("notes", "start", "end", "date"):
            value = row[field]
            missing = value is None or (isinstance(value, float) and math.isnan(value))
            assert data.get(field) == (None if missing else value), (rid, field)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=inputs(bad=True))
def test_a_character_no_file_can_hold_is_refused_before_anything_is_written(raw: dict[str, Any]):
    with pytest.raises(gc.DatasetError) as caught:
        build(raw)
    problems = [p for p in caught.value.problems if "text holds" in p.message]
    assert problems, caught.value.problems
    assert all(p.record and p.field for p in problems)
    for problem in problems:
        assert "U+" in problem.message and str(problem).encode("utf-8")


def test_the_bad_characters_are_exactly_those_a_format_would_lose():
    for character in BAD:
        assert BAD_CHARACTERS.search(character)
    for character in ("\t", "\n", "\r", "\u2028", "\u202e", "\ufeff", "\ue000", "\U0010fffd"):
        assert not BAD_CHARACTERS.search(character)


@EXAMPLES
@given(raw=inputs(bad=False))
def test_the_streamed_yaml_is_the_whole_document_dumped_at_once(raw: dict[str, Any]):
    """write_yaml emits item by item (bounded memory); the text must be what one dump would write."""
    from graphlib_conflict.io._dataset import graph_to_document
    from graphlib_conflict.io._yaml import dump_yaml, yaml_chunks

    document = graph_to_document(build(raw))
    assert "".join(yaml_chunks(document)) == dump_yaml(document)
