"""Issue 14: a full disk under ``OUTPUT_DIR`` at any moment of a run.

For every size of free space, a run either exits 0 with every article published (records,
archive, report), or exits non-zero; and the next run with space emits every article once
and leaves no hidden part file behind. Real ``scrapy crawl`` processes writing to a tmpfs
of that size (root only; skipped elsewhere).
"""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pytest

from crawler.run.health import OK
from tests.e2e.runner import crawl, read_records
from tests.standin.server import StandinServer
from tests.standin.site import StandinSite, add_generated, generate_articles

ARTICLES = 20  # about 0.7 MB of output: WARC 520 KB, JSONL 84 KB, state 48 KB
SIZES = ["96k", "128k", "192k", "256k", "384k", "512k", "640k", "768k", "1m", "2m", "4m"]


@pytest.fixture
def small_disk(tmp_path):
    """Mount a tmpfs of the size asked for; returns a function that mounts and remounts."""
    mount = tmp_path / "disk"
    mount.mkdir()
    mounted: list[Path] = []

    def sized(size: str) -> Path:
        options = f"size={size}" if not mounted else f"remount,size={size}"
        made = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)],
            capture_output=True,
            check=False,
        )
        if made.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
        mounted.append(mount)
        return mount

    yield sized
    if mounted:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def hidden_parts(output_dir: Path) -> list[Path]:
    return sorted(p for p in output_dir.rglob(".*") if p.name.endswith(".part"))


@pytest.mark.parametrize("size", SIZES)
def test_a_full_disk_is_never_a_healthy_run_with_records_missing(small_disk, size):
    site = StandinSite()
    add_generated(site, generate_articles(ARTICLES, seed=144))
    expected = sorted(e["url"] for e in site.expected_records())
    out = small_disk(size)
    with StandinServer(site) as server:
        full = crawl(server.base_url, out)
        if full.returncode == OK:
            assert sorted(r["url"] for r in read_records(out)) == expected, full.log[-3000:]
            assert len(list((out / "index_abroad" / "warc").glob("*.warc.gz"))) == 1
            assert full.report()["status"] == OK
        assert "Traceback" not in full.log, full.log[-5000:]
        small_disk("64m")
        after = crawl(server.base_url, out)
    assert after.returncode == OK, after.log[-3000:]
    counts = Counter(r["url"] for r in read_records(out))
    assert sorted(counts) == expected and set(counts.values()) == {1}, counts
    assert hidden_parts(out) == []
    # Every published record's pages are in a published archive.
    assert list((out / "index_abroad" / "warc").glob("*.warc.gz"))
