"""Everything the crawler knows about hvg.hu (the HVG weekly's news site).

One layout, :class:`V2021`. Live reports ("percről percre") are the same page with posts
instead of the body: each ``section.article-pp`` (``time[datetime]``, an ``h1`` title,
the text) inside ``section#livereportcontainer-<guid>``. The "Most érkezett" box above
the pager (``section.latest-article-pp``, id ``…-first``) repeats one post from elsewhere
and is not a post of the page. Further pages are ``/<slug>/2``, ``/3`` … whose pager
links carry view parameters
(``?isPrintView=False&liveReportItemId=0&isPreview=False&ver=1&order=asc``); ``order``
decides which posts a page shows, so it is the one parameter kept when the pager is
followed.

Articles live at ``/<section>/YYYYMMDD_slug``; a dotted section (``cegauto.autoshirek``)
is a column of its parent section. Discovery: the section feed ``/rss/vilag``, the
site-wide ``/egyeb/rss`` (filtered by the section the item URLs name) and the section
page ``/vilag``. hvg has no date archive: its section listing ``/vilag/N`` (newest
first, 21 articles a page) is walked from page 1 in a backfill.

Pure (HTML in, :class:`Page` out): reads no settings, writes no stats.
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import etree, html

from crawler.sites.base import Listing, Page, PagePost
from crawler.sites.toolkit import NOT_BODY, Layout, PageContext, Portal, forward_page, same_origin
from crawler.text.bodytext import NotBody
from crawler.text.metadata import Selectors
from crawler.text.values import has_class, iso_datetime, split_names, text_of

ORIGIN = "https://hvg.hu"

_LISTING_PATH = re.compile(r"^/(?P<section>[a-z0-9.]+)(?:/(?P<page>\d{1,5}))?/?$")
# The live-report pager parameter that picks the posts; the others only set the view.
_KEPT_PAGE_PARAMETER = "order"

# Facebook pages of hvg's own desks: a paragraph that is only a link to one of them is
# a "follow us" appeal (a fact from ELTE-DH's HTML2TEI hvg configuration).
_OWN_FACEBOOK_PAGES = frozenset(
    {
        "hvghu",
        "hvgkult",
        "hvghunagyitas",
        "hvg.hu.eletstilus",
        "hvg.tech",
        "hvgauto",
        "hvgkonyvek",
        "hvgextrapszichologiamagazin",
        "hvgkonferenciak",
        "hvgextraano",
    }
)
_MAX_APPEAL_CHARS = 300

# The page's <meta name="author"> names the publisher, not a writer.
_PUBLISHER = "hvg kiadó zrt."
# The byline's follow button beside a name.
_FOLLOW = re.compile(r"\s*\bKövetés\s*$")

_BODY = f"//div[{has_class('article-main')}]//div[{has_class('entry-content')}]"
# A live report's opening text: the template renders its body as a bare <div> between
# the "Most érkezett" box and the pager block (empty on the captured report).
_LIVE_INTRO = (
    f"//div[{has_class('article-main')}]/div[not(@class)]"
    f"[following-sibling::div[{has_class('stickout')}]]"
)
_LIVE_CONTAINER = (
    f"//section[starts-with(@id, 'livereportcontainer-')][not({has_class('latest-article-pp')})]"
)
_POSTS = f".//section[{has_class('article-pp')}]"
_PAGER = f"//div[{has_class('G-pagination')}]//a/@href"
_AUTHOR_BOX = f"//div[{has_class('author-name')}][not(ancestor::aside)]"
_AUTHOR_LINK = ".//a[contains(@href, '/szerzo/')]"


class V2021(Layout):
    """As served in 2021 (the captured section listings and a 2009 live report
    re-rendered in it): the header (``time.article-datetime``, ``div.article-title h1``)
    sits in ``div.article-content``; the byline (``div.author-name``, often a desk credit
    such as "hvg.hu" or "MTI") in the left column ``div.article-menu``; lead and body in
    ``div.article-main``: ``div.article-lead`` then the text in ``div.entry-content`` (the
    ``article-content entry-content`` block ELTE-DH's HTML2TEI hvg configuration reads).
    Tags are ``div.article-tags a``."""

    selectors = Selectors(
        title=f"//div[{has_class('article-title')}]//h1",
        lead=f"//div[{has_class('article-main')}]//div[{has_class('article-lead')}]",
        # A byline of linked author pages gives one name per link (a "Követés" follow
        # button beside them is no name); a desk credit is the box's plain text.
        authors=f"{_AUTHOR_BOX}{_AUTHOR_LINK[1:]} | {_AUTHOR_BOX}[not({_AUTHOR_LINK})]",
        published=f"//time[{has_class('article-datetime')}]/@datetime",
        modified=f"//time[{has_class('lastdate')}]/@datetime",
        tags=f"//div[{has_class('article-tags')}]//a",
        # <title> is "Itthon: <headline> | hvg.hu"; the site name goes by og:site_name.
        title_affix=re.compile(
            r"^(?:Itthon|Világ|Gazdaság|Tech|Tudomány|Vélemény|Sport|Autó|Cégautó|Vállalkozás"
            r"|Kult|Kultúra|Élet\+Stílus|Élet|EUrologus|Ingatlan|Zhvg|Nyüzsi|Tóta W\.|Műértő"
            r"|Pszichológia magazin|Nagyítás|HVG Könyvek|Időjárás)\s*:\s+"
        ),
    )
    # Images and galleries with their captions and credits, embeds (Facebook pages,
    # video), embedded article cards, ad slots, the series box, the topic label, pagers,
    # share and donation boxes.
    not_body = NOT_BODY | NotBody(
        tags=frozenset({"aside", "ins"}),
        classes=frozenset(
            {
                "article-img",
                "article-img-holder",
                "figcaption-content",
                "picture",
                "altText",
                "sourceText",
                "embed-container",
                "video-container",
                "fb-page",
                "fb-xfbml-parse-ignore",
                "placeholder-ad",
                "goAdverticum",
                "adsbygoogle",
                "article-text-ads",
                "vote-ad",
                "selectAdv",
                "selectWidget",
                "article-series-box",
                "main-tag-container",
                "G-pagination",
                "article-share-holder",
                "article-tags",
                "pt-box",
                "latest-article-pp",
                "random-article-box-container",
                "article-box-widget",
            }
        ),
    )
    marker = f"{_LIVE_CONTAINER} | {_BODY}"

    def read(self, page: PageContext) -> Page:
        meta = page.metadata()
        meta.authors = _names(meta.authors)
        containers = page.xpath(_LIVE_CONTAINER)
        body = page.xpath(_BODY)
        following = _next_page(page.doc, page.url)
        if not containers:
            return page.article(meta, self.body(page, body[0]), following)
        intro = body[:1] or page.xpath(_LIVE_INTRO)
        return page.liveblog(
            meta,
            (self.post(page, section) for box in containers for section in box.xpath(_POSTS)),
            opening=(p for div in intro for p in self.body(page, div)),
            next_page=following,
        )

    def body(self, page: PageContext, element: html.HtmlElement) -> list[str]:
        return page.text(element, skip=_skip_in_body)

    def post(self, page: PageContext, section: html.HtmlElement) -> PagePost:
        stamp = section.xpath(".//time/@datetime")
        heading = next(iter(section.xpath(".//h1 | .//h2 | .//h3")), None)
        holder = next(iter(section.xpath(f".//div[{has_class('text-holder')}]")), section)

        def skip(element: etree._Element) -> bool:
            return element is heading or element.tag == "time" or _skip_in_body(element)

        return PagePost(
            key=section.get("id") or "",
            published=iso_datetime(stamp[0]) if stamp else None,
            authors=_names(
                [text_of(a) for a in section.xpath(f".//*[{has_class('author-name')}]")]
            ),
            title=text_of(heading) or None,
            paragraphs=page.text(holder, skip=skip),
        )


class Hvg(Portal):
    name: ClassVar[str] = "hvg.hu"
    origins: ClassVar[dict[str, str]] = same_origin(ORIGIN, "www.hvg.hu", "m.hvg.hu")
    # /vilag/20210827_slug, then optionally a page number (/2), the print view (/nyomtatas,
    # /2/nyomtatas) or a live-report post's permalink (/pp/24853); a dotted section
    # (``cegauto.autoshirek``) is a column of its parent section.
    article_path = re.compile(
        r"^/(?P<section>[a-z0-9]+(?:\.[a-z0-9]+)*)/(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"
        r"_(?P<slug>[^/\s]+)(?:/(?:(?P<page>\d{1,4})(?:/nyomtatas)?|nyomtatas|pp/\d+))?/?$"
    )
    first_day = date(1990, 1, 1)  # no hvg.hu article, nor its URL, is older
    listing_items = (f"//div[{has_class('maincontent')}]//article//a/@href",)
    layouts = (V2021(),)

    def article_url(self, url: str) -> str | None:
        found = self.dated(url)
        if found is None:
            return None
        m = found.match
        return f"{ORIGIN}/{m['section']}/{m['y']}{m['m']}{m['d']}_{m['slug']}"

    def section_of(self, canonical: str) -> str | None:
        section = super().section_of(canonical)
        return section.split(".", 1)[0] if section else None

    def listings(self, section: str) -> list[Listing]:
        return [
            Listing(f"{ORIGIN}/rss/{section}", "feed"),
            Listing(f"{ORIGIN}/egyeb/rss", "feed", in_section=False),
            Listing(f"{ORIGIN}/{section}"),
        ]

    def date_archives(self, section: str, first: date, last: date) -> list[Listing]:
        """No day archive: the section listing, newest first, walked page by page (the
        spider keeps the articles dated inside the range and stops at older pages)."""
        self.archive_span(first, last)
        return [Listing(f"{ORIGIN}/{section}/1", walk=True)]

    def next_listing(self, doc: html.HtmlElement, url: str) -> str | None:
        """``/vilag/N+1`` when the pager links it (without its ``?ver=1``); a page without
        a pager (a redesign) is followed by N+1 too, the spider's date check and page
        budget bound the walk; a pager without N+1 is the last page."""
        here = _listing_page(url)
        if here is None:
            return None
        section, number = here
        following = f"{ORIGIN}/{section}/{number + 1}"
        pager = doc.xpath(_PAGER)
        for href in pager:
            target = _listing_page(urljoin(url, href))
            if target == (section, number + 1):
                return following
        return None if pager else following

    def feed_links(self, body: bytes, section: str) -> list[str]:
        """The items whose URL is an article of ``section`` (the site-wide feed carries
        every section), once each (an item's ``<link>`` and ``<guid>`` name it twice)."""
        found: dict[str, str] = {}
        for link in super().feed_links(body, section):
            canonical = self.article_url(link)
            if canonical and self.section_of(canonical) == section:
                found.setdefault(canonical, link)
        return list(found.values())


# --- URLs -----------------------------------------------------------------------------


def _page_number(url: str) -> int | None:
    found = SITE.dated(url)
    return int(found["page"] or 1) if found else None


def _listing_page(url: str) -> tuple[str, int] | None:
    parts = urlsplit(url)
    if (parts.hostname or "") not in SITE.hosts:
        return None
    match = _LISTING_PATH.match(parts.path)
    if match is None:
        return None
    return match["section"], int(match["page"] or 1)


def _next_page(doc: html.HtmlElement, url: str) -> str | None:
    """The next page in the pager (``/<slug>/N``), only ever forward; of the pager's view
    parameters only ``order`` is kept, so the next page lists posts in the same order."""
    canonical = SITE.article_url(url)
    if canonical is None:
        return None
    following = forward_page(
        url, doc.xpath(_PAGER), _page_number, same=lambda t: SITE.article_url(t) == canonical
    )
    if following is None:
        return None
    number, target = following
    order = parse_qs(urlsplit(target).query).get(_KEPT_PAGE_PARAMETER)
    return f"{canonical}/{number}" + (f"?{_KEPT_PAGE_PARAMETER}={order[0]}" if order else "")


# --- text -----------------------------------------------------------------------------


def _names(found: list[str]) -> list[str]:
    """Byline entries as names: "A és B" / "A, B" split, the follow button's label and
    the publisher (the cascade's last resort) dropped; "hvg.hu/MTI" stays one credit."""
    return [n for n in split_names(found, strip=_FOLLOW) if n.casefold() != _PUBLISHER]


def _is_follow_appeal(element: etree._Element) -> bool:
    """A short paragraph whose one link is one of hvg's own Facebook pages (the page
    itself, not a post on it): "follow us on Facebook"."""
    if element.tag != "p":
        return False
    links = element.xpath(".//a/@href")
    if len(links) != 1 or len(text_of(element)) > _MAX_APPEAL_CHARS:
        return False
    parts = urlsplit(links[0])
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    return host == "facebook.com" and parts.path.strip("/") in _OWN_FACEBOOK_PAGES


def _is_article_card(element: etree._Element) -> bool:
    """A block quote whose first link is an hvg.hu article: an embedded "read this too"
    card, not a quotation."""
    if element.tag != "blockquote":
        return False
    first = element.xpath("(.//a/@href)[1]")
    return bool(first) and SITE.article_url(first[0]) is not None


def _skip_in_body(element: etree._Element) -> bool:
    return _is_follow_appeal(element) or _is_article_card(element)


SITE = Hvg()
