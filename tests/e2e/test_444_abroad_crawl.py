"""The real ``scrapy crawl 444_abroad`` against the stand-in 444.hu, end to end."""

from __future__ import annotations

import pytest

from tests.e2e.runner import crawl
from tests.standin.p444 import (
    BOILERPLATE,
    CUT_IN_TRANSIT,
    FLAKY,
    MISSING,
    MOVED,
    PDF,
    REDIRECT_FROM,
    REPORT,
    TRUNCATED,
    P444Standin,
)
from tests.standin.server import StandinServer

SPIDER = "444_abroad"


def run_crawl(tmp_path, *args: str):
    site = P444Standin()
    with StandinServer(site) as server:
        run = crawl({"444.hu": server.base_url}, tmp_path, *args, spider=SPIDER)
        requested = [target for _method, target in server.requests]
    return site, run, requested


@pytest.fixture(scope="module")
def section_run(tmp_path_factory):
    return run_crawl(tmp_path_factory.mktemp("out"))


@pytest.fixture(scope="module")
def backfill_run(tmp_path_factory):
    return run_crawl(
        tmp_path_factory.mktemp("out"), "-a", "since=2024-05-02", "-a", "until=2024-05-02"
    )


def test_exits_zero_with_exactly_the_expected_records_once(section_run):
    site, run, _ = section_run
    assert run.returncode == 0, run.log[-3000:]
    urls = [r["url"] for r in run.records()]
    assert len(urls) == len(set(urls))
    assert sorted(urls) == sorted(e["url"] for e in site.expected_records())


def test_fields_match_the_pages(section_run):
    site, run, _ = section_run
    records = {r["url"]: r for r in run.records()}
    for expected in site.expected_records():
        record = records[expected["url"]]
        for name in ("kind", "title", "lead", "authors", "published", "tags", "text"):
            assert record[name] == expected[name], (expected["url"], name)
        assert [(p["published"], p["title"], p["text"]) for p in record["posts"]] == [
            tuple(p) for p in expected["posts"]
        ], expected["url"]
        assert (record["source"], record["section"], record["language"]) == (
            "444.hu",
            "kulfold",
            "hu",
        )


def test_no_boilerplate_in_text(section_run):
    _, run, _ = section_run
    for record in run.records():
        for junk in BOILERPLATE:
            assert junk not in record["text"], (record["url"], junk)


def test_never_fetches_other_sections_disallowed_or_reversed_pages(section_run):
    site, _, requested = section_run
    for path in site.never_fetched():
        assert path not in requested, path
    assert "/feed" in requested and "/category/kulfold" in requested


def test_live_report_pages_fetched_once_each_forward(section_run):
    _, _, requested = section_run
    assert requested.count(REPORT.path) == 1
    assert requested.count(f"{REPORT.path}?page=2") == 1


def test_redirect_recorded_at_its_target_and_retry_recovers(section_run):
    _, run, requested = section_run
    assert REDIRECT_FROM in requested
    assert MOVED.url in {r["url"] for r in run.records()}
    assert requested.count(FLAKY.path) == 2  # 500, then 200


def test_bad_pages_counted_by_reason_and_logged_once(section_run):
    _, run, _ = section_run
    report = run.report()
    assert report["status"] == 0
    assert report["dropped"].get("not_html") == 1
    assert report["dropped"].get("truncated") == 1
    assert report["errors"].get("http_404") == 1
    assert report["errors"].get("data_loss") == 1  # the transfer cut short, after retries
    assert CUT_IN_TRANSIT not in {r["url"].removeprefix("https://444.hu") for r in run.records()}
    for path in (PDF, TRUNCATED, MISSING):
        lines = [line for line in run.log.splitlines() if path in line and "WARNING" in line]
        assert len(lines) == 1, (path, lines)
    assert "Traceback" not in run.log


def test_backfill_walks_the_day_archive_and_checks_each_pages_section(backfill_run):
    site, run, requested = backfill_run
    assert run.returncode == 0, run.log[-3000:]
    urls = sorted(r["url"] for r in run.records())
    assert urls == sorted(e["url"] for e in site.expected_records(backfill=True))
    assert "/2024/05/02" in requested and "/2024/05/02?page=2" in requested
    assert "/2024/05/01" not in requested  # outside the range
    assert run.report()["dropped"].get("other_section") == 1  # the Belföld article
    for path in site.never_fetched(backfill=True):
        assert path not in requested, path
