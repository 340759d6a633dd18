"""``scrapy crawlall``: several portals in one process, as cron runs it.

Portals: ``index_abroad`` against the index.hu stand-in, plus the test-only spiders of
:mod:`tests.e2e.extra_spiders` (index.hu's CMS under velvet.hu, divany.hu, totalcar.hu),
each with a stand-in server of its own, so one can be down or slow while the others run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from crawler.commands.crawlall import REPORT_FILE
from crawler.run import runlock
from crawler.run.health import LOCKED, OK, UNREACHABLE
from tests.e2e.runner import FAST, REPO, SCRAPY, env, read_records, with_clock
from tests.e2e.test_scheduled_runs import wait_for
from tests.standin.ports import refused_url
from tests.standin.server import StandinServer
from tests.standin.site import StandinSite, add_generated, default_site, generate_articles

EXTRA = "tests.e2e.extra_spiders"
WITH_INDEX = f"crawler.spiders,{EXTRA}"
HOSTS = {
    "index_abroad": "index.hu",
    "velvet_standin": "velvet.hu",
    "divany_standin": "divany.hu",
    "totalcar_standin": "totalcar.hu",
}


def sister_site(count: int, seed: int) -> StandinSite:
    """A section whose page links its articles relatively: right for any host. The feed
    (absolute index.hu links) stays empty and the sister spiders do not read it."""
    site = StandinSite()
    for article in generate_articles(count, seed=seed):
        site.add_article(article, href=article.path, feed=False)
    return site


def closed_port() -> str:
    return refused_url()


@dataclass
class AllRun:
    returncode: int
    log: str
    output_dir: Path

    def report(self) -> dict[str, Any]:
        return json.loads((self.output_dir / REPORT_FILE).read_text(encoding="utf-8"))

    def spider(self, name: str) -> dict[str, Any]:
        return next(s for s in self.report()["spiders"] if s["spider"] == name)

    def lines(self, text: str) -> list[str]:
        return [line for line in self.log.splitlines() if text in line]


def crawlall_command(
    origins: dict[str, str], output_dir: Path, *args: str, modules: str = WITH_INDEX, **settings
) -> list[str]:
    merged = {
        **FAST,
        "BASE_URLS": json.dumps(origins),
        "OUTPUT_DIR": str(output_dir),
        "SPIDER_MODULES": modules,
        **settings,
    }
    command = [*SCRAPY, "crawlall"]
    for name, value in merged.items():
        command += ["-s", f"{name}={value}"]
    return command + list(args)


def crawlall(
    origins: dict[str, str],
    output_dir: Path,
    *args: str,
    timeout: float = 120,
    clock: str | None = None,
    **kwargs,
) -> AllRun:
    proc = subprocess.run(
        with_clock(crawlall_command(origins, output_dir, *args, **kwargs), clock),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env(),
        check=False,
    )
    return AllRun(proc.returncode, proc.stdout + proc.stderr, output_dir)


def articles_of(site: StandinSite) -> set[str]:
    return {item.path for item in site.items.values()}


def paths_of(records: list[dict[str, Any]]) -> list[str]:
    return sorted(urlsplit(r["url"]).path for r in records)


def expected_paths(site: StandinSite) -> list[str]:
    return sorted(urlsplit(e["url"]).path for e in site.expected_records())


def assert_published(run: AllRun, spider: str, site: StandinSite) -> None:
    files = sorted((run.output_dir / spider).glob("*.jsonl"))
    assert len(files) == 1, (spider, files)
    records = read_records(run.output_dir, spider)  # schema and canonical URL, line by line
    assert paths_of(records) == expected_paths(site), spider
    assert {r["source"] for r in records} == {HOSTS[spider]}


def test_all_portal_spiders_healthy(tmp_path):
    sites = {
        name: sister_site(12, seed) for seed, name in enumerate(HOSTS) if name != "index_abroad"
    }
    servers = {name: StandinServer(site).start() for name, site in sites.items()}
    try:
        origins = {HOSTS[name]: server.base_url for name, server in servers.items()}
        # No names: every portal spider of SPIDER_MODULES, and only those.
        run = crawlall(origins, tmp_path, modules=EXTRA)
    finally:
        for server in servers.values():
            server.stop()
    assert run.returncode == OK, run.log[-3000:]
    for name, site in sites.items():
        assert_published(run, name, site)
    assert not (tmp_path / "not_a_portal").exists()
    summaries = run.lines("Run summary:")
    assert sorted(line.split("spider=")[1].split()[0] for line in summaries) == sorted(sites)
    (total,) = run.lines("Total:")
    assert "spiders=3 healthy=3 failed=0 records=36 status=0" in total
    report = run.report()
    assert report["status"] == OK
    assert {s["spider"]: s["status"] for s in report["spiders"]} == dict.fromkeys(sites, OK)
    assert " ERROR: " not in run.log and "Traceback" not in run.log


def test_portal_down_others_still_publish(tmp_path):
    index, velvet = default_site(), sister_site(15, seed=21)
    with StandinServer(index) as index_server, StandinServer(velvet) as velvet_server:
        origins = {
            "index.hu": index_server.base_url,
            "velvet.hu": velvet_server.base_url,
            "divany.hu": closed_port(),
        }
        run = crawlall(origins, tmp_path, "index_abroad", "divany_standin", "velvet_standin")
    assert run.returncode == UNREACHABLE, run.log[-3000:]
    assert_published(run, "index_abroad", index)
    assert_published(run, "velvet_standin", velvet)
    assert not list((tmp_path / "divany_standin").glob("*.jsonl"))
    (total,) = run.lines("Total:")
    assert " ERROR: " in total
    assert "failed=1" in total and f"status={UNREACHABLE}" in total
    assert "divany_standin=2 (the site could not be reached" in total
    assert "index_abroad=0" in total and "velvet_standin=0" in total
    assert run.spider("divany_standin")["status"] == UNREACHABLE
    assert run.spider("divany_standin")["problem"].startswith("the site could not be reached")
    assert run.spider("index_abroad")["records_written"] == len(index.expected_records())
    assert run.report()["status"] == UNREACHABLE
    assert "Traceback" not in run.log


def test_slow_portal_does_not_hold_up_the_others(tmp_path):
    index = StandinSite()
    add_generated(index, generate_articles(40, seed=31))
    with (
        StandinServer(index) as index_server,
        StandinServer(sister_site(5, seed=32)) as velvet_server,
    ):
        # Velvet answers nothing (robots.txt first) until the index portal has published.
        hanging = velvet_server.hold(lambda target: True)
        origins = {"index.hu": index_server.base_url, "velvet.hu": velvet_server.base_url}
        log = tmp_path / "crawlall.log"
        with log.open("w") as sink:
            proc = subprocess.Popen(
                crawlall_command(
                    origins, tmp_path, "velvet_standin", "index_abroad", DOWNLOAD_TIMEOUT="100"
                ),
                cwd=REPO,
                env=env(),
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
            try:
                wait_for(
                    lambda: any((tmp_path / "index_abroad").glob("*.jsonl")),
                    timeout=60,
                    what="index_abroad's published file",
                )
                # Published while the slow portal's first request was still unanswered.
                assert hanging.waiting >= 1 and velvet_server.count("/robots.txt") >= 1
            finally:
                velvet_server.stop()  # drops what it holds; then nothing answers at all
                proc.wait(timeout=120)
    run = AllRun(proc.returncode, log.read_text(), tmp_path)
    assert run.returncode == UNREACHABLE, run.log[-3000:]
    assert_published(run, "index_abroad", index)
    fast, slow = run.spider("index_abroad"), run.spider("velvet_standin")
    assert slow["status"] == UNREACHABLE and fast["status"] == OK
    assert datetime.fromisoformat(fast["finished"]) < datetime.fromisoformat(slow["finished"])


def test_lock_held_gives_75_before_any_request(tmp_path):
    site = sister_site(3, seed=41)
    held = runlock.acquire(tmp_path)  # as if another run were going on
    try:
        with StandinServer(site) as server:
            run = crawlall({"velvet.hu": server.base_url}, tmp_path, "velvet_standin")
            assert server.requests == []
    finally:
        os.close(held)
    assert run.returncode == LOCKED
    assert run.lines("crawlall: Another run is in progress")
    assert not list(tmp_path.rglob("*.jsonl"))


def test_running_crawlall_blocks_crawl_and_crawlall(tmp_path):
    index, velvet = StandinSite(), sister_site(20, seed=42)
    add_generated(index, generate_articles(20, seed=43))
    lock = tmp_path / ".lock"
    with StandinServer(index) as index_server, StandinServer(velvet) as velvet_server:
        # The first run's index articles wait until the others have been tried: it lasts.
        held = index_server.hold(lambda target: target in articles_of(index))
        origins = {"index.hu": index_server.base_url, "velvet.hu": velvet_server.base_url}
        first = subprocess.Popen(
            crawlall_command(origins, tmp_path, "index_abroad", "velvet_standin"),
            cwd=REPO,
            env=env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            wait_for(
                lambda: lock.exists() and lock.read_text().strip() == str(first.pid),
                what="the first run's lock",
            )
            second = crawlall(origins, tmp_path, "velvet_standin", timeout=30)
            plain = subprocess.run(
                [*SCRAPY, "crawl", "index_abroad", "-s", f"OUTPUT_DIR={tmp_path}"],
                cwd=REPO,
                env=env(),
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
            assert first.poll() is None, "the first run ended before the others were tried"
        finally:
            held.release()
            output, _ = first.communicate(timeout=120)
    assert second.returncode == LOCKED, second.log[-2000:]
    assert plain.returncode == LOCKED, (plain.stdout + plain.stderr)[-2000:]
    assert first.returncode == OK, output[-3000:]
    assert_published(AllRun(first.returncode, output, tmp_path), "index_abroad", index)
    assert_published(AllRun(first.returncode, output, tmp_path), "velvet_standin", velvet)


def test_unknown_spider_one_line_status_1(tmp_path):
    site = sister_site(2, seed=51)
    with StandinServer(site) as server:
        run = crawlall({"velvet.hu": server.base_url}, tmp_path, "velvet_standin", "nosuch")
        assert server.requests == []
    assert run.returncode == 1
    (line,) = run.lines("nosuch")
    assert line.startswith("crawlall: unknown spider: nosuch (portal spiders: ")
    assert "velvet_standin" in line and "not_a_portal" not in line
    assert "Traceback" not in run.log and "Usage" not in run.log
    assert not (tmp_path / "velvet_standin").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("velvet_standin", "totalcar_standin", "-a", "since=2024-04-30"),
            "crawlall: cannot backfill totalcar_standin: https://totalcar.hu has no date archive",
        ),
        (("velvet_standin", "-a", "since=2024-02-30"), "crawlall: since='2024-02-30' is not a"),
    ],
)
def test_backfill_refused_before_any_request(tmp_path, args, message):
    site = sister_site(2, seed=52)
    with StandinServer(site) as velvet, StandinServer(site) as totalcar:
        origins = {"velvet.hu": velvet.base_url, "totalcar.hu": totalcar.base_url}
        run = crawlall(origins, tmp_path, *args)
        assert velvet.requests == [] and totalcar.requests == []
    assert run.returncode == 1
    (line,) = run.lines(message)
    assert line.startswith(message)
    assert "Traceback" not in run.log


def test_backfill_arguments_reach_every_spider(tmp_path):
    day = date(2024, 5, 1)
    index, velvet = sister_site(3, seed=61), sister_site(3, seed=62)
    with StandinServer(index) as index_server, StandinServer(velvet) as velvet_server:
        origins = {"index.hu": index_server.base_url, "velvet.hu": velvet_server.base_url}
        run = crawlall(
            origins,
            tmp_path,
            "index_abroad",
            "velvet_standin",
            "-a",
            f"since={day}",
            "-a",
            f"until={day}",
        )
        for server in (index_server, velvet_server):
            archive = [t for t in server.paths() if t.startswith("/24ora/")]
            assert archive and all(f"tol={day}" in t and f"ig={day}" in t for t in archive)
            assert f"/kulfold/{day:%Y/%m/%d}/" in server.paths()
    assert run.returncode == OK, run.log[-3000:]


def test_sigterm_publishes_what_every_spider_completed(tmp_path):
    index, velvet = StandinSite(), sister_site(30, seed=71)
    add_generated(index, generate_articles(30, seed=72))
    for site in (index, velvet):
        for item in site.items.values():
            site.routes[item.path].delay_seconds = 0.2
    parts = [tmp_path / name for name in ("index_abroad", "velvet_standin")]
    with StandinServer(index) as index_server, StandinServer(velvet) as velvet_server:
        origins = {"index.hu": index_server.base_url, "velvet.hu": velvet_server.base_url}
        proc = subprocess.Popen(
            crawlall_command(
                origins, tmp_path, "index_abroad", "velvet_standin", CONCURRENT_REQUESTS="2"
            ),
            cwd=REPO,
            env=env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        wait_for(
            lambda: all(d.exists() and any(d.glob(".*.part")) for d in parts),
            what="a part file from each spider",
        )
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=60)
    for directory, site in zip(parts, (index, velvet), strict=True):
        records = read_records(tmp_path, directory.name)
        assert 0 < len(records) < 30, (directory.name, len(records))
        assert set(paths_of(records)) <= set(expected_paths(site))
        assert not list(directory.glob(".*.part"))
    (total,) = [line for line in output.splitlines() if "Total:" in line]
    assert "spiders=2" in total
