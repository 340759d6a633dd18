"""What every portal must do, asked of each portal's stand-in with the real ``scrapy crawl``.

A regular run publishes one file, says so in one summary line, and holds every record the
stand-in expects, once, valid and canonical, field by field, without boilerplate; it
fetches each article once (the one that fails first, twice), never what it must not, and
records a redirected article at its target; hostile pages give no record and are counted
by reason and logged once. The run after it emits and fetches nothing old. A backfill
finds every article of its range once. What only one portal does is in its own
``test_<portal>_abroad_crawl.py`` (index.hu: ``test_crawl_section.py``).
"""

from __future__ import annotations

import pytest

from tests.e2e.portals import PORTALS, Portal
from tests.e2e.runner import FAST

EVERY_PORTAL = [
    pytest.param(portal, id=spider, marks=pytest.mark.xdist_group(spider))
    for spider, portal in PORTALS.items()
]
every_portal = pytest.mark.parametrize("portal", EVERY_PORTAL)


def check_records(portal: Portal, records: list[dict], expected: list[dict]) -> None:
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)), "an article twice"
    assert sorted(urls) == sorted(e["url"] for e in expected)
    by_url = {r["url"]: r for r in records}
    for want in expected:
        record = by_url[want["url"]]
        assert (record["source"], record["section"]) == (portal.source, portal.section)
        got, shaped = portal.view(record), portal.want(want)
        for name in portal.fields:
            assert got[name] == shaped[name], (want["url"], name)


def warnings_about(log: str, path: str) -> list[str]:
    return [line for line in log.splitlines() if path in line and "WARNING" in line]


@every_portal
def test_a_regular_run_exits_0_and_publishes_one_whole_file(portal_runs, portal):
    run = portal_runs.regular(portal.spider).run
    assert run.returncode == 0, run.log[-3000:]
    assert run.report()["status"] == 0
    assert len(run.files()) == 1
    assert not list(run.output_dir.rglob("*.part"))
    assert "Traceback" not in run.log
    [summary] = [line for line in run.log.splitlines() if "Run summary:" in line]
    assert f"new={len(run.records())}" in summary


@every_portal
def test_a_regular_run_publishes_every_expected_record_once_field_by_field(portal_runs, portal):
    done = portal_runs.regular(portal.spider)
    # run.records() checks every line against the schema and the portal's canonical URL.
    check_records(portal, done.run.records(), portal.expected(done.site, False))


@every_portal
def test_no_boilerplate_in_any_text(portal_runs, portal):
    done = portal_runs.regular(portal.spider)
    junk = list(portal.boilerplate(done.site))
    for record in done.run.records():
        for text in junk:
            assert text not in record["text"], (record["url"], text)


@every_portal
def test_never_fetches_what_it_must_not(portal_runs, portal):
    done = portal_runs.regular(portal.spider)
    for path in portal.never_fetch(done.site, False):
        assert path not in done.targets, path
        if "?" not in path:  # nor with any query
            assert all(t.partition("?")[0] != path for t in done.targets), path
    assert all(t.startswith("/") for t in done.targets)  # nothing but the stand-in


@every_portal
def test_each_article_fetched_once_the_failing_one_twice(portal_runs, portal):
    done = portal_runs.regular(portal.spider)
    for expected in portal.expected(done.site, False):
        path = portal.path(expected["url"])
        want = 2 if path == portal.retried else 1
        assert done.targets.count(path) == want, (path, done.targets.count(path))


@every_portal
def test_a_redirected_article_is_recorded_at_its_target(portal_runs, portal):
    done = portal_runs.regular(portal.spider)
    moved_from, target = portal.redirect
    assert moved_from in done.targets
    assert target in {r["url"] for r in done.run.records()}


@every_portal
def test_hostile_pages_give_no_record_are_counted_by_reason_and_logged_once(portal_runs, portal):
    done = portal_runs.regular(portal.spider)
    run = done.run
    report = run.report()
    assert report["dropped"] == portal.dropped
    assert report["errors"] == portal.errors
    published = {portal.path(r["url"]) for r in run.records()}
    for path in portal.hostile:
        assert path not in published, path
        lines = warnings_about(run.log, path)
        assert len(lines) == 1, (path, lines)
        assert "[crawler." in lines[0], lines
    if portal.cut is not None:
        assert portal.cut not in published
        # Cut every time: retried, then given up.
        assert done.targets.count(portal.cut) == 1 + int(FAST["RETRY_TIMES"])
        # Once by the crawler (Scrapy's own lines say "data loss" and "Gave up retrying").
        ours = [line for line in warnings_about(run.log, portal.cut) if "[crawler." in line]
        assert len(ours) == 1, ours
    assert "Traceback" not in run.log


@every_portal
def test_the_run_after_emits_and_fetches_nothing_old(portal_runs, portal):
    first, again = portal_runs.regular(portal.spider), portal_runs.again(portal.spider)
    run = again.run
    emitted = len(first.run.records())
    assert run.returncode == 0, run.log[-3000:]
    assert len(run.files()) == 1  # the first run's: no empty file for a run with nothing new
    assert len(run.records()) == emitted
    report = run.report()
    assert report["new"] == 0 and report["skipped_seen"] >= emitted
    # The stand-ins' articles are years old: far outside the update window.
    articles = portal.article_paths(again.site)
    assert [t for t in again.targets if t.partition("?")[0] in articles] == []


@every_portal
def test_a_backfill_finds_every_article_of_its_range_once(portal_runs, portal):
    done = portal_runs.backfill(portal.spider)
    run = done.run
    assert run.returncode == 0, run.log[-3000:]
    assert run.report()["status"] == 0
    check_records(portal, run.records(), portal.expected(done.site, True))
    for path in portal.never_fetch(done.site, True):
        assert path not in done.targets, path
    assert "Traceback" not in run.log
