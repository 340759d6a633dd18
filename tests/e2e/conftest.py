"""Crawls of each portal's stand-in, made once and read by every test that asks.

``portal_runs.regular(spider)`` is a regular run; ``.again(spider)`` the regular run after
it, over a copy of its output; ``.backfill(spider)`` a backfill of the portal's range
(:mod:`tests.e2e.portals`). Each is a real ``scrapy crawl`` process, made the first time a
test asks for it and only read afterwards. Under pytest-xdist the tests of one portal
share a worker (``xdist_group``), so each run is made once.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import Any

import pytest

from tests.e2e.portals import PORTALS
from tests.e2e.runner import Run, crawl
from tests.standin.server import StandinServer


@dataclass(frozen=True)
class PortalRun:
    site: Any  # the stand-in the run crawled
    run: Run
    targets: list[str]  # what the stand-in was asked, in order


class PortalRuns:
    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._tmp = tmp_path_factory
        self._made: dict[tuple[str, str], PortalRun] = {}

    def regular(self, spider: str) -> PortalRun:
        return self._get(spider, "regular")

    def again(self, spider: str) -> PortalRun:
        return self._get(spider, "again")

    def backfill(self, spider: str) -> PortalRun:
        return self._get(spider, "backfill")

    def _get(self, spider: str, kind: str) -> PortalRun:
        if (spider, kind) not in self._made:
            self._made[spider, kind] = self._make(spider, kind)
        return self._made[spider, kind]

    def _make(self, spider: str, kind: str) -> PortalRun:
        portal = PORTALS[spider]
        out = self._tmp.mktemp(f"{spider}-{kind}")
        base, args = portal.base, ()
        if kind == "again":
            shutil.copytree(self.regular(spider).run.output_dir, out, dirs_exist_ok=True)
        elif kind == "backfill":
            since, until = portal.backfill
            base = portal.backfill_base or base
            args = ("-a", f"since={since}", "-a", f"until={until}")
        site = portal.make()
        with StandinServer(site) as server:
            run = crawl(base(server), out, *args, spider=spider)
            targets = server.paths()
        return PortalRun(site, run, targets)


@pytest.fixture(scope="session")
def portal_runs(tmp_path_factory: pytest.TempPathFactory) -> PortalRuns:
    return PortalRuns(tmp_path_factory)
