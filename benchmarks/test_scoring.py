"""Unit tests of the benchmark scoring (.venv/bin/pytest benchmarks/test_scoring.py)."""

from __future__ import annotations

import pytest

from benchmarks.tokens import (
    authors_match,
    bag_score,
    date_match,
    parse_when,
    text_match,
    timestamp_match,
    tokens,
)


def test_tokens_are_lowercase_words_with_hungarian_letters() -> None:
    assert tokens("Árvíztűrő TÜKÖRFÚRÓGÉP, 2024-ben!") == [
        "árvíztűrő",
        "tükörfúrógép",
        "2024",
        "ben",
    ]
    assert tokens(None) == []


def test_bag_score_counts_repeated_tokens_as_a_multiset() -> None:
    score = bag_score("a a b c", "a b b")
    # overlap = min(2,1) for a + min(1,2) for b = 2; 4 predicted, 3 gold
    assert score.precision == pytest.approx(2 / 4)
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_bag_score_ignores_order_case_and_punctuation() -> None:
    score = bag_score("Második bekezdés.\n\nElső bekezdés!", "első bekezdés második bekezdés")
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_bag_score_empty_cases() -> None:
    assert bag_score("", "").f1 == 1.0
    assert bag_score(None, "gold text").f1 == 0.0
    assert bag_score("something", "").precision == 0.0
    assert bag_score("x y", "a b").f1 == 0.0


def test_text_and_author_matching_normalise_whitespace() -> None:
    assert text_match("  Három   tengerig\nnyúló ", "Három tengerig nyúló")
    assert text_match(None, "")
    assert not text_match("Cím", None)
    assert authors_match(
        ["Biró  Marianna", "Presinszky Judit"], ["Presinszky Judit", "Biró Marianna"]
    )
    assert authors_match([], None)
    assert not authors_match(["Velvet"], ["Velvet Kommandó"])


def test_parse_when_variants() -> None:
    day, stamp = parse_when("2011-02-03")
    assert str(day) == "2011-02-03" and stamp is None
    day, stamp = parse_when("2021-01-21T10:55:51.000Z")
    assert str(day) == "2021-01-21" and stamp is not None and stamp.utcoffset() is not None
    assert parse_when("not a date") == (None, None)
    assert parse_when(None) == (None, None)


def test_date_match_uses_gold_offset_for_timestamps() -> None:
    assert date_match("2014-03-02T23:05:00Z", "2014-03-03T00:05:00+01:00")
    assert date_match("2011-02-03", "2011-02-03T10:15:00+01:00")
    assert not date_match("2011-02-04", "2011-02-03T10:15:00+01:00")
    assert not date_match(None, "2011-02-03T10:15:00+01:00")
    assert date_match(None, None)


def test_timestamp_match_compares_instants_and_skips_date_only_values() -> None:
    assert timestamp_match("2021-01-21T10:55:51Z", "2021-01-21T11:55:51+01:00") is True
    assert timestamp_match("2021-01-21T11:55:00+01:00", "2021-01-21T11:55:51+01:00") is False
    assert timestamp_match("2021-01-21", "2021-01-21T11:55:51+01:00") is None
    assert timestamp_match("2021-01-21T11:55:51", "2021-01-21T11:55:51+01:00") is True
