"""``scrapy retranslate`` on JSONL dumps, run in-process through scrapy.cmdline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from scrapy.cmdline import execute
from scrapy.utils.project import get_project_settings

from crawler.record.item import record_schema
from crawler.run.files import dumps

from .fake_google import FakeGoogle
from .test_pipeline import article

DUMP_NAME = "2026-01-02T10-00-00-000000Z.jsonl"


@pytest.fixture
def fake() -> Iterator[FakeGoogle]:
    with FakeGoogle() as server:
        yield server


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    records = [
        asdict(article(title="Kimaradt fordítás", translation_error="google:ReadTimeout")),
        asdict(article(title="Already English", language="en")),
        asdict(
            article(
                title="Már lefordítva",
                translation={
                    "lang": "en",
                    "provider": "google",
                    "title": "Already translated",
                    "lead": None,
                    "text": "Text.",
                    "posts": [],
                },
            )
        ),
        asdict(article(title="Fordítás nélkül készült")),  # crawled with translation off
    ]
    path = tmp_path / "out" / "index_abroad" / DUMP_NAME
    path.parent.mkdir(parents=True)
    path.write_text("".join(dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def retranslate(
    monkeypatch: pytest.MonkeyPatch, output_dir: Path, *args: str, **settings: Any
) -> int:
    monkeypatch.setenv("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    values = {
        "OUTPUT_DIR": str(output_dir),
        "TRANSLATOR_TIMEOUT": "0.3",
        "TRANSLATOR_RETRIES": "0",
        "TRANSLATOR_BACKOFF": "0.001",
        "LOG_LEVEL": "WARNING",
        **settings,
    }
    argv = ["scrapy", "retranslate", *args]
    for name, value in values.items():
        argv += ["-s", f"{name}={value}"]
    with pytest.raises(SystemExit) as exited:
        execute(argv, settings=get_project_settings())
    return int(exited.value.code or 0)


def translated(dump: Path) -> Path:
    """Where the translation of a published file goes: out of the published glob's reach."""
    return dump.parents[1] / "derived" / "translated" / dump.parent.name / dump.name


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_untranslated_records_go_to_a_new_file(
    monkeypatch: pytest.MonkeyPatch, fake: FakeGoogle, dump: Path, tmp_path: Path
) -> None:
    original = dump.read_bytes()
    mtime = dump.stat().st_mtime_ns
    out = tmp_path / "out"
    code = retranslate(monkeypatch, out, TRANSLATE_TO="en", TRANSLATOR_URL=fake.base_url)
    assert code == 0
    assert dump.read_bytes() == original
    assert dump.stat().st_mtime_ns == mtime
    result = translated(dump)
    assert result == tmp_path / "out" / "derived" / "translated" / "index_abroad" / DUMP_NAME
    assert not (dump.parent / "translated").exists()
    records = lines(result)
    assert [r["title"] for r in records] == [r["title"] for r in lines(dump)]
    assert records[0]["translation"]["title"] == "KIMARADT FORDÍTÁS"
    assert records[0]["translation_error"] is None
    assert records[1]["translation"] is None  # English already
    assert records[2]["translation"]["title"] == "Already translated"  # kept as it was
    assert records[3]["translation"]["text"] == "ELSŐ BEKEZDÉS.\n\nMÁSODIK BEKEZDÉS."
    validator = Draft202012Validator(record_schema())
    for record in records:
        validator.validate(record)
    assert fake.request_count == 2
    assert not list(result.parent.glob(".*"))  # no part file left behind
    # Again: the cache answers, and the earlier output is replaced atomically.
    assert retranslate(monkeypatch, out, TRANSLATE_TO="en", TRANSLATOR_URL=fake.base_url) == 0
    assert fake.request_count == 2
    assert lines(result) == records


def test_still_failing_means_exit_3_with_reasons(
    monkeypatch: pytest.MonkeyPatch, fake: FakeGoogle, dump: Path, tmp_path: Path
) -> None:
    fake.mode = "500"
    code = retranslate(
        monkeypatch, tmp_path / "out", str(dump), TRANSLATE_TO="en", TRANSLATOR_URL=fake.base_url
    )
    assert code == 3
    records = lines(translated(dump))
    assert [r["translation_error"] for r in records] == [
        "google:RequestError",
        None,
        None,
        "google:RequestError",
    ]


def test_output_dir_option(
    monkeypatch: pytest.MonkeyPatch, fake: FakeGoogle, dump: Path, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere"
    code = retranslate(
        monkeypatch,
        tmp_path / "out",
        str(dump),
        "--output-dir",
        str(target),
        TRANSLATE_TO="en",
        TRANSLATOR_URL=fake.base_url,
    )
    assert code == 0
    assert lines(target / DUMP_NAME)[0]["translation"]["lang"] == "en"
    # Pointing the output at the input itself is refused.
    code = retranslate(
        monkeypatch,
        tmp_path / "out",
        str(dump),
        "--output-dir",
        str(dump.parent),
        TRANSLATE_TO="en",
        TRANSLATOR_URL=fake.base_url,
    )
    assert code == 1


def test_no_output_is_ever_read_as_published(
    monkeypatch: pytest.MonkeyPatch,
    fake: FakeGoogle,
    dump: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    settings = {"TRANSLATE_TO": "en", "TRANSLATOR_URL": fake.base_url}
    # Another spider's directory: the output would match OUTPUT_DIR/*/*.jsonl.
    other = out / "telex_abroad"
    assert retranslate(monkeypatch, out, str(dump), "--output-dir", str(other), **settings) == 1
    assert "would be read as a published file" in capsys.readouterr().err
    assert not other.exists()
    # A file right in OUTPUT_DIR: translated/ beside it is a spider's place.
    loose = out / DUMP_NAME
    loose.write_bytes(dump.read_bytes())
    assert retranslate(monkeypatch, out, str(loose), **settings) == 1
    assert not (out / "translated").exists()
    # A dump outside OUTPUT_DIR: translated/ beside it, as ever.
    elsewhere = tmp_path / "dumps" / DUMP_NAME
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(dump.read_bytes())
    assert retranslate(monkeypatch, out, str(elsewhere), **settings) == 0
    assert lines(elsewhere.parent / "translated" / DUMP_NAME)[0]["translation"]["lang"] == "en"
    assert sorted(p.relative_to(out).as_posix() for p in out.glob("*/*.jsonl")) == [
        f"index_abroad/{DUMP_NAME}"
    ]


def test_bad_line_means_exit_1_and_no_output(
    monkeypatch: pytest.MonkeyPatch, fake: FakeGoogle, dump: Path, tmp_path: Path
) -> None:
    with dump.open("a", encoding="utf-8") as file:
        file.write('{"truncated": \n')
    code = retranslate(
        monkeypatch, tmp_path / "out", TRANSLATE_TO="en", TRANSLATOR_URL=fake.base_url
    )
    assert code == 1
    assert not translated(dump).parent.exists() or not any(translated(dump).parent.iterdir())


def test_missing_file_and_missing_target(
    monkeypatch: pytest.MonkeyPatch, fake: FakeGoogle, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    missing = str(tmp_path / "nope.jsonl")
    assert retranslate(monkeypatch, out, missing, TRANSLATE_TO="en") == 1
    assert retranslate(monkeypatch, out, missing, TRANSLATE_TO="") == 2
