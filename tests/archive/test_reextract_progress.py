"""A long ``scrapy reextract`` says how far it has come: the real command over copies of a
recorded crawl's archive, with ``PROGRESS_AFTER=0`` and a ``PROGRESS_INTERVAL`` far
shorter than the job (re-extracting one archive takes longer than the interval: each of
its articles is parsed again), its stderr a pipe as in cron: lines, no bar."""

from __future__ import annotations

import re
import shutil

from tests.archive.test_archive_crawl import reextract

COPIES = 4
LINE = re.compile(
    r" INFO: Progress: reextract archives=(?P<done>\d+)/(?P<archives>\d+) read=(?P<read>\d+)%"
    r" articles=(?P<articles>\d+)(?:/(?P<total>\d+))? records=(?P<records>\d+)"
    r" rate=[\d.]+/s(?: eta=\S+)? elapsed=\S+$",
    re.MULTILINE,
)


def test_a_reextraction_logs_progress_lines_while_it_runs(recorded, tmp_path):
    run, _, warc = recorded
    inputs = tmp_path / "in"
    inputs.mkdir()
    for day in range(1, COPIES + 1):
        shutil.copy(warc, inputs / f"2026-01-0{day}T00-00-00-000000Z.warc.gz")

    done = reextract(
        str(inputs),
        "--output-dir",
        str(tmp_path / "out"),
        REEXTRACT_PROCESSES="1",
        PROGRESS_AFTER="0",
        PROGRESS_INTERVAL="0.01",
    )

    assert done.returncode == 0, done.stderr[-3000:]
    lines = [line for line in done.stderr.splitlines() if "Progress:" in line]
    assert lines, done.stderr[-3000:]
    progress = [LINE.search(line) for line in lines]
    assert all(progress), lines
    # Seen while the job ran: an archive still to go, and articles already done.
    during = [m for m in progress if int(m["done"]) < COPIES and int(m["articles"]) > 0]
    assert during, lines
    assert all(int(m["archives"]) == COPIES for m in during)
    per_archive = len(run.records())
    assert all(int(m["records"]) <= COPIES * per_archive for m in during)
    assert "\r" not in done.stderr and "%|" not in done.stderr  # a pipe: no bar
    assert len(list((tmp_path / "out").glob("*.jsonl"))) == COPIES
