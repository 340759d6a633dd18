"""Issue 14, section 4: every page a record was built from is in its run's archive, for
each of the six portals, and re-extracting that archive gives the same records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from crawler.archive import warc_dir
from crawler.archive.reader import index_archive
from crawler.sites import site_for_url
from tests.archive.test_archive_crawl import reextract
from tests.e2e.runner import crawl
from tests.standin import hvg, origo, p24, p444, pages, telex
from tests.standin.server import StandinServer
from tests.standin.site import default_site

# spider: (the host BASE_URLS names, the site's own origin, the stand-in)
PORTALS: dict[str, tuple[str, str, Callable[[], Any]]] = {
    "index_abroad": ("index.hu", pages.ORIGIN, default_site),
    "telex_abroad": ("telex.hu", telex.ORIGIN, telex.telex_site),
    "444_abroad": ("444.hu", p444.ORIGIN, p444.P444Standin),
    "24hu_abroad": ("24.hu", p24.ORIGIN, p24.P24Standin),
    "hvg_abroad": ("hvg.hu", hvg.ORIGIN, hvg.HvgStandin),
    # Configured as the bare host: the archive must still name origo's www. pages.
    "origo_abroad": ("origo.hu", origo.ORIGIN, origo.OrigoStandin),
}


def pages_of(records: list[dict], targets: list[str], origin: str) -> dict[str, set[str]]:
    """Per record, the site URLs of the pages the crawl fetched for it (its later pages
    and live-blog pages map to the record's URL)."""
    site = site_for_url(origin)
    assert site is not None
    found: dict[str, set[str]] = {record["url"]: set() for record in records}
    for target in targets:
        url = origin + target
        article = site.article_url(url)
        if article in found:
            found[article].add(url)
    return found


@pytest.mark.parametrize("spider", list(PORTALS))
def test_every_page_of_every_record_is_archived_and_reextracts_the_same(spider, tmp_path):
    host, origin, make = PORTALS[spider]
    with StandinServer(make()) as server:
        run = crawl({host: server.base_url}, tmp_path / "out", spider=spider)
        targets = server.paths()
    assert run.returncode == 0, run.log[-3000:]
    records = run.records()
    built_from = pages_of(records, targets, origin)
    assert any(len(urls) > 1 for urls in built_from.values()), "no multi-page record"
    assert any(r["kind"] == "liveblog" for r in records), "no live blog"

    [warc] = warc_dir(run.output_dir, spider).glob("*.warc.gz")
    archived = {e.url for e in index_archive(warc).entries if 200 <= e.status < 300}
    for url, urls in built_from.items():
        assert urls, url
        assert urls <= archived, (url, sorted(urls - archived))

    done = reextract(str(warc), "--output-dir", str(tmp_path / "re"), REEXTRACT_PROCESSES="1")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "page_not_archived" not in done.stdout + done.stderr
    [output] = (tmp_path / "re").glob("*.jsonl")
    published = run.files()[0].read_text(encoding="utf-8").splitlines()
    assert sorted(output.read_text(encoding="utf-8").splitlines()) == sorted(published)
    assert f"{len(published)} same as published, 0 changed" in done.stdout
