"""Reading run archives back: an index of the responses, then any response by offset.

:func:`index_archive` walks a WARC once and keeps, for every ``response`` record, what is
needed to find and replay it (offset and length of its gzip member, URL, status,
``Location``, the page's role from our ``X-Crawler-*`` fields, in either of their forms:
:func:`crawler.archive.page_role`), never the bodies. :class:`RecordReader` then
reads single records by offset, which is how worker processes fetch an article's pages.

The archives are the crawler's own: one record per gzip member (as the WARC standard
recommends and as warcio writes them). Reading them needs no general WARC parser, so this
module reads members with zlib and splits the header blocks itself: warcio's
``ArchiveIterator`` spends ~0.6 ms per article parsing headers in Python, a tenth of
re-extraction's whole budget. Files are checked against warcio in the tests.

Damage is reported, never fatal: a corrupt record or a cut file gives an error naming the
file and the offset of the record; reading goes on at the next record that starts
cleanly, so everything else is still read.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin

from crawler.archive import ARTICLE_PAGE, WARC_SUFFIX, page_role
from crawler.run.files import PART_SUFFIX

_GZIP_MAGIC = b"\x1f\x8b\x08"
_GZIP = zlib.MAX_WBITS | 16
_CHUNK = 1 << 20
_BLANK = b"\r\n\r\n"


class ArchiveError(Exception):
    """A record could not be read; the message names the file, record and offset."""


class _Damaged(Exception):
    pass


@dataclass(frozen=True)
class Entry:
    """One response record, as the index keeps it."""

    offset: int
    length: int  # of its gzip member
    url: str
    status: int
    date: str  # WARC-Date
    location: str | None = None
    # The page's role (crawler.archive.PageRole), flat: an index holds every response.
    role: str | None = None
    article: str | None = None  # article pages: the article the request was for
    page: int | None = None  # article pages: 1 for the first, None when not recorded
    check_section: bool = False  # first pages: only the page says if it is the section's

    @property
    def first_page(self) -> bool:
        """An article's first page (or the redirect or error that answered for it)."""
        return self.role == ARTICLE_PAGE and self.page == 1 and self.article is not None


@dataclass
class ArchiveIndex:
    path: Path
    info: dict[str, str] = field(default_factory=dict)  # the warcinfo record's fields
    entries: list[Entry] = field(default_factory=list)  # response records, in file order
    records: int = 0  # records read, of any type
    error: str | None = None  # damage found; entries hold every record that could be read

    def by_url(self) -> dict[str, Entry]:
        """The last response of each URL (a retried 503 and then its 200: the 200)."""
        return {entry.url: entry for entry in self.entries}

    def articles(self) -> list[Entry]:
        """The last response of each article's first page, in the order first seen."""
        last: dict[str, Entry] = {}
        for entry in self.entries:
            if entry.first_page and entry.article is not None:
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


@dataclass(frozen=True)
class _Record:
    warc: dict[str, str]  # WARC named fields (names lower-cased)
    block: bytes  # the record's content block


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


# --- the index ----------------------------------------------------------------------


def index_archive(path: Path) -> ArchiveIndex:
    """Every response of ``path``; see the module docstring for damage."""
    index = ArchiveIndex(path)
    for _ in scan(index):
        pass
    return index


def scan(index: ArchiveIndex, start: int = 0, end: int | None = None) -> Iterator[Scanned]:
    """Read the records whose gzip member starts in ``[start, end)`` of ``index.path``
    (``start`` need not be a record's start: reading begins at the next one), adding
    responses to ``index.entries`` and damage to ``index.error`` as it goes; yields each
    record with its entry (None for records that are not responses)."""
    problems: list[str] = []
    try:
        stream = index.path.open("rb")
    except OSError as exc:
        index.error = f"{index.path}: cannot open: {exc.strerror or exc}"
        return
    with stream:
        first = start if start == 0 else _next_member(stream, start)
        if first is not None and (end is None or first < end):
            stream.seek(first)
            yield from _scan_from(stream, first, end, index, problems)
    if problems:
        found = "; ".join(f"{index.path}: {problem}" for problem in problems)
        index.error = f"{index.error}; {found}" if index.error else found


@dataclass(frozen=True)
class Scanned:
    offset: int
    length: int
    warc: dict[str, str]
    block: bytes
    entry: Entry | None


def _scan_from(
    stream: BinaryIO, start: int, end: int | None, index: ArchiveIndex, problems: list[str]
) -> Iterator[Scanned]:
    for offset, length, data in _members(stream, start, end, problems, index):
        try:
            record = _parse(data)
        except _Damaged as exc:
            problems.append(f"the record at offset {offset} is {exc}")
            continue
        index.records += 1
        kind = record.warc.get("warc-type")
        entry = None
        if kind == "warcinfo" and not index.info:
            index.info = parse_fields(record.block)
        elif kind == "response":
            try:
                entry = _entry(record, offset, length)
            except _Damaged as exc:
                problems.append(f"the record at offset {offset} is {exc}")
                continue
            index.entries.append(entry)
        yield Scanned(offset, length, record.warc, record.block, entry)


def _members(
    stream: BinaryIO, offset: int, end: int | None, problems: list[str], index: ArchiveIndex
) -> Iterator[tuple[int, int, bytes]]:
    """(offset, length, decompressed bytes) of each gzip member from ``offset`` (a member's
    start) while members start before ``end``; damaged stretches are reported in
    ``problems`` and skipped to the next member that starts a WARC record."""
    pending = b""  # compressed bytes read but not yet used, starting at ``offset``
    while end is None or offset < end:
        if not pending:
            pending = stream.read(_CHUNK)
            if not pending:
                return
        member = zlib.decompressobj(_GZIP)
        out: list[bytes] = []
        used = 0
        data = pending
        try:
            while True:
                out.append(member.decompress(data))
                used += len(data)
                if member.eof:
                    break
                data = stream.read(_CHUNK)
                if not data:
                    raise _Damaged("truncated (the file ends inside it)")
        except (zlib.error, _Damaged) as exc:
            why = str(exc) if isinstance(exc, _Damaged) else f"unreadable ({exc})"
            problems.append(f"the record at offset {offset} is {why}")
            found = _next_member(stream, offset + 1)
            if found is None:
                return
            stream.seek(found)
            offset, pending = found, b""
            continue
        rest = member.unused_data
        length = used - len(rest)
        yield offset, length, b"".join(out)
        offset += length
        pending = rest


def _next_member(stream: BinaryIO, start: int) -> int | None:
    """Where the next gzip member holding a WARC record starts, at or after ``start``."""
    position = start
    while True:
        stream.seek(position)
        data = stream.read(_CHUNK + 512)  # 512: room to check a candidate near the end
        if not data:
            return None
        at = 0
        while (found := data.find(_GZIP_MAGIC, at)) != -1 and found < _CHUNK:
            try:
                head = zlib.decompressobj(_GZIP).decompress(data[found : found + 512], 8)
            except zlib.error:
                head = b""
            if head.startswith(b"WARC/"):
                return position + found
            at = found + 1
        if len(data) <= _CHUNK:
            return None
        position += _CHUNK


def _parse(data: bytes) -> _Record:
    end = data.find(_BLANK)
    if not data.startswith(b"WARC/") or end < 0:
        raise _Damaged("not a WARC record")
    warc: dict[str, str] = {}
    for line in data[:end].decode("utf-8", "replace").split("\r\n")[1:]:
        name, sep, value = line.partition(":")
        if sep:
            warc[name.strip().lower()] = value.strip()
    try:
        size = int(warc["content-length"])
    except (KeyError, ValueError):
        raise _Damaged("without a valid Content-Length") from None
    block = data[end + 4 : end + 4 + size]
    if len(block) < size:
        raise _Damaged(f"truncated ({size - len(block)} bytes short)")
    return _Record(warc, block)


def _http(block: bytes) -> tuple[str, int, list[tuple[str, str]], bytes]:
    """(protocol, status, headers, body) of an ``application/http`` response block."""
    end = block.find(_BLANK)
    if end < 0:
        raise _Damaged("without HTTP headers")
    lines = block[:end].decode("iso-8859-1").split("\r\n")
    protocol, _, rest = lines[0].partition(" ")
    try:
        status = int(rest.split(" ", 1)[0])
    except ValueError:
        raise _Damaged(f"without an HTTP status ({lines[0][:40]!r})") from None
    headers = []
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers.append((name.strip(), value.strip()))
    return protocol or "HTTP/1.1", status, headers, block[end + 4 :]


def _entry(record: _Record, offset: int, length: int) -> Entry:
    warc = record.warc
    _, status, headers, _ = _http(record.block)
    location = next((v for k, v in headers if k.lower() == "location"), None)
    url = warc.get("warc-target-uri", "")
    role = page_role(warc, url)
    if role is None:
        return Entry(offset, length, url, status, warc.get("warc-date", ""), location)
    return Entry(
        offset=offset,
        length=length,
        url=url,
        status=status,
        date=warc.get("warc-date", ""),
        location=location,
        role=role.kind,
        article=role.article,
        page=role.page,
        check_section=role.check_section,
    )


def parse_fields(block: bytes) -> dict[str, str]:
    """``application/warc-fields``: ``name: value`` lines."""
    fields: dict[str, str] = {}
    for line in block.decode("utf-8", "replace").splitlines():
        name, sep, value = line.partition(":")
        if sep and name.strip():
            fields[name.strip()] = value.strip()
    return fields


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


def warc_datetime(value: str) -> datetime:
    """A WARC-Date (``2026-12-01T01:21:40.026557Z``) as an aware UTC datetime."""
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def stored_of(scanned: Scanned) -> Stored:
    """The response a scanned record holds."""
    try:
        protocol, status, headers, body = _http(scanned.block)
    except _Damaged as exc:
        raise ArchiveError(f"the record at offset {scanned.offset} is {exc}") from None
    return Stored(
        url=scanned.warc.get("warc-target-uri", ""),
        status=status,
        protocol=protocol,
        headers=headers,
        body=body,
        date=scanned.warc.get("warc-date", ""),
    )


# --- single records -----------------------------------------------------------------


class RecordReader:
    """Reads single response records of one archive by offset and length."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: BinaryIO = path.open("rb")

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> RecordReader:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def read(self, entry: Entry) -> Stored:
        try:
            self._file.seek(entry.offset)
            member = zlib.decompressobj(_GZIP)
            data = member.decompress(self._file.read(entry.length))
            if not member.eof:
                raise _Damaged("truncated (the file ends inside it)")
            record = _parse(data)
            protocol, status, headers, body = _http(record.block)
        except (zlib.error, OSError, _Damaged) as exc:
            raise ArchiveError(
                f"{self.path}: record at offset {entry.offset} is unreadable: {exc}"
            ) from None
        return Stored(
            url=record.warc.get("warc-target-uri", ""),
            status=status,
            protocol=protocol,
            headers=headers,
            body=body,
            date=record.warc.get("warc-date", ""),
        )
