"""``scrapy export``: one row per article over every spider's published files, run
in-process through scrapy.cmdline, with the real pyarrow for ``.parquet``."""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from scrapy.cmdline import execute
from scrapy.utils.project import get_project_settings

from crawler.record.validity import record_problem
from crawler.run.catalog import catalog_path, read
from tests.data_output import ROWS, RUN_1, A, B, C, make_output


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return make_output(tmp_path / "output")


def export(monkeypatch: pytest.MonkeyPatch, output_dir: Path, *args: str) -> int:
    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    argv = ["scrapy", "export", *args, "-s", f"OUTPUT_DIR={output_dir}"]
    with pytest.raises(SystemExit) as exited:
        execute(argv, settings=get_project_settings())
    return int(exited.value.code or 0)


def rows(path: Path) -> dict[str, dict[str, Any]]:
    if path.suffix == ".parquet":
        found = pq.read_table(path).to_pylist()
    else:
        found = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    by_url = {row["url"]: row for row in found}
    assert len(by_url) == len(found)  # one row per article
    return by_url


def titles(found: dict[str, dict[str, Any]]) -> dict[str, tuple[int, str]]:
    return {url: (row["revision"], row["translation"]["title"]) for url, row in found.items()}


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_latest_revision_with_the_newest_translation(monkeypatch, capsys, out, tmp_path, suffix):
    target = tmp_path / f"articles{suffix}"
    assert export(monkeypatch, out, str(target)) == 0
    found = rows(target)
    # A: revision 2 with the newest retranslate output's translation (not the older
    # layout's "OLDER", not revision 1's "STALE"); B as crawled; C from the older layout.
    assert titles(found) == ROWS
    for row in found.values():
        assert record_problem(row) is None  # a row is a valid record
        assert row["translation_error"] is None
    printed = capsys.readouterr()
    assert printed.out.strip() == (
        f"{target}: 3 articles (latest revisions) from 4 records in 3 files of 2 spiders; "
        "2 translations merged from retranslate"
    )
    assert printed.err == ""
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_parquet_and_jsonl_hold_the_same_rows(monkeypatch, out, tmp_path):
    assert export(monkeypatch, out, str(tmp_path / "a.jsonl")) == 0
    assert export(monkeypatch, out, str(tmp_path / "a.parquet")) == 0
    assert rows(tmp_path / "a.parquet") == rows(tmp_path / "a.jsonl")
    columns = pq.read_schema(tmp_path / "a.parquet").names
    assert columns[:3] == ["url", "source", "section"] and "content_hash" in columns


def test_since_and_spider_select_articles(monkeypatch, out, tmp_path):
    target = tmp_path / "since.jsonl"
    # B was published on 3 January; C is undated, crawled 00:30 on 3 January in Budapest.
    assert export(monkeypatch, out, str(target), "--since", "2026-01-03") == 0
    assert set(rows(target)) == {B, C}
    assert export(monkeypatch, out, str(target), "--spider", "telex_abroad") == 0
    assert set(rows(target)) == {C}
    assert export(monkeypatch, out, str(target), "--spider", "index_abroad") == 0
    assert titles(rows(target)) == {A: ROWS[A], B: ROWS[B]}


def test_a_missing_catalog_is_read_from_the_files(monkeypatch, capsys, out, tmp_path):
    catalog_path(out).unlink()
    assert export(monkeypatch, out, str(tmp_path / "a.jsonl")) == 0
    assert titles(rows(tmp_path / "a.jsonl")) == ROWS
    assert "was missing or unreadable: read from the files" in capsys.readouterr().err
    assert not catalog_path(out).exists()  # readers never write it


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "name one OUT_FILE"),
        (["a.csv"], "OUT_FILE must end in .jsonl or .parquet"),
        (["a.jsonl", "b.jsonl"], "name one OUT_FILE"),
        (["a.jsonl", "--since", "2026-13-01"], "--since must be a date, YYYY-MM-DD"),
        (["a.jsonl", "--since", "yesterday"], "--since must be a date, YYYY-MM-DD"),
        (["a.jsonl", "--bogus"], "unknown option: --bogus"),
    ],
)
def test_usage_errors_exit_2_in_one_line(monkeypatch, capsys, out, tmp_path, args, message):
    monkeypatch.chdir(tmp_path)
    assert export(monkeypatch, out, *args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err
    assert not list(tmp_path.glob("*.*"))


def test_an_output_the_published_glob_would_match_is_refused(monkeypatch, capsys, out):
    target = out / "exports" / "articles.jsonl"
    assert export(monkeypatch, out, str(target)) == 2
    assert "would be read as published records" in capsys.readouterr().err
    assert not target.parent.exists()


def test_parquet_without_pyarrow_is_a_usage_error(monkeypatch, capsys, out, tmp_path):
    for name in ("pyarrow", "pyarrow.json", "pyarrow.parquet"):
        monkeypatch.setitem(sys.modules, name, None)  # as if not installed: import fails
    assert export(monkeypatch, out, str(tmp_path / "a.parquet")) == 2
    assert "pip install '.[parquet]'" in capsys.readouterr().err
    assert not (tmp_path / "a.parquet").exists()


def test_nothing_to_export_exits_3_and_leaves_the_old_file(monkeypatch, capsys, out, tmp_path):
    target = tmp_path / "a.jsonl"
    target.write_text("earlier export\n")
    assert export(monkeypatch, out, str(target), "--since", "2030-01-01") == 3
    assert "no article published on 2030-01-01 or later among 4 records" in (
        capsys.readouterr().err
    )
    assert export(monkeypatch, out, str(target), "--spider", "hvg_abroad") == 3
    assert "no published files of hvg_abroad under" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert export(monkeypatch, empty, str(target)) == 3
    assert export(monkeypatch, tmp_path / "missing", str(target)) == 3
    assert target.read_text() == "earlier export\n"


def test_a_file_that_changed_after_publishing_is_not_trusted(monkeypatch, capsys, out, tmp_path):
    published = out / "index_abroad" / RUN_1
    data = published.read_bytes()
    # The same size, one letter changed: only the SHA-256 tells.
    published.write_bytes(data.replace("Tüntetés".encode(), "Tüntetéz".encode(), 1))
    target = tmp_path / "a.jsonl"
    assert export(monkeypatch, out, str(target)) == 3
    err = capsys.readouterr().err
    assert f"{published}: its SHA-256 is not the catalog's" in err
    assert "Not trusted" in err and err.count("\n") == 1
    assert not target.exists()
    # A line appended: the size differs; the catalog keeps the entry as published.
    published.write_bytes(data + data.splitlines(keepends=True)[0])
    assert export(monkeypatch, out, str(target)) == 3
    err = capsys.readouterr().err
    assert f"{published}: {len(data) + len(data.splitlines()[0]) + 1} bytes, " in err
    assert f"the catalog says {len(data)}" in err
    entry = next(e for e in read(out) if e.name == RUN_1 and e.spider == "index_abroad")
    assert entry.sha256 == hashlib.sha256(data).hexdigest()


def test_a_line_that_is_not_a_record_exits_3(monkeypatch, capsys, out, tmp_path):
    catalog_path(out).unlink()  # the damage predates the catalog: nothing to compare with
    published = out / "telex_abroad" / "2026-01-02T03-00-00-000000Z.jsonl"
    published.write_bytes(published.read_bytes() + b'{"url": "x"}\n')
    assert export(monkeypatch, out, str(tmp_path / "a.jsonl")) == 3
    assert f"{published}:2: not a record" in capsys.readouterr().err


def test_an_unwritable_output_exits_1_and_leaves_nothing(monkeypatch, capsys, out, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert export(monkeypatch, out, str(blocker / "a.jsonl")) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"export: cannot write {blocker / 'a.jsonl'}") and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "output"]


def test_a_second_export_replaces_the_first(monkeypatch, out, tmp_path):
    target = tmp_path / "a.parquet"
    assert export(monkeypatch, out, str(target), "--spider", "telex_abroad") == 0
    assert set(rows(target)) == {C}
    assert export(monkeypatch, out, str(target)) == 0
    assert set(rows(target)) == {A, B, C}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_merging_a_translation_keeps_every_other_field():
    """Spliced as bytes: a field after translation_error (as a later schema may add) and
    an error string holding quotes and non-ASCII letters survive."""
    from crawler.run.export import _merged
    from crawler.run.files import dumps
    from tests.data_output import record, translated

    original = record(A, "Választás", translation_error='google:"idő" túllépés')
    later = {}
    for key, value in original.items():
        later[key] = value
        if key == "translation_error":
            later["credits"] = ["MTI", "Reuters"]
    line = dumps(later).encode("utf-8")
    merged = json.loads(_merged(line, dumps(translated(original, "ELECTION")).encode("utf-8")))
    assert merged == dict(
        later, translation=translated(original, "ELECTION")["translation"], translation_error=None
    )
    assert list(merged) == list(later)


def test_progress_counts_lines_read_then_rows_written(out, tmp_path):
    """The command's hook feeds crawler.run.progress one count over both passes; the
    test waits on the line its thread logs (no clock)."""
    from crawler.commands.export import _hook
    from crawler.run.export import Export, write
    from crawler.run.progress import Progress
    from tests.crawler.test_progress import Lines

    lines = Lines()
    logger = logging.getLogger("crawler.run.progress")
    logger.addHandler(lines)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        progress = Progress("export", unit="lines", interval=0.01, after=0, bar=False)
        with progress:
            export = Export(out, progress=_hook(progress))
            export.plan()
            assert (progress.done, progress.total) == (4, 4)  # the catalog's 4 records
            write(export, tmp_path / "a.jsonl")
            while "lines=7/7" not in lines.wait(1)[-1]:  # then 3 rows
                lines.wait(len(lines.lines) + 1)
    finally:
        logger.removeHandler(lines)
        logger.setLevel(level)
    assert lines.lines[-1].startswith("Progress: export step=write lines=7/7 rate=")
