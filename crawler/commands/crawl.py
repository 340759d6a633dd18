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

from crawler import launch

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
            launch.check_backfill([spider_cls], opts.spargs)
        except launch.Refused as exc:
            raise UsageError(str(exc), print_help=False) from None
        assert self.settings is not None
        try:
            self.lock_fd = launch.take_lock(self.settings["OUTPUT_DIR"])
        except launch.Refused as exc:
            print(exc, file=sys.stderr)
            self.exitcode = exc.status
            return

        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        verdict = launch.verdict_of(crawler)
        if verdict is None:
            self.exitcode = 1
            return
        self.exitcode = verdict.status
