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
