"""Last stage: each record into the run's JSONL file (validated just before, by
:mod:`pipelines.validate`).

Settings: ``OUTPUT_DIR``. The file is ``OUTPUT_DIR/<spider>/<run UTC start>.jsonl``
(:mod:`crawler.output`), published by an atomic rename when the spider closes; a run that
wrote nothing leaves no file. Each written record is noted as pending in the state store
and becomes "published" only after the rename (:mod:`crawler.state`).
Stats: ``output/records``, ``output/file``, ``output/error``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.items import as_record
from crawler.output import AtomicJsonl, run_file_name, spider_dir
from crawler.state_extension import state_store

logger = logging.getLogger(__name__)


class OutputFailed(DropItem):
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
            self.writer.write(record)
        except OSError as exc:
            self._fail(exc)
            raise OutputFailed(f"{record['url']}: {exc}") from exc
        published = record["published"]
        article_time = datetime.fromisoformat(published) if published else datetime.now(UTC)
        state_store(self.crawler).add_pending(
            record["url"],
            record["content_hash"],
            record["revision"],
            article_time,
            self.writer.final.name,
        )
        self.crawler.stats.inc_value("output/records")
        return item

    def close_spider(self) -> None:
        if self.writer is None:
            return
        if self.failed:
            self.writer.abort()
            return
        try:
            state_store(self.crawler).flush()  # pending rows durable before the rename
            self.published = self.writer.commit()
        except OSError as exc:
            self._fail(exc)
            self.writer.abort()
            return
        if self.published is not None:
            state_store(self.crawler).publish(self.published.name)
            self.crawler.stats.set_value("output/file", str(self.published))
            logger.info("Wrote %d records to %s", self.writer.count, self.published)

    def _fail(self, exc: OSError) -> None:
        if not self.failed:
            logger.error("Cannot write output under %s: %s", self.output_dir, exc)
        self.failed = True
        self.crawler.stats.inc_value("output/error")
