"""Real crawls, then ``scrapy report``: the rollup each run keeps, the page and the check.

Two portals crawled by the real ``scrapy crawl`` against stand-ins: ``index_abroad``
(index.hu's stand-in) and the test-only ``velvet_standin`` (:mod:`tests.e2e.extra_spiders`).
The days before today are synthetic history written into their ``days.json``, as months of
runs would have left it; the crawls after it must keep it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from crawler.commands.report import OK, STALE
from crawler.run import days as rollup
from tests.e2e.runner import REPO, Run, crawl
from tests.report.synthetic import day_entry, today
from tests.report.test_command import report
from tests.standin.server import StandinServer
from tests.standin.site import StandinSite, default_site, generate_articles
from tests.test_readme import section

VELVET = "velvet_standin"
EXTRA = {"SPIDER_MODULES": "crawler.spiders,tests.e2e.extra_spiders"}


def velvet_site() -> StandinSite:
    """A section page linking its articles relatively: right for velvet.hu's host."""
    site = StandinSite()
    for article in generate_articles(8, seed=17):
        site.add_article(article, href=article.path, feed=False)
    return site


@dataclass
class Portals:
    index: StandinServer
    velvet: StandinServer

    def crawl(self, output_dir: Path, spider: str) -> Run:
        if spider == VELVET:
            where = {"velvet.hu": self.velvet.base_url}
            run = crawl(where, output_dir, spider=VELVET, **EXTRA)
        else:
            run = crawl(self.index.base_url, output_dir, spider=spider)
        assert run.returncode == 0, run.log[-3000:]
        return run


@pytest.fixture(scope="module")
def portals() -> Iterator[Portals]:
    with StandinServer(default_site()) as index, StandinServer(velvet_site()) as velvet:
        yield Portals(index, velvet)


@pytest.fixture(scope="module")
def crawled(portals, tmp_path_factory) -> Path:
    """An output directory after one real crawl of each portal."""
    out = tmp_path_factory.mktemp("crawled") / "output"
    portals.crawl(out, "index_abroad")
    portals.crawl(out, VELVET)
    return out


@pytest.fixture
def output(crawled, tmp_path) -> Path:
    """A copy of the crawled output directory, for one test to change."""
    return Path(shutil.copytree(crawled, tmp_path / "output"))


def read_days(output_dir: Path, spider: str) -> rollup.Days:
    days = rollup.load(output_dir / spider)
    assert days is not None, f"{spider}/days.json is missing or damaged"
    return days


def add_history(output_dir: Path, spider: str, records: dict[int, int]) -> None:
    """Past days (by days back from today) into the spider's days.json, today's kept."""
    days = read_days(output_dir, spider)
    for back, count in records.items():
        days[today() - timedelta(days=back)] = day_entry(count)
    (output_dir / spider / rollup.DAYS_FILE).write_text(rollup.dumps(days))


def history(count: int, *, yesterday: int) -> dict[int, int]:
    return {back: yesterday if back == 1 else count for back in range(1, 41)}


def test_every_run_adds_its_report_to_its_day(output, portals):
    for spider in ("index_abroad", VELVET):
        last = json.loads((output / spider / "last_run.json").read_text())
        days = read_days(output, spider)
        assert list(days) == [today()]
        entry = days[today()]
        assert entry.runs == 1 and entry.statuses == {"0": 1}
        assert entry.records == last["records_written"] > 0
        assert entry.extracted == last["extracted"] >= entry.records
        assert entry.judged == last["judged"]["articles"]
        assert entry.dropped == last["dropped"] and entry.errors == last["errors"]
    first = read_days(output, "index_abroad")[today()]
    portals.crawl(output, "index_abroad")  # nothing new
    again = read_days(output, "index_abroad")[today()]
    assert (again.runs, again.records, again.statuses) == (2, first.records, {"0": 2})


def test_a_stale_portal_is_on_the_page_and_fails_the_check(output, tmp_path):
    add_history(output, "index_abroad", history(30, yesterday=0))
    add_history(output, VELVET, history(20, yesterday=18))
    page = tmp_path / "runs.html"
    written = report(str(page), "--output-dir", str(output))
    assert written.returncode == OK, written.stderr
    assert written.stdout.endswith("; stale: index_abroad\n")
    html = page.read_text(encoding="utf-8")
    assert "<title>Crawler runs: 2 portals, STALE: index_abroad" in html
    assert html.count("<svg") == 2 and 'data-portal="velvet_standin"' in html
    checked = report("--check", "--output-dir", str(output))
    yesterday = (today() - timedelta(days=1)).isoformat()
    assert checked.returncode == STALE
    assert checked.stdout == (
        f"stale: index_abroad: 0 records on {yesterday}, under a quarter of the median of "
        "the 28 days before (30), while other portals published\n"
    )


def test_no_stale_portal_the_check_is_silent(output):
    add_history(output, "index_abroad", history(30, yesterday=8))  # above a quarter
    add_history(output, VELVET, history(20, yesterday=18))
    checked = report("--check", "--output-dir", str(output))
    assert (checked.returncode, checked.stdout, checked.stderr) == (OK, "", "")


def test_nobody_is_stale_on_a_day_nobody_published(output):
    add_history(output, "index_abroad", history(30, yesterday=0))
    add_history(output, VELVET, history(20, yesterday=0))
    assert report("--check", "--output-dir", str(output)).returncode == OK


def test_later_runs_keep_the_history_and_a_lost_rollup_is_rebuilt(output, portals, tmp_path):
    add_history(output, "index_abroad", history(30, yesterday=0))
    add_history(output, VELVET, history(20, yesterday=18))
    portals.crawl(output, "index_abroad")
    kept = read_days(output, "index_abroad")
    assert len(kept) == 41 and kept[today() - timedelta(days=1)].records == 0
    assert kept[today()].runs == 2
    assert report("--check", "--output-dir", str(output)).returncode == STALE
    # Lost: the page reads the reports on disk meanwhile and says so; the next run
    # writes the rollup again, from them (the synthetic past had no reports).
    (output / "index_abroad" / rollup.DAYS_FILE).unlink()
    page = tmp_path / "runs.html"
    assert report(str(page), "--output-dir", str(output)).returncode == OK
    assert "days.json was missing or unreadable" in page.read_text()
    portals.crawl(output, "index_abroad")
    rebuilt = read_days(output, "index_abroad")
    assert list(rebuilt) == [today()] and rebuilt[today()].runs == 3


def test_the_readme_cron_line_works_from_an_empty_environment(output):
    add_history(output, "index_abroad", history(30, yesterday=0))
    add_history(output, VELVET, history(20, yesterday=18))
    text = section("Run dashboard")
    line = next(ln for ln in text.splitlines() if re.match(r"^[\d*]+ [\d*]+ \* \* \* ", ln))
    command = line.split(" ", 5)[5].replace("/srv/hu-news-crawler", str(REPO))
    assert command.endswith("scrapy report --check output/runs.html")
    command = command.replace("output/runs.html", f"{output}/runs.html --output-dir {output}")
    cron = subprocess.run(
        ["env", "-i", "/bin/sh", "-c", command],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert cron.returncode == STALE, cron.stderr
    assert cron.stdout.startswith("stale: index_abroad: 0 records on ")
    assert cron.stderr == ""
    assert (output / "runs.html").stat().st_size > 10_000
