"""The one metadata cascade: site selectors, then JSON-LD, then meta tags, then print."""

from __future__ import annotations

import json

from lxml import html

from crawler.text.metadata import Selectors, json_ld, read_metadata
from crawler.text.values import hungarian_datetime, iso_datetime

URL = "https://telex.hu/kulfold/2024/05/06/cikk"


def page(head: str = "", body: str = "", ld: object = None) -> html.HtmlElement:
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    return html.document_fromstring(f"<html><head>{head}{script}</head><body>{body}</body></html>")


def test_site_selectors_come_first():
    doc = page(
        '<meta property="og:title" content="OG cím">',
        '<h1 class="cim">Saját cím</h1><div class="szerzo"><a>Kiss Anna</a></div>',
        {"@type": "NewsArticle", "headline": "LD cím", "author": {"name": "Nagy Béla"}},
    )
    meta = read_metadata(doc, URL, Selectors(title="//h1[@class='cim']", authors="//div/a"))
    assert meta.title == "Saját cím"
    assert meta.authors == ["Kiss Anna"]


def test_json_ld_before_open_graph_any_nesting_and_lists():
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Telex"},
            {
                "@type": ["NewsArticle"],
                "headline": ["Listában adott cím", "második"],
                "datePublished": "2024-05-06T10:15:00+02:00",
                "author": [{"name": "Kiss Anna"}, {"name": ["Nagy Béla"]}, "Szabó Cili"],
                "image": [{"url": "/media/kep.jpg"}],
                "keywords": ["háború", "EU"],
                "articleSection": "Külföld",
            },
        ],
    }
    doc = page('<meta property="og:title" content="OG cím">', "", ld)
    meta = read_metadata(doc, URL, Selectors())
    assert meta.title == "Listában adott cím"
    assert meta.published == "2024-05-06T10:15:00+02:00"
    assert meta.authors == ["Kiss Anna", "Nagy Béla", "Szabó Cili"]
    assert meta.image == "https://telex.hu/media/kep.jpg"  # relative: resolved on the page
    assert meta.tags == ["háború", "EU"]
    assert meta.section == "Külföld"


def test_live_blog_posting_is_an_article_and_outer_object_wins():
    ld = {
        "@type": "LiveBlogPosting",
        "headline": "Percről percre",
        "liveBlogUpdate": [{"@type": "BlogPosting", "headline": "Egy poszt"}],
    }
    assert read_metadata(page(ld=ld), URL, Selectors()).title == "Percről percre"


def test_open_graph_and_article_meta_when_no_json_ld():
    head = (
        '<meta property="og:title" content="OG cím">'
        '<meta property="article:published_time" content="2024-05-06T08:00:00Z">'
        '<meta property="article:modified_time" content="2024-05-06 12:00:00+0200">'
        '<meta property="article:tag" content="béke"><meta property="article:tag" content="ENSZ">'
        '<meta name="author" content="Kiss Anna, Nagy Béla és Szabó Cili">'
        '<meta property="og:image" content="//cdn.telex.hu/kep.jpg">'
        '<meta property="og:description" content="Összefoglaló.">'
    )
    meta = read_metadata(page(head), URL, Selectors())
    assert meta.title == "OG cím"
    assert meta.published == "2024-05-06T08:00:00+00:00"
    assert meta.modified == "2024-05-06T12:00:00+02:00"
    assert meta.tags == ["béke", "ENSZ"]
    assert meta.authors == ["Kiss Anna", "Nagy Béla", "Szabó Cili"]
    assert meta.image == "https://cdn.telex.hu/kep.jpg"
    assert meta.description == "Összefoglaló."


def test_printed_dates_last():
    doc = page(body='<article><h1>Cím</h1><div class="article-date">2019. július 9. 12:45</div>')
    meta = read_metadata(doc, URL, Selectors())
    assert meta.title == "Cím"
    assert meta.published == "2019-07-09T12:45:00+02:00"
    doc = page(body='<h1>Cím</h1><time datetime="2014-03-02T23:26">vasárnap</time>')
    assert read_metadata(doc, URL, Selectors()).published == "2014-03-02T23:26:00+01:00"


def test_title_tag_without_the_site_name():
    doc = page('<title>Nagy hír - Telex</title><meta property="og:site_name" content="Telex">')
    assert read_metadata(doc, URL, Selectors()).title == "Nagy hír"


def test_broken_and_hostile_json_ld_is_skipped():
    doc = html.document_fromstring(
        '<html><head><script type="application/ld+json">{broken</script>'
        '<script type="application/ld+json">' + "[" * 100000 + "]" * 100000 + "</script>"
        "</head><body><h1>Cím</h1></body></html>"
    )
    assert json_ld(doc) == []
    assert read_metadata(doc, URL, Selectors()).title == "Cím"


def test_date_forms():
    assert iso_datetime("2011.02.03. 10:15") == "2011-02-03T10:15:00+01:00"
    assert iso_datetime("2021. jan. 21. – 10:21") == "2021-01-21T10:21:00+01:00"
    assert iso_datetime("2019. július 09., kedd 12:45") == "2019-07-09T12:45:00+02:00"
    assert iso_datetime("2024-05-06") is None  # a bare date has no time of day
    assert iso_datetime("tegnap") is None
    assert hungarian_datetime("Frissítve: 2014. március 2. 23:26") == "2014-03-02T23:26:00+01:00"


def test_printed_byline_links_last():
    doc = page(body='<h1>Cím</h1><div class="byline"><a rel="author" href="/a/x">Kiss Anna</a>')
    assert read_metadata(doc, URL, Selectors()).authors == ["Kiss Anna"]
    doc = page('<meta name="author" content="Nagy Béla">', '<a rel="author">Kiss Anna</a>')
    assert read_metadata(doc, URL, Selectors()).authors == ["Nagy Béla"]


def test_profile_links_are_not_names():
    head = '<meta name="article:author" content="/szerzo/kiss-anna">'
    ld = {"@type": "NewsArticle", "author": ["https://example.hu/szerzo/x"]}
    assert read_metadata(page(head, "", ld), URL, Selectors()).authors == []
