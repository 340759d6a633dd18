"""Records from archived runs with today's code: each archived article's pages handed to
a new :class:`crawler.assembly.assemble.Assembly`, as the crawl hands them, then what the
crawl's item pipelines do to a record (language, translation, validation), no crawler.

Settings: ``REEXTRACT_PROCESSES``, ``REDIRECT_MAX_TIMES``, ``SPIDER_MODULES`` (the spider an
archive names gives today's site module and section), the assembly's
(``ARTICLE_MAX_PAGES``, ``EXTRACT_MAX_*``), the record's (``LANGUAGE_SAMPLE_CHARS``;
``TRANSLATE_TO`` and the ``TRANSLATOR_*`` settings, ``OUTPUT_DIR`` for their cache).
Stats (per run, printed by ``scrapy reextract``): what the crawl counts of an article,
under the crawl's keys (``articles/downloaded``, ``articles/duplicate``,
``articles/extracted``, ``articles/dropped/<reason>``, ``articles/pager_ignored/<reason>``,
``articles/page_limit_reached``, ``articles/replacement_chars``,
``extract/generic_fallback``, ``extract/via/<reading>``, ``extract/implausible_date``,
``decode/*``, ``fetch/error/http_<status>``, ``language/<code>``, ``translate/*``,
``item_dropped_reasons_count/<InvalidRecord|BadUrl>``), plus
``articles/dropped/page_not_archived`` (today's code wants a page the crawl did not
fetch) and ``reextract/error/<Exception>``.

How an article is put back together: the archive names each response's role
(:class:`crawler.archive.PageRole`, either form): each article's first page, the article
it was requested as and whether its page had to name the section. A worker hands that
page to a new assembly (the stored body decoded as the crawl decodes it, the WARC-Date as
its arrival), and answers each page the assembly asks for next with the archived
response of that URL (through archived redirects), exactly as the downloader would have.
So grouping, page order, landing checks, the generic fallback and ``crawled_at`` (the
last page's WARC-Date) come from the same code as in the crawl, and a changed site
module changes the result as it would change a crawl. An archived redirect the crawl did
not follow (to an article another request fetched) and a first page answered with an
error give no record, counted as the crawl counted them.

Both cores, two rounds (extraction is CPU-bound Python). Round one splits each archive
into byte spans, two per process: a worker reads its span once, indexes every response
and re-extracts on the spot each article that needs nothing from elsewhere (its first page
answered 2xx at the URL it was requested as, and the assembly asks for no further page), so
most articles cost one decompression and no second read. Round two takes the rest
(later pages, redirects, errors, retries) with the whole archive's index, reading pages
by offset. The main process merges the rounds and writes each archive's records in
archive order.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.util import Finalize
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from scrapy.http import Headers, TextResponse
from scrapy.responsetypes import responsetypes
from scrapy.settings import BaseSettings, Settings
from scrapy.spiderloader import get_spider_loader

from crawler.archive import WARC_SUBDIR
from crawler.archive.reader import (
    ArchiveError,
    ArchiveIndex,
    Entry,
    RecordReader,
    Stored,
    follow,
    scan,
    stored_of,
    warc_datetime,
)
from crawler.assembly.assemble import (
    Assembly,
    Limits,
    Step,
    decoding_counts,
    page_text,
    undecodable,
)
from crawler.record.item import ArticleItem, as_record
from crawler.record.validity import record_problem
from crawler.sites import NotAnArticle, Site
from crawler.text.language import LanguageTagger
from crawler.translation.configure import build_service_from_settings, target_language

logger = logging.getLogger(__name__)

MAX_CHUNK = 256  # round-two articles per task: small enough to keep both cores busy
MIN_SPAN = 4 << 20  # bytes: smaller archives are read by one process in round one
# How the crawl's ValidatePipeline names its drops (item_dropped_reasons_count/<Class>).
# Counted under the validate pipeline's drop classes, as a crawl counts them.
_DROPPED_AS = {"schema": "InvalidRecord", "url": "BadUrl"}


# --- what runs in a worker ----------------------------------------------------------------


@dataclass(frozen=True)
class Portal:
    """What an archive's spider crawls, as today's code has it."""

    site: Site
    section: str


class Finishing:
    """What the crawl's item pipelines do to a record that re-extraction keeps: its
    language, its translation (with ``TRANSLATE_TO``), the check that it is valid, by the
    plain objects those pipelines adapt. Not revision, state, JSONL or archive: those
    publish a run, they do not make its records."""

    def __init__(self, settings: BaseSettings) -> None:
        self.language = LanguageTagger(settings.getint("LANGUAGE_SAMPLE_CHARS"))
        translating = bool(target_language(settings))
        self.service = build_service_from_settings(settings) if translating else None

    def __call__(self, item: ArticleItem, stats: Counter[str]) -> dict[str, Any] | None:
        record = as_record(item)
        found = self.language(record)
        stats[f"language/{found.language or 'unknown'}"] += 1
        if self.service is not None:
            result = self.service.translate_record(record)
            stats.update(result.stats)
            result.apply(record)
        problem = record_problem(record)
        if problem is not None:
            stats[f"item_dropped_reasons_count/{_DROPPED_AS[problem.kind]}"] += 1
            logger.warning("Dropped: %s: %s", record["url"], problem)
            return None
        return record

    def close(self) -> None:
        if self.service is not None:
            self.service.close()


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
    stats: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    index: ArchiveIndex | None = None  # round one: the span's part of the index
    deferred: list[Entry] = field(default_factory=list)  # round one: left for round two


class _Deferred(Exception):
    """Round one cannot finish this article alone (it needs another page)."""


# The archived answer to a page an assembly asks for: the response, an Entry when it was
# an error, None when the crawl never fetched it.
Answer = Stored | Entry | None


class Reassembler:
    """One process's re-extraction, built once and reused for every task."""

    def __init__(self, settings: BaseSettings) -> None:
        self.settings = settings
        self.limits = Limits.from_settings(settings)
        self.finishing = Finishing(settings)
        self.max_hops = settings.getint("REDIRECT_MAX_TIMES")
        self._portals: dict[str, Portal] = {}

    def close(self) -> None:
        self.finishing.close()

    def portal(self, spider: str) -> Portal:
        if spider not in self._portals:
            cls = get_spider_loader(self.settings).load(spider)
            self._portals[spider] = Portal(cls.site, cls.section)
        return self._portals[spider]

    # --- round one ------------------------------------------------------------------

    def run_span(self, span: Span) -> Result:
        portal = self.portal(span.spider)
        index = ArchiveIndex(span.path)
        result = Result([], index=index)
        for scanned in scan(index, span.start, span.end):
            entry = scanned.entry
            if entry is None or not entry.first_page:
                continue
            if not (200 <= entry.status < 300 and entry.url == entry.article):
                result.deferred.append(entry)
                continue
            counts: Counter[str] = Counter()
            try:
                record = self.guarded(
                    portal, entry, stored_of(scanned), _not_here, None, counts, result
                )
            except _Deferred:
                result.deferred.append(entry)  # round two counts it, once
                continue
            result.stats.update(counts)
            result.outcomes.append(Outcome(entry, record))
        return result

    # --- round two ------------------------------------------------------------------

    def run_chunk(self, chunk: Chunk) -> Result:
        portal = self.portal(chunk.spider)
        result = Result([])
        stats = result.stats
        with RecordReader(chunk.path) as reader:

            def page(url: str) -> Answer:
                entry = follow(chunk.urls, url, self.max_hops)
                if entry is None or not 200 <= entry.status < 300:
                    return entry
                return reader.read(entry)

            for entry in chunk.articles:
                if self.not_followed(chunk.urls, entry):
                    stats["articles/duplicate"] += 1  # as the crawl counted it
                    result.outcomes.append(Outcome(entry, None))
                    continue
                if not 200 <= entry.status < 300:
                    # What the crawl's errback counted (HttpError: the spider never saw it).
                    stats[f"fetch/error/http_{entry.status}"] += 1
                    result.outcomes.append(Outcome(entry, None))
                    continue
                try:
                    first = reader.read(entry)
                except ArchiveError as exc:
                    stats["reextract/error/ArchiveError"] += 1
                    result.errors.append(str(exc))
                    result.outcomes.append(Outcome(entry, None))
                    continue
                record = self.guarded(portal, entry, first, page, chunk.requested, stats, result)
                result.outcomes.append(Outcome(entry, record))
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
            and landing.first_page
            and landing.article != entry.article
        )

    # --- one article ----------------------------------------------------------------

    def guarded(
        self,
        portal: Portal,
        entry: Entry,
        first: Stored,
        page: Callable[[str], Answer],
        requested: frozenset[str] | None,
        stats: Counter[str],
        result: Result,
    ) -> dict[str, Any] | None:
        """:meth:`article`, where a failure costs that one article, as in the crawl."""
        try:
            return self.article(portal, entry, first, page, requested, stats)
        except _Deferred:
            raise
        except ArchiveError as exc:
            stats["reextract/error/ArchiveError"] += 1
            result.errors.append(str(exc))
        except Exception as exc:
            logger.exception("Re-extraction failed for %s", entry.article)
            stats[f"reextract/error/{type(exc).__name__}"] += 1
        return None

    def article(
        self,
        portal: Portal,
        entry: Entry,
        first: Stored,
        page: Callable[[str], Answer],
        requested: frozenset[str] | None,
        stats: Counter[str],
    ) -> dict[str, Any] | None:
        """The record of the article whose first page is ``first``: its pages handed to
        an assembly, each page it asks for answered by ``page(url)``; then finished.
        ``requested``: every article the run requested (None: not known yet, round one)."""
        assert entry.article is not None
        assembly = Assembly(
            portal.site,
            entry.article,
            section=portal.section,
            check_section=entry.check_section,
            limits=self.limits,
        )
        stored = first
        try:
            step = assembly.arrive(stored.url, warc_datetime(stored.date))
        except NotAnArticle as exc:
            stats["articles/downloaded"] += 1
            return _drop(stats, entry.article, exc.reason, stored.url)
        if assembly.canonical != entry.article:
            if requested is None:
                raise _Deferred(assembly.canonical)  # a duplicate? round two knows
            if assembly.canonical in requested:
                # A link that redirected to an article the run requested itself: the
                # crawl extracted that article from its own request.
                stats["articles/duplicate"] += 1
                return None
        stats["articles/downloaded"] += 1
        while True:
            if step is None:
                step = self.read(assembly, stored, stats)
                if step is None:
                    return None
            _count(stats, assembly.canonical, step)
            if step.next is None:
                break
            answer = page(step.next)
            if answer is None:
                return _drop(stats, assembly.canonical, "page_not_archived", step.next)
            if isinstance(answer, Entry):
                stats[f"fetch/error/http_{answer.status}"] += 1
                stats["articles/dropped/page_failed"] += 1
                return None
            stored = answer
            step = assembly.arrive(stored.url, warc_datetime(stored.date))
        try:
            item = assembly.record()
        except NotAnArticle as exc:
            return _drop(stats, assembly.canonical, exc.reason, str(exc))
        if assembly.generic:
            stats["extract/generic_fallback"] += 1
            logger.warning("Markup not recognised, generic extraction used: %s", item.url)
        stats["articles/extracted"] += 1
        if undecodable(item):
            stats["articles/replacement_chars"] += 1
        return self.finishing(item, stats)

    def read(self, assembly: Assembly, stored: Stored, stats: Counter[str]) -> Step | None:
        """The page that arrived, decoded and read as the crawl reads it; None when it
        gave no record (dropped, counted)."""
        headers = Headers()
        for name, value in stored.headers:
            headers.appendlist(name, value)
        content_type = headers.get(b"Content-Type", b"").decode("latin-1").lower()
        # As the crawl's response class says (a body without a Content-Type is sniffed).
        textual = issubclass(
            responsetypes.from_args(headers=headers, url=stored.url, body=stored.body),
            TextResponse,
        )
        try:
            decoded = page_text(assembly.site, stored.body, content_type, textual=textual)
        except NotAnArticle as exc:
            return _drop(stats, assembly.canonical, exc.reason, str(exc))
        stats.update(decoding_counts(decoded))
        try:
            return assembly.read(decoded.text)
        except NotAnArticle as exc:
            if assembly.latest is not None:
                stats.update(assembly.latest.counts())
            return _drop(stats, assembly.canonical, exc.reason, str(exc))
        except Exception as exc:  # a parser bug costs one article, as in the crawl
            logger.exception("Extraction failed for %s", assembly.canonical)
            return _drop(stats, assembly.canonical, "extract_error", repr(exc), log=False)


def _count(stats: Counter[str], canonical: str, step: Step) -> None:
    stats.update(step.counts())
    if step.ignored is not None:
        logger.warning(
            "Later page ignored for %s: %s (%s)", canonical, step.ignored.url, step.ignored.reason
        )


def _drop(
    stats: Counter[str], url: str, reason: str, detail: str = "", *, log: bool = True
) -> None:
    stats[f"articles/dropped/{reason}"] += 1
    if log:
        logger.warning("No record for %s: %s%s", url, reason, f" ({detail})" if detail else "")
    return None


def _not_here(url: str) -> Answer:
    raise _Deferred(url)


_WORKER: Reassembler | None = None  # the pool process's one (set by _init_worker)


def _init_worker(values: dict[str, Any]) -> None:
    global _WORKER
    _WORKER = Reassembler(Settings(values))
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
    counters; :attr:`errors` lists records that could not be read; :attr:`progress` says
    how far the job has come, for :func:`crawler.run.progress.reextract_snapshot`
    (``archives``, ``archives_done``, ``bytes``, ``bytes_read`` by round one, ``articles``
    and ``records`` done, ``deferred`` to round two, ``round_one``/``round_two``: the
    articles of each once round two is planned)."""

    def __init__(self, settings: BaseSettings, processes: int) -> None:
        self.settings = settings
        self.processes = max(1, processes)
        self.stats: Counter[str] = Counter()
        self.errors: list[str] = []
        self.progress: Counter[str] = Counter()

    def run(self, paths: list[Path]) -> Iterator[tuple[ArchiveIndex, str | None, list[Outcome]]]:
        if self.processes == 1:
            worker = Reassembler(self.settings)
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
        progress = self.progress
        progress["archives"] = len(archives)
        progress["bytes"] = sum(_span_size(span) for _, span in todo)
        deferred: dict[Path, list[Entry]] = {}
        for (archive, span), result in zip(
            todo, mapper(run_span, [s for _, s in todo]), strict=True
        ):
            progress["bytes_read"] += _span_size(span)
            progress["deferred"] += len(result.deferred)
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
        progress["round_one"] = progress["articles"]
        progress["round_two"] = sum(len(chunk.articles) for chunk in chunks)
        results = iter(mapper(run_chunk, chunks))
        for archive in archives:
            for _ in range(archive.chunks):
                result = next(results)
                self._absorb(result)
                archive.outcomes += result.outcomes
            archive.outcomes.sort(key=lambda outcome: outcome.entry.offset)
            progress["archives_done"] += 1
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
        self.progress["articles"] += len(result.outcomes)
        self.progress["records"] += sum(1 for o in result.outcomes if o.record is not None)


def _span_size(span: Span) -> int:
    end = span.path.stat().st_size if span.end is None else span.end
    return end - span.start
