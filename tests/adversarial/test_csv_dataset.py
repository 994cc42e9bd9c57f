"""A CSV dataset folder broken the ways spreadsheets and hand edits break it.

Each fault is reported as an error naming the file and the line (the header is line 1) and what was
expected; every problem of the folder is reported at once; nothing is silently dropped or guessed.
Text that only looks special (``NA``, ``NULL``, ``007``, ``=SUM()``) is kept as written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import graphlib_conflict as gc

ACTORS = "id,name,type,country\nA,Alpha,state,TUR\nB,Beta,state,RUS\n007,Bond,state,GBR\nC,Gamma,state,NOR\n"
RELATIONS = ("source,target,type,date,notes\nA,B,meets,2020-01-02,hi\nB,007,attacks,2020-03,x\n"
             "A,C,meets,2020,y\n")


def folder(tmp_path: Path, actors: str | bytes = ACTORS, relations: str | bytes = RELATIONS) -> Path:
    for name, text in (("actors.csv", actors), ("relations.csv", relations)):
        (tmp_path / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return tmp_path


def errors(path: Path) -> list[gc.Problem]:
    report = gc.validate(path)
    assert not report.ok
    return report.errors


def test_the_clean_folder_reads(tmp_path):
    graph = gc.load(folder(tmp_path))
    assert graph.actors["id"].tolist() == ["A", "B", "007", "C"]
    assert graph.relations["notes"].tolist() == ["hi", "x", "y"]


@pytest.mark.parametrize(("row", "fields"), [("B,007,attacks", 3), ("B,007,attacks,2020-03,x,extra", 6),
                                             ("B", 1)])
def test_a_row_with_too_few_or_many_fields_is_reported_with_its_line(tmp_path, row, fields):
    (problem,) = errors(folder(tmp_path, relations=RELATIONS.replace("B,007,attacks,2020-03,x", row)))
    assert problem.file.endswith("relations.csv") and problem.line == 3
    assert problem.message == f"row has {fields} field{'s' if fields > 1 else ''}, the header 5"
    assert problem.expected == "5 fields: source, target, type, date, notes"


def test_every_bad_row_of_every_file_is_reported_at_once(tmp_path):
    actors = ACTORS.replace("B,Beta,state,RUS", "B,Beta")
    relations = RELATIONS.replace("A,C,meets,2020,y", "A,C,meets,2020,y,z")
    found = errors(folder(tmp_path, actors, relations))
    assert sorted((Path(p.file).name, p.line) for p in found) == [("actors.csv", 3), ("relations.csv", 4)]


def test_a_stray_quote_is_reported_where_it_opens(tmp_path):
    relations = RELATIONS.replace("B,007,attacks,2020-03,x", 'B,007,attacks,2020-03,"x never closed')
    (problem,) = errors(folder(tmp_path, relations=relations))
    assert problem.line == 3 and "never closed" in problem.message
    assert problem.hint == 'close the quote, or double a quote inside a quoted value ("")'


def test_a_quote_inside_an_unquoted_value_is_text(tmp_path):
    relations = RELATIONS.replace(",x\n", ',x "quoted" y\n')
    graph = gc.load(folder(tmp_path, relations=relations))
    assert graph.relations["notes"].tolist()[1] == 'x "quoted" y'


def test_a_quoted_value_may_hold_commas_quotes_and_line_breaks(tmp_path):
    relations = RELATIONS.replace(",x\n", ',"a, ""b""\nand c"\n')
    graph = gc.load(folder(tmp_path, relations=relations))
    assert graph.relations["notes"].tolist()[1] == 'a, "b"\nand c'


def test_a_problem_after_a_multi_line_value_has_the_right_line(tmp_path):
    relations = RELATIONS.replace(",hi\n", ',"one\ntwo\nthree"\n').replace("A,C,meets,2020,y",
                                                                         "A,C,meets,20200,y")
    (problem,) = errors(folder(tmp_path, relations=relations))
    assert problem.line == 6 and problem.field == "date"


@pytest.mark.parametrize("word", ["NA", "NULL", "null", "None", "N/A", "nan", "-"])
def test_na_and_null_are_text_not_missing(tmp_path, word):
    relations = RELATIONS.replace(",x\n", f",{word}\n")
    actors = ACTORS.replace("Beta", word)
    graph = gc.load(folder(tmp_path, actors, relations))
    assert graph.relations["notes"].tolist()[1] == word
    assert graph.actors["name"].tolist()[1] == word


@pytest.mark.parametrize("word", ["NA", "NULL", "n/a"])
def test_na_as_a_country_is_refused_with_the_right_hint(tmp_path, word):
    (problem,) = errors(folder(tmp_path, actors=ACTORS.replace("TUR", word)))
    assert (problem.line, problem.field) == (2, "country")
    assert problem.hint == (f"leave the country empty when it is unknown: {word!r} is read as written, "
                            "not as missing")


def test_an_empty_cell_is_missing(tmp_path):
    graph = gc.load(folder(tmp_path, actors=ACTORS.replace("TUR", ""),
                           relations=RELATIONS.replace(",x\n", ",\n")))
    assert graph.actors["country"].isna().tolist() == [True, False, False, False]
    assert graph.relations["notes"].isna().tolist() == [False, True, False]


@pytest.mark.parametrize("ident", ["007", "0", "1e3", "00", "1.0", "+1", "0x1F", "TRUE"])
def test_ids_that_look_like_numbers_stay_the_text_written(tmp_path, ident):
    actors = ACTORS.replace("007,Bond", f"{ident},Bond")
    relations = RELATIONS.replace("B,007", f"B,{ident}")
    graph = gc.load(folder(tmp_path, actors, relations))
    assert graph.actors["id"].tolist()[2] == ident
    assert graph.relations["target"].tolist()[1] == ident


def test_formulas_stay_text(tmp_path):
    graph = gc.load(folder(tmp_path, relations=RELATIONS.replace(",x\n", ',"=HYPERLINK(""http://x"")"\n')))
    assert graph.relations["notes"].tolist()[1] == '=HYPERLINK("http://x")'


def test_a_byte_order_mark_and_crlf_read_as_plain(tmp_path):
    graph = gc.load(folder(tmp_path, "\ufeff" + ACTORS.replace("\n", "\r\n"),
                           "\ufeff" + RELATIONS.replace("\n", "\r\n")))
    assert graph.actors["id"].tolist() == ["A", "B", "007", "C"]
    assert graph.relations["notes"].tolist() == ["hi", "x", "y"]


def test_a_bad_byte_mid_file_is_reported_with_its_line(tmp_path):
    raw = RELATIONS.encode().replace(b"A,C,meets,2020,y", b"A,C,meets,2020,caf\xe9")
    (problem,) = errors(folder(tmp_path, relations=raw))
    assert problem.line == 4 and "not UTF-8 text: byte 0xe9" in problem.message
    assert problem.hint == "re-save the file as UTF-8 CSV"


@pytest.mark.parametrize("text", ["", "\n", "\r\n\r\n", "\ufeff"])
def test_an_empty_file_is_reported(tmp_path, text):
    (problem,) = errors(folder(tmp_path, actors=text))
    assert problem.file.endswith("actors.csv") and problem.line == 1
    assert problem.message == "the file is empty"


def test_a_header_only_relations_file_is_a_dataset_without_relations(tmp_path):
    graph = gc.load(folder(tmp_path, relations="source,target,type,date\n"))
    assert len(graph.relations) == 0 and len(graph.actors) == 4


def test_a_header_naming_a_column_twice_is_refused_with_both_places(tmp_path):
    (problem,) = errors(folder(tmp_path, actors=ACTORS.replace("id,name,type,country", "id,name,type,name")))
    assert problem.line == 1
    assert problem.message == "column 'name' is named twice in the header (columns 2, 4)"


def test_blank_lines_hold_no_row_and_keep_the_lines_right(tmp_path):
    relations = RELATIONS.replace("A,B,meets", "\n\nA,B,meets").replace("A,C,meets,2020,y",
                                                                    "A,C,meets,2020-13,y")
    (problem,) = errors(folder(tmp_path, relations=relations + "\n\n"))
    assert (problem.line, problem.field) == (6, "date")


def test_an_unknown_column_is_kept_not_dropped(tmp_path):
    relations = (RELATIONS.replace("date,notes", "date,notes,region").replace(",hi\n", ",hi,north\n")
                 .replace(",x\n", ",x,\n").replace(",y\n", ",y,south\n"))
    graph = gc.load(folder(tmp_path, relations=relations))
    assert graph.relations["region"].tolist()[0] == "north"


def test_a_metadata_file_that_is_not_a_mapping_is_reported(tmp_path):
    path = folder(tmp_path)
    (path / "dataset.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    (problem,) = errors(path)
    assert problem.file.endswith("dataset.yaml") and problem.line == 1


def test_a_metadata_file_with_a_misspelt_section_is_reported(tmp_path):
    path = folder(tmp_path)
    (path / "dataset.yaml").write_text("dataset: {id: x}\nrelation_type: []\n", encoding="utf-8")
    (problem,) = errors(path)
    assert problem.line == 2 and problem.hint == "did you mean 'relation_types'?"
