"""Reading an article sentence by sentence: speakers, pronouns, cues and the actors around them.

For each sentence, in order: the mentions are found (:mod:`._mentions`); pronouns and group phrases
are resolved against what came before ("it" is the nearest named thing, "he" the nearest person,
"they" the previous sentence's plural subject, "we" the speaker's side inside a quotation); the speaker
of every quotation and of reported speech ("X said ...") is found; then every cue of the lexicon is
read in its clause, and each reading becomes a :class:`Draft` (or a :class:`Skip` saying why not).

The reading of a cue, in brief (docs/extraction.md has the whole of it):

- active verb: the nearest actor before it in its clause is the source, the first actor after it
  (past the prepositions the cue allows) the target; "A and B" gives both;
- passive verb ("were killed"): the actor before it is the target, the agent after "by", "blamed on"
  or "attributed to" the source;
- noun ("attacks on X by Y", "Y's offensive against X", "a Syrian offensive"): the source after "by",
  before the noun, or as the clause's subject; the target after one of the cue's prepositions;
- reciprocal cue ("clashes between A and B", "A and B agreed", "Russian-Turkish agreements", "A
  agreed with B"): both actors;
- speech cue ("Russia must ..."): the speaker is the source, the subject the target;
- negation ("did not", "no plans to") drops the cue or turns it into its ``negated`` type; intent,
  possibility and conditions ("will", "could", "if") turn it into its ``intent`` type or lower the
  confidence;
- a retaliation with no target named ("we will retaliate") aims at the last actor that attacked the
  subject's side.
"""

from __future__ import annotations

import datetime as _dt
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from graphlib_conflict.extract._dates import DateMention, find_dates
from graphlib_conflict.extract._lexicon import Cue, Lexicon
from graphlib_conflict.extract._mentions import PRONOUNS, ActorIndex, Backing, Mention, MentionFinder
from graphlib_conflict.extract._text import QUOTE_MARKS, Sentence, Token, match_sentence, nlp

__all__ = ["Arg", "Draft", "Hit", "Reader", "Skip"]

BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "'re", "get", "got",
                      "gets", "getting", "gotten"})
_ADVERBS = frozenset({"also", "now", "reportedly", "allegedly", "already", "recently", "then", "still",
                      "just", "even", "being", "been", "repeatedly", "again", "later", "first", "once",
                      "further", "newly", "heavily", "fully", "directly", "apparently", "all"})
PREPOSITIONS = frozenset({
    "in", "on", "at", "to", "for", "with", "by", "from", "of", "about", "over", "against", "into",
    "during", "around", "near", "across", "within", "throughout", "inside", "outside", "amid", "despite",
    "under", "along", "toward", "towards", "beyond", "between", "after", "before", "since", "until",
    "through", "via", "regarding", "upon", "among", "including", "like", "onto", "without"})
SUBORDINATORS = frozenset({"that", "which", "who", "whom", "whose", "while", "whereas", "although",
                           "though", "because", "after", "before", "when", "whenever", "if", "unless",
                           "until", "where", "but", "so", "yet", "whether"})
RELATIVES = frozenset({"which", "who", "that", "whom"})
_CLAUSE_PUNCT = frozenset({",", ";", ":", "(", ")", "[", "]", "—", "–", "!", "?", ".", "…", "/"})
_SEGMENT_MARKS = _CLAUSE_PUNCT | QUOTE_MARKS | {"'", "‘", "’"}
_AGENT_PHRASES = (("by",), ("blamed", "on"), ("blamed", "it", "on"), ("attributed", "to"),
                  ("carried", "out", "by"), ("at", "the", "hands", "of"))
_ATTACK_TYPES = frozenset({"attacks", "clashes", "besieges"})
_PARTICIPLE_ENDINGS = ("ed", "en", "wn", "ung", "ought", "ught")
_HISTORY = 400


@dataclass(frozen=True)
class Arg:
    """An actor taking part in a candidate, and how it was found.

    Attributes
    ----------
    actor : str
        Actor id.
    text : str
        The words that name it ("it", "Ankara"), or a description when it is inferred.
    how : str
        The reading, for the candidate's cues.
    start, end : int or None
        Character offsets of the words in the article; ``None`` when not in the sentence.
    penalty : float
        How much this way of finding it lowers the confidence.
    reason : str or None
        Why, for the confidence reason.
    """

    actor: str
    text: str
    how: str
    start: int | None
    end: int | None
    penalty: float = 0.0
    reason: str | None = None


@dataclass(frozen=True)
class Hit:
    """A cue found in a sentence."""

    cue: Cue
    part: str
    start: int
    end: int
    text: str


@dataclass
class Draft:
    """One reading of a cue: a candidate relation before duplicates are merged."""

    sentence: Sentence
    hit: Hit
    source: Arg
    target: Arg
    type: str
    notes: list[str]
    penalties: list[tuple[float, str]]
    date: DateMention | None
    date_note: str | None
    tokens: list[int]
    date_value: str | None = None
    start_value: str | None = None


@dataclass(frozen=True)
class Skip:
    """A cue that made no candidate, and why."""

    sentence: int
    cue: str
    text: str
    start: int
    end: int
    reason: str


@dataclass
class _Referent:
    actors: tuple[str, ...]
    text: str
    how: str
    sentence: int
    position: int
    person: bool
    plural: bool
    side: str | None = None
    unnamed: bool = False
    quote: int | None = None
    modifier: bool = False
    subject: bool = False
    segment: int = -1


@dataclass
class _Context:
    sentence: Sentence
    mentions: list[Mention]
    backings: list[Backing]
    at: list[Mention | None]
    hits: list[Hit]
    hit_at: list[Hit | None]
    segments: list[int]
    quote_of: list[int | None]
    speaker: list[_Referent | None]
    dates: list[DateMention]
    date_tokens: list[tuple[int, int]] = field(default_factory=list)

    @property
    def tokens(self) -> tuple[Token, ...]:
        return self.sentence.tokens


class Reader:
    """Reads one article against one graph and lexicon; the drafts and skips it leaves are the result."""

    def __init__(self, text: str, index: ActorIndex, lexicon: Lexicon, date: _dt.date) -> None:
        from spacy.matcher import PhraseMatcher

        self.text = text
        self.index = index
        self.lexicon = lexicon
        self.date = date
        self.finder = MentionFinder(index, lexicon)
        self.drafts: list[Draft] = []
        self.skips: list[Skip] = []
        self.mentions: list[tuple[Sentence, list[Mention]]] = []
        # pronouns look back a few sentences only: a bounded history keeps reading linear
        self._history: deque[_Referent] = deque(maxlen=_HISTORY)
        self._clauses_with_subject: set[tuple[int, int]] = set()
        self._subjects: dict[int, _Referent] = {}
        self._say = {w.lower() for w in lexicon.say_verbs if " " not in w}
        self._force_nouns = {w.lower() for w in lexicon.force_nouns}
        self._markers = tuple(m.lower() for m in lexicon.retaliation_markers)
        self._phrases: dict[str, tuple[str, ...]] = {}
        self._cue_matcher = PhraseMatcher(nlp().vocab, attr="LOWER")
        self._cues: list[tuple[Cue, str]] = []
        for cue in lexicon.cues:
            for part, forms in cue.forms().items():
                if part == "prefix" or not forms:
                    continue
                self._cues.append((cue, part))
                self._cue_matcher.add(str(len(self._cues) - 1), [nlp().make_doc(f) for f in forms])

    # ------------------------------------------------------------------ driving
    def read(self, sentences: Sequence[Sentence]) -> None:
        """Read every sentence, in order, paragraph by paragraph."""
        by_paragraph: dict[int, list[Sentence]] = {}
        for sentence in sentences:
            by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
        for paragraph in by_paragraph.values():
            self._read_paragraph(paragraph)

    def _read_paragraph(self, sentences: list[Sentence]) -> None:
        contexts = [self._context(s) for s in sentences]
        quotes = _quote_spans(contexts)
        quote_speakers: dict[int, _Referent | None] = {}
        for ctx in contexts:
            self._resolve(ctx, quotes, quote_speakers)
            drafts, skips = len(self.drafts), len(self.skips)
            for backing in ctx.backings:
                self._backing(ctx, backing)
            for hit in ctx.hits:
                self._hit(ctx, hit)
            self._tidy_skips(ctx, drafts, skips)
            self.mentions.append((ctx.sentence, ctx.mentions))

    def _tidy_skips(self, ctx: _Context, drafts: int, skips: int) -> None:
        """One skip per cue word, and none where another reading of the same words made a candidate."""
        made = {(d.hit.start, d.hit.end) for d in self.drafts[drafts:]}
        kept: list[Skip] = []
        seen: set[tuple[int, int]] = set()
        for skip in self.skips[skips:]:
            span = (skip.start, skip.end)
            words = next(((h.start, h.end) for h in ctx.hits
                          if ctx.tokens[h.start].start == skip.start
                          and ctx.tokens[h.end - 1].end == skip.end),
                         None)
            if span in seen or words in made:
                continue
            seen.add(span)
            kept.append(skip)
        del self.skips[skips:]
        self.skips.extend(kept)

    def _context(self, sentence: Sentence) -> _Context:
        mentions, backings = self.finder.find(sentence)
        n = len(sentence.tokens)
        at: list[Mention | None] = [None] * n
        for mention in mentions:
            for j in range(mention.start, mention.end):
                at[j] = mention
        hits = self._find_hits(sentence, at)
        hit_at: list[Hit | None] = [None] * n
        for hit in sorted(hits, key=lambda h: h.part == "verb"):
            for j in range(hit.start, hit.end):
                hit_at[j] = hit
        segments, seg = [], 0
        for token in sentence.tokens:
            if token.text in _SEGMENT_MARKS:
                seg += 1
            segments.append(seg)
        dates = find_dates(sentence.text_of(self.text), self.date, offset=sentence.start)
        ctx = _Context(sentence, mentions, backings, at, hits, hit_at, segments, [None] * n, [None] * n,
                       dates)
        ctx.date_tokens = [_token_span(sentence.tokens, d.start, d.end) for d in dates]
        return ctx

    def _find_hits(self, sentence: Sentence, at: list[Mention | None]) -> list[Hit]:
        tokens = sentence.tokens
        found = []
        for key, start, end in match_sentence(self._cue_matcher, sentence):
            cue, part = self._cues[int(key)]
            if any(_names_something(at[j]) for j in range(start, end)):
                continue
            if part == "verb" and start > 0 and tokens[start - 1].text in ("-", "‑"):
                continue
            if part == "verb" and start > 0 and tokens[start - 1].lower in ("the", "a", "an", "their", "its"):
                continue
            found.append(Hit(cue, part, start, end, _span_text(tokens, start, end)))
        longest = []
        for hit in found:
            if any(o.start <= hit.start and hit.end <= o.end and (o.end - o.start) > (hit.end - hit.start)
                   for o in found):
                continue
            longest.append(hit)
        longest.sort(key=lambda h: (h.start, h.part != "verb"))
        return longest

    # ------------------------------------------------------------------ speakers and references
    def _resolve(self, ctx: _Context, quotes: list[tuple[int, int, int, int, _Context]],
                 quote_speakers: dict[int, _Referent | None]) -> None:
        sentence = ctx.sentence
        for number, (s0, t0, s1, t1, _) in enumerate(quotes):
            for j in range(len(ctx.tokens)):
                if (s0, t0) <= (sentence.index, j) <= (s1, t1):
                    ctx.quote_of[j] = number
        indirect: _Referent | None = None
        by_start = {m.start: m for m in ctx.mentions}
        first_subject = True
        for j, token in enumerate(ctx.tokens):
            q = ctx.quote_of[j]
            if q is not None and q not in quote_speakers:
                quote_speakers[q] = self._quote_speaker(quotes[q]) or indirect
            mention = by_start.get(j)
            if mention is not None:
                self._resolve_mention(ctx, mention, quote_speakers.get(q) if q is not None else None)
                if mention.resolved or mention.kind == "person_noun":
                    referent = self._remember(ctx, mention, q)
                    if first_subject and mention.role == "argument" and q is None:
                        self._subjects[sentence.index] = referent
                if mention.role == "argument" and mention.kind != "person_noun":
                    first_subject = False
            if q is None and token.lower in self._say:
                speaker = self._speaker_before(ctx, j)
                if speaker is not None:
                    indirect = speaker
            if q is None and token.lower == "according" and j + 1 < len(ctx.tokens) and \
                    ctx.tokens[j + 1].lower == "to":
                after = ctx.at[j + 2] if j + 2 < len(ctx.tokens) else None
                if after is not None and after.actors:
                    indirect = self._referent_of(ctx, after, None)
            ctx.speaker[j] = quote_speakers.get(q) if q is not None else indirect
        # a quotation whose speaker is named only at its end still speaks for its whole span
        for j in range(len(ctx.tokens)):
            q = ctx.quote_of[j]
            if q is not None and quote_speakers.get(q) is not None:
                ctx.speaker[j] = quote_speakers[q]

    def _remember(self, ctx: _Context, mention: Mention, quote: int | None) -> _Referent:
        referent = self._referent_of(ctx, mention, quote)
        referent.segment = ctx.segments[mention.start]
        clause = (ctx.sentence.index, referent.segment)
        referent.subject = mention.role == "argument" and clause not in self._clauses_with_subject
        if not referent.modifier:
            self._clauses_with_subject.add(clause)
        self._history.append(referent)
        return referent

    def _referent_of(self, ctx: _Context, mention: Mention, quote: int | None) -> _Referent:
        person = mention.person or (len(mention.actors) == 1 and self.index.is_person(mention.actors[0]))
        side = mention.side if mention.kind == "person_noun" else (
            self.index.side(mention.actors[0]) if mention.actors else None)
        return _Referent(mention.actors, mention.text, mention.how, ctx.sentence.index, mention.start,
                         person=person, plural=mention.plural or len(mention.actors) > 1, side=side,
                         unnamed=mention.kind == "person_noun" or mention.unnamed,
                         quote=quote, modifier=mention.role == "modifier")

    def _resolve_mention(self, ctx: _Context, mention: Mention, speaker: _Referent | None) -> None:
        if mention.kind == "group":
            self._resolve_group(ctx, mention)
        elif mention.kind == "pronoun":
            self._resolve_pronoun(ctx, mention, speaker)
        elif mention.kind == "person_noun":
            self._unnamed_side(ctx, mention)

    def _unnamed_side(self, ctx: _Context, mention: Mention) -> None:
        """ "the official": the side of the unnamed official named before."""
        if mention.side is not None or ctx.tokens[max(mention.start - 1, 0)].lower != "the":
            return
        earlier = next((r for r in reversed(self._history) if r.unnamed and r.side is not None), None)
        if earlier is not None:
            mention.side = earlier.side
            mention.how += f" (the {earlier.text} named before, of {earlier.side})"

    def _resolve_group(self, ctx: _Context, mention: Mention) -> None:
        kind = mention.side or "any"
        found: list[str] = []
        for referent in reversed(self._history):
            for actor in referent.actors:
                ok = {"state": self.index.types.get(actor) == "state",
                      "person": self.index.is_person(actor),
                      "any": not self.index.is_person(actor)}[kind]
                if ok and actor not in found:
                    found.append(actor)
            if len(found) >= 2:
                break
        if len(found) >= 2:
            mention.actors = (found[1], found[0])
            mention.how = f"{mention.text!r}: the two most recently named ({found[1]}, {found[0]})"
            mention.side = kind

    def _resolve_pronoun(self, ctx: _Context, mention: Mention, speaker: _Referent | None) -> None:
        word = mention.pronoun or ""
        kind = PRONOUNS[word]
        sentence = ctx.sentence.index
        referent: _Referent | None = None
        if kind in ("speaker", "side"):
            if ctx.quote_of[mention.start] is None or speaker is None:
                return
            if kind == "speaker" and speaker.actors:
                actors = speaker.actors
            elif speaker.side is not None:
                actors = (speaker.side,)
            else:
                return
            mention.actors = actors
            mention.how = f"{mention.text!r}: the speaker {speaker.text!r} ({', '.join(actors)})"
            mention.person = kind == "speaker"
            self._possessed_forces(ctx, mention)
            return
        recent = [r for r in reversed(self._history) if r.sentence >= sentence - 2 and not r.modifier]
        if kind == "thing":
            referent = next((r for r in recent if r.actors and not r.person and not r.plural), None)
        elif kind == "person":
            people = [r for r in recent if r.person and (r.actors or r.side)]
            segment = ctx.segments[mention.start]
            here = [r for r in recent if r.sentence == sentence and r.segment == segment]
            if word in ("he", "she"):
                # a subject pronoun prefers the last person who was a subject
                referent = next((r for r in people if r.subject), None) or next(iter(people), None)
            else:
                # an object pronoun is not the actor just before it in its clause ("he urged him")
                taken = set(here[0].actors) if here else set()
                referent = next((r for r in people if not set(r.actors) & taken), None)
        elif kind == "plural":
            previous = self._subjects.get(sentence - 1)
            if previous is not None and previous.plural and previous.actors:
                referent = previous
            else:
                referent = next((r for r in recent if r.plural and r.actors), None)
        if referent is None:
            return
        actors = referent.actors or ((referent.side,) if referent.side else ())
        if not actors:
            return
        mention.actors = actors
        mention.person = referent.person
        mention.plural = referent.plural
        mention.unnamed = referent.unnamed
        unnamed = " (an unnamed person, so their side)" if not referent.actors else ""
        mention.how = f"{mention.text!r}: taken to mean {referent.text!r}{unnamed} ({', '.join(actors)})"
        self._possessed_forces(ctx, mention)

    def _possessed_forces(self, ctx: _Context, mention: Mention) -> None:
        """"its troops", "our forces": the owner's armed forces."""
        if mention.pronoun not in ("its", "their", "our", "his", "her") or len(mention.actors) != 1:
            return
        tokens = ctx.tokens
        for j in range(mention.end, min(mention.end + 3, len(tokens))):
            if tokens[j].lower in self._force_nouns:
                state = self.index.side(mention.actors[0])
                forces = self.index.forces(state)
                mention.how += f"; '{_span_text(tokens, mention.start, j + 1)}': forces of {state}"
                mention.actors = (forces,)
                mention.end = j + 1
                mention.text = _span_text(tokens, mention.start, j + 1)
                return
            if tokens[j].is_punct or tokens[j].lower in PREPOSITIONS:
                return

    def _quote_speaker(self, quote: tuple[int, int, int, int, _Context]) -> _Referent | None:
        """The speaker named next to a quotation: '…," Cavusoglu said' or 'He said: "…'."""
        _, _, _, t1, end_ctx = quote
        tokens = end_ctx.tokens
        window = range(t1 + 1, min(t1 + 8, len(tokens)))
        verbs = [j for j in window if tokens[j].lower in self._say]
        if verbs:
            v = verbs[0]
            for j in [*range(t1 + 1, v), *range(v + 1, min(v + 4, len(tokens)))]:
                mention = end_ctx.at[j]
                if mention is not None and (mention.kind in ("pronoun", "person_noun") or mention.actors):
                    return self._speaker_referent(end_ctx, mention)
        return None

    def _speaker_before(self, ctx: _Context, verb: int) -> _Referent | None:
        """The subject of a verb of saying: the nearest actor, pronoun or unnamed official before it."""
        j = verb - 1
        steps = 0
        unnamed: Mention | None = None
        while j >= 0 and steps < 8:
            mention = ctx.at[j]
            if mention is not None:
                if mention.role == "modifier" or (unnamed is not None and not mention.person):
                    j = mention.start - 1
                    continue
                if mention.kind == "person_noun" and unnamed is None:
                    # "Kosachev, a senior Russian lawmaker, said": prefer the name before the apposition
                    unnamed = mention
                    j = mention.start - 1
                    continue
                if mention.actors and (unnamed is None or mention.person):
                    return self._speaker_referent(ctx, mention)
                break
            if ctx.tokens[j].text in _SEGMENT_MARKS - {","} or ctx.tokens[j].lower in SUBORDINATORS:
                break
            j -= 1
            steps += 1
        return None if unnamed is None else self._speaker_referent(ctx, unnamed)

    def _speaker_referent(self, ctx: _Context, mention: Mention) -> _Referent | None:
        if mention.kind == "pronoun" and not mention.actors:
            # resolve against what came before the quotation, not the people named inside it
            word = mention.pronoun or ""
            if PRONOUNS.get(word) != "person":
                return None
            earlier = next((r for r in reversed(self._history) if r.person and r.quote is None
                            and (r.actors or r.side)), None)
            if earlier is None:
                return None
            return _Referent(earlier.actors, f"{mention.text} ({earlier.text})", earlier.how,
                             ctx.sentence.index, mention.start, person=True, plural=False,
                             side=earlier.side, unnamed=earlier.unnamed)
        if mention.kind == "person_noun":
            self._unnamed_side(ctx, mention)
        return self._referent_of(ctx, mention, None)

    # ------------------------------------------------------------------ cues
    def _backing(self, ctx: _Context, backing: Backing) -> None:
        cue = self.lexicon.cue(backing.cue)
        token = ctx.tokens[backing.token]
        hit = Hit(cue, "prefix", backing.token, backing.token + 1, token.text)
        backer_tokens = (backing.backer_start, backing.backer_end)
        source = Arg(backing.backer, backing.backer_text, backing.how, *self._chars(ctx, *backer_tokens))
        target_mention = backing.target
        words = (target_mention.text if target_mention.start <= backing.backer_start
                 else f"{backing.backer_text}-{token.text} {target_mention.text}")
        for actor in target_mention.actors:
            target = Arg(actor, target_mention.text, target_mention.how,
                         *self._chars(ctx, target_mention.start, target_mention.end))
            self._draft(ctx, hit, source, target, cue.type,
                        [f"'{words}': \"X-{token.text} Y\", so X {cue.type} Y"], [],
                        [backer_tokens[0], backer_tokens[1] - 1, target_mention.start,
                         target_mention.end - 1])

    def _hit(self, ctx: _Context, hit: Hit) -> None:
        cue = hit.cue
        notes = [f"cue {hit.text!r}: {cue.id} → {cue.type}"
                 + (f" (CAMEO {cue.cameo})" if cue.cameo else "") + f", read as a {hit.part}"]
        penalties: list[tuple[float, str]] = []
        kind = cue.type
        negator = self._before(ctx, hit, self.lexicon.negators)
        if negator is not None:
            if cue.negated is None:
                self._skip(ctx, hit, f"negated by {negator!r}")
                return
            notes.append(f"negated by {negator!r}: {cue.type} → {cue.negated}")
            penalties.append((0.1, f"meaning flipped by the negation {negator!r}"))
            kind = cue.negated
        intent = self._before(ctx, hit, self.lexicon.modals.get("intent", ()))
        possible = self._before(ctx, hit, self.lexicon.modals.get("possibility", ()))
        condition = self._condition(ctx, hit)
        modal = intent or possible or condition
        if modal is not None and negator is None:
            what = " + ".join(repr(w) for w in (intent, possible, condition) if w)
            if cue.intent is not None:
                notes.append(f"{what}: not done but announced or possible, so {kind} → {cue.intent}")
                if possible and not intent:
                    penalties.append((0.2, f"only possible ({possible!r})"))
                kind = cue.intent
            else:
                notes.append(f"{what}: intended or possible, not reported as done")
                penalties.append((0.3 if possible and not intent else 0.2,
                                  f"stated as {'possible' if possible and not intent else 'intended'} "
                                  f"({what})"))
        if cue.speech:
            self._speech(ctx, hit, kind, notes, penalties)
        elif cue.reciprocal:
            self._reciprocal(ctx, hit, kind, notes, penalties)
        elif hit.part == "noun":
            self._noun(ctx, hit, kind, notes, penalties)
        elif hit.part == "verb" and self._passive(ctx, hit):
            self._passive_verb(ctx, hit, kind, notes, penalties)
        else:
            self._active(ctx, hit, kind, notes, penalties)

    def _before(self, ctx: _Context, hit: Hit, phrases: Sequence[str]) -> str | None:
        """The longest of ``phrases`` in the few words before the cue, inside its clause."""
        tokens = ctx.tokens
        words: list[str] = []
        j = hit.start - 1
        while j >= 0 and len(words) < 5:
            if tokens[j].text in _SEGMENT_MARKS or ctx.hit_at[j] is not None:
                break
            mention = ctx.at[j]
            if mention is not None and mention.role == "argument":
                break
            if tokens[j].lower in self._say:
                break
            words.insert(0, tokens[j].lower)
            j -= 1
        best = None
        for phrase in phrases:
            probe = self._phrase_tokens(phrase)
            if any(tuple(words[k:k + len(probe)]) == probe for k in range(len(words) - len(probe) + 1)) \
                    and (best is None or len(phrase) > len(best)):
                best = phrase
        return best

    def _phrase_tokens(self, phrase: str) -> tuple[str, ...]:
        known = self._phrases.get(phrase)
        if known is None:
            known = tuple(t.lower_ for t in nlp().make_doc(phrase.lower()))
            self._phrases[phrase] = known
        return known

    def _condition(self, ctx: _Context, hit: Hit) -> str | None:
        """A condition in the cue's clause, or opening the clause before it ("If they continue, ...")."""
        seg = ctx.segments[hit.start]
        words = self.lexicon.modals.get("condition", ())
        single = {w.lower() for w in words if " " not in w}
        for j, token in enumerate(ctx.tokens):
            same = ctx.segments[j] == seg
            opening = ctx.segments[j] == seg - 1 and (j == 0 or ctx.segments[j - 1] != ctx.segments[j])
            if (same or opening) and token.lower in single:
                return token.text
        return None

    def _passive(self, ctx: _Context, hit: Hit) -> bool:
        word = ctx.tokens[hit.start].lower
        if not word.endswith(_PARTICIPLE_ENDINGS) and word not in ("hit", "shot", "struck", "met", "held",
                                                                   "fought", "sought", "told"):
            return False
        j = hit.start - 1
        steps = 0
        while j >= 0 and steps < 3:
            word = ctx.tokens[j].lower
            if word in BE_FORMS:
                return True
            if word not in _ADVERBS and not word.endswith("ly") and word not in ("not", "n't"):
                return False
            j -= 1
            steps += 1
        return False

    # ------------------------------------------------------------------ frames
    def _active(self, ctx: _Context, hit: Hit, kind: str, notes: list[str],
                penalties: list[tuple[float, str]]) -> None:
        sources = self._left(ctx, hit.start, skip_to=True)
        targets = self._right(ctx, hit.end, hit.cue.object_preps)
        if not targets and sources:
            targets = self._retaliation(ctx, hit, sources, notes)
        self._pairs(ctx, hit, kind, sources, targets, notes, penalties)

    def _passive_verb(self, ctx: _Context, hit: Hit, kind: str, notes: list[str],
                      penalties: list[tuple[float, str]]) -> None:
        targets = self._left(ctx, hit.start)
        sources, phrase = self._agent(ctx, hit.end)
        notes.append("passive: the actor before the verb is the target"
                     + (f", the agent after {phrase!r} the source" if phrase else ""))
        if phrase and phrase != "by":
            penalties = [*penalties, (0.1, f"the agent is an attribution ({phrase!r})")]
        self._pairs(ctx, hit, kind, sources, targets, notes, penalties)

    def _noun(self, ctx: _Context, hit: Hit, kind: str, notes: list[str],
              penalties: list[tuple[float, str]]) -> None:
        tokens = ctx.tokens
        sources: list[Arg] = []
        j = hit.end
        if j < len(tokens) and tokens[j].lower == "by":
            sources = self._right(ctx, j + 1, ())
            if sources:
                notes.append(f"source after 'by {sources[0].text}'")
                j = self._end_of(ctx, sources) or j
        if not sources:
            k = hit.start - 1
            if k >= 0 and tokens[k].lower in ("'s", "’s"):
                k -= 1
            mention = ctx.at[k] if k >= 0 else None
            if mention is not None and mention.end == k + 1 and mention.actors and mention.role == "argument":
                sources = self._args(ctx, mention)
                notes.append(f"source {mention.text!r} right before the noun")
        if not sources:
            sources = self._left(ctx, hit.start, max_steps=6)
            if sources:
                notes.append("source: the subject of the clause")
        targets = self._right(ctx, j, hit.cue.object_preps, need_prep=True)
        if not targets and sources:
            targets = self._retaliation(ctx, hit, sources, notes)
        self._pairs(ctx, hit, kind, sources, targets, notes, [*penalties, (0.05, "read from a noun")])

    def _reciprocal(self, ctx: _Context, hit: Hit, kind: str, notes: list[str],
                    penalties: list[tuple[float, str]]) -> None:
        tokens = ctx.tokens
        preps = tuple(dict.fromkeys((*hit.cue.object_preps, "with", "between")))
        right = self._right(ctx, hit.end, preps, need_prep=hit.part == "noun")
        between = hit.end < len(tokens) and tokens[hit.end].lower == "between"
        if between and len(right) >= 2:
            notes.append("reciprocal: 'between A and B'")
            self._pair_up(ctx, hit, kind, right[0], right[1:], notes, penalties)
            return
        compound = self._compound(ctx, hit)
        if compound is not None:
            notes.append(f"reciprocal: '{compound[0].text}-{compound[1].text}' before the cue")
            self._pair_up(ctx, hit, kind, compound[0], [compound[1]], notes, penalties)
            return
        left = self._left(ctx, hit.start, skip_to=True, cross_preps=hit.part == "noun",
                          max_steps=10 if hit.part == "noun" else 8)
        if len(left) >= 2:
            notes.append("reciprocal: the actors of the clause's subject")
            self._pair_up(ctx, hit, kind, left[0], left[1:], notes, penalties)
            return
        if left and right:
            notes.append("reciprocal: the subject and the actor after the cue")
            self._pair_up(ctx, hit, kind, left[0], right, notes, penalties)
            return
        speaker = ctx.speaker[hit.start]
        if right and speaker is not None and speaker.side is not None:
            party = Arg(speaker.side, speaker.text, f"the speaker {speaker.text!r}'s side ({speaker.side})",
                        None, None, 0.15, "the other party is the speaker's side")
            notes.append("reciprocal: the speaker's side and the actor after the cue")
            self._pair_up(ctx, hit, kind, party, right, notes, penalties)
            return
        self._skip(ctx, hit, "only one party named" if (left or right) else "no actor named around the cue")

    def _speech(self, ctx: _Context, hit: Hit, kind: str, notes: list[str],
                penalties: list[tuple[float, str]]) -> None:
        speaker = ctx.speaker[hit.start]
        if speaker is None or (speaker.side is None and not speaker.actors):
            self._skip(ctx, hit, "no speaker to make the demand")
            return
        targets = self._left(ctx, hit.start, cross_preps=True, max_steps=10)
        actor = speaker.side or speaker.actors[0]
        source = Arg(actor, speaker.text, f"the speaker {speaker.text!r} ({actor})", None, None,
                     0.05, "the source is the speaker")
        notes.append(f"said by {speaker.text!r}: the speaker's side demands it of the subject")
        self._pairs(ctx, hit, kind, [source], targets, notes, penalties)

    def _pair_up(self, ctx: _Context, hit: Hit, kind: str, first: Arg, others: Sequence[Arg],
                 notes: list[str], penalties: list[tuple[float, str]]) -> None:
        self._pairs(ctx, hit, kind, [first], list(others), notes, penalties)

    def _pairs(self, ctx: _Context, hit: Hit, kind: str, sources: Sequence[Arg], targets: Sequence[Arg],
               notes: list[str], penalties: list[tuple[float, str]]) -> None:
        if not sources or not targets:
            what = "source" if not sources else "target"
            self._skip(ctx, hit, f"no {what} actor found in the clause")
            return
        speaker = ctx.speaker[hit.start]
        for source in sources:
            for target in targets:
                extra = list(penalties)
                more = []
                if speaker is not None and not hit.cue.speech:
                    side = speaker.side or (speaker.actors[0] if speaker.actors else None)
                    if speaker.unnamed:
                        extra.append((0.1, f"reported by an unnamed source ({speaker.text!r})"))
                        more.append(f"reported by {speaker.text!r}")
                    elif side is not None and side != self.index.side(source.actor):
                        extra.append((0.1, f"a claim by {speaker.text!r}"))
                        more.append(f"reported by {speaker.text!r}")
                self._draft(ctx, hit, source, target, kind, [*notes, *more], extra, [])

    def _draft(self, ctx: _Context, hit: Hit, source: Arg, target: Arg, kind: str, notes: list[str],
               penalties: list[tuple[float, str]], tokens: list[int]) -> None:
        if self.index.parent(source.actor) == self.index.parent(target.actor):
            self._skip(ctx, hit, f"source and target are the same actor ({source.actor}, {target.actor})")
            return
        date, date_note = self._date_for(ctx, hit)
        involved = [hit.start, hit.end - 1, *tokens]
        for arg in (source, target):
            if arg.start is not None and arg.end is not None:
                a, b = _token_span(ctx.tokens, arg.start, arg.end)
                involved += [a, b - 1]
        if date is not None:
            a, b = _token_span(ctx.tokens, date.start, date.end)
            involved += [a, b - 1]
        self.drafts.append(Draft(ctx.sentence, hit, source, target, kind, notes, penalties, date,
                                 date_note, involved))

    def _skip(self, ctx: _Context, hit: Hit, reason: str) -> None:
        first, last = ctx.tokens[hit.start], ctx.tokens[hit.end - 1]
        self.skips.append(Skip(ctx.sentence.index, hit.cue.id, hit.text, first.start, last.end, reason))

    # ------------------------------------------------------------------ argument search
    def _args(self, ctx: _Context, mention: Mention) -> list[Arg]:
        start, end = self._chars(ctx, mention.start, mention.end)
        penalty, reason = 0.0, None
        if mention.kind == "pronoun":
            penalty, reason = (0.05, "the speaker stands for an actor") if mention.pronoun in (
                "i", "me", "my", "we", "us", "our") else (0.1, f"pronoun {mention.text!r} resolved")
        elif mention.kind == "group":
            penalty, reason = 0.1, f"{mention.text!r} resolved to the two actors named before"
        elif mention.kind == "population":
            penalty, reason = 0.15, f"{mention.text!r} read as the dataset's population actor"
        if "unnamed person" in mention.how:
            penalty, reason = 0.15, "an unnamed person stands for their side"
        return [Arg(actor, mention.text, mention.how, start, end, penalty, reason)
                for actor in mention.actors]

    def _chars(self, ctx: _Context, start: int, end: int) -> tuple[int, int]:
        return ctx.tokens[start].start, ctx.tokens[end - 1].end

    def _end_of(self, ctx: _Context, args: Sequence[Arg]) -> int | None:
        ends = [a.end for a in args if a.end is not None]
        if not ends:
            return None
        last = max(ends)
        return next((t.i + 1 for t in ctx.tokens if t.end == last), None)

    def _accepts(self, mention: Mention) -> bool:
        return mention.role == "argument" and mention.kind != "person_noun" and mention.resolved

    def _left(self, ctx: _Context, pos: int, *, skip_to: bool = False, cross_preps: bool = False,
              max_steps: int = 8) -> list[Arg]:
        tokens = ctx.tokens
        j = pos - 1
        if skip_to and j >= 0 and tokens[j].lower == "to":
            j -= 1
        steps = 0
        while j >= 0 and steps <= max_steps:
            mention = ctx.at[j]
            if mention is not None:
                if self._accepts(mention):
                    return self._coordinated_left(ctx, mention)
                if mention.kind == "pronoun" and mention.role == "argument":
                    return []
                j = mention.start - 1
                steps += 1
                continue
            word = tokens[j].lower
            if word in RELATIVES:
                return self._antecedent(ctx, j)
            if word == ",":
                # "Tehran, which backs Damascus, criticised": the subject is before the relative clause
                k = next((k for k in range(j - 1, max(j - 16, 0), -1) if tokens[k].text == ","), None)
                if k is not None and tokens[k + 1].lower in ("which", "who"):
                    return self._antecedent(ctx, k + 1)
                return []
            if word in _SEGMENT_MARKS or word in SUBORDINATORS or word in self._say:
                return []
            if word in PREPOSITIONS and word != "of" and not cross_preps:
                return []
            hit = ctx.hit_at[j]
            if hit is not None and hit.part == "verb":
                return []
            j -= 1
            steps += 1
        return []

    def _antecedent(self, ctx: _Context, j: int) -> list[Arg]:
        k = j - 1
        if k >= 0 and ctx.tokens[k].text == ",":
            k -= 1
        mention = ctx.at[k] if k >= 0 else None
        if mention is not None and mention.resolved and mention.role in ("argument", "place"):
            args = self._args(ctx, mention)
            return [Arg(a.actor, a.text, a.how + f" (antecedent of {ctx.tokens[j].text!r})", a.start, a.end,
                        a.penalty, a.reason) for a in args]
        return []

    def _coordinated_left(self, ctx: _Context, mention: Mention) -> list[Arg]:
        found = [mention]
        k = mention.start - 1
        while k >= 1 and ctx.tokens[k].lower in ("and", "or", ","):
            before = ctx.at[k - 1]
            if before is None or not self._accepts(before) or self._after_verb(ctx, before):
                break
            found.insert(0, before)
            k = before.start - 1
        return [a for m in found for a in self._args(ctx, m)]

    def _after_verb(self, ctx: _Context, mention: Mention) -> bool:
        j = mention.start - 1
        while j >= 0 and ctx.tokens[j].lower in ("the", "a", "an", "president", "minister"):
            j -= 1
        return j >= 0 and ctx.hit_at[j] is not None

    def _right(self, ctx: _Context, pos: int, preps: Sequence[str], *, need_prep: bool = False,
               max_steps: int = 8) -> list[Arg]:
        tokens = ctx.tokens
        j = pos
        steps = 0
        seen_prep = False
        while j < len(tokens) and steps <= max_steps:
            mention = ctx.at[j]
            if mention is not None:
                if self._accepts(mention):
                    if need_prep and not seen_prep:
                        return []
                    return self._coordinated_right(ctx, mention)
                if mention.kind == "pronoun" and mention.role == "argument":
                    return []
                j = mention.end
                steps += 1
                continue
            word = tokens[j].lower
            if word in _SEGMENT_MARKS or word in SUBORDINATORS or word in self._say:
                return []
            if word in PREPOSITIONS:
                if word not in preps:
                    return []
                seen_prep = True
            elif need_prep and not seen_prep and j == pos:
                return []
            hit = ctx.hit_at[j]
            if hit is not None and hit.part == "verb" and j != pos:
                return []
            j += 1
            steps += 1
        return []

    def _coordinated_right(self, ctx: _Context, mention: Mention) -> list[Arg]:
        found = [mention]
        tokens = ctx.tokens
        k = mention.end
        while k + 1 < len(tokens) and tokens[k].lower in ("and", "or", ","):
            k += 1
            if tokens[k].lower in ("and", "or") and tokens[k - 1].text == ",":
                k += 1
            after = ctx.at[k] if k < len(tokens) else None
            if after is None or after.start != k or not self._accepts(after):
                break
            nxt = after.end
            while nxt < len(tokens) and tokens[nxt].lower in ("has", "have", "had", "is", "was", "were",
                                                              "are", "will", "would"):
                nxt += 1
            verb = ctx.hit_at[nxt] if nxt < len(tokens) else None
            if verb is not None and verb.part == "verb":
                break
            found.append(after)
            k = after.end
        return [a for m in found for a in self._args(ctx, m)]

    def _agent(self, ctx: _Context, pos: int) -> tuple[list[Arg], str | None]:
        tokens = ctx.tokens
        for j in range(pos, min(pos + 14, len(tokens))):
            if tokens[j].text in (";", ".") or tokens[j].lower in ("while", "but", "although", "whereas"):
                break
            for phrase in _AGENT_PHRASES:
                if tuple(t.lower for t in tokens[j:j + len(phrase)]) == phrase:
                    agents = self._right(ctx, j + len(phrase), (), max_steps=3)
                    if agents:
                        return agents, " ".join(phrase)
        return [], None

    def _compound(self, ctx: _Context, hit: Hit) -> tuple[Arg, Arg] | None:
        """ "Russian-Turkish agreements": two actors joined by a hyphen before the cue."""
        tokens = ctx.tokens
        j = hit.start - 1
        skipped = 0
        while j >= 0 and ctx.at[j] is None and skipped < 2 and tokens[j].text.isalpha() \
                and tokens[j].lower not in ("the", "a", "an"):
            j -= 1
            skipped += 1
        second = ctx.at[j] if j >= 0 else None
        if second is None or not second.actors or second.end != j + 1:
            return None
        k = second.start - 1
        if k < 1 or tokens[k].text not in ("-", "‑", "–"):
            return None
        first = ctx.at[k - 1]
        if first is None or not first.actors or first.end != k:
            return None
        return self._args(ctx, first)[0], self._args(ctx, second)[0]

    def _retaliation(self, ctx: _Context, hit: Hit, sources: Sequence[Arg], notes: list[str]) -> list[Arg]:
        """The target of a retaliation that names none: the last actor to attack the source's side."""
        cue = hit.cue
        sentence_text = ctx.sentence.text_of(self.text).lower()
        marked = cue.retaliation or (
            cue.type in _ATTACK_TYPES and any(m in sentence_text for m in self._markers))
        if not marked:
            return []
        side = self.index.side(sources[0].actor)
        for draft in reversed(self.drafts):
            if draft.sentence.index < ctx.sentence.index - 12:
                break
            if draft.type not in _ATTACK_TYPES:
                continue
            attacker = draft.source.actor
            if self.index.side(draft.target.actor) == side and self.index.side(attacker) != side:
                quote = draft.sentence.text_of(self.text)
                excerpt = quote if len(quote) <= 60 else quote[:57] + "..."
                notes.append(f"target inferred: retaliation for {attacker} {draft.type} "
                             f"{draft.target.actor} (sentence {draft.sentence.index + 1}: {excerpt!r})")
                return [Arg(attacker, f"(the attacker in sentence {draft.sentence.index + 1})",
                            f"retaliation against the last attacker of {side}: {attacker}", None, None,
                            0.3, "the target is inferred (retaliation for an earlier attack)")]
        return []

    # ------------------------------------------------------------------ dates
    def _date_for(self, ctx: _Context, hit: Hit) -> tuple[DateMention | None, str | None]:
        if not ctx.dates:
            return None, None
        seg = ctx.segments[hit.start]
        same = [(d, span) for d, span in zip(ctx.dates, ctx.date_tokens, strict=True)
                if ctx.segments[span[0]] == seg]
        if same:
            best = min(same, key=lambda ds: min(abs(ds[1][0] - hit.start), abs(ds[1][1] - hit.end)))
            return best[0], None
        first_date, first_span = ctx.dates[0], ctx.date_tokens[0]
        opening = ctx.segments[first_span[0]] == 0 and ctx.segments[hit.start] > 0 and \
            sum(1 for s in ctx.segments if s == 0) <= first_span[1] - first_span[0] + 2
        if opening:
            return first_date, f"date from the sentence's opening {first_date.text!r}"
        return None, None


def _names_something(mention: Mention | None) -> bool:
    """Whether a token belongs to a name (a cue word inside an actor's name is not a cue)."""
    return mention is not None and mention.kind != "pronoun" and mention.role != "place"


def _quote_spans(contexts: Sequence[_Context]) -> list[tuple[int, int, int, int, _Context]]:
    """Quotations of a paragraph: (first sentence, first token, last sentence, last token, last context)."""
    spans = []
    open_at: tuple[int, int] | None = None
    for ctx in contexts:
        for token in ctx.tokens:
            if token.text not in QUOTE_MARKS:
                continue
            here = (ctx.sentence.index, token.i)
            opens = token.text in ("“", "«", "„") or (token.text == '"' and open_at is None)
            if opens and open_at is None:
                open_at = here
            elif open_at is not None:
                spans.append((*open_at, *here, ctx))
                open_at = None
    return spans


def _token_span(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int]:
    """Token positions covering the characters ``[start, end)``."""
    first = next((t.i for t in tokens if t.end > start), 0)
    last = next((t.i for t in reversed(tokens) if t.start < end), len(tokens) - 1)
    return first, last + 1


def _span_text(tokens: Sequence[Token], start: int, end: int) -> str:
    parts = []
    for n, token in enumerate(tokens[start:end]):
        if n and token.space_before:
            parts.append(" ")
        parts.append(token.text)
    return "".join(parts)
