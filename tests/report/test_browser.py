"""The dashboard in a real browser: headless Chromium opens the page from disk, and we
check that the plots were drawn (the DOM after layout) and that the screenshot shows them.

Skipped where no Chromium is installed (Debian: ``apt-get install chromium``; ``.ci/run``
installs it). ``REPORT_SCREENSHOT=/some/file.png`` keeps the screenshot for a look.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.report.page import BAR_COLOUR, STALE_BAND, STALE_COLOUR
from tests.report.png import Image, read_png
from tests.report.synthetic import series, write_portal
from tests.report.test_command import report

WINDOW = (1280, 2000)
PORTALS = {
    # a portal stale yesterday, one stale on a day in the past, one quiet for a week
    "index_abroad": series(40, 120, overrides={1: 0}),
    "telex_abroad": series(55, 120, overrides={20: 5, 21: 60}),
    "hvg_abroad": series(12, 45, overrides={n: 0 for n in range(3, 10)} | {0: 4}),
}


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    pytest.skip("no Chromium installed (Debian: apt-get install chromium)")


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


@dataclass
class Opened:
    page: Path
    dom: str
    screenshot: Image


def open_in_chromium(browser: str, page: Path, work: Path) -> tuple[str, bytes]:
    """The DOM after load (scripts run, layout done) and a screenshot of the page."""
    common = [
        browser,
        "--headless",
        "--no-sandbox",  # root in a container has no user namespace for the sandbox
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        f"--user-data-dir={work / 'profile'}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
    ]
    url = page.resolve().as_uri()
    dom = subprocess.run(
        [*common, "--dump-dom", url], capture_output=True, text=True, timeout=90, check=True
    ).stdout
    png = work / "page.png"
    subprocess.run(
        [*common, f"--screenshot={png}", url], capture_output=True, timeout=90, check=True
    )
    return dom, png.read_bytes()


@pytest.fixture(scope="module")
def opened(tmp_path_factory) -> Iterator[Opened]:
    browser = chromium()
    work = tmp_path_factory.mktemp("browser")
    for name, records in PORTALS.items():
        write_portal(work / "output", name, records, failures=2)
    page = work / "runs.html"
    written = report(str(page), "--output-dir", str(work / "output"))
    assert written.returncode == 0, written.stderr
    dom, png = open_in_chromium(browser, page, work)
    if keep := os.environ.get("REPORT_SCREENSHOT"):
        Path(keep).write_bytes(png)
    yield Opened(page, dom, read_png(png))


def plots(dom: str) -> dict[str, dict[str, str]]:
    """Each plot's ``data-`` attributes, by portal."""
    found = {}
    for tag in re.findall(r"<svg [^>]*>", dom):
        attributes = dict(re.findall(r'(data-[a-z-]+)="([^"]*)"', tag))
        found[attributes["data-portal"]] = attributes
    return found


def test_the_browser_drew_every_plot(opened):
    assert 'data-plots-rendered="3"' in opened.dom
    drawn = plots(opened.dom)
    assert sorted(drawn) == sorted(PORTALS)
    for name, attributes in drawn.items():
        width, height = map(int, attributes["data-bbox"].split("x"))
        # One bar a day across the 888-unit plot area (60 days), the highest near the top.
        days = min(len(PORTALS[name]), 60)
        assert abs(width - 888 / 60 * days) < 9, (name, attributes)
        assert height > 100, (name, attributes)
        shown_width, shown_height = map(int, attributes["data-screen"].split("x"))
        assert shown_width > 900 and shown_height > 200, (name, attributes)
    # Every day of the 60 with records has a bar of some height; zero days have none.
    assert drawn["index_abroad"]["data-drawn-bars"] == "59"
    assert drawn["telex_abroad"]["data-drawn-bars"] == "60"
    assert drawn["hvg_abroad"]["data-drawn-bars"] == str(45 - 7)


def test_the_screenshot_shows_the_plots_and_the_stale_marks(opened):
    image = opened.screenshot
    assert (image.width, image.height) == WINDOW
    colours = image.colours(step=2)  # a quarter of the pixels
    sampled = sum(colours.values())
    assert len(colours) > 100  # text, tables, bars: not a blank or one-colour page
    assert colours[(255, 255, 255)] < 0.9 * sampled
    # Bars: 59 + 60 + 38 of them, tall; the first two plots fit in the window at least.
    assert colours[hex_rgb(BAR_COLOUR)] > 20_000
    # The stale days' bands and marks (index yesterday, telex and hvg in the past).
    assert colours[hex_rgb(STALE_BAND)] > 500
    assert colours[hex_rgb(STALE_COLOUR)] > 50


def test_the_page_opened_from_disk_needs_nothing_else(opened):
    assert "<script src" not in opened.dom and "<link " not in opened.dom
    assert "Crawler runs: 3 portals, STALE: index_abroad" in opened.dom
