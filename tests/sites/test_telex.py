"""telex.hu: URL rules, where articles are listed, and how pages read.

Invented pages in the real markup under ``tests/fixtures/sites/telex/`` are checked
attribute by attribute by the contract test (``tests/sites/test_contract.py``); here,
what only telex does, and the in-sample captures from ``../shared`` checked against
what their markup says (and their in-sample gold annotations).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from crawler.assembly.assemble import extract_page, merge, parse_html, read_page
from crawler.settings import EXTRACT_MAX_CHARS
from crawler.sites import Listing, NoDateArchive, Unrecognised, is_canonical, site_for_url
from crawler.sites.telex import SITE
from tests.sites.fixtures import expected_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sites" / "telex"
GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "gold"
EXPECTED = expected_of("telex")

ARTICLE = "https://telex.hu/kulfold/2024/05/06/kitalalt-tengerparti-varos"
LIVE = "https://telex.hu/kulfold/2024/01/15/kitalalt-csucs-percrol-percre"
CAPTURE = (
    "telex_hu_koronavirus_2021_01_21_oltasprogramrol_es_vakcinaigazolasrol_is_kerdezzuk_a_kormanyt"
)
CAPTURE_URL = (
    "https://telex.hu/koronavirus/2021/01/21/oltasprogramrol-es-vakcinaigazolasrol-is-kerdezzuk"
    "-a-kormanyt"
)


def parse(name: str):
    return parse_html((FIXTURES / name).read_text(encoding="utf-8"), max_chars=EXTRACT_MAX_CHARS)


def page_of(name: str):
    return SITE.parse(parse(name), EXPECTED[name.removesuffix(".html")]["url"])


# --- URLs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (ARTICLE, ARTICLE),
        (ARTICLE + "/", ARTICLE),
        ("http://telex.hu/kulfold/2024/05/06/kitalalt-tengerparti-varos", ARTICLE),
        ("https://www.telex.hu/kulfold/2024/05/06/kitalalt-tengerparti-varos", ARTICLE),
        (ARTICLE + "?utm_source=rss&utm_medium=feed", ARTICLE),
        (ARTICLE + "#post-123", ARTICLE),
        (ARTICLE + "?oldal=2", ARTICLE),  # a live blog's later page
        (ARTICLE + "/elo", ARTICLE),  # the live address of the same record
        (ARTICLE + "/elo?oldal=3#post-9", ARTICLE),
        ("  " + ARTICLE + "  ", ARTICLE),
        (
            "https://telex.hu/english/2021/08/16/some-story",
            "https://telex.hu/english/2021/08/16/some-story",
        ),
        ("https://telex.hu/rovat/kulfold", None),
        ("https://telex.hu/rovat/kulfold?oldal=2", None),
        ("https://telex.hu/szerzo/elso-kitalalt", None),
        ("https://telex.hu/rss", None),
        ("https://telex.hu/kulfold/2024/13/06/rossz-honap", None),
        ("https://telex.hu/kulfold/2024/02/30/nincs-ilyen-nap", None),
        ("https://telex.hu/kulfold/2019/05/06/telex-elotti", None),  # telex started in 2020
        ("https://telex.hu/kulfold/2024/05/06/slug/masik-resz", None),
        ("https://index.hu/kulfold/2024/05/06/kitalalt-tengerparti-varos", None),
        ("https://telex.hu.example.com/kulfold/2024/05/06/x", None),
        ("ftp://telex.hu/kulfold/2024/05/06/x", None),
        ("mailto:szerkesztoseg@telex.hu", None),
    ],
)
def test_canonical_url(url, canonical):
    assert SITE.article_url(url) == canonical


def test_section_date_source_and_registry():
    assert SITE.section_of(ARTICLE) == "kulfold"
    assert SITE.section_of(CAPTURE_URL) == "koronavirus"
    assert SITE.article_date(ARTICLE) == date(2024, 5, 6)
    assert SITE.article_date("https://telex.hu/rovat/kulfold") is None
    assert SITE.source(ARTICLE) == "telex.hu"
    assert SITE.source("https://www.telex.hu/kulfold/2024/05/06/x") == "telex.hu"
    assert site_for_url("https://www.telex.hu/kulfold/2024/05/06/x") is SITE
    assert is_canonical(ARTICLE) and not is_canonical(ARTICLE + "/elo")


# --- where articles are listed ----------------------------------------------------------


def test_listings_are_the_feeds_and_the_section_page():
    assert SITE.listings("kulfold") == [
        Listing("https://telex.hu/rss/kulfold", "feed"),
        Listing("https://telex.hu/rss", "feed"),
        Listing("https://telex.hu/rovat/kulfold"),
    ]


def test_archive_walks_the_section_listing_apart_from_the_regular_page():
    [listing] = SITE.date_archives("kulfold", date(2024, 4, 1), date(2024, 4, 30))
    assert listing == Listing("https://telex.hu/rovat/kulfold?oldal=1", walk=True)
    # A different URL from the regular run's listing: the duplicate filter keeps both.
    assert listing.url not in {entry.url for entry in SITE.listings("kulfold")}
    with pytest.raises(NoDateArchive, match="before 2020"):
        SITE.date_archives("kulfold", date(2015, 1, 1), date(2019, 12, 31))


def test_listing_links_are_the_list_items_only():
    links = list(SITE.listing_links(parse("listing_2022.html"), "https://telex.hu/rovat/kulfold"))
    assert "/kulfold/2024/05/06/elso-kitalalt-hir" in links
    assert "/koronavirus/2024/05/04/masik-rovat-hire" in links  # the spider filters by URL
    assert all("/rovat/" not in link and "/dokumentum/" not in link for link in links)
    assert "/szerzo/elso-kitalalt" in links  # not an article: article_url drops it
    articles = {SITE.article_url("https://telex.hu" + link) for link in links} - {None}
    assert len(articles) == 3


@pytest.mark.parametrize(
    ("url", "following"),
    [
        ("https://telex.hu/rovat/kulfold?oldal=2", "https://telex.hu/rovat/kulfold?oldal=3"),
        ("https://telex.hu/rovat/kulfold?oldal=3", "https://telex.hu/rovat/kulfold?oldal=40"),
        ("https://telex.hu/rovat/kulfold?oldal=40", None),  # the last page: no way on
        ("https://telex.hu/rovat/kulfold", "https://telex.hu/rovat/kulfold?oldal=2"),
    ],
)
def test_next_listing_only_moves_forward(url, following):
    assert SITE.next_listing(parse("listing_2022.html"), url) == following


def test_next_listing_follows_a_renamed_pager():
    text = (FIXTURES / "listing_2022.html").read_text(encoding="utf-8")
    text = text.replace('class="pagination"', 'class="lapozo"')
    doc = parse_html(text, max_chars=EXTRACT_MAX_CHARS)
    url = "https://telex.hu/rovat/kulfold?oldal=2"
    assert SITE.next_listing(doc, url) == "https://telex.hu/rovat/kulfold?oldal=3"


def test_next_listing_without_a_pager_tries_the_next_number_while_articles_are_listed():
    text = (FIXTURES / "listing_2022.html").read_text(encoding="utf-8")
    text = re.sub(r'<div class="pagination">.*?</div>', "", text, flags=re.S)
    url = "https://telex.hu/rovat/kulfold?oldal=4"
    doc = parse_html(text, max_chars=EXTRACT_MAX_CHARS)
    assert SITE.next_listing(doc, url) == "https://telex.hu/rovat/kulfold?oldal=5"
    empty = re.sub(r'<div class="grid-altalanos-news.*?</main>', "</main>", text, flags=re.S)
    assert SITE.next_listing(parse_html(empty, max_chars=EXTRACT_MAX_CHARS), url) is None


def test_feed_links_include_every_item():
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel>'
        b"<item><link>https://telex.hu/kulfold/2024/05/06/a?utm_source=rss</link></item>"
        b"<item><link>https://telex.hu/belfold/2024/05/06/b</link></item>"
        b"</channel></rss>"
    )
    links = SITE.feed_links(feed, "kulfold")
    assert links == [
        "https://telex.hu/kulfold/2024/05/06/a?utm_source=rss",
        "https://telex.hu/belfold/2024/05/06/b",  # the whole-site feed: the spider filters
    ]


# --- pages: invented fixtures, what only telex does --------------------------------------


def test_text_fidelity_rules_on_telex_markup():
    page = page_of("article_2022.html")
    body = "\n\n".join(page.paragraphs)
    # A <br> is a line break inside its paragraph.
    assert "így szólt:\nMindenki maradjon otthon.\nA mentés" in body
    # Inline markup adds and removes no space; &nbsp; is a space.
    assert "Az első bekezdés félkövér, linkelt és dőlt szavakat" in body
    assert "bekezdés nem törő szóközökkel" in body
    # Hidden blocks, captions, embeds, ad placeholders, boxes: never text.
    for junk in (
        "Rejtett szöveg",
        "Fotó:",
        "Képaláírás",
        "beágyazott tweet",
        "Hirdetés",
        "Másolás",
        "Kedvenceink",
        "Egy másik élő tudósítás",
        "Kiemelt kép",
        "Támogasd",
    ):
        assert junk not in body, junk
    # The lead and the title are not body.
    assert "elöntötte a tenger a kikötőt" not in body
    assert "Kitalált cím" not in body


def test_live_blog_post_titles_are_paragraphs_of_the_text():
    text = merge([page_of("liveblog_state_2022.html")])["text"]
    assert "délután: zárónyilatkozat.\n\nEbédszünet\n\nA delegációk külön ebédelnek." in text
    assert "együtt.\n\nZárónyilatkozat / délután\n\nA vezetők aláírták" in text
    assert "Rejtett megjegyzés" not in text and "Fotó:" not in text


def test_a_link_to_a_live_blog_in_a_box_does_not_make_a_live_blog():
    assert page_of("article_2022.html").kind == "article"


def test_state_posts_carry_their_own_fields():
    page = page_of("liveblog_state_2022.html")
    assert page.via == "state"
    # The pinned post on top, once; then the others newest first.
    pinned, other = page.posts
    assert (other.key, other.title, other.published) == (
        "903",
        "Zárónyilatkozat / délután",
        "2024-01-15T17:05:00+01:00",
    )
    assert pinned.key == "902"
    assert pinned.authors == ["Negyedik Képzelt", "Harmadik Álnév"]
    assert pinned.paragraphs == ["A delegációk külön ebédelnek.", "Dőltbetű és link együtt."]


def test_unreadable_state_falls_back_to_the_visible_posts():
    page = page_of("liveblog_visible.html")
    assert page.via == "html"
    assert [p.title for p in page.posts] == ["Lezárultak az urnák", "Magas részvétel"]
    assert [p.authors for p in page.posts] == [["Hatodik Álnév"], ["Ötödik Kitalált"]]
    assert page.posts[0].paragraphs == ["Este hétkor bezártak a szavazókörök."]
    assert page.authors == ["Ötödik Kitalált"]  # the byline, not a post's author


def test_visible_posts_have_the_times_they_print():
    """A post rendered in the HTML prints its time: a full Hungarian date beside the
    author (2021), or a clock time above the title, placed on the blog's day."""
    dated = page_of("liveblog_2021.html")
    assert [p.published for p in dated.posts] == [
        "2021-01-21T11:47:00+01:00",
        "2021-01-21T10:15:00+01:00",
    ]
    clocks = page_of("liveblog_visible.html")
    assert clocks.published == "2021-01-30T10:00:00+01:00"  # the meta tag's 09:00Z
    assert [p.published for p in clocks.posts] == [
        "2021-01-30T11:47:00+01:00",
        "2021-01-30T09:15:00+01:00",  # written before the blog went live, the same day
    ]


def test_live_blog_without_readable_posts_is_left_to_the_generic_reading():
    text = (FIXTURES / "liveblog_state_2022.html").read_text(encoding="utf-8")
    text = text.replace("window.__NUXT__=", "window.__OTHER__=")
    doc = parse_html(text, max_chars=EXTRACT_MAX_CHARS)
    with pytest.raises(Unrecognised):
        SITE.parse(doc, LIVE)
    page = read_page(SITE, doc, LIVE)
    assert page.generic and page.section == "kulfold"
    assert "Ez a tudósítás nyitó bekezdése." in page.paragraphs


def test_live_blog_pages_only_move_forward():
    doc = parse("liveblog_state_2022.html")
    assert SITE.parse(doc, LIVE).next_page == LIVE + "?oldal=2"
    # The state says page 1 of 2, but we are on page 2 already: nothing further.
    assert SITE.parse(doc, LIVE + "?oldal=2").next_page is None
    visible = parse("liveblog_visible.html")
    url = "https://telex.hu/kulfold/2021/01/30/kitalalt-valasztas-elo"
    assert SITE.parse(visible, url + "?oldal=2").next_page is None


def test_body_only_in_the_state_is_read_from_it():
    text = (FIXTURES / "liveblog_state_2022.html").read_text(encoding="utf-8")
    text = re.sub(r'<div class="article-html-content"><div>.*?</div></div>', "", text)
    page = SITE.parse(parse_html(text, max_chars=EXTRACT_MAX_CHARS), LIVE)
    assert page.paragraphs == ["Ez a tudósítás nyitó bekezdése."]


def test_foreign_markup_is_not_recognised():
    doc = parse_html(
        "<html><head><title>x</title></head><body><article><h1>Cím</h1><p>Szöveg.</p>"
        "</article></body></html>",
        max_chars=EXTRACT_MAX_CHARS,
    )
    with pytest.raises(Unrecognised):
        SITE.parse(doc, ARTICLE)
    assert read_page(SITE, doc, ARTICLE).generic


def test_hostile_state_costs_only_the_posts():
    text = (FIXTURES / "liveblog_visible.html").read_text(encoding="utf-8")
    deep = "window.__NUXT__=" + "[" * 5000 + "]" * 5000 + ";"
    text = re.sub(r"window\.__NUXT__=.*?;</script>", deep + "</script>", text, flags=re.S)
    url = "https://telex.hu/kulfold/2021/01/30/kitalalt-valasztas-elo"
    page = SITE.parse(parse_html(text, max_chars=EXTRACT_MAX_CHARS), url)
    assert (page.kind, page.via, len(page.posts)) == ("liveblog", "html", 2)


def test_cut_page_is_recognised():
    body = (FIXTURES / "article_2022.html").read_bytes()
    assert SITE.is_complete(body)
    assert not SITE.is_complete(body[: body.index(b"</body>")])


# --- pages: the real in-sample captures -------------------------------------------------


def gold(stem: str) -> dict:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.mark.realworld
@pytest.mark.parametrize("stem", [CAPTURE, CAPTURE + "_oldal_2"])
def test_capture_matches_its_markup_and_gold(realworld, stem):
    text, url = realworld(stem + ".html")
    extracted = extract_page(text, url, max_chars=EXTRACT_MAX_CHARS)
    item, expected = extracted.item, gold(stem)
    assert expected["sample"] == "in"
    assert (item.url, item.source, item.section) == (CAPTURE_URL, "telex.hu", "koronavirus")
    assert extracted.page.via == "state"  # the posts are only in window.__NUXT__
    for field in ("kind", "title", "lead", "authors", "published"):
        assert getattr(item, field) == expected[field], field
    assert item.posts == expected["posts"]
    assert item.text == expected["text"]


@pytest.mark.realworld
def test_capture_fields_as_the_markup_states_them(realworld):
    text, url = realworld(CAPTURE + ".html")
    page = SITE.parse(parse_html(text, max_chars=EXTRACT_MAX_CHARS), url)
    assert page.kind == "liveblog" and page.section == "koronavirus"
    assert page.title == "Gulyás: Már februárban lesz védettséget igazoló plasztikkártya"
    assert page.authors == ["Biró Marianna"]
    # meta article:published_time 2021-01-21T10:55:51.000Z, in Budapest time
    assert page.published == "2021-01-21T11:55:51+01:00"
    assert page.modified == "2021-08-31T20:20:01+02:00"
    assert "Koronavírus" not in page.tags and "Gulyás Gergely" in page.tags
    assert len(page.paragraphs) == 9  # two paragraphs and a seven-item list
    assert len(page.posts) == 30 and len({p.key for p in page.posts}) == 30
    first = page.posts[0]
    assert first.title.startswith("Gulyás a józan ész parancsát követte")
    assert first.authors == ["Presinszky Judit"]
    assert first.published == "2021-01-21T11:47:23+01:00"
    assert page.next_page == CAPTURE_URL + "?oldal=2"


@pytest.mark.realworld
def test_capture_page_two_is_the_last(realworld):
    text, url = realworld(CAPTURE + "_oldal_2.html")
    page = SITE.parse(parse_html(text, max_chars=EXTRACT_MAX_CHARS), url)
    assert len(page.posts) == 3 and page.next_page is None


@pytest.mark.realworld
def test_capture_without_its_state_is_read_generically(realworld):
    text, url = realworld(CAPTURE + ".html")
    text = text.replace("window.__NUXT__=", "window.__STRIPPED__=")
    page = read_page(SITE, parse_html(text, max_chars=EXTRACT_MAX_CHARS), url)
    assert page.generic and page.section == "koronavirus"
    assert page.title == "Gulyás: Már februárban lesz védettséget igazoló plasztikkártya"


@pytest.mark.realworld
@pytest.mark.parametrize(
    ("name", "page", "oldest", "newest"),
    [
        ("telex_hu_rovat_koronavirus_oldal_4.html", 4, date(2022, 1, 16), date(2022, 1, 20)),
        ("telex_hu_rovat_koronavirus_oldal_126.html", 126, date(2020, 12, 18), date(2020, 12, 21)),
    ],
)
def test_captured_listing(realworld, name, page, oldest, newest):
    text, url = realworld(name)
    doc = parse_html(text, max_chars=EXTRACT_MAX_CHARS)
    links = list(SITE.listing_links(doc, url))
    articles = {SITE.article_url("https://telex.hu" + link) for link in links} - {None}
    assert len(articles) == 30
    days = {SITE.article_date(a) for a in articles}
    assert (min(days), max(days)) == (oldest, newest)
    assert {SITE.section_of(a) for a in articles} >= {"koronavirus", "kulfold"}
    assert SITE.next_listing(doc, url) == f"https://telex.hu/rovat/koronavirus?oldal={page + 1}"
