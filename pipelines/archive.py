"""After the JSONL writer: notes each written record for the run's archive.

Settings: ``ARCHIVE_ENABLED``. Stats: see :mod:`crawler.archive.extension`.

Placed after :class:`pipelines.jsonl.JsonlPipeline` (900 > 800), so it sees only records
that were written. The JSONL pipeline publishes the archive before it renames its own
file (:func:`crawler.archive.extension.publish_archive`): a run killed between the two
renames leaves an archive whose articles are not published yet, never a published
article whose pages are in no visible archive.
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
