"""A date outside the portal's life is not the article's date, and no article stays
"young" (re-checked on every run) forever."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.runner import crawl
from tests.standin.server import StandinServer
from tests.standin.site import StandinSite, generate_articles

FUTURE = "2999-01-01T10:00:00+01:00"
EPOCH = "1970-01-01T01:00:00+01:00"


def test_articles_dated_2999_and_1970_are_undated_and_not_rechecked_forever(tmp_path):
    today = datetime.now(UTC).date()
    future, epoch, plain = generate_articles(3, seed=51, newest=today)
    future.published, epoch.published = FUTURE, EPOCH  # what every source on the page says
    site = StandinSite()
    for article in (future, epoch, plain):
        site.add_article(article)
    with StandinServer(site) as server:
        first = crawl(server.base_url, tmp_path)
        first_stats = first.stats()  # before the next run replaces last_run.json
        server.clear_log()
        # Three days later: past the 48 h update window of every article emitted today
        # (a gap the state takes as the true time: not a clock far ahead of it).
        second = crawl(server.base_url, tmp_path, clock="+3d", STATE_CLOCK_MAX_AHEAD_HOURS=96)
        refetched = [t for t in server.paths() if t in {a.path for a in (future, epoch, plain)}]
    assert first.returncode == 0, first.log[-3000:]
    records = {r["url"]: r for r in first.records()}
    assert sorted(records) == sorted(a.url for a in (future, epoch, plain))
    for article in (future, epoch):
        assert records[article.url]["published"] is None, article.url
        assert records[article.url]["modified"] is None, article.url
    assert records[plain.url]["published"] == plain.published
    assert first_stats["extract/implausible_date"] > 0
    assert second.returncode == 0, second.log[-3000:]
    assert refetched == []
    assert second.report()["skipped_seen"] == 3
