"""The real ``scrapy crawl telex_abroad`` against the telex.hu stand-in, end to end."""

from __future__ import annotations

import pytest

from tests.e2e.runner import crawl
from tests.standin.server import StandinServer
from tests.standin.telex import (
    APRIL,
    BOILERPLATE,
    CUT,
    DISALLOWED,
    LIVE,
    LIVE_HTML,
    MISSING,
    NO_END,
    ORIGIN,
    OTHER_SECTION,
    OTHER_SECTION_FEED,
    PDF_PATH,
    REDIRECT_FROM,
    REDIRECT_TARGET,
    RETRIED,
    telex_site,
)

SPIDER = "telex_abroad"
FIELDS = ("kind", "title", "lead", "authors", "published", "text", "posts")


def run_crawl(tmp_path, *args):
    site = telex_site()
    with StandinServer(site) as server:
        run = crawl({"telex.hu": server.base_url}, tmp_path, *args, spider=SPIDER)
        paths = server.paths()
    return site, run, paths


@pytest.fixture(scope="module")
def regular(tmp_path_factory):
    return run_crawl(tmp_path_factory.mktemp("telex"))


def test_exits_zero_with_one_file(regular):
    _, run, _ = regular
    assert run.returncode == 0, run.log[-3000:]
    assert len(run.files()) == 1
    assert "Traceback" not in run.log


def test_exactly_the_expected_records_once_field_by_field(regular):
    site, run, _ = regular
    records = run.records()
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls))
    expected = {e["url"]: e for e in site.expected_records()}
    assert sorted(urls) == sorted(expected)
    for record in records:
        want = expected[record["url"]]
        for name in FIELDS:
            assert record[name] == want[name], (record["url"], name)
        assert (record["source"], record["section"]) == ("telex.hu", "kulfold")
        assert record["language"] == "hu"


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
    assert "'extract/via/state': 2" in run.log
    assert "'extract/via/html': 1" in run.log


def test_no_boilerplate_in_text(regular):
    _, run, _ = regular
    for record in run.records():
        for junk in BOILERPLATE:
            assert junk not in record["text"], (record["url"], junk)


def test_never_fetches_what_it_must_not(regular):
    _, _, paths = regular
    for path in (OTHER_SECTION, OTHER_SECTION_FEED, DISALLOWED):
        assert path not in paths, path
    # The regular run reads page 1 of the listing only; nothing but the stand-in.
    assert not any(p.startswith("/rovat/kulfold?oldal=") for p in paths)
    assert all(p.startswith("/") for p in paths)


def test_one_request_per_article(regular):
    site, _, paths = regular
    for expected in site.expected_records():
        path = expected["url"].removeprefix(ORIGIN)
        want = 2 if path == RETRIED.path else 1  # 500 once, then the page
        assert paths.count(path) == want, path


def test_redirect_recorded_at_its_target(regular):
    _, run, paths = regular
    assert REDIRECT_FROM in paths
    assert REDIRECT_TARGET.url in {r["url"] for r in run.records()}


def test_hostile_pages_counted_by_reason_and_logged(regular):
    _, run, paths = regular
    report = run.report()
    assert report["status"] == 0
    assert report["dropped"] == {"not_html": 1, "truncated": 1}
    assert report["errors"] == {"http_404": 1, "data_loss": 1, "robots_txt": 1}
    assert paths.count(CUT) == 3  # cut in transit: retried twice, then given up
    for path in (PDF_PATH, NO_END, MISSING):
        lines = [x for x in run.log.splitlines() if ORIGIN + path in x and "WARNING" in x]
        assert len(lines) == 1, (path, lines)


def test_backfill_walks_the_listing_until_older_than_the_range(tmp_path):
    site, run, paths = run_crawl(tmp_path, "-a", "since=2024-04-20", "-a", "until=2024-04-30")
    assert run.returncode == 0, run.log[-3000:]
    records = {r["url"]: r for r in run.records()}
    expected = {e["url"]: e for e in site.expected_records(since="2024-04-20", until="2024-04-30")}
    assert sorted(records) == sorted(expected)
    for url, want in expected.items():
        for name in FIELDS:
            assert records[url][name] == want[name], (url, name)
    in_range = [a for a in APRIL if "2024-04-20" <= a.day <= "2024-04-30"]
    assert {a.url for a in in_range} <= set(records)
    # Page 3 lists only older articles: the walk stops there; page 4 is never read.
    listings = sorted(p for p in paths if p.startswith("/rovat/kulfold"))
    assert listings == ["/rovat/kulfold", *(f"/rovat/kulfold?oldal={n}" for n in (1, 2, 3))]
    for article in APRIL:
        if article not in in_range:
            assert article.path not in paths, article.path  # listed, but out of range
    assert run.report()["status"] == 0


def test_backfill_before_telex_existed_is_refused_before_any_request(tmp_path):
    _, run, paths = run_crawl(tmp_path, "-a", "since=2015-01-01", "-a", "until=2015-01-31")
    # A usage error: Scrapy exits 2 (the README's table says 1; see the crawl command).
    assert run.returncode != 0
    assert "telex.hu has no articles before 2020-01-01" in run.log
    assert paths == []
