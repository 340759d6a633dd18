"""Registry of portal modules: one module per portal, looked up by host."""

from __future__ import annotations

from urllib.parse import urlsplit

from crawler.sites.base import (
    Bounds,
    Budget,
    Listing,
    NoDateArchive,
    NotAnArticle,
    Page,
    PagePost,
    Reading,
    Site,
    TooLarge,
    Unrecognised,
    budget_of,
)
from crawler.sites.generic import SITE as GENERIC
from crawler.sites.hvg import SITE as HVG
from crawler.sites.index_hu import SITE as INDEX_HU
from crawler.sites.origo import SITE as ORIGO
from crawler.sites.p24 import SITE as P24
from crawler.sites.p444 import SITE as P444
from crawler.sites.telex import SITE as TELEX

SITES: dict[str, Site] = {site.name: site for site in (INDEX_HU, TELEX, P444, P24, HVG, ORIGO)}
_BY_HOST: dict[str, Site] = {host: site for site in SITES.values() for host in site.hosts}


def site_for_url(url: str) -> Site | None:
    """The module that owns ``url``'s host (sister hosts on the same CMS included)."""
    return _BY_HOST.get((urlsplit(url.strip()).hostname or "").lower())


def is_canonical(url: str) -> bool:
    """``url`` is in the canonical form of the module that owns its host: an article's
    (:meth:`Site.article_url`), or for a page no article URL names, the page's
    (:meth:`Site.page_url`)."""
    site = site_for_url(url) or GENERIC
    return (site.article_url(url) or site.page_url(url)) == url


__all__ = [
    "GENERIC",
    "SITES",
    "Bounds",
    "Budget",
    "Listing",
    "NoDateArchive",
    "NotAnArticle",
    "Page",
    "PagePost",
    "Reading",
    "Site",
    "TooLarge",
    "Unrecognised",
    "budget_of",
    "is_canonical",
    "site_for_url",
]
