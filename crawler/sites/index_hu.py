"""Everything the crawler knows about index.hu and its sister sites on the same CMS.

velvet.hu (and divany.hu, totalcar.hu) run on the same CMS, so this module reads their
pages too; their records name their own host as ``source``. Backfills read the
``/24ora/`` date-range search (``p=0, 1, …``) and the section's day pages.
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar
from urllib.parse import urlsplit

from lxml import html

from crawler.sites.base import Listing, Page, PagePost
from crawler.sites.toolkit import (
    NOT_BODY,
    Layout,
    PageContext,
    Portal,
    days_newest_first,
    forward_page,
    query_number,
    same_origin,
)
from crawler.text.bodytext import NotBody
from crawler.text.metadata import Selectors
from crawler.text.values import from_timestamp, has_class, text_of, unique

ORIGIN = "https://index.hu"

# /kulfold/2024/05/06/slug/ optionally followed by one more segment: a digit page number
# of a multi-page article, or the slug of a post inside a live blog.
_ARTICLE_PATH = re.compile(
    r"^/(?P<section>[a-z0-9_-]+(?:/[a-z0-9_-]+)?)/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})"
    r"/(?P<slug>[A-Za-z0-9_.%-]+)(?:/(?P<sub>[A-Za-z0-9_.%-]+))?/?$"
)
_BODY = f"//div[{has_class('cikk-torzs')}]"
_POSTS = f"//li[{has_class('pp-post')}]"
_CURRENT_POST_BOX = f"ancestor::ul[{has_class('current-post')}]"


class V2020(Layout):
    """Since the 2020 redesign (pages captured 2021–2022, old articles re-rendered in it):
    the body in ``div.cikk-torzs``, the lead outside it in ``div.lead``; live blogs
    ("percről percre") on the ``pp-`` markup, ``li.pp-post`` per post, further pages at
    ``?p=1``, ``?p=2``."""

    selectors = Selectors(
        title=f"//div[{has_class('content-title')}]//h1",
        lead=f"//div[{has_class('lead')}]",
        # One name per byline entry: its link, or (a desk, "Index", "MTI") its text.
        authors=(
            f"//div[{has_class('szerzok_container')}]//a"
            f" | //div[{has_class('szerzok_container')}]//div[{has_class('szerzo')}][not(.//a)]"
        ),
        # The byline's printed time, "2011.02.03. 10:15" (Budapest), after the meta tags.
        published=(
            "//meta[@property='article:published_time']/@content"
            f" | //div[{has_class('author-share-date')}]//div[{has_class('datum')}]"
        ),
        tags=(
            f"//ul[{has_class('cikk-cimkek')}]//a[not({has_class('cimke-rovat')})]"
            f" | //ul[{has_class('cikk-cimkek')}]//a[{has_class('cimke-rovat-light')}]"
        ),
        # <title> is "Index - Külföld - <headline>".
        title_affix=re.compile(r"^(?:Index|Velvet|Dívány|Totalcar)\s+-\s+[^-]+?\s+-\s+"),
    )
    # Image boxes and their captions, pagers, ad slots, share bars, embedded "related"
    # boxes, the Facebook/Meta notice.
    not_body = NOT_BODY | NotBody(
        classes=frozenset(
            {
                "kep",
                "kepala",
                "miniapp",
                "szerkfotoimage",
                "iap",
                "ad-container",
                "hirdetes",
                "pager",
                "tobboldalas_cikk",
                "meta-twitter",
                "social-stripe",
                "social",
                "index-social-box",
                "megoszt",
                "cikk-bottom-box",
                "cikk-bottom-text-ad",
                "cikk-inline-ad",
                "kapcsolodo",
                "ajanlo",
                "related",
                "pp-post-tags",
                "nm_widget",
                # Reader-support boxes: "Köszönjük, hogy olvasol minket! … támogasd az
                # Indexet!" inside div.cikk-torzs (ELTE-DH HTML2TEI's index configuration
                # drops nm_supported__wrapper; the rest are the same box's other states).
                "nm_supported__wrapper",
                "nm_supported",
                "nm_thanks__wrapper",
                "nm_thanks",
                "nm_mini__wrapper",
                "nm_mini",
                "nm_sponsored__wrapper",
                "nm_widget__wrapper",
                "keretes-donate-doboz",
                "newsletter_modal",
                "cikk-vegi-ajanlo-reklamok-container",
                "cikkvegi_dfp",
                "linkpreview",
                "microsite-microsite",
            }
        )
    )
    marker = f"{_BODY} | {_POSTS}"

    def read(self, page: PageContext) -> Page:
        meta = page.metadata()
        every_post = page.xpath(_POSTS)
        # The highlighted post is shown twice: in its box on top and in its place.
        posts = [p for p in every_post if not p.xpath(_CURRENT_POST_BOX)] or every_post
        if posts:
            following = forward_page(
                page.url,
                page.xpath(f"//nav[{has_class('pagination')}]//a[{has_class('next')}]/@href"),
                lambda url: query_number(url, "p"),
                first=0,
            )
            return page.liveblog(
                meta,
                (self.post(page, li) for li in posts),
                next_page=f"{page.url.split('?', 1)[0]}?p={following[0]}" if following else None,
            )
        body = page.xpath(_BODY)[0]
        # The pager shows above and below the text: ``…/slug/2/``.
        following = forward_page(
            page.url,
            body.xpath(f".//nav[{has_class('tobboldalas_cikk')}]//ul//a/@href"),
            _article_page_number,
        )
        return page.article(meta, page.text(body), following[1] if following else None)

    def post(self, page: PageContext, li: html.HtmlElement) -> PagePost:
        stamp = li.xpath(f".//*[{has_class('time')}]//*[@data-timestamp]/@data-timestamp")
        text = li.xpath(f".//div[{has_class('text')}]")
        return PagePost(
            key=li.get("id") or "",
            published=from_timestamp(stamp[0]) if stamp else None,
            authors=unique(text_of(a) for a in li.xpath(f".//div[{has_class('name')}]//a")),
            title=text_of(next(iter(li.xpath(f".//*[{has_class('title')}]")), None)) or None,
            paragraphs=page.text(text[0]) if text else [],
        )


class IndexHu(Portal):
    name: ClassVar[str] = "index.hu"
    origins: ClassVar[dict[str, str]] = {
        **same_origin(ORIGIN, "www.index.hu", "m.index.hu"),
        **same_origin("https://velvet.hu", "www.velvet.hu"),
        **same_origin("https://divany.hu", "www.divany.hu"),
        **same_origin("https://totalcar.hu", "www.totalcar.hu"),
    }
    article_path = _ARTICLE_PATH
    # The sections of the index.hu menu (and the day pages' own links to them).
    section_slugs = frozenset(
        {
            "belfold",
            "kulfold",
            "gazdasag",
            "tudomany",
            "tech",
            "techtud",
            "sport",
            "kultur",
            "eletmod",
            "velemeny",
            "mindekozben",
            "english",
            "24ora",
        }
    )
    first_day = date(1999, 1, 1)
    layouts = (V2020(),)

    def article_url(self, url: str) -> str | None:
        found = self.dated(url)
        if found is None:
            return None
        m = found.match
        # A page number or a live-blog post both belong to the one record of the slug.
        return f"{found.origin}/{m['section']}/{m['y']}/{m['m']}/{m['d']}/{m['slug']}/"

    def listings(self, section: str) -> list[Listing]:
        return [Listing(f"{ORIGIN}/{section}/rss/", "feed"), Listing(f"{ORIGIN}/{section}/")]

    def date_archives(self, section: str, first: date, last: date) -> list[Listing]:
        """The ``/24ora/`` date-range search (``p=0, 1, …``), then every day page; a range
        reaching before the first day is refused (the search would be cut)."""
        first, last = self.archive_span(first, last, partial=False)
        search = Listing(
            f"{ORIGIN}/24ora/?s=&tol={first.isoformat()}&ig={last.isoformat()}&profil="
            f"&rovat={section}&cimke=&word=1&pepe=1&p=0",
            walk=True,
        )
        days = days_newest_first(first, last)
        return [search, *(Listing(f"{ORIGIN}/{section}/{d:%Y/%m/%d}/") for d in days)]

    def next_listing(self, doc: html.HtmlElement, url: str) -> str | None:
        if urlsplit(url).path.rstrip("/") != "/24ora":
            return None
        number = query_number(url, "p")
        return re.sub(r"([?&]p=)\d+", rf"\g<1>{(number or 0) + 1}", url)


def _article_page_number(url: str) -> int | None:
    match = _ARTICLE_PATH.match(urlsplit(url).path)
    if not match:
        return None
    sub = match["sub"]
    if sub is None:
        return 1
    return int(sub) if sub.isdigit() else None


SITE = IndexHu()
