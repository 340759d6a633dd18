"""The rules of ``crawlall`` (and of ``crawl``'s shared checks) without running a crawl."""

from __future__ import annotations

import os

import pytest
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from crawler.commands.crawlall import (
    SpiderResult,
    portal_spiders,
    result_of,
    total_line,
    worst,
)
from crawler.run import health, launch
from tests.crawlers import project_settings
from tests.e2e.extra_spiders import TotalcarStandinSpider, VelvetStandinSpider


def loader(modules: str = "crawler.spiders,tests.e2e.extra_spiders") -> SpiderLoader:
    return SpiderLoader.from_settings(Settings(project_settings(SPIDER_MODULES=modules)))


def test_exit_status_is_zero_only_when_every_spider_is_healthy():
    assert worst([]) == health.OK
    assert worst([health.OK, health.OK]) == health.OK
    assert worst([health.OK, health.UNREACHABLE, health.OK]) == health.UNREACHABLE


def test_exit_status_is_the_most_urgent_by_the_documented_order():
    # Output, state (this host) > a spider that did not run > cut short > layout broke
    # > site unreachable.
    statuses = [
        health.UNREACHABLE,
        health.NO_ARTICLE_LINKS,
        health.EXTRACTION_FAILING,
        health.CUT_SHORT,
        health.NOT_STARTED,
        health.STATE_FAILED,
        health.OUTPUT_FAILED,
    ]
    for n in range(1, len(statuses) + 1):
        assert worst(statuses[:n]) == statuses[n - 1]
        assert worst(reversed(statuses[:n])) == statuses[n - 1]
    assert worst([health.EXTRACTION_FAILING, health.NO_ARTICLE_LINKS]) == (
        health.EXTRACTION_FAILING
    )


def test_a_status_the_order_does_not_know_is_never_hidden():
    assert worst([health.OUTPUT_FAILED, 99]) == 99
    assert worst([health.STATE_FAILED, 99, 98, health.UNREACHABLE]) == 99


def test_all_portal_spiders_and_only_those():
    names = [cls.name for cls in portal_spiders(loader(), [])]
    assert names == sorted(names)
    assert {"index_abroad", "velvet_standin", "divany_standin", "totalcar_standin"} <= set(names)
    assert "not_a_portal" not in names


def test_project_spiders_are_all_portal_spiders():
    names = [cls.name for cls in portal_spiders(loader("crawler.spiders"), [])]
    assert "index_abroad" in names


def test_named_spiders_in_order_once_each():
    chosen = portal_spiders(loader(), ["velvet_standin", "index_abroad", "velvet_standin"])
    assert [cls.name for cls in chosen] == ["velvet_standin", "index_abroad"]


def test_unknown_names_are_refused_together():
    with pytest.raises(launch.Refused) as refused:
        portal_spiders(loader(), ["index_abroad", "nosuch", "nor_this"])
    assert refused.value.status == 1
    assert str(refused.value).startswith("unknown spiders: nosuch, nor_this (portal spiders: ")
    assert "\n" not in str(refused.value)


def test_a_spider_that_is_not_a_portal_spider_is_refused():
    with pytest.raises(launch.Refused, match="not a portal spider: not_a_portal"):
        portal_spiders(loader(), ["not_a_portal"])


def test_no_portal_spiders_at_all_is_refused():
    with pytest.raises(launch.Refused, match="no portal spiders"):
        portal_spiders(loader("tests.crawlers"), [])


def test_backfill_check_names_every_portal_without_archive():
    with pytest.raises(launch.Refused) as refused:
        launch.check_backfill([VelvetStandinSpider, TotalcarStandinSpider], {"since": "2024-04-01"})
    assert refused.value.status == 1
    assert str(refused.value) == (
        "cannot backfill totalcar_standin: https://totalcar.hu has no date archive to backfill from"
    )
    launch.check_backfill([VelvetStandinSpider], {"since": "2024-04-01"})
    launch.check_backfill([TotalcarStandinSpider], {})  # no backfill asked: nothing to check


def test_backfill_check_refuses_bad_dates():
    with pytest.raises(launch.Refused, match="is after until"):
        launch.check_backfill([VelvetStandinSpider], {"since": "2024-05-02", "until": "2024-05-01"})


def test_lock_taken_once(tmp_path):
    fd = launch.take_lock(tmp_path)
    try:
        with pytest.raises(launch.Refused) as refused:
            launch.take_lock(tmp_path)
        assert refused.value.status == health.LOCKED
        assert str(refused.value).startswith("Another run is in progress, not starting: ")
    finally:
        os.close(fd)


def test_unwritable_output_dir_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(launch.Refused) as refused:
        launch.take_lock(blocker / "out")
    assert refused.value.status == health.OUTPUT_FAILED
    assert "is not writable" in str(refused.value)


def test_total_line_names_each_spider_status_and_problem():
    results = [
        SpiderResult("a", 0, None, 10, "a.jsonl", 1.0, None),
        SpiderResult("b", 2, "the site could not be reached", 0, None, 9.0, None),
    ]
    assert total_line(results, 2) == (
        "Total: spiders=2 healthy=1 failed=1 records=10 status=2; "
        "a=0; b=2 (the site could not be reached)"
    )


def test_a_spider_that_never_started_counts_as_not_run():
    never = Crawler(VelvetStandinSpider, Settings(project_settings()))
    result = result_of("velvet_standin", never)
    assert (result.status, result.records_written, result.output_file) == (
        health.NOT_STARTED,
        0,
        None,
    )
    assert result.problem == "the spider did not run to its end; see the log"
