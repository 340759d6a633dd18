"""The README's exit-status table, row by row, produced by the real ``scrapy crawl``.

Rows tested elsewhere: 0 throughout; 2 (nothing answers), 3, 5 and 75 in
``test_scheduled_runs.py``; 4 and 6 in ``test_reliability.py``; 7 in both.
"""

from __future__ import annotations

import pytest

from crawler.run.health import NOT_STARTED, UNREACHABLE
from tests.e2e.runner import crawl
from tests.standin.server import StandinServer
from tests.standin.site import Route, StandinSite, add_generated, generate_articles


def one_line_refusal(run) -> str:
    """The run's whole output: one line, no banner before it (test_one_line_errors.py
    checks stdout and stderr apart)."""
    assert "Traceback" not in run.log
    [line] = [line for line in run.log.splitlines() if line.strip()]
    assert line.startswith("Cannot start the crawl: "), line
    return line


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["-a", "since=2019-13-01"], "since='2019-13-01' is not a date of the form YYYY-MM-DD"),
        (["-a", "since=2024-05-02", "-a", "until=2024-05-01"], "is after until=2024-05-01"),
        (["-a", "until=2024-05-01"], "needs -a since=YYYY-MM-DD as well"),
        (["-a", "since"], "Invalid -a value, use -a NAME=VALUE"),
        (["-s", "DOWNLOAD_DELAY=abc"], "DOWNLOAD_DELAY='abc' is not a number"),
        (["-s", "HEALTH_MIN_DOWNLOADED=1.5"], "HEALTH_MIN_DOWNLOADED='1.5' is not a whole number"),
        (["-s", "RUN_MAX_NEW_ARTICLES=-1"], "RUN_MAX_NEW_ARTICLES='-1' is negative"),
        (["-s", "ROBOTSTXT_OBEY=maybe"], "ROBOTSTXT_OBEY='maybe' is not true or false"),
    ],
)
def test_1_bad_arguments_and_settings(tmp_path, arguments, says):
    site = StandinSite()
    with StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path, *arguments)
        assert server.requests == []
    assert run.returncode == NOT_STARTED, run.log[-2000:]
    assert says in one_line_refusal(run)


def test_1_bad_base_urls_and_unknown_spider(tmp_path):
    bad_json = crawl({"index.hu": "x"}, tmp_path, BASE_URLS="{not json")
    assert bad_json.returncode == NOT_STARTED
    assert "BASE_URLS='{not json' is not a JSON object" in one_line_refusal(bad_json)
    not_a_url = crawl({"index.hu": "ftp://mirror"}, tmp_path)
    assert not_a_url.returncode == NOT_STARTED
    assert "is not an http(s) origin" in one_line_refusal(not_a_url)
    unknown = crawl("http://127.0.0.1:9", tmp_path, spider="index_abroadd")
    assert unknown.returncode == NOT_STARTED
    refusal = one_line_refusal(unknown)
    assert "no spider named 'index_abroadd' (there are: " in refusal and "index_abroad" in refusal


def test_1_a_component_that_cannot_start_is_one_line(tmp_path):
    run = crawl("http://127.0.0.1:9", tmp_path, TRANSLATE_TO="xyz")
    assert run.returncode == NOT_STARTED
    # Found before Scrapy starts: the component's own refusal, in the one line.
    line = one_line_refusal(run)
    assert (
        line == "Cannot start the crawl: TRANSLATE_TO must be a two-letter language code, not 'xyz'"
    )


class AnswersOnly:
    """A site answering every request with one status (an overloaded or blocking host)."""

    def __init__(self, status: int) -> None:
        self.status = status

    def resolve(self, target: str) -> Route:
        return Route(status=self.status)


@pytest.mark.parametrize("status", [500, 429])
def test_2_a_site_answering_only_errors_is_unreachable(tmp_path, status):
    with StandinServer(AnswersOnly(status)) as server:
        run = crawl(server.base_url, tmp_path)
    assert run.returncode == UNREACHABLE, run.log[-2000:]
    assert run.report()["problem"] == f"no listing page could be fetched: http_{status}=2"
    [line] = [line for line in run.log.splitlines() if "answered no listing request" in line]
    assert " ERROR: " in line


@pytest.mark.parametrize("status", [404, 429])
def test_2_articles_that_all_fail_to_download(tmp_path, status):
    site = StandinSite()
    articles = generate_articles(6, seed=45)
    add_generated(site, articles)
    for article in articles:
        site.routes[article.path] = Route(status=status)
    with StandinServer(site) as server:
        run = crawl(server.base_url, tmp_path)
        assert run.returncode == UNREACHABLE, run.log[-2000:]
        assert run.report()["problem"] == (
            f"6 of 6 articles could not be fetched (http_{status}=6)"
        )
        again = crawl(server.base_url, tmp_path)
    # A 404 is remembered and not asked again for a day: it still counts, every run.
    assert again.returncode == UNREACHABLE
