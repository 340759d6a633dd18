"""Gives each record its ``revision``; drops a re-checked article whose content is unchanged.

Runs before translation, so an unchanged article costs no translation requests.
Stats: ``articles/new``, ``articles/updated``, ``state/unchanged``. A record whose
history cannot be read (the state failed) is dropped: emitting it could duplicate it.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.run.state import StateError
from crawler.run.state_extension import state_failed, state_store


class Unchanged(DropItem):
    """Already published with this content: not an error, logged at DEBUG."""


class StateUnreadable(DropItem):
    """The state could not say whether the article was published (reported once)."""


class RevisionPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RevisionPipeline:
        return cls(crawler)

    def process_item(self, item):
        adapter = ItemAdapter(item)
        try:
            known = state_store(self.crawler).known(adapter["url"])
        except StateError as exc:
            state_failed(self.crawler, exc)
            raise StateUnreadable(f"{adapter['url']}: {exc}") from exc
        if known is None:
            adapter["revision"] = 1
            self.crawler.stats.inc_value("articles/new")
            return item
        if known.content_hash == adapter["content_hash"]:
            self.crawler.stats.inc_value("state/unchanged")
            raise Unchanged(f"{adapter['url']} unchanged since revision {known.revision}")
        adapter["revision"] = known.revision + 1
        self.crawler.stats.inc_value("articles/updated")
        return item
