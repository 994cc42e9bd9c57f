"""The files an import reads: paths, folders and globs expanded; ``.zip`` members extracted; lines found.

A ``.gz`` file is read by the engine as it is. A ``.zip`` archive's members are copied out (streamed,
never whole into memory) into the import's working folder, and messages name them
``archive.zip:member``.
"""

from __future__ import annotations

import glob
import gzip
import os
import re
import shutil
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graphlib_conflict.io.events._spec import EventImportError
from graphlib_conflict.problems import Problem

__all__ = ["InputFile", "cut_short", "expand_paths", "head_bytes", "line_numbers", "lines_with_bad_text"]

HEAD_BYTES = 1 << 16
"""Bytes read from the start of each file to tell its layout."""
_CHUNK = 1 << 24


@dataclass(frozen=True)
class InputFile:
    """One file to read.

    Attributes
    ----------
    path : str
        What the engine reads (absolute; an extracted member for a ``.zip``).
    display : str
        What messages and the rejects file name.
    """

    path: str
    display: str


def _is_glob(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def expand_paths(paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
                 workdir: Path) -> list[InputFile]:
    """Files in the order given: a folder gives its files (sorted, hidden ones left out), a glob its
    matches (sorted, ``**`` recursive), a ``.zip`` its members.

    Raises
    ------
    EventImportError
        Naming every path that does not exist or matches nothing.
    """
    items: Iterable[str | os.PathLike[str]] = [paths] if isinstance(paths, (str, os.PathLike)) else paths
    found: list[Path] = []
    problems: list[Problem] = []
    for item in items:
        text = os.fspath(item)
        if _is_glob(text) and not Path(text).exists():
            matches = sorted(Path(m) for m in glob.glob(text, recursive=True) if Path(m).is_file())
            if not matches:
                problems.append(Problem("no file matches this pattern", file=text))
            found.extend(matches)
        elif Path(text).is_dir():
            files = sorted(p for p in Path(text).iterdir() if p.is_file() and not p.name.startswith("."))
            if not files:
                problems.append(Problem("the folder holds no files", file=text))
            found.extend(files)
        elif Path(text).is_file():
            found.append(Path(text))
        else:
            problems.append(Problem("file not found", file=text, hint="check the path"))
    if not found and not problems:
        problems.append(Problem("no files given", expected="one or more files, folders or globs"))
    if problems:
        raise EventImportError(problems, summary="cannot find the event files")
    out: list[InputFile] = []
    for number, path in enumerate(found):
        if path.suffix.lower() == ".zip":
            out.extend(_extract(path, workdir / f"zip{number}"))
        else:
            out.append(InputFile(str(path.resolve()), str(path)))
    return out


def _extract(archive: Path, folder: Path) -> list[InputFile]:
    try:
        with zipfile.ZipFile(archive) as zf:
            members = [m for m in zf.infolist() if not m.is_dir()
                       and not Path(m.filename).name.startswith(".") and "__MACOSX" not in m.filename]
            out = []
            for pos, member in enumerate(members):
                target = folder / f"{pos}_{Path(member.filename).name}"
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(member) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst, _CHUNK)
                out.append(InputFile(str(target.resolve()), f"{archive}:{member.filename}"))
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise EventImportError(Problem(
            f"not a readable .zip archive ({exc})", file=str(archive), expected="a whole .zip archive",
            hint="it is damaged or cut short (an interrupted download?): download it again")) from None
    if not out:
        raise EventImportError(Problem("the .zip archive holds no files", file=str(archive)))
    return out


def _open(path: str):  # type: ignore[no-untyped-def]
    return gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb")


def head_bytes(file: InputFile, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes of a file (decompressed), or the file's problem.

    Raises
    ------
    EventImportError
        If the file cannot be read (a ``.gz`` that is not gzip).
    """
    try:
        with _open(file.path) as handle:
            return handle.read(size)
    except (OSError, EOFError) as exc:
        raise EventImportError(Problem(f"cannot read the file: {exc}", file=file.display)) from None


def cut_short(file: InputFile) -> Problem | None:
    """The problem of a ``.gz`` file whose data ends before its end marker (an interrupted
    download or copy), naming the line it ends in; ``None`` for a whole file or another kind.

    Decompresses the file once, in chunks; called only once the engine failed to read it.
    """
    if not file.path.lower().endswith(".gz"):
        return None
    lines = 0
    stream = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        with open(file.path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                while chunk:
                    if stream.eof:  # one member ended and another follows (``cat a.gz b.gz``)
                        stream = zlib.decompressobj(zlib.MAX_WBITS | 16)
                    lines += stream.decompress(chunk).count(b"\n")
                    chunk = stream.unused_data
    except zlib.error as exc:
        return Problem(f"the .gz data is damaged after line {lines} ({exc})", file=file.display,
                       line=lines + 1, expected="a whole gzip file",
                       hint="download or copy it again")
    if stream.eof:
        return None
    return Problem(f"the .gz file is cut short: it ends inside line {lines + 1}", file=file.display,
                   line=lines + 1, expected="a whole gzip file (its end marker)",
                   hint=f"download or copy it again (an interrupted transfer?); `gunzip -c` recovers the "
                        f"{lines:,} whole lines before the cut")


_BAD_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]")
"""``problems.BAD_CHARACTERS`` in UTF-8 bytes (C1 controls and U+FFFE/U+FFFF are multi-byte)."""


def lines_with_bad_text(path: str, event_ids: Sequence[str]) -> list[tuple[int, str]]:
    """The line (1-based) and text of the row of each event id, among the lines of ``path`` that
    hold a character no dataset may hold; a row whose line does not show its id (a value spanning
    lines) gets the first such line not yet given.

    Reads the file once, line by line; called only for the (rare) files with such rows.
    """
    found: list[tuple[int, bytes]] = []
    with _open(path) as handle:
        for number, line in enumerate(handle, 1):
            if _BAD_BYTES.search(line):
                found.append((number, line.rstrip(b"\r\n")))
    out: list[tuple[int, str]] = []
    used: set[int] = set()
    for event_id in event_ids:
        key = event_id.encode("utf-8")
        pick = next(((n, t) for n, t in found if n not in used and key in t), None)
        pick = pick or next(((n, t) for n, t in found if n not in used), (0, b""))
        used.add(pick[0])
        out.append((pick[0], pick[1].decode("utf-8", "replace")))
    return out


def line_numbers(path: str, positions: Sequence[int]) -> dict[int, int]:
    """The 1-based physical line holding each byte position (of the decompressed file).

    Reads the file once, as far as the last position, counting line breaks in large chunks.

    Examples
    --------
    >>> import tempfile, os
    >>> fd, name = tempfile.mkstemp(); _ = os.write(fd, b"a\\nbb\\r\\nc\\n"); os.close(fd)
    >>> line_numbers(name, [0, 2, 6])
    {0: 1, 2: 2, 6: 3}
    >>> os.remove(name)
    """
    wanted = sorted(set(positions))
    out: dict[int, int] = {}
    if not wanted:
        return out
    lines_before = 0
    offset = 0
    index = 0
    with _open(path) as handle:
        while index < len(wanted):
            chunk = handle.read(_CHUNK)
            if not chunk:
                break
            end = offset + len(chunk)
            while index < len(wanted) and wanted[index] < end:
                out[wanted[index]] = lines_before + chunk.count(b"\n", 0, wanted[index] - offset) + 1
                index += 1
            lines_before += chunk.count(b"\n")
            offset = end
    for pos in wanted[index:]:
        out[pos] = lines_before + 1
    return out
