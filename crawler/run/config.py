"""Settings checked before a crawl starts: a bad value is one clear line, not a traceback.

Every project setting (its default in ``crawler/settings.py``) must parse as its
default's type: ``-s DOWNLOAD_DELAY=abc`` or ``-s HEALTH_MIN_DOWNLOADED=1.5`` is refused,
as is a negative number; ``BASE_URLS`` must be a JSON object of http(s) origins
(:mod:`crawler.run.mirror`). Problems the components find later (a translator without its
key) reach the crawl command as exceptions and are reported in one line as well.

A job Scrapyd runs (it sets ``SCRAPY_PROJECT`` in every job's environment) refuses a
relative ``OUTPUT_DIR``: it would resolve against Scrapyd's working directory, and the
output, state and lock of the project would move with wherever Scrapyd was started.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
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
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            problems.append(f"{name}={settings[name]!r} is negative")
    if not any(p.startswith("BASE_URLS=") for p in problems):
        try:
            mirrors_from_settings(settings)
        except ValueError as exc:
            problems.append(str(exc))
    if (problem := scrapyd_output_problem(settings, environ)) is not None:
        problems.append(problem)
    return problems


def scrapyd_output_problem(settings: BaseSettings, environ: Mapping[str, str]) -> str | None:
    output_dir = str(settings.get("OUTPUT_DIR"))
    if "SCRAPY_PROJECT" not in environ or Path(output_dir).is_absolute():
        return None
    return (
        f"OUTPUT_DIR={output_dir!r} is relative, and a Scrapyd job runs in Scrapyd's working "
        f"directory ({os.getcwd()}): schedule it with setting=OUTPUT_DIR=/an/absolute/path"
    )
