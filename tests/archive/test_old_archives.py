"""Archives written by earlier versions of the crawler re-extract to the records their run
published: a year-old archive replays with today's code.

``tests/fixtures/archives/<day>/<spider>/`` holds one run of each portal's stand-in as the
code of that day archived it (``warc/<run>.warc.gz``, :mod:`tests.archive.record_fixtures`),
beside the JSONL that run published.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.archive.test_archive_crawl import reextract

GENERATIONS = Path(__file__).resolve().parents[1] / "fixtures" / "archives"
RUNS = sorted(path for path in GENERATIONS.glob("*/*") if path.is_dir())


@pytest.mark.parametrize("run", RUNS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_an_old_archive_reextracts_to_the_records_its_run_published(run, tmp_path):
    [warc] = (run / "warc").glob("*.warc.gz")
    [published] = run.glob("*.jsonl")
    done = reextract(str(warc), "--output-dir", str(tmp_path), REEXTRACT_PROCESSES="1")
    assert done.returncode == 0, done.stderr[-3000:]
    [output] = tmp_path.glob("*.jsonl")
    expected = published.read_text(encoding="utf-8").splitlines()
    assert sorted(output.read_text(encoding="utf-8").splitlines()) == sorted(expected)
    assert f"{len(expected)} same as published, 0 changed" in done.stdout


def test_every_portal_has_an_old_archive():
    assert {path.name for path in RUNS} >= {
        "index_abroad",
        "telex_abroad",
        "444_abroad",
        "24hu_abroad",
        "hvg_abroad",
        "origo_abroad",
    }
