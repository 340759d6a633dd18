"""The stale rule (crawler.report.stale): a whole day under a quarter of the portal's
28-day median while another portal published."""

from __future__ import annotations

from datetime import date, timedelta

from crawler.report.stale import baseline, stale_days, stale_now

TODAY = date(2026, 12, 6)


def days(*counts: int, end: date = TODAY) -> dict[date, int]:
    """Counts for consecutive days, the last on ``end``."""
    return {end - timedelta(days=len(counts) - 1 - n): c for n, c in enumerate(counts)}


def back(n: int) -> date:
    return TODAY - timedelta(days=n)


def test_a_day_that_fell_to_zero_while_another_portal_published_is_stale():
    records = {"a": days(*[40] * 30, 0, 12), "b": days(*[50] * 32)}
    stale = stale_days(records, TODAY)
    assert stale == {"a": [back(1)], "b": []}
    assert stale_now(stale, TODAY) == ["a"]


def test_nobody_is_stale_on_a_day_no_other_portal_published():
    records = {"a": days(*[40] * 30, 0, 12), "b": days(*[50] * 30, 0, 20)}
    assert stale_days(records, TODAY) == {"a": [], "b": []}


def test_a_portal_alone_is_never_stale():
    assert stale_days({"a": days(*[40] * 30, 0, 12)}, TODAY) == {"a": []}


def test_under_a_quarter_of_the_median_is_stale_a_quarter_is_not():
    other = days(*[50] * 32)
    assert stale_days({"a": days(*[40] * 30, 9, 0), "b": other}, TODAY)["a"] == [back(1)]
    assert stale_days({"a": days(*[40] * 30, 10, 0), "b": other}, TODAY)["a"] == []


def test_today_is_not_over_and_never_judged():
    stale = stale_days({"a": days(*[40] * 30, 0), "b": days(*[50] * 31)}, TODAY)
    assert stale["a"] == []


def test_the_median_is_of_the_28_days_before_not_the_mean():
    # A few huge days (a backfill) do not lift the baseline; 28 days back, not 29.
    history = [1000] * 5 + [40] * 23
    assert baseline(days(*history, 0, end=back(1)), back(1)) == 40
    assert baseline(days(999, *[40] * 28, 0, end=back(1)), back(1)) == 40


def test_days_without_a_run_count_as_zero_after_the_first_day_on_record():
    # Runs on 9 of the 28 days before: the 19 silent days are zeros, the median is 0,
    # and a portal that rarely publishes has not "fallen" (while its window was short,
    # its first silent days were: a gap after its first day is a fall).
    records = {day: 40 for day in (back(n) for n in range(2, 29, 3))}
    assert len(records) == 9 and baseline(records, back(1)) == 0
    stale = stale_days({"a": records, "b": days(*[50] * 32)}, TODAY)
    assert stale_now(stale, TODAY) == []
    assert stale["a"] == [back(25), back(24), back(22)]


def test_days_before_the_first_day_on_record_are_not_zeros():
    # A portal on record for 5 days: its window is those 5 days, not 23 zeros and 5.
    young = days(40, 40, 40, 40, 40, 0, 3)
    assert baseline(young, back(1)) == 40
    assert stale_days({"a": young, "b": days(*[50] * 32)}, TODAY)["a"] == [back(1)]


def test_a_portal_with_no_day_before_is_not_judged():
    assert baseline(days(0, 5), back(1)) is None
    assert baseline({}, back(1)) is None
    assert stale_days({"a": days(0, 5), "b": days(*[50] * 32)}, TODAY)["a"] == []


def test_a_portal_that_stopped_running_is_stale_until_its_median_is_zero():
    # No run at all for the last days (the spider broke or was dropped from cron):
    # silent days are zeros, each is stale while the median is above 0.
    stopped = days(*[40] * 40, end=back(20))
    stale = stale_days({"a": stopped, "b": days(*[50] * 61)}, TODAY)
    assert stale["a"] == [back(n) for n in range(19, 0, -1)][:15]  # 15 zeros: median 0
    assert stale_now(stale, TODAY) == []


def test_stale_days_in_the_past_are_marked_and_only_yesterday_makes_a_portal_stale_now():
    a = days(*[40] * 40, 0, *[40] * 9, 30)
    stale = stale_days({"a": a, "b": days(*[50] * 50)}, TODAY)
    assert stale["a"] == [back(10)]
    assert stale_now(stale, TODAY) == []
