"""The run's verdict, its one-line summary and its JSON report, for cron and monitoring.

Settings: ``OUTPUT_DIR``, ``HEALTH_MAX_EXTRACT_FAILURE_RATIO``, ``HEALTH_MIN_DOWNLOADED``,
``REPORT_RETENTION_DAYS``.
The report goes to ``OUTPUT_DIR/<spider>/reports/<run>.json`` and is copied to
``OUTPUT_DIR/<spider>/last_run.json`` (both replaced atomically); reports older than the
retention are deleted, so a run every 15 minutes does not pile up files forever.
The verdict's exit status is read by the project's ``crawl`` command
(:mod:`crawler.commands.crawl`).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.output import run_file_name, spider_dir

logger = logging.getLogger(__name__)

# Exit statuses, documented in the README.
OK = 0
UNREACHABLE = 2
NO_ARTICLE_LINKS = 3
EXTRACTION_FAILING = 4
OUTPUT_FAILED = 5
LOCKED = 75  # EX_TEMPFAIL: another run holds the lock; try again later

# Drops that mean "the extractor could not read the page", as opposed to fetch failures.
EXTRACTION_REASONS = (
    "no_title",
    "no_text",
    "extract_error",
    "empty",
    "truncated",
    "unparsable",
    "too_large",
    "not_html",
)


@dataclass(frozen=True)
class Verdict:
    status: int
    problem: str | None


def judge(stats: dict[str, Any], max_failure_ratio: float, min_sample: int = 5) -> Verdict:
    responses = stats.get("downloader/response_count", 0)
    if not responses:
        return Verdict(UNREACHABLE, "the site could not be reached")
    if stats.get("output/error"):
        return Verdict(OUTPUT_FAILED, "the output could not be written")
    if not stats.get("discovery/article_links", 0):
        return Verdict(NO_ARTICLE_LINKS, "no article links in the feed or the section page")
    downloaded = stats.get("articles/downloaded", 0)
    failed = sum(stats.get(f"articles/dropped/{r}", 0) for r in EXTRACTION_REASONS)
    # A quiet run re-fetches the same few broken pages: a share of 3 in 4 says nothing.
    if downloaded >= min_sample and failed / downloaded > max_failure_ratio:
        return Verdict(
            EXTRACTION_FAILING,
            f"extraction failed for {failed} of {downloaded} downloaded articles",
        )
    return Verdict(OK, None)


def summary(stats: dict[str, Any], seconds: float) -> dict[str, Any]:
    def under(prefix: str) -> dict[str, int]:
        return {k.removeprefix(prefix): v for k, v in sorted(stats.items()) if k.startswith(prefix)}

    dropped = under("articles/dropped/")
    for name, count in under("item_dropped_reasons_count/").items():
        if name != "Unchanged":
            dropped[name] = dropped.get(name, 0) + count
    return {
        "found": stats.get("articles/found", 0),
        "new": stats.get("articles/new", 0),
        "updated": stats.get("articles/updated", 0),
        "skipped_seen": stats.get("state/skipped_seen", 0),
        "unchanged": stats.get("state/unchanged", 0),
        "dropped": dropped,
        "errors": under("fetch/error/"),
        "generic_fallback": stats.get("extract/generic_fallback", 0),
        "records_written": stats.get("output/records", 0),
        "seconds": round(seconds, 2),
    }


class HealthExtension:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.output_dir = Path(crawler.settings["OUTPUT_DIR"])
        self.max_ratio = crawler.settings.getfloat("HEALTH_MAX_EXTRACT_FAILURE_RATIO")
        self.min_sample = crawler.settings.getint("HEALTH_MIN_DOWNLOADED")
        self.keep_reports = timedelta(days=crawler.settings.getfloat("REPORT_RETENTION_DAYS"))
        self.verdict: Verdict | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HealthExtension:
        ext = cls(crawler)
        # After the pipelines have closed (the file is published) and stats are final.
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.health = ext  # type: ignore[attr-defined]  # read by the crawl command
        return ext

    def spider_closed(self, spider: Any, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        started: datetime = stats.get("start_time") or datetime.now(UTC)
        seconds = (datetime.now(UTC) - started).total_seconds()
        self.verdict = judge(stats, self.max_ratio, self.min_sample)
        numbers = summary(stats, seconds)
        dropped = ", ".join(f"{k}={v}" for k, v in numbers["dropped"].items()) or "none"
        errors = ", ".join(f"{k}={v}" for k, v in numbers["errors"].items()) or "none"
        level = logging.INFO if self.verdict.status == OK else logging.ERROR
        logger.log(
            level,
            "Run summary: spider=%s found=%d new=%d updated=%d skipped_seen=%d unchanged=%d "
            "dropped={%s} errors={%s} seconds=%.1f status=%d%s",
            spider.name,
            numbers["found"],
            numbers["new"],
            numbers["updated"],
            numbers["skipped_seen"],
            numbers["unchanged"],
            dropped,
            errors,
            seconds,
            self.verdict.status,
            f" ({self.verdict.problem})" if self.verdict.problem else "",
        )
        report = {
            "spider": spider.name,
            "started": started.isoformat(),
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "finish_reason": reason,
            "status": self.verdict.status,
            "problem": self.verdict.problem,
            "output_file": stats.get("output/file"),
            **numbers,
        }
        try:
            self._write_report(spider.name, started, report)
        except OSError as exc:
            logger.error("Cannot write the run report: %s", exc)

    def _write_report(self, spider: str, started: datetime, report: dict[str, Any]) -> None:
        directory = spider_dir(self.output_dir, spider)
        reports = directory / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        body = json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n"
        name = run_file_name(started).removesuffix(".jsonl") + ".json"
        for target in (reports / name, directory / "last_run.json"):
            tmp = target.with_name(f".{target.name}.part")
            tmp.write_text(body, encoding="utf-8")
            os.replace(tmp, target)
        cutoff = (datetime.now(UTC) - self.keep_reports).timestamp()
        for old in reports.glob("*.json"):
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
