"""Pages built to hurt: each costs one article at most, never the run or its memory."""

from __future__ import annotations

import gzip

from tests.e2e.runner import crawl, peak_rss_mb
from tests.standin.server import StandinServer
from tests.standin.site import Route, StandinSite, add_generated, generate_articles

K = "/kulfold/2024/04/01"
HUGE = f"{K}/hatalmas_oldal/"
BOMB = f"{K}/tomoritett_bomba/"
DEEP = f"{K}/melyen_egymasba_agyazott/"
NO_TITLE = f"{K}/cim_nelkuli_oldal/"


def hostile_site() -> StandinSite:
    site = StandinSite()
    add_generated(site, generate_articles(3, seed=21))
    head = "<html><head><title>x</title></head><body>"
    site.add_route(
        HUGE, Route(body=(head + "<p>" + "a" * 8_000_000 + "</p></body></html>").encode())
    )
    bomb = gzip.compress(b"<html><body>" + b"\0" * 60_000_000 + b"</body></html>")
    site.add_route(BOMB, Route(body=bomb, headers={"Content-Encoding": "gzip"}, gzip=False))
    deep = head + "<div>" * 200_000 + "mély" + "</div>" * 200_000 + "</body></html>"
    site.add_route(DEEP, Route(body=deep.encode()))
    site.add_route(
        NO_TITLE,
        Route(
            body=b"<html><body><div class='cikk-torzs'><p>Csak"
            b" egy bekezd\xc3\xa9s.</p></div></body></html>"
        ),
    )
    for path in (HUGE, BOMB, DEEP, NO_TITLE):
        site.add_link("https://index.hu" + path, "csapda")
    return site


def test_hostile_pages_cost_only_themselves(tmp_path):
    site = hostile_site()
    with StandinServer(site) as server:
        run = crawl(
            server.base_url,
            tmp_path,
            measure=tmp_path / "usage.json",
        )
    assert run.returncode == 0, run.log[-3000:]
    urls = sorted(r["url"] for r in run.records())
    assert urls == sorted(e["url"] for e in site.expected_records())
    report = run.report()
    assert report["errors"] == {"too_large": 2}  # over DOWNLOAD_MAXSIZE: wire, gunzipped
    # libxml2 stops nesting at its depth limit: the deep page's text never reaches us.
    assert report["dropped"] == {"no_text": 1, "no_title": 1}
    assert "Traceback" not in run.log
    for path in (HUGE, BOMB, DEEP, NO_TITLE):
        warnings = [line for line in run.log.splitlines() if path in line and "WARNING" in line]
        assert len(warnings) == 1, warnings
    assert 0 < peak_rss_mb(tmp_path / "usage.json") < 400


OVER_MAXSIZE = f"{K}/tul_nagy_valasz/"


def test_a_response_over_download_maxsize_is_counted_too_large(tmp_path):
    site = StandinSite()
    add_generated(site, generate_articles(3, seed=22))
    # Sent as it is (no gzip), so the Content-Length itself is over the limit and the
    # download is cancelled before the body is read.
    page = "<html><head><title>x</title></head><body><p>" + "b" * 300_000 + "</p></body></html>"
    site.add_route(OVER_MAXSIZE, Route(body=page.encode(), gzip=False))
    site.add_link("https://index.hu" + OVER_MAXSIZE, "túl nagy")
    with StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path, DOWNLOAD_MAXSIZE="200000")
    assert run.returncode == 0, run.log[-3000:]
    assert len(run.records()) == 3
    report = run.report()
    assert report["errors"] == {"too_large": 1}
    assert run.stats()["articles/fetch_failed/too_large"] == 1
    lines = [x for x in run.log.splitlines() if OVER_MAXSIZE in x and "Could not fetch" in x]
    assert len(lines) == 1 and lines[0].endswith(": too_large"), lines
