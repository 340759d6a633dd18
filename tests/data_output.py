"""A small output directory as the crawl and ``scrapy retranslate`` leave it, for the
readers' tests (``scrapy export``, the README's "Reading the data" snippets).

    index_abroad/2026-01-01T…Z.jsonl   A rev 1, B (translated by the crawl)
    index_abroad/2026-01-02T…Z.jsonl   A rev 2 (new text, untranslated)
    telex_abroad/2026-01-02T…Z.jsonl   C (undated, crawled 23:30 UTC = 00:30 Budapest)
    derived/translated/index_abroad/   A rev 2 translated ("NEWER"), and A rev 1
    index_abroad/translated/           the older layout: A rev 2 translated ("OLDER")
    telex_abroad/translated/           the older layout: C translated
    catalog.json                       as the publish step writes it

Each article's latest revision: A rev 2 with the NEWER translation, B as crawled, C with
its translation from the older layout.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from crawler.assembly.assemble import content_hash
from crawler.record.item import ArticleItem, as_record
from crawler.record.validity import record_problem
from crawler.run.catalog import CatalogEntry, update
from crawler.run.files import AtomicJsonl, derived_dir

RUN_1 = "2026-01-01T03-00-00-000000Z.jsonl"
RUN_2 = "2026-01-02T03-00-00-000000Z.jsonl"
A = "https://index.hu/kulfold/2026/01/01/valasztas/"
B = "https://index.hu/kulfold/2026/01/03/tuntetes/"
C = "https://telex.hu/kulfold/2026/01/02/csucstalalkozo"
ROWS = {A: (2, "NEWER"), B: (1, "CRAWLED"), C: (1, "LEGACY")}  # url -> (revision, title)


def record(url: str, title: str, revision: int = 1, **fields: Any) -> dict[str, Any]:
    source = url.split("/")[2]
    values: dict[str, Any] = {
        "url": url,
        "source": source,
        "section": "kulfold",
        "kind": "article",
        "title": title,
        "lead": "Szoros eredmény született a második fordulóban.",
        "text": f"{title}: első bekezdés.\n\nMásodik bekezdés.",
        "authors": ["Kovács Anna"],
        "published": "2026-01-01T08:00:00+01:00",
        "tags": ["választás"],
        "language": "hu",
        "language_probability": 0.99,
        "revision": revision,
        "crawled_at": "2026-01-01T03:05:00Z",
    }
    values.update(fields)
    values["content_hash"] = content_hash(values)
    result = as_record(ArticleItem(**values))
    assert record_problem(result) is None, record_problem(result)
    return result


def translated(original: dict[str, Any], title: str) -> dict[str, Any]:
    translation = {
        "lang": "en",
        "provider": "google",
        "title": title,
        "lead": None,
        "text": original["text"].upper(),
        "posts": [],
    }
    return dict(original, translation=translation, translation_error=None)


def write(path: Path, records: list[dict[str, Any]], mtime: int | None = None) -> AtomicJsonl:
    writer = AtomicJsonl(path)
    for one in records:
        writer.write(one)
    writer.commit()
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return writer


def make_output(out: Path) -> Path:
    a1 = record(A, "Választás", 1, translation_error="google:ReadTimeout")
    a2 = record(A, "Választás után", 2, crawled_at="2026-01-02T03:05:00Z")
    b = translated(
        record(B, "Tüntetés", published="2026-01-03T09:00:00+01:00"),
        "CRAWLED",
    )
    c = record(C, "Csúcstalálkozó", published=None, crawled_at="2026-01-02T23:30:00Z")
    published = [
        ("index_abroad", RUN_1, [a1, b]),
        ("index_abroad", RUN_2, [a2]),
        ("telex_abroad", RUN_2, [c]),
    ]
    entries = []
    for spider, name, records in published:
        writer = write(out / spider / name, records)
        entries.append(CatalogEntry.of(spider, name, writer.tally))
    derived = derived_dir(out, "translated", "index_abroad")
    write(derived / RUN_1, [translated(a1, "STALE"), b], mtime=1_700_000_000)
    write(derived / RUN_2, [translated(a2, "NEWER")], mtime=1_700_000_200)
    write(out / "index_abroad" / "translated" / RUN_2, [translated(a2, "OLDER")], 1_700_000_100)
    write(out / "telex_abroad" / "translated" / RUN_2, [translated(c, "LEGACY")], 1_700_000_000)
    for entry in entries:
        update(out, entry)
    return out
