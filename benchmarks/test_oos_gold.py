"""The out-of-sample gold set loads as annotated, and a first score is never overwritten."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from benchmarks import quality
from benchmarks.quality import FIRST_MARK, OOS_DIR, Row, load_oos_pages, record_first_scores


def test_every_invented_page_loads_with_the_bytes_it_was_annotated_on() -> None:
    pages = load_oos_pages()
    assert len(pages) == len(list(OOS_DIR.glob("*.json")))
    assert {p.gold["sample"] for p in pages} <= {"in", "out"}
    assert all(p.html.lstrip().lower().startswith("<!doctype html") for p in pages)


def test_a_page_changed_after_annotation_is_not_scored(tmp_path: Path) -> None:
    gold_path = next(OOS_DIR.glob("*.json"))
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    shutil.copy(gold_path, tmp_path / gold_path.name)
    (tmp_path / "pages").mkdir()
    page = (OOS_DIR / gold["page"]).read_bytes()
    (tmp_path / gold["page"]).write_bytes(page.replace(b"</body>", b"<p>edited</p></body>"))
    assert load_oos_pages(tmp_path) == []


def test_the_first_score_is_kept_and_never_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gold = {"url": "https://example.hu/a", "sample": "out", "annotated": "annotated by hand."}
    path = tmp_path / "page.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    monkeypatch.setattr(quality, "OOS_DIR", tmp_path)
    first = Row("page", "ours", "ok", f1=0.5, title=True)
    assert record_first_scores([first, Row("page", "newspaper4k", "ok", f1=0.9)]) == [path]
    written = json.loads(path.read_text(encoding="utf-8"))["annotated"]
    assert f"{FIRST_MARK} on " in written and "body F1 0.500" in written
    assert "newspaper4k 0.900" in written
    assert record_first_scores([Row("page", "ours", "ok", f1=1.0)]) == []
    assert json.loads(path.read_text(encoding="utf-8"))["annotated"] == written


def test_the_gold_files_agree_with_their_pages(capsys: pytest.CaptureFixture[str]) -> None:
    """gold-oos/check_gold.py: every gold string is on its page, every time in Budapest time."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("check_gold", OOS_DIR / "check_gold.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main() == 0, capsys.readouterr().out
