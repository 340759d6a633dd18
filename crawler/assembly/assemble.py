"""From downloaded pages to a record: parse once, let the site read it, merge, check.

Pure functions (no Scrapy): the spider, ``python -m crawler.extract``, re-extraction and
the benchmarks call the same code.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from lxml import etree, html

from crawler.record.item import ArticleItem
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
from crawler.sites.base import post_chars
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

    A time outside the portal's life (:meth:`Site.dates`) that a module took from
    somewhere other than the metadata cascade (an embedded state, a post's stamp) is no
    date of the article either: it becomes None, counted in ``page.implausible_dates``.
    """
    try:
        page = site.parse(doc, url, reading)
    except Unrecognised:
        page = GENERIC.parse(doc, url, reading)
        page.section = site.section_of(url) or page.section
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


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build_item(
    url: str, source: str, section: str, fields: dict[str, Any], *, crawled_at: str = ""
) -> ArticleItem:
    return ArticleItem(
        url=url,
        source=source,
        section=section,
        **fields,
        content_hash=content_hash(fields),
        crawled_at=crawled_at or utc_now(),
    )


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
    canonical = site.article_url(url)
    if canonical is None:
        raise NotAnArticle("not_an_article_url", f"{url} is not an article address of {site.name}")
    page = read_page(site, parse_html(text, max_chars=max_chars), url, Reading(bounds=bounds))
    fields = merge([page], bounds)
    section = section or site.section_of(canonical) or page.section or UNKNOWN_SECTION
    return Extracted(build_item(canonical, site.source(canonical), section, fields), site, page)


def item_as_dict(item: ArticleItem) -> dict[str, Any]:
    return asdict(item)
