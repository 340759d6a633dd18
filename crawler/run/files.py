"""The output layout, a run's name, and writing files atomically: one place for each.

``OUTPUT_DIR/<spider>/<run>.jsonl``, where ``<run>`` is the run's UTC start
(:func:`run_name`, read back by :func:`run_started`); the run's archive and report carry
the same name. Every file the crawler publishes is written as a hidden ``.….part`` beside
its final name, flushed and fsynced, then renamed into place (:func:`publish_file`,
:func:`write_atomically`, :class:`AtomicJsonl`), so a reader globbing ``*.jsonl`` never
sees half a file. Rename within one directory is atomic on POSIX.
"""

from __future__ import annotations

import contextlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, TextIO

PART_SUFFIX = ".part"


def spider_dir(output_dir: str | Path, spider: str) -> Path:
    return Path(output_dir) / spider


_RUN_NAME = "%Y-%m-%dT%H-%M-%S-%fZ"  # sortable, colon-free (portable), UTC


def run_name(started: datetime) -> str:
    """The run's name: ``2026-11-28T03-00-00-123456Z`` (its UTC start)."""
    return started.astimezone(UTC).strftime(_RUN_NAME)


def run_started(name: str) -> datetime | None:
    """When the run named ``name`` started by its clock; None when ``name`` is not a
    run's name."""
    try:
        return datetime.strptime(name, _RUN_NAME).replace(tzinfo=UTC)
    except ValueError:
        return None


def run_file_name(started: datetime) -> str:
    return run_name(started) + ".jsonl"


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


class AtomicJsonl:
    """Lines go to ``.name.part``; :meth:`commit` renames it to ``name``."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self.part = part_path(final)
        self._file: TextIO | None = None
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        if self._file is None:
            self.final.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.part.open("w", encoding="utf-8", newline="\n")
        self._file.write(dumps(record) + "\n")
        self.count += 1

    def commit(self) -> Path | None:
        """Publish the file; None when nothing was written (no empty files). Raises
        OSError when it cannot be published (then :meth:`abort`)."""
        if self._file is None:
            return None
        publish_file(self._file, self.part, self.final)
        self._file = None
        return self.final

    def abort(self) -> None:
        if self._file is not None:
            file, self._file = self._file, None
            # Closing flushes what is buffered, which fails again on a full disk.
            with contextlib.suppress(OSError):
                file.close()
        self.part.unlink(missing_ok=True)


def part_path(final: Path) -> Path:
    """The hidden name a file is written under until it is published."""
    return final.with_name(f".{final.name}{PART_SUFFIX}")


def publish_file(file: IO[Any], part: Path, final: Path) -> None:
    """Flush, fsync and close ``file`` (open on ``part``), then rename it to ``final``."""
    file.flush()
    os.fsync(file.fileno())
    file.close()
    rename_into_place(part, final)


def write_atomically(target: Path, body: str) -> None:
    """``body`` into ``target``, which is replaced whole or not at all; nothing is left
    behind when writing fails (a full disk)."""
    tmp = part_path(target)
    try:
        with tmp.open("w", encoding="utf-8") as file:
            file.write(body)
            file.flush()
            os.fsync(file.fileno())
        rename_into_place(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def rename_into_place(part: Path, final: Path) -> None:
    """The one step that makes a durable part file visible: an atomic rename, then the
    directory's entry made durable too. Once renamed the file is published: a failing
    directory fsync only risks the entry in a power cut, and is not an error."""
    os.replace(part, final)
    with contextlib.suppress(OSError):
        fd = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def published_files(output_dir: str | Path) -> list[tuple[str, Path]]:
    """(spider, path) of every published run file under ``output_dir``."""
    root = Path(output_dir)
    if not root.is_dir():
        return []
    return [
        (directory.name, path)
        for directory in sorted(root.iterdir())
        if directory.is_dir()
        for path in sorted(directory.glob("*.jsonl"))
    ]


def remove_stale_parts(directory: Path) -> list[Path]:
    """Part files left by a killed run: never published, safe to delete."""
    removed = []
    for part in directory.glob(f".*.jsonl{PART_SUFFIX}"):
        part.unlink(missing_ok=True)
        removed.append(part)
    return removed
