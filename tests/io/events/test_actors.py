"""Actor resolution: the user's mapping table, country and role, new actors."""

from __future__ import annotations

import pytest

from graphlib_conflict.io.events import EventImportError, read_gdelt, write_unmapped
from graphlib_conflict.io.events._actors import ActorRules

SAMPLE = "gdelt2_idlib.export.CSV"


def test_a_csv_mapping_comes_first(fixtures, idlib, tmp_path):
    mapping = tmp_path / "actors.csv"
    mapping.write_text("source,actor,format\nSYRREB,HTS,gdelt\nUSAGOV,-,\nSYRREB,SYR_GOV,acled\n",
                       encoding="utf-8")
    result = read_gdelt(fixtures / SAMPLE, into=idlib, actors=mapping, progress=False)
    table = result.actor_map.set_index("code")
    assert table.loc["SYRREB", ["actor", "rule"]].tolist() == ["HTS", "mapping"]
    assert table.loc["USAGOV", ["actor", "rule"]].tolist() == ["", "ignored"]
    assert result.counts["ignored"] == 1 and result.counts["unmapped"] == 0
    assert "gdelt-HTS-clashes-TUR_MIL-2020-02" in set(result.graph.relations["id"])


def test_a_yaml_mapping_in_both_shapes(fixtures, idlib, tmp_path):
    flat = tmp_path / "flat.yaml"
    flat.write_text("USAGOV: TUR\n", encoding="utf-8")
    listed = tmp_path / "listed.yaml"
    listed.write_text("- {source: usagov, actor: TUR}\n", encoding="utf-8")
    for path in (flat, listed):
        result = read_gdelt(fixtures / SAMPLE, into=idlib, actors=path, progress=False)
        assert result.actor_map.set_index("code").loc["USAGOV", "actor"] == "TUR"
        assert result.counts["same_actor"] == 2  # the US-Turkey event now has Turkey at both ends


@pytest.mark.parametrize(("text", "message"), [
    ("source,actor\nUSAGOV,USA_GOV\n", r"actors\.csv:2: unknown actor 'USA_GOV' for 'USAGOV'"),
    ("source,actor\nUSAGOV,TUR\nusagov,RUS\n",
     r"actors\.csv:3: 'usagov' is mapped twice \(first on line 2\)"),
    ("code,id\nUSAGOV,TUR\n", r"needs the columns `source` and `actor`"),
])
def test_mapping_problems_name_the_line(fixtures, idlib, tmp_path, text, message):
    path = tmp_path / "actors.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EventImportError, match=message):
        read_gdelt(fixtures / SAMPLE, into=idlib, actors=path, progress=False)


def test_unmapped_actors_can_be_kept_as_new_actors(fixtures, idlib):
    result = read_gdelt(fixtures / SAMPLE, into=idlib, keep_unmapped=True, progress=False)
    assert result.counts["unmapped"] == 0 and result.counts["new_actors"] == 1
    usa = result.graph.actors.set_index("id").loc["USA"]
    assert (usa["name"], usa["type"], usa["country"]) == ("United States", "state", "USA")
    assert "gdelt-TUR-agrees-USA-2020-02" in set(result.graph.relations["id"])  # undirected: in id order


def test_unmapped_list_is_a_mapping_to_fill_in(fixtures, idlib, tmp_path):
    result = read_gdelt(fixtures / SAMPLE, into=idlib, progress=False)
    path = tmp_path / "unmapped.csv"
    write_unmapped(result, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "source,actor,code,name,label,country,role,events"
    assert lines[1] == "USAGOV,,USAGOV,,UNITED STATES,USA,GOV,1"
    path.write_text(lines[0] + "\n" + lines[1].replace("USAGOV,,", "USAGOV,TUR,", 1) + "\n", encoding="utf-8")
    again = read_gdelt(fixtures / SAMPLE, into=idlib, actors=path, progress=False)
    assert again.actor_map.set_index("code").loc["USAGOV", "actor"] == "TUR"


@pytest.mark.parametrize(("text", "iso"), [
    ("Russian Federation", "RUS"), ("Russia (Soviet Union)", "RUS"),
    ("the Democratic Republic of Congo", "COD"), ("Occupied Palestinian Territory", "PSE"),
    ("Moldova, Republic of", "MDA"), ("TUR", "TUR"), ("Atlantis", None), ("AFR", None),
])
def test_country_names(text, iso):
    assert ActorRules.shipped().country(text) == iso
