"""Issue 14: the verdict is true on every run, in both directions.

A section with a few permanently broken links among good articles is healthy on its
first run and on every later one, whatever the clock; a section whose articles mostly fail
is loud on every run. Real ``scrapy crawl``/``scrapy crawlall`` processes against the
stand-in, the clock moved with faketime (:func:`tests.e2e.runner.with_clock`).
"""

from __future__ import annotations

import random
from datetime import date

import pytest

from crawler.run.health import COMPONENT_FAILED, EXTRACTION_FAILING, OK
from tests.e2e.faulty import with_extension, with_pipeline
from tests.e2e.runner import crawl, read_records
from tests.e2e.test_crawlall import closed_port, crawlall
from tests.standin.pages import ORIGIN
from tests.standin.server import StandinServer
from tests.standin.site import StandinSite, _add_traps, add_generated, generate_articles

# After the first run: inside the failure memory (STATE_RETRY_FAILED_HOURS = 24), just
# past it (the broken pages are asked again and fail again), and a month on.
LATER = ("+1h", "+25h", "+3d", "+30d")


def section_with_broken_links(good: int = 10) -> StandinSite:
    """``good`` articles plus an empty page, a truncated page, a PDF and two 404s (and a
    page robots.txt forbids), as a real section shows now and then."""
    site = StandinSite()
    add_generated(site, generate_articles(good, seed=141))
    _add_traps(site, random.Random(141))
    site.add_link(ORIGIN + "/kulfold/2024/04/02/ez_is_torolve_lett/", "Ez is törölve lett")
    return site


def summary_line(log: str) -> str:
    [line] = [line for line in log.splitlines() if "Run summary:" in line]
    return line


def test_a_few_broken_links_never_raise_an_alarm_on_later_runs(tmp_path):
    site = section_with_broken_links()
    with StandinServer(site) as server:
        first = crawl(server.base_url, tmp_path)
        later = [crawl(server.base_url, tmp_path, clock=clock) for clock in LATER]
    assert first.returncode == OK, summary_line(first.log)
    assert len(read_records(tmp_path)) == 10
    for clock, run in zip(LATER, later, strict=True):
        assert run.returncode == OK, (clock, summary_line(run.log))
        assert " INFO: " in summary_line(run.log)
        report = run.report()
        # The sample is the section as it stands: every linked article's last outcome.
        assert report["skipped_seen"] == 10, clock
        assert report["judged"]["articles"] == 15, (clock, report["judged"])
        assert report["judged"]["failed_extraction"] == 3, (clock, report["judged"])
        assert report["judged"]["failed_fetch"] == 2, (clock, report["judged"])
    assert len(read_records(tmp_path)) == 10  # nothing emitted twice on the way


def test_crawlall_judges_the_section_as_it_stands_too(tmp_path):
    site = section_with_broken_links()
    with StandinServer(site) as server:
        origins = {"index.hu": server.base_url}
        runs = [
            crawlall(origins, tmp_path, "index_abroad", clock=clock)
            for clock in (None, "+1h", "+3d")
        ]
    for run in runs:
        assert run.returncode == OK, run.lines("Total:")
        [total] = run.lines("Total:")
        assert "healthy=1 failed=0" in total and "status=0" in total
        assert run.spider("index_abroad")["status"] == OK


@pytest.mark.parametrize("clock", ["+1h", "+3d"])
def test_a_layout_break_after_good_runs_is_loud_once_the_listing_shows_it(tmp_path, clock):
    """Articles published before a redesign still count as published; the new ones that
    fail are the section's majority once the listing is mostly theirs."""
    site = StandinSite()
    add_generated(site, generate_articles(3, seed=142))
    with StandinServer(site) as server:
        assert crawl(server.base_url, tmp_path).returncode == OK
        broken = generate_articles(8, seed=143, newest=date(2024, 6, 1))
        add_generated(site, broken)
        for article in broken:  # the redesign: pages without any title or text we know
            site.routes[article.path].body = b"<html><head></head><body><div></div></body></html>"
        runs = [crawl(server.base_url, tmp_path, clock=c) for c in (None, clock)]
    for run in runs:
        assert run.returncode == EXTRACTION_FAILING, summary_line(run.log)
        assert "extraction failed for 8 of 11 articles" in summary_line(run.log)


# --- never "healthy" when something failed ----------------------------------------------


def five_articles() -> StandinSite:
    site = StandinSite()
    add_generated(site, generate_articles(5, seed=145))
    return site


@pytest.mark.parametrize(
    ("settings", "where", "lost"),
    [
        (with_pipeline("RaisingPipeline", 650), "item_pipeline=5", True),
        # Its failing close step no longer keeps the records from being published.
        (with_pipeline("RaisingClosePipeline", 850), "pipeline_close=1", False),
        (with_extension("RaisingExtension"), "signal_handler=1", False),
    ],
    ids=["pipeline", "pipeline_close", "extension"],
)
def test_an_exception_in_any_component_makes_the_run_unhealthy(tmp_path, settings, where, lost):
    site = five_articles()
    with StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path, **settings)
        report = run.report()
        # Nothing left behind; what was lost is emitted by the next run, each article once.
        assert (run.files() == []) == lost
        assert not list((tmp_path / "index_abroad").glob(".*.part"))
        after = crawl(server.base_url, tmp_path)
    line = summary_line(run.log)
    assert run.returncode == COMPONENT_FAILED, line
    assert " ERROR: " in line and f"({where}" in line, line
    assert report["status"] == COMPONENT_FAILED and report["component_errors"]
    assert ("records were published" in line) == lost, line
    assert after.returncode == OK, summary_line(after.log)
    urls = [r["url"] for r in read_records(tmp_path)]
    assert sorted(urls) == sorted(e["url"] for e in site.expected_records())


def test_a_translation_provider_failing_shows_in_the_summary_line(tmp_path):
    site = five_articles()
    with StandinServer(site) as server:
        # A translation endpoint that refuses connections: every record fails.
        run = crawl(
            server.base_url,
            tmp_path,
            TRANSLATE_TO="en",
            TRANSLATOR_URL=closed_port() + "/m",
            TRANSLATOR_RETRIES="0",
            TRANSLATOR_MAX_FAILURES="1",
        )
    assert run.returncode == OK  # optional: records are written, translation_error set
    assert "translated=0 translation_failed=5" in summary_line(run.log)
    assert run.report()["translation_failed"] == 5
    assert all(r["translation_error"] for r in read_records(tmp_path))
