"""When a portal has gone quiet: the stale rule, one pure function (:func:`stale_days`).

A portal is **stale on a day** when all of these hold:

- the day is over (before ``today``; days are Budapest calendar days, as the rollup's);
- at least one *other* portal published records that day (so a day the whole crawler
  was down, or the whole country quiet, marks nobody);
- its records that day are under a quarter of its **baseline**, the median of its
  records on the 28 days before (:func:`baseline`). Days without a run count as 0, but
  only from the portal's first day on record (its first day with a run): the days before
  it are not in the window at all, so a new portal is judged on the days it has, and a
  portal with no day before is not judged. A baseline of 0 marks nothing: a portal that
  publishes on fewer than half of its days has not "fallen" to zero.

Zero records is under a quarter of any baseline above 0, so "fell to zero" and "fell
under a quarter" are one test. A portal is **stale now** (:func:`stale_now`) when its last
whole day (yesterday) is stale: what ``scrapy report --check`` reports. A portal that stays
silent is stale for 15 days: then more than half of its window is silent days and the
baseline is 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from statistics import median

WINDOW_DAYS = 28
FRACTION = 0.25


def baseline(records: Mapping[date, int], day: date, window: int = WINDOW_DAYS) -> float | None:
    """The median of the portal's records on the ``window`` days before ``day``, days
    without a run counted as 0 from its first day on record; None when it has no day on
    record before ``day``."""
    if not records:
        return None
    first = max(min(records), day - timedelta(days=window))
    span = (day - first).days
    if span <= 0:
        return None
    return median(records.get(first + timedelta(days=n), 0) for n in range(span))


def stale_days(
    records: Mapping[str, Mapping[date, int]],
    today: date,
    *,
    window: int = WINDOW_DAYS,
    fraction: float = FRACTION,
) -> dict[str, list[date]]:
    """Every portal's stale days, oldest first (see the module's docstring).

    ``records``: per portal, the records it published on each day it has on record (a day
    with at least one run, even with 0 records); ``today``: the first day not yet over.
    """
    published: dict[date, set[str]] = {}
    for portal, days in records.items():
        for day, count in days.items():
            if count > 0:
                published.setdefault(day, set()).add(portal)
    stale: dict[str, list[date]] = {}
    for portal, days in records.items():
        stale[portal] = []
        if not days:
            continue
        day = min(days) + timedelta(days=1)
        while day < today:
            others = published.get(day, set()) - {portal}
            if others:
                base = baseline(days, day, window)
                if base is not None and days.get(day, 0) < fraction * base:
                    stale[portal].append(day)
            day += timedelta(days=1)
    return stale


def stale_now(stale: Mapping[str, list[date]], today: date) -> list[str]:
    """The portals whose last whole day (the day before ``today``) is stale."""
    yesterday = today - timedelta(days=1)
    return sorted(portal for portal, days in stale.items() if yesterday in days)
