"""What earlier runs published: the memory that makes each article appear once.

One SQLite file per output directory (``OUTPUT_DIR/state.sqlite3``, WAL). Two tables:

- ``published``: one row per (spider, canonical URL) that is in a published file, with
  its content hash, revision, when the article was published and first emitted, and the
  file it went to last.
- ``pending``: rows written to the run's not-yet-renamed file. They become ``published``
  only after the rename; if the process dies in between, the next run looks for the file:
  renamed means published, missing means never seen by a reader (so emitted again).

- ``aliases``: a URL that redirected to another article, so it is not fetched again.
- ``failures``: pages that gave no record for a reason that will not fix itself (not
  HTML, empty, no title, gone), so a scheduled run does not fetch and log them every time.
- ``archived``: which run archive (``<spider>/warc/<run>.warc.gz``, :mod:`crawler.archive`)
  holds the pages of each article a run published; written once the archive is renamed
  into place, removed with the archive by its retention.

Pruning keeps it bounded: rows not emitted for ``retention`` are removed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

STATE_FILE = "state.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS published (
    spider TEXT NOT NULL,
    url TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    revision INTEGER NOT NULL,
    article_time TEXT NOT NULL,      -- the article's own published time, else first seen (UTC)
    first_emitted TEXT NOT NULL,
    last_emitted TEXT NOT NULL,
    file TEXT NOT NULL,
    PRIMARY KEY (spider, url)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS published_last ON published (last_emitted);
CREATE TABLE IF NOT EXISTS aliases (
    spider TEXT NOT NULL,
    alias TEXT NOT NULL,
    url TEXT NOT NULL,
    seen TEXT NOT NULL,
    PRIMARY KEY (spider, alias)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS failures (
    spider TEXT NOT NULL,
    url TEXT NOT NULL,
    reason TEXT NOT NULL,
    failed TEXT NOT NULL,
    PRIMARY KEY (spider, url)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pending (
    spider TEXT NOT NULL,
    url TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    revision INTEGER NOT NULL,
    article_time TEXT NOT NULL,
    file TEXT NOT NULL,
    PRIMARY KEY (spider, url)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS archived (
    spider TEXT NOT NULL,
    url TEXT NOT NULL,
    warc TEXT NOT NULL,              -- file name under OUTPUT_DIR/<spider>/warc/
    archived TEXT NOT NULL,
    PRIMARY KEY (spider, url, warc)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS archived_warc ON archived (spider, warc);
"""


@dataclass(frozen=True)
class Known:
    content_hash: str
    revision: int
    article_time: datetime


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


class StateStore:
    def __init__(self, path: Path, spider: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.spider = spider
        self.db = sqlite3.connect(path, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.flush()
        self.db.close()

    # --- reading --------------------------------------------------------------------

    def known(self, url: str) -> Known | None:
        row = self.db.execute(
            "SELECT content_hash, revision, article_time FROM published"
            " WHERE spider = ? AND url = ?",
            (self.spider, url),
        ).fetchone()
        if row is None:
            return None
        return Known(row[0], row[1], datetime.fromisoformat(row[2]))

    def alias_of(self, url: str) -> str | None:
        row = self.db.execute(
            "SELECT url FROM aliases WHERE spider = ? AND alias = ?", (self.spider, url)
        ).fetchone()
        return row[0] if row else None

    def failed_since(self, url: str, since: datetime) -> str | None:
        """The reason ``url`` failed at or after ``since``, if it did."""
        row = self.db.execute(
            "SELECT reason FROM failures WHERE spider = ? AND url = ? AND failed >= ?",
            (self.spider, url, _utc(since)),
        ).fetchone()
        return row[0] if row else None

    def count(self) -> int:
        return self.db.execute(
            "SELECT count(*) FROM published WHERE spider = ?", (self.spider,)
        ).fetchone()[0]

    # --- writing --------------------------------------------------------------------

    def add_pending(
        self, url: str, content_hash: str, revision: int, article_time: datetime, file: str
    ) -> None:
        # One open transaction for the run's pending rows: a commit (an fsync) per record
        # would cost more than extracting it. flush() commits before the file is renamed;
        # a run killed earlier loses rows that nobody needs (its file was never published).
        self._begin()
        self.db.execute("DELETE FROM failures WHERE spider = ? AND url = ?", (self.spider, url))
        self.db.execute(
            "INSERT OR REPLACE INTO pending VALUES (?, ?, ?, ?, ?, ?)",
            (self.spider, url, content_hash, revision, _utc(article_time), file),
        )

    def add_alias(self, alias: str, url: str, now: datetime | None = None) -> None:
        self._begin()
        self.db.execute(
            "INSERT OR REPLACE INTO aliases VALUES (?, ?, ?, ?)",
            (self.spider, alias, url, _utc(now or datetime.now(UTC))),
        )

    def add_failure(self, url: str, reason: str, now: datetime | None = None) -> None:
        self._begin()
        self.db.execute(
            "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)",
            (self.spider, url, reason, _utc(now or datetime.now(UTC))),
        )

    def flush(self) -> None:
        """Make everything written so far durable (before the run's file is renamed)."""
        if self.db.in_transaction:
            self.db.execute("COMMIT")

    def _begin(self) -> None:
        if not self.db.in_transaction:
            self.db.execute("BEGIN")

    def publish(self, file: str, now: datetime | None = None) -> int:
        """The file named ``file`` is now visible: its rows are published."""
        self.flush()
        stamp = _utc(now or datetime.now(UTC))
        with self._transaction():
            self.db.execute(
                """
                INSERT INTO published
                SELECT spider, url, content_hash, revision, article_time, ?, ?, file
                FROM pending WHERE spider = ? AND file = ?
                ON CONFLICT (spider, url) DO UPDATE SET
                    content_hash = excluded.content_hash,
                    revision = excluded.revision,
                    last_emitted = excluded.last_emitted,
                    file = excluded.file
                """,
                (stamp, stamp, self.spider, file),
            )
            moved = self.db.execute(
                "DELETE FROM pending WHERE spider = ? AND file = ?", (self.spider, file)
            ).rowcount
        return moved

    def discard_pending(self, file: str) -> int:
        self.flush()
        return self.db.execute(
            "DELETE FROM pending WHERE spider = ? AND file = ?", (self.spider, file)
        ).rowcount

    def recover(self, directory: Path) -> tuple[int, int]:
        """Settle what a killed run left pending: (files published, files discarded)."""
        files = [
            r[0]
            for r in self.db.execute(
                "SELECT DISTINCT file FROM pending WHERE spider = ?", (self.spider,)
            )
        ]
        published = discarded = 0
        for name in files:
            if (directory / name).exists():
                self.publish(name)
                published += 1
            else:
                self.discard_pending(name)
                discarded += 1
        return published, discarded

    def prune(self, retention: timedelta, now: datetime | None = None) -> int:
        self.flush()
        cutoff = _utc((now or datetime.now(UTC)) - retention)
        self.db.execute("DELETE FROM aliases WHERE spider = ? AND seen < ?", (self.spider, cutoff))
        self.db.execute(
            "DELETE FROM failures WHERE spider = ? AND failed < ?", (self.spider, cutoff)
        )
        return self.db.execute(
            "DELETE FROM published WHERE spider = ? AND last_emitted < ? AND article_time < ?",
            (self.spider, cutoff, cutoff),
        ).rowcount

    # --- archives (crawler.archive) ----------------------------------------------------

    def add_archived(self, warc: str, urls: list[str], now: datetime | None = None) -> None:
        """The published archive ``warc`` holds the pages of the articles ``urls``."""
        self.flush()
        stamp = _utc(now or datetime.now(UTC))
        with self._transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO archived VALUES (?, ?, ?, ?)",
                [(self.spider, url, warc, stamp) for url in urls],
            )

    def archives_of(self, url: str) -> list[str]:
        """Archives holding ``url``'s pages, newest first."""
        rows = self.db.execute(
            "SELECT warc FROM archived WHERE spider = ? AND url = ? ORDER BY warc DESC",
            (self.spider, url),
        )
        return [row[0] for row in rows]

    def forget_archive(self, warc: str) -> int:
        self.flush()
        return self.db.execute(
            "DELETE FROM archived WHERE spider = ? AND warc = ?", (self.spider, warc)
        ).rowcount

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
