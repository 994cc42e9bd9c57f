"""Actor resolution: the actors of event data mapped to a dataset's actors.

The pipeline collects the distinct actor keys of the data (a source's code, name, country and role,
with how many events each is in); this module maps each key to a dataset actor — a small table that
the pipeline then joins back to the events. Per key, the first rule that gives an actor wins:

1. ``mapping``: the user's table maps the key's code or name to an actor (or, with an empty actor
   or ``-``, tells the import to ignore it);
2. ``id``: the code or name is a dataset actor's id (case ignored);
3. ``alias``: the code or name is a dataset actor's name or alias (case ignored);
4. ``country+role``: the key's country and role (CAMEO ``TUR`` + ``MIL``, ICEWS "Military (Turkey)" or
   sectors, ACLED "Military Forces of Turkey (2016-)", UCDP "Government of Turkey") give the
   dataset's state of that country, its forces (the state where the dataset has none) or its
   opposition (see ``data/event_actors.yaml``);
5. otherwise the key is unmapped: listed with its event count, or kept as a new actor on request.

Examples
--------
>>> import pandas as pd
>>> actors = pd.DataFrame({"id": ["TUR", "TUR_MIL", "SYR_GOV"], "name": ["Turkey", "Turkish Armed Forces",
...     "Syria"], "type": ["state", "government_forces", "state"], "country": ["TUR", "TUR", "SYR"],
...     "aliases": [(), (), ("Damascus",)]})
>>> keys = pd.DataFrame({"code": ["TURMIL", "SYR", "TURGOV", "USA"], "name": "",
...     "role": ["MIL", "", "GOV", ""], "country": ["TUR", "SYR", "TUR", "USA"], "label": "",
...     "events": [3, 2, 1, 1]})
>>> table = resolve_actors(keys, "gdelt", ActorIndex(actors), {}, keep_unmapped=False).actor_map
>>> table[["code", "actor", "rule"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
[{'code': 'TURMIL', 'actor': 'TUR_MIL', 'rule': 'country+role'},
 {'code': 'SYR', 'actor': 'SYR_GOV', 'rule': 'country+role'},
 {'code': 'TURGOV', 'actor': 'TUR', 'rule': 'country+role'},
 {'code': 'USA', 'actor': None, 'rule': 'unmapped'}]
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from graphlib_conflict.io._yamlread import LDict, LList, line_of, read_yaml_text, read_yaml_tree
from graphlib_conflict.io.events._spec import EventImportError
from graphlib_conflict.problems import Problem, did_you_mean

__all__ = ["ActorIndex", "ActorRules", "Resolution", "load_mapping", "resolve_actors"]

KEY_COLUMNS = ("code", "name", "country", "role")


def _fold(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _data(name: str) -> Any:
    text = resources.files("graphlib_conflict").joinpath("data", name).read_text("utf-8")
    return yaml.safe_load(text)


@dataclass(frozen=True)
class ActorRules:
    """Country names and role words of ``data/event_countries.yaml`` and ``data/event_actors.yaml``."""

    countries: dict[str, str]
    country_names: dict[str, str]
    cameo_roles: dict[str, str]
    icews_names: dict[str, str]
    icews_sectors: tuple[tuple[str, frozenset[str]], ...]
    acled_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    ucdp_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    new_types: dict[str, dict[str, str]]

    @classmethod
    @cache
    def shipped(cls) -> ActorRules:
        """The shipped rules (read once)."""
        countries_doc = _data("event_countries.yaml")["countries"]
        countries: dict[str, str] = {}
        names: dict[str, str] = {}
        for iso, spellings in countries_doc.items():
            names[str(iso)] = str(spellings[0])
            for spelling in spellings:
                countries.setdefault(_fold(spelling), str(iso))
        doc = _data("event_actors.yaml")

        def words(section: Mapping[str, Any]) -> dict[str, str]:
            return {_fold(w): cls for cls, items in section.items() for w in items}

        def patterns(section: Mapping[str, Any]) -> tuple[tuple[str, re.Pattern[str]], ...]:
            return tuple((cls, re.compile(p)) for cls, items in section.items() for p in items)

        sectors = doc["icews"]["sectors"]
        return cls(
            countries=countries, country_names=names,
            cameo_roles={str(code): cls_ for cls_, codes in doc["cameo"].items() for code in codes},
            icews_names=words(doc["icews"]["names"]),
            icews_sectors=tuple((c, frozenset(_fold(w) for w in sectors[c])) for c in ("forces", "state")),
            acled_patterns=patterns(doc["acled"]["patterns"]),
            ucdp_patterns=patterns(doc["ucdp"]["patterns"]),
            new_types={fmt: {str(code): kind for kind, codes in section.items() for code in codes}
                       for fmt, section in doc["new_actor_types"].items()},
        )

    def country(self, text: str) -> str | None:
        """The ISO code of a country name or code ("Russian Federation", "Russia (Soviet Union)", "RUS").

        >>> ActorRules.shipped().country("Russia (Soviet Union)"), ActorRules.shipped().country("the Gambia")
        ('RUS', 'GMB')
        """
        if not text:
            return None
        if text in self.country_names:
            return text
        folded = _fold(text)
        if folded.startswith("the "):
            folded = folded[4:]
        found = self.countries.get(folded)
        if found is None and "(" in folded:
            found = self.countries.get(re.sub(r"\s*\(.*?\)\s*", " ", folded).strip())
        return found


class ActorIndex:
    """A dataset's actors, indexed for resolution (ids, names and aliases, states and forces by country)."""

    def __init__(self, actors: pd.DataFrame) -> None:
        self.actors = actors
        self.ids: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.by_country: dict[tuple[str, str], list[str]] = {}
        countries = actors["country"] if "country" in actors.columns else pd.Series(None, index=actors.index)
        aliases = actors["aliases"] if "aliases" in actors.columns else pd.Series([()] * len(actors))
        for actor_id, name, kind, country, alias in zip(actors["id"], actors["name"], actors["type"],
                                                        countries, aliases, strict=True):
            self.ids.setdefault(_fold(actor_id), actor_id)
            for key in (name, *(alias if isinstance(alias, (tuple, list)) else ())):
                if isinstance(key, str) and key.strip():
                    self.names.setdefault(_fold(key), actor_id)
            if isinstance(country, str) and country:
                self.by_country.setdefault((country, str(kind)), []).append(actor_id)

    def state(self, iso: str) -> str | None:
        found = self.by_country.get((iso, "state"), [])
        for pick in ([a for a in found if a == iso], [a for a in found if a.upper().endswith("_GOV")], found):
            if pick:
                return pick[0]
        return None

    def forces(self, iso: str) -> str | None:
        found = self.by_country.get((iso, "government_forces"), [])
        for pick in ([a for a in found if a.upper().endswith("_MIL")], found):
            if pick:
                return pick[0]
        return None

    def opposition(self, iso: str) -> str | None:
        found = self.by_country.get((iso, "armed_group"), [])
        for suffix in ("_OPP", "_REB", "_INS"):
            pick = [a for a in found if a.upper().endswith(suffix)]
            if pick:
                return pick[0]
        return found[0] if len(found) == 1 else None

    def suggest(self, text: str) -> str | None:
        """A hint naming the dataset actor whose name or alias is close to ``text``, if one is."""
        if len(text) < 4 or not self.names or len(self.names) > 5_000:
            return None
        close = difflib.get_close_matches(_fold(text), list(self.names), n=1, cutoff=0.8)
        if not close:
            return None
        return f"close to {self.names[close[0]]!r} ({close[0]!r}); map it if it is the same actor"


@dataclass(frozen=True)
class _Key:
    candidates: tuple[str, ...]
    iso: str | None
    role: str | None
    generic: bool
    home: str | None


def _describe(fmt: str, code: str, name: str, country: str, role: str, rules: ActorRules) -> _Key:
    """What a key says about its actor: names to look up, country, role class, and whether it is generic."""
    if fmt == "gdelt":
        iso = rules.country(country) or (rules.country(code) if len(code) == 3 else None)
        role_class = rules.cameo_roles.get(role) if iso else None
        return _Key((code,) if code else (), iso, role_class, True, iso)
    trailing = re.match(r"^(?P<word>.+?)\s*\((?P<country>[^()]+)\)$", name)
    home = rules.country(trailing["country"]) if trailing else None
    if fmt == "icews":
        iso = rules.country(country)
        if trailing and _fold(trailing["word"]) in rules.icews_names:
            return _Key((name,), home or iso, rules.icews_names[_fold(trailing["word"])], True, home or iso)
        if rules.country(name) and rules.country(name) == (iso or rules.country(name)):
            return _Key((name,), rules.country(name), "state", True, rules.country(name))
        sectors = {_fold(s) for s in role.split(",") if s.strip()}
        role_class = next((c for c, words in rules.icews_sectors if sectors & words), None)
        return _Key((name,), iso, role_class, False, iso)
    if fmt == "acled":
        plain = re.sub(r"\s*\(\d{4}-(\d{4})?\)\s*$", "", name).strip()
        candidates = [name, plain]
        if ": " in plain:
            short, long = plain.split(": ", 1)
            candidates += [short.strip(), long.strip()]
        for role_class, pattern in rules.acled_patterns:
            match = pattern.match(name)
            if match and rules.country(match["country"]):
                iso = rules.country(match["country"])
                return _Key(tuple(dict.fromkeys(candidates)), iso, role_class, True, iso)
        return _Key(tuple(dict.fromkeys(c for c in candidates if c)), None, None, False, home)
    for role_class, pattern in rules.ucdp_patterns:
        match = pattern.match(name)
        if match and rules.country(match["country"]):
            iso = rules.country(match["country"])
            return _Key((name,), iso, role_class, True, iso)
    return _Key((name,) if name else (), None, None, False, rules.country(country) or home)


@dataclass(frozen=True)
class Resolution:
    """What resolution made: the key -> actor table, the new actors, and the rules used."""

    actor_map: pd.DataFrame
    new_actors: pd.DataFrame


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "_", ascii_text).strip("_").upper()[:48] or "ACTOR"


def _new_actor(fmt: str, code: str, name: str, label: str, role: str, key: _Key,
               rules: ActorRules) -> tuple[str, str, str, str | None]:
    """(id, name, type, country) of an actor kept from the data."""
    iso = key.iso
    if (iso and key.role in ("state", "forces")) or (iso and key.role == "opposition" and key.generic):
        country_name = rules.country_names.get(iso, iso)
        if key.role == "state":
            return iso, country_name, "state", iso
        if key.role == "forces":
            return f"{iso}_MIL", f"{country_name} forces", "government_forces", iso
        return f"{iso}_OPP", f"{country_name} opposition", "armed_group", iso
    home = key.home
    if fmt == "gdelt":
        kind = rules.new_types["cameo"].get(role, "other")
        if kind == "state" and not home:
            kind = "other"
        return code or _slug(label), (label or code).strip() or code, kind, home
    if fmt == "acled":
        kind = rules.new_types["acled"].get(role, "other")
    elif fmt == "ucdp":
        kind = "civilian_population" if _fold(name) == "civilians" else "armed_group"
    else:
        kind = "other"
    ident = _slug(name)
    if home and not name.rstrip().endswith(")"):
        ident += "_" + home
        name = f"{name} ({rules.country_names.get(home, home)})"
    return ident, name, kind, home


def resolve_actors(keys: pd.DataFrame, fmt: str, index: ActorIndex, mapping: Mapping[str, str], *,
                   keep_unmapped: bool, rules: ActorRules | None = None) -> Resolution:
    """Map every distinct actor key to a dataset actor (see the module docstring for the order).

    Parameters
    ----------
    keys : pandas.DataFrame
        Columns ``code``, ``name``, ``country``, ``role`` (the key), ``label``, ``events``.
    fmt : str
        The event format.
    index : ActorIndex
        The dataset's actors (empty for a standalone import).
    mapping : mapping
        The user's table: folded code or name -> actor id, or ``""`` to ignore.
    keep_unmapped : bool
        Keep unmapped keys as new actors instead of leaving their events out.

    Returns
    -------
    Resolution
        ``actor_map`` has the key columns, ``actor`` (``None`` unmapped, ``""`` ignored) and ``rule``;
        ``new_actors`` has ``id``, ``name``, ``type``, ``country``, ``events``.
    """
    rules = rules or ActorRules.shipped()
    out_actor: list[str | None] = []
    out_rule: list[str] = []
    new: dict[str, dict[str, Any]] = {}
    taken = set(index.ids.values())
    for code, name, country, role, label, events in zip(
            keys["code"], keys["name"], keys["country"], keys["role"], keys["label"], keys["events"],
            strict=True):
        key = _describe(fmt, code, name, country, role, rules)
        looked = tuple(_fold(c) for c in (code, *key.candidates) if c)
        actor, rule = None, "unmapped"
        for folded in looked:
            if folded in mapping:
                actor, rule = mapping[folded], "mapping" if mapping[folded] else "ignored"
                break
        if rule == "unmapped":
            for lookup, name_of in ((index.ids, "id"), (index.names, "alias")):
                hit = next((lookup[f] for f in looked if f in lookup), None)
                if hit is not None:
                    actor, rule = hit, name_of
                    break
        if rule == "unmapped" and key.iso and key.role:
            if key.role == "state":
                actor = index.state(key.iso)
            elif key.role == "forces":
                actor = index.forces(key.iso) or index.state(key.iso)
            elif key.role == "opposition" and key.generic:
                actor = index.opposition(key.iso)
            if actor is not None:
                rule = "country+role"
        if rule == "mapping" and actor not in taken and actor is not None:
            made = new.setdefault(actor, {"id": actor, "name": label or name or code or actor,
                                          "type": "other", "country": key.home, "events": 0})
            made["events"] += int(events)
            rule = "mapping (new actor)"
        if rule == "unmapped" and keep_unmapped:
            ident, display, kind, home = _new_actor(fmt, code, name, label, role, key, rules)
            while ident in taken:
                ident += "_EV"
            made = new.setdefault(ident, {"id": ident, "name": display, "type": kind, "country": home,
                                          "events": 0})
            made["events"] += int(events)
            actor, rule = ident, "new actor"
        out_actor.append(actor)
        out_rule.append(rule)
    actor_map = keys[list(KEY_COLUMNS)].copy()
    actor_map["actor"] = pd.Series(out_actor, index=keys.index, dtype=object)
    actor_map["rule"] = out_rule
    new_actors = pd.DataFrame(list(new.values()), columns=["id", "name", "type", "country", "events"])
    return Resolution(actor_map.reset_index(drop=True), new_actors)


def load_mapping(path: str | os.PathLike[str], fmt: str, actor_ids: set[str], *,
                 allow_new: bool) -> dict[str, str]:
    """Read a user's actor mapping table (CSV or YAML).

    CSV: columns ``source`` (a code or name as the data writes it) and ``actor`` (a dataset actor id;
    empty or ``-`` to ignore the source's events), optionally ``format`` (the row applies to that
    format only). YAML: a mapping ``source: actor``, or a list of ``{source, actor, format}``.

    Raises
    ------
    EventImportError
        With every problem (file, line): a missing column, an unknown actor id, a source given twice.
    """
    file = os.fspath(path)
    rows: list[tuple[str, str, str, int | None]] = []
    problems: list[Problem] = []
    suffix = Path(file).suffix.lower()
    if suffix in (".yaml", ".yml"):
        text, problems = read_yaml_text(file)
        tree = None
        if text is not None:
            tree, problems = read_yaml_tree(text, file)
        if isinstance(tree, LDict):
            rows = [(k, "" if v is None else str(v), "", line_of(tree, k)) for k, v in tree.items()]
        elif isinstance(tree, LList):
            for pos, item in enumerate(tree):
                if not isinstance(item, LDict) or "source" not in item:
                    problems.append(Problem("each entry needs `source` and `actor`", file=file,
                                            line=line_of(tree, pos),
                                            expected="- {source: TURMIL, actor: TUR_MIL}"))
                    continue
                rows.append((str(item["source"]), str(item.get("actor") or ""), str(item.get("format") or ""),
                             line_of(tree, pos)))
        elif not problems:
            problems.append(Problem("an actor mapping is a mapping or a list", file=file, line=1,
                                    expected="source: actor lines, or a list of {source, actor}"))
    else:
        try:
            with open(file, encoding="utf-8-sig", newline="") as handle:
                content = handle.read()
        except FileNotFoundError:
            raise EventImportError(Problem("actor mapping not found", file=file,
                                           hint="check the path")) from None
        except UnicodeDecodeError as exc:
            raise EventImportError(Problem(f"the actor mapping is not UTF-8 ({exc.reason})",
                                           file=file)) from None
        reader = csv.DictReader(io.StringIO(content))
        header = [h.strip().casefold() for h in reader.fieldnames or []]
        reader.fieldnames = header
        if "source" not in header or "actor" not in header:
            raise EventImportError(Problem(
                "the actor mapping needs the columns `source` and `actor`", file=file, line=1,
                expected="source,actor[,format]", hint=f"found {', '.join(header) or 'no header'}"))
        for row in reader:
            rows.append(((row.get("source") or "").strip(), (row.get("actor") or "").strip(),
                         (row.get("format") or "").strip().lower(), reader.line_num))
    table: dict[str, str] = {}
    seen_at: dict[str, int | None] = {}
    for source, actor, only, line in rows:
        if only and only != fmt:
            continue
        if not source:
            problems.append(Problem("a mapping row without a source", file=file, line=line))
            continue
        target = "" if actor.strip() in ("", "-") else actor.strip()
        if target and target not in actor_ids and not allow_new:
            problems.append(Problem(f"unknown actor {target!r} for {source!r}", file=file, line=line,
                                    expected="an actor id of the dataset imported into",
                                    hint=did_you_mean(target, actor_ids)
                                    or "add the actor to the dataset first"))
            continue
        folded = _fold(source)
        if folded in table and table[folded] != target:
            problems.append(Problem(f"{source!r} is mapped twice (first on line {seen_at[folded]})",
                                    file=file, line=line))
            continue
        table[folded] = target
        seen_at[folded] = line
    if problems:
        raise EventImportError(problems, summary=f"the actor mapping {file} has problems")
    return table
