"""Real ``scrapy crawl`` runs keep ``OUTPUT_DIR/catalog.json``: each publish enters its file
(as counted while it was written), a run with nothing new rebuilds a missing catalog."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from tests.e2e.runner import crawl
from tests.standin.server import StandinServer
from tests.standin.site import StandinSite, add_generated, generate_articles


def catalog(output: Path) -> dict:
    return json.loads((output / "catalog.json").read_text(encoding="utf-8"))


def as_on_disk(output: Path, path: Path) -> dict:
    data = path.read_bytes()
    times = sorted(json.loads(line)["crawled_at"] for line in data.splitlines())
    return {
        "path": path.relative_to(output).as_posix(),
        "spider": path.parent.name,
        "name": path.name,
        "records": len(data.splitlines()),
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "first_crawled_at": times[0],
        "last_crawled_at": times[-1],
    }


def test_each_publish_enters_its_file_and_a_lost_catalog_is_rebuilt(tmp_path):
    site = StandinSite()
    out = tmp_path / "output"
    with StandinServer(site) as server:
        add_generated(site, generate_articles(6, seed=51, newest=date(2024, 3, 1)))
        first = crawl(server.base_url, out)
        assert first.returncode == 0, first.log[-3000:]
        [published] = first.files()
        assert catalog(out)["files"] == [as_on_disk(out, published)]

        add_generated(site, generate_articles(4, seed=52, newest=date(2024, 3, 5)))
        second = crawl(server.base_url, out)
        assert second.returncode == 0, second.log[-3000:]
        files = second.files()
        assert len(files) == 2
        listed = catalog(out)
        assert listed["glob"] == "*/*.jsonl"
        assert listed["files"] == [as_on_disk(out, path) for path in files]
        assert [f["records"] for f in listed["files"]] == [6, 4]

        (out / "catalog.json").unlink()
        nothing_new = crawl(server.base_url, out)
    assert nothing_new.returncode == 0, nothing_new.log[-3000:]
    assert len(nothing_new.files()) == 2
    assert catalog(out) == listed
    assert not list(out.glob(".catalog.json*"))


def test_a_published_file_that_changed_is_reported_and_keeps_its_entry(tmp_path):
    site = StandinSite()
    out = tmp_path / "output"
    with StandinServer(site) as server:
        add_generated(site, generate_articles(3, seed=53, newest=date(2024, 3, 1)))
        first = crawl(server.base_url, out)
        assert first.returncode == 0, first.log[-3000:]
        [published] = first.files()
        listed = catalog(out)
        published.write_bytes(published.read_bytes() + published.read_bytes()[:50] + b"\n")
        again = crawl(server.base_url, out)
    assert again.returncode == 0, again.log[-3000:]
    [warning] = [line for line in again.log.splitlines() if "changed after it was" in line]
    assert " WARNING: " in warning and str(published) in warning
    assert catalog(out) == listed  # the entry as published, not the file now
    assert again.report()["stats"]["output/changed_file"] == 1
