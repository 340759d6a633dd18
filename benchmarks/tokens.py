"""Scoring for the extraction-quality benchmark.

Body text is scored as a bag of tokens (lowercase ``\\w+`` words, multiset overlap), the measure
used by trafilatura's and ScrapingHub's article-extraction benchmarks: word order and paragraph
breaks do not matter, every repeated word counts.  Fields are scored by exact match after
whitespace normalisation (credits in order); times by whether each is written as Budapest
time; dates by calendar date and, where both sides carry a time, by instant.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

BUDAPEST = ZoneInfo("Europe/Budapest")
TOKEN = re.compile(r"\w+")
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of a predicted bag of tokens against the gold bag."""

    precision: float
    recall: float
    f1: float


def tokens(text: str | None) -> list[str]:
    """Lowercase word tokens; None is no text."""
    return TOKEN.findall(text.lower()) if text else []


def bag_score(predicted: str | None, gold: str | None) -> Score:
    """Bag-of-tokens precision/recall/F1.

    Both empty is a perfect score; an empty prediction against non-empty gold (or the other way
    round) scores 0 on every measure, so a failed extraction never looks precise.
    """
    pred, ref = Counter(tokens(predicted)), Counter(tokens(gold))
    n_pred, n_ref = sum(pred.values()), sum(ref.values())
    if n_pred == 0 and n_ref == 0:
        return Score(1.0, 1.0, 1.0)
    if n_pred == 0 or n_ref == 0:
        return Score(0.0, 0.0, 0.0)
    overlap = sum((pred & ref).values())
    precision, recall = overlap / n_pred, overlap / n_ref
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return Score(precision, recall, f1)


def normalise_ws(text: str | None) -> str | None:
    """Collapse every whitespace run to one space and strip; empty or None becomes None."""
    if text is None:
        return None
    collapsed = " ".join(text.split())
    return collapsed or None


def text_match(predicted: str | None, gold: str | None) -> bool:
    """Exact match after whitespace normalisation; a missing value matches only a missing one."""
    return normalise_ws(predicted) == normalise_ws(gold)


def authors_match(predicted: Iterable[str] | None, gold: Iterable[str] | None) -> bool:
    """Same set of names after whitespace normalisation (order and duplicates ignored)."""

    def as_set(names: Iterable[str] | None) -> set[str]:
        return {n for n in (normalise_ws(x) for x in names or []) if n}

    return as_set(predicted) == as_set(gold)


def credits_match(predicted: Iterable[str] | None, gold: Iterable[str] | None) -> bool:
    """Same desks and agencies in the same order (whitespace normalised)."""
    return [normalise_ws(x) for x in predicted or []] == [normalise_ws(x) for x in gold or []]


def in_budapest_time(value: str | None) -> bool | None:
    """Whether an ISO time is written as Budapest wall-clock time (the offset Europe/Budapest
    has at that instant: +01:00 in winter, +02:00 in summer); None for no time."""
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    if stamp.utcoffset() is None:
        return False
    return stamp.utcoffset() == stamp.astimezone(BUDAPEST).utcoffset()


def parse_when(value: str | date | None) -> tuple[date | None, datetime | None]:
    """(calendar date, timestamp) of an ISO 8601 value.

    The timestamp is None when the value carries no time of day; it is naive when the value has
    a time but no offset.  Unparsable values give (None, None), except that a leading
    YYYY-MM-DD still yields the date.
    """
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return value.date(), value
    if isinstance(value, date):
        return value, None
    text = value.strip()
    if not text:
        return None, None
    if len(text) > 10 and text[10] in "T ":
        try:
            stamp = datetime.fromisoformat(text)
        except ValueError:
            stamp = None
        if stamp is not None:
            return stamp.date(), stamp
    match = ISO_DATE.match(text)
    if match is None:
        return None, None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])), None
    except ValueError:
        return None, None


def date_match(predicted: str | None, gold: str | None) -> bool:
    """Same calendar date.

    When both sides are timestamps with an offset, the prediction is first moved to the gold's
    offset, so 2014-03-02T23:05:00Z and 2014-03-03T00:05:00+01:00 agree.
    """
    gold_day, gold_stamp = parse_when(gold)
    pred_day, pred_stamp = parse_when(predicted)
    if gold_day is None:
        return pred_day is None
    if pred_day is None:
        return False
    if _aware(gold_stamp) and _aware(pred_stamp):
        assert gold_stamp is not None and pred_stamp is not None
        return pred_stamp.astimezone(gold_stamp.tzinfo).date() == gold_stamp.date()
    return pred_day == gold_day


def timestamp_match(predicted: str | None, gold: str | None) -> bool | None:
    """Same instant (to the second) when both sides have a time of day, else None (not scored).

    A prediction without an offset is compared with the gold's local wall-clock time.
    """
    _, gold_stamp = parse_when(gold)
    _, pred_stamp = parse_when(predicted)
    if gold_stamp is None or pred_stamp is None:
        return None
    if _aware(gold_stamp) and _aware(pred_stamp):
        return pred_stamp == gold_stamp
    return pred_stamp.replace(tzinfo=None) == gold_stamp.replace(tzinfo=None)


def _aware(stamp: datetime | None) -> bool:
    return stamp is not None and stamp.utcoffset() is not None
