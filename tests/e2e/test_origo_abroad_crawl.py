"""The real ``scrapy crawl origo_abroad`` against the origo.hu stand-in: what only origo
does. What every portal does is asked in :mod:`tests.e2e.test_portal_contract`."""

from __future__ import annotations

import re

import pytest

from crawler.run.health import UNREACHABLE
from tests.e2e.runner import crawl
from tests.standin.origo import (
    BRIDGE,
    FEED_PATH,
    FORBIDDEN,
    HEADER_ISO,
    LATE,
    MOVED,
    MOVED_FROM,
    ORIGIN,
    SECTION_PATH,
    OrigoStandin,
)
from tests.standin.server import StandinServer
from tests.standin.site import Route

SPIDER = "origo_abroad"
pytestmark = pytest.mark.xdist_group(SPIDER)


@pytest.fixture(scope="module")
def section_run(portal_runs):
    done = portal_runs.regular(SPIDER)
    return done.site, done.run, done.targets


@pytest.fixture(scope="module")
def backfill_run(portal_runs):  # origo.hu (the bare host), 18-19 January 2019
    done = portal_runs.backfill(SPIDER)
    return done.site, done.run, done.targets


def test_iso_8859_2_by_header_and_by_meta_read_right(section_run):
    _, run, _ = section_run
    by_url = {r["url"]: r for r in run.records()}
    # ISO-8859-2 declared only in the Content-Type header; „” – sent as references.
    volcano = by_url[ORIGIN + "/nagyvilag/20190119-kitort-a-monte-fittizio.html"]
    assert "ötezer" in volcano["title"] and "Hamufelhő" in volcano["lead"]
    assert "„Az ősz végén már éreztük a remegést” – mondta" in volcano["text"]
    # Declared only by <meta charset>, over three pages.
    bridge = by_url[BRIDGE.url]
    assert bridge["authors"] == ["Kertész Ödön"]
    assert "tűzijáték" in bridge["text"] and "kerékpárosok" in bridge["text"]
    assert not any(c in r["text"] + r["title"] for r in by_url.values() for c in "õûÕÛ\ufffd")


def test_multi_page_article_fetched_forward_once_per_page(section_run):
    _, _, targets = section_run
    for number in (1, 2):
        assert targets.count(f"{BRIDGE.path}?pIdx={number}") == 1
    assert targets.count(BRIDGE.path) == 1  # never again from page 2's "first/previous"


def test_discovery_reads_robots_the_site_feed_and_the_section_page(section_run):
    _, _, targets = section_run
    assert {"/robots.txt", FEED_PATH, SECTION_PATH} <= set(targets)


def test_the_redirected_article_is_fetched_at_its_target(section_run):
    _, _, targets = section_run
    assert MOVED_FROM in targets and MOVED.path in targets  # the 301 and its target


def test_a_page_robots_txt_forbids_is_logged(section_run):
    _, run, _ = section_run
    assert FORBIDDEN in run.log  # logged (at INFO) as forbidden by robots.txt


def test_backfill_reads_the_day_archives_of_the_range(backfill_run):
    _, run, targets = backfill_run
    assert run.returncode == 0, run.log[-3000:]
    assert "/hir-archivum/2019/20190119.html" in targets
    assert "/hir-archivum/2019/20190118.html" in targets
    assert "/hir-archivum/2019/20190117.html" not in targets
    records = {r["url"]: r for r in run.records()}
    # Listed on the 19th although its URL says the 17th: the archive decides, not the URL.
    assert records[LATE.url]["published"] == "2019-01-19T18:00:00+01:00"


@pytest.mark.realworld
def test_backfill_over_the_real_day_archive_fetches_its_nagyvilag_articles_only(
    realworld, tmp_path
):
    text, url = realworld("www_origo_hu_hir_archivum_2019_20190119_html.html")
    site = OrigoStandin()
    path = url.removeprefix(ORIGIN)
    # Served as it was: ISO-8859-2, declared in the header (the capture's own bytes).
    site.routes[path] = Route(body=text.encode("iso-8859-2"), content_type=HEADER_ISO)
    listed = re.findall(r'<h3><a href="https://www\.origo\.hu(/[^"]+)"', text)  # the day's list
    ours = [p for p in listed if p.startswith("/nagyvilag/")]
    assert (len(ours), len(listed)) == (9, 87)
    with StandinServer(site) as server:
        run = crawl(
            {"www.origo.hu": server.base_url},
            tmp_path,
            "-a",
            "since=2019-01-19",
            "-a",
            "until=2019-01-19",
            spider=SPIDER,
        )
        targets = server.paths()
    # The captured archive's articles are not served (404 each), so by the health rules
    # the run is "unreachable"; what matters here is what it asked for.
    assert run.returncode == UNREACHABLE, run.log[-3000:]
    assert path in targets
    for article in listed:
        assert targets.count(article) == (1 if article in ours else 0), article
