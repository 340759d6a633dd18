import json
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator

from crawler.record.item import RECORD_FIELDS, record_schema
from crawler.record.validity import record_problem
from tests.conftest import REALWORLD, REPO, realworld_manifest
from tests.standin.site import EU_SUMMIT, default_site


def run_cli(*args, stdin: bytes | None = None):
    return subprocess.run(
        [sys.executable, "-m", "crawler.extract", *args],
        input=stdin,
        capture_output=True,
        cwd=REPO,
        check=False,
    )


def test_prints_one_valid_record(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(default_site().resolve(EU_SUMMIT.path).render())
    result = run_cli(str(page), "--url", EU_SUMMIT.url + "?utm_source=x")
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.decode().splitlines()
    record = json.loads(line)
    assert list(record) == list(RECORD_FIELDS)
    Draft202012Validator(record_schema()).validate(record)
    assert record["url"] == EU_SUMMIT.url and record["title"] == EU_SUMMIT.title
    assert record["language"] == "hu"


def test_not_an_article_exits_1_with_reason():
    result = run_cli("-", "--url", EU_SUMMIT.url, stdin=b"<html><body></body></html>")
    assert result.returncode == 1
    assert b"no record" in result.stderr and result.stdout == b""


def test_bad_inputs_exit_2_with_one_line(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(default_site().resolve(EU_SUMMIT.path).render())
    for args, says in [
        ((str(tmp_path / "missing.html"), "--url", EU_SUMMIT.url), b"cannot read"),
        ((str(tmp_path), "--url", EU_SUMMIT.url), b"cannot read"),
        ((str(page), "--url", "https://index.hu"), b"is not the http(s) address of a page"),
        ((str(page), "--url", "index.hu/kulfold/x/"), b"is not the http(s) address of a page"),
    ]:
        result = run_cli(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.count(b"\n") == 1 and says in result.stderr, result.stderr
        assert b"Traceback" not in result.stderr and result.stdout == b""


def test_a_mislabelled_page_is_read_as_the_crawl_reads_it():
    html = default_site().resolve(EU_SUMMIT.path).render().decode()
    latin2 = html.encode("iso-8859-2", errors="xmlcharrefreplace")  # still says UTF-8
    result = run_cli("-", "--url", EU_SUMMIT.url, stdin=latin2)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["title"] == EU_SUMMIT.title and "\ufffd" not in record["text"]
    assert b"charset: declared utf-8, read as cp1250" in result.stderr


def test_generic_path_is_said_on_stderr(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(default_site().resolve(EU_SUMMIT.path).render())
    result = run_cli(str(page), "--url", "https://hirportal.example/kulfold/2024/05/06/x")
    assert result.returncode == 0, result.stderr
    assert b"generic extraction: no site module for hirportal.example" in result.stderr
    record = json.loads(result.stdout)
    assert (record["source"], record["url"]) == (
        "hirportal.example",
        "https://hirportal.example/kulfold/2024/05/06/x",
    )


@pytest.mark.realworld
@pytest.mark.parametrize(
    "entry",
    [e for e in realworld_manifest() if e["kind"] in ("article", "liveblog")],
    ids=lambda e: e["file"][:60],
)
def test_every_captured_article_page_gives_a_valid_record(entry):
    result = run_cli(str(REALWORLD / entry["file"]), "--url", entry["url"])
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    assert record_problem(record) is None
    assert record["source"] == urlsplit(entry["url"]).hostname.removeprefix("www.")
