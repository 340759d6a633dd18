"""What earlier runs published: the memory that makes each article appear once.

One SQLite file per output directory (``OUTPUT_DIR/state.sqlite3``, WAL). Tables:

- ``published``: one row per (spider, canonical URL) that is in a published file, with
  its content hash, revision, when the article was published and first emitted, the
  file it went to last, and when a listing last linked it (``last_seen``).
- ``pending``: rows of a run's not-yet-renamed file. They become ``published`` only after
  the rename; if the process dies in between, the next run looks for the file: renamed
  means published, missing means never seen by a reader (so emitted again).
- ``aliases``: a URL that redirected to another article, so it is not fetched again.
- ``failures``: pages that gave no record for a reason that will not fix itself (not
  HTML, empty, no title, gone), so a scheduled run does not fetch and log them every time.
- ``archived``: which run archive (``<spider>/warc/<run>.warc.gz``, :mod:`crawler.archive`)
  holds the pages of each article a run published; committed with the run's rows, just
  before the archive is renamed into place; removed with the archive.
- ``runs``: one row per run: its name (its files' stem), when it started by its own clock
  and on the store's timeline (below), its archive and the JSONL file its records went
  to, and whether those files are settled. The archive of a run with records is
  *unsettled* until its JSONL is published (:meth:`StateStore.publish`); a run killed in
  between leaves it unsettled, and the next run keeps the archive when the JSONL appeared
  and removes it when it never did (:mod:`crawler.archive.extension`).

During a run the store is only read (WAL: another process's write never blocks a
read). What the run learns goes to an in-memory :class:`Journal` and is written in one
transaction when the run ends, before its file is renamed (:meth:`StateStore.commit`):
the crawl never waits for the write lock mid-run, nor holds it across the run. Every write
takes the lock with ``BEGIN IMMEDIATE`` without waiting and raises :class:`StateBusy`
when another connection holds it; :meth:`StateStore.when_free` retries on the event loop
until ``busy_timeout``, so waiting never stalls the reactor.

Every sqlite3 failure surfaces as a :class:`StateError` with a short ``kind`` (``corrupt``,
``locked``, ``full``, ``unwritable``, ``io_error``, ``error``). A file that is not a sound
database is refused, never recreated; a missing one is rebuilt from the published JSONL
files (:func:`rebuild`), which hold every URL and hash.

Pruning keeps it bounded: rows whose article no listing has linked for ``retention``
are removed, after the run's own sightings are written, so a wrong clock cannot forget
an article that the listings still show.

Time is what the store recorded, never what a file name says, and a clock that disagrees
with the store does not act on it (:meth:`StateStore.begin_run`): the newest run the store
recorded is its notion of "now". A run whose clock is behind it (by more than a few
minutes), or more than ``max_ahead`` ahead of it, prunes nothing (nor deletes archives),
and stamps what it records on the store's timeline instead of its own clock: from the
newest run on (behind), or at most ``max_ahead`` after it (ahead), so one wrong run can
neither age the store's rows nor stall pruning for longer than ``max_ahead``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from crawler.run.files import rename_into_place

logger = logging.getLogger(__name__)

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
    last_seen TEXT,                  -- a listing linked it (or it was emitted) last (UTC)
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
CREATE TABLE IF NOT EXISTS runs (
    spider TEXT NOT NULL,
    run TEXT NOT NULL,               -- the run's name: the stem of its JSONL and archive
    clock TEXT NOT NULL,             -- when it started, by its own clock (UTC)
    recorded TEXT NOT NULL,          -- when it started, on the store's timeline (UTC)
    warc TEXT,                       -- its archive under OUTPUT_DIR/<spider>/warc/, if kept
    jsonl TEXT,                      -- the file its records went to (NULL: no records)
    settled INTEGER NOT NULL,        -- 0: its archive waits for its JSONL to be published
    PRIMARY KEY (spider, run)
) WITHOUT ROWID;
"""
_TABLES = ("published", "aliases", "failures", "pending", "archived", "runs")
_WARC_SUFFIX = ".warc.gz"  # crawler.archive's names: <run>.warc.gz beside <run>.jsonl

# Clocks this close to the newest recorded run agree with it: crawlall's spiders start
# together and close in any order, and NTP nudges a clock by seconds.
_SAME_TIME = timedelta(minutes=10)

# A read may meet a lock only in rare moments (another connection recovering the WAL);
# waiting this long for one costs the reactor little and spares a spurious failure.
_READ_WAIT_SECONDS = 0.2
_POLL_SECONDS = 0.05

_KINDS = {
    sqlite3.SQLITE_BUSY: "locked",
    sqlite3.SQLITE_LOCKED: "locked",
    sqlite3.SQLITE_CORRUPT: "corrupt",
    sqlite3.SQLITE_NOTADB: "corrupt",
    sqlite3.SQLITE_FULL: "full",
    sqlite3.SQLITE_READONLY: "unwritable",
    sqlite3.SQLITE_PERM: "unwritable",
    sqlite3.SQLITE_CANTOPEN: "unwritable",
    sqlite3.SQLITE_IOERR: "io_error",
}

T = TypeVar("T")


class StateError(Exception):
    """The state store cannot be used as it should; ``kind`` names why, in one word."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


class StateBusy(StateError):
    """Another connection holds the write lock (try again later)."""

    def __init__(self, detail: str = "another process holds the write lock") -> None:
        super().__init__("locked", detail)


def _classified(exc: sqlite3.Error) -> StateError:
    code = getattr(exc, "sqlite_errorcode", None)
    kind = _KINDS.get(code & 0xFF, "error") if code is not None else "error"
    return StateBusy(str(exc)) if kind == "locked" else StateError(kind, str(exc))


@contextlib.contextmanager
def _sqlite_errors() -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise _classified(exc) from exc
    except OSError as exc:  # the directory itself cannot be created or read
        raise StateError("unwritable", str(exc)) from exc


@dataclass(frozen=True)
class ArchiveRun:
    """A run's archive as the store recorded it."""

    run: str
    warc: str
    jsonl: str | None
    recorded: datetime
    settled: bool


@dataclass(frozen=True)
class Clock:
    """This run's clock against the store's timeline (:meth:`StateStore.begin_run`)."""

    clock: datetime  # when the run started, by its clock
    recorded: datetime  # ... on the store's timeline
    newest: datetime | None  # the newest run the store had recorded
    problem: str | None = None  # "clock_behind", "clock_ahead": nothing is pruned

    @property
    def trusted(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class Known:
    content_hash: str
    revision: int
    article_time: datetime
    first_emitted: datetime | None = None


@dataclass
class Journal:
    """What a run learns, kept in memory until :meth:`StateStore.commit`."""

    pending: dict[str, tuple[str, int, str, str]] = field(default_factory=dict)
    aliases: dict[str, tuple[str, str]] = field(default_factory=dict)  # alias -> (url, when)
    failures: dict[str, tuple[str, str]] = field(default_factory=dict)  # url -> (reason, when)
    seen: set[str] = field(default_factory=set)  # URLs the run's listings linked
    archived: list[tuple[str, str, str]] = field(default_factory=list)  # (url, warc, when)
    forgotten_archives: set[str] = field(default_factory=set)  # warc files deleted
    kept_archives: set[str] = field(default_factory=set)  # settled: their JSONL is published
    found_archives: dict[str, str] = field(default_factory=dict)  # unrecorded warc -> when
    run: tuple[str, str, str] | None = None  # (name, clock, recorded) of this run
    run_files: tuple[str | None, str | None] = (None, None)  # its (warc, jsonl)

    def __bool__(self) -> bool:
        return bool(
            self.pending
            or self.aliases
            or self.failures
            or self.seen
            or self.archived
            or self.forgotten_archives
            or self.kept_archives
            or self.found_archives
            or self.run
        )


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


class StateStore:
    """Open the store at ``path`` for ``spider``: checked, never silently recreated.

    Raises :class:`StateError` (``corrupt`` for a file that is not a sound database).
    Creating the tables or adding a column to an older file is the only write here; it
    raises :class:`StateBusy` when another connection holds the lock.
    """

    def __init__(self, path: Path, spider: str, *, busy_timeout: float = 0.0) -> None:
        self.path = path
        self.spider = spider
        self.busy_timeout = busy_timeout  # seconds when_free() waits for the write lock
        self.retention: timedelta | None = None  # commit() prunes with it when set
        self.clock: Clock | None = None  # set by begin_run(); None: the clock is not judged
        self.journal = Journal()
        self._offset = timedelta(0)  # this run's clock -> the store's timeline
        self._after_commit: list[Callable[[], None]] = []
        with _sqlite_errors():
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, isolation_level=None, timeout=_READ_WAIT_SECONDS)
        try:
            with _sqlite_errors():
                self._check_and_set_up()
        except BaseException:
            self.db.close()
            raise

    def _check_and_set_up(self) -> None:
        problems = [row[0] for row in self.db.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            raise StateError("corrupt", "; ".join(problems))
        if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            with self._no_wait():  # a new file: switching to WAL rewrites its header
                self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master")}
        if not tables.issuperset(_TABLES):
            with self._write():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(published)")}
        if "last_seen" not in columns:  # a store written before sightings were kept
            with self._write():
                self.db.execute("ALTER TABLE published ADD COLUMN last_seen TEXT")
                self.db.execute("UPDATE published SET last_seen = last_emitted")
        if "runs" not in tables and "archived" in tables:
            # A store written before runs were kept: its archives' ages are when their rows
            # were written (their file names say only what a clock said), all settled.
            with self._write():
                self.db.execute(
                    """
                    INSERT OR IGNORE INTO runs
                    SELECT spider, substr(warc, 1, length(warc) - ?), min(archived),
                           min(archived), warc, NULL, 1
                    FROM archived GROUP BY spider, warc
                    """,
                    (len(_WARC_SUFFIX),),
                )

    def close(self) -> None:
        """Close the connection; an uncommitted journal is dropped (its file was never
        published, so nothing a reader saw is forgotten)."""
        self.db.close()

    # --- reading --------------------------------------------------------------------

    def known(self, url: str) -> Known | None:
        with _sqlite_errors():
            row = self.db.execute(
                "SELECT content_hash, revision, article_time, first_emitted FROM published"
                " WHERE spider = ? AND url = ?",
                (self.spider, url),
            ).fetchone()
        if row is None:
            return None
        return Known(row[0], row[1], datetime.fromisoformat(row[2]), datetime.fromisoformat(row[3]))

    def alias_of(self, url: str) -> str | None:
        with _sqlite_errors():
            row = self.db.execute(
                "SELECT url FROM aliases WHERE spider = ? AND alias = ?", (self.spider, url)
            ).fetchone()
        return row[0] if row else None

    def failed_since(self, url: str, since: datetime) -> str | None:
        """The reason ``url`` failed at or after ``since``, if it did."""
        with _sqlite_errors():
            row = self.db.execute(
                "SELECT reason FROM failures WHERE spider = ? AND url = ? AND failed >= ?",
                (self.spider, url, _utc(since)),
            ).fetchone()
        return row[0] if row else None

    def count(self) -> int:
        with _sqlite_errors():
            return self.db.execute(
                "SELECT count(*) FROM published WHERE spider = ?", (self.spider,)
            ).fetchone()[0]

    def newest_run(self) -> datetime | None:
        """The newest moment the store recorded: a run's start or an emission, of any
        spider (one clock per host)."""
        with _sqlite_errors():
            row = self.db.execute(
                "SELECT max(t) FROM (SELECT max(recorded) AS t FROM runs"
                " UNION ALL SELECT max(last_emitted) FROM published)"
            ).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    def archive_runs(self) -> list[ArchiveRun]:
        """This spider's archives the store knows, oldest first."""
        with _sqlite_errors():
            rows = self.db.execute(
                "SELECT run, warc, jsonl, recorded, settled FROM runs"
                " WHERE spider = ? AND warc IS NOT NULL ORDER BY recorded, run",
                (self.spider,),
            ).fetchall()
        return [
            ArchiveRun(run, warc, jsonl, datetime.fromisoformat(recorded), bool(settled))
            for run, warc, jsonl, recorded, settled in rows
        ]

    def pending_files(self) -> list[str]:
        with _sqlite_errors():
            return [
                r[0]
                for r in self.db.execute(
                    "SELECT DISTINCT file FROM pending WHERE spider = ?", (self.spider,)
                )
            ]

    # --- this run's clock --------------------------------------------------------------

    def begin_run(self, name: str, clock: datetime, max_ahead: timedelta) -> Clock:
        """This run (``name``, started at ``clock`` by its own clock) against the newest
        moment the store recorded: trusted when it is not behind it nor more than
        ``max_ahead`` ahead (module docstring). Sets :meth:`now` and the run's row."""
        newest = self.newest_run()
        problem = None
        recorded = clock
        if newest is not None and clock < newest - _SAME_TIME:
            problem, recorded = "clock_behind", newest
        elif newest is not None and clock > newest + max_ahead:
            problem, recorded = "clock_ahead", newest + max_ahead
        self.clock = Clock(clock, recorded, newest, problem)
        self._offset = recorded - clock
        self.journal.run = (name, _utc(clock), _utc(recorded))
        return self.clock

    @property
    def trusted(self) -> bool:
        """Whether this run may prune: its clock agrees with the store (or is not judged)."""
        return self.clock is None or self.clock.trusted

    def now(self) -> datetime:
        """This moment on the store's timeline: the run's clock, moved when it disagreed."""
        return datetime.now(UTC) + self._offset

    # --- the run's journal (memory only) ---------------------------------------------

    def add_pending(
        self, url: str, content_hash: str, revision: int, article_time: datetime, file: str
    ) -> None:
        self.journal.pending[url] = (content_hash, revision, _utc(article_time), file)

    def forget_pending(self, file: str) -> None:
        """The run's file ``file`` will not be published: its rows are not written."""
        pending = self.journal.pending
        for url in [u for u, row in pending.items() if row[3] == file]:
            del pending[url]

    def add_alias(self, alias: str, url: str, now: datetime | None = None) -> None:
        self.journal.aliases[alias] = (url, _utc(now or self.now()))

    def add_failure(self, url: str, reason: str, now: datetime | None = None) -> None:
        self.journal.failures[url] = (reason, _utc(now or self.now()))

    def saw(self, url: str) -> None:
        """A listing linked ``url`` (an article or an alias) in this run."""
        self.journal.seen.add(url)

    # --- writing (each a transaction; StateBusy when the lock is taken) ----------------

    def after_commit(self, work: Callable[[], None]) -> None:
        """``work()`` once, right after the next successful :meth:`commit`: the rows it
        depends on are durable by then (the run's archive is renamed this way)."""
        self._after_commit.append(work)

    def commit(self, now: datetime | None = None) -> None:
        """Write the journal in one transaction (and prune, with ``retention`` set and a
        trusted clock). Called before the run's file is renamed: its rows are then durable
        as pending. Then runs what :meth:`after_commit` asked for."""
        if not self.journal and self.retention is None:
            self._run_after_commit()
            return
        stamp = _utc(now or self.now())
        journal, spider = self.journal, self.spider
        with self._write():
            self.db.executemany(
                "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)",
                [(spider, url, reason, when) for url, (reason, when) in journal.failures.items()],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO aliases VALUES (?, ?, ?, ?)",
                [(spider, alias, url, when) for alias, (url, when) in journal.aliases.items()],
            )
            self.db.executemany(
                "DELETE FROM failures WHERE spider = ? AND url = ?",
                [(spider, url) for url in journal.pending],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO pending VALUES (?, ?, ?, ?, ?, ?)",
                [(spider, url, *row) for url, row in journal.pending.items()],
            )
            seen = [(stamp, spider, url) for url in journal.seen]
            self.db.executemany(
                "UPDATE published SET last_seen = ? WHERE spider = ? AND url = ?", seen
            )
            self.db.executemany("UPDATE aliases SET seen = ? WHERE spider = ? AND alias = ?", seen)
            self._write_archives(journal)
            if self.retention is not None and self.trusted:
                self._prune(self.retention, now)
        self.journal = Journal()
        self._run_after_commit()

    def _write_archives(self, journal: Journal) -> None:
        spider = self.spider
        if journal.run is not None:
            name, clock, recorded = journal.run
            warc, jsonl = journal.run_files
            # Only an archive whose records go to a JSONL waits for it (see the docstring).
            settled = int(warc is None or jsonl is None)
            # Of the runs without an archive, the timeline needs the newest only.
            self.db.execute(
                "DELETE FROM runs WHERE spider = ? AND warc IS NULL AND settled = 1", (spider,)
            )
            self.db.execute(
                "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?)",
                (spider, name, clock, recorded, warc, jsonl, settled),
            )
        self.db.executemany(
            "INSERT OR IGNORE INTO runs VALUES (?, ?, ?, ?, ?, NULL, 1)",
            [
                (spider, warc.removesuffix(_WARC_SUFFIX), when, when, warc)
                for warc, when in journal.found_archives.items()
            ],
        )
        self.db.executemany(
            "UPDATE runs SET settled = 1 WHERE spider = ? AND warc = ?",
            [(spider, warc) for warc in journal.kept_archives],
        )
        gone = [(spider, warc) for warc in journal.forgotten_archives]
        self.db.executemany("DELETE FROM archived WHERE spider = ? AND warc = ?", gone)
        self.db.executemany(
            "UPDATE runs SET warc = NULL, settled = 1 WHERE spider = ? AND warc = ?", gone
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO archived VALUES (?, ?, ?, ?)",
            [(spider, url, warc, when) for url, warc, when in journal.archived],
        )

    def _run_after_commit(self) -> None:
        work, self._after_commit = self._after_commit, []
        for one in work:
            try:
                one()
            except Exception:  # what follows the commit (the JSONL's rename) must go on
                logger.exception("After the state's commit, %r failed", one)

    def publish(self, file: str, now: datetime | None = None) -> int:
        """The file named ``file`` is now visible: its pending rows are published (the
        journal is committed first, if :meth:`commit` was not called)."""
        if self.journal:
            self.commit(now)
        stamp = _utc(now or self.now())
        with self._write():
            # Its archive is settled: the records it holds the pages of are published.
            self.db.execute(
                "UPDATE runs SET settled = 1 WHERE spider = ? AND jsonl = ?", (self.spider, file)
            )
            self.db.execute(
                """
                INSERT INTO published (spider, url, content_hash, revision, article_time,
                                       first_emitted, last_emitted, file, last_seen)
                SELECT spider, url, content_hash, revision, article_time, ?, ?, file, ?
                FROM pending WHERE spider = ? AND file = ?
                ON CONFLICT (spider, url) DO UPDATE SET
                    content_hash = excluded.content_hash,
                    revision = excluded.revision,
                    last_emitted = excluded.last_emitted,
                    file = excluded.file,
                    last_seen = excluded.last_seen
                """,
                (stamp, stamp, stamp, self.spider, file),
            )
            return self.db.execute(
                "DELETE FROM pending WHERE spider = ? AND file = ?", (self.spider, file)
            ).rowcount

    def discard_pending(self, file: str) -> int:
        with self._write():
            return self.db.execute(
                "DELETE FROM pending WHERE spider = ? AND file = ?", (self.spider, file)
            ).rowcount

    def recover(self, directory: Path) -> tuple[int, int]:
        """Settle what a killed run left pending: (files published, files discarded)."""
        published = discarded = 0
        for name in self.pending_files():
            if (directory / name).exists():
                self.publish(name)
                published += 1
            else:
                self.discard_pending(name)
                discarded += 1
        return published, discarded

    def prune(self, retention: timedelta, now: datetime | None = None) -> int:
        with self._write():
            return self._prune(retention, now)

    def _prune(self, retention: timedelta, now: datetime | None) -> int:
        cutoff = _utc((now or self.now()) - retention)
        self.db.execute("DELETE FROM aliases WHERE spider = ? AND seen < ?", (self.spider, cutoff))
        self.db.execute(
            "DELETE FROM failures WHERE spider = ? AND failed < ?", (self.spider, cutoff)
        )
        return self.db.execute(
            "DELETE FROM published WHERE spider = ? AND last_seen < ? AND article_time < ?",
            (self.spider, cutoff, cutoff),
        ).rowcount

    # --- archives (crawler.archive): journal entries too, written by commit() ----------

    def add_archived(self, warc: str, urls: list[str], now: datetime | None = None) -> None:
        """The archive ``warc`` holds the pages of the articles ``urls``."""
        stamp = _utc(now or self.now())
        self.journal.archived.extend((url, warc, stamp) for url in urls)

    def run_archive(self, warc: str | None, jsonl: str | None) -> None:
        """This run's archive (None: none kept) and the JSONL its records go to (None: no
        records): an archive with records waits for its JSONL (module docstring)."""
        self.journal.run_files = (warc, jsonl)

    def forget_archive(self, warc: str) -> None:
        """The archive ``warc`` was deleted (retention, or its run never published): its
        rows go at the next commit."""
        self.journal.forgotten_archives.add(warc)

    def keep_archive(self, warc: str) -> None:
        """The unsettled archive ``warc`` is kept: its run's JSONL is published."""
        self.journal.kept_archives.add(warc)

    def found_archive(self, warc: str, now: datetime | None = None) -> None:
        """An archive on disk the store has no row for (written before runs were kept):
        recorded as of now, so it is kept at least as long as its retention from now."""
        self.journal.found_archives[warc] = _utc(now or self.now())

    def archives_of(self, url: str) -> list[str]:
        """Archives holding ``url``'s pages, newest first."""
        with _sqlite_errors():
            rows = self.db.execute(
                "SELECT warc FROM archived WHERE spider = ? AND url = ? ORDER BY warc DESC",
                (self.spider, url),
            ).fetchall()
        return [row[0] for row in rows]

    async def when_free(self, work: Callable[[], T]) -> T:
        """``work()`` (a write of this store), waiting up to ``busy_timeout`` for the lock."""
        return await when_free(work, self.busy_timeout)

    @contextlib.contextmanager
    def _no_wait(self) -> Iterator[None]:
        """Statements that take the write lock fail at once (SQLITE_BUSY) when it is held."""
        self.db.execute("PRAGMA busy_timeout = 0")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {int(_READ_WAIT_SECONDS * 1000)}")

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction; the lock is asked for without waiting (StateBusy)."""
        with _sqlite_errors():
            with self._no_wait():
                self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self.db.execute("ROLLBACK")
                raise


async def when_free(work: Callable[[], T], timeout: float) -> T:
    """``work()``, tried again while another connection holds the write lock (StateBusy),
    for up to ``timeout`` seconds; the event loop runs meanwhile."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return work()
        except StateBusy:
            if time.monotonic() >= deadline:
                raise StateBusy(
                    f"another process held the write lock for more than {timeout:g} s"
                ) from None
            await asyncio.sleep(_POLL_SECONDS)


def is_lost(path: Path) -> bool:
    """No store at ``path``: missing, or empty with no write-ahead log holding its pages."""
    if not path.exists():
        return True
    wal = _sidecars(path)[0]
    return path.stat().st_size == 0 and not (wal.exists() and wal.stat().st_size)


# --- rebuilding a lost store -------------------------------------------------------------


@dataclass(frozen=True)
class PublishedRecord:
    spider: str
    file: str
    record: dict[str, Any]


def rebuild(path: Path, records: Iterable[PublishedRecord]) -> int:
    """Create the store at ``path`` from every published record; returns the articles.

    Per (spider, URL) the highest revision wins, with its hash and file; the article
    counts as emitted between its first and its last ``crawled_at``. Built under a
    temporary name and renamed into place, so a rebuild killed halfway leaves no store
    (and the next run rebuilds again). Leftover ``-wal``/``-shm`` files of the lost store
    are removed first: SQLite would replay them into the new file.
    """
    rows: dict[tuple[str, str], _Rebuilt] = {}
    for entry in records:
        record = entry.record
        crawled = _utc(_instant(record["crawled_at"]))
        article_time = _utc(_instant(record.get("published") or record["crawled_at"]))
        key = (entry.spider, record["url"])
        latest = _Rebuilt(
            record["content_hash"], record["revision"], article_time, crawled, crawled, entry.file
        )
        if (row := rows.get(key)) is not None:
            first = min(row.first_emitted, crawled)
            latest = (
                latest if (latest.revision, crawled) >= (row.revision, row.last_emitted) else row
            )
            latest.first_emitted = first
        rows[key] = latest
    tmp = path.with_name(f".{path.name}.rebuild")
    for leftover in (tmp, *_sidecars(tmp), *_sidecars(path)):
        leftover.unlink(missing_ok=True)
    with _sqlite_errors():
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(tmp, isolation_level=None)
        try:
            db.executescript(_SCHEMA)
            db.execute("BEGIN")
            db.executemany(
                "INSERT INTO published (spider, url, content_hash, revision, article_time,"
                " first_emitted, last_emitted, file, last_seen)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        spider,
                        url,
                        r.content_hash,
                        r.revision,
                        r.article_time,
                        r.first_emitted,
                        r.last_emitted,
                        r.file,
                        r.last_emitted,
                    )
                    for (spider, url), r in rows.items()
                ],
            )
            db.execute("COMMIT")
        finally:
            db.close()
    rename_into_place(tmp, path)
    return len(rows)


@dataclass
class _Rebuilt:
    content_hash: str
    revision: int
    article_time: str
    first_emitted: str
    last_emitted: str
    file: str


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
