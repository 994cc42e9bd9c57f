"""A real JupyterLab for the browser tests: notebooks made and executed here, one server per session.

The server runs on 127.0.0.1 with a random token and a free port, with its own config, data and
runtime folders (so the notebook-trust database is ours, and nothing of the user's is read or
written), and is stopped by its PID. The same server serves JupyterLab (``/lab``), Notebook 7
(``/notebooks``) and nbclassic (``/nbclassic``) when those are installed.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CELLS", "JupyterServer", "executed_notebook", "jupyter_env", "jupyter_missing", "start_server"]

CELLS = [
    ("markdown", "A notebook made by the browser tests."),
    ("code", "import graphlib_conflict as gc\ng = gc.load()"),
    ("code", "g.at('2020-02-04')"),
    ("code", "gc.balance(g, '2020-02-04')"),
    ("code", "g"),
]
"""The test notebook: the day view, a result with tables, the slider view."""


def jupyter_missing() -> str | None:
    """Why JupyterLab cannot run here, or ``None``."""
    for module, package in (("jupyterlab", "jupyterlab"), ("nbclient", "nbclient"),
                            ("nbformat", "nbformat"), ("ipykernel", "ipykernel")):
        try:
            __import__(module)
        except ImportError:
            return f"{package} is not installed (pip install -e '.[test]')"
    if _jupyter() is None:
        return "the jupyter command is not installed beside this Python"
    return None


def _jupyter() -> str | None:
    beside = Path(sys.executable).with_name("jupyter")
    return str(beside) if beside.exists() else shutil.which("jupyter")


def jupyter_env(root: Path) -> dict[str, str]:
    """The environment of a private Jupyter installation under ``root``."""
    env = dict(os.environ)
    for name, folder in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                         ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")):
        (root / folder).mkdir(parents=True, exist_ok=True)
        env[name] = str(root / folder)
    env.pop("JUPYTER_PATH", None)
    return env


def executed_notebook(path: Path, env: dict[str, str], *, trusted: bool, note: str = "") -> Path:
    """Write the test notebook, run it with nbclient, and sign it when ``trusted``.

    The untrusted copy differs by ``note`` (signatures are digests of the content: an identical copy
    of a signed notebook would count as signed).
    """
    import nbclient
    import nbformat
    from nbformat.sign import NotebookNotary

    notebook = nbformat.v4.new_notebook()
    cells = [(kind, text + note if kind == "markdown" else text) for kind, text in CELLS]
    notebook.cells = [nbformat.v4.new_markdown_cell(text) if kind == "markdown"
                      else nbformat.v4.new_code_cell(text) for kind, text in cells]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbclient.NotebookClient(notebook, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    if trusted:
        NotebookNotary(data_dir=env["JUPYTER_DATA_DIR"]).sign(notebook)
    nbformat.write(notebook, str(path))
    return path


@dataclass
class JupyterServer:
    """A running server: its process, address and token."""

    process: subprocess.Popen[bytes]
    port: int
    token: str
    root: Path
    log: Path

    def url(self, path: str) -> str:
        glue = "&" if "?" in path else "?"
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}{glue}token={self.token}"

    def stop(self) -> None:
        """Stop the server by its PID (SIGTERM, then SIGKILL after 15 s)."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(root: Path, env: dict[str, str], *, timeout: float = 90.0) -> JupyterServer:
    """Start ``jupyter lab`` on 127.0.0.1 serving ``root``; waits until it answers.

    Raises
    ------
    RuntimeError
        If the server exits or does not answer in time (its log is in the message).
    """
    token = secrets.token_hex(16)
    port = _free_port()
    log = root / "server.log"
    command = [str(_jupyter()), "lab", "--no-browser", f"--ServerApp.token={token}",
               "--ServerApp.ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
               f"--ServerApp.root_dir={root}", "--ServerApp.allow_root=True",
               "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    server = JupyterServer(process, port, token, root, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(server.url("api/status"), timeout=2) as answer:
                json.loads(answer.read())
                return server
        except OSError:
            time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"jupyter lab did not answer in {timeout:.0f} s:\n{log.read_text()[-3000:]}")
