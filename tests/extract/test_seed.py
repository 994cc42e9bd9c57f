"""Measured, not asserted: the extractor against the relations hand-coded from the founding report.

The figures and the matching rule are in docs/extraction.md; ``benchmarks/eval_extract.py`` prints
them with the misses. These thresholds fail if the extractor regresses.
"""

from __future__ import annotations

from graphlib_conflict.extract import evaluate, extract

SOURCE = "mt-2020-02-04"


def test_seed_recall_and_precision(seed_text, default_graph):
    result = extract(seed_text, default_graph, date="2020-02-04", source=SOURCE)
    score = evaluate(result, default_graph, source=SOURCE)
    assert score.recall >= 0.8, str(score)
    assert score.precision >= 0.7, str(score)
    assert score.candidate_precision >= 0.7, str(score)
    assert score.typed_recall >= 0.6, str(score)


def test_seed_quotes_are_verbatim(seed_text, default_graph):
    result = extract(seed_text, default_graph, date="2020-02-04", source=SOURCE)
    assert len(result) >= 10
    for candidate in result:
        for evidence in candidate.evidence:
            assert seed_text[evidence.start:evidence.end] == evidence.quote


def test_seed_key_readings(seed_text, default_graph):
    result = extract(seed_text, default_graph, date="2020-02-04", source=SOURCE)
    found = {(c.source, c.type, c.target, c.date) for c in result}
    # the headline demand, dated "on Tuesday"; the killing, "a day after", by passive and attribution
    assert ("TUR", "demands", "RUS", "2020-02-04") in found
    assert ("SYR_MIL", "attacks", "TUR_MIL", "2020-02-03") in found
    # "Russian-backed Syrian troops"; the threat "if they continue"
    assert ("RUS", "supports", "SYR_MIL", None) in found
    assert ("TUR", "threatens", "SYR_GOV", "2020-02-04") in found
    # a text that names no new actor suggests only the newspaper
    assert [u.name for u in result.unknown_actors] == ["The Moscow Times"]
