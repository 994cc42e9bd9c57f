"""What an import gives back: the graph (built when first asked for) and the summary of every row."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.io.events._writers import write_rejects

__all__ = ["COUNT_NAMES", "ImportResult"]

COUNT_NAMES = {
    "rows_read": "rows read",
    "rejected": "rejected (malformed)",
    "duplicates": "duplicates",
    "already_imported": "already imported",
    "one_sided": "one-sided (no second actor)",
    "dropped": "dropped by the sign policy",
    "ignored": "ignored by the actor mapping",
    "unmapped": "with an unmapped actor",
    "same_actor": "both ends one actor",
    "imported": "imported",
    "relations": "relations made",
    "new_actors": "new actors",
}
"""The counts of :attr:`ImportResult.counts`, and what they are called in the summary."""


@dataclass
class ImportResult:
    """An import's graph and its summary.

    Every row read is counted once, under the first of: rejected, duplicate, already imported,
    one-sided, dropped by the policy, ignored by the mapping, unmapped actor, same actor, imported.

    Attributes
    ----------
    format : str
        ``gdelt``, ``icews``, ``acled`` or ``ucdp``.
    period : str
        The aggregation period.
    counts : dict
        ``rows_read``, ``rejected``, ``duplicates``, ``already_imported``, ``one_sided``, ``dropped``,
        ``ignored``, ``unmapped``, ``same_actor``, ``imported`` (events), ``relations`` (made from
        them, including events imported before into the same dataset), ``new_actors``.
    rejected : dict
        Reason -> rows rejected ("too few columns", "stray quote", "impossible date", ...).
    duplicates : dict
        Kind -> duplicates ("same event id", "repeated report", "already imported").
    dropped : dict
        Policy rule -> events it dropped ("CAMEO 01", "no event code", ...).
    resolution : dict
        Rule -> event ends resolved by it ("id", "alias", "country+role", "mapping", "new actor").
    files : pandas.DataFrame
        ``file``, ``layout``, ``rows_read``, ``rejected``: one row per file read.
    rejects : pandas.DataFrame
        ``file``, ``line`` (1-based physical line, the header being line 1), ``reason``, ``message``,
        ``text`` (the raw line): one row per rejected row.
    unmapped : pandas.DataFrame
        ``code``, ``name``, ``label``, ``country``, ``role``, ``events`` (events kept out), ``hint``:
        the source actors no rule mapped, most frequent first; extend the mapping with them.
    new_actors : pandas.DataFrame
        ``id``, ``name``, ``type``, ``country``, ``events``: actors kept from the data.
    actor_map : pandas.DataFrame
        Every distinct source actor: ``code``, ``name``, ``label``, ``country``, ``role``, ``events``
        (rows it appears in, either side), ``actor`` (the actor it maps to; ``None`` unmapped, ``""``
        ignored) and ``rule`` (``mapping``, ``id``, ``alias``, ``country+role``, ``new actor``,
        ``ignored``, ``unmapped``).
    relations_table : pyarrow.Table or None
        This import's aggregated relations, in no particular order (:attr:`graph` has them by id);
        ``None`` when they went straight to a Parquet output.
    written : dict
        What was written where: ``dataset``, ``events``, ``rejects``.
    policy_files : tuple of str
        The sign policy files used.
    """

    format: str
    period: str
    counts: dict[str, int]
    rejected: dict[str, int]
    duplicates: dict[str, int]
    dropped: dict[str, int]
    resolution: dict[str, int]
    files: pd.DataFrame
    rejects: pd.DataFrame
    unmapped: pd.DataFrame
    new_actors: pd.DataFrame
    actor_map: pd.DataFrame
    relations_table: Any
    written: dict[str, str]
    policy_files: tuple[str, ...]
    _build: Callable[[], ConflictGraph] = field(repr=False)
    _graph: ConflictGraph | None = field(default=None, repr=False)

    @property
    def graph(self) -> ConflictGraph:
        """The resulting graph: built (and checked) on first access, then kept.

        A graph written straight to Parquet (``output="x.parquet"``) is read back from that file.
        """
        if self._graph is None:
            self._graph = self._build()
        return self._graph

    def to_frame(self) -> pd.DataFrame:
        """The summary as a table: ``section``, ``item``, ``count``.

        Sections: ``rows`` (every count), ``rejected`` (by reason), ``duplicates`` (by kind),
        ``dropped`` (by rule), ``resolution`` (by rule), ``unmapped`` (by actor).
        """
        rows: list[tuple[str, str, int]] = [("rows", COUNT_NAMES[k], int(v)) for k, v in self.counts.items()]
        for section, values in (("rejected", self.rejected), ("duplicates", self.duplicates),
                                ("dropped", self.dropped), ("resolution", self.resolution)):
            rows += [(section, str(k), int(v)) for k, v in values.items()]
        rows += [("unmapped", _actor_label(r), int(r["events"])) for r in self.unmapped.to_dict("records")]
        return pd.DataFrame(rows, columns=["section", "item", "count"])

    def to_dict(self) -> dict[str, Any]:
        """The summary as plain data (for JSON)."""
        return {
            "format": self.format, "period": self.period, "counts": dict(self.counts),
            "rejected": dict(self.rejected), "duplicates": dict(self.duplicates),
            "dropped": dict(self.dropped), "resolution": dict(self.resolution),
            "files": self.files.to_dict("records"),
            "unmapped": self.unmapped.drop(columns=["hint"], errors="ignore").to_dict("records"),
            "new_actors": len(self.new_actors), "written": dict(self.written),
            "policy": list(self.policy_files),
        }

    def __str__(self) -> str:
        c = self.counts
        n_files = len(self.files)
        lines = [f"{self.format.upper()} import: {n_files} file{'s' if n_files != 1 else ''}, "
                 f"{c['rows_read']:,} rows read",
                 f"  imported        {c['imported']:>9,} events -> {c['relations']:,} relations "
                 f"(by {self.period})"]

        def line(key: str, label: str, detail: Mapping[str, int] | None = None) -> None:
            if not c.get(key):
                return
            text = f"  {label:<15} {c[key]:>9,}"
            if detail:
                text += "  (" + ", ".join(f"{k}: {v:,}" for k, v in list(detail.items())[:6]) + \
                        (", ..." if len(detail) > 6 else "") + ")"
            lines.append(text)

        line("rejected", "rejected", self.rejected)
        line("duplicates", "duplicates",
             {k: v for k, v in self.duplicates.items() if k != "already imported"})
        line("already_imported", "already imported")
        line("one_sided", "one-sided")
        line("dropped", "dropped", self.dropped)
        line("ignored", "ignored")
        line("unmapped", "unmapped actor")
        line("same_actor", "same actor")
        if c.get("new_actors"):
            lines.append(f"  new actors      {c['new_actors']:>9,}")
        if self.resolution:
            rules = ", ".join(f"{k} {v:,}" for k, v in self.resolution.items())
            lines.append(f"actor ends resolved by: {rules}")
        if not self.unmapped.empty:
            top = self.unmapped.head(8)
            lines.append(f"unmapped actors ({len(self.unmapped):,}), most events first:")
            lines += [f"  {_actor_label(r):<40} {int(r['events']):>7,}"
                      + (f"  — {r['hint']}" if isinstance(r.get("hint"), str) and r["hint"] else "")
                      for r in top.to_dict("records")]
            if len(self.unmapped) > len(top):
                lines.append(f"  ... and {len(self.unmapped) - len(top):,} more")
        if not self.rejects.empty:
            first = self.rejects.iloc[0]
            lines.append(f"first reject: {first['file']}:{first['line']}: {first['reason']}")
        for what, where in self.written.items():
            lines.append(f"wrote {what}: {where}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(str(self)) + "</pre>"

    def save_rejects(self, path: str | Path) -> None:
        """Write the rejected rows (``file, line, reason, message, text``) to a CSV file, atomically."""
        write_rejects(self.rejects, path)


def _actor_label(row: Mapping[Any, Any]) -> str:
    parts = [str(row.get(k) or "") for k in ("code", "name")]
    label = " ".join(p for p in parts if p) or str(row.get("label") or "?")
    extra = [str(row.get(k)) for k in ("country", "role") if row.get(k)]
    return label + (f" [{', '.join(extra)}]" if extra else "")
