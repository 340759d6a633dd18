"""Downloader middlewares handing every response to the run's archive.

Settings: ``ARCHIVE_ENABLED`` (plus ``BASE_URLS``/``INDEX_BASE_URL`` through
:mod:`crawler.run.mirror`). Stats: see :mod:`crawler.archive.extension`.

Where they sit, and why there: process_response runs from the downloader side inwards
(high numbers first). :class:`ArchiveMiddleware` sits at 585, right after
HttpCompressionMiddleware (590) has decoded the body and before Retry (550) and
MetaRefresh (580) act on it, so it stores exactly the body the spider reads, and every
response that is retried or refused too. The stored headers are made to describe that
body: no ``Content-Encoding`` the body no longer has, ``Content-Length`` its length, no
``Transfer-Encoding`` (Scrapy has de-chunked it); the values they replace are kept as
``X-Archive-Orig-*`` (pywb's convention). RedirectMiddleware (600) consumes 3xx responses
before anything is decoded, so :class:`WireMiddleware` at 605 archives those as they came
(their headers still match their body) and notes the wire headers of the others for the
585 middleware. Signals were the other choice: ``response_received`` never sees a
followed redirect or a retried 503, ``response_downloaded``/``bytes_received`` see only
the encoded wire body, which would leave re-extraction and replay to decode gzip, br and
zstd themselves.

Each response record carries the page's role (``X-Crawler-Role`` and the fields beside
it, :mod:`crawler.archive`) as the spider stated it in ``request.meta[PAGE_ROLE_META]``;
a redirect or a retry keeps its request's meta, so it keeps the role too.

URLs are stored as the site names them: a response a mirror served (``BASE_URLS``) is
archived under the site URL its request was made for (:meth:`Mirrors.site_url_of`), the
very URL the spider asks for again when it wants that page (``www.origo.hu``, not the
mirror's bare host), and ``Location``/``Content-Location``/``Referer`` values that point
at the mirror are mapped back to the site.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.archive import (
    FETCHED_AT_META,
    ORIGINAL_PREFIX,
    PAGE_ROLE_META,
    ROBOTS,
    PageRole,
    crawled_at_of,
)
from crawler.archive.extension import archive_of
from crawler.archive.warcfile import Exchange
from crawler.run.mirror import Mirrors, mirrors_from_settings

WIRE_META = "_archive_wire"  # request.meta: the wire's encoding headers, for the 585 step
_WIRE_HEADERS = ("Content-Encoding", "Content-Length", "Transfer-Encoding")
_URL_HEADERS = frozenset({"location", "content-location", "referer"})
# Never archived: credentials of the crawler's own (none are sent today; a proxy could).
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


def is_redirect(response: Response) -> bool:
    return 300 <= response.status < 400


class _Capture:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.mirrors = mirrors_from_settings(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        if not crawler.settings.getbool("ARCHIVE_ENABLED"):
            raise NotConfigured
        return cls(crawler)

    def archive(self, request: Request, response: Response, wire: dict[str, str]) -> None:
        archive = archive_of(self.crawler)
        if archive is None or not archive.is_open:
            return
        now = datetime.now(UTC)
        archive.add(exchange_of(request, response, self.mirrors, now, wire))
        request.meta[FETCHED_AT_META] = crawled_at_of(now)


class WireMiddleware(_Capture):
    """At 605: archives 3xx responses as received; notes the others' wire headers."""

    def process_response(self, request: Request, response: Response) -> Response:
        if is_redirect(response):
            self.archive(request, response, {})
        else:
            request.meta[WIRE_META] = {
                name: response.headers.get(name, b"").decode("latin-1")
                for name in _WIRE_HEADERS
                if name in response.headers
            }
        return response


class ArchiveMiddleware(_Capture):
    """At 585: archives every other response with the body the spider reads."""

    def process_response(self, request: Request, response: Response) -> Response:
        if not is_redirect(response):
            self.archive(request, response, request.meta.pop(WIRE_META, {}))
        return response


def exchange_of(
    request: Request, response: Response, mirrors: Mirrors, now: datetime, wire: dict[str, str]
) -> Exchange:
    body = response.body
    headers = response_headers(response, mirrors, wire)
    url = mirrors.site_url_of(response.url, request.meta)
    role = role_of(request, url)
    fields = role.warc_fields() if role is not None else []
    if not mirrors.active and response.ip_address is not None:
        fields.append(("WARC-IP-Address", str(response.ip_address)))
    return Exchange(
        url=url,
        date=now,
        status=response.status,
        response_headers=headers,
        body=body,
        request_headers=request_headers(request, mirrors),
        method=request.method,
        request_body=request.body,
        protocol=response.protocol or "HTTP/1.1",
        warc_fields=fields,
    )


def response_headers(
    response: Response, mirrors: Mirrors, wire: dict[str, str]
) -> list[tuple[str, str]]:
    """The headers, made true of the stored body (see the module docstring)."""
    length = str(len(response.body))
    out: list[tuple[str, str]] = []
    for raw_name, values in response.headers.items():
        name = raw_name.decode("latin-1")
        lower = name.lower()
        for raw in values:
            value = raw.decode("latin-1")
            if lower == "transfer-encoding" or (lower == "content-length" and value != length):
                out.append((ORIGINAL_PREFIX + name, value))
                continue
            if lower == "content-length":
                continue  # set below, once
            if lower in _URL_HEADERS:
                value = mirrors.to_canonical(value)
            out.append((name, value))
    gone = wire.get("Content-Encoding")
    if gone and "Content-Encoding" not in response.headers:
        out.append((ORIGINAL_PREFIX + "Content-Encoding", gone))
    out.append(("Content-Length", length))
    return out


def request_headers(request: Request, mirrors: Mirrors) -> list[tuple[str, str]]:
    out = []
    for raw_name, values in request.headers.items():
        name = raw_name.decode("latin-1")
        if name.lower() in _SECRET_HEADERS:
            continue
        for raw in values:
            value = raw.decode("latin-1")
            if name.lower() in _URL_HEADERS:
                value = mirrors.to_canonical(value)
            out.append((name, value))
    return out


def role_of(request: Request, url: str) -> PageRole | None:
    """What the page is to the crawl: as the spider stated it, else robots.txt (Scrapy's
    own request) by its path, else nothing said."""
    role = request.meta.get(PAGE_ROLE_META)
    if isinstance(role, PageRole):
        return role
    return PageRole(ROBOTS) if urlsplit(url).path == "/robots.txt" else None
