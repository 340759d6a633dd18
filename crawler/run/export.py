"""One row per article over every spider's published files: what ``scrapy export`` writes.

Reads the files the catalog lists (:func:`crawler.run.catalog.current`: a missing or stale
``catalog.json`` is made good from the files, in memory) and checks each against its entry
(bytes, SHA-256) as it is read. Per ``url`` the record with the highest ``revision`` is
kept (a tie: the latest ``crawled_at``, then the later file). A kept record without a
``translation`` takes the newest one ``scrapy retranslate`` wrote for the same ``url`` and
``content_hash`` (``OUTPUT_DIR/derived/translated/<spider>/*.jsonl``; the newest file by
modification time wins) and loses its ``translation_error``. Rows are records, keys in
record order: an exported row is as valid as a published line.

Two passes over the files, so memory grows with the number of articles (a URL, a hash
and a few offsets each), never with the files' size: the first reads every line and
notes where each article's latest revision is; the second copies those lines to the
output, re-serialised only where a translation is merged. ``.parquet`` rows are parsed
by pyarrow in blocks, into the columns the record's JSON Schema names
(:func:`arrow_schema`, so a field added to the schema is a column without a change here;
older records without it give null). pyarrow is imported only for ``.parquet``.

Filters: ``spiders`` (the published files of those spiders only); ``since`` (a date: rows
whose Budapest calendar day is that day or later: the date ``published`` is written
with, Budapest time, or when ``published`` is null the Budapest day of ``crawled_at``).
Applied to each article's latest revision.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from crawler.record.item import RECORD_FIELDS, record_schema
from crawler.record.times import BUDAPEST
from crawler.run.catalog import Catalog, CatalogEntry, catalog_path, current, mismatch
from crawler.run.files import dumps, part_path, rename_into_place, translation_dirs

FORMATS = (".jsonl", ".parquet")
_PROGRESS_LINES = 4096  # records between two calls of the progress hook
_PARQUET_BLOCK_BYTES = 32 << 20  # JSON lines parsed into one Parquet row group
_JSONL_BLOCK_BYTES = 1 << 20
_ARROW_BLOCK_BYTES = 4 << 20  # pyarrow's JSON parsing unit (measured fastest)
# Columns whose values repeat (a dictionary and statistics pay off there).
_REPEATED_COLUMNS = ("source", "section", "kind", "language", "revision", "schema_version")
_OPEN_FILES = 32  # retranslate outputs kept open while translations are merged
_READ_BYTES = 8 << 20


class Unreadable(Exception):
    """An input that cannot be exported: a line that is not a record, a file that does
    not match its catalog entry, a file that cannot be read."""


@dataclass(frozen=True)
class Selection:
    spiders: frozenset[str] | None = None  # None: every spider
    since: date | None = None


@dataclass
class Result:
    files: int = 0
    spiders: int = 0
    listed: int = 0  # records the catalog lists in those files
    records: int = 0  # lines read from published files
    articles: int = 0  # distinct URLs among them
    rows: int = 0  # written: articles that passed --since
    translations: int = 0  # rows that took a translation from retranslate's outputs
    seconds: float = 0.0
    catalog: Catalog | None = None


# Progress lines are not this module's: it calls ``progress(phase, done, total)`` every few
# thousand records and at the end of each pass (phase "read": records of the published
# files, total from the catalog; phase "write": rows), and the command shows them
# (crawler.run.progress).
ProgressHook = Callable[[str, int, int], None]


def _no_progress(phase: str, done: int, total: int) -> None:
    pass


# One tuple per article, not an object: the first pass keeps one for every URL.
# (sort key (revision, crawled_at, file, offset), line length, content_hash, day, translated)
_Latest = tuple[tuple[int, str, int, int], int, str, str | None, bool]


@dataclass
class Export:
    """The plan of an export (first pass), then its rows (second pass)."""

    output_dir: Path
    selection: Selection = field(default_factory=Selection)
    progress: ProgressHook = _no_progress
    entries: list[CatalogEntry] = field(default_factory=list)
    latest: dict[str, _Latest] = field(default_factory=dict)
    # (file, offset, length) in a retranslate output, per URL whose row takes it
    translations: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    translation_files: list[Path] = field(default_factory=list)
    result: Result = field(default_factory=Result)

    def plan(self) -> Result:
        """The first pass: which line of which file is each article's row. Raises
        :class:`Unreadable`."""
        started = time.perf_counter()
        catalog = current(self.output_dir)
        wanted = self.selection.spiders
        self.entries = [e for e in catalog.entries if wanted is None or e.spider in wanted]
        self.result.catalog = catalog
        self.result.files = len(self.entries)
        self.result.listed = sum(entry.records for entry in self.entries)
        self.result.spiders = len({entry.spider for entry in self.entries})
        for index, entry in enumerate(self.entries):
            self._read_published(index, entry)
        self.progress("read", self.result.records, self.result.listed)
        self.result.articles = len(self.latest)
        if self.selection.since is not None:
            since = self.selection.since.isoformat()
            self.latest = {
                url: latest for url, latest in self.latest.items() if _day(latest) >= since
            }
        self.result.rows = len(self.latest)
        self._find_translations()
        self.result.translations = len(self.translations)
        self.result.seconds = time.perf_counter() - started
        return self.result

    def _read_published(self, index: int, entry: CatalogEntry) -> None:
        path = self.output_dir / entry.path
        latest = self.latest
        digest = hashlib.sha256()
        size = 0
        with ThreadPoolExecutor(1, thread_name_prefix="export-sha256") as hasher:

            def take(chunk: bytes) -> Future[Any]:
                nonlocal size
                size += len(chunk)
                return hasher.submit(digest.update, chunk)

            for offset, line in _lines(path, take):
                url, revision, crawled_at, content_hash, published, translated = _fields(
                    line, path, offset
                )
                key = (revision, _instant(crawled_at), index, offset)
                known = latest.get(url)
                if known is None or key > known[0]:
                    day = published[:10] if isinstance(published, str) else None
                    latest[url] = (key, len(line), content_hash, day, translated)
                self.result.records += 1
                if not self.result.records % _PROGRESS_LINES:
                    self.progress("read", self.result.records, self.result.listed)
        if problem := mismatch(entry, size, digest.hexdigest()):
            raise Unreadable(
                f"{path}: {problem}. Not trusted: restore the file, or delete "
                f"{catalog_path(self.output_dir)} to take the files as they are now"
            )

    def _find_translations(self) -> None:
        untranslated = {url: latest[2] for url, latest in self.latest.items() if not latest[4]}
        if not untranslated:
            return
        files = []
        for spider in sorted({entry.spider for entry in self.entries}):
            for directory in translation_dirs(self.output_dir, spider):
                for path in directory.glob("*.jsonl") if directory.is_dir() else ():
                    if not path.name.startswith("."):
                        files.append((path.stat().st_mtime_ns, path.name, str(path)))
        # Oldest first: a newer output's translation replaces an older one's.
        self.translation_files = [Path(path) for _, _, path in sorted(files)]
        for index, path in enumerate(self.translation_files):
            for offset, line in _lines(path):
                url, _, _, content_hash, _, translated = _fields(line, path, offset)
                if translated and untranslated.get(url) == content_hash:
                    self.translations[url] = (index, offset, len(line))

    def rows(self) -> Iterator[bytes]:
        """The second pass: each kept line (without its newline), in file order, a
        translation merged where due."""
        by_file: dict[int, dict[int, str]] = {}
        for url, latest in self.latest.items():
            _, _, index, offset = latest[0]
            by_file.setdefault(index, {})[offset] = url
        with _OpenFiles(self.translation_files) as translations:
            for index, entry in enumerate(self.entries):
                wanted = by_file.get(index)
                if not wanted:
                    continue
                for offset, line in _lines(self.output_dir / entry.path):
                    url = wanted.get(offset)
                    if url is None:
                        continue
                    where = self.translations.get(url)
                    if where is not None:
                        line = _merged(line, translations.read(*where))
                    yield line


def _lines(
    path: Path, chunks: Callable[[bytes], Future[Any]] | None = None
) -> Iterator[tuple[int, bytes]]:
    """(offset, line without its newline) of each line of ``path``, read in large chunks;
    ``chunks`` sees every chunk (a SHA-256 on another thread: hashlib lets go of the GIL).
    Raises :class:`Unreadable`."""
    offset = 0
    carry = b""
    pending: Future[Any] | None = None
    try:
        with path.open("rb", buffering=0) as file:
            while chunk := file.read(_READ_BYTES):
                if chunks is not None:
                    if pending is not None:
                        pending.result()
                    pending = chunks(chunk)
                lines = (carry + chunk).split(b"\n")
                carry = lines.pop()
                for line in lines:
                    yield offset, line
                    offset += len(line) + 1
            if pending is not None:
                pending.result()
    except OSError as exc:
        raise Unreadable(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if carry:
        yield offset, carry  # a last line without its newline


def _fields(line: bytes, path: Path, offset: int) -> tuple[str, int, Any, str, Any, bool]:
    """(url, revision, crawled_at, content_hash, published, has a translation) of a line.

    The crawl writes records compactly in record order, so these are found without
    decoding the text: a comma before a quote is never inside a string (a quote there is
    escaped), so ``,"name":`` is a key, and ``translation``, ``translation_error`` and
    ``published`` are keys of the record alone (a post's ``published`` comes first in its
    object, after a brace). The URL is the first value; the line from
    ``"translation_error"`` on is parsed alone (as Latin-1: JSON's syntax is ASCII and no
    byte of a UTF-8 sequence is, so it parses alike, and the values taken are ASCII), which
    succeeds only if it is the record's own tail. A line that is not so is parsed whole.
    """
    if line.startswith(b'{"url":"'):
        end = line.find(b'"', 8)
        error = line.rfind(b',"translation_error":')
        translation = line.rfind(b',"translation":', 0, error)
        published = line.rfind(b',"published":', 0, translation)
        url = line[8:end]
        if 8 < end < published and b"\\" not in url:
            try:
                tail = json.loads("{" + line[error + 1 :].decode("latin-1"))
                when = _published(line, published + len(b',"published":'))
                return (
                    url.decode("utf-8"),
                    int(tail["revision"]),
                    tail["crawled_at"],
                    tail["content_hash"],
                    when,
                    line[translation + len(b',"translation":')] != _NULL,
                )
            except (ValueError, KeyError, TypeError, AttributeError):
                pass  # read it the general way, which says what is wrong
    try:
        record = json.loads(line)
        return (
            record["url"],
            int(record["revision"]),
            record["crawled_at"],
            record["content_hash"],
            record["published"],
            record["translation"] is not None,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        number = _line_number(path, offset)
        raise Unreadable(f"{path}:{number}: not a record") from None


_NULL = ord("n")
_PUBLISHED = re.compile(rb'null[,}]|"(\d{4}-\d{2}-\d{2}T[0-9:.+\-Z]*)"[,}]')


def _published(line: bytes, at: int) -> str | None:
    """The ``published`` value starting at ``at``: null or an ISO 8601 time."""
    found = _PUBLISHED.match(line, at)
    if found is None:
        raise ValueError("not a time")
    return found[1].decode("ascii") if found[1] is not None else None


def _line_number(path: Path, offset: int) -> int:
    with path.open("rb") as file:
        return file.read(offset).count(b"\n") + 1


def _instant(value: Any) -> str:
    """``crawled_at`` as a string that sorts by time (UTC, microseconds)."""
    if isinstance(value, str) and len(value) == 20 and value[-1] == "Z":
        return value[:19] + ".000000"  # the crawl's own form, whole seconds
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return ""
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S.%f")


def _day(latest: _Latest) -> str:
    """The Budapest calendar day --since compares: ``published``'s date as written (the
    crawl writes Budapest time), else ``crawled_at``'s in Budapest."""
    if latest[3] is not None:
        return latest[3]
    instant = latest[0][1]
    if not instant:
        return ""
    when = datetime.fromisoformat(instant).replace(tzinfo=UTC)
    return when.astimezone(BUDAPEST).date().isoformat()


def _merged(line: bytes, translated: bytes) -> bytes:
    """``line`` with the translation of ``translated`` (a retranslate output's line) and
    no ``translation_error``. Spliced as bytes where both lines are the crawl's compact
    form (the keys found as in :func:`_fields`), else parsed and written again."""
    translated = translated.rstrip(b"\n")
    at = line.rfind(_UNTRANSLATED)
    until = _value_end(line, at + len(_UNTRANSLATED)) if at > 0 else -1
    start = translated.rfind(b',"translation":{')
    end = translated.rfind(b',"translation_error":')
    if 0 < at < until and 0 < start < end:
        value = translated[start + len(b',"translation":') : end]
        try:
            whole = isinstance(json.loads(value.decode("latin-1")), dict)
        except ValueError:
            whole = False
        if whole:
            return b"".join(
                (line[:at], b',"translation":', value, b',"translation_error":null', line[until:])
            )
    record = json.loads(line)
    record["translation"] = json.loads(translated)["translation"]
    record["translation_error"] = None  # a record has a translation or an error, not both
    return dumps(record).encode("utf-8")


_UNTRANSLATED = b',"translation":null,"translation_error":'
_DECODER = json.JSONDecoder()


def _value_end(line: bytes, at: int) -> int:
    """Where the JSON value (``translation_error``'s: null or a string) starting at ``at``
    ends, whatever field follows it; -1 when none starts there."""
    try:
        _, end = _DECODER.raw_decode(line[at:].decode("latin-1"))
    except ValueError:
        return -1
    return at + end  # Latin-1: one character a byte


class _OpenFiles:
    """Random reads from retranslate outputs, a few files kept open at a time."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self.open: OrderedDict[int, IO[bytes]] = OrderedDict()

    def read(self, index: int, offset: int, length: int) -> bytes:
        file = self.open.pop(index, None)
        if file is None:
            if len(self.open) >= _OPEN_FILES:
                self.open.popitem(last=False)[1].close()
            file = self.paths[index].open("rb")
        self.open[index] = file
        file.seek(offset)
        return file.read(length)

    def __enter__(self) -> _OpenFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        for file in self.open.values():
            file.close()
        self.open.clear()


# --- writing ------------------------------------------------------------------------------


def write(export: Export, target: Path) -> int:
    """Write the export's rows to ``target`` (``.jsonl`` or ``.parquet``), atomically:
    a hidden part file beside it, fsynced, renamed into place. Returns the rows written.
    Raises :class:`Unreadable` (an input) or OSError (the output); then nothing is left."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = part_path(target)
    try:
        if target.suffix == ".parquet":
            rows = _write_parquet(export, part)
        else:
            rows = _write_jsonl(export, part)
        rename_into_place(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    export.progress("write", rows, export.result.rows)
    return rows


def _write_jsonl(export: Export, part: Path) -> int:
    rows = 0
    with part.open("wb") as file:
        for block, count in _blocks(export.rows(), _JSONL_BLOCK_BYTES):
            file.write(block)
            rows += count
            export.progress("write", rows, export.result.rows)
        file.flush()
        os.fsync(file.fileno())
    return rows


def _write_parquet(export: Export, part: Path) -> int:
    """Blocks of lines are parsed by pyarrow and written as row groups on a second
    thread (both let go of the GIL) while this one reads the next block."""
    import pyarrow.json as pa_json
    import pyarrow.parquet as pq

    schema = arrow_schema()
    parse = pa_json.ParseOptions(explicit_schema=schema, unexpected_field_behavior="ignore")
    # Dictionaries only where values repeat; statistics of long texts help no reader.
    small = [f.name for f in schema if f.name in _REPEATED_COLUMNS]
    rows = 0

    def convert(block: bytes, longest: int) -> int:
        options = pa_json.ReadOptions(block_size=max(_ARROW_BLOCK_BYTES, longest + 1))
        table = pa_json.read_json(io.BytesIO(block), read_options=options, parse_options=parse)
        writer.write_table(table.select(schema.names))
        return table.num_rows

    with (
        pq.ParquetWriter(str(part), schema, use_dictionary=small, write_statistics=small) as writer,
        ThreadPoolExecutor(1, thread_name_prefix="export-parquet") as worker,
    ):
        pending: Future[int] | None = None
        for block, _ in _blocks(export.rows(), _PARQUET_BLOCK_BYTES):
            longest = _longest(block)
            if pending is not None:
                rows += pending.result()
                export.progress("write", rows, export.result.rows)
            pending = worker.submit(convert, block, longest)
        if pending is not None:
            rows += pending.result()
    with part.open("rb") as file:
        os.fsync(file.fileno())
    return rows


def _blocks(lines: Iterable[bytes], size: int) -> Iterator[tuple[bytes, int]]:
    """Lines joined into blocks of about ``size`` bytes, each line ending in a newline;
    with the number of lines in each."""
    batch: list[bytes] = []
    held = 0
    for line in lines:
        batch.append(line)
        held += len(line)
        if held >= size:
            batch.append(b"")
            yield b"\n".join(batch), len(batch) - 1
            batch, held = [], 0
    if batch:
        batch.append(b"")
        yield b"\n".join(batch), len(batch) - 1


def _longest(block: bytes) -> int:
    longest = start = 0
    while (end := block.find(b"\n", start)) >= 0:
        longest = max(longest, end - start)
        start = end + 1
    return longest


def arrow_schema(schema: dict[str, Any] | None = None) -> Any:
    """The Parquet columns of a record, from its JSON Schema: one per property, in record
    order; objects are structs, arrays lists, times ISO 8601 strings as in the JSONL."""
    import pyarrow as pa

    schema = schema or record_schema()
    properties = schema["properties"]
    names = [name for name in RECORD_FIELDS if name in properties]
    names += [name for name in properties if name not in names]
    return pa.schema([pa.field(name, _arrow_type(properties[name], schema)) for name in names])


def _arrow_type(node: dict[str, Any], root: dict[str, Any]) -> Any:
    import pyarrow as pa

    if "$ref" in node:
        target: Any = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return _arrow_type({**target, **{k: v for k, v in node.items() if k != "$ref"}}, root)
    for combined in ("oneOf", "anyOf"):
        if combined in node:
            choices = [c for c in node[combined] if c.get("type") != "null"]
            kinds = {str(_arrow_type(choice, root)) for choice in choices}
            if len(kinds) != 1:
                raise ValueError(f"no one column type for {node[combined]}")
            return _arrow_type(choices[0], root)
    if "const" in node or "enum" in node:
        values = [node["const"]] if "const" in node else node["enum"]
        kinds = {type(value) for value in values if value is not None}
        if kinds == {int}:
            return pa.int64()
        if kinds == {str}:
            return pa.string()
        raise ValueError(f"no column type for the values {values}")
    kind = node.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        if len(kinds) != 1:
            raise ValueError(f"no one column type for {kind}")
        kind = kinds[0]
    if kind == "string":
        return pa.string()
    if kind == "integer":
        return pa.int64()
    if kind == "number":
        return pa.float64()
    if kind == "boolean":
        return pa.bool_()
    if kind == "array":
        return pa.list_(_arrow_type(node["items"], root))
    if kind == "object" and node.get("properties"):
        return pa.struct(
            [pa.field(name, _arrow_type(sub, root)) for name, sub in node["properties"].items()]
        )
    raise ValueError(f"no column type for {node}")
