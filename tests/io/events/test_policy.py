"""The sign policy: shipped rules, the vocabulary's CAMEO roots, overrides and their problems."""

from __future__ import annotations

import pytest

from graphlib_conflict.io.events import EventImportError, EventPolicy, default_policy_path, read_gdelt
from graphlib_conflict.vocabulary import Vocabulary

SAMPLE = "gdelt2_idlib.export.CSV"


def _cameo(policy: EventPolicy) -> dict[str, str | None]:
    return {r.code_prefix: r.type for r in policy.rules["gdelt"] if r.code_prefix}


def test_shipped_cameo_roots_agree_with_the_vocabulary():
    roots = _cameo(EventPolicy.load())
    assert sorted(roots) == [f"{n:02d}" for n in range(1, 21)]
    vocab = Vocabulary.default().relation_types
    for type_id, cameo in vocab["cameo"].items():
        for root in cameo:
            assert roots[root] == type_id, root
    assert roots["01"] is None and roots["09"] is None and roots["02"] == "meets"


def test_the_decisions_on_roots_the_vocabulary_leaves_open_are_documented():
    text = default_policy_path().read_text(encoding="utf-8")
    for root, word in (("01", "drop"), ("02", "meets"), ("09", "drop")):
        assert f'"{root}": {word}' in text


def test_a_user_policy_merges_code_by_code(fixtures, tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text('cameo:\n  codes:\n    "01": meets\n    "0874": {type: agrees, weight: 0.25}\n',
                    encoding="utf-8")
    policy = EventPolicy.load(path)
    roots = _cameo(policy)
    assert roots["01"] == "meets" and roots["19"] == "clashes" and roots["0874"] == "agrees"
    assert policy.files == (str(default_policy_path()), str(path))
    result = read_gdelt(fixtures / SAMPLE, policy=path, progress=False)
    assert result.counts["dropped"] == 0
    rel = result.graph.relations.set_index("id")
    # the statement of line 12 now weighs |0.0| / 10: it counts, with no weight
    assert rel.loc["gdelt-SYR-meets-TUR-2020-02", ["events", "weight"]].tolist() == [1, 0.0]


@pytest.mark.parametrize(("text", "message"), [
    ('cameo:\n  codes:\n    "19": fightz\n', r"policy\.yaml:3: CAMEO 19: unknown relation type 'fightz'"),
    ('cameo:\n  codes:\n    "19": alliance\n', r"policy\.yaml:3: CAMEO 19: 'alliance' is an alignment type"),
    ('cameo:\n  codes:\n    "1x9": attacks\n', r"policy\.yaml:3: '1x9' is not a CAMEO event code"),
    ("duplicates:\n  gdelt: [day, actor]\n",
     r"policy\.yaml:2: duplicate key \['day', 'actor'\] is not usable"),
    ("aggregate:\n  weight: median\n", r"aggregate weight 'median' is not understood"),
    ("acled:\n  rules:\n    - {event_type: Battles, type: clashes, weight: -1}\n",
     r"'-1' is not a usable number"),
    ("cameo: [1, 2]\n", r"`cameo` must be a mapping"),
    ("unknown: 1\n", r"unknown policy section 'unknown'"),
])
def test_policy_problems_name_file_and_line(fixtures, tmp_path, text, message):
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EventImportError, match=message):
        read_gdelt(fixtures / SAMPLE, policy=path, progress=False)


def test_a_dataset_type_can_be_named_when_importing_into_it(fixtures, idlib, tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text('cameo:\n  codes:\n    "191": besieges\n', encoding="utf-8")
    with pytest.raises(EventImportError, match="unknown relation type 'besieges'"):
        read_gdelt(fixtures / SAMPLE, policy=path, progress=False)
    rel = read_gdelt(fixtures / "gdelt_daily", policy=path, into=idlib, progress=False).graph.relations
    assert "gdelt-TUR_MIL-clashes-SYR_MIL-2020-03" not in set(rel["id"])
    assert "gdelt-SYR_MIL-clashes-TUR_MIL-2020-03" in set(rel["id"])  # 195 is not 191


def test_mean_weights_and_one_quote(fixtures, tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text("aggregate:\n  weight: mean\n  evidence: 1\n", encoding="utf-8")
    rel = read_gdelt(fixtures / SAMPLE, policy=path, progress=False).graph.relations.set_index("id")
    clash = rel.loc["gdelt-SYR_MIL-clashes-TUR_MIL-2020-02"]
    assert (clash["weight"], clash["weight_sum"], clash["weight_mean"]) == (1.0, 2.0, 1.0)
    assert len(clash["evidence"]) == 1
