"""Every example in README.md works as written: its Python blocks run, its commands exit as stated."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)
SKIP = ("python -m pip install", "python -m pytest", "sudo ", "apt-get", "pip install")
"""Commands that set up or test the project itself (CI runs them), not examples to rerun here."""


def blocks(language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(README.read_text(encoding="utf-8"))
            if lang == language]


def commands() -> list[tuple[str, int]]:
    """Each command with the exit code its comment states (``exit 1``), else 0."""
    found = []
    for body in blocks("bash"):
        for line in body.splitlines():
            command, _, comment = line.partition(" #")
            command = command.strip()
            if command and not command.startswith("#") and not command.startswith(SKIP):
                found.append((command, 1 if "exit 1" in comment else 0))
    return found


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A scratch folder holding what examples refer to (tests/fixtures, graphs)."""
    for name in ("tests", "graphs", "notebooks"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_python_examples_run(workdir):
    """The Python blocks run in order in one session, as a reader runs them."""
    pytest.importorskip("matplotlib")
    code = "\n".join(blocks("python"))
    env = dict(os.environ, MPLBACKEND="Agg")
    done = subprocess.run([sys.executable, "-c", code], cwd=workdir, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.mark.parametrize(("command", "expected"), commands())
def test_commands_run(command, expected, workdir):
    words = shlex.split(command.replace("&&", " && "))
    parts, current = [], []
    for word in words:
        if word == "&&":
            parts.append(current)
            current = []
        else:
            current.append(word)
    parts.append(current)
    executable = shutil.which("graphlib-conflict") or ""
    for argv in parts:
        assert argv[0] == "graphlib-conflict", f"README command is not ours: {command}"
        done = subprocess.run([executable or sys.executable, *([] if executable else
                               ["-m", "graphlib_conflict.cli"]), *argv[1:]],
                              cwd=workdir, capture_output=True, text=True, timeout=300)
        wanted = expected if argv is parts[-1] else 0
        assert done.returncode == wanted, (command, done.stdout[-2000:], done.stderr[-2000:])
        assert "Traceback" not in done.stderr
