"""crawler.run.progress: when a line is due, what it says, the plain-loop API, and when a
bar is shown. Time is a fake clock here, except for :class:`Progress`, whose thread the
tests wait on through the line it logs."""

from __future__ import annotations

import io
import logging
import threading

import pytest
from scrapy.settings import Settings

from crawler.run.progress import (
    Progress,
    Reporter,
    Snapshot,
    crawl_snapshot,
    duration,
    reextract_snapshot,
    wants_bar,
)

WAIT = 30.0  # seconds; a safety net only: each wait ends on a logged line


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Lines(logging.Handler):
    """The progress lines logged, and an event per line for a test to wait on."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.logged = threading.Condition()

    def emit(self, record: logging.LogRecord) -> None:
        with self.logged:
            self.lines.append(record.getMessage())
            self.logged.notify_all()

    def wait(self, count: int) -> list[str]:
        with self.logged:
            assert self.logged.wait_for(lambda: len(self.lines) >= count, WAIT), self.lines
            return list(self.lines)


@pytest.fixture
def lines():
    handler = Lines()
    logger = logging.getLogger("crawler.run.progress")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def snapshot(done: int, total: int | None = 100) -> Snapshot:
    return Snapshot(done, total, (("articles", f"{done}/{total}"),))


def test_no_line_before_after_then_one_each_interval(lines):
    clock = Clock()
    reporter = Reporter("spider=x", interval=30, after=60, bar=False, clock=clock)
    for second in range(1, 151):
        clock.now += 1
        reporter.tick(snapshot(second // 3))
    # At 60 s, 90 s, 120 s and 150 s: a run shorter than a minute logs none.
    assert len(lines.lines) == 4
    assert [line.rsplit("elapsed=", 1)[1] for line in lines.lines] == [
        "1m00s",
        "1m30s",
        "2m00s",
        "2m30s",
    ]


def test_a_stalled_loop_gets_one_late_line_not_a_burst(lines):
    clock = Clock()
    reporter = Reporter("x", interval=30, after=0, bar=False, clock=clock)
    clock.now += 1
    reporter.tick(snapshot(1))
    clock.now += 200  # the reactor was busy for minutes
    reporter.tick(snapshot(2))
    clock.now += 1
    reporter.tick(snapshot(3))
    assert len(lines.lines) == 2


def test_the_line_says_rate_and_eta_over_the_last_minute():
    clock = Clock()
    reporter = Reporter("spider=index_abroad", interval=30, after=0, bar=False, clock=clock)
    for second in range(1, 121):  # 1/s for the first minute, then 2/s
        clock.now += 1
        done = second if second <= 60 else 60 + 2 * (second - 60)
        reporter.tick(snapshot(done, total=400))
    line = reporter.line(snapshot(180, total=400))
    # 220 left at 2/s: 1m50s.
    assert line == (
        "Progress: spider=index_abroad articles=180/400 rate=2.0/s eta=1m50s elapsed=2m00s"
    )


def test_no_eta_without_a_rate_or_a_total():
    clock = Clock()
    reporter = Reporter("x", interval=30, after=0, bar=False, clock=clock)
    clock.now += 5
    reporter.tick(snapshot(0))
    assert "eta=" not in reporter.line(snapshot(0))
    reporter.tick(Snapshot(5, None, (("records", "5"),)))
    assert "eta=" not in reporter.line(Snapshot(5, None, (("records", "5"),)))


def test_durations():
    assert [duration(s) for s in (0, 45, 190, 7500, -3)] == ["0s", "45s", "3m10s", "2h05m", "0s"]


def test_a_backfill_line_counts_days_and_extrapolates_its_total():
    stats = {
        "backfill/days": 30,
        "backfill/days_listed": 10,
        "listings/fetched": 40,
        "articles/found": 300,
        "articles/downloaded": 200,
        "articles/fetch_failed/http_404": 5,
        "state/skipped_seen": 20,
        "item_scraped_count": 190,
    }
    got = crawl_snapshot(stats)
    assert got.fields == (
        ("days", "10/30"),
        ("pages", "40"),
        ("articles", "225/300"),
        ("records", "190"),
    )
    assert (got.done, got.total) == (225, 900)  # 30 a day listed so far, 30 days
    regular = crawl_snapshot({"articles/found": 10, "articles/downloaded": 4})
    assert [key for key, _ in regular.fields] == ["pages", "articles", "records"]
    assert (regular.done, regular.total) == (4, 10)


def test_a_reextraction_line():
    reading = reextract_snapshot(
        {"archives": 4, "bytes": 1000, "bytes_read": 250, "articles": 20, "deferred": 5}
    )
    assert reading.fields == (
        ("archives", "0/4"),
        ("read", "25%"),
        ("articles", "20/100"),
        ("records", "0"),
    )
    planned = reextract_snapshot(
        {
            "archives": 4,
            "archives_done": 1,
            "bytes": 1000,
            "bytes_read": 1000,
            "articles": 90,
            "records": 80,
            "round_one": 70,
            "round_two": 30,
        }
    )
    assert (planned.done, planned.total) == (90, 100)
    assert dict(planned.fields)["archives"] == "1/4"


def test_a_plain_loop_reports_through_progress(lines):
    progress = Progress("export", total=10, unit="records", interval=0.01, after=0, bar=False)
    with progress:
        progress.show(files="1/2")
        progress.advance(3)
        progress.advance()
        first = lines.wait(1)[0]
        while "records=4/10" not in lines.lines[-1]:
            lines.wait(len(lines.lines) + 1)
    assert first.startswith("Progress: export ")
    last = lines.lines[-1]
    assert last.startswith("Progress: export files=1/2 records=4/10 rate=")
    assert " eta=" in last and " elapsed=" in last
    assert progress.done == 4 and progress.ticker is None  # closed: its thread stopped
    logged = len(lines.lines)
    progress.close()  # twice is harmless
    assert len(lines.lines) == logged


def test_a_plain_loop_without_a_total_counts_only():
    progress = Progress("export", unit="records", interval=0)  # progress off
    progress.advance(7)
    assert progress.reporter is None and progress.ticker is None
    assert progress.snapshot().fields == (("records", "7"),)
    out = io.StringIO()
    progress.write("a line of the command's own", out)
    assert out.getvalue() == "a line of the command's own\n"
    progress.close()


def test_progress_from_settings_reads_the_interval():
    off = Progress.from_settings(Settings({"PROGRESS_INTERVAL": 0}), "export")
    assert off.reporter is None
    on = Progress.from_settings(
        Settings({"PROGRESS_INTERVAL": 5, "PROGRESS_AFTER": 7, "PROGRESS_BAR": True}),
        "export",
        unit="records",
        stream=io.StringIO(),
    )
    try:
        assert on.reporter is not None
        assert (on.reporter.interval, on.reporter.after, on.reporter.bar) == (5, 7, None)
    finally:
        on.close()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_only_on_a_terminal_and_never_with_a_log_file(monkeypatch):
    monkeypatch.setenv("TERM", "xterm")
    on = Settings({"PROGRESS_BAR": True})
    assert wants_bar(on, Terminal())
    assert not wants_bar(on, io.StringIO())  # cron's file, a pipe, the journal
    assert not wants_bar(Settings({"PROGRESS_BAR": False}), Terminal())
    assert not wants_bar(Settings({"PROGRESS_BAR": True, "LOG_FILE": "run.log"}), Terminal())
    monkeypatch.setenv("TERM", "dumb")
    assert not wants_bar(on, Terminal())


def test_a_bar_shows_the_count_and_the_other_fields(lines):
    screen = Terminal()
    clock = Clock()
    reporter = Reporter(
        "x", interval=30, after=0, bar=True, title="export", stream=screen, clock=clock
    )
    clock.now += 1
    reporter.tick(Snapshot(40, 100, (("files", "1/2"), ("records", "40/100")), "records"))
    reporter.write("above the bar", screen)
    reporter.close(Snapshot(100, 100, (("files", "2/2"), ("records", "100/100")), "records"))
    shown = screen.getvalue()
    assert "export:  40%|" in shown and "40/100" in shown and "files=1/2" in shown
    assert "export: 100%|" in shown and "files=2/2" in shown
    assert "above the bar\n" in shown
    assert lines.lines == []  # a bar instead of the lines
