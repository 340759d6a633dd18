"""``scrapy retranslate [FILE.jsonl ...]``: translate what a crawl left untranslated.

After a provider outage (or a crawl with translation off) the published dumps hold records
with ``translation`` null. This reads dumps (default: every ``OUTPUT_DIR/<spider>/*.jsonl``
of the ``index_abroad`` spider), translates those records with the crawl's translation
settings (``TRANSLATE_TO`` must be set) and writes a NEW file for each input: for a
published file ``OUTPUT_DIR/<spider>/<name>``,
``OUTPUT_DIR/derived/translated/<spider>/<name>`` (:func:`crawler.run.files.derived_dir`,
where ``scrapy export`` finds translations); for any other input
``<input dir>/translated/<input name>``; or ``--output-dir DIR/<input name>``. An output
the published glob (``OUTPUT_DIR/*/*.jsonl``) would match is refused (exit 1). The input
is never modified; the output is written beside its final name, fsynced and renamed into
place (:class:`crawler.run.files.AtomicJsonl`), replacing an earlier retranslate output
atomically. Records already translated, in the target language or without letters are
copied unchanged. The translation cache makes a second run over the same files free.

Exit status: 0 all done; 1 a file could not be read or written (bad JSON, I/O; that file
gets no output); 2 usage or configuration error; 3 files written but some records are still
untranslated (``translation_error`` says why: run again later).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.log import configure_logging

from crawler.run.files import (
    PUBLISHED_GLOB,
    TRANSLATED,
    AtomicJsonl,
    derived_dir,
    matches_published_glob,
    spider_files,
)
from pipelines.translate import build_service_from_settings, target_language

DEFAULT_SPIDER = "index_abroad"
OUTPUT_SUBDIR = TRANSLATED  # beside an input outside the output layout
EXIT_FILE_ERROR = 1
EXIT_UNTRANSLATED = 3
_BATCH_PER_THREAD = 8  # records in flight per worker: bounds memory on big dumps


@dataclass
class FileReport:
    records: int = 0
    translated: int = 0
    untranslated: int = 0
    output: Path | None = None
    stats: Counter[str] = field(default_factory=Counter)


def output_path(source: Path, output_dir: Path | None, outputs: Path) -> Path:
    """Where the translation of ``source`` goes; ``outputs`` is ``OUTPUT_DIR``. Raises
    ValueError for an output that would be read as a published file."""
    if output_dir is None:
        if matches_published_glob(source, outputs):
            output_dir = derived_dir(outputs, OUTPUT_SUBDIR, source.resolve().parent.name)
        else:
            output_dir = source.parent / OUTPUT_SUBDIR
    target = output_dir / source.name
    if matches_published_glob(target, outputs):
        raise ValueError(
            f"{target} would be read as a published file ({outputs / PUBLISHED_GLOB}): "
            "choose another --output-dir"
        )
    return target


def retranslate_file(
    source: Path, target: Path, translate: Any, pool: Executor, batch: int
) -> FileReport:
    """Copy ``source`` to ``target`` (atomically), translating untranslated records.

    ``translate`` is :meth:`TranslationService.translate_record`. Raises ``OSError`` or
    ``ValueError`` (bad line); then nothing is published.
    """
    if target.resolve() == source.resolve():
        raise ValueError("the output would replace the input")
    report = FileReport()
    writer = AtomicJsonl(target)
    try:
        with source.open(encoding="utf-8") as lines:
            for records in _batches(_records(lines), batch):
                todo = [record for record in records if record.get("translation") is None]
                for record, result in zip(todo, pool.map(translate, todo), strict=True):
                    report.stats.update(result.stats)
                    if result.skipped is not None:
                        continue
                    record["translation"] = result.translation
                    record["translation_error"] = result.error
                    if result.translation is None:
                        report.untranslated += 1
                    else:
                        report.translated += 1
                for record in records:
                    writer.write(record)
                report.records += len(records)
        report.output = writer.commit()
    except BaseException:
        writer.abort()
        raise
    return report


def _records(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"line {number}: not JSON ({exc.args[0][:80]})") from None
        if not isinstance(record, dict):
            raise ValueError(f"line {number}: not a JSON object")
        yield record


def _batches(records: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    while batch := list(islice(records, size)):
        yield batch


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False  # no spider runs: no reactor, no spider loading

    def syntax(self) -> str:
        return "[options] [FILE.jsonl ...]"

    def short_desc(self) -> str:
        return "Translate the untranslated records of JSONL dumps into new files"

    def long_desc(self) -> str:
        return (
            "Translate records whose translation is null (after an outage, or a crawl with "
            "translation off) using the TRANSLATE_TO/TRANSLATOR* settings. Inputs are never "
            "modified: a published OUTPUT_DIR/<spider>/FILE is written to "
            "OUTPUT_DIR/derived/translated/<spider>/FILE, any other FILE to translated/FILE "
            "beside it (or --output-dir). Default FILEs: OUTPUT_DIR/<spider>/*.jsonl. Exit "
            "status: 0 done, 1 file error, 2 usage error, 3 some records still untranslated."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--output-dir",
            metavar="DIR",
            type=Path,
            help="write outputs here (default: OUTPUT_DIR/derived/translated/<spider>/ for "
            "published files, a translated/ directory beside any other input)",
        )
        parser.add_argument(
            "--spider",
            default=DEFAULT_SPIDER,
            help=f"spider whose dumps are read when no FILE is given, {DEFAULT_SPIDER} by default",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        configure_logging(self.settings)
        if not target_language(self.settings):
            raise UsageError(
                "TRANSLATE_TO is empty: pass e.g. -s TRANSLATE_TO=en", print_help=False
            )
        sources = [Path(arg) for arg in args] or spider_files(
            self.settings["OUTPUT_DIR"], opts.spider
        )
        if not sources:
            print("retranslate: no JSONL files to read", file=sys.stderr)
            return
        try:
            service = build_service_from_settings(self.settings)
        except ValueError as exc:
            raise UsageError(str(exc), print_help=False) from None
        outputs = Path(self.settings["OUTPUT_DIR"])
        threads = max(1, self.settings.getint("TRANSLATOR_THREADS"))
        totals: Counter[str] = Counter()
        file_errors = untranslated = 0
        seen_outputs: set[Path] = set()
        try:
            with ThreadPoolExecutor(threads, thread_name_prefix="retranslate") as pool:
                for source in sources:
                    try:
                        target = output_path(source, opts.output_dir, outputs)
                        if target.resolve() in seen_outputs:
                            raise ValueError(f"{target} is also the output of another input")
                        seen_outputs.add(target.resolve())
                        report = retranslate_file(
                            source,
                            target,
                            service.translate_record,
                            pool,
                            threads * _BATCH_PER_THREAD,
                        )
                    except (OSError, ValueError) as exc:
                        file_errors += 1
                        print(f"retranslate: {source}: {exc}", file=sys.stderr)
                        continue
                    totals.update(report.stats)
                    untranslated += report.untranslated
                    print(
                        f"{source} -> {report.output or '(empty input, nothing written)'}: "
                        f"{report.records} records, {report.translated} translated now, "
                        f"{report.untranslated} still untranslated"
                    )
        finally:
            service.close()
        for key in sorted(totals):
            print(f"{key}: {totals[key]}")
        if file_errors:
            self.exitcode = EXIT_FILE_ERROR
        elif untranslated:
            self.exitcode = EXIT_UNTRANSLATED
