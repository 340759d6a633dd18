import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from crawler.run import state as state_module
from crawler.run.state import (
    PublishedRecord,
    StateBusy,
    StateError,
    StateStore,
    is_lost,
    rebuild,
    when_free,
)
from tests.statelock import write_lock_held

T0 = datetime(2026, 1, 1, 12, tzinfo=UTC)


def store(tmp_path, **kwargs):
    return StateStore(tmp_path / "state.sqlite3", "index_abroad", **kwargs)


def published(s, file, *rows, now=None):
    """Rows (url, hash, revision, article_time) through a whole run: journal, commit,
    publish."""
    for url, content_hash, revision, article_time in rows:
        s.add_pending(url, content_hash, revision, article_time, file)
    s.commit(now=now)
    return s.publish(file, now=now)


def test_pending_is_not_known_until_published(tmp_path):
    s = store(tmp_path)
    s.add_pending("u1", "h1", 1, T0, "run1.jsonl")
    s.commit()
    assert s.known("u1") is None
    assert s.publish("run1.jsonl") == 1
    known = s.known("u1")
    assert (known.content_hash, known.revision, known.article_time) == ("h1", 1, T0)


def test_revision_update_replaces_row(tmp_path):
    s = store(tmp_path)
    published(s, "a.jsonl", ("u1", "h1", 1, T0))
    published(s, "b.jsonl", ("u1", "h2", 2, T0))
    assert s.known("u1").revision == 2 and s.count() == 1


def test_recover_publishes_renamed_files_and_forgets_the_rest(tmp_path):
    s = store(tmp_path)
    (tmp_path / "renamed.jsonl").write_text("{}\n")
    s.add_pending("u1", "h", 1, T0, "renamed.jsonl")
    s.add_pending("u2", "h", 1, T0, "never_renamed.jsonl")
    s.commit()
    assert s.recover(tmp_path) == (1, 1)
    assert s.known("u1") is not None
    assert s.known("u2") is None
    assert s.recover(tmp_path) == (0, 0)


def test_spiders_do_not_share_urls(tmp_path):
    a = StateStore(tmp_path / "s.sqlite3", "a")
    b = StateStore(tmp_path / "s.sqlite3", "b")
    published(a, "f", ("u", "h", 1, T0))
    assert b.known("u") is None


def test_prune_removes_only_old_rows(tmp_path):
    s = store(tmp_path)
    published(
        s,
        "f",
        ("old", "h", 1, T0 - timedelta(days=500)),
        ("young", "h", 1, T0),
        now=T0 - timedelta(days=450),
    )
    assert s.prune(timedelta(days=400), now=T0) == 1
    assert s.known("old") is None and s.known("young") is not None


def test_a_clock_jump_never_forgets_what_the_listings_still_link(tmp_path):
    s = store(tmp_path)
    s.retention = timedelta(days=400)
    published(s, "f", ("linked", "h", 1, T0), ("gone", "h", 1, T0), now=T0)
    jumped = T0 + timedelta(days=1000)  # the host's clock is wrong by years
    s.saw("linked")  # this run's listings link it: the run skipped it as published
    s.commit(now=jumped)  # the run's end: sightings written, then pruning
    assert s.known("linked") is not None
    assert s.known("gone") is None  # no listing links it: forgetting it re-emits nothing


def test_wal_mode(tmp_path):
    s = store(tmp_path)
    assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_journal_is_durable_only_after_commit(tmp_path):
    s = store(tmp_path)
    s.add_pending("u1", "h", 1, T0, "f.jsonl")
    s.add_failure("u2", "no_title")
    s.add_alias("u3", "u1")
    other = StateStore(tmp_path / "state.sqlite3", "index_abroad")  # another process's view
    assert other.pending_files() == [] and other.alias_of("u3") is None
    s.commit()
    assert other.pending_files() == ["f.jsonl"] and other.alias_of("u3") == "u1"
    assert other.failed_since("u2", T0) == "no_title"


def test_a_committed_record_clears_its_remembered_failure(tmp_path):
    s = store(tmp_path)
    s.add_failure("u", "no_title")
    s.commit()
    published(s, "f", ("u", "h", 1, T0))
    assert s.failed_since("u", T0) is None


def filled(tmp_path, rows=400):
    """A store with enough rows to span many pages, closed and checkpointed."""
    s = store(tmp_path)
    published(
        s, "f", *((f"https://index.hu/kulfold/{n:05d}/", "h" * 64, 1, T0) for n in range(rows))
    )
    s.close()
    return tmp_path / "state.sqlite3"


@pytest.mark.parametrize("damage", ["garbage", "truncated_4k", "truncated_20k"])
def test_a_damaged_file_is_refused_not_recreated(tmp_path, damage):
    path = filled(tmp_path)
    data = path.read_bytes()
    assert len(data) > 40_000
    damaged = {
        "garbage": bytes(range(256)) * 64,
        "truncated_4k": data[:4096],
        "truncated_20k": data[:20480],
    }[damage]
    path.write_bytes(damaged)
    with pytest.raises(StateError) as refused:
        store(tmp_path)
    assert refused.value.kind == "corrupt"
    assert path.read_bytes() == damaged  # untouched: evidence, and never silently replaced


def test_a_held_lock_fails_a_write_at_once_never_a_read(tmp_path):
    s = store(tmp_path)
    published(s, "f", ("u1", "h", 1, T0))
    with write_lock_held(s.path):
        s.add_pending("u2", "h", 1, T0, "g")
        statements: list[str] = []
        s.db.set_trace_callback(statements.append)
        with pytest.raises(StateBusy):
            s.commit()
        s.db.set_trace_callback(None)
        # Not sqlite's busy wait: the lock was asked for with its busy timeout at 0.
        begin = statements.index("BEGIN IMMEDIATE")
        timeouts = [x for x in statements[:begin] if x.startswith("PRAGMA busy_timeout")]
        assert timeouts[-1] == "PRAGMA busy_timeout = 0", statements
        assert s.known("u1") is not None  # WAL: reads go on
        assert s.journal.pending  # nothing lost: committed later
    s.commit()
    assert s.pending_files() == ["g"]


class FakeClock:
    """Stands in for the ``time`` module of :mod:`crawler.run.state`: its monotonic clock
    moves only when a test moves it (``now`` in milliseconds)."""

    def __init__(self) -> None:
        self.now = 0

    def monotonic(self) -> float:
        return self.now / 1000


@pytest.fixture
def clock(monkeypatch):
    """when_free()'s clock, moved by the test; its polls without a real pause."""
    fake = FakeClock()
    monkeypatch.setattr(state_module, "time", fake)
    monkeypatch.setattr(state_module, "_POLL_SECONDS", 0)
    return fake


def test_waiting_for_the_lock_keeps_the_event_loop_running(tmp_path, clock):
    s = store(tmp_path, busy_timeout=1.0)
    s.add_pending("u", "h", 1, T0, "f")

    async def wait_and_tick():
        ticks = 0

        async def ticker():  # the only thing that moves the clock: 10 ms a tick
            nonlocal ticks
            while True:
                await asyncio.sleep(0)
                ticks += 1
                clock.now += 10

        beat = asyncio.create_task(ticker())
        try:
            await s.when_free(s.commit)
        except StateBusy as exc:
            return ticks, exc
        finally:
            beat.cancel()
        return ticks, None

    with write_lock_held(s.path):
        ticks, gave_up = asyncio.run(wait_and_tick())
    assert isinstance(gave_up, StateBusy) and "more than 1 s" in str(gave_up)
    # It gave up once the ticker had moved the clock past 1 s: the loop ran it all along
    # (a loop blocked by the wait would never have let the clock move, nor the wait end).
    assert ticks >= 100 and clock.now >= 1000
    s.commit()  # released: the same journal goes in
    assert s.pending_files() == ["f"]


def test_a_lock_released_in_time_is_waited_for(tmp_path):
    s = store(tmp_path, busy_timeout=20.0)
    s.add_pending("u", "h", 1, T0, "f")
    tries = []

    def commit():
        tries.append(1)
        return s.commit()

    async def commit_while_the_holder_lets_go(holder):
        waiting = asyncio.create_task(s.when_free(commit))
        while len(tries) < 2:  # refused once and trying again: it waits for the lock
            await asyncio.sleep(0.01)
        assert not waiting.done()
        holder.stdin.close()  # the other process commits and goes
        await waiting

    with write_lock_held(s.path) as holder:
        asyncio.run(commit_while_the_holder_lets_go(holder))
    assert s.pending_files() == ["f"]


def test_a_full_disk_is_a_state_error_and_keeps_the_journal(tmp_path):
    s = store(tmp_path)
    pages = s.db.execute("PRAGMA page_count").fetchone()[0]
    s.db.execute(f"PRAGMA max_page_count = {pages}")  # what a full file system does
    for n in range(200):
        s.add_pending(f"https://index.hu/kulfold/{n:05d}/", "h" * 64, 1, T0, "f")
    with pytest.raises(StateError) as full:
        s.commit()
    assert full.value.kind == "full"
    assert len(s.journal.pending) == 200
    assert s.pending_files() == []  # rolled back: nothing half-written


def test_an_old_store_gets_its_sightings_column(tmp_path):
    path = tmp_path / "state.sqlite3"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE published (spider TEXT NOT NULL, url TEXT NOT NULL, content_hash TEXT"
        " NOT NULL, revision INTEGER NOT NULL, article_time TEXT NOT NULL, first_emitted TEXT"
        " NOT NULL, last_emitted TEXT NOT NULL, file TEXT NOT NULL, PRIMARY KEY (spider, url))"
        " WITHOUT ROWID"
    )
    stamp = T0.isoformat()
    db.execute(
        "INSERT INTO published VALUES ('index_abroad', 'u', 'h', 1, ?, ?, ?, 'f')",
        (stamp, stamp, stamp),
    )
    db.commit()
    db.close()
    s = store(tmp_path)
    assert s.known("u").revision == 1
    assert s.db.execute("SELECT last_seen FROM published").fetchone()[0] == stamp
    assert s.prune(timedelta(days=400), now=T0 + timedelta(days=10)) == 0


def record(url, revision, crawled, content_hash="h", published="2024-05-01T10:00:00+02:00"):
    return {
        "url": url,
        "revision": revision,
        "content_hash": content_hash,
        "crawled_at": crawled,
        "published": published,
    }


def test_rebuild_keeps_the_latest_revision_of_every_article(tmp_path):
    path = tmp_path / "state.sqlite3"
    (tmp_path / "state.sqlite3-wal").write_bytes(b"stale log of the lost file")
    records = [
        PublishedRecord("index_abroad", "a.jsonl", record("u1", 1, "2026-01-01T10:00:00Z", "h1")),
        PublishedRecord("index_abroad", "a.jsonl", record("u2", 1, "2026-01-01T10:00:00Z")),
        PublishedRecord("index_abroad", "b.jsonl", record("u1", 2, "2026-01-02T10:00:00Z", "h2")),
        PublishedRecord("telex_abroad", "c.jsonl", record("u1", 1, "2026-01-03T10:00:00Z")),
    ]
    assert rebuild(path, records) == 3
    assert not (tmp_path / "state.sqlite3-wal").exists()
    s = store(tmp_path)
    u1 = s.known("u1")
    assert (u1.content_hash, u1.revision) == ("h2", 2)
    first, last, file = s.db.execute(
        "SELECT first_emitted, last_emitted, file FROM published WHERE url = 'u1'"
        " AND spider = 'index_abroad'"
    ).fetchone()
    assert (first, last, file) == (
        "2026-01-01T10:00:00+00:00",
        "2026-01-02T10:00:00+00:00",
        "b.jsonl",
    )
    assert StateStore(path, "telex_abroad").count() == 1


def test_is_lost(tmp_path):
    path = tmp_path / "state.sqlite3"
    assert is_lost(path)
    path.write_bytes(b"")
    assert is_lost(path)  # an empty file with no log holds nothing
    (tmp_path / "state.sqlite3-wal").write_bytes(b"x" * 100)
    assert not is_lost(path)  # its pages may all be in the log


def test_when_free_gives_up_after_the_timeout(clock):
    tried_at = []

    def always_busy():
        tried_at.append(clock.now)
        clock.now += 100  # each try: 100 ms
        raise StateBusy()

    with pytest.raises(StateBusy, match=r"more than 0\.3 s"):
        asyncio.run(when_free(always_busy, 0.3))
    # Tried again and again until the clock passed the timeout, then no more.
    assert tried_at == [0, 100, 200]


def test_two_spiders_on_one_file_write_in_turn_without_waiting(tmp_path):
    # crawlall: several spiders' stores on one file, used in turn by one thread; neither
    # holds the write lock between calls, so neither waits for the other.
    a = StateStore(tmp_path / "s.sqlite3", "a")
    b = StateStore(tmp_path / "s.sqlite3", "b")
    for n in range(3):
        a.add_pending(f"ua{n}", "h", 1, T0, "fa")
        b.add_pending(f"ub{n}", "h", 1, T0, "fb")
        a.add_failure(f"fail{n}", "http_404", T0)
        b.add_alias(f"alias{n}", f"ub{n}", T0)
    assert b.publish("fb") == 3  # its journal is committed first
    assert a.publish("fa") == 3
    assert a.known("ua0") is not None and b.known("ub2") is not None
    assert a.failed_since("fail1", T0) == "http_404" and b.alias_of("alias2") == "ub2"


# --- issue 14: the store's own time ----------------------------------------------------------

HOUR = timedelta(hours=1)


def test_a_clock_that_disagrees_with_the_newest_run_prunes_nothing(tmp_path):
    first = store(tmp_path)
    assert first.begin_run("r1", T0, 24 * HOUR).trusted  # nothing recorded yet
    published(first, "r1.jsonl", ("gone", "h", 1, T0 - timedelta(days=900)), now=T0)
    first.close()

    for clock, problem, recorded in [
        (T0 - timedelta(days=3), "clock_behind", T0),
        (T0 + timedelta(days=365), "clock_ahead", T0 + 24 * HOUR),
    ]:
        s = store(tmp_path)
        s.retention = timedelta(days=30)
        verdict = s.begin_run("r2", clock, 24 * HOUR)
        assert (verdict.problem, verdict.recorded, verdict.newest) == (problem, recorded, T0)
        assert not s.trusted
        # What it records is dated on the store's timeline, not by its clock.
        assert abs(s.now() - (recorded + (datetime.now(UTC) - clock))) < timedelta(minutes=5)
        s.commit()
        assert s.known("gone") is not None  # nothing pruned
        s.close()

    s = store(tmp_path)
    s.retention = timedelta(days=1)
    # The year-ahead run moved the store's time on by a day at most: a run at the true
    # time a day later agrees again, and prunes.
    assert s.newest_run() == T0 + 24 * HOUR
    assert s.begin_run("r3", T0 + 30 * HOUR, 24 * HOUR).trusted
    s.commit(now=T0 + 30 * HOUR)
    assert s.known("gone") is None


def test_a_run_within_the_bound_is_trusted_and_dated_by_its_clock(tmp_path):
    s = store(tmp_path)
    s.begin_run("r1", T0, 24 * HOUR)
    s.commit(now=T0)
    s.close()
    s = store(tmp_path)
    verdict = s.begin_run("r2", T0 + 20 * HOUR, 24 * HOUR)
    assert verdict.trusted and verdict.recorded == T0 + 20 * HOUR
    assert abs(s.now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_an_archive_with_records_is_settled_when_its_jsonl_is_published(tmp_path):
    s = store(tmp_path)
    s.begin_run("r1", T0, 24 * HOUR)
    s.run_archive("r1.warc.gz", "r1.jsonl")
    s.add_archived("r1.warc.gz", ["u"])
    s.add_pending("u", "h", 1, T0, "r1.jsonl")
    s.commit(now=T0)
    [run] = s.archive_runs()
    assert (run.run, run.warc, run.jsonl, run.recorded, run.settled) == (
        "r1",
        "r1.warc.gz",
        "r1.jsonl",
        T0,
        False,
    )
    s.publish("r1.jsonl", now=T0)
    assert s.archive_runs()[0].settled
    # A run without records has nothing to wait for.
    s.begin_run("r2", T0 + HOUR, 24 * HOUR)
    s.run_archive("r2.warc.gz", None)
    s.commit(now=T0 + HOUR)
    assert [r.settled for r in s.archive_runs()] == [True, True]
    s.forget_archive("r1.warc.gz")
    s.commit(now=T0 + HOUR)
    assert [r.warc for r in s.archive_runs()] == ["r2.warc.gz"] and s.archives_of("u") == []


def test_work_after_commit_runs_once_after_the_rows_are_durable(tmp_path):
    s = store(tmp_path)
    seen = []
    other = StateStore(tmp_path / "state.sqlite3", "index_abroad")
    s.add_pending("u", "h", 1, T0, "f.jsonl")
    s.after_commit(lambda: seen.append(other.pending_files()))
    s.after_commit(lambda: 1 / 0)  # a failing step never stops the publication
    with write_lock_held(tmp_path / "state.sqlite3"), pytest.raises(StateBusy):
        s.commit()
    assert seen == []  # not committed: not run
    s.commit()
    s.commit()
    assert seen == [["f.jsonl"]]


def test_an_old_store_gets_its_runs_from_its_archived_rows(tmp_path):
    path = tmp_path / "state.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE archived (spider TEXT NOT NULL, url TEXT NOT NULL, warc TEXT NOT NULL,"
        " archived TEXT NOT NULL, PRIMARY KEY (spider, url, warc)) WITHOUT ROWID;"
    )
    for url, when in [("u1", T0), ("u2", T0 + HOUR)]:
        db.execute(
            "INSERT INTO archived VALUES ('index_abroad', ?, 'r.warc.gz', ?)",
            (url, when.isoformat()),
        )
    db.commit()
    db.close()
    s = store(tmp_path)
    [run] = s.archive_runs()
    assert (run.run, run.warc, run.recorded, run.settled) == ("r", "r.warc.gz", T0, True)
    assert s.newest_run() == T0
