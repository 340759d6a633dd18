import json
from datetime import UTC, datetime

from crawler.run.files import AtomicJsonl, remove_stale_parts, run_file_name


def test_nothing_written_leaves_no_file(tmp_path):
    writer = AtomicJsonl(tmp_path / "x.jsonl")
    assert writer.commit() is None
    assert list(tmp_path.iterdir()) == []


def test_file_invisible_until_commit(tmp_path):
    writer = AtomicJsonl(tmp_path / "d" / "x.jsonl")
    writer.write({"title": "Árvíztűrő tükörfúrógép"})
    assert list((tmp_path / "d").glob("*.jsonl")) == []
    path = writer.commit()
    line = path.read_text(encoding="utf-8")
    assert "Árvíztűrő" in line  # UTF-8, not ASCII-escaped
    assert json.loads(line) == {"title": "Árvíztűrő tükörfúrógép"}
    assert [p.name for p in (tmp_path / "d").iterdir()] == ["x.jsonl"]


def test_stale_parts_removed(tmp_path):
    writer = AtomicJsonl(tmp_path / "x.jsonl")
    writer.write({})
    assert remove_stale_parts(tmp_path) == [tmp_path / ".x.jsonl.part"]


def test_run_names_sort_by_time():
    a = run_file_name(datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC))
    b = run_file_name(datetime(2026, 1, 2, 3, 4, 5, 7, tzinfo=UTC))
    assert a == "2026-01-02T03-04-05-000006Z.jsonl" and a < b
