"""Components that fail, for the verdict's tests: the way a broken installation (a schema
file that cannot be read), a buggy third-party pipeline or extension meets a run.

Enabled per test with ``-s ITEM_PIPELINES=…``/``-s EXTENSIONS=…`` (see
:func:`with_pipeline`, :func:`with_extension`).
"""

from __future__ import annotations

import json
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawler import settings as project


class RaisingPipeline:
    """Raises on every item, as the validator did when its schema file was unreadable."""

    def process_item(self, item: Any) -> Any:
        raise FileNotFoundError("record.schema.json: No such file or directory")


class RaisingClosePipeline:
    """Fails in its close step; closed before the JSONL pipeline (higher number)."""

    def process_item(self, item: Any) -> Any:
        return item

    def close_spider(self) -> None:
        raise RuntimeError("flush to the search index failed")


class RaisingExtension:
    """Fails in its ``spider_closed`` handler."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RaisingExtension:
        ext = cls()
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider: Any) -> None:
        raise RuntimeError("metrics endpoint refused the run's numbers")


def with_pipeline(name: str, order: int) -> dict[str, str]:
    """Settings adding the pipeline ``name`` (of this module) to the project's."""
    pipelines = {**project.ITEM_PIPELINES, f"{__name__}.{name}": order}
    return {"ITEM_PIPELINES": json.dumps(pipelines)}


def with_extension(name: str) -> dict[str, str]:
    extensions = {**project.EXTENSIONS, f"{__name__}.{name}": 500}
    return {"EXTENSIONS": json.dumps(extensions)}
