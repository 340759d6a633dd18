"""Backfill walks cost what the archive holds, never a request for something it is not."""

from __future__ import annotations

from datetime import date

from tests.e2e.runner import crawl
from tests.standin.p444 import ARCHIVE_DAY, ARCHIVE_ONE, P444Standin
from tests.standin.server import StandinServer
from tests.standin.site import StandinSite, generate_articles


def test_an_index_day_page_costs_no_404(tmp_path):
    # The day pages link their section relatively (href="kulfold/"): resolved on
    # /kulfold/2024/05/01/ it has the shape of an article URL, slug "kulfold".
    site = StandinSite()
    newest = date(2024, 5, 1)
    for article in generate_articles(24 * 2, seed=31, newest=newest):
        site.add_article(article, section_page=False, feed=False)
    with StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path, "-a", "since=2024-04-30", "-a", "until=2024-05-01")
        targets = [t for _m, t in server.requests]
    assert run.returncode == 0, run.log[-3000:]
    assert "/kulfold/2024/05/01/" in targets and "/kulfold/2024/04/30/" in targets
    assert len(run.records()) == 48
    assert not [t for t in targets if t.endswith("/kulfold/") and t != "/kulfold/"]
    assert "http_404" not in run.report()["errors"]


def test_a_day_archive_whose_pages_repeat_is_left_at_the_first_repeat(tmp_path):
    # Every ?page=N of the day repeats page 1 and links N+1: walked on the dates alone,
    # that is BACKFILL_MAX_PAGES pages (200 s and more at the production delay).
    site = P444Standin()
    site.repeat_archive_pages()
    day = f"/{ARCHIVE_DAY:%Y/%m/%d}"
    with StandinServer(site) as server:
        run = crawl(
            {"444.hu": server.base_url},
            tmp_path,
            "-a",
            f"since={ARCHIVE_DAY}",
            "-a",
            f"until={ARCHIVE_DAY}",
            spider="444_abroad",
        )
        targets = [t for _m, t in server.requests]
    assert run.returncode == 0, run.log[-3000:]
    assert ARCHIVE_ONE.url in {r["url"] for r in run.records()}
    walked = [t for t in targets if t.split("?")[0] == day]
    assert walked == [day, f"{day}?page=2"]  # page 2 brought nothing new: the walk ends
    stats = run.stats()
    assert "backfill/cap_reached" not in stats
    assert stats["backfill/repeated_pages"] == 1
