"""hvg.hu: URL rules, discovery, and pages read field by field.

Invented pages in ``tests/fixtures/sites/hvg/`` (modelled on the 2021 markup) are checked
attribute by attribute by the contract test (``tests/sites/test_contract.py``); here,
what only hvg does, and the real captures in ``../shared`` against what their markup
says.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

import pytest

from crawler.assembly.assemble import extract_page, merge, parse_html, read_page
from crawler.settings import EXTRACT_MAX_CHARS
from crawler.sites import site_for_url
from crawler.sites.hvg import SITE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sites" / "hvg"
GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "gold"

A = "https://hvg.hu/vilag/20240506_ujraszamolas_tengerparti_tartomany"
LIVE = "https://hvg.hu/vilag/20240508_csucstalalkozo_percrol_percre"
VIEW = "?isPrintView=False&liveReportItemId=0&isPreview=False&ver=1&order=desc"
REAL_LIVE = (
    "hvg_hu_itthon_20091023_oktober_23_partok_2_isprintview_false_livereportitemid_0_"
    "ispreview_false_ver_1_order_as.html"
)
REAL_LIVE_URL = "https://hvg.hu/itthon/20091023_oktober_23_partok"


def parse(text: str):
    return parse_html(text, max_chars=EXTRACT_MAX_CHARS)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def page_of(name: str, url: str):
    return SITE.parse(parse(fixture(name)), url)


# --- URLs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (A, A),
        ("http://hvg.hu/vilag/20240506_ujraszamolas_tengerparti_tartomany#rss", A),
        ("https://www.hvg.hu/vilag/20240506_ujraszamolas_tengerparti_tartomany/", A),
        ("https://m.hvg.hu/vilag/20240506_ujraszamolas_tengerparti_tartomany?ver=1", A),
        (f"{A}?utm_source=facebook&utm_medium=social&fbclid=x", A),
        (f"{A}/nyomtatas", A),  # print view
        (f"{LIVE}/2{VIEW}", LIVE),  # live-report page with the pager's view parameters
        (f"{LIVE}/2/nyomtatas", LIVE),
        (f"{LIVE}/pp/903", LIVE),  # a post's permalink
        (
            "//hvg.hu/vilag/20240506_Nagybetus-Cim-kotojellel",
            "https://hvg.hu/vilag/20240506_Nagybetus-Cim-kotojellel",
        ),
        (
            "https://hvg.hu/cegauto.autoshirek/20150407_forma1_hir",
            "https://hvg.hu/cegauto.autoshirek/20150407_forma1_hir",
        ),
        ("https://hvg.hu/vilag", None),  # the section page
        ("https://hvg.hu/vilag/2?ver=1", None),  # a listing page
        ("https://hvg.hu/vilag/brandcontent/20210507_x", None),
        ("https://hvg.hu/brandchannel/partner_20210928_cikk", None),
        ("https://hvg.hu/vilag/20241331_rossz_datum", None),
        ("https://hvg.hu/tudomany/201605605_kilenc_szamjegy", None),
        ("https://hvg.hu/vilag/20240506_x/valami/mas", None),
        ("https://hvg.hu.evil.example/vilag/20240506_x", None),
        ("https://index.hu/vilag/20240506_x", None),
        ("mailto:szerkesztoseg@hvg.hu", None),
        ("javascript:openGallery('34f3');", None),
    ],
)
def test_article_url_canonical(link, expected):
    assert SITE.article_url(link) == expected


def test_mixed_case_slug_is_kept_as_the_site_spells_it():
    url = "https://hvg.hu/vilag/20210827_Megpalyazza_a_francia_allamfoi_cimet?ver=1"
    assert SITE.article_url(url) == url.removesuffix("?ver=1")


def test_section_date_and_source_from_the_url():
    assert SITE.section_of(A) == "vilag"
    assert SITE.section_of("https://hvg.hu/vilag.lapszemle/20240505_lapszemle") == "vilag"
    assert SITE.section_of("https://hvg.hu/eurologus/20240505_x") == "eurologus"
    assert SITE.section_of("https://hvg.hu/vilag") is None
    assert SITE.article_date(A) == date(2024, 5, 6)
    assert SITE.article_date("https://hvg.hu/vilag") is None
    assert SITE.source("https://m.hvg.hu/vilag/20240506_x") == "hvg.hu"
    assert site_for_url("https://www.hvg.hu/vilag/20240506_x") is SITE


# --- discovery ------------------------------------------------------------------------


def test_listings_are_the_section_feed_the_site_feed_and_the_section_page():
    listings = SITE.listings("vilag")
    assert [(x.url, x.kind, x.in_section) for x in listings] == [
        ("https://hvg.hu/rss/vilag", "feed", True),
        ("https://hvg.hu/egyeb/rss", "feed", False),
        ("https://hvg.hu/vilag", "html", True),
    ]
    assert not any(x.walk for x in listings)


def test_archive_is_the_section_listing_walked_from_page_one():
    [listing] = SITE.date_archives("vilag", date(2024, 5, 1), date(2024, 5, 8))
    assert (listing.url, listing.kind, listing.walk) == ("https://hvg.hu/vilag/1", "html", True)


def test_listing_links_are_the_main_list_only():
    doc = parse(fixture("vilag_listing_page_3.html"))
    url = "https://hvg.hu/vilag/3"
    links = SITE.listing_links(doc, url)
    articles = {SITE.article_url(urljoin(url, h)) for h in links} - {None}
    assert articles == {
        LIVE,
        "https://hvg.hu/vilag/20240507_teherhajo_tuz_kikoto",
        A,
        "https://hvg.hu/vilag.lapszemle/20240505_kulfoldi_lapszemle",
    }
    # Hidden widgets, the "more from hvg" box and the sidebar are not the list.
    assert not any("rejtett_ajanlo" in h or "regi_ajanlo" in h or "itthoni" in h for h in links)


def test_listing_without_its_main_list_falls_back_to_every_link():
    doc = parse("<html><body><a href='/vilag/20240506_x'>x</a></body></html>")
    assert SITE.listing_links(doc, "https://hvg.hu/vilag") == ["/vilag/20240506_x"]


def test_next_listing_follows_the_pager_forward_without_its_view_parameter():
    doc = parse(fixture("vilag_listing_page_3.html"))
    assert SITE.next_listing(doc, "https://hvg.hu/vilag/3") == "https://hvg.hu/vilag/4"
    # Read as another page number, the pager offers no page right after it.
    assert SITE.next_listing(doc, "https://hvg.hu/vilag/6271") is None
    assert SITE.next_listing(doc, "https://hvg.hu/vilag/4") is None
    assert SITE.next_listing(doc, "https://hvg.hu/kultura/3") is None
    assert SITE.next_listing(doc, "https://hvg.hu/vilag/20240506_x") is None


def test_next_listing_without_a_pager_is_the_next_number():
    doc = parse("<html><body><article><a href='/vilag/20240506_x'>x</a></article></body></html>")
    assert SITE.next_listing(doc, "https://hvg.hu/vilag/7") == "https://hvg.hu/vilag/8"
    assert SITE.next_listing(doc, "https://hvg.hu/vilag") == "https://hvg.hu/vilag/2"


def test_feed_links_keep_the_section_only():
    section_feed = (FIXTURES / "rss_vilag.xml").read_bytes()
    assert [SITE.article_url(x) for x in SITE.feed_links(section_feed, "vilag")] == [
        LIVE,
        "https://hvg.hu/vilag/20240507_teherhajo_tuz_kikoto",
    ]
    site_feed = (FIXTURES / "rss_site_wide.xml").read_bytes()
    assert [SITE.article_url(x) for x in SITE.feed_links(site_feed, "vilag")] == [
        A,
        "https://hvg.hu/vilag.lapszemle/20240505_kulfoldi_lapszemle",
    ]
    assert [SITE.article_url(x) for x in SITE.feed_links(site_feed, "itthon")] == [
        "https://hvg.hu/itthon/20240508_itthoni_hir"
    ]


def test_feed_links_tolerate_garbage_and_html_and_never_expand_entities():
    assert SITE.feed_links(b"\x00\x01 not xml", "vilag") == []
    assert (
        SITE.feed_links(b"<html><body><a href='/vilag/20240506_x'>x</a></body></html>", "vilag")
        == []
    )
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<rss><channel><item><link>https://hvg.hu/vilag/20240506_&b;</link></item></channel></rss>"
    )
    assert all("aaaa" not in link for link in SITE.feed_links(bomb, "vilag"))


# --- pages: invented fixtures, what only hvg does --------------------------------------


def test_article_text_fidelity():
    item = extract_page(fixture("vilag_20240506_article.html"), A, max_chars=EXTRACT_MAX_CHARS)
    text = item.item.text
    # <br> is a line break inside its paragraph; inline markup adds and removes no space.
    assert "hiányosságokat talált.\nA számlálás szerdán kezdődik." in text
    assert "szerint nincs jele szándékos csalásnak, de a jelentés hiányosságokat" in text
    assert "az újraszámlálásról" in text  # &nbsp; is a space
    # Not text: hidden block, caption and credit, embeds, article cards, ads, the topic
    # label and its follow button, the Facebook appeal, share and donation boxes, tags,
    # the sidebar, the JSON left in a hidden div.
    for junk in (
        "Rejtett szerkesztői megjegyzés",
        "Lepecsételt urnák",
        "Illusztráció",
        "Recontagem",
        "Előzetes eredmények",
        "Szoros verseny",
        "tavaly is elvesztett",
        "Hirdetés",
        "Követem",
        "Facebookon",
        "hírlevelére",
        "Pártoló tag",
        "független szerkesztőségek",
        "Portugália",
        "Egy másik cikk",
        "available",
        "Három körzetben eltűntek",  # the lead is not body
    ):
        assert junk not in text, junk
    assert text.startswith("Hétfő reggel") and text.endswith("a másik kettőét kedden.")


def test_a_paragraph_citing_a_facebook_post_of_hvg_is_body():
    text = fixture("vilag_20240506_article.html").replace(
        "<p>Hétfő reggel ült össze",
        '<p>A hvg.hu <a href="https://www.facebook.com/hvghu/posts/123">bejegyzésében</a>'
        " is megírta. Hétfő reggel ült össze",
    )
    page = SITE.parse(parse(text), A)
    assert page.paragraphs[0].startswith("A hvg.hu bejegyzésében is megírta. Hétfő reggel")
    assert not any("Facebookon" in p for p in page.paragraphs)  # the appeal still goes


def test_double_br_ends_a_paragraph_and_table_rows_are_paragraphs():
    page = page_of("vilag_20240507_desk_credit.html", "https://hvg.hu/vilag/20240507_x")
    assert page.paragraphs[1:3] == ["A legénység mind a tizenkét tagját kimentették.",
                                    "A kikötőt délig lezárták."]  # fmt: skip
    assert "Északi Csillag | műtrágya" in page.paragraphs
    assert not any("Kikötői hatóság" in p for p in page.paragraphs)


def test_publisher_in_the_author_meta_is_never_an_author():
    text = re.sub(
        r'<div class="author-name">.*?</div>',
        "",
        fixture("vilag_20240507_desk_credit.html"),
        flags=re.S,
    )
    page = SITE.parse(parse(text), "https://hvg.hu/vilag/20240507_x")
    assert page.authors == []


def test_live_report_text_has_each_post_title_before_its_text():
    first = page_of("vilag_20240508_live_p1.html", LIVE)
    second = page_of("vilag_20240508_live_p2.html", f"{LIVE}/2{VIEW}")
    fields = merge([first, second])
    assert fields["kind"] == "liveblog"
    assert [p["title"] for p in fields["posts"]] == [
        "Aláírták a zárónyilatkozatot",
        "Képek a tárgyalóteremből",
        "Vita a finanszírozásról",
        "Megérkeztek az első delegációk",
    ]
    assert fields["text"] == "\n\n".join(
        [
            # The opening text (page 1's bare body <div>), then each post's title and text.
            "A tárgyalások reggel nyolckor kezdődnek, a zárónyilatkozatot délutánra várják.",
            "Aláírták a zárónyilatkozatot",
            "A vezetők délután háromkor írták alá a közös nyilatkozatot.",
            "A vasútvonal építése 2026-ban kezdődhet.",
            "Képek a tárgyalóteremből",  # a gallery-only post: its title, no text
            "Vita a finanszírozásról",
            "Az északi államok a költségek igazságosabb elosztását kérik.",
            "Megérkeztek az első delegációk",
            "A reptéren katonai díszőrség fogadta a vendégeket.",
        ]
    )
    for junk in ("Most érkezett", "Tovább olvasom", "Sorrend megfordítása", "Kemény vita",
                 "A delegációk a nagyteremben", "Fotós Ferenc", "{{"):  # fmt: skip
        assert junk not in fields["text"], junk


def test_live_report_pager_only_moves_forward_and_keeps_the_order():
    doc = parse(fixture("vilag_20240508_live_p1.html"))
    assert SITE.parse(doc, LIVE).next_page == f"{LIVE}/2?order=desc"
    # The same page read as page 2 (or later) has nothing further to offer.
    assert SITE.parse(doc, f"{LIVE}/2{VIEW}").next_page is None
    doc = parse(fixture("vilag_20240508_live_p2.html"))
    assert SITE.parse(doc, f"{LIVE}/2{VIEW}").next_page is None


def test_empty_live_report_page_is_a_live_blog_without_posts():
    text = re.sub(
        r'(<section id="livereportcontainer-0f0f" [^>]*>).*?(</section>\s*</section>)',
        r"\1</section>",
        fixture("vilag_20240508_live_p2.html"),
        flags=re.S,
    )
    page = SITE.parse(parse(text), f"{LIVE}/2{VIEW}")
    assert (page.kind, page.posts) == ("liveblog", [])


def test_unknown_markup_falls_back_to_the_generic_path():
    text = (
        "<html><head><title>Egy új dizájn | hvg.hu</title></head><body><article>"
        "<h1>Egy új dizájn</h1>" + "<p>Ez a bekezdés egy ismeretlen elrendezésben áll.</p>" * 8
        + "</article></body></html>"
    )  # fmt: skip
    page = read_page(SITE, parse(text), A)
    assert page.generic and page.section == "vilag"
    assert page.title == "Egy új dizájn"


def test_cut_page_is_recognised():
    body = fixture("vilag_20240506_article.html").encode()
    assert SITE.is_complete(body)
    assert not SITE.is_complete(body[: len(body) // 2])


# --- pages: the real captures in ../shared --------------------------------------------


@pytest.mark.realworld
def test_real_live_report_page_two_against_its_markup(realworld):
    text, url = realworld(REAL_LIVE)
    item = extract_page(text, url, max_chars=EXTRACT_MAX_CHARS).item
    assert (item.url, item.source, item.section, item.kind) == (
        REAL_LIVE_URL,
        "hvg.hu",
        "itthon",
        "liveblog",
    )
    assert item.title == "Október 23. - az ünnepi események percről percre"
    assert item.lead.startswith("A Magyar Köztársaság lobogójának ünnepélyes felvonásával")
    assert item.lead.endswith("Kövesse a nap történéseit percről percre!")
    # The byline is the desk, not the publisher in <meta name=author>.
    assert (item.authors, item.credits) == ([], ["hvg.hu"])
    assert item.published == "2009-10-23T08:44:04+02:00"
    assert item.modified == "2009-10-23T09:32:02+02:00"
    assert item.tags == ["pártok", "október 23."]
    posts = item.posts
    assert len(posts) == 9  # the "Most érkezett" teaser (12:02) is not one of them
    assert posts[0]["published"] == "2009-10-23T12:16:00+02:00"
    assert posts[0]["title"] == "Kósa Lajos: húsz év alatt nem jutottunk sehová"
    assert posts[-1]["published"] == "2009-10-23T14:52:00+02:00"
    assert "1. Bűnbánat" not in item.text
    gallery = next(p for p in posts if p["title"] == "Galéria a mai eseményekről")
    assert gallery["text"] == ""  # caption and credit of the thumbnail are not text
    mecs = next(p for p in posts if p["title"].startswith("Mécs Imre"))
    assert len(mecs["text"].split("\n\n")) == 3  # <br /><br /> ends a paragraph


@pytest.mark.realworld
def test_real_live_report_equals_the_in_sample_gold(realworld):
    text, url = realworld(REAL_LIVE)
    gold = json.loads((GOLD / REAL_LIVE.replace(".html", ".json")).read_text(encoding="utf-8"))
    assert gold["sample"] == "in"
    item = extract_page(text, url, max_chars=EXTRACT_MAX_CHARS).item
    for name in ("title", "lead", "authors", "credits", "published", "tags", "posts", "text"):
        assert getattr(item, name) == gold[name], name


@pytest.mark.realworld
def test_real_live_report_pager_keeps_the_order_and_never_goes_back(realworld):
    text, url = realworld(REAL_LIVE)
    doc = parse(text)
    assert SITE.parse(doc, url).next_page == REAL_LIVE_URL + "/3?order=asc"
    assert SITE.parse(doc, REAL_LIVE_URL + "/4?order=asc").next_page is None


@pytest.mark.realworld
@pytest.mark.parametrize(
    ("name", "section"), [("hvg_hu_vilag_1.html", "vilag"), ("hvg_hu_kultura_1.html", "kultura")]
)
def test_real_listing_pages(realworld, name, section):
    text, url = realworld(name)
    doc = parse(text)
    articles = [SITE.article_url(urljoin(url, h)) for h in SITE.listing_links(doc, url)]
    found = [a for a in dict.fromkeys(articles) if a]
    assert len(found) == 21  # the lead article and the twenty in the column
    assert {SITE.section_of(a) for a in found} == {section}
    assert all(SITE.article_date(a) for a in found)
    assert SITE.next_listing(doc, url) == f"https://hvg.hu/{section}/2"
