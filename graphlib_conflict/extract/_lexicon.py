"""The cue lexicon and the country list, read from data files a user can extend.

The shipped files are ``graphlib_conflict/data/extract_lexicon.yaml`` (relation cues and the word lists
that shape how a sentence is read) and ``graphlib_conflict/data/extract_places.yaml`` (demonyms and
capitals). :meth:`Lexicon.extend` merges a user's file of the same layout over them.

Examples
--------
>>> lex = Lexicon.default()
>>> lex.cue("attack").type, lex.cue("attack").intent
('attacks', 'threatens')
>>> {"struck", "strikes", "striking"} <= verb_forms("strike")
True
>>> noun_forms("air strike")
('air strike', 'air strikes')
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from graphlib_conflict.exceptions import ParameterError
from graphlib_conflict.problems import did_you_mean

__all__ = ["Country", "Cue", "Lexicon", "noun_forms", "verb_forms"]

CONFIDENCE_WORDS = {"high": 0.9, "medium": 0.7, "low": 0.5}
"""Base score of a cue by its ``confidence`` word."""

DEFAULT_OBJECT_PREPS = ("of", "on", "against", "at", "to", "for", "with")
"""Prepositions allowed between a cue and its object unless the cue says otherwise."""

_CUE_FIELDS = ("id", "type", "cameo", "verbs", "nouns", "phrases", "prefixes", "reciprocal",
               "object_preps", "negated", "intent", "retaliation", "speech", "confidence", "description")
_WORD_LISTS = ("negators", "retaliation_markers", "say_verbs", "force_nouns", "force_modifiers",
               "population_nouns",
               "person_nouns", "titles", "organisation_words", "media_words")
_SECTIONS = ("version", "cues", "modals", "groups", *_WORD_LISTS)
_MODAL_KINDS = ("intent", "possibility", "condition")
_GROUP_KINDS = ("state", "person", "any")

# Irregular past tense and participle forms of the verbs a conflict report uses.
_IRREGULAR = {
    "strike": ("struck", "stricken"), "fight": ("fought",), "meet": ("met",), "shoot": ("shot",),
    "hit": ("hit",), "tell": ("told",), "lead": ("led",), "hold": ("held",), "seek": ("sought",),
    "give": ("gave", "given"), "send": ("sent",), "take": ("took", "taken"), "bring": ("brought",),
    "begin": ("began", "begun"), "speak": ("spoke", "spoken"), "break": ("broke", "broken"),
    "stand": ("stood",), "beat": ("beaten",), "go": ("went", "gone"), "lay": ("laid",),
    "overthrow": ("overthrew", "overthrown"), "throw": ("threw", "thrown"), "drive": ("drove", "driven"),
    "keep": ("kept",), "build": ("built",), "make": ("made",), "be": ("was", "were", "been", "is", "are"),
    "win": ("won",), "lose": ("lost",), "withdraw": ("withdrew", "withdrawn"), "shell": ("shelled",),
    "wage": ("waged",), "undertake": ("undertook", "undertaken"), "sit": ("sat",), "wind": ("wound",),
    "do": ("did", "done"), "have": ("had", "has"), "say": ("said",), "freeze": ("froze", "frozen"),
    "set": ("set",), "put": ("put",), "cut": ("cut",), "bid": ("bid",), "forbid": ("forbade", "forbidden"),
}
_VOWELS = "aeiou"


def verb_forms(phrase: str) -> frozenset[str]:
    """Every inflected form of a verb or verb phrase (lower case).

    The first word is inflected, or the one marked with ``^``; over-generated forms are harmless
    (they never occur in text).

    Examples
    --------
    >>> sorted(verb_forms("agree"))
    ['agree', 'agreed', 'agreeing', 'agrees']
    >>> {"jointly patrolled", "jointly patrols"} <= verb_forms("jointly ^patrol")
    True
    """
    words = phrase.lower().split()
    marked = [i for i, w in enumerate(words) if w.startswith("^")]
    at = marked[0] if marked else 0
    words = [w.lstrip("^") for w in words]
    return frozenset(" ".join([*words[:at], form, *words[at + 1:]]) for form in _inflect(words[at]))


def _inflect(word: str) -> set[str]:
    forms = {word}
    if word in _IRREGULAR:
        forms.update(_IRREGULAR[word])
    if word.endswith(("s", "sh", "ch", "x", "z")):
        forms.add(word + "es")
    elif word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        forms.add(word[:-1] + "ies")
    else:
        forms.add(word + "s")
    if word.endswith("ee"):
        forms.update({word + "d", word + "ing"})
    elif word.endswith("e"):
        forms.update({word + "d", word[:-1] + "ing"})
    elif word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        forms.update({word[:-1] + "ied", word + "ing"})
    else:
        forms.update({word + "ed", word + "ing"})
        if (len(word) >= 3 and word[-1] not in _VOWELS + "wxy" and word[-2] in _VOWELS
                and word[-3] not in _VOWELS):
            forms.update({word + word[-1] + "ed", word + word[-1] + "ing"})
    return forms


def noun_forms(phrase: str) -> tuple[str, ...]:
    """A noun phrase and its plural (the last word takes the plural; lower case).

    Examples
    --------
    >>> noun_forms("clash"), noun_forms("talks")
    (('clash', 'clashes'), ('talks',))
    """
    words = phrase.lower().split()
    last = words[-1]
    if last.endswith("s") and not last.endswith(("ss", "us")):
        return (" ".join(words),)
    if last.endswith(("s", "sh", "ch", "x", "z")):
        plural = last + "es"
    elif last.endswith("y") and len(last) > 1 and last[-2] not in _VOWELS:
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return (" ".join(words), " ".join([*words[:-1], plural]))


@dataclass(frozen=True)
class Cue:
    """One entry of the lexicon: words that signal one relation type.

    Attributes
    ----------
    id : str
        Short name shown in the candidates it makes.
    type : str
        Relation type id.
    cameo : str or None
        CAMEO root code, for reference and as the fallback when a vocabulary lacks ``type``.
    verbs, nouns, phrases, prefixes : tuple of str
        Words as written in the lexicon file (see the module docstring of the data file).
    reciprocal, retaliation, speech : bool
        How the actors around the cue are read.
    object_preps : tuple of str
        Prepositions allowed between the cue and its object.
    negated, intent : str or None
        Type taken when negated, and under intent, possibility or a condition.
    confidence : float
        Base score of a candidate made by this cue alone.
    """

    id: str
    type: str
    cameo: str | None = None
    verbs: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    reciprocal: bool = False
    object_preps: tuple[str, ...] = DEFAULT_OBJECT_PREPS
    negated: str | None = None
    intent: str | None = None
    retaliation: bool = False
    speech: bool = False
    confidence: float = CONFIDENCE_WORDS["high"]
    description: str = ""

    def forms(self) -> dict[str, tuple[str, ...]]:
        """Lower-case word forms by part: ``verb``, ``noun``, ``phrase``, ``prefix``."""
        return {
            "verb": tuple(sorted({f for v in self.verbs for f in verb_forms(v)})),
            "noun": tuple(sorted({f for n in self.nouns for f in noun_forms(n)})),
            "phrase": tuple(sorted({p.lower() for p in self.phrases})),
            "prefix": tuple(sorted({p.lower() for p in self.prefixes})),
        }


@dataclass(frozen=True)
class Country:
    """A country's short name, demonyms and capital (``extract_places.yaml``)."""

    code: str
    name: str
    demonyms: tuple[str, ...]
    capital: str | None


@dataclass(frozen=True)
class Lexicon:
    """Relation cues and the word lists that shape how a sentence is read.

    Build one with :meth:`default` and :meth:`extend`; never mutate it.

    Attributes
    ----------
    cues : tuple of Cue
    modals : dict
        ``intent``, ``possibility`` and ``condition`` phrase lists.
    groups : dict
        Group noun phrases ("the two countries") to the kind of actor they stand for.
    countries : dict
        ISO alpha-3 code to :class:`Country`.
    place_prepositions, place_modifiers : tuple of str
        What makes a country name a place ("in northeast Syria").
    files : tuple of str
        The files it was read from, shipped first.
    """

    cues: tuple[Cue, ...]
    negators: tuple[str, ...] = ()
    modals: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    retaliation_markers: tuple[str, ...] = ()
    say_verbs: tuple[str, ...] = ()
    force_nouns: tuple[str, ...] = ()
    force_modifiers: tuple[str, ...] = ()
    population_nouns: tuple[str, ...] = ()
    person_nouns: tuple[str, ...] = ()
    groups: Mapping[str, str] = field(default_factory=dict)
    titles: tuple[str, ...] = ()
    organisation_words: tuple[str, ...] = ()
    media_words: tuple[str, ...] = ()
    countries: Mapping[str, Country] = field(default_factory=dict)
    place_prepositions: tuple[str, ...] = ()
    place_modifiers: tuple[str, ...] = ()
    files: tuple[str, ...] = ()

    @classmethod
    def default(cls) -> Lexicon:
        """The shipped lexicon and country list (read once, then shared)."""
        return _default_lexicon()

    def cue(self, cue_id: str) -> Cue:
        """The cue with this id.

        Raises
        ------
        ParameterError
            If there is none (with the closest ids).
        """
        for cue in self.cues:
            if cue.id == cue_id:
                return cue
        hint = did_you_mean(cue_id, [c.id for c in self.cues])
        raise ParameterError(f"no cue {cue_id!r} in the lexicon" + (f" — {hint}" if hint else ""))

    def extend(self, source: str | os.PathLike[str] | Mapping[str, Any]) -> Lexicon:
        """A new lexicon with a user's cues and word lists merged over these.

        Parameters
        ----------
        source : path or mapping
            A YAML file (or its parsed mapping) with the layout of ``extract_lexicon.yaml``; it may
            also hold a ``countries`` section (the layout of ``extract_places.yaml``). A cue with a
            known ``id`` replaces that cue; word lists are extended; countries are replaced by code.

        Raises
        ------
        ParameterError
            Naming the file, the entry and the field of every problem found.

        Examples
        --------
        >>> lex = Lexicon.default().extend({"cues": [
        ...     {"id": "shell", "type": "attacks", "verbs": ["pound"], "cameo": "19"}]})
        >>> "pounded" in lex.cue("shell").forms()["verb"]
        True
        """
        if isinstance(source, Mapping):
            data, name = dict(source), "<lexicon>"
        else:
            name = os.fspath(source)
            data = _read_yaml_file(Path(name))
        return _merge(self, data, name)


def _read_yaml_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ParameterError(f"{path}: lexicon file not found") from None
    except UnicodeDecodeError as exc:
        raise ParameterError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ParameterError(f"{path}: cannot read the lexicon file: {exc.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ParameterError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(f"{path}: a lexicon file is a mapping (cues:, negators:, ...)")
    return data


def _strings(value: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Iterable):
        problems.append(f"{where}: expected a list of words, got {value!r}")
        return ()
    out = []
    for item in value:
        if isinstance(item, bool):
            problems.append(f"{where}: expected words, got {item!r} (YAML reads a bare on, off, yes or no "
                            "as true or false: put it in quotes)")
            continue
        if not isinstance(item, (str, int, float)) or not str(item).strip():
            problems.append(f"{where}: expected words, got {item!r}")
            continue
        out.append(str(item).strip())
    return tuple(out)


def _cue(entry: Any, where: str, problems: list[str]) -> Cue | None:
    if not isinstance(entry, Mapping):
        problems.append(f"{where}: a cue is a mapping with id, type and words, got {entry!r}")
        return None
    for key in entry:
        if key not in _CUE_FIELDS:
            hint = did_you_mean(str(key), _CUE_FIELDS)
            problems.append(f"{where}: unknown field {key!r}" + (f" — {hint}" if hint else ""))
    cue_id, kind = entry.get("id"), entry.get("type")
    if not isinstance(cue_id, str) or not cue_id.strip():
        problems.append(f"{where}.id: missing (a short name such as 'attack')")
        return None
    where = f"{where} (id {cue_id!r})"
    if not isinstance(kind, str) or not kind.strip():
        problems.append(f"{where}.type: missing (a relation type id such as 'attacks')")
        return None
    words = {part: _strings(entry.get(part), f"{where}.{part}", problems)
             for part in ("verbs", "nouns", "phrases", "prefixes")}
    if not any(words.values()):
        problems.append(f"{where}: no words (give verbs, nouns, phrases or prefixes)")
    confidence = entry.get("confidence", "high")
    if confidence not in CONFIDENCE_WORDS:
        problems.append(f"{where}.confidence: {confidence!r} is not one of high, medium, low")
        confidence = "high"
    flags = {}
    for flag in ("reciprocal", "retaliation", "speech"):
        value = entry.get(flag, False)
        if not isinstance(value, bool):
            problems.append(f"{where}.{flag}: expected true or false, got {value!r}")
            value = False
        flags[flag] = value
    preps = _strings(entry.get("object_preps"), f"{where}.object_preps", problems)
    cameo = entry.get("cameo")
    return Cue(
        id=cue_id.strip(), type=kind.strip(),
        cameo=None if cameo is None else str(cameo).strip().zfill(2),
        verbs=words["verbs"], nouns=words["nouns"], phrases=words["phrases"], prefixes=words["prefixes"],
        reciprocal=flags["reciprocal"], retaliation=flags["retaliation"], speech=flags["speech"],
        object_preps=tuple(p.lower() for p in preps) or DEFAULT_OBJECT_PREPS,
        negated=_optional_text(entry.get("negated")), intent=_optional_text(entry.get("intent")),
        confidence=CONFIDENCE_WORDS[str(confidence)],
        description=str(entry.get("description") or ""),
    )


def _optional_text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


def _countries(value: Any, where: str, problems: list[str]) -> dict[str, Country]:
    if not isinstance(value, Mapping):
        problems.append(f"{where}: expected a mapping of ISO alpha-3 codes to name, demonyms, capital")
        return {}
    out = {}
    for code, entry in value.items():
        label = f"{where}.{code}"
        if not (isinstance(code, str) and len(code) == 3 and code.isalpha() and code.isupper()):
            problems.append(f"{label}: the key must be an ISO 3166 alpha-3 code such as TUR")
            continue
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            problems.append(f"{label}: expected {{name: ..., demonyms: [...], capital: ...}}")
            continue
        capital = entry.get("capital")
        out[code] = Country(code, entry["name"], _strings(entry.get("demonyms"), f"{label}.demonyms",
                                                          problems),
                            None if capital is None else str(capital))
    return out


def _merge(base: Lexicon, data: Mapping[str, Any], name: str) -> Lexicon:
    problems: list[str] = []
    known = set(_SECTIONS) | {"countries", "place_prepositions", "place_modifiers"}
    for key in data:
        if key not in known:
            hint = did_you_mean(str(key), sorted(known))
            problems.append(f"unknown section {key!r}" + (f" — {hint}" if hint else ""))
    cues = {c.id: c for c in base.cues}
    raw_cues = data.get("cues") or []
    if not isinstance(raw_cues, list):
        problems.append("cues: expected a list of cues")
        raw_cues = []
    for i, entry in enumerate(raw_cues):
        cue = _cue(entry, f"cues[{i}]", problems)
        if cue is not None:
            cues[cue.id] = cue
    changes: dict[str, Any] = {"cues": tuple(cues.values())}
    for section in (*_WORD_LISTS, "place_prepositions", "place_modifiers"):
        if section in data:
            words = _strings(data[section], section, problems)
            changes[section] = tuple(dict.fromkeys((*getattr(base, section), *words)))
    if "modals" in data:
        modals = dict(base.modals)
        raw = data["modals"]
        if not isinstance(raw, Mapping):
            problems.append("modals: expected a mapping with intent, possibility and condition")
        else:
            for kind, words in raw.items():
                if kind not in _MODAL_KINDS:
                    problems.append(f"modals.{kind}: unknown kind "
                                    "(expected intent, possibility or condition)")
                    continue
                modals[kind] = tuple(dict.fromkeys((*modals.get(kind, ()),
                                                    *_strings(words, f"modals.{kind}", problems))))
        changes["modals"] = modals
    if "groups" in data:
        groups = dict(base.groups)
        raw = data["groups"]
        if not isinstance(raw, Mapping):
            problems.append("groups: expected a mapping of phrases to state, person or any")
        else:
            for phrase, kind in raw.items():
                if kind not in _GROUP_KINDS:
                    problems.append(f"groups.{phrase}: {kind!r} is not one of state, person, any")
                    continue
                groups[str(phrase).lower()] = str(kind)
        changes["groups"] = groups
    if "countries" in data:
        changes["countries"] = {**base.countries, **_countries(data["countries"], "countries", problems)}
    if problems:
        raise ParameterError(f"{name}: {len(problems)} problem{'s' if len(problems) != 1 else ''} in "
                             "the lexicon:\n" + "\n".join(f"  {p}" for p in problems))
    return replace(base, files=(*base.files, name), **changes)


@cache
def _default_lexicon() -> Lexicon:
    data_dir = resources.files("graphlib_conflict").joinpath("data")
    empty = Lexicon(cues=())
    lexicon = _merge(empty, yaml.safe_load(data_dir.joinpath("extract_lexicon.yaml").read_text("utf-8")),
                     "extract_lexicon.yaml")
    places = yaml.safe_load(data_dir.joinpath("extract_places.yaml").read_text("utf-8"))
    places.pop("version", None)
    return _merge(lexicon, places, "extract_places.yaml")
