"""Downloader middleware sending each portal's requests to its mirror (``BASE_URLS``).

Settings: ``BASE_URLS``, ``INDEX_BASE_URL`` (:mod:`crawler.mirror`). It runs before
robots.txt handling, so robots.txt is read from the same origin as the pages, and it
sees redirects again (Scrapy reschedules them), so a redirect to the real host stays
on the mirror.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.mirror import Mirrors, mirrors_from_settings


class MirrorMiddleware:
    def __init__(self, mirrors: Mirrors) -> None:
        self.mirrors = mirrors

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MirrorMiddleware:
        mirrors = mirrors_from_settings(crawler.settings)
        if not mirrors.active:
            raise NotConfigured  # no message: nothing to warn about when not mirroring
        return cls(mirrors)

    def process_request(self, request: Request) -> Request | None:
        url = self.mirrors.to_fetch(request.url)
        return None if url == request.url else request.replace(url=url)
