"""YAML written for other loaders, or as an attack, is refused with its line, fast."""

from __future__ import annotations

import time

import pytest

import graphlib_conflict as gc

BASE = "dataset:\n  id: x\nactors:\n  - {id: A, name: A, type: state}\nrelations: []\n"


def validate(tmp_path, text: str) -> gc.ValidationReport:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return gc.validate(path)


@pytest.mark.parametrize(("text", "line", "tag"), [
    ("dataset:\n  id: !!python/object/apply:os.system ['echo pwned']\nactors: []\nrelations: []\n",
     2, "!!python/object/apply:os.system"),
    (BASE + "extra: !!python/name:os.system\n", 6, "!!python/name:os.system"),
    (BASE.replace("name: A,", "name: !!binary aGk=,"), 4, "!!binary"),
    (BASE.replace("id: x", "id: !custom x"), 2, "!custom"),
    (BASE.replace("id: x", "id: !!str x"), 2, "!!str"),
])
def test_every_explicit_tag_is_refused_with_its_line(tmp_path, text, line, tag):
    report = validate(tmp_path, text)
    assert not report.ok
    problem = report.errors[0]
    assert problem.line == line and f"explicit YAML tag {tag!r}" in problem.message


def test_an_alias_bomb_is_refused_fast(tmp_path):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1 if i > 1 else ''}"] * 10) + "]")
    start = time.perf_counter()
    report = validate(tmp_path, "\n".join(lines).replace("*a0", "*a") + "\n")
    assert time.perf_counter() - start < 1.0
    assert not report.ok and "more than 50 aliases" in report.errors[0].message


def test_a_few_aliases_are_fine(tmp_path):
    text = BASE.replace("relations: []", "sources:\n  - &s {id: s1, title: T}\nrelations: []")
    assert validate(tmp_path, text).ok


@pytest.mark.parametrize("depth", [60, 5000])
def test_deep_nesting_is_refused_with_its_line(tmp_path, depth):
    report = validate(tmp_path, "dataset: " + "[" * depth + "]" * depth + "\n")
    assert not report.ok
    assert report.errors[0].line == 1 and "nesting deeper than 50 levels" in report.errors[0].message


@pytest.mark.parametrize(("value", "kept"), [("NO", "NO"), ("ON", "ON"), ("012", "012"),
                                             ("1:30", "1:30"), ("2017-05-04", "2017-05-04"),
                                             ("null", None), ("~", None), ("1e3", "1e3")])
def test_type_traps_stay_the_text_that_was_written(tmp_path, value, kept):
    path = tmp_path / "case.yaml"
    path.write_text(BASE.replace("name: A,", f"name: A, description: {value},"), encoding="utf-8")
    description = gc.load(path).actors["description"].iloc[0]
    assert (description if isinstance(description, str) else None) == kept


def test_duplicate_keys_are_refused_with_both_lines(tmp_path):
    report = validate(tmp_path, BASE.replace("  id: x\n", "  id: x\n  id: y\n"))
    assert not report.ok
    assert report.errors[0].line == 3 and "first on line 2" in report.errors[0].message


@pytest.mark.parametrize(("text", "line", "tag"), [
    (BASE.replace("id: x", "id: !!python/object/new:os.system [ls]"), 2, "!!python/object/new:os.system"),
    (BASE.replace("id: x", "id: !<tag:yaml.org,2002:python/name:os.system> x"), 2,
     "!!python/name:os.system"),
    (BASE.replace("relations: []", "relations: !!python/object:builtins.list []"), 5,
     "!!python/object:builtins.list"),
    (BASE.replace("  - {id: A", "  - !!omap {id: A"), 4, "!!omap"),
    (BASE.replace("id: x", "id: !!timestamp 2020-01-01"), 2, "!!timestamp"),
    (BASE.replace("id: x", "id: !!int 12"), 2, "!!int"),
    (BASE.replace("relations: []", "relations: !!set {a, b}"), 5, "!!set"),
    ("%TAG !e! tag:evil.example,2000:\n---\n" + BASE.replace("id: x", "id: !e!run x"), 4,
     "tag:evil.example,2000:run"),
    (BASE.replace("id: x", "id: ! x"), 2, "!"),
])
def test_tags_on_any_node_in_any_spelling_are_refused(tmp_path, text, line, tag):
    report = validate(tmp_path, text)
    problem = report.errors[0]
    assert problem.line == line and f"explicit YAML tag {tag!r}" in problem.message, report.errors


def test_every_tag_is_reported_each_with_its_line(tmp_path):
    text = ("dataset:\n  id: !!str x\n  title: !!binary aGk=\nactors:\n"
            "  - {id: A, name: !custom A, type: state}\nrelations: !!seq []\n")
    report = validate(tmp_path, text)
    assert [(p.line, p.message.split("'")[1]) for p in report.errors] == [
        (2, "!!str"), (3, "!!binary"), (5, "!custom"), (6, "!!seq")]
    assert all(p.hint and "builds none" in p.hint for p in report.errors)


def test_nothing_a_tag_names_is_ever_built(tmp_path, monkeypatch):
    import os

    called = []
    monkeypatch.setattr(os, "system", lambda *a: called.append(a))
    validate(tmp_path, "dataset:\n  id: !!python/object/apply:os.system ['echo pwned']\n")
    assert called == []


def test_the_billion_laughs_are_refused_at_once(tmp_path):
    lines = ['a0: &a0 "lol"']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    start = time.perf_counter()
    report = validate(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1.0
    (problem,) = report.errors
    assert problem.line == 7 and "more than 50 aliases" in problem.message


def test_an_alias_bomb_of_mappings_is_refused(tmp_path):
    lines = ["m0: &m0 {k: v}"]
    lines += [f"m{i}: &m{i} {{" + ", ".join(f"k{j}: *m{i - 1}" for j in range(8)) + "}" for i in range(1, 9)]
    start = time.perf_counter()
    report = validate(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1.0 and "more than 50 aliases" in report.errors[0].message


def test_an_alias_to_itself_is_refused(tmp_path):
    report = validate(tmp_path, "dataset: &d {id: x, again: *d}\n")
    assert not report.ok and report.errors[0].line == 1 and "alias" in report.errors[0].message


@pytest.mark.parametrize("text", [
    "dataset:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(60)) + "  " * 61 + "v\n",
    "dataset: " + "{a: " * 70 + "1" + "}" * 70 + "\n",
    "dataset:\n" + "".join("  " * i + "- \n" for i in range(1, 70)),
])
def test_deep_nesting_of_every_style_is_refused_with_a_line(tmp_path, text):
    report = validate(tmp_path, text)
    assert not report.ok and report.errors[0].line is not None
    assert "nesting deeper than 50 levels" in report.errors[0].message


def test_merge_keys_are_refused(tmp_path):
    text = BASE.replace("  - {id: A, name: A, type: state}",
                        "  - &a {id: A, name: A, type: state}\n  - {<<: *a, id: B}")
    report = validate(tmp_path, text)
    assert not report.ok and any("merge keys" in p.message and p.line == 5 for p in report.errors)


def test_a_key_that_is_a_list_is_refused(tmp_path):
    report = validate(tmp_path, BASE.replace("  id: x\n", "  id: x\n  ? [a, b]\n  : c\n"))
    assert any(p.line == 3 and "plain name" in p.message for p in report.errors)


def test_a_second_document_is_refused(tmp_path):
    report = validate(tmp_path, BASE + "---\n" + BASE)
    assert report.errors[0].line == 6 and "single document" in report.errors[0].message


def test_a_tab_in_the_indentation_is_reported_with_its_line(tmp_path):
    report = validate(tmp_path, BASE.replace("  - {id: A", "\t- {id: A"))
    assert not report.ok and report.errors[0].line == 4


def test_duplicate_keys_inside_a_record_name_the_record(tmp_path):
    report = validate(tmp_path, BASE.replace("{id: A, name: A, type: state}",
                                             "{id: A, name: A, name: B, type: state}"))
    (problem,) = report.errors
    assert problem.line == 4 and problem.field == "name" and "duplicate key 'name'" in problem.message


@pytest.mark.parametrize(("field", "value", "kept"), [
    ("id", "012", "012"), ("id", "0x1F", "0x1F"), ("id", "1e3", "1e3"), ("id", "true", "true"),
    ("name", "NO", "NO"), ("name", "yes", "yes"), ("name", "1:30", "1:30"), ("name", ".inf", ".inf"),
    ("name", "2017-05-04", "2017-05-04"), ("name", "0o17", "0o17"), ("name", "+12", "+12"),
])
def test_actor_fields_keep_the_text_written(tmp_path, field, value, kept):
    path = tmp_path / "case.yaml"
    record = {"id": "A", "name": "A", "type": "state", field: value}
    path.write_text("dataset: {id: x}\nactors:\n  - {" + ", ".join(f"{k}: {v}" for k, v in record.items())
                    + "}\nrelations: []\n", encoding="utf-8")
    assert gc.load(path).actors[field].iloc[0] == kept


def test_country_no_is_refused_with_the_norway_hint(tmp_path):
    report = validate(tmp_path, BASE.replace("type: state}", "type: state, country: NO}"))
    (problem,) = report.errors
    assert problem.line == 4 and "NOR" in problem.hint


@pytest.mark.parametrize(("value", "ok"), [("true", True), ("yes", True), ("NO", True), ("ON", False),
                                           ("1", False), ("y", False)])
def test_yes_and_no_are_words_only_where_a_boolean_is_meant(tmp_path, value, ok):
    text = BASE + ("relation_types:\n  - {id: besieges, category: interaction, sign: -1, "
                   f"directed: {value}}}\n")
    report = validate(tmp_path, text)
    assert report.ok is ok
    if not ok:
        assert report.errors[0].field == "directed" and report.errors[0].line == 7
