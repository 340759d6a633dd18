"""Synthetic run history: spider directories with a ``days.json`` and a ``last_run.json``
as the run report writer leaves them, for days no test can wait for."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.record.times import BUDAPEST
from crawler.run import days as rollup


def today() -> date:
    return datetime.now(BUDAPEST).date()


def series(
    per_day: int, count: int, *, end: date | None = None, overrides: Mapping[int, int] = {}
) -> dict[date, int]:
    """``count`` days of ``per_day`` records ending ``end`` (default: today);
    ``overrides`` by days back from ``end`` (0 is ``end``, 1 the day before)."""
    last = end or today()
    return {last - timedelta(days=back): overrides.get(back, per_day) for back in range(count)}


def day_entry(records: int, *, runs: int = 72, failures: int = 0, generic: int = 0) -> rollup.Day:
    return rollup.Day(
        runs=runs,
        records=records,
        extracted=records + 2,
        generic_fallback=generic,
        judged=runs * 40,
        statuses={"0": runs - 1, "2": 1} if failures else {"0": runs},
        dropped={"no_text": failures, "other_section": 1} if failures else {},
        errors={"http_500": failures, "timeout": 1} if failures else {},
    )


def write_portal(
    output_dir: Path,
    name: str,
    records: Mapping[date, int],
    *,
    status: int = 0,
    problem: str | None = None,
    finished: datetime | None = None,
    failures: int = 0,
    generic: int = 0,
) -> Path:
    directory = output_dir / name
    directory.mkdir(parents=True, exist_ok=True)
    days = {
        day: day_entry(count, failures=failures if day.day % 3 == 0 else 0, generic=generic)
        for day, count in records.items()
    }
    (directory / rollup.DAYS_FILE).write_text(rollup.dumps(days), encoding="utf-8")
    last = finished or datetime.now(UTC) - timedelta(minutes=7)
    write_last_run(directory, status=status, problem=problem, finished=last)
    return directory


def write_last_run(
    directory: Path, *, status: int = 0, problem: str | None = None, finished: datetime
) -> None:
    report: dict[str, Any] = {
        "spider": directory.name,
        "started": (finished - timedelta(seconds=40)).isoformat(),
        "finished": finished.isoformat(timespec="seconds"),
        "finish_reason": "finished",
        "status": status,
        "problem": problem,
        "records_written": 3,
    }
    (directory / "last_run.json").write_text(json.dumps(report), encoding="utf-8")
