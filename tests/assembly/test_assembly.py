"""The assembly on its own: pages in, one record out, no Scrapy.

A small invented portal (``Paper``) stands in for the site modules, so these tests say what
the assembly does whatever a portal's markup: articles ``/rovat/<slug>`` and their later
pages ``/rovat/<slug>/<n>``, a ``rel=next`` pager, live-blog posts ``li.post``.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html

from crawler.assembly.assemble import (
    Assembly,
    Limits,
    Step,
    decoding_counts,
    page_text,
)
from crawler.sites import Bounds, Listing, NotAnArticle, Page, PagePost, Reading, Site, TooLarge
from crawler.sites.base import budget_of
from tests.conftest import REPO

ORIGIN = "https://paper.example"
ARTICLE = f"{ORIGIN}/kulfold/hosszu_cikk"
OTHER = f"{ORIGIN}/kulfold/masik_cikk"
T0 = datetime(2026, 12, 6, 5, 0, 0, 250_000, tzinfo=UTC)


class Paper(Site):
    name: ClassVar[str] = "paper.example"
    hosts: ClassVar[frozenset[str]] = frozenset({"paper.example"})

    def article_url(self, url: str) -> str | None:
        parts = urlsplit(url)
        if parts.hostname not in self.hosts:
            return None
        segments = [s for s in parts.path.split("/") if s]
        if segments and segments[-1].isdigit():
            segments = segments[:-1]  # a later page is its article
        if len(segments) != 2:
            return None
        return f"{ORIGIN}/{'/'.join(segments)}"

    def section_of(self, canonical: str) -> str | None:
        return urlsplit(canonical).path.split("/")[1]

    def listings(self, section: str) -> list[Listing]:
        return [Listing(f"{ORIGIN}/{section}")]

    def parse(self, doc: html.HtmlElement, url: str, reading: Reading | None = None) -> Page:
        budget = budget_of(reading)
        posts = [
            PagePost(
                key=li.get("id"),
                published=None,
                authors=[],
                title=None,
                paragraphs=[li.text_content().strip()],
            )
            for li in doc.xpath("//li[@class='post']")
        ]
        following = doc.xpath("//a[@rel='next']/@href")
        return Page(
            kind="liveblog" if posts else "article",
            title=(doc.xpath("string(//h1)") or "").strip() or None,
            section=doc.get("data-section") or None,
            paragraphs=budget.body(p.text_content().strip() for p in doc.xpath("//p")),
            posts=budget.posts(posts),
            next_page=urljoin(url, following[0]) if following else None,
            via=doc.get("data-via") or None,
        )


SITE = Paper()


def page(*paragraphs: str, title: str = "Cím", next: str | None = None, **extra: str) -> str:
    """A page of the invented portal: a headline, paragraphs or ``post:<id>:<text>`` posts."""
    attrs = " ".join(f'data-{k}="{v}"' for k, v in extra.items())
    body = "".join(
        f'<li class="post" id="{p.split(":")[1]}">{p.split(":", 2)[2]}</li>'
        if p.startswith("post:")
        else f"<p>{p}</p>"
        for p in paragraphs
    )
    pager = f'<a rel="next" href="{next}">tovább</a>' if next else ""
    return f"<html {attrs}><body><h1>{title}</h1><ul>{body}</ul>{pager}</body></html>"


def assembly(**kwargs) -> Assembly:
    kwargs.setdefault("section", "kulfold")
    return Assembly(SITE, ARTICLE, **kwargs)


def test_pages_are_merged_in_reading_order():
    a = assembly()
    first = a.add(page("Egy.", next=f"{ARTICLE}/2"), ARTICLE, T0)
    assert (first.next, a.next_number) == (f"{ARTICLE}/2", 2)
    second = a.add(page("Kettő.", next="3"), f"{ARTICLE}/2", T0 + timedelta(seconds=5))
    assert second.next == f"{ARTICLE}/3"  # resolved against the page it is on
    last = a.add(page("Három."), f"{ARTICLE}/3", T0 + timedelta(seconds=9))
    assert last.next is None and last.ignored is None
    item = a.record()
    assert (item.url, item.source, item.section) == (ARTICLE, "paper.example", "kulfold")
    assert item.text == "Egy.\n\nKettő.\n\nHárom."
    assert item.crawled_at == "2026-12-06T05:00:09Z"  # the last page's arrival, whole seconds


def test_the_first_page_is_read_as_the_article_and_later_pages_as_their_own_address():
    seen: list[str] = []

    class Watching(Paper):
        def parse(self, doc, url, reading=None):
            seen.append(url)
            return super().parse(doc, url, reading)

    a = Assembly(Watching(), ARTICLE, section="kulfold")
    assert a.arrive(f"{ARTICLE}?utm_source=x", T0) is None
    a.read(page("Egy.", next=f"{ARTICLE}/2"))
    assert a.arrive(f"{ARTICLE}/2", T0) is None
    a.read(page("Kettő."))
    assert seen == [ARTICLE, f"{ARTICLE}/2"]


def test_a_first_page_that_landed_on_another_article_makes_that_article_s_record():
    a = assembly()
    assert a.arrive(OTHER, T0) is None
    assert (a.requested, a.canonical) == (ARTICLE, OTHER)
    a.read(page("Másik."))
    assert a.record().url == OTHER


@pytest.mark.parametrize(
    "landed", [f"{ORIGIN}/belfold/cikk", "https://elsewhere.example/kulfold/x", f"{ORIGIN}/"]
)
def test_a_first_page_that_landed_off_the_section_gives_no_record(landed):
    with pytest.raises(NotAnArticle) as raised:
        assembly().arrive(landed, T0)
    assert raised.value.reason == "redirected_off_section"


@pytest.mark.parametrize(
    ("pager", "reason"),
    [
        (f"{OTHER}/2", "other_article"),
        ("https://elsewhere.example/kulfold/hosszu_cikk/2", "other_host"),
    ],
)
def test_a_pager_to_a_page_of_another_article_is_refused(pager, reason):
    a = assembly()
    step = a.add(page("Egy.", next=pager), ARTICLE, T0)
    assert step.next is None
    assert (step.ignored.url, step.ignored.reason) == (pager, reason)
    assert step.counts() == {f"articles/pager_ignored/{reason}": 1}
    assert a.record().text == "Egy."  # made of the pages before it


def test_a_later_page_that_landed_on_another_article_is_not_read():
    a = assembly()
    a.add(page("Egy.", next=f"{ARTICLE}/2"), ARTICLE, T0)
    later = T0 + timedelta(minutes=1)
    step = a.arrive(f"{OTHER}/2", later)  # where a redirect took the request for page 2
    assert step is not None and step.page is None and step.next is None
    assert (step.ignored.reason, step.counts()) == (
        "redirected",
        {"articles/pager_ignored/redirected": 1},
    )
    item = a.record()
    assert item.text == "Egy."
    assert item.crawled_at == "2026-12-06T05:01:00Z"  # the last answer the article had
    with pytest.raises(RuntimeError):
        a.arrive(f"{ARTICLE}/3", later)  # nothing further was asked for


def test_at_most_max_pages_are_followed():
    a = assembly(limits=Limits(max_pages=2))
    a.add(page("Egy.", next=f"{ARTICLE}/2"), ARTICLE, T0)
    step = a.add(page("Kettő.", next=f"{ARTICLE}/3"), f"{ARTICLE}/2", T0)
    assert step.next is None and step.page_limit
    assert step.counts() == {"articles/page_limit_reached": 1}
    assert a.record().text == "Egy.\n\nKettő."


def test_the_record_is_bounded_before_a_further_page_is_asked_for():
    a = assembly(limits=Limits(bounds=Bounds(text_chars=20)))
    a.add(page("a" * 9, next=f"{ARTICLE}/2"), ARTICLE, T0)
    # Each page alone is within the bound; together they pass it: no page 3 is asked for.
    with pytest.raises(TooLarge, match="EXTRACT_MAX_TEXT_CHARS"):
        a.add(page("b" * 11, next=f"{ARTICLE}/3"), f"{ARTICLE}/2", T0)


def test_a_post_two_pages_show_is_one_post():
    a = assembly(limits=Limits(bounds=Bounds(posts=3)))
    a.add(page("post:p1:Első.", "post:p2:Második.", next=f"{ARTICLE}/2"), ARTICLE, T0)
    a.add(page("post:p2:Második.", "post:p3:Harmadik."), f"{ARTICLE}/2", T0)
    item = a.record()
    assert item.kind == "liveblog"
    assert [p["text"] for p in item.posts] == ["Első.", "Második.", "Harmadik."]
    assert item.text == "Első.\n\nMásodik.\n\nHarmadik."
    # Three distinct posts are within EXTRACT_MAX_POSTS=3; a fourth is not.
    b = assembly(limits=Limits(bounds=Bounds(posts=3)))
    b.add(page("post:p1:Első.", "post:p2:Második.", next=f"{ARTICLE}/2"), ARTICLE, T0)
    with pytest.raises(TooLarge, match="EXTRACT_MAX_POSTS"):
        b.add(page("post:p3:Harmadik.", "post:p4:Negyedik."), f"{ARTICLE}/2", T0)


def test_a_first_page_of_another_section_gives_no_record_when_only_the_page_can_say():
    a = assembly(check_section=True)
    with pytest.raises(NotAnArticle) as raised:
        a.add(page("Egy.", section="sport", via="state"), ARTICLE, T0)
    assert raised.value.reason == "other_section"
    # What the page said still counts, as the crawl counts every page it read.
    assert a.latest is not None and a.latest.counts() == {"extract/via/state": 1}
    ours = assembly(check_section=True)
    ours.add(page("Egy.", section="kulfold"), ARTICLE, T0)
    assert ours.record().section == "kulfold"
    unchecked = assembly()
    unchecked.add(page("Egy.", section="sport"), ARTICLE, T0)
    assert unchecked.record().section == "kulfold"  # the spider's section names the record


def test_pages_that_give_no_record_say_why():
    for text, reason in [
        (page("Egy.", title=""), "no_title"),
        (page(), "no_text"),
    ]:
        a = assembly()
        a.add(text, ARTICLE, T0)
        with pytest.raises(NotAnArticle) as raised:
            a.record()
        assert raised.value.reason == reason
    with pytest.raises(NotAnArticle, match="too_large"):
        assembly(limits=Limits(max_chars=100)).add(page("x" * 200), ARTICLE, T0)


def test_without_a_section_the_record_takes_the_url_s():
    a = Assembly(SITE, ARTICLE)
    a.add(page("Egy."), ARTICLE)
    item = a.record()
    assert item.section == "kulfold"
    assert item.crawled_at.endswith("Z")  # no arrival time given: now


def test_a_page_is_handed_over_in_order():
    a = assembly()
    with pytest.raises(RuntimeError):
        a.read(page("Egy."))  # read before it arrived


def test_limits_come_from_the_settings():
    values = {
        "ARTICLE_MAX_PAGES": 3,
        "EXTRACT_MAX_CHARS": 1000,
        "EXTRACT_MAX_TEXT_CHARS": 10,
        "EXTRACT_MAX_POSTS": 2,
        "EXTRACT_MAX_POST_CHARS": 5,
    }

    class Settings:
        def getint(self, name: str, default: int = 0) -> int:
            return values[name]

    assert Limits.from_settings(Settings()) == Limits(3, 1000, Bounds(10, 2, 5))


def test_step_counts_name_the_crawl_s_stats():
    read = Page(kind="article", title="Cím", via="html", implausible_dates=2)
    assert Step(read).counts() == {"extract/via/html": 1, "extract/implausible_date": 2}


# --- bytes to text -------------------------------------------------------------------------


def test_page_text_refuses_what_is_not_a_whole_html_page():
    whole = page("Árvíztűrő.").encode()
    with pytest.raises(NotAnArticle, match="not_html"):
        page_text(SITE, whole, "application/pdf")
    with pytest.raises(NotAnArticle, match="not_html"):
        page_text(SITE, whole, "", textual=False)
    with pytest.raises(NotAnArticle, match="truncated"):
        page_text(SITE, whole[:40], "text/html")
    decoded = page_text(SITE, whole, "text/html; charset=utf-8")
    assert "Árvíztűrő." in decoded.text and decoding_counts(decoded) == {}
    latin2 = page("Árvíztűrő.").encode("iso-8859-2")  # says nothing, read by a sniff
    mislabelled = page_text(SITE, latin2 + b"\x00", "text/html; charset=utf-8")
    assert "Árvíztűrő." in mislabelled.text
    assert decoding_counts(mislabelled) == {
        "decode/charset_corrected": 1,
        "decode/nul_stripped": 1,
    }


def test_the_assembly_needs_no_scrapy():
    code = (
        "import sys\n"
        "from crawler.assembly.assemble import extract_page\n"
        "html = '<html><body><h1>Cím</h1><p>Szöveg.</p></body></html>'\n"
        "extract_page(html, 'https://index.hu/kulfold/2024/05/06/x/', max_chars=10**6)\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('scrapy', 'twisted')]\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=60)
