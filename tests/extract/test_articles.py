"""Hand-made articles with known answers: every candidate, its type, date and confidence, exactly."""

from __future__ import annotations

import pytest

from graphlib_conflict.extract import extract
from tests.extract.conftest import ARTICLES, triples


def read(name: str, graph, **kwargs):
    return extract((ARTICLES / name).read_text(encoding="utf-8"), graph, date="2020-10-14", source="test",
                   **kwargs)


def test_caucasus_article_exactly(caucasus):
    result = read("caucasus.txt", caucasus)
    assert triples(result) == [
        # demonym + force noun on both sides; "on Monday" from Wednesday 14 October
        ("AZE_MIL", "attacks", "ARM_MIL", "2020-10-12", "high"),
        # passive with a "by" agent; "last week" keeps its uncertainty (5-11 October: the month)
        ("AZE", "attacks", "ARM_MIL", "2020-10", "high"),
        # "could strike ... if": a possible attack is a threat, and only medium
        ("ARM", "threatens", "AZE", "2020-10-14", "medium"),
        # reciprocal verb; "yesterday"
        ("AZE_MIL", "clashes", "ARM_MIL", "2020-10-13", "high"),
        # "Turkish-backed Azerbaijani forces": X-backed Y, durable, no start in the text
        ("TUR", "supports", "AZE_MIL", None, "high"),
        # coordinated objects
        ("RUS", "demands", "ARM", "2020-10-14", "high"),
        ("RUS", "demands", "AZE", "2020-10-14", "high"),
        # "would support": stated intent keeps the type at lower confidence
        ("TUR", "supports", "AZE", None, "medium"),
    ]
    reasons = {(s.text, s.reason) for s in result.skipped}
    assert ("attack", "negated by 'no plans to'") in reasons


def test_negation_drops_the_attack(caucasus):
    result = read("caucasus.txt", caucasus)
    negated = [c for c in result if "no plans" in c.quote]
    assert negated == []


def test_unknown_person_is_suggested_with_title_and_country(caucasus):
    result = read("caucasus.txt", caucasus)
    [akar] = [u for u in result.unknown_actors if u.name == "Hulusi Akar"]
    assert (akar.kind, akar.country) == ("person", "TUR")
    assert akar.suggestion == {"id": "HULUSI_AKAR", "name": "Hulusi Akar", "type": "person", "country": "TUR"}
    assert str(akar) == "Hulusi Akar: not in the dataset (person, TUR)"
    assert result.text[akar.start:akar.end] == "Hulusi Akar"
    # names the dataset knows are not suggested
    assert "Nikol Pashinyan" not in {u.name for u in result.unknown_actors}


def test_truce_article_exactly(caucasus):
    result = read("truce.txt", caucasus)
    assert triples(result) == [
        # coordinated subject of a reciprocal verb; "in Moscow" is a place, not Russia
        ("ARM", "agrees", "AZE", "2020-10-10", "high"),
        # "the two countries": the two states named before
        ("ARM", "agrees", "AZE", "2020-10-14", "medium"),
        ("AZE", "attacks", "ARM", "2020-10-13", "high"),
        # inside the quotation "we" is the speaker's side; the retaliation aims at the last attacker
        ("ARM", "threatens", "AZE", "2020-10-14", "medium"),
        # an alias (Yerevan); "since the beginning of October"
        ("AZE", "accuses", "ARM", "2020-10", "high"),
    ]
    threat = result.candidates[3]
    assert any("retaliation for AZE attacks ARM" in cue for cue in threat.cues)
    assert any("'we': the speaker 'Pashinyan'" in m["how"] for m in threat.mentions)
    assert "did not attack" not in " ".join(c.quote for c in result)


def test_every_quote_is_verbatim_with_offsets(caucasus):
    for name in ("caucasus.txt", "truce.txt"):
        result = read(name, caucasus)
        for c in result:
            assert c.evidence and c.quote == c.evidence[0].quote
            for e in c.evidence:
                assert result.text[e.start:e.end] == e.quote
                assert e.quote == e.quote.strip()


@pytest.mark.parametrize(("sentence", "expected"), [
    # passive with an agent, and a passive without one (no candidate)
    ("Syrian troops were shelled by Turkish artillery.", [("TUR_MIL", "attacks", "SYR_MIL")]),
    ("Syrian troops were shelled near Saraqeb.", []),
    # "X-backed Y" where Y is named by a plain alias
    ("Iranian-backed militants attacked Turkish posts.",
     [("IRN", "supports", "HTS"), ("HTS", "attacks", "TUR_MIL")]),
    # negation flips "accept" to a rejection
    ("Turkey did not accept Russia's explanation.", [("TUR", "accuses", "RUS")]),
    ("Ankara does not accept Moscow as a mediator.", [("TUR", "accuses", "RUS")]),
    # demonyms and capitals; relative clause
    ("Tehran, which backs Damascus, criticised Ankara.",
     [("IRN", "supports", "SYR_GOV"), ("IRN", "accuses", "TUR")]),
    # a place is not an actor; a capital inside a proper name is not one either
    ("Talks were held in Moscow.", []),
    ("The Moscow Times criticised Turkey.", []),
    # pronouns: "it" is the nearest named thing, "he" the nearest person
    ("Russia said it would support Assad.", [("RUS", "supports", "ASSAD")]),
    ("Erdogan met Putin in Sochi, and he urged him to restrain Assad.",
     [("ERDOGAN", "meets", "PUTIN"), ("ERDOGAN", "demands", "PUTIN")]),
    # "clashes between A and B", "A-B" compounds
    ("Clashes between Syrian and Turkish troops continued.", [("SYR_MIL", "clashes", "TUR_MIL")]),
    ("Russian-Iranian talks began.", [("RUS", "meets", "IRN")]),
])
def test_single_sentences(default_graph, sentence, expected):
    result = extract(sentence, default_graph, date="2020-02-04")
    assert sorted((c.source, c.type, c.target) for c in result) == sorted(expected)


@pytest.mark.parametrize(("sentence", "date"), [
    ("Turkey attacked Syrian forces on Monday.", "2020-02-03"),
    ("Turkey attacked Syrian forces on Tuesday.", "2020-02-04"),
    ("Turkey attacked Syrian forces yesterday.", "2020-02-03"),
    ("Turkey attacked Syrian forces last month.", "2020-01"),
    ("Turkey attacked Syrian forces last week.", "2020"),
    ("Turkey attacked Syrian forces two days ago.", "2020-02-02"),
    ("Turkey attacked Syrian forces on 28 January.", "2020-01-28"),
    ("Turkey attacked Syrian forces in December.", "2019-12"),
    ("Turkey attacked Syrian forces in 2018.", "2018"),
    ("Turkey attacked Syrian forces.", "2020-02-04"),
])
def test_relative_dates(default_graph, sentence, date):
    [candidate] = extract(sentence, default_graph, date="2020-02-04").candidates
    assert candidate.date == date


def test_durable_relation_takes_its_start_from_since(default_graph):
    [c] = extract("Russia has backed Assad since 2015.", default_graph, date="2020-02-04").candidates
    assert (c.type, c.start, c.date) == ("supports", "2015", None)


def test_modality_and_confidence_reasons(default_graph):
    certain, = extract("Turkey attacked Syrian forces.", default_graph, date="2020-02-04").candidates
    possible, = extract("Turkey could attack Syrian forces.", default_graph, date="2020-02-04").candidates
    intended, = extract("Turkey will attack Syrian forces if they advance.", default_graph,
                        date="2020-02-04").candidates
    assert (certain.type, possible.type, intended.type) == ("attacks", "threatens", "threatens")
    # the stated threat is the fact (no loss); a possible one is weaker
    assert certain.score == intended.score > possible.score
    assert "possible" in possible.reason
    assert any("'will'" in cue and "threatens" in cue for cue in intended.cues)


def test_every_candidate_says_which_cue_and_mentions_made_it(default_graph):
    [c] = extract("Ankara blamed the attack on Russian-backed Syrian troops.", default_graph,
                  date="2020-02-04").candidates[1:]
    assert (c.source, c.type, c.target) == ("TUR", "accuses", "SYR_MIL")
    assert c.cues[0].startswith("cue 'blamed': accuse → accuses (CAMEO 11)")
    roles = {m["role"]: (m["text"], m["actor"]) for m in c.mentions}
    assert roles == {"source": ("Ankara", "TUR"), "target": ("Russian-backed Syrian troops", "SYR_MIL")}


def test_existing_relations_are_marked(default_graph):
    result = extract("Turkey urged Russia on Tuesday to rein in Syrian forces.", default_graph,
                     date="2020-02-04", source="mt-2020-02-04")
    [c] = result.candidates
    assert c.existing == ("tur-demands-rus-2020-02-04",)
    assert c.id == "tur-demands-rus-2020-02-04-2"
    assert result.source_known
    assert result.selected() == []
    assert result.selected(include_existing=True) == [c]


def test_user_lexicon_adds_a_cue(default_graph, tmp_path):
    lexicon = tmp_path / "cues.yaml"
    lexicon.write_text('cues:\n  - {id: pound, type: attacks, cameo: "19", verbs: [pound]}\n',
                       encoding="utf-8")
    text = "Syrian artillery pounded Turkish posts."
    assert extract(text, default_graph, date="2020-02-04").candidates == ()
    [c] = extract(text, default_graph, date="2020-02-04", lexicon=lexicon).candidates
    assert (c.source, c.type, c.target) == ("SYR_MIL", "attacks", "TUR_MIL")
    assert c.cues[0].startswith("cue 'pounded': pound → attacks")


def test_type_missing_from_the_vocabulary_falls_back_by_cameo(caucasus):
    [c] = extract("Azerbaijani forces besieged Armenian troops.", caucasus, date="2020-10-14").candidates
    assert c.type == "attacks"
    assert any("CAMEO 17 → attacks" in cue for cue in c.cues)
