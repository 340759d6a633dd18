"""Article and listing URLs: the one gate every article URL passes, page numbers, the
forward-only pager, and where a listing's links are.

A portal's URL carries its day (``/kulfold/2024/05/06/slug``, ``/vilag/20240506_slug``);
a URL whose day is impossible (``2024/02/30``), older than the portal
(:attr:`Site.first_day <crawler.sites.base.Site.first_day>`) or absurdly late is no
article of it, and neither is one on another host or scheme.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import html

# A URL dated after this is a typo or a trap, never a day an article was written.
LAST_DAY = date(2100, 12, 31)


@dataclass(frozen=True)
class Dated:
    """An article URL that passed the gate: the canonical origin of its host, the path's
    match (named groups ``y``, ``m``, ``d``, usually ``slug`` and ``section``) and its day."""

    origin: str
    match: re.Match[str]
    day: date

    def __getitem__(self, group: str) -> str | None:
        return self.match.groupdict().get(group)


def same_origin(origin: str, *aliases: str) -> dict[str, str]:
    """``origin``'s host and its ``aliases`` (``www.``, ``m.`` hosts), each mapped to the
    canonical ``origin``."""
    return {host: origin for host in (urlsplit(origin).hostname or "", *aliases)}


def dated_article(
    url: str,
    origins: Mapping[str, str],
    path: re.Pattern[str],
    first_day: date,
    section_slugs: frozenset[str] = frozenset(),
) -> Dated | None:
    """The gate: ``url`` on one of ``origins``' hosts (http, https or scheme-relative),
    its path an article ``path`` with a real day from ``first_day`` on, its slug no
    section's (a relative ``href="kulfold/"`` on a day page has an article's shape)."""
    parts = urlsplit(url.strip())
    origin = origins.get((parts.hostname or "").lower())
    if origin is None or parts.scheme not in ("http", "https", ""):
        return None
    match = path.match(parts.path)
    day = day_of(match) if match else None
    if match is None or day is None or not first_day <= day <= LAST_DAY:
        return None
    groups = match.groupdict()
    if is_section_slug(groups.get("slug"), groups.get("section"), section_slugs):
        return None
    return Dated(origin, match, day)


def day_of(match: re.Match[str]) -> date | None:
    """The day of a match with ``y``, ``m``, ``d`` groups; None for an impossible date."""
    groups = match.groupdict()
    if not all(groups.get(k) for k in ("y", "m", "d")):
        return None
    try:
        return date(int(groups["y"]), int(groups["m"]), int(groups["d"]))
    except ValueError:
        return None


def is_section_slug(slug: str | None, section: str | None, section_slugs: frozenset[str]) -> bool:
    """``slug`` names a section (the URL's own, or any of the portal's), not an article."""
    if not slug:
        return False
    return slug in section_slugs or slug in (section or "").split("/")


def query_number(url: str, name: str) -> int | None:
    """The page number a query parameter carries (``?p=2``, ``?oldal=3``), or None."""
    values = parse_qs(urlsplit(url).query).get(name)
    if not values or not values[0].isdigit():
        return None
    return int(values[0])


def forward_page(
    url: str,
    hrefs: Iterable[str],
    number: Callable[[str], int | None],
    *,
    first: int = 1,
    same: Callable[[str], bool] | None = None,
) -> tuple[int, str] | None:
    """The nearest later page a pager links, as (its number, the link resolved), or None.

    Pagers link first, previous, numbered and next pages, above and below the text:
    page numbers decide, never link positions, and only a number above this page's
    (``number(url)``, else ``first``) counts, so a walk never goes back or round in
    circles. ``same`` keeps the links of this article (or listing) only.
    """
    current = number(url)
    current = first if current is None else current
    later: dict[int, str] = {}
    for href in hrefs:
        target = urljoin(url, href)
        found = number(target)
        if found is not None and found > current and (same is None or same(target)):
            later.setdefault(found, target)
    if not later:
        return None
    nearest = min(later)
    return nearest, later[nearest]


def first_links(doc: html.HtmlElement, *xpaths: str) -> list[str]:
    """The links of the first of ``xpaths`` that finds any (a listing's main list, not
    its sidebars); every link of the page when none does (a redesign)."""
    for xpath in xpaths:
        links = doc.xpath(xpath)
        if links:
            return links
    return doc.xpath("//a/@href")
