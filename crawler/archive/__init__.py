"""The raw pages of every run, kept as WARC: what is archived, where, and its names.

``OUTPUT_DIR/<spider>/warc/<run>.warc.gz`` (``<run>`` is the name of the run's JSONL
without ``.jsonl``) holds a ``warcinfo`` record, then a ``response`` and a ``request``
record for every response the crawl received: feeds, listings, robots.txt, article pages
and their later pages, redirects, errors. The parts:

- :mod:`crawler.archive.warcfile`: the file (warcio), written off the reactor thread and
  published like the JSONL (hidden ``.part``, fsync, rename).
- :mod:`crawler.archive.capture`: the downloader middlewares that hand each response over.
- :mod:`crawler.archive.extension`: the file's owner for the run (open, publish, settle a
  killed run, retention); :mod:`pipelines.archive` notes each published record and
  publishes the WARC before the JSONL.
- :mod:`crawler.archive.reader` and :mod:`crawler.archive.reassemble`: reading archives
  back (``scrapy reextract``).

Each response record says what the page was to the crawl (:class:`PageRole`), in WARC
named fields of our own (WARC 1.1 §4 allows extension fields; replay tools ignore them),
a form that names no code, so an archive replays whatever the spider's methods are called:

- ``X-Crawler-Role``: ``robots`` (robots.txt), ``feed``, ``listing`` (a section page, a
  date archive's page), ``article-page`` (a page of an article or live blog);
- ``X-Crawler-Article`` (article pages): the canonical URL of the article the request
  was for. On the first page it is the URL the listings linked (a redirect may land it
  on another article, whose URL the record then gets); on later pages, the record's;
- ``X-Crawler-Page`` (article pages): the page's number in reading order, 1 for the page
  the listings link;
- ``X-Crawler-Listed-In`` (first pages): ``section`` when a listing of the spider's
  section, or the URL itself, says the article is the section's; ``site`` when only
  whole-site listings linked it, so the page must name the section to give a record.

A redirect or an error answer carries the role of the request it answered, a retry the
role of the request it repeats. The spider states a request's role in
``request.meta[PAGE_ROLE_META]``; Scrapy's own robots.txt requests are recognised by
their path.

Archives written before page roles were recorded (December 2026: the generation kept in
``tests/fixtures/archives/2026-12-06/``) carry the legacy form instead: ``X-Crawler-Callback``
(the spider method that read the response), and on an article's first page
``X-Crawler-Article`` and ``X-Crawler-Cb-Kwargs`` (the callback's keyword arguments,
JSON). :func:`page_role` reads both forms; it is the only place that knows the legacy one.

This module is import-light (no warcio): the spider reads :data:`FETCHED_AT_META`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from crawler.run.files import run_name, spider_dir

WARC_SUBDIR = "warc"
WARC_SUFFIX = ".warc.gz"

# request.meta key: when the response arrived, in the records' ``crawled_at`` form. Set by
# the archive as it stamps the WARC-Date, so a record's crawled_at is the archived
# page's time and re-extraction reproduces it.
FETCHED_AT_META = "fetched_at"
# request.meta key: the request's PageRole, set by the spider on every request it makes.
PAGE_ROLE_META = "page_role"

ROLE_HEADER = "X-Crawler-Role"
ARTICLE_HEADER = "X-Crawler-Article"
PAGE_HEADER = "X-Crawler-Page"
LISTED_IN_HEADER = "X-Crawler-Listed-In"
# The legacy form (module docstring): read, never written.
LEGACY_CALLBACK_HEADER = "X-Crawler-Callback"
LEGACY_CB_KWARGS_HEADER = "X-Crawler-Cb-Kwargs"
# pywb's convention for a header whose value no longer describes the stored body.
ORIGINAL_PREFIX = "X-Archive-Orig-"

ROBOTS = "robots"
FEED = "feed"
LISTING = "listing"
ARTICLE_PAGE = "article-page"
LISTED_IN_SECTION = "section"
LISTED_IN_SITE = "site"


@dataclass(frozen=True)
class PageRole:
    """What a page was to the crawl (module docstring)."""

    kind: str  # ROBOTS, FEED, LISTING or ARTICLE_PAGE
    article: str | None = None  # article pages: the canonical URL of the article
    page: int | None = None  # article pages: 1-based, in reading order
    listed_in: str | None = None  # first pages: LISTED_IN_SECTION or LISTED_IN_SITE

    @classmethod
    def article_page(cls, article: str, page: int, *, check_section: bool = False) -> PageRole:
        """Page ``page`` of ``article``; ``check_section`` (first pages): only the page
        can say whether the article is the section's."""
        listed_in = None
        if page == 1:
            listed_in = LISTED_IN_SITE if check_section else LISTED_IN_SECTION
        return cls(ARTICLE_PAGE, article, page, listed_in)

    @property
    def check_section(self) -> bool:
        return self.listed_in == LISTED_IN_SITE

    def warc_fields(self) -> list[tuple[str, str]]:
        fields = [(ROLE_HEADER, self.kind)]
        if self.article is not None:
            fields.append((ARTICLE_HEADER, self.article))
        if self.page is not None:
            fields.append((PAGE_HEADER, str(self.page)))
        if self.listed_in is not None:
            fields.append((LISTED_IN_HEADER, self.listed_in))
        return fields


def page_role(fields: Mapping[str, str], url: str) -> PageRole | None:
    """The role a response record states in its WARC named ``fields`` (names
    lower-cased), in either form (module docstring); None when it states none."""
    kind = fields.get(ROLE_HEADER.lower())
    if kind is not None:
        page = fields.get(PAGE_HEADER.lower(), "")
        return PageRole(
            kind,
            fields.get(ARTICLE_HEADER.lower()),
            int(page) if page.isdigit() else None,
            fields.get(LISTED_IN_HEADER.lower()),
        )
    return _legacy_role(fields, url)


# The spider methods of the legacy form, and the roles they stood for.
_LEGACY_CALLBACKS = {"parse_feed": FEED, "parse_listing": LISTING, "parse_article": ARTICLE_PAGE}


def _legacy_role(fields: Mapping[str, str], url: str) -> PageRole | None:
    """Archives before page roles: the callback named the role; only an article's first
    page named its article (and its arguments said whether the page had to name the
    section); later pages named neither article nor number."""
    callback = fields.get(LEGACY_CALLBACK_HEADER.lower())
    article = fields.get(ARTICLE_HEADER.lower())
    if article is not None:
        try:
            kwargs = json.loads(fields.get(LEGACY_CB_KWARGS_HEADER.lower()) or "{}")
        except ValueError:
            kwargs = {}
        check = isinstance(kwargs, dict) and bool(kwargs.get("check_section"))
        return PageRole.article_page(article, 1, check_section=check)
    if callback is None:
        return PageRole(ROBOTS) if urlsplit(url).path == "/robots.txt" else None
    kind = _LEGACY_CALLBACKS.get(callback)
    return PageRole(kind) if kind is not None else None


def warc_dir(output_dir: str | Path, spider: str) -> Path:
    return spider_dir(output_dir, spider) / WARC_SUBDIR


def warc_file_name(started: datetime) -> str:
    """Named as the run's JSONL file, so the two are found from each other."""
    return run_name(started) + WARC_SUFFIX


def jsonl_name_of(warc_name: str) -> str:
    return warc_name.removesuffix(WARC_SUFFIX) + ".jsonl"


def crawled_at_of(moment: datetime) -> str:
    """The record's ``crawled_at`` (UTC, whole seconds) of a fetch at ``moment``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
