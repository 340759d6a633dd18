"""Downloader middlewares: each portal's requests to its mirror (``BASE_URLS``), and an
article request's redirects followed only to an article no other request fetches.

:class:`MirrorMiddleware` reads the settings ``BASE_URLS``, ``INDEX_BASE_URL``
(:mod:`crawler.mirror`). It runs before robots.txt handling, so robots.txt is read from
the same origin as the pages, and it sees redirects again (Scrapy reschedules them), so a
redirect to the real host stays on the mirror. Each mirrored request carries the site URL
it was made for (:data:`crawler.mirror.SITE_URL_META`), which the archive records: a
redirect whose ``Location`` is relative (resolved against the mirror) keeps the host it
came from.

:class:`ArticleRedirectMiddleware` reads nothing; it counts through the spider
(``articles/duplicate``).
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.failures import RedirectNotFollowed
from crawler.incremental import ARTICLE_META
from crawler.mirror import SITE_URL_META, Mirrors, mirrors_from_settings

_REDIRECTS = frozenset({301, 302, 303, 307, 308})  # what Scrapy's RedirectMiddleware follows


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


class ArticleRedirectMiddleware:
    """At 602, between the archive's 605 (the redirect is archived as received) and
    Scrapy's RedirectMiddleware (600): asks the spider (``follow_redirect``) whether an
    article request's redirect leads to an article another request already fetches; if
    so the redirect is not followed (:class:`RedirectNotFollowed`, which the spider's
    errback knows), so no article is downloaded twice in a run."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.mirrors = mirrors_from_settings(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleRedirectMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        article = request.meta.get(ARTICLE_META)
        location = response.headers.get(b"Location")
        follow = getattr(self.crawler.spider, "follow_redirect", None)
        if (
            article is None
            or follow is None
            or response.status not in _REDIRECTS
            or not location
            or request.meta.get("dont_redirect")
        ):
            return response
        here = self.mirrors.site_url_of(request.url, request.meta)
        target = self.mirrors.on_site_of(urljoin(request.url, location.decode("latin-1")), here)
        if follow(str(article), target):
            return response
        raise RedirectNotFollowed(f"{here} redirects to an article fetched by another request")
