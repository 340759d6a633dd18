"""Translations already paid for, in SQLite, so a re-run never asks twice.

Keyed by provider, target language and the SHA-256 of the exact text sent. WAL mode lets a
crawl and a ``retranslate`` run share the file. One connection behind a lock: writes are
tiny and rare next to HTTP round trips, and the crawl's worker threads share it.

A broken cache (disk full, locked too long, corrupt file) must not stop translation: such
errors are logged once and the cache then behaves as empty.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    provider TEXT NOT NULL,
    target TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    translation TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (provider, target, sha256)
) WITHOUT ROWID
"""


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TranslationCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._warned = False
        # isolation_level=None: autocommit, each put is durable on its own.
        self._db: sqlite3.Connection | None = sqlite3.connect(
            path, timeout=10, isolation_level=None, check_same_thread=False
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)

    def get(self, provider: str, target: str, text: str) -> str | None:
        with self._lock:
            if self._db is None:
                return None
            try:
                row = self._db.execute(
                    "SELECT translation FROM translations"
                    " WHERE provider = ? AND target = ? AND sha256 = ?",
                    (provider, target, digest(text)),
                ).fetchone()
            except sqlite3.Error as exc:
                self._warn(exc)
                return None
        return row[0] if row else None

    def put(self, provider: str, target: str, text: str, translation: str) -> None:
        with self._lock:
            if self._db is None:
                return
            try:
                self._db.execute(
                    "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?)",
                    (provider, target, digest(text), translation, datetime.now(UTC).isoformat()),
                )
            except sqlite3.Error as exc:
                self._warn(exc)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _warn(self, exc: sqlite3.Error) -> None:
        if not self._warned:
            self._warned = True
            logger.warning(
                "Translation cache %s failed (%s); missing entries are requested again",
                self.path,
                exc,
            )
