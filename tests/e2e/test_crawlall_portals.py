"""``scrapy crawlall`` with the six real portal spiders, each against its own stand-in,
one portal down: the others still publish, the exit status says which one failed."""

from __future__ import annotations

import json

import pytest

from crawler.run.health import UNREACHABLE
from tests.e2e.runner import read_records
from tests.e2e.test_crawlall import closed_port, crawlall
from tests.standin.hvg import HvgStandin
from tests.standin.p24 import P24Standin
from tests.standin.p444 import P444Standin
from tests.standin.server import StandinServer
from tests.standin.site import default_site
from tests.standin.telex import telex_site

UP = {
    "index_abroad": ("index.hu", default_site),
    "telex_abroad": ("telex.hu", telex_site),
    "444_abroad": ("444.hu", P444Standin),
    "24hu_abroad": ("24.hu", P24Standin),
    "hvg_abroad": ("hvg.hu", HvgStandin),
}
DOWN = ("origo_abroad", "www.origo.hu")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    sites = {spider: make() for spider, (_, make) in UP.items()}
    servers = {spider: StandinServer(site).start() for spider, site in sites.items()}
    try:
        origins = {host: servers[spider].base_url for spider, (host, _) in UP.items()}
        origins[DOWN[1]] = closed_port()
        # No spider named: every portal spider of the project.
        result = crawlall(
            origins, tmp_path_factory.mktemp("all"), modules="crawler.spiders", timeout=240
        )
    finally:
        for server in servers.values():
            server.stop()
    return result, sites


def test_exit_status_reports_the_dead_portal(run):
    result, _ = run
    assert result.returncode == UNREACHABLE, result.log[-4000:]
    [total] = [line for line in result.log.splitlines() if "Total: spiders=6" in line]
    assert f"{DOWN[0]}={UNREACHABLE}" in total and "healthy=5" in total
    report = json.loads((result.output_dir / "last_crawlall.json").read_text())
    statuses = {entry["spider"]: entry["status"] for entry in report["spiders"]}
    assert statuses == {**dict.fromkeys(UP, 0), DOWN[0]: UNREACHABLE}


def test_every_other_portal_publishes_its_records(run):
    result, sites = run
    for spider, site in sites.items():
        records = read_records(result.output_dir, spider)
        expected = {e["url"] for e in site.expected_records()}
        assert {r["url"] for r in records} == expected, spider
        assert len(records) == len(expected), spider
    assert not list((result.output_dir / DOWN[0]).glob("*.jsonl"))
