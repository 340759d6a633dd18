"""First stage: an item that is not a complete record goes no further.

Drops raise :class:`DropItem` subclasses, so Scrapy's core stats count them as
``item_dropped_reasons_count/<Class>``; the log line names the URL and the reason.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem


class MissingField(DropItem):
    pass


class BadUrl(DropItem):
    pass


REQUIRED_TEXT = ("url", "source", "section", "kind", "title", "text")


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item):
        adapter = ItemAdapter(item)
        for name in REQUIRED_TEXT:
            value = adapter.get(name)
            if not isinstance(value, str) or not value.strip():
                raise MissingField(f"{adapter.get('url')}: no {name}")
        url = adapter["url"]
        if not url.startswith("https://") or "?" in url or "#" in url or not url.endswith("/"):
            raise BadUrl(f"not a canonical URL: {url}")
        if adapter["kind"] == "liveblog" and not adapter.get("posts"):
            raise MissingField(f"{url}: live blog without posts")
        return item
