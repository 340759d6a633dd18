"""Everything the crawler knows about index.hu: URL shapes, listings, page markup.

Layout as served since the 2020 redesign (seen on pages captured in 2021–2022, including
old articles re-rendered in it): article body in ``div.cikk-torzs`` with the lead outside
it in ``div.lead``; live blogs ("percről percre") on the ``pp-`` markup, ``li.pp-post`` per
post, further pages at ``?p=1``, ``?p=2``. velvet.hu runs on the same CMS.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import etree, html

from crawler.bodytext import block_paragraphs, page_paragraphs, paragraphs_from
from crawler.sites.base import (
    NotBody,
    Page,
    PagePost,
    absolute_url,
    clean,
    first,
    from_timestamp_ms,
    has_class,
    iso_datetime,
    json_ld,
    ld_authors,
    metas,
    text_of,
    unique,
)

HOSTS = frozenset({"index.hu", "www.index.hu", "m.index.hu"})

# /kulfold/2024/05/06/slug/ optionally followed by one more segment: a digit page number
# of a multi-page article, or the slug of a post inside a live blog.
_ARTICLE_PATH = re.compile(
    r"^/(?P<section>[a-z0-9_-]+(?:/[a-z0-9_-]+)?)/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})"
    r"/(?P<slug>[A-Za-z0-9_.%-]+)(?:/(?P<sub>[A-Za-z0-9_.%-]+))?/?$"
)

# Nodes inside the article body that are not body: image boxes and their captions, pagers,
# ad slots, share bars, embedded "related" boxes, the Facebook/Meta notice, scripts.
_NOT_BODY = NotBody(
    tags=frozenset({"script", "style", "noscript", "nav", "iframe", "form"}),
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
        }
    ),
)

_BODY = " | ".join(
    [
        ".//script",
        ".//style",
        ".//noscript",
        ".//nav",
        ".//iframe",
        ".//form",
        f".//*[{has_class('kep')}]",
        f".//*[{has_class('kepala')}]",
        f".//*[{has_class('miniapp')}]",
        f".//*[{has_class('szerkfotoimage')}]",
        f".//*[{has_class('iap')}]",
        f".//*[{has_class('ad-container')}]",
        f".//*[{has_class('hirdetes')}]",
        f".//*[{has_class('pager')}]",
        f".//*[{has_class('tobboldalas_cikk')}]",
        f".//*[{has_class('meta-twitter')}]",
        f".//*[{has_class('social-stripe')}]",
        f".//*[{has_class('social')}]",
        f".//*[{has_class('index-social-box')}]",
        f".//*[{has_class('megoszt')}]",
        f".//*[{has_class('cikk-bottom-box')}]",
        f".//*[{has_class('cikk-bottom-text-ad')}]",
        f".//*[{has_class('cikk-inline-ad')}]",
        f".//*[{has_class('kapcsolodo')}]",
        f".//*[{has_class('ajanlo')}]",
        f".//*[{has_class('related')}]",
        f".//*[{has_class('pp-post-tags')}]",
        f".//*[{has_class('nm_widget')}]",
    ]
)

# <title> is "Index - Külföld - <headline>": the last resort for the headline.
_TITLE_PREFIX = re.compile(r"^(?:Index|Velvet)\s+-\s+[^-]+?\s+-\s+")
_CLOSED = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
# The byline's visible time, "2011.02.03. 10:15", in Budapest time.
_BYLINE_TIME = re.compile(r"(\d{4})\.\s*(\d{2})\.\s*(\d{2})\.?\s+(\d{1,2}):(\d{2})")

_BODY = f"//div[{has_class('cikk-torzs')}]"
_POSTS = f"//li[{has_class('pp-post')}]"
_CURRENT_POST_BOX = f"ancestor::ul[{has_class('current-post')}]"


class IndexHu:
    name: ClassVar[str] = "index.hu"
    origin: ClassVar[str] = "https://index.hu"

    # --- URLs -----------------------------------------------------------------------

    def start_urls(self, section: str) -> list[str]:
        return [f"{self.origin}/{section}/rss/", f"{self.origin}/{section}/"]

    def day_url(self, section: str, year: int, month: int, day: int) -> str:
        return f"{self.origin}/{section}/{year:04d}/{month:02d}/{day:02d}/"

    def archive_url(self, section: str, since: str, until: str, page: int) -> str:
        return (
            f"{self.origin}/24ora/?s=&tol={since}&ig={until}&profil=&rovat={section}"
            f"&cimke=&word=1&pepe=1&p={page}"
        )

    def article_url(self, url: str, section: str) -> str | None:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https", "") or parts.hostname not in HOSTS:
            return None
        match = _ARTICLE_PATH.match(parts.path)
        if not match or match["section"] != section:
            return None
        y, m, d = int(match["y"]), int(match["m"]), int(match["d"])
        if not (1995 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31):
            return None
        # A page number or a live-blog post both belong to the one record of the slug.
        return f"{self.origin}/{section}/{match['y']}/{match['m']}/{match['d']}/{match['slug']}/"

    def listing_links(self, doc: html.HtmlElement) -> Iterator[str]:
        yield from doc.xpath("//a/@href")

    def feed_links(self, body: bytes) -> list[str]:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
        try:
            root = etree.fromstring(body, parser=parser)
        except etree.XMLSyntaxError:
            return []
        if root is None:
            return []
        links = root.xpath("//item/link/text() | //item/guid/text()")
        links += root.xpath("//*[local-name()='entry']/*[local-name()='link']/@href")
        return [clean(link) for link in links]

    # --- pages ----------------------------------------------------------------------

    def is_complete(self, text: str) -> bool:
        """index.hu pages close </body> and </html>; a page with neither was cut short
        (served whole by HTTP's measure, so Scrapy's own data-loss check let it through)."""
        return _CLOSED.search(text) is not None

    def parse(self, doc: html.HtmlElement, url: str) -> Page:
        all_posts = doc.xpath(_POSTS)
        posts = [p for p in all_posts if not p.xpath(_CURRENT_POST_BOX)] or all_posts
        body = doc.xpath(_BODY)
        if posts:
            page = Page(kind="liveblog", title=None)
            page.posts = _unique_posts(_post(li) for li in posts)
            page.next_page = _liveblog_next(doc, url)
        elif body:
            page = Page(kind="article", title=None)
            page.paragraphs = paragraphs_from(body[0], not_body=_NOT_BODY)
            page.next_page = _article_next(body[0], url)
        else:
            page = Page(kind="article", title=None, generic=True)
            page.paragraphs = page_paragraphs(doc)
        _metadata(doc, page)
        return page


def _metadata(doc: html.HtmlElement, page: Page) -> None:
    meta = metas(doc).get
    ld = next((o for o in json_ld(doc) if "Article" in str(o.get("@type", ""))), {})
    page.title = first(
        [
            text_of(next(iter(doc.xpath(f"//div[{has_class('content-title')}]//h1")), None)),
            meta("og:title"),
            str(ld.get("headline") or ""),
            text_of(next(iter(doc.xpath("//h1")), None)),
            _TITLE_PREFIX.sub("", text_of(next(iter(doc.xpath("//head/title")), None))),
        ]
    )
    lead = doc.xpath(f"//div[{has_class('lead')}]")
    page.lead = text_of(lead[0]) or None if lead else None
    byline = doc.xpath(f"//div[{has_class('szerzok_container')}]//a")
    page.authors = unique(text_of(a) for a in byline) or ld_authors(ld)
    if not page.authors and (name := meta("author")):
        page.authors = unique(name.split(","))
    page.published = (
        iso_datetime(meta("article:published_time"))
        or iso_datetime(str(ld.get("datePublished") or ""))
        or _byline_time(doc)
    )
    page.modified = iso_datetime(meta("article:modified_time")) or iso_datetime(
        str(ld.get("dateModified") or "")
    )
    tags = doc.xpath(
        f"//ul[{has_class('cikk-cimkek')}]//a[not({has_class('cimke-rovat')})]"
        f" | //ul[{has_class('cikk-cimkek')}]//a[{has_class('cimke-rovat-light')}]"
    )
    page.tags = unique(text_of(a) for a in tags)
    if not page.tags and (keywords := meta("keywords")):
        page.tags = unique(keywords.split(","))
    page.image = absolute_url(meta("og:image") or str(ld.get("image") or ""))


def _byline_time(doc: html.HtmlElement) -> str | None:
    byline = doc.xpath(f"//div[{has_class('author-share-date')}]//div[{has_class('datum')}]")
    match = _BYLINE_TIME.search(text_of(byline[0])) if byline else None
    if not match:
        return None
    y, m, d, hh, mm = match.groups()
    return iso_datetime(f"{y}-{m}-{d}T{int(hh):02d}:{mm}:00")


def _post(li: html.HtmlElement) -> PagePost:
    stamp = li.xpath(f".//*[{has_class('time')}]//*[@data-timestamp]/@data-timestamp")
    text = li.xpath(f".//div[{has_class('text')}]")
    return PagePost(
        key=li.get("id") or "",
        published=from_timestamp_ms(stamp[0]) if stamp else None,
        authors=unique(text_of(a) for a in li.xpath(f".//div[{has_class('name')}]//a")),
        title=text_of(next(iter(li.xpath(f".//*[{has_class('title')}]")), None)) or None,
        paragraphs=block_paragraphs(text[0], not_body=_NOT_BODY) if text else [],
    )


def _unique_posts(posts: Iterator[PagePost]) -> list[PagePost]:
    seen: set[str] = set()
    kept: list[PagePost] = []
    for post in posts:
        if post.key and post.key in seen:
            continue
        seen.add(post.key)
        kept.append(post)
    return kept


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
