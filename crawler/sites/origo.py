"""Everything the crawler knows about origo.hu (www.origo.hu, m.origo.hu).

Articles live at ``/<section>[/<sub>…]/YYYYMMDD-slug.html`` (before ~2005 without the
dash: ``/nagyvilag/19991113tobb.html``); ``percrolpercre`` sub-paths are live blogs,
``galeria`` sub-paths are photo galleries (captions only, so not articles here). The date
in the URL is the day the piece was *created*: the real day archive of 2019-01-19 lists
articles whose URLs say 16, 17 and 18 January, so the URL date is no publication day and
:meth:`Origo.article_date` answers None (a backfill takes every article a day archive of
the range lists).

Pages are served as ISO-8859-2 or UTF-8, declared in the Content-Type header and in a
``<meta charset>``; the spider decodes by the declaration, this module sees text.

Article markup (public configurations of ELTE-DH HTML2TEI and of a public summarisation-corpus
parser, checked against the captured day archive and its links), one reading for both layouts:

- 2014–2020: ``header#article-head`` (``h1``; ``div.address.top`` with
  ``span.article-author`` and ``span#article-date[datetime]``, naive Budapest time),
  ``article#article-text`` holding ``div.article-lead`` and ``div.article-content``;
- 2020–2022: ``header.article-head`` (``h1.article-title``), ``div.article-info`` with
  ``span.article-author`` and ``div.article-date[datetime]``, the same lead and content.

A long article is split over pages ``?pIdx=1, 2, …`` (zero-based; the first page has no
parameter), linked by the ``div.article-pager`` (``a.ap-next[rel=next]``). Live blogs
("percről percre") keep their posts in ``div.article-pp-list`` as ``div.nwm-pp-holder``
(``nwm-pp-publish`` time, ``nwm-pp-title``, ``nwm-pp-content``), some wrapped in
``div.nwm-article-pp[data-itemdate]``.

Discovery: the whole-site RSS feed the pages link (filtered by the URL's section), the
section page ``/<section>/index.html``, and for backfills the day archives
``/hir-archivum/YYYY/YYYYMMDD.html`` (whole site, one page per day, first day 1998-11-24).

Pure, like every site module: reads no settings and writes no stats (the spider counts).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import ClassVar
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import html

from crawler.sites.base import (
    Listing,
    NoDateArchive,
    NotAnArticle,
    Page,
    PagePost,
    Reading,
    Site,
    Unrecognised,
    budget_of,
)
from crawler.text.bodytext import NotBody, paragraphs
from crawler.text.metadata import Selectors, read_metadata
from crawler.text.values import BUDAPEST, from_timestamp, has_class, iso_datetime, text_of

ORIGIN = "https://www.origo.hu"
_HOSTS = frozenset({"origo.hu", "www.origo.hu", "m.origo.hu"})
FEED = f"{ORIGIN}/contentpartner/rss/origoall/origo.xml"
ARCHIVE_START = date(1998, 11, 24)  # the archive calendar's data-first-article-date

# The section, up to three sub-paths (``percrolpercre``, ``futball``, ``olimpia/2012``),
# then the creation day and a non-empty slug (so day archive pages never match).
_ARTICLE_PATH = re.compile(
    r"^/(?P<section>[a-z0-9-]+)/(?:[a-z0-9-]+/){0,3}"
    r"(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})-?(?P<slug>[A-Za-z0-9_.()%-]+)\.html$"
)
_NOT_ARTICLES = frozenset({"galeria"})  # path segments of pages that are no articles
_PAGE_PARAM = "pIdx"

# Nodes inside a body container that are not body: image boxes and captions, the pager,
# ads, share bars, related/recommended boxes, third-party embeds, newsletter appeals, and
# the lead and tags when a layout keeps them inside the container.
_NOT_BODY = NotBody(
    tags=frozenset({"figure", "figcaption", "iframe", "form", "nav", "aside"}),
    classes=frozenset(
        [
            "article-lead",
            "article-pager",
            "article-meta",
            "article-footer",
            "article-share-mw",
            "article-recommendation",
            "article-recommendation-zones",
            "article-recommendation-zone",
            "img-holder",
            "image-holder",
            "caption-wrapper",
            "oab-related",
            "cikk-obj",
            "iframely-embed",
            "twitter-tweet",
            "twitter-video",
            "instagram-media",
            "goaWrap",
            "goAdverticum",
            "z-holder",
            "frip-inline",
            "referer-tip",
            "email-under-article",
            "dinamic-related",
            "related-articles",
            "news-item",
            "voting",
            "sport_inline_data",
        ]
    ),
    ids=frozenset({"article-related", "related-articles", "article-tags", "lablec"}),
)
# A live blog's opening text is its content container without the posts.
_NOT_OPENING = _NOT_BODY | NotBody(
    classes=frozenset({"article-pp-list", "nwm-article-pp", "nwm-pp-holder"})
)

_SELECTORS = Selectors(
    title=(f"//header[@id='article-head']//h1 | //h1[{has_class('article-title')}]"),
    authors=(
        f"//header[@id='article-head']//span[{has_class('article-author')}]"
        f" | //div[{has_class('article-info')}]//span[{has_class('article-author')}]"
    ),
    # Naive "2019-07-14T12:45": Budapest wall-clock time.
    published=(
        f"//span[@id='article-date']/@datetime | //div[{has_class('article-date')}]/@datetime"
    ),
    tags=f"//div[{has_class('article-meta')}]//a[not({has_class('category-meta')})]",
    title_affix=re.compile(r"\s+[|–-]\s+(?:ORIGO|Origo)(?:\.hu)?\s*$"),
)
_LEAD = f"//div[{has_class('article-lead')}][not(ancestor::aside)]"
# Body containers, most specific first: the layouts' content div, then the older
# whole-article containers (their lead is not body, see _NOT_BODY).
_BODIES = (
    f"//div[{has_class('article-content')}][not(ancestor::aside)]",
    "//article[@id='article-text'] | //div[@id='article-text']",
    f"//article[{has_class('article-body')}]",
)
_POSTS = f"//div[{has_class('nwm-pp-holder')}]"
_PAGER = (
    f"//div[{has_class('article-pager')}]//a/@href"
    f" | //a[{has_class('ap-next')}]/@href | //a[@rel='next']/@href"
)
_GALLERY = f"/html/body[{has_class('gallery')} or {has_class('page-gallery')}]"
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\s+és\s+)\s*")
_AUTHOR_LABEL = re.compile(r"^(?:Szerző|Szöveg)\s*:\s*", re.IGNORECASE)
_CLOCK = re.compile(r"\b(?P<h>[01]?\d|2[0-3])[:.](?P<m>[0-5]\d)\b")


class Origo(Site):
    name: ClassVar[str] = "origo.hu"
    hosts: ClassVar[frozenset[str]] = _HOSTS
    first_day: ClassVar[date] = ARCHIVE_START

    # --- URLs -----------------------------------------------------------------------

    def article_url(self, url: str) -> str | None:
        """``https://www.origo.hu`` + the path: page numbers (``pIdx``), tracking
        parameters and fragments dropped; http, ``origo.hu`` and ``m.`` mapped."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https", "") or (parts.hostname or "") not in _HOSTS:
            return None
        match = _ARTICLE_PATH.match(parts.path)
        if not match or not _NOT_ARTICLES.isdisjoint(parts.path.split("/")):
            return None
        try:
            date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return None
        return ORIGIN + parts.path

    def section_of(self, canonical: str) -> str | None:
        match = _ARTICLE_PATH.match(urlsplit(canonical).path)
        return match["section"] if match else None

    def article_date(self, canonical: str) -> date | None:
        """None: the URL's day is the creation day, not the publication day (see the
        module docstring), so it must not decide what a backfill fetches."""
        return None

    # --- listings -------------------------------------------------------------------

    def listings(self, section: str) -> list[Listing]:
        return [Listing(FEED, "feed"), Listing(f"{ORIGIN}/{section}/index.html")]

    def date_archives(self, section: str, first: date, last: date) -> list[Listing]:
        """One whole-site day archive per day, newest first (URLs name the section)."""
        if last < ARCHIVE_START:
            raise NoDateArchive(f"{self.name}'s archive starts on {ARCHIVE_START.isoformat()}")
        first = max(first, ARCHIVE_START)
        days = (last - timedelta(days=n) for n in range((last - first).days + 1))
        return [Listing(f"{ORIGIN}/hir-archivum/{d:%Y}/{d:%Y%m%d}.html") for d in days]

    def listing_links(self, doc: html.HtmlElement, url: str) -> list[str]:
        """A day archive's article list only (its calendar and menus link elsewhere);
        every link of any other listing."""
        listed = doc.xpath(
            f"//div[@id='archive-articles']//div[{has_class('archive-cikk')}]//a/@href"
        )
        return listed or doc.xpath("//a/@href")

    # --- pages ----------------------------------------------------------------------

    def parse(self, doc: html.HtmlElement, url: str, reading: Reading | None = None) -> Page:
        if doc.xpath(_GALLERY):
            raise NotAnArticle("gallery", "a photo gallery: captions only")
        budget = budget_of(reading)
        meta = read_metadata(doc, url, _SELECTORS, self.dates(reading))
        meta.section = self.section_of(url)
        meta.authors = _names(meta.authors)
        meta.lead = _lead(doc)
        body = _body(doc)
        holders = doc.xpath(_POSTS)
        if holders:
            return Page.of(
                "liveblog",
                meta,
                paragraphs=budget.body(
                    paragraphs(body, not_body=_NOT_OPENING) if body is not None else []
                ),
                posts=budget.posts(_posts(holders, meta.published)),
                next_page=_next_page(doc, url),
            )
        if body is None:
            raise Unrecognised("no div.article-content, #article-text or nwm-pp-holder")
        return Page.of(
            "article",
            meta,
            paragraphs=budget.body(paragraphs(body, not_body=_NOT_BODY)),
            next_page=_next_page(doc, url),
        )


def _body(doc: html.HtmlElement) -> html.HtmlElement | None:
    for xpath in _BODIES:
        found = doc.xpath(xpath)
        if found:
            return found[0]
    return None


def _lead(doc: html.HtmlElement) -> str | None:
    """The standfirst as displayed (its paragraphs), None when the page shows none
    (later pages of a multi-page article have none)."""
    for element in doc.xpath(_LEAD):
        text = "\n\n".join(paragraphs(element, not_body=_NOT_BODY))
        if text:
            return text
    return None


def _names(values: list[str]) -> list[str]:
    """One name per entry: a byline span may print "Kovács Béla, Nagy Anna"."""
    names: dict[str, None] = {}
    for value in values:
        for name in _AUTHOR_SPLIT.split(_AUTHOR_LABEL.sub("", value)):
            if name and name.casefold() not in {n.casefold() for n in names}:
                names[name] = None
    return list(names)


def _next_page(doc: html.HtmlElement, url: str) -> str | None:
    """The following page (``?pIdx=N``) of the same article, only ever moving forward.

    The pager links first, previous, numbered and next pages: page numbers decide.
    """
    here = SITE.article_url(url)
    if here is None:
        return None
    current = _page_index(url)
    later: set[int] = set()
    for href in doc.xpath(_PAGER):
        target = urljoin(url, href)
        number = _page_index(target)
        if number > current and SITE.article_url(target) == here:
            later.add(number)
    return f"{here}?{_PAGE_PARAM}={min(later)}" if later else None


def _page_index(url: str) -> int:
    values = parse_qs(urlsplit(url).query).get(_PAGE_PARAM)
    if not values or not values[0].isdigit():
        return 0
    return int(values[0])


# --- live-blog posts ------------------------------------------------------------------


@dataclass
class _RawPost:
    element: html.HtmlElement
    printed: str  # the post's time as printed: "12:45" (or a whole date)
    stamp: datetime | None  # data-itemdate of the wrapping nwm-article-pp


def _posts(holders: list[html.HtmlElement], opened: str | None) -> Iterator[PagePost]:
    raw = [_raw_post(holder) for holder in holders]
    times = _post_times(raw, opened)
    for post, published in zip(raw, times, strict=True):
        content = post.element.xpath(f".//div[{has_class('nwm-pp-content')}]")
        texts = paragraphs(content[0], not_body=_NOT_BODY) if content else []
        title = text_of(next(iter(post.element.xpath(f".//*[{has_class('nwm-pp-title')}]")), None))
        yield PagePost(
            key=_post_key(post.element, title, texts),
            published=published,
            authors=[],
            title=title or None,
            paragraphs=texts,
        )


def _raw_post(holder: html.HtmlElement) -> _RawPost:
    printed = text_of(next(iter(holder.xpath(f".//*[{has_class('nwm-pp-publish')}]")), None))
    stamps = holder.xpath("ancestor-or-self::*[@data-itemdate][1]/@data-itemdate")
    return _RawPost(holder, printed, _item_date(stamps[0]) if stamps else None)


def _post_key(holder: html.HtmlElement, title: str, texts: list[str]) -> str:
    ids = holder.xpath("ancestor-or-self::*[@data-itemid][1]/@data-itemid") or [holder.get("id")]
    if ids[0]:
        return str(ids[0])
    # Without an id, the content itself: a post two pages show is still one post.
    return hashlib.sha1("\n".join([title, *texts]).encode()).hexdigest()[:16]


def _item_date(value: str) -> datetime | None:
    """``data-itemdate`` as a Budapest time: a Unix time, or ``YYYYMMDDhhmm[ss]``."""
    digits = value.strip()
    if not digits.isdigit():
        return None
    when: datetime | None = None
    if len(digits) in (12, 14) and digits[:2] in ("19", "20"):
        try:
            when = datetime.strptime(digits, "%Y%m%d%H%M%S" if len(digits) == 14 else "%Y%m%d%H%M")
        except ValueError:
            return None
        when = when.replace(tzinfo=BUDAPEST)
    elif stamp := from_timestamp(digits):
        when = datetime.fromisoformat(stamp)
    if when is None or not 1998 <= when.year <= 2100:
        return None
    return when


def _post_times(posts: list[_RawPost], opened: str | None) -> list[str | None]:
    """Each post's time. A whole printed date wins; a printed clock time takes its day
    from the post's ``data-itemdate`` when that agrees, else from the sequence: the blog
    opened on the page's publication day, and a clock that runs backwards between two
    consecutive posts (in time order) crossed midnight."""
    clocks = [_clock(p.printed) for p in posts]
    days = _days(clocks, opened)
    times: list[str | None] = []
    for post, clock, day in zip(posts, clocks, days, strict=True):
        if (full := iso_datetime(post.printed)) is not None:
            times.append(full)
        elif post.stamp is not None and (clock is None or clock == _minutes(post.stamp)):
            times.append(post.stamp.isoformat())
        elif clock is not None and (post.stamp is not None or day is not None):
            base = post.stamp.date() if post.stamp is not None else day
            assert base is not None
            moment = datetime(base.year, base.month, base.day, clock // 60, clock % 60)
            times.append(moment.replace(tzinfo=BUDAPEST).isoformat())
        else:
            times.append(None)
    return times


def _clock(printed: str) -> int | None:
    match = _CLOCK.search(printed)
    return int(match["h"]) * 60 + int(match["m"]) if match else None


def _minutes(when: datetime) -> int:
    local = when.astimezone(BUDAPEST)
    return local.hour * 60 + local.minute


def _days(clocks: list[int | None], opened: str | None) -> list[date | None]:
    """The day of each clock time, counted from the opening day in time order; posts
    are listed newest first unless their clocks mostly rise down the page."""
    if opened is None:
        return [None] * len(clocks)
    known = [c for c in clocks if c is not None]
    steps = list(pairwise(known))
    newest_first = sum(b < a for a, b in steps) >= sum(b > a for a, b in steps)
    order = range(len(clocks) - 1, -1, -1) if newest_first else range(len(clocks))
    day = datetime.fromisoformat(opened).astimezone(BUDAPEST).date()
    previous: int | None = None
    days: list[date | None] = [None] * len(clocks)
    for index in order:
        clock = clocks[index]
        if clock is not None:
            if previous is not None and clock < previous:
                day += timedelta(days=1)
            previous = clock
        days[index] = day
    return days


SITE = Origo()
