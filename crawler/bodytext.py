"""Body text of an HTML subtree, by trafilatura, as a list of paragraphs.

The site modules hand trafilatura only the part of the page their markup says is the body
(already stripped of what the portal marks as not-body), so it has little boilerplate left
to guess about. We read trafilatura's element tree instead of its plain text: plain text
separates paragraphs and line breaks alike with one newline, and the record needs the
paragraph boundaries.

Small, already isolated blocks (a live-blog post's text) skip trafilatura: its set-up
costs ~15 ms a call, 30 posts a page would cost more than the rest of the crawl, and
there is no boilerplate left in them for it to judge.
"""

from __future__ import annotations

import copy
import logging

from lxml import etree, html

from crawler.sites.base import NotBody, clean

logger = logging.getLogger(__name__)

_BLOCK_TAGS = {"p", "head", "quote", "code", "item", "row"}
_CONTAINER_TAGS = {"list", "table"}


def paragraphs_from(element: html.HtmlElement, *, not_body: NotBody | None = None) -> list[str]:
    """Paragraphs of ``element`` in reading order, without what ``not_body`` matches."""
    subtree = _pruned(element, not_body)
    import trafilatura  # heavy: loaded by the first page, not by a run with nothing new

    wrapper = html.fromstring("<html><body><article></article></body></html>")
    wrapper.find(".//article").append(subtree)
    result = trafilatura.bare_extraction(
        wrapper,
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        with_metadata=False,
        deduplicate=False,
    )
    paragraphs = _blocks(result.body) if result is not None and result.body is not None else []
    # trafilatura declines very short bodies (a one-line live-blog post); those are still body.
    return paragraphs or _plain_blocks(subtree)


def block_paragraphs(element: html.HtmlElement, *, not_body: NotBody | None = None) -> list[str]:
    """Paragraphs of a small isolated block, without trafilatura."""
    return _plain_blocks(_pruned(element, not_body))


def _pruned(element: html.HtmlElement, not_body: NotBody | None) -> html.HtmlElement:
    subtree = copy.deepcopy(element)
    if not_body is not None:
        for node in [n for n in subtree.iter() if n is not subtree and not_body.matches(n)]:
            if node.getparent() is not None:  # not inside something already dropped
                node.drop_tree()
    return subtree


def page_paragraphs(doc: html.HtmlElement) -> list[str]:
    """Generic extraction over a whole page: the fallback for markup we don't know."""
    import trafilatura

    result = trafilatura.bare_extraction(
        copy.deepcopy(doc), include_comments=False, with_metadata=False
    )
    if result is None or result.body is None:
        return []
    return _blocks(result.body)


def _blocks(body: etree._Element) -> list[str]:
    paragraphs: list[str] = []
    for node in body.iter():
        if node.tag in _CONTAINER_TAGS:
            continue
        if node.tag in _BLOCK_TAGS and not _inside_block(node):
            text = clean("".join(node.itertext()))
            if text:
                paragraphs.append(text)
    return paragraphs


def _inside_block(node: etree._Element) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent.tag in _BLOCK_TAGS:
            return True
        parent = parent.getparent()
    return False


_BLOCK_HTML = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "table",
        "tr",
        "section",
        "article",
        "figure",
    ]
)


def _plain_blocks(subtree: html.HtmlElement) -> list[str]:
    """Text split at block-level element boundaries, in document order."""
    paragraphs: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = clean("".join(buffer))
        if text:
            paragraphs.append(text)
        buffer.clear()

    def walk(node: html.HtmlElement) -> None:
        block = isinstance(node.tag, str) and node.tag in _BLOCK_HTML
        if block:
            flush()
        if isinstance(node.tag, str) and node.text:
            buffer.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                buffer.append(child.tail)
        if block:
            flush()

    walk(subtree)
    flush()
    return paragraphs
