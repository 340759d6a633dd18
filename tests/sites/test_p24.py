"""24.hu site module: URL rules, listings and archives, and how its pages read.

Invented pages in 24.hu's markup (``tests/fixtures/sites/p24/``) are checked attribute
by attribute by the contract test (``tests/sites/test_contract.py``); here, what only
24.hu does, and the real in-sample captures from ../shared checked field by field
against what their markup says (their in-sample gold files).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from crawler.assembly.assemble import extract_page, merge, parse_html, read_page
from crawler.settings import EXTRACT_MAX_CHARS
from crawler.sites import NoDateArchive, Unrecognised, is_canonical, site_for_url
from crawler.sites.p24 import SITE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sites" / "p24"
GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "gold"

A = "https://24.hu/kulfold/2024/05/06/duna-hid-atadas-komarom/"
BLOG = "https://24.hu/kulfold/2024/05/05/lengyel-valasztas-elo/"


def page_of(name: str, url: str):
    doc = parse_html((FIXTURES / name).read_text(encoding="utf-8"), max_chars=EXTRACT_MAX_CHARS)
    return SITE.parse(doc, url)


def doc_of(name: str):
    return parse_html((FIXTURES / name).read_text(encoding="utf-8"), max_chars=EXTRACT_MAX_CHARS)


# --- URLs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (A, A),
        ("http://24.hu/kulfold/2024/05/06/duna-hid-atadas-komarom/", A),
        ("https://www.24.hu/kulfold/2024/05/06/duna-hid-atadas-komarom", A),
        ("https://m.24.hu/kulfold/2024/05/06/duna-hid-atadas-komarom/", A),
        ("//24.hu/kulfold/2024/05/06/duna-hid-atadas-komarom/?utm_source=fb&fbclid=x", A),
        (f"{A}#kommentek", A),
        (f"{BLOG}#ejfel-utan-is-tart-a-szamolas", BLOG),  # a live-blog post's anchor
        (f"{BLOG}2/", BLOG),  # a live-blog page
        (f"{BLOG}3#megvan-az-elso-eredmeny", BLOG),  # milestone link: page without slash
        (f"{BLOG}amp/", BLOG),
        (
            "https://24.hu/fn/gazdasag/2021/11/10/a-nap-hirei/",
            "https://24.hu/fn/gazdasag/2021/11/10/a-nap-hirei/",
        ),
        (
            "https://rangado.24.hu/magyar_foci/2019/10/10/eb-selejtezo-horvat-magyar/2/",
            "https://rangado.24.hu/magyar_foci/2019/10/10/eb-selejtezo-horvat-magyar/",
        ),
        ("https://24.hu/kulfold/", None),
        ("https://24.hu/kulfold/feed/", None),
        ("https://24.hu/kulfold/2015/11/", None),  # month archive
        ("https://24.hu/kulfold/2015/11/page/15/", None),
        ("https://24.hu/kulfold/2015/11/24/", None),  # day listing
        ("https://24.hu/belfold/2018/04/08/page/5/", None),  # its later pages
        ("https://24.hu/kulfold/2015/13/24/x/", None),
        ("https://24.hu/kulfold/2015/11/24/a/b/c/", None),
        ("https://24.hu/tag/oscar/", None),
        ("https://24.hu/author/bodnarj/", None),
        ("https://24.hu.evil.example/kulfold/2024/05/06/x/", None),
        ("https://index.hu/kulfold/2024/05/06/x/", None),
        ("mailto:szerkesztoseg@24.hu", None),
        ("javascript:void(0)", None),
    ],
)
def test_article_url_canonical(link, expected):
    assert SITE.article_url(link) == expected


def test_section_date_and_source_come_from_the_url():
    assert SITE.section_of(A) == "kulfold"
    assert SITE.section_of("https://24.hu/fn/gazdasag/2021/11/10/x/") == "fn/gazdasag"
    assert SITE.article_date(A) == date(2024, 5, 6)
    assert SITE.article_date("https://24.hu/kulfold/2024/02/30/x/") is None
    assert SITE.source(A) == "24.hu"
    assert SITE.source("https://rangado.24.hu/magyar_foci/2019/10/10/x/") == "rangado.24.hu"


def test_registered_for_its_hosts_only():
    for url in (A, "https://www.24.hu/", "https://rangado.24.hu/", "https://sport24.24.hu/"):
        assert site_for_url(url) is SITE
    assert site_for_url("https://index.hu/kulfold/") is not SITE
    assert is_canonical(A) and not is_canonical(f"{A}2/")


# --- listings --------------------------------------------------------------------------


def test_listings_are_the_feed_and_the_section_page():
    assert [(x.url, x.kind, x.walk) for x in SITE.listings("kulfold")] == [
        ("https://24.hu/kulfold/feed/", "feed", False),
        ("https://24.hu/kulfold/", "html", False),
    ]


def test_archive_whole_months_by_month_and_a_cut_month_by_day():
    listings = SITE.date_archives("kulfold", date(2015, 10, 20), date(2015, 12, 3))
    assert [x.url for x in listings] == [
        "https://24.hu/kulfold/2015/12/03/",
        "https://24.hu/kulfold/2015/12/02/",
        "https://24.hu/kulfold/2015/12/01/",
        "https://24.hu/kulfold/2015/11/",
        "https://24.hu/kulfold/2015/10/",  # read to its end: walked until before the 20th
    ]
    assert all(x.walk and x.in_section and x.kind == "html" for x in listings)


def test_archive_of_one_day_and_of_a_month_end():
    assert [x.url for x in SITE.date_archives("kulfold", date(2002, 12, 5), date(2002, 12, 5))] == [
        "https://24.hu/kulfold/2002/12/05/"
    ]
    assert [x.url for x in SITE.date_archives("kulfold", date(2024, 2, 27), date(2024, 2, 29))] == [
        "https://24.hu/kulfold/2024/02/"  # leap day: February ends on the 29th
    ]
    dec_jan = SITE.date_archives("kulfold", date(2023, 12, 31), date(2024, 1, 1))
    assert [x.url for x in dec_jan] == [
        "https://24.hu/kulfold/2024/01/01/",
        "https://24.hu/kulfold/2023/12/",
    ]


def test_archive_is_not_refused():
    try:
        SITE.date_archives("kulfold", date(2020, 1, 1), date(2020, 1, 2))
    except NoDateArchive:  # pragma: no cover - the assertion below explains
        pytest.fail("24.hu has date archives")


def test_archive_listing_links_are_the_article_list_only():
    doc = doc_of("month_archive.html")
    links = SITE.listing_links(doc, "https://24.hu/kulfold/2024/04/")
    articles = {SITE.article_url(link) for link in links} - {None}
    assert articles == {
        "https://24.hu/kulfold/2024/04/30/majus-elseje-elo/",
        "https://24.hu/kulfold/2024/04/30/portugal-sztrajk/",
        "https://24.hu/kulfold/2024/04/29/finn-erdotuz/",
    }  # not the sidebar's or the menu's news of today
    everything = SITE.listing_links(doc, "https://24.hu/kulfold/")
    assert "https://24.hu/kulfold/2024/05/06/duna-hid-atadas-komarom/" in everything


def test_archive_pager_moves_forward_only():
    doc = doc_of("month_archive.html")
    assert SITE.next_listing(doc, "https://24.hu/kulfold/2024/04/") == (
        "https://24.hu/kulfold/2024/04/page/2/"
    )
    # Read as if it were page 3, the same "next" link would go back: refused.
    assert SITE.next_listing(doc, "https://24.hu/kulfold/2024/04/page/3/") is None
    # Not an archive listing (the section page): no walking.
    assert SITE.next_listing(doc, "https://24.hu/kulfold/") is None


def test_feed_links():
    links = SITE.feed_links((FIXTURES / "feed.xml").read_bytes(), "kulfold")
    assert [SITE.article_url(x) for x in links if SITE.article_url(x)] == [A, BLOG]
    assert SITE.feed_links(b"\x00 not a feed", "kulfold") == []


# --- an article -------------------------------------------------------------------------


def test_article_text_fidelity():
    text = "\n\n".join(page_of("article.html", A).paragraphs)
    assert "programja:\nkilenc órakor" in text  # <br> is a line break
    assert "egytől haladhatnak" in text and "koszorúzás a régi" in text  # inline: no spaces
    assert "negyvenegy millió" in text  # &nbsp; is a space
    for junk in [
        "rejtett",  # display:none
        "Hirdetés",
        "A híd a szlovák oldalról",  # caption
        "Kapcsolódó",
        "Csúszik a hídépítés",  # related box
        "Most nyílt meg a híd",  # embedded tweet
        "Iratkozz fel",  # appeal box
        "Kiemelt kép",  # the featured image's credit
        "Fotó: Nagy Béla",
        "Ha kommentelni",
        "Lengyel választás",  # recommendation widget after the body
        "Nem követem",
        "Megosztás",
        "Új buszjárat",
    ]:
        assert junk not in text, junk


def page_from_source(source: str, url: str):
    return SITE.parse(parse_html(source, max_chars=EXTRACT_MAX_CHARS), url)


def test_lead_reads_as_displayed_or_is_none():
    source = (FIXTURES / "article.html").read_text(encoding="utf-8")
    lead = "Három év <em>építkezés</em> után forgalomba helyezték az új Duna-hidat."
    assert lead in source
    two = source.replace(lead, "<p>Első bekezdés.</p><p>Második<br>sor.</p>")
    assert page_from_source(two, A).lead == "Első bekezdés.\n\nMásodik\nsor."
    # No standfirst element: no lead (the meta description is not shown on the page).
    none = re.sub(r'<div class="o-post__lead.*?</div>', "", source, flags=re.S)
    assert page_from_source(none, A).lead is None


def test_post_header_with_a_full_date():
    source = (FIXTURES / "liveblog.html").read_text(encoding="utf-8")
    assert ">23:10<" in source
    page = page_from_source(source.replace(">23:10<", ">2024. 05. 07. 06:12<"), BLOG)
    assert page.posts[2].published == "2024-05-07T06:12:00+02:00"


def test_unknown_markup_is_unrecognised():
    doc = parse_html(
        "<html><head><title>x</title></head><body><article><h1>Cím</h1><p>Szöveg.</p>"
        "</article></body></html>",
        max_chars=EXTRACT_MAX_CHARS,
    )
    with pytest.raises(Unrecognised):
        SITE.parse(doc, A)
    # The shared reader then falls back to the generic path, section from the URL.
    page = read_page(SITE, doc, A)
    assert page.generic and page.section == "kulfold"


# --- a live blog ------------------------------------------------------------------------


def test_live_blog_pages_go_from_newest_to_oldest_once():
    newest = page_of("liveblog.html", BLOG)
    assert newest.next_page == f"{BLOG}2/"  # the pager marks the article address as 3
    oldest = page_of("liveblog_1.html", f"{BLOG}1/")
    assert oldest.next_page is None  # /1/ is the oldest: its links to 2 and 3 go back
    middle = page_of("liveblog.html", f"{BLOG}2/")  # the URL's number wins over the pager
    assert middle.next_page == f"{BLOG}1/"
    assert [p.title for p in oldest.posts] == ["Zárnak az urnák", "22:36"]
    assert [p.published for p in oldest.posts] == [
        "2024-05-05T22:45:00+02:00",
        "2024-05-05T22:38:00+02:00",  # minutes before the blog's start: the same day
    ]


def test_live_blog_without_a_marked_page_follows_its_older_link():
    source = (FIXTURES / "liveblog.html").read_text(encoding="utf-8")
    marked = '<span aria-current="page" class="page-numbers current">3</span>'
    assert marked in source
    page = page_from_source(source.replace(marked, ""), BLOG)
    assert page.next_page == f"{BLOG}2/"


def test_live_blog_text_has_post_titles_as_paragraphs():
    pages = [page_of("liveblog.html", BLOG), page_of("liveblog_1.html", f"{BLOG}1/")]
    fields = merge(pages)
    assert fields["kind"] == "liveblog" and len(fields["posts"]) == 6
    blocks = fields["text"].split("\n\n")
    assert blocks[:4] == [
        "Vasárnap este kilenckor bezártak a lengyel szavazókörök.",
        "Az első részeredményeket éjfél körül várják.",
        "Éjfél után is tart a számolás",
        "A szavazatok hatvan százalékát dolgozták fel eddig.",
    ]
    assert blocks[-2:] == ["22:36", "Indul a tudósításunk."]
    assert "Köszönöm mindenkinek" not in fields["text"]
    assert "Mérföldkövek" not in fields["text"] and "Korábbiak" not in fields["text"]


# --- the real captures (in-sample only) ---------------------------------------------------

OSCAR = "https://24.hu/kultura/2016/02/29/oscar-meglehet-a-magyar-oscar/"
MATCH = "https://rangado.24.hu/magyar_foci/2019/10/10/eb-selejtezo-horvat-magyar/"
LIVE_CAPTURES = [
    "24_hu_kultura_2016_02_29_oscar_meglehet_a_magyar_oscar",
    "24_hu_kultura_2016_02_29_oscar_meglehet_a_magyar_oscar_1",
    "rangado_24_hu_magyar_foci_2019_10_10_eb_selejtezo_horvat_magyar",
    "rangado_24_hu_magyar_foci_2019_10_10_eb_selejtezo_horvat_magyar_2",
]


def in_sample_gold(stem: str) -> dict:
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    assert gold["sample"] == "in"  # held-out gold is never read
    return gold


@pytest.mark.realworld
@pytest.mark.parametrize("stem", LIVE_CAPTURES)
def test_real_live_blog_pages_field_by_field(realworld, stem):
    text, url = realworld(f"{stem}.html")
    gold = in_sample_gold(stem)
    item = extract_page(text, url, max_chars=EXTRACT_MAX_CHARS).item
    assert item.url == (OSCAR if "oscar" in stem else MATCH)  # page numbers map to it
    assert item.source == ("rangado.24.hu" if "rangado" in stem else "24.hu")
    assert item.section == gold["section"]
    for name in ("kind", "title", "lead", "authors", "published", "tags", "text"):
        assert getattr(item, name) == gold[name], name
    assert item.posts == gold["posts"]


@pytest.mark.realworld
def test_real_live_blog_pager(realworld):
    def parsed(stem):
        text, url = realworld(f"{stem}.html")
        return SITE.parse(parse_html(text, max_chars=EXTRACT_MAX_CHARS), url)

    assert parsed(LIVE_CAPTURES[0]).next_page == f"{OSCAR}3/"  # base is page 4 of 4
    assert parsed(LIVE_CAPTURES[1]).next_page is None  # /1/: the oldest
    assert parsed(LIVE_CAPTURES[2]).next_page == f"{MATCH}2/"  # base is page 3 of 3
    assert parsed(LIVE_CAPTURES[3]).next_page == f"{MATCH}1/"


@pytest.mark.realworld
def test_real_month_archive_page(realworld):
    text, url = realworld("24_hu_kulfold_2015_11_page_15.html")
    doc = parse_html(text, max_chars=EXTRACT_MAX_CHARS)
    articles = [SITE.article_url(link) for link in SITE.listing_links(doc, url)]
    articles = list(dict.fromkeys(a for a in articles if a))
    assert len(articles) == 23  # 24 entries, two of them posts of one live blog
    assert {SITE.section_of(a) for a in articles} == {"kulfold"}
    assert {SITE.article_date(a) for a in articles} == {date(2015, 11, 24)}
    assert SITE.next_listing(doc, url) == "https://24.hu/kulfold/2015/11/page/16/"


@pytest.mark.realworld
def test_real_empty_month_and_day_listing(realworld):
    text, url = realworld("24_hu_kulfold_2002_12.html")  # "Nagyvilág", nothing listed
    doc = parse_html(text, max_chars=EXTRACT_MAX_CHARS)
    assert SITE.listing_links(doc, url) == []  # the sidebar's 2021 news are not listed
    assert SITE.next_listing(doc, url) is None
    text, url = realworld("24_hu_belfold_2018_04_08_page_5.html")
    doc = parse_html(text, max_chars=EXTRACT_MAX_CHARS)
    days = {SITE.article_date(a) for a in map(SITE.article_url, SITE.listing_links(doc, url)) if a}
    assert days == {date(2018, 4, 8)}
    assert SITE.next_listing(doc, url) == "https://24.hu/belfold/2018/04/08/page/6/"
