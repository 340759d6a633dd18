"""What every portal module provides, and the field helpers they share.

A site module turns one downloaded page into a :class:`Page` (pure: HTML in, data out, no
Scrapy) and knows the portal's URL shapes. The spider and ``python -m crawler.extract``
only talk to this interface, so another portal is one more module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, Protocol
from zoneinfo import ZoneInfo

from lxml import etree, html

BUDAPEST = ZoneInfo("Europe/Budapest")
_WS = re.compile(r"\s+")


class NotAnArticle(Exception):
    """The page gives no record; ``reason`` is a short stats key such as ``no_title``."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass
class PagePost:
    key: str  # stable id on the page, to drop the copies a page shows twice
    published: str | None
    authors: list[str]
    title: str | None
    paragraphs: list[str]


@dataclass
class Page:
    """What one HTML page of an article or live blog says."""

    kind: str  # "article" | "liveblog"
    title: str | None
    lead: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    posts: list[PagePost] = field(default_factory=list)
    next_page: str | None = None  # absolute URL of the following page, as the page links it
    generic: bool = False  # True when the portal's markup was not recognised


class Site(Protocol):
    """The interface the spider and the extract command use."""

    name: ClassVar[str]
    origin: ClassVar[str]  # canonical scheme+host, e.g. "https://index.hu"

    def start_urls(self, section: str) -> list[str]: ...

    def article_url(self, url: str, section: str) -> str | None:
        """Canonical article URL when ``url`` is an article of ``section``, else None."""
        ...

    def day_url(self, section: str, year: int, month: int, day: int) -> str: ...

    def archive_url(self, section: str, since: str, until: str, page: int) -> str: ...

    def listing_links(self, doc: html.HtmlElement) -> Iterator[str]: ...

    def feed_links(self, body: bytes) -> list[str]: ...

    def is_complete(self, text: str) -> bool:
        """False when the page was visibly cut off in transit."""
        ...

    def parse(self, doc: html.HtmlElement, url: str) -> Page:
        """Read one page; ``url`` is the canonical URL of the page (with ``?p=N`` etc.)."""
        ...


# --- shared field helpers -------------------------------------------------------------


def clean(text: str | None) -> str:
    """Collapse whitespace (including NBSP) the way a reader sees it."""
    return _WS.sub(" ", text or "").strip()


def text_of(el: etree._Element | None) -> str:
    if el is None:
        return ""
    return clean(el.text_content() if isinstance(el, html.HtmlElement) else "".join(el.itertext()))


def first(values: Iterable[str | None]) -> str | None:
    for value in values:
        value = clean(value)
        if value:
            return value
    return None


def metas(doc: html.HtmlElement) -> dict[str, str]:
    """Every <meta> content by property or name (the first non-empty one wins), read once."""
    found: dict[str, str] = {}
    for tag in doc.iter("meta"):
        key = tag.get("property") or tag.get("name")
        value = clean(tag.get("content"))
        if key and value and key not in found:
            found[key] = value
    return found


def unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        value = clean(value)
        if value and value.casefold() not in {v.casefold() for v in seen}:
            seen[value] = None
    return list(seen)


def iso_datetime(value: str | None, default_tz: ZoneInfo = BUDAPEST) -> str | None:
    """ISO 8601 with an offset, or None; a naive value is read in the portal's zone."""
    value = clean(value)
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        if len(value) <= 10:  # a bare date says nothing about the time of day
            return None
        parsed = parsed.replace(tzinfo=default_tz)
    return parsed.isoformat()


def from_timestamp_ms(value: str | None, tz: ZoneInfo = BUDAPEST) -> str | None:
    try:
        millis = int(clean(value))
    except ValueError:
        return None
    if not 0 < millis < 10**14:
        return None
    return datetime.fromtimestamp(millis / 1000, UTC).astimezone(tz).isoformat()


def absolute_url(value: str | None, origin: str = "https://index.hu") -> str | None:
    value = clean(value)
    if value.startswith("//"):
        return "https:" + value
    if value.startswith("/"):
        return origin + value
    return value if value.startswith(("http://", "https://")) else None


def json_ld(doc: html.HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page; broken blocks are skipped, not fatal."""
    objects: list[dict[str, Any]] = []
    for script in doc.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        for obj in stack:
            if isinstance(obj, dict):
                objects.append(obj)
                graph = obj.get("@graph")
                if isinstance(graph, list):
                    objects.extend(o for o in graph if isinstance(o, dict))
    return objects


def ld_authors(obj: dict[str, Any]) -> list[str]:
    author = obj.get("author")
    items = author if isinstance(author, list) else [author]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            names.append(str(item.get("name") or ""))
        elif isinstance(item, str):
            names.append(item)
    return unique(names)


def has_class(name: str) -> str:
    """XPath predicate matching one CSS class exactly (the cheap test first)."""
    return (
        f'contains(@class, "{name}") and '
        f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'
    )


@dataclass(frozen=True)
class NotBody:
    """Elements inside a body container that are not body: by tag or by CSS class.

    Checked in one pass over the subtree; a union of XPaths costs ten times as much.
    """

    tags: frozenset[str]
    classes: frozenset[str]

    def matches(self, element: etree._Element) -> bool:
        tag = element.tag
        if not isinstance(tag, str):  # comments, processing instructions
            return False
        if tag in self.tags:
            return True
        names = element.get("class")
        return bool(names) and not self.classes.isdisjoint(names.split())
