"""What makes a record valid: the one function every writer and reader of records asks.

A record is valid when the JSON Schema (``schema/record.schema.json``, the contract for
downstream readers) accepts it, every time it carries is Budapest time with the offset of
that instant (:func:`crawler.record.times.is_budapest_time`: the schema's pattern allows
only +01:00 and +02:00, not which one an instant has) and its ``url`` is canonical by the
rule of the site module that owns its host (:func:`crawler.sites.is_canonical`). The
validate pipeline, ``python -m crawler.extract``, ``scrapy reextract`` and the tests all
call :func:`record_problem`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from crawler.record.item import record_schema
from crawler.record.times import is_budapest_time, record_times
from crawler.sites import is_canonical


@dataclass(frozen=True)
class Problem:
    """Why a record is not valid: ``schema`` (with the field's path) or ``url``."""

    kind: Literal["schema", "url"]
    message: str

    def __str__(self) -> str:
        return self.message


def record_problem(record: dict[str, Any]) -> Problem | None:
    """The first reason ``record`` is not a valid record, or None."""
    error = next(iter(_validator().iter_errors(record)), None)
    if error is not None:
        path = "/".join(map(str, error.absolute_path)) or "record"
        return Problem("schema", f"{path}: {error.message[:200]}")
    for path, value in record_times(record):
        if not is_budapest_time(value):
            return Problem("schema", f"{path}: not Budapest time: {value[:40]}")
    if not is_canonical(record["url"]):
        return Problem("url", f"url: not canonical: {record['url']}")
    return None


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(record_schema())
