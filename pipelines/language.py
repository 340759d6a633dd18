"""Sets ``language`` and ``language_probability`` on every record.

Settings: ``LANGUAGE_SAMPLE_CHARS`` (how much of the body is looked at).
Stats: ``language/<code>``, ``language/unknown``.

The detecting is :class:`crawler.text.language.LanguageTagger`'s (``scrapy reextract``
applies it too); this pipeline adapts it to the crawl and counts.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from crawler.text.language import LanguageTagger


class LanguagePipeline:
    def __init__(self, crawler: Crawler, sample_chars: int) -> None:
        self.crawler = crawler
        self.tag = LanguageTagger(sample_chars)  # loads its profiles with the first item

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LanguagePipeline:
        return cls(crawler, crawler.settings.getint("LANGUAGE_SAMPLE_CHARS"))

    def process_item(self, item):
        found = self.tag(ItemAdapter(item))
        self.crawler.stats.inc_value(f"language/{found.language or 'unknown'}")
        return item
