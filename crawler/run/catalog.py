"""``OUTPUT_DIR/catalog.json``: every published run file, so a reader finds new files and
checks them without listing directories or trusting a half-copied file.

Format (``format`` 1), one file per line, sorted by ``path`` (spider, then run: oldest
first)::

    {"format": 1, "glob": "*/*.jsonl", "files": [
    {"path": "index_abroad/2026-11-28T03-00-00-123456Z.jsonl", "spider": "index_abroad",
     "name": "2026-11-28T03-00-00-123456Z.jsonl", "records": 41, "bytes": 180234,
     "sha256": "…", "first_crawled_at": "2026-11-28T03:00:05Z",
     "last_crawled_at": "2026-11-28T03:09:41Z"}
    ]}

``path`` is relative to the output directory; ``records`` its lines, ``bytes`` and
``sha256`` the file's exact bytes, ``first_crawled_at``/``last_crawled_at`` its records'
earliest and latest ``crawled_at``.

Written by the publish step (:mod:`pipelines.jsonl`), after the run's file is renamed into
place and its state rows are published, from what was counted while the file was written
(:class:`crawler.run.files.Tally`): never by re-reading it. Replaced atomically
(:func:`crawler.run.files.write_atomically`). The output directory's lock makes one run
the only writer; spiders of one ``crawlall`` process take turns (:data:`_UPDATING`).

The catalog is derived data, never part of the publish protocol: a run killed between
the rename and the catalog, or a catalog that could not be written (a full disk), leaves
it stale, and a missing or unreadable one is as good as empty. Each run's close, and each
reader through :func:`current`, first brings it in line with the files on disk: entries
whose file is gone are dropped, files it lacks are read and entered. A file whose size is
not its entry's keeps its entry (:attr:`Catalog.changed`): a published file never
changes, so one that did is reported, never re-read and trusted; ``scrapy export``
checks every file's size and SHA-256 against its entry and refuses one that differs.
Readers never write it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from crawler.run.files import PUBLISHED_GLOB, Tally, published_files, write_atomically

CATALOG_FILE = "catalog.json"
FORMAT = 1

# One process may publish for several spiders at once (crawlall), each from its own
# crawler; the file is the output directory's, so their read-modify-write cycles must not
# interleave. Other processes are kept out by the output directory's lock.
_UPDATING = threading.Lock()


@dataclass(frozen=True)
class CatalogEntry:
    path: str  # relative to the output directory: "<spider>/<name>"
    spider: str
    name: str
    records: int
    bytes: int
    sha256: str
    first_crawled_at: str | None
    last_crawled_at: str | None

    @classmethod
    def of(cls, spider: str, name: str, tally: Tally) -> CatalogEntry:
        return cls(
            path=f"{spider}/{name}",
            spider=spider,
            name=name,
            records=tally.records,
            bytes=tally.bytes,
            sha256=tally.sha256,
            first_crawled_at=tally.first_crawled_at,
            last_crawled_at=tally.last_crawled_at,
        )


@dataclass
class Catalog:
    entries: list[CatalogEntry]
    scanned: list[str]  # paths read from disk because the catalog lacked them
    dropped: list[str]  # paths it listed whose file is gone
    changed: list[str]  # paths whose file's size is not their entry's (entry kept)
    found: bool  # a readable catalog.json was there

    @property
    def stale(self) -> bool:
        """catalog.json is not the files on disk (a changed file aside: its entry stays)."""
        return not self.found or bool(self.scanned or self.dropped)


def catalog_path(output_dir: str | Path) -> Path:
    return Path(output_dir) / CATALOG_FILE


def scan(output_dir: str | Path, path: Path) -> CatalogEntry:
    """The entry of a published file, read from disk (a catalog that lacks it). Lines that
    are not JSON still count as records: the entry says what the file is."""
    tally = Tally()
    with path.open("rb") as file:
        for line in file:
            tally.add(line, _crawled_at(line))
    relative = path.relative_to(output_dir)
    return CatalogEntry.of(relative.parent.name, relative.name, tally)


def _crawled_at(line: bytes) -> Any:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return record.get("crawled_at") if isinstance(record, dict) else None


def read(output_dir: str | Path) -> list[CatalogEntry] | None:
    """The entries ``catalog.json`` lists; None when it is missing or unreadable."""
    try:
        data = json.loads(catalog_path(output_dir).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        return [CatalogEntry(**entry) for entry in data["files"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def on_disk(output_dir: str | Path) -> dict[str, int]:
    """``path -> bytes`` of every published file (:func:`crawler.run.files.published_files`)."""
    found: dict[str, int] = {}
    for spider, path in published_files(output_dir):
        try:
            found[f"{spider}/{path.name}"] = path.stat().st_size
        except OSError:
            continue  # gone since the listing
    return found


def current(output_dir: str | Path, known: Iterable[CatalogEntry] = ()) -> Catalog:
    """The catalog as the files on disk are now: ``catalog.json`` with the entries of
    vanished files dropped and files it lacks read in (``known`` entries are taken as
    they are instead, e.g. the file a run has just published)."""
    listed = read(output_dir)
    entries = {entry.path: entry for entry in listed or ()}
    entries.update((entry.path, entry) for entry in known)
    disk = on_disk(output_dir)
    dropped = sorted(path for path in entries if path not in disk)
    scanned: list[str] = []
    changed: list[str] = []
    kept: dict[str, CatalogEntry] = {}
    for path, size in sorted(disk.items()):
        entry = entries.get(path)
        if entry is None:
            try:
                entry = scan(output_dir, Path(output_dir) / path)
            except OSError:
                continue  # gone since the listing
            scanned.append(path)
        elif entry.bytes != size:
            changed.append(path)
        kept[path] = entry
    return Catalog(list(kept.values()), scanned, dropped, changed, listed is not None)


def render(entries: Iterable[CatalogEntry]) -> str:
    lines = ",\n".join(json.dumps(asdict(entry), ensure_ascii=False) for entry in entries)
    return (
        f'{{"format": {FORMAT}, "glob": {json.dumps(PUBLISHED_GLOB)}, "files": [\n'
        f"{lines}{chr(10) if lines else ''}]}}\n"
    )


def update(output_dir: str | Path, published: CatalogEntry | None = None) -> Catalog:
    """The close step of a run: enter the file it has just published (``published``, as
    counted while it was written) and write the catalog atomically, brought in line with
    the disk; with nothing published, write it only when it is missing or stale. Raises
    OSError when it cannot be written."""
    with _UPDATING:
        catalog = current(output_dir, known=[published] if published else [])
        if published is None and not Path(output_dir).is_dir():
            return catalog  # nothing was ever written there: nothing to list
        if published is not None or catalog.stale:
            write_atomically(catalog_path(output_dir), render(catalog.entries))
        return catalog


def mismatch(entry: CatalogEntry, size: int, sha256: str) -> str | None:
    if size != entry.bytes:
        return f"{size} bytes, the catalog says {entry.bytes}"
    if sha256 != entry.sha256:
        return "its SHA-256 is not the catalog's: it changed after it was published"
    return None
