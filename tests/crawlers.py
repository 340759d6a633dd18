"""Crawlers for unit tests, built with the project's own settings (crawler/settings.py).

Scrapy's ``get_crawler`` starts from Scrapy's defaults; components here read their
settings without fallbacks, so tests must see the project's real defaults.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.utils.test import get_crawler

import crawler.settings


class IndexAbroad(Spider):
    name = "index_abroad"


def project_settings(**overrides: Any) -> dict[str, Any]:
    values = {k: v for k, v in vars(crawler.settings).items() if k.isupper()}
    return values | overrides


def project_crawler(output_dir: Path, spider_cls: type[Spider] = IndexAbroad, **overrides: Any):
    """A crawler whose spider and stats are open, as during a crawl (extensions built)."""
    built = get_crawler(
        spider_cls, settings_dict=project_settings(OUTPUT_DIR=str(output_dir), **overrides)
    )
    built.spider = spider_cls()
    built.stats.open_spider()
    return built
