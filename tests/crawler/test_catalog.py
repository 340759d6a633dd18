"""``OUTPUT_DIR/catalog.json`` (:mod:`crawler.run.catalog`): brought in line with the files
on disk, a changed file reported and never re-read as if it were published so."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from crawler.run.catalog import (
    CatalogEntry,
    catalog_path,
    current,
    mismatch,
    read,
    scan,
    update,
)
from crawler.run.files import AtomicJsonl, derived_dir

SPIDER = "index_abroad"


def publish(out: Path, name: str, times: list[str], spider: str = SPIDER) -> CatalogEntry:
    writer = AtomicJsonl(out / spider / name)
    for number, at in enumerate(times):
        writer.write({"url": f"https://index.hu/{name}/{number}", "crawled_at": at})
    path = writer.commit()
    assert path is not None
    return CatalogEntry.of(spider, name, writer.tally)


def test_an_entry_is_the_file_as_written(tmp_path):
    # Out of order, and one in another form of UTC: earliest and latest by time.
    times = ["2026-01-01T03:00:09Z", "2026-01-01T03:00:05.5+00:00", "2026-01-01T03:00:07Z"]
    entry = publish(tmp_path, "a.jsonl", times)
    data = (tmp_path / SPIDER / "a.jsonl").read_bytes()
    assert entry.path == f"{SPIDER}/a.jsonl" and entry.spider == SPIDER
    assert (entry.records, entry.bytes) == (3, len(data))
    assert entry.sha256 == hashlib.sha256(data).hexdigest()
    assert entry.first_crawled_at == "2026-01-01T03:00:05.5+00:00"
    assert entry.last_crawled_at == "2026-01-01T03:00:09Z"
    assert scan(tmp_path, tmp_path / SPIDER / "a.jsonl") == entry  # read back: the same


def test_update_enters_the_published_file_and_rebuilds_what_is_missing(tmp_path):
    first = publish(tmp_path, "a.jsonl", ["2026-01-01T03:00:00Z"])
    other = publish(tmp_path, "b.jsonl", ["2026-01-02T03:00:00Z"], spider="telex_abroad")
    # Derived outputs are not published files.
    translated = derived_dir(tmp_path, "translated", SPIDER) / "a.jsonl"
    translated.parent.mkdir(parents=True)
    translated.write_text("{}\n")
    catalog = update(tmp_path, first)  # no catalog yet: the other file is read in
    assert catalog.scanned == ["telex_abroad/b.jsonl"] and not catalog.found
    assert read(tmp_path) == [first, other]
    body = json.loads(catalog_path(tmp_path).read_text(encoding="utf-8"))
    assert body["format"] == 1 and body["glob"] == "*/*.jsonl"
    assert [f["path"] for f in body["files"]] == [f"{SPIDER}/a.jsonl", "telex_abroad/b.jsonl"]
    assert not list(tmp_path.glob(".catalog.json*"))  # replaced atomically, nothing left

    (tmp_path / "telex_abroad" / "b.jsonl").unlink()
    catalog = update(tmp_path)  # a run that published nothing: stale, so rewritten
    assert catalog.dropped == ["telex_abroad/b.jsonl"]
    assert read(tmp_path) == [first]

    before = catalog_path(tmp_path).stat().st_mtime_ns
    assert not update(tmp_path).stale  # in line: not written again
    assert catalog_path(tmp_path).stat().st_mtime_ns == before


def test_an_unreadable_catalog_is_rebuilt(tmp_path):
    entry = publish(tmp_path, "a.jsonl", ["2026-01-01T03:00:00Z"])
    catalog_path(tmp_path).write_text('{"format": 1, "files": [{"path"', encoding="utf-8")
    assert read(tmp_path) is None
    assert update(tmp_path).stale
    assert read(tmp_path) == [entry]


def test_a_changed_file_keeps_its_entry_and_is_reported(tmp_path):
    entry = publish(tmp_path, "a.jsonl", ["2026-01-01T03:00:00Z", "2026-01-01T03:00:01Z"])
    update(tmp_path, entry)
    path = tmp_path / SPIDER / "a.jsonl"
    path.write_bytes(path.read_bytes() + b'{"url":"https://index.hu/planted"}\n')
    later = publish(tmp_path, "b.jsonl", ["2026-01-02T03:00:00Z"])
    catalog = update(tmp_path, later)
    assert catalog.changed == [f"{SPIDER}/a.jsonl"]
    assert read(tmp_path) == [entry, later]  # the entry as published, not the file now
    data = path.read_bytes()
    assert mismatch(entry, len(data), hashlib.sha256(data).hexdigest()) == (
        f"{len(data)} bytes, the catalog says {entry.bytes}"
    )
    # The same size, other bytes: only the SHA-256 tells.
    path.write_bytes(data[: entry.bytes].replace(b"index.hu", b"INDEX.HU"))
    data = path.read_bytes()
    assert current(tmp_path).changed == []
    assert "SHA-256" in str(mismatch(entry, len(data), hashlib.sha256(data).hexdigest()))
