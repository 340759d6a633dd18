"""The run's verdict, its one-line summary and its JSON report, for cron and monitoring.

Settings: ``OUTPUT_DIR``, ``HEALTH_MAX_EXTRACT_FAILURE_RATIO``,
``HEALTH_MAX_FETCH_FAILURE_RATIO``, ``HEALTH_MIN_DOWNLOADED``, ``REPORT_RETENTION_DAYS``.
The report goes to ``OUTPUT_DIR/<spider>/reports/<run>.json`` and is copied to
``OUTPUT_DIR/<spider>/last_run.json`` (both replaced atomically). It holds the summary's
numbers and, under ``"stats"``, every stat of the run (what Scrapy's stats dump shows,
which the log shows only at DEBUG: :mod:`crawler.run.quietlog`); reports older than the
retention are deleted, so a run every 15 minutes does not pile up files forever. Each run
is also folded into the spider's daily rollup, ``OUTPUT_DIR/<spider>/days.json``
(:mod:`crawler.run.days`), which outlives the reports for ``scrapy report``.
The verdict's exit status is read by the project's ``crawl`` command
(:mod:`crawler.commands.crawl`), which also uses :func:`report_run` for a run stopped
before its spider could close.

The verdict judges the section as it stands (:func:`sample`): every article the run's
listings linked, by its last known outcome, so a few permanently broken links weigh the
same on every run and a broken layout stays loud on every run until it is fixed. It is
taken when the spider has closed and every component with it (:class:`HealthExtension`),
so an exception Scrapy caught from a component (:class:`FaultWatch`), a file that could
not be published or a record that went missing on the way is never a healthy run.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawler import reasons
from crawler.reasons import Category
from crawler.run import days, quietlog
from crawler.run.files import run_name, spider_dir, write_atomically

logger = logging.getLogger(__name__)

# Exit statuses, documented in the README (the crawl command exits with them).
OK = 0
NOT_STARTED = 1  # the crawl (or one spider of crawlall) could not start: arguments, settings, a bug
UNREACHABLE = 2
NO_ARTICLE_LINKS = 3
EXTRACTION_FAILING = 4
OUTPUT_FAILED = 5
STATE_FAILED = 6
CUT_SHORT = 7  # stopped before it finished (SIGTERM, SIGINT, a CLOSESPIDER_* limit)
COMPONENT_FAILED = 8  # an exception escaped a pipeline, extension, callback or close step
LOCKED = 75  # EX_TEMPFAIL: another run holds the lock; try again later

# What each status means: the README's table and ``scrapy crawl -h`` say the same.
EXIT_STATUSES = {
    OK: "healthy (also when nothing was new)",
    NOT_STARTED: "the crawl could not start: a bad argument, spider name or setting",
    UNREACHABLE: "the site could not be reached, answered only errors, or refused most articles",
    NO_ARTICLE_LINKS: "the listings were fetched but held no article links",
    EXTRACTION_FAILING: "extraction failed for too many articles (remembered failures count)",
    OUTPUT_FAILED: "not every record was published: the output, the archive or the report"
    " could not be written",
    STATE_FAILED: "the state store failed (corrupt, locked, full, unwritable)",
    CUT_SHORT: "the run was cut short (SIGTERM, SIGINT, a limit); what was complete is published",
    COMPONENT_FAILED: "an unexpected error in a pipeline, extension, spider callback or close"
    " step (a bug or a broken installation); see the log",
    LOCKED: "another run holds the lock (nothing was done)",
}

# Exceptions no component handled (an item pipeline, an extension's signal handler, a
# spider callback, a close step), counted by :class:`FaultWatch`: ``component/error`` and
# ``component/error/<where>``.
FAULTS = "component/error"
# Scrapy's log lines for an exception it caught from a component, by what failed.
_FAULT_MESSAGES = {
    "Error processing": "item_pipeline",
    "Spider error processing": "spider_callback",
    "Error caught on signal handler": "signal_handler",
    "Scraper close failure": "pipeline_close",
    "Slot close failure": "close",
    "Downloader close failure": "close",
    "Scheduler close failure": "close",
    "Scraper bug processing": "scraper",
    "Error while sending spider_close signal": "close",
}


@dataclass(frozen=True)
class Verdict:
    status: int
    problem: str | None


@dataclass(frozen=True)
class Sample:
    """The section as it stands: every article the run's listings linked, by its last
    known outcome (this run's, else the one the state remembers)."""

    articles: int
    failed_fetch: dict[str, int]
    failed_extraction: dict[str, int]
    not_ours: int  # downloaded, then found to be another section's: no failure

    def as_report(self) -> dict[str, int]:
        return {
            "articles": self.articles,
            "failed_fetch": sum(self.failed_fetch.values()),
            "failed_extraction": sum(self.failed_extraction.values()),
            "not_ours": self.not_ours,
        }


def sample(stats: dict[str, Any]) -> Sample:
    """Which articles the verdict judges, from the run's stats.

    Downloaded this run: this run's outcome. Not fetched because an earlier run published
    it (``state/skipped_seen``): published, a success. Not fetched because it is a
    remembered lasting failure (``state/skipped_failed/<reason>``): the failure it was.
    Could not be fetched: a fetch failure. Left for the next run by the budget: unknown,
    not judged. So a few permanently broken links weigh the same on every run, and a
    redesign weighs more with every new article it breaks.
    """
    unfetched = _under(stats, "articles/fetch_failed/")
    extraction: dict[str, int] = {}
    not_ours = 0
    remembered = _under(stats, "state/skipped_failed/")
    # This run's download failures are already in articles/fetch_failed; a dropped
    # "page_failed" article was downloaded, and counts as such.
    dropped = {
        name: count
        for name, count in _under(stats, "articles/dropped/").items()
        if reasons.category_of(name) is not Category.FETCH
    }
    for name, count in [*remembered.items(), *dropped.items()]:
        category = reasons.category_of(name)
        if category is Category.EXTRACTION:
            extraction[name] = extraction.get(name, 0) + count
        elif category is Category.NOT_OURS:
            not_ours += count
        else:  # remembered as failing to download
            unfetched[name] = unfetched.get(name, 0) + count
    remembered_judged = sum(
        n for name, n in remembered.items() if reasons.category_of(name) is not Category.FETCH
    )
    articles = (
        stats.get("articles/downloaded", 0)
        + stats.get("state/skipped_seen", 0)
        + sum(unfetched.values())
        + remembered_judged
    )
    return Sample(articles, unfetched, extraction, not_ours)


def judge(
    stats: dict[str, Any],
    max_failure_ratio: float,
    min_sample: int = 5,
    *,
    max_fetch_failure_ratio: float | None = None,
) -> Verdict:
    """The run's verdict from its stats; the first problem found, local ones first.

    ``max_failure_ratio``: share of the judged articles (:func:`sample`) that may fail
    extraction; ``max_fetch_failure_ratio`` (default: the same): share that may fail to
    download. Shares are judged from ``min_sample`` articles on.
    """
    fetch_ratio = max_failure_ratio if max_fetch_failure_ratio is None else max_fetch_failure_ratio
    if state := _under(stats, "state/error/"):
        return Verdict(STATE_FAILED, f"the state store failed ({_counts(state)})")
    unpublished = _not_published(stats)
    if faults := stats.get(FAULTS):
        where = _counts(_under(stats, f"{FAULTS}/"))
        return Verdict(
            COMPONENT_FAILED,
            f"{faults} unexpected error{'s' if faults > 1 else ''} in the crawler's components"
            f" ({where}){f'; {unpublished}' if unpublished else ''}; see the log",
        )
    if unpublished:
        return Verdict(OUTPUT_FAILED, unpublished)
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
    judged = sample(stats)
    # A quiet run counts a handful of articles: a share of 3 in 4 says nothing.
    if judged.articles < min_sample:
        return Verdict(OK, None)
    unfetched = sum(judged.failed_fetch.values())
    if unfetched / judged.articles > fetch_ratio:
        return Verdict(
            UNREACHABLE,
            f"{unfetched} of {judged.articles} articles could not be fetched"
            f" ({_counts(judged.failed_fetch)})",
        )
    failed = sum(judged.failed_extraction.values())
    if failed / judged.articles > max_failure_ratio:
        return Verdict(
            EXTRACTION_FAILING,
            f"extraction failed for {failed} of {judged.articles} articles"
            f" ({_counts(judged.failed_extraction)})",
        )
    return Verdict(OK, None)


def _not_published(stats: dict[str, Any]) -> str | None:
    """Why not every record the run meant to publish is visible, or None.

    ``item_scraped_count`` is what passed every pipeline into the run's file; the file
    must hold exactly that many once published (``output/records``)."""
    if stats.get("output/error"):
        return "the output could not be written"
    if stats.get("archive/error"):
        return "the run's archive (WARC) could not be written"
    if stats.get("report/error"):
        return "the run report could not be written"
    # Every record the spider extracted is published, or dropped with a reason
    # (unchanged, invalid, ...): an exception in a pipeline does neither.
    meant = stats.get("articles/extracted", 0) - stats.get("item_dropped_count", 0)
    written = stats.get("item_scraped_count", 0)
    published = stats.get("output/records", 0)
    if written != published or (meant > published and stats.get("finish_reason") == "finished"):
        return f"only {published} of {max(meant, written)} records were published"
    return None


def _under(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {k.removeprefix(prefix): v for k, v in sorted(stats.items()) if k.startswith(prefix)}


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k}={v}" for k, v in counts.items()) or "none"


def summary(stats: dict[str, Any], seconds: float) -> dict[str, Any]:
    dropped = _under(stats, "articles/dropped/")
    for name, count in _under(stats, "item_dropped_reasons_count/").items():
        if name != "Unchanged":
            dropped[name] = dropped.get(name, 0) + count
    numbers = {
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
        "judged": sample(stats).as_report(),
        "generic_fallback": stats.get("extract/generic_fallback", 0),
        "extracted": stats.get("articles/extracted", 0),
        "decoding": _under(stats, "decode/"),
        "replacement_chars": stats.get("articles/replacement_chars", 0),
        "state_errors": _under(stats, "state/error/"),
        "component_errors": _under(stats, f"{FAULTS}/"),
        "records_written": stats.get("output/records", 0),
        "seconds": round(seconds, 2),
    }
    if any(key.startswith("translate/") for key in stats):
        # Optional, so never a verdict; but a provider that failed must show in the line.
        numbers["translated"] = stats.get("translate/translated", 0)
        numbers["translation_failed"] = stats.get("translate/failed", 0)
    return numbers


def json_stats(stats: dict[str, Any]) -> dict[str, Any]:
    """The run's stats as JSON values, by key: times in ISO 8601, anything else JSON has
    no value for (a non-finite number, an object) as its text."""
    safe: dict[str, Any] = {}
    for key in sorted(stats, key=str):
        value = stats[key]
        if isinstance(value, datetime):
            value = value.isoformat()
        elif not _json_value(value):
            value = str(value)
        safe[str(key)] = value
    return safe


def _json_value(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, str | int | bool)


def log_summary(spider: str, numbers: dict[str, Any], verdict: Verdict) -> None:
    """The run's one summary line: INFO when healthy, else ERROR with the problem; shown
    at every ``LOG_LEVEL`` up to WARNING (:func:`crawler.run.quietlog.summary`)."""
    level = logging.INFO if verdict.status == OK else logging.ERROR
    translation = (
        f" translated={numbers['translated']} translation_failed={numbers['translation_failed']}"
        if "translated" in numbers
        else ""
    )
    quietlog.summary(
        logger,
        level,
        "Run summary: spider=%s found=%d new=%d updated=%d skipped_seen=%d skipped_failed=%d"
        " unchanged=%d deferred=%d dropped={%s} errors={%s}%s seconds=%.1f status=%d%s",
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
        translation,
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
    rejudge: Callable[[dict[str, Any]], Verdict] | None = None,
) -> Verdict:
    """Write the run's report, then log its summary line; returns the final verdict.

    A report that cannot be written is counted (``report/error``): with ``rejudge`` the
    verdict is taken again with it, so a run whose report is lost never says healthy
    (monitoring that reads ``last_run.json`` would see the previous run's)."""
    seconds = (datetime.now(UTC) - started).total_seconds()
    numbers = summary(stats, seconds)
    report = {
        "spider": spider,
        "started": started.isoformat(),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "finish_reason": finish_reason,
        "status": verdict.status,
        "problem": verdict.problem,
        "output_file": stats.get("output/file"),
        **numbers,
        "stats": json_stats(stats),
    }
    # A run whose clock disagrees with the state's prunes nothing (crawler.run.state): nor
    # does it delete reports by their age.
    prune = not _under(stats, "state/prune_skipped/")
    try:
        _write_report(output_dir, spider, started, report, keep_reports if prune else None)
    except OSError as exc:
        logger.error("Cannot write the run report: %s", exc)
        stats = {**stats, "report/error": 1}
        if rejudge is not None:
            verdict = rejudge(stats)
    log_summary(spider, numbers, verdict)
    return verdict


def _write_report(
    output_dir: Path,
    spider: str,
    started: datetime,
    report: dict[str, Any],
    keep: timedelta | None,
) -> None:
    directory = spider_dir(output_dir, spider)
    reports = directory / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    # A run killed while writing its report left these; one run at a time holds the
    # output directory (crawler.run.runlock), so none is a live run's.
    for leftover in [*reports.glob(".*.json.part"), *directory.glob(".last_run.json.part")]:
        leftover.unlink(missing_ok=True)
    body = json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n"
    name = run_name(started) + ".json"
    # The rollup first: should it fail, no report claims a verdict the run no longer has.
    days.record_run(directory, report, keep_days=keep is not None)
    for target in (reports / name, directory / "last_run.json"):
        write_atomically(target, body)
    if keep is None:
        return
    cutoff = (datetime.now(UTC) - keep).timestamp()
    for old in reports.glob("*.json"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


class FaultWatch(logging.Handler):
    """Counts the exceptions Scrapy caught from a component of this crawl (it logs them
    and goes on, which would otherwise leave the run looking healthy): an item pipeline,
    a signal handler of an extension, a spider callback, a close step."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(logging.ERROR)
        self.crawler = crawler

    def emit(self, record: logging.LogRecord) -> None:
        message = record.msg if isinstance(record.msg, str) else ""
        where = next((w for m, w in _FAULT_MESSAGES.items() if message.startswith(m)), None)
        if where is None:
            return
        spider = getattr(record, "spider", None)
        # A line naming no spider cannot be told apart in crawlall: every crawl counts it.
        if spider is not None and spider is not getattr(self.crawler, "spider", None):
            return
        self.crawler.stats.inc_value(FAULTS)
        self.crawler.stats.inc_value(f"{FAULTS}/{where}")


class HealthExtension:
    """Judges the run once every component has closed: when the engine has stopped, after
    every ``spider_closed`` receiver (they run concurrently; publishing is one of them),
    so a failure while publishing or closing is part of the verdict. A spider closed
    before its engine ever ran (a component refused to start) sends no
    ``engine_stopped``: the run command calls :meth:`finish` then."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.output_dir = Path(settings["OUTPUT_DIR"])
        self.max_ratio = settings.getfloat("HEALTH_MAX_EXTRACT_FAILURE_RATIO")
        self.max_fetch_ratio = settings.getfloat("HEALTH_MAX_FETCH_FAILURE_RATIO")
        self.min_sample = settings.getint("HEALTH_MIN_DOWNLOADED")
        self.keep_reports = timedelta(days=settings.getfloat("REPORT_RETENTION_DAYS"))
        self.verdict: Verdict | None = None
        self.closed: tuple[str, str] | None = None  # (spider name, finish reason)
        self.watch = FaultWatch(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HealthExtension:
        ext = cls(crawler)
        logging.getLogger("scrapy").addHandler(ext.watch)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.finish, signal=signals.engine_stopped)
        crawler.health = ext  # type: ignore[attr-defined]  # read by the crawl command
        return ext

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.closed = (spider.name, reason)

    def finish(self) -> Verdict | None:
        """Judge and report the run (once); None when its spider never closed."""
        if self.verdict is not None or self.closed is None:
            return self.verdict
        logging.getLogger("scrapy").removeHandler(self.watch)
        name, reason = self.closed
        stats = {**self.crawler.stats.get_stats(), "finish_reason": reason}
        started: datetime = stats.get("start_time") or datetime.now(UTC)
        self.verdict = report_run(
            self.output_dir,
            name,
            started,
            stats,
            self.judge(stats),
            reason,
            self.keep_reports,
            rejudge=self.judge,
        )
        return self.verdict

    def judge(self, stats: dict[str, Any]) -> Verdict:
        return judge(
            stats,
            self.max_ratio,
            self.min_sample,
            max_fetch_failure_ratio=self.max_fetch_ratio,
        )
