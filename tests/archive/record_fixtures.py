"""Record one run of every portal's stand-in as archive test data (WARC + its records).

    python -m tests.archive.record_fixtures tests/fixtures/archives/2026-12-06

Each ``<spider>/`` gets the run's JSONL and ``warc/<run>.warc.gz``, laid out as in
``OUTPUT_DIR``, so ``scrapy reextract`` compares with what the run published. The
archives are kept as the code of that day wrote them, so ``scrapy reextract`` of a
year-old archive is tested against today's code (:mod:`tests.archive.test_old_archives`).
Run it again only to add a new generation beside the old ones, never to replace one
(``2026-12-06``: the legacy callback form of page roles; ``2026-12-06-v2``: page roles).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from crawler.archive import warc_dir
from tests.archive.test_archive_portals import PORTALS
from tests.e2e.runner import crawl
from tests.standin.server import StandinServer


def record(target: Path) -> None:
    for spider, (host, _origin, make) in PORTALS.items():
        with tempfile.TemporaryDirectory() as scratch, StandinServer(make()) as server:
            out = Path(scratch) / "out"
            run = crawl({host: server.base_url}, out, spider=spider)
            if run.returncode != 0:
                raise SystemExit(f"{spider}: exit {run.returncode}\n{run.log[-3000:]}")
            [warc] = warc_dir(out, spider).glob("*.warc.gz")
            [jsonl] = run.files()
            directory = target / spider
            (directory / "warc").mkdir(parents=True, exist_ok=False)
            shutil.copy2(warc, directory / "warc" / warc.name)
            shutil.copy2(jsonl, directory / jsonl.name)
            print(f"{spider}: {warc.stat().st_size} bytes, {len(run.records())} records")


if __name__ == "__main__":
    record(Path(sys.argv[1]))
