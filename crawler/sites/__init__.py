"""Registry of portal modules: one module per portal, looked up by host."""

from __future__ import annotations

from urllib.parse import urlsplit

from crawler.sites.base import NotAnArticle, Page, PagePost, Site
from crawler.sites.index_hu import HOSTS as INDEX_HOSTS
from crawler.sites.index_hu import SITE as INDEX_HU

SITES: dict[str, Site] = {INDEX_HU.name: INDEX_HU}
_BY_HOST: dict[str, Site] = dict.fromkeys(INDEX_HOSTS, INDEX_HU)
# velvet.hu runs on index.hu's CMS: same markup, so the same parser reads its pages.
_BY_HOST.update(dict.fromkeys(("velvet.hu", "www.velvet.hu"), INDEX_HU))


def site_for_url(url: str) -> Site | None:
    return _BY_HOST.get(urlsplit(url).hostname or "")


__all__ = ["SITES", "NotAnArticle", "Page", "PagePost", "Site", "site_for_url"]
