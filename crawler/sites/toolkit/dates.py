"""Days and clock times: the days of a backfill's range, and live-blog posts that print
only ``HH:MM``.

A post's printed clock time needs a day. Posts come in a sequence (newest first on most
portals), so the day follows from the blog's start and moves on at midnight: the oldest
post falls on the first instant at or after the start (allowing for posts written a
little before it), and each later one on the instant nearest the post before it, so a
clock that runs backwards between neighbours crossed midnight while a post printed out
of order stays on its day.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from crawler.text.values import BUDAPEST

Clock = tuple[int, int]  # (hour, minute) as printed

# A post may be written shortly before its blog goes live: a clock time earlier than the
# start by more than this belongs to the next day.
EARLY_POSTS = timedelta(hours=1)

_CLOCK = re.compile(r"(?P<h>\d{1,2})[:.](?P<m>\d{2})")
_CLOCK_IN_TEXT = re.compile(r"\b(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)\b")


def days_newest_first(first: date, last: date) -> list[date]:
    """Every day of ``first``..``last``, the last first (archives are walked newest first)."""
    return [last - timedelta(days=n) for n in range((last - first).days + 1)]


def read_clock(text: str, *, anywhere: bool = False) -> Clock | None:
    """The clock time ``text`` is ("06:12", "6.12"); with ``anywhere``, the first one it
    holds ("frissítve 12:45"). None for anything else: a match minute ("43'"), "25:00"."""
    match = _CLOCK_IN_TEXT.search(text) if anywhere else _CLOCK.fullmatch(text.strip())
    if match is None:
        return None
    hour, minute = int(match["h"]), int(match["m"])
    return (hour, minute) if hour <= 23 and minute <= 59 else None


def clock_times(
    clocks: Sequence[Clock | None],
    opened: datetime | str | None,
    *,
    newest_first: bool | None = None,
) -> list[str | None]:
    """ISO times (Budapest) of posts printing only clock times, in page order; None where
    a post prints none, and for every post when the blog's start (``opened``) is unknown.

    ``newest_first`` says the page's order; None: the order most of the clocks follow.
    See the module docstring for how days are assigned.
    """
    start = _local(opened)
    out: list[str | None] = [None] * len(clocks)
    if start is None:
        return out
    if newest_first is None:
        known = [c for c in clocks if c is not None]
        steps = list(pairwise(known))
        newest_first = sum(b < a for a, b in steps) >= sum(b > a for a, b in steps)
    order = range(len(clocks) - 1, -1, -1) if newest_first else range(len(clocks))
    earliest = start.replace(tzinfo=None) - EARLY_POSTS  # wall-clock time
    previous: datetime | None = None
    for index in order:
        clock = clocks[index]
        if clock is None:
            continue
        wall = time(*clock)
        if previous is None:
            when = datetime.combine(earliest.date(), wall)
            if when < earliest:
                when += timedelta(days=1)
        else:
            day = previous.date()
            candidates = (datetime.combine(day + timedelta(days=s), wall) for s in (-1, 0, 1))
            when = min(candidates, key=lambda c: abs(c - previous))
        out[index] = when.replace(tzinfo=BUDAPEST).isoformat()
        previous = when
    return out


def _local(value: datetime | str | None) -> datetime | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if value is None:
        return None
    return value.astimezone(BUDAPEST) if value.tzinfo else value.replace(tzinfo=BUDAPEST)
