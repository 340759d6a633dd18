"""The daily rollup (crawler.run.days) and how the run report writer keeps it."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from crawler.run import days as rollup
from crawler.run.files import run_name
from crawler.run.health import OK, OUTPUT_FAILED, Verdict, judge, report_run

KEEP_REPORTS = timedelta(days=30)


def report(started: str, records: int = 5, **more) -> dict:
    return {
        "spider": "index_abroad",
        "started": started,
        "status": 0,
        "records_written": records,
        "extracted": records + 1,
        "generic_fallback": 1,
        "judged": {"articles": 40, "failed_fetch": 1, "failed_extraction": 2, "not_ours": 0},
        "dropped": {"no_text": 2},
        "errors": {"http_500": 1},
        **more,
    }


def test_runs_are_summed_by_their_budapest_day():
    days: rollup.Days = {}
    rollup.fold(days, report("2026-12-05T10:00:00+00:00", 5))
    rollup.fold(days, report("2026-12-05T22:59:00+00:00", 7, status=2, dropped={"empty": 1}))
    # 23:30 UTC in winter is 00:30 the next day in Budapest; 22:30 UTC in summer too.
    rollup.fold(days, report("2026-12-05T23:30:00+00:00", 1))
    rollup.fold(days, report("2026-06-30T22:30:00+00:00", 1))
    assert sorted(days) == [date(2026, 7, 1), date(2026, 12, 5), date(2026, 12, 6)]
    assert days[date(2026, 12, 5)].as_json() == {
        "runs": 2,
        "records": 12,
        "extracted": 14,
        "generic_fallback": 2,
        "judged": 80,
        "statuses": {"0": 1, "2": 1},
        "dropped": {"empty": 1, "no_text": 2},
        "errors": {"http_500": 2},
    }


def test_reports_without_extracted_count_what_the_run_kept_or_found_unchanged():
    old = report("2026-12-05T10:00:00+00:00", new=3, updated=1, unchanged=4)
    del old["extracted"]
    day = rollup.Day()
    day.add(old)
    assert day.extracted == 8


def test_a_report_without_a_start_time_or_with_odd_values_does_not_break_the_rollup():
    days: rollup.Days = {}
    rollup.fold(days, {"status": 0, "records_written": 3})
    rollup.fold(days, {"started": "yesterday"})
    assert days == {}
    rollup.fold(days, {"started": "2026-12-05T10:00:00+00:00", "records_written": "7",
                       "status": None, "dropped": ["x"], "judged": 3})  # fmt: skip
    assert days[date(2026, 12, 5)].as_json()["records"] == 0
    assert days[date(2026, 12, 5)].statuses == {"unknown": 1}


def test_the_file_reads_back_and_a_damaged_one_reads_as_missing(tmp_path):
    days: rollup.Days = {}
    rollup.fold(days, report("2026-12-05T10:00:00+00:00"))
    rollup.fold(days, report("2026-12-01T10:00:00+00:00"))
    text = rollup.dumps(days)
    (tmp_path / "days.json").write_text(text)
    assert rollup.load(tmp_path) == days
    assert json.loads(text)["timezone"] == "Europe/Budapest"
    assert text.count("\n") == 4  # one line per day
    for damaged in (
        text[:-20],
        "[]",
        text.replace('"format": 1', '"format": 2'),
        text.replace('"runs": 1', '"runs": -1', 1),
        text.replace('"records": 5', '"records": true', 1),
        text.replace('"2026-12-01"', '"yesterday"'),
        text.replace('"judged": 40,', "", 1),
    ):
        (tmp_path / "days.json").write_text(damaged)
        assert rollup.load(tmp_path) is None, damaged
    (tmp_path / "days.json").unlink()
    assert rollup.load(tmp_path) is None
    assert rollup.dumps({}) == '{"format": 1, "timezone": "Europe/Budapest", "days": {}}\n'
    (tmp_path / "days.json").write_text(rollup.dumps({}))
    assert rollup.load(tmp_path) == {}


def write_report(directory: Path, body: dict | str) -> Path:
    started = datetime.fromisoformat(body["started"]) if isinstance(body, dict) else None
    name = run_name(started) if started else "2026-12-05T10-00-00-000000Z"
    path = directory / "reports" / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body if isinstance(body, str) else json.dumps(body))
    return path


def test_rebuilt_from_the_reports_on_disk_when_missing_or_damaged(tmp_path):
    write_report(tmp_path, report("2026-12-04T10:00:00+00:00", 4))
    write_report(tmp_path, report("2026-12-05T10:00:00+00:00", 5))
    write_report(tmp_path, report("2026-12-05T11:00:00+00:00", 6))
    (tmp_path / "reports" / "2026-12-05T12-00-00-000000Z.json").write_text('{"half')
    (tmp_path / "reports" / "notes.json").write_text(json.dumps(report("2026-12-05T10:00Z")))
    (tmp_path / "reports" / ".2026-12-05T13-00-00-000000Z.json.part").write_text("{}")
    assert {d: e.records for d, e in rollup.rebuild(tmp_path).items()} == {
        date(2026, 12, 4): 4,
        date(2026, 12, 5): 11,
    }
    # Missing: rebuilt, then this run added.
    rollup.record_run(tmp_path, report("2026-12-06T10:00:00+00:00", 2), keep_days=True)
    assert {d: e.runs for d, e in rollup.read(tmp_path)[0].items()} == {
        date(2026, 12, 4): 1,
        date(2026, 12, 5): 2,
        date(2026, 12, 6): 1,
    }
    # Present: this run added to it, the reports not read again.
    (tmp_path / "reports" / "2026-12-04T10-00-00-000000Z.json").unlink()
    rollup.record_run(tmp_path, report("2026-12-06T11:00:00+00:00", 3), keep_days=True)
    days, rebuilt = rollup.read(tmp_path)
    assert not rebuilt
    assert {d: e.records for d, e in days.items()} == {
        date(2026, 12, 4): 4,
        date(2026, 12, 5): 11,
        date(2026, 12, 6): 5,
    }
    # Damaged: rebuilt from the reports still there (4 December's is gone).
    (tmp_path / "days.json").write_text('{"format": 1, "days": {"2026-12-0')
    assert rollup.read(tmp_path)[1] is True
    rollup.record_run(tmp_path, report("2026-12-06T12:00:00+00:00", 1), keep_days=True)
    assert {d: e.records for d, e in rollup.read(tmp_path)[0].items()} == {
        date(2026, 12, 5): 11,
        date(2026, 12, 6): 1,
    }
    assert not list(tmp_path.glob(".*.part"))


def test_bounded_to_400_days_unless_the_clock_disagrees(tmp_path):
    first = datetime(2025, 1, 1, 10, tzinfo=UTC)
    days: rollup.Days = {}
    for n in range(500):
        rollup.fold(days, report((first + timedelta(days=n)).isoformat()))
    (tmp_path / "days.json").write_text(rollup.dumps(days))
    later = (first + timedelta(days=500)).isoformat()
    rollup.record_run(tmp_path, report(later), keep_days=False)
    assert len(rollup.read(tmp_path)[0]) == 501
    rollup.record_run(tmp_path, report(later), keep_days=True)
    kept = rollup.read(tmp_path)[0]
    assert len(kept) == rollup.DAYS_KEPT
    assert min(kept) == (first + timedelta(days=101)).date()
    assert (tmp_path / "days.json").stat().st_size < 400 * 250


def run_on(output_dir: Path, started: datetime, records: int) -> Verdict:
    """One run's report written by the real writer, dated ``started``; its file aged to
    that time, as if it had been written then."""
    stats = {
        "output/records": records,
        "articles/extracted": records,
        "extract/generic_fallback": 1 if records % 2 else 0,
        "articles/dropped/no_text": 1,
    }
    verdict = report_run(
        output_dir, "index_abroad", started, stats, Verdict(OK, None), "finished", KEEP_REPORTS
    )
    written = output_dir / "index_abroad" / "reports" / f"{run_name(started)}.json"
    os.utime(written, (started.timestamp(), started.timestamp()))
    return verdict


def test_sixty_days_of_runs_outlive_the_thirty_days_of_reports(tmp_path):
    now = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    for back in range(60, -1, -1):
        for hour in (0, 6):
            run_on(tmp_path, now - timedelta(days=back, hours=hour), records=back % 7 + 1)
    directory = tmp_path / "index_abroad"
    assert 30 <= len(list((directory / "reports").glob("*.json"))) // 2 <= 31
    days, rebuilt = rollup.read(directory)
    assert not rebuilt
    assert len(days) >= 61
    assert sum(day.runs for day in days.values()) == 122
    assert sum(day.records for day in days.values()) == 2 * sum(b % 7 + 1 for b in range(61))
    assert all(day.dropped == {"no_text": day.runs} for day in days.values())
    # The reports alone would give back only the last 30 days.
    (directory / "days.json").unlink()
    assert sum(day.runs for day in rollup.read(directory)[0].values()) <= 62


def test_a_rollup_that_cannot_be_written_is_a_report_that_could_not_be_written(tmp_path):
    (tmp_path / "index_abroad" / "days.json").mkdir(parents=True)
    stats = {
        "downloader/response_count": 3,
        "listings/fetched": 1,
        "discovery/article_links": 2,
        "finish_reason": "finished",
    }
    verdict = report_run(
        tmp_path,
        "index_abroad",
        datetime.now(UTC),
        stats,
        judge(stats, 0.5),
        "finished",
        KEEP_REPORTS,
        rejudge=lambda s: judge(s, 0.5),
    )
    assert verdict.status == OUTPUT_FAILED
    assert verdict.problem == "the run report could not be written"
    # No report claims the verdict the run no longer has.
    assert not (tmp_path / "index_abroad" / "last_run.json").exists()
