"""Across runs: skip articles already published, re-check only the young ones.

Settings: ``OUTPUT_DIR``, ``STATE_UPDATE_WINDOW_HOURS``, ``STATE_RETENTION_DAYS``,
``STATE_RETRY_FAILED_HOURS``.
Stats: ``state/skipped_seen``, ``state/skipped_failed``, ``state/rechecked``,
``state/recovered_files``, ``state/discarded_files``, ``state/pruned``.

The spider tells it about redirects and lasting failures through two signals
(:data:`article_redirected`, :data:`article_failed`), so it never imports the store.

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

# Signals sent by the spider: (alias=, url=) and (url=, reason=).
article_redirected = object()
article_failed = object()

# Reasons that do not fix themselves by asking again in twenty minutes. "truncated" is
# here too: a cut in transit fails Scrapy's own Content-Length check (and is retried);
# what reaches us is a page the server itself sent without its end.
LASTING_FAILURES = frozenset(
    {
        "not_html",
        "empty",
        "truncated",
        "no_title",
        "no_text",
        "too_large",
        "unparsable",
        "http_404",
        "http_410",
        "redirected_off_section",
    }
)


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

    def __init__(self, crawler: Crawler, window: timedelta, retry_failed: timedelta) -> None:
        self.crawler = crawler
        self.window = window
        self.retry_failed = retry_failed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeltaMiddleware:
        settings = crawler.settings
        middleware = cls(
            crawler,
            timedelta(hours=settings.getfloat("STATE_UPDATE_WINDOW_HOURS", 48)),
            timedelta(hours=settings.getfloat("STATE_RETRY_FAILED_HOURS", 24)),
        )
        crawler.signals.connect(middleware.redirected, signal=article_redirected)
        crawler.signals.connect(middleware.failed, signal=article_failed)
        return middleware

    def redirected(self, alias: str, url: str) -> None:
        store_for(self.crawler).add_alias(alias, url)

    def failed(self, url: str, reason: str) -> None:
        if reason in LASTING_FAILURES:
            store_for(self.crawler).add_failure(url, reason)

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
        store = store_for(self.crawler)
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
