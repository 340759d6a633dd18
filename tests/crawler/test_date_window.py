"""Dates outside a portal's life are not the article's: the cascade takes the next source."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from lxml import html

from crawler.assembly.assemble import read_page
from crawler.sites import Reading
from crawler.sites.index_hu import SITE as INDEX
from crawler.text.metadata import Selectors, read_metadata
from crawler.text.values import DateWindow

FETCHED = datetime(2026, 12, 6, 4, tzinfo=UTC)
WINDOW = DateWindow.of(date(1999, 1, 1), FETCHED)


@pytest.mark.parametrize(
    ("value", "admitted"),
    [
        ("2024-05-06T10:15:00+02:00", True),
        ("2026-12-07T03:59:00+00:00", True),  # within a day of the fetch
        ("2026-12-07T04:01:00+00:00", False),
        ("2999-01-01T10:00:00+01:00", False),
        ("1970-01-01T01:00:00+01:00", False),
        ("1998-12-31T23:00:00+01:00", False),  # before the portal's first day
        (None, True),
    ],
)
def test_window(value, admitted):
    assert WINDOW.admits(value) is admitted


PAGE = """<html><head><title>Cím</title>
<meta property="article:published_time" content="{meta}">
<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "{ld}"}}</script>
</head><body><h1>Cím</h1></body></html>"""


def test_the_cascade_skips_an_implausible_source_and_counts_it():
    # JSON-LD comes before the meta tags in the cascade.
    doc = html.fromstring(
        PAGE.format(meta="2024-05-06T10:15:00+02:00", ld="2999-01-01T10:00:00+01:00")
    )
    meta = read_metadata(doc, "https://index.hu/x", Selectors(), WINDOW)
    assert meta.published == "2024-05-06T10:15:00+02:00"
    assert meta.implausible_dates == 1


def test_no_plausible_source_gives_none():
    doc = html.fromstring(PAGE.format(meta="1970-01-01T01:00:00+01:00", ld="1970-01-01T01:00:00Z"))
    meta = read_metadata(doc, "https://index.hu/x", Selectors(), WINDOW)
    assert meta.published is None
    assert meta.implausible_dates == 1  # one field


def test_without_a_window_every_date_is_taken():
    doc = html.fromstring(PAGE.format(meta="2999-01-01T10:00:00+01:00", ld="x"))
    assert read_metadata(doc, "https://index.hu/x", Selectors()).published.startswith("2999")


def test_the_window_ends_a_day_after_the_page_was_fetched():
    # Re-extraction passes the archived fetch time: the same page reads the same way later.
    body = '<div class="cikk-torzs"><p>Szöveg.</p></div>'
    doc = html.fromstring(PAGE.format(meta="2026-12-06T12:00:00+01:00", ld="x") + body)
    url = "https://index.hu/kulfold/2026/12/06/cikk/"
    assert read_page(INDEX, doc, url, Reading(fetched=FETCHED)).published is not None
    early = Reading(fetched=datetime(2026, 12, 1, tzinfo=UTC))
    page = read_page(INDEX, doc, url, early)
    assert page.published is None and page.implausible_dates == 1


# --- an article's own date never comes from one of its posts -----------------------------

LIVE = """<html><head><title>Élő</title></head><body>
<div class="article-dates"><div class="field">2015. január 07. | 16:46</div></div>
<h1>Élő</h1><div class="view">
<div class="row"><div class="minute"><time datetime="2015-01-07T13:28:00Z">14:28</time>
<p>Első bejegyzés.</p></div></div>
<div class="row"><div class="minute"><time datetime="2015-01-07T13:33:00Z">14:33</time>
<p>Második bejegyzés.</p></div></div>
</div></body></html>"""


def test_a_posts_time_is_never_the_articles_date():
    # Modelled on alfahir's Drupal minute-by-minute page: the byline prints the article's
    # date, each post its own <time> in UTC.
    meta = read_metadata(html.fromstring(LIVE), "https://pelda.hu/elo", Selectors(), WINDOW)
    assert meta.published == "2015-01-07T16:46:00+01:00"


def test_a_lone_time_element_is_the_articles():
    doc = html.fromstring(
        '<html><body><h1>Cím</h1><p class="x"><time datetime="2015-01-07T13:28:00Z">ma</time>'
        "</p><p>Szöveg.</p></body></html>"
    )
    meta = read_metadata(doc, "https://pelda.hu/cikk", Selectors(), WINDOW)
    assert meta.published == "2015-01-07T13:28:00+00:00"  # written as Budapest time at build


@pytest.mark.parametrize("stamp", ["0", "4", "86400000", "1970-01-01T00:00:04Z", "2999"])
def test_a_unix_time_of_zero_or_a_small_number_is_no_date(stamp):
    doc = html.fromstring(
        f'<html><head><meta property="article:published_time" content="{stamp}">'
        '<meta name="date" content="2015-01-07T16:46:00+01:00"></head>'
        "<body><h1>Cím</h1></body></html>"
    )
    meta = read_metadata(doc, "https://pelda.hu/cikk", Selectors(), DateWindow.of(date(1995, 1, 1)))
    assert meta.published == "2015-01-07T16:46:00+01:00"


@pytest.mark.realworld
def test_alfahir_is_dated_by_its_byline_not_by_its_first_post(realworld):
    from crawler.assembly.assemble import extract_page

    text, url = realworld("alfahir_hu_raketavetovel_menekulnek_a_gyilkosok.html")
    item = extract_page(text, url, max_chars=10**7).item
    assert item.published == "2015-01-07T16:46:00+01:00"
