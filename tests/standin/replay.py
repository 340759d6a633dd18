"""Replay: serve run archives back over HTTP, so a crawl recorded once is crawled offline.

    site = ArchiveSite.load([Path("output/index_abroad/warc")])
    with ReplayServer(site) as server:
        ...crawl with INDEX_BASE_URL=server.base_url (or BASE_URLS for other portals)...

Every archived response is served at its URL's path and query, as it was archived: its
status, its headers (those that describe the stored body), its body; redirects answer with
their archived ``Location``. When a URL was fetched more than once (a 503, then its retry)
the last answer is served, since that is the one the crawl went on with. Bodies are read
from the archive when asked for, so a year of runs costs only its index in memory.
``hosts`` limits the site to some portals' hosts (one origin serves one portal's paths).

From a shell (debugging a recorded run)::

    python -m tests.standin.replay output/index_abroad/warc --port 8000

prints the base URL on one line and serves until interrupted; then
``scrapy crawl index_abroad -s INDEX_BASE_URL=http://127.0.0.1:8000 -s OUTPUT_DIR=/tmp/x``.
Standard tools read the same files: ``wb-manager add`` (pywb) or ReplayWeb.page.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

from crawler.archive import ORIGINAL_PREFIX
from crawler.archive.reader import Entry, RecordReader, archive_paths, index_archive
from tests.standin.server import StandinServer, _Handler
from tests.standin.site import Route

# Set by the server itself, or hop-by-hop: never replayed from the archive.
_SERVER_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "content-encoding",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "date",
        "server",
        "location",
    }
)


class ArchiveSite:
    """Routes for the archived responses; ``resolve`` as :class:`StandinSite` has it."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.urls: dict[str, str] = {}  # path with query -> archived URL
        self.errors: list[str] = []

    @classmethod
    def load(cls, paths: Iterable[Path], hosts: Iterable[str] | None = None) -> ArchiveSite:
        site = cls()
        wanted = {h.lower() for h in hosts} if hosts else None
        for path in archive_paths(list(paths)):
            index = index_archive(path)
            if index.error:
                site.errors.append(index.error)
            for entry in index.entries:
                parts = urlsplit(entry.url)
                if wanted is not None and (parts.hostname or "") not in wanted:
                    continue
                target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                site.routes[target] = _route(path, entry)  # the last answer wins
                site.urls[target] = entry.url
        return site

    def resolve(self, target: str) -> Route | None:
        return self.routes.get(target)


def _route(path: Path, entry: Entry) -> Route:
    with RecordReader(path) as reader:
        stored = reader.read(entry)
    content_type = ""
    headers: dict[str, str] = {}
    for name, value in stored.headers:
        lower = name.lower()
        if lower == "content-type":
            content_type = value
        elif lower not in _SERVER_HEADERS and not name.startswith(ORIGINAL_PREFIX):
            headers[name] = value
    # Bodies stay in the archive until asked for (see the module docstring).
    return Route(
        body=lambda: _body(path, entry),
        status=entry.status,
        content_type=content_type,
        headers=headers,
        location=entry.location,
    )


def _body(path: Path, entry: Entry) -> bytes:
    with RecordReader(path) as reader:
        return reader.read(entry).body


class ReplayServer(StandinServer):
    """A :class:`StandinServer` that serves error answers with their archived bodies too."""

    def answer(self, handler: _Handler, *, head_only: bool) -> None:
        route = self.site.resolve(handler.path)
        if route is None or route.status < 400:
            super().answer(handler, head_only=head_only)
            return
        with self._lock:
            self.requests.append((handler.command, handler.path))
            self.request_headers.append({k.lower(): v for k, v in handler.headers.items()})
        self._send(
            handler, route.status, route.render(), route.content_type, route.headers, head_only
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.standin.replay", description="Serve run archives over HTTP."
    )
    parser.add_argument("paths", nargs="+", type=Path, help="WARC files or directories")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--host", action="append", help="serve only this host's pages")
    args = parser.parse_args(argv)
    site = ArchiveSite.load(args.paths, args.host)
    for error in site.errors:
        print(error, file=sys.stderr)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with ReplayServer(site, port=args.port) as server:  # type: ignore[arg-type]
        print(server.base_url, flush=True)
        while not stop.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
