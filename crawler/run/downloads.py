"""Downloader middlewares that decide where a request may go, and which redirects of an
article request are followed.

:class:`PortalHostsMiddleware` keeps every request on the spider's portal: a request for a
host the portal's site module does not own (a pager or a redirect to another site) is
dropped before any connection, DNS or robots.txt, and so is a request for one of the
portal's hosts that ``BASE_URLS`` leaves unmapped while it maps others (it would bypass
the mirror). :class:`MirrorMiddleware` then sends each portal's requests to its mirror.

Settings: ``BASE_URLS``, ``INDEX_BASE_URL`` (:mod:`crawler.run.mirror`). Both run before
robots.txt handling, so robots.txt is read from the same origin as the pages, and they
see redirects again (Scrapy reschedules them), so a redirect to the real host stays on
the mirror and a redirect off the portal goes nowhere. Each mirrored request carries the
site URL it was made for (:data:`crawler.run.mirror.SITE_URL_META`), which the archive
records: a redirect whose ``Location`` is relative (resolved against the mirror) keeps the
host it came from.
Stats: ``fetch/offsite/<reason>`` (``other_host``, ``unmirrored``); the spider's errback
counts the request as failed with the reason ``offsite``.

:class:`ArticleRedirectMiddleware` follows an article request's redirect only to an
article no other request fetches; it reads nothing and counts through the spider
(``articles/duplicate``).
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.run.failures import OffPortal, RedirectNotFollowed
from crawler.run.incremental import ARTICLE_META
from crawler.run.mirror import SITE_URL_META, Mirrors, mirrors_from_settings

_REDIRECTS = frozenset({301, 302, 303, 307, 308})  # what Scrapy's RedirectMiddleware follows

logger = logging.getLogger(__name__)


class PortalHostsMiddleware:
    def __init__(self, crawler: Crawler, mirrors: Mirrors) -> None:
        self.crawler = crawler
        self.mirrors = mirrors
        self.logged: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PortalHostsMiddleware:
        return cls(crawler, mirrors_from_settings(crawler.settings))

    def process_request(self, request: Request) -> None:
        hosts = getattr(getattr(self.crawler, "spider", None), "site", None)
        hosts = getattr(hosts, "hosts", None)
        if not hosts:
            return None  # not a portal spider: nothing to keep it to
        reason = self.problem(request.url, hosts)
        if reason is None:
            return None
        host = urlsplit(request.url).hostname or request.url
        self.crawler.stats.inc_value(f"fetch/offsite/{reason}")
        if host not in self.logged:  # the spider's errback warns about each request
            self.logged.add(host)
            logger.info("Requests to %s are not made (%s), first: %s", host, reason, request.url)
        raise OffPortal(f"offsite: {host} ({reason})")

    def problem(self, url: str, hosts: frozenset[str]) -> str | None:
        canonical = self.mirrors.to_canonical(url)
        if canonical != url:  # served by a mirror: fine when it mirrors a portal host
            return None if (urlsplit(canonical).hostname or "") in hosts else "other_host"
        host = (urlsplit(url).hostname or "").lower()
        if host not in hosts:
            return "other_host"
        if self.mirrors.active and self.mirrors.to_fetch(url) == url:
            return "unmirrored"
        return None


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
