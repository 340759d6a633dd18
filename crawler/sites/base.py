"""What every portal module provides: :class:`Site`, and what it returns: :class:`Page`.

A site module knows one portal (and its sister hosts on the same CMS): URL shapes and the
canonical form, where articles are listed (feeds, section pages, date archives), and how
a page reads (body containers, what is not body, live-blog posts, its own metadata
selectors for the shared cascade in :mod:`crawler.text.metadata`). It is pure: HTML in, data
out, no Scrapy. The spider and ``python -m crawler.extract`` only talk to this interface.
The caller tells :meth:`Site.parse` what the page does not say (:class:`Reading`): when it
was fetched (a date after the next day, or before :attr:`Site.first_day`, is no date of
the article) and how large its record may grow (:class:`Bounds`, charged to a
:class:`Budget` while the page is read). :meth:`Site.not_a_later_page` is the one rule
for following an article to its next page.

:class:`Site` carries the defaults most portals share (RSS/Atom feeds read safely, every
``<a href>`` of a listing, ``rel=next`` pagers, a page is complete when it closes
``</html>``); a portal module overrides what differs. Portal modules build on
:class:`crawler.sites.toolkit.Portal`, which states a portal's facts as data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from crawler.text.bodytext import clean
from crawler.text.credits import body_credits, merged, split_credits
from crawler.text.metadata import Metadata
from crawler.text.values import DateWindow


class NotAnArticle(Exception):
    """The page gives no record; ``reason`` is a short stats key such as ``no_title``."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


class TooLarge(NotAnArticle):
    """The page would make a record past the output bounds (:class:`Bounds`)."""

    def __init__(self, detail: str) -> None:
        super().__init__("too_large", detail)


class Unrecognised(Exception):
    """Not the markup the site module knows (a redesign): the generic path reads the page."""


class NoDateArchive(ValueError):
    """The portal has no date archive to backfill from."""


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
    authors: list[str] = field(default_factory=list)  # people only
    # Desks and agencies the page credits (byline, posts, the body's closing "(MTI)").
    credits: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    section: str | None = None  # as the page names it (slug form), None when it does not
    # Article: the body. Live blog: the opening text above the first post (may be empty).
    paragraphs: list[str] = field(default_factory=list)
    posts: list[PagePost] = field(default_factory=list)
    next_page: str | None = None  # absolute URL of the following page, as the page links it
    generic: bool = False  # True when the portal's markup was not recognised
    # Which of the module's readings gave the content when it has more than one (e.g.
    # "state" for an embedded app state, "html" for the visible markup); the spider
    # counts it as extract/via/<via>.
    via: str | None = None
    # Time fields that held a date outside the portal's life (not the article's; the next
    # source was taken, else null); the spider counts them as extract/implausible_date.
    implausible_dates: int = 0

    @classmethod
    def of(cls, kind: str, meta: Metadata, **values: object) -> Page:
        """A page whose metadata fields come from the cascade's answer."""
        return cls(
            kind=kind,
            title=meta.title,
            lead=meta.lead,
            authors=list(meta.authors),
            credits=list(meta.credits),
            published=meta.published,
            modified=meta.modified,
            tags=list(meta.tags),
            image=meta.image,
            section=meta.section,
            implausible_dates=meta.implausible_dates,
            **values,  # type: ignore[arg-type]
        )


def credit_apart(page: Page, brands: Iterable[str] = ()) -> Page:
    """``page`` with people in its and its posts' ``authors`` and every desk or agency it
    credits in ``credits``, in page order: the byline, the opening text's or body's
    closing "(MTI)", then each post's. The one rule (:mod:`crawler.text.credits`) for
    every module, whatever its selectors found; ``brands`` are the site's own names."""
    brands = list(brands)
    page.authors, byline = split_credits(page.authors, brands)
    found = [page.credits, byline, body_credits(page.paragraphs)]
    for post in page.posts:
        post.authors, desks = split_credits(post.authors, brands)
        found += [desks, body_credits(post.paragraphs)]
    page.credits = merged(*found)
    return page


@dataclass(frozen=True)
class Bounds:
    """How large one record may grow (0: no bound): the characters of its text (for a
    live blog the opening text and every post's title and text), its posts, and the
    characters of one post (title and text). Settings ``EXTRACT_MAX_TEXT_CHARS``,
    ``EXTRACT_MAX_POSTS``, ``EXTRACT_MAX_POST_CHARS``."""

    text_chars: int = 0
    posts: int = 0
    post_chars: int = 0


def post_chars(post: PagePost) -> int:
    """A post's size under :class:`Bounds`: its title and its text."""
    return len(post.title or "") + sum(len(p) for p in post.paragraphs)


class Budget:
    """What one page may add to its record, charged while the page is read: the first
    paragraph or post past a bound raises :class:`TooLarge`, so a page that would build a
    gigantic record (one string of an app state referred to by 500 posts, each rendered
    again) stops there, not after."""

    def __init__(self, bounds: Bounds | None = None) -> None:
        self.bounds = bounds or Bounds()
        self.chars = 0
        self.count = 0

    def body(self, paragraphs: Iterable[str]) -> list[str]:
        kept = []
        for paragraph in paragraphs:
            self._charge(len(paragraph))
            kept.append(paragraph)
        return kept

    def posts(self, posts: Iterable[PagePost]) -> list[PagePost]:
        return [self.post(post) for post in posts]

    def post(self, post: PagePost) -> PagePost:
        bounds = self.bounds
        self.count += 1
        if bounds.posts and self.count > bounds.posts:
            raise TooLarge(f"more than {bounds.posts} posts (EXTRACT_MAX_POSTS)")
        size = post_chars(post)
        if bounds.post_chars and size > bounds.post_chars:
            raise TooLarge(
                f"a post of {size} characters, more than {bounds.post_chars}"
                " (EXTRACT_MAX_POST_CHARS)"
            )
        self._charge(size)
        return post

    def _charge(self, size: int) -> None:
        self.chars += size
        limit = self.bounds.text_chars
        if limit and self.chars > limit:
            raise TooLarge(f"more than {limit} characters of text (EXTRACT_MAX_TEXT_CHARS)")


@dataclass(frozen=True)
class Reading:
    """What the caller knows of a page that the page itself does not say."""

    # When the page was fetched (aware; None: now). An article is never dated more than a
    # day after its page was fetched; re-extraction passes the archived time, so it reads
    # the page the way the crawl did.
    fetched: datetime | None = None
    # How large the record may grow (None: no bound); a module charges a Budget as it reads.
    bounds: Bounds | None = None

    def budget(self) -> Budget:
        return Budget(self.bounds)


def budget_of(reading: Reading | None) -> Budget:
    """A fresh budget for one page read at ``reading`` (unbounded without one)."""
    return reading.budget() if reading is not None else Budget()


@dataclass(frozen=True)
class Listing:
    """A page the spider reads for article links."""

    url: str
    kind: str = "html"  # "html" or "feed"
    # Follow the page's pager (Site.next_listing) while pages list articles the run has
    # not met yet: date archives in a backfill.
    walk: bool = False
    # Every article linked here belongs to the spider's section. False for whole-site
    # listings (day archives, site feeds) of portals whose URLs do not name the section:
    # their articles are checked against the section the page itself states.
    in_section: bool = True
    # Set by the spider on the listings of a backfill: only articles whose URL date is
    # inside the range are fetched from them.
    backfill: bool = False


_CLOSED = re.compile(rb"</(?:html|body)\s*>", re.IGNORECASE)


class Site:
    """Base of every portal module; see the module docstring."""

    name: ClassVar[str]  # the portal: registry key and the records' ``source``
    hosts: ClassVar[frozenset[str]]  # every host whose pages this module reads
    # The portal's first archived day: no article of it, nor its URL, is older. The one
    # date floor of a portal: its URLs, its date archives and its pages' times obey it.
    # The default is the generic path's: no news page on the web is older.
    first_day: ClassVar[date] = date(1995, 1, 1)

    # --- URLs -----------------------------------------------------------------------

    def article_url(self, url: str) -> str | None:
        """The canonical URL of the article ``url`` belongs to (a later page, a live-blog
        post's anchor or permalink, a tracking parameter … all map to it), else None."""
        raise NotImplementedError

    def page_url(self, url: str) -> str | None:
        """The canonical form of any page address on the module's hosts that is no
        section article's (an older URL shape, another rubric), so that ``extract`` and
        ``reextract`` read every page of a host the module owns; None for an address
        that names no page (another host, the front page). URL shapes decide what a
        spider crawls, never whether a page can be read."""
        return None

    def section_of(self, canonical: str) -> str | None:
        """The section an article URL names, or None when the URL does not say."""
        return None

    def article_date(self, canonical: str) -> date | None:
        """The publication day an article URL carries, or None when it carries none."""
        return None

    def not_a_later_page(self, url: str, canonical: str) -> str | None:
        """Why ``url`` is not a later page of the article ``canonical``: ``other_host``
        (not a host of this portal), ``other_article`` (its canonical URL is another
        article's); None when it is one. The one rule for every continuation: a pager
        link to another host or to another article's page 2 must never be merged."""
        if (urlsplit(url.strip()).hostname or "").lower() not in self.hosts:
            return "other_host"
        if self.article_url(url) != canonical:
            return "other_article"
        return None

    def dates(self, reading: Reading | None = None) -> DateWindow:
        """The times an article of this portal read at ``reading`` can carry."""
        return DateWindow.of(self.first_day, reading.fetched if reading else None)

    def source(self, url: str) -> str:
        """The portal a record of ``url`` is from: its host without ``www.``/``m.``."""
        host = urlsplit(url).hostname or self.name
        return re.sub(r"^(?:www|m)\.", "", host)

    # --- where articles are listed --------------------------------------------------

    def listings(self, section: str) -> list[Listing]:
        """What a regular run reads: feeds and the section's front page."""
        raise NotImplementedError

    def date_archives(self, section: str, first: date, last: date) -> list[Listing]:
        """What a backfill of ``first``..``last`` reads; raises :class:`NoDateArchive`."""
        raise NoDateArchive(f"{self.name} has no date archive to backfill from")

    def listing_links(self, doc: html.HtmlElement, url: str) -> Iterable[str]:
        return doc.xpath("//a/@href")

    def next_listing(self, doc: html.HtmlElement, url: str) -> str | None:
        """The listing's next page (only ever forward), or None."""
        for href in doc.xpath("//link[@rel='next']/@href | //a[@rel='next']/@href"):
            return urljoin(url, href)
        return None

    def feed_links(self, body: bytes, section: str) -> list[str]:
        """Item links of an RSS or Atom feed; entities are never expanded."""
        return feed_items(body)

    # --- pages ----------------------------------------------------------------------

    def is_complete(self, body: bytes) -> bool:
        """False when the page was visibly cut off (served without its closing tags)."""
        return _CLOSED.search(body) is not None

    def parse(self, doc: html.HtmlElement, url: str, reading: Reading | None = None) -> Page:
        """Read one page; ``url`` is the page's canonical URL (with its page parameter);
        ``reading`` what the caller knows of it (None: fetched now)."""
        raise NotImplementedError


def feed_items(body: bytes, *, category: str | None = None) -> list[str]:
    """Links of RSS ``<item>``s and Atom ``<entry>``s; with ``category``, only the items
    filed under it (compared case-insensitively, any ``<category>`` of the item)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    links: list[str] = []
    for item in root.xpath("//*[local-name()='item' or local-name()='entry']"):
        if category is not None:
            names = {
                clean(c).casefold() for c in item.xpath("./*[local-name()='category']//text()")
            }
            names |= {clean(c).casefold() for c in item.xpath("./*[local-name()='category']/@term")}
            if category.casefold() not in names:
                continue
        found = item.xpath(
            "./*[local-name()='link']/text() | ./*[local-name()='link']/@href"
            " | ./*[local-name()='guid']/text()"
        )
        links.extend(clean(link) for link in found if clean(link))
    return links
