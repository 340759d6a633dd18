"""What the project's run commands do around a crawl: one place for ``crawl`` and ``crawlall``.

Before Scrapy logs its first line (the commands ask while they read their options),
:func:`check_start` checks the spider arguments (:func:`check_arguments`: only those a
spider takes; :func:`check_backfill`: ``since``/``until`` are dates, and a portal without
a date archive is refused) and every setting (:mod:`crawler.run.config`); a refused start
is one line on stderr and exit status 1 (:func:`refuse`), nothing logged before it,
nothing fetched. Then :func:`take_lock` takes the output directory's lock
(:mod:`crawler.run.runlock`). After the run, :func:`verdict_of` reads a crawler's verdict
from :mod:`crawler.run.health`. A :class:`Refused` carries its one-line reason and exit
status. Settings: ``OUTPUT_DIR`` (through the commands), and every project setting's
type and range (:func:`crawler.run.config.setting_problems`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NoReturn

from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings
from scrapy.utils.log import configure_logging

from crawler.run import health, runlock
from crawler.run.backfill import BadRange, parse_range
from crawler.run.config import setting_problems
from crawler.sites import NoDateArchive

# Scrapyd names each job to its spider (``-a _job=<id>``, and ``-a _version=`` when a
# version was asked for): never a mistake of whoever scheduled the run.
logger = logging.getLogger(__name__)

SCRAPYD_ARGUMENTS = frozenset({"_job", "_version"})


class Refused(Exception):
    """The run does not start: ``str(exc)`` says why in one line, ``status`` is the exit
    status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def refuse(
    line: str, status: int = health.NOT_STARTED, settings: BaseSettings | None = None
) -> NoReturn:
    """End the command before Scrapy logs anything: ``line`` alone on stderr, and in the
    ``LOG_FILE`` when the run's log is a file (a Scrapyd job's, read where stderr is not)."""
    print(line, file=sys.stderr, flush=True)
    if settings is not None and settings.get("LOG_FILE"):
        try:  # the file handler alone: Scrapy's banner comes later
            configure_logging(settings)
        except (ValueError, TypeError, OSError):  # the refusal may be of LOG_LEVEL itself
            pass
        else:
            logger.error("%s", line)
    raise SystemExit(status)


def check_start(
    spider_classes: Iterable[type], spider_args: Mapping[str, str], settings: BaseSettings
) -> None:
    """Whether a crawl of ``spider_classes`` may start; raises :class:`Refused` with every
    problem found, in one line."""
    classes = list(spider_classes)
    check_arguments(classes, spider_args)
    check_backfill(classes, spider_args)
    if problems := setting_problems(settings):
        raise Refused(health.NOT_STARTED, "; ".join(problems))


def check_arguments(spider_classes: Iterable[type], spider_args: Mapping[str, str]) -> None:
    """Refuse a ``-a NAME=…`` no spider takes: a misspelt ``-a sinse=`` would otherwise
    run a regular crawl instead of the backfill asked for. A spider class states what it
    takes as ``arguments``; one that does not (a plain Scrapy spider) takes anything."""
    for spider_cls in spider_classes:
        takes = getattr(spider_cls, "arguments", None)
        if takes is None:
            continue
        unknown = sorted(set(spider_args) - set(takes) - SCRAPYD_ARGUMENTS)
        if unknown:
            names = ", ".join(repr(name) for name in unknown)
            raise Refused(
                health.NOT_STARTED,
                f"unknown spider argument{'s' if len(unknown) > 1 else ''} {names}"
                f" (taken: {', '.join(takes) or 'none'})",
            )


def check_backfill(spider_classes: Iterable[type], spider_args: Mapping[str, str]) -> None:
    """Refuse a backfill (``-a since= -a until=``) with bad dates, or for a portal whose
    site has no date archive, before any request is made. Every portal without an archive
    is named at once."""
    try:
        backfill = parse_range(spider_args.get("since"), spider_args.get("until"))
    except BadRange as exc:
        raise Refused(health.NOT_STARTED, str(exc)) from None
    if backfill is None:
        return
    problems = []
    for spider_cls in spider_classes:
        try:
            spider_cls.site.date_archives(spider_cls.section, *backfill)  # type: ignore[attr-defined]
        except NoDateArchive as exc:
            problems.append(f"cannot backfill {spider_cls.name}: {exc}")  # type: ignore[attr-defined]
    if problems:
        raise Refused(health.NOT_STARTED, "; ".join(problems))


def take_lock(output_dir: str | Path) -> int:
    """The output directory's lock, held until the process exits (its descriptor)."""
    try:
        return runlock.acquire(output_dir)
    except runlock.AlreadyRunning as exc:
        raise Refused(health.LOCKED, f"Another run is in progress, not starting: {exc}") from None
    except OSError as exc:
        raise Refused(
            health.OUTPUT_FAILED, f"Output directory {str(output_dir)!r} is not writable: {exc}"
        ) from None


def verdict_of(crawler: Crawler) -> health.Verdict | None:
    """The one way to read a crawler's :class:`crawler.run.health.Verdict`: taken now if
    its spider has closed and nothing judged it yet; None when the spider never closed."""
    judge = getattr(crawler, "health", None)
    if judge is None:
        try:
            crawler.extensions  # noqa: B018  # set once the crawl has started
        except RuntimeError:
            return None  # it never started
        return health.Verdict(
            health.NOT_STARTED,
            "the run has no verdict: crawler.run.health.HealthExtension is not enabled",
        )
    return judge.finish()
