"""Issue 14: pruning and archive retention never act on a clock that disagrees with what
the state already holds, and ages come from what it recorded, never from file names.
Real ``scrapy crawl`` processes, their clocks moved with faketime (skipped without it)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from crawler.archive import warc_dir
from tests.e2e.runner import Run, crawl, read_records
from tests.standin.server import StandinServer
from tests.standin.site import StandinSite, add_generated, generate_articles

SPIDER = "index_abroad"
NOT_PRUNING = "Not pruning the state nor deleting archives"


def new_articles(site: StandinSite, n: int, newest: date) -> None:
    add_generated(site, generate_articles(4, seed=70 + n, newest=newest))


def skipped(run: Run) -> list[str]:
    return [line for line in run.log.splitlines() if NOT_PRUNING in line]


def archived_pages_visible(output: Path) -> None:
    """Every published article has a state row naming a visible archive of its run."""
    db = sqlite3.connect(output / "state.sqlite3")
    rows = dict(db.execute("SELECT url, warc FROM archived WHERE spider = ?", (SPIDER,)))
    directory = warc_dir(output, SPIDER)
    for record in read_records(output):
        assert record["url"] in rows, record["url"]
        assert (directory / rows[record["url"]]).exists(), rows[record["url"]]


@pytest.mark.parametrize("history", [True, False], ids=["after_runs", "first_run"])
def test_an_archive_made_with_the_clock_behind_outlives_a_short_retention(tmp_path, history):
    site = StandinSite()
    with StandinServer(site) as server:
        if history:
            new_articles(site, 0, date(2024, 3, 1))
            assert crawl(server.base_url, tmp_path).returncode == 0
        new_articles(site, 1, date(2024, 3, 5))
        behind = crawl(server.base_url, tmp_path, clock="-3d")
        assert behind.returncode == 0, behind.log[-3000:]
        new_articles(site, 2, date(2024, 3, 9))
        after = crawl(server.base_url, tmp_path, ARCHIVE_RETENTION_DAYS="1")
    assert after.returncode == 0, after.log[-3000:]
    archives = list(warc_dir(tmp_path, SPIDER).glob("*.warc.gz"))
    assert len(archives) == 2 + history  # none deleted: none is a day old
    archived_pages_visible(tmp_path)
    assert len(read_records(tmp_path)) == 4 * (2 + history)
    if history:
        # Behind the newest run: it pruned nothing, and said so once. The run after it
        # agrees with the state and prunes, by the ages the state recorded.
        [line] = skipped(behind)
        assert "WARNING" in line and "3.0 days behind the newest run" in line
        assert skipped(after) == []
    else:
        # Nothing to judge the first clock by; the next one disagrees with it by 3 days.
        assert skipped(behind) == []
        [line] = skipped(after)
        assert "3.0 days ahead of the newest run" in line
        assert "more than STATE_CLOCK_MAX_AHEAD_HOURS allows" in line


def test_a_run_with_the_clock_a_year_ahead_prunes_nothing_and_nothing_is_emitted_twice(
    tmp_path,
):
    retention = {"STATE_RETENTION_DAYS": "30", "ARCHIVE_RETENTION_DAYS": "30"}
    site = StandinSite()
    articles = generate_articles(10, seed=80)
    add_generated(site, articles)
    db = tmp_path / "state.sqlite3"

    def rows() -> int:
        with sqlite3.connect(db) as connection:
            return connection.execute("SELECT count(*) FROM published").fetchone()[0]

    with StandinServer(site) as server:
        first = crawl(server.base_url, tmp_path, **retention)
        assert first.returncode == 0 and rows() == 10, first.log[-3000:]
        [archive] = warc_dir(tmp_path, SPIDER).glob("*.warc.gz")
        # The listings stop linking half of them for a while.
        hidden = {a.path for a in articles[5:]} | {a.url for a in articles[5:]}
        links, feed = list(site.section_links), list(site.feed_items)
        site.section_links[:] = [link for link in links if link.href not in hidden]
        site.feed_items[:] = [item for item in feed if item.link not in hidden]
        ahead = crawl(server.base_url, tmp_path, clock="+365d", **retention)
        assert ahead.returncode == 0, ahead.log[-3000:]
        assert rows() == 10 and archive.exists()  # nothing pruned, nothing deleted
        # Nor the run reports (REPORT_RETENTION_DAYS is 30): both runs' are there.
        assert len(list((tmp_path / SPIDER / "reports").glob("*.json"))) == 2
        [line] = skipped(ahead)
        assert "days ahead of the newest run" in line
        # They are listed again; a run at the true time emits nothing twice.
        site.section_links[:], site.feed_items[:] = links, feed
        later = crawl(server.base_url, tmp_path, **retention)
    assert later.returncode == 0, later.log[-3000:]
    assert later.report()["new"] == 0
    urls = [r["url"] for r in read_records(tmp_path)]
    assert sorted(urls) == sorted(a.url for a in articles)
    assert rows() == 10 and archive.exists()
    # The year-ahead run moved the state's time on by a day at most: the true clock is
    # now behind it, so this run too leaves everything in place, and says so once.
    [line] = skipped(later)
    assert "behind the newest run" in line
