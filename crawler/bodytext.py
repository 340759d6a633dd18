"""Body text of an HTML subtree, by trafilatura, as a list of paragraphs.

The site modules hand trafilatura only the part of the page their markup says is the body
(already stripped of what the portal marks as not-body), so it has little boilerplate left
to guess about. We read trafilatura's element tree instead of its plain text: plain text
separates paragraphs and line breaks alike with one newline, and the record needs the
paragraph boundaries.
"""

from __future__ import annotations

import copy
import logging

import trafilatura
from lxml import etree, html

from crawler.sites.base import clean

logger = logging.getLogger(__name__)

_BLOCK_TAGS = {"p", "head", "quote", "code", "item", "row"}
_CONTAINER_TAGS = {"list", "table"}
_FALLBACK_BLOCKS = "p|h2|h3|h4|h5|h6|li|blockquote|pre"


def paragraphs_from(element: html.HtmlElement, *, drop_xpath: str | None = None) -> list[str]:
    """Paragraphs of ``element`` in reading order; ``drop_xpath`` names non-body nodes."""
    subtree = copy.deepcopy(element)
    if drop_xpath:
        for node in subtree.xpath(drop_xpath):
            node.drop_tree()
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


def page_paragraphs(doc: html.HtmlElement) -> list[str]:
    """Generic extraction over a whole page: the fallback for markup we don't know."""
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


def _plain_blocks(subtree: html.HtmlElement) -> list[str]:
    blocks = subtree.xpath(f".//*[self::{' or self::'.join(_FALLBACK_BLOCKS.split('|'))}]")
    texts = [clean(b.text_content()) for b in blocks if not b.xpath(f"ancestor::{_anc()}")]
    texts = [t for t in texts if t]
    if texts:
        return texts
    whole = clean(subtree.text_content())
    return [whole] if whole else []


def _anc() -> str:
    return "*[" + " or ".join(f"self::{t}" for t in ("p", "li", "blockquote", "pre")) + "]"
