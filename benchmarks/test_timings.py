"""Unit tests of the timings harness (not the timings: ``python -m benchmarks.timings``)."""

from __future__ import annotations

from benchmarks.timings import LIMITS, ROWS, markdown, within


def test_every_row_has_its_old_bound() -> None:
    assert [name for name, *_ in ROWS] == list(LIMITS)


def test_within_the_bounds_a_test_used_to_assert() -> None:
    assert within("when_free_0_3", 0.31) and not within("when_free_0_3", 0.29)
    assert within("held_lock_write", 0.0) and not within("held_lock_write", 0.5)


def test_markdown_says_which_bounds_were_met() -> None:
    names = [name for name, *_ in ROWS]
    result = {
        "seconds": dict.fromkeys(names, 0.1),
        "met": {name: name != "locked_run" for name in names},
    }
    table = markdown(result).splitlines()
    assert len(table) == 2 + len(ROWS)
    assert table[-1].endswith("| 0.100 | **no** |") and table[2].endswith("| yes |")
