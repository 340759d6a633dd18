"""Settings checked before a crawl starts: a bad value is one clear line, not a traceback.

Every project setting (its default in ``crawler/settings.py``) must parse as its
default's type: ``-s DOWNLOAD_DELAY=abc`` or ``-s HEALTH_MIN_DOWNLOADED=1.5`` is refused,
as is a negative number; ``BASE_URLS`` must be a JSON object of http(s) origins
(:mod:`crawler.run.mirror`). Problems the components find later (a translator without its
key) reach the crawl command as exceptions and are reported in one line as well.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scrapy.settings import BaseSettings

import crawler.settings as defaults
from crawler.run.mirror import mirrors_from_settings


def _checks(settings: BaseSettings) -> dict[type, tuple[str, Callable[[str], Any]]]:
    return {
        bool: ("true or false", settings.getbool),
        int: ("a whole number", settings.getint),
        float: ("a number", settings.getfloat),
        dict: ("a JSON object", settings.getdict),
    }


def setting_problems(settings: BaseSettings) -> list[str]:
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
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            problems.append(f"{name}={settings[name]!r} is negative")
    if not any(p.startswith("BASE_URLS=") for p in problems):
        try:
            mirrors_from_settings(settings)
        except ValueError as exc:
            problems.append(str(exc))
    return problems
