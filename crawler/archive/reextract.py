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

Work is split over processes by groups of articles (both cores: extraction is CPU-bound
Python). The main process indexes the archives, hands out chunks, and writes each input's
records in archive order.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import math
import multiprocessing
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.util import Finalize
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.settings import BaseSettings, Settings
from scrapy.signalmanager import SignalManager
from scrapy.spiderloader import get_spider_loader
from scrapy.statscollectors import StatsCollector
from scrapy.utils.misc import build_from_crawler, load_object

from crawler.archive import FETCHED_AT_META, crawled_at_of
from crawler.archive.reader import (
    ArchiveError,
    ArchiveIndex,
    Entry,
    RecordReader,
    Stored,
    cb_kwargs_of,
    follow,
    index_archive,
    warc_datetime,
)
from crawler.incremental import ARTICLE_META
from crawler.items import as_record

logger = logging.getLogger(__name__)

MAX_CHUNK = 256  # articles per task: small enough to keep both cores busy to the end


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
class Chunk:
    """Articles of one archive for one worker task."""

    path: Path
    spider: str
    urls: dict[str, Entry]  # every response of the archive, by URL (the last one)
    requested: frozenset[str]  # every article the run requested (duplicate redirects)
    articles: list[Entry]


@dataclass
class Outcome:
    article: str
    record: dict[str, Any] | None


@dataclass
class ChunkResult:
    outcomes: list[Outcome]
    stats: dict[str, Any]
    errors: list[str] = field(default_factory=list)


class Worker:
    """One process's spiders and pipelines, built once and reused for every chunk."""

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

    def run(self, chunk: Chunk) -> ChunkResult:
        stats = self.host.stats
        before = dict(stats.get_stats())
        spider = self.spider(chunk.spider)
        spider.requested = set(chunk.requested)  # type: ignore[attr-defined]
        outcomes: list[Outcome] = []
        errors: list[str] = []
        with RecordReader(chunk.path) as reader:
            for entry in chunk.articles:
                assert entry.article is not None
                try:
                    record = self.article(spider, chunk, reader, entry)
                except ArchiveError as exc:
                    stats.inc_value("reextract/error/ArchiveError")
                    errors.append(str(exc))
                    record = None
                except Exception as exc:  # a bug costs one article, as in the crawl
                    logger.exception("Re-extraction failed for %s", entry.article)
                    stats.inc_value(f"reextract/error/{type(exc).__name__}")
                    record = None
                outcomes.append(Outcome(entry.article, record))
        return ChunkResult(outcomes, _delta(before, stats.get_stats()), errors)

    def article(
        self, spider: Spider, chunk: Chunk, reader: RecordReader, entry: Entry
    ) -> dict[str, Any] | None:
        stats = self.host.stats
        if not 200 <= entry.status < 300:
            # What the crawl's errback counted (HttpError: the spider never saw it).
            stats.inc_value(f"fetch/error/http_{entry.status}")
            return None
        callback = getattr(spider, entry.callback or "parse")
        kwargs = cb_kwargs_of(entry)
        request = Request(entry.url, meta={ARTICLE_META: entry.article}, cb_kwargs=kwargs)
        results: Iterable[Any] = callback(
            self.response(reader.read(entry.offset), request), **kwargs
        )
        while True:
            following: Request | None = None
            for result in results or ():
                if isinstance(result, Request):
                    following = result
                elif result is not None:
                    return self.process(result)
            if following is None:
                return None  # the spider dropped it, and counted why
            page = follow(chunk.urls, following.url, self.max_hops)
            if page is None:
                stats.inc_value("articles/dropped/page_not_archived")
                logger.warning(
                    "No record for %s: page_not_archived (%s)", entry.article, following.url
                )
                return None
            if not 200 <= page.status < 300:
                stats.inc_value(f"fetch/error/http_{page.status}")
                stats.inc_value("articles/dropped/page_failed")
                return None
            results = following.callback(  # type: ignore[misc]
                self.response(reader.read(page.offset), following), **following.cb_kwargs
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


def _run_chunk(chunk: Chunk) -> ChunkResult:
    assert _WORKER is not None
    return _WORKER.run(chunk)


# --- the main process -----------------------------------------------------------------------


@dataclass
class FileJob:
    index: ArchiveIndex
    spider: str
    chunks: int


def plan(index: ArchiveIndex, processes: int) -> tuple[str | None, list[Chunk]]:
    """The chunks of one archive, or why it cannot be re-extracted."""
    spider = index.info.get("spider")
    if not spider:
        return f"{index.path}: no warcinfo record naming the spider", []
    articles = index.articles()
    urls = index.by_url()
    requested = frozenset(e.article for e in articles if e.article)
    size = max(1, min(MAX_CHUNK, math.ceil(len(articles) / max(1, processes * 4))))
    chunks = [
        Chunk(index.path, spider, urls, requested, articles[start : start + size])
        for start in range(0, len(articles), size)
    ]
    return None, chunks


def process_count(settings: BaseSettings) -> int:
    configured = settings.getint("REEXTRACT_PROCESSES")
    return configured if configured > 0 else (os.cpu_count() or 1)


class Reextraction:
    """Indexes, plans and runs; yields each archive's index and results in input order."""

    def __init__(self, settings: BaseSettings, processes: int) -> None:
        self.settings = settings
        self.processes = max(1, processes)

    def run(self, paths: list[Path]) -> Iterator[tuple[ArchiveIndex, str | None, list[Outcome]]]:
        """For each archive: its index, an error that stopped it (or None), its outcomes.
        Stats of every chunk are added to :attr:`stats`; record read errors to
        :attr:`errors`."""
        self.stats: Counter[str] = Counter()
        self.errors: list[str] = []
        if self.processes == 1:
            worker = Worker(self.settings)
            try:
                yield from self._run(paths, map, index_archive, worker.run)
            finally:
                worker.close()
            return
        context = multiprocessing.get_context()
        with context.Pool(
            self.processes, initializer=_init_worker, initargs=(self.settings.copy_to_dict(),)
        ) as pool:
            try:
                yield from self._run(
                    paths,
                    lambda fn, items: pool.imap(fn, items),
                    index_archive,
                    _run_chunk,
                )
            finally:
                pool.close()
                pool.join()

    def _run(self, paths, mapper, indexer, runner):
        indexes = list(mapper(indexer, paths))
        jobs: list[tuple[ArchiveIndex, str | None, list[Chunk]]] = []
        for index in indexes:
            error, chunks = plan(index, self.processes)
            jobs.append((index, error, chunks))
        every = [chunk for _, _, chunks in jobs for chunk in chunks]
        results = iter(mapper(runner, every))
        for index, error, chunks in jobs:
            outcomes: list[Outcome] = []
            for _ in chunks:
                result = next(results)
                self.stats.update(result.stats)
                self.errors += result.errors
                outcomes += result.outcomes
            yield index, error, outcomes


# --- outputs ------------------------------------------------------------------------------

REEXTRACTED_SUBDIR = "reextracted"


class RefusedOutput(ValueError):
    """The output would replace a published file or an input."""


def output_path(archive: Path, output_dir: Path | None) -> Path:
    """``<spider dir>/reextracted/<run>.jsonl`` for ``<spider dir>/warc/<run>.warc.gz``
    (or ``--output-dir DIR/<run>.jsonl``); never the run's published file."""
    from crawler.archive import WARC_SUBDIR, jsonl_name_of

    name = jsonl_name_of(archive.name)
    if output_dir is None:
        base = archive.parent.parent if archive.parent.name == WARC_SUBDIR else archive.parent
        output_dir = base / REEXTRACTED_SUBDIR
    target = output_dir / name
    published = published_path(archive)
    if published is not None and target.resolve() == published.resolve():
        raise RefusedOutput(f"{target} is the run's published file: choose another directory")
    if target.resolve() == archive.resolve():
        raise RefusedOutput(f"{target} is the input")
    return target


def published_path(archive: Path) -> Path | None:
    """The JSONL file the run of ``archive`` published, where the crawl puts it."""
    from crawler.archive import WARC_SUBDIR, jsonl_name_of

    if archive.parent.name != WARC_SUBDIR:
        return None
    return archive.parent.parent / jsonl_name_of(archive.name)


def published_records(archive: Path) -> dict[str, tuple[str, int]]:
    """``url -> (content_hash, revision)`` of what the archive's run published."""
    import json

    path = published_path(archive)
    if path is None or not path.exists():
        return {}
    found: dict[str, tuple[str, int]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            try:
                record = json.loads(line)
                found[record["url"]] = (record["content_hash"], int(record["revision"]))
            except (ValueError, KeyError, TypeError):
                continue  # a damaged line compares as "not published"
    return found


@dataclass
class Comparison:
    """Re-extracted records against what the run published, by content hash."""

    records: int = 0
    same: int = 0
    changed: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)  # no record of it was published
    lost: list[str] = field(default_factory=list)  # published, no record now

    def line(self) -> str:
        return (
            f"{self.records} records: {self.same} same as published, "
            f"{len(self.changed)} changed, {len(self.new)} not published then, "
            f"{len(self.lost)} published then but no record now"
        )


def write_records(
    outcomes: list[Outcome], target: Path, published: dict[str, tuple[str, int]]
) -> tuple[Path | None, Comparison]:
    """Write the records atomically (an earlier output is replaced whole) and compare.

    A record keeps the revision its URL was published with by the same run (it is that
    revision, read again); 1 otherwise.
    """
    from crawler.output import AtomicJsonl

    comparison = Comparison()
    writer = AtomicJsonl(target)
    try:
        seen: set[str] = set()
        for outcome in outcomes:
            record = outcome.record
            if record is None:
                continue
            url = record["url"]
            seen.add(url)
            known = published.get(url)
            if known is None:
                comparison.new.append(url)
            else:
                record["revision"] = known[1]
                if known[0] == record["content_hash"]:
                    comparison.same += 1
                else:
                    comparison.changed.append(url)
            writer.write(record)
            comparison.records += 1
        comparison.lost = sorted(set(published) - seen)
        written = writer.commit()
        if written is None:
            target.unlink(missing_ok=True)  # no records now: an older output would mislead
        return written, comparison
    except BaseException:
        writer.abort()
        raise
