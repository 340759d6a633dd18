"""The README documents what the code does: record fields, exit statuses, portals."""

from __future__ import annotations

import re
from pathlib import Path

from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from crawler.record.item import RECORD_FIELDS, record_schema
from crawler.run.health import EXIT_STATUSES
from crawler.spiders.base import PortalSpider
from tests.crawlers import project_settings

README = Path(__file__).resolve().parents[1] / "README.md"


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n### {title}\n")
    end = text.find("\n#", start + 1)
    return text[start : end if end > 0 else None]


def test_record_field_table_matches_the_schema():
    rows = re.findall(r"^\| `([a-z_]+)`(?:, `([a-z_]+)`)? \|", section("The record"), re.M)
    documented = [name for row in rows for name in row if name]
    assert documented == list(RECORD_FIELDS)
    assert list(record_schema()["properties"]) == documented


def test_exit_status_table_matches_the_code():
    rows = re.findall(r"^\| (\d+) \| ", section("Exit status"), re.M)
    assert [int(code) for code in rows] == sorted(EXIT_STATUSES)


def test_every_portal_spider_is_in_the_portals_table():
    loader = SpiderLoader.from_settings(Settings(project_settings()))
    spiders = {n for n in loader.list() if issubclass(loader.load(n), PortalSpider)}
    text = README.read_text(encoding="utf-8")
    table = text[text.index("\n## Portals\n") : text.index("\n## What a run does\n")]
    assert set(re.findall(r"^\| `([a-z0-9_]+)` \|", table, re.M)) == spiders
