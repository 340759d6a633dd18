"""One run's WARC file: records built off the reactor thread, published like the JSONL.

warcio builds the records (WARC/1.1, SHA-1 block and payload digests). Each record is its
own gzip member, so replay tools can seek to any record by offset. Building and
compressing a 75 KB page costs ~2 ms at gzip level 6; zlib and hashlib release the GIL,
so a background thread does it on the other core while the reactor goes on. The queue
between them is bounded, so a slow disk slows the crawl instead of filling memory.

The file is written as ``.<name>.part`` beside its final name, made durable by
:meth:`WarcFile.finish` (flush, fsync) and renamed by :meth:`WarcFile.publish`, so a reader
globbing ``*.warc.gz`` never sees half an archive and a killed run leaves only a hidden
part file, which the next run deletes. The two steps are apart so that the run's state
can record the archive in between (:mod:`crawler.archive.extension`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from crawler.run.files import part_path, rename_into_place

logger = logging.getLogger(__name__)

WARC_VERSION = "1.1"
_STOP = object()


@dataclass(frozen=True)
class Exchange:
    """One request and the response it got, as the archive stores them."""

    url: str  # the target URI as the site names it (never a mirror's)
    date: datetime  # when the response arrived (UTC)
    status: int
    response_headers: list[tuple[str, str]]  # consistent with ``body``
    body: bytes
    request_headers: list[tuple[str, str]]
    method: str = "GET"
    request_body: bytes = b""
    protocol: str = "HTTP/1.1"
    warc_fields: list[tuple[str, str]] = field(default_factory=list)  # on the response


def _close_quietly(raw: BinaryIO) -> None:
    with contextlib.suppress(OSError):
        raw.close()


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


class _GzipMembers:
    """The file as warcio's writer sees it: every record becomes one gzip member.

    warcio calls ``flush()`` once at the end of each record; its own wrapper always
    compresses at level 9, slower than 6 for ~0.5 % smaller pages.
    """

    def __init__(self, raw: BinaryIO, level: int) -> None:
        self.raw = raw
        self.level = level
        self._member: zlib._Compress | None = None

    def write(self, data: bytes) -> None:
        if self._member is None:
            self._member = zlib.compressobj(self.level, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        self.raw.write(self._member.compress(data))

    def flush(self) -> None:
        if self._member is not None:
            self.raw.write(self._member.flush())
            self._member = None


class WarcFile:
    """``.name.part`` while written, ``name`` once published; see the module docstring."""

    def __init__(self, final: Path, *, gzip_level: int, queue_size: int) -> None:
        self.final = final
        self.part = part_path(final)
        self.gzip_level = gzip_level
        self.records = 0  # response records written (warcinfo and requests not counted)
        self.error: BaseException | None = None
        self._queue: queue.Queue[object] = queue.Queue(maxsize=max(1, queue_size))
        self._raw: BinaryIO | None = None
        self._thread: threading.Thread | None = None
        self._finished = False

    # --- called on the reactor thread ---------------------------------------------------

    def open(self, info: dict[str, str]) -> None:
        """Create the part file and write the ``warcinfo`` record first."""
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self._raw = self.part.open("wb")
        out = _GzipMembers(self._raw, self.gzip_level)
        writer = WARCWriter(out, gzip=False, warc_version=WARC_VERSION)
        writer.write_record(writer.create_warcinfo_record(self.final.name, info))
        self._thread = threading.Thread(
            target=self._run, args=(writer,), name="warc-writer", daemon=True
        )
        self._thread.start()

    def add(self, exchange: Exchange) -> bool:
        """Queue ``exchange`` for writing; False once the file has failed."""
        if self.error is not None or self._thread is None:
            return False
        self._queue.put(exchange)
        return True

    def finish(self) -> bool:
        """Write what is queued and make the part file durable (flush, fsync, close);
        False (and no file) when nothing was archived or writing failed (:attr:`error`
        says why). Idempotent."""
        self._stop()
        if self._finished:
            return self.part.exists()
        self._finished = True
        if self._raw is None:
            return False
        raw, self._raw = self._raw, None
        try:
            if self.error is None and self.records:
                raw.flush()
                os.fsync(raw.fileno())
        except OSError as exc:
            self.error = exc
        finally:
            _close_quietly(raw)  # its buffer cannot reach a full disk either
        if self.error is not None or not self.records:
            self.part.unlink(missing_ok=True)
            return False
        return True

    def publish(self) -> Path | None:
        """Finish and rename into place; None (and no file) when nothing was archived or
        writing failed (:attr:`error` says why). Never raises: a full disk while closing is
        an :attr:`error` like any other."""
        if not self.finish():
            return None
        try:
            rename_into_place(self.part, self.final)
        except OSError as exc:
            self.error = exc
            self.part.unlink(missing_ok=True)
            return None
        return self.final

    def abort(self) -> None:
        self._stop()
        self._finished = True
        if self._raw is not None:
            _close_quietly(self._raw)
            self._raw = None
        self.part.unlink(missing_ok=True)

    def _stop(self) -> None:
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join()
            self._thread = None

    # --- the writer thread ------------------------------------------------------------

    def _run(self, writer: WARCWriter) -> None:
        while (item := self._queue.get()) is not _STOP:
            if self.error is not None:
                continue  # drain, so the reactor never blocks on a full queue
            assert isinstance(item, Exchange)
            try:
                self._write(writer, item)
                self.records += 1
            except Exception as exc:  # disk full, I/O error: the crawl goes on without
                self.error = exc
                logger.error("Cannot write the archive %s: %s", self.part, exc)

    @staticmethod
    def _write(writer: WARCWriter, ex: Exchange) -> None:
        date = datetime_to_iso_date(ex.date.replace(tzinfo=None), use_micros=True)
        response = writer.create_warc_record(
            ex.url,
            "response",
            payload=BytesIO(ex.body),
            length=len(ex.body),
            http_headers=StatusAndHeaders(
                status_line(ex.status), ex.response_headers, protocol=ex.protocol
            ),
            warc_headers_dict={"WARC-Type": "response", "WARC-Date": date},
        )
        for name, value in ex.warc_fields:
            response.rec_headers.add_header(name, value)
        parts = urlsplit(ex.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request = writer.create_warc_record(
            ex.url,
            "request",
            payload=BytesIO(ex.request_body),
            length=len(ex.request_body),
            http_headers=StatusAndHeaders(
                f"{ex.method} {target} HTTP/1.1",
                [("Host", parts.netloc), *ex.request_headers],
                is_http_request=True,
            ),
        )
        # Sets the request's date and URI to the response's and links the two
        # (WARC-Concurrent-To), then writes the response first, as crawlers do.
        writer.write_request_response_pair(request, response)
