"""Another process holding the state database's write lock (``BEGIN IMMEDIATE``), as a
second crawler, a backup tool or an operator's ``sqlite3`` shell would."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_HOLDER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.readline()  # until the test lets go
db.execute("COMMIT")
"""


@contextmanager
def write_lock_held(path: Path) -> Iterator[subprocess.Popen]:
    """Holds the write lock of the SQLite file at ``path`` until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        if holder.stdin is not None:
            holder.stdin.close()
        holder.wait(timeout=30)
