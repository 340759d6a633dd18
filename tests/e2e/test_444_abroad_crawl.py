"""The real ``scrapy crawl 444_abroad`` against the stand-in 444.hu: what only 444 does.
What every portal does is asked in :mod:`tests.e2e.test_portal_contract`."""

from __future__ import annotations

import pytest

from tests.standin.p444 import REPORT

SPIDER = "444_abroad"
pytestmark = pytest.mark.xdist_group(SPIDER)


@pytest.fixture(scope="module")
def section_run(portal_runs):
    done = portal_runs.regular(SPIDER)
    return done.site, done.run, done.targets


@pytest.fixture(scope="module")
def backfill_run(portal_runs):  # -a since=2024-05-02 -a until=2024-05-02
    done = portal_runs.backfill(SPIDER)
    return done.site, done.run, done.targets


def test_discovery_reads_the_site_feed_and_the_category_page(section_run):
    _, _, requested = section_run
    assert "/feed" in requested and "/category/kulfold" in requested


def test_live_report_pages_fetched_once_each_forward(section_run):
    _, _, requested = section_run
    assert requested.count(REPORT.path) == 1
    assert requested.count(f"{REPORT.path}?page=2") == 1


def test_backfill_walks_the_day_archive_and_checks_each_pages_section(backfill_run):
    _, run, requested = backfill_run
    assert run.returncode == 0, run.log[-3000:]
    assert "/2024/05/02" in requested and "/2024/05/02?page=2" in requested
    assert "/2024/05/01" not in requested  # outside the range
    assert run.report()["dropped"].get("other_section") == 1  # the Belföld article
