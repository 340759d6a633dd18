"""The README's "Reading the data" runs as printed: its ``scrapy export`` commands (as real
processes, from a directory outside the checkout) and its DuckDB and pandas snippets, on a
small output directory (:mod:`tests.data_output`), with the real duckdb, pandas, pyarrow."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.data_output import ROWS, A, B, C, make_output
from tests.e2e.runner import REPO, env

README = REPO / "README.md"


def reading_the_data() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Reading the data\n")
    return text[start : text.index("\n## ", start + 1)]


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", reading_the_data(), re.M | re.S)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory holding ``output/`` (the default OUTPUT_DIR) and nothing else."""
    make_output(tmp_path / "output")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_commands(workdir: Path) -> list[str]:
    """Each ``scrapy export`` line of the section, as a user pastes it."""
    printed = []
    environment = env() | {"SCRAPY_SETTINGS_MODULE": "crawler.settings"}
    [commands] = blocks("sh")
    for line in commands.splitlines():
        words = shlex.split(line, comments=True)
        assert words[:2] == [".venv/bin/scrapy", "export"], line
        done = subprocess.run(
            [sys.executable, "-m", "scrapy", *words[1:]],
            cwd=workdir,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        printed.append(done.stdout.strip())
    return printed


def test_the_export_commands_write_what_the_readme_says(workdir):
    printed = run_commands(workdir)
    assert printed[0] == (
        "articles.parquet: 3 articles (latest revisions) from 4 records in 3 files of "
        "2 spiders; 2 translations merged from retranslate"
    )
    assert printed[0] in " ".join(reading_the_data().split())  # the line the README shows
    assert printed[1].startswith("index.jsonl: 1 articles")
    assert (workdir / "articles.parquet").exists() and (workdir / "index.jsonl").exists()


def test_the_duckdb_and_pandas_snippets_run(workdir):
    run_commands(workdir)
    duckdb_snippet, pandas_snippet = blocks("python")
    assert "import duckdb" in duckdb_snippet and "import pandas" in pandas_snippet

    found: dict[str, Any] = {}
    exec(compile(duckdb_snippet, "README.md (DuckDB)", "exec"), found)
    # Each article once, its latest revision, from the published glob.
    assert [(row[0], row[2]) for row in found["latest"]] == [
        (url, revision) for url, (revision, _) in sorted(ROWS.items())
    ]
    assert found["per_portal"] == [("index.hu", 2, 2), ("telex.hu", 1, 1)]

    found = {}
    exec(compile(pandas_snippet, "README.md (pandas)", "exec"), found)
    assert found["already_read"] == {
        "index_abroad/2026-01-01T03-00-00-000000Z.jsonl",
        "index_abroad/2026-01-02T03-00-00-000000Z.jsonl",
        "telex_abroad/2026-01-02T03-00-00-000000Z.jsonl",
    }
    assert len(found["records"]) == 4
    latest = found["latest"].set_index("url")["revision"].to_dict()
    assert latest == {A: 2, B: 1, C: 1}
    articles = found["articles"]
    assert sorted(articles["url"]) == sorted(ROWS)
    assert {row["url"]: row["translation"]["title"] for _, row in articles.iterrows()} == {
        url: title for url, (_, title) in ROWS.items()
    }


def test_the_pandas_snippet_refuses_a_file_that_changed(workdir):
    published = workdir / "output" / "telex_abroad" / "2026-01-02T03-00-00-000000Z.jsonl"
    published.write_bytes(published.read_bytes().replace(b"telex.hu", b"TELEX.HU", 1))
    snippet = blocks("python")[1].split("\narticles = ")[0]  # the export is not made here
    with pytest.raises(ValueError, match=r"telex_abroad/.* is not the file that was published"):
        exec(compile(snippet, "README.md (pandas)", "exec"), {})
