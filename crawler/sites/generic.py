"""Any page whose markup no site module knows: a host without a module, or a redesign.

trafilatura decides *what* is the article (its main-content detection is the best general
judge we have); :mod:`crawler.text.bodytext` decides *how it reads*. trafilatura's own text
merges nested blocks and collapses ``<br><br>``, so its answer is not the text: the page
is rendered as displayed, and a rendered paragraph is kept when it is where trafilatura's
text has it (in order, compared without white space). Short appeals and prompts that
trafilatura keeps on some pages (donations, push notifications, "continue on the next
page") are dropped by pattern. The lead is the first paragraph when it is what the page's
description says. Metadata comes from the shared cascade with no site selectors.
"""

from __future__ import annotations

import copy
import re
from typing import ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import html

from crawler.sites.base import Listing, Page, Reading, Site, budget_of
from crawler.text.bodytext import clean, paragraphs
from crawler.text.boilerplate import is_appeal
from crawler.text.metadata import Selectors, read_metadata

GENERIC_SELECTORS = Selectors(title="(//article//h1)[1] | (//main//h1)[1]")

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid)$", re.IGNORECASE)
_SQUASH = re.compile(r"\s+")
_LONG = 40  # squashed characters: a paragraph this long is body wherever trafilatura has it
_SLACK = 12  # characters trafilatura may have between two kept paragraphs
_MAX_BLOCKS = 3000  # rendered blocks of one page looked up in trafilatura's text
_TRAFILATURA_BLOCKS = frozenset({"p", "head", "item", "cell", "quote", "code"})


class Generic(Site):
    name: ClassVar[str] = "generic"
    hosts: ClassVar[frozenset[str]] = frozenset()

    def article_url(self, url: str) -> str | None:
        """The URL without its fragment and tracking parameters."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)])
        return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", query, ""))

    def listings(self, section: str) -> list[Listing]:
        return []

    def parse(self, doc: html.HtmlElement, url: str, reading: Reading | None = None) -> Page:
        meta = read_metadata(doc, url, GENERIC_SELECTORS, self.dates(reading))
        body = budget_of(reading).body(main_paragraphs(doc))
        if body and meta.title and _squash(body[0]) == _squash(meta.title):
            body = body[1:]  # the headline, which trafilatura sometimes keeps
        lead = meta.lead
        if lead is None and body and _is_description(body[0], meta.description):
            lead, body = body[0], body[1:]
        page = Page.of("article", meta, paragraphs=body, generic=True)
        page.lead = lead
        return page


def main_paragraphs(doc: html.HtmlElement) -> list[str]:
    """The page's article text as displayed, where trafilatura finds the article."""
    import trafilatura  # heavy: loaded by the first generic page only

    result = trafilatura.bare_extraction(
        copy.deepcopy(doc),
        include_comments=False,
        include_tables=True,
        with_metadata=False,
        deduplicate=False,
    )
    if result is None or result.body is None:
        return []
    chosen = _squash("".join(result.body.itertext()))
    blocks = {
        _squash("".join(node.itertext()))
        for node in result.body.iter()
        if node.tag in _TRAFILATURA_BLOCKS
    }
    root = doc.find("body") if doc.find("body") is not None else doc
    kept: list[str] = []
    position = 0
    # Bounded: each lookup scans trafilatura's text, so a page of countless tiny blocks
    # must not cost their product.
    for paragraph in paragraphs(root)[:_MAX_BLOCKS]:
        squashed = _squash(paragraph)
        found = chosen.find(squashed, position)
        if found < 0:
            continue
        near = found - position <= _SLACK
        if near or len(squashed) >= _LONG or squashed in blocks:
            if is_appeal(paragraph):
                continue
            kept.append(paragraph)
            position = found + len(squashed)
    return kept


def _squash(text: str) -> str:
    return _SQUASH.sub("", clean(text))


def _is_description(paragraph: str, description: str | None) -> bool:
    """The paragraph is the page's description (or the description is its truncation)."""
    if not description:
        return False
    para, desc = _squash(paragraph), _squash(description).rstrip(".…")
    return para == _squash(description) or (len(desc) >= 60 and para.startswith(desc))


SITE = Generic()
