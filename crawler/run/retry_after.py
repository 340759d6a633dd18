"""Scrapy's retries, plus the server's ``Retry-After``: a site that says "not now" is left
alone for as long as it asks, up to a bound.

Settings: ``RETRY_AFTER_MAX_SECONDS`` (the longest pause honoured), and Scrapy's
``RETRY_ENABLED``, ``RETRY_TIMES``, ``RETRY_HTTP_CODES``.
Stats: ``retry/retry_after`` (pauses taken), ``retry/retry_after_capped`` (the server
asked for longer than the bound), besides Scrapy's ``retry/*``.

A retryable answer (429, 503, …) carrying ``Retry-After`` (seconds, or an HTTP date)
pauses every request to that host, not only the retry: each waits in
:meth:`process_request` until the pause is over, while the reactor goes on. The retry
itself is Scrapy's, with its budget (``RETRY_TIMES``). Replaces
``scrapy.downloadermiddlewares.retry.RetryMiddleware`` at the same place.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response

logger = logging.getLogger(__name__)


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """The wait a ``Retry-After`` value asks for (RFC 9110: seconds or an HTTP date);
    None when absent or unreadable; never negative."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("RETRY_AFTER_MAX_SECONDS")
        self.paused_until: dict[str, float] = {}  # host -> time.monotonic()
        self.logged: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).netloc
        while (wait := self.paused_until.get(host, 0.0) - time.monotonic()) > 0:
            await asyncio.sleep(wait)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status in self.retry_http_codes and not request.meta.get("dont_retry"):
            asked = retry_after_seconds(response.headers.get(b"Retry-After"))
            if asked is not None:
                self._pause(urlsplit(response.url).netloc, asked)
        return super().process_response(request, response)

    def _pause(self, host: str, asked: float) -> None:
        stats = self.crawler.stats
        wait = min(asked, self.max_wait)
        stats.inc_value("retry/retry_after")
        if asked > self.max_wait:
            stats.inc_value("retry/retry_after_capped")
        self.paused_until[host] = max(self.paused_until.get(host, 0.0), time.monotonic() + wait)
        if host not in self.logged:  # once per host: the stats count the rest
            self.logged.add(host)
            logger.info(
                "%s asked to wait %g s (Retry-After): pausing its requests for %g s",
                host,
                asked,
                wait,
            )
