"""A configuration or argument error is one line on stderr and exit status 1: no banner
before it, nothing on stdout, nothing fetched. Each case of issue 17 runs the real
``scrapy crawl`` (and ``scrapy crawlall``) process against a stand-in that must not be asked
anything."""

from __future__ import annotations

import json
import subprocess

import pytest

from crawler.run.health import NOT_STARTED
from tests.e2e.runner import REPO, crawl_command, env
from tests.e2e.test_crawlall import crawlall_command
from tests.standin.server import StandinServer
from tests.standin.site import StandinSite, default_site


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=60, env=env(), check=False
    )


def the_one_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == NOT_STARTED, (proc.returncode, proc.stderr[-2000:])
    assert proc.stdout == ""
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]


CASES = [
    (
        ["-a", "since=notadate"],
        {},
        "since='notadate' is not a date of the form YYYY-MM-DD",
    ),
    (
        [],
        {"TRANSLATE_TO": "xyz"},
        "TRANSLATE_TO must be a two-letter language code, not 'xyz'",
    ),
    ([], {"TRANSLATE_TO": "zz"}, "google cannot translate into 'zz'"),
    ([], {"BASE_URLS": "{not json"}, "BASE_URLS='{not json' is not a JSON object"),
    (
        [],
        {"BASE_URLS": json.dumps({"index.hu": "ftp://mirror"})},
        "BASE_URLS['index.hu'] is not an http(s) origin: 'ftp://mirror'",
    ),
    (["-a", "sinse=2024-05-01"], {}, "unknown spider argument 'sinse' (taken: since, until)"),
    (
        [],
        {"HEALTH_MAX_EXTRACT_FAILURE_RATIO": "2"},
        "HEALTH_MAX_EXTRACT_FAILURE_RATIO='2' is not a share from 0 to 1",
    ),
    ([], {"CONCURRENT_REQUESTS": "0"}, "CONCURRENT_REQUESTS='0' is not at least 1"),
    ([], {"LOG_LEVEL": "LOUD"}, "LOG_LEVEL='LOUD' is not one of DEBUG, INFO, WARNING, ERROR"),
    (["-a", "since"], {}, "Invalid -a value, use -a NAME=VALUE"),
]


@pytest.mark.parametrize(("arguments", "settings", "says"), CASES)
def test_crawl_refuses_in_one_line(tmp_path, arguments, settings, says):
    with StandinServer(StandinSite()) as server:
        proc = run(crawl_command(server.base_url, tmp_path, *arguments, **settings))
        assert server.requests == []
    assert the_one_line(proc) == f"Cannot start the crawl: {says}"
    assert not any(tmp_path.iterdir())  # not even the lock


@pytest.mark.parametrize(("arguments", "settings", "says"), CASES)
def test_crawlall_refuses_in_one_line(tmp_path, arguments, settings, says):
    with StandinServer(StandinSite()) as server:
        origins = {"index.hu": server.base_url}
        proc = run(crawlall_command(origins, tmp_path, "index_abroad", *arguments, **settings))
        assert server.requests == []
    assert the_one_line(proc) == f"crawlall: {says}"
    assert not any(tmp_path.iterdir())


def test_scrapyd_s_job_argument_is_taken(tmp_path):
    """Scrapyd names every run's job with ``-a _job=<id>``: not an unknown argument."""
    with StandinServer(default_site()) as server:
        proc = run(crawl_command(server.base_url, tmp_path, "-a", "_job=6487ec79"))
    assert proc.returncode == 0, proc.stderr[-2000:]
