"""Keep network failures to one line each.

With the network down, Scrapy's robots.txt middleware logs a full traceback for the failed
robots.txt download; the spider already reports the failure in one line, so the traceback
is noise in a cron mail.
"""

from __future__ import annotations

import logging

_NOISY = "scrapy.downloadermiddlewares.robotstxt"


class _OneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def install() -> None:
    logger = logging.getLogger(_NOISY)
    if not any(isinstance(f, _OneLine) for f in logger.filters):
        logger.addFilter(_OneLine())
