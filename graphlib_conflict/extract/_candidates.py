"""From drafts to candidate relations: types checked against the vocabulary, dates, confidence, quotes.

Drafts that say the same thing (same source, target, type and date; either order for an undirected
type) are merged into one candidate that keeps every quote and every cue. The confidence starts from
the cue's own strength (0.9 for a ``high`` cue) and loses a stated amount for each uncertain step of
the reading (a pronoun resolved, an inferred target, a claim reported by someone else, a modal verb);
0.75 and above is ``high``, 0.5 and above ``medium``, below that ``low``.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from graphlib_conflict.dates import PartialDate
from graphlib_conflict.extract._lexicon import Lexicon
from graphlib_conflict.extract._mentions import ActorIndex, Mention, title_case
from graphlib_conflict.extract._reader import Draft
from graphlib_conflict.extract._text import QUOTE_MARKS, Sentence, Token
from graphlib_conflict.graph import ConflictGraph
from graphlib_conflict.vocabulary import Vocabulary

__all__ = ["Candidate", "Evidence", "UnknownActor", "build_candidates", "confidence_label",
           "unknown_actors"]

_QUOTE_EDGES = "".join(QUOTE_MARKS) + " \t\r\n,;:—–'‘’"
_MAX_QUOTE = 400
_SEGMENT_MARKS = frozenset({",", ";", ":", "(", ")", "—", "–"}) | QUOTE_MARKS | {"'", "‘", "’"}


def confidence_label(score: float) -> str:
    """``high`` (0.75 and above), ``medium`` (0.5 and above) or ``low``.

    Examples
    --------
    >>> confidence_label(0.9), confidence_label(0.6), confidence_label(0.3)
    ('high', 'medium', 'low')
    """
    if score >= 0.75:
        return "high"
    return "medium" if score >= 0.5 else "low"


@dataclass(frozen=True)
class Evidence:
    """A verbatim quote: ``text[start:end] == quote``."""

    quote: str
    start: int
    end: int
    sentence: int


@dataclass(frozen=True)
class Candidate:
    """A candidate relation read from the article, with everything that made it.

    Attributes
    ----------
    id : str
        A relation id unused in the dataset (``tur-demands-rus-2020-02-04``).
    source, target, type : str
        Actor ids and relation type id (from the dataset's vocabulary).
    category : str
        ``alignment``, ``interaction`` or ``structural``.
    sign : int
        +1, -1 or 0, from the vocabulary.
    directed : bool
    date, start : str or None
        ``date`` for an interaction (the text's date, else the article's); ``start`` for a durable
        relation when the text gives one ("since 2015"); partial dates keep their precision.
    when : str
        How the date was found.
    score : float
        Confidence from 0 to 1; ``confidence`` is its word and ``reason`` says why.
    confidence, reason : str
    quote : str
        The first verbatim quote (``evidence[0].quote``); ``quote_start``/``quote_end`` its offsets.
    evidence : tuple of Evidence
        Every quote that supports it, in text order.
    cues : tuple of str
        Every reading step that made it: the cue, the mentions, voice, negation, modality, date.
    mentions : tuple of dict
        ``role`` (source/target), ``text``, ``actor``, ``how``, ``start``, ``end`` (offsets or None).
    existing : tuple of str
        Ids of dataset relations that already state it (same pair and type, overlapping time).
    """

    id: str
    source: str
    target: str
    type: str
    category: str
    sign: int
    directed: bool
    date: str | None
    start: str | None
    when: str
    score: float
    confidence: str
    reason: str
    evidence: tuple[Evidence, ...]
    cues: tuple[str, ...]
    mentions: tuple[dict[str, object], ...]
    existing: tuple[str, ...] = ()

    @property
    def quote(self) -> str:
        """The first quote."""
        return self.evidence[0].quote

    @property
    def quote_start(self) -> int:
        """Offset of the first quote in the article."""
        return self.evidence[0].start

    @property
    def quote_end(self) -> int:
        """End offset (exclusive) of the first quote."""
        return self.evidence[0].end

    def to_relation(self, source_id: str, *, article_date: str) -> dict[str, object]:
        """The candidate as a relation record of the dataset format (for YAML, JSON or a merge)."""
        record: dict[str, object] = {"id": self.id, "source": self.source, "target": self.target,
                                     "type": self.type}
        if self.category == "interaction":
            record["date"] = self.date
        elif self.start is not None:
            record["start"] = self.start
        record["confidence"] = self.confidence
        record["evidence"] = [{"source": source_id, "quote": e.quote} for e in self.evidence]
        undated = "" if self.category == "interaction" or self.start else (
            f" The text gives no start: stated as of {article_date}.")
        record["notes"] = (f"Proposed by graphlib_conflict.extract from {source_id}; confidence "
                           f"{self.score:.2f}: {self.reason}.{undated} Cues: " + "; ".join(self.cues) + ".")
        return record


@dataclass
class _Group:
    drafts: list[Draft] = field(default_factory=list)


def build_candidates(drafts: Sequence[Draft], text: str, vocabulary: Vocabulary,
                     article_date: _dt.date) -> tuple[list[Candidate], list[str]]:
    """Merge drafts into candidates; also returns notes on drafts dropped (type unknown)."""
    types = vocabulary.relation_types
    groups: dict[tuple[object, ...], _Group] = {}
    dropped: list[str] = []
    for draft in drafts:
        kind = draft.type
        fallback_note = None
        if kind not in types.index:
            cameo = draft.hit.cue.cameo
            fallback = vocabulary.relation_type_for_cameo(cameo) if cameo else None
            if fallback is None:
                dropped.append(f"cue {draft.hit.text!r}: type {kind!r} is not in the vocabulary and has no "
                               "CAMEO fallback")
                continue
            fallback_note = f"type {kind!r} is not in the dataset's vocabulary: CAMEO {cameo} → {fallback}"
            kind = fallback
        row = types.loc[kind]
        category = str(row["category"])
        date, start, when = _dates(draft, category, article_date)
        directed = bool(row["directed"])
        pair: tuple[object, ...] = ((draft.source.actor, draft.target.actor) if directed
                                    else tuple(sorted((draft.source.actor, draft.target.actor))))
        key = (kind, pair, date or start)
        group = groups.setdefault(key, _Group())
        if fallback_note is not None:
            draft.notes.append(fallback_note)
        draft.type = kind
        draft.date_note = when
        draft.date_value, draft.start_value = date, start
        if category == "interaction" and draft.date is None and draft.hit.part == "noun":
            draft.penalties.append((0.1, "an undated noun may name an earlier event: the article's date "
                                         "stands in"))
        group.drafts.append(draft)
    candidates = [_candidate(g.drafts, text, types) for g in groups.values()]
    candidates.sort(key=lambda c: (c.quote_start, c.source, c.target))
    return candidates, dropped


def _dates(draft: Draft, category: str, article_date: _dt.date) -> tuple[str | None, str | None, str]:
    mention = draft.date
    if category == "interaction":
        if mention is None:
            return (article_date.isoformat(), None,
                    f"no date in the sentence: the article's date, {article_date}")
        how = mention.explanation + (f"; {draft.date_note}" if draft.date_note else "")
        return str(mention.value), None, f"date {how}"
    if mention is not None and mention.since:
        return None, str(mention.value), f"start {mention.explanation}"
    return None, None, f"no start in the text (active on {article_date})"


def _candidate(drafts: list[Draft], text: str, types: pd.DataFrame) -> Candidate:
    first = drafts[0]
    best_score, best_reason = -1.0, ""
    best_quote: Evidence | None = None
    cues: dict[str, None] = {}
    mentions: dict[tuple[object, ...], dict[str, object]] = {}
    evidence: dict[tuple[int, int], Evidence] = {}
    for draft in drafts:
        score, reason = _score(draft)
        quote = _quote(draft, text)
        if score > best_score:
            best_score, best_reason, best_quote = score, reason, quote
        evidence.setdefault((quote.start, quote.end), quote)
        steps = [*draft.notes,
                 f"source {draft.source.how}", f"target {draft.target.how}",
                 draft.date_note or ""]
        for step in steps:
            if step:
                cues.setdefault(step, None)
        for role, arg in (("source", draft.source), ("target", draft.target)):
            item: dict[str, object] = {"role": role, "text": arg.text, "actor": arg.actor, "how": arg.how,
                                       "start": arg.start, "end": arg.end}
            mentions.setdefault(tuple(item.values()), item)
    date, start = first.date_value, first.start_value
    # the quote behind the stated reason first, then the others in text order
    ordered = tuple(sorted(evidence.values(), key=lambda e: (e != best_quote, e.start)))
    return Candidate(
        id="", source=first.source.actor, target=first.target.actor, type=first.type,
        category=str(types.at[first.type, "category"]), sign=int(str(types.at[first.type, "sign"])),
        directed=bool(types.at[first.type, "directed"]),
        date=date, start=start, when=first.date_note or "", score=round(best_score, 2),
        confidence=confidence_label(best_score), reason=best_reason, evidence=ordered,
        cues=tuple(cues), mentions=tuple(mentions.values()))


def _score(draft: Draft) -> tuple[float, str]:
    penalties = list(draft.penalties)
    for arg in (draft.source, draft.target):
        if arg.penalty:
            penalties.append((arg.penalty, arg.reason or "uncertain actor"))
    score = draft.hit.cue.confidence - sum(p for p, _ in penalties)
    score = min(0.95, max(0.05, score))
    base = {0.9: "a strong cue", 0.7: "a cue of medium strength", 0.5: "a weak cue"}.get(
        draft.hit.cue.confidence, "the cue")
    reasons = list(dict.fromkeys(r for _, r in penalties))
    reason = f"{base} ({draft.hit.text!r})" + (", less: " + "; ".join(reasons) if reasons else
                                                  ", with both actors named in its clause")
    return score, reason


def _quote(draft: Draft, text: str) -> Evidence:
    """The clause of the cue, widened to the mentions and the date that made the candidate."""
    sentence = draft.sentence
    tokens = sentence.tokens
    hit = draft.hit
    first_seg, last_seg = _segment_bounds(tokens, hit.start, hit.end)
    lo = min([first_seg, *draft.tokens])
    hi = max([last_seg, *draft.tokens])
    start, end = tokens[lo].start, tokens[min(hi, len(tokens) - 1)].end
    if end - start > _MAX_QUOTE:
        lo, hi = min(draft.tokens), max(draft.tokens)
        start, end = tokens[lo].start, tokens[hi].end
    while start < end and text[start] in _QUOTE_EDGES:
        start += 1
    while end > start and text[end - 1] in _QUOTE_EDGES:
        end -= 1
    return Evidence(text[start:end], start, end, sentence.index)


def _segment_bounds(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int]:
    lo = start
    while lo > 0 and tokens[lo - 1].text not in _SEGMENT_MARKS:
        lo -= 1
    hi = end - 1
    while hi + 1 < len(tokens) and tokens[hi + 1].text not in _SEGMENT_MARKS:
        hi += 1
    return lo, hi


def assign_ids(candidates: Iterable[Candidate], taken: Iterable[str]) -> list[Candidate]:
    """Give each candidate a readable id unused in the dataset and among the candidates."""
    used = set(taken)
    out = []
    for candidate in candidates:
        when = candidate.date or candidate.start
        base = f"{candidate.source.lower()}-{candidate.type}-{candidate.target.lower()}" + (
            f"-{when}" if when else "")
        made, n = base, 2
        while made in used:
            made, n = f"{base}-{n}", n + 1
        used.add(made)
        out.append(replace(candidate, id=made))
    return out


def mark_existing(candidates: Iterable[Candidate], graph: ConflictGraph) -> list[Candidate]:
    """Note, on each candidate, the dataset relations that already state it."""
    rel = graph.relations
    out = []
    for candidate in candidates:
        same_type = rel[rel["type"] == candidate.type]
        if candidate.directed:
            pair = (same_type["source"] == candidate.source) & (same_type["target"] == candidate.target)
        else:
            pair = (((same_type["source"] == candidate.source) & (same_type["target"] == candidate.target))
                    | ((same_type["source"] == candidate.target) & (same_type["target"] == candidate.source)))
        matches = same_type[pair.to_numpy()]
        ids = [str(i) for i, row in zip(matches["id"], matches.itertuples(), strict=True)
               if _overlaps(candidate, row)]
        out.append(replace(candidate, existing=tuple(ids)))
    return out


def _overlaps(candidate: Candidate, row: Any) -> bool:
    if candidate.category != "interaction":
        return True
    when = candidate.date
    if when is None:
        return True
    mine = PartialDate.parse(when)
    first, last = pd.Timestamp(mine.first), pd.Timestamp(mine.last)
    valid_from, valid_to = row.valid_from, row.valid_to
    starts_before = pd.isna(valid_from) or valid_from <= last
    ends_after = pd.isna(valid_to) or valid_to >= first
    return bool(starts_before and ends_after)


# ---------------------------------------------------------------------- actors the dataset lacks
@dataclass(frozen=True)
class UnknownActor:
    """A name in the article that names no actor of the dataset.

    Attributes
    ----------
    name : str
    kind : str
        A guess: ``person`` (a title before it, or a first and last name), ``media``,
        ``organisation`` or ``unknown``.
    country : str or None
        The state of a demonym right before it ("Turkish Defence Minister ...").
    count : int
        How often it occurs.
    start, end : int
        Offsets of its first occurrence.
    suggestion : dict
        An actor record to start from (id, name, type and, where known, country).
    """

    name: str
    kind: str
    country: str | None
    count: int
    start: int
    end: int
    suggestion: dict[str, str]

    def __str__(self) -> str:
        what = self.kind if self.kind != "unknown" else "kind unknown"
        country = f", {self.country}" if self.country else ""
        times = f", {self.count} mentions" if self.count > 1 else ""
        return f"{self.name}: not in the dataset ({what}{country}{times})"


_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "de", "van", "von", "der", "da", "di", "-", "ul"})
_STOP_STARTS = frozenset({"the", "a", "an", "this", "that", "these", "those", "he", "she", "it", "they", "we",
                          "i", "on", "in", "but", "and", "while", "as", "if", "at", "for", "by", "with",
                          "after", "before", "since", "there", "our", "your", "their", "his", "her", "its",
                          "read", "thank", "remind", "not", "support", "fighting", "serious"})
_CALENDAR = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


def unknown_actors(sentences: Sequence[Sentence], mentions: Sequence[tuple[Sentence, list[Mention]]],
                   index: ActorIndex, lexicon: Lexicon) -> list[UnknownActor]:
    """Capitalised names the dataset does not know, with a guess at what they are."""
    titles = {t.lower().rstrip(".") for t in lexicon.titles}
    org_words = {w.lower() for w in lexicon.organisation_words}
    media_words = {w.lower() for w in lexicon.media_words}
    places = {c.name.lower() for c in lexicon.countries.values()} | {
        (c.capital or "").lower() for c in lexicon.countries.values()} | {
        d.lower() for c in lexicon.countries.values() for d in c.demonyms}
    found: dict[str, dict[str, object]] = {}
    for sentence, sentence_mentions in mentions:
        tokens = sentence.tokens
        if title_case(tokens) or _caption(tokens):
            continue
        covered: dict[int, Mention] = {}
        for m in sentence_mentions:
            if m.kind not in ("pronoun", "person_noun", "population"):
                for j in range(m.start, m.end):
                    covered[j] = m
        j = 0
        while j < len(tokens):
            if not _name_token(tokens[j]) or j in covered:
                j += 1
                continue
            k = j
            while k < len(tokens) and k not in covered and (
                    _name_token(tokens[k]) or (tokens[k].lower in _PARTICLES and k + 1 < len(tokens)
                                               and _name_token(tokens[k + 1]))):
                k += 1
            words = list(tokens[j:k])
            has_title = False
            while words and (words[0].lower.rstrip(".") in titles or (
                    words[0].i == 0 and words[0].lower in _STOP_STARTS)):
                if len(words) > 1 and all(w.lower in org_words for w in words[1:]):
                    break  # "Defence Ministry": the title word is part of the name
                has_title = has_title or words[0].lower.rstrip(".") in titles
                words.pop(0)
            before = tokens[j - 1] if j > 0 else None
            if before is not None and before.lower.rstrip(".") in titles:
                has_title = True
            while words and words[-1].lower in _PARTICLES:
                words.pop()
            if words and _worth(words, has_title, places):
                name = _text_of(words)
                kind = _kind(words, has_title, org_words, media_words)
                country = _country_before(tokens, covered, j, index)
                entry = found.setdefault(name, {"count": 0, "start": words[0].start, "end": words[-1].end,
                                                "kind": kind, "country": country})
                entry["count"] = int(str(entry["count"])) + 1
                if entry["country"] is None and country is not None:
                    entry["country"] = country
            j = max(k, j + 1)
    out = []
    known_names = {n.lower() for n in index.names.values()}
    for name, info in found.items():
        if name.lower() in known_names:
            continue
        kind = str(info["kind"])
        country = info["country"] if isinstance(info["country"], str) else None
        suggestion = {"id": _suggest_id(name), "name": name,
                      "type": {"person": "person", "media": "media"}.get(kind, "other")}
        if country is not None:
            suggestion["country"] = country
        out.append(UnknownActor(name, kind, country, int(str(info["count"])), int(str(info["start"])),
                                int(str(info["end"])), suggestion))
    out.sort(key=lambda u: u.start)
    return out


def _caption(tokens: Sequence[Token]) -> bool:
    """A short line without a full stop: a heading, a photo credit, a button."""
    return len(tokens) <= 6 and tokens[-1].text not in (".", "!", "?", '"', "”")


def _name_token(token: Token) -> bool:
    text = token.text
    return len(text) > 1 and text[0].isupper() and any(ch.isalpha() for ch in text) and text.lower() not in \
        _CALENDAR and text not in QUOTE_MARKS


def _worth(words: Sequence[Token], has_title: bool, places: set[str]) -> bool:
    content = [w for w in words if w.lower not in _PARTICLES]
    if not content:
        return False
    if all(w.lower in places for w in content):
        return False
    if len(content) == 1:
        word = content[0].text
        return has_title or (word.isupper() and len(word) >= 3 and word.isalpha())
    return True


def _kind(words: Sequence[Token], has_title: bool, org_words: set[str], media_words: set[str]) -> str:
    lowers = {w.lower for w in words}
    if lowers & media_words:
        return "media"
    if lowers & org_words or (len(words) == 1 and words[0].text.isupper()):
        return "organisation"
    if has_title or 2 <= len([w for w in words if w.lower not in _PARTICLES]) <= 3:
        return "person"
    return "unknown"


def _country_before(tokens: Sequence[Token], covered: dict[int, Mention], j: int,
                    index: ActorIndex) -> str | None:
    for k in range(max(0, j - 3), j):
        m = covered.get(k)
        if m is not None and m.kind in ("demonym", "country") and m.actors:
            return index.countries.get(m.actors[0])
    return None


def _text_of(words: Sequence[Token]) -> str:
    parts = []
    for n, token in enumerate(words):
        if n and token.space_before:
            parts.append(" ")
        parts.append(token.text)
    return "".join(parts)


def _suggest_id(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    made = re.sub(r"[^A-Za-z0-9]+", "_", ascii_name).strip("_").upper()
    return made or "NEW_ACTOR"
