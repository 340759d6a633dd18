"""Small value helpers for record fields: dates, names, URLs, element text.

Pure and Scrapy-free; used by :mod:`crawler.text.metadata` and the site modules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from lxml import etree

from crawler.text.bodytext import clean

BUDAPEST = ZoneInfo("Europe/Budapest")

_MONTHS = {
    "jan": 1, "feb": 2, "febr": 2, "már": 3, "márc": 3, "ápr": 4, "máj": 5, "jún": 6,
    "júl": 7, "aug": 8, "szep": 9, "szept": 9, "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_NAMES = (
    "január|február|március|április|május|június|július|augusztus|szeptember|október"
    "|november|december|jan|febr?|márc?|ápr|máj|jún|júl|aug|szept?|okt|nov|dec"
)
# Hungarian dates as pages print them: "2011.02.03. 10:15", "2011. 02. 03. 10:15",
# "2019. július 9., kedd 12:45", "2021. jan. 21. – 10:21", "2014. március 2. 23:26",
# "2015. január 07. | 16:46".
_HU_DATETIME = re.compile(
    r"(?P<y>(?:19|20)\d{2})\.\s*(?:(?P<mn>\d{1,2})\.?|(?P<mname>" + _MONTH_NAMES + r")\.?)\s*"
    r"(?P<d>\d{1,2})\.?,?\s*(?:[a-záéíóöőúüű]+,?\s*)?(?:[–—|-]\s*)?"
    r"(?P<hh>\d{1,2})[:.](?P<mm>\d{2})(?::(?P<ss>\d{2}))?",
    re.IGNORECASE,
)
_ISO_IN_TEXT = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
)


def first(values: Iterable[object]) -> str | None:
    """The first value that is a non-blank string, cleaned."""
    for value in values:
        if isinstance(value, str) and (value := clean(value)):
            return value
    return None


def unique(values: Iterable[str]) -> list[str]:
    """Cleaned, non-empty, first occurrence kept (compared case-insensitively)."""
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        value = clean(value)
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return kept


# How bylines separate names: "A, B", "A; B", "A és B".
NAME_SEPARATORS = re.compile(r"\s*(?:,|;|\s+és\s+)\s*")


def split_names(
    entries: Iterable[str],
    separators: re.Pattern[str] = NAME_SEPARATORS,
    strip: re.Pattern[str] | None = None,
) -> list[str]:
    """One name per part of each byline entry, each once (see :func:`unique`); ``strip``
    removes what a byline prints beside a name (a "Szerző:" label, a follow button)."""
    parts = (part for entry in entries for part in separators.split(entry))
    return unique(strip.sub("", part) if strip else part for part in parts)


def text_of(el: etree._Element | None) -> str:
    """An element's text as displayed on one line (inline, whitespace collapsed)."""
    if el is None:
        return ""
    return clean("".join(el.itertext()))


def has_class(name: str) -> str:
    """XPath predicate matching one CSS class exactly (the cheap test first)."""
    return (
        f'contains(@class, "{name}") and '
        f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'
    )


def iso_datetime(value: object, default_tz: ZoneInfo = BUDAPEST) -> str | None:
    """ISO 8601 with an offset, or None; a naive value is read in the portal's zone.

    Accepts ISO strings (``Z``, ``+0100`` and a space separator included) and the
    Hungarian forms pages print (see ``_HU_DATETIME``). A bare date says nothing about
    the time of day, so it gives None.
    """
    if not isinstance(value, str):
        return None
    value = clean(value)
    if not value:
        return None
    parsed = _parse_iso(value)
    if parsed is None:
        return hungarian_datetime(value, default_tz)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_tz)
    return parsed.isoformat()


def _parse_iso(value: str) -> datetime | None:
    if len(value) <= 10:
        return None
    candidate = value.replace("Z", "+00:00")
    candidate = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", candidate)
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        match = _ISO_IN_TEXT.search(value)
        if match and match.group(0) != value:
            return _parse_iso(match.group(0))
        return None


def hungarian_datetime(text: str, tz: ZoneInfo = BUDAPEST) -> str | None:
    """The first date with a time of day printed the Hungarian way, in ``tz``."""
    match = _HU_DATETIME.search(text)
    if not match:
        return None
    if match["mname"]:
        key = match["mname"].lower()
        month = next((n for name, n in _MONTHS.items() if key.startswith(name)), 0)
    else:
        month = int(match["mn"])
    try:
        when = datetime(
            int(match["y"]),
            month,
            int(match["d"]),
            int(match["hh"]),
            int(match["mm"]),
            int(match["ss"] or 0),
            tzinfo=tz,
        )
    except ValueError:
        return None
    return when.isoformat()


# The same without the year, as live posts and "today" bylines print them: "január 7., 16:46",
# "jan. 7. 16:46", "márc. 2., vasárnap 23:26". A year or a day number before the month
# is another form's.
_HU_DAY_TIME = re.compile(
    r"(?<![\w.])(?P<mname>" + _MONTH_NAMES + r")\.?\s*(?P<d>\d{1,2})\b\.?,?\s*"
    r"(?:[a-záéíóöőúüű]+,?\s*)?(?:[–—|-]\s*)?(?P<hh>\d{1,2})[:.](?P<mm>\d{2})(?![\d])",
    re.IGNORECASE,
)


def hungarian_day_time(text: str, near: datetime, tz: ZoneInfo = BUDAPEST) -> str | None:
    """A date printed without its year (``_HU_DAY_TIME``), in ``tz``, in the year that puts
    it last on or before the day after ``near`` (when the page was read: a page prints
    its recent days without a year, so "december 30." read on 2 January is last year's).
    A date printed with its year is read as printed."""
    if _HU_DATETIME.search(text):
        return hungarian_datetime(text, tz)
    match = _HU_DAY_TIME.search(text)
    if not match:
        return None
    key = match["mname"].lower()
    month = next((n for name, n in _MONTHS.items() if key.startswith(name)), 0)
    local = near.astimezone(tz) if near.tzinfo else near.replace(tzinfo=tz)
    latest = local + timedelta(days=1)
    for year in (latest.year, latest.year - 1):
        try:
            when = datetime(
                year, month, int(match["d"]), int(match["hh"]), int(match["mm"]), tzinfo=tz
            )
        except ValueError:
            continue
        if when <= latest:
            return when.isoformat()
    return None


def from_timestamp(value: object, tz: ZoneInfo = BUDAPEST) -> str | None:
    """A Unix time in seconds or milliseconds (told apart by size), in ``tz``."""
    try:
        number = float(clean(str(value)))
    except ValueError:
        return None
    if 10**11 < number < 10**14:
        number /= 1000
    if not 0 < number < 10**11:
        return None
    return datetime.fromtimestamp(number, UTC).astimezone(tz).isoformat()


@dataclass(frozen=True)
class DateWindow:
    """The times an article of a portal can carry: from the portal's first day to one
    day after its page was fetched. Anything else (1970, 2999, a typo'd year) is not a
    date of the article: a cascade takes its next source instead."""

    first: date
    last: datetime  # aware

    @classmethod
    def of(cls, first: date, fetched: datetime | None = None) -> DateWindow:
        return cls(first, (fetched or datetime.now(UTC)) + timedelta(days=1))

    def admits(self, value: str | None) -> bool:
        """False for an ISO time outside the window; True for None or an unreadable value
        (not this rule's business)."""
        if not value:
            return True
        try:
            when = datetime.fromisoformat(value)
        except ValueError:
            return True
        if when.tzinfo is None:
            when = when.replace(tzinfo=BUDAPEST)
        return self.first <= when.astimezone(BUDAPEST).date() and when <= self.last


def absolute_url(value: object, base_url: str) -> str | None:
    """``value`` resolved against the page it was found on; only http(s) URLs."""
    if not isinstance(value, str) or not (value := clean(value)):
        return None
    resolved = urljoin(base_url, value)
    parts = urlsplit(resolved)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return resolved
