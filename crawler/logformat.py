"""Log lines for dropped items: one line with the URL and reason, not the whole item."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.logformatter import LogFormatter


class QuietDropFormatter(LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any = None):
        url = ItemAdapter(item).get("url") if ItemAdapter.is_item(item) else None
        return {
            "level": logging.WARNING,
            "msg": "Dropped %(url)s: %(reason)s (%(exception)s)",
            "args": {"url": url, "reason": type(exception).__name__, "exception": exception},
        }
