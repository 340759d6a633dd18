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
