"""Log lines for dropped items: one line with the URL and reason, not the whole item."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.logformatter import LogFormatter


class QuietDropFormatter(LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any = None):
        # An unchanged re-checked article is the normal case of a scheduled run, not news.
        quiet = getattr(exception, "log_level", None) or (
            logging.DEBUG if type(exception).__name__ == "Unchanged" else logging.WARNING
        )
        return {
            "level": quiet,
            "msg": "Dropped (%(reason)s): %(exception)s",
            "args": {"reason": type(exception).__name__, "exception": exception},
        }
