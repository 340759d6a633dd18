"""Scrapyd end to end: a real Scrapyd on 127.0.0.1, ``scrapyd-deploy`` as the README pastes
it, a job scheduled through ``schedule.json``.

Scrapyd runs in a directory of its own (its config file there: ports, eggs, logs,
databases, no items feed) with an environment that names nothing of the checkout, so the
job runs the egg ``scrapyd-deploy`` built, not this checkout. It is deployed from a copy of
the checkout whose ``scrapy.cfg`` differs from ours only in the default target's URL. A
job with an absolute ``OUTPUT_DIR`` writes the records ``scrapy crawl`` writes; a job with
the default (relative) one is refused, said in its log, and leaves Scrapyd's directory
alone. Every wait is on a line Scrapyd logs, never on time.
"""

from __future__ import annotations

import json
import subprocess
import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.outside import VENV_BIN, copy_checkout, free_port, outside_env
from tests.e2e.runner import FAST, crawl, read_records
from tests.standin.server import StandinServer
from tests.standin.site import default_site

PROJECT = "hu-news-crawler"
DEFAULT_TARGET = "url = http://localhost:6800/\n"
WAIT = 90.0  # seconds; a safety net only: every wait ends on a line Scrapyd logs


class Scrapyd:
    """A Scrapyd process and what it has logged so far."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root = root
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.logs_dir = root / "logs"
        (root / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            "bind_address = 127.0.0.1\n"
            f"http_port = {self.port}\n"
            f"eggs_dir = {root / 'eggs'}\n"
            f"logs_dir = {self.logs_dir}\n"
            f"dbs_dir = {root / 'dbs'}\n"
            "items_dir =\n"
            # How often Scrapyd looks at its queue: jobs start at once, not 5 s later.
            "poll_interval = 0.1\n",
            encoding="utf-8",
        )
        self.lines: list[str] = []
        self.closed = False  # its output ended: it exited
        self._changed = threading.Condition()
        self.process = subprocess.Popen(
            [str(VENV_BIN / "scrapyd")],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.wait_for(lambda line: f"Site starting on {self.port}" in line)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def wait_for(self, match: Callable[[str], bool]) -> str:
        """The first line Scrapyd logged that ``match`` accepts, waiting for it."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.closed or any(match(line) for line in self.lines), timeout=WAIT
            )
            line = next((line for line in self.lines if match(line)), None)
        assert line is not None, "Scrapyd never logged it:\n" + "".join(self.lines)
        return line

    def job_ended(self, job: str) -> str:
        """Scrapyd's line saying the job's process ended ("finished": exit status 0)."""
        return self.wait_for(
            lambda line: (
                f"job='{job}'" in line and ("Process finished:" in line or "Process died:" in line)
            )
        )

    def get(self, path: str, **params: str) -> Any:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with urllib.request.urlopen(self.url + path.lstrip("/") + query, timeout=30) as answer:
            body = answer.read().decode("utf-8")
        return json.loads(body) if path.endswith(".json") else body

    def post(self, path: str, fields: list[tuple[str, str]]) -> dict[str, Any]:
        data = urllib.parse.urlencode(fields).encode()
        with urllib.request.urlopen(self.url + path, data=data, timeout=60) as answer:
            return json.loads(answer.read())

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self._reader.join(timeout=10)


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[Scrapyd]:
    root = tmp_path / "scrapyd"
    root.mkdir()
    server = Scrapyd(root, outside_env(tmp_path / "home"))
    try:
        yield server
    finally:
        server.stop()


def deploy(scrapyd: Scrapyd, tmp_path: Path) -> str:
    """``scrapyd-deploy`` (no arguments) from a copy of the checkout; what it printed."""
    project = copy_checkout(tmp_path / "checkout")
    cfg = project / "scrapy.cfg"
    text = cfg.read_text(encoding="utf-8")
    assert DEFAULT_TARGET in text, text
    cfg.write_text(text.replace(DEFAULT_TARGET, f"url = {scrapyd.url}\n"), encoding="utf-8")
    deployed = subprocess.run(
        [str(VENV_BIN / "scrapyd-deploy")],
        cwd=project,
        env=outside_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    return deployed.stdout


def schedule(scrapyd: Scrapyd, spider: str, settings: dict[str, str]) -> str:
    fields = [("project", PROJECT), ("spider", spider)]
    fields += [("setting", f"{name}={value}") for name, value in settings.items()]
    answer = scrapyd.post("schedule.json", fields)
    assert answer["status"] == "ok", answer
    return str(answer["jobid"])


def finished_job(scrapyd: Scrapyd, job: str) -> dict[str, Any]:
    jobs = scrapyd.get("listjobs.json", project=PROJECT)
    [entry] = [entry for entry in jobs["finished"] if entry["id"] == job]
    return entry


def test_a_deployed_job_writes_what_scrapy_crawl_writes(scrapyd, tmp_path):
    answer = json.loads(deploy(scrapyd, tmp_path))
    assert answer["status"] == "ok" and answer["project"] == PROJECT, answer
    assert answer["spiders"] == 6, answer
    spiders = scrapyd.get("listspiders.json", project=PROJECT)["spiders"]
    assert "index_abroad" in spiders and "telex_abroad" in spiders

    output = tmp_path / "scrapyd-output"
    with StandinServer(default_site()) as standin:
        job = schedule(
            scrapyd,
            "index_abroad",
            {**FAST, "OUTPUT_DIR": str(output), "INDEX_BASE_URL": standin.base_url},
        )
        ended = scrapyd.job_ended(job)
        reference = crawl(standin.base_url, tmp_path / "crawl-output")

    assert "Process finished:" in ended, ended  # exit status 0, the only one Scrapyd tells
    entry = finished_job(scrapyd, job)
    assert entry["spider"] == "index_abroad"
    log = scrapyd.get(entry["log_url"])  # the job's log, as an operator reads it
    [summary] = [line for line in log.splitlines() if "Run summary: spider=index_abroad" in line]
    assert summary.endswith("status=0"), summary
    assert json.loads((output / "index_abroad" / "last_run.json").read_text())["status"] == 0

    assert reference.returncode == 0, reference.log[-3000:]
    records = read_records(output)
    assert len(records) >= 10
    assert {(r["url"], r["content_hash"]) for r in records} == {
        (r["url"], r["content_hash"]) for r in reference.records()
    }
    assert (output / "state.sqlite3").is_file()
    assert not (scrapyd.root / "output").exists()


def test_a_job_with_a_relative_output_dir_is_refused_in_its_log(scrapyd, tmp_path):
    deploy(scrapyd, tmp_path)
    with StandinServer(default_site()) as standin:
        job = schedule(scrapyd, "index_abroad", {**FAST, "INDEX_BASE_URL": standin.base_url})
        ended = scrapyd.job_ended(job)
        assert standin.requests == []  # refused before any request
    assert "Process died: exitstatus=1" in ended, ended
    log = scrapyd.get(finished_job(scrapyd, job)["log_url"])
    [refusal] = [line for line in log.splitlines() if "Cannot start the crawl" in line]
    assert "OUTPUT_DIR='output' is relative" in refusal, refusal
    assert "setting=OUTPUT_DIR=" in refusal, refusal
    assert not (scrapyd.root / "output").exists()
