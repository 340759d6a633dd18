"""Run the real ``scrapy crawl index_abroad`` process, the way cron does, and read its output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from crawler.items import record_schema

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

    def files(self) -> list[Path]:
        return sorted((self.output_dir / "index_abroad").glob("*.jsonl"))

    def records(self) -> list[dict[str, Any]]:
        return read_records(self.output_dir)

    def report(self) -> dict[str, Any]:
        return json.loads((self.output_dir / "index_abroad" / "last_run.json").read_text())


def crawl_command(base_url: str, output_dir: Path, *args: str, **settings: Any) -> list[str]:
    command = [*SCRAPY, "crawl", "index_abroad"]
    merged = {**FAST, "INDEX_BASE_URL": base_url, "OUTPUT_DIR": str(output_dir), **settings}
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    return command + list(args)


def crawl(
    base_url: str, output_dir: Path, *args: str, timeout: float = 120, **settings: Any
) -> Run:
    proc = subprocess.run(
        crawl_command(base_url, output_dir, *args, **settings),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env(),
        check=False,
    )
    return Run(proc.returncode, proc.stdout + proc.stderr, output_dir)


def env() -> dict[str, str]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = str(REPO)
    # Whatever a developer's shell has, the crawl under test must not use a proxy.
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        environment.pop(name, None)
    return environment


def read_records(output_dir: Path) -> list[dict[str, Any]]:
    """Every record of every published file, each line checked against the JSON Schema."""
    validator = Draft202012Validator(record_schema())
    records = []
    for path in sorted((output_dir / "index_abroad").glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            record = json.loads(line)
            errors = [e.message for e in validator.iter_errors(record)]
            assert not errors, f"{path.name}:{number}: {errors}"
            records.append(record)
    return records
