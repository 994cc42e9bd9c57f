"""What the extractor refuses, cleanly: empty, huge, binary or non-UTF-8 input, bad arguments."""

from __future__ import annotations

import pytest

import graphlib_conflict as gc
from graphlib_conflict.extract import Lexicon, _text, extract
from graphlib_conflict.extract._lexicon import noun_forms, verb_forms


@pytest.mark.parametrize(("text", "message"), [
    ("", "the article is empty"),
    (" \n\t ", "the article is empty"),
    (b"caf\xe9 au lait", r"not UTF-8 text: byte 0xe9 at offset 3"),
    ("Turkey\x00 urged Russia.", r"control character \(U\+0000\) at line 1, column 7"),
    ("one\ntwo\x1b[31m", r"line 2, column 4"),
    (12, "must be text"),
])
def test_bad_text_is_a_clear_error(default_graph, text, message):
    with pytest.raises(gc.ParameterError, match=message):
        extract(text, default_graph, date="2020-02-04")


def test_huge_text_is_refused(default_graph, monkeypatch):
    monkeypatch.setattr(_text, "MAX_CHARS", 100)
    with pytest.raises(gc.ParameterError, match="too long: 101 characters, the limit is 100"):
        extract("x" * 101, default_graph, date="2020-02-04")


def test_utf8_bytes_and_bom_are_read(default_graph):
    result = extract("\ufeffTurkey urged Russia to act.".encode(), default_graph, date="2020-02-04")
    assert [(c.source, c.target) for c in result] == [("TUR", "RUS")]


def test_text_without_cues_or_actors_gives_nothing(default_graph):
    result = extract("Il pleut. " * 50, default_graph, date="2020-02-04")
    assert (result.candidates, result.skipped) == ((), ())
    assert "0 candidates" in str(result)


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"date": "2020-02"}, gc.DateError, "a single day is needed"),
    ({"date": "soon"}, gc.DateError, "cannot read date"),
    ({"date": "2020-02-04", "source": "two words"}, gc.ParameterError, "white space"),
    ({"date": "2020-02-04", "source": ""}, gc.ParameterError, "non-empty source id"),
])
def test_bad_arguments(default_graph, kwargs, error, message):
    with pytest.raises(error, match=message):
        extract("Turkey urged Russia.", default_graph, **kwargs)


def test_graph_must_be_a_graph():
    with pytest.raises(gc.ParameterError, match="must be a ConflictGraph"):
        extract("Turkey urged Russia.", "graphs/syria_idlib.yaml", date="2020-02-04")  # type: ignore[arg-type]


def test_missing_spacy_names_the_install_command(default_graph, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_spacy(name, *args, **kwargs):
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError("No module named 'spacy'")
        return real_import(name, *args, **kwargs)

    _text.nlp.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_spacy)
    try:
        with pytest.raises(gc.OptionalDependencyError, match=r'pip install "graphlib_conflict\[extract\]"'):
            extract("Turkey urged Russia.", default_graph, date="2020-02-04")
    finally:
        monkeypatch.undo()
        _text.nlp.cache_clear()


def test_paragraphs_and_quotes_split_sentences():
    text = 'Headline Without A Stop\n\nHe said: "We will respond." Then he left.'
    sentences = _text.read_article(text)
    assert [s.text_of(text) for s in sentences] == [
        "Headline Without A Stop", 'He said: "We will respond."', "Then he left."]
    assert all(text[t.start:t.end] == t.text for s in sentences for t in s.tokens)


@pytest.mark.parametrize(("verb", "forms"), [
    ("attack", {"attack", "attacks", "attacked", "attacking"}),
    ("bombard", {"bombards", "bombarded", "bombarding"}),
    ("strike", {"struck", "strikes", "striking"}),
    ("urge", {"urges", "urged", "urging"}),
    ("patrol jointly", {"patrolled jointly", "patrolling jointly"}),
    ("jointly ^patrol", {"jointly patrolled"}),
    ("besiege", {"besieged", "besieging"}),
    ("ally with", {"allied with", "allies with"}),
])
def test_verb_forms(verb, forms):
    assert forms <= verb_forms(verb)


def test_noun_forms():
    assert noun_forms("cease-fire") == ("cease-fire", "cease-fires")
    assert noun_forms("air strike") == ("air strike", "air strikes")
    assert noun_forms("talks") == ("talks",)


def test_shipped_lexicon_covers_the_issue_cues():
    lex = Lexicon.default()
    words = {cue.id: cue.forms() for cue in lex.cues}
    every = {f for forms in words.values() for part in forms.values() for f in part}
    for word in ("back", "support", "agree", "cease-fire", "patrol jointly", "attack", "bombard", "kill",
                 "retaliate", "urge", "demand", "accuse", "threaten", "besiege", "clash", "backed"):
        assert word in every, word
    vocab = gc.Vocabulary.default().relation_types.index
    assert all(c.type in vocab or c.type == "besieges" for c in lex.cues)
    assert lex.countries["TUR"].capital == "Ankara" and "Turkish" in lex.countries["TUR"].demonyms


@pytest.mark.parametrize(("data", "message"), [
    ({"cues": [{"id": "x", "type": "attacks"}]}, r"cues\[0\] \(id 'x'\): no words"),
    ({"cues": [{"id": "x", "type": "attacks", "verbs": ["hit"], "strength": 1}]},
     r"unknown field 'strength'"),
    ({"cues": [{"id": "x", "type": "attacks", "verbs": ["hit"], "object_preps": [True]}]},
     "put it in quotes"),
    ({"cues": [{"type": "attacks", "verbs": ["hit"]}]}, r"cues\[0\]\.id: missing"),
    ({"negatorz": ["never"]}, "unknown section 'negatorz' — did you mean 'negators'"),
    ({"cues": [{"id": "x", "type": "attacks", "verbs": ["hit"], "confidence": "sure"}]},
     "not one of high, medium, low"),
])
def test_lexicon_problems_are_reported(data, message):
    with pytest.raises(gc.ParameterError, match=message):
        Lexicon.default().extend(data)


def test_lexicon_file_problems_name_the_file(tmp_path):
    bad = tmp_path / "cues.yaml"
    bad.write_text("cues: [\n", encoding="utf-8")
    with pytest.raises(gc.ParameterError, match=r"cues\.yaml:\d+: not valid YAML"):
        Lexicon.default().extend(bad)
    with pytest.raises(gc.ParameterError, match="lexicon file not found"):
        Lexicon.default().extend(tmp_path / "missing.yaml")
