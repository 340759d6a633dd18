"""Why an article gave no record: one list of reasons, each in one category.

The names are the stats keys (``articles/dropped/<reason>``,
``articles/fetch_failed/<reason>``, ``state/skipped_failed/<reason>``) and what the state
remembers. The verdict (:mod:`crawler.run.health`) judges by category, the state
(:mod:`crawler.run.state_extension`) remembers the lasting ones, the spider and the site
modules name them.

- ``fetch``: the page could not be downloaded: the named reasons below, ``http_<status>``,
  and the network failures of :mod:`crawler.run.failures` (any reason not listed here);
- ``extraction``: downloaded, but not readable as an article (a layout the module does
  not know would show here);
- ``not_ours``: downloaded, and found to belong elsewhere: neither failure.

A reason is *lasting* when asking again in twenty minutes will not change it: such a page
is not fetched again for ``STATE_RETRY_FAILED_HOURS``.
"""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    FETCH = "fetch"
    EXTRACTION = "extraction"
    NOT_OURS = "not_ours"


class Reason(StrEnum):
    # extraction
    NOT_HTML = "not_html"
    EMPTY = "empty"
    # The server itself sent the page without its end: a cut in transit fails Scrapy's
    # own Content-Length check instead (and is retried).
    TRUNCATED = "truncated"
    UNPARSABLE = "unparsable"
    TOO_LARGE = "too_large"  # over a bound on the page or on what it would produce
    NO_TITLE = "no_title"
    NO_TEXT = "no_text"
    EXTRACT_ERROR = "extract_error"  # a bug in a site module: fixed by a release, not time
    # not ours
    OTHER_SECTION = "other_section"
    REDIRECTED_OFF_SECTION = "redirected_off_section"
    GALLERY = "gallery"
    NOT_AN_ARTICLE_URL = "not_an_article_url"
    # A page read at an address no article URL names whose markup no layout knows (a
    # listing, a tag page): extract and reextract read any page of a known host.
    NOT_AN_ARTICLE_PAGE = "not_an_article_page"
    # fetch (besides http_<status> and the network's)
    PAGE_FAILED = "page_failed"  # a later page of the article could not be fetched
    PAGE_NOT_ARCHIVED = "page_not_archived"  # reextract: a page the crawl never fetched
    TOO_MANY_REDIRECTS = "too_many_redirects"
    OFFSITE = "offsite"  # a request off the portal's hosts, never sent
    HTTP_404 = "http_404"
    HTTP_410 = "http_410"


_CATEGORIES = {
    Category.EXTRACTION: (
        Reason.NOT_HTML,
        Reason.EMPTY,
        Reason.TRUNCATED,
        Reason.UNPARSABLE,
        Reason.TOO_LARGE,
        Reason.NO_TITLE,
        Reason.NO_TEXT,
        Reason.EXTRACT_ERROR,
    ),
    Category.NOT_OURS: (
        Reason.OTHER_SECTION,
        Reason.REDIRECTED_OFF_SECTION,
        Reason.GALLERY,
        Reason.NOT_AN_ARTICLE_URL,
        Reason.NOT_AN_ARTICLE_PAGE,
    ),
}

EXTRACTION: tuple[str, ...] = tuple(_CATEGORIES[Category.EXTRACTION])
NOT_OURS: tuple[str, ...] = tuple(_CATEGORIES[Category.NOT_OURS])

LASTING: frozenset[str] = frozenset(
    {
        *(r for r in EXTRACTION if r != Reason.EXTRACT_ERROR),
        Reason.HTTP_404,
        Reason.HTTP_410,
        Reason.TOO_MANY_REDIRECTS,
        Reason.REDIRECTED_OFF_SECTION,
        Reason.OTHER_SECTION,
        Reason.OFFSITE,
    }
)


def category_of(reason: str) -> Category:
    """The category of a reason name; any name not listed is a failure to fetch."""
    for category, reasons in _CATEGORIES.items():
        if reason in reasons:
            return category
    return Category.FETCH


def is_lasting(reason: str) -> bool:
    return reason in LASTING
