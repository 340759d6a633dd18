"""The output layout, a run's name, and writing files atomically: one place for each.

``OUTPUT_DIR/<spider>/<run>.jsonl``, where ``<run>`` is the run's UTC start
(:func:`run_name`, read back by :func:`run_started`); the run's archive and report carry
the same name. Every file the crawler publishes is written as a hidden ``.….part`` beside
its final name, flushed and fsynced, then renamed into place (:func:`publish_file`,
:func:`write_atomically`, :class:`AtomicJsonl`), so a reader globbing ``*.jsonl`` never
sees half a file. Rename within one directory is atomic on POSIX.

:data:`PUBLISHED_GLOB` (``OUTPUT_DIR/*/*.jsonl``) is the readers' contract: it matches
every published run file and nothing else. What commands derive from published files
(``reextract``, ``retranslate``) goes under ``OUTPUT_DIR/derived/<kind>/<spider>/``
(:func:`derived_dir`), two levels deeper, and no command writes a ``.jsonl`` the glob
would match (:func:`matches_published_glob`). Every writer and reader of the layout asks
this module: :func:`spider_dir`, :func:`published_files`, :func:`spider_files`,
:func:`derived_dir`, :func:`translation_dirs`.

Older versions wrote derived files beside the published ones, one level deeper:
``OUTPUT_DIR/<spider>/translated/`` and ``OUTPUT_DIR/<spider>/reextracted/``. The glob
never matched them (it is one level deep), so those directories are left where they are:
``scrapy export`` still takes translations from ``<spider>/translated/``
(:func:`translation_dirs`), and old re-extractions are only ever compared by people.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, BinaryIO

PART_SUFFIX = ".part"
PUBLISHED_GLOB = "*/*.jsonl"  # relative to OUTPUT_DIR: every published record, once
DERIVED_DIR = "derived"  # never a spider's name: tests/crawler/test_layout.py
REEXTRACTED = "reextracted"  # scrapy reextract's outputs
TRANSLATED = "translated"  # scrapy retranslate's outputs


def spider_dir(output_dir: str | Path, spider: str) -> Path:
    return Path(output_dir) / spider


def derived_dir(output_dir: str | Path, kind: str, spider: str) -> Path:
    """``OUTPUT_DIR/derived/<kind>/<spider>``: where ``kind`` (:data:`REEXTRACTED`,
    :data:`TRANSLATED`) of the spider's published files go, out of the published glob's
    reach."""
    return Path(output_dir) / DERIVED_DIR / kind / spider


def translation_dirs(output_dir: str | Path, spider: str) -> tuple[Path, Path]:
    """Where ``scrapy retranslate`` outputs of the spider's published files are: today's
    :func:`derived_dir`, and the older layout's ``OUTPUT_DIR/<spider>/translated/``."""
    return derived_dir(output_dir, TRANSLATED, spider), spider_dir(output_dir, spider) / TRANSLATED


def matches_published_glob(path: Path, output_dir: str | Path) -> bool:
    """Whether ``path`` would be read as a published run file of ``output_dir``
    (:data:`PUBLISHED_GLOB`): a visible ``*.jsonl`` in a directory right under it."""
    name = path.name
    if not name.endswith(".jsonl") or name.startswith("."):
        return False
    return path.resolve().parent.parent == Path(output_dir).resolve()


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


class Tally:
    """What a reader checks a JSONL file by, counted line by line as it is written (or
    read): its lines, bytes, SHA-256, and its records' earliest and latest ``crawled_at``."""

    def __init__(self) -> None:
        self.records = 0
        self.bytes = 0
        self._sha256 = hashlib.sha256()
        self.first_crawled_at: str | None = None
        self.last_crawled_at: str | None = None
        self._first: datetime | None = None
        self._last: datetime | None = None

    def add(self, line: bytes, crawled_at: Any = None) -> None:
        self.records += 1
        self.bytes += len(line)
        self._sha256.update(line)
        if not isinstance(crawled_at, str):
            return
        try:
            when = datetime.fromisoformat(crawled_at.replace("Z", "+00:00"))
        except ValueError:
            return
        if when.tzinfo is None:
            return
        # Instants, not strings: "…:05Z" and "…:05.5+00:00" must order by time.
        if self._first is None or when < self._first:
            self._first, self.first_crawled_at = when, crawled_at
        if self._last is None or when > self._last:
            self._last, self.last_crawled_at = when, crawled_at

    @property
    def sha256(self) -> str:
        return self._sha256.hexdigest()


class AtomicJsonl:
    """Lines go to ``.name.part``; :meth:`commit` renames it to ``name``. ``tally`` is the
    file as written (bytes, SHA-256, ``crawled_at`` span), so nobody reads it back for them."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self.part = part_path(final)
        self._file: BinaryIO | None = None
        self.tally = Tally()

    @property
    def count(self) -> int:
        return self.tally.records

    def write(self, record: dict[str, Any]) -> None:
        if self._file is None:
            self.final.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.part.open("wb")
        line = (dumps(record) + "\n").encode("utf-8")
        self._file.write(line)
        self.tally.add(line, record.get("crawled_at"))

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
    """(spider, path) of every published run file under ``output_dir``: what
    :data:`PUBLISHED_GLOB` matches, by spider, oldest run first."""
    root = Path(output_dir)
    if not root.is_dir():
        return []
    return [
        (directory.name, path)
        for directory in sorted(root.iterdir())
        if directory.is_dir() and not directory.name.startswith(".")
        for path in spider_files(root, directory.name)
    ]


def spider_files(output_dir: str | Path, spider: str) -> list[Path]:
    """The spider's published run files, oldest first."""
    directory = spider_dir(output_dir, spider)
    return sorted(
        path
        for path in (directory.glob("*.jsonl") if directory.is_dir() else ())
        if not path.name.startswith(".")
    )


def remove_stale_parts(directory: Path) -> list[Path]:
    """Part files left by a killed run: never published, safe to delete."""
    removed = []
    for part in directory.glob(f".*.jsonl{PART_SUFFIX}"):
        part.unlink(missing_ok=True)
        removed.append(part)
    return removed
