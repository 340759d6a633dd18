"""Any page of a portal without a site module: trafilatura over the whole page.

Used by ``python -m crawler.extract`` and the benchmarks for other hosts; never by a
spider (a spider's site must know its URL shapes). Metadata comes from what every news
page carries: Open Graph / article meta tags and JSON-LD.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from lxml import html

from crawler.bodytext import page_paragraphs
from crawler.sites.base import (
    Page,
    absolute_url,
    first,
    iso_datetime,
    json_ld,
    ld_authors,
    metas,
    text_of,
    unique,
)


class Generic:
    name: ClassVar[str] = "generic"
    origin: ClassVar[str] = ""

    def start_urls(self, section: str) -> list[str]:
        return []

    def day_url(self, section: str, year: int, month: int, day: int) -> str:
        raise NotImplementedError("generic pages have no archive")

    def archive_url(self, section: str, since: str, until: str, page: int) -> str:
        raise NotImplementedError("generic pages have no archive")

    def article_url(self, url: str, section: str) -> str | None:
        return url

    def listing_links(self, doc: html.HtmlElement) -> Iterator[str]:
        yield from doc.xpath("//a/@href")

    def feed_links(self, body: bytes) -> list[str]:
        return []

    def is_complete(self, text: str) -> bool:
        return True

    def parse(self, doc: html.HtmlElement, url: str) -> Page:
        ld = next((o for o in json_ld(doc) if "Article" in str(o.get("@type", ""))), {})
        h1 = doc.xpath("//h1")
        meta = metas(doc).get
        page = Page(
            kind="article",
            title=first([text_of(h1[0]) if h1 else "", meta("og:title"), ld.get("headline")]),
            generic=True,
        )
        page.paragraphs = page_paragraphs(doc)
        page.authors = ld_authors(ld) or unique((meta("author") or "").split(","))
        page.published = iso_datetime(meta("article:published_time")) or iso_datetime(
            str(ld.get("datePublished") or "")
        )
        page.modified = iso_datetime(meta("article:modified_time"))
        page.image = absolute_url(meta("og:image"))
        return page


SITE = Generic()
