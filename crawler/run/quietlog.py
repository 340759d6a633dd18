"""What an operator reads: one line per problem, Scrapy's details at DEBUG, the summary always.

At the default level (INFO) a healthy run logs a handful of lines: Scrapy's start line,
its engine's open and close lines, the archive's line, the run's summary (and, in a run
longer than ``PROGRESS_AFTER``, its progress lines, :mod:`crawler.run.progress`).
Scrapy's other INFO records are details for whoever debugs: its versions, the lists of
enabled add-ons, extensions, middlewares and pipelines, the overridden settings, the stats
dump (the run report holds the stats, :mod:`crawler.run.health`) and LogStats' rate line
(the progress line says more). :func:`install` lowers them to DEBUG, where
``-s LOG_LEVEL=DEBUG`` shows them as before; they are never dropped.

With the network down, Scrapy's robots.txt middleware logs a full traceback for the failed
robots.txt download, and the retry middleware logs each give-up at ERROR. The spider
reports every failed URL in one line and the run's verdict once, so those become
one-line WARNINGs: a cron mail then shows what happened without a wall of tracebacks.

:func:`summary` logs a run's summary line so that ``LOG_LEVEL=WARNING`` still shows it.
"""

from __future__ import annotations

import logging

_NOISY = ("scrapy.downloadermiddlewares.robotstxt", "scrapy.downloadermiddlewares.retry")
# Size limits: Scrapy warns, then the spider reports the URL and reason in its own line.
_SECOND_OPINION = (
    "scrapy.downloadermiddlewares.httpcompression",
    "scrapy.core.downloader.handlers.http11",
)
# Scrapy's INFO records that are details (module docstring), by logger and how the
# message starts. Matched on the message format, which Scrapy keeps stable; a record
# that no longer matches is merely shown at INFO again.
DETAILS = {
    "scrapy.utils.log": ("Versions:",),
    "scrapy.addons": ("Enabled addons:",),
    "scrapy.middleware": ("Enabled ",),
    "scrapy.crawler": ("Overridden settings:",),
    "scrapy.statscollectors": ("Dumping Scrapy stats:",),
    "scrapy.extensions.logstats": ("Crawled ",),
}


class _OneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class _Info(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING:
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


class _Detail(logging.Filter):
    """Lowers the INFO records whose message starts with one of ``starts`` to DEBUG."""

    def __init__(self, starts: tuple[str, ...]) -> None:
        super().__init__()
        self.starts = starts

    def filter(self, record: logging.LogRecord) -> bool:
        if (
            record.levelno == logging.INFO
            and isinstance(record.msg, str)
            and record.msg.startswith(self.starts)
        ):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


def install() -> None:
    """Idempotent. The run commands call it before Scrapy logs its first line."""
    for names, kind in ((_NOISY, _OneLine), (_SECOND_OPINION, _Info)):
        for name in names:
            logger = logging.getLogger(name)
            if not any(isinstance(f, kind) for f in logger.filters):
                logger.addFilter(kind())
    # A logger's filters see its records before any handler does, so a lowered record
    # meets each handler's level as DEBUG.
    for name, starts in DETAILS.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, _Detail) for f in logger.filters):
            logger.addFilter(_Detail(starts))
    # trafilatura logs "discarding data" for pages it gives up on; the spider says why.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)


def summary(logger: logging.Logger, level: int, msg: str, *args: object) -> None:
    """Log a run's summary line at ``level`` (INFO for a healthy run: it is no warning),
    and show it on every handler that shows warnings.

    ``LOG_LEVEL=WARNING`` asks for problems only, yet the one line saying how the run went
    is what cron mail and monitoring read first: a record below WARNING is handed to each
    handler whose level is WARNING or lower, as the logging module would hand it if the
    handler's level were INFO. ``LOG_LEVEL=ERROR`` hides a healthy summary (an unhealthy
    one is an ERROR). Handlers are walked as :meth:`logging.Logger.callHandlers` walks
    them, so filters, formatters and the Scrapy root handler's destination all apply.
    """
    if level >= logging.WARNING:
        logger.log(level, msg, *args, stacklevel=2)
        return
    if logger.disabled:
        return
    fn, lno, func, _ = logger.findCaller(stacklevel=2)
    record = logger.makeRecord(logger.name, level, fn, lno, msg, args, None, func)
    if not logger.filter(record):
        return
    current: logging.Logger | None = logger
    while current is not None:
        for handler in current.handlers:
            if record.levelno >= handler.level or handler.level <= logging.WARNING:
                handler.handle(record)
        current = current.parent if current.propagate else None
