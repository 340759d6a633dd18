"""Archives written by earlier versions of the crawler re-extract to the records their run
published: a year-old archive replays with today's code.

``tests/fixtures/archives/<day>/<spider>/`` holds one run of each portal's stand-in as the
code of that day archived it (``warc/<run>.warc.gz``, :mod:`tests.archive.record_fixtures`),
beside the JSONL that run published.

Those runs published schema version 1. Re-extracted today a record is version 2, and that
is the one intended change (README "Authors and credits"): ``credits`` follows
``authors``, and the desks and agencies version 1 listed as authors ("hvg.hu", "MTI",
"Origo") are credits. One reading improved since: telex live-blog posts rendered in the
HTML carry the clock time they print (they were null). Every other field, its value and
the key order are as published.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crawler.record.item import SCHEMA_VERSION
from crawler.run.files import dumps
from crawler.text.credits import split_credits
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
    expected = [as_v2(line) for line in published.read_text(encoding="utf-8").splitlines()]
    assert sorted(output.read_text(encoding="utf-8").splitlines()) == sorted(expected)
    assert f"{len(expected)} same as published, 0 changed" in done.stdout


# Posts the stand-in renders with a printed "HH:MM" only, which version 1 left undated.
PRINTED_POST_TIMES = {
    "https://telex.hu/kulfold/2024/05/05/arviz-a-folyo-menten": [
        "2024-05-05T10:00:00+02:00",
        "2024-05-05T07:00:00+02:00",
    ]
}


def as_v2(line: str) -> str:
    """A published version 1 JSONL line as version 2 writes it (see the module docstring)."""
    record: dict[str, Any] = json.loads(line)
    assert record["schema_version"] == 1 and "credits" not in record
    people, credits = split_credits(record["authors"])
    upgraded: dict[str, Any] = {}
    for key, value in record.items():
        upgraded[key] = people if key == "authors" else value
        if key == "posts" and record["url"] in PRINTED_POST_TIMES:
            printed = PRINTED_POST_TIMES[record["url"]]
            assert [post["published"] for post in value] == [None] * len(printed)
            upgraded[key] = [
                {**post, "published": when} for post, when in zip(value, printed, strict=True)
            ]
        if key == "authors":
            upgraded["credits"] = credits
    upgraded["schema_version"] = SCHEMA_VERSION
    return dumps(upgraded)


def test_version_two_only_adds_credits():
    assert SCHEMA_VERSION == 2
    line = (
        '{"url": "https://hvg.hu/vilag/20240507_x", "authors": ["hvg.hu/MTI", "Kiss Anna"],'
        ' "tags": [], "schema_version": 1}'
    )
    assert json.loads(as_v2(line)) == {
        "url": "https://hvg.hu/vilag/20240507_x",
        "authors": ["Kiss Anna"],
        "credits": ["hvg.hu", "MTI"],
        "tags": [],
        "schema_version": 2,
    }


def test_every_portal_has_an_old_archive():
    assert {path.name for path in RUNS} >= {
        "index_abroad",
        "telex_abroad",
        "444_abroad",
        "24hu_abroad",
        "hvg_abroad",
        "origo_abroad",
    }
