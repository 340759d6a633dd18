"""The toolkit every site module shares (:mod:`crawler.sites.toolkit`): the URL gate,
page numbers and the forward-only pager, days and clock times, byline names."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from lxml import html

from crawler.sites import NoDateArchive
from crawler.sites.p24 import SITE as P24
from crawler.sites.toolkit import (
    LAST_DAY,
    clock_times,
    dated_article,
    days_newest_first,
    first_links,
    forward_page,
    query_number,
    read_clock,
    same_origin,
)
from crawler.text.values import BUDAPEST, split_names

ORIGINS = same_origin("https://pelda.hu", "www.pelda.hu")
PATH = re.compile(
    r"^/(?P<section>[a-z]+)/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/(?P<slug>[a-z-]+)/?$"
)
FIRST = date(2001, 1, 1)


def gate(url: str):
    return dated_article(url, ORIGINS, PATH, FIRST, frozenset({"kulfold"}))


# --- the URL gate -------------------------------------------------------------------------


def test_same_origin_maps_every_alias_to_the_canonical_origin():
    assert ORIGINS == {"pelda.hu": "https://pelda.hu", "www.pelda.hu": "https://pelda.hu"}


@pytest.mark.parametrize(
    "url",
    [
        "https://pelda.hu/belfold/2024/05/06/cikk",
        "http://www.pelda.hu/belfold/2024/05/06/cikk/",
        "//pelda.hu/belfold/2024/05/06/cikk",
        "  https://PELDA.hu/belfold/2001/01/01/cikk  ",  # the first day itself
    ],
)
def test_the_gate_lets_an_article_of_the_portal_through(url):
    found = gate(url)
    assert found is not None
    assert found.origin == "https://pelda.hu"
    assert (found["section"], found["slug"], found["nincs"]) == ("belfold", "cikk", None)


@pytest.mark.parametrize(
    "url",
    [
        "https://pelda.hu/belfold/2000/12/31/cikk",  # before the portal's first day
        "https://pelda.hu/belfold/2024/02/30/cikk",  # no such day
        "https://pelda.hu/belfold/2101/01/01/cikk",  # after any real day
        "https://pelda.hu/belfold/2024/05/06/kulfold",  # a section slug
        "https://pelda.hu/belfold/2024/05/06/belfold",  # the URL's own section
        "https://masik.hu/belfold/2024/05/06/cikk",  # another host
        "ftp://pelda.hu/belfold/2024/05/06/cikk",
        "javascript:void(0)",
        "https://pelda.hu/belfold/",
    ],
)
def test_the_gate_stops_what_is_no_article_of_the_portal(url):
    assert gate(url) is None


def test_the_last_day_is_far_beyond_any_fetch():
    assert LAST_DAY.year >= 2100


def test_a_portal_refuses_a_range_before_its_first_day_and_cuts_one_reaching_into_it():
    with pytest.raises(NoDateArchive, match="has no articles before 2000-01-01"):
        P24.archive_span(date(1998, 1, 1), date(1999, 12, 31))
    assert P24.archive_span(date(1999, 12, 1), date(2000, 1, 2)) == (
        date(2000, 1, 1),
        date(2000, 1, 2),
    )
    with pytest.raises(NoDateArchive):
        P24.archive_span(date(1999, 12, 1), date(2000, 1, 2), partial=False)


# --- page numbers and the pager -----------------------------------------------------------


def test_query_number():
    assert query_number("https://pelda.hu/x?oldal=3&y=1", "oldal") == 3
    assert query_number("https://pelda.hu/x?oldal=harom", "oldal") is None
    assert query_number("https://pelda.hu/x", "oldal") is None


def number(url: str) -> int | None:
    return query_number(url, "p")


def test_the_pager_moves_to_the_nearest_later_page_only():
    hrefs = ["?p=1", "?p=5", "?p=3", "/masik?p=4", "?p=2", "?p=x"]
    assert forward_page("https://pelda.hu/a?p=2", hrefs, number) == (
        3,
        "https://pelda.hu/a?p=3",
    )
    assert forward_page("https://pelda.hu/a?p=5", hrefs, number) is None
    same = lambda url: url.startswith("https://pelda.hu/a")  # noqa: E731
    assert forward_page("https://pelda.hu/a?p=3", hrefs, number, same=same) == (
        5,
        "https://pelda.hu/a?p=5",
    )
    # A page without a number is the first: page 1, or page 0 where pages count from 0.
    assert forward_page("https://pelda.hu/a", ["?p=1"], number) is None
    assert forward_page("https://pelda.hu/a", ["?p=1"], number, first=0)[0] == 1


def test_first_links_prefers_the_main_list_then_every_link():
    doc = html.fromstring(
        "<html><body><main><a href='/a'>a</a></main><aside><a href='/b'>b</a></aside></body></html>"
    )
    assert first_links(doc, "//nav//a/@href", "//main//a/@href") == ["/a"]
    assert first_links(doc, "//nav//a/@href") == ["/a", "/b"]


# --- days and clock times -----------------------------------------------------------------


def test_days_newest_first():
    assert days_newest_first(date(2026, 1, 30), date(2026, 2, 1)) == [
        date(2026, 2, 1),
        date(2026, 1, 31),
        date(2026, 1, 30),
    ]
    assert days_newest_first(date(2026, 1, 30), date(2026, 1, 29)) == []


@pytest.mark.parametrize(
    ("text", "clock"),
    [("06:12", (6, 12)), ("6.12", (6, 12)), (" 23:59 ", (23, 59)), ("24:00", None),
     ("12:60", None), ("43'", None), ("Félidő", None), ("2022.03.12. 08:00", None)],
)  # fmt: skip
def test_read_clock(text, clock):
    assert read_clock(text) == clock


def test_read_clock_anywhere_finds_the_time_in_a_line():
    assert read_clock("frissítve: 12:45", anywhere=True) == (12, 45)
    assert read_clock("frissítve: 12:45") is None


def test_clock_times_nearest_instant_keeps_an_out_of_order_post_on_its_day():
    anchor = datetime(2014, 3, 2, 23, 26, 44, tzinfo=BUDAPEST)
    # Newest first, as printed: 01:53, then a stray 00:50, then 01:34 ... 23:25.
    clocks = [(1, 53), (0, 50), (1, 34), (0, 0), (23, 55), (23, 25)]
    assert clock_times(clocks, anchor, newest_first=True) == [
        "2014-03-03T01:53:00+01:00",
        "2014-03-03T00:50:00+01:00",
        "2014-03-03T01:34:00+01:00",
        "2014-03-03T00:00:00+01:00",
        "2014-03-02T23:55:00+01:00",
        "2014-03-02T23:25:00+01:00",
    ]
    assert clock_times([(10, 0)], None) == [None]


def test_clock_times_cross_midnight_in_either_order():
    opened = "2022-03-10T21:00:00+01:00"
    assert clock_times([(0, 30), (23, 50), None, (21, 10)], opened) == [
        "2022-03-11T00:30:00+01:00",
        "2022-03-10T23:50:00+01:00",
        None,  # a post that prints no time
        "2022-03-10T21:10:00+01:00",
    ]
    assert clock_times([(21, 10), (23, 50), (0, 30), (1, 15)], opened) == [
        "2022-03-10T21:10:00+01:00",
        "2022-03-10T23:50:00+01:00",
        "2022-03-11T00:30:00+01:00",
        "2022-03-11T01:15:00+01:00",
    ]


def test_a_post_written_a_little_before_the_blog_opened_stays_on_its_day():
    opened = "2024-05-05T22:40:12+02:00"
    assert clock_times([(22, 45), (22, 38)], opened, newest_first=True) == [
        "2024-05-05T22:45:00+02:00",
        "2024-05-05T22:38:00+02:00",
    ]
    # An hour and more before: the next day's.
    assert clock_times([(21, 30)], opened) == ["2024-05-06T21:30:00+02:00"]
    # A blog opened just after midnight: 23:50 is the evening before, not the next one.
    assert clock_times([(23, 50)], "2024-05-06T00:20:00+02:00") == ["2024-05-05T23:50:00+02:00"]


# --- names ---------------------------------------------------------------------------------


def test_split_names():
    assert split_names(["Kiss Anna és Nagy Béla", "kiss anna; Tóth Ede,  "]) == [
        "Kiss Anna",
        "Nagy Béla",
        "Tóth Ede",
    ]
    label = re.compile(r"^Szerző:\s*")
    assert split_names(["Szerző: Kiss Anna, hvg.hu/MTI"], strip=label) == [
        "Kiss Anna",
        "hvg.hu/MTI",
    ]
