from datetime import date

import pytest

from crawler.run.backfill import BadRange, parse_range

TODAY = date(2026, 11, 28)


def test_no_arguments_no_backfill():
    assert parse_range(None, None, TODAY) is None


def test_until_defaults_to_today():
    assert parse_range("2026-11-20", None, TODAY) == (date(2026, 11, 20), TODAY)


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("2026-13-01", None, "not a date"),
        ("yesterday", None, "not a date"),
        ("2026-11-10", "2026-11-01", "after"),
        (None, "2026-11-01", "needs -a since"),
        ("2026-11-01", "2027-01-01", "future"),
    ],
)
def test_bad_values_are_clear(since, until, message):
    with pytest.raises(BadRange, match=message):
        parse_range(since, until, TODAY)
