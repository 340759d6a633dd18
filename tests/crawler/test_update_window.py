"""The update window: young articles are re-checked, and none stays young forever."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crawler.run.incremental import is_young
from crawler.run.state import Known, StateStore

NOW = datetime(2026, 12, 6, 12, tzinfo=UTC)
WINDOW = timedelta(hours=48)


def test_young_for_the_window_from_the_article_time():
    assert is_young(Known("h", 1, NOW - timedelta(hours=47), NOW - timedelta(hours=1)), NOW, WINDOW)
    assert not is_young(Known("h", 1, NOW - timedelta(days=3), NOW), NOW, WINDOW)


def test_a_far_future_date_does_not_keep_an_article_young_forever(tmp_path):
    # A row stored before implausible dates were refused: published in 2999.
    store = StateStore(tmp_path / "state.sqlite3", "index_abroad")
    first_run = NOW - timedelta(days=3)
    store.add_pending("u", "h", 1, datetime(2999, 1, 1, tzinfo=UTC), "run1.jsonl")
    store.publish("run1.jsonl", now=first_run)
    known = store.known("u")
    assert known is not None and known.first_emitted == first_run
    assert not is_young(known, NOW, WINDOW)
    assert is_young(known, first_run + timedelta(hours=1), WINDOW)
