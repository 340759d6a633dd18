"""The output layout's one rule for readers: ``OUTPUT_DIR/*/*.jsonl`` is every published
run file and nothing else (:mod:`crawler.run.files`)."""

from __future__ import annotations

from pathlib import Path

from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from crawler.extract import project_settings
from crawler.run.files import (
    DERIVED_DIR,
    PUBLISHED_GLOB,
    derived_dir,
    matches_published_glob,
    published_files,
    spider_files,
    translation_dirs,
)

RUN = "2026-11-28T03-00-00-123456Z.jsonl"


def test_no_spider_is_named_like_a_directory_the_layout_keeps():
    names = SpiderLoader.from_settings(Settings(project_settings())).list()
    assert names
    assert DERIVED_DIR not in names
    assert "cache" not in names  # OUTPUT_DIR/cache/: the translation cache


def test_the_glob_matches_published_files_only(tmp_path):
    out = tmp_path / "output"
    published = out / "index_abroad" / RUN
    for path in (
        published,
        out / "index_abroad" / f".{RUN}.part",  # being written
        out / "index_abroad" / "translated" / RUN,  # an older version's retranslate output
        out / "index_abroad" / "reextracted" / RUN,  # an older version's reextract output
        derived_dir(out, "translated", "index_abroad") / RUN,
        derived_dir(out, "reextracted", "index_abroad") / RUN,
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}\n")
    assert list(out.glob(PUBLISHED_GLOB)) == [published]
    assert published_files(out) == [("index_abroad", published)]
    assert spider_files(out, "index_abroad") == [published]
    assert spider_files(out, "telex_abroad") == []
    assert matches_published_glob(published, out)
    assert matches_published_glob(out / "elsewhere" / RUN, out)  # refused for any writer
    assert not matches_published_glob(derived_dir(out, "translated", "x") / RUN, out)
    assert not matches_published_glob(out / "index_abroad" / f".{RUN}.part", out)
    assert not matches_published_glob(tmp_path / "export.jsonl", out)
    # Where export finds translations: today's place first, then the older layout's.
    assert translation_dirs(out, "index_abroad") == (
        out / "derived" / "translated" / "index_abroad",
        out / "index_abroad" / "translated",
    )


def test_a_relative_output_dir_is_compared_resolved(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert matches_published_glob(tmp_path / "output" / "x" / RUN, Path("output"))
    assert not matches_published_glob(Path("output") / RUN, tmp_path / "output")
