"""The crawl with translation on, against the local Google stand-in."""

from __future__ import annotations

import pytest

from tests.e2e.runner import crawl
from tests.standin.server import StandinServer
from tests.standin.site import CYCLE_LANES, default_site
from tests.translation.fake_google import FakeGoogle, closed_port_url

THREADS = 2  # TRANSLATOR_THREADS of the failure tests


@pytest.fixture(scope="module")
def site():
    return default_site()


def test_records_carry_english_with_paragraphs_intact(site, tmp_path):
    with FakeGoogle() as google, StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path, TRANSLATE_TO="en", TRANSLATOR_URL=google.base_url)
        sent = google.request_count
    assert run.returncode == 0, run.log[-3000:]
    records = run.records()
    assert len(records) == len(site.expected_records())
    assert sent > 0
    for record in records:
        if record["language"] == "en":
            assert record["translation"] is None and record["translation_error"] is None
            continue
        translation = record["translation"]
        assert translation["lang"] == "en" and translation["provider"] == "google"
        assert translation["title"] == record["title"].upper()
        assert translation["text"] == record["text"].upper()  # order and \n\n kept
        assert translation["text"].count("\n\n") == record["text"].count("\n\n")
        assert [p["title"] for p in translation["posts"]] == [
            (p["title"] or "").upper() or p["title"] for p in record["posts"]
        ]
    assert CYCLE_LANES.url in {r["url"] for r in records if r["translation"] is None}


def test_cache_second_crawl_sends_nothing(site, tmp_path):
    with FakeGoogle() as google, StandinServer(site) as server:
        crawl(server.base_url, tmp_path, TRANSLATE_TO="en", TRANSLATOR_URL=google.base_url)
        first = google.request_count
        # Forget what was published (the state and its files): emit all again.
        (tmp_path / "state.sqlite3").unlink()
        for published in (tmp_path / "index_abroad").glob("*.jsonl"):
            published.unlink()
        again = crawl(server.base_url, tmp_path, TRANSLATE_TO="en", TRANSLATOR_URL=google.base_url)
        assert google.request_count == first
    translated = [r for r in again.records() if r["translation"]]
    assert len(translated) >= 11  # everything translated again, from the cache


@pytest.mark.parametrize("mode", ["500", "garbage", "empty", "hang", "refused"])
def test_translation_failure_never_loses_an_article(site, tmp_path, mode):
    with (
        FakeGoogle(mode="ok" if mode == "refused" else mode) as google,
        StandinServer(site) as server,
    ):
        url = closed_port_url() if mode == "refused" else google.base_url
        run = crawl(
            server.base_url,
            tmp_path,
            TRANSLATE_TO="en",
            TRANSLATOR_URL=url,
            TRANSLATOR_TIMEOUT="1",
            TRANSLATOR_RETRIES="1",
            TRANSLATOR_BACKOFF="0.05",
            TRANSLATOR_MAX_FAILURES="3",
            TRANSLATOR_THREADS=str(THREADS),
        )
        sent = google.request_count
    assert run.returncode == 0, run.log[-3000:]
    records = run.records()
    assert sorted(r["url"] for r in records) == sorted(e["url"] for e in site.expected_records())
    hungarian = [r for r in records if r["language"] == "hu"]
    assert all(r["translation"] is None and r["translation_error"] for r in hungarian)
    # The breaker stops a dead provider from costing every article: after 3 failures in a
    # row no request is sent but those already on their way (one per translator thread).
    stats = run.stats()
    assert stats["translate/breaker_opened/google"] == 1
    requests = stats["translate/requests"]
    assert requests <= 3 + THREADS < len(hungarian), (requests, len(hungarian))
    assert sent == (0 if mode == "refused" else requests)
