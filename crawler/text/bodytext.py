"""Text as a reader sees it: an HTML subtree rendered into paragraphs.

The rules, each covered by ``tests/crawler/test_bodytext.py``:

- block elements (``p``, ``div``, headings, list items, quotes, table rows …) are
  paragraphs, joined by the record as ``"\\n\\n"``;
- a ``<br>`` is a line break inside its paragraph (``"\\n"``); two or more in a row show a
  blank line, so they end the paragraph;
- inline markup (``em``, ``a``, ``span`` …) never adds a space and never removes one;
  ``&nbsp;`` and other Unicode spaces are spaces; runs of white space are one space;
  soft hyphens and zero-width characters are invisible, so they are dropped;
- table cells of one row are joined by ``" | "``;
- hidden content is never text: ``display:none``/``visibility:hidden``, the ``hidden``
  attribute, screen-reader-only classes, ``<template>``, scripts, styles, ``<noscript>``,
  and a block whose whole text is a JSON object or array (data left in the markup).

The lowest floor of the extraction code: it imports nothing from :mod:`crawler`.
Rendering walks the tree once with :func:`lxml.etree.iterwalk` (no recursion, no copy);
what a site marks as not-body (:class:`NotBody`) is skipped during the same walk.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

_WS = re.compile(r"\s+")
# Invisible: soft hyphen, zero-width space/joiners, word joiner, BOM.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_BR = "\ue000"  # private-use marker for <br> while a paragraph is collected
_CELL = "\ue001"  # marker between two cells of a table row

BLOCK_TAGS = frozenset(
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
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "tr",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "main",
        "nav",
        "figure",
        "figcaption",
        "address",
        "hr",
        "details",
        "summary",
        "fieldset",
        "legend",
        "center",
        "form",
    ]
)
_CELL_TAGS = frozenset({"td", "th"})
_NEVER_TEXT = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg",
     "math", "object", "embed", "canvas", "video", "audio", "picture", "source", "img",
     "input", "select", "textarea", "button"}
)  # fmt: skip
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HIDDEN_CLASSES = frozenset(
    {"hidden", "d-none", "sr-only", "visually-hidden", "screen-reader-text", "is-hidden"}
)


def clean(text: str | None) -> str:
    """Collapse white space (NBSP included) the way a browser shows it; drop invisibles."""
    return _WS.sub(" ", _INVISIBLE.sub("", text or "")).strip()


def is_hidden(element: etree._Element) -> bool:
    """True for an element a browser would not show."""
    tag = element.tag
    if not isinstance(tag, str):
        return True  # comments, processing instructions
    if tag in _NEVER_TEXT or element.get("hidden") is not None:
        return True
    style = element.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    names = element.get("class")
    return bool(names) and not _HIDDEN_CLASSES.isdisjoint(names.split())


@dataclass(frozen=True)
class NotBody:
    """Elements inside a body container that are not body: by tag or by CSS class.

    Checked during the one rendering walk; a union of XPaths costs ten times as much.
    """

    tags: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()

    def matches(self, element: etree._Element) -> bool:
        tag = element.tag
        if not isinstance(tag, str):
            return False
        if tag in self.tags:
            return True
        if self.ids and element.get("id") in self.ids:
            return True
        names = element.get("class")
        return bool(names) and not self.classes.isdisjoint(names.split())

    def __or__(self, other: NotBody) -> NotBody:
        return NotBody(self.tags | other.tags, self.classes | other.classes, self.ids | other.ids)


def paragraphs(
    element: etree._Element,
    *,
    not_body: NotBody | None = None,
    skip: Callable[[etree._Element], bool] | None = None,
    owners: list[etree._Element] | None = None,
) -> list[str]:
    """Paragraphs of ``element`` as displayed, without hidden parts and ``not_body``.

    With ``owners``, the block element each paragraph's text belongs to is appended to
    it, one per paragraph: a reader that judges paragraphs by where they stand (a box
    around them, the container they share) needs that, and the walk knows it for free.
    """
    out: list[str] = []
    buffer: list[str] = []
    in_pre = 0
    open_blocks = [element] if owners is not None else None
    walker = etree.iterwalk(element, events=("start", "end"))
    for event, node in walker:
        tag = node.tag
        skipped = node is not element and (
            is_hidden(node)
            or (not_body is not None and not_body.matches(node))
            or (skip is not None and skip(node))
        )
        if event == "start":
            if skipped:
                walker.skip_subtree()
                continue
            if tag in BLOCK_TAGS:
                if open_blocks is None:
                    _flush(buffer, out)
                else:
                    _owned_flush(buffer, out, owners, open_blocks[-1])
                    open_blocks.append(node)
                in_pre += tag == "pre"
            elif tag == "br":
                buffer.append(_BR)
            elif tag in _CELL_TAGS and buffer:
                buffer.append(_CELL)
            if node.text:
                buffer.append(node.text.replace("\n", _BR) if in_pre else node.text)
            continue
        if not skipped and tag in BLOCK_TAGS:
            if open_blocks is None:
                _flush(buffer, out)
            else:
                _owned_flush(buffer, out, owners, open_blocks.pop())
            in_pre -= tag == "pre"
        if node is not element and node.tail:
            buffer.append(node.tail.replace("\n", _BR) if in_pre else node.tail)
    if open_blocks is None:
        _flush(buffer, out)
    else:
        _owned_flush(buffer, out, owners, element)
    return out


def _owned_flush(
    buffer: list[str], out: list[str], owners: list[etree._Element] | None, owner: etree._Element
) -> None:
    before = len(out)
    _flush(buffer, out)
    if owners is not None:
        owners.extend([owner] * (len(out) - before))


def _flush(buffer: list[str], out: list[str]) -> None:
    if not buffer:
        return
    raw = "".join(buffer).replace(_CELL, " | ")
    buffer.clear()
    lines: list[str] = []
    for line in raw.split(_BR):
        line = clean(line)
        if line:
            lines.append(line)
        elif lines:  # a blank line (two <br> in a row) ends the paragraph
            _emit("\n".join(lines), out)
            lines = []
    if lines:
        _emit("\n".join(lines), out)


def _emit(paragraph: str, out: list[str]) -> None:
    paragraph = paragraph.strip(" |")
    if paragraph and not is_json_blob(paragraph):
        out.append(paragraph)


def is_json_blob(text: str) -> bool:
    """A block whose whole text is a JSON object or array: data, not prose."""
    if not (text[0] in "{[" and text[-1] in "}]"):
        return False
    try:
        json.loads(text.replace("\n", " "))
    except ValueError:
        return False
    return True


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def class_words(names: str | None) -> list[str]:
    """An element's class names, each as written and, when camelCase, with its words
    apart ("interestingRecommended" -> also "interesting-Recommended", "liveEntryAuthor"
    -> also "live-Entry-Author"), so a class-word rule written for "related-box" reads
    "relatedBox" too while "subTitle" still reads as written."""
    tokens = names.split() if names else []
    return tokens + [split for t in tokens if (split := _CAMEL.sub("-", t)) != t]
