"""The state store as a Scrapy component: opened and settled once, then closed.

Settings: ``OUTPUT_DIR``, ``STATE_RETENTION_DAYS``, ``STATE_BUSY_TIMEOUT``,
``STATE_CLOCK_MAX_AHEAD_HOURS``.
Stats: ``state/recovered_files``, ``state/discarded_files``, ``state/rebuilt_articles``,
``state/rebuild_bad_lines``, ``state/error``, ``state/error/<kind>``,
``state/prune_skipped/<clock_behind|clock_ahead>`` (this run prunes nothing).

Opened when the spider opens, before any request or item: a missing store is rebuilt
from the published files, what a killed run left pending is settled
(:meth:`StateStore.recover`) and its stale part files are removed; the run's clock is
judged against the newest run the store recorded (:meth:`StateStore.begin_run`): one that
disagrees prunes nothing, said once in the log; then :data:`crawler.run.events.state_opened`
is sent (the archive settles its files then). A store that cannot
be used (corrupt, unwritable, locked for longer than ``STATE_BUSY_TIMEOUT``) is never
recreated: the spider closes before its first request (finish reason ``state_failed``)
and the run's verdict says why. The run's journal is written and its rows published by
the JSONL pipeline when the spider closes (old rows are pruned in the same write); the store
is closed when the engine has stopped, after that. Everything else reaches the store through the
crawler::

    store = state_store(crawler)

and reports a failure of it with :func:`state_failed`, which makes the run unhealthy.
It also records what the spider signals (:mod:`crawler.run.events`): redirect aliases and
lasting failures.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider

from crawler import reasons
from crawler.run import events as article_signals
from crawler.run.files import published_files, remove_stale_parts, run_name, spider_dir
from crawler.run.state import (
    STATE_FILE,
    PublishedRecord,
    StateError,
    StateStore,
    is_lost,
    rebuild,
    when_free,
)

logger = logging.getLogger(__name__)

STATE_FAILED_REASON = "state_failed"  # the spider's finish reason when the store is unusable

# What the operator can do, by kind of failure (one line each, after the reason).
_ADVICE = {
    "corrupt": "move it aside; the next run rebuilds it from the published files",
    "locked": "another process kept it locked; the next run publishes what this one found",
    "full": "free space on its disk; the next run publishes what this one found",
    "unwritable": "make it and its directory writable",
}


class StateExtension:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.output_dir = Path(settings["OUTPUT_DIR"])
        self.retention = timedelta(days=settings.getfloat("STATE_RETENTION_DAYS"))
        self.busy_timeout = settings.getfloat("STATE_BUSY_TIMEOUT")
        self.max_ahead = timedelta(hours=settings.getfloat("STATE_CLOCK_MAX_AHEAD_HOURS"))
        self._store: StateStore | None = None
        self._reported: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StateExtension:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        # Not on spider_closed: its receivers run concurrently, and the JSONL pipeline
        # publishes through the store on it.
        crawler.signals.connect(ext.spider_closed, signal=signals.engine_stopped)
        crawler.signals.connect(ext.redirected, signal=article_signals.article_redirected)
        crawler.signals.connect(ext.failed, signal=article_signals.article_failed)
        return ext

    @property
    def path(self) -> Path:
        return self.output_dir / STATE_FILE

    @property
    def store(self) -> StateStore:
        if self._store is None:
            raise StateError("unavailable", f"{self.path} is not open")
        return self._store

    async def spider_opened(self, spider: object) -> None:
        try:
            self._store = await self._open(self.crawler.spider.name)
        except StateError as exc:
            self.report(exc)
            raise CloseSpider(STATE_FAILED_REASON) from None
        self.crawler.signals.send_catch_log(signal=article_signals.state_opened)

    async def _open(self, name: str) -> StateStore:
        if is_lost(self.path):
            self._rebuild()
        # Opening writes only to create tables; retried while another process writes.
        store = await when_free(
            lambda: StateStore(self.path, name, busy_timeout=self.busy_timeout),
            self.busy_timeout,
        )
        try:
            directory = spider_dir(self.output_dir, name)
            published, discarded = await store.when_free(lambda: store.recover(directory))
        except BaseException:
            store.close()
            raise
        if published or discarded:
            logger.warning(
                "Settled an interrupted run: %d file(s) published, %d never published",
                published,
                discarded,
            )
        stats = self.crawler.stats
        stats.inc_value("state/recovered_files", published)
        stats.inc_value("state/discarded_files", discarded)
        if directory.exists():
            remove_stale_parts(directory)
        store.retention = self.retention
        self._judge_clock(store)
        return store

    def _judge_clock(self, store: StateStore) -> None:
        started: datetime = self.crawler.stats.get_value("start_time") or datetime.now(UTC)
        name = run_name(started)
        clock = store.begin_run(name, started, self.max_ahead)
        if clock.trusted:
            return
        assert clock.newest is not None
        self.crawler.stats.set_value(f"state/prune_skipped/{clock.problem}", 1)
        gap = clock.clock - clock.newest
        if clock.problem == "clock_behind":
            how = f"{_span(-gap)} behind"
            limit = ""
        else:
            how = f"{_span(gap)} ahead of"
            limit = ", more than STATE_CLOCK_MAX_AHEAD_HOURS allows"
        logger.warning(
            "Not pruning the state nor deleting archives: this run's clock (%s) is %s the"
            " newest run the state recorded (%s)%s; what the run records is dated from %s",
            _utc_text(clock.clock),
            how,
            _utc_text(clock.newest),
            limit,
            _utc_text(clock.recorded),
        )

    def _rebuild(self) -> None:
        """A missing store with published files beside it was lost, not new: rebuilt
        from those files, or the next run would emit every article again."""
        files = published_files(self.output_dir)
        if not files:
            return  # a first run
        bad_lines: list[int] = [0]
        articles = rebuild(self.path, _published_records(files, bad_lines))
        stats = self.crawler.stats
        stats.set_value("state/rebuilt_articles", articles)
        stats.set_value("state/rebuild_bad_lines", bad_lines[0])
        logger.warning(
            "State store %s was missing: rebuilt from %d published file(s) (%d articles%s)",
            self.path,
            len(files),
            articles,
            f", {bad_lines[0]} unreadable lines skipped" if bad_lines[0] else "",
        )

    def spider_closed(self, spider: object = None) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def redirected(self, alias: str, url: str) -> None:
        if self._store is not None:
            self._store.add_alias(alias, url)

    def failed(self, url: str, reason: str) -> None:
        if self._store is not None and reasons.is_lasting(reason):
            self._store.add_failure(url, reason)

    def report(self, exc: StateError) -> None:
        """Count a failure of the store (the verdict reads it); log each kind once."""
        stats = self.crawler.stats
        stats.inc_value("state/error")
        stats.inc_value(f"state/error/{exc.kind}")
        if exc.kind in self._reported:
            return
        self._reported.add(exc.kind)
        advice = _ADVICE.get(exc.kind)
        logger.error(
            "State store %s is unusable (%s: %s)%s",
            self.path,
            exc.kind,
            exc.detail,
            f": {advice}" if advice else "",
        )


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _span(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours / 24:.1f} days" if hours >= 48 else f"{hours:.1f} hours"


def _published_records(files: list[tuple[str, Path]], bad: list[int]) -> Iterator[PublishedRecord]:
    for spider, path in files:
        with path.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                try:
                    record = json.loads(line)
                except ValueError:
                    record = None
                if not _usable(record):
                    bad[0] += 1
                    continue
                yield PublishedRecord(spider, path.name, record)


def _usable(record: object) -> bool:
    if not (
        isinstance(record, dict)
        and all(isinstance(record.get(k), str) for k in ("url", "content_hash", "crawled_at"))
        and isinstance(record.get("revision"), int)
    ):
        return False
    try:
        for when in (record["crawled_at"], record.get("published") or record["crawled_at"]):
            datetime.fromisoformat(when.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return False
    return True


def _extension(crawler: Crawler) -> StateExtension:
    ext = crawler.get_extension(StateExtension)
    if ext is None:
        raise RuntimeError("crawler.run.state_extension.StateExtension is not enabled")
    return ext


def state_store(crawler: Crawler) -> StateStore:
    """The crawl's open state store; :class:`StateError` when it could not be opened."""
    return _extension(crawler).store


def state_failed(crawler: Crawler, exc: StateError) -> None:
    """Report a failure of the state store: counted, logged once, the run unhealthy."""
    _extension(crawler).report(exc)
