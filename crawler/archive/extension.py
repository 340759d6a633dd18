"""The run's archive as a Scrapy component: opened with the spider, published with the state.

Settings: ``ARCHIVE_ENABLED``, ``ARCHIVE_RETENTION_DAYS``, ``ARCHIVE_LISTING_ONLY_RUNS``,
``ARCHIVE_GZIP_LEVEL``, ``ARCHIVE_QUEUE_SIZE``, ``ARCHIVE_WARCINFO_SETTINGS``,
``OUTPUT_DIR``.
Stats: ``archive/responses``, ``archive/bytes``, ``archive/file``, ``archive/articles``,
``archive/error``, ``archive/pruned_files``, ``archive/stale_parts``,
``archive/listing_only_skipped``, ``archive/settled_kept``, ``archive/settled_removed``,
``archive/found_files``.

When the spider opens, part files a killed run left are deleted (never published, so
nobody has seen them; one run at a time, :mod:`crawler.run.runlock`) and
``OUTPUT_DIR/<spider>/warc/.<run>.warc.gz.part`` is opened with its ``warcinfo`` record.
Once the state store is open (:data:`crawler.run.events.state_opened`, still before the first
request), what earlier runs left is settled, its rows going with this run's journal:

- the archive of a run killed between the archive's rename and its JSONL's
  (:func:`settle_archives`) is kept when the JSONL appeared and deleted when it never did
  (its articles are fetched, archived and published again); counted, logged once;
- an archive on disk the state has no row for (written before it kept runs) is recorded
  as of now, so it lives at least its retention from now;
- with ``ARCHIVE_RETENTION_DAYS`` (0 keeps them forever), archives the state recorded
  more than that long ago are deleted with their rows: the age is the state's, never the
  date a file name carries, and nothing is deleted by a run whose clock disagrees with
  the state (:meth:`crawler.run.state.StateStore.begin_run`).

Publishing follows the state: :class:`pipelines.archive.ArchivePipeline` notes each record
the run writes and, closing before the JSONL pipeline, calls :meth:`ArchiveExtension.
prepare`: the part file is made durable, and the run's row (its archive, the JSONL its
records go to) and the rows of the articles it holds join the run's journal. The
journal's commit (the JSONL pipeline's step 1) then renames the archive into place, right
before the JSONL is renamed. So a visible archive always has its row, a kill between the
two renames leaves an unsettled row for the next run, and an article counted as published
always has its pages in a visible archive. A run whose state does not commit publishes no
records, and its archive is deleted when it closes. With ``ARCHIVE_LISTING_ONLY_RUNS``
off, a run that fetched no article page publishes no archive. If the archive cannot be
written the crawl goes on and publishes its records: the error is logged and counted.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.archive import (
    ARTICLE_HEADER,
    WARC_SUFFIX,
    jsonl_name_of,
    warc_dir,
    warc_file_name,
)
from crawler.archive.warcfile import WARC_VERSION, Exchange, WarcFile
from crawler.run import events as crawl_signals
from crawler.run.files import PART_SUFFIX, part_path
from crawler.run.files import run_started as started_by_name
from crawler.run.state import ArchiveRun, StateError
from crawler.run.state_extension import state_store

logger = logging.getLogger(__name__)


class ArchiveExtension:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.output_dir = Path(settings["OUTPUT_DIR"])
        self.retention_days = settings.getfloat("ARCHIVE_RETENTION_DAYS")
        self.gzip_level = settings.getint("ARCHIVE_GZIP_LEVEL")
        self.queue_size = settings.getint("ARCHIVE_QUEUE_SIZE")
        self.info_settings = settings.getlist("ARCHIVE_WARCINFO_SETTINGS")
        self.keep_listing_only = settings.getbool("ARCHIVE_LISTING_ONLY_RUNS")
        self.article_pages = 0
        self.file: WarcFile | None = None
        self.published: Path | None = None
        self._urls: set[str] = set()
        self._prepared = False
        self._failed_logged = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveExtension:
        if not crawler.settings.getbool("ARCHIVE_ENABLED"):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.state_opened, signal=crawl_signals.state_opened)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    @property
    def is_open(self) -> bool:
        return self.file is not None and not self._prepared

    @property
    def directory(self) -> Path:
        return warc_dir(self.output_dir, self.crawler.spider.name)

    # --- the run ----------------------------------------------------------------------

    def spider_opened(self, spider: object) -> None:
        directory = self.directory
        stats = self.crawler.stats
        stats.inc_value("archive/stale_parts", len(remove_stale_parts(directory)))
        started: datetime = stats.get_value("start_time") or datetime.now(UTC)
        self.file = WarcFile(
            directory / warc_file_name(started),
            gzip_level=self.gzip_level,
            queue_size=self.queue_size,
        )
        try:
            self.file.open(self.warcinfo(started))
        except OSError as exc:
            self.fail(exc)
            self.file = None

    def state_opened(self) -> None:
        """Settle what earlier runs left, then retention (module docstring)."""
        try:
            store = state_store(self.crawler)
        except StateError:
            return
        directory = self.directory
        stats = self.crawler.stats
        runs = store.archive_runs()
        kept, removed = settle_archives([run for run in runs if not run.settled], directory)
        for name in kept:
            store.keep_archive(name)
        for name in removed:
            store.forget_archive(name)
        if kept or removed:
            stats.set_value("archive/settled_kept", len(kept))
            stats.set_value("archive/settled_removed", len(removed))
            logger.warning(
                "Settled the archives of %d interrupted run(s): %d kept (their records were"
                " published), %d deleted (their records never were: fetched again)",
                len(kept) + len(removed),
                len(kept),
                len(removed),
            )
        known = {run.warc for run in runs}
        found = unrecorded_archives(directory, known)
        for name in found:
            store.found_archive(name)
        if found:
            stats.set_value("archive/found_files", len(found))
        if self.retention_days > 0 and store.trusted:
            cutoff = store.now() - timedelta(days=self.retention_days)
            old = [run.warc for run in runs if run.settled and run.recorded < cutoff]
            for name in prune(directory, old):
                store.forget_archive(name)
            stats.set_value("archive/pruned_files", len(old))

    def add(self, exchange: Exchange) -> None:
        if self.file is None or self._prepared:
            return
        if not self.file.add(exchange):
            self.fail(self.file.error)
            return
        self.article_pages += any(name == ARTICLE_HEADER for name, _ in exchange.warc_fields)
        self.crawler.stats.inc_value("archive/responses")
        self.crawler.stats.inc_value("archive/bytes", len(exchange.body))

    def note_record(self, url: str) -> None:
        """A record of ``url`` goes into this run's JSONL: its pages are in this archive."""
        self._urls.add(url)

    def prepare(self) -> None:
        """Finish the archive and put it in the run's journal; the journal's commit
        renames it into place (module docstring). Once."""
        if self._prepared:
            return
        self._prepared = True
        file = self.file
        if file is not None and not self.article_pages and not self.keep_listing_only:
            file.abort()
            self.file = file = None
            self.crawler.stats.set_value("archive/listing_only_skipped", 1)
            logger.info("No article page fetched: no archive kept (ARCHIVE_LISTING_ONLY_RUNS)")
        if file is not None and not file.finish():
            if file.error is not None:
                self.fail(file.error)
            self.file = file = None
        try:
            store = state_store(self.crawler)
        except StateError:
            if file is not None:
                logger.warning("State store unavailable: the run's archive is not kept")
            self.abort()
            return
        name = file.final.name if file is not None else None
        records = sorted(self._urls) if name is not None else []
        store.run_archive(name, jsonl_name_of(name) if name and records else None)
        if name is not None and records:
            store.add_archived(name, records)
            self.crawler.stats.set_value("archive/articles", len(records))
        if file is not None:
            store.after_commit(self._rename)

    def publish(self) -> Path | None:
        """:meth:`prepare`, then the rename at once (for a caller that commits the journal
        itself, or has no JSONL to follow)."""
        self.prepare()
        return self._rename()

    def _rename(self) -> Path | None:
        if self.file is None:
            return self.published
        file, self.file = self.file, None
        self.published = file.publish()
        if self.published is None:
            self.fail(file.error)
            # Its rows go with the JSONL's publication (or the next run's settling).
            with suppress(StateError):
                state_store(self.crawler).forget_archive(file.final.name)
            return None
        self.crawler.stats.set_value("archive/file", str(self.published))
        logger.info("Archived %d responses in %s", file.records, self.published)
        return self.published

    def abort(self) -> None:
        if self.file is not None:
            self.file.abort()
            self.file = None

    def engine_stopped(self) -> None:
        """After every ``spider_closed`` receiver (the JSONL pipeline publishes on it; they
        run concurrently): what is left of the archive is settled."""
        if not self._prepared:
            # Run without ArchivePipeline: nothing ties the archive to records or to the
            # state (the next run records it as found).
            self._prepared = True
            self._rename()
        elif self.file is not None:
            # The state never committed the run (locked, full, failed): its records were
            # not published, and neither is the archive of their pages.
            logger.info("The run's archive is not kept: the state did not record the run")
            self.abort()

    def warcinfo(self, started: datetime) -> dict[str, str]:
        spider = self.crawler.spider
        settings = self.crawler.settings
        site = getattr(spider, "site", None)
        info = {
            "software": f"hu-news-crawler/{_version('hu-news-crawler')} "
            f"Scrapy/{_version('scrapy')} warcio/{_version('warcio')}",
            "format": f"WARC File Format {WARC_VERSION}",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/"
            f"warc-format/warc-{WARC_VERSION}/",
            "isPartOf": spider.name,
            "spider": spider.name,
            "site": getattr(site, "name", ""),
            "section": getattr(spider, "section", ""),
            "started": started.astimezone(UTC).isoformat(timespec="seconds"),
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "http-header-user-agent": settings.get("USER_AGENT") or "",
        }
        backfill = getattr(spider, "backfill", None)
        if backfill:
            info["backfill"] = f"{backfill[0].isoformat()}..{backfill[1].isoformat()}"
        shaping = {name: settings.get(name) for name in self.info_settings}
        info["settings"] = json.dumps(shaping, ensure_ascii=False, sort_keys=True, default=str)
        return info

    def fail(self, exc: BaseException | None) -> None:
        """The archive is not written (counted: the run is not healthy), logged once."""
        if self._failed_logged:
            return
        self._failed_logged = True
        self.crawler.stats.inc_value("archive/error")
        logger.error("The run's archive is not written: %s", exc)


def archive_of(crawler: Crawler) -> ArchiveExtension | None:
    """The crawl's archive, or None when archiving is off."""
    return crawler.get_extension(ArchiveExtension)


def prepare_archive(crawler: Crawler) -> None:
    """The crawl's archive (if it keeps one) into the run's journal, before the JSONL
    pipeline commits it (:meth:`ArchiveExtension.prepare`). A failure is the archive's
    error (counted, the run unhealthy), never an exception: the records are published
    after it."""
    archive = archive_of(crawler)
    if archive is None:
        return
    try:
        archive.prepare()
    except Exception as exc:
        logger.exception("Preparing the run's archive failed")
        archive.fail(exc)
        archive.abort()


def remove_stale_parts(directory: Path) -> list[Path]:
    """Archives a killed run left unpublished (one run at a time: see crawler.run.runlock)."""
    if not directory.exists():
        return []
    removed = []
    for part in directory.glob(f".*{WARC_SUFFIX}{PART_SUFFIX}"):
        part.unlink(missing_ok=True)
        removed.append(part)
    return removed


def settle_archives(unsettled: list[ArchiveRun], directory: Path) -> tuple[list[str], list[str]]:
    """(kept, deleted): the archives in ``directory`` of runs that were killed before
    their JSONL was published. One is kept when it is visible and its run's JSONL (beside
    ``directory``) is too: its records were published. Any other is deleted, its part
    file too: its records never reached a reader, and the next run fetches and archives
    them again."""
    kept: list[str] = []
    deleted: list[str] = []
    for run in unsettled:
        archive = directory / run.warc
        published = run.jsonl is None or (directory.parent / run.jsonl).exists()
        if archive.exists() and published:
            kept.append(run.warc)
            continue
        archive.unlink(missing_ok=True)
        part_path(archive).unlink(missing_ok=True)
        deleted.append(run.warc)
    return kept, deleted


def run_started(path: Path) -> datetime | None:
    """When the run that wrote the archive ``path`` started by its clock, from its name
    (None: not a run's archive)."""
    if not path.name.endswith(WARC_SUFFIX):
        return None
    return started_by_name(path.name.removesuffix(WARC_SUFFIX))


def unrecorded_archives(directory: Path, known: set[str]) -> list[str]:
    """The published archives in ``directory`` named by a run but not in ``known`` (files
    named otherwise, kept by hand, are never touched). Only the unknown names are parsed:
    a year of runs is tens of thousands of files."""
    if not directory.exists():
        return []
    return sorted(
        path.name
        for path in directory.glob(f"*{WARC_SUFFIX}")
        if path.name not in known and run_started(path) is not None
    )


def prune(directory: Path, names: Iterable[str]) -> list[str]:
    """Delete the archives ``names`` of ``directory`` (which ones is the state's call:
    :meth:`ArchiveExtension.state_opened`); files not named by a run are never touched."""
    removed = []
    for name in names:
        path = directory / name
        if run_started(path) is None:
            continue
        path.unlink(missing_ok=True)
        removed.append(name)
    return removed


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "unknown"
