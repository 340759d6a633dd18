"""Each pipeline built the way Scrapy builds it, through from_crawler."""

from __future__ import annotations

import asyncio
import json
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from crawler.assembly.assemble import build_item
from crawler.run.health import STATE_FAILED, judge
from crawler.run.state_extension import StateExtension
from pipelines.jsonl import JsonlPipeline
from pipelines.language import LanguagePipeline
from pipelines.revision import RevisionPipeline, Unchanged
from pipelines.validate import BadUrl, InvalidRecord, ValidatePipeline
from tests.crawlers import project_crawler
from tests.records import HU_BODY, article_fields
from tests.statelock import write_lock_held

URL = "https://index.hu/kulfold/2024/05/06/x/"


def item(**overrides):
    fields = article_fields()
    return replace(build_item(URL, "index.hu", "kulfold", fields), **overrides)


def crawler_for(tmp_path, **settings):
    return project_crawler(tmp_path, **settings)


@contextmanager
def open_state(crawler):
    """The state store opened and closed the way a crawl does it."""
    ext = crawler.get_extension(StateExtension)
    asyncio.run(ext.spider_opened(crawler.spider))
    try:
        yield ext.store
    finally:
        ext.spider_closed(crawler.spider)


def close(pipeline):
    asyncio.run(pipeline.spider_closed())


def test_validate_drops_invalid_records_and_non_canonical_urls(tmp_path):
    pipeline = ValidatePipeline.from_crawler(crawler_for(tmp_path))
    assert pipeline.process_item(item()) is not None
    for bad in [
        {"title": " "},
        {"title": "Cím "},  # white space at an end
        {"kind": "liveblog"},  # a live blog without posts
        {"published": "yesterday"},
        {"language": "hu"},  # a language without its probability
        {"translation_error": "google:ReadTimeout", "translation": {}},
    ]:
        with pytest.raises(InvalidRecord):
            pipeline.process_item(item(**bad))
    with pytest.raises(BadUrl):  # the site module's rule: index.hu URLs end with a slash
        pipeline.process_item(item(url=URL.rstrip("/")))
    with pytest.raises(BadUrl):
        pipeline.process_item(item(url="https://index.hu/kulfold/2024/05/06/x/2/"))


def test_language_sets_code_probability_and_stats(tmp_path):
    crawler = crawler_for(tmp_path)
    result = LanguagePipeline.from_crawler(crawler).process_item(item())
    assert (result.language, result.language_probability > 0.9) == ("hu", True)
    assert crawler.stats.get_value("language/hu") == 1
    empty = LanguagePipeline.from_crawler(crawler).process_item(item(title="1", text="2024"))
    assert empty.language is None and empty.language_probability is None


def test_jsonl_writes_records_and_publishes_on_close(tmp_path):
    crawler = crawler_for(tmp_path)
    pipeline = JsonlPipeline.from_crawler(crawler)
    with open_state(crawler) as store:
        pipeline.spider_opened()
        pipeline.process_item(item(language="hu", language_probability=1.0))
        assert not list((tmp_path / "index_abroad").glob("*.jsonl"))  # not before close
        close(pipeline)
        assert store.known(URL) is not None
    [path] = (tmp_path / "index_abroad").glob("*.jsonl")
    [line] = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["url"] == URL and "Cím" in line


def test_jsonl_nothing_written_means_no_file(tmp_path):
    crawler = crawler_for(tmp_path)
    pipeline = JsonlPipeline.from_crawler(crawler)
    with open_state(crawler):
        pipeline.spider_opened()
        close(pipeline)
    assert not list(tmp_path.rglob("*.jsonl"))


def test_revision_counts_up_only_on_change(tmp_path):
    def run(record):
        crawler = crawler_for(tmp_path)
        jsonl = JsonlPipeline.from_crawler(crawler)
        with open_state(crawler):
            jsonl.spider_opened()
            try:
                out = RevisionPipeline.from_crawler(crawler).process_item(record)
                jsonl.process_item(out)
                return out.revision
            finally:
                close(jsonl)

    assert run(item()) == 1
    with pytest.raises(Unchanged):
        run(item())
    changed = build_item(URL, "index.hu", "kulfold", article_fields(text=HU_BODY + " Frissítve."))
    assert run(changed) == 2


def test_jsonl_publishes_nothing_when_the_state_cannot_record_it(tmp_path):
    crawler = crawler_for(tmp_path)
    pipeline = JsonlPipeline.from_crawler(crawler)
    with open_state(crawler) as store:
        pipeline.spider_opened()
        pipeline.process_item(item(language="hu", language_probability=1.0))
        for n in range(200):  # more rows than the free space of the file's pages
            store.add_pending(f"{URL}{n}/", "h" * 64, 1, datetime.now(UTC), "other.jsonl")
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")  # the state's disk is full
        close(pipeline)
        assert store.known(URL) is None
    assert not list(tmp_path.rglob("*.jsonl*"))  # neither published nor left as a part
    stats = crawler.stats.get_stats()
    assert stats["state/error/full"] == 1 and "output/records" not in stats
    assert judge(stats | {"listings/fetched": 1}, 0.5).status == STATE_FAILED


def test_jsonl_waits_for_a_locked_state_then_gives_up_publishing_nothing(tmp_path):
    crawler = crawler_for(tmp_path, STATE_BUSY_TIMEOUT=1.0)
    pipeline = JsonlPipeline.from_crawler(crawler)
    with open_state(crawler) as store:
        pipeline.spider_opened()
        pipeline.process_item(item(language="hu", language_probability=1.0))
        with write_lock_held(store.path):
            close(pipeline)
    assert not list(tmp_path.rglob("*.jsonl*"))
    assert crawler.stats.get_value("state/error/locked") == 1
    # The next run publishes the article: it was never seen by a reader.
    again = crawler_for(tmp_path)
    pipeline = JsonlPipeline.from_crawler(again)
    with open_state(again) as store:
        pipeline.spider_opened()
        pipeline.process_item(item(language="hu", language_probability=1.0))
        close(pipeline)
        assert store.known(URL) is not None
    assert len(list((tmp_path / "index_abroad").glob("*.jsonl"))) == 1
