"""What the runs left under ``OUTPUT_DIR``, read back for the dashboard.

A portal is a directory of ``OUTPUT_DIR`` holding a ``last_run.json`` (so test-only
spiders count too); its days come from its ``days.json`` (:mod:`crawler.run.days`), or,
when that is missing or damaged, from the per-run reports still on disk (read only: the
spider's next run writes the rollup again). Nothing here writes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from crawler.run import days as rollup

LAST_RUN = "last_run.json"


@dataclass(frozen=True)
class Portal:
    name: str
    days: rollup.Days
    last_run: dict[str, Any] | None  # None when last_run.json cannot be read
    rebuilt: bool  # days.json was missing or damaged: the days are the reports'

    def records(self) -> dict[date, int]:
        return rollup.records_by_day(self.days)

    def last_finished(self) -> datetime | None:
        value = (self.last_run or {}).get("finished")
        if not isinstance(value, str):
            return None
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            return None
        return when if when.tzinfo is not None else None


class NoRuns(Exception):
    """``OUTPUT_DIR`` is not a directory, or holds no spider's run report."""


def read_portals(output_dir: Path) -> list[Portal]:
    """Every spider directory under ``output_dir`` with a ``last_run.json``, by name.
    Raises :class:`NoRuns` when there is none, OSError when the directory cannot be
    listed."""
    if not output_dir.is_dir():
        raise NoRuns(f"{output_dir} is not a directory")
    portals = [
        _portal(directory)
        for directory in sorted(output_dir.iterdir())
        if directory.is_dir() and (directory / LAST_RUN).is_file()
    ]
    if not portals:
        raise NoRuns(f"no run reports under {output_dir} (no <spider>/{LAST_RUN})")
    return portals


def _portal(directory: Path) -> Portal:
    days, rebuilt = rollup.read(directory)
    try:
        last = json.loads((directory / LAST_RUN).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        last = None
    return Portal(directory.name, days, last if isinstance(last, dict) else None, rebuilt)
