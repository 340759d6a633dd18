"""Records from archived runs with today's code: the spider's own article callback, fed
from the archive instead of the network, then the crawl's item pipelines.

Settings: ``REEXTRACT_PROCESSES``, ``REEXTRACT_SKIP_PIPELINES``, ``ITEM_PIPELINES``,
``REDIRECT_MAX_TIMES`` (and whatever the spider and the pipelines read).
Stats (per run, printed by ``scrapy reextract``): the spider's and the pipelines' own keys
(``articles/extracted``, ``articles/dropped/<reason>``, ``extract/generic_fallback``,
``language/<code>``, ``item_dropped_reasons_count/<Class>``, ``fetch/error/http_<status>``),
plus ``articles/dropped/page_not_archived`` (today's code wants a page the crawl did not
fetch) and ``reextract/error/<Exception>``.

How an article is put back together: the archive marks each article's first page with
the URL it was requested as and the callback's arguments (:mod:`crawler.archive.capture`).
A worker rebuilds the response the spider read (stored body and headers, so the same
class, encoding and text) and calls that callback of the spider named in the archive's
``warcinfo``; when the callback asks for a later page, the worker answers with the
archived response of that URL (through archived redirects), exactly as the downloader
would have. So grouping, page order, landing checks, the generic fallback and
``crawled_at`` (the last page's WARC-Date) all come from the same code as in the crawl,
and a changed site module changes the result as it would change a crawl.

Both cores, two rounds (extraction is CPU-bound Python). Round one splits each archive
into byte spans, two per process: a worker reads its span once, indexes every response
and re-extracts on the spot each article that needs nothing from elsewhere (its first page
answered 2xx at the URL it was requested as, and the spider asks for no further page), so
most articles cost one decompression and no second read. Round two takes the rest
(later pages, redirects, errors, retries) with the whole archive's index, reading pages
by offset. The main process merges the rounds and writes each archive's records in
archive order.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import math
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.util import Finalize
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from scrapy import Request, Spider
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.settings import BaseSettings, Settings
from scrapy.signalmanager import SignalManager
from scrapy.spiderloader import get_spider_loader
from scrapy.statscollectors import StatsCollector
from scrapy.utils.misc import build_from_crawler, load_object

from crawler.archive import FETCHED_AT_META, WARC_SUBDIR, crawled_at_of
from crawler.archive.reader import (
    ArchiveError,
    ArchiveIndex,
    Entry,
    RecordReader,
    Stored,
    cb_kwargs_of,
    follow,
    scan,
    stored_of,
    warc_datetime,
)
from crawler.record.item import as_record
from crawler.run.incremental import ARTICLE_META

logger = logging.getLogger(__name__)

MAX_CHUNK = 256  # round-two articles per task: small enough to keep both cores busy
MIN_SPAN = 4 << 20  # bytes: smaller archives are read by one process in round one


# --- what runs in a worker ----------------------------------------------------------------


class Host:
    """What a spider or a pipeline built ``from_crawler`` sees outside a crawl: settings,
    stats, signals; no engine, no extensions (so no state store)."""

    def __init__(self, settings: BaseSettings) -> None:
        self.settings = settings
        self.signals = SignalManager(self)
        self.stats = StatsCollector(self)  # type: ignore[arg-type]
        self.spider: Spider | None = None

    def get_extension(self, cls: type) -> None:
        return None


def build_pipelines(settings: BaseSettings, host: Host) -> list[Any]:
    """The crawl's ``ITEM_PIPELINES`` in order, minus ``REEXTRACT_SKIP_PIPELINES``."""
    from scrapy.utils.conf import build_component_list

    skip = {load_object(path) for path in settings.getlist("REEXTRACT_SKIP_PIPELINES")}
    pipelines = []
    for path in build_component_list(settings.getwithbase("ITEM_PIPELINES")):
        cls = load_object(path)
        if cls in skip:
            continue
        try:
            pipelines.append(build_from_crawler(cls, host))  # type: ignore[arg-type]
        except NotConfigured:
            continue
    return pipelines


@dataclass
class Span:
    """Round one: the records whose gzip member starts in ``[start, end)``."""

    path: Path
    spider: str
    start: int
    end: int | None


@dataclass
class Chunk:
    """Round two: articles of one archive, with the whole archive's index."""

    path: Path
    spider: str
    urls: dict[str, Entry]  # every response of the archive, by URL (the last one)
    requested: frozenset[str]  # every article the run requested (duplicate redirects)
    articles: list[Entry]


@dataclass
class Outcome:
    entry: Entry  # the article's first page
    record: dict[str, Any] | None


@dataclass
class Result:
    outcomes: list[Outcome]
    stats: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    index: ArchiveIndex | None = None  # round one: the span's part of the index
    deferred: list[Entry] = field(default_factory=list)  # round one: left for round two


class _Deferred(Exception):
    """Round one cannot finish this article alone (it needs another page)."""


class Worker:
    """One process's spiders and pipelines, built once and reused for every task."""

    def __init__(self, settings: BaseSettings) -> None:
        self.settings = settings
        self.host = Host(settings)
        self.pipelines = build_pipelines(settings, self.host)
        self.max_hops = settings.getint("REDIRECT_MAX_TIMES")
        self.loop = asyncio.new_event_loop()
        self._spiders: dict[str, Spider] = {}

    def close(self) -> None:
        for pipeline in self.pipelines:
            if hasattr(pipeline, "close_spider"):
                result = pipeline.close_spider()
                if inspect.isawaitable(result):
                    self.loop.run_until_complete(result)
        self.loop.close()

    def spider(self, name: str) -> Spider:
        if name not in self._spiders:
            cls = get_spider_loader(self.settings).load(name)
            spider = cls.from_crawler(self.host)  # type: ignore[arg-type]
            self.host.spider = spider
            self._spiders[name] = spider
        return self._spiders[name]

    # --- round one ------------------------------------------------------------------

    def run_span(self, span: Span) -> Result:
        stats = self.host.stats
        before = dict(stats.get_stats())
        spider = self.spider(span.spider)
        spider.requested = set()  # type: ignore[attr-defined]  # redirects wait for round two
        index = ArchiveIndex(span.path)
        result = Result([], {}, index=index)
        for scanned in scan(index, span.start, span.end):
            entry = scanned.entry
            if entry is None or entry.article is None:
                continue
            if not (200 <= entry.status < 300 and entry.url == entry.article):
                result.deferred.append(entry)
                continue
            saved = dict(stats.get_stats())
            try:
                record = self.guarded(spider, entry, stored_of(scanned), _not_here, result)
            except _Deferred:
                stats.set_stats(saved)  # round two counts it, once
                result.deferred.append(entry)
                continue
            result.outcomes.append(Outcome(entry, record))
        result.stats = _delta(before, stats.get_stats())
        return result

    # --- round two ------------------------------------------------------------------

    def run_chunk(self, chunk: Chunk) -> Result:
        stats = self.host.stats
        before = dict(stats.get_stats())
        spider = self.spider(chunk.spider)
        spider.requested = set(chunk.requested)  # type: ignore[attr-defined]
        result = Result([], {})
        with RecordReader(chunk.path) as reader:

            def page(url: str) -> Stored | Entry | None:
                entry = follow(chunk.urls, url, self.max_hops)
                if entry is None or not 200 <= entry.status < 300:
                    return entry
                return reader.read(entry)

            for entry in chunk.articles:
                if self.not_followed(chunk.urls, entry):
                    stats.inc_value("articles/duplicate")  # as the crawl counted it
                    result.outcomes.append(Outcome(entry, None))
                    continue
                if not 200 <= entry.status < 300:
                    # What the crawl's errback counted (HttpError: the spider never saw it).
                    stats.inc_value(f"fetch/error/http_{entry.status}")
                    result.outcomes.append(Outcome(entry, None))
                    continue
                try:
                    first = reader.read(entry)
                except ArchiveError as exc:
                    stats.inc_value("reextract/error/ArchiveError")
                    result.errors.append(str(exc))
                    result.outcomes.append(Outcome(entry, None))
                    continue
                record = self.guarded(spider, entry, first, page, result)
                result.outcomes.append(Outcome(entry, record))
        result.stats = _delta(before, stats.get_stats())
        return result

    def not_followed(self, urls: dict[str, Entry], entry: Entry) -> bool:
        """``entry`` is a redirect the crawl did not follow: it led to a page the run
        fetched as another article request's first page (each article downloaded once)."""
        if not (300 <= entry.status < 400 and entry.location):
            return False
        landing = follow(urls, urljoin(entry.url, entry.location), self.max_hops)
        return (
            landing is not None
            and 200 <= landing.status < 300
            and landing.article not in (None, entry.article)
        )

    # --- one article ----------------------------------------------------------------

    def guarded(self, spider, entry, first, page, result) -> dict[str, Any] | None:
        """:meth:`article`, where a failure costs that one article, as in the crawl."""
        try:
            return self.article(spider, entry, first, page)
        except _Deferred:
            raise
        except ArchiveError as exc:
            self.host.stats.inc_value("reextract/error/ArchiveError")
            result.errors.append(str(exc))
        except Exception as exc:
            logger.exception("Re-extraction failed for %s", entry.article)
            self.host.stats.inc_value(f"reextract/error/{type(exc).__name__}")
        return None

    def article(
        self,
        spider: Spider,
        entry: Entry,
        first: Stored,
        page: Callable[[str], Stored | Entry | None],
    ) -> dict[str, Any] | None:
        """The spider's callback over the first page, then over each page it asks for
        (``page(url)``: the archived answer, an :class:`Entry` when it was an error, None
        when the crawl never fetched it); the item through the pipelines."""
        stats = self.host.stats
        # Each archived article is judged on its own (a round-one attempt that waited for a
        # later page leaves nothing behind); a link that redirected to an article the run
        # requested itself is the duplicate the crawl dropped.
        spider.claimed = set(spider.requested) - {entry.article}  # type: ignore[attr-defined]
        callback = getattr(spider, entry.callback or "parse")
        kwargs = cb_kwargs_of(entry)
        request = Request(entry.url, meta={ARTICLE_META: entry.article}, cb_kwargs=kwargs)
        results: Iterable[Any] = callback(self.response(first, request), **kwargs)
        while True:
            following: Request | None = None
            for result in results or ():
                if isinstance(result, Request):
                    following = result
                elif result is not None:
                    return self.process(result)
            if following is None:
                return None  # the spider dropped it, and counted why
            answer = page(following.url)
            if answer is None:
                stats.inc_value("articles/dropped/page_not_archived")
                logger.warning(
                    "No record for %s: page_not_archived (%s)", entry.article, following.url
                )
                return None
            if isinstance(answer, Entry):
                stats.inc_value(f"fetch/error/http_{answer.status}")
                stats.inc_value("articles/dropped/page_failed")
                return None
            results = following.callback(  # type: ignore[misc]
                self.response(answer, following), **following.cb_kwargs
            )

    def response(self, stored: Stored, request: Request) -> Response:
        """The response object the spider read, rebuilt from the archive."""
        headers = Headers()
        for name, value in stored.headers:
            headers.appendlist(name, value)
        cls = responsetypes.from_args(headers=headers, url=stored.url, body=stored.body)
        request.meta[FETCHED_AT_META] = crawled_at_of(warc_datetime(stored.date))
        return cls(
            url=stored.url,
            status=stored.status,
            headers=headers,
            body=stored.body,
            request=request,
            protocol=stored.protocol,
        )

    def process(self, item: Any) -> dict[str, Any] | None:
        """The crawl's pipelines over one item; None when one drops it (counted as the
        crawl counts it)."""
        for pipeline in self.pipelines:
            try:
                item = pipeline.process_item(item)
                if inspect.isawaitable(item):
                    item = self.loop.run_until_complete(item)
            except DropItem as exc:
                self.host.stats.inc_value(f"item_dropped_reasons_count/{type(exc).__name__}")
                logger.warning("Dropped: %s", exc)
                return None
        return as_record(item)


def _not_here(url: str) -> None:
    raise _Deferred(url)


def _delta(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in after.items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            diff = value - before.get(key, 0)
            if diff:
                out[key] = diff
    return out


_WORKER: Worker | None = None  # the pool process's one Worker (set by _init_worker)


def _init_worker(values: dict[str, Any]) -> None:
    global _WORKER
    _WORKER = Worker(Settings(values))
    Finalize(_WORKER, _WORKER.close, exitpriority=10)


def _run_span(span: Span) -> Result:
    assert _WORKER is not None
    return _WORKER.run_span(span)


def _run_chunk(chunk: Chunk) -> Result:
    assert _WORKER is not None
    return _WORKER.run_chunk(chunk)


# --- the main process -----------------------------------------------------------------------


def warcinfo_spider(path: Path) -> tuple[str | None, str | None]:
    """(the spider named by the archive's warcinfo record, or why there is none)."""
    index = ArchiveIndex(path)
    for _ in scan(index):
        break  # the warcinfo record comes first
    spider = index.info.get("spider")
    if spider:
        return spider, None
    if path.parent.name == WARC_SUBDIR:  # damaged warcinfo: the layout names the spider
        return path.parent.parent.name, None
    return None, index.error or f"{path}: no warcinfo record naming the spider"


def spans(path: Path, spider: str, processes: int) -> list[Span]:
    """Byte spans of one archive, two per process when it is big enough: pages differ in
    cost, and a process that finishes early takes the next span."""
    size = path.stat().st_size
    count = max(1, min(2 * processes, size // MIN_SPAN))
    cuts = [size * n // count for n in range(count)] + [None]
    return [Span(path, spider, cuts[n], cuts[n + 1]) for n in range(count)]  # type: ignore[arg-type]


def preload() -> None:
    """Load once, in the parent, what each worker would load for its first article
    (langdetect's profiles, ~0.6 s of CPU; the record schema): forked workers share it."""
    from crawler.record.validity import record_problem
    from crawler.text.language import Detector

    Detector()
    record_problem({})


def process_count(settings: BaseSettings) -> int:
    configured = settings.getint("REEXTRACT_PROCESSES")
    return configured if configured > 0 else (os.cpu_count() or 1)


@dataclass
class Archive:
    """One input as it goes through the rounds."""

    path: Path
    spider: str | None
    problem: str | None
    index: ArchiveIndex
    outcomes: list[Outcome] = field(default_factory=list)
    chunks: int = 0


class Reextraction:
    """Plans and runs both rounds; yields each archive's index, the problem that stopped
    it (or None) and its outcomes in archive order. :attr:`stats` sums every worker's
    counters; :attr:`errors` lists records that could not be read."""

    def __init__(self, settings: BaseSettings, processes: int) -> None:
        self.settings = settings
        self.processes = max(1, processes)
        self.stats: Counter[str] = Counter()
        self.errors: list[str] = []

    def run(self, paths: list[Path]) -> Iterator[tuple[ArchiveIndex, str | None, list[Outcome]]]:
        if self.processes == 1:
            worker = Worker(self.settings)
            try:
                yield from self._run(paths, map, worker.run_span, worker.run_chunk)
            finally:
                worker.close()
            return
        # fork where there is one: workers start in milliseconds, sharing what is loaded.
        preload()
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with context.Pool(
            self.processes, initializer=_init_worker, initargs=(self.settings.copy_to_dict(),)
        ) as pool:
            try:
                yield from self._run(paths, pool.imap, _run_span, _run_chunk)
            finally:
                pool.close()
                pool.join()

    def _run(self, paths, mapper, run_span, run_chunk):
        archives: list[Archive] = []
        for path in paths:
            spider, problem = warcinfo_spider(path)
            archives.append(Archive(path, spider, problem, ArchiveIndex(path)))
        todo = [
            (archive, span)
            for archive in archives
            if archive.spider
            for span in spans(archive.path, archive.spider, self.processes)
        ]
        deferred: dict[Path, list[Entry]] = {}
        for (archive, _), result in zip(todo, mapper(run_span, [s for _, s in todo]), strict=True):
            self._absorb(result)
            part = result.index
            archive.index.entries += part.entries
            archive.index.records += part.records
            archive.index.info = archive.index.info or part.info
            if part.error:
                archive.index.error = "; ".join(filter(None, [archive.index.error, part.error]))
            archive.outcomes += result.outcomes
            deferred.setdefault(archive.path, []).extend(result.deferred)
        chunks: list[Chunk] = []
        for archive in archives:
            if archive.spider:
                archive.chunks = self._plan(archive, deferred.get(archive.path, []), chunks)
        results = iter(mapper(run_chunk, chunks))
        for archive in archives:
            for _ in range(archive.chunks):
                result = next(results)
                self._absorb(result)
                archive.outcomes += result.outcomes
            archive.outcomes.sort(key=lambda outcome: outcome.entry.offset)
            yield archive.index, archive.problem, archive.outcomes

    def _plan(self, archive: Archive, deferred: list[Entry], chunks: list[Chunk]) -> int:
        """Round two's chunks for ``archive``: the deferred articles, and any round-one
        article whose page turned out not to be its last answer (a retry in a later span:
        its round-one counters stay, the record is replaced)."""
        assert archive.spider is not None
        last = {entry.article: entry for entry in archive.index.articles()}
        kept = [o for o in archive.outcomes if last.get(o.entry.article) == o.entry]
        done = {o.entry.article for o in kept}
        archive.outcomes = kept
        todo = sorted(
            {e.article: e for e in last.values() if e.article not in done}.values(),
            key=lambda e: e.offset,
        )
        if not todo:
            return 0
        urls = archive.index.by_url()
        requested = frozenset(last)
        size = max(1, min(MAX_CHUNK, math.ceil(len(todo) / (self.processes * 4))))
        for start in range(0, len(todo), size):
            chunks.append(
                Chunk(archive.path, archive.spider, urls, requested, todo[start : start + size])
            )
        return math.ceil(len(todo) / size)

    def _absorb(self, result: Result) -> None:
        self.stats.update(result.stats)
        self.errors += result.errors
