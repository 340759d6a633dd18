"""Translates records into ``TRANSLATE_TO`` (off when empty), off the reactor thread.

Settings: ``TRANSLATE_TO``, ``TRANSLATOR``, ``TRANSLATOR_URL``, ``TRANSLATOR_FALLBACK``,
``TRANSLATOR_FALLBACK_URL``, ``TRANSLATOR_THREADS``, ``TRANSLATOR_TIMEOUT``,
``TRANSLATOR_RETRIES``, ``TRANSLATOR_BACKOFF``, ``TRANSLATOR_MAX_FAILURES``,
``TRANSLATOR_CHUNK_CHARS``, ``OUTPUT_DIR`` (cache), ``USER_AGENT``.
Stats: ``translate/*`` (see :mod:`crawler.translation.service` and docs/translation.md).

The translating is the service's (:mod:`crawler.translation`: built from the settings by
:func:`crawler.translation.configure.build_service_from_settings`, its answer applied by
:meth:`RecordResult.apply`), shared with ``scrapy reextract`` and ``scrapy retranslate``;
this pipeline adapts it to the crawl. HTTP calls run in a bounded thread pool (one
provider instance per thread); the item waits on an asyncio future, so the crawl goes on
meanwhile. A record is never dropped
here: when translation fails it goes on with ``translation`` null and
``translation_error`` set. deep-translator is imported only when translation is on.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

# The service as the settings describe it: shared with `scrapy retranslate` and
# `scrapy reextract`, which use it without a crawl.
from crawler.translation.configure import (
    CACHE_FILE,
    build_service_from_settings,
    service_config,
    target_language,
)

if TYPE_CHECKING:
    from crawler.translation.service import TranslationService

__all__ = [
    "CACHE_FILE",
    "TranslatePipeline",
    "build_service_from_settings",
    "record_for_translation",
    "service_config",
    "target_language",
]

logger = logging.getLogger(__name__)

RECORD_KEYS = ("title", "lead", "text", "language")


def record_for_translation(item: Any) -> dict[str, Any]:
    adapter = ItemAdapter(item)
    record = {key: adapter.get(key) for key in RECORD_KEYS}
    record["posts"] = [ItemAdapter(post).asdict() for post in adapter.get("posts") or ()]
    return record


class TranslatePipeline:
    def __init__(self, crawler: Crawler, service: TranslationService, threads: int) -> None:
        self.crawler = crawler
        self.service = service
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="translate")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TranslatePipeline:
        if not target_language(crawler.settings):
            raise NotConfigured  # no message: off is the default, not worth a warning
        service = build_service_from_settings(crawler.settings)
        threads = max(1, crawler.settings.getint("TRANSLATOR_THREADS"))
        logger.info(
            "Translating into %s via %s (%d threads)",
            service.target,
            " then ".join(service.provider_names),
            threads,
        )
        return cls(crawler, service, threads)

    async def process_item(self, item: Any) -> Any:
        record = record_for_translation(item)
        try:
            # asyncio.wrap_future: the project runs Scrapy's default asyncio reactor.
            result = await asyncio.wrap_future(
                self.executor.submit(self.service.translate_record, record)
            )
        except Exception as exc:  # e.g. the pool is already shut down
            logger.error("Translation could not run: %s", type(exc).__name__)
            self.crawler.stats.inc_value("translate/error/internal")
            self._apply(item, None, f"internal:{type(exc).__name__}")
            return item
        self._count(result.stats)
        result.apply(ItemAdapter(item))
        return item

    def _apply(self, item: Any, translation: dict[str, Any] | None, error: str | None) -> None:
        adapter = ItemAdapter(item)
        adapter["translation"] = translation
        adapter["translation_error"] = error

    def _count(self, stats: Counter[str]) -> None:
        # Applied here, on the reactor thread: the stats collector is not thread-safe.
        for key, value in stats.items():
            self.crawler.stats.inc_value(key, value)

    def close_spider(self) -> None:
        # Every process_item has completed by now, so this does not wait on HTTP.
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.service.close()
