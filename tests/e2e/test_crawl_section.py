"""The real ``scrapy crawl index_abroad`` against the stand-in section: what only index.hu
does. What every portal does is asked in :mod:`tests.e2e.test_portal_contract`."""

from __future__ import annotations

import pytest

SPIDER = "index_abroad"
pytestmark = pytest.mark.xdist_group(SPIDER)


@pytest.fixture(scope="module")
def section_run(portal_runs):
    done = portal_runs.regular(SPIDER)
    return done.site, done.run, done.targets


def test_live_blog_has_every_post_of_every_page_in_order(section_run):
    site, run, _ = section_run
    records = {r["url"]: r for r in run.records()}
    blogs = [e for e in site.expected_records() if e["kind"] == "liveblog"]
    assert blogs, "the stand-in has a live blog"
    for expected in blogs:
        record = records[expected["url"]]
        assert [p["title"] for p in record["posts"]] == [p["title"] for p in expected["posts"]]
        assert [p["published"] for p in record["posts"]] == [
            p["published"] for p in expected["posts"]
        ]
        assert [p["text"] for p in record["posts"]] == [
            "\n\n".join(p["paragraphs"]) for p in expected["posts"]
        ]
        # As read: each post's title is its own paragraph right before the post's text.
        blocks = [b for p in record["posts"] for b in (p["title"], p["text"]) if b]
        assert record["text"] == "\n\n".join(blocks)


def test_two_page_article_is_merged(section_run):
    site, run, _ = section_run
    multi = [e for e in site.expected_records() if e["url"].endswith("/")]
    records = {r["url"]: r for r in run.records()}
    pages = [p for p in site.items if getattr(site.items[p], "page_count", 1) > 1]
    assert pages, "the stand-in has a multi-page article"
    for path in pages:
        expected = next(e for e in multi if e["url"] == site.url(path))
        assert records[site.url(path)]["text"] == "\n\n".join(expected["text_paragraphs"])
