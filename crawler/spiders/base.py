"""PortalSpider: listings and feeds → article pages → one item per article.

Navigation only: what a URL or a page means is the site module's business
(:class:`crawler.sites.Site`), and how an article's pages make one record is its
:class:`crawler.assembly.assemble.Assembly`'s (one per article in flight, carried in the
requests' ``cb_kwargs``): the spider decodes each response once, hands the page over, asks
for the later page the assembly names and yields the record it gives. So a portal's
spider is its site, its section and a name. Every request states the page's role for the
archive (``request.meta[PAGE_ROLE_META]``, :class:`crawler.archive.PageRole`).
Reads the settings ``BACKFILL_MAX_PAGES``, and through
:meth:`crawler.assembly.assemble.Limits.from_settings` ``ARTICLE_MAX_PAGES``,
``EXTRACT_MAX_CHARS`` and the output bounds ``EXTRACT_MAX_TEXT_CHARS``,
``EXTRACT_MAX_POSTS``, ``EXTRACT_MAX_POST_CHARS`` (a page, or the pages so far, that would
make a larger record is dropped as ``too_large`` while it is read, before any further page
is fetched), plus ``BASE_URLS``/``INDEX_BASE_URL`` through :mod:`crawler.run.mirror`.
Spider arguments ``since``/``until`` (YYYY-MM-DD) also walk the portal's date archives
(:meth:`Site.date_archives`; a portal without one is refused before any request).

Stats: ``discovery/links/<feed|listing|archive>``, ``discovery/article_links``,
``listings/fetched``, ``articles/found`` (distinct articles linked),
``articles/downloaded``, ``articles/duplicate`` (an article reached by a second link:
not downloaded nor extracted twice), ``articles/extracted``, ``articles/dropped/<reason>``,
``articles/fetch_failed/<reason>``, ``articles/replacement_chars`` (records holding
U+FFFD), ``listings/unusable/<reason>``, ``extract/generic_fallback``,
``extract/via/<reading>`` (a site module that reads a page one of two ways, e.g. telex
``state``/``html``), ``articles/dropped/other_section``, ``articles/pager_ignored/<reason>``
(a next-page link, or where it redirected, that is not a page of the same article on the
portal: ``other_host``, ``other_article``, ``redirected``; the record is made of the
pages before it),
``extract/implausible_date`` (a time field that held a date outside the portal's life,
:meth:`Site.dates`: not the article's), ``decode/charset_corrected``,
``decode/nul_stripped``, ``decode/replacement_chars``,
``fetch/error/<reason>``, ``backfill/pages``, ``backfill/cap_reached``,
``backfill/repeated_pages`` (a walk ended at a page listing only articles its earlier
pages listed), ``backfill/days`` and ``backfill/days_listed`` (the range's days, and those
an archive page read so far listed an article of: how far a backfill has come, for
:mod:`crawler.run.progress`).

Each article once per run, by canonical URL, and downloaded once: ``requested`` holds
the articles asked for, ``fetched_by`` which link's request fetches each of them (its own
link, or a link redirected to it), ``claimed`` those whose first page has arrived. A
redirect to an article some other request of the run fetches is not followed
(:meth:`follow_redirect`, asked by :class:`crawler.run.downloads.ArticleRedirectMiddleware`
for every redirect of an article request): its link is remembered as the article's
alias and counted as ``articles/duplicate``, and a direct link to an article a redirect
is already bringing is not requested. Should two first pages land on one article anyway
(a redirect nobody could see coming, e.g. a meta refresh), the first to arrive is the
one extracted. Article requests bypass Scrapy's duplicate filter: it keys on the fetched
URL, so it would drop an article's own request while a redirect to it is still in
flight, and it hides redirect loops, which ``REDIRECT_MAX_TIMES`` then ends and
``on_error`` counts.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.archive import FEED, FETCHED_AT_META, LISTING, PAGE_ROLE_META, PageRole
from crawler.assembly.assemble import (
    Assembly,
    Limits,
    Step,
    decoding_counts,
    page_text,
    parse_html,
    undecodable,
)
from crawler.run import quietlog
from crawler.run.backfill import parse_range
from crawler.run.events import article_failed, article_redirected
from crawler.run.failures import RedirectNotFollowed, failure_reason
from crawler.run.incremental import ARTICLE_META, CAP_REACHED
from crawler.run.mirror import mirrors_from_settings
from crawler.sites import Listing, NotAnArticle, Site

logger = logging.getLogger(__name__)


class PortalSpider(scrapy.Spider):
    site: ClassVar[Site]
    section: ClassVar[str]
    # The spider arguments (-a NAME=VALUE) it takes; the run commands refuse others.
    arguments: ClassVar[tuple[str, ...]] = ("since", "until")

    def __init__(
        self, *args: Any, since: str | None = None, until: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Bad dates, or a portal without archives, fail here, before any request (the
        # crawl command checks them earlier still).
        self.backfill = parse_range(since, until)
        self.backfill_listings: list[Listing] = []
        if self.backfill:
            self.backfill_listings = self.site.date_archives(self.section, *self.backfill)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.mirrors = mirrors_from_settings(settings)
        spider.limits = Limits.from_settings(settings)
        spider.backfill_budget = settings.getint("BACKFILL_MAX_PAGES")
        spider.requested: set[str] = set()
        spider.fetched_by: dict[str, str] = {}
        spider.claimed: set[str] = set()
        spider.days_listed: set[date] = set()
        quietlog.install()
        return spider

    @property
    def stats(self):
        return self.crawler.stats

    # --- discovery ------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.backfill:
            self.stats.set_value("backfill/days", (self.backfill[1] - self.backfill[0]).days + 1)
        for listing in self.site.listings(self.section):
            yield self.listing_request(listing)
        for listing in self.backfill_listings:
            if not self.take_backfill_page():
                return
            yield self.listing_request(replace(listing, backfill=True))

    def listing_request(self, listing: Listing, walked: set[str] | None = None) -> scrapy.Request:
        """``walked``: the article links the pages of this walk listed so far."""
        kwargs: dict[str, Any] = {"listing": listing}
        if listing.walk:
            kwargs["walked"] = set() if walked is None else walked
        feed = listing.kind == "feed"
        return scrapy.Request(
            listing.url,
            callback=self.parse_feed if feed else self.parse_listing,
            errback=self.on_error,
            cb_kwargs=kwargs,
            meta={PAGE_ROLE_META: PageRole(FEED if feed else LISTING)},
            priority=10,  # listings first: they feed the queue
        )

    def parse_feed(self, response: Response, listing: Listing) -> Iterator[scrapy.Request]:
        self.stats.inc_value("listings/fetched")
        links = self.site.feed_links(response.body, self.section)
        self.stats.inc_value("discovery/links/feed", len(links))
        yield from self.article_requests(links, listing)

    def parse_listing(
        self, response: Response, listing: Listing, walked: set[str] | None = None
    ) -> Iterator[scrapy.Request]:
        self.stats.inc_value("listings/fetched")
        text = self.text_of(response, listing.url, self.unusable_listing)
        if text is None:
            return
        try:
            doc = parse_html(text, max_chars=self.limits.max_chars)
        except NotAnArticle as exc:
            self.unusable_listing(listing.url, exc.reason, str(exc))
            return
        links = list(self.site.listing_links(doc, listing.url))
        self.stats.inc_value(
            f"discovery/links/{'archive' if listing.walk else 'listing'}", len(links)
        )
        before = len(self.requested)
        dates: list[date] = []
        yield from self.article_requests(links, listing, dates)
        if (
            listing.walk
            and walked is not None
            and self.walk_on(dates, len(self.requested) > before)
            and self.lists_news(listing, links, walked)
        ):
            following = self.site.next_listing(doc, listing.url)
            if following and self.take_backfill_page():
                yield self.listing_request(replace(listing, url=following), walked)

    def in_backfill_range(self, day: date) -> bool:
        return not self.backfill or self.backfill[0] <= day <= self.backfill[1]

    def walk_on(self, dates: list[date], found_new: bool) -> bool:
        """Whether an archive's next page is worth reading. Listings run newest first:
        with dated links, walk until a page lists only articles older than the range;
        without, while pages still list articles this run has not met. Never once the
        run's budget of new articles is spent."""
        if self.stats.get_value(CAP_REACHED):
            return False
        if dates and self.backfill:
            return max(dates) >= self.backfill[0]
        return found_new

    def lists_news(self, listing: Listing, links: list[str], walked: set[str]) -> bool:
        """Whether this page of a walk lists an article its earlier pages did not. An
        archive that repeats a page (page 2 = page 1, or every page past the last one)
        would otherwise be walked on its dates alone, to ``BACKFILL_MAX_PAGES``."""
        listed = {
            canonical
            for link in links
            if (canonical := self.site.article_url(urljoin(listing.url, link))) is not None
        }
        if listed <= walked:
            if listed:
                self.stats.inc_value("backfill/repeated_pages")
                logger.info("Backfill walk ends at %s: it lists only articles seen", listing.url)
            return False
        walked |= listed
        return True

    def take_backfill_page(self) -> bool:
        if self.backfill_budget <= 0:
            if not self.stats.get_value("backfill/cap_reached"):
                logger.warning("Backfill stopped at BACKFILL_MAX_PAGES pages")
            self.stats.set_value("backfill/cap_reached", 1)
            return False
        self.backfill_budget -= 1
        self.stats.inc_value("backfill/pages")
        return True

    # --- articles to fetch ------------------------------------------------------------

    def article_requests(
        self, links: Iterable[str], listing: Listing, dates: list[date] | None = None
    ) -> Iterator[scrapy.Request]:
        """Requests for the links that are articles of the section; the dates the links'
        URLs carry are appended to ``dates``. From an archive, only articles whose URL
        date is inside the backfill range are fetched."""
        for link in links:
            self.stats.inc_value("discovery/links/total")
            canonical = self.site.article_url(urljoin(listing.url, link))
            if canonical is None:
                continue
            section = self.site.section_of(canonical)
            if section is not None and section != self.section:
                continue
            day = self.site.article_date(canonical)
            if day is not None and dates is not None:
                dates.append(day)
            if listing.backfill and day is not None:
                if not self.in_backfill_range(day):
                    continue
                self.days_listed.add(day)
                self.stats.set_value("backfill/days_listed", len(self.days_listed))
            # Neither the URL nor the listing says the article is ours: the page will.
            check_section = section is None and not listing.in_section
            self.stats.inc_value("discovery/article_links")
            if canonical in self.requested:
                continue
            self.requested.add(canonical)
            self.fetched_by[canonical] = canonical
            self.stats.inc_value("articles/found")
            assembly = Assembly(
                self.site,
                canonical,
                section=self.section,
                check_section=check_section,
                limits=self.limits,
            )
            yield scrapy.Request(
                canonical,
                callback=self.parse_article,
                errback=self.on_error,
                cb_kwargs={"assembly": assembly},
                meta={
                    ARTICLE_META: canonical,  # lets DeltaMiddleware skip known articles
                    PAGE_ROLE_META: PageRole.article_page(
                        canonical, 1, check_section=check_section
                    ),
                },
                dont_filter=True,  # deduplicated above, by article (module docstring)
            )

    def follow_redirect(self, article: str, target: str) -> bool:
        """Whether the request for ``article`` follows its redirect to ``target`` (a site
        URL): not when another request of this run fetches the article ``target`` is,
        so each article is downloaded once (module docstring). The first request to
        reach an article owns it; the others' links become its aliases."""
        landed = self.site.article_url(target)
        if landed is None or landed == article:
            return True  # not an article (parse_article judges the landing), or its own
        owner = self.fetched_by.setdefault(landed, article)
        if owner == article:
            self.requested.add(landed)  # a direct link found later is not asked again
            return True
        self.crawler.signals.send_catch_log(signal=article_redirected, alias=article, url=landed)
        self.stats.inc_value("articles/duplicate")
        logger.debug("Not following %s to %s: fetched through %s", article, landed, owner)
        return False

    # --- articles -------------------------------------------------------------------

    def parse_article(self, response: Response, assembly: Assembly) -> Iterator[Any]:
        """One page of an article: handed to its assembly, which says what to fetch
        next (:class:`crawler.assembly.assemble.Assembly`)."""
        page_url = self.mirrors.site_url_of(response.url, response.meta)
        first = not assembly.pages
        try:
            step = assembly.arrive(page_url, self.fetched_at(response))
        except NotAnArticle as exc:  # the first page landed on no article of the section
            self.stats.inc_value("articles/downloaded")
            self.drop(assembly.requested, exc.reason, page_url)
            return
        if first and not self.claim(assembly):
            return
        if step is None:
            text = self.text_of(response, assembly.canonical, self.drop)
            if text is None:
                return
            try:
                step = assembly.read(text)
            except NotAnArticle as exc:
                self.count(assembly.canonical, assembly.latest)
                self.drop(assembly.canonical, exc.reason, str(exc))
                return
            except Exception as exc:  # a parser bug must cost one article, not the run
                logger.exception("Extraction failed for %s", assembly.canonical)
                self.drop(assembly.canonical, "extract_error", repr(exc), log=False)
                return
        self.count(assembly.canonical, step)
        if step.next is None:
            yield from self.finish(assembly)
            return
        yield scrapy.Request(
            step.next,
            callback=self.parse_article,
            errback=self.on_error,
            cb_kwargs={"assembly": assembly},
            meta={PAGE_ROLE_META: PageRole.article_page(assembly.canonical, assembly.next_number)},
            priority=5,  # finish a started article before starting new ones
            # Continuations are unique by construction (pages only move forward); the
            # duplicate filter dropping one would silently lose the whole article.
            dont_filter=True,
        )

    def claim(self, assembly: Assembly) -> bool:
        """Whether this first page is the one the run extracts its article from: not
        when another link's request already brought the article (module docstring)."""
        landed = assembly.canonical
        if landed != assembly.requested:
            # A redirect to another article: the record is the article it landed on.
            self.crawler.signals.send_catch_log(
                signal=article_redirected, alias=assembly.requested, url=landed
            )
        if landed in self.claimed:
            # Reached by a second link (its own, or a redirect to it): extracted once.
            self.stats.inc_value("articles/duplicate")
            return False
        self.claimed.add(landed)
        self.requested.add(landed)
        self.stats.inc_value("articles/downloaded")
        return True

    def count(self, canonical: str, step: Step | None) -> None:
        """What a page said or did that the run counts."""
        if step is None:
            return
        for key, value in step.counts().items():
            self.stats.inc_value(key, value)
        if step.ignored is not None:
            # A "later page" that is not one of this article's: never fetched or merged.
            logger.warning(
                "Later page ignored for %s: %s (%s)",
                canonical,
                step.ignored.url,
                step.ignored.reason,
            )

    def finish(self, assembly: Assembly) -> Iterator[Any]:
        """The record of an article's pages, or its drop with the reason."""
        try:
            item = assembly.record()
        except NotAnArticle as exc:
            self.drop(assembly.canonical, exc.reason, str(exc))
            return
        if assembly.generic:
            # A redesign degrades records instead of emptying them; the report shows it.
            self.stats.inc_value("extract/generic_fallback")
            logger.warning("Markup not recognised, generic extraction used: %s", item.url)
        self.stats.inc_value("articles/extracted")
        if undecodable(item):
            self.stats.inc_value("articles/replacement_chars")
            logger.warning("Undecodable bytes in %s: its record holds U+FFFD", item.url)
        yield item

    def fetched_at(self, response: Response) -> datetime | None:
        """When the response arrived, as the archive stamped it (so a record's
        crawled_at is its last page's archived time, and re-extraction reproduces it);
        None (now) when archiving is off."""
        fetched = response.meta.get(FETCHED_AT_META)
        return datetime.fromisoformat(fetched.replace("Z", "+00:00")) if fetched else None

    def text_of(
        self, response: Response, url: str, problem: Callable[[str, str, str], None]
    ) -> str | None:
        """The page's text, decoded once; None after ``problem`` was told why it is not
        a usable HTML page."""
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        try:
            decoded = page_text(
                self.site,
                response.body,
                content_type,
                textual=isinstance(response, TextResponse),
            )
        except NotAnArticle as exc:
            problem(url, exc.reason, str(exc))
            return None
        if decoded.corrected:
            logger.info("%s declares %s, decoded as %s", url, decoded.declared, decoded.encoding)
        for key, value in decoding_counts(decoded).items():
            self.stats.inc_value(key, value)
        return decoded.text

    # --- failures -------------------------------------------------------------------

    def drop(self, url: str, reason: str, detail: str = "", *, log: bool = True) -> None:
        self.stats.inc_value(f"articles/dropped/{reason}")
        self.crawler.signals.send_catch_log(signal=article_failed, url=url, reason=reason)
        if log:
            logger.warning("No record for %s: %s%s", url, reason, f" ({detail})" if detail else "")

    def unusable_listing(self, url: str, reason: str, detail: str = "") -> None:
        self.stats.inc_value(f"listings/unusable/{reason}")
        logger.warning("Listing unusable, %s: %s (%s)", reason, url, detail)

    def on_error(self, failure: Failure) -> None:
        if failure.check(RedirectNotFollowed):
            return  # counted by follow_redirect: the article comes through another request
        request = failure.request
        url = self.mirrors.site_url_of(request.url, request.meta)
        reason = failure_reason(failure)
        self.stats.inc_value(f"fetch/error/{reason}")
        if reason == "robots_txt":  # not asked, by the site's wish: no failure
            logger.info("Not fetched, forbidden by robots.txt: %s", url)
            return
        role = request.meta.get(PAGE_ROLE_META)
        first = isinstance(role, PageRole) and role.article is not None and role.page == 1
        later = isinstance(role, PageRole) and role.article is not None and role.page != 1
        if first:
            self.stats.inc_value(f"articles/fetch_failed/{reason}")
            self.crawler.signals.send_catch_log(
                signal=article_failed, url=role.article, reason=reason
            )
        if first and url != role.article:
            # Redirected: the address that failed is not the one the article was asked as.
            logger.warning("Could not fetch %s (redirected to %s): %s", role.article, url, reason)
        else:
            logger.warning("Could not fetch %s: %s", url, reason)
        if later:
            # A later page of a multi-page article failed: half an article is no record.
            self.stats.inc_value("articles/dropped/page_failed")

    def closed(self, reason: str) -> None:
        errors = {
            k.removeprefix("fetch/error/"): v
            for k, v in self.stats.get_stats().items()
            if k.startswith("fetch/error/")
        }
        if not self.stats.get_value("listings/fetched") and errors:
            causes = ", ".join(f"{k} x{v}" for k, v in sorted(errors.items()))
            origin = self.mirrors.origin_of(
                urlsplit(self.site.listings(self.section)[0].url).hostname or ""
            )
            answered = self.stats.get_value("downloader/response_count", 0)
            what = "answered no listing request" if answered else "could not be reached"
            logger.error("%s %s at %s (%s)", self.site.name, what, origin, causes)
