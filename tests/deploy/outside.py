"""Running the project as it is installed, not as it is checked out.

:func:`copy_checkout` copies the checkout as a user has it (what git tracks, without the
venv, outputs or build leftovers), so building from it never writes into this checkout.
:func:`outside_env` is an environment in which nothing points at the checkout: no
``PYTHONPATH``, no Scrapy or Scrapyd variables, and a home of the test's own (no
``~/.scrapy.cfg``, ``~/.scrapyd.conf`` or ``~/.netrc`` of the developer's).
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The venv's own tools (scrapyd, scrapyd-deploy), beside the Python running the tests.
VENV_BIN = Path(sys.executable).parent

_NOT_COPIED = {".git", ".venv", "output", "logs", "build", ".pytest_cache", ".ruff_cache"}


def copy_checkout(dest: Path) -> Path:
    def ignored(directory: str, names: list[str]) -> set[str]:
        top = Path(directory) == REPO
        return {
            name
            for name in names
            if (top and name in _NOT_COPIED)
            or name in ("__pycache__", "results")
            or name.endswith(".egg-info")
        }

    shutil.copytree(REPO, dest, ignore=ignored, symlinks=True)
    return dest


def outside_env(home: Path) -> dict[str, str]:
    environment = dict(os.environ)
    for name in [
        "PYTHONPATH",
        "SCRAPY_SETTINGS_MODULE",
        "SCRAPY_PROJECT",
        "SCRAPYD_EGG_VERSION",
        *("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"),
    ]:
        environment.pop(name, None)
    home.mkdir(parents=True, exist_ok=True)
    environment["HOME"] = str(home)
    environment["XDG_CONFIG_HOME"] = str(home / ".config")
    return environment


def free_port() -> int:
    """A port nothing listens on right now (for servers that cannot be given port 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
