"""Each pipeline built the way Scrapy builds it, through from_crawler."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.extraction import build_item
from crawler.sites.index_hu import SITE
from pipelines.jsonl import InvalidRecord, JsonlPipeline
from pipelines.language import LanguagePipeline
from pipelines.revision import RevisionPipeline, Unchanged
from pipelines.validate import BadUrl, MissingField, ValidatePipeline
from tests.records import HU_BODY, article_fields

URL = "https://index.hu/kulfold/2024/05/06/x/"


class _Spider(Spider):
    name = "index_abroad"


def item(**overrides):
    return replace(build_item(URL, SITE, "kulfold", article_fields()), **overrides)


def crawler_for(tmp_path, **settings):
    crawler = get_crawler(_Spider, settings_dict={"OUTPUT_DIR": str(tmp_path), **settings})
    crawler.spider = _Spider()
    crawler.stats.open_spider()
    return crawler


def test_validate_drops_incomplete_and_non_canonical(tmp_path):
    pipeline = ValidatePipeline.from_crawler(crawler_for(tmp_path))
    assert pipeline.process_item(item()) is not None
    with pytest.raises(MissingField):
        pipeline.process_item(item(title=" "))
    with pytest.raises(MissingField):
        pipeline.process_item(item(kind="liveblog"))
    with pytest.raises(BadUrl):
        pipeline.process_item(item(url=URL + "?utm_source=x"))


def test_language_sets_code_probability_and_stats(tmp_path):
    crawler = crawler_for(tmp_path)
    result = LanguagePipeline.from_crawler(crawler).process_item(item())
    assert (result.language, result.language_probability > 0.9) == ("hu", True)
    assert crawler.stats.get_value("language/hu") == 1
    empty = LanguagePipeline.from_crawler(crawler).process_item(item(title="1", text="2024"))
    assert empty.language is None and empty.language_probability is None


def test_jsonl_writes_valid_records_and_publishes_on_close(tmp_path):
    crawler = crawler_for(tmp_path)
    pipeline = JsonlPipeline.from_crawler(crawler)
    pipeline.spider_opened()
    pipeline.process_item(item(language="hu", language_probability=1.0))
    with pytest.raises(InvalidRecord):
        pipeline.process_item(item(published="yesterday"))
    assert not list((tmp_path / "index_abroad").glob("*.jsonl"))  # not before close
    pipeline.close_spider()
    [path] = (tmp_path / "index_abroad").glob("*.jsonl")
    [line] = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["url"] == URL and "Cím" in line


def test_jsonl_nothing_written_means_no_file(tmp_path):
    pipeline = JsonlPipeline.from_crawler(crawler_for(tmp_path))
    pipeline.spider_opened()
    pipeline.close_spider()
    assert not list(tmp_path.rglob("*.jsonl"))


def test_revision_counts_up_only_on_change(tmp_path):
    def run(record):
        crawler = crawler_for(tmp_path)
        jsonl = JsonlPipeline.from_crawler(crawler)
        jsonl.spider_opened()
        try:
            out = RevisionPipeline.from_crawler(crawler).process_item(record)
            jsonl.process_item(out)
            return out.revision
        finally:
            jsonl.close_spider()

    assert run(item()) == 1
    with pytest.raises(Unchanged):
        run(item())
    changed = build_item(URL, SITE, "kulfold", article_fields(text=HU_BODY + " Frissítve."))
    assert run(changed) == 2
