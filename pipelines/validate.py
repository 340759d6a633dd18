"""Last check before a record is written: the JSON Schema, and the portal's canonical URL.

The schema (:mod:`crawler.record.item`, ``crawler/record/schema/record.schema.json``) is the one
definition of a valid record; whether the URL is canonical is the rule of the site
module that owns its host (:func:`crawler.sites.is_canonical`). Runs after every stage
that sets fields (language, revision, translation), right before the JSONL writer.
Drops raise :class:`DropItem` subclasses, so Scrapy's core stats count them as
``item_dropped_reasons_count/<Class>``; the log line names the URL and the reason.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.record.item import as_record, record_error
from crawler.sites import is_canonical


class InvalidRecord(DropItem):
    pass


class BadUrl(DropItem):
    pass


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item):
        record = as_record(item)
        problem = record_error(record)
        if problem is not None:
            raise InvalidRecord(f"{record.get('url')}: {problem}")
        if not is_canonical(record["url"]):
            raise BadUrl(f"not a canonical URL: {record['url']}")
        return item
