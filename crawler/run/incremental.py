"""Across runs: skip articles already published, re-check only the young ones; and the
run's budget of new articles.

Settings: ``STATE_UPDATE_WINDOW_HOURS`` (measured from the earlier of an article's time
and its first emission, so none is re-checked forever), ``STATE_RETRY_FAILED_HOURS``,
``RUN_MAX_NEW_ARTICLES`` (0: no cap).
Stats: ``state/skipped_seen``, ``state/skipped_failed``,
``state/skipped_failed/<reason>`` (read by the verdict: a remembered failure counts as
if the page had failed again), ``state/rechecked``, ``articles/deferred`` (new articles
left for the next run by the cap), ``articles/cap_reached``.

A spider middleware over the spider's output: an article request (marked with
:data:`ARTICLE_META`) that an earlier run made unnecessary goes no further, and a known
article's sighting is noted so pruning never forgets what the listings still link. The
store is the crawl's (:func:`crawler.run.state_extension.state_store`); when it cannot be
read the request is dropped (emitting could duplicate) and the failure reported.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler

from crawler.run.state import Known, StateError
from crawler.run.state_extension import state_failed, state_store

logger = logging.getLogger(__name__)

ARTICLE_META = "article"  # meta key the spider sets on an article's first-page request
CAP_REACHED = "articles/cap_reached"  # stat set once the run's new-article budget is spent


def is_young(known: Known, now: datetime, window: timedelta) -> bool:
    """Whether a published article is still re-checked for changes: for ``window`` from
    the earlier of its own time and its first emission. A date far in the future (2999,
    stored before such dates were refused) would otherwise keep it young forever."""
    start = known.article_time
    if known.first_emitted is not None:
        start = min(start, known.first_emitted)
    return start >= now - window


class DeltaMiddleware:
    """Spider middleware dropping article requests that earlier runs made unnecessary."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.window = timedelta(hours=settings.getfloat("STATE_UPDATE_WINDOW_HOURS"))
        self.retry_failed = timedelta(hours=settings.getfloat("STATE_RETRY_FAILED_HOURS"))
        self.max_new = settings.getint("RUN_MAX_NEW_ARTICLES")
        self.new = 0

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
        try:
            return self._wanted(entry.meta[ARTICLE_META])
        except StateError as exc:
            state_failed(self.crawler, exc)
            return False

    def _wanted(self, url: str) -> bool:
        store = state_store(self.crawler)
        stats = self.crawler.stats
        now = store.now()  # the store's timeline: a wrong clock is not held against its rows
        if reason := store.failed_since(url, now - self.retry_failed):
            stats.inc_value("state/skipped_failed")
            stats.inc_value(f"state/skipped_failed/{reason}")
            return False
        alias = store.alias_of(url)
        known = store.known(alias or url)
        if known is not None:
            store.saw(alias or url)
            if alias:
                store.saw(url)
            if is_young(known, now, self.window):
                stats.inc_value("state/rechecked")
                return True
            stats.inc_value("state/skipped_seen")
            return False
        return self._within_budget(url)

    def _within_budget(self, url: str) -> bool:
        if not self.max_new or self.new < self.max_new:
            self.new += 1
            return True
        stats = self.crawler.stats
        if not stats.get_value(CAP_REACHED):
            stats.set_value(CAP_REACHED, 1)
            logger.warning(
                "Reached RUN_MAX_NEW_ARTICLES (%d): further new articles are left for the"
                " next run, starting with %s",
                self.max_new,
                url,
            )
        stats.inc_value("articles/deferred")
        return False
