"""The state store as a Scrapy component: opened, settled and pruned once, then closed.

Settings: ``OUTPUT_DIR``, ``STATE_RETENTION_DAYS``.
Stats: ``state/recovered_files``, ``state/discarded_files``, ``state/pruned``.

Opened when the spider opens, before any article request or item: what a killed run left
pending is settled (:meth:`StateStore.recover`), its stale part files are removed, old
rows are pruned. Closed when the spider has closed, after the pipelines have published
the run's file. Everything else reaches the store through the crawler::

    store = state_store(crawler)

It also records what the spider signals (:mod:`crawler.signals`): redirect aliases and
lasting failures.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler

from crawler import signals as article_signals
from crawler.output import remove_stale_parts, spider_dir
from crawler.state import STATE_FILE, StateStore

logger = logging.getLogger(__name__)

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
        "other_section",
    }
)


class StateExtension:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.output_dir = Path(crawler.settings["OUTPUT_DIR"])
        self.retention = timedelta(days=crawler.settings.getfloat("STATE_RETENTION_DAYS"))
        self._store: StateStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StateExtension:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.redirected, signal=article_signals.article_redirected)
        crawler.signals.connect(ext.failed, signal=article_signals.article_failed)
        return ext

    @property
    def store(self) -> StateStore:
        if self._store is None:
            raise RuntimeError("the state store is not open")
        return self._store

    def spider_opened(self, spider: object) -> None:
        name = self.crawler.spider.name
        store = StateStore(self.output_dir / STATE_FILE, name)
        directory = spider_dir(self.output_dir, name)
        published, discarded = store.recover(directory)
        if published or discarded:
            logger.warning(
                "Settled an interrupted run: %d file(s) published, %d never published",
                published,
                discarded,
            )
        stats = self.crawler.stats
        stats.inc_value("state/recovered_files", published)
        stats.inc_value("state/discarded_files", discarded)
        if directory.exists():
            remove_stale_parts(directory)
        stats.inc_value("state/pruned", store.prune(self.retention))
        self._store = store

    def spider_closed(self, spider: object) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def redirected(self, alias: str, url: str) -> None:
        self.store.add_alias(alias, url)

    def failed(self, url: str, reason: str) -> None:
        if reason in LASTING_FAILURES:
            self.store.add_failure(url, reason)


def state_store(crawler: Crawler) -> StateStore:
    """The crawl's open state store (the :class:`StateExtension` must be enabled)."""
    ext = crawler.get_extension(StateExtension)
    if ext is None:
        raise RuntimeError("crawler.state_extension.StateExtension is not enabled")
    return ext.store
