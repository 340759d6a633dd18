"""Keep network failures to one line each, and one ERROR per run for an unreachable site.

With the network down, Scrapy's robots.txt middleware logs a full traceback for the failed
robots.txt download, and the retry middleware logs each give-up at ERROR. The spider
reports every failed URL in one line and the run's verdict once, so those become
one-line WARNINGs: a cron mail then shows what happened without a wall of tracebacks.
"""

from __future__ import annotations

import logging

_NOISY = ("scrapy.downloadermiddlewares.robotstxt", "scrapy.downloadermiddlewares.retry")


class _OneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def install() -> None:
    for name in _NOISY:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _OneLine) for f in logger.filters):
            logger.addFilter(_OneLine())
