"""Every time a record carries, in one form: Budapest wall-clock time with the offset of
that instant (``+01:00`` in winter, ``+02:00`` in summer), whatever the page gave (UTC, a
naive local time, another zone). Applied once, when the record is built
(:func:`crawler.assembly.assemble.build_item`), to ``published``, ``modified`` and each
post's ``published``; ``crawled_at`` stays UTC (``Z``), the crawler's own clock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

BUDAPEST = ZoneInfo("Europe/Budapest")


def budapest_time(value: str | None) -> str | None:
    """``value`` (ISO 8601) as Budapest time with its offset; a naive value is taken as
    Budapest time already; None or an unreadable value gives None."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=BUDAPEST)
    return when.astimezone(BUDAPEST).isoformat()


def normalise_times(fields: dict[str, Any]) -> dict[str, Any]:
    """The record fields with every time in :func:`budapest_time`'s form."""
    return {
        **fields,
        "published": budapest_time(fields.get("published")),
        "modified": budapest_time(fields.get("modified")),
        "posts": [
            {**post, "published": budapest_time(post.get("published"))}
            for post in fields.get("posts", [])
        ],
    }
