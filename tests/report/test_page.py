"""The dashboard page (crawler.report.page), read as text: what it says, not how it looks
(tests/report/test_browser.py looks)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

from crawler.report.page import Dashboard, _ticks, render
from crawler.report.portals import read_portals
from crawler.report.stale import stale_days
from crawler.run.health import EXIT_STATUSES
from tests.report.synthetic import series, today, write_portal


def board(output_dir, span=60) -> Dashboard:
    portals = read_portals(output_dir)
    now = datetime.now(UTC)
    stale = stale_days({p.name: p.records() for p in portals}, today())
    return Dashboard(portals, stale, today(), now, span, str(output_dir), EXIT_STATUSES)


class Outline(HTMLParser):
    """Tags, and the text under headings, of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("h1", "h2", "h3", "title"):
            self._in, self._text = tag, ""

    def handle_endtag(self, tag):
        if tag == self._in:
            self.headings.append(f"{tag}:{' '.join(self._text.split())}")
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._text += data


def test_one_self_contained_page_with_a_plot_and_a_table_per_portal(tmp_path):
    write_portal(tmp_path, "index_abroad", series(40, 90, overrides={1: 0}), failures=2)
    write_portal(tmp_path, "telex_abroad", series(55, 90), generic=3)
    html = render(board(tmp_path))
    outline = Outline()
    outline.feed(html)
    assert html.startswith("<!doctype html>") and '<html lang="en">' in html
    assert "title:Crawler runs: 2 portals, STALE: index_abroad" in outline.headings[0]
    assert "h1:Crawler runs" in outline.headings
    assert "h2:index_abroad STALE" in outline.headings
    assert "h2:telex_abroad not stale" in outline.headings
    assert "h3:Failures by reason, last 60 days" in outline.headings
    # The summary, a day table per portal, and a failure table where there were failures.
    assert outline.tags.count("svg") == 2 and outline.tags.count("table") == 4
    # Nothing to fetch: no external script, style, image or font.
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    # Each plot says what it shows in words too.
    assert '<title id="portal-0-index_abroad-title">Records per day: index_abroad</title>' in html
    assert f"Stale days: {(today() - timedelta(days=1)).isoformat()}." in html


def test_the_numbers_are_in_tables_as_well(tmp_path):
    write_portal(tmp_path, "index_abroad", series(40, 90, overrides={1: 0, 0: 7}), failures=2)
    write_portal(tmp_path, "telex_abroad", series(55, 90), generic=3)
    html = render(board(tmp_path))
    yesterday = (today() - timedelta(days=1)).isoformat()
    assert re.search(rf'<tr class=stale><th scope="row">{yesterday}</th>', html)
    assert "<td>today, not over</td>" in html
    # Generic fallbacks as a share of the articles extracted: 60 days of 3 in 55 + 2.
    assert "5.3 % (180 of 3,420)" in html
    assert "<code>no_text</code></th><td>no record: extraction</td>" in html
    assert "<code>other_section</code></th><td>not ours (no failure)</td>" in html
    assert "<code>http_500</code></th><td>request failed</td>" in html


def test_the_last_run_status_and_time_and_a_problem_are_shown_escaped(tmp_path):
    finished = datetime(2026, 12, 6, 5, 30, tzinfo=UTC)
    write_portal(
        tmp_path,
        "origo_abroad",
        series(10, 5),
        status=2,
        problem="the site could not be reached (<dns>)",
        finished=finished,
    )
    html = render(board(tmp_path))
    assert "2: the site could not be reached, answered only errors" in html
    assert "2026-12-06 06:30 CET" in html
    assert "Problem: the site could not be reached (&lt;dns&gt;)." in html


def test_a_rebuilt_rollup_is_said_so(tmp_path):
    directory = write_portal(tmp_path, "hvg_abroad", series(10, 5))
    (directory / "days.json").write_text("{")
    html = render(board(tmp_path))
    assert "days.json was missing or unreadable" in html


def test_axis_steps_are_round_and_leave_room_above_the_highest_bar():
    assert _ticks(0) == (1, 1)
    assert _ticks(3) == (1, 4)
    assert _ticks(25) == (10, 30)
    assert _ticks(40) == (10, 50)
    assert _ticks(1234) == (500, 1500)
