"""What an operator reads after a healthy cron run with nothing new: a few lines and the
summary, at every level up to WARNING; Scrapy's stats dump and component lists only at
DEBUG, the stats in the run's report. Real ``scrapy crawl`` and ``scrapy crawlall``
processes over the same stand-in, a first run then runs that find nothing new."""

from __future__ import annotations

import json
import re

import pytest

from crawler.run.health import OK
from tests.e2e.runner import crawl
from tests.e2e.test_crawlall import crawlall
from tests.standin.server import StandinServer
from tests.standin.site import default_site

MAX_LINES = 30  # issue 17: "at most ~30 lines at the default level"
# Scrapy's details, shown at DEBUG only (crawler.run.quietlog.DETAILS).
DETAILS = (
    "Dumping Scrapy stats:",
    "Enabled extensions:",
    "Enabled downloader middlewares:",
    "Enabled spider middlewares:",
    "Enabled item pipelines:",
    "Enabled addons:",
    "Overridden settings:",
    "Versions:",
)
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[[\w.]+\] (DEBUG|INFO|WARNING|ERROR): ")


def log_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def quiet_runs(tmp_path_factory):
    """``{level: (crawl run, crawlall run)}`` over one output directory: each a run with
    nothing new (an earlier run published everything)."""
    out = tmp_path_factory.mktemp("quiet")
    site = default_site()
    runs = {}
    with StandinServer(site) as server:
        first = crawl(server.base_url, out)
        assert first.returncode == OK, first.log[-3000:]
        for level in ("INFO", "WARNING", "DEBUG"):
            one = crawl(server.base_url, out, LOG_LEVEL=level)
            every = crawlall({"index.hu": server.base_url}, out, "index_abroad", LOG_LEVEL=level)
            runs[level] = (one, every)
    return runs


def test_a_healthy_run_with_nothing_new_is_a_few_lines_and_its_summary(quiet_runs):
    run, _ = quiet_runs["INFO"]
    assert run.returncode == OK, run.log[-3000:]
    assert run.report()["new"] == 0 and run.files() and len(run.files()) == 1
    lines = log_lines(run.log)
    assert len(lines) <= MAX_LINES, run.log
    assert all(LOG_LINE.match(line) for line in lines), run.log  # no multi-line dumps
    [summary] = [line for line in lines if "Run summary:" in line]
    assert " INFO: Run summary: spider=index_abroad " in summary and "status=0" in summary
    for detail in DETAILS:
        assert detail not in run.log, detail
    assert "Crawled 0 pages" not in run.log  # LogStats' rate line: DEBUG
    assert "Progress:" not in run.log  # shorter than PROGRESS_AFTER: no progress line


def test_the_stats_go_to_the_report(quiet_runs):
    run, _ = quiet_runs["INFO"]
    report = run.report()
    stats = report["stats"]
    assert stats["articles/found"] == report["found"] > 0
    assert stats["state/skipped_seen"] == report["skipped_seen"]
    assert stats["finish_reason"] == "finished"
    assert isinstance(stats["start_time"], str) and stats["start_time"].startswith("20")
    assert stats == json.loads(json.dumps(stats))  # plain JSON values


def test_warning_keeps_the_summary_line(quiet_runs):
    run, every = quiet_runs["WARNING"]
    assert run.returncode == OK and every.returncode == OK
    [summary] = log_lines(run.log)
    assert " INFO: Run summary: spider=index_abroad " in summary and "status=0" in summary
    summary, total = log_lines(every.log)
    assert "Run summary: spider=index_abroad " in summary
    assert " INFO: Total: spiders=1 healthy=1 failed=0 records=0 status=0" in total


def test_debug_shows_scrapy_s_details(quiet_runs):
    run, every = quiet_runs["DEBUG"]
    assert run.returncode == OK and every.returncode == OK
    for log in (run.log, every.log):
        for detail in DETAILS:
            assert f"DEBUG: {detail}" in log, detail
        assert "'articles/found': " in log  # the dump itself
        assert "Run summary:" in log


def test_crawlall_with_nothing_new_is_a_few_lines_and_its_total(quiet_runs):
    _, every = quiet_runs["INFO"]
    assert every.returncode == OK, every.log[-3000:]
    lines = log_lines(every.log)
    assert len(lines) <= MAX_LINES, every.log
    assert all(LOG_LINE.match(line) for line in lines), every.log
    assert len(every.lines("Run summary:")) == 1
    [total] = every.lines("Total:")
    assert " INFO: Total: spiders=1 healthy=1 failed=0 records=0 status=0" in total
    for detail in DETAILS:
        assert detail not in every.log, detail
