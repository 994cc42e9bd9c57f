"""The sign policy: how events become signed, weighted interactions (``data/event_policy.yaml``).

The shipped file is read with the package's line-aware safe YAML reader (every value stays the text
that was written, so CAMEO code ``01`` stays ``"01"``); a user's file is merged over it: mappings key
by key, lists replaced whole. Every problem names the file and line it comes from.

The policy becomes one small table per format (:meth:`EventPolicy.rules_frame`) that the pipeline
joins to the distinct codes of the data: the first matching rule (lowest ``priority``) decides.

Examples
--------
>>> policy = EventPolicy.load()
>>> rules = policy.rules_frame("gdelt")
>>> rules.loc[rules["code_prefix"] == "19", ["label", "type"]].to_dict("records")
[{'label': 'CAMEO 19', 'type': 'clashes'}]
>>> rules.loc[rules["code_prefix"] == "01", "type"].isna().all()  # 01 is dropped
np.True_
>>> policy.duplicates["icews"]
('event_id', 'day')
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from graphlib_conflict.io._yamlread import LDict, LList, read_yaml_text, read_yaml_tree
from graphlib_conflict.io.events._spec import EventImportError
from graphlib_conflict.problems import Problem, did_you_mean
from graphlib_conflict.vocabulary import Vocabulary

__all__ = ["DEDUPE_COLUMNS", "FORMATS", "EventPolicy", "Rule", "default_policy_path"]

FORMATS = ("gdelt", "icews", "acled", "ucdp")
"""The event formats, by the names ``read_events`` and the CLI take."""
DEDUPE_COLUMNS = ("event_id", "day", "source_code", "source_name", "target_code", "target_name",
                  "code", "subcode", "quote")
"""Staged columns a duplicate key may use."""
_SECTIONS = ("cameo", "acled", "ucdp", "duplicates", "aggregate")
_DROP = ("drop", "none", "-")
RULE_COLUMNS = ("priority", "label", "type", "weight", "code", "code_prefix", "subcode", "interaction",
                "quad_class")


def default_policy_path() -> Path:
    """The shipped sign policy file (copy it to start your own).

    Examples
    --------
    >>> default_policy_path().name
    'event_policy.yaml'
    """
    return Path(str(resources.files("graphlib_conflict").joinpath("data", "event_policy.yaml")))


@dataclass(frozen=True)
class Rule:
    """One coding rule: events it matches get ``type`` (``None``: dropped) and ``weight``."""

    priority: int
    label: str
    type: str | None
    weight: float | None
    code: str | None = None
    code_prefix: str | None = None
    subcode: str | None = None
    interaction: str | None = None
    quad_class: int | None = None
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class EventPolicy:
    """A loaded, checked sign policy.

    Attributes
    ----------
    rules : dict
        Format -> rules in priority order (GDELT and ICEWS share the CAMEO rules).
    goldstein_scale : float
        CAMEO events weigh ``|Goldstein| / goldstein_scale``.
    fatalities : dict
        Format -> ``(per_tenfold, max)`` or ``None``: deaths raise an event's weight to
        ``min(max, weight + per_tenfold * log10(1 + deaths))``.
    duplicates : dict
        Format -> staged columns whose equal values make two rows one event.
    aggregate_weight : {"sum", "mean"}
        A relation's weight: the sum or the mean of its events' weights.
    evidence : int
        Quotes kept per relation: 0, 1 (the earliest report) or 2 (the earliest and the latest).
    files : tuple of str
        The files read, shipped first.
    """

    rules: dict[str, tuple[Rule, ...]]
    goldstein_scale: float
    fatalities: dict[str, tuple[float, float] | None]
    duplicates: dict[str, tuple[str, ...]]
    aggregate_weight: str
    evidence: int
    files: tuple[str, ...]

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> EventPolicy:
        """The shipped policy, with the file at ``path`` merged over it.

        Raises
        ------
        EventImportError
            With every problem found in either file (file and line of each).
        """
        trees = [_read(default_policy_path())]
        if path is not None:
            trees.append(_read(Path(path)))
        merged = trees[0]
        for tree in trees[1:]:
            merged = _merge(merged, tree)
        return _Builder(merged).build(tuple(str(t.file) for t in trees))

    def rules_frame(self, fmt: str) -> pd.DataFrame:
        """The rules of one format as the ``policy_rules`` table (columns :data:`RULE_COLUMNS`)."""
        rows = [{c: getattr(r, c) for c in RULE_COLUMNS} for r in self.rules[fmt]]
        frame = pd.DataFrame(rows, columns=list(RULE_COLUMNS))
        return frame.astype({"priority": "int64", "weight": "float64", "quad_class": "Int64"})

    def check(self, vocabulary: Vocabulary, fmt: str) -> list[Problem]:
        """Problems with the types one format's rules name, against ``vocabulary``."""
        types = vocabulary.relation_types
        problems = []
        for rule in self.rules[fmt]:
            if rule.type is None:
                continue
            if rule.type not in types.index:
                problems.append(Problem(
                    f"{rule.label}: unknown relation type {rule.type!r}", file=rule.file, line=rule.line,
                    expected="an interaction type: " + ", ".join(vocabulary.types_in("interaction")),
                    hint=did_you_mean(rule.type, types.index) or "or `drop`"))
            elif (category := str(types.loc[rule.type, "category"])) != "interaction":
                problems.append(Problem(
                    f"{rule.label}: {rule.type!r} is a{'n' if category[0] in 'aeiou' else ''} "
                    f"{category} type; events are coded to interaction types",
                    file=rule.file, line=rule.line,
                    expected=", ".join(vocabulary.types_in("interaction"))))
        return problems


def _read(path: Path) -> Any:
    text, problems = read_yaml_text(path)
    tree = None
    if text is not None:
        tree, problems = read_yaml_tree(text, os.fspath(path))
    if problems:
        raise EventImportError(problems, summary=f"cannot read the sign policy {path}")
    if not isinstance(tree, LDict):
        raise EventImportError(Problem("a sign policy is a mapping of sections", file=os.fspath(path),
                                       line=1, expected=", ".join(_SECTIONS)))
    _tag(tree, os.fspath(path))
    return tree


def _tag(node: Any, file: str) -> None:
    """Remember the file of every mapping and list (for problems after merging)."""
    if isinstance(node, LDict):
        node.file = file  # type: ignore[attr-defined]
        node.key_files = dict.fromkeys(node, file)  # type: ignore[attr-defined]
        for value in node.values():
            _tag(value, file)
    elif isinstance(node, LList):
        node.file = file  # type: ignore[attr-defined]
        for value in node:
            _tag(value, file)


def _merge(base: Any, over: Any) -> Any:
    if not (isinstance(base, LDict) and isinstance(over, LDict)):
        return over
    out = LDict(line=over.line)
    out.file = over.file  # type: ignore[attr-defined]
    out.key_files = {}  # type: ignore[attr-defined]
    for key, value in base.items():
        out[key] = value
        out.key_lines[key] = base.key_lines.get(key)  # type: ignore[assignment]
        out.key_files[key] = base.key_files[key]  # type: ignore[attr-defined]
    for key, value in over.items():
        out[key] = _merge(base[key], value) if key in base else value
        out.key_lines[key] = over.key_lines.get(key)  # type: ignore[assignment]
        out.key_files[key] = over.key_files[key]  # type: ignore[attr-defined]
    return out


def _where(container: Any, key: str | int | None = None) -> tuple[str | None, int | None]:
    file = getattr(container, "file", None)
    if isinstance(container, LDict) and isinstance(key, str):
        return container.key_files.get(key, file), container.key_lines.get(key, container.line)  # type: ignore[attr-defined]
    if isinstance(container, LList) and isinstance(key, int) and key < len(container.item_lines):
        return file, container.item_lines[key]
    return file, getattr(container, "line", None)


class _Builder:
    def __init__(self, tree: LDict) -> None:
        self.tree = tree
        self.problems: list[Problem] = []

    def bad(self, container: Any, key: str | int | None, message: str, expected: str | None = None,
            hint: str | None = None) -> None:
        file, line = _where(container, key)
        self.problems.append(Problem(message, file=file, line=line, expected=expected, hint=hint))

    def mapping(self, container: LDict, key: str) -> LDict:
        value = container.get(key)
        if value is None:
            return LDict()
        if not isinstance(value, LDict):
            self.bad(container, key, f"`{key}` must be a mapping")
            return LDict()
        return value

    def known_keys(self, container: LDict, allowed: tuple[str, ...], what: str) -> None:
        for key in container:
            if key not in allowed:
                self.bad(container, key, f"unknown {what} {key!r}", expected=", ".join(allowed),
                         hint=did_you_mean(key, allowed))

    def number(self, container: Any, key: str | int, value: Any, *, minimum: float = 0.0,
               positive: bool = False) -> float | None:
        try:
            number = float(str(value))
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or number < minimum or (positive and number == 0):
            self.bad(container, key, f"{value!r} is not a usable number",
                     expected="a positive number" if positive else f"a number >= {minimum:g}")
            return None
        return number

    def build(self, files: tuple[str, ...]) -> EventPolicy:
        tree = self.tree
        self.known_keys(tree, (*_SECTIONS, "version"), "policy section")
        cameo = self.mapping(tree, "cameo")
        self.known_keys(cameo, ("codes", "quad_classes", "goldstein_scale"), "cameo setting")
        cameo_rules = self.cameo_rules(cameo)
        scale = self.number(cameo, "goldstein_scale", cameo.get("goldstein_scale", "10"), positive=True)
        rules: dict[str, tuple[Rule, ...]] = {"gdelt": cameo_rules, "icews": cameo_rules}
        fatalities: dict[str, tuple[float, float] | None] = {"gdelt": None, "icews": None}
        for fmt, fields in (("acled", ("event_type", "sub_event_type", "interaction")),
                            ("ucdp", ("type_of_violence",))):
            section = self.mapping(tree, fmt)
            self.known_keys(section, ("rules", "fatalities"), f"{fmt} setting")
            rules[fmt] = self.table_rules(section, fmt, fields)
            fatalities[fmt] = self.fatalities(section)
        duplicates = self.duplicates(self.mapping(tree, "duplicates"))
        aggregate = self.mapping(tree, "aggregate")
        self.known_keys(aggregate, ("weight", "evidence"), "aggregate setting")
        weight = str(aggregate.get("weight") or "sum")
        if weight not in ("sum", "mean"):
            self.bad(aggregate, "weight", f"aggregate weight {weight!r} is not understood",
                     expected="sum or mean")
        evidence = self.number(aggregate, "evidence", aggregate.get("evidence", "2"))
        if evidence is not None and evidence not in (0, 1, 2):
            self.bad(aggregate, "evidence", f"{aggregate.get('evidence')!r} quotes per relation",
                     expected="0, 1 (the earliest report) or 2 (the earliest and the latest)")
        if self.problems:
            raise EventImportError(self.problems, summary="the sign policy has problems")
        return EventPolicy(rules=rules, goldstein_scale=float(scale or 10.0), fatalities=fatalities,
                           duplicates=duplicates, aggregate_weight=weight, evidence=int(evidence or 0),
                           files=files)

    def action(self, container: Any, key: str | int, value: Any) -> tuple[str | None, float | None, bool]:
        """(type, weight, ok) of a rule's value: a type, ``drop``, or {type, weight}."""
        weight = None
        if isinstance(value, LDict):
            self.known_keys(value, ("type", "weight"), "field")
            if value.get("weight") is not None:
                weight = self.number(value, "weight", value["weight"])
            value = value.get("type")
        if value is None or not isinstance(value, str) or not value.strip():
            self.bad(container, key, "a rule needs a type (or `drop`)",
                     expected="an interaction type such as attacks, or drop")
            return None, None, False
        kind = value.strip()
        return (None if kind.lower() in _DROP else kind), weight, True

    def cameo_rules(self, cameo: LDict) -> tuple[Rule, ...]:
        out: list[Rule] = []
        codes = self.mapping(cameo, "codes")
        for code, value in codes.items():
            if not re.fullmatch(r"\d{2,4}", code):
                self.bad(codes, code, f"{code!r} is not a CAMEO event code",
                         expected='two to four digits, quoted: "01", "190", "0874"')
                continue
            kind, weight, ok = self.action(codes, code, value)
            if ok:
                file, line = _where(codes, code)
                out.append(Rule(10 - len(code), f"CAMEO {code}", kind, weight, code_prefix=code,
                                file=file, line=line))
        quads = self.mapping(cameo, "quad_classes")
        for quad, value in quads.items():
            if quad not in ("1", "2", "3", "4"):
                self.bad(quads, quad, f"QuadClass {quad!r} does not exist", expected="1, 2, 3 or 4")
                continue
            kind, weight, ok = self.action(quads, quad, value)
            if ok:
                file, line = _where(quads, quad)
                out.append(Rule(100 + int(quad), f"QuadClass {quad}", kind, weight,
                                quad_class=int(quad), file=file, line=line))
        return tuple(sorted(out, key=lambda r: (r.priority, r.label)))

    def table_rules(self, section: LDict, fmt: str, fields: tuple[str, ...]) -> tuple[Rule, ...]:
        items = section.get("rules")
        if items is None:
            return ()
        if not isinstance(items, LList):
            self.bad(section, "rules", f"`{fmt}.rules` must be a list of rules")
            return ()
        out: list[Rule] = []
        for pos, item in enumerate(items):
            if not isinstance(item, LDict):
                self.bad(items, pos, "each rule must be a mapping",
                         expected=f"{{{fields[0]}: ..., type: ...}}")
                continue
            self.known_keys(item, (*fields, "type", "weight"), "rule field")
            first = item.get(fields[0])
            if not isinstance(first, str) or not first.strip():
                self.bad(items, pos, f"a rule needs `{fields[0]}`")
                continue
            kind, _, ok = self.action(item, "type", item.get("type"))
            weight = self.number(item, "weight", item["weight"]) if item.get("weight") is not None else None
            if not ok:
                continue
            sub = item.get("sub_event_type") if "sub_event_type" in fields else None
            interactions: list[str | None] = [None]
            if item.get("interaction") is not None:
                raw = item["interaction"]
                interactions = [str(v).strip() for v in (raw if isinstance(raw, LList) else [raw])]
                for value in interactions:
                    if not re.fullmatch(r"\d{2}", value or ""):
                        self.bad(item, "interaction", f"interaction {value!r} is not an ACLED code",
                                 expected='two digits such as "12" (lower actor-type code first)')
            label = (f"ACLED {first.strip()}" + (f" / {sub.strip()}" if isinstance(sub, str) else "")
                     + (f" (interaction {', '.join(i for i in interactions if i)})"
                        if interactions != [None] else "")
                     if fmt == "acled" else f"UCDP type_of_violence {first.strip()}")
            file, line = _where(items, pos)
            for interaction in interactions:
                out.append(Rule(pos, label, kind, weight, code=first.strip().lower(),
                                subcode=sub.strip().lower() if isinstance(sub, str) else None,
                                interaction=interaction, file=file, line=line))
        return tuple(out)

    def fatalities(self, section: LDict) -> tuple[float, float] | None:
        value = section.get("fatalities")
        if value is None or (isinstance(value, str) and value.strip().lower() in _DROP):
            return None
        if not isinstance(value, LDict):
            self.bad(section, "fatalities", "`fatalities` must be none or {per_tenfold, max}")
            return None
        self.known_keys(value, ("per_tenfold", "max"), "fatalities setting")
        step = self.number(value, "per_tenfold", value.get("per_tenfold", "0"))
        cap = self.number(value, "max", value.get("max", "1"), positive=True)
        return None if step is None or cap is None else (step, cap)

    def duplicates(self, section: LDict) -> dict[str, tuple[str, ...]]:
        self.known_keys(section, FORMATS, "format")
        out: dict[str, tuple[str, ...]] = {}
        for fmt in FORMATS:
            value = section.get(fmt)
            columns = [str(v) for v in value] if isinstance(value, LList) else (
                [value] if isinstance(value, str) else ["event_id"])
            bad = [c for c in columns if c not in DEDUPE_COLUMNS]
            if bad or not columns:
                self.bad(section, fmt, f"duplicate key {columns!r} is not usable",
                         expected="a list of " + ", ".join(DEDUPE_COLUMNS),
                         hint=did_you_mean(bad[0], DEDUPE_COLUMNS) if bad else None)
                columns = ["event_id"]
            out[fmt] = tuple(columns)
        return out
