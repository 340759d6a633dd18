"""How long things take that the tests once bounded by the wall clock.

    .venv/bin/python -m benchmarks.timings [--repeats 3] [--json PATH]

The tests wait on events, not time (a loaded machine must not fail them); the timing
claims they made are measured here instead, each against the bound its test used to
assert, best of ``--repeats``:

- 10,000 generated stand-in articles in < 5 s (``tests/standin/test_standin.py``);
- the stand-in drops a request still in its delay at once at shutdown, < 2 s (same);
- a write under another process's write lock fails at once, < 0.5 s
  (``tests/crawler/test_state.py``);
- ``when_free`` gives up after its timeout: 0.3 s, in 0.3–1.5 s (same);
- a refused translation provider costs < 2 s (3 tries, backoff 1 ms), a hanging one
  < tries × timeout + 1 s (3 tries of 0.3 s) (``tests/translation/test_service.py``);
- a ``scrapy crawl`` that finds the lock taken gives way in < 10 s, process start to exit
  (``tests/e2e/test_scheduled_runs.py``).

Writes ``benchmarks/results/timings.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.results_io import RESULTS, write_json

DEFAULT_JSON = RESULTS / "timings.json"


def best_of(repeats: int, once: Callable[[], float]) -> float:
    return min(once() for _ in range(repeats))


def generate_ten_thousand() -> float:
    from tests.standin.site import add_generated, default_site, generate_articles

    started = time.monotonic()
    add_generated(default_site(), generate_articles(10_000, seed=1))
    return time.monotonic() - started


def standin_shutdown() -> float:
    import http.client

    from tests.standin.server import StandinServer
    from tests.standin.site import Route, StandinSite

    site = StandinSite()
    site.add_route("/slow/", Route(body=b"late", delay_seconds=30))

    def ask(port: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request("GET", "/slow/")
            connection.getresponse().read()
        except OSError:
            pass  # hung up on at shutdown
        finally:
            connection.close()

    with StandinServer(site) as server:
        client = threading.Thread(target=ask, args=(server.port,), daemon=True)
        client.start()
        while server.count("/slow/") == 0:
            time.sleep(0.005)
        stopping = time.monotonic()
    client.join()
    return time.monotonic() - stopping


def held_lock_write() -> float:
    from crawler.run.state import StateBusy, StateStore
    from tests.statelock import write_lock_held

    with tempfile.TemporaryDirectory() as scratch:
        store = StateStore(Path(scratch) / "state.sqlite3", "bench")
        store.add_pending("u", "h", 1, _t0(), "f")
        store.commit()
        with write_lock_held(store.path):
            store.add_pending("v", "h", 1, _t0(), "g")
            started = time.monotonic()
            with contextlib.suppress(StateBusy):
                store.commit()
            took = time.monotonic() - started
        store.close()
    return took


def when_free_gives_up() -> float:
    from crawler.run.state import StateBusy, when_free

    def always_busy() -> None:
        raise StateBusy()

    started = time.monotonic()
    with contextlib.suppress(StateBusy):
        asyncio.run(when_free(always_busy, 0.3))
    return time.monotonic() - started


def translation(mode: str) -> float:
    from crawler.translation.service import ProviderSettings, ServiceConfig, build_service
    from tests.translation.fake_google import FakeGoogle, closed_port_url

    record = {"title": "Háború", "lead": "Rövid.", "text": "Első bekezdés.", "posts": []}
    with FakeGoogle(mode="hang") as fake:
        url = closed_port_url() if mode == "refused" else fake.base_url
        config = ServiceConfig(
            target="en",
            providers=(ProviderSettings("google", url),),
            timeout=0.3,
            retries=2,
            backoff=0.001,
            max_failures=50,
            user_agent="hu-news-crawler-benchmarks",
        )
        service = build_service(config, environ={})
        started = time.monotonic()
        service.translate_record(record)
        return time.monotonic() - started


def locked_run_gives_way() -> float:
    import subprocess

    from crawler.run import runlock
    from tests.e2e.runner import REPO, crawl_command, env

    with tempfile.TemporaryDirectory() as scratch:
        held = runlock.acquire(Path(scratch))
        try:
            started = time.monotonic()
            subprocess.run(
                crawl_command("http://127.0.0.1:9", Path(scratch)),
                cwd=REPO,
                env=env(),
                capture_output=True,
                timeout=120,
                check=False,
            )
            return time.monotonic() - started
        finally:
            os.close(held)


def _t0() -> Any:
    from datetime import UTC, datetime

    return datetime(2026, 1, 1, 12, tzinfo=UTC)


# (name, what is measured, the bound a test used to assert, measure)
ROWS: list[tuple[str, str, str, Callable[[], float]]] = [
    ("standin_10k", "generate + add 10,000 stand-in articles", "< 5 s", generate_ten_thousand),
    ("standin_shutdown", "stand-in exit with a request in a 30 s delay", "< 2 s", standin_shutdown),
    ("held_lock_write", "a state write under another's lock fails", "< 0.5 s", held_lock_write),
    ("when_free_0_3", "when_free(always busy, 0.3 s) gives up", "0.3–1.5 s", when_free_gives_up),
    ("translate_refused", "refused provider, 3 tries", "< 2 s", lambda: translation("refused")),
    ("translate_hang", "hanging provider, 3 × 0.3 s", "< 1.9 s", lambda: translation("hang")),
    ("locked_run", "`scrapy crawl` finding the lock taken", "< 10 s", locked_run_gives_way),
]
LIMITS = {
    "standin_10k": (0.0, 5.0),
    "standin_shutdown": (0.0, 2.0),
    "held_lock_write": (0.0, 0.5),
    "when_free_0_3": (0.3, 1.5),
    "translate_refused": (0.0, 2.0),
    "translate_hang": (0.0, 1.9),
    "locked_run": (0.0, 10.0),
}


def within(name: str, seconds: float) -> bool:
    low, high = LIMITS[name]
    return low <= seconds < high


def run(repeats: int) -> dict[str, Any]:
    measured = {name: best_of(repeats, measure) for name, _, _, measure in ROWS}
    return {
        "repeats": repeats,
        "seconds": {name: round(value, 3) for name, value in measured.items()},
        "met": {name: within(name, value) for name, value in measured.items()},
    }


def markdown(result: dict[str, Any]) -> str:
    lines = ["| what | bound | best (s) | met |", "|---|---|---|---|"]
    for name, what, bound, _ in ROWS:
        met = "yes" if result["met"][name] else "**no**"
        lines.append(f"| {what} | {bound} | {result['seconds'][name]:.3f} | {met} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(argv)
    result = run(args.repeats)
    print(markdown(result))
    write_json(result, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
