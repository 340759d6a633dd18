"""The README documents what the code does: the record's fields, in order."""

from __future__ import annotations

import re
from pathlib import Path

from crawler.items import RECORD_FIELDS, record_schema

README = Path(__file__).resolve().parents[1] / "README.md"


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n### {title}\n")
    end = text.find("\n#", start + 1)
    return text[start : end if end > 0 else None]


def test_record_field_table_matches_the_schema():
    rows = re.findall(r"^\| `([a-z_]+)`(?:, `([a-z_]+)`)? \|", section("The record"), re.M)
    documented = [name for row in rows for name in row if name]
    assert documented == list(RECORD_FIELDS)
    assert list(record_schema()["properties"]) == documented
