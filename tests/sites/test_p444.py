"""444.hu: URL rules, listings, and pages of every known layout, field by field.

Invented pages in ``tests/fixtures/sites/p444/`` (every layout, modelled on the real
markup) are checked attribute by attribute by the contract test
(``tests/sites/test_contract.py``); here, what only 444 does, and the real captures from
``../shared`` through the ``realworld`` fixture (skipped when absent), checked against
what their markup says and the in-sample gold files.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from crawler.assembly.assemble import extract_page, merge, parse_html, read_page
from crawler.sites import site_for_url
from crawler.sites.base import Unrecognised
from crawler.sites.p444 import SITE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sites" / "p444"
GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "gold"
A = "https://444.hu/2019/05/14/a-tengerparti-varos-lakoi-harmadszor-szavaznak-a-kikotorol"
LIVE = "https://444.hu/2019/11/30/a-hatarvaros-polgarmester-valasztasa-elo"
STREAM = "https://444.hu/2016/06/14/kikotoi-sztrajk-elo"
EMBER = "https://444.hu/2022/03/08/lemondott-a-szomszedos-orszag-belugyminisztere"
OSCAR = "444_hu_2014_03_02_mindjart_kezdodik_az_oscar_dij_atadas"
MAX_CHARS = 3_000_000


def page_of(name: str, url: str):
    return SITE.parse(parse_html((FIXTURES / name).read_text("utf-8"), max_chars=MAX_CHARS), url)


# --- URLs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (A, A),
        (A.replace("https:", "http:"), A),
        (A.replace("://", "://www."), A),
        (A.replace("https:", ""), A),  # protocol-relative, as in-body links are
        (A + "/", A),
        (A + "?page=3", A),  # a live report's later page
        (A + "?reverse=1&page=2", A),  # the same pages in the other order
        (A + "?utm_source=rss_feed&utm_medium=rss&utm_campaign=rss_syndication", A),
        (A + "#comments", A),
        ("https://444.hu/foci/2021/06/08/gol-nelkul", "https://444.hu/foci/2021/06/08/gol-nelkul"),
        ("https://444.hu/2018/04/08", None),  # a day archive
        ("https://444.hu/2018/04/08?page=2", None),
        ("https://444.hu/category/kulfold", None),
        ("https://444.hu/tag/2019/01/01/x", None),
        ("https://444.hu/feed", None),
        ("https://444.hu/2019/13/14/x", None),
        ("https://444.hu/2019/02/30/x", None),
        ("https://tldr.444.hu/2019/05/14/x", None),  # an old sub-site host: not read here
        ("https://444.hu.evil.com/2019/05/14/x", None),
        ("https://index.hu/2019/05/14/x", None),
        ("mailto:szerkesztoseg@444.hu", None),
        ("https://444.hu/2019/05/14/a/b", None),
    ],
)
def test_article_url_canonical(link, expected):
    assert SITE.article_url(link) == expected


def test_the_url_names_no_section_but_the_day():
    assert SITE.section_of(A) is None
    assert SITE.section_of("https://444.hu/foci/2021/06/08/gol-nelkul") == "foci"
    assert SITE.article_date(A) == date(2019, 5, 14)
    assert SITE.source(A) == "444.hu"
    assert site_for_url("https://www.444.hu/2019/05/14/x") is SITE


# --- listings ---------------------------------------------------------------------------


def test_listings_are_the_site_feed_and_the_category_page():
    feed, category = SITE.listings("kulfold")
    assert (feed.url, feed.kind, feed.in_section) == ("https://444.hu/feed", "feed", False)
    assert (category.url, category.kind, category.in_section) == (
        "https://444.hu/category/kulfold",
        "html",
        True,
    )


def test_archive_is_every_day_page_newest_first_walked_and_not_in_section():
    days = SITE.date_archives("kulfold", date(2018, 4, 7), date(2018, 4, 9))
    assert [d.url for d in days] == [
        "https://444.hu/2018/04/09",
        "https://444.hu/2018/04/08",
        "https://444.hu/2018/04/07",
    ]
    assert all(d.walk and not d.in_section and d.kind == "html" for d in days)


FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>444</title>
<item><title>A</title><link>https://444.hu/2024/05/06/a?utm_source=rss_feed</link>
<category><![CDATA[k\xc3\xbclf\xc3\xb6ld]]></category></item>
<item><title>B</title><link>https://444.hu/2024/05/06/b</link><category>belf\xc3\xb6ld</category></item>
<item><title>C</title><link>https://444.hu/2024/05/06/c</link><category>gazdas\xc3\xa1g</category>
<category>kulfold</category></item>
</channel></rss>"""


def test_feed_keeps_the_items_filed_under_the_section_by_label_or_slug():
    assert SITE.feed_links(FEED, "kulfold") == [
        "https://444.hu/2024/05/06/a?utm_source=rss_feed",
        "https://444.hu/2024/05/06/c",
    ]


def test_feed_without_categories_gives_every_item():
    plain = FEED.replace(b"<category>", b"<x>").replace(b"</category>", b"</x>")
    assert len(SITE.feed_links(plain, "kulfold")) == 3


def test_feed_with_entities_is_not_expanded():
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">]><rss><channel>'
    bomb += b"<item><link>https://444.hu/2024/05/06/&a;</link><category>kulfold</category>"
    bomb += b"</item></channel></rss>"
    assert all("aaaaaaaaaa" not in link for link in SITE.feed_links(bomb, "kulfold"))


LISTING = """<html><body>
<div class="widget-recommendation"><a href="https://444.hu/2019/08/14/ajanlott">Ajánló</a></div>
<main id="content-main"><div class="page-list infinity">
<article class="card"><h3><a href="https://444.hu/2018/04/08/elso">Első</a></h3>
<p>Erről <a href="https://444.hu/2018/04/06/regi">korábban</a> írtunk.</p></article>
<article class="card"><h3><a href="https://444.hu/2018/04/08/masodik">Második</a></h3></article>
<a href="https://444.hu/2018/04/08?page=2" class="infinity-next button">Tovább a múltba</a>
</div></main>
<aside><section class="widget-stream"><article><h4><a href="https://444.hu/2019/08/17/friss">F</a>
</h4></article></section></aside></body></html>"""


def test_listing_links_are_the_main_lists_headlines():
    doc = parse_html(LISTING, max_chars=MAX_CHARS)
    assert list(SITE.listing_links(doc, "https://444.hu/2018/04/08")) == [
        "https://444.hu/2018/04/08/elso",
        "https://444.hu/2018/04/08/masodik",
    ]


def test_day_archive_pager_moves_forward_only():
    doc = parse_html(LISTING, max_chars=MAX_CHARS)
    assert SITE.next_listing(doc, "https://444.hu/2018/04/08") == "https://444.hu/2018/04/08?page=2"
    assert SITE.next_listing(doc, "https://444.hu/2018/04/08?page=2") is None  # links page 2
    back = LISTING.replace("infinity-next", "infinity-previous")
    doc = parse_html(back, max_chars=MAX_CHARS)
    assert SITE.next_listing(doc, "https://444.hu/2018/04/08?page=3") is None


# --- pages: the WordPress theme ---------------------------------------------------------


def test_wordpress_article_text_leaves_out_what_is_not_body():
    body = "\n".join(page_of("wordpress_article.html", A).paragraphs)
    for junk in ("rejtett", "Fotó:", "Hirdetés", "Vote yes", "]]>", "Kapcsolódó", "Megosztás"):
        assert junk not in body, junk


def test_wordpress_live_report_last_page_and_merge():
    first = page_of("wordpress_live.html", LIVE)
    last = page_of("wordpress_live_page_2.html", LIVE + "?page=2")
    assert last.next_page is None  # it links only page 1
    assert [p.published for p in last.posts] == [
        "2019-11-30T23:10:00+01:00",
        "2019-11-30T22:38:00+01:00",  # printed before the publication minute: same day
    ]
    fields = merge([first, last])
    assert len(fields["posts"]) == 5
    assert fields["text"].startswith(
        "A független jelölt nyert.\n\nA részvétel rekordot döntött.\n\n"
        "Megvan a végeredmény: a független jelölt nyert.\n\nA számlálás felénél tartanak."
    )
    assert fields["text"].endswith("Elindítottuk a közvetítést.")


# --- pages: the live-stream template ----------------------------------------------------


def test_livestream_text_has_post_titles_and_no_filter_or_share_labels():
    fields = merge([page_of("livestream.html", STREAM)])
    assert fields["text"] == (
        "Megállapodás született\n\nA szakszervezet elfogadta az ajánlatot.\n"
        "Holnap újraindul a munka.\n\nTüntetők gyűltek össze a kikötő kapujánál."
    )


# --- pages: the Ember site --------------------------------------------------------------


def test_ember_article_text_leaves_out_captions_hidden_text_and_comments():
    body = "\n".join(page_of("ember_article.html", EMBER).paragraphs)
    assert "Fotó" not in body and "Rejtett" not in body and "kommentelnél" not in body


def test_unknown_markup_is_unrecognised_and_read_generically():
    doc = parse_html(
        "<html><head><title>Valami</title></head><body><h1>Valami</h1><p>"
        + "Egy bekezdés egy ismeretlen elrendezésű oldalon, elég hosszan. " * 5
        + "</p></body></html>",
        max_chars=MAX_CHARS,
    )
    with pytest.raises(Unrecognised):
        SITE.parse(doc, A)
    assert read_page(SITE, doc, A).generic


# --- the real captures ------------------------------------------------------------------


@pytest.mark.parametrize("stem", [OSCAR, OSCAR + "_page_4"])
def test_real_live_report_matches_its_gold(realworld, stem):
    text, url = realworld(stem + ".html")
    gold = json.loads((GOLD / f"{stem}.json").read_text("utf-8"))
    assert gold["sample"] == "in"
    extracted = extract_page(text, url, max_chars=MAX_CHARS)
    item, page = extracted.item, extracted.page
    assert extracted.site is SITE and not page.generic
    assert item.url == "https://444.hu/2014/03/02/mindjart-kezdodik-az-oscar-dij-atadas"
    assert (item.kind, item.title, item.lead) == ("liveblog", gold["title"], gold["lead"])
    assert (item.authors, item.published) == (gold["authors"], gold["published"])
    assert item.tags == gold["tags"]
    assert item.section == page.section == gold["section"] == "eletmod"
    assert "\n\n".join(page.paragraphs) == gold["intro"]
    assert [(p["published"], p["title"], p["text"]) for p in item.posts] == [
        (p["published"], p["title"], p["text"]) for p in gold["posts"]
    ]
    assert item.text == gold["text"]


def test_real_wordpress_page_links_its_next_page_and_ember_page_none(realworld):
    text, url = realworld(OSCAR + ".html")
    page = SITE.parse(parse_html(text, max_chars=MAX_CHARS), url)
    assert page.next_page == url + "?page=2"
    text, url = realworld(OSCAR + "_page_4.html")
    page = SITE.parse(parse_html(text, max_chars=MAX_CHARS), url)
    assert page.next_page is None  # the Ember site shows the whole report on one page


@pytest.mark.parametrize(
    ("name", "count", "following"),
    [
        ("444_hu_2018_04_08.html", 50, "https://444.hu/2018/04/08?page=2"),
        ("444_hu_2018_04_08_page_3.html", 39, None),
    ],
)
def test_real_day_archive(realworld, name, count, following):
    text, url = realworld(name)
    doc = parse_html(text, max_chars=MAX_CHARS)
    links = list(SITE.listing_links(doc, url))
    articles = {SITE.article_url(link) for link in links} - {None}
    assert len(links) == len(articles) == count  # no sidebar stream, no excerpt links
    assert {SITE.article_date(a) for a in articles} == {date(2018, 4, 8)}
    assert SITE.next_listing(doc, url) == following
