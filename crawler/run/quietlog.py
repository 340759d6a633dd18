"""One line per problem: network failures, size limits, an unreachable site.

With the network down, Scrapy's robots.txt middleware logs a full traceback for the failed
robots.txt download, and the retry middleware logs each give-up at ERROR. The spider
reports every failed URL in one line and the run's verdict once, so those become
one-line WARNINGs: a cron mail then shows what happened without a wall of tracebacks.
"""

from __future__ import annotations

import logging

_NOISY = ("scrapy.downloadermiddlewares.robotstxt", "scrapy.downloadermiddlewares.retry")
# Size limits: Scrapy warns, then the spider reports the URL and reason in its own line.
_SECOND_OPINION = (
    "scrapy.downloadermiddlewares.httpcompression",
    "scrapy.core.downloader.handlers.http11",
)


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


def install() -> None:
    for names, kind in ((_NOISY, _OneLine), (_SECOND_OPINION, _Info)):
        for name in names:
            logger = logging.getLogger(name)
            if not any(isinstance(f, kind) for f in logger.filters):
                logger.addFilter(kind())
    # trafilatura logs "discarding data" for pages it gives up on; the spider says why.
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
