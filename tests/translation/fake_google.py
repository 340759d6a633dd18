"""A local stand-in for Google Translate's ``/m`` page (and MyMemory's and DeepL's APIs).

    with FakeGoogle() as fake:
        settings = {"TRANSLATE_TO": "en", "TRANSLATOR_URL": fake.base_url}
        ...
        assert fake.request_count == 1

The "translation" is ``str.upper``: deterministic, and it commutes with splitting at
paragraphs and sentences, so a test can compare a whole translated text with
``original.upper()`` and see order and paragraph breaks. Every request is recorded
(:attr:`FakeGoogle.requests`: method, path, text sent).

Behaviour, per request: the next entry of :meth:`script` if any, else :attr:`mode`:
``"ok"``; ``"br"`` (newlines come back as ``<br>``, so grouped paragraphs merge, as an
HTML page may render them); ``"garbage"`` (a page without the result markup); ``"empty"``
(an empty result); ``"hang"`` (accept, read, never answer until the server stops); a
status code such as ``"429"`` or ``"500"``. For a refused connection use
:func:`closed_port_url`.
"""

from __future__ import annotations

import html
import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.standin.ports import refused_url

MODES = ("ok", "br", "garbage", "empty", "hang")


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    text: str
    headers: dict[str, str]


class FakeGoogle:
    def __init__(self, mode: str = "ok", transform: Callable[[str], str] = str.upper) -> None:
        self.mode = mode
        self.transform = transform
        self.requests: list[Seen] = []
        self._script: deque[str] = deque()
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- control

    def script(self, *modes: str) -> None:
        """Behaviours for the next requests, in order; then :attr:`mode` again."""
        with self._lock:
            self._script.extend(modes)

    @property
    def request_count(self) -> int:
        with self._lock:
            return len(self.requests)

    @property
    def texts(self) -> list[str]:
        with self._lock:
            return [seen.text for seen in self.requests]

    @property
    def origin(self) -> str:
        assert self._server is not None, "not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def base_url(self) -> str:
        """For ``TRANSLATOR_URL`` with the google provider."""
        return f"{self.origin}/m"

    @property
    def mymemory_url(self) -> str:
        return f"{self.origin}/get"

    @property
    def deepl_url(self) -> str:
        return f"{self.origin}/v2/translate"

    # --- lifecycle

    def start(self) -> FakeGoogle:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.block_on_close = False  # a "hang" handler must never hold up stop()
        server.fake = self  # type: ignore[attr-defined]
        self._server = server
        # A short poll interval: stop() waits for the serve loop to notice, up to this long.
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> FakeGoogle:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- used by the handler

    def _next_mode(self, seen: Seen) -> str:
        with self._lock:
            self.requests.append(seen)
            return self._script.popleft() if self._script else self.mode


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connections are refused."""
    return refused_url("/m")


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.0: one request per connection, so no handler waits on an idle keep-alive.
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        query = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        self._serve((query.get("q") or [""])[0])

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            text = json.loads(body)["text"][0]
        except (ValueError, LookupError, TypeError):
            text = ""
        self._serve(text)

    def _serve(self, text: str) -> None:
        fake: FakeGoogle = self.server.fake  # type: ignore[attr-defined]
        path = urlsplit(self.path).path
        mode = fake._next_mode(Seen(self.command, path, text, dict(self.headers.items())))
        if mode == "hang":
            fake._release.wait()
            return
        if mode.isdigit():
            self._send(int(mode), "text/plain", b"fake failure")
            return
        translated = "" if mode == "empty" else fake.transform(text)
        if path.endswith("/get"):
            self._mymemory(mode, translated)
        elif path.endswith("/translate"):
            self._deepl(mode, translated)
        else:
            self._google(mode, translated)

    def _google(self, mode: str, translated: str) -> None:
        if mode == "garbage":
            page = "<html><body><p>Our systems have detected unusual traffic.</p></body></html>"
        else:
            result = html.escape(translated)
            if mode == "br":
                result = result.replace("\n", "<br>")
            page = f'<html><body><div class="result-container">{result}</div></body></html>'
        self._send(200, "text/html; charset=utf-8", page.encode())

    def _mymemory(self, mode: str, translated: str) -> None:
        answer: Any = {"responseData": {"translatedText": translated}, "matches": []}
        if mode == "empty":
            answer["matches"] = [{"translation": ""}]
        self._json(mode, answer)

    def _deepl(self, mode: str, translated: str) -> None:
        self._json(mode, {"translations": [{"detected_source_language": "HU", "text": translated}]})

    def _json(self, mode: str, answer: Any) -> None:
        body = b"<html>not json</html>" if mode == "garbage" else json.dumps(answer).encode()
        self._send(200, "application/json", body)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean
