"""The real ``scrapy crawl 24hu_abroad`` against the 24.hu stand-in: what only 24.hu does.
What every portal does is asked in :mod:`tests.e2e.test_portal_contract`."""

from __future__ import annotations

import pytest

SPIDER = "24hu_abroad"
pytestmark = pytest.mark.xdist_group(SPIDER)


@pytest.fixture(scope="module")
def regular(portal_runs):
    done = portal_runs.regular(SPIDER)
    return done.site, done.run, done.targets


@pytest.fixture(scope="module")
def backfill(portal_runs):
    done = portal_runs.backfill(SPIDER)
    return done.site, done.run, done.targets


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


def test_backfill_reads_the_archives_of_the_range(backfill):
    _, run, targets = backfill
    assert run.returncode == 0, run.log[-3000:]
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
    # Page 4 of April, and April's articles before the 10th (listed on page 3), never:
    # the contract's backfill test asks for the site's never_fetch_paths().
