"""Everything the crawler knows about 444.hu.

Articles live at ``https://444.hu/YYYY/MM/DD/slug``: the URL carries the day but not the
section, so :meth:`P444.section_of` says None and a page states its own section (the
category link of its byline, as a slug such as ``kulfold``). Listings: the section's
category page ``/category/<slug>`` (every link there is the section's), the whole-site
feed ``/feed`` (filtered by the items' ``<category>``) and, for backfills, the day
archives ``/YYYY/MM/DD`` walked with ``?page=N``; the last two list every section, so the
spider checks each article's page.

Three layouts are known, each a small class overriding what differs (as Fundus does):

- :class:`_V2013` — the WordPress theme (pages captured 2019–2021): ``div#headline``
  with the ``h1`` and the byline, the body in ``main#content-main > article``. A live
  report ("élő") is the same body with an ``h4`` time heading (``05:58``) before each
  post; the summary above the first heading is its opening text. Long reports continue
  at ``?page=2``, ``?page=3`` (the pager's ``li.arrow``).
- :class:`_V2013Report` — the same theme's live-stream template: one
  ``article.report`` (``data-content-id``) per post with its own printed date and author,
  the opening paragraph in ``section.livestream__lead``, a "Legfontosabb" box
  (``.livestream__featured-list``) that repeats posts, and a ``a.page-link`` pager.
- :class:`_V2021` — the Ember (FastBoot) site since 2021, hashed CSS classes: the body
  in ``div.rich-text`` blocks (``div.legacy`` around migrated ones), images as
  ``<jeti-image>`` elements whose text is the caption, the byline's author, category and
  tag links recognised by their ``/author/``, ``/category/`` and ``/tag/`` addresses.
  It shows a whole live report on one page: ``?page=N`` gives the same page.

Live-report posts print only ``HH:MM`` (except in the live-stream template): the day is
the article's, moved on at midnight by the sequence (see :func:`_clock_times`).

Pure (HTML and URL in, :class:`Page` out): reads no settings, writes no stats.
"""

from __future__ import annotations

import copy
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import ClassVar
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import html

from crawler.sites.base import (
    Listing,
    Page,
    PagePost,
    Reading,
    Site,
    Unrecognised,
    budget_of,
    feed_items,
)
from crawler.text.bodytext import NotBody, is_hidden, paragraphs
from crawler.text.metadata import Metadata, Selectors, read_metadata
from crawler.text.values import (
    BUDAPEST,
    has_class,
    hungarian_datetime,
    iso_datetime,
    text_of,
    unique,
)

ORIGIN = "https://444.hu"
_HOSTS = frozenset({"444.hu", "www.444.hu"})

# /2024/05/06/slug, optionally under a sub-site ("bucket") such as /foci/ or /tldr/.
_ARTICLE_PATH = re.compile(
    r"^/(?:(?P<bucket>[a-z][a-z0-9-]*)/)?(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})"
    r"/(?P<slug>[A-Za-z0-9_.%~-]+)/?$"
)
# Path segments that are never sub-sites: listings and site pages.
_NOT_BUCKETS = frozenset({"category", "tag", "author", "feed", "kereses", "archivum"})

# How the feed names a section in ``<category>`` when it uses the label, not the slug.
_LABELS = {"kulfold": "külföld", "belfold": "belföld", "gazdasag": "gazdaság"}

# Not body, in every layout: images and captions, embeds (tweets, Facebook, Instagram,
# video players), ads, pagers, tag and share bars, related boxes, comments, appeals.
_NOT_BODY = NotBody(
    tags=frozenset(
        {
            "figure",
            "figcaption",
            "iframe",
            "footer",
            "aside",
            "nav",
            "form",
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
            "twitter-tweet",
            "twitter-video",
            "instagram-media",
            "tiktok-embed",
            "fb-post",
            "fb-video",
            "fb-xfbml-parse-ignore",
            "flex-video",
            "embedly-card",
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

# Twitter's embed script left in the text as a paragraph of its own ("// ]]>").
_SCRIPT_LEFTOVER = re.compile(r"^(?://\s*)?(?:\]\]>|<!\[CDATA\[)$")
_CLOCK_HEADING = re.compile(r"^(?P<hh>[012]?\d)[:.](?P<mm>[0-5]\d)$")
_CLOCK_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5"})
_CLOCK = re.compile(r"(?<![\d.:])(?P<hh>[012]?\d):(?P<mm>[0-5]\d)(?![\d:])")
_PRINTED_DAY = re.compile(r"(?:19|20)\d{2}\.\s*(?:\d{1,2}|[a-záéíóöőúüű]+)\.?\s*\d{1,2}\.")
# A post printed a little before the article's publication time still belongs to its day.
_EARLY_POST = timedelta(hours=1)
_MIN_CLOCK_HEADINGS = 2  # one time heading in an article is a subheading, not a live report


class _V2013:
    """WordPress theme, 2013 to 2021."""

    selectors = Selectors(
        title="//div[@id='headline']//h1",
        authors=f"//div[@id='headline']//*[{has_class('byline__authors')}]//a",
        tags=f"//main[@id='content-main']//*[{has_class('tag-list')}]//a",
    )
    category = f"//div[@id='headline']//*[{has_class('byline__category')}]//a/@href"

    def recognises(self, doc: html.HtmlElement) -> bool:
        return bool(doc.xpath("//div[@id='headline']")) and bool(self.bodies(doc))

    def bodies(self, doc: html.HtmlElement) -> list[html.HtmlElement]:
        return doc.xpath("//main[@id='content-main']/article[1]")

    def posts(self, doc: html.HtmlElement) -> list[html.HtmlElement]:
        return []


class _V2013Report(_V2013):
    """The WordPress theme's live-stream template: one ``article.report`` per post."""

    selectors = Selectors(
        title=f"//h1[{has_class('livestream__title')}] | //div[@id='headline']//h1",
        authors=f"//div[@id='headline']//*[{has_class('byline__authors')}]//a",
        tags=f"//*[{has_class('tag-list')}]//a",
    )
    lead = f"//*[{has_class('livestream__lead')}]"

    def recognises(self, doc: html.HtmlElement) -> bool:
        return bool(self.posts(doc))

    def posts(self, doc: html.HtmlElement) -> list[html.HtmlElement]:
        # The "Legfontosabb" box (a sidebar) repeats the stream's key posts.
        return doc.xpath(
            f"//article[{has_class('report')}]"
            "[not(ancestor::aside or ancestor::*[contains(@class, 'featured')])]"
        )


_RICH_TEXT = f"div[{has_class('rich-text')}]"
_OUTSIDE_COMMENTS = "not(ancestor::*[@id='comments'])"
_BEFORE_BODY = f"following::{_RICH_TEXT}[{_OUTSIDE_COMMENTS}]"
_AFTER_BODY = f"preceding::{_RICH_TEXT}[{_OUTSIDE_COMMENTS}]"


class _V2021(_V2013):
    """Ember (FastBoot) site, since 2021: hashed classes, links recognised by address."""

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


_LAYOUTS = (_V2013Report(), _V2013(), _V2021())


class P444(Site):
    name: ClassVar[str] = "444.hu"
    hosts: ClassVar[frozenset[str]] = _HOSTS
    first_day: ClassVar[date] = date(2013, 1, 1)  # 444.hu started in 2013

    # --- URLs -----------------------------------------------------------------------

    def article_url(self, url: str) -> str | None:
        return _canonical(url)

    def section_of(self, canonical: str) -> str | None:
        """None for the site's own articles (the URL names no section); a sub-site's
        articles (``/foci/2021/…``) are that sub-site's."""
        match = _match(canonical)
        return match["bucket"] if match else None

    def article_date(self, canonical: str) -> date | None:
        match = _match(canonical)
        if match is None:
            return None
        return date(int(match["y"]), int(match["m"]), int(match["d"]))

    # --- listings -------------------------------------------------------------------

    def listings(self, section: str) -> list[Listing]:
        return [
            Listing(f"{ORIGIN}/feed", "feed", in_section=False),
            Listing(f"{ORIGIN}/category/{section}"),
        ]

    def date_archives(self, section: str, first: date, last: date) -> list[Listing]:
        """Every day page ``/YYYY/MM/DD``, newest first, each walked with ``?page=N``."""
        days = (last - timedelta(days=n) for n in range((last - first).days + 1))
        return [Listing(f"{ORIGIN}/{d:%Y/%m/%d}", walk=True, in_section=False) for d in days]

    def listing_links(self, doc: html.HtmlElement, url: str) -> Iterable[str]:
        """The headlines of the main list's cards only: the sidebar's "Friss" stream and
        the recommendations above it link every section's newest articles, and a card's
        excerpt may link older ones."""
        for xpath in (
            "//main[@id='content-main']//article//h3//a/@href",
            "//main[@id='content-main']//article//a/@href",
            "//main//article//a/@href",
            "//article//a/@href",
        ):
            links = doc.xpath(xpath)
            if links:
                return links
        return doc.xpath("//a/@href")

    def next_listing(self, doc: html.HtmlElement, url: str) -> str | None:
        """The day archive's "Tovább a múltba" (``a.infinity-next``) or ``rel=next``,
        only when it is a later ``?page=`` of the same listing."""
        current = _page_number(url) or 1
        base = urlsplit(url).path.rstrip("/")
        for href in doc.xpath(
            f"//a[{has_class('infinity-next')}]/@href | //link[@rel='next']/@href"
            " | //a[@rel='next']/@href"
        ):
            target = urljoin(url, href)
            number = _page_number(target)
            if urlsplit(target).path.rstrip("/") == base and number and number > current:
                return f"{url.split('?', 1)[0]}?page={number}"
        return None

    def feed_links(self, body: bytes, section: str) -> list[str]:
        """The site feed's items filed under the section (by slug or label); every item
        when the items carry no category (the spider then asks each page)."""
        if b"<category" not in body:
            return feed_items(body)
        names = unique([section, _LABELS.get(section, section)])
        wanted = {link for name in names for link in feed_items(body, category=name)}
        return [link for link in feed_items(body) if link in wanted]

    # --- pages ----------------------------------------------------------------------

    def parse(self, doc: html.HtmlElement, url: str, reading: Reading | None = None) -> Page:
        layout = next((layout for layout in _LAYOUTS if layout.recognises(doc)), None)
        if layout is None:
            raise Unrecognised("no div#headline, article.report or div.rich-text")
        budget = budget_of(reading)
        meta = read_metadata(doc, url, layout.selectors, self.dates(reading))
        meta.section = _section(doc, layout, meta)
        canonical = self.article_url(url) or url
        next_page = _next_page(doc, url, canonical)
        if isinstance(layout, _V2013Report):
            page = Page.of(
                "liveblog",
                meta,
                posts=budget.posts(_report_post(article, meta) for article in layout.posts(doc)),
                next_page=next_page,
            )
            lead = doc.xpath(layout.lead)
            page.lead = "\n\n".join(_render([lead[0]])) if lead else None
            # Only a page byline names the page's authors (each post names its own).
            page.authors = unique(text_of(a) for a in doc.xpath(layout.selectors.authors or ""))
            return page
        children = [child for body in layout.bodies(doc) for child in body]
        headings = [i for i, child in enumerate(children) if _clock_of(child) is not None]
        if len(headings) < _MIN_CLOCK_HEADINGS:
            return Page.of(
                "article",
                meta,
                paragraphs=budget.body(_render(layout.bodies(doc))),
                next_page=next_page,
            )
        return Page.of(
            "liveblog",
            meta,
            paragraphs=budget.body(_render_run(children[: headings[0]])),
            posts=budget.posts(
                _clock_posts(children, headings, meta, self.article_date(canonical))
            ),
            next_page=next_page,
        )


# --- URLs -------------------------------------------------------------------------------


def _match(url: str) -> re.Match[str] | None:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https", "") or (parts.hostname or "") not in _HOSTS:
        return None
    match = _ARTICLE_PATH.match(parts.path)
    if match is None or match["bucket"] in _NOT_BUCKETS or match["slug"] in _LABELS:
        return None  # a category slug (a day page's relative link to it) is no article
    try:
        date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    return match if 2000 <= int(match["y"]) <= 2100 else None


def _canonical(url: str) -> str | None:
    match = _match(url)
    if match is None:
        return None
    bucket = f"/{match['bucket']}" if match["bucket"] else ""
    # Pages (?page=N), their order (?reverse=1), tracking tags and post anchors all
    # belong to the one record of the slug.
    return f"{ORIGIN}{bucket}/{match['y']}/{match['m']}/{match['d']}/{match['slug']}"


def _page_number(url: str) -> int | None:
    values = parse_qs(urlsplit(url).query).get("page")
    if not values or not values[0].isdigit():
        return None
    return int(values[0])


def _next_page(doc: html.HtmlElement, url: str, canonical: str) -> str | None:
    """The smallest ``?page=N`` of this article that the page links beyond its own.

    Pagers link every page (and "Következő »"); numbers, not positions, decide, and
    pages in the other order (``reverse=1``) are not this sequence.
    """
    current = _page_number(url) or 1
    later: set[int] = set()
    for href in doc.xpath("//a[contains(@href, 'page=')]/@href"):
        target = urljoin(url, href)
        number = _page_number(target)
        if number is None or number <= current or _canonical(target) != canonical:
            continue
        if "reverse" not in parse_qs(urlsplit(target).query):
            later.add(number)
    return f"{canonical}?page={min(later)}" if later else None


# --- page fields ------------------------------------------------------------------------


def _section(doc: html.HtmlElement, layout: _V2013, meta: Metadata) -> str | None:
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
    if node.tag not in _CLOCK_HEADING_TAGS:
        return None
    match = _CLOCK_HEADING.match(text_of(node))
    if match is None or int(match["hh"]) > 23:
        return None
    return int(match["hh"]), int(match["mm"])


def _clock_posts(
    children: list[html.HtmlElement], headings: list[int], meta: Metadata, day: date | None
) -> Iterator[PagePost]:
    """One post per run of content after a time heading, newest first as printed."""
    clocks = [_clock_of(children[i]) for i in headings]
    stamps = _clock_times(clocks, _anchor(meta, day))
    for n, start in enumerate(headings):
        stop = headings[n + 1] if n + 1 < len(headings) else len(children)
        text = _render_run(children[start + 1 : stop])
        key = hashlib.sha1(f"{stamps[n]}\n{text}".encode()).hexdigest()[:16]
        yield PagePost(key=key, published=stamps[n], authors=[], title=None, paragraphs=text)


def _anchor(meta: Metadata, day: date | None) -> datetime | None:
    """When the report started: its publication time, else its URL's day."""
    if meta.published:
        try:
            return datetime.fromisoformat(meta.published).astimezone(BUDAPEST)
        except ValueError:
            pass
    if day is None:
        return None
    return datetime.combine(day, time(0, 0), BUDAPEST) + _EARLY_POST


def _clock_times(clocks: list[tuple[int, int] | None], anchor: datetime | None) -> list[str | None]:
    """ISO times of posts that print only ``HH:MM``, newest first as on the page.

    Walking from the oldest post: it is the first such time not (much) before the
    report's publication; each newer one is the instant nearest to the post before it,
    so midnight moves the day on while a post printed out of order stays on its day.
    """
    out: list[str | None] = [None] * len(clocks)
    previous: datetime | None = None
    for i in reversed(range(len(clocks))):
        clock = clocks[i]
        if clock is None or (previous is None and anchor is None):
            continue
        wall = time(*clock)
        if previous is None:
            assert anchor is not None
            when = datetime.combine(anchor.date(), wall, BUDAPEST)
            if when < anchor - _EARLY_POST:
                when = datetime.combine(anchor.date() + timedelta(days=1), wall, BUDAPEST)
        else:
            day = previous.date()
            candidates = (
                datetime.combine(day + timedelta(days=shift), wall, BUDAPEST)
                for shift in (-1, 0, 1)
            )
            when = min(candidates, key=lambda c: abs(c - previous))
        out[i] = when.isoformat()
        previous = when
    return out


# --- live-stream template posts ---------------------------------------------------------


def _report_post(article: html.HtmlElement, meta: Metadata) -> PagePost:
    title = article.xpath(f".//*[{has_class('report__title')}]")
    body = article.xpath(_REPORT_BODY) or [article]
    text: list[str] = []
    for element in body:
        text += paragraphs(element, not_body=_NOT_BODY | _REPORT_CHROME)
    key = article.get("data-content-id") or article.get("id")
    return PagePost(
        key=key or hashlib.sha1(html.tostring(article)).hexdigest()[:16],
        published=_report_time(article, meta),
        authors=unique(text_of(a) for a in article.xpath(_REPORT_AUTHORS)),
        title=(text_of(title[0]) or None) if title else None,
        paragraphs=[p for p in text if not _SCRIPT_LEFTOVER.match(p)],
    )


# A post's own byline: ``.report__author``, or (as served in 2014) a
# ``div.byline.livestream__byline`` with ``span.byline__authors > a[rel=author]``.
_REPORT_AUTHORS = (
    f".//*[{has_class('report__author')}]"
    f" | .//*[{has_class('livestream__byline')}]//*[{has_class('byline__authors')}]//a"
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
        return _clock_times([(int(clock["hh"]), int(clock["mm"]))], _anchor(meta, None))[0]
    return None


SITE = P444()
