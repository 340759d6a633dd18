"""Every time a record carries, in one form: Budapest wall-clock time with the offset of
that instant (``+01:00`` in winter, ``+02:00`` in summer), whatever the page gave (UTC, a
naive local time, another zone). Applied once, when the record is built
(:func:`crawler.assembly.assemble.build_item`), to ``published``, ``modified`` and each
post's ``published``; ``crawled_at`` stays UTC (``Z``), the crawler's own clock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from crawler.text.values import BUDAPEST


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


def is_budapest_time(value: str) -> bool:
    """Whether ``value`` is written as :func:`budapest_time` writes it: an ISO time whose
    offset is the one Europe/Budapest has at that instant."""
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return False
    offset = when.utcoffset()
    return offset is not None and offset == when.astimezone(BUDAPEST).utcoffset()


def record_times(record: dict[str, Any]) -> list[tuple[str, str]]:
    """A record's times as (path, value): ``published``, ``modified``, each post's."""
    found = [(name, record.get(name)) for name in ("published", "modified")]
    found += [
        (f"posts/{n}/published", post.get("published"))
        for n, post in enumerate(record.get("posts") or [])
        if isinstance(post, dict)
    ]
    return [(path, value) for path, value in found if isinstance(value, str)]


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
