"""origo.hu: URL rules, discovery URLs, and pages read field by field.

Invented pages in ``tests/fixtures/sites/origo/`` (the 2014 layout, served as ISO-8859-2
with a ``<meta charset>``; the 2020 layout and a live blog in UTF-8) are checked attribute
by attribute by the contract test (``tests/sites/test_contract.py``); here, what only
origo does, and the real day archive in ``../shared``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from crawler.assembly.assemble import extract_page, merge, parse_html, read_page
from crawler.settings import EXTRACT_MAX_CHARS
from crawler.sites import NoDateArchive, NotAnArticle, Unrecognised, site_for_url
from crawler.sites.origo import FEED, SITE, _post_times, _RawPost
from tests.sites.fixtures import expected_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sites" / "origo"
EXPECTED = expected_of("origo")
ARCHIVE = "www_origo_hu_hir_archivum_2019_20190119_html.html"

A = "https://www.origo.hu/nagyvilag/20190118-kitort-a-monte-fittizio-hamufelho.html"
BLOG = "https://www.origo.hu/nagyvilag/percrolpercre/20220310-arviz-ostravia-percrol-percre.html"


def page(name: str, url: str | None = None):
    """The fixture decoded as Scrapy decodes it (no header: by its meta charset), read."""
    url = url or EXPECTED[name.removesuffix(".html")]["url"]
    response = HtmlResponse(url, body=(FIXTURES / name).read_bytes())
    return read_page(SITE, parse_html(response.text, max_chars=EXTRACT_MAX_CHARS), url)


# --- URLs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (A, A),
        (A.replace("https://", "http://"), A),
        (A.replace("www.", ""), A),
        (A.replace("www.", "m."), A),
        (A + "?pIdx=2", A),  # page 3 of the article
        (A + "?utm_source=rss&utm_medium=feed", A),
        (A + "#comments", A),
        ("//www.origo.hu/nagyvilag/20190118-kitort-a-monte-fittizio-hamufelho.html", A),
        (BLOG + "?pIdx=1", BLOG),  # live blog: its sub-path is part of the address
        (
            "https://www.origo.hu/nagyvilag/19991113tobb.html",  # before the dash era
            "https://www.origo.hu/nagyvilag/19991113tobb.html",
        ),
        (
            "https://www.origo.hu/sport/olimpia/2012/20120801-beszelgetes.html",
            "https://www.origo.hu/sport/olimpia/2012/20120801-beszelgetes.html",
        ),
        ("https://www.origo.hu/nagyvilag/galeria/20180604-satortabor.html", None),
        ("https://www.origo.hu/nagyvilag/index.html", None),
        ("https://www.origo.hu/hir-archivum/2019/20190119.html", None),
        (FEED, None),
        ("https://www.origo.hu/nagyvilag/20191332-rossz-datum.html", None),
        ("https://www.origo.hu/nagyvilag/20190118-kitort.htm", None),
        ("https://www.origo.hu.evil.com/nagyvilag/20190118-x.html", None),
        ("https://cimkezes.origo.hu/cimkek/vulkan/index.html", None),
        ("https://index.hu/kulfold/2019/01/18/x/", None),
        ("mailto:szerkesztoseg@origo.hu", None),
    ],
)
def test_article_url_canonical(link, expected):
    assert SITE.article_url(link) == expected


def test_section_source_and_owner_from_the_url():
    assert SITE.section_of(A) == "nagyvilag"
    assert SITE.section_of(BLOG) == "nagyvilag"
    assert SITE.section_of("https://www.origo.hu/sport/futball/20190119-x.html") == "sport"
    assert SITE.source(A) == "origo.hu"
    assert site_for_url("https://m.origo.hu/itthon/20190119-x.html") is SITE


def test_url_date_is_not_taken_for_the_publication_day():
    # The real 2019-01-19 archive lists articles whose URLs say 16-18 January.
    assert SITE.article_date(A) is None


# --- discovery --------------------------------------------------------------------------


def test_listings_are_the_site_feed_and_the_section_page():
    listings = SITE.listings("nagyvilag")
    assert [(x.url, x.kind) for x in listings] == [
        ("https://www.origo.hu/contentpartner/rss/origoall/origo.xml", "feed"),
        ("https://www.origo.hu/nagyvilag/index.html", "html"),
    ]
    assert all(x.in_section and not x.walk for x in listings)


def test_archive_is_one_day_page_per_day_newest_first():
    listings = SITE.date_archives("nagyvilag", date(2019, 12, 31), date(2020, 1, 2))
    assert [x.url for x in listings] == [
        "https://www.origo.hu/hir-archivum/2020/20200102.html",
        "https://www.origo.hu/hir-archivum/2020/20200101.html",
        "https://www.origo.hu/hir-archivum/2019/20191231.html",
    ]
    assert all(x.kind == "html" and not x.walk and x.in_section for x in listings)


def test_archive_starts_in_november_1998():
    listings = SITE.date_archives("nagyvilag", date(1998, 11, 1), date(1998, 11, 25))
    assert [x.url.rsplit("/", 1)[1] for x in listings] == ["19981125.html", "19981124.html"]
    with pytest.raises(NoDateArchive, match="1998-11-24"):
        SITE.date_archives("nagyvilag", date(1998, 1, 1), date(1998, 11, 23))


def test_feed_items_canonicalised_and_filtered_by_the_url_section():
    feed = (
        b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        b"<item><title>a</title><link>" + A.encode() + b"?utm_source=rss</link></item>"
        b"<item><title>b</title><link>https://www.origo.hu/itthon/20190119-x.html</link></item>"
        b"<item><title>c</title><link>https://www.origo.hu/nagyvilag/galeria/20190119-k.html"
        b"</link></item></channel></rss>"
    )
    links = [SITE.article_url(link) for link in SITE.feed_links(feed, "nagyvilag")]
    assert [u for u in links if u and SITE.section_of(u) == "nagyvilag"] == [A]
    assert SITE.feed_links(b"\x00 not xml", "nagyvilag") == []


def test_listing_links_elsewhere_are_every_link():
    doc = parse_html(
        "<html><body><a href='/nagyvilag/20190119-a.html'>a</a>"
        "<div class='news-item'><a class='news-title' href='/nagyvilag/20190119-b.html'>b</a>"
        "</div></body></html>",
        max_chars=EXTRACT_MAX_CHARS,
    )
    links = SITE.listing_links(doc, "https://www.origo.hu/nagyvilag/index.html")
    assert links == ["/nagyvilag/20190119-a.html", "/nagyvilag/20190119-b.html"]


# --- pages: invented fixtures, what only origo does -------------------------------------


def test_iso_8859_2_page_decoded_by_its_meta_and_by_its_header():
    body = (FIXTURES / "article_2019.html").read_bytes()
    assert "ő".encode() not in body and "ő".encode("iso-8859-2") in body
    by_meta = HtmlResponse(A, body=body)
    by_header = HtmlResponse(A, body=body, headers={"Content-Type": "text/html;charset=ISO-8859-2"})
    for response in (by_meta, by_header):
        assert response.encoding == "iso8859-2"
        doc = parse_html(response.text, max_chars=EXTRACT_MAX_CHARS)
        read = read_page(SITE, doc, A)
        assert read.lead.startswith("Hamufelhő borította be")
        assert "tűzőrök" in "\n".join(read.paragraphs)
    # What a wrong guess would give: the test above can fail.
    assert "Hamufelhõ" in body.decode("latin-1")


def test_text_as_displayed_on_the_2019_layout():
    paragraphs = page("article_2019.html").paragraphs
    text = "\n\n".join(paragraphs)
    assert "A légikikötő vasárnap délig zárva marad.\nA vonatok" in text  # <br>
    assert "szerint senki sem sérült meg, a korábbi kitörésekről itt írtunk." in text  # inline
    assert "„Az ősz végén már éreztük a remegést”" in text  # &#8222; in an ISO-8859-2 page
    for junk in (
        "rejtve marad",  # display:none
        "Hamufelhő borította",  # the lead is not body
        "A hamufelhő a város felett",  # caption
        "Fotó:",
        "Kapcsolódó cikkek",
        "Európa tűzhányói",  # related box
        "Hirdetés",
        "Fumo sulla",  # embedded tweet
        "Következő oldal",  # pager
        "1/3",
        "Hírlevél",
        "Egy másik cikk",
        "vulkán",  # tags
    ):
        assert junk not in text, junk


def test_multi_page_article_merged_in_page_order():
    pages = [
        page("article_2019.html"),
        page("article_2019_p2.html", A + "?pIdx=1"),
        page("article_2019_p3.html", A + "?pIdx=2"),
    ]
    assert [p.next_page for p in pages] == [A + "?pIdx=1", A + "?pIdx=2", None]
    fields = merge(pages)
    names = ["article_2019", "article_2019_p2", "article_2019_p3"]
    expected = [p for name in names for p in EXPECTED[name]["expected"]["paragraphs"]]
    assert fields["text"] == "\n\n".join(expected)
    assert fields["lead"] == EXPECTED["article_2019"]["expected"]["lead"]  # page 1's
    assert "Hamu a szélvédőn" not in fields["text"]


def test_pager_only_moves_forward_within_the_same_article():
    base = "<html><body><div class='article-content'><p>x</p></div><div class='article-pager'>"
    doc = parse_html(
        base + f"<a href='{A}'>első</a><a href='{A}?pIdx=1'>előző</a>"
        "<a href='/nagyvilag/20190101-masik-cikk.html?pIdx=9'>más</a></div></body></html>",
        max_chars=EXTRACT_MAX_CHARS,
    )
    assert SITE.parse(doc, A + "?pIdx=2").next_page is None
    assert SITE.parse(doc, A).next_page == A + "?pIdx=1"


def test_live_blog_text_has_each_post_title_then_its_text():
    fields = merge([page("liveblog_2022.html")])
    assert fields["kind"] == "liveblog"
    assert fields["text"].split("\n\n") == [
        "A folyó este kilépett a medréből.",  # opening text above the posts
        "Tetőzött a folyó",
        "Hajnali egykor 812 centiméteren tetőzött a víz.\nAz esőzés elállt.",
        "Kitelepítés",
        "Háromszáz embert csónakkal vittek biztonságba.",
        "Lezárták a régi hidat.",  # a post without a title
        "Riasztás",
        "Vörös kód lépett életbe a tartományban.",
    ]
    assert "Hirdetés" not in fields["text"]
    assert fields["posts"][0]["published"] == "2022-03-11T01:05:00+01:00"  # after midnight


def _raw(printed: str) -> _RawPost:
    return _RawPost(element=None, printed=printed, stamp=None)  # type: ignore[arg-type]


def test_post_times_from_clock_times_cross_midnight_in_either_order():
    opened = "2022-03-10T21:00:00+01:00"
    newest_first = [_raw("00:30"), _raw("23:50"), _raw("21:10")]
    assert _post_times(newest_first, opened) == [
        "2022-03-11T00:30:00+01:00",
        "2022-03-10T23:50:00+01:00",
        "2022-03-10T21:10:00+01:00",
    ]
    oldest_first = [_raw("21:10"), _raw("23:50"), _raw("00:30"), _raw("01:15")]
    assert _post_times(oldest_first, opened)[2:] == [
        "2022-03-11T00:30:00+01:00",
        "2022-03-11T01:15:00+01:00",
    ]
    assert _post_times([_raw("2022.03.12. 08:00")], opened) == ["2022-03-12T08:00:00+01:00"]
    assert _post_times([_raw("08:00"), _raw("")], None) == [None, None]


def test_unknown_markup_is_unrecognised_and_a_gallery_is_no_article():
    other = parse_html("<html><body><h1>Cím</h1><p>Szöveg.</p></body></html>", max_chars=10**6)
    with pytest.raises(Unrecognised):
        SITE.parse(other, A)
    gallery = parse_html(
        "<html><body class='gallery'><header><h1 class='gallery-title'>Képek</h1></header>"
        "</body></html>",
        max_chars=10**6,
    )
    with pytest.raises(NotAnArticle) as caught:
        SITE.parse(gallery, A)
    assert caught.value.reason == "gallery"


def test_extract_page_gives_the_canonical_record():
    response = HtmlResponse(A, body=(FIXTURES / "article_2019.html").read_bytes())
    item = extract_page(response.text, A + "?utm_source=x", max_chars=EXTRACT_MAX_CHARS).item
    assert (item.url, item.source, item.section, item.kind) == (
        A,
        "origo.hu",
        "nagyvilag",
        "article",
    )


# --- the real day archive (../shared) ----------------------------------------------------


@pytest.mark.realworld
def test_real_day_archive_lists_the_days_articles(realworld):
    text, url = realworld(ARCHIVE)
    assert "Előző nap" in text  # decoded as the ISO-8859-2 it was served as
    doc = parse_html(text, max_chars=EXTRACT_MAX_CHARS)
    links = SITE.listing_links(doc, url)
    assert len(links) == 87  # every div.archive-cikk of the page, no calendar or menu link
    canonical = [SITE.article_url(link) for link in links]
    assert None not in canonical
    ours = [u for u in canonical if SITE.section_of(u) == "nagyvilag"]
    assert len(ours) == 9
    assert ours[0] == (
        "https://www.origo.hu/nagyvilag/20190119-migranskaravan-regisztracio-nelkul-keltek-at-"
        "illegalis-bevandorlok-a-mexikoiguatemalai-hataron.html"
    )
    assert ours[-1].endswith(
        "/20190119-amerikai-legicsapasok-vegeztek-tobb-mint-felszaz-szomaliai-dzsihadistaval.html"
    )
    # The day's list holds articles created days earlier: the URL date is no filter.
    assert "https://www.origo.hu/itthon/20190116-jobbik.html" in canonical
    assert SITE.next_listing(doc, url) is None  # one page per day
