"""``scrapy crawl`` with a lock and an exit status that tells cron how the run went.

Scrapy's own ``crawl`` exits non-zero only when the spider fails to start. This one
(enabled by ``COMMANDS_MODULE``) first takes the output directory's lock and checks the
backfill arguments, then runs the crawl and exits with the run's verdict
(:mod:`crawler.health`): 0 healthy (also when nothing was new), 2 site unreachable,
3 no article links found, 4 too many extraction failures, 5 output not writable,
75 another run holds the lock.
"""

from __future__ import annotations

import argparse
import logging
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler import health, runlock
from crawler.backfill import BadRange, parse_range
from crawler.sites import NoArchive

logger = logging.getLogger(__name__)


class Command(ScrapyCrawl):
    def short_desc(self) -> str:
        return "Run a spider (one run per OUTPUT_DIR at a time; exit status = run health)"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        assert self.crawler_process
        spider_cls = self.crawler_process.spider_loader.load(args[0])
        try:
            backfill = parse_range(opts.spargs.get("since"), opts.spargs.get("until"))
            if backfill is not None:
                spider_cls.site.archive(spider_cls.section, *backfill)
        except (BadRange, NoArchive) as exc:
            raise UsageError(str(exc), print_help=False) from None
        assert self.settings is not None
        output_dir = self.settings["OUTPUT_DIR"]
        try:
            self.lock_fd = runlock.acquire(output_dir)
        except runlock.AlreadyRunning as exc:
            print(f"Another run is in progress, not starting: {exc}", file=sys.stderr)
            self.exitcode = health.LOCKED
            return
        except OSError as exc:
            print(f"Output directory {output_dir!r} is not writable: {exc}", file=sys.stderr)
            self.exitcode = health.OUTPUT_FAILED
            return

        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        ext = getattr(crawler, "health", None)
        verdict = getattr(ext, "verdict", None)
        if verdict is None:
            self.exitcode = 1
            return
        self.exitcode = verdict.status
