"""The real ``scrapy crawl index_abroad`` against the stand-in section, end to end."""

from __future__ import annotations

import pytest

from tests.e2e.runner import crawl
from tests.standin.server import StandinServer
from tests.standin.site import (
    EMPTY_PATH,
    FERRY_STRIKE,
    FOUR_DAY_WEEK,
    MISSING_PATH,
    PDF_PATH,
    REDIRECT_FROM,
    TRUNCATED_PATH,
    default_site,
)


@pytest.fixture(scope="module")
def section_run(tmp_path_factory):
    site = default_site()
    with StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path_factory.mktemp("out"))
        requests = list(server.requests)
    return site, run, requests


def requested_paths(requests):
    return [target for _method, target in requests]


def test_exits_zero_and_publishes_one_file(section_run):
    _, run, _ = section_run
    assert run.returncode == 0, run.log[-3000:]
    assert len(run.files()) == 1
    assert not list(run.output_dir.rglob("*.part"))


def test_exactly_the_expected_articles_once(section_run):
    site, run, _ = section_run
    urls = [r["url"] for r in run.records()]
    assert len(urls) == len(set(urls))
    assert sorted(urls) == sorted(e["url"] for e in site.expected_records())


def test_fields_match_the_pages(section_run):
    site, run, _ = section_run
    records = {r["url"]: r for r in run.records()}
    for expected in site.expected_records():
        record = records[expected["url"]]
        for name in ("kind", "title", "lead", "authors", "published", "tags", "image"):
            assert record[name] == expected[name], (expected["url"], name)
        assert record["language"] == expected["language"], expected["url"]
        assert record["source"] == "index.hu" and record["section"] == "kulfold"
        if expected["kind"] == "article":
            assert record["text"] == "\n\n".join(expected["text_paragraphs"]), expected["url"]
            assert record["posts"] == []


def test_live_blog_has_every_post_of_every_page_in_order(section_run):
    site, run, _ = section_run
    records = {r["url"]: r for r in run.records()}
    blogs = [e for e in site.expected_records() if e["kind"] == "liveblog"]
    assert blogs, "the stand-in has a live blog"
    for expected in blogs:
        record = records[expected["url"]]
        assert [p["title"] for p in record["posts"]] == [p["title"] for p in expected["posts"]]
        assert [p["published"] for p in record["posts"]] == [
            p["published"] for p in expected["posts"]
        ]
        assert [p["text"] for p in record["posts"]] == [
            "\n\n".join(p["paragraphs"]) for p in expected["posts"]
        ]
        # As read: each post's title is its own paragraph right before the post's text.
        blocks = [b for p in record["posts"] for b in (p["title"], p["text"]) if b]
        assert record["text"] == "\n\n".join(blocks)


def test_two_page_article_is_merged(section_run):
    site, run, _ = section_run
    multi = [e for e in site.expected_records() if e["url"].endswith("/")]
    records = {r["url"]: r for r in run.records()}
    pages = [p for p in site.items if getattr(site.items[p], "page_count", 1) > 1]
    assert pages, "the stand-in has a multi-page article"
    for path in pages:
        expected = next(e for e in multi if e["url"] == site.url(path))
        assert records[site.url(path)]["text"] == "\n\n".join(expected["text_paragraphs"])


def test_no_boilerplate_in_text(section_run):
    site, run, _ = section_run
    for record in run.records():
        for junk in site.boilerplate_strings():
            assert junk not in record["text"], (record["url"], junk)


def test_never_fetches_other_sections_hosts_or_disallowed(section_run):
    site, _, requests = section_run
    targets = requested_paths(requests)
    for path in site.never_fetch_paths():
        assert path not in targets, path
    assert all(t.startswith("/") for t in targets)  # nothing but the stand-in origin


def test_one_request_per_article(section_run):
    site, _, requests = section_run
    targets = requested_paths(requests)
    for expected in site.expected_records():
        path = expected["url"].removeprefix("https://index.hu")
        want = 2 if path == FOUR_DAY_WEEK.path else 1  # 503 then 200: one retry
        assert targets.count(path) == want, (path, targets.count(path))


def test_redirect_followed_and_recorded_at_its_target(section_run):
    _, run, requests = section_run
    assert REDIRECT_FROM in requested_paths(requests)
    assert FERRY_STRIKE.url in {r["url"] for r in run.records()}


def test_bad_pages_counted_by_reason_and_logged_once(section_run):
    _, run, _ = section_run
    report = run.report()
    assert report["status"] == 0
    assert report["dropped"].get("not_html") == 1
    assert report["dropped"].get("empty") == 1
    assert report["dropped"].get("truncated") == 1
    assert report["errors"].get("http_404") == 1
    for path in (PDF_PATH, EMPTY_PATH, TRUNCATED_PATH, MISSING_PATH):
        lines = [line for line in run.log.splitlines() if path in line and "WARNING" in line]
        assert len(lines) == 1, (path, lines)
    assert "Traceback" not in run.log


def test_summary_line(section_run):
    _, run, _ = section_run
    summaries = [line for line in run.log.splitlines() if "Run summary:" in line]
    assert len(summaries) == 1
    assert f"new={len(run.records())}" in summaries[0]
