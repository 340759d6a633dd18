"""From downloaded pages to a record: :class:`Assembly`, one article's pages in, its
record out; and the steps it takes, one page at a time: parse once (bounded), let the
site module read it, merge the pages, check the record's size.

An article is its first page (the address the listings link) and the later pages that
page leads to: the pages of a multi-page article, a live blog's other pages. The
assembly owns everything that joins them into one record, so the crawl, ``scrapy
reextract`` and ``python -m crawler.extract`` join them the same way:

- where the first page landed fixes the record's URL (a redirect to another article
  makes the record that article's; to no article of the section, no record);
- which next page is one of the article's (:meth:`crawler.sites.Site.not_a_later_page`,
  the site module's rule), and how many are followed (``ARTICLE_MAX_PAGES``);
- the page order, posts two pages show counted once, the output bounds
  (:class:`crawler.sites.Bounds`) charged after every page before the next is asked
  for, and ``crawled_at`` (when the last page arrived).

It never fetches, counts or logs: a driver (the spider, re-extraction, the extract
command) hands it pages and is told what to fetch next; the facts a page gave
(:class:`Step`) are the driver's to count (:meth:`Step.counts`) and log. A page's bytes
become text once, before they are handed over (:func:`page_text`, the rule the crawl and
re-extraction share). Pure: no Scrapy.

Settings, through :meth:`Limits.from_settings`: ``ARTICLE_MAX_PAGES``,
``EXTRACT_MAX_CHARS``, ``EXTRACT_MAX_TEXT_CHARS``, ``EXTRACT_MAX_POSTS``,
``EXTRACT_MAX_POST_CHARS``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urljoin

from lxml import etree, html

from crawler.record.item import ArticleItem
from crawler.record.times import normalise_times
from crawler.sites import (
    GENERIC,
    Bounds,
    NotAnArticle,
    Page,
    PagePost,
    Reading,
    Site,
    TooLarge,
    Unrecognised,
    site_for_url,
)
from crawler.sites.base import credit_apart, post_chars
from crawler.text.credits import merged
from crawler.text.decoding import REPLACEMENT, Decoded, decode_html
from crawler.text.metadata import brands_of
from crawler.text.values import unique

PARAGRAPH_BREAK = "\n\n"
UNKNOWN_SECTION = "unknown"  # the record's section when neither URL nor page names one


def parse_html(text: str, *, max_chars: int) -> html.HtmlElement:
    """Parse untrusted HTML with bounds: size first, then libxml2's own depth limits."""
    if len(text) > max_chars:
        raise NotAnArticle("too_large", f"{len(text)} characters")
    if not text.strip():
        raise NotAnArticle("empty")
    # huge_tree stays off: libxml2 then refuses absurd nesting depth and text nodes.
    parser = html.HTMLParser(remove_comments=True, no_network=True, huge_tree=False)
    try:
        doc = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise NotAnArticle("unparsable", str(exc)) from exc
    if doc is None or not len(doc):
        raise NotAnArticle("empty")
    return doc


def read_page(site: Site, doc: html.HtmlElement, url: str, reading: Reading | None = None) -> Page:
    """The site's reading of one page; the generic path when the site does not know the
    markup (``page.generic`` is then True, so a redesign degrades records, counted).

    Desks and agencies are credits, never authors (:func:`crawler.sites.base.credit_apart`).
    A time outside the portal's life (:meth:`Site.dates`) that a module took from
    somewhere other than the metadata cascade (an embedded state, a post's stamp) is no
    date of the article either: it becomes None, counted in ``page.implausible_dates``.
    """
    try:
        page = site.parse(doc, url, reading)
    except Unrecognised:
        page = GENERIC.parse(doc, url, reading)
        page.section = site.section_of(url) or page.section
    # People in authors, desks and agencies in credits, whichever path read the page.
    page = credit_apart(page, brands_of(doc, url))
    window = site.dates(reading)
    if not window.admits(page.published):
        page.published, page.implausible_dates = None, page.implausible_dates + 1
    if not window.admits(page.modified):
        page.modified, page.implausible_dates = None, page.implausible_dates + 1
    for post in page.posts:
        if not window.admits(post.published):
            post.published, page.implausible_dates = None, page.implausible_dates + 1
    return page


def check_size(pages: list[Page], bounds: Bounds | None) -> None:
    """Raise :class:`TooLarge` when the record of ``pages`` would pass ``bounds``: its
    text (as :func:`merge` joins it), its posts (each once), one post. Counted from the
    pages' parts, nothing joined: the spider asks after every page, before the next."""
    if bounds is None:
        return
    head = pages[0]
    if head.kind == "liveblog":
        sizes = [len(p) for p in head.paragraphs]
        for number, post in enumerate(_distinct_posts(pages), 1):
            if bounds.posts and number > bounds.posts:
                raise TooLarge(f"more than {bounds.posts} posts (EXTRACT_MAX_POSTS)")
            size = post_chars(post)
            if bounds.post_chars and size > bounds.post_chars:
                raise TooLarge(
                    f"a post of {size} characters, more than {bounds.post_chars}"
                    " (EXTRACT_MAX_POST_CHARS)"
                )
            sizes += [len(post.title)] if post.title else []
            text = _joined_size([len(p) for p in post.paragraphs])
            sizes += [text] if text else []
    else:
        sizes = [len(p) for page in pages for p in page.paragraphs]
    size = _joined_size(sizes)
    if bounds.text_chars and size > bounds.text_chars:
        raise TooLarge(
            f"a text of {size} characters, more than {bounds.text_chars} (EXTRACT_MAX_TEXT_CHARS)"
        )


def merge(pages: list[Page], bounds: Bounds | None = None) -> dict[str, Any]:
    """Record fields from the pages of one article or live blog, in page order; raises
    :class:`TooLarge` before joining a text past ``bounds``."""
    check_size(pages, bounds)
    head = pages[0]
    fields: dict[str, Any] = {
        "kind": head.kind,
        "title": head.title,
        "lead": head.lead,
        "authors": head.authors,
        # Every page's, in page order: the closing "(MTI)" is on an article's last page.
        "credits": merged(*(page.credits for page in pages)),
        "published": head.published,
        "modified": head.modified,
        "tags": head.tags,
        "image": head.image,
        "posts": [],
    }
    if head.kind == "liveblog":
        posts = _unique_posts(pages)
        fields["posts"] = posts
        # As a reader sees it: the opening text, then each post's title and text.
        blocks = list(head.paragraphs)
        for post in posts:
            blocks += [post["title"]] if post["title"] else []
            blocks += [post["text"]] if post["text"] else []
        fields["text"] = PARAGRAPH_BREAK.join(blocks)
        if not fields["authors"]:
            fields["authors"] = unique(a for post in posts for a in post["authors"])
    else:
        fields["text"] = PARAGRAPH_BREAK.join(p for page in pages for p in page.paragraphs)
    if not fields["title"]:
        raise NotAnArticle("no_title")
    if not fields["text"].strip():
        raise NotAnArticle("no_text")
    return fields


def _distinct_posts(pages: list[Page]) -> Iterator[PagePost]:
    """Posts of every page in order; a post a page shows twice (or two pages show) once."""
    seen: set[str] = set()
    for page in pages:
        for post in page.posts:
            if post.key and post.key in seen:
                continue
            seen.add(post.key)
            yield post


def _unique_posts(pages: list[Page]) -> list[dict[str, Any]]:
    return [
        {
            "published": post.published,
            "authors": post.authors,
            "title": post.title,
            "text": PARAGRAPH_BREAK.join(post.paragraphs),
        }
        for post in _distinct_posts(pages)
    ]


def _joined_size(sizes: list[int]) -> int:
    """``len(PARAGRAPH_BREAK.join(parts))`` from the parts' sizes."""
    return sum(sizes) + len(PARAGRAPH_BREAK) * max(0, len(sizes) - 1)


def content_hash(fields: dict[str, Any]) -> str:
    """What a reader would call "the content": a change here is a new revision."""
    basis = [fields["title"], fields["lead"], fields["text"]]
    basis += [[p["title"], p["text"]] for p in fields.get("posts", [])]
    return hashlib.sha256(json.dumps(basis, ensure_ascii=False).encode()).hexdigest()


def crawled_at_of(moment: datetime | None = None) -> str:
    """A record's ``crawled_at`` (UTC, whole seconds) for a page that arrived at
    ``moment`` (None: now)."""
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_item(
    url: str, source: str, section: str, fields: dict[str, Any], *, crawled_at: str = ""
) -> ArticleItem:
    return ArticleItem(
        url=url,
        source=source,
        section=section,
        **normalise_times(fields),
        content_hash=content_hash(fields),
        crawled_at=crawled_at or crawled_at_of(),
    )


# Why a later page is not merged (the site module's reasons, plus where one landed).
REDIRECTED = "redirected"


class Settings(Protocol):
    def getint(self, name: str, default: int = 0) -> int: ...


@dataclass(frozen=True)
class Limits:
    """How far one article is followed and how large its record may grow."""

    max_pages: int = 20  # pages followed, the first included (ARTICLE_MAX_PAGES)
    max_chars: int = 3_000_000  # characters of one decoded page (EXTRACT_MAX_CHARS)
    bounds: Bounds = field(default_factory=Bounds)  # the record's (EXTRACT_MAX_*)

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_pages=settings.getint("ARTICLE_MAX_PAGES"),
            max_chars=settings.getint("EXTRACT_MAX_CHARS"),
            bounds=Bounds(
                text_chars=settings.getint("EXTRACT_MAX_TEXT_CHARS"),
                posts=settings.getint("EXTRACT_MAX_POSTS"),
                post_chars=settings.getint("EXTRACT_MAX_POST_CHARS"),
            ),
        )


@dataclass(frozen=True)
class Ignored:
    """A next page that is not merged: its URL and why (``other_host``,
    ``other_article``, ``redirected``)."""

    url: str
    reason: str


@dataclass(frozen=True)
class Step:
    """What one page gave: the page as read (None when it was not read), the later page
    to fetch next (None: the record is complete), and the facts a driver counts."""

    page: Page | None
    next: str | None = None
    ignored: Ignored | None = None  # a next page refused: the record ends before it
    page_limit: bool = False  # a next page exists, but ARTICLE_MAX_PAGES were read

    def counts(self) -> dict[str, int]:
        """The facts as the crawl's stats name them."""
        found: dict[str, int] = {}
        if self.page is not None:
            if self.page.via:
                found[f"extract/via/{self.page.via}"] = 1
            if self.page.implausible_dates:
                found["extract/implausible_date"] = self.page.implausible_dates
        if self.ignored is not None:
            found[f"articles/pager_ignored/{self.ignored.reason}"] = 1
        if self.page_limit:
            found["articles/page_limit_reached"] = 1
        return found


class Assembly:
    """The record of one article, page by page.

    ``requested`` is the canonical URL the article was asked for. ``section`` is the
    record's section; None takes the URL's, else the first page's, else ``"unknown"``.
    With ``check_section`` (nothing but the page can say whether the article is the
    section's: a whole-site listing linked it, and its URL names no section) a first
    page naming another section gives no record (``other_section``).

    A driver hands each page over in two steps, so it can act between them (skip a
    duplicate before reading it, decode the bytes): :meth:`arrive` with where and when
    it was served, then :meth:`read` with its text; :meth:`add` is both. Each returns
    the :class:`Step`; once ``step.next`` is None, :meth:`record` gives the record.
    Raises :class:`NotAnArticle` (with the reason) when the pages give no record.
    """

    def __init__(
        self,
        site: Site,
        requested: str,
        *,
        section: str | None = None,
        check_section: bool = False,
        limits: Limits | None = None,
        any_page: bool = False,
    ) -> None:
        self.site = site
        self.requested = requested
        # Re-reading a page (extract, reextract), not crawling: a first page served where
        # it was asked for is read whatever its URL's shape (see Site.page_url).
        self.any_page = any_page
        self.canonical = requested  # the record's URL, once the first page has landed
        self.section = section
        self.check_section = check_section and section is not None
        self.limits = limits or Limits()
        self.pages: list[Page] = []
        self.fetched_at: datetime | None = None  # when the latest page arrived
        # The latest page read, also when a check after reading it refused the record:
        # what the page said is counted all the same.
        self.latest: Step | None = None
        self._arrived: str | None = None  # where the page being handed over was served
        self._done = False

    @property
    def generic(self) -> bool:
        """Whether the site module did not know some page's markup (the generic path)."""
        return any(page.generic for page in self.pages)

    def arrive(self, url: str, fetched_at: datetime | None = None) -> Step | None:
        """A page arrived, served at ``url`` (the site's address, after redirects) at
        ``fetched_at`` (None: now). The first page fixes the record's URL: the article
        it landed on (:attr:`canonical`), or :class:`NotAnArticle`
        ``redirected_off_section`` when that is no article of the section. Returns None
        when the page is to be read (:meth:`read`); a final :class:`Step` when it is not
        this record's: a later page that landed on another article's page (the record
        is made of the pages before it)."""
        if self._done:
            raise RuntimeError(f"{self.canonical}: no further page was asked for")
        self.fetched_at = fetched_at
        if not self.pages:
            landed = self.site.article_url(url) or self._page_asked_for(url)
            if landed is None or (
                self.section is not None
                and self.site.section_of(landed) not in (None, self.section)
            ):
                raise NotAnArticle("redirected_off_section", url)
            self.canonical = landed
        elif self.site.not_a_later_page(url, self.canonical):
            self._done = True
            return Step(None, ignored=Ignored(url, REDIRECTED))
        self._arrived = url
        return None

    def _page_asked_for(self, url: str) -> str | None:
        """With ``any_page``: the page's own URL when no article URL names it and it was
        served where it was asked for (a redirect elsewhere stays off the record)."""
        if not self.any_page:
            return None
        here = self.site.page_url(url)
        asked = self.site.article_url(self.requested) or self.site.page_url(self.requested)
        return here if here is not None and here == self.site.page_url(asked or "") else None

    def _canonical_link(self, doc: html.HtmlElement, url: str) -> None:
        """A first page read by its own URL whose canonical link names an article of the
        portal is that article's record (an older address of it)."""
        if self.site.article_url(self.canonical) is not None:
            return
        links = "//head/link[@rel='canonical']/@href | //head/meta[@property='og:url']/@content"
        for href in doc.xpath(links):
            target = self.site.article_url(urljoin(url, href.strip()))
            if target is not None and (
                self.section is None or self.site.section_of(target) in (None, self.section)
            ):
                self.canonical = target
            return

    def read(self, text: str, url: str | None = None) -> Step:
        """Read the page that arrived, from its decoded ``text``, as ``url`` (default:
        the record's URL for the first page, where it was served for a later one: a
        later page's address carries its page number)."""
        if self._arrived is None:
            raise RuntimeError(f"{self.canonical}: read() before arrive()")
        first = not self.pages
        if url is None:
            url = self.canonical if first else self._arrived
        self._arrived = self.latest = None
        limits = self.limits
        when = self.fetched_at.astimezone(UTC).replace(microsecond=0) if self.fetched_at else None
        doc = parse_html(text, max_chars=limits.max_chars)
        if first and self.any_page:
            self._canonical_link(doc, url)
            if self.site.article_url(url) is None and self.canonical != self.requested:
                url = self.canonical  # the article's page: read as its own address
        page = read_page(self.site, doc, url, Reading(fetched=when, bounds=limits.bounds))
        if first and page.generic and self.site.article_url(self.canonical) is None:
            # Neither the address nor the markup says article (a listing, a tag page):
            # the module's URL rules and its layouts both declined, so no record.
            raise NotAnArticle("not_an_article_page", f"{url}: no article address or layout")
        self.latest = Step(page)
        if first and self.check_section and page.section != self.section:
            raise NotAnArticle("other_section", f"the page's section is {page.section}")
        self.pages.append(page)
        check_size(self.pages, limits.bounds)  # before a further page is asked for
        following, ignored, page_limit = page.next_page, None, False
        if following and (problem := self.site.not_a_later_page(following, self.canonical)):
            following, ignored = None, Ignored(following, problem)
        if following and len(self.pages) >= limits.max_pages:
            following, page_limit = None, True
        self._done = following is None
        self.latest = Step(page, following, ignored, page_limit)
        return self.latest

    def add(self, text: str, url: str, fetched_at: datetime | None = None) -> Step:
        """:meth:`arrive` and :meth:`read`, the page read as ``url``, where it was served."""
        return self.arrive(url, fetched_at) or self.read(text, url)

    def record(self) -> ArticleItem:
        """The record of the pages read, in order; :class:`NotAnArticle` when they give
        none (``no_title``, ``no_text``, ``too_large``)."""
        if not self.pages:
            raise NotAnArticle("empty", "no page was read")
        fields = merge(self.pages, self.limits.bounds)
        canonical = self.canonical
        section = (
            self.section
            or self.site.section_of(canonical)
            or self.pages[0].section
            or UNKNOWN_SECTION
        )
        return build_item(
            canonical,
            self.site.source(canonical),
            section,
            fields,
            crawled_at=crawled_at_of(self.fetched_at),
        )

    @property
    def next_number(self) -> int:
        """The number the next page asked for has (1-based, in reading order)."""
        return len(self.pages) + 1


def undecodable(item: ArticleItem) -> bool:
    """Whether the record still holds U+FFFD where a page's bytes could not be decoded."""
    return any(REPLACEMENT in (value or "") for value in (item.title, item.lead, item.text))


# --- bytes to text, once ---------------------------------------------------------------


def page_text(site: Site, body: bytes, content_type: str, *, textual: bool = True) -> Decoded:
    """A response's body as text (:func:`crawler.text.decoding.decode_html`), or
    :class:`NotAnArticle`: ``not_html`` (``textual``: the body is text, as the crawl's
    response classes say; ``content_type``: the header's value, lower-cased, "" when
    absent), ``truncated`` (cut off before the page closed)."""
    if not textual or (content_type and "html" not in content_type and "xml" not in content_type):
        raise NotAnArticle("not_html", content_type or "not text")
    if body.strip() and not site.is_complete(body):
        raise NotAnArticle("truncated", f"{len(body)} bytes, no closing </html>")
    return decode_html(body, content_type or None)


def decoding_counts(decoded: Decoded) -> dict[str, int]:
    """What decoding a page found, as the crawl's stats name it."""
    found: dict[str, Any] = {
        "decode/charset_corrected": decoded.corrected,
        "decode/nul_stripped": bool(decoded.nul_bytes),
        "decode/replacement_chars": bool(decoded.replaced),
    }
    return {key: 1 for key, value in found.items() if value}


@dataclass(frozen=True)
class Extracted:
    item: ArticleItem
    site: Site  # the module that read the page (GENERIC for a host without one)
    page: Page


def extract_page(
    text: str,
    url: str,
    *,
    max_chars: int,
    section: str | None = None,
    bounds: Bounds | None = None,
) -> Extracted:
    """One saved page as a record, by the module that owns ``url``'s host; no pagination
    followed, no language or translation. Raises :class:`NotAnArticle` (``too_large``
    past ``bounds``, while the page is read).

    ``url`` is the address the page was served at; the record gets the canonical one.
    The section is ``section``, else the URL's, else the page's, else ``"unknown"``.
    """
    site = site_for_url(url) or GENERIC
    # Any page of a host a module owns is read by that module, whatever the URL's shape:
    # an article address gives the article's record, another address the page's own (or
    # the article its canonical link names).
    canonical = site.article_url(url) or site.page_url(url)
    if canonical is None:
        raise NotAnArticle("not_an_article_url", f"{url} is not the address of a page")
    # One page: its next page is never fetched. No section to keep to: ``section`` only
    # names the record's.
    limits = Limits(max_pages=1, max_chars=max_chars, bounds=bounds or Bounds())
    assembly = Assembly(site, canonical, limits=limits, any_page=True)
    step = assembly.add(text, url)
    item = assembly.record()
    if section:
        item = replace(item, section=section)
    assert step.page is not None  # a first page is always read
    return Extracted(item, site, step.page)
