"""``scrapy report [OUT.html] [--check] [--output-dir DIR] [--days N]``: the run dashboard.

Reads every spider directory under the output directory that holds a ``last_run.json``
(its daily rollup ``days.json``, :mod:`crawler.run.days`) and writes one static HTML page
(:mod:`crawler.report.page`; no server, no network, atomically replaced): per portal the
records per day of the last ``N`` days as a plot, failures by reason, the share of generic
fallbacks, the last run's status and time, and which portals are stale
(:mod:`crawler.report.stale`). ``--check`` makes it a check for cron: it prints one line
per stale portal and nothing else, and exits 3 when there is one; without ``OUT.html`` it
only checks. Nothing under the output directory is written, so it may run beside a crawl.

Exit status: 0 done (the page written, no portal stale or no ``--check``); 1 a usage
error, or the runs or the page could not be read or written (one line on stderr); 3
``--check`` found a stale portal.

Settings: ``OUTPUT_DIR`` (the default of ``--output-dir``).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import NoReturn

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.record.times import BUDAPEST
from crawler.report.page import Dashboard, render
from crawler.report.portals import NoRuns, read_portals
from crawler.report.stale import WINDOW_DAYS, baseline, stale_days, stale_now
from crawler.run.days import DAYS_KEPT
from crawler.run.files import write_atomically
from crawler.run.health import EXIT_STATUSES as RUN_STATUSES

OK = 0
FAILED = 1  # a usage error, or the runs or the page could not be read or written
STALE = 3  # --check: a portal is stale
EXIT_STATUSES = {
    OK: "done: the page written (no portal stale, or no --check)",
    FAILED: "a usage error, or the runs or the page could not be read or written",
    STALE: "--check found a stale portal",
}
DEFAULT_DAYS = 60


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False  # reads files: no reactor, no crawler

    def syntax(self) -> str:
        return "[options] [OUT.html]"

    def short_desc(self) -> str:
        return (
            "Write the run dashboard (one static HTML page); --check: exit 3 if a portal is stale"
        )

    def long_desc(self) -> str:
        statuses = "; ".join(f"{code} {meaning}" for code, meaning in EXIT_STATUSES.items())
        return (
            "Write OUT.html, one static page from the run reports of every spider under "
            "OUTPUT_DIR: records per day, failures by reason, generic fallbacks, the last "
            "run, and stale portals (a whole day under a quarter of its 28-day median while "
            "others published). --check prints one line per stale portal and nothing else. "
            f"Exit status: {statuses}."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--check",
            action="store_true",
            help="print the stale portals (nothing else) and exit 3 if there is one",
        )
        parser.add_argument(
            "--output-dir", metavar="DIR", help="the crawl's output (default: OUTPUT_DIR)"
        )
        parser.add_argument(
            "--days",
            metavar="N",
            default=str(DEFAULT_DAYS),
            help=f"days plotted, today included (default: {DEFAULT_DAYS})",
        )
        # Scrapy and argparse exit 2 on a usage error, after the whole help; this command
        # documents 1 and one line, and 2 is no status of its own.
        parser.error = _usage_error  # type: ignore[method-assign]

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        out = _target(args, opts.check)
        span = _days(opts.days)
        output_dir = Path(opts.output_dir or self.settings["OUTPUT_DIR"])
        try:
            portals = read_portals(output_dir)
        except (NoRuns, OSError) as exc:
            self.exitcode = _fail(f"cannot read the runs: {exc}")
            return
        now = datetime.now(BUDAPEST)
        today = now.date()
        stale = stale_days({p.name: p.records() for p in portals}, today)
        stale_portals = stale_now(stale, today)
        if out is not None:
            board = Dashboard(portals, stale, today, now, span, str(output_dir), RUN_STATUSES)
            try:
                write_atomically(out, render(board))
            except OSError as exc:
                self.exitcode = _fail(f"cannot write {out}: {exc.strerror or exc}")
                return
        if opts.check:
            yesterday = today - timedelta(days=1)
            for portal in portals:
                if portal.name in stale_portals:
                    records = portal.records()
                    base = baseline(records, yesterday)
                    print(
                        f"stale: {portal.name}: {records.get(yesterday, 0)} records on "
                        f"{yesterday.isoformat()}, under a quarter of the median of the "
                        f"{WINDOW_DAYS} days before ({base:g}), while other portals published"
                    )
            self.exitcode = STALE if stale_portals else OK
            return
        first = today - timedelta(days=span - 1)
        print(
            f"{out}: {len(portals)} portals, {first.isoformat()} to {today.isoformat()}; "
            f"stale: {', '.join(stale_portals) or 'none'}"
        )


def _target(args: list[str], check: bool) -> Path | None:
    # parse_known_args leaves an unknown option among the arguments.
    if options := [a for a in args if a.startswith("-")]:
        raise UsageError(f"unknown option: {options[0]}", print_help=False)
    if len(args) > 1:
        raise UsageError("name one OUT.html", print_help=False)
    if not args and not check:
        raise UsageError("name the page to write (OUT.html), or --check", print_help=False)
    return Path(args[0]) if args else None


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        days = 0
    if not 1 <= days <= DAYS_KEPT:
        raise UsageError(f"--days must be a whole number from 1 to {DAYS_KEPT}", print_help=False)
    return days


def _fail(message: str) -> int:
    print(f"report: {message}", file=sys.stderr)
    return FAILED


def _usage_error(message: str) -> NoReturn:
    print(f"report: {message} (scrapy report -h)", file=sys.stderr)
    sys.exit(FAILED)
