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
parser, checked against the captured day archive and its links): two layouts,
:class:`V2014` and :class:`V2020`, whose headers differ and whose bodies are the same.

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

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar
from urllib.parse import urlsplit

from lxml import html

from crawler.sites.base import (
    Listing,
    NotAnArticle,
    Page,
    PagePost,
    Reading,
    Unrecognised,
)
from crawler.sites.toolkit import (
    NOT_BODY,
    Dated,
    Layout,
    PageContext,
    Portal,
    clock_times,
    content_key,
    days_newest_first,
    forward_page,
    query_number,
    read_clock,
    same_origin,
)
from crawler.text.bodytext import NotBody
from crawler.text.metadata import Selectors
from crawler.text.values import (
    BUDAPEST,
    DateWindow,
    from_timestamp,
    has_class,
    iso_datetime,
    split_names,
    text_of,
)

ORIGIN = "https://www.origo.hu"
FEED = f"{ORIGIN}/contentpartner/rss/origoall/origo.xml"

_NOT_ARTICLES = frozenset({"galeria"})  # path segments of pages that are no articles
_PAGE_PARAM = "pIdx"

# Body containers, most specific first: the layouts' content div, then the older
# whole-article containers (their lead is not body, see the layouts' not_body).
_BODIES = (
    f"//div[{has_class('article-content')}][not(ancestor::aside)]",
    "//article[@id='article-text'] | //div[@id='article-text']",
    f"//article[{has_class('article-body')}]",
)
_POSTS = f"//div[{has_class('nwm-pp-holder')}]"
_LEAD = f"//div[{has_class('article-lead')}][not(ancestor::aside)]"
_PAGER = (
    f"//div[{has_class('article-pager')}]//a/@href"
    f" | //a[{has_class('ap-next')}]/@href | //a[@rel='next']/@href"
)
_GALLERY = f"/html/body[{has_class('gallery')} or {has_class('page-gallery')}]"
_AUTHOR_LABEL = re.compile(r"^(?:Szerző|Szöveg)\s*:\s*", re.IGNORECASE)
# A live blog's opening text is its content container without the posts.
_POST_BOXES = NotBody(classes=frozenset({"article-pp-list", "nwm-article-pp", "nwm-pp-holder"}))


class V2014(Layout):
    """2014–2020 (live blogs kept it: 2022): ``header#article-head`` (``h1``;
    ``div.address.top`` with ``span.article-author`` and ``span#article-date[datetime]``,
    naive Budapest time), ``article#article-text`` holding ``div.article-lead`` and
    ``div.article-content``. Also the last resort for pages with a known body container
    and no known header."""

    selectors = Selectors(
        title="//header[@id='article-head']//h1",
        authors=f"//header[@id='article-head']//span[{has_class('article-author')}]",
        # Naive "2019-07-14T12:45": Budapest wall-clock time.
        published="//span[@id='article-date']/@datetime",
        # The news pages' div.article-meta; other sections of the same years (autó, sport,
        # tudomány in 2019) list them in section#article-tags.article-tags, each a link
        # to cimkezes.origo.hu/cimkek/.
        tags=(
            f"//div[{has_class('article-meta')}]//a[not({has_class('category-meta')})]"
            f" | //*[@id='article-tags' or {has_class('article-tags')}]//a"
        ),
        title_affix=re.compile(r"\s+[|–-]\s+(?:ORIGO|Origo)(?:\.hu)?\s*$"),
    )
    # Image boxes and captions, the pager, ads, share bars, related/recommended boxes,
    # newsletter appeals, and the lead and tags when a layout keeps them inside the body.
    not_body = NOT_BODY | NotBody(
        tags=frozenset({"aside"}),
        classes=frozenset(
            {
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
            }
        ),
        ids=frozenset({"article-related", "related-articles", "article-tags", "lablec"}),
    )
    marker = " | ".join((*_BODIES, _POSTS))

    def read(self, page: PageContext) -> Page:
        meta = page.metadata()
        meta.authors = split_names(meta.authors, strip=_AUTHOR_LABEL)
        # The standfirst as displayed; later pages of a multi-page article show none.
        meta.lead = next(
            (text for el in page.xpath(_LEAD) if (text := "\n\n".join(page.text(el)))), None
        )
        body = next((found[0] for xpath in _BODIES if (found := page.xpath(xpath))), None)
        following = _next_page(page)
        holders = page.xpath(_POSTS)
        if not holders:
            if body is None:
                raise Unrecognised("no div.article-content or #article-text")
            return page.article(meta, page.text(body), following)
        not_opening = self.not_body | _POST_BOXES
        return page.liveblog(
            meta,
            self.posts(page, holders, meta.published),
            opening=page.text(body, not_body=not_opening) if body is not None else [],
            next_page=following,
        )

    def posts(
        self, page: PageContext, holders: list[html.HtmlElement], opened: str | None
    ) -> Iterator[PagePost]:
        raw = [_raw_post(holder, page.window) for holder in holders]
        times = _post_times(raw, opened)
        for post, published in zip(raw, times, strict=True):
            content = post.element.xpath(f".//div[{has_class('nwm-pp-content')}]")
            texts = page.text(content[0]) if content else []
            title = text_of(
                next(iter(post.element.xpath(f".//*[{has_class('nwm-pp-title')}]")), None)
            )
            yield PagePost(
                key=_post_key(post.element, title, texts),
                published=published,
                authors=[],
                title=title or None,
                paragraphs=texts,
            )


class V2020(V2014):
    """2020–2022 articles: ``header.article-head`` (``h1.article-title``),
    ``div.article-info`` with ``span.article-author`` and ``div.article-date[datetime]``;
    the lead and content as before."""

    selectors = dataclasses.replace(
        V2014.selectors,
        title=f"//h1[{has_class('article-title')}]",
        authors=f"//div[{has_class('article-info')}]//span[{has_class('article-author')}]",
        published=f"//div[{has_class('article-date')}]/@datetime",
    )
    marker = f"//header[{has_class('article-head')}]"


class Origo(Portal):
    name: ClassVar[str] = "origo.hu"
    origins: ClassVar[dict[str, str]] = same_origin(ORIGIN, "origo.hu", "m.origo.hu")
    # The section, up to three sub-paths (``percrolpercre``, ``futball``, ``olimpia/2012``),
    # then the creation day and a non-empty slug (so day archive pages never match).
    article_path = re.compile(
        r"^/(?P<section>[a-z0-9-]+)/(?:[a-z0-9-]+/){0,3}"
        r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})-?(?P<slug>[A-Za-z0-9_.()%-]+)\.html$"
    )
    first_day = date(1998, 11, 24)  # the archive calendar's data-first-article-date
    listing_items = (f"//div[@id='archive-articles']//div[{has_class('archive-cikk')}]//a/@href",)
    layouts = (V2020(), V2014())

    def dated(self, url: str) -> Dated | None:
        found = super().dated(url)
        if found is None or not _NOT_ARTICLES.isdisjoint(urlsplit(url).path.split("/")):
            return None
        return found

    def article_url(self, url: str) -> str | None:
        """``https://www.origo.hu`` + the path: page numbers (``pIdx``), tracking
        parameters and fragments dropped; http, ``origo.hu`` and ``m.`` mapped."""
        return ORIGIN + urlsplit(url.strip()).path if self.dated(url) else None

    def article_date(self, canonical: str) -> date | None:
        """None: the URL's day is the creation day, not the publication day (see the
        module docstring), so it must not decide what a backfill fetches."""
        return None

    def listings(self, section: str) -> list[Listing]:
        return [Listing(FEED, "feed"), Listing(f"{ORIGIN}/{section}/index.html")]

    def date_archives(self, section: str, first: date, last: date) -> list[Listing]:
        """One whole-site day archive per day, newest first (URLs name the section)."""
        first, last = self.archive_span(first, last)
        return [
            Listing(f"{ORIGIN}/hir-archivum/{d:%Y}/{d:%Y%m%d}.html")
            for d in days_newest_first(first, last)
        ]

    def parse(self, doc: html.HtmlElement, url: str, reading: Reading | None = None) -> Page:
        if doc.xpath(_GALLERY):
            raise NotAnArticle("gallery", "a photo gallery: captions only")
        return super().parse(doc, url, reading)


def _next_page(page: PageContext) -> str | None:
    """The following page (``?pIdx=N``, zero-based) of the same article, only forward."""
    here = page.site.article_url(page.url)
    if here is None:
        return None
    following = forward_page(
        page.url,
        page.xpath(_PAGER),
        lambda url: query_number(url, _PAGE_PARAM) or 0,
        first=0,
        same=lambda target: page.site.article_url(target) == here,
    )
    return f"{here}?{_PAGE_PARAM}={following[0]}" if following else None


# --- live-blog posts ------------------------------------------------------------------


@dataclass
class _RawPost:
    element: html.HtmlElement
    printed: str  # the post's time as printed: "12:45" (or a whole date)
    stamp: datetime | None  # data-itemdate of the wrapping nwm-article-pp


def _raw_post(holder: html.HtmlElement, window: DateWindow) -> _RawPost:
    printed = text_of(next(iter(holder.xpath(f".//*[{has_class('nwm-pp-publish')}]")), None))
    stamps = holder.xpath("ancestor-or-self::*[@data-itemdate][1]/@data-itemdate")
    stamp = _item_date(stamps[0]) if stamps else None
    if stamp is not None and not window.admits(stamp.isoformat()):
        stamp = None  # no time of this blog: its printed clock time decides
    return _RawPost(holder, printed, stamp)


def _post_key(holder: html.HtmlElement, title: str, texts: list[str]) -> str:
    ids = holder.xpath("ancestor-or-self::*[@data-itemid][1]/@data-itemid") or [holder.get("id")]
    if ids[0]:
        return str(ids[0])
    return content_key(title, *texts)


def _item_date(value: str) -> datetime | None:
    """``data-itemdate`` as a Budapest time: a Unix time, or ``YYYYMMDDhhmm[ss]``."""
    digits = value.strip()
    if not digits.isdigit():
        return None
    if len(digits) in (12, 14) and digits[:2] in ("19", "20"):
        try:
            when = datetime.strptime(digits, "%Y%m%d%H%M%S" if len(digits) == 14 else "%Y%m%d%H%M")
        except ValueError:
            return None
        return when.replace(tzinfo=BUDAPEST)
    stamp = from_timestamp(digits)
    return datetime.fromisoformat(stamp) if stamp else None


def _post_times(posts: list[_RawPost], opened: str | None) -> list[str | None]:
    """Each post's time. A whole printed date wins; a printed clock time takes its day
    from the post's ``data-itemdate`` when that agrees, else from the sequence of clock
    times (:func:`~crawler.sites.toolkit.clock_times`)."""
    whole = [iso_datetime(p.printed) for p in posts]
    clocks = [
        None if full else read_clock(p.printed, anywhere=True)
        for full, p in zip(whole, posts, strict=True)
    ]
    sequence = clock_times(clocks, opened)
    times: list[str | None] = []
    for post, full, clock, in_sequence in zip(posts, whole, clocks, sequence, strict=True):
        local = post.stamp.astimezone(BUDAPEST) if post.stamp is not None else None
        if full is not None:
            times.append(full)
        elif local is not None and clock in (None, (local.hour, local.minute)):
            times.append(post.stamp.isoformat())  # type: ignore[union-attr]
        elif local is not None and clock is not None:
            moment = datetime(local.year, local.month, local.day, *clock, tzinfo=BUDAPEST)
            times.append(moment.isoformat())
        else:
            times.append(in_sequence)
    return times


SITE = Origo()
