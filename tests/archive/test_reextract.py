"""Re-extraction of a recorded crawl: today's site module, damaged archives, translation."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

from crawler.archive.reader import index_archive
from crawler.archive.reassemble import Reextraction
from crawler.assembly.assemble import content_hash
from crawler.extract import project_settings
from crawler.sites.index_hu import IndexHu
from crawler.spiders.base import PortalSpider
from tests.archive.test_archive_crawl import reextract
from tests.translation.fake_google import FakeGoogle

SUFFIX = " [v2]"


def run_inline(paths: list[Path], **overrides):
    """Re-extract in this process (one worker), so a monkeypatched module is the one used."""
    settings = project_settings()
    for name, value in overrides.items():
        settings.set(name, value)
    job = Reextraction(settings, processes=1)
    results = [(index, problem, outcomes) for index, problem, outcomes in job.run(paths)]
    return job, results


def records_of(results) -> dict[str, dict]:
    return {o.record["url"]: o.record for _, _, outcomes in results for o in outcomes if o.record}


def test_a_changed_site_module_gives_the_new_extraction(recorded, monkeypatch):
    run, _, warc = recorded
    original = IndexHu.parse

    def parse_v2(self, doc, url, reading=None):
        page = original(self, doc, url, reading)
        return replace(page, title=page.title + SUFFIX) if page.title else page

    monkeypatch.setattr(IndexHu, "parse", parse_v2)
    _job, results = run_inline([warc])
    new = records_of(results)
    old = {r["url"]: r for r in run.records()}
    assert new.keys() == old.keys()
    for url, record in new.items():
        before = old[url]
        assert record["title"] == before["title"] + SUFFIX
        assert record["content_hash"] == content_hash(record) != before["content_hash"]
        assert record["crawled_at"] == before["crawled_at"]  # the archive's time
        same = {k for k in record if k not in {"title", "content_hash", "language_probability"}}
        assert {k: record[k] for k in same} == {k: before[k] for k in same}, url


def test_reextraction_calls_no_spider_method(recorded, monkeypatch):
    """The archive says what each page was, not which method read it: renaming the
    spider's callbacks cannot break the replay of an archive."""
    run, _, warc = recorded
    for name in ("parse_article", "parse_listing", "parse_feed"):
        monkeypatch.delattr(PortalSpider, name)
    _job, results = run_inline([warc])
    assert {url: r["content_hash"] for url, r in records_of(results).items()} == {
        r["url"]: r["content_hash"] for r in run.records()
    }


def test_pages_today_s_module_wants_but_the_crawl_never_fetched(recorded, monkeypatch):
    _, _, warc = recorded
    original = IndexHu.parse

    def parse_paged(self, doc, url, reading=None):
        page = original(self, doc, url, reading)
        if page.kind == "article" and page.next_page is None and not url.endswith("/9/"):
            # Page 9 of the same article (a later page must map to the article's URL).
            return replace(page, next_page=f"{self.article_url(url)}9/")
        return page

    monkeypatch.setattr(IndexHu, "parse", parse_paged)
    job, results = run_inline([warc])
    assert not [r for r in records_of(results).values() if r["kind"] == "article"]
    assert job.stats["articles/dropped/page_not_archived"] >= 10


def test_damaged_archives_are_named_and_the_rest_is_processed(recorded, tmp_path):
    run, _, warc = recorded
    published = {r["url"] for r in run.records()}
    data = warc.read_bytes()
    entries = index_archive(warc).entries
    article = next(e for e in entries if e.article in published and e.status == 200)
    victim = entries.index(article)
    inputs = tmp_path / "in"
    inputs.mkdir()
    intact = inputs / "2026-01-01T00-00-00-000000Z.warc.gz"
    shutil.copy(warc, intact)
    corrupt = inputs / "2026-01-02T00-00-00-000000Z.warc.gz"
    damaged = bytearray(data)
    for at in range(article.offset + 40, article.offset + 240):
        damaged[at] ^= 0x5A
    corrupt.write_bytes(bytes(damaged))
    truncated = inputs / "2026-01-03T00-00-00-000000Z.warc.gz"
    cut = entries[len(entries) // 2].offset + 300
    truncated.write_bytes(data[:cut])
    out = tmp_path / "out"

    done = reextract(str(inputs), "--output-dir", str(out), REEXTRACT_PROCESSES="2")

    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{corrupt}: the record at offset {article.offset} is unreadable" in done.stderr
    assert f"{truncated}: the record at offset " in done.stderr and "truncated" in done.stderr
    assert str(intact) not in done.stderr

    def urls(archive: Path) -> set[str]:
        lines = (out / archive.name.replace(".warc.gz", ".jsonl")).read_text().splitlines()
        return {json.loads(line)["url"] for line in lines}

    assert urls(intact) == published
    # Only the damaged article is missing: reading went on after it.
    assert urls(corrupt) == published - {article.article}
    # Before the cut: read and extracted; after it: nothing invented.
    assert 3 <= len(urls(truncated)) < len(published)
    assert urls(truncated) <= published
    assert victim > 0


def test_translation_runs_when_asked(recorded, tmp_path):
    _, _, warc = recorded
    with FakeGoogle() as google:
        _job, results = run_inline(
            [warc], TRANSLATE_TO="en", TRANSLATOR_URL=google.base_url, OUTPUT_DIR=str(tmp_path)
        )
        assert google.request_count > 0
    records = records_of(results).values()
    hungarian = [r for r in records if r["language"] == "hu"]
    assert hungarian
    for record in hungarian:
        assert record["translation"]["title"] == record["title"].upper()


def test_a_damaged_warcinfo_still_names_the_spider_by_the_layout(recorded, tmp_path):
    run, _, warc = recorded
    entries = index_archive(warc).entries
    damaged = bytearray(warc.read_bytes())
    for at in range(40, min(entries[0].offset, 400)):  # inside the warcinfo record
        damaged[at] ^= 0x5A
    copy = tmp_path / "index_abroad" / "warc" / warc.name
    copy.parent.mkdir(parents=True)
    copy.write_bytes(bytes(damaged))

    # tmp_path is laid out as an OUTPUT_DIR: tmp_path/out/*.jsonl would be read as published.
    out = tmp_path / "reextracted" / "out"
    done = reextract(str(copy), "--output-dir", str(out))

    assert done.returncode == 1  # the damage is reported...
    assert f"{copy}: the record at offset 0 is unreadable" in done.stderr
    lines = (out / run.files()[0].name).read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(run.records())  # ...and every article is still re-extracted
