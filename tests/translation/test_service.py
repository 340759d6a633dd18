"""The service against the fake endpoints, through deep-translator's real code."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from crawler.translation.providers import ConfigError
from crawler.translation.service import (
    ProviderSettings,
    RecordResult,
    ServiceConfig,
    TranslationService,
    build_service,
)

from .fake_google import FakeGoogle, closed_port_url
from .test_chunking import long_body

TIMEOUT = 0.3
BACKOFF = 0.001


@pytest.fixture
def fake() -> Iterator[FakeGoogle]:
    with FakeGoogle() as server:
        yield server


def make_service(
    *providers: tuple[str, str],
    cache: Path | None = None,
    environ: dict[str, str] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    **overrides: Any,
) -> TranslationService:
    config = ServiceConfig(
        target="en",
        providers=tuple(ProviderSettings(name, url) for name, url in providers),
        timeout=TIMEOUT,
        retries=overrides.pop("retries", 2),
        backoff=BACKOFF,
        max_failures=overrides.pop("max_failures", 50),
        cache_path=cache,
        user_agent="hu-news-crawler-tests",
        **overrides,
    )
    return build_service(config, environ=environ or {}, sleep=sleep)


def record(text: str = "Első bekezdés.\n\nMásodik bekezdés.", **fields: Any) -> dict[str, Any]:
    return {
        "title": "Háború Ukrajnában",
        "lead": "Rövid összefoglaló.",
        "text": text,
        "posts": [],
        "language": "hu",
        **fields,
    }


def translated(result: RecordResult) -> dict[str, Any]:
    assert result.error is None, result.error
    assert result.translation is not None
    return result.translation


def test_record_translated_with_structure(fake: FakeGoogle) -> None:
    service = make_service(("google", fake.base_url))
    result = service.translate_record(record())
    assert translated(result) == {
        "lang": "en",
        "provider": "google",
        "title": "HÁBORÚ UKRAJNÁBAN",
        "lead": "RÖVID ÖSSZEFOGLALÓ.",
        "text": "ELSŐ BEKEZDÉS.\n\nMÁSODIK BEKEZDÉS.",
        "posts": [],
    }
    # Title, lead and both paragraphs travel in one request.
    assert fake.request_count == 1
    assert fake.requests[0].headers["User-Agent"] == "hu-news-crawler-tests"
    assert result.stats["translate/translated"] == 1
    assert result.stats["translate/requests"] == 1


def test_live_blog_posts_and_null_fields(fake: FakeGoogle) -> None:
    posts = [
        {"published": None, "authors": [], "title": "Friss hír", "text": "Egy.\n\nKettő."},
        {"published": None, "authors": [], "title": None, "text": "***"},
    ]
    result = make_service(("google", fake.base_url)).translate_record(
        record(lead=None, posts=posts)
    )
    translation = translated(result)
    assert translation["lead"] is None
    assert translation["posts"] == [
        {"title": "FRISS HÍR", "text": "EGY.\n\nKETTŐ."},
        {"title": None, "text": "***"},
    ]


def test_long_body_goes_in_chunks_under_the_limit_in_order(fake: FakeGoogle) -> None:
    body = long_body(12_000) + "\n\n" + " ".join(["Egy nagyon hosszú bekezdés mondata."] * 200)
    result = make_service(("google", fake.base_url)).translate_record(record(body))
    assert translated(result)["text"] == body.upper()
    assert fake.request_count >= 4
    assert all(0 < len(text) <= 4500 for text in fake.texts)
    # Requests follow the text: each one's first paragraph comes later in the body.
    positions = [body.find(text.split("\n\n")[0]) for text in fake.texts[1:]]
    assert positions == sorted(positions)
    assert -1 not in positions


def test_paragraphs_sent_one_by_one_when_grouped_breaks_are_lost(fake: FakeGoogle) -> None:
    fake.mode = "br"  # the answer's paragraph breaks come back as <br>: they merge
    result = make_service(("google", fake.base_url)).translate_record(record())
    assert translated(result)["text"] == "ELSŐ BEKEZDÉS.\n\nMÁSODIK BEKEZDÉS."
    assert result.stats["translate/group_mismatch"] == 1
    assert fake.request_count == 1 + 4  # the group, then title, lead and each paragraph


def test_429_then_success_is_retried(fake: FakeGoogle) -> None:
    fake.script("429")
    result = make_service(("google", fake.base_url)).translate_record(record())
    assert translated(result)["title"] == "HÁBORÚ UKRAJNÁBAN"
    assert fake.request_count == 2
    assert result.stats["translate/retries"] == 1
    assert result.stats["translate/error/TooManyRequests"] == 1


@pytest.mark.parametrize(
    ("mode", "reason", "requests"),
    [
        ("500", "RequestError", 3),  # 5xx: retried (retries=2)
        ("429", "TooManyRequests", 3),
        ("404", "RequestError", 1),  # 4xx: not worth repeating
        ("garbage", "TranslationNotFound", 1),
        ("empty", "EmptyTranslation", 1),
        ("hang", "ReadTimeout", 3),
    ],
)
def test_failure_modes_leave_a_reason_within_the_time_budget(
    fake: FakeGoogle, mode: str, reason: str, requests: int
) -> None:
    fake.mode = mode
    waits: list[float] = []
    result = make_service(("google", fake.base_url), sleep=waits.append).translate_record(record())
    assert result.translation is None
    assert result.error == f"google:{reason}"
    assert result.stats[f"translate/error/{reason}"] == requests
    assert result.stats["translate/failed"] == 1
    assert fake.request_count == requests
    # Within the budget: each request ended by its answer or its timeout (a "hang" is
    # never answered), and between tries the service waited its backoff and no more.
    assert_backoff_only(waits, requests - 1)


def assert_backoff_only(waits: list[float], retries: int) -> None:
    assert len(waits) == retries, waits
    for attempt, wait in enumerate(waits):
        assert 0 < wait <= BACKOFF * 2**attempt, (attempt, waits)


def test_connection_refused() -> None:
    waits: list[float] = []
    service = make_service(("google", closed_port_url()), sleep=waits.append)
    result = service.translate_record(record())
    assert result.error == "google:ConnectionError"
    assert result.stats["translate/requests"] == 3
    assert_backoff_only(waits, 2)


def test_breaker_stops_calling_the_provider(fake: FakeGoogle) -> None:
    fake.mode = "500"
    service = make_service(("google", fake.base_url), retries=1, max_failures=3)
    results = [service.translate_record(record()) for _ in range(4)]
    assert [r.error for r in results] == [
        "google:RequestError",
        "google:RequestError",  # the 3rd failure opens the breaker: no retry after it
        "google:circuit_open",
        "google:circuit_open",
    ]
    assert fake.request_count == 3
    total = sum((r.stats for r in results), Counter())
    assert total["translate/breaker_opened/google"] == 1
    assert total["translate/failed"] == 4


def test_success_resets_the_breaker(fake: FakeGoogle) -> None:
    service = make_service(("google", fake.base_url), retries=0, max_failures=2)
    for _ in range(3):
        fake.script("500")
        assert service.translate_record(record()).error == "google:RequestError"
        assert service.translate_record(record(text="Más szöveg.")).error is None


def test_fallback_takes_over(fake: FakeGoogle) -> None:
    with FakeGoogle(mode="500") as broken:
        service = make_service(
            ("google", broken.base_url), ("mymemory", fake.mymemory_url), max_failures=2
        )
        results = [service.translate_record(record(text=f"{n}. szöveg.")) for n in range(3)]
    assert [translated(r)["provider"] for r in results] == ["mymemory"] * 3
    assert translated(results[2])["text"] == "2. SZÖVEG."
    assert broken.request_count == 2  # then its breaker is open and it is skipped
    assert fake.requests[0].path == "/get"
    assert results[2].stats["translate/provider/mymemory"] == 1


def test_fallback_failing_too_reports_both() -> None:
    with FakeGoogle(mode="500") as first, FakeGoogle(mode="garbage") as second:
        service = make_service(("google", first.base_url), ("google", second.base_url))
        result = service.translate_record(record())
    assert result.translation is None
    assert result.error == "google:RequestError; google:TranslationNotFound"


def test_mymemory_needs_the_source_language(fake: FakeGoogle) -> None:
    service = make_service(("mymemory", fake.mymemory_url), max_failures=1)
    result = service.translate_record(record(language=None))
    assert result.error == "mymemory:UnknownSourceLanguage"
    assert fake.request_count == 0
    # Not the provider's fault: its breaker stays closed.
    assert translated(service.translate_record(record()))["provider"] == "mymemory"


def test_cache_makes_a_second_pass_free(fake: FakeGoogle, tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "translations.sqlite3"
    body = long_body(6000)
    first = make_service(("google", fake.base_url), cache=cache)
    one = first.translate_record(record(body))
    first.close()
    paid = fake.request_count
    assert paid >= 2
    second = make_service(("google", fake.base_url), cache=cache)
    two = second.translate_record(record(body))
    second.close()
    assert fake.request_count == paid
    assert two.translation == one.translation
    assert two.stats["translate/cache_hit"] == paid
    assert "translate/requests" not in two.stats


def test_record_in_target_language_is_not_translated(fake: FakeGoogle) -> None:
    result = make_service(("google", fake.base_url)).translate_record(record(language="en"))
    assert (result.translation, result.error, result.skipped) == (None, None, "same_language")
    assert result.stats == Counter({"translate/skipped_same_language": 1})
    assert fake.request_count == 0


def test_unknown_language_is_translated_when_it_has_letters(fake: FakeGoogle) -> None:
    service = make_service(("google", fake.base_url))
    assert translated(service.translate_record(record(language=None)))["text"].isupper()
    blank = record(title="***", lead=None, text="12:30\n\n—", language=None)
    assert service.translate_record(blank).skipped == "no_text"
    assert fake.request_count == 1


def test_threads_share_one_service(fake: FakeGoogle) -> None:
    service = make_service(("google", fake.base_url))
    texts = [f"{n}. hír szövege.\n\nMásodik bekezdés {n}." for n in range(24)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(service.translate_record, [record(t) for t in texts]))
    assert [translated(r)["text"] for r in results] == [t.upper() for t in texts]
    service.close()


def test_deepl_sends_the_key_in_a_header_and_never_logs_it(
    fake: FakeGoogle, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "0123-secret-key:fx"
    service = make_service(("deepl", fake.deepl_url), environ={"DEEPL_API_KEY": secret})
    assert translated(service.translate_record(record()))["provider"] == "deepl"
    assert fake.requests[0].headers["Authorization"] == f"DeepL-Auth-Key {secret}"
    assert secret not in fake.requests[0].path
    fake.mode = "403"
    with caplog.at_level(logging.DEBUG):
        result = service.translate_record(record(text="Más."))
    assert result.error == "deepl:AuthorizationFailed"
    assert "AuthorizationFailed" in caplog.text
    assert secret not in caplog.text
    assert secret not in result.error


def test_failures_are_logged_once_per_kind(
    fake: FakeGoogle, caplog: pytest.LogCaptureFixture
) -> None:
    fake.mode = "500"
    service = make_service(("google", fake.base_url), retries=0)
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            service.translate_record(record())
    assert caplog.text.count("RequestError") == 1


@pytest.mark.parametrize(
    ("provider", "environ", "message"),
    [
        ("deepl", {}, "DEEPL_API_KEY"),
        ("bing", {}, "unknown translator"),
    ],
)
def test_configuration_errors(provider: str, environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        make_service((provider, ""), environ=environ)


def test_unsupported_target_language() -> None:
    with pytest.raises(ConfigError, match="cannot translate into"):
        build_service(ServiceConfig(target="xx"))
