"""``scrapy reextract PATH... [--output-dir DIR]``: records from archived runs, no network.

Reads run archives (WARC files, or directories searched for ``*.warc.gz``) and puts each
article back together from its archived pages with the crawl's own assembly and today's
site modules, then gives each record what the crawl's item pipelines give it
(:mod:`crawler.archive.reassemble`; language, translation when ``TRANSLATE_TO`` is set,
validation; not the revision/state logic). No spider runs and no crawler is faked. Each
archive ``OUT/<spider>/warc/<run>.warc.gz`` gives
``OUT/derived/reextracted/<spider>/<run>.jsonl`` (or ``DIR/<run>.jsonl``), written beside
its final name and renamed into place; published files are never touched, and an output
the published glob (``OUTPUT_DIR/*/*.jsonl``) would match is refused. Prints, per
archive, how the records compare with what the run published (by content hash), the URLs
that changed, and the run's counters.

Settings: ``OUTPUT_DIR`` (whose published glob no output may match),
``REEXTRACT_PROCESSES``, and the crawl's own (``TRANSLATE_TO``, ``EXTRACT_MAX_*``, …).

A long job (over ``PROGRESS_AFTER`` seconds) logs a progress line every
``PROGRESS_INTERVAL`` seconds, or shows a bar on a terminal (:mod:`crawler.run.progress`:
archives finished, share read, articles and records, rate, ETA).

Exit status: 0 done; 1 an archive was damaged, unreadable or its output refused (the rest
is still processed; the message names the file and the record); 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TextIO

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.log import configure_logging

from crawler.archive.comparison import (
    RefusedOutput,
    output_path,
    published_records,
    write_records,
)
from crawler.archive.reader import archive_paths
from crawler.archive.reassemble import Reextraction, process_count
from crawler.run.progress import Reporter, Ticker, reextract_snapshot

EXIT_FILE_ERROR = 1
LISTED_CHANGES = 20  # changed URLs printed per archive


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False  # no crawl: no reactor, no downloader

    def syntax(self) -> str:
        return "[options] PATH ..."

    def short_desc(self) -> str:
        return "Extract records again from archived runs (WARC), without fetching"

    def long_desc(self) -> str:
        return (
            "Re-extract every article of the archived runs at PATH (WARC files, or "
            "directories searched for *.warc.gz) with today's assembly, site modules and "
            "record checks. Each OUT/<spider>/warc/<run>.warc.gz gives "
            "OUT/derived/reextracted/<spider>/<run>.jsonl (or --output-dir DIR/<run>.jsonl); "
            "published files are never modified. Exit status: 0 done, 1 a damaged or "
            "unreadable archive or a refused output, 2 usage error."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--output-dir",
            metavar="DIR",
            type=Path,
            help="write <run>.jsonl files here "
            "(default: OUT/derived/reextracted/<spider>/ for OUT/<spider>/warc/)",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if not args:
            raise UsageError("name at least one archive or directory", print_help=False)
        configure_logging(self.settings)
        missing = [arg for arg in args if not Path(arg).exists()]
        if missing:
            raise UsageError(f"no such file or directory: {', '.join(missing)}", print_help=False)
        paths = archive_paths([Path(arg) for arg in args])
        if not paths:
            raise UsageError(f"no *.warc.gz under {', '.join(args)}", print_help=False)

        outputs = Path(self.settings["OUTPUT_DIR"])
        failed = 0
        job = Reextraction(self.settings, process_count(self.settings))
        reporter = Reporter.from_settings(self.settings, "reextract")
        ticking: AbstractContextManager[object] = nullcontext()
        if reporter is not None:
            ticking = Ticker(reporter, lambda: reextract_snapshot(job.progress))

        def say(line: str, file: TextIO = sys.stdout) -> None:
            if reporter is not None:
                reporter.write(line, file)  # above the bar, when one is shown
            else:
                print(line, file=file)

        with ticking:
            for index, problem, outcomes in job.run(paths):
                if index.error:
                    failed += 1
                    say(f"reextract: {index.error}", sys.stderr)
                if problem:
                    failed += 1
                    say(f"reextract: {problem}", sys.stderr)
                    continue
                try:
                    target = output_path(index.path, opts.output_dir, outputs)
                    written, comparison = write_records(
                        outcomes, target, published_records(index.path)
                    )
                except (RefusedOutput, OSError) as exc:
                    failed += 1
                    say(f"reextract: {index.path}: {exc}", sys.stderr)
                    continue
                say(
                    f"{index.path} -> {written or '(no records, nothing written)'}: "
                    f"{len(outcomes)} articles, {comparison.line()}"
                )
                for url in comparison.changed[:LISTED_CHANGES]:
                    say(f"  changed: {url}")
                if len(comparison.changed) > LISTED_CHANGES:
                    say(f"  ... and {len(comparison.changed) - LISTED_CHANGES} more changed")
        for error in job.errors:
            print(f"reextract: {error}", file=sys.stderr)
        failed += bool(job.errors)
        for key in sorted(job.stats):
            print(f"{key}: {job.stats[key]}")
        if failed:
            self.exitcode = EXIT_FILE_ERROR
