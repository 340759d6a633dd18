"""The shape every portal module fills in: :class:`Portal` (a :class:`Site` whose facts
are data: hosts, article path, first day, listing lists, layouts) and :class:`Layout`
(one markup era of the portal, as Fundus's parser versions).

A portal module states its facts as class attributes and writes one small
:class:`Layout` per markup era: its metadata :class:`Selectors`, what is not body, and
``read`` (what a page of the era says). A redesign subclasses the era before it and
overrides only what changed; the era is picked from the page (:meth:`Layout.recognises`),
never from a date, because portals re-render old articles in their current layout.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from urllib.parse import urlsplit

from lxml import etree, html

from crawler.sites.base import (
    Budget,
    NoDateArchive,
    Page,
    PagePost,
    Reading,
    Site,
    Unrecognised,
    budget_of,
    credit_apart,
)
from crawler.sites.toolkit.body import NOT_BODY
from crawler.sites.toolkit.urls import Dated, dated_article, first_links
from crawler.text.bodytext import NotBody, paragraphs
from crawler.text.boilerplate import without_appeals
from crawler.text.metadata import Metadata, Selectors, brands_of, read_metadata
from crawler.text.values import DateWindow


def content_key(*parts: str) -> str:
    """A post's key when the page gives it no id: its content, so a post two pages show
    is still one post."""
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


class Layout:
    """One markup era of a portal. ``VALID_UNTIL``: when the portal stopped serving it
    (None: still served); the docstring says since when it is seen."""

    VALID_UNTIL: ClassVar[date | None] = None
    selectors: ClassVar[Selectors] = Selectors()
    not_body: ClassVar[NotBody] = NOT_BODY
    # An XPath that finds something only on this era's pages; None: every page (the
    # portal's last resort, whose ``read`` raises Unrecognised when it finds nothing).
    marker: ClassVar[str | None] = None

    @property
    def era(self) -> str:
        return type(self).__name__

    def recognises(self, doc: html.HtmlElement) -> bool:
        return self.marker is None or bool(doc.xpath(self.marker))

    def read(self, page: PageContext) -> Page:
        raise NotImplementedError


@dataclass
class PageContext:
    """One page as a :class:`Layout` reads it: the markup and its URL, the record's
    :class:`Budget` (charged as text is read), the times the article can carry."""

    site: Portal
    layout: Layout
    doc: html.HtmlElement
    url: str
    budget: Budget
    window: DateWindow

    def xpath(self, query: str) -> list[Any]:
        return self.doc.xpath(query)

    def metadata(self) -> Metadata:
        """The shared cascade with the era's selectors; the section as the URL names it."""
        meta = read_metadata(self.doc, self.url, self.layout.selectors, self.window)
        meta.section = self.site.section_of(self.url)
        return meta

    def text(
        self,
        element: etree._Element,
        *,
        not_body: NotBody | None = None,
        skip: Callable[[etree._Element], bool] | None = None,
    ) -> list[str]:
        """``element``'s paragraphs as displayed, without the era's non-body nodes (the
        reader appeals left among them are dropped from the whole page by :meth:`Portal.parse`)."""
        return paragraphs(element, not_body=not_body or self.layout.not_body, skip=skip)

    def article(self, meta: Metadata, body: Iterable[str], next_page: str | None = None) -> Page:
        return Page.of("article", meta, paragraphs=self.budget.body(body), next_page=next_page)

    def liveblog(
        self,
        meta: Metadata,
        posts: Iterable[PagePost],
        opening: Iterable[str] = (),
        next_page: str | None = None,
    ) -> Page:
        """A live blog; its opening text is charged to the budget before its posts."""
        return Page.of(
            "liveblog",
            meta,
            paragraphs=self.budget.body(opening),
            posts=self.budget.posts(posts),
            next_page=next_page,
        )


class Portal(Site):
    """A :class:`Site` whose knowledge is data; see the module docstring."""

    # Every host whose pages the module reads, each mapped to its canonical origin;
    # ``hosts`` is these hosts.
    origins: ClassVar[Mapping[str, str]]
    # An article URL's path: named groups ``y``, ``m``, ``d`` (the day), ``slug``, and
    # ``section`` where the URL names one.
    article_path: ClassVar[re.Pattern[str]]
    # The portal's section slugs, never an article's slug (see dated_article).
    section_slugs: ClassVar[frozenset[str]] = frozenset()
    # XPaths of a listing's article list, tried in order (see first_links).
    listing_items: ClassVar[tuple[str, ...]] = ()
    # The markup eras, in the order they are tried on a page.
    layouts: ClassVar[tuple[Layout, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "origins" in vars(cls):
            cls.hosts = frozenset(cls.origins)

    # --- URLs -----------------------------------------------------------------------

    def dated(self, url: str) -> Dated | None:
        """``url`` as an article of this portal (see
        :func:`~crawler.sites.toolkit.urls.dated_article`), else None."""
        return dated_article(
            url, self.origins, self.article_path, self.first_day, self.section_slugs
        )

    def page_url(self, url: str) -> str | None:
        """The host's canonical origin and the path: no query, no fragment."""
        parts = urlsplit(url.strip())
        origin = self.origins.get((parts.hostname or "").lower())
        if origin is None or parts.scheme not in ("http", "https", "") or not parts.path.strip("/"):
            return None
        return origin + parts.path

    def section_of(self, canonical: str) -> str | None:
        found = self.dated(canonical)
        return found["section"] if found else None

    def article_date(self, canonical: str) -> date | None:
        found = self.dated(canonical)
        return found.day if found else None

    # --- where articles are listed --------------------------------------------------

    def archive_span(self, first: date, last: date, *, partial: bool = True) -> tuple[date, date]:
        """The part of ``first``..``last`` the portal has articles in (from its first
        day). A range that ends before that day is refused; with ``partial`` False, one
        that begins before it too."""
        if last < self.first_day or (not partial and first < self.first_day):
            raise NoDateArchive(
                f"{self.name} has no articles before {self.first_day}: since={first}, until={last}"
            )
        return max(first, self.first_day), last

    def listing_links(self, doc: html.HtmlElement, url: str) -> Iterable[str]:
        return first_links(doc, *self.listing_items)

    # --- pages ----------------------------------------------------------------------

    def layout_of(self, doc: html.HtmlElement) -> Layout:
        """The era whose markup the page is in; :class:`Unrecognised` for none."""
        for layout in self.layouts:
            if layout.recognises(doc):
                return layout
        eras = ", ".join(layout.era for layout in self.layouts)
        raise Unrecognised(f"not the markup of {self.name}'s layouts ({eras})")

    def parse(self, doc: html.HtmlElement, url: str, reading: Reading | None = None) -> Page:
        layout = self.layout_of(doc)
        context = PageContext(self, layout, doc, url, budget_of(reading), self.dates(reading))
        page = layout.read(context)
        # Reader appeals a body container holds (a donation, subscription, newsletter or
        # "download our app" box whose class no era names) are no text, on every portal.
        page.paragraphs = without_appeals(page.paragraphs)
        for post in page.posts:
            post.paragraphs = without_appeals(post.paragraphs)
        return credit_apart(page, brands_of(doc, url))
