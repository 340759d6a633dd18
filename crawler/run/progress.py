"""How far a long run has come: a progress line every ``PROGRESS_INTERVAL`` seconds once it
has lasted ``PROGRESS_AFTER`` seconds, or on a terminal a progress bar.

Settings: ``PROGRESS_INTERVAL`` (seconds between lines, default 30; 0: no progress at
all), ``PROGRESS_AFTER`` (seconds a run lasts before its first line or its bar, default
60: a cron run with nothing new never shows any), ``PROGRESS_BAR`` (default True: when
stderr is a terminal, a tqdm bar instead of the lines; never when it is not, so a cron log
gets lines, not a bar's carriage returns).

A crawl (:class:`ProgressExtension`, one per spider, so ``crawlall`` has one line per
portal) reads its stats: ``backfill/days`` and ``backfill/days_listed`` (the days of a
backfill's range and those an archive page has listed an article of so far, written by
:class:`crawler.spiders.base.PortalSpider`), ``listings/fetched``, ``articles/found``,
what became of the articles found (``articles/downloaded``, ``articles/fetch_failed/*``,
``articles/duplicate``, ``state/skipped_seen``, ``state/skipped_failed``,
``articles/deferred``, ``fetch/error/robots_txt``) and ``item_scraped_count``, in one line
(broken here)::

    Progress: spider=index_abroad days=12/30 pages=140 articles=950/1210 records=900
    rate=4.2/s eta=9m30s elapsed=2m30s

The rate is of articles done over the last minute; the ETA is for the articles found so
far, and in a backfill whose archives have not listed every day yet, for as many more as
the days listed so far had per day (shown only when there is a rate). ``scrapy reextract``
reports through the same :class:`Reporter` (:func:`reextract_snapshot`, driven by a
:class:`Ticker` while the main thread waits on its worker processes).

A plain loop (``scrapy export``, any long command) uses :class:`Progress`: it counts what
the loop reports and a daemon thread shows it, so ``advance`` costs an addition::

    from crawler.run.progress import Progress

    progress = Progress.from_settings(self.settings, "export", total=None, unit="records")
    with progress:                       # or call progress.close() when done
        for path in files:
            progress.show(files=f"{done}/{len(files)}")  # extra key=value pairs, in order
            for record in read(path):
                ...
                progress.advance()       # advance(n): n more units done
            progress.write(f"{path}: ok")  # a command's own output line, above any bar
        progress.total = rows            # the total may be set or changed at any time

logs, once ``PROGRESS_AFTER`` seconds have passed, every ``PROGRESS_INTERVAL`` seconds::

    Progress: export files=3/12 records=41200 rate=20500.0/s elapsed=1m02s

(``records=41200/100000`` and an ``eta=`` when the total is known), or keeps a bar up to
date on a terminal. ``Progress(label, total=, unit=, interval=, after=, bar=)`` builds one
without settings (``bar=None``: a bar when stderr is a terminal); ``interval=0`` (or
``PROGRESS_INTERVAL=0``) counts without showing anything. :attr:`Progress.done` is the
count so far.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import create_looping_call

if TYPE_CHECKING:
    from tqdm import tqdm

logger = logging.getLogger(__name__)

RATE_WINDOW = 60.0  # seconds of history the rate is taken over
TICK = 1.0  # seconds between looks at the counters (a bar is redrawn as often)

# What became of an article the listings linked: the run is done with it.
_SETTLED = (
    "articles/downloaded",
    "articles/duplicate",
    "state/skipped_seen",
    "state/skipped_failed",
    "articles/deferred",
    "fetch/error/robots_txt",
)


@dataclass(frozen=True)
class Snapshot:
    """What a run has done, as its progress line says it.

    ``done`` of ``total`` (None: not known) are counted in ``unit``: the rate and the ETA
    are of them. ``fields`` are the line's ``key=value`` pairs in order; the bar shows the
    pair named ``unit`` as its own count and the others after it."""

    done: int
    total: int | None
    fields: tuple[tuple[str, str], ...]
    unit: str = "articles"


def crawl_snapshot(stats: Mapping[str, Any]) -> Snapshot:
    found = stats.get("articles/found", 0)
    failed = sum(v for k, v in stats.items() if k.startswith("articles/fetch_failed/"))
    done = min(found, failed + sum(stats.get(key, 0) for key in _SETTLED))
    total = found
    fields: list[tuple[str, str]] = []
    days = stats.get("backfill/days", 0)
    if days:
        listed = stats.get("backfill/days_listed", 0)
        fields.append(("days", f"{listed}/{days}"))
        if 0 < listed < days:  # the days still to be listed will bring as many a day
            total = round(found * days / listed)
    fields += [
        ("pages", str(stats.get("listings/fetched", 0))),
        ("articles", f"{done}/{found}"),
        ("records", str(stats.get("item_scraped_count", 0))),
    ]
    return Snapshot(done, total, tuple(fields))


def reextract_snapshot(counts: Mapping[str, int]) -> Snapshot:
    """From :attr:`crawler.archive.reassemble.Reextraction.progress`: archives finished of
    all, the share of their bytes round one has read, articles re-extracted (of about how
    many), records made. Until round two knows its articles, the total is what round one
    met per byte read (done, and left for round two), times the bytes."""
    archives, size = counts.get("archives", 0), counts.get("bytes", 0)
    read = counts.get("bytes_read", 0)
    done = counts.get("articles", 0)
    total: int | None = None
    if "round_two" in counts:
        total = counts.get("round_one", 0) + counts["round_two"]
    elif read:
        total = round((done + counts.get("deferred", 0)) * size / read)
    fields = (
        ("archives", f"{counts.get('archives_done', 0)}/{archives}"),
        ("read", f"{100 * read // size}%" if size else "0%"),
        ("articles", f"{done}/{total}" if total is not None else str(done)),
        ("records", str(counts.get("records", 0))),
    )
    return Snapshot(done, total, fields)


def duration(seconds: float) -> str:
    """``2h05m``, ``3m10s``, ``45s``."""
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def on_terminal(stream: TextIO) -> bool:
    """Whether a person watches ``stream``: a terminal that can redraw a line. Cron's
    file or mail, systemd's journal and Scrapyd's job log are not terminals."""
    isatty = getattr(stream, "isatty", None)
    return callable(isatty) and bool(isatty()) and os.environ.get("TERM") != "dumb"


def wants_bar(settings: BaseSettings, stream: TextIO) -> bool:
    """A bar only for a person watching, and only when the log goes to that terminal too:
    with a ``LOG_FILE`` the progress lines go to the file, where the operator reads them."""
    return settings.getbool("PROGRESS_BAR") and not settings.get("LOG_FILE") and on_terminal(stream)


class Reporter:
    """Shows a run's progress: ``tick`` it with a :class:`Snapshot` as often as you like
    (every second or so); it logs a line when one is due, or keeps a bar up to date."""

    def __init__(
        self,
        label: str,
        *,
        interval: float,
        after: float,
        bar: bool,
        title: str | None = None,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label  # the line's first words
        self.title = title or label  # the bar's
        self.interval = interval
        self.after = after
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.started = clock()
        self.next_line = self.started + after
        self.samples: deque[tuple[float, int]] = deque()
        self.bar: tqdm | None = None
        self._above: list[tuple[logging.Handler, logging.Filter]] = []
        if bar:
            self._open_bar()

    @classmethod
    def from_settings(
        cls,
        settings: BaseSettings,
        label: str,
        *,
        title: str | None = None,
        stream: TextIO | None = None,
    ) -> Reporter | None:
        """None when ``PROGRESS_INTERVAL`` is 0 (progress off)."""
        interval = settings.getfloat("PROGRESS_INTERVAL")
        if interval <= 0:
            return None
        stream = stream if stream is not None else sys.stderr
        return cls(
            label,
            interval=interval,
            after=settings.getfloat("PROGRESS_AFTER"),
            bar=wants_bar(settings, stream),
            title=title,
            stream=stream,
        )

    @property
    def period(self) -> float:
        """How often to tick."""
        return min(TICK, self.interval)

    def tick(self, snapshot: Snapshot) -> None:
        now = self.clock()
        self.samples.append((now, snapshot.done))
        while len(self.samples) > 2 and now - self.samples[1][0] >= RATE_WINDOW:
            self.samples.popleft()
        if self.bar is not None:
            self._draw(snapshot, now)
        elif now >= self.next_line:
            logger.info("%s", self.line(snapshot, now))
            self.next_line += self.interval
            if self.next_line <= now:  # the reactor was busy: no burst of late lines
                self.next_line = now + self.interval

    def rate(self, now: float) -> float:
        """Units a second over the last :data:`RATE_WINDOW` seconds (or since the start)."""
        then, done_then = self.samples[0]
        if now - then < 1.0:
            then, done_then = self.started, 0
        done = self.samples[-1][1]
        return (done - done_then) / (now - then) if now > then else 0.0

    def line(self, snapshot: Snapshot, now: float | None = None) -> str:
        now = self.clock() if now is None else now
        rate = self.rate(now)
        parts = [f"{key}={value}" for key, value in snapshot.fields]
        parts.append(f"rate={rate:.1f}/s")
        if snapshot.total is not None and rate > 0:
            parts.append(f"eta={duration(max(0, snapshot.total - snapshot.done) / rate)}")
        parts.append(f"elapsed={duration(now - self.started)}")
        return f"Progress: {self.label} {' '.join(parts)}"

    def close(self, last: Snapshot | None = None) -> None:
        """``last``: what the run did in the end, for the bar left on the terminal."""
        if self.bar is not None and last is not None:
            self._draw(last, self.clock())
        for handler, above in self._above:
            handler.removeFilter(above)
        self._above.clear()
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def write(self, text: str, file: TextIO | None = None) -> None:
        """Print a line (a command's own output) without tearing a bar that is shown."""
        target = file if file is not None else sys.stdout
        if self.bar is None:
            print(text, file=target, flush=True)
            return
        from tqdm import tqdm

        tqdm.write(text, file=target)

    # --- the bar ---------------------------------------------------------------------

    def _open_bar(self) -> None:
        from tqdm import tqdm

        # A terminal that reports no size (a pty nobody sized) would get a bar of no
        # characters, and tqdm would count its rows as -1 and never draw it.
        try:
            size = os.get_terminal_size(self.stream.fileno())
        except (AttributeError, OSError, ValueError):
            size = os.terminal_size((0, 0))
        sized = size.columns > 0 and size.lines > 0
        # Shown only from PROGRESS_AFTER on (tqdm's delay), as the lines would be.
        self.bar = tqdm(
            desc=self.title,
            unit=" articles",
            file=self.stream,
            delay=self.after,
            dynamic_ncols=sized,
            ncols=None if sized else 100,
            nrows=None if sized else 24,
        )
        # Log lines written to the bar's terminal would break it: they go above it.
        for handler in logging.root.handlers:
            if (
                isinstance(handler, logging.StreamHandler)
                and not isinstance(handler, logging.FileHandler)
                and handler.stream is self.stream
            ):
                above = _AboveBar(handler)
                handler.addFilter(above)
                self._above.append((handler, above))

    def _draw(self, snapshot: Snapshot, now: float) -> None:
        bar = self.bar
        assert bar is not None
        if snapshot.total is not None:
            bar.total = max(snapshot.total, snapshot.done)
        bar.unit = f" {snapshot.unit}"
        others = [f"{key}={value}" for key, value in snapshot.fields if key != snapshot.unit]
        bar.set_postfix_str(" ".join(others), refresh=False)
        shown = bar.update(snapshot.done - bar.n)
        if not shown and now - self.started >= self.after:
            bar.refresh()  # nothing done since: the clock and the fields still move


class _AboveBar(logging.Filter):
    """On a console handler while a bar is shown: writes the handler's line above the bar
    (``tqdm.write``) and keeps the handler from writing it through the bar. Filters run
    after the handler's level check, so what the level hides stays hidden."""

    def __init__(self, handler: logging.Handler) -> None:
        super().__init__()
        self.handler = handler

    def filter(self, record: logging.LogRecord) -> bool:
        from tqdm import tqdm

        stream = getattr(self.handler, "stream", None)
        tqdm.write(self.handler.format(record), file=stream)
        return False


class Ticker:
    """Ticks a :class:`Reporter` on a daemon thread, for work whose main thread waits
    (``scrapy reextract`` on its pool): ``with Ticker(reporter, snapshot): ...``.
    ``snapshot`` is called on the ticker's thread: it must only read counters."""

    def __init__(self, reporter: Reporter, snapshot: Callable[[], Snapshot]) -> None:
        self.reporter = reporter
        self.snapshot = snapshot
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="progress", daemon=True)

    def __enter__(self) -> Ticker:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join()
        self.reporter.close(self.snapshot())

    def _run(self) -> None:
        while not self.stopped.wait(self.reporter.period):
            self.reporter.tick(self.snapshot())


class ProgressExtension:
    """A crawl's progress (module docstring): ticks from the spider's opening to its
    closing; off with ``PROGRESS_INTERVAL=0``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.reporter: Reporter | None = None
        self.task: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        if crawler.settings.getfloat("PROGRESS_INTERVAL") <= 0:
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Any) -> None:
        self.reporter = Reporter.from_settings(
            self.crawler.settings, f"spider={spider.name}", title=spider.name
        )
        if self.reporter is None:
            return
        self.task = create_looping_call(self.tick)
        self.task.start(self.reporter.period, now=False)

    def tick(self) -> None:
        if self.reporter is not None:
            self.reporter.tick(crawl_snapshot(self.crawler.stats.get_stats()))

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.reporter is not None:
            self.reporter.close(crawl_snapshot(self.crawler.stats.get_stats()))


class Progress:
    """A plain loop's progress (module docstring): ``advance(n)`` as units get done,
    ``close()`` (or a ``with`` block) at the end. Shows nothing for ``interval`` 0."""

    def __init__(
        self,
        label: str,
        *,
        total: int | None = None,
        unit: str = "items",
        interval: float = 30.0,
        after: float = 60.0,
        bar: bool | None = None,
        stream: TextIO | None = None,
    ) -> None:
        self.unit = unit
        self.total = total
        self.done = 0
        self.fields: dict[str, str] = {}
        self.reporter: Reporter | None = None
        self.ticker: Ticker | None = None
        if interval > 0:
            stream = stream if stream is not None else sys.stderr
            self.reporter = Reporter(
                label,
                interval=interval,
                after=after,
                bar=on_terminal(stream) if bar is None else bar,
                stream=stream,
            )
            self.ticker = Ticker(self.reporter, self.snapshot).__enter__()

    @classmethod
    def from_settings(
        cls,
        settings: BaseSettings,
        label: str,
        *,
        total: int | None = None,
        unit: str = "items",
        stream: TextIO | None = None,
    ) -> Progress:
        stream = stream if stream is not None else sys.stderr
        return cls(
            label,
            total=total,
            unit=unit,
            interval=settings.getfloat("PROGRESS_INTERVAL"),
            after=settings.getfloat("PROGRESS_AFTER"),
            bar=wants_bar(settings, stream),
            stream=stream,
        )

    def advance(self, n: int = 1) -> None:
        self.done += n

    def show(self, **fields: object) -> None:
        """Key=value pairs the line shows before the count (replaced wholesale, so the
        ticking thread never sees a dict change under it)."""
        self.fields = {**self.fields, **{key: str(value) for key, value in fields.items()}}

    def snapshot(self) -> Snapshot:
        done, total = self.done, self.total
        count = f"{done}/{total}" if total is not None else str(done)
        fields = (*self.fields.items(), (self.unit, count))
        return Snapshot(done, total, fields, self.unit)

    def write(self, text: str, file: TextIO | None = None) -> None:
        """Print a line of the command's own output, above the bar when one is shown."""
        if self.reporter is not None:
            self.reporter.write(text, file)
        else:
            print(text, file=file if file is not None else sys.stdout, flush=True)

    def close(self) -> None:
        ticker, self.ticker = self.ticker, None
        if ticker is not None:
            ticker.__exit__(None, None, None)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
