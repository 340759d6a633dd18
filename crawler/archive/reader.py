"""Reading run archives back: an index of the responses, then any response by offset.

:func:`index_archive` walks a WARC once and keeps, for every ``response`` record, what is
needed to find and replay it (offset, URL, status, ``Location``, our ``X-Crawler-*``
fields), never the bodies. :class:`RecordReader` then reads single records by offset (each
record is its own gzip member), which is how worker processes fetch an article's pages.

Damage is reported, never fatal: a corrupt or truncated archive yields the records
before the damage and an error naming the file, the record number and its offset.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.timeutils import iso_date_to_datetime

from crawler.archive import (
    ARTICLE_HEADER,
    CALLBACK_HEADER,
    CB_KWARGS_HEADER,
    WARC_SUFFIX,
)
from crawler.output import PART_SUFFIX

_GZIP_MAGIC = b"\x1f\x8b\x08"
# What a damaged file raises inside warcio/zlib/gzip.
READ_ERRORS = (ArchiveLoadFailed, zlib.error, EOFError, OSError, ValueError, KeyError)


class ArchiveError(Exception):
    """A record could not be read; the message names the file, record and offset."""


@dataclass(frozen=True)
class Entry:
    """One response record, as the index keeps it."""

    offset: int
    url: str
    status: int
    date: str  # WARC-Date
    location: str | None = None
    callback: str | None = None
    article: str | None = None  # set on an article's first page
    cb_kwargs: str | None = None  # JSON


@dataclass
class ArchiveIndex:
    path: Path
    info: dict[str, str] = field(default_factory=dict)  # the warcinfo record's fields
    entries: list[Entry] = field(default_factory=list)  # response records, in file order
    records: int = 0  # every record read, of any type
    error: str | None = None  # set when the file is damaged; entries are those before it

    def by_url(self) -> dict[str, Entry]:
        """The last response of each URL (a retried 503 and then its 200: the 200)."""
        return {entry.url: entry for entry in self.entries}

    def articles(self) -> list[Entry]:
        """The last response of each article's first page, in the order first seen."""
        last: dict[str, Entry] = {}
        for entry in self.entries:
            if entry.article is not None:
                last.pop(entry.article, None)  # a retry moves it to its final position
                last[entry.article] = entry
        return sorted(last.values(), key=lambda e: e.offset)


@dataclass(frozen=True)
class Stored:
    """A response as stored: enough to rebuild the response object the spider read."""

    url: str
    status: int
    protocol: str
    headers: list[tuple[str, str]]
    body: bytes
    date: str


def archive_paths(paths: list[Path]) -> list[Path]:
    """WARC files named by ``paths``: files as given, directories searched recursively
    for published archives (hidden part files are never read)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob(f"*{WARC_SUFFIX}")
                if not p.name.startswith(".") and not p.name.endswith(PART_SUFFIX)
            )
        else:
            found.append(path)
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path.resolve(), None)
    return list(unique)


def index_archive(path: Path) -> ArchiveIndex:
    """Every response of ``path``. A damaged record is reported (file, record number,
    offset) and skipped: reading goes on at the next record that starts cleanly."""
    index = ArchiveIndex(path)
    try:
        stream = path.open("rb")
    except OSError as exc:
        index.error = f"{path}: cannot open: {exc.strerror or exc}"
        return index
    problems: list[str] = []
    with stream:
        position: int | None = 0
        while position is not None:
            stream.seek(position)
            end, problem = _index_from(stream, index)
            if problem is None:
                break
            problems.append(f"{path}: {problem}")
            position = _next_member(stream, end + 1)
    if problems:
        index.error = "; ".join(problems)
    return index


def _index_from(stream: BinaryIO, index: ArchiveIndex) -> tuple[int, str | None]:
    """Index records from the stream's position; (where the last good record ended, what
    went wrong or None at a clean end)."""
    iterator = ArchiveIterator(stream)
    end = stream.tell()
    try:
        for record in iterator:
            number = index.records + 1
            kind = record.rec_type
            if kind == "warcinfo" and not index.info:
                index.info = parse_fields(record.content_stream().read())
            # Known once the record is read to its end (which this does).
            offset = iterator.get_record_offset()
            missing = getattr(record.raw_stream, "limit", 0)
            if missing:
                return (
                    end,
                    f"record {number} at offset {offset} is truncated ({missing} bytes short)",
                )
            index.records = number
            end = offset + iterator.get_record_length()
            if kind == "response" and record.http_headers is not None:
                index.entries.append(_entry(record, offset))
    except READ_ERRORS as exc:
        return end, (
            f"record {index.records + 1} at offset {end} is unreadable: "
            f"{type(exc).__name__}: {_printable(str(exc))[:120]}"
        )
    size = stream.seek(0, 2)
    if size > end:  # bytes left that made no record: the file was cut inside one
        return size, (
            f"record {index.records + 1} at offset {end} is truncated "
            f"(the file ends {size - end} bytes into it)"
        )
    return end, None


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text)


def _next_member(stream: BinaryIO, start: int) -> int | None:
    """Where the next gzip member holding a WARC record starts, at or after ``start``."""
    stream.seek(start)
    data = stream.read()
    at = 0
    while (found := data.find(_GZIP_MAGIC, at)) != -1:
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(data[found : found + 512], 8)
        except zlib.error:
            head = b""
        if head.startswith(b"WARC/"):
            return start + found
        at = found + 1
    return None


def _entry(record, offset: int) -> Entry:
    warc = record.rec_headers
    http = record.http_headers
    return Entry(
        offset=offset,
        url=warc.get_header("WARC-Target-URI"),
        status=int(http.get_statuscode() or 0),
        date=warc.get_header("WARC-Date"),
        location=http.get_header("Location"),
        callback=warc.get_header(CALLBACK_HEADER),
        article=warc.get_header(ARTICLE_HEADER),
        cb_kwargs=warc.get_header(CB_KWARGS_HEADER),
    )


def parse_fields(block: bytes) -> dict[str, str]:
    """``application/warc-fields``: ``name: value`` lines."""
    fields: dict[str, str] = {}
    for line in block.decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            fields[name.strip()] = value.strip()
    return fields


def cb_kwargs_of(entry: Entry) -> dict[str, object]:
    if not entry.cb_kwargs:
        return {}
    try:
        value = json.loads(entry.cb_kwargs)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def follow(urls: dict[str, Entry], url: str, max_hops: int) -> Entry | None:
    """The archived response ``url`` finally gave, through archived redirects."""
    entry = urls.get(url)
    hops = 0
    while entry is not None and 300 <= entry.status < 400 and entry.location:
        hops += 1
        if hops > max_hops:
            return entry
        entry = urls.get(urljoin(entry.url, entry.location))
    return entry


class RecordReader:
    """Reads single response records of one archive by offset."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: BinaryIO = path.open("rb")

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> RecordReader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def read(self, offset: int) -> Stored:
        try:
            self._file.seek(offset)
            record = next(iter(ArchiveIterator(self._file)))
            # As stored: the body the spider read (never decoded a second time).
            body = record.raw_stream.read()
            if missing := getattr(record.raw_stream, "limit", 0):
                raise EOFError(f"truncated, {missing} bytes short")
        except (*READ_ERRORS, StopIteration) as exc:
            raise ArchiveError(
                f"{self.path}: record at offset {offset} is unreadable: "
                f"{type(exc).__name__}: {_printable(str(exc))[:200]}"
            ) from None
        http = record.http_headers
        return Stored(
            url=record.rec_headers.get_header("WARC-Target-URI"),
            status=int(http.get_statuscode() or 0),
            protocol=http.protocol or "HTTP/1.1",
            headers=list(http.headers),
            body=body,
            date=record.rec_headers.get_header("WARC-Date"),
        )


def warc_datetime(value: str) -> datetime:
    """A WARC-Date as an aware UTC datetime."""
    return iso_date_to_datetime(value).replace(tzinfo=UTC)
