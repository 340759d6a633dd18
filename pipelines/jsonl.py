"""Last stage: each record into the run's JSONL file (validated just before, by
:mod:`pipelines.validate`), and the file published with the state when the run closes.

Settings: ``OUTPUT_DIR``. The file is ``OUTPUT_DIR/<spider>/<run UTC start>.jsonl``
(:mod:`crawler.run.files`); a run that wrote nothing leaves no file.
Stats: ``output/records`` (records in the published file), ``output/file``,
``output/error``, ``output/catalog_error`` (the catalog could not be written),
``output/changed_file`` (a published file whose size is not its catalog entry's, each
logged);
state failures through :func:`crawler.run.state_extension.state_failed`.

Each article exactly once, whatever the process dies or the state fails. A record is
noted in the state's journal, then written to the hidden part file. When the run closes:

1. the journal is committed: the file's rows are durable, as *pending*;
2. the part file is renamed into place: readers see it;
3. its pending rows become *published*.

Then, 4, the file is entered in ``OUTPUT_DIR/catalog.json`` (:mod:`crawler.run.catalog`)
with its size, SHA-256 and record count as counted while it was written; a run that
published nothing rebuilds a missing or stale catalog. The catalog is derived data: a
failure there is logged and counted, never undoes the publish, and the next run (or a
reader) rebuilds what it lacks from the files.

A state that cannot take step 1 (locked past ``STATE_BUSY_TIMEOUT``, full, corrupt) means
no rename: the part file is deleted and the next run emits those articles. A death after
1 leaves pending rows that the next run settles by looking for the file; a failure at 3
leaves the same. No state row ever names a record that no reader can see, and no
visible record lacks its row.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.archive.extension import prepare_archive
from crawler.record.item import as_record
from crawler.run.catalog import CatalogEntry, catalog_path, update
from crawler.run.files import AtomicJsonl, run_file_name, spider_dir
from crawler.run.state import StateError
from crawler.run.state_extension import state_failed, state_store

logger = logging.getLogger(__name__)


class OutputFailed(DropItem):
    pass


class StateUnavailable(DropItem):
    pass


class JsonlPipeline:
    def __init__(self, crawler: Crawler, output_dir: Path) -> None:
        self.crawler = crawler
        self.output_dir = output_dir
        self.writer: AtomicJsonl | None = None
        self.published: Path | None = None
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> JsonlPipeline:
        pipeline = cls(crawler, Path(crawler.settings["OUTPUT_DIR"]))
        crawler.signals.connect(pipeline.spider_opened, signal=signals.spider_opened)
        # Not close_spider: Scrapy closes pipelines together, and one that raises there
        # keeps the others from closing at all.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def spider_opened(self) -> None:
        started = self.crawler.stats.get_value("start_time") or datetime.now(UTC)
        final = spider_dir(self.output_dir, self.crawler.spider.name) / run_file_name(started)
        self.writer = AtomicJsonl(final)

    def process_item(self, item):
        record = as_record(item)
        assert self.writer is not None
        if self.failed:
            raise OutputFailed(f"{record['url']}: output is not writable")
        try:
            store = state_store(self.crawler)
        except StateError as exc:
            state_failed(self.crawler, exc)
            raise StateUnavailable(f"{record['url']}: {exc}") from exc
        published = record["published"]
        # Undated: first seen now, on the state's timeline (a run's clock may be wrong).
        article_time = datetime.fromisoformat(published) if published else store.now()
        store.add_pending(
            record["url"],
            record["content_hash"],
            record["revision"],
            article_time,
            self.writer.final.name,
        )
        try:
            self.writer.write(record)
        except OSError as exc:
            self._fail(exc)
            raise OutputFailed(f"{record['url']}: {exc}") from exc
        return item

    async def spider_closed(self) -> None:
        try:
            await self.publish()
        except Exception as exc:  # a bug must not leave a half-published run unnoticed
            logger.exception("Publishing the run's records failed")
            self._fail(exc)
            if self.writer is not None:
                self.writer.abort()
        await self.catalog()

    async def publish(self) -> None:
        if self.writer is None:
            return
        prepare_archive(self.crawler)
        name = self.writer.final.name
        try:
            store = state_store(self.crawler)
        except StateError:
            self.writer.abort()  # the state never opened (already reported): no records
            return
        if self.failed:
            store.forget_pending(name)
            self.writer.abort()
        try:
            await store.when_free(store.commit)
        except StateError as exc:
            state_failed(self.crawler, exc)
            if not self.failed and self.writer.count:
                logger.error(
                    "Not publishing %d records: the state could not record them",
                    self.writer.count,
                )
            self.writer.abort()
            return
        if self.failed:
            return
        try:
            self.published = self.writer.commit()
        except OSError as exc:
            self._fail(exc)
            self.writer.abort()
            return  # its pending rows name a file that never appeared: the next run drops them
        if self.published is None:
            return
        self.crawler.stats.set_value("output/file", str(self.published))
        self.crawler.stats.set_value("output/records", self.writer.count)
        logger.info("Wrote %d records to %s", self.writer.count, self.published)
        try:
            await store.when_free(lambda: store.publish(name))
        except StateError as exc:
            state_failed(self.crawler, exc)  # the file is visible: the next run settles it

    async def catalog(self) -> None:
        """Step 4: the published file into the catalog (or a missing catalog rebuilt)."""
        entry = None
        if self.published is not None and self.writer is not None:
            entry = CatalogEntry.of(
                self.crawler.spider.name, self.published.name, self.writer.tally
            )
        # Off the reactor: a missing catalog is rebuilt by reading every published file,
        # and a crawlall's other spiders keep crawling meanwhile.
        try:
            catalog = await asyncio.to_thread(update, self.output_dir, entry)
        except OSError as exc:
            self.crawler.stats.inc_value("output/catalog_error")
            logger.warning(
                "Could not update %s (%s): the next run rebuilds it from the files",
                catalog_path(self.output_dir),
                exc.strerror or exc,
            )
            return
        for path in catalog.changed:
            self.crawler.stats.inc_value("output/changed_file")
            logger.warning(
                "%s changed after it was published (its size is not the one in %s): "
                "readers will not trust it; restore it, or delete the catalog to accept it",
                self.output_dir / path,
                catalog_path(self.output_dir),
            )

    def _fail(self, exc: BaseException) -> None:
        if not self.failed:
            logger.error("Cannot write output under %s: %s", self.output_dir, exc)
        self.failed = True
        self.crawler.stats.inc_value("output/error")
