"""Every portal spider and its stand-in, as data: what the shared contract
(:mod:`tests.e2e.test_portal_contract`) asks of each portal, and how its runs are made
(:func:`tests.e2e.conftest.portal_runs`).

A stand-in describes its records in its own terms (index.hu's as paragraphs, 444's posts
as tuples); ``shape`` turns one into what the crawl's record must hold for ``fields``, and
``post`` picks from a record's post what the stand-in describes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tests.standin import hvg, origo, p24, p444, pages, telex
from tests.standin import site as index
from tests.standin.server import StandinServer

Record = dict[str, Any]
FIELDS = (
    "kind",
    "title",
    "lead",
    "authors",
    "credits",
    "published",
    "tags",
    "text",
    "posts",
    "language",
)


@dataclass(frozen=True)
class Portal:
    spider: str
    origin: str  # the site's own origin, as its records' URLs name it
    source: str  # the records' ``source`` and ``section``
    section: str
    make: Callable[[], Any]  # a fresh stand-in
    base: Callable[[StandinServer], str | dict[str, str]]  # crawl()'s ``base_url``
    expected: Callable[[Any, bool], list[Record]]  # (site, backfill) -> the stand-in's words
    boilerplate: Callable[[Any], Iterable[str]]  # never in a record's text
    never_fetch: Callable[[Any, bool], Iterable[str]]  # (site, backfill) -> targets
    retried: str  # answers an error first, then the page: fetched twice
    redirect: tuple[str, str]  # a path answering 301, the record URL it leads to
    dropped: dict[str, int]  # the report's "dropped" and "errors" of a regular run
    errors: dict[str, int]
    hostile: tuple[str, ...]  # pages that give no record, each logged once at WARNING
    backfill: tuple[date, date]  # -a since= -a until=
    cut: str | None = None  # a page cut in transit every time: given up after retries
    backfill_base: Callable[[StandinServer], str | dict[str, str]] | None = None
    fields: tuple[str, ...] = FIELDS
    # Pages a run after a regular one never asks again (default: the expected records')
    articles: Callable[[Any], set[str]] | None = None
    shape: Callable[[Record], Record] = field(default=lambda expected: expected)
    post: Callable[[Record], Any] = field(default=lambda post: post)

    def __str__(self) -> str:
        return self.spider

    def view(self, record: Record) -> Record:
        """``record``'s ``fields``, its posts as the stand-in describes them."""
        seen = {name: record[name] for name in self.fields}
        if "posts" in seen:
            seen["posts"] = [self.post(post) for post in record["posts"]]
        return seen

    def want(self, expected: Record) -> Record:
        """What the stand-in's ``expected`` record says of ``fields``."""
        # A stand-in whose pages credit no desk or agency need not say so.
        shaped = {"language": "hu", "credits": [], **self.shape(expected)}
        return {name: shaped[name] for name in self.fields}

    def path(self, url: str) -> str:
        return url.removeprefix(self.origin)

    def article_paths(self, site: Any) -> set[str]:
        if self.articles is not None:
            return self.articles(site)
        return {self.path(expected["url"]) for expected in self.expected(site, False)}


def hosted(host: str) -> Callable[[StandinServer], dict[str, str]]:
    return lambda server: {host: server.base_url}


# --- index.hu: paragraphs and posts in the stand-in's own words ----------------------------


def _index_post(post: Record) -> tuple:
    return (post["title"], post["published"], post["text"])


def _index_shape(expected: Record) -> Record:
    posts = [(p["title"], p["published"], "\n\n".join(p["paragraphs"])) for p in expected["posts"]]
    if expected["kind"] == "article":
        text = "\n\n".join(expected["text_paragraphs"])
    else:  # as read: each post's title is its own paragraph right before the post's text
        text = "\n\n".join(block for title, _, body in posts for block in (title, body) if block)
    return {**expected, "text": text, "posts": posts}


INDEX_BACKFILL = (date(2024, 5, 2), date(2024, 5, 3))

PORTALS: dict[str, Portal] = {
    "index_abroad": Portal(
        spider="index_abroad",
        origin=pages.ORIGIN,
        source="index.hu",
        section="kulfold",
        make=index.default_site,
        base=lambda server: server.base_url,  # INDEX_BASE_URL
        expected=lambda site, backfill: site.expected_records(
            backfill=INDEX_BACKFILL if backfill else None
        ),
        boilerplate=lambda site: site.boilerplate_strings(),
        never_fetch=lambda site, backfill: site.never_fetch_paths(),
        retried=index.FOUR_DAY_WEEK.path,  # 503, then the page
        redirect=(index.REDIRECT_FROM, index.FERRY_STRIKE.url),
        dropped={"not_html": 1, "empty": 1, "truncated": 1},
        errors={"http_404": 1, "robots_txt": 1},
        hostile=(index.PDF_PATH, index.EMPTY_PATH, index.TRUNCATED_PATH, index.MISSING_PATH),
        backfill=INDEX_BACKFILL,
        fields=(*FIELDS, "image"),
        articles=lambda site: {item.path for item in site.items.values()},
        shape=_index_shape,
        post=_index_post,
    ),
    "telex_abroad": Portal(
        spider="telex_abroad",
        origin=telex.ORIGIN,
        source="telex.hu",
        section="kulfold",
        make=telex.telex_site,
        base=hosted("telex.hu"),
        expected=lambda site, backfill: site.expected_records(
            since="2024-04-20" if backfill else None, until="2024-04-30" if backfill else None
        ),
        boilerplate=lambda site: telex.BOILERPLATE,
        never_fetch=lambda site, backfill: (
            telex.OTHER_SECTION,
            telex.OTHER_SECTION_FEED,
            telex.DISALLOWED,
        ),
        retried=telex.RETRIED.path,  # 500, then the page
        redirect=(telex.REDIRECT_FROM, telex.REDIRECT_TARGET.url),
        dropped={"not_html": 1, "truncated": 1},
        errors={"http_404": 1, "data_loss": 1, "robots_txt": 1},
        hostile=(telex.PDF_PATH, telex.NO_END, telex.MISSING),
        cut=telex.CUT,
        backfill=(date(2024, 4, 20), date(2024, 4, 30)),
        fields=tuple(name for name in FIELDS if name != "tags"),
    ),
    "444_abroad": Portal(
        spider="444_abroad",
        origin=p444.ORIGIN,
        source="444.hu",
        section="kulfold",
        make=p444.P444Standin,
        base=hosted("444.hu"),
        expected=lambda site, backfill: site.expected_records(backfill=backfill),
        boilerplate=lambda site: p444.BOILERPLATE,
        never_fetch=lambda site, backfill: site.never_fetched(backfill=backfill),
        retried=p444.FLAKY.path,  # 500, then the page
        redirect=(p444.REDIRECT_FROM, p444.MOVED.url),
        dropped={"not_html": 1, "truncated": 1},
        errors={"http_404": 1, "data_loss": 1, "robots_txt": 1},
        hostile=(p444.PDF, p444.TRUNCATED, p444.MISSING),
        cut=p444.CUT_IN_TRANSIT,
        backfill=(p444.ARCHIVE_DAY, p444.ARCHIVE_DAY),
        shape=lambda expected: {**expected, "posts": [tuple(p) for p in expected["posts"]]},
        post=lambda post: (post["published"], post["title"], post["text"]),
    ),
    "24hu_abroad": Portal(
        spider="24hu_abroad",
        origin=p24.ORIGIN,
        source="24.hu",
        section="kulfold",
        make=p24.P24Standin,
        base=hosted("24.hu"),
        expected=lambda site, backfill: site.expected_records(
            backfill=p24.BACKFILL if backfill else None
        ),
        boilerplate=lambda site: site.boilerplate(),
        never_fetch=lambda site, backfill: site.never_fetch_paths(),
        retried=p24.FLAKY,
        redirect=(p24.REDIRECT_FROM, f"{p24.ORIGIN}/kulfold/2024/05/03/uj-cim/"),
        dropped={"not_html": 1, "truncated": 1},
        errors={"http_404": 1, "data_loss": 1, "robots_txt": 1},
        hostile=(p24.PDF_PATH, p24.TRUNCATED, p24.MISSING),
        cut=p24.CUT_IN_TRANSIT,
        backfill=p24.BACKFILL,
    ),
    "hvg_abroad": Portal(
        spider="hvg_abroad",
        origin=hvg.ORIGIN,
        source="hvg.hu",
        section="vilag",
        make=hvg.HvgStandin,
        base=hosted("hvg.hu"),
        expected=lambda site, backfill: site.expected_records(
            backfill=(date(2024, 5, 3), date(2024, 5, 5)) if backfill else None
        ),
        boilerplate=lambda site: hvg.BOILERPLATE,
        never_fetch=lambda site, backfill: site.never_fetch(),
        retried=hvg.DAM.path,  # 500, then the page
        redirect=(hvg.REDIRECT_FROM, hvg.FERRY.url),
        dropped={"not_html": 1, "truncated": 1},
        errors={"http_404": 1, "data_loss": 1, "robots_txt": 1},
        hostile=(hvg.PDF_PATH, hvg.UNFINISHED_PATH, hvg.MISSING_PATH),
        cut=hvg.CUT_PATH,
        backfill=(date(2024, 5, 3), date(2024, 5, 5)),
    ),
    "origo_abroad": Portal(
        spider="origo_abroad",
        origin=origo.ORIGIN,
        source="origo.hu",
        section="nagyvilag",
        make=origo.OrigoStandin,
        base=hosted("www.origo.hu"),
        # Configured as the bare host: the backfill must still find origo's www. pages.
        backfill_base=hosted("origo.hu"),
        expected=lambda site, backfill: site.expected_records(backfill=backfill),
        boilerplate=lambda site: (),
        never_fetch=lambda site, backfill: (
            origo.NEVER_FETCHED_IN_BACKFILL if backfill else origo.NEVER_FETCHED
        ),
        retried=origo.RETRIED.path,  # 500, then the page
        redirect=(origo.MOVED_FROM, origo.MOVED.url),
        dropped={"not_html": 1, "truncated": 1},
        errors={"http_404": 1, "data_loss": 1, "robots_txt": 1},
        hostile=(origo.PDF, origo.NO_END, origo.MISSING),
        cut=origo.CUT_IN_TRANSIT,
        backfill=origo.BACKFILL,
    ),
}
