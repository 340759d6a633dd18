"""A spider's runs day by day: the rollup the run dashboard reads (``scrapy report``).

Per-run reports are kept only ``REPORT_RETENTION_DAYS`` (and grow with every field a run
reports), while the dashboard plots 60 days and its stale rule looks 28 days further back.
So the run report writer (:func:`crawler.run.health.report_run`) also folds each run into
``OUTPUT_DIR/<spider>/days.json``: one entry per **Budapest calendar day** (the day the run
started, Europe/Budapest: the portals publish by their own day, and a cron day starts at
local midnight), holding sums over that day's runs. The file is replaced whole
(:func:`~crawler.run.files.write_atomically`), keeps :data:`DAYS_KEPT` days behind the
newest run's day, and is rebuilt from the per-run reports still present when it is
missing or cannot be read.

No settings are read: the writer passes the spider's directory and the report.

    {"format": 1, "timezone": "Europe/Budapest", "days": {
      "2026-12-05": {"runs": 96, "records": 41, "extracted": 44, "generic_fallback": 0,
                     "judged": 4310, "statuses": {"0": 95, "2": 1},
                     "dropped": {"no_text": 2}, "errors": {"http_500": 3}}}}

``records`` published records (``records_written``), ``extracted`` articles extracted into
a record (published, unchanged or dropped by a pipeline: the share of generic fallbacks is
taken of these), ``judged`` the articles the verdicts judged (each run judges the section
as it stands, so this is a sum over runs), ``statuses`` runs by exit status, ``dropped``
and ``errors`` the reports' counts by reason, summed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.record.times import BUDAPEST
from crawler.run.files import run_started, write_atomically

DAYS_FILE = "days.json"
FORMAT = 1
# A year and a month: last year's same week stays comparable. About 200 bytes a day.
DAYS_KEPT = 400


@dataclass
class Day:
    runs: int = 0
    records: int = 0
    extracted: int = 0
    generic_fallback: int = 0
    judged: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    def add(self, report: Mapping[str, Any]) -> None:
        """Add one run's report."""
        self.runs += 1
        self.records += _count(report.get("records_written"))
        self.extracted += _extracted(report)
        self.generic_fallback += _count(report.get("generic_fallback"))
        judged = report.get("judged")
        self.judged += _count(judged.get("articles")) if isinstance(judged, Mapping) else 0
        status = report.get("status")
        _add_to(self.statuses, {str(status) if isinstance(status, int) else "unknown": 1})
        _add_to(self.dropped, report.get("dropped"))
        _add_to(self.errors, report.get("errors"))

    def as_json(self) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "records": self.records,
            "extracted": self.extracted,
            "generic_fallback": self.generic_fallback,
            "judged": self.judged,
            "statuses": dict(sorted(self.statuses.items())),
            "dropped": dict(sorted(self.dropped.items())),
            "errors": dict(sorted(self.errors.items())),
        }

    @classmethod
    def from_json(cls, value: Any) -> Day:
        """Raises ValueError unless ``value`` is what :meth:`as_json` writes."""
        if not isinstance(value, dict):
            raise ValueError("a day is not an object")
        numbers = ("runs", "records", "extracted", "generic_fallback", "judged")
        counts = ("statuses", "dropped", "errors")
        if set(value) != {*numbers, *counts}:
            raise ValueError(f"a day has the fields {sorted(value)}")
        for name in numbers:
            _check_count(value[name])
        for name in counts:
            if not isinstance(value[name], dict):
                raise ValueError(f"{name} is not an object")
            for count in value[name].values():
                _check_count(count)
        return cls(**{name: value[name] for name in numbers}, **{n: dict(value[n]) for n in counts})


Days = dict[date, Day]


def day_of(report: Mapping[str, Any]) -> date | None:
    """The Budapest day the run started; None when the report says no readable time."""
    started = report.get("started")
    if not isinstance(started, str):
        return None
    try:
        when = datetime.fromisoformat(started)
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return when.astimezone(BUDAPEST).date()


def fold(days: Days, report: Mapping[str, Any]) -> None:
    """Add one run's report to its day (a report without a start time is left out)."""
    day = day_of(report)
    if day is not None:
        days.setdefault(day, Day()).add(report)


def trim(days: Days, newest: date) -> None:
    """Forget the days more than :data:`DAYS_KEPT` before ``newest``."""
    oldest = newest - timedelta(days=DAYS_KEPT - 1)
    for day in [d for d in days if d < oldest]:
        del days[day]


def rebuild(directory: Path) -> Days:
    """The rollup from the per-run reports in ``directory/reports`` (unreadable ones and
    files not named like a run are left out)."""
    days: Days = {}
    for path in sorted((directory / "reports").glob("*.json")):
        if run_started(path.stem) is None:
            continue
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(report, dict):
            fold(days, report)
    return days


def load(directory: Path) -> Days | None:
    """The rollup in ``directory/days.json``; None when it is missing or damaged."""
    try:
        data = json.loads((directory / DAYS_FILE).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        entries = data["days"]
        if not isinstance(entries, dict):
            return None
        return {date.fromisoformat(day): Day.from_json(entry) for day, entry in entries.items()}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def read(directory: Path) -> tuple[Days, bool]:
    """The spider's days, and whether they had to be rebuilt from its reports (read only:
    a rebuilt rollup is written by the spider's next run)."""
    days = load(directory)
    if days is not None:
        return days, False
    return rebuild(directory), True


def record_run(directory: Path, report: Mapping[str, Any], *, keep_days: bool) -> None:
    """Fold ``report`` into ``directory/days.json`` (rebuilt first from the reports on disk
    when missing or damaged), written atomically. Called before the run's own report is
    written, so a rebuild never counts it twice. ``keep_days``: trim to
    :data:`DAYS_KEPT` days behind this run's day; false when the run's clock disagrees with
    the state's (a wrong clock must not forget a year). Raises OSError when it cannot be
    written."""
    days, _ = read(directory)
    fold(days, report)
    day = day_of(report)
    if keep_days and day is not None:
        trim(days, day)
    directory.mkdir(parents=True, exist_ok=True)
    write_atomically(directory / DAYS_FILE, dumps(days))


def dumps(days: Days) -> str:
    """The file's text: one line per day, oldest first, so it reads (and diffs) by day."""
    lines = [
        f"  {json.dumps(day.isoformat())}: {json.dumps(days[day].as_json(), ensure_ascii=False)}"
        for day in sorted(days)
    ]
    body = ",\n".join(lines)
    head = f'{{"format": {FORMAT}, "timezone": {json.dumps(BUDAPEST.key)}, "days": {{'
    return f"{head}\n{body}\n}}}}\n" if lines else f"{head}}}}}\n"


def _extracted(report: Mapping[str, Any]) -> int:
    if "extracted" in report:
        return _count(report.get("extracted"))
    # Reports written before they carried it: what the run extracted and kept or skipped.
    return sum(_count(report.get(name)) for name in ("new", "updated", "unchanged"))


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _check_count(value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"not a count: {value!r}")


def _add_to(counts: dict[str, int], more: Any) -> None:
    if not isinstance(more, Mapping):
        return
    for name, value in more.items():
        if n := _count(value):
            counts[str(name)] = counts.get(str(name), 0) + n


def records_by_day(days: Days) -> dict[date, int]:
    return {day: entry.records for day, entry in days.items()}


def total(days: Iterable[Day]) -> Day:
    """One day's worth of sums over ``days``."""
    whole = Day()
    for day in days:
        whole.runs += day.runs
        whole.records += day.records
        whole.extracted += day.extracted
        whole.generic_fallback += day.generic_fallback
        whole.judged += day.judged
        _add_to(whole.statuses, day.statuses)
        _add_to(whole.dropped, day.dropped)
        _add_to(whole.errors, day.errors)
    return whole
