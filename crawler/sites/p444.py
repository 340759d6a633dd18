"""Everything the crawler knows about 444.hu.

Articles live at ``https://444.hu/YYYY/MM/DD/slug``: the URL carries the day but not the
section, so :meth:`P444.section_of` says None and a page states its own section (the
category link of its byline, as a slug such as ``kulfold``). Listings: the section's
category page ``/category/<slug>`` (every link there is the section's), the whole-site
feed ``/feed`` (filtered by the items' ``<category>``) and, for backfills, the day
archives ``/YYYY/MM/DD`` walked with ``?page=N``; the last two list every section, so the
spider checks each article's page.

Three layouts, each a small class overriding what differs (as Fundus does): the
WordPress theme (:class:`V2013`), its live-stream template (:class:`V2013Report`), the
Ember site since 2021 (:class:`V2021`). Live-report posts print only ``HH:MM`` (except
in the live-stream template): the day is the article's, moved on at midnight by the
sequence (:func:`~crawler.sites.toolkit.clock_times`).

Pure (HTML and URL in, :class:`Page` out): reads no settings, writes no stats.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

from lxml import html

from crawler.sites.base import Listing, Page, PagePost, feed_items
from crawler.sites.toolkit import (
    EARLY_POSTS,
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
from crawler.text.bodytext import NotBody, is_hidden, paragraphs
from crawler.text.metadata import Metadata, Selectors
from crawler.text.values import (
    BUDAPEST,
    has_class,
    hungarian_datetime,
    iso_datetime,
    text_of,
    unique,
)

ORIGIN = "https://444.hu"

# Path segments that are never sub-sites: listings and site pages.
_NOT_BUCKETS = frozenset({"category", "tag", "author", "feed", "kereses", "archivum"})
# How the feed names a section in ``<category>`` when it uses the label, not the slug.
_LABELS = {"kulfold": "külföld", "belfold": "belföld", "gazdasag": "gazdaság"}

# Not body, in every layout: images and captions, embeds (tweets, Facebook, Instagram,
# video players), ads, pagers, tag and share bars, related boxes, comments, appeals.
_NOT_BODY = NOT_BODY | NotBody(
    tags=frozenset(
        {
            "footer",
            "aside",
            "jeti-image",
            "jeti-gallery",
            "jeti-embed",
            "jeti-video",
            "jeti-roadblock",
        }
    ),
    classes=frozenset(
        {
            "jeti-roadblock",
            "banner-inner",
            "ad",
            "fb-xfbml-parse-ignore",
            "flex-video",
            "tumblr-post",
            "storify",
            "embed-444",
            "pr-box",
            "nls-layout",
            "d36-top",
            "szohir-444mozi",
            "szohir-jo2kampany",
            "szohir-tldr",
            "ad-insighthungary",
            "ad-johirlevel",
            "pagination",
            "pagination-centered",
            "tag-list",
            "social-bar",
            "link-list",
            "subhead",
            "widget-recommendation",
            "livestream__featured-list",
        }
    ),
    ids=frozenset({"mc_embed_signup", "comments", "disqus_thread", "taboola-placeholder"}),
)
# A post's own header inside ``article.report``: its date, author, title and share bar.
_REPORT_CHROME = NotBody(
    tags=frozenset({"header"}),
    classes=frozenset(
        {
            "report__header",
            "report__meta",
            "report__date",
            "report__time",
            "report__author",
            "report__title",
            "report__share",
            "report__actions",
            "report__footer",
        }
    ),
)
# A post's text when the template wraps it; else the post without its header.
_REPORT_BODY = (
    f".//*[{has_class('report__body')} or {has_class('report__content')}"
    f" or {has_class('report__text')}][not(ancestor::*[{has_class('report__body')}])]"
)
# A post's own byline: ``.report__author``, or (as served in 2014) a
# ``div.byline.livestream__byline`` with ``span.byline__authors > a[rel=author]``.
_REPORT_AUTHORS = (
    f".//*[{has_class('report__author')}]"
    f" | .//*[{has_class('livestream__byline')}]//*[{has_class('byline__authors')}]//a"
)

# Twitter's embed script left in the text as a paragraph of its own ("// ]]>").
_SCRIPT_LEFTOVER = re.compile(r"^(?://\s*)?(?:\]\]>|<!\[CDATA\[)$")
_CLOCK_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5"})
_CLOCK = re.compile(r"(?<![\d.:])(?P<hh>[012]?\d):(?P<mm>[0-5]\d)(?![\d:])")
_PRINTED_DAY = re.compile(r"(?:19|20)\d{2}\.\s*(?:\d{1,2}|[a-záéíóöőúüű]+)\.?\s*\d{1,2}\.")
_MIN_CLOCK_HEADINGS = 2  # one time heading in an article is a subheading, not a live report

_RICH_TEXT = f"div[{has_class('rich-text')}]"
_OUTSIDE_COMMENTS = "not(ancestor::*[@id='comments'])"
_BEFORE_BODY = f"following::{_RICH_TEXT}[{_OUTSIDE_COMMENTS}]"
_AFTER_BODY = f"preceding::{_RICH_TEXT}[{_OUTSIDE_COMMENTS}]"


class V2013(Layout):
    """The WordPress theme, 2013 to 2021 (pages captured 2019–2021): ``div#headline``
    with the ``h1`` and the byline, the body in ``main#content-main > article``. A live
    report ("élő") is the same body with an ``h4`` time heading (``05:58``) before each
    post; the summary above the first heading is its opening text. Long reports continue
    at ``?page=2``, ``?page=3`` (the pager's ``li.arrow``)."""

    # The Oscar report's page 1 was served in it on 2021-02-06, its page 4 by the Ember
    # site on 2021-09-21: replaced in between.
    VALID_UNTIL = date(2021, 9, 21)
    selectors = Selectors(
        title="//div[@id='headline']//h1",
        authors=f"//div[@id='headline']//*[{has_class('byline__authors')}]//a",
        tags=f"//main[@id='content-main']//*[{has_class('tag-list')}]//a",
    )
    not_body = _NOT_BODY
    category = f"//div[@id='headline']//*[{has_class('byline__category')}]//a/@href"

    def recognises(self, doc: html.HtmlElement) -> bool:
        return bool(doc.xpath("//div[@id='headline']")) and bool(self.bodies(doc))

    def bodies(self, doc: html.HtmlElement) -> list[html.HtmlElement]:
        return doc.xpath("//main[@id='content-main']/article[1]")

    def metadata(self, page: PageContext) -> Metadata:
        meta = page.metadata()
        meta.section = _section(page.doc, self, meta)
        return meta

    def read(self, page: PageContext) -> Page:
        meta = self.metadata(page)
        following = _next_page(page)
        bodies = self.bodies(page.doc)
        children = [child for body in bodies for child in body]
        headings = [i for i, child in enumerate(children) if _clock_of(child) is not None]
        if len(headings) < _MIN_CLOCK_HEADINGS:
            return page.article(meta, _render(bodies), following)
        return page.liveblog(
            meta,
            _clock_posts(children, headings, _opened(meta, page.site.article_date(page.url))),
            opening=_render_run(children[: headings[0]]),
            next_page=following,
        )


class V2013Report(V2013):
    """The WordPress theme's live-stream template: one ``article.report``
    (``data-content-id``) per post with its own printed date and author, the opening
    paragraph in ``section.livestream__lead``, a "Legfontosabb" box
    (``.livestream__featured-list``) that repeats posts, and a ``a.page-link`` pager."""

    selectors = Selectors(
        title=f"//h1[{has_class('livestream__title')}] | //div[@id='headline']//h1",
        authors=f"//div[@id='headline']//*[{has_class('byline__authors')}]//a",
        tags=f"//*[{has_class('tag-list')}]//a",
    )
    # Its posts, not the "Legfontosabb" box (a sidebar) that repeats the key ones.
    posts = (
        f"//article[{has_class('report')}]"
        "[not(ancestor::aside or ancestor::*[contains(@class, 'featured')])]"
    )

    def recognises(self, doc: html.HtmlElement) -> bool:
        # By its posts: a stream page may lack the article template's headline and body.
        return bool(doc.xpath(self.posts))

    def read(self, page: PageContext) -> Page:
        meta = self.metadata(page)
        result = page.liveblog(
            meta,
            (_report_post(page, article, meta) for article in page.xpath(self.posts)),
            next_page=_next_page(page),
        )
        lead = page.xpath(f"//*[{has_class('livestream__lead')}]")
        result.lead = "\n\n".join(_render(lead[:1])) if lead else None
        # Only a page byline names the page's authors (each post names its own).
        result.authors = unique(text_of(a) for a in page.xpath(self.selectors.authors or ""))
        return result


class V2021(V2013):
    """The Ember (FastBoot) site, since 2021, hashed CSS classes: the body in
    ``div.rich-text`` blocks (``div.legacy`` around migrated ones), images as
    ``<jeti-image>`` elements whose text is the caption, the byline's author, category and
    tag links recognised by their ``/author/``, ``/category/`` and ``/tag/`` addresses.
    It shows a whole live report on one page: ``?page=N`` gives the same page."""

    VALID_UNTIL = None
    selectors = Selectors(
        title=f"(//h1[{_OUTSIDE_COMMENTS}])[1]",
        authors=f"//a[contains(@href, '/author/')][{_BEFORE_BODY}]",
        tags=f"//a[contains(@href, '/tag/')][{_AFTER_BODY}][{_OUTSIDE_COMMENTS}]",
    )
    category = f"//a[contains(@href, '/category/')][{_BEFORE_BODY}]/@href"

    def recognises(self, doc: html.HtmlElement) -> bool:
        return bool(self.bodies(doc))

    def bodies(self, doc: html.HtmlElement) -> list[html.HtmlElement]:
        return doc.xpath(f"//{_RICH_TEXT}[{_OUTSIDE_COMMENTS}][not(ancestor::{_RICH_TEXT})]")


class P444(Portal):
    name: ClassVar[str] = "444.hu"
    origins: ClassVar[dict[str, str]] = same_origin(ORIGIN, "www.444.hu")
    # /2024/05/06/slug, optionally under a sub-site such as /foci/ or /tldr/: the section
    # of its articles; the site's own articles' URLs name none (their pages do).
    article_path = re.compile(
        r"^/(?:(?P<section>[a-z][a-z0-9-]*)/)?(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})"
        r"/(?P<slug>[A-Za-z0-9_.%~-]+)/?$"
    )
    # A category slug (a day page's relative link to it) is no article.
    section_slugs = frozenset(_LABELS)
    first_day = date(2013, 1, 1)  # 444.hu started in 2013
    # The headlines of the main list's cards only: the sidebar's "Friss" stream and the
    # recommendations above it link every section's newest articles, and a card's
    # excerpt may link older ones.
    listing_items = (
        "//main[@id='content-main']//article//h3//a/@href",
        "//main[@id='content-main']//article//a/@href",
        "//main//article//a/@href",
        "//article//a/@href",
    )
    layouts = (V2013Report(), V2013(), V2021())

    def dated(self, url: str) -> Dated | None:
        found = super().dated(url)
        return None if found is None or found["section"] in _NOT_BUCKETS else found

    def article_url(self, url: str) -> str | None:
        found = self.dated(url)
        if found is None:
            return None
        m = found.match
        bucket = f"/{m['section']}" if m["section"] else ""
        # Pages (?page=N), their order (?reverse=1), tracking tags and post anchors all
        # belong to the one record of the slug.
        return f"{found.origin}{bucket}/{m['y']}/{m['m']}/{m['d']}/{m['slug']}"

    def listings(self, section: str) -> list[Listing]:
        return [
            Listing(f"{ORIGIN}/feed", "feed", in_section=False),
            Listing(f"{ORIGIN}/category/{section}"),
        ]

    def date_archives(self, section: str, first: date, last: date) -> list[Listing]:
        """Every day page ``/YYYY/MM/DD``, newest first, each walked with ``?page=N``."""
        first, last = self.archive_span(first, last)
        return [
            Listing(f"{ORIGIN}/{d:%Y/%m/%d}", walk=True, in_section=False)
            for d in days_newest_first(first, last)
        ]

    def next_listing(self, doc: html.HtmlElement, url: str) -> str | None:
        """The day archive's "Tovább a múltba" (``a.infinity-next``) or ``rel=next``,
        only when it is a later ``?page=`` of the same listing."""
        base = urlsplit(url).path.rstrip("/")
        following = forward_page(
            url,
            doc.xpath(
                f"//a[{has_class('infinity-next')}]/@href | //link[@rel='next']/@href"
                " | //a[@rel='next']/@href"
            ),
            _page_number,
            same=lambda target: urlsplit(target).path.rstrip("/") == base,
        )
        return f"{url.split('?', 1)[0]}?page={following[0]}" if following else None

    def feed_links(self, body: bytes, section: str) -> list[str]:
        """The site feed's items filed under the section (by slug or label); every item
        when the items carry no category (the spider then asks each page)."""
        if b"<category" not in body:
            return feed_items(body)
        names = unique([section, _LABELS.get(section, section)])
        wanted = {link for name in names for link in feed_items(body, category=name)}
        return [link for link in feed_items(body) if link in wanted]


# --- URLs -------------------------------------------------------------------------------


def _page_number(url: str) -> int | None:
    return query_number(url, "page")


def _next_page(page: PageContext) -> str | None:
    """The smallest ``?page=N`` of this article that the page links beyond its own;
    pages in the other order (``reverse=1``) are not this sequence."""
    canonical = page.site.article_url(page.url) or page.url
    following = forward_page(
        page.url,
        page.xpath("//a[contains(@href, 'page=')]/@href"),
        _page_number,
        same=lambda target: (
            page.site.article_url(target) == canonical
            and "reverse" not in parse_qs(urlsplit(target).query)
        ),
    )
    return f"{canonical}?page={following[0]}" if following else None


# --- page fields ------------------------------------------------------------------------


def _section(doc: html.HtmlElement, layout: V2013, meta: Metadata) -> str | None:
    """The category the byline links (``/category/kulfold`` → ``kulfold``); else the
    theme's ``c-<slug>`` class on ``<body>``; else the ``article:section`` label."""
    for href in doc.xpath(layout.category):
        match = re.search(r"/category/([a-z0-9-]+)", href)
        if match:
            return match[1]
    for name in (doc.xpath("//body/@class") or [""])[0].split():
        if name.startswith("c-") and len(name) > 2:
            return name[2:]
    return _slug(meta.section) if meta.section else None


def _slug(label: str) -> str | None:
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or None


def _render(elements: Iterable[html.HtmlElement]) -> list[str]:
    out: list[str] = []
    for element in elements:
        out += paragraphs(element, not_body=_NOT_BODY)
    return [p for p in out if not _SCRIPT_LEFTOVER.match(p)]


def _render_run(nodes: list[html.HtmlElement]) -> list[str]:
    """Sibling nodes rendered as one block of text (their tails included)."""
    wrapper = html.Element("div")
    for node in nodes:
        if not _NOT_BODY.matches(node) and not is_hidden(node):
            wrapper.append(copy.deepcopy(node))
    return _render([wrapper])


# --- live reports with clock headings ---------------------------------------------------


def _clock_of(node: html.HtmlElement) -> tuple[int, int] | None:
    return read_clock(text_of(node)) if node.tag in _CLOCK_HEADING_TAGS else None


def _opened(meta: Metadata, day: date | None) -> str | datetime | None:
    """When the report started: its publication time, else its URL's day."""
    if meta.published or day is None:
        return meta.published
    return datetime.combine(day, time(0, 0), BUDAPEST) + EARLY_POSTS


def _clock_posts(
    children: list[html.HtmlElement], headings: list[int], opened: str | datetime | None
) -> Iterator[PagePost]:
    """One post per run of content after a time heading, newest first as printed."""
    stamps = clock_times([_clock_of(children[i]) for i in headings], opened, newest_first=True)
    for n, start in enumerate(headings):
        stop = headings[n + 1] if n + 1 < len(headings) else len(children)
        text = _render_run(children[start + 1 : stop])
        key = content_key(str(stamps[n]), str(text))
        yield PagePost(key=key, published=stamps[n], authors=[], title=None, paragraphs=text)


# --- live-stream template posts ---------------------------------------------------------


def _report_post(page: PageContext, article: html.HtmlElement, meta: Metadata) -> PagePost:
    title = article.xpath(f".//*[{has_class('report__title')}]")
    text: list[str] = []
    for element in article.xpath(_REPORT_BODY) or [article]:
        text += page.text(element, not_body=_NOT_BODY | _REPORT_CHROME)
    key = article.get("data-content-id") or article.get("id")
    return PagePost(
        key=key or content_key(html.tostring(article).decode()),
        published=_report_time(article, meta),
        authors=unique(text_of(a) for a in article.xpath(_REPORT_AUTHORS)),
        title=(text_of(title[0]) or None) if title else None,
        paragraphs=[p for p in text if not _SCRIPT_LEFTOVER.match(p)],
    )


def _report_time(article: html.HtmlElement, meta: Metadata) -> str | None:
    """The post's printed date and time: ``time[datetime]``, else the text of its date
    link, "2014. október. 26., vasárnap, 19:57" or "19:57" beside "2016. 06. 14., kedd"."""
    for value in article.xpath(".//time/@datetime"):
        if when := iso_datetime(value):
            return when
    stamp = article.xpath(f".//*[{has_class('report__date')}]")
    if not stamp:
        return None
    text = " ".join(t.strip() for t in stamp[0].itertext() if t.strip())
    if when := hungarian_datetime(text):
        return when
    day, clock = _PRINTED_DAY.search(text), _CLOCK.search(text)
    if day and clock:
        return hungarian_datetime(f"{day[0]} {clock[0]}")
    if clock:
        return clock_times([(int(clock["hh"]), int(clock["mm"]))], meta.published)[0]
    return None


SITE = P444()
