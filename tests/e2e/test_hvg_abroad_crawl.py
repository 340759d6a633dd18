"""The real ``scrapy crawl hvg_abroad`` against the hvg.hu stand-in: what only hvg does.
What every portal does is asked in :mod:`tests.e2e.test_portal_contract`."""

from __future__ import annotations

import pytest

from tests.standin import hvg

SPIDER = "hvg_abroad"
pytestmark = pytest.mark.xdist_group(SPIDER)


@pytest.fixture(scope="module")
def regular(portal_runs):
    done = portal_runs.regular(SPIDER)
    return done.site, done.run, done.targets


@pytest.fixture(scope="module")
def backfill(portal_runs):  # -a since=2024-05-03 -a until=2024-05-05
    done = portal_runs.backfill(SPIDER)
    return done.site, done.run, done.targets


def test_live_report_read_page_by_page_in_its_order(regular):
    _, run, targets = regular
    [live] = [r for r in run.records() if r["kind"] == "liveblog"]
    assert [p["title"] for p in live["posts"]] == [
        "Aláírták a zárónyilatkozatot",
        "Képek a tárgyalóteremből",
        "Vita a finanszírozásról",
        "Megérkeztek az első delegációk",
    ]
    # Page 2 as the pager links it, with the order it picked and no view parameters.
    assert targets.count(hvg.SUMMIT.path + "/2?order=desc") == 1
    assert not any("isPrintView" in t for t in targets)


def test_discovery_reads_both_feeds_and_the_section_page_once(regular):
    _, _, targets = regular
    for path in ("/robots.txt", "/rss/vilag", "/egyeb/rss", "/vilag"):
        assert targets.count(path) == 1, path
    assert not any(t.startswith("/vilag/1") for t in targets)  # no archive in a regular run


def test_never_fetches_brand_content(regular):
    _, _, targets = regular
    assert not any("brandcontent" in t for t in targets)


def test_backfill_walks_the_listing_until_a_page_lists_only_older_articles(backfill):
    _, run, targets = backfill
    assert run.returncode == 0, run.log[-3000:]
    urls = {r["url"] for r in run.records()}
    assert {hvg.BRIDGE.url, hvg.ELECTION.url} <= urls  # found only through the archive
    # Listed in the archive and reached first through a listed redirect: still recorded.
    assert hvg.FERRY.url in urls
    for page in (1, 2, 3):
        assert targets.count(f"/vilag/{page}") == 1, page
    assert "/vilag/4" not in targets  # page 3 listed only older articles
    assert hvg.OLD.path not in targets  # listed in the archive, dated before the range
