"""One rule for every portal: a later page is a page of the same article on the portal."""

from __future__ import annotations

import pytest

from crawler.sites import SITES

# (portal, the article, one of its later pages, another article's later page)
CASES = [
    (
        "index.hu",
        "https://index.hu/kulfold/2024/05/06/cikk/",
        "https://index.hu/kulfold/2024/05/06/cikk/2/",
        "https://index.hu/kulfold/2024/05/06/masik_cikk/2/",
    ),
    (
        "telex.hu",
        "https://telex.hu/kulfold/2024/05/06/cikk",
        "https://telex.hu/kulfold/2024/05/06/cikk?oldal=2",
        "https://telex.hu/kulfold/2024/05/06/masik-cikk?oldal=2",
    ),
    (
        "444.hu",
        "https://444.hu/2024/05/06/cikk",
        "https://444.hu/2024/05/06/cikk?page=2",
        "https://444.hu/2024/05/06/masik-cikk?page=2",
    ),
    (
        "24.hu",
        "https://24.hu/kulfold/2024/05/06/cikk/",
        "https://24.hu/kulfold/2024/05/06/cikk/2/",
        "https://24.hu/kulfold/2024/05/06/masik-cikk/2/",
    ),
    (
        "hvg.hu",
        "https://hvg.hu/vilag/20240506_cikk",
        "https://hvg.hu/vilag/20240506_cikk/2?order=desc",
        "https://hvg.hu/vilag/20240506_masik_cikk/2",
    ),
    (
        "origo.hu",
        "https://www.origo.hu/nagyvilag/20240506-cikk.html",
        "https://www.origo.hu/nagyvilag/20240506-cikk.html?pIdx=1",
        "https://www.origo.hu/nagyvilag/20240506-masik-cikk.html?pIdx=1",
    ),
]


@pytest.mark.parametrize(("portal", "article", "later", "other"), CASES)
def test_a_later_page_is_a_page_of_the_same_article_on_the_portal(portal, article, later, other):
    site = SITES[portal]
    assert site.not_a_later_page(later, article) is None
    assert site.not_a_later_page(other, article) == "other_article"
    foreign = later.replace(later.split("/")[2], "pelda.example", 1)
    assert site.not_a_later_page(foreign, article) == "other_host"
    assert site.not_a_later_page("javascript:void(0)", article) == "other_host"
