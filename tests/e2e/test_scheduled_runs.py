"""Runs from cron: each article once across runs, crash safety, one run at a time, health."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crawler.run import runlock
from crawler.run.health import CUT_SHORT, LOCKED, NO_ARTICLE_LINKS, OUTPUT_FAILED, UNREACHABLE
from tests.e2e.runner import REPO, crawl, crawl_command, env, read_records
from tests.standin.ports import refused_url
from tests.standin.server import Hold, StandinServer
from tests.standin.site import StandinSite, add_generated, default_site, generate_articles


def fresh_article_site(count: int = 3, *, newest=None) -> StandinSite:
    """Articles published today: inside the update window."""
    site = StandinSite()
    today = (newest or datetime.now(UTC)).date()
    add_generated(site, generate_articles(count, seed=7, newest=today))
    return site


def wait_for(predicate, timeout: float = 30.0, what: str = "condition") -> None:
    """Wait on an observable condition (a file, a line), never a fixed sleep."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def slow_site(count: int, seed: int) -> StandinSite:
    """Old articles answering after 0.2 s each: a run that is still going when we act."""
    site = StandinSite()
    add_generated(site, generate_articles(count, seed=seed))
    set_delay(site, 0.2)
    return site


def hold_articles(server: StandinServer, site: StandinSite, *, after: int = 0) -> Hold:
    """Keeps the site's article requests after the first ``after`` unanswered until the
    test releases them: a run that is still going when the test acts, however loaded the
    machine."""
    paths = {item.path for item in site.items.values()}
    return server.hold(lambda target: target.partition("?")[0] in paths, after=after)


def set_delay(site: StandinSite, seconds: float) -> None:
    for item in site.items.values():
        site.routes[item.path].delay_seconds = seconds


def start_crawl(server: StandinServer, output_dir: Path, **settings) -> subprocess.Popen:
    return subprocess.Popen(
        crawl_command(server.base_url, output_dir, **settings),
        cwd=REPO,
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def article_targets(requests, site):
    paths = {item.path for item in site.items.values()}
    return [t for _m, t in requests if t.split("?")[0] in paths]


def test_only_new_articles_are_emitted(tmp_path):
    site = default_site()
    with StandinServer(site) as server:
        crawl(server.base_url, tmp_path)
        first_urls = {r["url"] for r in read_records(tmp_path)}
        add_generated(site, generate_articles(2, seed=99))
        second = crawl(server.base_url, tmp_path)
    assert second.returncode == 0
    newest = json.loads(second.files()[-1].read_text().splitlines()[0])
    second_urls = [json.loads(line)["url"] for line in second.files()[-1].read_text().splitlines()]
    assert len(second_urls) == 2 and not set(second_urls) & first_urls
    assert newest["revision"] == 1


def test_changed_article_inside_window_gets_revision_2(tmp_path):
    site = fresh_article_site(3)
    path = next(iter(site.items))
    with StandinServer(site) as server:
        crawl(server.base_url, tmp_path)
        unchanged = crawl(server.base_url, tmp_path)
        assert unchanged.report()["unchanged"] == 3  # re-checked, same content: not emitted
        assert len(unchanged.files()) == 1
        site.change_text(
            path, ["Frissítés: a tárgyalások hajnalban véget értek, a felek megállapodtak."]
        )
        third = crawl(server.base_url, tmp_path)
    assert third.returncode == 0
    lines = third.files()[-1].read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["url"] == site.url(path)
    assert record["revision"] == 2
    assert "Frissítés" in record["text"]
    urls = [r["url"] for r in read_records(tmp_path)]
    assert urls.count(site.url(path)) == 2 and len(urls) == 4


def records_pending(out: Path) -> bool:
    """The run's part file holds its first records."""
    parts = list(out.glob(".*.part")) if out.exists() else []
    return bool(parts) and parts[0].stat().st_size > 2000


def test_sigkill_mid_run_then_normal_run_gives_each_article_once(tmp_path):
    site = StandinSite()
    add_generated(site, generate_articles(30, seed=3))
    out = tmp_path / "index_abroad"
    with StandinServer(site) as server:
        held = hold_articles(server, site, after=10)  # ten, then the run waits
        proc = start_crawl(server, tmp_path, CONCURRENT_REQUESTS="2")
        try:
            wait_for(lambda: records_pending(out), what="the first records in the part file")
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=10)
        assert not list(out.glob("*.jsonl"))  # nothing half-visible
        held.release()
        after = crawl(server.base_url, tmp_path)
    assert after.returncode == 0, after.log[-2000:]
    urls = [r["url"] for r in read_records(tmp_path)]  # every line parses and validates
    assert sorted(urls) == sorted(e["url"] for e in site.expected_records())
    assert not list(out.glob(".*.part"))


def test_sigterm_publishes_what_was_complete(tmp_path):
    site = StandinSite()
    add_generated(site, generate_articles(30, seed=4))
    out = tmp_path / "index_abroad"
    log = tmp_path / "first.log"
    with StandinServer(site) as server, log.open("w") as sink:
        held = hold_articles(server, site, after=10)  # ten, then the run waits
        proc = subprocess.Popen(
            crawl_command(server.base_url, tmp_path, CONCURRENT_REQUESTS="2"),
            cwd=REPO,
            env=env(),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(lambda: records_pending(out), what="the first records in the part file")
            proc.send_signal(signal.SIGTERM)
            # The requests in flight are answered once the run is closing, not before.
            wait_for(lambda: "Received SIGTERM" in log.read_text(), what="the SIGTERM taken")
        finally:
            held.release()
            proc.wait(timeout=60)
        output = log.read_text()
        assert proc.returncode == CUT_SHORT, output[-2000:]
        [line] = [line for line in output.splitlines() if "Run summary:" in line]
        assert " ERROR: " in line and "status=7 (the run was cut short (shutdown))" in line
        assert json.loads((out / "last_run.json").read_text())["status"] == CUT_SHORT
        partial = read_records(tmp_path)
        assert 0 < len(partial) < 30
        rest = crawl(server.base_url, tmp_path)
    urls = [r["url"] for r in read_records(tmp_path)]
    assert rest.returncode == 0
    assert sorted(urls) == sorted(e["url"] for e in site.expected_records())


def test_overlapping_run_gives_way(tmp_path):
    site = StandinSite()
    add_generated(site, generate_articles(25, seed=5))
    lock = tmp_path / ".lock"
    with StandinServer(site) as server:
        held = hold_articles(server, site)  # the first run lasts until we let it go
        first = start_crawl(server, tmp_path)
        try:
            wait_for(
                lambda: lock.exists() and lock.read_text().strip() == str(first.pid),
                what="the first run's lock",
            )
            second = crawl(server.base_url, tmp_path, timeout=30)
            # It gave way at once: the first run is still waiting for its articles.
            assert first.poll() is None
            assert second.returncode == LOCKED
            assert "Another run is in progress" in second.log
            assert not list(tmp_path.rglob("*.jsonl"))
        finally:
            held.release()
            output, _ = first.communicate(timeout=120)
    assert first.returncode == 0, output[-2000:]
    assert len(read_records(tmp_path)) == 25


def test_a_deleted_lock_file_never_lets_a_second_run_touch_a_live_run_s_files(tmp_path):
    site = StandinSite()
    add_generated(site, generate_articles(30, seed=6))
    out = tmp_path / "index_abroad"
    log = (tmp_path / "first.log").open("w")

    def part_files() -> list[Path]:
        return sorted(out.rglob(".*.part")) if out.exists() else []

    def records_pending() -> bool:
        jsonl = [p for p in part_files() if p.name.endswith(".jsonl.part")]
        return bool(jsonl) and jsonl[0].stat().st_size > 2000

    with StandinServer(site) as server:
        # Ten articles, then the first run waits for the rest until we let it go.
        held = hold_articles(server, site, after=10)
        first = subprocess.Popen(
            crawl_command(server.base_url, tmp_path, CONCURRENT_REQUESTS="2"),
            cwd=REPO,
            env=env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(records_pending, what="the first run's records in its part file")
            in_flight = part_files()
            assert len(in_flight) == 2  # its JSONL and its archive
            (tmp_path / ".lock").unlink()  # a cleanup script, an operator
            second = crawl(server.base_url, tmp_path, timeout=60)
            assert first.poll() is None  # still crawling: its files are still in flight
            assert all(path.exists() for path in in_flight)
        finally:
            held.release()
        assert first.wait(timeout=120) == 0, (tmp_path / "first.log").read_text()[-3000:]
    assert second.returncode == LOCKED, second.log[-3000:]
    assert "Another run is in progress" in second.log
    urls = [r["url"] for r in read_records(tmp_path)]
    assert sorted(urls) == sorted(e["url"] for e in site.expected_records())  # each once


def test_other_output_dir_is_not_blocked(tmp_path):
    site = fresh_article_site(1)
    held = runlock.acquire(tmp_path / "a")  # as if a run were going on in "a"
    try:
        with StandinServer(site) as server:
            blocked = crawl(server.base_url, tmp_path / "a")
            free = crawl(server.base_url, tmp_path / "b")
    finally:
        os.close(held)
    assert blocked.returncode == LOCKED
    assert free.returncode == 0, free.log[-2000:]


def test_exit_status_unreachable_site(tmp_path):
    run = crawl(refused_url(), tmp_path, timeout=90)
    assert run.returncode == UNREACHABLE
    errors = [line for line in run.log.splitlines() if " ERROR: " in line]
    assert any("could not be reached" in line for line in errors), errors
    assert "Traceback" not in run.log
    assert not list(tmp_path.rglob("*.jsonl"))


def test_exit_status_no_article_links(tmp_path):
    site = StandinSite()  # a section page and a feed with nothing in them
    with StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path)
    assert run.returncode == NO_ARTICLE_LINKS
    assert run.report()["status"] == NO_ARTICLE_LINKS


def test_exit_status_unwritable_output(tmp_path):
    blocker = tmp_path / "not_a_dir"
    blocker.write_text("x")
    site = fresh_article_site(1)
    with StandinServer(site) as server:
        run = crawl(server.base_url, blocker / "out")
        assert run.returncode == OUTPUT_FAILED
        assert server.requests == []  # gave up before any request
    assert "not writable" in run.log


def test_backfill_walks_the_archive_and_respects_the_cap(tmp_path):
    site = StandinSite()
    site.archive_page_size = 10  # several archive pages for the range
    newest = datetime(2024, 3, 10, tzinfo=UTC).date()
    old = generate_articles(24 * 3, seed=11, newest=newest)  # 3 days, 24 a day
    for article in old:
        site.add_article(article, section_page=False, feed=False)
    add_generated(site, generate_articles(2, seed=12))
    since, until = newest - timedelta(days=1), newest
    with StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path, "-a", f"since={since}", "-a", f"until={until}")
        targets = [t for _m, t in server.requests]
        assert run.returncode == 0, run.log[-2000:]
        urls = sorted(r["url"] for r in run.records())
        assert urls == sorted(e["url"] for e in site.expected_records(backfill=(since, until)))
        assert f"/kulfold/{until:%Y/%m/%d}/" in targets
        assert f"/kulfold/{since:%Y/%m/%d}/" in targets
        assert f"/kulfold/{newest - timedelta(days=2):%Y/%m/%d}/" not in targets
        archive = [t for t in targets if t.startswith("/24ora")]
        assert archive and all(f"tol={since}" in t and f"ig={until}" in t for t in archive)

        capped_dir = tmp_path / "capped"
        capped = crawl(
            server.base_url,
            capped_dir,
            "-a",
            f"since={since}",
            "-a",
            f"until={until}",
            BACKFILL_MAX_PAGES="1",
        )
        assert capped.returncode == 0
        report = json.loads((capped_dir / "index_abroad" / "last_run.json").read_text())
        assert report["found"] < len(urls)

        again = crawl(server.base_url, tmp_path, "-a", f"since={since}", "-a", f"until={until}")
        assert again.report()["new"] == 0  # a backfill after a crawl emits only what is missing


def test_bad_backfill_dates_rejected_before_any_request(tmp_path):
    site = fresh_article_site(1)
    with StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path, "-a", "since=2024-02-30")
        assert server.requests == []
    assert run.returncode != 0
    assert "since='2024-02-30' is not a date" in run.log
    assert "Traceback" not in run.log


def test_state_file_under_output_dir_in_wal_mode(tmp_path):
    site = fresh_article_site(1)
    with StandinServer(site) as server:
        crawl(server.base_url, tmp_path)
    import sqlite3

    db = sqlite3.connect(Path(tmp_path) / "state.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT count(*) FROM published").fetchone()[0] == 1
