"""Sets ``language`` and ``language_probability`` on every record.

Settings: ``LANGUAGE_SAMPLE_CHARS`` (how much of the body is looked at).
Stats: ``language/<code>``, ``language/unknown``.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from crawler.text.language import Detector, sample


class LanguagePipeline:
    def __init__(self, crawler: Crawler, sample_chars: int) -> None:
        self.crawler = crawler
        self.sample_chars = sample_chars
        self._detect: Detector | None = None  # loaded with the first item, not at start-up

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LanguagePipeline:
        return cls(crawler, crawler.settings.getint("LANGUAGE_SAMPLE_CHARS"))

    def process_item(self, item):
        adapter = ItemAdapter(item)
        if self._detect is None:
            self._detect = Detector()
        found = self._detect(
            sample(adapter["title"], adapter.get("lead"), adapter["text"], self.sample_chars)
        )
        adapter["language"] = found.language
        adapter["language_probability"] = found.probability
        self.crawler.stats.inc_value(f"language/{found.language or 'unknown'}")
        return item
