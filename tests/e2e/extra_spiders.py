"""Test-only portal spiders, so ``crawlall`` can be tested with several portals today.

Each is index.hu's CMS served under a sister host (velvet.hu, divany.hu, totalcar.hu, all
read by :mod:`crawler.sites.index_hu`), so each can have its own stand-in server through
``BASE_URLS`` and be stopped or slowed on its own. Each takes only its own host's links:
the stand-in writes absolute links for index.hu in its feed and archives, so the spiders
read the section page, which links relatively (``add_article(..., href=article.path)``).
``totalcar_standin`` has no date archive.
Enable with ``-s SPIDER_MODULES=tests.e2e.extra_spiders`` (plus ``crawler.spiders``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import scrapy

from crawler.sites import Listing, NoDateArchive
from crawler.sites.index_hu import ORIGIN, IndexHu
from crawler.spiders.base import PortalSpider


class SisterHost(IndexHu):
    """index.hu's CMS at ``host``."""

    def __init__(self, host: str, *, has_date_archive: bool = True) -> None:
        self.name = host  # type: ignore[misc]  # log lines name the portal
        self.origin = f"https://{host}"
        self.has_date_archive = has_date_archive

    def article_url(self, url: str) -> str | None:
        canonical = super().article_url(url)
        return canonical if canonical and canonical.startswith(f"{self.origin}/") else None

    def listings(self, section: str) -> list[Listing]:
        return [Listing(f"{self.origin}/{section}/")]

    def date_archives(self, section: str, first: date, last: date) -> list[Listing]:
        if not self.has_date_archive:
            raise NoDateArchive(f"{self.origin} has no date archive to backfill from")
        return [
            replace(listing, url=listing.url.replace(ORIGIN, self.origin, 1))
            for listing in super().date_archives(section, first, last)
        ]


class VelvetStandinSpider(PortalSpider):
    name = "velvet_standin"
    site = SisterHost("velvet.hu")
    section = "kulfold"


class DivanyStandinSpider(PortalSpider):
    name = "divany_standin"
    site = SisterHost("divany.hu")
    section = "kulfold"


class TotalcarStandinSpider(PortalSpider):
    name = "totalcar_standin"
    site = SisterHost("totalcar.hu", has_date_archive=False)
    section = "kulfold"


class NotAPortalSpider(scrapy.Spider):
    """A spider that is not a portal spider: ``crawlall`` leaves it out."""

    name = "not_a_portal"
