"""Problems found in input, and the hints that help fix them.

A :class:`Problem` names the file, the line (YAML) or row (CSV), the record and field, what was wrong,
what was expected, and a hint. Readers collect problems and raise them all at once in a
:class:`~graphlib_conflict.exceptions.DatasetError`; :func:`graphlib_conflict.validate` returns them in a
:class:`~graphlib_conflict.validation.ValidationReport`.

This module sits at the bottom of the package: it imports nothing of ours.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["BAD_CHARACTERS", "Problem", "Severity", "bad_character", "character_name", "did_you_mean",
           "sort_problems"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem found in a dataset.

    Attributes
    ----------
    message : str
        What is wrong, with the offending value.
    file : str or None
        The file it was found in (``None`` for in-memory tables).
    line : int or None
        1-based line in a YAML file, or 1-based line of the row in a CSV file (the header is line 1).
    record : str or None
        Which record: ``"relations[3] (id 'tur-attacks-syr')"``.
    field : str or None
        The field, e.g. ``"source"`` or ``"evidence[0].source"``.
    expected : str or None
        What was expected there.
    hint : str or None
        How to fix it ("did you mean 'TUR'?").
    severity : {"error", "warning"}
        Errors make a dataset invalid; warnings do not.
    """

    message: str
    file: str | None = None
    line: int | None = None
    record: str | None = None
    field: str | None = None
    expected: str | None = None
    hint: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = os.fspath(self.file) + (f":{self.line}" if self.line is not None else "")
        elif self.line is not None:
            where = f"line {self.line}"
        place = ".".join(p for p in (self.record, self.field) if p)
        head = ": ".join(p for p in (where, place) if p)
        text = f"{head}: {self.message}" if head else self.message
        if self.severity == "warning":
            text = "warning: " + text
        if self.expected:
            text += f" (expected {self.expected})"
        if self.hint:
            text += f" — {self.hint}"
        return text


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """File order: by file, then line (problems without a line last, in the order found)."""
    indexed = list(enumerate(problems))
    indexed.sort(key=lambda ip: (ip[1].file or "", ip[1].line is None, ip[1].line or 0, ip[0]))
    return [p for _, p in indexed]


def did_you_mean(value: str, choices: Sequence[str] | Iterable[str], *, n: int = 3) -> str | None:
    """A hint naming the closest choices, or ``None``.

    Examples
    --------
    >>> did_you_mean("TRK", ["TUR", "RUS", "IRN"])
    "did you mean 'TUR'?"
    """
    pool = list(dict.fromkeys(str(c) for c in choices))
    target = str(value)
    scored = sorted(
        ((difflib.SequenceMatcher(None, target.casefold(), c.casefold()).ratio(), c) for c in pool),
        key=lambda sc: -sc[0],
    )
    best = scored[0][0] if scored else 0.0
    close = [c for score, c in scored[:n] if score >= 0.5 and score >= best - 0.05]
    if not close:
        return None
    return "did you mean " + " or ".join(repr(c) for c in close) + "?"


BAD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters no text in a dataset may hold: control characters (C0 but tab and line breaks, DEL,
C1), lone surrogates (UTF-8 cannot store them) and the non-characters U+FFFE and U+FFFF (XML cannot
hold them). Each one would be lost or refused by some format, or invisible in every view."""


def bad_character(text: str) -> str | None:
    r"""What the first character of ``text`` that no dataset may hold is, or ``None``.

    Examples
    --------
    >>> bad_character("Turkey"), bad_character("Tur\x00key")
    (None, 'a control character (U+0000)')
    >>> bad_character("\ud83d")
    'a lone surrogate (U+D83D): half of a character, which UTF-8 cannot store'
    >>> bad_character("\uffff")
    'a non-character (U+FFFF), which XML cannot hold'
    """
    found = BAD_CHARACTERS.search(text)
    if found is None:
        return None
    name = character_name(found.group())
    code = ord(found.group())
    if 0xD800 <= code <= 0xDFFF:
        return f"{name}: half of a character, which UTF-8 cannot store"
    if code >= 0xFFFE:
        return f"{name}, which XML cannot hold"
    return name


def character_name(character: str) -> str:
    r"""What kind of character one of :data:`BAD_CHARACTERS` is, with its code point.

    >>> character_name("\x1b"), character_name("\udc80"), character_name("\ufffe")
    ('a control character (U+001B)', 'a lone surrogate (U+DC80)', 'a non-character (U+FFFE)')
    """
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate (U+{code:04X})"
    if code >= 0xFFFE:
        return f"a non-character (U+{code:04X})"
    return f"a control character (U+{code:04X})"
