"""Provider adapters: one small class per translation service, one instance per thread.

Google and MyMemory run deep-translator 1.11.4's own ``translate`` code (request building,
status checks, HTML/JSON parsing) with one change: the module-level ``requests`` it calls
is replaced, for that instance only, by :class:`_Http`, a ``requests.Session`` that adds a
connect/read timeout (deep-translator passes none, so a silent server blocks it forever)
and our User-Agent, and remembers the last HTTP status (deep-translator's ``RequestError``
does not say whether it was a 5xx worth retrying). No global is mutated: the translate
function is rebuilt with its own globals, and the endpoint is overridden per instance.

DeepL has its own adapter: 1.11.4's ``DeeplTranslator`` authenticates with an ``auth_key``
query parameter over GET, which DeepL stopped accepting (January 2026), and a key in a URL
ends up in exception messages. Ours POSTs JSON with the ``Authorization`` header.

Not offered: Microsoft (1.11.4's constructor fetches its language list from a fixed URL
with no timeout, and ``translate`` swallows network errors then fails on ``None``) and
Libre (no Hungarian in its language list).

A deep-translator instance keeps per-request state on itself (``_url_params``), so an
instance must never be shared between threads; the service makes one per worker thread.
"""

from __future__ import annotations

import os
import types
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import requests
from deep_translator import GoogleTranslator, MyMemoryTranslator
from deep_translator.constants import GOOGLE_LANGUAGES_TO_CODES, MY_MEMORY_LANGUAGES_TO_CODES
from deep_translator.exceptions import (
    LanguageNotSupportedException,
    RequestError,
    TooManyRequests,
    TranslationNotFound,
)

DEEPL_KEY_ENV = "DEEPL_API_KEY"  # the variable deep-translator itself reads
MYMEMORY_EMAIL_ENV = "MYMEMORY_EMAIL"  # optional: MyMemory's daily quota is larger with it
DEEPL_PRO_URL = "https://api.deepl.com/v2/translate"
DEEPL_FREE_URL = "https://api-free.deepl.com/v2/translate"
PROVIDER_NAMES = ("google", "mymemory", "deepl")


class ConfigError(ValueError):
    """Translation is misconfigured (unknown provider, language, missing key)."""


class EmptyTranslation(Exception):
    """The provider answered, but with nothing for a text that has letters."""


class QuotaExceeded(Exception):
    """The provider's quota is used up (DeepL 456, MyMemory's in-band warning)."""


class AuthorizationFailed(Exception):
    """The provider refused the API key (401/403)."""


class NotTranslatable(Exception):
    """This text cannot go to this provider; says nothing about the provider's health."""


class UnknownSourceLanguage(NotTranslatable):
    """The provider needs the source language and the record's is unknown or unsupported."""


class Provider(Protocol):
    name: str
    max_chars: int  # longest text one request may carry

    @property
    def last_status(self) -> int | None: ...

    def translate(self, text: str, source: str | None) -> str: ...

    def close(self) -> None: ...


def is_retryable(exc: BaseException, status: int | None) -> bool:
    """429, 5xx, timeouts and dropped connections: worth another try after a pause."""
    if isinstance(exc, TooManyRequests):
        return True
    if isinstance(exc, requests.Timeout | requests.ConnectionError):
        return True
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return True
    return isinstance(exc, RequestError) and status is not None and status >= 500


class _Http:
    """Stands in for the ``requests`` module inside deep-translator's ``translate``."""

    def __init__(self, timeout: float, user_agent: str | None) -> None:
        self.session = requests.Session()
        if user_agent:
            self.session.headers["User-Agent"] = user_agent
        self.timeout = timeout
        self.last_status: int | None = None

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self._seen(self.session.get(url, timeout=self.timeout, **kwargs))

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self._seen(self.session.post(url, timeout=self.timeout, **kwargs))

    def _seen(self, response: requests.Response) -> requests.Response:
        self.last_status = response.status_code
        return response


def _with_http(function: Callable[..., Any], http: _Http) -> Callable[..., Any]:
    """``function`` whose global name ``requests`` is ``http``; the original is untouched."""
    if "requests" not in function.__code__.co_names:
        # Another deep-translator version: fail loudly rather than run without a timeout.
        raise RuntimeError(f"{function.__qualname__} no longer calls requests.*")
    rebound = types.FunctionType(
        function.__code__,
        {**function.__globals__, "requests": http},
        function.__name__,
        function.__defaults__,
        function.__closure__,
    )
    rebound.__kwdefaults__ = function.__kwdefaults__
    return rebound


class _Google(GoogleTranslator):
    def __init__(self, target: str, http: _Http, url: str) -> None:
        super().__init__(source="auto", target=target)
        if url:
            self._base_url = url
        self._translate = _with_http(GoogleTranslator.translate, http)

    def translate(self, text: str, **kwargs: Any) -> str:
        # Its retry-without-"hl" path calls self.translate again: still ours.
        return self._translate(self, text, **kwargs)


class _MyMemory(MyMemoryTranslator):
    def __init__(self, target: str, http: _Http, url: str, email: str | None) -> None:
        super().__init__(source="auto", target=target, email=email)
        if url:
            self._base_url = url
        self._translate = _with_http(MyMemoryTranslator.translate, http)

    def translate(self, text: str, return_all: bool = False, **kwargs: Any) -> Any:
        return self._translate(self, text, return_all, **kwargs)


def _answer(result: Any) -> str:
    # deep-translator answers "" for an empty result and None for punctuation-only input.
    if not isinstance(result, str) or not result.strip():
        raise EmptyTranslation()
    return result


class GoogleProvider:
    name = "google"
    max_chars = 4999  # GoogleTranslator refuses len(text) >= 5000 (NotValidLength)

    def __init__(self, *, target: str, url: str, timeout: float, user_agent: str | None) -> None:
        self._http = _Http(timeout, user_agent)
        try:
            self._translator = _Google(target, self._http, url)
        except LanguageNotSupportedException:
            raise ConfigError(f"google cannot translate into {target!r}") from None

    @property
    def last_status(self) -> int | None:
        return self._http.last_status

    def translate(self, text: str, source: str | None) -> str:
        # The source is left to Google ("auto"): it also covers records whose language
        # was not detected, and a wrong guess from langdetect cannot spoil the result.
        self._http.last_status = None
        return _answer(self._translator.translate(text))

    def close(self) -> None:
        self._http.session.close()


_GOOGLE_NAMES = {code: name for name, code in GOOGLE_LANGUAGES_TO_CODES.items()}


def mymemory_code(language: str | None) -> str | None:
    """MyMemory's code for a two-letter language ("hu" → "hu-HU"), if it has one."""
    return MY_MEMORY_LANGUAGES_TO_CODES.get(_GOOGLE_NAMES.get(language or "", ""))


class MyMemoryProvider:
    name = "mymemory"
    max_chars = 499  # MyMemoryTranslator refuses len(text) >= 500

    def __init__(
        self,
        *,
        target: str,
        url: str,
        timeout: float,
        user_agent: str | None,
        email: str | None = None,
    ) -> None:
        code = mymemory_code(target)
        if code is None:
            raise ConfigError(f"mymemory cannot translate into {target!r}")
        self._http = _Http(timeout, user_agent)
        self._translator = _MyMemory(code, self._http, url, email)

    @property
    def last_status(self) -> int | None:
        return self._http.last_status

    def translate(self, text: str, source: str | None) -> str:
        # MyMemory has no reliable auto-detection: it needs the record's language.
        code = mymemory_code(source)
        if code is None:
            raise UnknownSourceLanguage()
        self._translator.source = code
        self._http.last_status = None
        result = _answer(self._translator.translate(text))
        # Quota problems come back as HTTP 200 with the warning as the "translation".
        if result.lstrip().upper().startswith(("MYMEMORY WARNING", "QUERY LENGTH LIMIT")):
            raise QuotaExceeded()
        return result

    def close(self) -> None:
        self._http.session.close()


# DeepL wants a variant for these targets; the bare code is deprecated.
_DEEPL_TARGETS = {"en": "EN-US", "pt": "PT-PT"}


class DeeplProvider:
    name = "deepl"
    max_chars = 30_000  # DeepL takes 128 KiB a request; the chunk setting is what bites

    def __init__(
        self,
        *,
        target: str,
        url: str,
        timeout: float,
        user_agent: str | None,
        api_key: str | None,
    ) -> None:
        if not api_key:
            raise ConfigError(f"TRANSLATOR deepl needs the {DEEPL_KEY_ENV} environment variable")
        # Free-plan keys end in ":fx" and only work on the free endpoint.
        self._url = url or (DEEPL_FREE_URL if api_key.endswith(":fx") else DEEPL_PRO_URL)
        self._target = _DEEPL_TARGETS.get(target, target.upper())
        self._timeout = timeout
        self._session = requests.Session()
        self._session.headers["Authorization"] = f"DeepL-Auth-Key {api_key}"
        if user_agent:
            self._session.headers["User-Agent"] = user_agent
        self.last_status: int | None = None

    def translate(self, text: str, source: str | None) -> str:
        # No source_lang: DeepL detects it, as Google does.
        self.last_status = None
        payload = {"text": [text], "target_lang": self._target}
        with self._session.post(self._url, json=payload, timeout=self._timeout) as response:
            self.last_status = status = response.status_code
            if status == 429:
                raise TooManyRequests()
            if status == 456:
                raise QuotaExceeded()
            if status in (401, 403):
                raise AuthorizationFailed()
            if not 200 <= status < 300:
                raise RequestError()
            try:
                result = response.json()["translations"][0]["text"]
            except (ValueError, LookupError, TypeError):
                raise TranslationNotFound(text) from None
        return _answer(result)

    def close(self) -> None:
        self._session.close()


def provider_factory(
    name: str,
    *,
    target: str,
    url: str = "",
    timeout: float,
    user_agent: str | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Callable[[], Provider]:
    """A maker of fresh provider instances; builds one now so bad settings fail early."""
    name = name.strip().lower()
    common: dict[str, Any] = {
        "target": target,
        "url": url,
        "timeout": timeout,
        "user_agent": user_agent,
    }
    make: Callable[[], Provider]
    if name == "google":

        def make() -> Provider:
            return GoogleProvider(**common)

    elif name == "mymemory":
        email = environ.get(MYMEMORY_EMAIL_ENV) or None

        def make() -> Provider:
            return MyMemoryProvider(**common, email=email)

    elif name == "deepl":
        api_key = environ.get(DEEPL_KEY_ENV) or None

        def make() -> Provider:
            return DeeplProvider(**common, api_key=api_key)

    else:
        raise ConfigError(f"unknown translator {name!r}; known: {', '.join(PROVIDER_NAMES)}")
    make().close()  # no network: constructors only check configuration
    return make
