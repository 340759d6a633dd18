"""The captured index.hu article (../shared), served by the stand-in and crawled for real."""

from __future__ import annotations

import pytest

from tests.e2e.runner import crawl
from tests.standin.server import StandinServer
from tests.standin.site import StandinSite, add_realworld

pytestmark = pytest.mark.realworld

ARTICLE = "/kulfold/2011/02/03/harom_tengerig_nyulo_tervet_dedelgetunk/"


@pytest.fixture
def site():
    site = StandinSite()
    served = add_realworld(site)
    if ARTICLE not in served:
        pytest.skip("../shared/fixtures/realworld is not available")
    site.add_link(ARTICLE + "?utm_source=rss", "Három tengerig nyúló tervet dédelgetünk")
    return site


def test_first_page_of_captured_article(site, tmp_path):
    # Only page 1 was captured: read it alone.
    with StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path, ARTICLE_MAX_PAGES="1")
    assert run.returncode == 0, run.log[-3000:]
    [record] = run.records()
    assert record["url"] == "https://index.hu" + ARTICLE
    assert record["title"] == "Három tengerig nyúló tervet dédelgetünk"
    assert record["lead"].startswith("A pénteki Európai Tanácsi csúcsot")
    assert record["authors"] == ["Magyari Péter"]
    assert record["published"] == "2011-02-03T10:15:00+01:00"
    assert record["language"] == "hu"
    assert record["text"].startswith("Csütörtök este, a másnapi EU-csúcs előtt")
    assert "Klikk a nagyításhoz" not in record["text"]


def test_missing_second_page_gives_no_half_record(site, tmp_path):
    with StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path)
        assert server.count(ARTICLE + "2/") == 1
    assert run.records() == []
    assert run.report()["dropped"].get("page_failed") == 1
    assert any(
        "Could not fetch https://index.hu" + ARTICLE + "2/: http_404" in line
        for line in run.log.splitlines()
    )
