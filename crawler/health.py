"""The run's verdict, its one-line summary and its JSON report, for cron and monitoring.

Settings: ``OUTPUT_DIR``, ``HEALTH_MAX_EXTRACT_FAILURE_RATIO``,
``HEALTH_MAX_FETCH_FAILURE_RATIO``, ``HEALTH_MIN_DOWNLOADED``, ``REPORT_RETENTION_DAYS``.
The report goes to ``OUTPUT_DIR/<spider>/reports/<run>.json`` and is copied to
``OUTPUT_DIR/<spider>/last_run.json`` (both replaced atomically); reports older than the
retention are deleted, so a run every 15 minutes does not pile up files forever.
The verdict's exit status is read by the project's ``crawl`` command
(:mod:`crawler.commands.crawl`), which also uses :func:`report_run` for a run stopped
before its spider could close.

Articles a run counts (the verdict's sample): those it downloaded, those it could not
fetch, and those it skipped as remembered lasting failures; a remembered failure counts
as the failure it was, so a broken layout stays loud on every run until it is fixed.
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

# Exit statuses, documented in the README (the crawl command exits with them).
OK = 0
CONFIG_ERROR = 1  # the crawl could not start: bad arguments, settings or spider name
UNREACHABLE = 2
NO_ARTICLE_LINKS = 3
EXTRACTION_FAILING = 4
OUTPUT_FAILED = 5
STATE_FAILED = 6
CUT_SHORT = 7  # stopped before it finished (SIGTERM, SIGINT, a CLOSESPIDER_* limit)
LOCKED = 75  # EX_TEMPFAIL: another run holds the lock; try again later

# What each status means: the README's table and ``scrapy crawl -h`` say the same.
EXIT_STATUSES = {
    OK: "healthy (also when nothing was new)",
    CONFIG_ERROR: "the crawl could not start: a bad argument, spider name or setting",
    UNREACHABLE: "the site could not be reached, answered only errors, or refused most articles",
    NO_ARTICLE_LINKS: "the listings were fetched but held no article links",
    EXTRACTION_FAILING: "extraction failed for too many articles (remembered failures count)",
    OUTPUT_FAILED: "the output could not be written",
    STATE_FAILED: "the state store failed (corrupt, locked, full, unwritable)",
    CUT_SHORT: "the run was cut short (SIGTERM, SIGINT, a limit); what was complete is published",
    LOCKED: "another run holds the lock (nothing was done)",
}

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

# Downloaded, then found to belong elsewhere: neither a failure to fetch nor to extract.
NOT_OURS = ("other_section", "redirected_off_section")


@dataclass(frozen=True)
class Verdict:
    status: int
    problem: str | None


def judge(
    stats: dict[str, Any],
    max_failure_ratio: float,
    min_sample: int = 5,
    *,
    max_fetch_failure_ratio: float | None = None,
) -> Verdict:
    """The run's verdict from its stats; the first problem found, local ones first.

    ``max_failure_ratio``: share of counted articles that may fail extraction;
    ``max_fetch_failure_ratio`` (default: the same): share that may fail to download.
    Shares are judged from ``min_sample`` counted articles on.
    """
    fetch_ratio = max_failure_ratio if max_fetch_failure_ratio is None else max_fetch_failure_ratio
    if state := _under(stats, "state/error/"):
        return Verdict(STATE_FAILED, f"the state store failed ({_counts(state)})")
    if stats.get("output/error"):
        return Verdict(OUTPUT_FAILED, "the output could not be written")
    reason = stats.get("finish_reason")
    if reason not in (None, "finished"):
        return Verdict(CUT_SHORT, f"the run was cut short ({reason})")
    if not stats.get("listings/fetched", 0):
        errors = _under(stats, "fetch/error/")
        if not stats.get("downloader/response_count", 0):
            detail = f" ({_counts(errors)})" if errors else ""
            return Verdict(UNREACHABLE, f"the site could not be reached{detail}")
        detail = f": {_counts(errors)}" if errors else ""
        return Verdict(UNREACHABLE, f"no listing page could be fetched{detail}")
    if not stats.get("discovery/article_links", 0):
        return Verdict(NO_ARTICLE_LINKS, "no article links in the feed or the section page")
    # A remembered failure counts as what it was when the page was last asked for.
    remembered = _under(stats, "state/skipped_failed/")
    unfetched = _under(stats, "articles/fetch_failed/")
    for name, count in remembered.items():
        if name not in EXTRACTION_REASONS and name not in NOT_OURS:
            unfetched[name] = unfetched.get(name, 0) + count
    extraction = {
        r: stats.get(f"articles/dropped/{r}", 0) + remembered.get(r, 0) for r in EXTRACTION_REASONS
    }
    failed = sum(extraction.values())
    counted = stats.get("articles/downloaded", 0) + sum(unfetched.values())
    counted += sum(v for k, v in remembered.items() if k in EXTRACTION_REASONS or k in NOT_OURS)
    # A quiet run counts a handful of articles: a share of 3 in 4 says nothing.
    if counted < min_sample:
        return Verdict(OK, None)
    if sum(unfetched.values()) / counted > fetch_ratio:
        return Verdict(
            UNREACHABLE,
            f"{sum(unfetched.values())} of {counted} articles could not be fetched"
            f" ({_counts(unfetched)})",
        )
    if failed / counted > max_failure_ratio:
        return Verdict(
            EXTRACTION_FAILING,
            f"extraction failed for {failed} of {counted} articles"
            f" ({_counts({k: v for k, v in extraction.items() if v})})",
        )
    return Verdict(OK, None)


def _under(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {k.removeprefix(prefix): v for k, v in sorted(stats.items()) if k.startswith(prefix)}


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k}={v}" for k, v in counts.items()) or "none"


def summary(stats: dict[str, Any], seconds: float) -> dict[str, Any]:
    dropped = _under(stats, "articles/dropped/")
    for name, count in _under(stats, "item_dropped_reasons_count/").items():
        if name != "Unchanged":
            dropped[name] = dropped.get(name, 0) + count
    return {
        "found": stats.get("articles/found", 0),
        "new": stats.get("articles/new", 0),
        "updated": stats.get("articles/updated", 0),
        "skipped_seen": stats.get("state/skipped_seen", 0),
        "skipped_failed": stats.get("state/skipped_failed", 0),
        "unchanged": stats.get("state/unchanged", 0),
        "deferred": stats.get("articles/deferred", 0),
        "dropped": dropped,
        "errors": _under(stats, "fetch/error/"),
        "remembered_failures": _under(stats, "state/skipped_failed/"),
        "generic_fallback": stats.get("extract/generic_fallback", 0),
        "decoding": _under(stats, "decode/"),
        "replacement_chars": stats.get("articles/replacement_chars", 0),
        "state_errors": _under(stats, "state/error/"),
        "records_written": stats.get("output/records", 0),
        "seconds": round(seconds, 2),
    }


def log_summary(spider: str, numbers: dict[str, Any], verdict: Verdict) -> None:
    """The run's one summary line: INFO when healthy, else ERROR with the problem."""
    level = logging.INFO if verdict.status == OK else logging.ERROR
    logger.log(
        level,
        "Run summary: spider=%s found=%d new=%d updated=%d skipped_seen=%d skipped_failed=%d"
        " unchanged=%d deferred=%d dropped={%s} errors={%s} seconds=%.1f status=%d%s",
        spider,
        numbers["found"],
        numbers["new"],
        numbers["updated"],
        numbers["skipped_seen"],
        numbers["skipped_failed"],
        numbers["unchanged"],
        numbers["deferred"],
        _counts(numbers["dropped"]),
        _counts(numbers["errors"]),
        numbers["seconds"],
        verdict.status,
        f" ({verdict.problem})" if verdict.problem else "",
    )


def report_run(
    output_dir: Path,
    spider: str,
    started: datetime,
    stats: dict[str, Any],
    verdict: Verdict,
    finish_reason: str,
    keep_reports: timedelta,
) -> None:
    """Log the summary line and write the run's report (a failure to write is logged)."""
    seconds = (datetime.now(UTC) - started).total_seconds()
    numbers = summary(stats, seconds)
    log_summary(spider, numbers, verdict)
    report = {
        "spider": spider,
        "started": started.isoformat(),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "finish_reason": finish_reason,
        "status": verdict.status,
        "problem": verdict.problem,
        "output_file": stats.get("output/file"),
        **numbers,
    }
    try:
        _write_report(output_dir, spider, started, report, keep_reports)
    except OSError as exc:
        logger.error("Cannot write the run report: %s", exc)


def _write_report(
    output_dir: Path, spider: str, started: datetime, report: dict[str, Any], keep: timedelta
) -> None:
    directory = spider_dir(output_dir, spider)
    reports = directory / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    body = json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n"
    name = run_file_name(started).removesuffix(".jsonl") + ".json"
    for target in (reports / name, directory / "last_run.json"):
        tmp = target.with_name(f".{target.name}.part")
        tmp.write_text(body, encoding="utf-8")
        os.replace(tmp, target)
    cutoff = (datetime.now(UTC) - keep).timestamp()
    for old in reports.glob("*.json"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


class HealthExtension:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.output_dir = Path(settings["OUTPUT_DIR"])
        self.max_ratio = settings.getfloat("HEALTH_MAX_EXTRACT_FAILURE_RATIO")
        self.max_fetch_ratio = settings.getfloat("HEALTH_MAX_FETCH_FAILURE_RATIO")
        self.min_sample = settings.getint("HEALTH_MIN_DOWNLOADED")
        self.keep_reports = timedelta(days=settings.getfloat("REPORT_RETENTION_DAYS"))
        self.verdict: Verdict | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HealthExtension:
        ext = cls(crawler)
        # After the pipelines have closed (the file is published) and stats are final.
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.health = ext  # type: ignore[attr-defined]  # read by the crawl command
        return ext

    def spider_closed(self, spider: Any, reason: str) -> None:
        stats = {**self.crawler.stats.get_stats(), "finish_reason": reason}
        started: datetime = stats.get("start_time") or datetime.now(UTC)
        self.verdict = judge(
            stats,
            self.max_ratio,
            self.min_sample,
            max_fetch_failure_ratio=self.max_fetch_ratio,
        )
        report_run(
            self.output_dir, spider.name, started, stats, self.verdict, reason, self.keep_reports
        )
