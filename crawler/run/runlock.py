"""One run at a time per output directory.

``flock`` on the output directory itself: the kernel releases it when the process dies,
however it dies, so a killed run never leaves a stale lock behind. The lock is on the
directory, not on a file in it, because a file can be deleted under a live run (a cleanup
script, an operator): the next run would then lock a new file and delete the live run's
part files as a dead run's leftovers. The directory cannot go while it holds the run's
files. ``OUTPUT_DIR/.lock`` names the holder's pid, for people and for the refusal line.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

LOCK_FILE = ".lock"


class AlreadyRunning(RuntimeError):
    pass


def acquire(output_dir: str | Path) -> int:
    """Take the lock and return its descriptor (kept open for the life of the process)."""
    directory = Path(output_dir)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOCK_FILE
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise AlreadyRunning(f"{path} is held by pid {_holder(path)}") from None
    try:
        path.write_text(f"{os.getpid()}\n")
    except BaseException:
        os.close(fd)
        raise
    return fd


def _holder(path: Path) -> str:
    try:
        return path.read_text(errors="replace").strip() or "another process"
    except FileNotFoundError:
        return "another process (its .lock file was deleted)"
    except OSError:
        return "another process"
