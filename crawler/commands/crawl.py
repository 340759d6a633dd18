"""``scrapy crawl`` with a lock and an exit status that tells cron how the run went.

Scrapy's own ``crawl`` exits non-zero only when the spider fails to start. This one
(enabled by ``COMMANDS_MODULE``) first checks its arguments and the settings, and takes
the output directory's lock, then runs the crawl and exits with the run's verdict
(:mod:`crawler.run.health`): 0 healthy (also when nothing was new), 1 the crawl could not
start (bad arguments, an unknown spider, a bad setting), 2 site unreachable, 3 no article
links found, 4 too many extraction failures, 5 not every record published (output,
archive or report not writable), 6 state store failed, 7 the run was cut short (SIGTERM,
SIGINT, …), 8 a component failed (an exception in a pipeline, extension, callback or close
step), 75 another run holds the lock.
Whatever stops the crawl, it ends with one summary line. A bad argument or setting is
found while the options are read, before Scrapy logs anything: one line on stderr, exit
status 1, nothing on stdout, nothing fetched (:func:`crawler.run.launch.check_start`); a
problem a component finds at start-up is one line too (the traceback only at DEBUG).

Settings: ``OUTPUT_DIR``, ``REPORT_RETENTION_DAYS`` (for a run stopped before its spider
could report), and every project setting's type and range (:mod:`crawler.run.config`).
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader

from crawler.run import health, launch, quietlog
from crawler.run.interrupts import Interrupts, collect_failure

logger = logging.getLogger(__name__)


class Command(ScrapyCrawl):
    def short_desc(self) -> str:
        return "Run a spider (one run per OUTPUT_DIR at a time; exit status = run health)"

    def long_desc(self) -> str:
        statuses = "; ".join(f"{code} {meaning}" for code, meaning in health.EXIT_STATUSES.items())
        return f"{self.short_desc()}. Exit status: {statuses}."

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        # Here, not in run(): Scrapy logs its first lines between the two.
        quietlog.install()
        try:
            super().process_options(args, opts)
            problem = self._config_problem(args, opts)
        except UsageError as exc:  # Scrapy's would exit 2: "site unreachable" here
            problem = str(exc)
        if problem is not None:
            launch.refuse(f"Cannot start the crawl: {problem}", settings=self.settings)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        interrupts = Interrupts()
        started = datetime.now(UTC)
        assert self.settings is not None and self.crawler_process is not None
        output_dir = self.settings["OUTPUT_DIR"]
        try:
            self.lock_fd = launch.take_lock(output_dir)
        except launch.Refused as exc:
            self._refuse(str(exc))
            self.exitcode = exc.status
            return
        if interrupts.received is not None:  # before the crawl could start
            self.exitcode = self._cut_short(args[0], started, {}, interrupts.received)
            return
        self.exitcode = self._crawl(args[0], opts, started, interrupts)

    def _refuse(self, line: str) -> None:
        print(line, file=sys.stderr)
        if self.settings is not None and self.settings.get("LOG_FILE"):
            # The run's log is a file (a Scrapyd job's), read where stderr is not.
            logger.error("%s", line)

    def _config_problem(self, args: list[str], opts: argparse.Namespace) -> str | None:
        if len(args) != 1:
            return "give exactly one spider name"
        assert self.settings is not None
        loader = get_spider_loader(self.settings)
        try:
            spider_cls = loader.load(args[0])
        except KeyError:
            known = ", ".join(sorted(loader.list()))
            return f"no spider named {args[0]!r} (there are: {known})"
        try:
            launch.check_start([spider_cls], opts.spargs, self.settings)
        except launch.Refused as exc:
            return str(exc)
        return None

    def _crawl(
        self, name: str, opts: argparse.Namespace, started: datetime, interrupts: Interrupts
    ) -> int:
        assert self.crawler_process is not None
        failures: list[BaseException] = []
        try:
            crawler = self._create_crawler(name)
            task = self.crawler_process.crawl(crawler, **opts.spargs)
        except Exception as exc:
            return _start_failed(exc)
        collect_failure(task, failures)
        interrupts.hand_over_when_running()
        self.crawler_process.start()
        if failures:
            return _start_failed(failures[0])
        if (verdict := launch.verdict_of(crawler)) is not None:
            if verdict.status == health.NOT_STARTED:
                logger.error("%s", verdict.problem)
            return verdict.status
        # Only a shutdown signal stops the reactor before the spider has closed.
        try:
            stats = crawler.stats.get_stats()
        except RuntimeError:  # the stats never opened
            stats = {}
        return self._cut_short(name, started, stats, interrupts.received)

    def _cut_short(
        self, name: str, started: datetime, stats: dict[str, Any], signum: int | None
    ) -> int:
        """A run stopped before its spider could report: the summary line and report
        say so all the same."""
        assert self.settings is not None
        by = signal.Signals(signum).name if signum else "a shutdown signal"
        reason = f"the run was cut short ({by})"
        health.report_run(
            Path(self.settings["OUTPUT_DIR"]),
            name,
            started,
            stats,
            health.Verdict(health.CUT_SHORT, reason),
            "shutdown",
            timedelta(days=self.settings.getfloat("REPORT_RETENTION_DAYS")),
        )
        return health.CUT_SHORT


def _start_failed(exc: BaseException) -> int:
    logger.debug("The crawl could not start", exc_info=exc)
    logger.error("Cannot start the crawl: %s: %s", type(exc).__name__, exc)
    return health.NOT_STARTED
