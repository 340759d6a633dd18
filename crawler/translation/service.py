"""Translating a record: cache, chunking, retries, a circuit breaker and a fallback.

:meth:`TranslationService.translate_record` is called from worker threads; it never raises
and never blocks longer than the configured timeouts and retries allow. It returns the
``translation`` object for the record or the short reason there is none, plus the stats
increments of the call (the caller applies them on its own thread, as Scrapy's stats
collector is not thread-safe).

Which records are translated: those whose detected ``language`` differs from the target.
A record whose language is unknown (``None``) is translated if it has letters at all; the
provider detects the source (the detector fails mostly on very short texts, which cost
little). A record with no letters anywhere is skipped.

Failures: 429, 5xx, timeouts and dropped connections are retried with exponential backoff
and jitter. Each failed request counts towards the provider's breaker; a success resets
it. After ``max_failures`` consecutive failed requests the provider is not called again for
the life of the service (the run). A record the first provider gives up on goes to the next
one (fallback) as a whole, so a translation never mixes providers.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.translation.cache import TranslationCache
from crawler.translation.chunking import has_letters, join_group, pack, segment, split_group
from crawler.translation.providers import (
    NotTranslatable,
    Provider,
    is_retryable,
    provider_factory,
)

logger = logging.getLogger(__name__)

MAX_DELAY = 60.0  # seconds; caps the exponential backoff
GROUPING_MAX_MISMATCHES = 3  # grouped answers that did not split back, in a row


@dataclass(frozen=True)
class ProviderSettings:
    name: str
    url: str = ""  # endpoint override (tests, self-hosted); "" = the provider's own


@dataclass(frozen=True)
class ServiceConfig:
    target: str
    providers: tuple[ProviderSettings, ...] = (ProviderSettings("google"),)
    timeout: float = 15.0
    retries: int = 3
    backoff: float = 1.0
    max_failures: int = 5
    chunk_chars: int = 4500
    cache_path: Path | None = None
    user_agent: str | None = None


@dataclass
class RecordResult:
    """``translation`` or ``error`` (both None when ``skipped`` says why not needed)."""

    translation: dict[str, Any] | None
    error: str | None
    skipped: str | None = None  # "same_language" | "no_text"
    stats: Counter[str] = field(default_factory=Counter)

    def apply(self, record: MutableMapping[str, Any]) -> None:
        """Set the record's ``translation`` and ``translation_error``; a record that
        needed none keeps its own (both null)."""
        if self.skipped is None:
            record["translation"] = self.translation
            record["translation_error"] = self.error


class CircuitBreaker:
    """Opens after ``threshold`` consecutive failures and stays open (0 = never opens)."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self._failures = 0
        self._open = False
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self._open

    def success(self) -> None:
        with self._lock:
            self._failures = 0

    def failure(self) -> bool:
        """Count one failure; True if it is the one that opened the breaker."""
        with self._lock:
            self._failures += 1
            if self._open or self.threshold <= 0 or self._failures < self.threshold:
                return False
            self._open = True
            return True


class _Backend:
    """One configured provider: its factory, breaker and grouping experience."""

    def __init__(self, index: int, name: str, factory: Callable[[], Provider], breaker_at: int):
        self.index = index
        self.name = name
        self.factory = factory
        self.breaker = CircuitBreaker(breaker_at)
        self.grouping = True
        self._mismatches = 0
        self._lock = threading.Lock()

    def group_result(self, ok: bool) -> bool:
        """Record whether a grouped answer split back; True if grouping was just disabled."""
        with self._lock:
            self._mismatches = 0 if ok else self._mismatches + 1
            if self.grouping and self._mismatches >= GROUPING_MAX_MISMATCHES:
                self.grouping = False
                return True
            return False


class _GaveUp(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TranslationService:
    def __init__(
        self,
        target: str,
        backends: Sequence[tuple[str, Callable[[], Provider]]],
        *,
        cache: TranslationCache | None = None,
        chunk_chars: int = 4500,
        retries: int = 3,
        backoff: float = 1.0,
        max_failures: int = 5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not backends:
            raise ValueError("at least one provider is needed")
        self.target = target
        self._backends = [
            _Backend(i, name, factory, max_failures) for i, (name, factory) in enumerate(backends)
        ]
        self._cache = cache
        self._chunk_chars = chunk_chars
        self._retries = max(0, retries)
        self._backoff = max(0.0, backoff)
        self._sleep = sleep
        self._random = random.Random()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._instances: list[Provider] = []
        self._logged: set[str] = set()

    @property
    def provider_names(self) -> list[str]:
        return [backend.name for backend in self._backends]

    # --- records

    def translate_record(self, record: Mapping[str, Any]) -> RecordResult:
        stats: Counter[str] = Counter()
        try:
            return self._translate_record(record, stats)
        except Exception as exc:  # a bug here must cost the translation, not the record
            reason = f"internal:{type(exc).__name__}"
            if self._first(reason):
                logger.exception("Translation failed unexpectedly (%s)", reason)
            stats["translate/error/internal"] += 1
            stats["translate/failed"] += 1
            return RecordResult(None, reason, None, stats)

    def _translate_record(self, record: Mapping[str, Any], stats: Counter[str]) -> RecordResult:
        language = record.get("language")
        texts = _record_texts(record)
        if isinstance(language, str) and language.lower() == self.target:
            stats["translate/skipped_same_language"] += 1
            return RecordResult(None, None, "same_language", stats)
        if not any(has_letters(text) for text in texts):
            stats["translate/skipped_no_text"] += 1
            return RecordResult(None, None, "no_text", stats)
        errors: list[str] = []
        for backend in self._backends:
            if backend.breaker.is_open:
                errors.append(f"{backend.name}:circuit_open")
                continue
            try:
                translated = self._translate_texts(backend, texts, language, stats)
            except _GaveUp as gave_up:
                errors.append(f"{backend.name}:{gave_up.reason}")
                continue
            stats["translate/translated"] += 1
            stats[f"translate/provider/{backend.name}"] += 1
            translation = _translation(record, translated, self.target, backend.name)
            return RecordResult(translation, None, None, stats)
        stats["translate/failed"] += 1
        return RecordResult(None, "; ".join(errors), None, stats)

    # --- texts and chunks

    def _translate_texts(
        self,
        backend: _Backend,
        texts: list[str | None],
        source: str | None,
        stats: Counter[str],
    ) -> list[str | None]:
        provider = self._provider(backend)
        limit = max(1, min(self._chunk_chars, provider.max_chars))
        present = [text for text in texts if text is not None]
        segmentation = segment(present, limit)
        units = segmentation.units
        done: list[str] = [""] * len(units)
        groups = pack(units, limit) if backend.grouping else [[i] for i in range(len(units))]
        for group in groups:
            answers = self._translate_group(backend, [units[i] for i in group], source, stats)
            for index, answer in zip(group, answers, strict=True):
                done[index] = answer
        rebuilt = iter(segmentation.reassemble(done))
        return [None if text is None else next(rebuilt) for text in texts]

    def _translate_group(
        self, backend: _Backend, units: list[str], source: str | None, stats: Counter[str]
    ) -> list[str]:
        if len(units) == 1:
            return [self._call(backend, units[0], source, stats).strip()]
        answer = self._call(backend, join_group(units), source, stats)
        parts = split_group(answer, len(units))
        if backend.group_result(parts is not None):
            logger.warning(
                "%s keeps merging or splitting paragraphs; sending them one by one from now on",
                backend.name,
            )
        if parts is not None:
            return parts
        stats["translate/group_mismatch"] += 1
        return [self._call(backend, unit, source, stats).strip() for unit in units]

    def _call(self, backend: _Backend, text: str, source: str | None, stats: Counter[str]) -> str:
        if self._cache is not None:
            cached = self._cache.get(backend.name, self.target, text)
            if cached is not None:
                stats["translate/cache_hit"] += 1
                return cached
            stats["translate/cache_miss"] += 1
        provider = self._provider(backend)
        for attempt in range(self._retries + 1):
            if backend.breaker.is_open:
                raise _GaveUp("circuit_open")
            stats["translate/requests"] += 1
            stats["translate/chars"] += len(text)
            try:
                answer = provider.translate(text, source)
            except NotTranslatable as exc:
                # About this text, not the provider: no retry, no breaker count.
                stats[f"translate/error/{type(exc).__name__}"] += 1
                raise _GaveUp(type(exc).__name__) from exc
            except Exception as exc:
                reason = type(exc).__name__
                status = provider.last_status
                stats[f"translate/error/{reason}"] += 1
                self._log_failure(backend.name, reason, status)
                if backend.breaker.failure():
                    stats[f"translate/breaker_opened/{backend.name}"] += 1
                    logger.warning(
                        "Translation provider %s switched off for the rest of the run after %d"
                        " consecutive failed requests",
                        backend.name,
                        backend.breaker.threshold,
                    )
                if (
                    attempt >= self._retries
                    or backend.breaker.is_open
                    or not is_retryable(exc, status)
                ):
                    raise _GaveUp(reason) from exc
                stats["translate/retries"] += 1
                self._sleep(self._delay(attempt))
                continue
            backend.breaker.success()
            if self._cache is not None:
                self._cache.put(backend.name, self.target, text, answer)
            return answer
        raise AssertionError("unreachable")  # the last attempt returns or raises

    def _delay(self, attempt: int) -> float:
        # "Equal jitter": at least half the exponential step, so retries stay spaced out,
        # plus a random half, so threads hitting the same 429 do not retry in lockstep.
        step = min(MAX_DELAY, self._backoff * 2**attempt)
        return step / 2 + self._random.uniform(0, step / 2)

    # --- per-thread provider instances

    def _provider(self, backend: _Backend) -> Provider:
        # deep-translator instances keep request state on themselves: one per thread.
        instances: dict[int, Provider] = self._local.__dict__.setdefault("instances", {})
        provider = instances.get(backend.index)
        if provider is None:
            provider = instances[backend.index] = backend.factory()
            with self._lock:
                self._instances.append(provider)
        return provider

    def close(self) -> None:
        """Close every provider session and the cache; call once the workers are done."""
        with self._lock:
            instances, self._instances = self._instances, []
        for provider in instances:
            provider.close()
        if self._cache is not None:
            self._cache.close()

    # --- logging

    def _first(self, kind: str) -> bool:
        with self._lock:
            if kind in self._logged:
                return False
            self._logged.add(kind)
            return True

    def _log_failure(self, provider: str, reason: str, status: int | None) -> None:
        # Only names and statuses: exception texts carry request URLs (the article text,
        # MyMemory's e-mail parameter).
        if self._first(f"{provider}:{reason}"):
            logger.warning(
                "Translation request to %s failed: %s%s (logged once; see translate/error/* stats)",
                provider,
                reason,
                f" (HTTP {status})" if status else "",
            )


def _record_texts(record: Mapping[str, Any]) -> list[str | None]:
    texts: list[str | None] = [record.get("title"), record.get("lead"), record.get("text")]
    for post in record.get("posts") or ():
        texts.extend([post.get("title"), post.get("text")])
    return texts


def _translation(
    record: Mapping[str, Any], translated: list[str | None], target: str, provider: str
) -> dict[str, Any]:
    values: Iterator[str | None] = iter(translated)
    title, lead, text = next(values), next(values), next(values)
    posts = [{"title": next(values), "text": next(values) or ""} for _ in record.get("posts") or ()]
    return {
        "lang": target,
        "provider": provider,
        "title": title or "",
        "lead": lead,
        "text": text or "",
        "posts": posts,
    }


def build_service(
    config: ServiceConfig,
    *,
    environ: Mapping[str, str] = os.environ,
    sleep: Callable[[float], None] = time.sleep,
) -> TranslationService:
    """The service for ``config``; raises ``ConfigError`` for bad settings (no network)."""
    backends = [
        (
            provider.name.strip().lower(),
            provider_factory(
                provider.name,
                target=config.target,
                url=provider.url,
                timeout=config.timeout,
                user_agent=config.user_agent,
                environ=environ,
            ),
        )
        for provider in config.providers
    ]
    cache = TranslationCache(config.cache_path) if config.cache_path else None
    return TranslationService(
        config.target,
        backends,
        cache=cache,
        chunk_chars=config.chunk_chars,
        retries=config.retries,
        backoff=config.backoff,
        max_failures=config.max_failures,
        sleep=sleep,
    )
