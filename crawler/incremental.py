"""Across runs: skip articles already published, re-check only the young ones.

Settings: ``OUTPUT_DIR``, ``STATE_UPDATE_WINDOW_HOURS``, ``STATE_RETENTION_DAYS``.
Stats: ``state/skipped_seen``, ``state/rechecked``, ``state/recovered_files``,
``state/discarded_files``, ``state/pruned``.

The store is opened once per crawler (:func:`store_for`) and shared by this middleware,
the revision pipeline and the JSONL pipeline; it is settled (what a killed run left
pending) and pruned when it opens.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler

from crawler.output import remove_stale_parts, spider_dir
from crawler.state import STATE_FILE, StateStore

logger = logging.getLogger(__name__)

ARTICLE_META = "article"  # meta key the spider sets on an article's first-page request


def store_for(crawler: Crawler) -> StateStore:
    store = getattr(crawler, "_state_store", None)
    if store is None:
        output_dir = Path(crawler.settings.get("OUTPUT_DIR") or "output")
        spider = crawler.spider.name
        store = StateStore(output_dir / STATE_FILE, spider)
        directory = spider_dir(output_dir, spider)
        published, discarded = store.recover(directory)
        if published or discarded:
            logger.warning(
                "Settled an interrupted run: %d file(s) published, %d never published",
                published,
                discarded,
            )
        crawler.stats.inc_value("state/recovered_files", published)
        crawler.stats.inc_value("state/discarded_files", discarded)
        if directory.exists():
            remove_stale_parts(directory)
        retention = timedelta(days=crawler.settings.getfloat("STATE_RETENTION_DAYS", 400))
        crawler.stats.inc_value("state/pruned", store.prune(retention))
        crawler._state_store = store  # type: ignore[attr-defined]  # one per crawler
    return store


def close_store(crawler: Crawler) -> None:
    store = getattr(crawler, "_state_store", None)
    if store is not None:
        store.close()
        crawler._state_store = None  # type: ignore[attr-defined]


class DeltaMiddleware:
    """Spider middleware dropping article requests that earlier runs made unnecessary."""

    def __init__(self, crawler: Crawler, window: timedelta) -> None:
        self.crawler = crawler
        self.window = window

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeltaMiddleware:
        hours = crawler.settings.getfloat("STATE_UPDATE_WINDOW_HOURS", 48)
        return cls(crawler, timedelta(hours=hours))

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterator[Any]:
        for entry in result:
            if self.wanted(entry):
                yield entry

    async def process_spider_output_async(
        self, response: Any, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for entry in result:
            if self.wanted(entry):
                yield entry

    def wanted(self, entry: Any) -> bool:
        if not isinstance(entry, Request) or ARTICLE_META not in entry.meta:
            return True
        known = store_for(self.crawler).known(entry.meta[ARTICLE_META])
        if known is None:
            return True
        if known.article_time >= datetime.now(UTC) - self.window:
            self.crawler.stats.inc_value("state/rechecked")
            return True
        self.crawler.stats.inc_value("state/skipped_seen")
        return False
