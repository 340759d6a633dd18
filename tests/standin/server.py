"""Serves a :class:`~tests.standin.site.StandinSite` over HTTP on 127.0.0.1.

    with StandinServer(default_site()) as server:
        settings = {"INDEX_BASE_URL": server.base_url, ...}
        ...
        assert server.count("/kulfold/rss/") == 1

The socket is bound in the constructor, before the serving thread starts, so the server
accepts connections as soon as ``__enter__`` returns. Every request is logged
(:attr:`StandinServer.requests`). Delays wait on an event that ``__exit__`` sets, so a
slow route never holds up shutdown.

A test that needs a run to still be going when it acts holds requests instead of slowing
every answer down: ``hold = server.hold(lambda target: ..., after=10)`` keeps every
matching request after the first ten unanswered until ``hold.release()`` (or until the
server stops, which drops them); ``hold.waiting`` says how many are held right now.

From a shell (benchmarks, manual runs)::

    python -m tests.standin.server --articles 10000 --port 8000 --delay 0.05

prints the base URL on one line and serves until interrupted.
"""

from __future__ import annotations

import argparse
import gzip
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType, TracebackType

from tests.standin.pages import HTML, error_page
from tests.standin.site import (
    Route,
    StandinSite,
    add_generated,
    add_realworld,
    default_site,
    generate_articles,
)

_COMPRESSIBLE = ("text/", "application/rss+xml", "application/xml", "application/json")


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # a client holding a keep-alive connection must not block exit
    request_queue_size = 128  # listen backlog: benchmarks open many connections at once
    owner: StandinServer


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive, as Scrapy's HTTP/1.1 client expects
    server_version = "nginx"
    timeout = 30  # an idle keep-alive connection ends instead of holding a thread

    def setup(self) -> None:
        super().setup()
        # Headers and body are two writes; without this, Nagle's algorithm and the client's
        # delayed ACK add ~40 ms to every keep-alive response (nginx sets it too).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self.server.owner.answer(self, head_only=False)

    def do_HEAD(self) -> None:
        self.server.owner.answer(self, head_only=True)

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the request log is :attr:`StandinServer.requests`."""


class Hold:
    """Matching requests after the first ``after`` wait unanswered until :meth:`release`
    (see :meth:`StandinServer.hold`)."""

    def __init__(self, match: Callable[[str], bool], after: int) -> None:
        self._match = match
        self._after = after
        self._matched = 0
        self._waiting = 0
        self._lock = threading.Lock()
        self._released = threading.Event()

    @property
    def waiting(self) -> int:
        """Requests held right now."""
        with self._lock:
            return self._waiting

    @property
    def released(self) -> bool:
        return self._released.is_set()

    def release(self) -> None:
        """Answer every held request, and every later one at once."""
        self._released.set()

    def wait(self, target: str) -> None:
        """Returns when ``target`` may be answered (at once unless it is held)."""
        with self._lock:
            if self._released.is_set() or not self._match(target):
                return
            self._matched += 1
            if self._matched <= self._after:
                return
            self._waiting += 1
        try:
            self._released.wait()
        finally:
            with self._lock:
                self._waiting -= 1


class StandinServer:
    """An HTTP server for ``site``; see the module docstring."""

    def __init__(
        self,
        site: StandinSite,
        *,
        port: int = 0,
        delay_seconds: float = 0.0,
        gzip: bool = True,
    ) -> None:
        self.site = site
        self.delay_seconds = delay_seconds  # added to every response's own delay
        self.gzip = gzip
        self.requests: list[tuple[str, str]] = []  # (method, path with query), in order
        self.request_headers: list[dict[str, str]] = []  # parallel to ``requests``
        self.request_times: list[float] = []  # time.monotonic() of each, parallel too
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._holds: list[Hold] = []
        self._httpd = _HTTPServer(("127.0.0.1", port), _Handler)
        self._httpd.owner = self
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> StandinServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"standin-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        for hold in self._holds:
            hold.release()  # held requests are dropped: _stopping is set
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> StandinServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def hold(self, match: Callable[[str], bool], *, after: int = 0) -> Hold:
        """Keeps requests whose target (path with query) ``match`` accepts unanswered,
        except the first ``after`` of them, until the returned hold is released. A
        held request is logged when it arrives, like any other."""
        hold = Hold(match, after)
        self._holds.append(hold)
        return hold

    # --- request log ----------------------------------------------------------------

    def count(self, path: str, *, any_query: bool = False) -> int:
        """Requests for exactly ``path`` (path with query); ``any_query``: for the path
        with or without any query string."""
        with self._lock:
            targets = [target for _, target in self.requests]
        if any_query:
            return sum(1 for t in targets if t.partition("?")[0] == path.partition("?")[0])
        return targets.count(path)

    def times_of(self, path: str) -> list[float]:
        """When ``path`` (path with query) was requested, in order (time.monotonic())."""
        with self._lock:
            return [
                t
                for (_, target), t in zip(self.requests, self.request_times, strict=True)
                if target == path
            ]

    def paths(self) -> list[str]:
        """Requested targets, in order (a snapshot)."""
        with self._lock:
            return [target for _, target in self.requests]

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()
            self.request_headers.clear()
            self.request_times.clear()

    # --- answering ------------------------------------------------------------------

    def answer(self, handler: _Handler, *, head_only: bool) -> None:
        target = handler.path
        with self._lock:
            self.requests.append((handler.command, target))
            self.request_headers.append({k.lower(): v for k, v in handler.headers.items()})
            self.request_times.append(time.monotonic())
        for hold in self._holds:
            hold.wait(target)
        if self._stopping.is_set():
            handler.close_connection = True  # shutting down: drop the request
            return
        route = self.site.resolve(target)
        status = route.take_status() if route is not None else 404
        delay = self.delay_seconds + (route.delay_seconds if route is not None else 0.0)
        if delay > 0 and self._stopping.wait(delay):
            handler.close_connection = True  # shutting down: drop the request
            return
        if route is not None and 300 <= status < 400 and route.location:
            self._send(handler, status, b"", HTML, {"Location": route.location}, head_only)
        elif route is None or status >= 400:
            # An error answer carries the route's headers too (Retry-After on a 429).
            headers = dict(route.headers) if route is not None else {}
            self._send(handler, status, error_page(status).encode(), HTML, headers, head_only)
        else:
            self._send_route(handler, route, status, head_only)

    def _send_route(self, handler: _Handler, route: Route, status: int, head_only: bool) -> None:
        body = route.render()
        headers = dict(route.headers)
        if route.truncate_to is not None:
            # Declare the whole body, send a part, hang up: a transfer cut in transit.
            self._send(
                handler,
                status,
                body,
                route.content_type,
                headers,
                head_only,
                send_only=route.truncate_to,
            )
            handler.close_connection = True
            return
        accepts = "gzip" in handler.headers.get("Accept-Encoding", "")
        if (
            self.gzip
            and route.gzip
            and accepts
            and body
            and route.content_type.startswith(_COMPRESSIBLE)
        ):
            # Level 1: cheap enough that the server is never a benchmark's bottleneck.
            body = gzip.compress(body, compresslevel=1, mtime=0)
            headers.update({"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
        self._send(handler, status, body, route.content_type, headers, head_only)

    @staticmethod
    def _send(
        handler: _Handler,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str],
        head_only: bool,
        send_only: int | None = None,
    ) -> None:
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            if not head_only:
                handler.wfile.write(body if send_only is None else body[:send_only])
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True  # the client gave up (e.g. its timeout)


# --- command line -----------------------------------------------------------------


def build_site(articles: int, seed: int, realworld: bool) -> StandinSite:
    site = default_site()
    if articles:
        add_generated(site, generate_articles(articles, seed))
    if realworld:
        add_realworld(site)
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve a stand-in index.hu Külföld section.")
    parser.add_argument("--articles", type=int, default=0, help="generated articles to add")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated articles")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--no-gzip", action="store_true", help="never gzip-encode bodies")
    parser.add_argument("--realworld", action="store_true", help="also serve ../shared pages")
    args = parser.parse_args(argv)

    site = build_site(args.articles, args.seed, args.realworld)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with StandinServer(site, port=args.port, delay_seconds=args.delay, gzip=not args.no_gzip) as s:
        print(s.base_url, flush=True)
        while not stop.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
