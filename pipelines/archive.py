"""After the JSONL writer: notes each written record for the run's archive.

Settings: ``ARCHIVE_ENABLED``. Stats: see :mod:`crawler.archive.extension`.

Placed after :class:`pipelines.jsonl.JsonlPipeline` (900 > 800), so it sees only records
that were written. The JSONL pipeline hands the archive to the run's journal before it
commits it (:func:`crawler.archive.extension.prepare_archive`); the commit renames the
archive into place, then the JSONL is renamed. A run killed between the two renames
leaves an archive whose row says its records are not published yet: the next run deletes
it (they are fetched again). A published article's pages are always in a visible archive.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.archive.extension import ArchiveExtension, archive_of


class ArchivePipeline:
    def __init__(self, archive: ArchiveExtension) -> None:
        self.archive = archive

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        archive = archive_of(crawler) if crawler.settings.getbool("ARCHIVE_ENABLED") else None
        if archive is None:
            raise NotConfigured
        return cls(archive)

    def process_item(self, item):
        self.archive.note_record(ItemAdapter(item)["url"])
        return item
