"""Across runs: skip articles already published, re-check only the young ones.

Settings: ``STATE_UPDATE_WINDOW_HOURS``, ``STATE_RETRY_FAILED_HOURS``.
Stats: ``state/skipped_seen``, ``state/skipped_failed``, ``state/rechecked``.

A spider middleware over the spider's output: an article request (marked with
:data:`ARTICLE_META`) that an earlier run made unnecessary goes no further. The store is
the crawl's (:func:`crawler.state_extension.state_store`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler

from crawler.state_extension import state_store

ARTICLE_META = "article"  # meta key the spider sets on an article's first-page request


class DeltaMiddleware:
    """Spider middleware dropping article requests that earlier runs made unnecessary."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.window = timedelta(hours=settings.getfloat("STATE_UPDATE_WINDOW_HOURS"))
        self.retry_failed = timedelta(hours=settings.getfloat("STATE_RETRY_FAILED_HOURS"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeltaMiddleware:
        return cls(crawler)

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
        store = state_store(self.crawler)
        url = entry.meta[ARTICLE_META]
        now = datetime.now(UTC)
        if store.failed_since(url, now - self.retry_failed):
            self.crawler.stats.inc_value("state/skipped_failed")
            return False
        known = store.known(store.alias_of(url) or url)
        if known is None:
            return True
        if known.article_time >= now - self.window:
            self.crawler.stats.inc_value("state/rechecked")
            return True
        self.crawler.stats.inc_value("state/skipped_seen")
        return False
