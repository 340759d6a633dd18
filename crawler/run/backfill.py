"""The ``since``/``until`` spider arguments: checked before any request is made."""

from __future__ import annotations

from datetime import date, datetime


class BadRange(ValueError):
    pass


def parse_range(
    since: str | None, until: str | None, today: date | None = None
) -> tuple[date, date] | None:
    """(first day, last day) inclusive, or None when no backfill was asked for."""
    if since is None and until is None:
        return None
    today = today or datetime.now().date()
    if since is None:
        raise BadRange("-a until=… needs -a since=YYYY-MM-DD as well")
    first = _day("since", since)
    last = _day("until", until) if until is not None else today
    if first > last:
        raise BadRange(f"since={first} is after until={last}")
    if last > today:
        raise BadRange(f"until={last} is in the future")
    return first, last


def _day(name: str, value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadRange(f"{name}={value!r} is not a date of the form YYYY-MM-DD") from None
