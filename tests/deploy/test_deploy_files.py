"""The systemd units and the logrotate file in ``deploy/``, checked by the tools that will
read them (skipped where a tool is missing; ``.ci/run`` installs them)."""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
INSTALLED = "/srv/hu-news-crawler"  # where the files expect the checkout


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def installed_here(name: str, target: Path, **more: str) -> Path:
    """``deploy/<name>`` with this checkout standing for /srv/hu-news-crawler."""
    text = (DEPLOY / name).read_text(encoding="utf-8").replace(INSTALLED, str(REPO))
    for old, new in more.items():
        text = text.replace(old, new)
    path = target / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_service_and_timer_pass_systemd_analyze_verify(tmp_path):
    analyze = tool("systemd-analyze")
    assert (REPO / ".venv" / "bin" / "scrapy").exists(), "make test creates .venv first"
    units = [
        installed_here(name, tmp_path)
        for name in ("hu-news-crawler.service", "hu-news-crawler.timer")
    ]
    checked = subprocess.run(
        [analyze, "verify", "--man=no", *map(str, units)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.strip() == "", checked.stderr  # not even a warning


def test_the_units_run_crawlall_every_15_minutes_and_75_is_no_failure():
    service = (DEPLOY / "hu-news-crawler.service").read_text(encoding="utf-8")
    timer = (DEPLOY / "hu-news-crawler.timer").read_text(encoding="utf-8")
    assert f"ExecStart={INSTALLED}/.venv/bin/scrapy crawlall\n" in service
    assert "SuccessExitStatus=75\n" in service and "Type=oneshot\n" in service
    assert "OnCalendar=*:0/15\n" in timer


def test_logrotate_reads_the_file_and_rotates_the_log(tmp_path):
    logrotate = tool("logrotate")
    logs = tmp_path / "logs"
    logs.mkdir()
    log = logs / "crawlall.log"
    log.write_text("a run's lines\n", encoding="utf-8")
    user = pwd.getpwuid(os.getuid()).pw_name
    group = grp.getgrgid(os.getgid()).gr_name
    conf = installed_here(
        "logrotate.conf",
        tmp_path,
        **{f"{REPO}/logs": str(logs), "su crawler crawler": f"su {user} {group}"},
    )
    conf.chmod(0o644)
    state = tmp_path / "state"
    dry = subprocess.run(
        [logrotate, "-d", "-s", str(state), str(conf)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert dry.returncode == 0, dry.stderr
    assert "Handling 1 logs" in dry.stderr and "error" not in dry.stderr.lower(), dry.stderr
    forced = subprocess.run(
        [logrotate, "-f", "-s", str(state), str(conf)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert forced.returncode == 0, forced.stderr
    # copytruncate: the crawler's open log goes on at the same path, now empty.
    assert log.read_text(encoding="utf-8") == ""
    assert (logs / "crawlall.log.1").read_text(encoding="utf-8") == "a run's lines\n"


def test_the_readme_shows_the_logrotate_file_as_it_is():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert (DEPLOY / "logrotate.conf").read_text(encoding="utf-8") in readme
