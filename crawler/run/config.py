"""Settings checked before a crawl starts: a bad value is one clear line, not a traceback.

Every project setting (its default in ``crawler/settings.py``) must parse as its
default's type: ``-s DOWNLOAD_DELAY=abc`` or ``-s HEALTH_MIN_DOWNLOADED=1.5`` is refused,
as is a negative number, and a number outside its range (:data:`RANGES`: a share outside
0..1 such as ``HEALTH_MAX_EXTRACT_FAILURE_RATIO=2``, a concurrency of 0). ``LOG_LEVEL``
must name a level; ``BASE_URLS`` must be a JSON object of http(s) origins
(:mod:`crawler.run.mirror`); with ``TRANSLATE_TO`` set, the translation settings must make
a service (a two-letter target the provider knows, a known provider, its key in the
environment: :func:`crawler.translation.configure.check`, no network). The run commands
ask before Scrapy logs anything (:mod:`crawler.run.launch`); a problem a component finds
later still reaches the crawl command as an exception and is reported in one line too.

A job Scrapyd runs (it sets ``SCRAPY_PROJECT`` in every job's environment) refuses a
relative ``OUTPUT_DIR``: it would resolve against Scrapyd's working directory, and the
output, state and lock of the project would move with wherever Scrapyd was started.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.settings import BaseSettings

import crawler.settings as defaults
from crawler.run.mirror import mirrors_from_settings
from crawler.translation.configure import check as check_translation
from crawler.translation.configure import target_language


@dataclass(frozen=True)
class Range:
    """The values a number may take beyond being ≥ 0, and how to say so."""

    low: float
    high: float | None = None
    low_open: bool = False  # ``low`` itself is refused
    what: str = ""

    def holds(self, value: float) -> bool:
        above = value > self.low if self.low_open else value >= self.low
        return above and (self.high is None or value <= self.high)


SHARE = Range(0, 1, what="a share from 0 to 1")
AT_LEAST_ONE = Range(1, what="at least 1")
ABOVE_ZERO = Range(0, low_open=True, what="above 0")

# Numbers whose 0 (or more) would break the run rather than mean something: a
# concurrency of 0 fetches nothing, a queue of 0 is unbounded, a timeout of 0 fails
# every request. Counts where 0 has a meaning (RUN_MAX_NEW_ARTICLES: no cap) are not here.
RANGES: dict[str, Range] = {
    "HEALTH_MAX_EXTRACT_FAILURE_RATIO": SHARE,
    "HEALTH_MAX_FETCH_FAILURE_RATIO": SHARE,
    "DOWNLOAD_DELAY_JITTER": SHARE,
    "ARCHIVE_GZIP_LEVEL": Range(0, 9, what="a zlib level from 0 to 9"),
    "CONCURRENT_REQUESTS": AT_LEAST_ONE,
    "CONCURRENT_REQUESTS_PER_DOMAIN": AT_LEAST_ONE,
    "CONCURRENT_ITEMS": AT_LEAST_ONE,
    "ARCHIVE_QUEUE_SIZE": AT_LEAST_ONE,
    "TRANSLATOR_THREADS": AT_LEAST_ONE,
    "TRANSLATOR_CHUNK_CHARS": AT_LEAST_ONE,
    "LANGUAGE_SAMPLE_CHARS": AT_LEAST_ONE,
    "EXTRACT_MAX_CHARS": AT_LEAST_ONE,
    "DOWNLOAD_TIMEOUT": ABOVE_ZERO,
    "DNS_TIMEOUT": ABOVE_ZERO,
    "TRANSLATOR_TIMEOUT": ABOVE_ZERO,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": ABOVE_ZERO,
}


def _checks(settings: BaseSettings) -> dict[type, tuple[str, Callable[[str], Any]]]:
    return {
        bool: ("true or false", settings.getbool),
        int: ("a whole number", settings.getint),
        float: ("a number", settings.getfloat),
        dict: ("a JSON object", settings.getdict),
    }


def setting_problems(settings: BaseSettings, environ: Mapping[str, str] = os.environ) -> list[str]:
    """One line per setting whose value cannot be used; [] when all can."""
    checks = _checks(settings)
    problems = []
    for name, default in vars(defaults).items():
        if not name.isupper() or type(default) not in checks:
            continue
        what, read = checks[type(default)]
        try:
            value = read(name)
        except (ValueError, TypeError):
            problems.append(f"{name}={settings[name]!r} is not {what}")
            continue
        if not isinstance(value, int | float) or isinstance(value, bool):
            continue
        if value < 0:
            problems.append(f"{name}={settings[name]!r} is negative")
        elif name in RANGES and not RANGES[name].holds(value):
            problems.append(f"{name}={settings[name]!r} is not {RANGES[name].what}")
    level = settings.get("LOG_LEVEL")
    if not isinstance(level, int) and level not in logging.getLevelNamesMapping():
        problems.append(f"LOG_LEVEL={level!r} is not one of DEBUG, INFO, WARNING, ERROR")
    if not any(p.startswith("BASE_URLS=") for p in problems):
        try:
            mirrors_from_settings(settings)
        except ValueError as exc:
            problems.append(str(exc))
    if (problem := scrapyd_output_problem(settings, environ)) is not None:
        problems.append(problem)
    if target_language(settings) and not problems:
        # Checked last: its own numbers (timeouts) must be sound to build a provider.
        try:
            check_translation(settings)
        except ValueError as exc:
            problems.append(str(exc))
    return problems


def scrapyd_output_problem(settings: BaseSettings, environ: Mapping[str, str]) -> str | None:
    output_dir = str(settings.get("OUTPUT_DIR"))
    if "SCRAPY_PROJECT" not in environ or Path(output_dir).is_absolute():
        return None
    return (
        f"OUTPUT_DIR={output_dir!r} is relative, and a Scrapyd job runs in Scrapyd's working "
        f"directory ({os.getcwd()}): schedule it with setting=OUTPUT_DIR=/an/absolute/path"
    )
