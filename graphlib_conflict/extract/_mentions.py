"""Where the dataset's actors are named in a sentence.

An actor is found by its id, name and aliases (spaCy ``PhraseMatcher``; case-insensitive except for
short all-capital acronyms), by the demonym, country name or capital of its country when it is that
country's ``state`` actor ("Turkish", "Ankara"), and as a country's armed forces by a demonym before a
force noun ("Turkish troops", "Turkish and Syrian forces"). A country name or capital after a place
preposition ("in northeast Syria") is a place, and a demonym or capital inside another proper name
("The Moscow Times") names nothing. "X-backed Y" is found here too: X backs Y, and X is only a
modifier of Y.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from graphlib_conflict.analytics.alignment import actor_parents
from graphlib_conflict.extract._lexicon import Lexicon
from graphlib_conflict.extract._text import QUOTE_MARKS, Sentence, Token, match_sentence, nlp
from graphlib_conflict.graph import ConflictGraph

__all__ = ["PRONOUNS", "ActorIndex", "Backing", "Mention", "MentionFinder"]

PRONOUNS = {
    "it": "thing", "its": "thing", "itself": "thing",
    "he": "person", "him": "person", "his": "person", "she": "person", "her": "person",
    "they": "plural", "them": "plural", "their": "plural",
    "i": "speaker", "me": "speaker", "my": "speaker",
    "we": "side", "us": "side", "our": "side",
}
"""Pronouns read as mentions, with what they refer to."""
POSSESSIVES = frozenset({"its", "his", "her", "their", "my", "our"})
_PRIORITY = {"actor": 0, "forces": 0, "demonym": 1, "capital": 2, "country": 3, "group": 4}


@dataclass
class Mention:
    """A span of a sentence that names (or stands for) actors.

    Attributes
    ----------
    start, end : int
        Token positions in the sentence (``end`` exclusive).
    kind : str
        ``actor`` (id, name or alias), ``demonym``, ``capital``, ``country``, ``forces``, ``group``,
        ``pronoun`` or ``person_noun`` (an unnamed official).
    actors : tuple of str
        The actor ids it stands for (two for a group; empty while unresolved).
    how : str
        How it was read, for the candidate's cues ("'Ankara': alias of TUR").
    text : str
        The words as written.
    role : str
        ``argument``, or ``modifier`` (the X of "X-backed Y", a possessive before a name).
    side : str or None
        For an unnamed official, the state the words around it name ("a Turkish official"); for a
        group phrase, the kind of actor it stands for (``state``, ``person`` or ``any``).
    person, plural : bool
        Whether it names a person, and more than one actor.
    pronoun : str or None
        The pronoun, lower-cased, for a pronoun.
    unnamed : bool
        Whether it resolved to an unnamed official (their side stands in for them).
    """

    start: int
    end: int
    kind: str
    actors: tuple[str, ...]
    how: str
    text: str
    role: str = "argument"
    side: str | None = None
    person: bool = False
    plural: bool = False
    pronoun: str | None = None
    unnamed: bool = False

    @property
    def resolved(self) -> bool:
        """Whether it stands for at least one actor."""
        return bool(self.actors)


@dataclass(frozen=True)
class Backing:
    """An "X-backed Y" construction: X (the backer) backs Y (the target)."""

    backer: str
    backer_text: str
    backer_start: int
    backer_end: int
    target: Mention
    token: int
    cue: str
    how: str


@dataclass
class ActorIndex:
    """What the extractor knows about a graph's actors.

    Attributes
    ----------
    graph : ConflictGraph
    parents : dict
        Actor id to the actor it rolls up to at the article's date (``part_of``/``represents``).
    state_of : dict
        ISO alpha-3 code to the dataset's state actor for that country.
    forces_of : dict
        State actor id to its armed forces actor (``government_forces`` ``part_of`` it, or of its
        country).
    """

    graph: ConflictGraph
    parents: dict[str, str]
    state_of: dict[str, str]
    forces_of: dict[str, str]
    types: dict[str, str]
    names: dict[str, str]
    countries: dict[str, str]

    @classmethod
    def build(cls, graph: ConflictGraph, date: _dt.date) -> ActorIndex:
        """Index ``graph``'s actors as of ``date``."""
        actors = graph.actors
        types = dict(zip(actors["id"], actors["type"].astype(str), strict=True))
        names = dict(zip(actors["id"], actors["name"].astype(str), strict=True))
        countries = {a: c for a, c in zip(actors["id"], actors["country"], strict=True)
                     if isinstance(c, str) and c}
        parents = actor_parents(graph, at=date.isoformat()).to_dict()
        state_of: dict[str, str] = {}
        for actor_id, country in countries.items():
            if types[actor_id] == "state" and country not in state_of:
                state_of[country] = actor_id
        for actor_id in actors["id"]:
            if types[actor_id] == "state" and len(actor_id) == 3 and actor_id not in state_of:
                state_of[actor_id] = actor_id
        forces_of: dict[str, str] = {}
        rel = graph.relations
        part_of = rel[rel["type"] == "part_of"]
        for source, target in zip(part_of["source"], part_of["target"], strict=True):
            if types.get(source) == "government_forces" and types.get(target) == "state":
                forces_of.setdefault(target, source)
        for actor_id, country in countries.items():
            if types[actor_id] == "government_forces" and country in state_of:
                forces_of.setdefault(state_of[country], actor_id)
        return cls(graph, {str(k): str(v) for k, v in parents.items()}, state_of, forces_of, types, names,
                   countries)

    def parent(self, actor: str) -> str:
        """The actor ``actor`` rolls up to (itself when it has no parent)."""
        return self.parents.get(actor, actor)

    def side(self, actor: str) -> str:
        """The state an actor speaks or fights for: its roll-up, or its country's state."""
        top = self.parent(actor)
        if self.types.get(top) == "state":
            return top
        country = self.countries.get(actor)
        if country is not None and country in self.state_of:
            return self.state_of[country]
        return top

    def forces(self, actor: str) -> str:
        """An actor's armed forces: the forces of a state, or the actor itself."""
        return self.forces_of.get(actor, actor)

    def is_person(self, actor: str) -> bool:
        """Whether the actor is a person."""
        return self.types.get(actor) == "person"


@dataclass
class _Pattern:
    kind: str
    value: str
    via: str
    phrase: str
    others: list[str] = field(default_factory=list)


class MentionFinder:
    """Finds actor mentions in sentences, for one graph and lexicon."""

    def __init__(self, index: ActorIndex, lexicon: Lexicon) -> None:
        from spacy.matcher import PhraseMatcher

        self.index = index
        self.lexicon = lexicon
        pipeline = nlp()
        self._patterns: list[_Pattern] = []
        self._lower = PhraseMatcher(pipeline.vocab, attr="LOWER")
        self._exact = PhraseMatcher(pipeline.vocab, attr="ORTH")
        seen: dict[tuple[str, str], _Pattern] = {}
        actors = index.graph.actors
        for actor_id, name, aliases in zip(actors["id"], actors["name"], actors["aliases"], strict=True):
            for via, phrase in [("id", actor_id), ("name", name), *(("alias", a) for a in aliases)]:
                self._add(seen, "actor", str(actor_id), via, str(phrase))
        self.place_words: set[str] = set()
        for code, country in lexicon.countries.items():
            self.place_words.update(w.lower() for w in (country.name, *country.demonyms))
            if country.capital:
                self.place_words.add(country.capital.lower())
            state = index.state_of.get(code)
            if state is None:
                continue
            for demonym in country.demonyms:
                self._add(seen, "demonym", state, "demonym", demonym)
            self._add(seen, "country", state, "country name", country.name)
            if country.capital:
                self._add(seen, "capital", state, "capital", country.capital)
        for actor_id, attributes in zip(actors["id"], actors["attributes"], strict=True):
            capital = attributes.get("capital") if isinstance(attributes, dict) else None
            if isinstance(capital, str) and capital:
                self._add(seen, "capital", str(actor_id), "capital", capital)
                self.place_words.add(capital.lower())
        for phrase, kind in lexicon.groups.items():
            self._add(seen, "group", kind, "group", phrase)
        self._force_nouns = {w.lower() for w in lexicon.force_nouns}
        self._force_modifiers = {w.lower() for w in lexicon.force_modifiers}
        self._place_preps = {w.lower() for w in lexicon.place_prepositions}
        self._place_modifiers = {w.lower() for w in lexicon.place_modifiers}
        self._titles = {w.lower().rstrip(".") for w in lexicon.titles}
        self._person_nouns = {w.lower() for w in lexicon.person_nouns}
        self._prefixes = {p: c.id for c in lexicon.cues for p in c.forms()["prefix"]}
        self._population = _population_heads(index, lexicon)

    def _add(self, seen: dict[tuple[str, str], _Pattern], kind: str, value: str, via: str,
             phrase: str) -> None:
        phrase = phrase.strip()
        if not phrase:
            return
        exact = (phrase.isupper() and len(phrase) <= 6) or kind == "demonym" or via == "id"
        key = (phrase if exact else phrase.lower(), "exact" if exact else "lower")
        known = seen.get(key)
        if known is not None:
            if (known.value != value and value not in known.others
                    and _PRIORITY[kind] <= _PRIORITY[known.kind]):
                known.others.append(value)
            return
        pattern = _Pattern(kind, value, via, phrase)
        seen[key] = pattern
        self._patterns.append(pattern)
        matcher = self._exact if exact else self._lower
        matcher.add(str(len(self._patterns) - 1), [nlp().make_doc(phrase)])

    # ------------------------------------------------------------------ per sentence
    def find(self, sentence: Sentence) -> tuple[list[Mention], list[Backing]]:
        """The mentions of a sentence (longest first, no overlaps) and its "X-backed Y" constructions."""
        spans = self._spans(sentence)
        chosen: list[Mention] = []
        taken: set[int] = set()
        for mention in sorted(spans, key=lambda m: (-(m.end - m.start), _PRIORITY[m.kind], m.start)):
            if taken.intersection(range(mention.start, mention.end)):
                continue
            chosen.append(mention)
            taken.update(range(mention.start, mention.end))
        chosen.sort(key=lambda m: m.start)
        tokens = sentence.tokens
        headline = _title_case(tokens)
        kept = []
        for mention in chosen:
            if not headline and self._inside_name(mention, tokens):
                continue
            if self._is_place(mention, tokens):
                if mention.kind in ("country", "capital"):
                    continue
                mention.role = "place"
            kept.append(mention)
        chosen = kept
        chosen = self._forces(chosen, tokens)
        backings = self._backings(spans, chosen, tokens)
        chosen.extend(self._pronouns(chosen, tokens))
        chosen.extend(self._populations(chosen, tokens))
        chosen.sort(key=lambda m: m.start)
        return chosen, backings

    def _spans(self, sentence: Sentence) -> list[Mention]:
        return [self._mention(self._patterns[int(key)], sentence.tokens, start, end)
                for matcher in (self._lower, self._exact)
                for key, start, end in match_sentence(matcher, sentence)]

    def _mention(self, pattern: _Pattern, tokens: Sequence[Token], start: int, end: int) -> Mention:
        text = _span_text(tokens, start, end)
        if pattern.kind == "group":
            return Mention(start, end, "group", (), f"{text!r}: the two most recently named "
                           f"{'actors' if pattern.value == 'any' else pattern.value + 's'}", text,
                           plural=True, side=pattern.value)
        actor = pattern.value
        how = f"{text!r}: {pattern.via} of {actor}"
        if pattern.others:
            how += f" (also names {', '.join(pattern.others)}; the first actor is taken)"
        return Mention(start, end, pattern.kind, (actor,), how, text,
                       person=self.index.is_person(actor))

    def _is_place(self, mention: Mention, tokens: Sequence[Token]) -> bool:
        """A country name or capital right after a place preposition ("in northeast Syria")."""
        if mention.kind not in ("country", "capital") and mention.text.lower() not in self.place_words:
            return False
        if mention.kind == "demonym":
            return False
        j = mention.start - 1
        while j >= 0 and tokens[j].lower in self._place_modifiers:
            j -= 1
        return j >= 0 and tokens[j].lower in self._place_preps

    def _inside_name(self, mention: Mention, tokens: Sequence[Token]) -> bool:
        """A demonym, country or capital that is part of a longer proper name ("The Moscow Times")."""
        if mention.text.lower() not in self.place_words or mention.end - mention.start != 1:
            return False
        nxt = tokens[mention.end] if mention.end < len(tokens) else None
        if nxt is None or not nxt.is_capitalised or nxt.text.isupper():
            return False
        if nxt.lower.rstrip(".") in self._titles or nxt.lower in self._force_nouns:
            return False
        return nxt.lower not in self.place_words

    def _forces(self, mentions: list[Mention], tokens: Sequence[Token]) -> list[Mention]:
        """Demonym + force noun: the country's armed forces; "Turkish and Syrian forces" shares the noun."""
        out: list[Mention] = []
        for mention in mentions:
            if mention.kind in ("demonym", "country") and mention.actors:
                j = mention.end
                while j < len(tokens) and tokens[j].lower in self._force_modifiers:
                    j += 1
                if j < len(tokens) and tokens[j].lower in self._force_nouns and not any(
                        m.start <= j < m.end for m in mentions):
                    state = mention.actors[0]
                    forces = self.index.forces(state)
                    text = _span_text(tokens, mention.start, j + 1)
                    mention = Mention(mention.start, j + 1, "forces", (forces,),
                                      f"{text!r}: forces of {state}" + ("" if forces != state else
                                                                       " (the dataset has no forces actor)"),
                                      text, plural=True)
            out.append(mention)
        for a, b in pairwise(out):
            if (a.kind == "demonym" and a.actors and b.end - b.start >= 2 and b.start == a.end + 1
                    and tokens[a.end].lower in ("and", "or", ",")
                    and tokens[b.end - 1].lower in self._force_nouns):
                forces = self.index.forces(a.actors[0])
                a.kind, a.actors = "forces", (forces,)
                a.how = f"{a.text!r} (… {tokens[b.end - 1].text}): forces of {a.actors[0]}"
                a.plural = True
        return out

    def _backings(self, spans: list[Mention], chosen: list[Mention],
                  tokens: Sequence[Token]) -> list[Backing]:
        out = []
        for i, token in enumerate(tokens):
            cue = self._prefixes.get(token.lower)
            if cue is None or i < 2 or tokens[i - 1].text not in ("-", "‑"):
                continue
            backers = [m for m in spans if m.end == i - 1 and m.actors and m.kind != "group"]
            if not backers:
                continue
            backer = max(backers, key=lambda m: m.end - m.start)
            target = next((m for m in chosen if m.start <= i < m.end), None)
            if target is None:
                target = next((m for m in chosen if i < m.start <= i + 4
                               and all(not t.is_punct for t in tokens[i + 1:m.start])), None)
            if target is None or not target.actors or target.kind == "group":
                continue
            for m in chosen:
                if m.start == backer.start and m.end == backer.end:
                    m.role = "modifier"
            backer_actor = backer.actors[0]
            out.append(Backing(backer_actor, backer.text, backer.start, backer.end, target, i, cue,
                               backer.how))
        return out

    def _pronouns(self, mentions: list[Mention], tokens: Sequence[Token]) -> Iterable[Mention]:
        taken = {j for m in mentions for j in range(m.start, m.end)}
        for i, token in enumerate(tokens):
            if i in taken:
                continue
            kind = PRONOUNS.get(token.lower)
            if kind is not None and not (token.lower == "i" and token.text != "I") and not (
                    token.lower == "us" and token.text == "US"):
                role = "argument"
                if token.lower in POSSESSIVES and any(
                        i < m.start <= i + 3 and m.actors for m in mentions):
                    role = "modifier"
                yield Mention(i, i + 1, "pronoun", (), f"pronoun {token.text!r}", token.text, role=role,
                              person=kind in ("person", "speaker"), plural=kind in ("plural", "side"),
                              pronoun=token.lower)
            elif token.lower in self._person_nouns and self._unnamed(i, tokens, taken):
                side = next((m.actors[0] for m in mentions if i - 3 <= m.start < i and m.actors
                             and m.kind in ("demonym", "country", "actor")), None)
                yield Mention(i, i + 1, "person_noun", (), f"unnamed {token.text!r}", token.text,
                              role="speaker", side=None if side is None else self.index.side(side),
                              person=True)

    def _populations(self, mentions: list[Mention], tokens: Sequence[Token]) -> Iterable[Mention]:
        taken = {j for m in mentions for j in range(m.start, m.end)}
        for i, token in enumerate(tokens):
            actor = self._population.get(token.lower)
            if actor is not None and i not in taken:
                yield Mention(i, i + 1, "population", (actor,),
                              f"{token.text!r}: population noun of {actor} (its only such actor)",
                              token.text, plural=True)

    def _unnamed(self, i: int, tokens: Sequence[Token], taken: set[int]) -> bool:
        """An "official" that is not the title of a name right after it."""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        return not (nxt is not None and (nxt.is_capitalised or i + 1 in taken)
                    and nxt.text not in QUOTE_MARKS)


def _span_text(tokens: Sequence[Token], start: int, end: int) -> str:
    parts = []
    for n, token in enumerate(tokens[start:end]):
        if n and token.space_before:
            parts.append(" ")
        parts.append(token.text)
    return "".join(parts)


_FUNCTION_WORDS = frozenset({"a", "an", "the", "in", "of", "on", "to", "for", "and", "or", "at", "by", "with",
                             "from", "as", "vs"})


def _title_case(tokens: Sequence[Token]) -> bool:
    """Whether a sentence is written in title case (a headline): nearly every word capitalised."""
    words = [t for t in tokens if t.text.isalpha() and t.lower not in _FUNCTION_WORDS]
    return len(words) >= 4 and sum(t.is_capitalised for t in words) >= 0.8 * len(words)


def title_case(tokens: Sequence[Token]) -> bool:
    """Whether a sentence is written in title case (a headline)."""
    return _title_case(tokens)


def _population_heads(index: ActorIndex, lexicon: Lexicon) -> dict[str, str]:
    """Population nouns that name exactly one civilian_population actor (by its name or aliases)."""
    actors = index.graph.actors
    found: dict[str, set[str]] = {}
    for actor_id, kind, name, aliases in zip(actors["id"], actors["type"], actors["name"],
                                             actors["aliases"], strict=True):
        if kind != "civilian_population":
            continue
        words = {w.lower().strip(".,") for phrase in (name, *aliases) for w in str(phrase).split()}
        for noun in lexicon.population_nouns:
            if noun.lower() in words:
                found.setdefault(noun.lower(), set()).add(str(actor_id))
    return {noun: next(iter(ids)) for noun, ids in found.items() if len(ids) == 1}
