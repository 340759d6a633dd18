"""The real ``scrapy crawl hvg_abroad`` against the hvg.hu stand-in, end to end."""

from __future__ import annotations

from datetime import date

import pytest

from tests.e2e.runner import crawl
from tests.standin import hvg
from tests.standin.hvg import HvgStandin
from tests.standin.server import StandinServer

SPIDER = "hvg_abroad"
FIELDS = ("kind", "title", "lead", "authors", "published", "tags", "text", "posts")
SINCE, UNTIL = date(2024, 5, 3), date(2024, 5, 5)


def run_crawl(out, *args):
    site = HvgStandin()
    with StandinServer(site) as server:
        run = crawl({"hvg.hu": server.base_url}, out, *args, spider=SPIDER)
        targets = server.paths()
    return site, run, targets


@pytest.fixture(scope="module")
def regular(tmp_path_factory):
    return run_crawl(tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def backfill(tmp_path_factory):
    return run_crawl(tmp_path_factory.mktemp("out"), "-a", f"since={SINCE}", "-a", f"until={UNTIL}")


def test_exits_zero_and_publishes_one_file(regular):
    _, run, _ = regular
    assert run.returncode == 0, run.log[-3000:]
    assert len(run.files()) == 1


def test_exactly_the_expected_records_once_each_field_by_field(regular):
    site, run, _ = regular
    records = run.records()
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls))
    expected = {e["url"]: e for e in site.expected_records()}
    assert sorted(urls) == sorted(expected)
    for record in records:
        assert (record["source"], record["section"]) == ("hvg.hu", "vilag")
        for name in FIELDS:
            assert record[name] == expected[record["url"]][name], (record["url"], name)


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
    for junk in hvg.BOILERPLATE:
        assert all(junk not in r["text"] for r in run.records()), junk


def test_discovery_reads_both_feeds_and_the_section_page_once(regular):
    _, _, targets = regular
    for path in ("/robots.txt", "/rss/vilag", "/egyeb/rss", "/vilag"):
        assert targets.count(path) == 1, path
    assert not any(t.startswith("/vilag/1") for t in targets)  # no archive in a regular run


def test_never_fetches_other_sections_disallowed_or_brand_content(regular):
    site, _, targets = regular
    for path in site.never_fetch():
        assert all(t.partition("?")[0] != path for t in targets), path
    assert not any("brandcontent" in t for t in targets)


def test_one_request_per_article_and_the_failed_one_retried(regular):
    _, run, targets = regular
    for record in run.records():
        path = record["url"].removeprefix(hvg.ORIGIN)
        want = 2 if path == hvg.DAM.path else 1  # 500, then the page
        assert targets.count(path) == want, (path, targets.count(path))


def test_redirect_is_recorded_at_its_target(regular):
    _, run, targets = regular
    assert hvg.REDIRECT_FROM in targets
    assert hvg.FERRY.url in {r["url"] for r in run.records()}


def test_hostile_answers_counted_by_reason_and_logged_once(regular):
    _, run, _ = regular
    report = run.report()
    assert report["status"] == 0
    assert report["dropped"].get("not_html") == 1
    assert report["dropped"].get("truncated") == 1
    assert report["errors"].get("http_404") == 1
    assert report["errors"].get("data_loss") == 1
    assert report["errors"].get("robots_txt") == 1
    # Once by the crawler (Scrapy's retry middleware says its own "Gave up retrying").
    for path in (hvg.PDF_PATH, hvg.UNFINISHED_PATH, hvg.MISSING_PATH, hvg.CUT_PATH):
        lines = [
            line
            for line in run.log.splitlines()
            if path in line and "WARNING" in line and "[crawler." in line
        ]
        assert len(lines) == 1, (path, lines)
    assert "Traceback" not in run.log


def test_backfill_walks_the_listing_until_a_page_lists_only_older_articles(backfill):
    site, run, targets = backfill
    assert run.returncode == 0, run.log[-3000:]
    urls = sorted(r["url"] for r in run.records())
    assert urls == sorted(e["url"] for e in site.expected_records(backfill=(SINCE, UNTIL)))
    assert {hvg.BRIDGE.url, hvg.ELECTION.url} <= set(urls)  # found only through the archive
    # Listed in the archive and reached first through a listed redirect: still recorded.
    assert hvg.FERRY.url in urls
    for page in (1, 2, 3):
        assert targets.count(f"/vilag/{page}") == 1, page
    assert "/vilag/4" not in targets  # page 3 listed only older articles
    assert hvg.OLD.path not in targets  # listed in the archive, dated before the range
