"""``scrapy export OUT_FILE [--spider NAME ...] [--since YYYY-MM-DD]``: one row per article.

Over every spider's published files (``OUTPUT_DIR/*/*.jsonl``, found by the catalog): each
article's latest revision, with the newest translation ``scrapy retranslate`` wrote for it
merged in (:mod:`crawler.run.export`). The format is the file's extension: ``.jsonl``
(records, one a line, as published) or ``.parquet`` (needs pyarrow: the ``parquet``
extra). Written atomically (a hidden part file renamed into place); an ``OUT_FILE`` the
published glob would match is refused, so an export is never read as published records.
Prints one summary line on stdout; errors are one line on stderr. A long export (over
``PROGRESS_AFTER`` seconds) logs a progress line every ``PROGRESS_INTERVAL`` seconds, or
shows a bar on a terminal (:mod:`crawler.run.progress`): lines read from the published
files, then rows written, of their total from the catalog.

Exit status: 0 written; 1 the output could not be written (nothing is left: an earlier
``OUT_FILE`` stays as it was); 2 usage error (an unknown option, a bad ``--since``, an
``OUT_FILE`` that is not ``.jsonl``/``.parquet`` or that the published glob would match,
``.parquet`` without pyarrow); 3 nothing to export or bad input (no published file of the
spiders asked for, no article passed ``--since``, a line that is not a record, a file that
disagrees with its catalog entry): no file is written.

Settings: ``OUTPUT_DIR`` (where the published files are), ``PROGRESS_INTERVAL``,
``PROGRESS_AFTER``, ``PROGRESS_BAR``.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

from scrapy.commands import ScrapyCommand

from crawler.run.catalog import CATALOG_FILE
from crawler.run.export import FORMATS, Export, ProgressHook, Selection, Unreadable, write
from crawler.run.files import PUBLISHED_GLOB, matches_published_glob
from crawler.run.progress import Progress

OK = 0
NOT_WRITTEN = 1  # the output could not be written
USAGE = 2
NOTHING = 3  # nothing to export, or an input that cannot be trusted
EXIT_STATUSES = {
    OK: "written",
    NOT_WRITTEN: "the output could not be written",
    USAGE: "usage error (also .parquet without pyarrow)",
    NOTHING: "nothing to export or bad input (no published file, no article since "
    "--since, a line that is not a record, a file that disagrees with the catalog)",
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False  # reads files: no reactor, no crawler

    def syntax(self) -> str:
        return "[options] OUT_FILE"

    def short_desc(self) -> str:
        return "Write one row per article (its latest revision) to a .jsonl or .parquet file"

    def long_desc(self) -> str:
        statuses = "; ".join(f"{code} {meaning}" for code, meaning in EXIT_STATUSES.items())
        return (
            "Write OUT_FILE (.jsonl or .parquet) with one row per article over every spider's "
            f"published files (OUTPUT_DIR/{PUBLISHED_GLOB}, found by OUTPUT_DIR/{CATALOG_FILE}): "
            "its latest revision, with the newest translation retranslate wrote for it. "
            "--since keeps articles whose published day (Budapest), or crawled day when not "
            f"dated, is that day or later. Exit status: {statuses}."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--spider",
            metavar="NAME",
            action="append",
            help="only this spider's published files (repeat for more; default: every spider)",
        )
        parser.add_argument(
            "--since",
            metavar="YYYY-MM-DD",
            help="only articles published that day or later (crawled, when not dated)",
        )
        # argparse would print the usage lines first: an error is one line here.
        parser.error = _usage_error  # type: ignore[method-assign]

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        output_dir = Path(self.settings["OUTPUT_DIR"])
        target = _target(args, output_dir)
        selection = Selection(
            spiders=frozenset(opts.spider) if opts.spider else None, since=_since(opts.since)
        )
        if target.suffix == ".parquet" and not _pyarrow():
            _usage_error(
                "writing .parquet needs pyarrow: pip install '.[parquet]' (or write .jsonl)"
            )
        if not output_dir.is_dir():
            self.exitcode = _fail(f"{output_dir}: no such directory (OUTPUT_DIR)", NOTHING)
            return
        progress = Progress.from_settings(self.settings, "export", unit="lines")
        with progress:
            self.exitcode = _export(
                Export(output_dir, selection, _hook(progress)), target, progress
            )


def _hook(progress: Progress) -> ProgressHook:
    """Both passes as one count: the published files' lines read (their number from the
    catalog), then the rows written."""
    listed = 0

    def hook(phase: str, done: int, total: int) -> None:
        nonlocal listed
        if phase == "read":
            listed = total
        else:
            done, total = listed + done, listed + total
        progress.show(step=phase)
        progress.total = total
        progress.done = done

    return hook


def _export(export: Export, target: Path, progress: Progress) -> int:
    """Plan and write the export; its exit status. Every line goes through ``progress``
    (above its bar, when one is shown)."""

    def fail(message: str, status: int) -> int:
        progress.write(f"export: {message}", sys.stderr)
        return status

    try:
        result = export.plan()
    except Unreadable as exc:
        return fail(str(exc), NOTHING)
    selection = export.selection
    if not export.entries:
        asked = f" of {', '.join(sorted(selection.spiders))}" if selection.spiders else ""
        return fail(f"no published files{asked} under {export.output_dir}", NOTHING)
    if not result.rows:
        since = f" published on {selection.since} or later" if selection.since else ""
        return fail(
            f"no article{since} among {result.records:,} records: {target} not written",
            NOTHING,
        )
    catalog = result.catalog
    if catalog is not None and catalog.stale:
        progress.write(
            f"export: {export.output_dir / CATALOG_FILE} "
            + (
                "was missing or unreadable"
                if not catalog.found
                else f"lacked {len(catalog.scanned)} and listed {len(catalog.dropped)} gone files"
            )
            + ": read from the files (the next crawl rewrites it)",
            sys.stderr,
        )
    try:
        rows = write(export, target)
    except Unreadable as exc:
        return fail(str(exc), NOTHING)
    except OSError as exc:
        return fail(f"cannot write {target}: {exc.strerror or exc}", NOT_WRITTEN)
    progress.write(
        f"{target}: {rows:,} articles (latest revisions) from {result.records:,} records "
        f"in {result.files} files of {result.spiders} spiders; "
        f"{result.translations:,} translations merged from retranslate"
    )
    return OK


def _target(args: list[str], output_dir: Path) -> Path:
    # parse_known_args leaves an unknown option among the arguments.
    if options := [a for a in args if a.startswith("-")]:
        _usage_error(f"unknown option: {options[0]}")
    if len(args) != 1:
        _usage_error("name one OUT_FILE (.jsonl or .parquet)")
    target = Path(args[0])
    if target.suffix not in FORMATS:
        _usage_error(f"{target}: OUT_FILE must end in .jsonl or .parquet")
    if target.is_dir():
        _usage_error(f"{target} is a directory")
    if matches_published_glob(target, output_dir):
        _usage_error(
            f"{target} would be read as published records ({output_dir / PUBLISHED_GLOB}): "
            "write it elsewhere"
        )
    return target


def _since(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        if not _DATE.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        _usage_error(f"--since must be a date, YYYY-MM-DD: {value}")


def _pyarrow() -> bool:
    try:
        import pyarrow.json
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _fail(message: str, status: int) -> int:
    _say(f"export: {message}")
    return status


def _usage_error(message: str) -> NoReturn:
    _say(f"export: {message} (scrapy export -h)")
    sys.exit(USAGE)
