"""The run's archive as a Scrapy component: opened with the spider, published before the JSONL.

Settings: ``ARCHIVE_ENABLED``, ``ARCHIVE_RETENTION_DAYS``, ``ARCHIVE_LISTING_ONLY_RUNS``,
``ARCHIVE_GZIP_LEVEL``, ``ARCHIVE_QUEUE_SIZE``, ``ARCHIVE_WARCINFO_SETTINGS``,
``OUTPUT_DIR``.
Stats: ``archive/responses``, ``archive/bytes``, ``archive/file``, ``archive/articles``,
``archive/error``, ``archive/pruned_files``, ``archive/stale_parts``,
``archive/listing_only_skipped``.

When the spider opens (after the state store, :mod:`crawler.state_extension`): part files
a killed run left are deleted (never published, so nobody has seen them), archives older
than ``ARCHIVE_RETENTION_DAYS`` are deleted with their state rows (0 keeps them forever),
and ``OUTPUT_DIR/<spider>/warc/.<run>.warc.gz.part`` is opened with its ``warcinfo``
record. With ``ARCHIVE_LISTING_ONLY_RUNS`` off, a run that fetched no article page
publishes no archive. :mod:`crawler.archive.capture` adds every response; :class:`pipelines.archive.
ArchivePipeline` notes each record the run publishes and calls :meth:`publish` before the
JSONL file is renamed, so an article counted as published always has its pages in a
visible archive. The state then remembers which archive holds each published article's
pages (:meth:`crawler.state.StateStore.add_archived`). If the archive cannot be written
the crawl goes on and publishes its records: the error is logged and counted.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.archive import ARTICLE_HEADER, WARC_SUFFIX, warc_dir, warc_file_name
from crawler.archive.warcfile import WARC_VERSION, Exchange, WarcFile
from crawler.output import PART_SUFFIX
from crawler.state import StateError
from crawler.state_extension import state_store

logger = logging.getLogger(__name__)

_NAME_TIME = "%Y-%m-%dT%H-%M-%S-%fZ"


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
        self._forgotten: list[str] = []  # archives retention deleted this run
        self._failed_logged = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveExtension:
        if not crawler.settings.getbool("ARCHIVE_ENABLED"):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    @property
    def is_open(self) -> bool:
        return self.file is not None

    # --- the run ----------------------------------------------------------------------

    def spider_opened(self, spider: object) -> None:
        name = self.crawler.spider.name
        directory = warc_dir(self.output_dir, name)
        stats = self.crawler.stats
        stats.inc_value("archive/stale_parts", len(remove_stale_parts(directory)))
        if self.retention_days > 0:
            cutoff = datetime.now(UTC) - timedelta(days=self.retention_days)
            pruned = prune(directory, cutoff)
            # Their state rows go with the run's own, when it publishes (the store may
            # still be opening now).
            self._forgotten = [path.name for path in pruned]
            stats.inc_value("archive/pruned_files", len(pruned))
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

    def add(self, exchange: Exchange) -> None:
        if self.file is None:
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

    def publish(self) -> Path | None:
        """Rename the archive into place and remember it for the noted records (once)."""
        if self.file is None:
            return self.published
        file, self.file = self.file, None
        if not self.article_pages and not self.keep_listing_only:
            file.abort()
            self.crawler.stats.set_value("archive/listing_only_skipped", 1)
            logger.info("No article page fetched: no archive kept (ARCHIVE_LISTING_ONLY_RUNS)")
        else:
            self.published = file.publish()
            if file.error is not None:
                self.fail(file.error)
                self.published = None
            elif self.published is not None:
                self.crawler.stats.set_value("archive/file", str(self.published))
                logger.info("Archived %d responses in %s", file.records, self.published)
        self._record_in_state()
        return self.published

    def _record_in_state(self) -> None:
        """The run's journal learns which archives went and which holds what; the JSONL
        pipeline writes it with the run's rows."""
        if not self._forgotten and not (self.published and self._urls):
            return
        try:
            store = state_store(self.crawler)
        except StateError:
            logger.warning("State store unavailable: archive %s not recorded", self.published)
            return
        for name in self._forgotten:
            store.forget_archive(name)
        if self.published is not None and self._urls:
            store.add_archived(self.published.name, sorted(self._urls))
            self.crawler.stats.set_value("archive/articles", len(self._urls))

    def spider_closed(self, spider: object) -> None:
        # Normally published by the JSONL pipeline already; this covers a project that
        # runs without it (the archive is then not linked to its records in the state).
        publish_archive(self.crawler)

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


def publish_archive(crawler: Crawler) -> None:
    """Publish the crawl's archive, if it keeps one; a failure is the archive's error
    (counted, the run unhealthy), never an exception: the records are published after."""
    archive = archive_of(crawler)
    if archive is None:
        return
    try:
        archive.publish()
    except Exception as exc:
        logger.exception("Publishing the run's archive failed")
        archive.fail(exc)


def remove_stale_parts(directory: Path) -> list[Path]:
    """Archives a killed run left unpublished (one run at a time: see crawler.runlock)."""
    if not directory.exists():
        return []
    removed = []
    for part in directory.glob(f".*{WARC_SUFFIX}{PART_SUFFIX}"):
        part.unlink(missing_ok=True)
        removed.append(part)
    return removed


def run_started(path: Path) -> datetime | None:
    """When the run that wrote the archive ``path`` started, from its name."""
    try:
        return datetime.strptime(path.name.removesuffix(WARC_SUFFIX), _NAME_TIME).replace(
            tzinfo=UTC
        )
    except ValueError:
        return None


def prune(directory: Path, cutoff: datetime) -> list[Path]:
    """Delete the archives of runs started before ``cutoff``; files not named by a run
    are never touched."""
    if not directory.exists():
        return []
    removed = []
    for path in sorted(directory.glob(f"*{WARC_SUFFIX}")):
        started = run_started(path)
        if started is not None and started < cutoff:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "unknown"
