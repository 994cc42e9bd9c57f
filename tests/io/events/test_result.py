"""The summary an import gives back, and the arguments it refuses."""

from __future__ import annotations

import pytest

from graphlib_conflict.exceptions import ParameterError
from graphlib_conflict.io.events import read_events, read_gdelt

SAMPLE = "gdelt2_idlib.export.CSV"


def test_summary_text_table_and_data(fixtures, idlib):
    result = read_gdelt(fixtures / SAMPLE, into=idlib, progress=False)
    text = str(result)
    assert text.startswith("GDELT import: 1 file, 20 rows read")
    assert "imported                8 events -> 7 relations (by month)" in text
    assert "too few columns: 1" in text and "repeated report: 1" in text and "CAMEO 01: 1" in text
    assert f"first reject: {fixtures / SAMPLE}:3: too few columns" in text
    frame = result.to_frame()
    assert frame.columns.tolist() == ["section", "item", "count"]
    rows = {(r.section, r.item): r.count for r in frame.itertuples()}
    assert rows[("rows", "rows read")] == 20 and rows[("rejected", "impossible date")] == 1
    assert rows[("unmapped", "USAGOV [USA, GOV]")] == 1
    data = result.to_dict()
    assert data["counts"]["relations"] == 7 and data["files"][0]["rows_read"] == 20
    assert "<pre>" in result._repr_html_()


def test_the_graph_is_built_once_when_asked_for(fixtures):
    result = read_gdelt(fixtures / SAMPLE, progress=False)
    assert result._graph is None
    assert result.graph is result.graph


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"format": "gedlt"}, r"unknown event format 'gedlt'.*did you mean 'gdelt'"),
    ({"format": "gdelt", "period": "months"}, r"unknown period 'months'.*did you mean 'month'"),
    ({"format": "gdelt", "events": True}, r"need an output to write beside"),
])
def test_arguments_that_cannot_be_used(fixtures, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        read_events(fixtures / SAMPLE, progress=False, **kwargs)
