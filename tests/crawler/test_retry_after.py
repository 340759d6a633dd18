from datetime import UTC, datetime

from crawler.run.retry_after import RetryAfterMiddleware, retry_after_seconds
from tests.crawlers import project_crawler

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def test_retry_after_values():
    assert retry_after_seconds(b"120") == 120.0
    assert retry_after_seconds(" 7 ") == 7.0
    assert retry_after_seconds("Tue, 01 Dec 2026 03:00:30 GMT", now=NOW) == 30.0
    assert retry_after_seconds("Tue, 01 Dec 2026 02:59:00 GMT", now=NOW) == 0.0  # past
    for unreadable in (None, "", "soon", "-5", "1.5e3"):
        assert retry_after_seconds(unreadable) is None, unreadable


def test_it_replaces_scrapys_retry_middleware(tmp_path):
    crawler = project_crawler(tmp_path)
    middleware = RetryAfterMiddleware.from_crawler(crawler)
    assert middleware.max_wait == 60.0 and middleware.max_retry_times == 2
    enabled = crawler.settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert enabled["scrapy.downloadermiddlewares.retry.RetryMiddleware"] is None
    middleware._pause("index.hu", 3600)
    assert crawler.stats.get_value("retry/retry_after_capped") == 1
