"""The six portals' real captures in ../shared, read the way a downstream user reads
records: every page of a known host, appeal boxes, tags, times, people and credits.

The captures are read in place (skipped when ../shared is absent, never copied here);
what is checked is what each page's markup prints, looked up by hand.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from crawler.assembly.assemble import extract_page
from crawler.reasons import Reason
from crawler.settings import EXTRACT_MAX_CHARS
from crawler.sites import NotAnArticle, site_for_url
from crawler.text.boilerplate import is_appeal
from tests.conftest import realworld_manifest

pytestmark = pytest.mark.realworld

KNOWN = [e for e in realworld_manifest() if site_for_url(e["url"]) is not None]
ARTICLES = [e["file"] for e in KNOWN if e["kind"] != "listing"]
LISTINGS = [e["file"] for e in KNOWN if e["kind"] == "listing"]

INDEX_2011 = "index_hu_kulfold_2011_02_03_harom_tengerig_nyulo_tervet_dedelgetunk.html"


def extracted(text: str, url: str):
    return extract_page(text, url, max_chars=EXTRACT_MAX_CHARS)


# --- 1. every page of a known host ---------------------------------------------------------


@pytest.mark.parametrize("name", ARTICLES)
def test_every_real_article_page_is_read_by_its_module(realworld, name):
    text, url = realworld(name)
    found = extracted(text, url)
    assert found.site is site_for_url(url)
    assert not found.page.generic


@pytest.mark.parametrize("name", LISTINGS)
def test_a_real_listing_page_gives_no_record(realworld, name):
    text, url = realworld(name)
    with pytest.raises(NotAnArticle) as refused:
        extracted(text, url)
    assert refused.value.reason == Reason.NOT_AN_ARTICLE_PAGE


def test_a_real_article_at_an_older_address_is_its_canonical_articles_record(realworld):
    """index.hu's 2011 article asked for at the sister sites' undated ``/<rubric>/<slug>/``
    shape: the module reads it, and its canonical link names the record's URL."""
    text, url = realworld(INDEX_2011)
    older = "https://index.hu/kulfold/harom_tengerig_nyulo_tervet_dedelgetunk/"
    found = extracted(text, older)
    assert found.site.name == "index.hu" and not found.page.generic
    assert found.item.url == url
    assert found.item.section == "kulfold"
    assert found.item == replace(extracted(text, url).item, crawled_at=found.item.crawled_at)


@pytest.mark.parametrize("name", ARTICLES)
def test_no_reader_appeal_in_a_real_record(realworld, name):
    """Donation, subscription, newsletter and app boxes the real pages carry (index.hu's
    newsletter_modal, 444's donation buttons, telex's app links, 24.hu's newsletter and
    follow menus) stay out of the text, the lead and every post."""
    text, url = realworld(name)
    item = extracted(text, url).item
    blocks = [*item.text.split("\n\n"), item.lead or ""]
    blocks += [p for post in item.posts for p in post["text"].split("\n\n")]
    assert not [b for b in blocks if is_appeal(b)]
    for printed in ("Támogatom", "hírlevél", "Google Play", "App Store", "Előfizetés"):
        assert printed.casefold() not in item.text.casefold(), printed
