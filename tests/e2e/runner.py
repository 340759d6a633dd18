"""Run the real ``scrapy crawl <spider>`` process, the way cron does, and read its output.

``base_url`` is where the portal is served: a string for index.hu (``INDEX_BASE_URL``),
or a ``{host: origin}`` dict (``BASE_URLS``, passed as JSON) for any portal.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from benchmarks.crawl import MEASURE
from crawler.record.validity import record_problem

REPO = Path(__file__).resolve().parents[2]
SCRAPY = [sys.executable, "-m", "scrapy"]

# Politeness off for tests: the stand-in is on this machine.
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "RETRY_TIMES": "2",
    "DOWNLOAD_TIMEOUT": "10",
    "LOG_LEVEL": "INFO",
}


@dataclass
class Run:
    returncode: int
    log: str
    output_dir: Path
    spider: str = "index_abroad"

    def files(self) -> list[Path]:
        return sorted((self.output_dir / self.spider).glob("*.jsonl"))

    def records(self) -> list[dict[str, Any]]:
        return read_records(self.output_dir, self.spider)

    def report(self) -> dict[str, Any]:
        return json.loads((self.output_dir / self.spider / "last_run.json").read_text())

    def stats(self) -> dict[str, Any]:
        """Every stat of the run, as its report holds them (the log shows them at DEBUG)."""
        return self.report()["stats"]


def crawl_command(
    base_url: str | dict[str, str],
    output_dir: Path,
    *args: str,
    spider: str = "index_abroad",
    **settings: Any,
) -> list[str]:
    command = [*SCRAPY, "crawl", spider]
    where = (
        {"BASE_URLS": json.dumps(base_url)}
        if isinstance(base_url, dict)
        else {"INDEX_BASE_URL": base_url}
    )
    merged = {**FAST, **where, "OUTPUT_DIR": str(output_dir), **settings}
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    return command + list(args)


def crawl(
    base_url: str | dict[str, str],
    output_dir: Path,
    *args: str,
    spider: str = "index_abroad",
    timeout: float = 120,
    clock: str | None = None,
    measure: Path | None = None,
    **settings: Any,
) -> Run:
    """``clock``: the crawl process's clock moved, e.g. ``"+30d"``, ``"-3d"``, ``"+1h"``
    (:func:`with_clock`); the stand-in keeps the true time. ``measure``: a file to write the
    crawl's exit status, wall time and peak RSS to (:func:`peak_rss_mb` reads it)."""
    command = crawl_command(base_url, output_dir, *args, spider=spider, **settings)
    command = with_clock(command, clock)
    if measure is not None:
        command = [sys.executable, "-c", MEASURE, str(measure), *command]
    proc = subprocess.run(
        command,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env(),
        check=False,
    )
    return Run(proc.returncode, proc.stdout + proc.stderr, output_dir, spider)


def peak_rss_mb(measure: Path) -> float:
    """The measured crawl's own peak RSS. Not Scrapy's memusage/max: Linux carries
    ru_maxrss across fork and exec, so a crawl started by a large test worker would report
    the worker's size (see benchmarks.crawl.MEASURE)."""
    return json.loads(measure.read_text())["maxrss_kb"] / 1024


def with_clock(command: list[str], clock: str | None) -> list[str]:
    """``command`` run with its clock moved by ``clock`` (libfaketime's ``faketime -f``
    offset: ``"+30d"``, ``"-3d"``, ``"+1h"``); unchanged when ``clock`` is None. Skips the
    test where the ``faketime`` tool is not installed (Debian: ``apt-get install faketime``;
    ``.ci/run`` installs it). Monotonic clocks stay true, so timers and timeouts behave."""
    if clock is None:
        return command
    tool = shutil.which("faketime")
    if tool is None:
        pytest.skip("faketime is not installed (apt-get install faketime)")
    return [tool, "-m", "-f", clock, "env", "FAKETIME_DONT_FAKE_MONOTONIC=1", *command]


def env() -> dict[str, str]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = str(REPO)
    # Hundreds of crawl processes: each compiles the project's modules again unless their
    # bytecode may be cached (__pycache__ is git-ignored), as on any developer's machine.
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    # Whatever a developer's shell has, the crawl under test must not use a proxy.
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        environment.pop(name, None)
    return environment


def read_records(output_dir: Path, spider: str = "index_abroad") -> list[dict[str, Any]]:
    """Every record of every published file, each line checked as the crawl checks it:
    the JSON Schema and the portal's canonical URL."""
    records = []
    for path in sorted((output_dir / spider).glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            record = json.loads(line)
            problem = record_problem(record)
            assert problem is None, f"{path.name}:{number}: {problem}"
            records.append(record)
    return records
