"""Live blogs on pages no site module knows, found by their structure, not by any
portal's class names.

A feed is a container holding at least three sibling blocks of one shape, each with a
time of its own (a ``<time>``, a printed clock "14:28", a Hungarian printed date) and text
of its own outside links. A list of headlines with times (a sidebar's "latest news", an
archive) has no such text, so it is never a feed; comment threads, sidebars, menus and
footers are never looked at. Two layouts are read:

- nested: each post is one block (``<article>``, ``<div>``, ``<li>`` …) holding its time,
  perhaps a heading before its text (the post's title) and a byline, and its text;
  blocks of the same shape between the first and the last timed one are posts too (a
  post showing a match minute instead of a clock);
- flat: the time is a line of its own (``<h4>14:28</h4>``, ``<p><b>14:28</b></p>``) and a
  post is that line and the siblings up to the next one. Times leading ordinary
  paragraphs (``<p><b>14:28</b> A miniszter…</p>``) count only on a page that says it is a
  live report (its title or address: "percről percre", "élő", "live", "tudósítás").

Never a feed: blocks most of which are headed by a link to another page (a listing's or
a "more news" box's items, whatever excerpt they show), nor, on a page that does not say
it is live, blocks most of which are one line led by their time (a programme in an
article's text).

Class words (live, post, entry, feed, perc, update, timeline) only break ties and let a
feed of two posts count. A post's time is its first marker; a clock alone takes its day
from the page's own date (:func:`~crawler.sites.toolkit.clock_times`, midnight crossings
included), a date printed without its year the year of the page's date; a match minute
("58'", "Félidő") where the other posts print a clock is no time and no text. A post's
title is its first heading (without the time it may hold) or a bold first line; a name
beside the clock ("11:30 | Kovács Anna") is its author when no byline names one.
Without a feed in the markup, JSON-LD ``LiveBlogPosting`` updates are the posts.

Bounded work on any page: the walk visits at most ``_MAX_NODES`` elements, keeps
``_MAX_MARKERS`` times, climbs ``_MAX_DEPTH`` levels from each and judges at most
``_MAX_CANDIDATES`` containers of at most ``_MAX_POSTS`` posts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from lxml import etree, html

from crawler.sites.base import PagePost
from crawler.sites.toolkit import EARLY_POSTS, NOT_BODY, Clock, clock_times, content_key, read_clock
from crawler.text.bodytext import class_words, clean, is_hidden, paragraphs
from crawler.text.boilerplate import is_credit_line, is_reader_appeal, is_related_box
from crawler.text.credits import bare_credits
from crawler.text.metadata import byline_names, json_ld, ld_authors
from crawler.text.values import (
    BUDAPEST,
    first,
    hungarian_datetime,
    hungarian_day_time,
    iso_datetime,
    text_of,
)

_MAX_NODES = 150_000
_MAX_MARKERS = 2_000
_MAX_DEPTH = 10
_MAX_CANDIDATES = 12
_MAX_POSTS = 1_000
_MAX_RUN = 300  # siblings of one flat post
_MAX_MARKER_CHARS = 60  # a time line says little else ("Frissítve: 2021. január 21. – 10:47")
_BOLD_TITLE_CHARS = 150  # a bold first line longer than this is the post's text
_LABEL_CHARS = 25  # a label before a post's title ("Kiemelt", "Friss", "Breaking")
_TEASER_CHARS = 400  # a listing's excerpt is shorter (WordPress: 55 words)
_TEASER_PARAGRAPHS = 2  # an excerpt, perhaps with its byline or date line
_POST_TEXT = 40  # characters outside links that make a block a post, not a teaser
_MIN_POSTS = 3
_LONG_BLOG = timedelta(hours=12)  # posts later than this after the page's date are suspect
_LATE = timedelta(hours=1)
_YEARLESS_RUN = timedelta(days=7)  # a live blog's posts printing no year follow its start
_MIN_POSTS_HINTED = 2

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LINE_TAGS = _HEADINGS | {"p", "div", "span", "strong", "b", "time", "a", "header", "em", "small"}
_NESTED_TAGS = frozenset({"div", "article", "section", "li", "details"})
_SKIPPED_SUBTREES = frozenset(
    {"nav", "aside", "footer", "form", "script", "style", "noscript", "template", "svg"}
    | {"select", "head", "button", "iframe"}
)
# A line saying a clock time, perhaps with a label or a name beside it: "14:28",
# "Frissítve 14:28", "Kiss Anna, 14:28", "14:28 | Kiss Anna", "ma 14:28 órakor".
_CLOCK_LINE = re.compile(
    r"^(?:[^\d\n]{0,40}\s)?(\d{1,2}[:.]\d{2})(?::\d{2})?\s*(?:óra|órakor)?"
    r"(?:\s*[|•·–—-]\s*[^\d\n|]{1,40})?$"
)
# Where no post ever is: comment threads, sidebars (by class or id words).
# Menus and footers only as a class's last word ("main-menu", "site-footer"): a layout
# wrapper such as "article-menu_main" holds the article.
_NOT_FEED = re.compile(
    r"(?:^|[-_\s])(?:comments?|komment\w*|hozzaszol\w*|disqus|replies|sidebar\w*|oldalsav\w*)"
    r"(?:$|[-_\s])|(?:^|[-_\s])(?:widget-area|footer|menu|navbar|breadcrumbs?)(?:$|\s)",
    re.IGNORECASE,
)
# Class words of a live report ("livePost", "pp-list", "percrolpercre", "hirfolyam"):
# they count as the page saying it is live. Words any blog or listing uses ("post",
# "entry", "feed") only break ties between candidate feeds.
_LIVE_CLASS = re.compile(
    r"(?:^|[-_])(?:live\w*|perc(?:rol\w*)?|minute\w*|pp|hirfolyam\w*|tudositas\w*)(?:$|[-_])",
    re.IGNORECASE,
)
_POST_CLASS = re.compile(
    r"(?:^|[-_])(?:posts?|entry|entries|feed|updates?|timeline|esemeny\w*|bejegyzes\w*)(?:$|[-_])",
    re.IGNORECASE,
)
_HINT_PAGE = re.compile(
    r"perc(?:ről|rol)[\s_-]*perc(?:re)?|\bélő\b|\bélőben\b|\blive\b|tudósít|folyamatosan frissül"
    r"|[/_-]elo(?:[/_-]|$)",
    re.IGNORECASE,
)
# A heading that starts with the post's time and goes on with its title.
_CLOCK_TITLE = re.compile(
    r"^(?P<clock>\d{1,2}[:.]\d{2})\s*(?:[|•·–—:-]\s*|\s)(?P<title>[^\W\d_].{2,200})$", re.DOTALL
)
# What a post shows beside its text: share bars, tags, related links, ads, newsletter boxes.
_NOT_POST_TEXT = re.compile(
    r"(?:^|[-_])(?:share\w*|sharing|social|fb|tags?|cimkek?|related|kapcsolodo\w*|ajanlo\w*"
    r"|advert\w*|ads?|banner\w*|hirdetes\w*|newsletter|hirlevel\w*|promo|subscribe\w*"
    r"|avatar|badge|recommend\w*|kapcs|caption|credit)(?:$|[-_])",
    re.IGNORECASE,
)
# "name" alone names a byline in a post (Drupal's "field--name-body" does not).
_AUTHOR_CLASS = re.compile(
    r"(?:^|[-_])(?:author\w*|szerzo\w*|byline\w*|writer|username)(?:$|[-_])|^(?:name|nev)$",
    re.IGNORECASE,
)
# Custom elements showing media (``<jeti-image>``): their text is a caption or a credit.
_MEDIA_TAG = re.compile(r"-(?:image|img|photo|picture|video|gallery|embed|figure|media)\b")
_PAGER = re.compile(
    r"(?:^|[-_\s])(?:pager|pagination\w*|paging|lapozo\w*|page-numbers|nav-links)(?:$|[-_\s])",
    re.IGNORECASE,
)
# A match minute printed where other posts print a clock ("58'", "90+2'", "45. perc",
# "Félidő"): not a time of day, so the post has none.
_MATCH_MINUTE = re.compile(
    r"^(?:\d{1,3}(?:\s*\+\s*\d{1,2})?\s*(?:['’′]|\.?\s*perc)|Félidő|Szünet|Vége|Kezdés"
    r"|Hosszabbítás|Büntetők|Lefújták)\s*[!.]?$",
    re.IGNORECASE,
)
# The match minutes that mark a post on their own, where no post prints a clock:
# "58'", "90+2'", "45. perc" (not a bare "58.", which numbers lists).
_MINUTE_MARK = re.compile(r"^\d{1,3}(?:\s*\+\s*\d{1,2})?\s*(?:['’′]|\.\s*perc)$", re.IGNORECASE)
_SLUG = re.compile(r"[^\W\d_]{2,}.*[-_].*[^\W\d_]{2,}")  # words joined: "harom-tengerig"
_PERMALINK = re.compile(r"permalink|bookmark-post|állandó link|közvetlen link", re.IGNORECASE)
_TITLE_CLASS = re.compile(r"(?:^|[-_])(?:title|cim|headline)(?:$|[-_])", re.IGNORECASE)


@dataclass
class Marker:
    """A time a post prints: a full time (``when``), only a clock, or neither (a match
    minute). ``yearless``: the
    printed date ("március 5., 14:32") whose year ``when`` guessed from the reading
    time; :func:`post_times` reads it again from the blog's own date."""

    element: etree._Element
    when: str | None = None
    clock: Clock | None = None
    yearless: str | None = None
    title: str | None = None  # what a heading says after the time it starts with


@dataclass
class Feed:
    """The posts of a live blog as the markup has them."""

    elements: list[etree._Element]  # the feed's own elements, in page order
    posts: list[PagePost]
    markers: list[Marker | None]  # each post's time as printed
    score: float = 0.0


@dataclass
class _Block:
    elements: list[etree._Element]  # one block (nested) or a time line and its run (flat)
    marker: Marker | None
    markers: list[Marker] = field(default_factory=list)


def is_live_page(title: str | None, url: str) -> bool:
    """The page says it is a live report, in its title or its address."""
    return bool(_HINT_PAGE.search(title or "")) or bool(_HINT_PAGE.search(url))


def find_feed(
    doc: html.HtmlElement, *, near: datetime, hinted: bool = False, url: str | None = None
) -> Feed | None:
    """The page's live feed, or None. ``near``: when the page was read (for dates printed
    without a year); ``hinted``: the page says it is a live report (or its JSON-LD does);
    ``url``: the page's address (a post's permalink lies beneath it)."""
    page_path = urlsplit(url).path if url else None
    body = doc.find("body")
    root = body if body is not None else doc
    markers = _markers(root, near)
    if len(markers) < _MIN_POSTS_HINTED:
        return None
    best: Feed | None = None
    for parent, children in _candidates(root, markers):
        feed = _judge(parent, children, hinted, page_path)
        if feed is not None and (best is None or feed.score > best.score):
            best = feed
    return best


def post_times(feed: Feed, published: str | None, url_day: str | None = None) -> None:
    """Set each post's time: its full printed time, else its clock counted from the
    blog's start (``published``, else the start of ``url_day``), midnight crossings in
    page order."""
    clocks = [m.clock if m is not None and m.when is None else None for m in feed.markers]
    resolved = clock_times(clocks, published)
    start = _local(published)
    day = _day_start(published) or _day_start(url_day)
    if day is not None and (start is None or _runs_a_day(resolved, start)):
        # A page dated by its last update, not its start (posts of that day before
        # it read as the next day's): its posts are counted from the day's start.
        from_day = clock_times(clocks, (day + EARLY_POSTS).isoformat())
        if start is None or _latest(from_day) <= start + _LATE:
            resolved = from_day
    opened = _local(published)
    for post, marker, clock_time in zip(feed.posts, feed.markers, resolved, strict=True):
        when = marker.when if marker is not None else None
        if marker is not None and marker.yearless and opened is not None:
            # Printed without a year: the year that puts it within a blog's run of its
            # start, not of the day the page was read.
            when = hungarian_day_time(marker.yearless, opened + _YEARLESS_RUN) or when
        post.published = when or clock_time


def ld_posts(doc: html.HtmlElement) -> list[PagePost]:
    """The updates of a JSON-LD ``LiveBlogPosting``, in the order the page lists them."""
    posts: list[PagePost] = []
    for obj in json_ld(doc):
        kinds = obj.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if "LiveBlogPosting" not in kinds:
            continue
        updates = obj.get("liveBlogUpdate")
        for update in (updates if isinstance(updates, list) else [updates])[:_MAX_POSTS]:
            if not isinstance(update, dict):
                continue
            body = update.get("articleBody")
            texts = (
                [clean(p) for p in re.split(r"\n\s*\n|\n", body)] if isinstance(body, str) else []
            )
            texts = [t for t in texts if t and not is_reader_appeal(t)]
            title = first([update.get("headline"), update.get("name")])
            if not texts and not title:
                continue
            published = iso_datetime(update.get("datePublished"))
            key = first([update.get("@id"), update.get("url")]) or content_key(
                published or "", title or "", *texts[:1]
            )
            posts.append(PagePost(key, published, ld_authors(update), title, texts))
        if posts:
            break
    return posts


def is_hinted_by_ld(doc: html.HtmlElement) -> bool:
    for obj in json_ld(doc):
        kinds = obj.get("@type")
        if "LiveBlogPosting" in (kinds if isinstance(kinds, list) else [kinds]):
            return True
    return False


# --- markers --------------------------------------------------------------------------


def _markers(root: etree._Element, near: datetime) -> list[Marker]:
    found: list[Marker] = []
    walker = etree.iterwalk(root, events=("start",))
    for seen, (_, el) in enumerate(walker):
        if seen >= _MAX_NODES or len(found) >= _MAX_MARKERS:
            break
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIPPED_SUBTREES or _excluded(el):
            walker.skip_subtree()
            continue
        if tag == "time":
            marker = _time_marker(el, near)
            walker.skip_subtree()
        elif len(el) == 0 and el.text and len(el.text) <= 4 * _MAX_MARKER_CHARS:
            marker = _text_marker(el, clean(el.text), near)
        else:
            continue
        if marker is not None:
            found.append(marker)
    return found


def _excluded(el: etree._Element) -> bool:
    names = el.get("class")
    ident = el.get("id")
    if not (names and _NOT_FEED.search(names)) and not (ident and _NOT_FEED.search(ident)):
        return False
    # The page's layout saying it has a sidebar ("<body class='et_right_sidebar'>",
    # "has-sidebar" on a wrapper) is not one: a sidebar never holds the headline.
    return el.tag not in ("html", "body") and el.find(".//h1") is None


def _time_marker(el: etree._Element, near: datetime) -> Marker | None:
    text = text_of(el)
    stamp = el.get("datetime")
    when = iso_datetime(stamp) if stamp else None
    if when is not None:
        return Marker(el, when=when)
    return _text_marker(el, text, near) if text else None


def _text_marker(el: etree._Element, text: str, near: datetime) -> Marker | None:
    if el.tag in _HEADINGS and (match := _CLOCK_TITLE.match(text)):
        # "<h3>14:28 – A kormány döntött</h3>": the post's time and its title.
        clock = read_clock(match["clock"])
        if clock is not None:
            return Marker(el, clock=clock, title=clean(match["title"]))
    if not text or len(text) > _MAX_MARKER_CHARS or not any(c.isdigit() for c in text):
        return None
    if match := _CLOCK_LINE.match(text):
        clock = read_clock(match[1])
        return Marker(el, clock=clock) if clock is not None else None
    if _MINUTE_MARK.match(text):
        return Marker(el)  # a match minute: marks a post, gives no time
    when = hungarian_day_time(text, near)
    if when is None:
        return None
    return Marker(el, when=when, yearless=None if hungarian_datetime(text) else text)


def _local(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when.astimezone(BUDAPEST) if when.tzinfo else when.replace(tzinfo=BUDAPEST)


def _day_start(value: str | None) -> datetime | None:
    local = _local(value)
    return local.replace(hour=0, minute=0, second=0, microsecond=0) if local else None


def _latest(times: list[str | None]) -> datetime:
    known = [t for t in map(_local, times) if t is not None]
    return max(known, default=datetime.min.replace(tzinfo=BUDAPEST))


def _runs_a_day(times: list[str | None], start: datetime) -> bool:
    return _latest(times) - start > _LONG_BLOG


# --- containers -----------------------------------------------------------------------


def _candidates(
    root: etree._Element, markers: list[Marker]
) -> list[tuple[etree._Element, dict[etree._Element, list[Marker]]]]:
    """Containers with two or more children holding times, most such children first."""
    children_of: dict[etree._Element, dict[etree._Element, list[Marker]]] = {}
    stop = root.getparent()
    for marker in markers:
        child = marker.element
        for _ in range(_MAX_DEPTH):
            parent = child.getparent()
            if parent is None or parent is stop:
                break
            children_of.setdefault(parent, {}).setdefault(child, []).append(marker)
            child = parent
    ranked = []
    for parent, children in children_of.items():
        if len(children) < _MIN_POSTS_HINTED:
            continue
        counts = sorted(len(m) for m in children.values())
        # A child holding many times is itself a container of posts: look lower.
        if counts[len(counts) // 2] > 2:
            continue
        ranked.append((parent, children))
    ranked.sort(key=lambda pair: len(pair[1]), reverse=True)
    return ranked[:_MAX_CANDIDATES]


def _judge(
    parent: etree._Element,
    children: dict[etree._Element, list[Marker]],
    hinted: bool,
    page_path: str | None = None,
) -> Feed | None:
    if _in_excluded_region(parent):
        return None
    said_live = hinted  # by the page itself (title, address, JSON-LD), not class names
    first = list(children)[:3]
    hinted = (
        hinted or _has_hint(parent, _LIVE_CLASS) or any(_has_hint(c, _LIVE_CLASS) for c in first)
    )
    classed = _has_hint(parent, _POST_CLASS) or any(_has_hint(c, _POST_CLASS) for c in first)
    timed = list(children)
    lines = [c for c in timed if _is_time_line(c, children[c])]
    if len(lines) * 10 >= len(timed) * 7:
        blocks = _runs(parent, children, set(lines))
    elif all(c.tag == "p" for c in timed):
        if not hinted:
            return None
        blocks = _runs(parent, children, set(timed))
    elif all(c.tag in _HEADINGS for c in timed):
        # A heading saying the time and the post's title ("<h3>14:28 A kormány
        # döntött</h3>"), the post's text up to the next one; only on a page that says
        # it is live (elsewhere: a programme's items, "20:00 – Gálakoncert").
        if not hinted:
            return None
        blocks = _runs(parent, children, set(timed))
    else:
        blocks = _nested(parent, children)
    if not blocks:
        return None
    posts: list[PagePost] = []
    markers: list[Marker | None] = []
    qualified = 0
    chars = 0
    teasers = 0
    lines = 0
    for block in blocks[:_MAX_POSTS]:
        post, own_chars = _read(block)
        if post is None:
            continue
        # A teaser shows a sentence or two; a post of its own says more, even when its
        # title links to a page of its own. On a page that says it is live, such posts
        # are its posts (telex's posts are articles too).
        short = own_chars < _TEASER_CHARS and len(post.paragraphs) <= _TEASER_PARAGRAPHS
        teasers += not said_live and short and _is_teaser(block, page_path)
        lines += _is_timed_line(block)
        posts.append(post)
        markers.append(block.marker)
        chars += own_chars
        qualified += own_chars >= _POST_TEXT
    needed = _MIN_POSTS_HINTED if hinted else _MIN_POSTS
    if qualified < needed or qualified * 2 < len(posts) or teasers * 2 > len(posts):
        return None
    if not hinted and lines * 2 > len(posts):
        return None  # a schedule or a timeline in an article's text, not posts
    elements = [el for block in blocks for el in block.elements]
    score = chars * (1.5 if hinted else 1.2 if classed else 1.0)
    posts, markers = _without_copies(posts, markers)
    return Feed(elements, posts, markers, score=score)


def _without_copies(
    posts: list[PagePost], markers: list[Marker | None]
) -> tuple[list[PagePost], list[Marker | None]]:
    """Each post once: a pinned copy shown above the feed as well goes, the post stays
    where the feed has it (the last of the copies)."""
    said = [(post.title, tuple(post.paragraphs)) for post in posts]
    last = {content: index for index, content in enumerate(said)}
    keep = [i for i, content in enumerate(said) if last[content] == i or not any(content[1])]
    return [posts[i] for i in keep], [markers[i] for i in keep]


def _is_timed_line(block: _Block) -> bool:
    """A block that is one line led by its time ("<li><b>09:00</b> Zászlófelvonás …</li>"):
    an item of a programme or a timeline. Posts of a page that says it is live may look
    so; elsewhere they stand apart from their time (a line of its own, a header)."""
    if block.marker is None or len(block.elements) != 1:
        return False
    rendered = paragraphs(block.elements[0], not_body=NOT_BODY)
    return len(rendered) == 1 and text_of(block.marker.element) in rendered[0]


def _is_teaser(block: _Block, page_path: str | None) -> bool:
    """A block headed by a link to another page (a listing's or a "more news" box's
    item, whatever its excerpt says): live posts are read where they stand. A post's
    permalink (to a place on this page or beneath its address, or saying so) is not
    another page."""
    title = _title_element(block)
    if title is None or title.tag in ("strong", "b"):
        return False
    outer = title.xpath("ancestor-or-self::a[@href]")
    links = [a for a in (outer[:1] or title.xpath(".//a[@href]")[:5])]
    elsewhere = [a for a in links if not _is_permalink(a, page_path)]
    if outer:
        return bool(elsewhere)
    linked = sum(len(text_of(a)) for a in elsewhere)
    return bool(elsewhere) and linked * 2 >= len(text_of(title))


def _is_permalink(link: etree._Element, page_path: str | None) -> bool:
    href = (link.get("href") or "").strip()
    said = f"{link.get('class') or ''} {link.get('rel') or ''} {link.get('title') or ''}"
    if href.startswith("#") or _PERMALINK.search(said):
        return True
    # Beneath an article's address (its last segment a slug, not a section's name or a
    # day of an archive): "/2019/10/10/meccs/" holds "/2019/10/10/meccs/gol-a-43-percben/".
    segments = [s for s in (page_path or "").split("/") if s]
    parts = urlsplit(href)
    target = [s for s in parts.path.split("/") if s]
    if parts.fragment and len(target) >= 2 and segments[: len(target)] == target:
        return True  # a place on this page (page 2 of it: "/meccs/2/" holds "/meccs/#gol")
    while segments and segments[-1].isdigit():
        segments.pop()  # page 2 of the blog: "/2019/10/10/meccs/2/"
    if len(segments) < 2 or not _SLUG.search(segments[-1]):
        return False
    return target[: len(segments)] == segments


def _in_excluded_region(el: etree._Element) -> bool:
    node: etree._Element | None = el
    for _ in range(40):
        if node is None:
            return False
        if node.tag in ("aside", "nav", "footer") or _excluded(node):
            return True
        node = node.getparent()
    return False


def _has_hint(el: etree._Element, words: re.Pattern[str]) -> bool:
    names = el.get("class")
    return bool(names and any(words.search(token) for token in names.split()))


def _is_time_line(child: etree._Element, markers: list[Marker]) -> bool:
    """A line saying only when (``<h4>14:28</h4>``): what follows it is the post."""
    if child.tag not in _LINE_TAGS or any(marker.title for marker in markers):
        return False
    text = text_of(child)
    if len(text) > _MAX_MARKER_CHARS:
        return False
    rest = text
    for marker in markers:
        rest = rest.replace(text_of(marker.element), "", 1)
    return len(clean(rest)) <= 3


def _runs(
    parent: etree._Element, children: dict[etree._Element, list[Marker]], starts: set
) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for child in parent.iterchildren():
        if child in starts:
            marks = children[child]
            current = _Block([child], marks[0], list(marks))
            blocks.append(current)
        elif current is not None and isinstance(child.tag, str):
            if _ends_feed(child):
                current = None  # a pager, the article's footer, comments: posts end here
            elif len(current.elements) < _MAX_RUN and not _not_post_text(child):
                current.elements.append(child)
    return blocks


def _nested(parent: etree._Element, children: dict[etree._Element, list[Marker]]) -> list[_Block]:
    timed = list(children)
    tags = [c.tag for c in timed]
    tag = max(set(tags), key=tags.count)
    if tag not in _NESTED_TAGS:
        return []
    shapes = [_shape(c) for c in timed if c.tag == tag]
    shape = max(set(shapes), key=shapes.count)
    blocks: list[_Block] = []
    between: list[_Block] = []  # untimed blocks after the last timed one are not posts
    for child in parent.iterchildren():
        if child in children:
            if child.tag != tag:
                continue
            blocks += between
            between = []
            marks = children[child]
            blocks.append(_Block([child], marks[0], list(marks)))
        elif (
            child.tag == tag
            and _shape(child) == shape
            and (blocks or _opens_with_match_minute(child))
        ):
            # A post printing no clock; before the first timed one, only a post
            # printing "Vége" or "Félidő" where the others print their clock.
            between.append(_Block([child], None))
    return blocks


def _opens_with_match_minute(el: etree._Element) -> bool:
    for node in _iter_limited(el, 60):
        if isinstance(node.tag, str) and len(node) == 0 and node.text and node.text.strip():
            return bool(_MATCH_MINUTE.match(clean(node.text)))
    return False


def _shape(el: etree._Element) -> tuple[str, str]:
    names = (el.get("class") or "").split()
    return el.tag, names[0] if names else ""


def _not_post_text(el: etree._Element) -> bool:
    tag = el.tag
    if isinstance(tag, str) and _MEDIA_TAG.search(tag):
        return True
    if any(_NOT_POST_TEXT.search(token) for token in class_words(el.get("class"))):
        return True
    return is_related_box(el)


def _in_box(node: etree._Element, top: etree._Element) -> bool:
    """``node`` is inside a box that is not the post's text, below ``top``."""
    current: etree._Element | None = node
    for _ in range(20):
        if current is None or current is top:
            return False
        if _not_post_text(current):
            return True
        current = current.getparent()
    return False


def _in_list(el: etree._Element, block: _Block) -> bool:
    """``el`` is a list item, or inside one, below the block's own elements."""
    node: etree._Element | None = el
    while node is not None and node not in block.elements:
        if node.tag == "li":
            return True
        node = node.getparent()
    return False


def _ends_feed(el: etree._Element) -> bool:
    if el.tag in ("footer", "nav", "aside", "form") or _excluded(el):
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(_PAGER.search(names))


# --- posts ----------------------------------------------------------------------------


def _read(block: _Block) -> tuple[PagePost | None, int]:
    """The post of a block and how many characters of its text are outside links."""
    head = block.elements[0]
    title_el = _title_element(block)
    skipped: set[etree._Element] = set()
    primary = block.marker.element if block.marker is not None else None
    for marker in block.markers:
        if marker.element is not primary and _in_list(marker.element, block):
            continue  # a list in the post's text (a day's programme: "17:00 – …") is text
        if title_el is None or not within(marker.element, title_el) or marker.element is primary:
            skipped.add(marker.element)
    bylines = [el for el in block.elements for el in _bylines(el)]
    skipped.update(bylines)
    skip = _skipper(skipped)
    texts: list[str] = []
    for el in block.elements:
        if el in skipped or (el is not head and (NOT_BODY.matches(el) or is_hidden(el))):
            continue
        texts += paragraphs(el, not_body=NOT_BODY, skip=skip)
    if block.marker is None and texts and _MATCH_MINUTE.match(texts[0]):
        texts = texts[1:]  # where its siblings print a clock, this post prints a minute
    title = None
    if title_el is not None:
        # The title may follow a label line ("Kiemelt", "Frissítés"): the label goes.
        said = text_of(title_el)
        if primary is not None and within(primary, title_el):
            said = said.replace(text_of(primary), "", 1)  # "<h2><span>01:20</span> Title"
        at = next((i for i, t in enumerate(texts[:3]) if _same(t, said)), None)
        if at is not None and all(len(t) <= _LABEL_CHARS for t in texts[:at]):
            title, texts = texts[at], texts[at + 1 :]
    if title is None and block.marker is not None and block.marker.title:
        title = block.marker.title
    credits = [c for t in texts for c in bare_credits(t)]
    texts = [t for t in texts if _is_text(t) and not bare_credits(t)]
    if title is None and not texts and block.marker is None:
        return None, 0
    authors = [name for el in bylines for name in byline_names(el)]
    if not authors and primary is not None and _CLOCK_LINE.match(text_of(primary)):
        # A name beside the clock on its line: "11:30 | Kovács Anna", "Kovács Anna, 11:30".
        # Two words at least, each a capital: a lone word there is a label ("Kiemelt"),
        # a phrase is a title ("14:28 – A kormány döntött").
        authors = [
            name
            for name in byline_names(primary)
            if len(name.split()) >= 2 and all(word[0].isupper() for word in name.split())
        ]
    authors = list(dict.fromkeys(authors))
    own = _unlinked_chars(block.elements, skip)
    when = block.marker.when if block.marker is not None else None
    ident = head.get("id") or head.get("data-id")
    key = ident or content_key(when or "", title or "", *texts[:1])
    # A closing "(MTI)" signs the post: with its byline, where the record's one rule
    # (crawler.sites.base.credit_apart) moves desks and agencies to the credits.
    authors = list(dict.fromkeys(authors + credits))
    return PagePost(key, None, authors, title, texts), own


def _title_element(block: _Block) -> etree._Element | None:
    """The first heading (or title-classed element) of the block that is not its time;
    else its first bold line (``<strong>``, ``<b>``), which is a title only when it
    renders as the post's first paragraph of its own (the caller checks)."""
    primary = block.marker.element if block.marker is not None else None
    bold: etree._Element | None = None
    bold_seen = False
    for el in block.elements[:2]:
        for node in _iter_limited(el, 200):
            tag = node.tag
            if not isinstance(tag, str) or (primary is not None and within(node, primary)):
                continue
            names = node.get("class") or ""
            if tag in _HEADINGS or (names and any(_TITLE_CLASS.search(t) for t in names.split())):
                if _in_box(node, el):
                    continue  # a related box's own heading ("Ez is érdekelheti")
                text = text_of(node)
                if primary is not None and within(primary, node):
                    # A heading holding the time is a title only with words beside it.
                    text = clean(text.replace(text_of(primary), "", 1))
                    if len(text) <= 3:
                        continue
                if text and len(text) <= 300:
                    return node
            elif primary is not None and within(primary, node):
                continue
            elif tag in ("strong", "b") and not bold_seen:
                bold_seen = True  # only the first bold line can be a title
                if 0 < len(text_of(node)) <= _BOLD_TITLE_CHARS:
                    bold = node
    return bold


def _bylines(el: etree._Element) -> list[etree._Element]:
    found: list[etree._Element] = []
    for node in _iter_limited(el, 400):
        if not isinstance(node.tag, str) or any(within(node, f) for f in found):
            continue
        names = node.get("class") or ""
        if (
            node.get("rel") == "author"
            or node.get("itemprop") == "author"
            or any(_AUTHOR_CLASS.search(t) for t in class_words(names))
        ) and len(text_of(node)) <= 120:
            found.append(node)
    return found


def _skipper(skipped: set[etree._Element]) -> Callable[[etree._Element], bool]:
    def skip(el: etree._Element) -> bool:
        return el in skipped or _not_post_text(el)

    return skip


def _unlinked_chars(elements: Iterable[etree._Element], skip: Callable[[Any], bool]) -> int:
    total = 0
    for el in elements:
        walker = etree.iterwalk(el, events=("start",))
        for _, node in walker:
            if not isinstance(node.tag, str):
                continue
            if node is not el and (node.tag == "a" or is_hidden(node) or skip(node)):
                walker.skip_subtree()
                continue
            if node.tag == "a":
                continue
            total += len((node.text or "").strip())
            for child in node:
                if isinstance(child.tag, str) and child.tail:
                    total += len(child.tail.strip())
    return total


def _iter_limited(el: etree._Element, limit: int) -> Iterable[etree._Element]:
    for count, node in enumerate(el.iter()):
        if count >= limit:
            return
        yield node


def within(node: etree._Element, ancestor: etree._Element) -> bool:
    """``node`` is ``ancestor`` or below it (looked for at most 80 levels up: pages are
    untrusted, and a deeper nesting is no article's)."""
    current: etree._Element | None = node
    for _ in range(80):
        if current is None:
            return False
        if current is ancestor:
            return True
        current = current.getparent()
    return False


def _is_text(paragraph: str) -> bool:
    """Not a reader appeal, a credit line, nor a script's leftovers ("// ]]>")."""
    return (
        any(c.isalnum() for c in paragraph)
        and not is_reader_appeal(paragraph)
        and not is_credit_line(paragraph)
    )


def _same(a: str, b: str) -> bool:
    return re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b)
