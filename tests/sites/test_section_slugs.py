"""A section slug is never an article slug, on every portal whose URLs could take one.

Listing pages link their section relatively (index.hu's day pages: ``href="kulfold/"``);
resolved on a dated page that has the shape of an article URL.
"""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from crawler.sites import SITES

CASES = [
    ("index.hu", "https://index.hu/kulfold/2024/05/05/", "kulfold/"),
    ("index.hu", "https://index.hu/kulfold/2024/05/05/", "belfold/"),
    ("telex.hu", "https://telex.hu/kulfold/2024/05/05/valami", "kulfold"),
    ("24.hu", "https://24.hu/kulfold/2024/05/05/", "kulfold/"),
    ("444.hu", "https://444.hu/2024/05/05/", "kulfold"),
]


@pytest.mark.parametrize(("portal", "page", "href"), CASES)
def test_a_relative_section_link_is_no_article(portal, page, href):
    assert SITES[portal].article_url(urljoin(page, href)) is None


@pytest.mark.parametrize(
    ("portal", "url"),
    [
        ("index.hu", "https://index.hu/kulfold/2024/05/05/kulfoldi_hirek_roviden/"),
        ("telex.hu", "https://telex.hu/kulfold/2024/05/05/kulfold-roviden"),
        ("24.hu", "https://24.hu/kulfold/2024/05/05/kulfold-heti-osszefoglalo/"),
        ("444.hu", "https://444.hu/2024/05/05/kulfoldi-hirek"),
    ],
)
def test_a_slug_that_only_contains_a_section_name_is_an_article(portal, url):
    assert SITES[portal].article_url(url) == url
