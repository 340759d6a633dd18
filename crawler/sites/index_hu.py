"""Everything the crawler knows about index.hu and its sister sites on the same CMS.

Layout as served since the 2020 redesign (seen on pages captured in 2021–2022, including
old articles re-rendered in it): article body in ``div.cikk-torzs`` with the lead outside
it in ``div.lead``; live blogs ("percről percre") on the ``pp-`` markup, ``li.pp-post`` per
post, further pages at ``?p=1``, ``?p=2``. velvet.hu (and divany.hu, totalcar.hu) run on
the same CMS, so this module reads their pages too; their records name their own host
as ``source``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import ClassVar
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import html

from crawler.sites.base import (
    Listing,
    NoDateArchive,
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
from crawler.text.values import from_timestamp, has_class, text_of, unique

_ORIGINS = {
    "index.hu": "https://index.hu",
    "www.index.hu": "https://index.hu",
    "m.index.hu": "https://index.hu",
    "velvet.hu": "https://velvet.hu",
    "www.velvet.hu": "https://velvet.hu",
    "divany.hu": "https://divany.hu",
    "www.divany.hu": "https://divany.hu",
    "totalcar.hu": "https://totalcar.hu",
    "www.totalcar.hu": "https://totalcar.hu",
}
ORIGIN = "https://index.hu"

# /kulfold/2024/05/06/slug/ optionally followed by one more segment: a digit page number
# of a multi-page article, or the slug of a post inside a live blog.
_ARTICLE_PATH = re.compile(
    r"^/(?P<section>[a-z0-9_-]+(?:/[a-z0-9_-]+)?)/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})"
    r"/(?P<slug>[A-Za-z0-9_.%-]+)(?:/(?P<sub>[A-Za-z0-9_.%-]+))?/?$"
)

# Nodes inside the article body that are not body: image boxes and their captions, pagers,
# ad slots, share bars, embedded "related" boxes, the Facebook/Meta notice, forms.
_NOT_BODY = NotBody(
    tags=frozenset({"nav", "iframe", "form", "figure", "figcaption"}),
    classes=frozenset(
        [
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
        ]
    ),
)

_SELECTORS = Selectors(
    title=f"//div[{has_class('content-title')}]//h1",
    lead=f"//div[{has_class('lead')}]",
    authors=f"//div[{has_class('szerzok_container')}]//a",
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

# The sections of the index.hu menu (and the day pages' own links to them).
_SECTIONS = frozenset(
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

_FIRST_ARCHIVED = date(1999, 1, 1)
_BODY = f"//div[{has_class('cikk-torzs')}]"
_POSTS = f"//li[{has_class('pp-post')}]"
_CURRENT_POST_BOX = f"ancestor::ul[{has_class('current-post')}]"


class IndexHu(Site):
    name: ClassVar[str] = "index.hu"
    hosts: ClassVar[frozenset[str]] = frozenset(_ORIGINS)
    article_path = _ARTICLE_PATH
    section_slugs: ClassVar[frozenset[str]] = _SECTIONS
    first_day: ClassVar[date] = _FIRST_ARCHIVED

    # --- URLs -----------------------------------------------------------------------

    def article_url(self, url: str) -> str | None:
        found = self.dated_article(url, _ORIGINS)
        if found is None:
            return None
        origin, m, _ = found
        # A page number or a live-blog post both belong to the one record of the slug.
        return f"{origin}/{m['section']}/{m['y']}/{m['m']}/{m['d']}/{m['slug']}/"

    # --- listings -------------------------------------------------------------------

    def listings(self, section: str) -> list[Listing]:
        return [Listing(f"{ORIGIN}/{section}/rss/", "feed"), Listing(f"{ORIGIN}/{section}/")]

    def date_archives(self, section: str, first: date, last: date) -> list[Listing]:
        """The ``/24ora/`` date-range search (``p=0, 1, …``), then every day page."""
        if first < _FIRST_ARCHIVED:
            raise NoDateArchive(f"since={first}: index.hu has no archive before {_FIRST_ARCHIVED}")
        search = Listing(
            f"{ORIGIN}/24ora/?s=&tol={first.isoformat()}&ig={last.isoformat()}&profil="
            f"&rovat={section}&cimke=&word=1&pepe=1&p=0",
            walk=True,
        )
        days = (last - timedelta(days=n) for n in range((last - first).days + 1))
        return [search, *(Listing(f"{ORIGIN}/{section}/{d:%Y/%m/%d}/") for d in days)]

    def next_listing(self, doc: html.HtmlElement, url: str) -> str | None:
        if urlsplit(url).path.rstrip("/") != "/24ora":
            return None
        number = _page_number(url)
        return re.sub(r"([?&]p=)\d+", rf"\g<1>{(number or 0) + 1}", url)

    def feed_links(self, body: bytes, section: str) -> list[str]:
        return feed_items(body)

    # --- pages ----------------------------------------------------------------------

    def parse(self, doc: html.HtmlElement, url: str, reading: Reading | None = None) -> Page:
        budget = budget_of(reading)
        meta = read_metadata(doc, url, _SELECTORS, self.dates(reading))
        meta.section = self.section_of(url)
        all_posts = doc.xpath(_POSTS)
        posts = [p for p in all_posts if not p.xpath(_CURRENT_POST_BOX)] or all_posts
        if posts:
            return Page.of(
                "liveblog",
                meta,
                posts=budget.posts(_post(li) for li in posts),
                next_page=_liveblog_next(doc, url),
            )
        body = doc.xpath(_BODY)
        if not body:
            raise Unrecognised("no div.cikk-torzs and no li.pp-post")
        return Page.of(
            "article",
            meta,
            paragraphs=budget.body(paragraphs(body[0], not_body=_NOT_BODY)),
            next_page=_article_next(body[0], url),
        )


def _post(li: html.HtmlElement) -> PagePost:
    stamp = li.xpath(f".//*[{has_class('time')}]//*[@data-timestamp]/@data-timestamp")
    text = li.xpath(f".//div[{has_class('text')}]")
    return PagePost(
        key=li.get("id") or "",
        published=from_timestamp(stamp[0]) if stamp else None,
        authors=unique(text_of(a) for a in li.xpath(f".//div[{has_class('name')}]//a")),
        title=text_of(next(iter(li.xpath(f".//*[{has_class('title')}]")), None)) or None,
        paragraphs=paragraphs(text[0], not_body=_NOT_BODY) if text else [],
    )


def _article_next(body: html.HtmlElement, url: str) -> str | None:
    """The next page in the article's pager (``…/slug/2/``), only ever moving forward.

    The pager appears above and below the text; page numbers, not link positions, decide.
    """
    current = _article_page_number(url) or 1
    numbers: dict[int, str] = {}
    for href in body.xpath(f".//nav[{has_class('tobboldalas_cikk')}]//ul//a/@href"):
        target = urljoin(url, href)
        number = _article_page_number(target)
        if number is not None:
            numbers.setdefault(number, target)
    later = sorted(n for n in numbers if n > current)
    return numbers[later[0]] if later else None


def _article_page_number(url: str) -> int | None:
    match = _ARTICLE_PATH.match(urlsplit(url).path)
    if not match:
        return None
    sub = match["sub"]
    if sub is None:
        return 1
    return int(sub) if sub.isdigit() else None


def _liveblog_next(doc: html.HtmlElement, url: str) -> str | None:
    """``?p=N`` of the pager's "next" link, only when it moves forward."""
    current = _page_number(url)
    for href in doc.xpath(f"//nav[{has_class('pagination')}]//a[{has_class('next')}]/@href"):
        number = _page_number(urljoin(url, href))
        if number is not None and number > (current or 0):
            return f"{url.split('?', 1)[0]}?p={number}"
    return None


def _page_number(url: str) -> int | None:
    values = parse_qs(urlsplit(url).query).get("p")
    if not values or not values[0].isdigit():
        return None
    return int(values[0])


SITE = IndexHu()
