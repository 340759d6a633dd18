"""TranslatePipeline: settings, items, stats, and not blocking the event loop."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import warnings
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.record.item import ArticleItem, record_schema
from pipelines.translate import TranslatePipeline
from tests.crawlers import project_settings

from .fake_google import FakeGoogle

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake() -> Iterator[FakeGoogle]:
    with FakeGoogle() as server:
        yield server


def make_crawler(tmp_path: Path, **settings: Any) -> Crawler:
    return get_crawler(
        settings_dict=project_settings(
            **{
                "OUTPUT_DIR": str(tmp_path),
                "TRANSLATOR_TIMEOUT": 0.3,
                "TRANSLATOR_RETRIES": 1,
                "TRANSLATOR_BACKOFF": 0.001,
                **settings,
            }
        )
    )


def article(**fields: Any) -> ArticleItem:
    values: dict[str, Any] = {
        "url": "https://index.hu/kulfold/2026/01/02/valasztas/",
        "source": "index.hu",
        "section": "kulfold",
        "kind": "article",
        "title": "Választás Lengyelországban",
        "lead": "Szoros eredmény született.",
        "text": "Első bekezdés.\n\nMásodik bekezdés.",
        "language": "hu",
        "language_probability": 0.99,
        "content_hash": "0" * 64,
        "crawled_at": "2026-01-02T10:00:00Z",
    }
    values.update(fields)
    return ArticleItem(**values)


def process(pipeline: TranslatePipeline, item: ArticleItem) -> ArticleItem:
    return asyncio.run(pipeline.process_item(item))


def assert_valid(item: ArticleItem) -> None:
    Draft202012Validator(record_schema()).validate(asdict(item))


def test_off_unless_translate_to_is_set(tmp_path: Path) -> None:
    for value in (None, "", "  "):
        settings = {} if value is None else {"TRANSLATE_TO": value}
        with pytest.raises(NotConfigured):
            TranslatePipeline.from_crawler(make_crawler(tmp_path, **settings))


def test_deep_translator_is_not_imported_when_off() -> None:
    code = (
        "import sys\n"
        "from scrapy.exceptions import NotConfigured\n"
        "from scrapy.utils.test import get_crawler\n"
        "from pipelines.translate import TranslatePipeline\n"
        "try:\n"
        "    TranslatePipeline.from_crawler(get_crawler())\n"
        "except NotConfigured:\n"
        "    pass\n"
        "assert 'deep_translator' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


def test_bad_target_language_fails_at_start(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="two-letter"):
        TranslatePipeline.from_crawler(make_crawler(tmp_path, TRANSLATE_TO="english"))


def test_item_translated_and_counted(fake: FakeGoogle, tmp_path: Path) -> None:
    crawler = make_crawler(tmp_path, TRANSLATE_TO="en", TRANSLATOR_URL=fake.base_url)
    pipeline = TranslatePipeline.from_crawler(crawler)
    item = process(pipeline, article())
    pipeline.close_spider()
    assert item.translation == {
        "lang": "en",
        "provider": "google",
        "title": "VÁLASZTÁS LENGYELORSZÁGBAN",
        "lead": "SZOROS EREDMÉNY SZÜLETETT.",
        "text": "ELSŐ BEKEZDÉS.\n\nMÁSODIK BEKEZDÉS.",
        "posts": [],
    }
    assert item.translation_error is None
    assert_valid(item)
    stats = crawler.stats.get_stats()
    assert stats["translate/translated"] == 1
    assert stats["translate/requests"] == 1
    assert (tmp_path / "cache" / "translations.sqlite3").exists()


def test_live_blog_item(fake: FakeGoogle, tmp_path: Path) -> None:
    crawler = make_crawler(tmp_path, TRANSLATE_TO="en", TRANSLATOR_URL=fake.base_url)
    pipeline = TranslatePipeline.from_crawler(crawler)
    posts = [
        {"published": "2026-01-02T10:00:00+01:00", "authors": ["Kis Anna"], "title": None,
         "text": "Percről percre."},
    ]  # fmt: skip
    item = process(pipeline, article(kind="liveblog", posts=posts))
    pipeline.close_spider()
    assert item.translation is not None
    assert item.translation["posts"] == [{"title": None, "text": "PERCRŐL PERCRE."}]
    assert_valid(item)


def test_english_item_left_alone(fake: FakeGoogle, tmp_path: Path) -> None:
    crawler = make_crawler(tmp_path, TRANSLATE_TO="en", TRANSLATOR_URL=fake.base_url)
    pipeline = TranslatePipeline.from_crawler(crawler)
    item = process(pipeline, article(language="en", title="Already English"))
    pipeline.close_spider()
    assert (item.translation, item.translation_error) == (None, None)
    assert fake.request_count == 0
    assert crawler.stats.get_value("translate/skipped_same_language") == 1


def test_failed_translation_still_yields_a_valid_record(fake: FakeGoogle, tmp_path: Path) -> None:
    fake.mode = "500"
    crawler = make_crawler(
        tmp_path, TRANSLATE_TO="en", TRANSLATOR_URL=fake.base_url, TRANSLATOR_MAX_FAILURES=2
    )
    pipeline = TranslatePipeline.from_crawler(crawler)
    items = [process(pipeline, article(text=f"{n}. bekezdés.")) for n in range(3)]
    pipeline.close_spider()
    assert [i.translation_error for i in items] == [
        "google:RequestError",
        "google:circuit_open",
        "google:circuit_open",
    ]
    assert all(i.translation is None for i in items)
    for item in items:
        assert_valid(item)
    stats = crawler.stats.get_stats()
    assert stats["translate/breaker_opened/google"] == 1
    assert stats["translate/failed"] == 3
    assert stats["translate/error/RequestError"] == 2
    assert fake.request_count == 2


def test_fallback_from_settings(fake: FakeGoogle, tmp_path: Path) -> None:
    fake.mode = "hang"
    with FakeGoogle() as second:
        crawler = make_crawler(
            tmp_path,
            TRANSLATE_TO="en",
            TRANSLATOR_URL=fake.base_url,
            TRANSLATOR_FALLBACK="mymemory",
            TRANSLATOR_FALLBACK_URL=second.mymemory_url,
            TRANSLATOR_RETRIES=0,
        )
        pipeline = TranslatePipeline.from_crawler(crawler)
        item = process(pipeline, article())
        pipeline.close_spider()
    assert item.translation is not None
    assert item.translation["provider"] == "mymemory"
    assert crawler.stats.get_value("translate/error/ReadTimeout") == 1


def test_translation_does_not_block_the_event_loop(fake: FakeGoogle, tmp_path: Path) -> None:
    fake.mode = "hang"
    crawler = make_crawler(
        tmp_path,
        TRANSLATE_TO="en",
        TRANSLATOR_URL=fake.base_url,
        TRANSLATOR_TIMEOUT=0.5,
        TRANSLATOR_RETRIES=0,
    )
    pipeline = TranslatePipeline.from_crawler(crawler)

    async def scenario() -> tuple[ArticleItem, bool]:
        translating = asyncio.ensure_future(pipeline.process_item(article()))
        ran_meanwhile = False
        while not translating.done():
            await asyncio.sleep(0.01)  # the loop's other work
            # The request is at the provider, unanswered, and the loop runs on.
            ran_meanwhile |= fake.request_count == 1 and not translating.done()
        return await translating, ran_meanwhile

    item, ran_meanwhile = asyncio.run(scenario())
    pipeline.close_spider()
    assert item.translation_error == "google:ReadTimeout"
    assert ran_meanwhile  # the loop kept running while the request hung


def test_runs_under_scrapys_pipeline_manager(fake: FakeGoogle, tmp_path: Path) -> None:
    from scrapy.pipelines import ItemPipelineManager

    crawler = make_crawler(
        tmp_path,
        TRANSLATE_TO="en",
        TRANSLATOR_URL=fake.base_url,
        ITEM_PIPELINES={"pipelines.translate.TranslatePipeline": 300},
    )
    manager = ItemPipelineManager.from_crawler(crawler)

    async def scenario() -> ArticleItem:
        item = await manager.process_item_async(article())
        await manager.close_spider_async()
        return item

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. a deprecated process_item signature
        item = asyncio.run(scenario())
    assert item.translation is not None
    assert item.translation["title"] == "VÁLASZTÁS LENGYELORSZÁGBAN"
