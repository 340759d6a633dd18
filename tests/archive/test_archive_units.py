"""The archive's parts, built the way Scrapy builds them: capture, file, lifecycle, reading."""

from __future__ import annotations

import asyncio
import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response
from warcio.archiveiterator import ArchiveIterator

from crawler.archive import (
    ARTICLE_HEADER,
    FETCHED_AT_META,
    LISTED_IN_HEADER,
    PAGE_HEADER,
    PAGE_ROLE_META,
    ROLE_HEADER,
    PageRole,
    warc_dir,
    warc_file_name,
)
from crawler.archive.capture import ArchiveMiddleware, WireMiddleware
from crawler.archive.extension import archive_of, prepare_archive, run_started
from crawler.archive.reader import index_archive
from crawler.archive.warcfile import Exchange, WarcFile
from crawler.run.incremental import ARTICLE_META
from crawler.run.state import STATE_FILE, StateStore
from crawler.run.state_extension import StateExtension
from pipelines.archive import ArchivePipeline
from tests.crawlers import project_crawler

MIRROR = "http://127.0.0.1:8123"
PAGE = "/kulfold/2024/05/06/x/"
CANONICAL = "https://index.hu" + PAGE
HTML = "<html><body><p>Árvíztűrő tükörfúrógép</p></body></html>".encode()


def open_archive(crawler):
    state = crawler.get_extension(StateExtension)
    asyncio.run(state.spider_opened(crawler.spider))
    archive = archive_of(crawler)
    archive.spider_opened(crawler.spider)
    return state, archive


def records(path: Path) -> list:
    """(WARC headers, HTTP headers, body) of every record."""
    out = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            body = record.raw_stream.read()
            out.append((record.rec_headers, record.http_headers, body))
    return out


def through_middlewares(crawler, request: Request, wire: Response) -> Response:
    """A response as the downloader hands it back: 605, compression (590), 585."""
    wire_mw = WireMiddleware.from_crawler(crawler)
    archive_mw = ArchiveMiddleware.from_crawler(crawler)
    compression = HttpCompressionMiddleware.from_crawler(crawler)
    response = wire_mw.process_response(request, wire)
    if not (300 <= response.status < 400):
        response = compression.process_response(request, response)
    return archive_mw.process_response(request, response)


def test_disabled_archive_builds_nothing(tmp_path):
    crawler = project_crawler(tmp_path, ARCHIVE_ENABLED=False)
    assert archive_of(crawler) is None
    for component in (ArchiveMiddleware, WireMiddleware, ArchivePipeline):
        with pytest.raises(NotConfigured):
            component.from_crawler(crawler)


def test_decoded_body_is_stored_with_headers_that_describe_it(tmp_path):
    crawler = project_crawler(tmp_path, INDEX_BASE_URL=MIRROR)
    state, archive = open_archive(crawler)
    role = PageRole.article_page(CANONICAL, 1)
    request = Request(MIRROR + PAGE, meta={ARTICLE_META: CANONICAL, PAGE_ROLE_META: role})
    request.headers["Referer"] = MIRROR + "/kulfold/"
    request.headers["Cookie"] = "secret=1"
    wire_body = gzip.compress(HTML)
    wire = Response(
        MIRROR + PAGE,
        status=200,
        headers={
            "Content-Type": "text/html; charset=UTF-8",
            "Content-Encoding": "gzip",
            "Content-Length": str(len(wire_body)),
            "Transfer-Encoding": "chunked",
        },
        body=wire_body,
        request=request,
    )
    seen = through_middlewares(crawler, request, wire)
    assert seen.body == HTML
    assert request.meta[FETCHED_AT_META].endswith("Z")
    archive.publish()
    state.spider_closed(crawler.spider)

    [path] = warc_dir(tmp_path, "index_abroad").glob("*.warc.gz")
    [(info, _, _), (warc, http, body), (req_warc, req_http, _)] = records(path)
    assert info.get_header("WARC-Type") == "warcinfo"
    assert warc.get_header("WARC-Target-URI") == CANONICAL  # the site's URL, not the mirror's
    assert body == HTML
    assert http.get_header("Content-Encoding") is None
    assert http.get_header("Transfer-Encoding") is None
    assert http.get_header("Content-Length") == str(len(HTML))
    assert http.get_header("X-Archive-Orig-Content-Encoding") == "gzip"
    assert http.get_header("X-Archive-Orig-Content-Length") == str(len(wire_body))
    assert warc.get_header(ROLE_HEADER) == "article-page"
    assert warc.get_header(ARTICLE_HEADER) == CANONICAL
    assert warc.get_header(PAGE_HEADER) == "1"
    assert warc.get_header(LISTED_IN_HEADER) == "section"
    assert req_warc.get_header("WARC-Concurrent-To") == warc.get_header("WARC-Record-ID")
    assert req_http.protocol == "GET" and req_http.statusline.startswith(PAGE)
    assert req_http.get_header("Host") == "index.hu"
    assert req_http.get_header("Referer") == "https://index.hu/kulfold/"
    assert req_http.get_header("Cookie") is None


def test_redirect_is_stored_as_received_with_canonical_location(tmp_path):
    crawler = project_crawler(tmp_path, INDEX_BASE_URL=MIRROR)
    state, archive = open_archive(crawler)
    request = Request(MIRROR + "/old/")
    wire = Response(
        MIRROR + "/old/",
        status=301,
        headers={"Location": MIRROR + PAGE, "Content-Length": "0"},
        request=request,
    )
    through_middlewares(crawler, request, wire)
    archive.publish()
    state.spider_closed(crawler.spider)
    [path] = warc_dir(tmp_path, "index_abroad").glob("*.warc.gz")
    [_, (warc, http, _), _] = records(path)
    assert http.get_statuscode() == "301"
    assert warc.get_header("WARC-Target-URI") == "https://index.hu/old/"
    assert http.get_header("Location") == CANONICAL


def test_nothing_archived_publishes_nothing(tmp_path):
    crawler = project_crawler(tmp_path)
    state, archive = open_archive(crawler)
    assert archive.publish() is None
    state.spider_closed(crawler.spider)
    assert not list(tmp_path.rglob("*.warc.gz*"))


def test_written_under_a_hidden_name_until_published(tmp_path):
    final = tmp_path / "warc" / "run.warc.gz"
    file = WarcFile(final, gzip_level=6, queue_size=2)
    file.open({"spider": "x"})
    for n in range(5):  # more than the queue holds: the writer keeps up
        file.add(exchange(f"https://index.hu/kulfold/2024/05/06/a{n}/"))
    assert not final.exists() and file.part.exists() and file.part.name.startswith(".")
    assert file.publish() == final
    assert not file.part.exists()
    assert len([r for r in records(final) if r[0].get_header("WARC-Type") == "response"]) == 5
    assert file.records == 5


def test_a_write_error_is_reported_and_leaves_nothing(tmp_path):
    file = WarcFile(tmp_path / "run.warc.gz", gzip_level=6, queue_size=2)
    file.open({})
    file._raw.close()  # the disk goes away under the writer
    file.add(exchange(CANONICAL))
    assert file.publish() is None
    assert file.error is not None
    assert not list(tmp_path.iterdir())


def test_opening_removes_killed_runs_parts_and_prunes_old_archives(tmp_path):
    directory = warc_dir(tmp_path, "index_abroad")
    directory.mkdir(parents=True)
    now = datetime.now(UTC)
    old = directory / warc_file_name(now - timedelta(days=40))
    young = directory / warc_file_name(now - timedelta(days=2))
    # Named by a clock a year behind, recorded an hour ago: the state's age counts.
    misnamed = directory / warc_file_name(now - timedelta(days=400))
    foreign = directory / "kept-by-hand.warc.gz"
    stale = directory / ".2026-01-01T00-00-00-000000Z.warc.gz.part"
    for path in (old, young, misnamed, foreign, stale):
        path.write_bytes(b"x")
    earlier = StateStore(tmp_path / STATE_FILE, "index_abroad")  # what earlier runs recorded
    earlier.found_archive(old.name, now=now - timedelta(days=40))
    earlier.found_archive(young.name, now=now - timedelta(hours=1))
    earlier.found_archive(misnamed.name, now=now - timedelta(hours=1))
    earlier.add_archived(old.name, [CANONICAL])
    earlier.add_archived(young.name, [CANONICAL])
    earlier.commit()
    earlier.close()
    crawler = project_crawler(tmp_path, ARCHIVE_RETENTION_DAYS=30)
    state, archive = open_archive(crawler)
    assert not old.exists() and not stale.exists()
    assert young.exists() and misnamed.exists() and foreign.exists()
    archive.publish()  # the deleted archive's rows go with the run's journal
    state.store.commit()
    assert state.store.archives_of(CANONICAL) == [young.name]
    assert crawler.stats.get_value("archive/pruned_files") == 1
    assert crawler.stats.get_value("archive/stale_parts") == 1
    state.spider_closed(crawler.spider)


def test_retention_zero_keeps_everything(tmp_path):
    directory = warc_dir(tmp_path, "index_abroad")
    directory.mkdir(parents=True)
    ancient = directory / warc_file_name(datetime(2001, 1, 1, tzinfo=UTC))
    ancient.write_bytes(b"x")
    crawler = project_crawler(tmp_path, ARCHIVE_RETENTION_DAYS=0)
    state, archive = open_archive(crawler)
    archive.publish()
    state.spider_closed(crawler.spider)
    assert ancient.exists()
    assert run_started(ancient) == datetime(2001, 1, 1, tzinfo=UTC)


def test_pipeline_links_published_records_to_the_archive(tmp_path):
    crawler = project_crawler(tmp_path)
    state, archive = open_archive(crawler)
    archive.add(exchange(CANONICAL))
    pipeline = ArchivePipeline.from_crawler(crawler)
    pipeline.process_item({"url": CANONICAL})
    prepare_archive(crawler)  # as the JSONL pipeline does before committing the journal
    state.store.commit()  # the JSONL pipeline writes the run's journal
    assert state.store.archives_of(CANONICAL) == [archive.published.name]
    assert crawler.stats.get_value("archive/articles") == 1
    state.spider_closed(crawler.spider)


def exchange(url: str) -> Exchange:
    return Exchange(
        url=url,
        date=datetime.now(UTC),
        status=200,
        response_headers=[("Content-Type", "text/html"), ("Content-Length", str(len(HTML)))],
        body=HTML,
        request_headers=[("User-Agent", "test")],
    )


def test_index_reads_entries_and_warcinfo(tmp_path):
    final = tmp_path / "warc" / "run.warc.gz"
    file = WarcFile(final, gzip_level=1, queue_size=4)
    file.open({"spider": "index_abroad", "section": "kulfold"})
    file.add(exchange(CANONICAL))
    file.publish()
    index = index_archive(final)
    assert index.error is None
    assert index.info["spider"] == "index_abroad"
    [entry] = index.entries
    assert (entry.url, entry.status) == (CANONICAL, 200)


def test_a_response_object_round_trips(tmp_path):
    """What the reader rebuilds is the response the spider read (class, text)."""
    from crawler.archive.reader import RecordReader

    final = tmp_path / "run.warc.gz"
    file = WarcFile(final, gzip_level=6, queue_size=4)
    file.open({})
    file.add(exchange(CANONICAL))
    file.publish()
    [entry] = index_archive(final).entries
    with RecordReader(final) as reader:
        stored = reader.read(entry)
    assert stored.body == HTML
    assert HtmlResponse(CANONICAL, body=stored.body, headers=dict(stored.headers)).text.count(
        "tükörfúrógép"
    )


def test_listing_only_runs_are_kept_unless_switched_off(tmp_path):
    listing = replace_fields(exchange("https://index.hu/kulfold/"), [])
    article = replace_fields(exchange(CANONICAL), [(ARTICLE_HEADER, CANONICAL)])
    for keep, exchanges, kept in [
        (True, [listing], True),
        (False, [listing], False),
        (False, [listing, article], True),
    ]:
        out = tmp_path / f"{keep}-{len(exchanges)}"
        crawler = project_crawler(out, ARCHIVE_LISTING_ONLY_RUNS=keep)
        state, archive = open_archive(crawler)
        for one in exchanges:
            archive.add(one)
        assert (archive.publish() is not None) is kept
        state.spider_closed(crawler.spider)
        assert bool(list(out.rglob("*.warc.gz*"))) is kept


def replace_fields(ex: Exchange, fields: list[tuple[str, str]]) -> Exchange:
    from dataclasses import replace

    return replace(ex, warc_fields=fields)


def test_settle_archives_keeps_what_was_published_and_deletes_the_rest(tmp_path):
    from crawler.archive.extension import settle_archives
    from crawler.run.files import part_path
    from crawler.run.state import ArchiveRun

    spider = tmp_path / "index_abroad"
    directory = warc_dir(tmp_path, "index_abroad")
    directory.mkdir(parents=True)
    when = datetime.now(UTC)

    def run(name: str, *, warc: bool, part: bool = False, jsonl: bool | None) -> ArchiveRun:
        archive = directory / f"{name}.warc.gz"
        if warc:
            archive.write_bytes(b"x")
        if part:
            part_path(archive).write_bytes(b"x")
        if jsonl:
            (spider / f"{name}.jsonl").write_text("{}\n")
        return ArchiveRun(
            name, archive.name, None if jsonl is None else f"{name}.jsonl", when, False
        )

    runs = [
        run("published", warc=True, jsonl=True),  # killed after its JSONL's rename
        run("orphan", warc=True, jsonl=False),  # killed between the two renames
        run("never_renamed", warc=False, part=True, jsonl=False),  # before its own rename
        run("no_records", warc=True, jsonl=None),
        run("lost", warc=False, jsonl=True),  # its rename failed, its records went out
    ]
    kept, deleted = settle_archives(runs, directory)
    assert kept == ["published.warc.gz", "no_records.warc.gz"]
    assert deleted == ["orphan.warc.gz", "never_renamed.warc.gz", "lost.warc.gz"]
    assert sorted(p.name for p in directory.iterdir()) == kept[::-1]
    assert settle_archives(runs, directory) == (kept, deleted)  # deterministic, idempotent


def test_an_interrupted_run_s_archive_is_settled_counted_and_logged_once(tmp_path, caplog):
    directory = warc_dir(tmp_path, "index_abroad")
    directory.mkdir(parents=True)
    earlier = StateStore(tmp_path / STATE_FILE, "index_abroad")
    now = datetime.now(UTC)
    for n, published in enumerate([True, False, False]):
        name = warc_file_name(now - timedelta(minutes=30 - n))
        (directory / name).write_bytes(b"x")
        if published:
            (directory.parent / name.replace(".warc.gz", ".jsonl")).write_text("{}\n")
        earlier.begin_run(name.removesuffix(".warc.gz"), now, timedelta(hours=24))
        earlier.run_archive(name, name.replace(".warc.gz", ".jsonl"))
        earlier.add_archived(name, [f"{CANONICAL}{n}/"])
        earlier.commit()  # each killed after its commit: unsettled
    earlier.close()
    crawler = project_crawler(tmp_path)
    with caplog.at_level("WARNING"):
        state, archive = open_archive(crawler)
    lines = [r.message for r in caplog.records if "interrupted run" in r.message]
    assert lines == [
        "Settled the archives of 3 interrupted run(s): 1 kept (their records were"
        " published), 2 deleted (their records never were: fetched again)"
    ]
    assert crawler.stats.get_value("archive/settled_kept") == 1
    assert crawler.stats.get_value("archive/settled_removed") == 2
    assert len(list(directory.glob("*.warc.gz"))) == 1
    archive.publish()
    state.store.commit()
    assert [run.settled for run in state.store.archive_runs()] == [True]  # the kept one
    assert state.store.archives_of(f"{CANONICAL}1/") == []
    assert len(state.store.archives_of(f"{CANONICAL}0/")) == 1
    state.spider_closed(crawler.spider)


def test_an_archive_the_state_never_recorded_is_found_and_kept_its_retention_from_now(tmp_path):
    directory = warc_dir(tmp_path, "index_abroad")
    directory.mkdir(parents=True)
    # Written by an older version (no runs row), named two months ago.
    unknown = directory / warc_file_name(datetime.now(UTC) - timedelta(days=60))
    unknown.write_bytes(b"x")
    crawler = project_crawler(tmp_path, ARCHIVE_RETENTION_DAYS=30)
    state, archive = open_archive(crawler)
    assert unknown.exists() and crawler.stats.get_value("archive/found_files") == 1
    archive.publish()
    state.store.commit()
    [run] = state.store.archive_runs()
    assert run.warc == unknown.name and run.settled
    assert datetime.now(UTC) - run.recorded < timedelta(minutes=5)
    state.spider_closed(crawler.spider)
