"""The state store is a component: opened and settled once, then closed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from crawler.run.state import STATE_FILE, StateError, StateStore
from crawler.run.state_extension import StateExtension, state_store
from tests.crawlers import project_crawler

URL = "https://index.hu/kulfold/2024/05/06/x/"


def opened(crawler) -> StateExtension:
    ext = crawler.get_extension(StateExtension)
    asyncio.run(ext.spider_opened(crawler.spider))
    return ext


def test_lifecycle_settles_a_killed_run_and_closes(tmp_path):
    # A killed run: one file renamed (published), one never renamed, a stale part file.
    store = StateStore(tmp_path / STATE_FILE, "index_abroad")
    now = datetime.now(UTC)
    store.add_pending(URL, "a" * 64, 1, now, "renamed.jsonl")
    store.add_pending(URL + "b/", "b" * 64, 1, now, "lost.jsonl")
    store.commit()
    store.close()
    (tmp_path / "index_abroad").mkdir()
    (tmp_path / "index_abroad" / "renamed.jsonl").write_text("{}\n")
    (tmp_path / "index_abroad" / ".stale.jsonl.part").write_text("{")

    crawler = project_crawler(tmp_path)
    with pytest.raises(StateError):
        state_store(crawler)  # not before the spider opens
    ext = opened(crawler)
    store = state_store(crawler)
    assert store.known(URL) is not None  # renamed: published
    assert store.known(URL + "b/") is None  # never renamed: emitted again
    assert crawler.stats.get_value("state/recovered_files") == 1
    assert crawler.stats.get_value("state/discarded_files") == 1
    assert not (tmp_path / "index_abroad" / ".stale.jsonl.part").exists()
    ext.spider_closed(crawler.spider)
    with pytest.raises(StateError):
        state_store(crawler)


def test_lasting_failures_and_aliases_are_remembered(tmp_path):
    crawler = project_crawler(tmp_path)
    ext = opened(crawler)
    ext.failed(URL, "no_title")
    ext.failed(URL + "b/", "timeout")  # fixes itself: not remembered
    ext.redirected(URL + "regi/", URL)
    store = state_store(crawler)
    store.commit()  # the run's journal is written when the run closes
    since = datetime.now(UTC) - timedelta(hours=1)
    assert store.failed_since(URL, since) == "no_title"
    assert store.failed_since(URL + "b/", since) is None
    assert store.alias_of(URL + "regi/") == URL
    ext.spider_closed(crawler.spider)
