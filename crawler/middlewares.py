"""Downloader middleware sending index.hu requests to ``INDEX_BASE_URL``.

Settings: ``INDEX_BASE_URL``. It runs before robots.txt handling, so robots.txt is read
from the same origin as the pages, and it sees redirects again (Scrapy reschedules them),
so a redirect to ``https://index.hu/…`` stays on the mirror.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.mirror import Mirror
from crawler.sites.index_hu import HOSTS, SITE


def mirror_from_settings(settings) -> Mirror:
    return Mirror(settings.get("INDEX_BASE_URL") or SITE.origin, SITE.origin, HOSTS)


class MirrorMiddleware:
    def __init__(self, mirror: Mirror) -> None:
        self.mirror = mirror

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MirrorMiddleware:
        mirror = mirror_from_settings(crawler.settings)
        if not mirror.active:
            raise NotConfigured  # no message: nothing to warn about when not mirroring
        return cls(mirror)

    def process_request(self, request: Request) -> Request | None:
        url = self.mirror.to_fetch(request.url)
        return None if url == request.url else request.replace(url=url)
