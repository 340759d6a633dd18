"""From downloaded pages to a record: parse once, let the site read it, merge, check.

Pure functions (no Scrapy): the spider, ``python -m crawler.extract`` and the benchmarks call
the same code.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from lxml import etree, html

from crawler.items import ArticleItem
from crawler.sites import NotAnArticle, Page, Site, site_for_url
from crawler.sites.generic import SITE as GENERIC

PARAGRAPH_BREAK = "\n\n"
DEFAULT_MAX_CHARS = 3_000_000


def parse_html(text: str, *, max_chars: int = DEFAULT_MAX_CHARS) -> html.HtmlElement:
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


def merge(pages: list[Page]) -> dict[str, Any]:
    """Record fields from the pages of one article or live blog, in page order."""
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
        seen: set[str] = set()
        posts = []
        for page in pages:
            for post in page.posts:
                if post.key and post.key in seen:
                    continue
                seen.add(post.key)
                posts.append(
                    {
                        "published": post.published,
                        "authors": post.authors,
                        "title": post.title,
                        "text": PARAGRAPH_BREAK.join(post.paragraphs),
                    }
                )
        fields["posts"] = posts
        fields["text"] = PARAGRAPH_BREAK.join(p["text"] for p in posts if p["text"])
    else:
        fields["text"] = PARAGRAPH_BREAK.join(p for page in pages for p in page.paragraphs)
    if not fields["title"]:
        raise NotAnArticle("no_title")
    if not fields["text"].strip():
        raise NotAnArticle("no_text")
    return fields


def content_hash(fields: dict[str, Any]) -> str:
    """What a reader would call "the content": a change here is a new revision."""
    basis = [fields["title"], fields["lead"], fields["text"]]
    basis += [[p["title"], p["text"]] for p in fields.get("posts", [])]
    return hashlib.sha256(json.dumps(basis, ensure_ascii=False).encode()).hexdigest()


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build_item(url: str, site: Site, section: str, fields: dict[str, Any]) -> ArticleItem:
    return ArticleItem(
        url=url,
        source=site.name,
        section=section,
        **fields,
        content_hash=content_hash(fields),
        crawled_at=utc_now(),
    )


def extract_page(text: str, url: str, site: Site | None = None) -> dict[str, Any] | None:
    """Record fields of one saved page (no pagination followed), or None if not an article."""
    site = site or site_for_url(url) or GENERIC
    try:
        return merge([site.parse(parse_html(text), url)])
    except NotAnArticle:
        return None


def item_as_dict(item: ArticleItem) -> dict[str, Any]:
    return asdict(item)
