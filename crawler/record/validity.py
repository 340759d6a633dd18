"""Whether a record may be written: the JSON Schema, then the portal's canonical URL.

The check :class:`pipelines.validate.ValidatePipeline` makes before the JSONL writer, as
one plain function for the callers outside a crawl (``scrapy reextract``,
``python -m crawler.extract``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crawler.record.item import record_error
from crawler.sites import is_canonical

SCHEMA = "schema"  # not a valid record by the JSON Schema
URL = "url"  # its url is not the canonical form its portal's site module defines


@dataclass(frozen=True)
class Invalid:
    rule: str  # SCHEMA or URL
    reason: str  # the first problem, with its path

    def __str__(self) -> str:
        return self.reason


def invalid(record: dict[str, Any]) -> Invalid | None:
    """Why ``record`` may not be written (the first rule it breaks), or None."""
    problem = record_error(record)
    if problem is not None:
        return Invalid(SCHEMA, problem)
    if not is_canonical(record["url"]):
        return Invalid(URL, "url: not canonical")
    return None
