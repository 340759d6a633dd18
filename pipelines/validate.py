"""Last check before a record is written: :func:`crawler.record.validity.record_problem`
(the JSON Schema, and the portal's canonical URL). Runs after every stage that sets
fields (language, revision, translation), right before the JSONL writer.
Drops raise :class:`DropItem` subclasses, so Scrapy's core stats count them as
``item_dropped_reasons_count/<Class>``; the log line names the URL and the reason.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.record.item import as_record
from crawler.record.validity import record_problem


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
        problem = record_problem(record)
        if problem is None:
            return item
        if problem.kind == "url":
            raise BadUrl(f"not a canonical URL: {record['url']}")
        raise InvalidRecord(f"{record.get('url')}: {problem}")
