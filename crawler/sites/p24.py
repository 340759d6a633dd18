"""Everything the crawler knows about 24.hu and its sister hosts on the same CMS.

24.hu is a WordPress site with its own theme, the same on rangado.24.hu (sport, renamed
sport24.24.hu in 2021): records of those hosts name their own host as ``source``.
Article addresses carry the section and the day, ``/kulfold/2015/11/24/slug/``; the
section is known by its URL, not by its title (Külföld was "Nagyvilág" in earlier years).

Pages: one layout, :class:`V2019`.

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
from datetime import date
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from crawler.sites.base import Listing, Page, PagePost
from crawler.sites.toolkit import (
    NOT_BODY,
    Dated,
    Layout,
    PageContext,
    Portal,
    clock_times,
    days_newest_first,
    forward_page,
    read_clock,
    same_origin,
)
from crawler.text.bodytext import NotBody
from crawler.text.metadata import Selectors
from crawler.text.values import has_class, hungarian_datetime, text_of, unique

ORIGIN = "https://24.hu"

# /kulfold/2015/11/24/slug/ (or /fn/gazdasag/…), optionally one more segment: a live-blog
# page number, or a view of the same article (amp, a post's permalink).
_ARTICLE_PATH = re.compile(
    r"^/(?P<section>[a-z0-9_-]+(?:/[a-z0-9_-]+)?)/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})"
    r"/(?P<slug>[A-Za-z0-9_.%-]+)(?:/(?P<sub>[A-Za-z0-9_.%-]+))?/?$"
)
# WordPress words that end a dated path without naming an article (day listing pages).
_NOT_SLUGS = frozenset({"page", "feed", "amp"})
# Date archives of a section: /kulfold/2015/11/, /kulfold/2015/11/24/, then /page/N/.
_ARCHIVE_PATH = re.compile(
    r"^(?P<base>/[a-z0-9_/-]+?/\d{4}/\d{2}/(?:\d{2}/)?)(?:page/(?P<page>\d+)/?)?$"
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


class V2019(Layout):
    """As served 2019–2021 (old articles re-rendered in it): headline
    ``h1.o-post__title``, standfirst ``div.o-post__lead``, byline ``div.o-post__author``
    with ``a.m-author__name`` per author, body ``div.o-post__body``. A live blog's body
    is its opening text (``div.-liveBody``), followed by ``article.m-livePost__events``
    posts whose headers print a clock time ("06:12") or, at a match, the minute ("43'",
    "Félidő")."""

    selectors = Selectors(
        title=_TITLE,
        authors=f"//div[{has_class('o-post__author')}]//*[{has_class('m-author__name')}]",
        # The page's own local time with seconds; the cascade then tries JSON-LD, the meta
        # tags (UTC) and the byline ("2016. 02. 29. 01:10").
        published="//meta[@itemprop='datePublished']/@content",
        # The tag row above the headline only.
        tags=f"(//div[{has_class('o-articleHead__tagWrap')}])[1]//a[{has_class('m-tag__links')}]",
    )
    # Media, embeds (their fallback text too), ads, share and recommendation widgets,
    # captions, pagers.
    not_body = NOT_BODY | NotBody(
        classes=frozenset(
            {
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
                "m-embedRespo",
                "m-videoArtic__wrap",
                "wp-video",
                "wp-block-embed",
                "wp-embedded-content",
            }
        ),
        ids=frozenset({"content-toggle-placeholder"}),
    )

    def recognises(self, doc: html.HtmlElement) -> bool:
        return bool(doc.xpath(_BODY)) and bool(doc.xpath(_TITLE))

    def read(self, page: PageContext) -> Page:
        meta = page.metadata()
        # Rendered like the body: a lead of several paragraphs or lines keeps them.
        lead = page.xpath(_LEAD)
        meta.lead = ("\n\n".join(page.text(lead[0])) or None) if lead else None
        opening = page.text(page.xpath(_BODY)[0], skip=_not_text)
        nodes = page.xpath(_POSTS)
        if not nodes:
            return page.article(meta, opening)
        # Headers print a whole date, a clock time, or a match minute (no time at all).
        printed = [
            text_of(next(iter(n.xpath(f".//*[{has_class('m-livePost__postTag')}]")), None))
            for n in nodes
        ]
        dated = [hungarian_datetime(text) for text in printed]
        clocks = [
            None if when else read_clock(text) for when, text in zip(dated, printed, strict=True)
        ]
        times = clock_times(clocks, meta.published, newest_first=True)
        return page.liveblog(
            meta,
            (
                self.post(page, node, when or clock)
                for node, when, clock in zip(nodes, dated, times, strict=True)
            ),
            opening=opening,
            next_page=_older_page(page, page.url),
        )

    def post(self, page: PageContext, node: html.HtmlElement, published: str | None) -> PagePost:
        title = node.xpath(f".//*[{has_class('m-livePost__postTitle')}]")
        text = node.xpath(f".//div[{has_class('livepost-event-body')}]") or node.xpath(
            f".//div[{has_class('o-post__body')}]"
        )
        # One node per name printed in the post's header.
        authors = node.xpath(
            f".//*[{has_class('livepost-event-authors')}]//*[{has_class('author-name')}]"
        ) or node.xpath(f".//*[{has_class('m-livePost__postAuthor')}]")
        return PagePost(
            key=node.get("id") or "",
            published=published,
            authors=unique(text_of(n) for n in authors),
            title=(text_of(title[0]) or None) if title else None,
            paragraphs=page.text(text[0], skip=_not_text) if text else [],
        )


class P24(Portal):
    name: ClassVar[str] = "24.hu"
    origins: ClassVar[dict[str, str]] = {
        **same_origin(ORIGIN, "www.24.hu", "m.24.hu"),
        **same_origin("https://rangado.24.hu"),
        **same_origin("https://sport24.24.hu"),
    }
    article_path = _ARTICLE_PATH
    # The menu's sections: a relative link to one from a day listing is never an article.
    section_slugs = frozenset(
        {"belfold", "kulfold", "gazdasag", "tech", "sport", "kultura", "szorakozas"}
    )
    # The oldest articles its archives list are from the early 2000s.
    first_day = date(2000, 1, 1)
    layouts = (V2019(),)

    def dated(self, url: str) -> Dated | None:
        found = super().dated(url)
        return None if found is None or found["slug"] in _NOT_SLUGS else found

    def article_url(self, url: str) -> str | None:
        found = self.dated(url)
        if found is None:
            return None
        m = found.match
        # Page numbers, post anchors and other views all belong to the one record.
        return f"{found.origin}/{m['section']}/{m['y']}/{m['m']}/{m['d']}/{m['slug']}/"

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
        first, last = self.archive_span(first, last)
        listings: list[Listing] = []
        year, month = last.year, last.month
        while (year, month) >= (first.year, first.month):
            month_end = date(year, month, calendar.monthrange(year, month)[1])
            if last >= month_end:
                listings.append(Listing(f"{ORIGIN}/{section}/{year:04d}/{month:02d}/", walk=True))
            else:
                days = days_newest_first(max(first, date(year, month, 1)), last)
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
        following = forward_page(
            url,
            doc.xpath(
                f"//link[@rel='next']/@href"
                f" | //a[{has_class('next')}][{has_class('page-numbers')}]/@href"
            ),
            _archive_page,
            same=lambda target: _archive_base(target) == here["base"],
        )
        if following is None:
            return None
        origin = self.origins.get(urlsplit(url).hostname or "", ORIGIN)
        return f"{origin}{here['base']}page/{following[0]}/"


def _archive_base(url: str) -> str | None:
    match = _ARCHIVE_PATH.match(urlsplit(url).path)
    return match["base"] if match else None


def _archive_page(url: str) -> int | None:
    match = _ARCHIVE_PATH.match(urlsplit(url).path)
    return int(match["page"] or 1) if match else None


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


def _older_page(page: PageContext, url: str) -> str | None:
    """The next older page: the one numbered one below this page's number (the URL's,
    or on the article address the pager's current one); None on page 1."""
    canonical = page.site.article_url(url)
    if canonical is None:
        return None
    current = _page_number(url)
    if current is None:
        marked = [text_of(n) for n in page.xpath(_PAGER_CURRENT)]
        current = next((int(t) for t in marked if t.isdigit()), None)
    if current is None:
        # No number marked on the article address (the newest page): its "older"
        # link names the next page; from there on the URL carries the number.
        for href in page.xpath(_PAGER_OLDER):
            target = urljoin(url, href)
            number = _page_number(target)
            if number is not None and page.site.article_url(target) == canonical:
                return f"{canonical}{number}/"
        return None
    if current <= 1:
        return None
    return f"{canonical}{current - 1}/"


def _page_number(url: str) -> int | None:
    match = _ARTICLE_PATH.match(urlsplit(url).path)
    if not match or not match["sub"] or not match["sub"].isdigit():
        return None
    return int(match["sub"])


SITE = P24()
