"""Downloader middleware sending each portal's requests to its mirror (``BASE_URLS``).

Settings: ``BASE_URLS``, ``INDEX_BASE_URL`` (:mod:`crawler.mirror`). It runs before
robots.txt handling, so robots.txt is read from the same origin as the pages, and it
sees redirects again (Scrapy reschedules them), so a redirect to the real host stays
on the mirror. Each mirrored request carries the site URL it was made for
(:data:`crawler.mirror.SITE_URL_META`), which the archive records: a redirect whose
``Location`` is relative (resolved against the mirror) keeps the host it came from.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.mirror import SITE_URL_META, Mirrors, mirrors_from_settings


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
        if url != request.url:
            mirrored = request.replace(url=url)
            mirrored.meta[SITE_URL_META] = request.url
            return mirrored
        if isinstance(known := request.meta.get(SITE_URL_META), str):
            # Already the mirror's URL: rescheduled above, or a relative redirect.
            request.meta[SITE_URL_META] = self.mirrors.on_site_of(url, known)
        return None
