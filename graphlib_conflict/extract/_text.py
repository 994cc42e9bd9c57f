"""An article as paragraphs, sentences and tokens, each with its character offsets in the text.

Tokenisation and sentence splitting are spaCy's rule-based English pipeline (``spacy.blank("en")``
with a ``sentencizer``): no statistical model, nothing downloaded. Paragraphs (blocks separated by a
blank line) are read one at a time, so a headline never runs into the first sentence, and an opening
quotation mark that the sentencizer leaves at the end of a sentence is moved to the next one.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from graphlib_conflict.exceptions import OptionalDependencyError, ParameterError
from graphlib_conflict.problems import character_name

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["INSTALL_HINT", "MAX_CHARS", "MAX_SENTENCE_TOKENS", "Sentence", "Token", "check_text",
           "match_sentence", "nlp", "read_article"]

INSTALL_HINT = 'pip install "graphlib_conflict[extract]"'
"""The command that installs what extraction needs."""

MAX_CHARS = 1_000_000
"""Longest article read (about 150,000 words); a longer text is refused with a message."""

MAX_SENTENCE_TOKENS = 200
"""A longer run without a full stop (a list, a table, a text without punctuation) is read in pieces
of at most this many tokens, cut after a comma or semicolon where there is one, so that reading stays
linear in the length of the text."""

QUOTE_MARKS = frozenset({'"', "“", "”", "«", "»", "„"})
OPENING_QUOTES = frozenset({"“", "«", "„"})
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*(?:\r?\n[ \t]*)+|[\x0b\x0c\u2028\u2029]+")
# what no dataset may hold (problems.BAD_CHARACTERS) but the form feed and vertical tab, which
# break paragraphs here and so never reach a quote
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark.

    Attributes
    ----------
    i : int
        Position in its sentence.
    text, lower : str
        As written, and lower-cased.
    start, end : int
        Character offsets in the article (``text[start:end]`` is the token).
    space_before : bool
        Whether white space precedes it.
    """

    i: int
    text: str
    lower: str
    start: int
    end: int
    space_before: bool

    @property
    def is_punct(self) -> bool:
        """Whether the token is punctuation only."""
        return all(unicodedata.category(ch).startswith("P") or ch in "—–-" for ch in self.text)

    @property
    def is_capitalised(self) -> bool:
        """Whether the token starts with an upper-case letter."""
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Sentence:
    """A sentence: its tokens, offsets, and place in the article.

    Attributes
    ----------
    index : int
        Position in the article (from 0).
    paragraph : int
        Paragraph number (from 0).
    tokens : tuple of Token
    start, end : int
        Character offsets in the article.
    doc : spacy.tokens.Doc
        The paragraph's spaCy document (for spaCy's matchers).
    doc_start : int
        Index in ``doc`` of this sentence's first token.
    doc_index : tuple of int
        For each token, its index in ``doc`` (white-space tokens are dropped from ``tokens``).
    """

    index: int
    paragraph: int
    tokens: tuple[Token, ...]
    start: int
    end: int
    doc: Any
    doc_index: tuple[int, ...]

    def text_of(self, article: str) -> str:
        """The sentence as written in the article."""
        return article[self.start:self.end]


@cache
def nlp() -> Language:
    """spaCy's blank English pipeline with a rule-based sentencizer (made once).

    Raises
    ------
    OptionalDependencyError
        If spaCy is not installed (the message gives the install command).
    """
    try:
        import spacy
    except ImportError as exc:
        raise OptionalDependencyError(
            f"reading articles needs spaCy, which is not installed: {INSTALL_HINT}") from exc
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    pipeline.max_length = MAX_CHARS + 1
    return pipeline


def check_text(text: Any) -> str:
    """The article text, or a clear error for empty, huge, binary or non-text input.

    Parameters
    ----------
    text : str or bytes
        Bytes must be UTF-8 (a byte-order mark is dropped).

    Raises
    ------
    ParameterError
        Saying what is wrong and where (the line and column of a control character).

    Examples
    --------
    >>> check_text("  ")
    Traceback (most recent call last):
    ...
    graphlib_conflict.exceptions.ParameterError: the article is empty
    >>> check_text(b"caf\\xe9")
    Traceback (most recent call last):
    ...
    graphlib_conflict.exceptions.ParameterError: the article is not UTF-8 text: byte 0xe9 at offset 3 ...
    """
    if isinstance(text, (bytes, bytearray)):
        raw = bytes(text)
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParameterError(
                f"the article is not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start} "
                "cannot be read; decode it with its own encoding first (the command line takes "
                "--encoding)") from None
    if not isinstance(text, str):
        raise ParameterError(f"the article must be text (str or UTF-8 bytes), not {type(text).__name__}")
    if not text.strip():
        raise ParameterError("the article is empty")
    if len(text) > MAX_CHARS:
        raise ParameterError(f"the article is too long: {len(text):,} characters, the limit is "
                             f"{MAX_CHARS:,}; split it into articles")
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise ParameterError(
            f"the article holds {character_name(bad.group())} at line {line}, column {column}: remove "
            "it (often a stray byte from a PDF or a binary file)")
    return text


def read_article(text: str) -> list[Sentence]:
    """Split checked text into sentences of tokens, with offsets into ``text``.

    Examples
    --------
    >>> sents = read_article('Turkey warned Syria.\\n\\nHe said: "We will respond." Then he left.')
    >>> [s.tokens[0].text for s in sents]
    ['Turkey', 'He', 'Then']
    >>> t = sents[1].tokens[-1]
    >>> t.text, t.start
    ('"', 48)
    """
    pipeline = nlp()
    blocks = _paragraphs(text)
    sentences: list[Sentence] = []
    for paragraph, (doc, offset) in enumerate(
            zip(pipeline.pipe(text[a:b] for a, b in blocks), (a for a, _ in blocks), strict=True)):
        for first, last in _pieces(doc, _sentence_bounds(doc)):
            kept = [j for j in range(first, last) if not doc[j].is_space]
            if not kept:
                continue
            tokens = tuple(
                Token(i=n, text=doc[j].text, lower=doc[j].lower_, start=offset + doc[j].idx,
                      end=offset + doc[j].idx + len(doc[j].text),
                      space_before=j > 0 and (bool(doc[j - 1].whitespace_) or doc[j - 1].is_space))
                for n, j in enumerate(kept))
            sentences.append(Sentence(index=len(sentences), paragraph=paragraph, tokens=tokens,
                                      start=tokens[0].start, end=tokens[-1].end, doc=doc,
                                      doc_index=tuple(kept)))
    return sentences


def _paragraphs(text: str) -> list[tuple[int, int]]:
    blocks = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        blocks.append((position, match.start()))
        position = match.end()
    blocks.append((position, len(text)))
    out = []
    for a, b in blocks:
        chunk = text[a:b]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append((a + lead, a + lead + len(stripped)))
    return out


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Sentence token ranges, with opening quotation marks moved to the sentence they open."""
    bounds = [(s.start, s.end) for s in doc.sents]
    fixed: list[tuple[int, int]] = []
    carry = 0
    for first, last in bounds:
        first -= carry
        carry = 0
        end = last
        # a quotation mark after a space and before a word opens the next sentence
        while end - 1 > first and _opens_quote(doc, end - 1):
            end -= 1
            carry += 1
        fixed.append((first, end))
    return [(a, b) for a, b in fixed if b > a]


def _pieces(doc: Doc, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences cut into pieces of at most :data:`MAX_SENTENCE_TOKENS` tokens."""
    out = []
    for first, last in bounds:
        while last - first > MAX_SENTENCE_TOKENS:
            limit = first + MAX_SENTENCE_TOKENS
            cut = next((j + 1 for j in range(limit - 1, first + MAX_SENTENCE_TOKENS // 2, -1)
                        if doc[j].text in (",", ";", ":")), limit)
            out.append((first, cut))
            first = cut
        out.append((first, last))
    return out


def _opens_quote(doc: Doc, j: int) -> bool:
    token = doc[j]
    if token.text not in QUOTE_MARKS:
        return False
    if token.text in OPENING_QUOTES:
        return True
    before = j > 0 and (bool(doc[j - 1].whitespace_) or doc[j - 1].is_space)
    return before and not token.whitespace_ and j + 1 < len(doc)


_MATCHES: dict[tuple[int, int], tuple[Any, Any, list[int], list[tuple[str, int, int]]]] = {}


def match_sentence(matcher: Any, sentence: Sentence) -> list[tuple[str, int, int]]:
    """Run a spaCy matcher over one sentence: ``(key, start, end)`` in sentence token positions.

    The matcher runs once per paragraph (the sentences share its ``Doc``) and each sentence takes
    the matches inside it, so reading stays linear in the length of the text.
    """
    doc = sentence.doc
    key = (id(matcher), id(doc))
    cached = _MATCHES.get(key)
    if cached is None or cached[0] is not matcher or cached[1] is not doc:
        strings = doc.vocab.strings
        found = sorted(((str(strings[match_id]), a, b) for match_id, a, b in matcher(doc)),
                       key=lambda m: (m[1], m[0]))
        if len(_MATCHES) > 8:
            _MATCHES.clear()
        cached = (matcher, doc, [m[1] for m in found], found)
        _MATCHES[key] = cached
    first, last = sentence.doc_index[0], sentence.doc_index[-1]
    local = {j: n for n, j in enumerate(sentence.doc_index)}
    starts, found = cached[2], cached[3]
    out = []
    for name, a, b in found[bisect_left(starts, first):bisect_right(starts, last)]:
        if b - 1 > last:
            continue
        start, end = local.get(a), local.get(b - 1)
        if start is not None and end is not None:
            out.append((name, start, end + 1))
    return out
