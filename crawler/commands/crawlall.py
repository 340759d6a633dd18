"""``scrapy crawlall [SPIDER ...]``: every portal spider (or those named) in one process.

One ``CrawlerProcess``, one reactor, one crawler per spider, and one lock on the output
directory (a second ``crawlall`` or ``crawl`` on the same ``OUTPUT_DIR`` exits 75).
Politeness stays per site: each crawler has its own downloader, slots, delays and
AutoThrottle, so a slow or dead portal never holds up the others. ``-a`` arguments (a
backfill's ``since``/``until``) go to every spider. Unknown spiders or arguments, a bad
setting, a backfill of a portal without a date archive: refused while the options are
read, before Scrapy logs anything, in one line on stderr with exit status 1
(:mod:`crawler.run.launch`, shared with ``crawl``).

Each spider logs its own summary line (:mod:`crawler.run.health`); then one total line gives
every spider's status and the exit status: 0 only when every spider is healthy, else the
worst spider's status by :data:`SEVERITY`. Like the summary lines, it is shown at every
``LOG_LEVEL`` up to WARNING (:func:`crawler.run.quietlog.summary`). The same goes to
``OUTPUT_DIR/last_crawlall.json`` (replaced atomically). Settings: ``SPIDER_MODULES``
(which spiders exist), ``OUTPUT_DIR``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.commands import BaseRunSpiderCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.spiderloader import SpiderLoaderProtocol, get_spider_loader

from crawler.run import health, launch, quietlog
from crawler.run.files import write_atomically
from crawler.spiders.base import PortalSpider

logger = logging.getLogger(__name__)

REPORT_FILE = "last_crawlall.json"

# Which spider's status becomes the exit status, most urgent first. Faults on this host
# come first (output, state: they hit every portal and fix nothing by waiting), then a
# component that failed (a bug or a broken installation), then a spider that did not
# run, then a run cut short, then a portal whose layout changed (records are lost until
# the code is fixed), last a portal that could not be reached (often passes by itself). A
# status not in this list ranks above all of them, higher number first: a status this
# rule does not know is never hidden behind a known one.
SEVERITY = (
    health.OUTPUT_FAILED,
    health.STATE_FAILED,
    health.COMPONENT_FAILED,
    health.NOT_STARTED,
    health.CUT_SHORT,
    health.EXTRACTION_FAILING,
    health.NO_ARTICLE_LINKS,
    health.UNREACHABLE,
)


@dataclass(frozen=True)
class SpiderResult:
    spider: str
    status: int
    problem: str | None
    records_written: int
    output_file: str | None
    seconds: float | None
    finished: str | None


def worst(statuses: Iterable[int]) -> int:
    """The exit status for these spider statuses: 0 when all are 0 (or there are none)."""
    failing = [s for s in statuses if s != health.OK]
    if not failing:
        return health.OK

    def rank(status: int) -> tuple[int, int]:
        if status in SEVERITY:
            return (1, -SEVERITY.index(status))
        return (2, status)

    return max(failing, key=rank)


def portal_spiders(loader: SpiderLoaderProtocol, names: Iterable[str]) -> list[type[PortalSpider]]:
    """The spiders named (in order, once each), or every portal spider of the project."""
    wanted = list(dict.fromkeys(names))
    if not wanted:
        found = [loader.load(name) for name in sorted(loader.list())]
        portals = [cls for cls in found if issubclass(cls, PortalSpider)]
        if not portals:
            raise launch.Refused(health.NOT_STARTED, "no portal spiders in SPIDER_MODULES")
        return portals
    known = set(loader.list())
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise launch.Refused(
            health.NOT_STARTED,
            f"unknown spider{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)} "
            f"(portal spiders: {', '.join(_portal_names(loader)) or 'none'})",
        )
    classes = [loader.load(name) for name in wanted]
    others = [cls.name for cls in classes if not issubclass(cls, PortalSpider)]
    if others:
        raise launch.Refused(
            health.NOT_STARTED, f"not a portal spider: {', '.join(others)} (use scrapy crawl)"
        )
    return classes


def _portal_names(loader: SpiderLoaderProtocol) -> list[str]:
    return [n for n in sorted(loader.list()) if issubclass(loader.load(n), PortalSpider)]


def result_of(name: str, crawler: Crawler) -> SpiderResult:
    try:
        stats = crawler.stats.get_stats()
    except RuntimeError:  # the crawler never started: no stats at all
        stats = {}
    verdict = launch.verdict_of(crawler)
    finished = stats.get("finish_time")
    seconds = stats.get("elapsed_time_seconds")
    return SpiderResult(
        spider=name,
        status=verdict.status if verdict else health.NOT_STARTED,
        problem=verdict.problem if verdict else "the spider did not run to its end; see the log",
        records_written=stats.get("output/records", 0),
        output_file=stats.get("output/file"),
        seconds=round(seconds, 2) if seconds is not None else None,
        finished=finished.isoformat(timespec="milliseconds") if finished else None,
    )


def total_line(results: list[SpiderResult], status: int) -> str:
    healthy = sum(1 for r in results if r.status == health.OK)
    parts = [f"{r.spider}={r.status}" + (f" ({r.problem})" if r.problem else "") for r in results]
    return (
        f"Total: spiders={len(results)} healthy={healthy} failed={len(results) - healthy} "
        f"records={sum(r.records_written for r in results)} status={status}; " + "; ".join(parts)
    )


def write_report(output_dir: Path, report: dict[str, Any]) -> Path:
    target = output_dir / REPORT_FILE
    write_atomically(target, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return target


class Command(BaseRunSpiderCommand):
    requires_project = True
    classes: list[type[PortalSpider]]

    def syntax(self) -> str:
        return "[options] [SPIDER ...]"

    def short_desc(self) -> str:
        return "Run every portal spider (or those named) in one process; exit = the worst"

    def long_desc(self) -> str:
        return (
            "Run every portal spider of the project, or the ones named, in one process with "
            "one lock on OUTPUT_DIR. Exit status: 0 when every spider is healthy, else the "
            f"worst spider's status ({', '.join(map(str, SEVERITY))}, most urgent first); "
            "75 when another run holds the lock; 1 for unknown spiders or bad arguments."
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        # Here, not in run(): Scrapy logs its first lines between the two.
        quietlog.install()
        try:
            super().process_options(args, opts)
            assert self.settings is not None
            self.classes = portal_spiders(get_spider_loader(self.settings), args)
            launch.check_start(self.classes, opts.spargs, self.settings)
        except UsageError as exc:
            launch.refuse(f"crawlall: {exc}", settings=self.settings)
        except launch.Refused as exc:
            launch.refuse(f"crawlall: {exc}", exc.status, self.settings)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.crawler_process is not None and self.settings is not None
        output_dir = Path(self.settings["OUTPUT_DIR"])
        try:
            self.lock_fd = launch.take_lock(output_dir)
        except launch.Refused as exc:
            print(f"crawlall: {exc}", file=sys.stderr)
            self.exitcode = exc.status
            return

        started = datetime.now(UTC)
        crawlers = [(cls.name, self._create_crawler(cls)) for cls in self.classes]
        for _, crawler in crawlers:
            self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()

        results = [result_of(name, crawler) for name, crawler in crawlers]
        self.exitcode = worst(r.status for r in results)
        quietlog.summary(
            logger,
            logging.INFO if self.exitcode == health.OK else logging.ERROR,
            "%s",
            total_line(results, self.exitcode),
        )
        report = {
            "started": started.isoformat(timespec="seconds"),
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "status": self.exitcode,
            "spiders": [asdict(r) for r in results],
        }
        try:
            write_report(output_dir, report)
        except OSError as exc:
            logger.error("Cannot write %s: %s", output_dir / REPORT_FILE, exc)
