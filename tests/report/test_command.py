"""``scrapy report``: the real command, as a user or cron runs it."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta

import pytest

from crawler.commands.report import EXIT_STATUSES, FAILED, OK, STALE
from tests.e2e.runner import REPO, SCRAPY, env
from tests.report.synthetic import series, today, write_portal
from tests.test_readme import section


def report(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SCRAPY, "report", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env=env(),
        check=False,
    )


@pytest.fixture
def stale_output(tmp_path):
    out = tmp_path / "output"
    write_portal(out, "index_abroad", series(40, 90, overrides={1: 0}))
    write_portal(out, "telex_abroad", series(55, 90))
    return out


@pytest.fixture
def quiet_output(tmp_path):
    out = tmp_path / "output"
    # Yesterday the whole crawler was down: nobody published, so nobody is stale.
    write_portal(out, "index_abroad", series(40, 90, overrides={1: 0}))
    write_portal(out, "telex_abroad", series(55, 90, overrides={1: 0}))
    write_portal(out, "hvg_abroad", series(20, 90, overrides={1: 0, 2: 14}))
    return out


def test_writes_the_page_and_says_so_in_one_line(stale_output, tmp_path):
    page = tmp_path / "runs.html"
    done = report(str(page), "--output-dir", str(stale_output))
    assert done.returncode == OK, done.stderr
    first = (today() - timedelta(days=59)).isoformat()
    assert done.stdout == (
        f"{page}: 2 portals, {first} to {today().isoformat()}; stale: index_abroad\n"
    )
    assert done.stderr == ""
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output", "runs.html"]


def test_output_dir_defaults_to_the_setting(stale_output, tmp_path):
    done = report(str(tmp_path / "a.html"), "-s", f"OUTPUT_DIR={stale_output}", "--days", "7")
    first = (today() - timedelta(days=6)).isoformat()
    assert done.returncode == OK and f"2 portals, {first} to " in done.stdout
    assert (tmp_path / "a.html").read_text().count('<rect class="bar') == 7 * 2


def test_check_exits_3_and_prints_only_the_stale_portals(stale_output, tmp_path):
    done = report("--check", "--output-dir", str(stale_output))
    yesterday = (today() - timedelta(days=1)).isoformat()
    assert done.returncode == STALE
    assert done.stdout == (
        f"stale: index_abroad: 0 records on {yesterday}, under a quarter of the median of "
        "the 28 days before (40), while other portals published\n"
    )
    assert done.stderr == ""
    # With a page: written all the same, and still only the stale lines.
    page = tmp_path / "runs.html"
    both = report("--check", str(page), "--output-dir", str(stale_output))
    assert (both.returncode, both.stdout) == (STALE, done.stdout) and page.exists()


def test_check_is_silent_and_exits_0_when_no_portal_is_stale(quiet_output):
    done = report("--check", "--output-dir", str(quiet_output))
    assert (done.returncode, done.stdout, done.stderr) == (OK, "", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "name the page to write (OUT.html), or --check"),
        (["a.html", "b.html"], "name one OUT.html"),
        (["a.html", "--days", "0"], "--days must be a whole number from 1 to 400"),
        (["a.html", "--days", "two"], "--days must be a whole number from 1 to 400"),
        (["a.html", "--days"], "argument --days: expected one argument"),
        (["a.html", "--chek"], "unknown option: --chek"),
        (["a.html", "-s", "OUTPUT_DIR"], "Invalid -s value, use -s NAME=VALUE"),
    ],
)
def test_usage_errors_are_one_line_and_status_1(args, message, tmp_path):
    done = report(*args, "--output-dir", str(tmp_path))
    assert done.returncode == FAILED
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and message in done.stderr, done.stderr
    assert not (REPO / "a.html").exists()


def test_runs_or_a_page_that_cannot_be_read_or_written_are_status_1(stale_output, tmp_path):
    missing = report(str(tmp_path / "a.html"), "--output-dir", str(tmp_path / "nowhere"))
    assert missing.returncode == FAILED
    assert (
        missing.stderr
        == f"report: cannot read the runs: {tmp_path / 'nowhere'} is not a directory\n"
    )
    (tmp_path / "empty").mkdir()
    empty = report("--check", "--output-dir", str(tmp_path / "empty"))
    assert empty.returncode == FAILED and "no run reports under" in empty.stderr
    unwritable = report(str(tmp_path / "no" / "a.html"), "--output-dir", str(stale_output))
    assert unwritable.returncode == FAILED
    assert unwritable.stderr == (
        f"report: cannot write {tmp_path / 'no' / 'a.html'}: No such file or directory\n"
    )
    assert unwritable.stdout == ""


def test_a_page_is_replaced_whole(stale_output, tmp_path):
    page = tmp_path / "runs.html"
    page.write_text("old page")
    assert report(str(page), "--output-dir", str(stale_output)).returncode == OK
    assert "old page" not in page.read_text() and not list(tmp_path.glob(".*.part"))


def test_the_readme_documents_the_exit_statuses_and_the_help_lists_them():
    rows = re.findall(r"^\| (\d+) \| ", section("Run dashboard"), re.M)
    assert [int(code) for code in rows] == sorted(EXIT_STATUSES)
    shown = report("-h")
    assert shown.returncode == 0
    assert "3 --check found a stale portal" in " ".join(shown.stdout.split())
