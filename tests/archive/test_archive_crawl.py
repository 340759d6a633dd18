"""A real crawl of the stand-in, its archive, re-extraction and replay, end to end."""

from __future__ import annotations

import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator

from crawler.archive import warc_dir
from tests.archive.conftest import SPIDER
from tests.e2e.runner import REPO, SCRAPY, crawl, crawl_command, env
from tests.e2e.test_scheduled_runs import wait_for
from tests.standin.replay import ArchiveSite, ReplayServer
from tests.standin.server import StandinServer
from tests.standin.site import StandinSite, add_generated, generate_articles


def responses(path: Path) -> list[tuple]:
    """(WARC headers, HTTP headers, body) of each response record, in file order."""
    found = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                found.append((record.rec_headers, record.http_headers, record.raw_stream.read()))
    return found


def target(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def reextract(*args: str, **settings: str) -> subprocess.CompletedProcess:
    command = [*SCRAPY, "reextract", *args]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return subprocess.run(
        command, cwd=REPO, env=env(), capture_output=True, text=True, timeout=120, check=False
    )


def test_every_fetched_url_is_archived_once_per_fetch(recorded):
    _, requests, warc = recorded
    archived = [r[0].get_header("WARC-Target-URI") for r in responses(warc)]
    assert all(url.startswith("https://index.hu/") for url in archived)  # never the mirror
    assert Counter(target(url) for url in archived) == Counter(t for _, t in requests)


def test_archive_passes_warcio_check(recorded):
    _, _, warc = recorded
    check = subprocess.run(
        [sys.executable, "-c", "from warcio.cli import main; main()", "check", "-v", str(warc)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "digest pass" in check.stdout and "fail" not in check.stdout.lower()


def test_stored_headers_describe_the_stored_bodies(recorded):
    _, _, warc = recorded
    gzipped = 0
    for _, http, body in responses(warc):
        assert http.get_header("Transfer-Encoding") is None
        if http.get_statuscode().startswith("3"):
            continue  # stored as received
        assert http.get_header("Content-Encoding") is None
        assert http.get_header("Content-Length") == str(len(body))
        gzipped += http.get_header("X-Archive-Orig-Content-Encoding") == "gzip"
    assert gzipped > 10  # the stand-in gzips pages; they are stored decoded


def test_warcinfo_names_the_run(recorded):
    run, _, warc = recorded
    with warc.open("rb") as stream:
        info = next(iter(ArchiveIterator(stream)))
        fields = info.content_stream().read().decode()
    assert info.rec_type == "warcinfo"
    assert "spider: index_abroad" in fields and "section: kulfold" in fields
    assert "site: index.hu" in fields and "hu-news-crawler/" in fields
    settings = json.loads(
        next(line for line in fields.splitlines() if line.startswith("settings:"))[9:]
    )
    assert settings["ROBOTSTXT_OBEY"] is True and settings["INDEX_BASE_URL"].startswith(
        "http://127"
    )
    assert warc.name.removesuffix(".warc.gz") == run.files()[0].name.removesuffix(".jsonl")


def test_every_response_states_its_page_role_and_names_no_code(recorded):
    """Roles as the archive documents them (crawler.archive): never a method's name."""
    run, _, warc = recorded
    roles: Counter[str] = Counter()
    numbers: dict[str, list[int]] = {}
    article_pages: set[str] = set()
    for headers, _, _ in responses(warc):
        url = headers.get_header("WARC-Target-URI")
        role = headers.get_header("X-Crawler-Role")
        assert headers.get_header("X-Crawler-Callback") is None, url
        assert headers.get_header("X-Crawler-Cb-Kwargs") is None, url
        roles[role] += 1
        if url.endswith("/robots.txt"):
            assert role == "robots"
        elif role == "article-page":
            page = headers.get_header("X-Crawler-Page")
            listed = headers.get_header("X-Crawler-Listed-In")
            assert (listed in ("section", "site")) is (page == "1"), url
            numbers.setdefault(headers.get_header("X-Crawler-Article"), []).append(int(page))
            article_pages.add(url)
        else:
            assert role in ("feed", "listing"), url
    assert roles["feed"] and roles["listing"] and roles["robots"]
    # Each record's pages are article pages (a redirected one's under the link it came by).
    assert {record["url"] for record in run.records()} <= article_pages
    # Later pages are numbered in reading order (a retried page is answered twice).
    multi = [sorted(set(found)) for found in numbers.values() if max(found) > 1]
    assert multi and all(found == list(range(1, len(found) + 1)) for found in multi)


def test_state_knows_which_archive_holds_each_published_article(recorded):
    run, _, warc = recorded
    db = sqlite3.connect(run.output_dir / "state.sqlite3")
    rows = dict(db.execute("SELECT url, warc FROM archived WHERE spider = ?", (SPIDER,)))
    assert rows == {record["url"]: warc.name for record in run.records()}


def test_reextract_reproduces_the_crawl_exactly(recorded, tmp_path):
    run, _, warc = recorded
    done = reextract(str(warc.parent), "--output-dir", str(tmp_path), REEXTRACT_PROCESSES="2")
    assert done.returncode == 0, done.stderr[-3000:]
    [output] = tmp_path.glob("*.jsonl")
    assert output.name == run.files()[0].name
    published = run.files()[0].read_text(encoding="utf-8").splitlines()
    assert sorted(output.read_text(encoding="utf-8").splitlines()) == sorted(published)
    assert f"{len(published)} same as published, 0 changed" in done.stdout
    assert "articles/dropped/truncated: 1" in done.stdout  # the crawl's own drop reasons
    assert not list(tmp_path.glob(".*"))


def test_reextract_never_writes_over_a_published_file(recorded):
    run, _, warc = recorded
    before = run.files()[0].read_bytes()
    done = reextract(str(warc), "--output-dir", str(run.files()[0].parent))
    assert done.returncode == 1
    assert "published files" in done.stderr
    assert run.files()[0].read_bytes() == before


def test_reextract_output_is_never_read_as_published(recorded, tmp_path):
    """By default OUT/derived/reextracted/<spider>/: out of OUT/*/*.jsonl's reach; a
    --output-dir that glob would match (a directory right under OUT) is refused."""
    run, _, warc = recorded
    out = tmp_path / "output"
    shutil.copytree(run.output_dir, out)
    copy = out / warc.relative_to(run.output_dir)
    done = reextract(str(copy), OUTPUT_DIR=str(out))
    assert done.returncode == 0, done.stderr[-3000:]
    derived = out / "derived" / "reextracted" / SPIDER / run.files()[0].name
    assert len(derived.read_text(encoding="utf-8").splitlines()) == len(run.records())
    published = sorted(p.relative_to(out) for p in out.glob("*/*.jsonl"))
    assert published == [run.files()[0].relative_to(run.output_dir)]

    refused = reextract(str(copy), "--output-dir", str(out / "mine"), OUTPUT_DIR=str(out))
    assert refused.returncode == 1
    assert "is where published files go" in refused.stderr
    assert not (out / "mine").exists()


def test_replay_of_the_archive_gives_the_same_records(recorded, tmp_path):
    run, requests, warc = recorded
    site = ArchiveSite.load([warc.parent])
    with ReplayServer(site) as server:  # type: ignore[arg-type]
        replayed = crawl(server.base_url, tmp_path)
        replay_requests = [t for _, t in server.requests]
    assert replayed.returncode == 0, replayed.log[-3000:]

    def without_time(records):
        return sorted(
            (json.dumps({k: v for k, v in r.items() if k != "crawled_at"}, sort_keys=True))
            for r in records
        )

    assert without_time(replayed.records()) == without_time(run.records())
    # Every request found its archived answer (the 503 was retried then: once now).
    assert set(replay_requests) == {t for _, t in requests}


def test_a_killed_run_leaves_no_visible_archive_and_the_next_run_settles_it(tmp_path):
    site = StandinSite()
    add_generated(site, generate_articles(60, seed=5))
    for item in site.items.values():
        site.routes[item.path].delay_seconds = 0.2
    directory = warc_dir(tmp_path, SPIDER)
    with StandinServer(site) as server:
        proc = subprocess.Popen(
            crawl_command(server.base_url, tmp_path, CONCURRENT_REQUESTS="2"),
            cwd=REPO,
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(lambda: len(server.paths()) > 12, what="a few articles fetched")
            parts = list(directory.glob(".*.warc.gz.part"))
            assert parts and parts[0].stat().st_size > 0
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        assert not list(directory.glob("*.warc.gz"))  # nothing visible
        for item in site.items.values():
            site.routes[item.path].delay_seconds = 0
        second = crawl(server.base_url, tmp_path)
    assert second.returncode == 0, second.log[-2000:]
    assert not list(directory.glob(".*"))  # the killed run's part is gone
    [published] = directory.glob("*.warc.gz")
    urls = {h.get_header("WARC-Target-URI") for h, _, _ in responses(published)}
    assert {r["url"] for r in second.records()} <= urls


def test_the_scanner_reads_what_warcio_reads(recorded):
    from crawler.archive.reader import ArchiveIndex, RecordReader, index_archive, scan

    _, _, warc = recorded
    expected = []
    with warc.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            if record.rec_type == "response":
                body = record.raw_stream.read()
                expected.append(
                    (
                        iterator.get_record_offset(),
                        record.rec_headers.get_header("WARC-Target-URI"),
                        int(record.http_headers.get_statuscode()),
                        body,
                    )
                )
    index = index_archive(warc)
    assert index.error is None
    with RecordReader(warc) as reader:
        got = [(e.offset, e.url, e.status, reader.read(e).body) for e in index.entries]
    assert got == expected
    # Read in two spans (as two processes do), the same entries, each once.
    middle = warc.stat().st_size // 2
    halves = [ArchiveIndex(warc), ArchiveIndex(warc)]
    list(scan(halves[0], 0, middle))
    list(scan(halves[1], middle, None))
    assert halves[0].entries and halves[1].entries
    assert halves[0].entries + halves[1].entries == index.entries


def kill_around_publish(server, output_dir: Path, trigger: str, rng: random.Random) -> str:
    """A crawl SIGKILLed around its publication: when its log says it is closing, after a
    random spin ("closing"), as soon as its archive is visible ("archive": between the
    archive's rename and the JSONL's), or as soon as its JSONL is ("jsonl": before the
    state marks it published). Returns what was visible when the kill landed."""
    spider_dir = output_dir / SPIDER
    directory = warc_dir(output_dir, SPIDER)

    def visible(where: Path, pattern: str) -> set[str]:
        return {p.name for p in where.glob(pattern)} if where.exists() else set()

    warcs, jsonls = visible(directory, "*.warc.gz"), visible(spider_dir, "*.jsonl")
    proc = subprocess.Popen(
        crawl_command(server.base_url, output_dir, ARCHIVE_LISTING_ONLY_RUNS="False"),
        cwd=REPO,
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    closing = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "Closing spider" in line:
                closing.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert closing.wait(60), "the crawl never closed"
        if trigger == "closing":
            for _ in range(rng.randrange(20_000)):
                if proc.poll() is not None:
                    break
        else:
            where, pattern, before = (
                (directory, "*.warc.gz", warcs)
                if trigger == "archive"
                else (spider_dir, "*.jsonl", jsonls)
            )
            while proc.poll() is None and not visible(where, pattern) - before:
                pass
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        reader.join(timeout=30)
    new_warcs = visible(directory, "*.warc.gz") - warcs
    new_jsonls = visible(spider_dir, "*.jsonl") - jsonls
    if proc.returncode == 0:
        return "finished"
    return "between the renames" if new_warcs and not new_jsonls else "elsewhere"


def test_kills_around_publish_never_leave_an_archive_of_unpublished_records(tmp_path):
    rng = random.Random(14)
    site = StandinSite()
    add_generated(site, generate_articles(3, seed=60))
    triggers = ["archive", "closing", "archive", "jsonl", "archive", "closing", "archive"]
    landed = Counter()
    with StandinServer(site) as server:
        for n, trigger in enumerate(triggers):
            # Something new each time, so each run has records to publish.
            newest = date(2024, 3, 1) - timedelta(days=2 * n)
            add_generated(site, generate_articles(3, seed=61 + n, newest=newest))
            landed[kill_around_publish(server, tmp_path, trigger, rng)] += 1
        final = crawl(server.base_url, tmp_path, ARCHIVE_LISTING_ONLY_RUNS="False")
    assert final.returncode == 0, final.log[-3000:]
    assert landed["between the renames"] >= 1, landed  # the window was hit

    spider_dir = tmp_path / SPIDER
    directory = warc_dir(tmp_path, SPIDER)
    assert not list(spider_dir.rglob(".*.part"))
    # No visible archive without its published records ...
    warcs = {p.name.removesuffix(".warc.gz"): p for p in directory.glob("*.warc.gz")}
    jsonls = {p.name.removesuffix(".jsonl"): p for p in spider_dir.glob("*.jsonl")}
    assert set(warcs) == set(jsonls)
    # ... and every published article's pages in the visible archive of its run.
    for run, jsonl in jsonls.items():
        archived = {
            h.get_header("WARC-Target-URI")
            for h, http, _ in responses(warcs[run])
            if http.get_statuscode() == "200"
        }
        for line in jsonl.read_text(encoding="utf-8").splitlines():
            assert json.loads(line)["url"] in archived, (run, line[:120])
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    named = {row[0] for row in db.execute("SELECT DISTINCT warc FROM archived")}
    assert named == {p.name for p in warcs.values()}
    # Each article once.
    urls = [r["url"] for r in final.records()]
    assert sorted(urls) == sorted(e["url"] for e in site.expected_records())
