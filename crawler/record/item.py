"""The record: one place for its fields, their order and the schema version.

Field order here is the key order of every JSONL line. The JSON Schema beside it
(`schema/record.schema.json`) is the one definition of a valid record and the contract
for downstream readers (:func:`crawler.record.validity.record_problem` checks a record
against it and its URL against its portal's rule), and a test keeps
the fields, the schema and the README's field table in step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

SCHEMA_VERSION = 2


@dataclass
class ArticleItem:
    url: str
    source: str
    section: str
    kind: str  # "article" | "liveblog"
    title: str
    lead: str | None
    text: str
    # Live-blog posts: {"published", "authors", "title", "text"} each, in page order.
    posts: list[dict[str, Any]] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)  # people only
    # Desks and agencies the page credits (MTI, Reuters, hvg.hu …), in page order; since
    # schema version 2.
    credits: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    language: str | None = None
    language_probability: float | None = None
    translation: dict[str, Any] | None = None
    translation_error: str | None = None
    revision: int = 1
    content_hash: str = ""
    crawled_at: str = ""
    schema_version: int = SCHEMA_VERSION


RECORD_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ArticleItem))


def schema_file() -> Traversable:
    """The JSON Schema, as package data: a file in a checkout or an installed package, a
    member of the zip file when the package is an egg (what Scrapyd runs), where a path
    beside ``__file__`` is no file at all."""
    return files(__package__).joinpath("schema", "record.schema.json")


@cache
def record_schema() -> dict[str, Any]:
    return json.loads(schema_file().read_text(encoding="utf-8"))


def as_record(item: Any) -> dict[str, Any]:
    """The record's fields of an item (dataclass, dict, anything itemadapter reads), in order."""
    from itemadapter import ItemAdapter

    adapter = ItemAdapter(item)
    return {name: adapter.get(name) for name in RECORD_FIELDS}
