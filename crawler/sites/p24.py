"""Everything the crawler knows about 24.hu and its sister hosts on the same CMS.

24.hu is a WordPress site with its own theme, the same on rangado.24.hu (sport, renamed
sport24.24.hu in 2021): records of those hosts name their own host as ``source``.
Article addresses carry the section and the day, ``/kulfold/2015/11/24/slug/``; the
section is known by its URL, not by its title (Külföld was "Nagyvilág" in earlier years).

Pages (as served 2019–2021, old articles re-rendered in the same layout): headline
``h1.o-post__title``, standfirst ``div.o-post__lead``, byline ``div.o-post__author``
with ``a.m-author__name`` per author, body ``div.o-post__body``. A live blog's body is
its opening text (``div.-liveBody``), followed by ``article.m-livePost__events`` posts
whose headers print a clock time ("06:12") or, at a match, the minute ("43'", "Félidő").

Live-blog pages are numbered newest-first: the article address shows the newest posts
and is page N of the pager, ``/N-1/`` … ``/1/`` hold ever older ones, ``/1/`` the oldest.
The crawl starts at the article address, reads the number the pager marks as current
and moves one page down each time (N → N-1 → … → 1), so every page is read once and
never one it has read: a page's number only ever decreases. Post anchors (``#slug``),
page numbers (``/3/``, ``/3``) and tracking parameters all map to the article's address.

Listings: the section feed ``/kulfold/feed/`` and the section page; date archives for
backfill, ``/kulfold/YYYY/MM/`` and ``/kulfold/YYYY/MM/DD/``, paged ``…/page/N/``, newest
first (see :meth:`P24.date_archives` for which of the two is read when).

Pure (HTML and URLs in, data out): reads no settings and writes no stats; the spider
counts what happens to the pages.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from crawler.sites.base import (
    Listing,
    Page,
    PagePost,
    Reading,
    Site,
    Unrecognised,
    budget_of,
    feed_items,
)
from crawler.text.bodytext import NotBody, paragraphs
from crawler.text.metadata import Selectors, read_metadata
from crawler.text.values import BUDAPEST, has_class, hungarian_datetime, text_of, unique

_ORIGINS = {
    "24.hu": "https://24.hu",
    "www.24.hu": "https://24.hu",
    "m.24.hu": "https://24.hu",
    "rangado.24.hu": "https://rangado.24.hu",
    "sport24.24.hu": "https://sport24.24.hu",
}
ORIGIN = "https://24.hu"

# /kulfold/2015/11/24/slug/ (or /fn/gazdasag/…), optionally one more segment: a live-blog
# page number, or a view of the same article (amp, a post's permalink).
_ARTICLE_PATH = re.compile(
    r"^/(?P<section>[a-z0-9_-]+(?:/[a-z0-9_-]+)?)/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})"
    r"/(?P<slug>[A-Za-z0-9_.%-]+)(?:/(?P<sub>[A-Za-z0-9_.%-]+))?/?$"
)
# The menu's sections: a relative link to one from a day listing is never an article.
_SECTIONS = frozenset({"belfold", "kulfold", "gazdasag", "tech", "sport", "kultura", "szorakozas"})
# WordPress words that end a dated path without naming an article (day listing pages).
_NOT_SLUGS = frozenset({"page", "feed", "amp"})
# Date archives of a section: /kulfold/2015/11/, /kulfold/2015/11/24/, then /page/N/.
_ARCHIVE_PATH = re.compile(
    r"^(?P<base>/[a-z0-9_/-]+?/\d{4}/\d{2}/(?:\d{2}/)?)(?:page/(?P<page>\d+)/?)?$"
)

# Nodes inside a body that are not body: media, embeds (their fallback text too), ads,
# share and recommendation widgets, captions, pagers.
_NOT_BODY = NotBody(
    tags=frozenset({"iframe", "figure", "figcaption", "form", "nav"}),
    classes=frozenset(
        [
            "banner-container",
            "banner-wrapper",
            "banner_container",
            "m-articleWidget",
            "m-articRecommend",
            "article-recommendation-container",
            "related-posts-box-old",
            "m-riporter",
            "a-hirstartRecommender",
            "m-authorRecommend",
            "m-recommendedVideoWidget",
            "m-articleListWidget",
            "m-fbComment__txtAndIframeWrap",
            "m-fbLikeWidget",
            "shareItemLikeBox",
            "o-post__authorShare",
            "m-social",
            "m-mileStone",
            "m-livePost__pager",
            "wp-caption",
            "wp-caption-text",
            "gallery",
            "fb-post",
            "fb-video",
            "twitter-tweet",
            "instagram-media",
            "tiktok-embed",
            "m-embedRespo",
            "m-videoArtic__wrap",
            "wp-video",
            "wp-block-embed",
            "wp-embedded-content",
            "embedly-card",
        ]
    ),
    ids=frozenset({"content-toggle-placeholder"}),
)
# The theme names its widgets (data-ce-measure-widget); these names are never text.
_WIDGET_NOT_BODY = re.compile(
    r"ajánló|facebook|likebox|megosztás|lapozó|mérföldk|hírlevél|feliratkoz|kapcsolódó"
    r"|gombok|hirdetés",
    re.IGNORECASE,
)
# Widget families by class prefix: recommendation boxes, galleries, video players, ads.
_WIDGET_CLASS = re.compile(r"^(?:m-articRecommend|m-articleWidget|m-gallery|m-video|banner)")
# A framed box ("Keretes megjelenés") holds facts (a match result) or an appeal.
_FRAMED_BOX = "article_box_border"
_APPEAL = re.compile(
    r"előfizet|fizess\w* elő|feliratkoz|iratkozz|hírlevel|sport24|kipróbálom"
    r"|\bhavi [\d ]+ forint",
    re.IGNORECASE,
)
# The featured image's credit, printed as the body's last paragraph.
_CREDIT = re.compile(
    r"^(?:kiemelt|nyitó|borító|címlap)\s?(?:kép|fotó)(?:unk|ünk)?\s*:", re.IGNORECASE
)
_MAX_CREDIT_CHARS = 200

_SELECTORS = Selectors(
    title=f"//h1[{has_class('o-post__title')}]",
    authors=f"//div[{has_class('o-post__author')}]//*[{has_class('m-author__name')}]",
    # The page's own local time with seconds; the cascade then tries JSON-LD, the meta
    # tags (UTC) and the byline ("2016. 02. 29. 01:10").
    published="//meta[@itemprop='datePublished']/@content",
    # The tag row above the headline only.
    tags=f"(//div[{has_class('o-articleHead__tagWrap')}])[1]//a[{has_class('m-tag__links')}]",
)

_TITLE = f"//h1[{has_class('o-post__title')}]"
_LEAD = f"//div[{has_class('o-post__lead')}]"
_POSTS = f"//article[{has_class('m-livePost__events')}]"
_BODY = (
    f"//div[{has_class('o-post__body')}][not(ancestor::article[{has_class('m-livePost__events')}])]"
)
_PAGER_CURRENT = (
    f"//div[{has_class('m-livePost__pager')}]//*[{has_class('current')}]"
    f" | //div[{has_class('pager')}]//span[{has_class('current')}]"
)
_PAGER_OLDER = f"//div[{has_class('m-livePost__pager')}]//a[{has_class('next')}]/@href"
_CLOCK = re.compile(r"^(?P<h>\d{1,2})[:.](?P<m>\d{2})$")
# A post may be written shortly before the blog goes live; a clock time earlier than
# the blog's start by more than this is read as the next day's.
_EARLY_POSTS = timedelta(hours=1)


class P24(Site):
    name: ClassVar[str] = "24.hu"
    hosts: ClassVar[frozenset[str]] = frozenset(_ORIGINS)
    article_path = _ARTICLE_PATH
    section_slugs: ClassVar[frozenset[str]] = _SECTIONS
    # The oldest articles its archives list are from the early 2000s.
    first_day: ClassVar[date] = date(2000, 1, 1)

    # --- URLs -----------------------------------------------------------------------

    def article_url(self, url: str) -> str | None:
        found = self.dated_article(url, _ORIGINS)
        if found is None or found[1]["slug"] in _NOT_SLUGS:
            return None
        origin, m, _ = found
        # Page numbers, post anchors and other views all belong to the one record.
        return f"{origin}/{m['section']}/{m['y']}/{m['m']}/{m['d']}/{m['slug']}/"

    # --- listings -------------------------------------------------------------------

    def listings(self, section: str) -> list[Listing]:
        return [Listing(f"{ORIGIN}/{section}/feed/", "feed"), Listing(f"{ORIGIN}/{section}/")]

    def date_archives(self, section: str, first: date, last: date) -> list[Listing]:
        """Newest first: a month the range covers to its last day from its month archive,
        the month the range ends in mid-month from its day listings.

        Archives list newest first and the walk stops at the first page older than the
        range, so a month archive costs only the pages of days in the range (and no
        request per empty day, which matters in the sparse early years); only a month
        cut off at its end would make the walk read the days after the range first, so
        that month is read day by day instead.
        """
        listings: list[Listing] = []
        year, month = last.year, last.month
        while (year, month) >= (first.year, first.month):
            month_end = date(year, month, calendar.monthrange(year, month)[1])
            if last >= month_end:
                listings.append(Listing(f"{ORIGIN}/{section}/{year:04d}/{month:02d}/", walk=True))
            else:
                start = max(first, date(year, month, 1))
                days = (last - timedelta(days=n) for n in range((last - start).days + 1))
                listings += [Listing(f"{ORIGIN}/{section}/{d:%Y/%m/%d}/", walk=True) for d in days]
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return listings

    def listing_links(self, doc: html.HtmlElement, url: str) -> list[str]:
        """On date archives, the article list only: their sidebars list today's news,
        which would keep a backfill walking (its stop rule reads the listed dates)."""
        if _ARCHIVE_PATH.match(urlsplit(url).path):
            listed = doc.xpath(f"//div[{has_class('o-list')}]//a/@href")
            if listed or doc.xpath(f"//div[{has_class('o-list')}]"):
                return listed
        return doc.xpath("//a/@href")

    def next_listing(self, doc: html.HtmlElement, url: str) -> str | None:
        """The archive's next (older) page, ``…/page/N+1/``, only ever forward."""
        here = _ARCHIVE_PATH.match(urlsplit(url).path)
        if not here:
            return None
        current = int(here["page"] or 1)
        for href in doc.xpath(
            f"//link[@rel='next']/@href | //a[{has_class('next')}][{has_class('page-numbers')}]"
            "/@href"
        ):
            target = urljoin(url, href)
            there = _ARCHIVE_PATH.match(urlsplit(target).path)
            if there and there["base"] == here["base"] and int(there["page"] or 1) > current:
                origin = _ORIGINS.get(urlsplit(url).hostname or "", ORIGIN)
                return f"{origin}{there['base']}page/{int(there['page'])}/"
        return None

    def feed_links(self, body: bytes, section: str) -> list[str]:
        # A category feed: every item is the section's (the URL check still applies).
        return feed_items(body)

    # --- pages ----------------------------------------------------------------------

    def parse(self, doc: html.HtmlElement, url: str, reading: Reading | None = None) -> Page:
        body = doc.xpath(_BODY)
        if not body or not doc.xpath(_TITLE):
            raise Unrecognised("no h1.o-post__title or no div.o-post__body")
        budget = budget_of(reading)
        meta = read_metadata(doc, url, _SELECTORS, self.dates(reading))
        meta.section = self.section_of(url)
        # Rendered like the body: a lead of several paragraphs or lines keeps them.
        lead = doc.xpath(_LEAD)
        meta.lead = ("\n\n".join(paragraphs(lead[0], not_body=_NOT_BODY)) or None) if lead else None
        opening = budget.body(paragraphs(body[0], not_body=_NOT_BODY, skip=_not_text))
        posts = doc.xpath(_POSTS)
        if not posts:
            return Page.of("article", meta, paragraphs=opening)
        start = _local(meta.published)
        return Page.of(
            "liveblog",
            meta,
            paragraphs=opening,
            posts=budget.posts(_post(node, start) for node in posts),
            next_page=self._older_page(doc, url),
        )

    def _older_page(self, doc: html.HtmlElement, url: str) -> str | None:
        """The next older page: the one numbered one below this page's number (the URL's,
        or on the article address the pager's current one); None on page 1."""
        canonical = self.article_url(url)
        if canonical is None:
            return None
        current = _page_number(url)
        if current is None:
            marked = [text_of(n) for n in doc.xpath(_PAGER_CURRENT)]
            current = next((int(t) for t in marked if t.isdigit()), None)
        if current is None:
            # No number marked on the article address (the newest page): its "older"
            # link names the next page; from there on the URL carries the number.
            for href in doc.xpath(_PAGER_OLDER):
                target = urljoin(url, href)
                number = _page_number(target)
                if number is not None and self.article_url(target) == canonical:
                    return f"{canonical}{number}/"
            return None
        if current <= 1:
            return None
        return f"{canonical}{current - 1}/"


def _not_text(node: etree._Element) -> bool:
    """Body nodes that are not body by what they are, not by their class alone."""
    widget = node.get("data-ce-measure-widget")
    if widget and _WIDGET_NOT_BODY.search(widget):
        return True
    names = (node.get("class") or "").split()
    if any(_WIDGET_CLASS.match(name) for name in names):
        return True
    if _FRAMED_BOX in names:
        return bool(_APPEAL.search(node.text_content()))
    if node.tag == "p":
        text = node.text_content().strip()
        return len(text) <= _MAX_CREDIT_CHARS and bool(_CREDIT.match(text))
    return False


def _post(node: html.HtmlElement, start: datetime | None) -> PagePost:
    stamp = text_of(next(iter(node.xpath(f".//*[{has_class('m-livePost__postTag')}]")), None))
    title = node.xpath(f".//*[{has_class('m-livePost__postTitle')}]")
    text = node.xpath(f".//div[{has_class('livepost-event-body')}]") or node.xpath(
        f".//div[{has_class('o-post__body')}]"
    )
    return PagePost(
        key=node.get("id") or "",
        published=_post_time(stamp, start),
        authors=unique(text_of(n) for n in _post_authors(node)),
        title=(text_of(title[0]) or None) if title else None,
        paragraphs=paragraphs(text[0], not_body=_NOT_BODY, skip=_not_text) if text else [],
    )


def _post_authors(node: html.HtmlElement) -> list[html.HtmlElement]:
    """One node per name printed in the post's header."""
    return node.xpath(
        f".//*[{has_class('livepost-event-authors')}]//*[{has_class('author-name')}]"
    ) or node.xpath(f".//*[{has_class('m-livePost__postAuthor')}]")


def _post_time(printed: str, start: datetime | None) -> str | None:
    """A post's time: a full date as printed ("2022. 02. 24. 06:12"), or a clock time
    ("06:12") on the day it falls on, within the 24 hours from the blog's start. A match
    minute ("43'", "Félidő") states no time: None."""
    if dated := hungarian_datetime(printed):
        return dated
    match = _CLOCK.match(printed)
    if match is None or start is None:
        return None
    hour, minute = int(match["h"]), int(match["m"])
    if hour > 23 or minute > 59:
        return None
    earliest = start - _EARLY_POSTS
    when = datetime.combine(earliest.date(), time(hour, minute), tzinfo=BUDAPEST)
    if when.replace(tzinfo=None) < earliest.replace(tzinfo=None):
        when = datetime.combine(earliest.date() + timedelta(days=1), time(hour, minute), BUDAPEST)
    return when.isoformat()


def _local(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).astimezone(BUDAPEST)
    except ValueError:
        return None


def _page_number(url: str) -> int | None:
    match = _ARTICLE_PATH.match(urlsplit(url).path)
    if not match or not match["sub"] or not match["sub"].isdigit():
        return None
    return int(match["sub"])


SITE = P24()
