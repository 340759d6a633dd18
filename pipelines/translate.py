"""Translates records into ``TRANSLATE_TO`` (off when empty), off the reactor thread.

Settings: ``TRANSLATE_TO``, ``TRANSLATOR``, ``TRANSLATOR_URL``, ``TRANSLATOR_FALLBACK``,
``TRANSLATOR_FALLBACK_URL``, ``TRANSLATOR_THREADS``, ``TRANSLATOR_TIMEOUT``,
``TRANSLATOR_RETRIES``, ``TRANSLATOR_BACKOFF``, ``TRANSLATOR_MAX_FAILURES``,
``TRANSLATOR_CHUNK_CHARS``, ``OUTPUT_DIR`` (cache), ``USER_AGENT``.
Stats: ``translate/*`` (see :mod:`crawler.translation.service` and docs/translation.md).

HTTP calls run in a bounded thread pool (one provider instance per thread); the item
waits on an asyncio future, so the crawl goes on meanwhile. A record is never dropped
here: when translation fails it goes on with ``translation`` null and
``translation_error`` set. deep-translator is imported only when translation is on.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings

if TYPE_CHECKING:
    from crawler.translation.service import ServiceConfig, TranslationService

logger = logging.getLogger(__name__)

CACHE_FILE = Path("cache") / "translations.sqlite3"  # under OUTPUT_DIR
RECORD_KEYS = ("title", "lead", "text", "language")


def target_language(settings: BaseSettings) -> str:
    return (settings.get("TRANSLATE_TO") or "").strip().lower()


def service_config(settings: BaseSettings) -> ServiceConfig:
    """The translation settings as the (Scrapy-free) service wants them."""
    from crawler.translation.service import ProviderSettings, ServiceConfig

    providers = [ProviderSettings(settings["TRANSLATOR"], _url(settings, ""))]
    fallback = (settings.get("TRANSLATOR_FALLBACK") or "").strip()
    if fallback:
        providers.append(ProviderSettings(fallback, _url(settings, "_FALLBACK")))
    return ServiceConfig(
        target=target_language(settings),
        providers=tuple(providers),
        timeout=settings.getfloat("TRANSLATOR_TIMEOUT"),
        retries=settings.getint("TRANSLATOR_RETRIES"),
        backoff=settings.getfloat("TRANSLATOR_BACKOFF"),
        max_failures=settings.getint("TRANSLATOR_MAX_FAILURES"),
        chunk_chars=settings.getint("TRANSLATOR_CHUNK_CHARS"),
        cache_path=Path(settings["OUTPUT_DIR"]) / CACHE_FILE,
        user_agent=settings.get("USER_AGENT") or None,
    )


def _url(settings: BaseSettings, which: str) -> str:
    return (settings.get(f"TRANSLATOR{which}_URL") or "").strip()


def build_service_from_settings(settings: BaseSettings) -> TranslationService:
    """Raises ``ValueError`` (``ConfigError``) for a bad target, provider or missing key."""
    from crawler.translation.service import build_service

    config = service_config(settings)
    # The record schema allows two-letter codes only ("lang": ^[a-z]{2}$).
    if len(config.target) != 2 or not config.target.isalpha() or not config.target.isascii():
        raise ValueError(f"TRANSLATE_TO must be a two-letter language code, not {config.target!r}")
    return build_service(config)


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
        if result.skipped is None:
            self._apply(item, result.translation, result.error)
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
