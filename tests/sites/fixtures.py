"""Site fixtures, one format for every portal (as Fundus's ``test_data``).

``tests/fixtures/sites/<portal>/<name>.html`` is a page invented in the portal's markup
(modelled on real pages, never a copy of one); ``tests/fixtures/sites/<portal>.json``
holds, for each page, its URL, the layout (era) that reads it and every non-empty
attribute of what the portal module reads from it (a :class:`~crawler.sites.Page`'s
fields, plus ``text``: the record's text made of them)::

    {"<name>": {"era": "V2022", "expected": {"authors": [...], ...}, "url": "https://..."}}

Keys are sorted; an attribute left out is empty (None, [], False, 0). The expected
attributes are written by ``python -m tests.sites.generate_fixtures`` from what the
module reads today and reviewed by a person before they are committed. ``<portal>`` is
the module's name (``index_hu``, ``telex``, ``p444``, ``p24``, ``hvg``, ``origo``); other
files beside the pages (feeds, listings) are test data of the portal's focused tests.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from lxml import html

from crawler.assembly.assemble import merge, parse_html
from crawler.settings import EXTRACT_MAX_CHARS
from crawler.sites import SITES, Page, Site
from crawler.sites.toolkit import Portal
from crawler.text.decoding import decode_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"
# Every registered portal by its module's name.
PORTALS: dict[str, Site] = {
    type(site).__module__.rsplit(".", 1)[-1]: site for site in SITES.values()
}


def expected_of(portal: str) -> dict[str, dict[str, Any]]:
    path = FIXTURES / f"{portal}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def page_path(portal: str, name: str) -> Path:
    return FIXTURES / portal / f"{name}.html"


def document(portal: str, name: str) -> html.HtmlElement:
    """The fixture page decoded as the crawl decodes it (by its declared charset)."""
    return parse_html(
        decode_html(page_path(portal, name).read_bytes()).text, max_chars=EXTRACT_MAX_CHARS
    )


def era_of(site: Site, doc: html.HtmlElement) -> str | None:
    return site.layout_of(doc).era if isinstance(site, Portal) else None


def attributes(page: Page) -> dict[str, Any]:
    """Every attribute of ``page``, and the record text made of it."""
    found = dataclasses.asdict(page)
    found["text"] = merge([page])["text"]
    return found


def is_empty(value: Any) -> bool:
    return value is None or value is False or value == 0 or value in ("", [], {})


def entry(portal: str, name: str, url: str) -> dict[str, Any]:
    """What the fixture format says of the page today (for a person to review)."""
    site = PORTALS[portal]
    doc = document(portal, name)
    found = attributes(site.parse(doc, url))
    expected = {key: found[key] for key in sorted(found) if not is_empty(found[key])}
    return {"era": era_of(site, doc), "expected": expected, "url": url}


def dump(entries: dict[str, dict[str, Any]]) -> str:
    return json.dumps(entries, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
