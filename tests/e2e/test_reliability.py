"""Issue 11: the ways a cron host loses data or calls a bad run healthy, each reproduced
against the stand-in with the real ``scrapy crawl`` process."""

from __future__ import annotations

import itertools
import shutil
import signal
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

import pytest

from crawler.archive import warc_dir
from crawler.run.health import EXTRACTION_FAILING, STATE_FAILED
from tests.archive.test_archive_crawl import reextract
from tests.e2e.runner import REPO, crawl, crawl_command, env, read_records
from tests.e2e.test_scheduled_runs import hold_articles, slow_site, wait_for
from tests.standin.pages import ORIGIN, FeedItem, article_page
from tests.standin.server import StandinServer
from tests.standin.site import (
    Route,
    StandinSite,
    add_generated,
    generate_articles,
    redirect,
)
from tests.statelock import write_lock_held

OLD_ADDRESS = "/kulfold/2024/04/30/regi_cim_amit_a_hirfolyam_meg_mutat/"
JUNE = date(2024, 6, 1)  # newer than generate_articles' default: other paths


def urls_of(run_or_dir) -> list[str]:
    output = run_or_dir.output_dir if hasattr(run_or_dir, "output_dir") else run_or_dir
    return [r["url"] for r in read_records(output)]


# --- 1. the redirect race ------------------------------------------------------------------


def test_a_slow_article_reached_through_a_redirect_and_directly_is_emitted_once(tmp_path):
    article, other = generate_articles(2, seed=31)
    site = StandinSite()
    site.add_article(article, feed=False)  # the section page links the article itself
    site.add_article(other)
    site.add_route(OLD_ADDRESS, redirect(article.url))  # the feed links its old address
    site.feed_items.append(
        FeedItem(title=article.title, link=ORIGIN + OLD_ADDRESS, published=article.published)
    )
    # The feed's redirect is followed before the section page is read, and the article is
    # still in flight when its direct link comes: the redirected response lands first.
    site.routes["/kulfold/"].delay_seconds = 1.0
    site.routes[article.path].delay_seconds = 2.0
    with StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path)
        fetched = server.count(article.path)
    assert run.returncode == 0, run.log[-3000:]
    assert sorted(urls_of(run)) == sorted([article.url, other.url])
    # One download per article per run: the direct link found the article already on its
    # way (through the redirect), so it was not asked again, and nothing was lost.
    assert fetched == 1
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    assert db.execute("SELECT alias, url FROM aliases").fetchall() == [
        (ORIGIN + OLD_ADDRESS, article.url)
    ]


def test_a_redirect_to_an_article_already_in_flight_is_not_followed_and_nothing_is_lost(
    tmp_path,
):
    article, other = generate_articles(2, seed=47)
    site = StandinSite()
    site.add_article(article, feed=False)  # the section page links the article itself
    site.add_article(other)
    site.add_route(OLD_ADDRESS, redirect(article.url))  # the feed links its old address
    site.feed_items.append(
        FeedItem(title=article.title, link=ORIGIN + OLD_ADDRESS, published=article.published)
    )
    # The other way round: the section page's direct link is in flight when the feed's
    # old address answers with its redirect.
    site.routes["/kulfold/rss/"].delay_seconds = 1.0
    site.routes[article.path].delay_seconds = 2.0
    with StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path)
        fetched = server.count(article.path)
        redirected = server.count(OLD_ADDRESS)
    assert run.returncode == 0, run.log[-3000:]
    assert sorted(urls_of(run)) == sorted([article.url, other.url])
    assert (fetched, redirected) == (1, 1)
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    assert db.execute("SELECT alias, url FROM aliases").fetchall() == [
        (ORIGIN + OLD_ADDRESS, article.url)
    ]
    assert run.report()["errors"] == {}  # a redirect not followed is no failed download
    # The archive holds the redirect as received; re-extraction counts it as the crawl did.
    [warc] = warc_dir(tmp_path, "index_abroad").glob("*.warc.gz")
    # By default beside the published files, out of the published glob's reach.
    done = reextract(str(warc), REEXTRACT_PROCESSES="1")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "2 records: 2 same as published" in done.stdout
    assert "articles/duplicate: 1" in done.stdout and "http_301" not in done.stdout
    reextracted = tmp_path / "derived" / "reextracted" / "index_abroad"
    assert [p.name for p in reextracted.iterdir()] == [warc.name.replace(".warc.gz", ".jsonl")]


def test_a_redirect_loop_is_counted_logged_and_remembered(tmp_path):
    site = StandinSite()
    add_generated(site, generate_articles(6, seed=32))
    loop_a, loop_b = "/kulfold/2024/04/29/korbe_a/", "/kulfold/2024/04/29/korbe_b/"
    site.add_route(loop_a, redirect(ORIGIN + loop_b))
    site.add_route(loop_b, redirect(ORIGIN + loop_a))
    site.add_link(ORIGIN + loop_a, "Körbe-körbe")
    with StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path)
        assert run.returncode == 0, run.log[-3000:]
        assert len(run.records()) == 6
        assert run.report()["errors"] == {"too_many_redirects": 1}  # this run's report
        second = crawl(server.base_url, tmp_path)
    warnings = [line for line in run.log.splitlines() if "too_many_redirects" in line]
    assert any(" WARNING: " in line and "korbe" in line for line in warnings), warnings
    assert second.report()["remembered_failures"] == {"too_many_redirects": 1}


# --- 2. and 7. a damaged or lost state is never silently recreated -------------------------


@pytest.fixture(scope="module")
def published_output(tmp_path_factory):
    """A site of 80 articles and the output of one crawl of it (state ~40 KB)."""
    site = StandinSite()
    add_generated(site, generate_articles(80, seed=33))
    output = tmp_path_factory.mktemp("published")
    with StandinServer(site) as server:
        run = crawl(server.base_url, output)
    assert run.returncode == 0, run.log[-3000:]
    assert (output / "state.sqlite3").stat().st_size > 30_000
    return site, output


def copy_of(published_output, tmp_path) -> tuple[StandinSite, Path]:
    site, output = published_output
    shutil.copytree(output, tmp_path / "out")
    return site, tmp_path / "out"


@pytest.mark.parametrize("damage", ["garbage", "truncated_4k", "truncated_20k"])
def test_a_damaged_state_stops_the_run_before_any_request(published_output, tmp_path, damage):
    site, output = copy_of(published_output, tmp_path)
    state = output / "state.sqlite3"
    data = state.read_bytes()
    damaged = {
        "garbage": b"\x13\x37 not a database " * 2000,
        "truncated_4k": data[:4096],
        "truncated_20k": data[:20480],
    }[damage]
    state.write_bytes(damaged)
    with StandinServer(site) as server:
        run = crawl(server.base_url, output)
        assert server.requests == []  # refused before the first request
    assert run.returncode == STATE_FAILED, run.log[-3000:]
    assert "Traceback" not in run.log
    errors = [line for line in run.log.splitlines() if " ERROR: " in line]
    assert len(errors) == 2, errors  # the reason, and the summary
    assert "state.sqlite3 is unusable (corrupt:" in errors[0]
    assert "move it aside; the next run rebuilds it from the published files" in errors[0]
    assert "status=6 (the state store failed (corrupt=1))" in errors[1]
    assert state.read_bytes() == damaged  # never recreated
    assert run.report()["status"] == STATE_FAILED and run.report()["records_written"] == 0
    assert len(run.files()) == 1  # only the first crawl's file

    state.rename(output / "state.sqlite3.damaged")  # what the line asks the operator to do
    with StandinServer(site) as server:
        rebuilt = crawl(server.base_url, output)
    assert rebuilt.returncode == 0, rebuilt.log[-3000:]
    assert rebuilt.report()["new"] == 0 and rebuilt.report()["skipped_seen"] == 80
    assert len(urls_of(output)) == 80  # nothing emitted twice


def test_a_lost_state_is_rebuilt_from_the_published_files(published_output, tmp_path):
    site, output = copy_of(published_output, tmp_path)
    (output / "state.sqlite3").unlink()
    with StandinServer(site) as server:
        run = crawl(server.base_url, output)
    assert run.returncode == 0, run.log[-3000:]
    warnings = [line for line in run.log.splitlines() if "rebuilt from" in line]
    assert len(warnings) == 1 and " WARNING: " in warnings[0]
    assert "rebuilt from 1 published file(s) (80 articles)" in warnings[0]
    assert run.report()["new"] == 0 and len(urls_of(output)) == 80


# --- 3. a locked state never costs a duplicate, and never stalls the crawl ----------------


def test_a_state_locked_mid_run_publishes_nothing_then_everything_once(tmp_path):
    site = StandinSite()
    add_generated(site, generate_articles(30, seed=34))
    out = tmp_path / "index_abroad"

    def records_pending() -> bool:
        parts = list(out.glob(".*.part")) if out.exists() else []
        return bool(parts) and parts[0].stat().st_size > 2000

    with StandinServer(site) as server:
        held = hold_articles(server, site, after=10)  # the other 20 wait for the lock
        proc = subprocess.Popen(
            crawl_command(
                server.base_url, tmp_path, CONCURRENT_REQUESTS="2", STATE_BUSY_TIMEOUT="1"
            ),
            cwd=REPO,
            env=env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            wait_for(records_pending, what="the first records in the part file")
            with write_lock_held(tmp_path / "state.sqlite3"):  # another process, BEGIN IMMEDIATE
                served_before = len(server.requests)
                held.release()
                # The run ends while the lock is still held: it waits once, at publishing.
                output, _ = proc.communicate(timeout=60)
                served_while_held = len(server.requests) - served_before
        finally:
            held.release()
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == STATE_FAILED, output[-3000:]
        assert served_while_held >= 10  # the crawl went on while the lock was held
        assert not list(tmp_path.rglob("*.jsonl")) and not list(out.glob(".*.part"))
        assert "Traceback" not in output
        [reason] = [line for line in output.splitlines() if "is unusable (locked" in line]
        assert "held the write lock for more than 1 s" in reason
        after = crawl(server.base_url, tmp_path)
    assert after.returncode == 0, after.log[-3000:]
    urls = urls_of(tmp_path)
    assert sorted(urls) == sorted(e["url"] for e in site.expected_records())  # each once


def test_a_lock_released_within_the_busy_timeout_is_waited_for(tmp_path):
    site = StandinSite()
    add_generated(site, generate_articles(5, seed=35))
    with StandinServer(site) as server:
        crawl(server.base_url, tmp_path)  # creates the state
        add_generated(site, generate_articles(3, seed=36, newest=JUNE))
        with write_lock_held(tmp_path / "state.sqlite3") as holder:
            proc = subprocess.Popen(
                crawl_command(server.base_url, tmp_path, STATE_BUSY_TIMEOUT="60"),
                cwd=REPO,
                env=env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            assert proc.stdout is not None
            seen = []
            for line in proc.stdout:  # until the run closes: it now waits to publish
                seen.append(line)
                if "Closing spider (finished)" in line:
                    break
            assert proc.poll() is None
            holder.stdin.close()  # the other process commits and lets go
            output, _ = proc.communicate(timeout=60)
            output = "".join(seen) + output
    assert proc.returncode == 0, output[-3000:]
    assert len(urls_of(tmp_path)) == 8


# --- 2. a full disk under the state --------------------------------------------------------


@pytest.fixture
def tiny_filesystem(tmp_path):
    """A 256 KB tmpfs (root only; skipped elsewhere)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_under_the_state_publishes_nothing_and_says_so(tmp_path, tiny_filesystem):
    site = StandinSite()
    add_generated(site, generate_articles(4, seed=37))
    out = tmp_path / "out"
    with StandinServer(site) as server:
        assert crawl(server.base_url, out).returncode == 0
        state = out / "state.sqlite3"
        shutil.move(state, tiny_filesystem / "state.sqlite3")
        state.symlink_to(tiny_filesystem / "state.sqlite3")  # SQLite keeps its log beside it
        filler = tiny_filesystem / "filler"
        # Room for SQLite's 32 KB shared-memory index and one page of log, not the run's
        # commit; the JSONL file is on the other disk, which has room.
        free = shutil.disk_usage(tiny_filesystem).free
        filler.write_bytes(b"\0" * (free - 32768 - 4096))
        new = generate_articles(40, seed=38, newest=JUNE)
        add_generated(site, new)
        full = crawl(server.base_url, out)
        assert full.returncode == STATE_FAILED, full.log[-3000:]
        assert all(server.count(a.path) == 1 for a in new)  # crawled; failed at publishing
        assert "Not publishing 40 records: the state could not record them" in full.log
        assert "is unusable (full:" in full.log and "Traceback" not in full.log
        assert full.report()["records_written"] == 0 and full.report()["output_file"] is None
        assert len(full.files()) == 1 and not list((out / "index_abroad").glob(".*.part"))
        filler.unlink()
        after = crawl(server.base_url, out)
    assert after.returncode == 0, after.log[-3000:]
    assert after.report()["new"] == 40
    assert len(urls_of(out)) == 44 == len(set(urls_of(out)))


def test_an_unwritable_state_is_refused_before_any_request(tmp_path, tiny_filesystem):
    site = StandinSite()
    add_generated(site, generate_articles(4, seed=46))
    out = tmp_path / "out"
    with StandinServer(site) as server:
        assert crawl(server.base_url, out).returncode == 0
        state = out / "state.sqlite3"
        shutil.move(state, tiny_filesystem / "state.sqlite3")
        state.symlink_to(tiny_filesystem / "state.sqlite3")
        subprocess.run(["mount", "-o", "remount,ro", str(tiny_filesystem)], check=True)
        server.clear_log()
        run = crawl(server.base_url, out)
        assert server.requests == []
    assert run.returncode == STATE_FAILED, run.log[-3000:]
    assert "is unusable (unwritable:" in run.log and "Traceback" not in run.log


# --- 4. alarms that stay on -----------------------------------------------------------------


def test_a_redesign_that_breaks_every_article_stays_loud_on_every_run(tmp_path):
    site = StandinSite()
    add_generated(site, generate_articles(6, seed=39))
    for path in site.items:  # the redesign: pages without any title or text we know
        site.routes[path] = Route(body=b"<html><head></head><body><div></div></body></html>")
    with StandinServer(site) as server:
        runs = [crawl(server.base_url, tmp_path) for _ in range(3)]
    assert [run.returncode for run in runs] == [EXTRACTION_FAILING] * 3
    for later in runs[1:]:
        report = later.report()
        assert report["skipped_failed"] == 6 and report["remembered_failures"] == {"no_title": 6}
        [line] = [line for line in later.log.splitlines() if "Run summary:" in line]
        assert " ERROR: " in line and "skipped_failed=6" in line
        assert "extraction failed for 6 of 6 articles" in line


# --- 6. Retry-After, charsets, a listing of thousands -------------------------------------


def test_retry_after_is_honoured(tmp_path):
    site = StandinSite()
    [article] = generate_articles(1, seed=40)
    add_generated(site, [article])
    route = site.routes[article.path]
    route.statuses = [429, 429, 200]
    route.headers = {"Retry-After": "1"}
    with StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path)
        times = server.times_of(article.path)
    assert run.returncode == 0, run.log[-3000:]
    assert len(times) == 3 and urls_of(run) == [article.url]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert all(gap >= 0.95 for gap in gaps), gaps


def test_a_long_retry_after_is_bounded(tmp_path):
    site = StandinSite()
    [article] = generate_articles(1, seed=41)
    add_generated(site, [article])
    route = site.routes[article.path]
    route.statuses = [503, 200]
    route.headers = {"Retry-After": "3600"}
    with StandinServer(site) as server:
        # An hour's pause would outlast the process's timeout: finishing is the bound.
        run = crawl(server.base_url, tmp_path, RETRY_AFTER_MAX_SECONDS="1", timeout=60)
        times = server.times_of(article.path)
    assert run.returncode == 0, run.log[-3000:]
    assert len(times) == 2 and times[1] - times[0] >= 0.95
    assert "asked to wait 3600 s (Retry-After): pausing its requests for 1 s" in run.log


def test_mislabelled_charsets_and_nul_bytes_give_clean_records(tmp_path):
    site = StandinSite()
    latin2, utf8, nul, broken = generate_articles(4, seed=42)
    add_generated(site, [latin2, utf8, nul, broken])

    def page(article):
        return article_page(article, related=[])

    site.routes[latin2.path] = Route(  # ISO-8859-2 bytes, labelled UTF-8 (header and meta)
        body=page(latin2).encode("iso-8859-2", errors="xmlcharrefreplace")
    )
    site.routes[utf8.path] = Route(  # UTF-8 bytes, labelled ISO-8859-2
        body=page(utf8).replace("charset=utf-8", "charset=iso-8859-2").encode(),
        content_type="text/html; charset=ISO-8859-2",
    )
    site.routes[nul.path] = Route(body=page(nul).replace("</p>", "\0</p>").encode())
    site.routes[broken.path] = Route(  # bytes no charset can read: some letters are lost
        body=page(broken)
        .encode("iso-8859-2", errors="xmlcharrefreplace")
        .replace(b"\xe1", b"\x81", 1)
    )
    with StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path)
    assert run.returncode == 0, run.log[-3000:]
    records = {r["url"]: r for r in run.records()}
    for article in (latin2, utf8, nul):
        expected = site.expected_record(article.path)
        record = records[article.url]
        assert record["title"] == expected["title"], article.url
        assert record["text"] == "\n\n".join(expected["text_paragraphs"]), article.url
    assert "\ufffd" in records[broken.url]["text"] + records[broken.url]["title"]
    report = run.report()
    assert report["replacement_chars"] == 1
    assert report["decoding"] == {
        "charset_corrected": 2,
        "nul_stripped": 1,
        "replacement_chars": 1,
    }


def test_a_run_takes_at_most_its_budget_of_new_articles(tmp_path):
    site = StandinSite()
    add_generated(site, generate_articles(30, seed=43))
    with StandinServer(site) as server:
        first = crawl(server.base_url, tmp_path, RUN_MAX_NEW_ARTICLES="10")
        assert first.returncode == 0, first.log[-3000:]
        assert len(first.records()) == 10 and first.report()["deferred"] == 20
        second = crawl(server.base_url, tmp_path, RUN_MAX_NEW_ARTICLES="10")
    lines = [line for line in first.log.splitlines() if "RUN_MAX_NEW_ARTICLES" in line]
    assert len(lines) == 1 and " WARNING: " in lines[0]
    assert second.report()["new"] == 10 and second.report()["deferred"] == 10
    assert len(set(urls_of(tmp_path))) == 20


def test_sigterm_before_the_crawl_starts_is_a_cut_short_run_with_a_summary(tmp_path):
    site = slow_site(5, seed=44)
    lock = tmp_path / ".lock"
    with StandinServer(site) as server:
        proc = subprocess.Popen(
            crawl_command(server.base_url, tmp_path),
            cwd=REPO,
            env=env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        # The lock is taken just before the crawl starts: the earliest a cron kill lands.
        wait_for(lambda: lock.exists() and lock.read_text().strip() == str(proc.pid), 30, "lock")
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 7, output[-3000:]
    [line] = [line for line in output.splitlines() if "Run summary:" in line]
    assert "status=7 (the run was cut short" in line
    assert "Traceback" not in output
