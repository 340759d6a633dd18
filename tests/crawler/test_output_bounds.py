"""Bounds on what a page produces (a record's text, its posts, one post), acting while
the page is read; and on what an embedded app state stands for once written out."""

from __future__ import annotations

import subprocess
import sys
from itertools import pairwise

import pytest
from scrapy.utils.test import get_crawler

import crawler.sites.telex as telex
from crawler.assembly.assemble import check_size, merge, parse_html, read_page
from crawler.sites import Bounds, Budget, Page, PagePost, Reading, TooLarge
from crawler.sites.base import post_chars
from crawler.sites.telex import SITE as TELEX
from crawler.spiders.telex_abroad import TelexAbroadSpider
from crawler.text import jsdata
from tests.conftest import REPO
from tests.standin.telex import shared_string_liveblog

BOUNDS = Bounds(text_chars=1_000, posts=3, post_chars=300)


def post(key: str, size: int, title: str | None = None) -> PagePost:
    return PagePost(key=key, published=None, authors=[], title=title, paragraphs=["a" * size])


# --- one page, as it is read ----------------------------------------------------------------


def test_a_budget_without_bounds_takes_everything():
    budget = Budget()
    assert budget.body(["a" * 10**6]) == ["a" * 10**6]
    assert len(budget.posts(post(str(n), 10) for n in range(5_000))) == 5_000


@pytest.mark.parametrize(
    ("paragraphs", "posts", "setting"),
    [
        (["a" * 1_001], [], "EXTRACT_MAX_TEXT_CHARS"),
        (["a" * 500], [post("1", 290), post("2", 290)], "EXTRACT_MAX_TEXT_CHARS"),
        ([], [post(str(n), 10) for n in range(4)], "EXTRACT_MAX_POSTS"),
        ([], [post("1", 250, title="t" * 51)], "EXTRACT_MAX_POST_CHARS"),
    ],
)
def test_a_page_past_a_bound_is_too_large(paragraphs, posts, setting):
    budget = Budget(BOUNDS)
    with pytest.raises(TooLarge, match=setting) as raised:
        budget.body(paragraphs)
        budget.posts(posts)
    assert raised.value.reason == "too_large"


def test_a_budget_stops_reading_at_the_first_post_past_the_bound():
    read: list[int] = []

    def posts():
        for n in range(1_000):
            read.append(n)
            yield post(str(n), 100)

    with pytest.raises(TooLarge):
        Budget(BOUNDS).posts(posts())
    assert read == [0, 1, 2, 3]  # the fourth post is one too many; none after it is made


# --- the record: every page -----------------------------------------------------------------


def blog(*posts: PagePost, opening: str = "Nyitó.") -> Page:
    return Page(kind="liveblog", title="Cím", paragraphs=[opening], posts=list(posts))


def test_the_record_counts_a_post_repeated_by_later_pages_once():
    pinned = post("pinned", 200)
    pages = [blog(pinned, post("1", 200)), blog(pinned, post("2", 200))]
    check_size(pages, BOUNDS)  # three distinct posts: within bounds
    fields = merge(pages, BOUNDS)
    assert len(fields["posts"]) == 3
    assert len(fields["text"]) <= BOUNDS.text_chars
    with pytest.raises(TooLarge, match="EXTRACT_MAX_POSTS"):
        merge([*pages, blog(post("3", 10))], BOUNDS)


def test_the_record_text_is_measured_as_merge_joins_it():
    pages = [Page(kind="article", title="Cím", paragraphs=["a" * 499, "b" * 499])]
    assert len(merge(pages)["text"]) == 1_000
    check_size(pages, BOUNDS)
    pages.append(Page(kind="article", title=None, paragraphs=["c"]))
    with pytest.raises(TooLarge, match="a text of 1003 characters"):
        check_size(pages, BOUNDS)


def test_the_spider_reads_the_bounds_from_its_settings():
    settings = {"EXTRACT_MAX_TEXT_CHARS": 10, "EXTRACT_MAX_POSTS": 2, "EXTRACT_MAX_POST_CHARS": 5}
    crawler = get_crawler(TelexAbroadSpider, settings_dict=settings)
    spider = TelexAbroadSpider.from_crawler(crawler)
    assert spider.limits.bounds == Bounds(text_chars=10, posts=2, post_chars=5)


# --- telex: one string of the state referred to by every post ------------------------------


def test_the_state_is_refused_once_its_references_would_write_out_too_much():
    _, page = shared_string_liveblog(200_000)
    text = page.decode()
    start = text.index("window.__NUXT__=") + len("window.__NUXT__=")
    state = text[start : text.index("</script>", start)]
    with pytest.raises(jsdata.TooLarge):
        jsdata.read_expression(state)


def test_references_are_weighed_where_they_are_used():
    # Each shared object written out at each place: a chain of doublings is 2**40 long.
    names = [f"p{n}" for n in range(41)]
    assigns = "".join(f"{a}.x=[{b},{b}];" for a, b in pairwise(names))
    args = ",".join(["{}"] * 40 + ['"leaf"'])
    source = f"(function({','.join(names)}){{{assigns}return {{v:p0}}}}({args}))"
    with pytest.raises(jsdata.TooLarge):
        jsdata.read_expression(source)
    shared = '(function(a){return {x:[a,a,a],y:{z:a}}}("' + "s" * 1_000 + '"))'
    assert jsdata.read_expression(shared)["y"]["z"] == "s" * 1_000
    cyclic = "(function(a){a.self=a;return {x:a}}({}))"
    value = jsdata.read_expression(cyclic)
    assert value["x"]["self"] is value["x"]


def test_telex_posts_stop_rendering_at_the_bound(monkeypatch):
    # Small enough once written out for the state reader; the post bounds stop it.
    blog_, page = shared_string_liveblog(30_000, posts=200)
    doc = parse_html(page.decode(), max_chars=3_000_000)
    unbounded = read_page(TELEX, doc, blog_.url)
    assert len(unbounded.posts) == 200
    size = post_chars(unbounded.posts[0])
    opening = sum(len(p) for p in unbounded.paragraphs)
    content = blog_.posts()[0]
    rendered: list[str] = []
    real_render = telex._render

    def counting(value):
        rendered.append(value)
        return real_render(value)

    monkeypatch.setattr(telex, "_render", counting)
    bounds = Bounds(text_chars=50_000, posts=2_000, post_chars=100_000)
    with pytest.raises(TooLarge, match="EXTRACT_MAX_TEXT_CHARS"):
        read_page(TELEX, doc, blog_.url, Reading(bounds=bounds))
    # Posts are rendered until the text passes the bound, and not one more.
    wanted = (bounds.text_chars - opening) // size + 1
    assert 10 < wanted < 200
    posts_rendered = [v for v in rendered if content.paragraphs[0][:40] in v]
    assert len(posts_rendered) == wanted


def test_the_extract_command_applies_the_project_bounds(tmp_path):
    blog_, page = shared_string_liveblog(1_080_000)
    path = tmp_path / "page.html"
    path.write_bytes(page)
    result = subprocess.run(
        [sys.executable, "-m", "crawler.extract", str(path), "--url", blog_.url],
        capture_output=True,
        cwd=REPO,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("no record: too_large")
