"""The real ``scrapy crawl telex_abroad`` against the telex.hu stand-in: what only telex
does. What every portal does is asked in :mod:`tests.e2e.test_portal_contract`."""

from __future__ import annotations

import pytest

from tests.e2e.runner import crawl
from tests.standin.server import StandinServer
from tests.standin.telex import APRIL, LIVE, LIVE_HTML, telex_site

SPIDER = "telex_abroad"
pytestmark = pytest.mark.xdist_group(SPIDER)


@pytest.fixture(scope="module")
def regular(portal_runs):
    done = portal_runs.regular(SPIDER)
    return done.site, done.run, done.targets


def test_live_blog_pages_merged_from_the_state(regular):
    _, run, paths = regular
    record = next(r for r in run.records() if r["url"] == LIVE.url)
    assert [p["title"] for p in record["posts"]] == [p.title for p in LIVE.posts()]
    assert paths.count(LIVE.path + "?oldal=2") == 1
    assert LIVE.path + "/elo" not in paths  # the /elo link is the canonical record


def test_live_blog_read_from_visible_posts_when_the_state_is_broken(regular):
    _, run, _ = regular
    record = next(r for r in run.records() if r["url"] == LIVE_HTML.url)
    assert [p["title"] for p in record["posts"]] == [p.title for p in LIVE_HTML.posts()]
    # Which reading gave the posts is counted: two state pages, one visible one.
    assert run.stats()["extract/via/state"] == 2
    assert run.stats()["extract/via/html"] == 1


def test_a_regular_run_reads_page_1_of_the_listing_only(regular):
    _, _, paths = regular
    assert not any(p.startswith("/rovat/kulfold?oldal=") for p in paths)


def test_backfill_walks_the_listing_until_older_than_the_range(portal_runs):
    done = portal_runs.backfill(SPIDER)  # -a since=2024-04-20 -a until=2024-04-30
    run, paths = done.run, done.targets
    assert run.returncode == 0, run.log[-3000:]
    records = {r["url"] for r in run.records()}
    in_range = [a for a in APRIL if "2024-04-20" <= a.day <= "2024-04-30"]
    assert {a.url for a in in_range} <= records
    # Page 3 lists only older articles: the walk stops there; page 4 is never read.
    listings = sorted(p for p in paths if p.startswith("/rovat/kulfold"))
    assert listings == ["/rovat/kulfold", *(f"/rovat/kulfold?oldal={n}" for n in (1, 2, 3))]
    for article in APRIL:
        if article not in in_range:
            assert article.path not in paths, article.path  # listed, but out of range


def test_backfill_before_telex_existed_is_refused_before_any_request(tmp_path):
    site = telex_site()
    with StandinServer(site) as server:
        run = crawl(
            {"telex.hu": server.base_url},
            tmp_path,
            "-a",
            "since=2015-01-01",
            "-a",
            "until=2015-01-31",
            spider=SPIDER,
        )
        paths = server.paths()
    # A usage error: Scrapy exits 2 (the README's table says 1; see the crawl command).
    assert run.returncode != 0
    assert "telex.hu has no articles before 2020-01-01" in run.log
    assert paths == []
