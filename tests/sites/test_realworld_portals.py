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
from crawler.record.item import as_record
from crawler.record.times import is_budapest_time, record_times
from crawler.record.validity import record_problem
from crawler.settings import EXTRACT_MAX_CHARS
from crawler.sites import NotAnArticle, site_for_url
from crawler.text.boilerplate import is_appeal
from crawler.text.credits import credit_of
from tests.conftest import realworld_manifest

pytestmark = pytest.mark.realworld

KNOWN = [e for e in realworld_manifest() if site_for_url(e["url"]) is not None]
ARTICLES = [e["file"] for e in KNOWN if e["kind"] != "listing"]
LISTINGS = [e["file"] for e in KNOWN if e["kind"] == "listing"]

INDEX_2011 = "index_hu_kulfold_2011_02_03_harom_tengerig_nyulo_tervet_dedelgetunk.html"
VELVET_LIVE = (
    "velvet_hu_gumicukor_2016_08_27_egyszerre_indul_a_valo_vilag_es_a_star_academy_"
    "palyazat_a_tv2_n.html"
)
HVG_LIVE = (
    "hvg_hu_itthon_20091023_oktober_23_partok_2_isprintview_false_livereportitemid_0_"
    "ispreview_false_ver_1_order_as.html"
)
RANGADO_LIVE = (
    "rangado_24_hu_nemzetkozi_foci_2019_05_29_chelsea_arsenal_europa_liga_donto_baku.html"
)
ORIGO_2019 = (
    "www_origo_hu_itthon_20190709_tobb_gyerek_meghalt_vagy_eletveszelyesen_megserult_"
    "azert_mert_a_szuleik_nem_figye.html"
)


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


# --- 2. times -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ARTICLES)
def test_every_time_of_a_real_record_is_budapest_time_and_the_record_valid(realworld, name):
    text, url = realworld(name)
    record = as_record(extracted(text, url).item)
    assert record_problem(record) is None
    times = [value for _, value in record_times(record)]
    assert times and all(is_budapest_time(value) for value in times)


# --- 3. people in authors, desks and agencies in credits ------------------------------------


@pytest.mark.parametrize("name", ARTICLES)
def test_no_desk_or_agency_among_a_real_records_authors(realworld, name):
    text, url = realworld(name)
    item = extracted(text, url).item
    names = [*item.authors, *(a for post in item.posts for a in post["authors"])]
    assert [n for n in names if credit_of(n) is not None] == []


@pytest.mark.parametrize(
    ("name", "credits"),
    [
        (VELVET_LIVE, ["Velvet Kommandó"]),  # the byline's desk
        (HVG_LIVE, ["hvg.hu"]),
        (RANGADO_LIVE, ["Rangadó"]),
        (ORIGO_2019, ["Origo"]),
        (INDEX_2011, []),
    ],
)
def test_the_desks_a_real_page_prints_are_its_credits(realworld, name, credits):
    text, url = realworld(name)
    assert extracted(text, url).item.credits == credits


# --- 1. tags ---------------------------------------------------------------------------------

TELEX = (
    "telex_hu_koronavirus_2021_01_21_oltasprogramrol_es_vakcinaigazolasrol_is_kerdezzuk_a_kormanyt"
)


@pytest.mark.parametrize("suffix", ["", "_elo", "_oldal_2"])
def test_telex_tags_are_not_its_section_labels(realworld, suffix):
    """article:tag lists the labels above the title (Koronavírus, Belföld) with the tags;
    the _elo capture renders no labels, its state names them (mainSuperTag, superTags)."""
    text, url = realworld(f"{TELEX}{suffix}.html")
    tags = extracted(text, url).item.tags
    assert "vakcina" in tags and "Gulyás Gergely" in tags
    assert not {"Koronavírus", "Belföld"} & set(tags)


def test_origo_2019_news_page_tags(realworld):
    text, url = realworld(ORIGO_2019)
    assert extracted(text, url).item.tags == ["halál", "krimi", "gyerek", "gondatlan szülők"]
