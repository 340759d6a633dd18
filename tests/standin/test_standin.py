"""The stand-in itself: the server answers as configured, the site's promises hold."""

from __future__ import annotations

import gzip
import http.client
import subprocess
import sys
import threading
import time
from datetime import date
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from tests.standin import site as standin
from tests.standin.pages import BOILERPLATE, Article, Post
from tests.standin.server import StandinServer
from tests.standin.site import (
    REPO_ROOT,
    Route,
    StandinSite,
    add_generated,
    add_realworld,
    default_site,
    generate_articles,
    realworld_available,
)

Response = tuple[int, dict[str, str], bytes]


def fetch(server: StandinServer, target: str, headers: dict[str, str] | None = None) -> Response:
    """One GET without following redirects or decoding (http.client, not urllib)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("GET", target, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@pytest.fixture
def site() -> StandinSite:
    return default_site()


@pytest.fixture
def server(site: StandinSite):
    with StandinServer(site) as running:
        yield running


# --- server behaviour -------------------------------------------------------------------


def test_serves_section_page_feed_and_robots(server: StandinServer, site: StandinSite) -> None:
    status, headers, body = fetch(server, "/kulfold/")
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert b'class="rovatajanlo"' in body and b"</html>" in body

    status, headers, body = fetch(server, "/kulfold/rss/")
    assert status == 200 and "rss" in headers["content-type"]
    links = [link.text for link in ElementTree.fromstring(body).iter("link")]
    assert any("utm_source=rss" in (link or "") for link in links)

    status, _, body = fetch(server, "/robots.txt")
    assert status == 200
    assert f"Disallow: {standin.DISALLOWED_PATH}".encode() in body


def test_request_log_and_404(server: StandinServer) -> None:
    status, _, body = fetch(server, "/kulfold/2024/05/02/torolt_cikk_mar_nem_elerheto/")
    assert status == 404 and b"</html>" in body
    fetch(server, "/kulfold/?utm_source=x")
    fetch(server, "/kulfold/")
    assert server.requests[0] == ("GET", "/kulfold/2024/05/02/torolt_cikk_mar_nem_elerheto/")
    assert server.count("/kulfold/") == 1
    assert server.count("/kulfold/", any_query=True) == 2
    assert server.request_headers[0]["host"].startswith("127.0.0.1")


def test_503_once_then_200(server: StandinServer) -> None:
    path = standin.FOUR_DAY_WEEK.path
    assert fetch(server, path)[0] == 503
    status, _, body = fetch(server, path)
    assert status == 200 and standin.FOUR_DAY_WEEK.title.encode() in body
    assert fetch(server, path)[0] == 200  # the last status repeats


def test_redirect_answers_with_location(server: StandinServer) -> None:
    status, headers, _ = fetch(server, standin.REDIRECT_FROM)
    assert status == 301
    assert headers["location"] == standin.FERRY_STRIKE.url
    relative = server.site.add_route("/rel/", Route(status=302, location="/kulfold/"))
    status, headers, _ = fetch(server, "/rel/")
    assert (status, headers["location"], relative.hits) == (302, "/kulfold/", 1)


def test_gzip_only_when_accepted(server: StandinServer) -> None:
    path = standin.FLOOD.path
    _, plain_headers, plain = fetch(server, path)
    assert "content-encoding" not in plain_headers
    _, headers, packed = fetch(server, path, {"Accept-Encoding": "gzip, deflate"})
    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(packed) == plain
    _, pdf_headers, _ = fetch(server, standin.PDF_PATH, {"Accept-Encoding": "gzip"})
    assert pdf_headers["content-type"] == "application/pdf"
    assert "content-encoding" not in pdf_headers


def test_truncated_transfer_and_truncated_html(server: StandinServer) -> None:
    server.site.add_route("/cut/", Route(body=b"<html>" + b"x" * 5000, truncate_to=100))
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", "/cut/")
    response = conn.getresponse()
    assert response.getheader("Content-Length") == "5006"
    with pytest.raises(http.client.IncompleteRead):
        response.read()
    conn.close()

    status, _, body = fetch(server, standin.TRUNCATED_PATH)
    text = body.decode()
    assert status == 200 and 'class="lead"' in text and "</html>" not in text
    assert text.rfind("<p>") > text.rfind("</p>")  # cut inside a paragraph


def test_empty_page(server: StandinServer) -> None:
    status, headers, body = fetch(server, standin.EMPTY_PATH)
    assert (status, body, headers["content-length"]) == (200, b"", "0")


def test_delay_and_prompt_shutdown(site: StandinSite) -> None:
    site.add_route("/slow/", Route(body=b"late", delay_seconds=300))
    site.add_route("/bit-slow/", Route(body=b"ok", delay_seconds=0.2))
    answers: list[bytes] = []
    errors: list[BaseException] = []
    with StandinServer(site) as server:
        assert fetch(server, "/bit-slow/")[2] == b"ok"  # answered once its delay is over

        def slow() -> None:
            try:
                answers.append(fetch(server, "/slow/")[2])
            except Exception as exc:  # the server hangs up on shutdown
                errors.append(exc)

        client = threading.Thread(target=slow, daemon=True)
        client.start()
        while server.count("/slow/") == 0:
            time.sleep(0.01)
    # Not answered before its delay, and shutdown did not wait it out: the slow request
    # was dropped (pytest-timeout is the safety net should the server wait the 300 s).
    client.join()
    assert answers == [] and errors


def test_held_requests_wait_for_release_and_are_dropped_on_shutdown(site: StandinSite) -> None:
    site.add_route("/a/", Route(body=b"a"))
    site.add_route("/b/", Route(body=b"b"))
    answers: list[bytes] = []
    errors: list[BaseException] = []

    def get(target: str) -> None:
        try:
            answers.append(fetch(server, target)[2])
        except Exception as exc:
            errors.append(exc)

    with StandinServer(site) as server:
        hold = server.hold(lambda target: target in ("/a/", "/b/"), after=1)
        assert fetch(server, "/a/")[2] == b"a"  # the first matching request goes through
        assert fetch(server, "/robots.txt")[0] == 200  # not matched: never held
        first = threading.Thread(target=get, args=("/b/",), daemon=True)
        first.start()
        while hold.waiting == 0:
            time.sleep(0.01)
        assert answers == [] and server.paths()[-1] == "/b/"  # logged on arrival
        hold.release()
        first.join()
        assert answers == [b"b"] and hold.waiting == 0
        assert fetch(server, "/a/")[2] == b"a"  # released: nothing waits any more
        again = server.hold(lambda target: target == "/b/")
        second = threading.Thread(target=get, args=("/b/",), daemon=True)
        second.start()
        while again.waiting == 0:
            time.sleep(0.01)
    second.join()  # the server stopped: the held request was dropped, not answered
    assert answers == [b"b"] and len(errors) == 1


def test_ready_on_enter_and_stops(site: StandinSite) -> None:
    server = StandinServer(site)
    with server:
        assert server.base_url == f"http://127.0.0.1:{server.port}"
        assert fetch(server, "/robots.txt")[0] == 200  # no waiting before the first request
    with pytest.raises(OSError):
        fetch(server, "/robots.txt")


# --- site promises ----------------------------------------------------------------------


def test_expected_records_are_consistent(site: StandinSite) -> None:
    records = site.expected_records()
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls)) == 13
    assert all(u.startswith("https://index.hu/kulfold/2024/05/") and u.endswith("/") for u in urls)
    kinds = [r["kind"] for r in records]
    assert kinds.count("liveblog") == 1 and kinds.count("article") == 12
    assert [r["language"] for r in records].count("en") == 1
    assert any(len(r["authors"]) == 2 for r in records)
    for record in records:
        assert record["title"] and record["lead"] and record["authors"]
        assert record["published"].endswith("+02:00")
        assert all(isinstance(p, str) and p for p in record["text_paragraphs"])
        path = urlsplit(record["url"]).path
        route = site.resolve(path)
        assert route is not None and route.content_type.startswith("text/html")
        assert record["title"] in route.render().decode()

    blog = next(r for r in records if r["kind"] == "liveblog")
    assert len(blog["posts"]) == 6  # the post shown twice counts once
    assert blog["text_paragraphs"] == [p for post in blog["posts"] for p in post["paragraphs"]]
    two_pages = next(r for r in records if r["url"] == standin.BALTIC.url)
    assert "Mit mondanak a választók?" in two_pages["text_paragraphs"]  # page 2 subheading


def test_traps_are_not_expected(site: StandinSite) -> None:
    expected = {urlsplit(r["url"]).path for r in site.expected_records()}
    traps = [
        standin.DISALLOWED_PATH,
        standin.TRUNCATED_PATH,
        standin.MISSING_PATH,
        standin.PDF_PATH,
        standin.EMPTY_PATH,
        standin.BELFOLD_PATH,
        standin.REDIRECT_FROM,
    ]
    assert not expected & set(traps)
    assert site.resolve(standin.MISSING_PATH) is None
    never = site.never_fetch_paths()
    assert standin.DISALLOWED_PATH in never and standin.BELFOLD_PATH in never
    assert any("utm_source" in path for path in never)
    assert not expected & set(never)


def test_boilerplate_never_in_expected_text(site: StandinSite) -> None:
    strings = site.boilerplate_strings()
    assert set(BOILERPLATE) <= set(strings)
    assert "következő rész" in strings and "Hirdetés" in strings
    page = site.resolve(standin.BALTIC.path).render().decode()
    for text in ("Hirdetés", "következő rész", "Ehhez a cikkhez ajánljuk"):
        assert text in page  # the boilerplate really is on the page...
    for record in site.expected_records():
        body = "\n".join(record["text_paragraphs"])
        assert not [s for s in strings if s in body]  # ...and never in the body


def test_section_page_has_messy_links(site: StandinSite) -> None:
    page = site.resolve("/kulfold/").render().decode()
    for href in (
        'href="http://index.hu/kulfold/',
        'href="//index.hu/kulfold/',
        'href="https://www.index.hu/kulfold/',
        'href="/kulfold/2024/',
        "utm_source=index",
        "#kommentek",
        'href="https://index.hu/belfold/',
        'href="https://telex.hu/',
        "mailto:",
    ):
        assert href in page, href
    assert page.count(standin.EU_SUMMIT.path) >= 2  # duplicate link


def test_day_and_archive_pages(site: StandinSite) -> None:
    day = site.resolve("/kulfold/2024/05/06/").render().decode()
    assert standin.FLOOD.url in day and standin.BELFOLD_PATH not in day
    site.archive_page_size = 5
    target = "/24ora/?s=&tol=2024-05-01&ig=2024-05-07&profil=&rovat=kulfold&cimke=&word=1&pepe=1"
    pages = [site.resolve(f"{target}&p={n}").render().decode() for n in range(5)]
    listed = [page.count('<article class="rovatajanlo">') for page in pages]
    assert listed == [5, 5, 5, 0, 0]  # 15 dated articles, then empty pages past the end
    assert standin.STORM_BLOG.url in pages[0]  # newest first
    assert standin.BELFOLD_PATH not in "".join(pages)
    everything = site.resolve(target.replace("rovat=kulfold", "rovat=") + "&p=0").render()
    assert standin.BELFOLD_PATH.encode() in everything


def test_backfill_expectation_includes_unlisted_articles(site: StandinSite) -> None:
    old = generate_articles(3, seed=5, newest=date(2024, 4, 20))
    for article in old:
        site.add_article(article, section_page=False, feed=False)
    plain = {r["url"] for r in site.expected_records()}
    backfill = {
        r["url"] for r in site.expected_records(backfill=(date(2024, 4, 20), date(2024, 4, 20)))
    }
    assert backfill - plain == {a.url for a in old}


def test_mutations_show_on_next_fetch(site: StandinSite) -> None:
    path = standin.OIL_FUND.path
    site.change_text(
        path,
        ["Teljesen új első bekezdés.", "És egy második."],
        modified="2024-05-08T10:00:00+02:00",
    )
    assert "Teljesen új első bekezdés." in site.resolve(path).render().decode()
    record = site.expected_record(path)
    assert record["text_paragraphs"] == ["Teljesen új első bekezdés.", "És egy második."]
    assert record["modified"] == "2024-05-08T10:00:00+02:00"

    blog = standin.STORM_BLOG.path
    site.add_post(
        blog,
        Post(
            id=5107,
            published="2024-05-07T15:00:00+02:00",
            author="Sebők Ábel",
            title="Csillapodik a szél",
            paragraphs=["Estére gyengül a vihar."],
        ),
    )
    assert 'id="p5107"' in site.resolve(blog).render().decode()
    assert site.expected_record(blog)["posts"][0]["title"] == "Csillapodik a szél"
    assert default_site().expected_record(blog)["posts"][0]["title"] != "Csillapodik a szél"


def test_add_article_rejects_duplicates(site: StandinSite) -> None:
    with pytest.raises(ValueError):
        site.add_article(
            Article(
                path=standin.FLOOD.path,
                title="x",
                lead="y",
                authors=["z"],
                published="2024-05-06T10:00:00+02:00",
            )
        )


def test_generate_ten_thousand_articles() -> None:
    # How fast: ``python -m benchmarks.timings`` (it was a 5 s bound here).
    articles = generate_articles(10_000, seed=1)
    site = default_site()
    add_generated(site, articles)
    assert len({a.path for a in articles}) == 10_000
    assert len(site.expected_records()) == 13 + 10_000
    bodies = [len(" ".join(a.text_paragraphs())) for a in articles[:200]]
    assert 2_500 < sum(bodies) / len(bodies) < 3_500
    assert len({a.text_paragraphs()[0] for a in articles[:1000]}) == 1000
    sizes = [len(site.resolve(a.path).render()) for a in articles[:20]]
    assert all(60_000 <= size <= 90_000 for size in sizes)
    # The listings stay under the crawler's size bounds (EXTRACT_MAX_CHARS = 3M).
    assert len(site.resolve("/kulfold/").render().decode()) < 2_500_000
    assert len(site.resolve("/kulfold/rss/").render()) < 1_000_000
    assert generate_articles(3, seed=1)[0] == articles[0]  # deterministic


@pytest.mark.realworld
def test_realworld_pages_served_at_their_paths() -> None:
    if not realworld_available():
        pytest.skip("../shared/fixtures/realworld is not available")
    site = StandinSite()
    served = add_realworld(site)
    assert "/kulfold/2011/02/03/harom_tengerig_nyulo_tervet_dedelgetunk/" in served
    with StandinServer(site) as server:
        status, headers, body = fetch(server, served[0])
        assert status == 200 and headers["content-type"].startswith("text/html")
        assert b"</html>" in body


def test_command_line_prints_base_url_and_serves() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.standin.server", "--articles", "30", "--delay", "0"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        port = urlsplit(base_url).port
        assert base_url == f"http://127.0.0.1:{port}"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/kulfold/")
        page = conn.getresponse().read()
        conn.close()
        assert page.count(b"_00029/") == 1  # the last generated article is listed
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
