"""The real ``scrapy crawl 24hu_abroad`` against the 24.hu stand-in, end to end."""

from __future__ import annotations

import pytest

from tests.e2e.runner import crawl
from tests.standin.p24 import (
    BACKFILL,
    CUT_IN_TRANSIT,
    FLAKY,
    MISSING,
    PDF_PATH,
    REDIRECT_FROM,
    TRUNCATED,
    P24Standin,
)
from tests.standin.server import StandinServer

SPIDER = "24hu_abroad"
FIELDS = ("kind", "title", "lead", "authors", "published", "tags", "text", "posts")


def run_against(tmp_path_factory, *args: str):
    site = P24Standin()
    with StandinServer(site) as server:  # type: ignore[arg-type]  # any object with resolve()
        out = tmp_path_factory.mktemp("out")
        run = crawl({"24.hu": server.base_url}, out, *args, spider=SPIDER)
        targets = server.paths()
    return site, run, targets


@pytest.fixture(scope="module")
def regular(tmp_path_factory):
    return run_against(tmp_path_factory)


@pytest.fixture(scope="module")
def backfill(tmp_path_factory):
    since, until = BACKFILL
    return run_against(tmp_path_factory, "-a", f"since={since}", "-a", f"until={until}")


def check_records(site, run, expected):
    assert run.returncode == 0, run.log[-3000:]
    records = run.records()
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)), "an article twice"
    assert sorted(urls) == sorted(e["url"] for e in expected)
    by_url = {r["url"]: r for r in records}
    for want in expected:
        got = by_url[want["url"]]
        assert (got["source"], got["section"], got["language"]) == ("24.hu", "kulfold", "hu")
        for name in FIELDS:
            assert got[name] == want[name], (want["url"], name)


def test_regular_run_records_exactly_the_listed_articles(regular):
    site, run, _ = regular
    check_records(site, run, site.expected_records())
    assert len(run.files()) == 1


def test_live_blog_pages_read_newest_to_oldest_once_each(regular):
    site, run, targets = regular
    blog = site.blog.path
    assert [t for t in targets if t.startswith(blog)] == [blog, f"{blog}2/", f"{blog}1/"]
    record = next(r for r in run.records() if r["kind"] == "liveblog")
    assert [p["published"] for p in record["posts"]] == [
        "2024-05-04T00:20:00+02:00",  # after midnight: the next day
        "2024-05-03T23:55:00+02:00",
        "2024-05-03T23:10:00+02:00",
        None,  # "Frissítés": no clock time
        "2024-05-03T22:45:00+02:00",
        "2024-05-03T22:38:00+02:00",
    ]


def test_no_boilerplate_in_any_text(regular):
    site, run, _ = regular
    for record in run.records():
        for junk in site.boilerplate():
            assert junk not in record["text"], (record["url"], junk)


def test_never_fetches_what_it_must_not(regular):
    site, _, targets = regular
    for path in site.never_fetch_paths():
        assert path not in targets, path
    assert all(t.startswith("/") for t in targets)


def test_each_article_fetched_once_the_flaky_one_twice(regular):
    site, _, targets = regular
    for expected in site.expected_records():
        path = expected["url"].removeprefix("https://24.hu")
        assert targets.count(path) == (2 if path == FLAKY else 1), path


def test_redirect_recorded_at_its_target(regular):
    _, run, targets = regular
    assert REDIRECT_FROM in targets
    assert "https://24.hu/kulfold/2024/05/03/uj-cim/" in {r["url"] for r in run.records()}


def test_hostile_pages_counted_by_reason_and_logged_once(regular):
    _, run, targets = regular
    report = run.report()
    assert report["status"] == 0
    assert report["dropped"] == {"not_html": 1, "truncated": 1}
    assert report["errors"] == {"http_404": 1, "data_loss": 1, "robots_txt": 1}
    assert targets.count(CUT_IN_TRANSIT) == 3  # cut every time: retried twice, then given up
    for path in (PDF_PATH, TRUNCATED, MISSING, CUT_IN_TRANSIT):
        # The crawl's own line (Scrapy's retry middleware adds its "Gave up retrying").
        lines = [
            line
            for line in run.log.splitlines()
            if path in line and "WARNING" in line and "[crawler." in line
        ]
        assert len(lines) == 1, (path, lines)
    assert "Traceback" not in run.log


def test_backfill_reads_the_archives_of_the_range(backfill):
    site, run, targets = backfill
    check_records(site, run, site.expected_records(backfill=BACKFILL))
    # April is read to its end: its month archive, walked until a page is older than the
    # 10th; May is cut on the 2nd: its day listings, each walked to its last page.
    for path in (
        "/kulfold/2024/04/",
        "/kulfold/2024/04/page/2/",
        "/kulfold/2024/04/page/3/",
        "/kulfold/2024/05/02/",
        "/kulfold/2024/05/02/page/2/",
        "/kulfold/2024/05/01/",
    ):
        assert targets.count(path) == 1, path
    assert not [t for t in targets if t.startswith(("/kulfold/2024/03/", "/kulfold/2024/05/03/p"))]
    # Page 4 of April, and April's articles before the 10th (listed on page 3), never.
    for path in site.never_fetch_paths():
        assert path not in targets, path
    report = run.report()
    assert report["status"] == 0
