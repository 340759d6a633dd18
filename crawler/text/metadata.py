"""One metadata cascade for every portal: the site's own selectors, then JSON-LD, then
Open Graph / ``article:*`` meta tags, then what the page prints (byline, ``<time>``).

Every site module and the generic path call :func:`read_metadata` with their own
:class:`Selectors` (the generic path with none), so a field is looked up in the same
order everywhere and each portal only states what its markup adds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from lxml import etree, html

from crawler.text.bodytext import class_words, clean, paragraphs
from crawler.text.boilerplate import without_appeals
from crawler.text.credits import credit_of, merged, site_brands, split_credits
from crawler.text.values import (
    DateWindow,
    absolute_url,
    first,
    from_timestamp,
    hungarian_day_time,
    iso_datetime,
    split_names,
    text_of,
    unique,
)

# JSON-LD types that describe the page's article; a live blog's updates are also
# ``BlogPosting``s, so the first match in document order (the outer object) wins.
_ARTICLE_TYPE = re.compile(r"(Article|Posting|Report)$")
_MAX_LD_OBJECTS = 500  # a hostile page's JSON-LD must not cost more than a real one's
_VISIBLE_DATES = (
    "//time/@datetime | //*[@itemprop='datePublished']/@content"
    " | //*[@itemprop='datePublished']/@datetime"
)
_BYLINE_TEXT = (
    "//*[contains(@class, 'date') or contains(@class, 'datum') or contains(@class, 'time')"
    " or contains(@class, 'byline') or contains(@class, 'meta')]"
    "[not(self::html or self::body or ancestor::nav or ancestor::footer or ancestor::aside)]"
)
# Bylines as HTML marks them: rel=author links, schema.org microdata.
_PRINTED_AUTHORS = (
    "//a[@rel='author'][not(ancestor::nav or ancestor::footer or ancestor::aside)]"
    " | //*[@itemprop='author']/*[@itemprop='name']"
)
PARAGRAPH_BREAK = "\n\n"
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\s+és\s+|\s+and\s+|\s*&\s*)\s*")


@dataclass(frozen=True)
class Selectors:
    """A portal's own XPaths, tried before anything else; None = the markup has none.

    An XPath may select elements (their displayed text is read) or strings (attribute
    values). ``authors`` selects one node per name. ``published``/``modified`` values
    may be ISO, Hungarian printed dates or Unix times (seconds or milliseconds).
    ``title_affix`` removes the portal's decoration from ``<title>``.
    """

    title: str | None = None
    lead: str | None = None
    authors: str | None = None
    published: str | None = None
    modified: str | None = None
    tags: str | None = None
    section: str | None = None
    image: str | None = None
    title_affix: re.Pattern[str] | None = None


@dataclass
class Metadata:
    title: str | None = None
    lead: str | None = None
    authors: list[str] = field(default_factory=list)  # people only
    credits: list[str] = field(default_factory=list)  # desks and agencies the byline names
    published: str | None = None
    modified: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    section: str | None = None
    description: str | None = None  # what the page says it is about: lead detection
    canonical: str | None = None  # <link rel=canonical> / og:url, as the page states it
    # Time fields (published, modified) where a source gave a date outside the window.
    implausible_dates: int = 0


def read_metadata(
    doc: html.HtmlElement, url: str, selectors: Selectors, window: DateWindow | None = None
) -> Metadata:
    """Every field, each by the same cascade: site → JSON-LD → meta → printed. With a
    ``window``, a time outside it is skipped (the next source is asked) and counted."""
    ld = article_ld(doc)
    meta = meta_tags(doc)
    one = lambda key: first(meta.get(key, ()))  # noqa: E731
    skipped: list[str] = []

    title = first(
        [
            *_values(doc, selectors.title),
            *_ld_texts(ld.get("headline")),
            one("og:title"),
            one("twitter:title"),
            *_values(doc, "//h1"),
            _title_tag(doc, selectors, one("og:site_name")),
        ]
    )
    published = _first_time(
        window,
        skipped,
        _values(doc, selectors.published),
        _ld_texts(ld.get("datePublished")),
        meta.get("article:published_time", ()),
        meta.get("og:article:published_time", ()),
        meta.get("datePublished", ()),
        meta.get("pubdate", ()),
        meta.get("date", ()),
        # Whole-page searches (~1.2 ms a page): only when nothing above has a date. A
        # post's, a comment's or a teaser's time is never the article's own.
        lambda: _own_values(doc, _VISIBLE_DATES),
        lambda: _own_values(doc, _BYLINE_TEXT),
    )
    modified = _first_time(
        window,
        skipped,
        _values(doc, selectors.modified),
        _ld_texts(ld.get("dateModified")),
        meta.get("article:modified_time", ()),
        meta.get("og:updated_time", ()),
        meta.get("dateModified", ()),
    )
    bylines = (
        unique(_values(doc, selectors.authors))
        or ld_authors(ld)
        or _names(meta.get("author", ()))
        or _names(v for v in meta.get("article:author", ()) if not _is_link(v))
        or unique(_values(doc, _PRINTED_AUTHORS))
    )
    # A byline names people, desks and agencies alike; the record keeps them apart.
    authors, credits = split_credits(bylines, brands_of(doc, url, meta))
    tags = (
        unique(_values(doc, selectors.tags))
        or unique(meta.get("article:tag", ()))
        or _keywords(ld.get("keywords"))
        or _keywords(one("keywords"))
    )
    image = first(
        [
            *_values(doc, selectors.image),
            one("og:image"),
            one("og:image:url"),
            *_ld_images(ld.get("image")),
            one("twitter:image"),
        ]
    )
    return Metadata(
        title=title,
        lead=_lead(doc, selectors.lead),
        authors=authors,
        credits=merged(credits, ld_organisations(ld)),
        published=published,
        modified=modified,
        tags=tags,
        image=absolute_url(image, url),
        section=first(
            [
                *_values(doc, selectors.section),
                one("article:section"),
                *_ld_texts(ld.get("articleSection")),
            ]
        ),
        description=first(
            [one("og:description"), one("description"), *_ld_texts(ld.get("description"))]
        ),
        canonical=first([*_values(doc, "//link[@rel='canonical']/@href"), one("og:url")]),
        implausible_dates=len(skipped),
    )


# --- page sources ---------------------------------------------------------------------


def meta_tags(doc: html.HtmlElement) -> dict[str, list[str]]:
    """Every non-empty ``<meta>`` content by property, name or itemprop, in page order."""
    found: dict[str, list[str]] = {}
    for tag in doc.iter("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        value = clean(tag.get("content"))
        if key and value:
            found.setdefault(key, []).append(value)
    return found


def json_ld(doc: html.HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page at any nesting, in document (pre-)order.

    Broken blocks are skipped, not fatal; the walk is bounded.
    """
    objects: list[dict[str, Any]] = []
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        for obj in _objects(data):
            objects.append(obj)
            if len(objects) >= _MAX_LD_OBJECTS:
                return objects
    return objects


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def article_ld(doc: html.HtmlElement) -> dict[str, Any]:
    """The page's article object in its JSON-LD (``NewsArticle``, ``LiveBlogPosting`` …);
    without one, its ``WebPage`` (a Yoast graph dates the article only there)."""
    page: dict[str, Any] = {}
    for obj in json_ld(doc):
        kinds = obj.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and _ARTICLE_TYPE.search(k) for k in kinds):
            return obj
        if not page and any(k == "WebPage" for k in kinds):
            page = obj
    return page


def brands_of(
    doc: html.HtmlElement, url: str, meta: dict[str, list[str]] | None = None
) -> list[str]:
    """The names the page's site calls itself (``og:site_name``, its host): a byline
    entry named after the site is the site's desk (see :mod:`crawler.text.credits`)."""
    meta = meta_tags(doc) if meta is None else meta
    return site_brands(first(meta.get("og:site_name", ())), urlsplit(url).hostname)


def ld_authors(obj: dict[str, Any]) -> list[str]:
    """The names of the article's JSON-LD authors that are people (an ``Organization``
    is a credit: :func:`ld_organisations`)."""
    names: list[str] = []
    for item in _as_list(obj.get("author")):
        if isinstance(item, dict):
            if _is_organisation(item):
                continue
            names.extend(_ld_texts(item.get("name")))
        elif isinstance(item, str) and not _is_link(item):
            names.append(item)
    return unique(names)


def ld_organisations(obj: dict[str, Any]) -> list[str]:
    """The names of the article's JSON-LD authors that are organisations (a newsroom, an
    agency), as credits in their normalised spelling where it is known."""
    names = [
        name
        for item in _as_list(obj.get("author"))
        if isinstance(item, dict) and _is_organisation(item)
        for name in _ld_texts(item.get("name"))
    ]
    people, credits = split_credits(names)
    return merged(credits, people)


def _is_organisation(item: dict[str, Any]) -> bool:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(k in ("Organization", "NewsMediaOrganization") for k in kinds)


def _is_link(value: str) -> bool:
    """A profile URL or path (``/szerzo/kiss-anna``) where a name was expected."""
    return value.startswith(("/", "http:", "https:")) or "://" in value


def _ld_texts(value: Any) -> list[str]:
    """Strings of a JSON-LD value that may be a string, a number or a list of them."""
    return [str(v) for v in _as_list(value) if isinstance(v, (str, int, float))]


def _ld_images(value: Any) -> list[str]:
    urls: list[str] = []
    for item in _as_list(value):
        if isinstance(item, str):
            urls.append(item)
        elif isinstance(item, dict):
            urls.extend(_ld_texts(item.get("url") or item.get("contentUrl")))
    return urls


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _values(doc: html.HtmlElement, xpath: str | None) -> list[str]:
    if not xpath:
        return []
    try:
        found = doc.xpath(xpath)
    except etree.XPathError:
        return []
    if not isinstance(found, list):
        return [clean(str(found))]
    values = []
    for item in found:
        value = text_of(item) if isinstance(item, etree._Element) else clean(str(item))
        if value:
            values.append(value)
    return values


def _own_values(doc: html.HtmlElement, xpath: str) -> list[str]:
    """:func:`_values` of the nodes that are the page's own, not one item's of a repeated
    run (a live blog's posts, comments, a list of teasers): see :func:`in_repeated_item`."""
    values = []
    for item in doc.xpath(xpath):
        element = item if isinstance(item, etree._Element) else item.getparent()
        if element is None or in_repeated_item(element):
            continue
        value = text_of(item) if isinstance(item, etree._Element) else clean(str(item))
        if value:
            values.append(value)
    return values


_MAX_SIBLINGS = 50  # siblings compared per ancestor: a page of 2,000 posts costs no more


def in_repeated_item(element: etree._Element) -> bool:
    """Whether ``element`` sits in one item of a run of alike siblings (same tag and
    class) of which another holds a node like it: the time of one live-blog post, one
    comment, one teaser. The article's own byline is not repeated beside itself."""
    tag, names = element.tag, element.get("class")
    child = element
    for ancestor in element.iterancestors():
        if ancestor.tag in ("body", "html"):
            return False
        kind, cls = child.tag, child.get("class")
        for n, sibling in enumerate(ancestor.iterchildren(kind)):
            if n >= _MAX_SIBLINGS:
                break
            if sibling is child or sibling.get("class") != cls:
                continue
            if any(node.get("class") == names for node in sibling.iter(tag)):
                return True
        child = ancestor
    return False


def _lead(doc: html.HtmlElement, xpath: str | None) -> str | None:
    """The lead as displayed: its blocks (a bulleted lead's items) are paragraphs; a reader
    appeal tucked into it is not lead."""
    if not xpath:
        return None
    try:
        found = doc.xpath(xpath)
    except etree.XPathError:
        return None
    for item in found if isinstance(found, list) else [found]:
        if isinstance(item, etree._Element):
            blocks = without_appeals(paragraphs(item))
        else:
            blocks = [clean(str(item))]
        if text := PARAGRAPH_BREAK.join(b for b in blocks if b):
            return text
    return None


def _first_time(window: DateWindow | None, skipped: list[str], *sources: Any) -> str | None:
    """The first value that reads as a time inside ``window``; a callable source is called
    only if reached. A field whose sources held a time outside the window is noted once
    in ``skipped``."""
    noted = False
    for source in sources:
        for value in source() if callable(source) else source:
            when = iso_datetime(value) or (
                from_timestamp(value) if str(value).strip().isdigit() else None
            )
            if when and window is not None and not window.admits(when):
                if not noted:
                    skipped.append(when)
                    noted = True
                continue
            if when:
                return when
    return None


def stated_published(doc: html.HtmlElement, window: DateWindow | None) -> str | None:
    """When the page's own metadata (JSON-LD, meta tags) says it was published, read as
    the cascade reads it (a time outside ``window`` is no statement); None when it says
    nothing plausible, so what the article prints may be asked instead."""
    meta = meta_tags(doc)
    sources = [_ld_texts(article_ld(doc).get("datePublished"))]
    sources += [meta.get(key, ()) for key in _STATED_PUBLISHED]
    return _first_time(window, [], *sources)


# Meta tags in which a page states its own publication time.
_STATED_PUBLISHED = (
    "article:published_time",
    "og:article:published_time",
    "datePublished",
    "pubdate",
    "date",
)


def _names(values: Any) -> list[str]:
    return split_names(values, _NAME_SPLIT)


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return unique(value.split(","))
    return unique(v for v in _ld_texts(value))


def _title_tag(doc: html.HtmlElement, selectors: Selectors, site_name: str | None) -> str | None:
    title = first(_values(doc, "//head/title"))
    if not title:
        return None
    if selectors.title_affix is not None:
        title = selectors.title_affix.sub("", title)
    if site_name:
        for sep in (" - ", " | ", " – ", " :: "):
            title = title.removesuffix(sep + site_name).removeprefix(site_name + sep)
    return clean(title) or None


# --- printed bylines and dates on any host (the generic path asks these) ---------------

# A byline's label before the names: "Szerző: Kiss Anna", "Írta: Nagy Béla", "Szöveg: …".
_BYLINE_LABEL = re.compile(
    r"^\s*(?:szerzők?|írta|írták|szöveg|riporter|tudósító|tudósítók|by|from)\s*:?\s+",
    re.IGNORECASE,
)
_BYLINE_PARTS = re.compile(r"\s+[|•·–—]\s+|\s*\|\s*|\s+-\s+|\n")
_NOT_A_NAME = re.compile(
    r"\d{1,2}[:.]\d{2}|\b(?:19|20)\d{2}\b|:|@|\b(?:szerzőink|szerzők|szerző|cikkei|összes|"
    r"további|megosztás|facebook|twitter|instagram|hírlevél|kövess|profil|frissítve|perc|óra)\b",
    re.IGNORECASE,
)
_AUTHOR_LINKS = (
    ".//a[@rel='author' or contains(@href, '/szerzo') or contains(@href, '/author')"
    " or contains(@href, '/szerzok/') or contains(@href, 'mailto:')]"
)
# Where a page prints its byline: author/byline classes, or a "Szerző:"/"Írta:" label.
_BYLINE_ELEMENTS = (
    ".//*[contains(@class, 'author') or contains(@class, 'Author') or contains(@class, 'szerzo')"
    " or contains(@class, 'byline') or contains(@class, 'Byline') or @rel='author'"
    " or starts-with(normalize-space(text()), 'Szerző') or starts-with(normalize-space(text()),"
    " 'Írta')][not(ancestor-or-self::*[contains(@class, 'comment') or contains(@id, 'comment')"
    " or contains(@class, 'hozzaszol')])]"
    "[not(ancestor::nav or ancestor::footer or ancestor::aside)]"
)
_MAX_BYLINES = 60
_BYLINE_CHARS = 160


def byline_names(element: etree._Element, brands: Iterable[str] = ()) -> list[str]:
    """The names a byline element prints: its author links' texts, else its text without
    a label, dates, times and separators ("Kiss Anna | 2024. május 6. 10:15"). Names from
    links may be lowercase handles ("erdelyip"); printed ones start with a capital. A desk
    or agency (``brands``: the site's own names) counts whatever its spelling ("M4 Sport")."""
    brands = list(brands)
    links = [text_of(a) for a in element.xpath(_AUTHOR_LINKS)[:10]]
    linked = [name for name in links if name]
    texts = linked or [text_of(element)]
    names: list[str] = []
    for text in texts:
        names += _names_in(text, brands, from_link=bool(linked))
    if linked:  # beside the people's links, a desk or agency printed bare ("…, Reuters")
        names += [n for n in _names_in(text_of(element), brands) if _is_credit(n, brands)]
    return unique(names)


def _names_in(text: str, brands: list[str], *, from_link: bool = False) -> list[str]:
    names = []
    text = _BYLINE_LABEL.sub("", text)
    for part in _BYLINE_PARTS.split(text):
        for name in _NAME_SPLIT.split(_BYLINE_LABEL.sub("", part)):
            name = clean(name).strip(" ,;/")
            if _is_name(name, from_link=from_link) or _is_credit(name, brands):
                names.append(name)
    return names


def _is_credit(name: str, brands: list[str]) -> bool:
    """A desk or agency, or several joined by a slash ("narancs.hu/MTI")."""
    return bool(name) and bool(split_credits([name], brands)[1])


def _is_name(value: str, *, from_link: bool) -> bool:
    if not 2 <= len(value) <= 60 or len(value.split()) > 5 or _NOT_A_NAME.search(value):
        return False
    if any(c.isdigit() for c in value) and not re.search(r"\.(?:hu|com|ro|sk|rs|net)$", value):
        return False
    return from_link or value[0].isupper()


def printed_authors(scope: etree._Element, brands: Iterable[str] = ()) -> list[str]:
    """Names the page prints as its byline inside ``scope`` (the article, not comments,
    menus or sidebars): the first byline element that names a person, with the bylines
    beside it (same parent), and the desks printed before it."""
    brands = list(brands)
    try:
        found = scope.xpath(_BYLINE_ELEMENTS)
    except etree.XPathError:
        return []
    first_parent = None
    names: list[str] = []
    for element in found[:_MAX_BYLINES]:
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "meta"):
            continue
        text = text_of(element)
        if len(text) > _BYLINE_CHARS:
            continue
        holder = element
        if (
            text
            and not _BYLINE_LABEL.sub("", text + " ").strip()
            and element.getparent() is not None
        ):
            holder = element.getparent()  # <p><b>Szerző:</b> Kiss Anna</p>
        if first_parent is not None and holder.getparent() is not first_parent:
            continue
        found_names = byline_names(holder, brands)
        people = [n for n in found_names if not _is_credit(n, brands)]
        if people and first_parent is None:
            # A desk's line ("M4 Sport") does not stop the search for the people's.
            first_parent = holder.getparent()
        names += found_names
    return unique(names)


# A signature line: people and a desk or agency, and nothing else ("Kiss Anna, MTI").
_SIGNATURE_SPLIT = re.compile(r"\s*(?:,|/|;|\s+és\s+)\s*")
_PERSON = re.compile(r"^[A-ZÁÉÍÓÖŐÚÜŰ][\w'’.-]+(?:\s+[A-ZÁÉÍÓÖŐÚÜŰ][\w'’.-]+){1,3}$")
_SIGNATURE_CHARS = 80
_MAX_SIGNATURE_LINES = 400
_NOT_SIGNATURE = (
    "ancestor-or-self::*[self::nav or self::footer or self::aside or self::figure"
    " or self::figcaption or self::a or self::script or self::style"
    " or contains(@class, 'comment') or contains(@class, 'caption')]"
)


def signature(scope: etree._Element, brands: Iterable[str] = ()) -> list[str]:
    """The names of the first element in ``scope`` whose whole text signs the article:
    a desk or agency with people ("Horváth Gergely, MTI", "MTI/Kovács Béla"), wherever
    it stands (many pages sign below the text, in a box no class calls a byline)."""
    brands = list(brands)
    for element in scope.iter():
        if not isinstance(element.tag, str) or len(element):
            continue  # a leaf: the line itself, not a box around it
        text = clean(element.text or "")
        if not 4 <= len(text) <= _SIGNATURE_CHARS:
            continue
        parts = _SIGNATURE_SPLIT.split(text)
        if len(parts) < 2 or element.xpath(_NOT_SIGNATURE):
            continue
        credits = [part for part in parts if credit_of(part, brands) is not None]
        if credits and all(p in credits or _PERSON.match(p) for p in parts):
            return parts
    return []


# Where a page names the source it took the text from: "Forrás: MTI", "Hírforrás: MTI".
_SOURCE_LABEL = re.compile(r"^\s*(?:hír)?forrás(?:ok)?\s*:\s*(?P<names>.+)$", re.IGNORECASE)
_SOURCE_ELEMENTS = (
    ".//*[starts-with(normalize-space(.), 'Forrás') or starts-with(normalize-space(.),"
    " 'Hírforrás') or starts-with(normalize-space(.), 'forrás')]"
)


def printed_credits(scope: etree._Element, brands: Iterable[str] = ()) -> list[str]:
    """The desks and agencies a source line inside ``scope`` names ("Forrás: MTI",
    "Hírforrás: MTI/Reuters"), outside captions; a line naming anything else ("Forrás:
    KSH") is a source of figures, not a credit."""
    brands = list(brands)
    found: list[str] = []
    try:
        elements = scope.xpath(_SOURCE_ELEMENTS)
    except etree.XPathError:
        return []
    for element in elements[:_MAX_BYLINES]:
        text = text_of(element)
        match = _SOURCE_LABEL.match(text) if len(text) <= _SIGNATURE_CHARS else None
        if match is None or element.xpath(_NOT_SIGNATURE):
            continue
        named = [credit_of(part, brands) for part in _SIGNATURE_SPLIT.split(match["names"])]
        if named and all(named):
            found += [c for c in named if c]
    return merged(found)


# Elements that print a page's date: <time>, and classes saying date or time.
_PRINTED_DATES = (
    ".//time | .//*[contains(@class, 'date') or contains(@class, 'Date')"
    " or contains(@class, 'datum')"
    " or contains(@class, 'time') or contains(@class, 'Time') or contains(@class, 'ido')"
    " or contains(@class, 'published') or contains(@class, 'meta') or contains(@class, 'byline')"
    " or contains(@class, 'info')][not(ancestor::nav or ancestor::footer or ancestor::aside)]"
)
_MAX_DATES = 80
# "Frissítve: …" and its kin: when the page changed, never when it appeared.
_MODIFIED_WORDS = (
    r"(?:frissítve|frissítés|módosítva|utoljára módosítva|utolsó módosítás|updated|last updated)"
)
_MODIFIED_LABEL = re.compile(rf"^\s*{_MODIFIED_WORDS}\b", re.IGNORECASE)


def printed_published(
    scope: etree._Element, window: DateWindow | None, near: datetime
) -> tuple[str | None, int]:
    """The first date with a time of day printed inside ``scope``: a ``<time datetime>``,
    an ISO or Hungarian printed date ("2015. január 07. | 16:46"), or one without its
    year ("január 7., 16:46", read as of ``near``). With the number of dates skipped for
    falling outside ``window``."""
    try:
        found = scope.xpath(_PRINTED_DATES)
    except etree.XPathError:
        return None, 0
    skipped = 0
    for element in found[:_MAX_DATES]:
        if not isinstance(element.tag, str):
            continue
        text = text_of(element)
        if _MODIFIED_LABEL.match(text):
            continue  # "Frissítve: …" is when it changed, not when it appeared
        values = [element.get("datetime"), element.get("content")]
        when = next((w for v in values if v and (w := iso_datetime(v))), None)
        if when is None and text and len(text) <= _BYLINE_CHARS:
            when = hungarian_day_time(text, near) or iso_datetime(text)
        if when is None:
            continue
        if window is not None and not window.admits(when):
            skipped += 1
            continue
        return when, skipped
    return None, skipped


# "… | frissítve: 2023. 10. 07. 19:58", "Frissítve: 2022. 08. 20. 22:10": when it changed.
_MODIFIED_AT = re.compile(rf"\b{_MODIFIED_WORDS}\s*:?\s*(?P<when>[^|]{{4,60}})", re.IGNORECASE)


def printed_modified(
    scope: etree._Element, window: DateWindow | None, near: datetime
) -> str | None:
    """When the page says it was last changed, printed inside ``scope`` with a date and
    a time of day ("Frissítve: 2022. 08. 20. 22:10"); a clock alone does not say the day."""
    try:
        found = scope.xpath(_PRINTED_DATES)
    except etree.XPathError:
        return None
    for element in found[:_MAX_DATES]:
        if not isinstance(element.tag, str):
            continue
        text = text_of(element)
        if len(text) > _BYLINE_CHARS or (match := _MODIFIED_AT.search(text)) is None:
            continue
        when = hungarian_day_time(match["when"], near) or iso_datetime(match["when"].strip())
        if when is not None and (window is None or window.admits(when)):
            return when
    return None


# A printed tag row: a container classed so ("tags", "article-tags", "bottomTags",
# "single-article__labels") holding links, or the links a page marks as tags (rel=tag,
# addresses under /cimke/ or /tag/).
_TAG_CLASS = re.compile(
    r"(?:^|[-_])(?:tags?|cimkek?|cimke|labels|keywords|temak)(?:$|[-_])", re.IGNORECASE
)
_TAG_HREF = re.compile(r"/(?:cimke|cimkek|tag|tags|tema|temak)/[^/?#]+", re.IGNORECASE)
_NOT_TAGS = (
    "ancestor-or-self::*[self::nav or self::footer or self::aside or self::header"
    " or contains(@class, 'comment') or contains(@class, 'related')]"
)
_MAX_TAG_ROWS = 200
_MAX_TAG_NODES = 20_000  # elements of one page looked at for its tag row
_MAX_TAGS = 30
_TAG_CHARS = 60


def printed_tags(scope: etree._Element) -> list[str]:
    """The tags the page prints inside ``scope``: the link texts of its first tag row
    (without its "Címkék:" label); none when it prints none."""
    rows = []
    for seen, element in enumerate(scope.iter()):
        if len(rows) >= _MAX_TAG_ROWS or seen >= _MAX_TAG_NODES:
            break
        if not isinstance(element.tag, str) or element.tag == "a":
            continue
        if any(_TAG_CLASS.search(word) for word in class_words(element.get("class"))):
            rows.append(element)
    for seen, link in enumerate(scope.iter("a")):
        if seen >= _MAX_TAG_NODES:
            break
        if link.get("rel") == "tag":
            rows.append(_link_row(link))
            break
        if _TAG_HREF.search(link.get("href") or ""):
            # A lone link to a tag page above the headline is its kicker, not a row.
            row = _link_row(link)
            if sum(1 for _ in row.iter("a")) > 1:
                rows.append(row)
                break
    for row in rows:
        if row.xpath(_NOT_TAGS):
            continue
        names = [text_of(a) for a in row.iter("a")][:_MAX_TAGS]
        tags = unique(n for n in names if n and len(n) <= _TAG_CHARS)
        if tags:
            return tags
    return []


def _link_row(link: etree._Element) -> etree._Element:
    """The row a tag link stands in: its parent, or the parent's parent when each tag
    has a wrapper of its own (``<span class="cat"><a>…</a></span>`` repeated)."""
    parent = link.getparent()
    if parent is None:
        return link
    above = parent.getparent()
    if above is None or len(parent) > 1:
        return parent
    shape = (parent.tag, parent.get("class"))
    alike = sum(1 for sibling in above if (sibling.tag, sibling.get("class")) == shape)
    return above if alike > 1 else parent
