"""``scrapy export OUT_FILE [--spider NAME ...] [--since YYYY-MM-DD]``: one row per article.

Over every spider's published files (``OUTPUT_DIR/*/*.jsonl``, found by the catalog): each
article's latest revision, with the newest translation ``scrapy retranslate`` wrote for it
merged in (:mod:`crawler.run.export`). The format is the file's extension: ``.jsonl``
(records, one a line, as published) or ``.parquet`` (needs pyarrow: the ``parquet``
extra). Written atomically (a hidden part file renamed into place); an ``OUT_FILE`` the
published glob would match is refused, so an export is never read as published records.
Prints one summary line on stdout; errors are one line on stderr. Progress: the export
calls one hook (:data:`crawler.run.export.ProgressHook`), plugged in at one place below.

Exit status: 0 written; 1 the output could not be written (nothing is left: an earlier
``OUT_FILE`` stays as it was); 2 usage error (an unknown option, a bad ``--since``, an
``OUT_FILE`` that is not ``.jsonl``/``.parquet`` or that the published glob would match,
``.parquet`` without pyarrow); 3 nothing to export or bad input (no published file of the
spiders asked for, no article passed ``--since``, a line that is not a record, a file that
disagrees with its catalog entry): no file is written.

Settings: ``OUTPUT_DIR`` (where the published files are).
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
from crawler.run.export import FORMATS, Export, Selection, Unreadable, write
from crawler.run.files import PUBLISHED_GLOB, matches_published_glob

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
        # Progress lines (issue 17 §2): crawler.run.progress plugs in here, as
        # Export(..., progress=hook); the hook gets (phase, done, total) every 4,096 records.
        export = Export(output_dir, selection)
        try:
            result = export.plan()
        except Unreadable as exc:
            self.exitcode = _fail(str(exc), NOTHING)
            return
        if not export.entries:
            asked = f" of {', '.join(sorted(selection.spiders))}" if selection.spiders else ""
            self.exitcode = _fail(f"no published files{asked} under {output_dir}", NOTHING)
            return
        if not result.rows:
            since = f" published on {opts.since} or later" if opts.since else ""
            self.exitcode = _fail(
                f"no article{since} among {result.records:,} records: {target} not written",
                NOTHING,
            )
            return
        catalog = result.catalog
        if catalog is not None and catalog.stale:
            _say(
                f"export: {output_dir / CATALOG_FILE} "
                + (
                    "was missing or unreadable"
                    if not catalog.found
                    else f"lacked {len(catalog.scanned)} and listed {len(catalog.dropped)} "
                    "gone files"
                )
                + ": read from the files (the next crawl rewrites it)"
            )
        try:
            rows = write(export, target)
        except Unreadable as exc:
            self.exitcode = _fail(str(exc), NOTHING)
            return
        except OSError as exc:
            self.exitcode = _fail(f"cannot write {target}: {exc.strerror or exc}", NOT_WRITTEN)
            return
        print(
            f"{target}: {rows:,} articles (latest revisions) from {result.records:,} records "
            f"in {result.files} files of {result.spiders} spiders; "
            f"{result.translations:,} translations merged from retranslate"
        )


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
