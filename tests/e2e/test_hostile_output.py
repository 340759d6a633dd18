"""Hostile pages are bounded in what they produce, not only in what they are: a page
whose record would pass the output bounds is dropped as ``too_large`` while it is read,
and the run's other articles are published."""

from __future__ import annotations

from tests.e2e.runner import crawl, peak_rss_mb
from tests.standin.server import StandinServer
from tests.standin.telex import shared_string_liveblog, telex_site

SPIDER = "telex_abroad"


def test_a_live_blog_whose_posts_share_one_string_is_dropped_too_large(tmp_path):
    site = telex_site()
    # ~200 KB: the state's shared string (~100 KB), written out at each of its 1,000
    # places (500 posts, each listed twice in the state), is ~100 MB.
    expanding, expanding_page = shared_string_liveblog(200_000)
    site.add_to_feed(expanding, expanding_page)
    # ~70 KB whose state stays small written out (200 posts of ~18,000 characters:
    # ~7 M), but whose record text would pass EXTRACT_MAX_TEXT_CHARS.
    lengthy, lengthy_page = shared_string_liveblog(
        70_000, posts=200, path="/kulfold/2024/05/07/ketszaz-hosszu-bejegyzes"
    )
    site.add_to_feed(lengthy, lengthy_page)
    with StandinServer(site) as server:
        run = crawl(
            {"telex.hu": server.base_url},
            tmp_path,
            spider=SPIDER,
            measure=tmp_path / "usage.json",
        )
    assert run.returncode == 0, run.log[-3000:]
    urls = sorted(r["url"] for r in run.records())
    assert urls == sorted(e["url"] for e in site.expected_records())
    report = run.report()
    assert report["dropped"] == {"not_html": 1, "truncated": 1, "too_large": 2}
    assert run.stats()["articles/dropped/too_large"] == 2
    for blog in (expanding, lengthy):
        lines = [x for x in run.log.splitlines() if blog.url in x and "WARNING" in x]
        assert len(lines) == 1 and "too_large" in lines[0], lines
    assert "Traceback" not in run.log
    assert 0 < peak_rss_mb(tmp_path / "usage.json") < 400
