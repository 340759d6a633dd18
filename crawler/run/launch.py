"""What the project's run commands do around a crawl: one place for ``crawl`` and ``crawlall``.

Before any request, :func:`check_backfill` checks the ``since``/``until`` spider arguments
(dates, and a portal without a date archive is refused) and :func:`take_lock` takes the
output directory's lock (:mod:`crawler.run.runlock`). After the run, :func:`verdict_of` reads
a crawler's verdict from :mod:`crawler.run.health`. A :class:`Refused` carries its one-line
reason and exit status (``crawl`` still turns a refused backfill into a usage error).
Settings: ``OUTPUT_DIR`` (through the commands).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from scrapy.crawler import Crawler

from crawler.run import health, runlock
from crawler.run.backfill import BadRange, parse_range
from crawler.sites import NoDateArchive


class Refused(Exception):
    """The run does not start: ``str(exc)`` says why in one line, ``status`` is the exit
    status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


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
