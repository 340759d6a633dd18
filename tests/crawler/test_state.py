from datetime import UTC, datetime, timedelta

from crawler.state import StateStore

T0 = datetime(2026, 1, 1, 12, tzinfo=UTC)


def store(tmp_path):
    return StateStore(tmp_path / "state.sqlite3", "index_abroad")


def test_pending_is_not_known_until_published(tmp_path):
    s = store(tmp_path)
    s.add_pending("u1", "h1", 1, T0, "run1.jsonl")
    assert s.known("u1") is None
    assert s.publish("run1.jsonl") == 1
    known = s.known("u1")
    assert (known.content_hash, known.revision, known.article_time) == ("h1", 1, T0)


def test_revision_update_replaces_row(tmp_path):
    s = store(tmp_path)
    s.add_pending("u1", "h1", 1, T0, "a.jsonl")
    s.publish("a.jsonl")
    s.add_pending("u1", "h2", 2, T0, "b.jsonl")
    s.publish("b.jsonl")
    assert s.known("u1").revision == 2 and s.count() == 1


def test_recover_publishes_renamed_files_and_forgets_the_rest(tmp_path):
    s = store(tmp_path)
    (tmp_path / "renamed.jsonl").write_text("{}\n")
    s.add_pending("u1", "h", 1, T0, "renamed.jsonl")
    s.add_pending("u2", "h", 1, T0, "never_renamed.jsonl")
    assert s.recover(tmp_path) == (1, 1)
    assert s.known("u1") is not None
    assert s.known("u2") is None
    assert s.recover(tmp_path) == (0, 0)


def test_spiders_do_not_share_urls(tmp_path):
    a = StateStore(tmp_path / "s.sqlite3", "a")
    b = StateStore(tmp_path / "s.sqlite3", "b")
    a.add_pending("u", "h", 1, T0, "f")
    a.publish("f")
    assert b.known("u") is None


def test_prune_removes_only_old_rows(tmp_path):
    s = store(tmp_path)
    s.add_pending("old", "h", 1, T0 - timedelta(days=500), "f")
    s.add_pending("young", "h", 1, T0, "f")
    s.publish("f", now=T0 - timedelta(days=450))
    assert s.prune(timedelta(days=400), now=T0) == 1
    assert s.known("old") is None and s.known("young") is not None


def test_wal_mode(tmp_path):
    s = store(tmp_path)
    assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_pending_rows_are_durable_only_after_flush(tmp_path):
    s = store(tmp_path)
    s.add_pending("u1", "h", 1, T0, "f.jsonl")
    other = StateStore(tmp_path / "state.sqlite3", "index_abroad")  # another process's view
    assert other.db.execute("SELECT count(*) FROM pending").fetchone()[0] == 0
    s.flush()
    assert other.db.execute("SELECT count(*) FROM pending").fetchone()[0] == 1


def test_two_spiders_on_one_file_write_in_turn_without_waiting(tmp_path):
    # crawlall: several spiders' stores on one file, called in turn by one thread. A write
    # lock held between calls would make the second wait out the busy timeout.
    a = StateStore(tmp_path / "s.sqlite3", "a")
    b = StateStore(tmp_path / "s.sqlite3", "b")
    b.db.execute("PRAGMA busy_timeout = 0")  # fail at once instead of after 30 s
    a.db.execute("PRAGMA busy_timeout = 0")
    for n in range(3):
        a.add_pending(f"ua{n}", "h", 1, T0, "fa")
        b.add_pending(f"ub{n}", "h", 1, T0, "fb")
        a.add_failure(f"fail{n}", "http_404", T0)
        b.add_alias(f"alias{n}", f"ub{n}", T0)
    assert b.publish("fb") == 3
    assert a.publish("fa") == 3
    assert a.known("ua0") is not None and b.known("ub2") is not None
    assert a.failed_since("fail1", T0) == "http_404" and b.alias_of("alias2") == "ub2"
