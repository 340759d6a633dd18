"""One recorded crawl of the stand-in for every archive test (it takes a few seconds)."""

from __future__ import annotations

import pytest

from crawler.archive import warc_dir
from tests.e2e.runner import crawl
from tests.standin.server import StandinServer
from tests.standin.site import default_site

SPIDER = "index_abroad"


@pytest.fixture(scope="package")
def recorded(tmp_path_factory):
    """(the run, the server's request log, the run's archive)."""
    site = default_site()
    out = tmp_path_factory.mktemp("recorded")
    with StandinServer(site) as server:
        run = crawl(server.base_url, out)
        requests = list(server.requests)
    assert run.returncode == 0, run.log[-3000:]
    [warc] = warc_dir(out, SPIDER).glob("*.warc.gz")
    return run, requests, warc
