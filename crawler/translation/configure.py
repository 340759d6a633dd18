"""The translation service the settings ask for.

Settings: ``TRANSLATE_TO`` (empty: off), ``TRANSLATOR``, ``TRANSLATOR_URL``,
``TRANSLATOR_FALLBACK``, ``TRANSLATOR_FALLBACK_URL``, ``TRANSLATOR_TIMEOUT``,
``TRANSLATOR_RETRIES``, ``TRANSLATOR_BACKOFF``, ``TRANSLATOR_MAX_FAILURES``,
``TRANSLATOR_CHUNK_CHARS``, ``OUTPUT_DIR`` (the cache), ``USER_AGENT``.

Import-light: deep-translator is loaded only when a service is built, so a crawl with
translation off never loads it. ``settings`` is anything with Scrapy's typed getters.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from crawler.translation.service import ServiceConfig, TranslationService

CACHE_FILE = Path("cache") / "translations.sqlite3"  # under OUTPUT_DIR


class Settings(Protocol):
    def get(self, name: str, default: Any = None) -> Any: ...
    def getint(self, name: str, default: int = 0) -> int: ...
    def getfloat(self, name: str, default: float = 0.0) -> float: ...
    def __getitem__(self, name: str) -> Any: ...


def target_language(settings: Settings) -> str:
    return (settings.get("TRANSLATE_TO") or "").strip().lower()


def service_config(settings: Settings) -> ServiceConfig:
    """The translation settings as the service wants them."""
    from crawler.translation.service import ProviderSettings, ServiceConfig

    providers = [ProviderSettings(settings["TRANSLATOR"], _url(settings, ""))]
    fallback = (settings.get("TRANSLATOR_FALLBACK") or "").strip()
    if fallback:
        providers.append(ProviderSettings(fallback, _url(settings, "_FALLBACK")))
    return ServiceConfig(
        target=target_language(settings),
        providers=tuple(providers),
        timeout=settings.getfloat("TRANSLATOR_TIMEOUT"),
        retries=settings.getint("TRANSLATOR_RETRIES"),
        backoff=settings.getfloat("TRANSLATOR_BACKOFF"),
        max_failures=settings.getint("TRANSLATOR_MAX_FAILURES"),
        chunk_chars=settings.getint("TRANSLATOR_CHUNK_CHARS"),
        cache_path=Path(settings["OUTPUT_DIR"]) / CACHE_FILE,
        user_agent=settings.get("USER_AGENT") or None,
    )


def _url(settings: Settings, which: str) -> str:
    return (settings.get(f"TRANSLATOR{which}_URL") or "").strip()


def build_service_from_settings(settings: Settings) -> TranslationService:
    """Raises ``ValueError`` (``ConfigError``) for a bad target, provider or missing key."""
    from crawler.translation.service import build_service

    config = service_config(settings)
    _check_target(config.target)
    return build_service(config)


def check(settings: Settings) -> None:
    """Raises what :func:`build_service_from_settings` would, without building the
    service: no cache opened, no thread started, no network (a provider's constructor
    only checks its configuration). For the run commands, before a crawl starts."""
    from crawler.translation.providers import provider_factory

    config = service_config(settings)
    _check_target(config.target)
    for provider in config.providers:
        provider_factory(
            provider.name,
            target=config.target,
            url=provider.url,
            timeout=config.timeout,
            user_agent=config.user_agent,
        )


def _check_target(target: str) -> None:
    # The record schema allows two-letter codes only ("lang": ^[a-z]{2}$).
    if len(target) != 2 or not target.isalpha() or not target.isascii():
        raise ValueError(f"TRANSLATE_TO must be a two-letter language code, not {target!r}")
