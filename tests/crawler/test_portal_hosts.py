"""Requests stay on the spider's portal, and reach its hosts through the mirror."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.run.downloads import PortalHostsMiddleware
from crawler.run.failures import OffPortal
from crawler.run.mirror import Mirrors
from crawler.sites.index_hu import SITE
from crawler.spiders.index_abroad import IndexAbroadSpider

MIRROR = "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://index.hu/kulfold/2024/05/06/x/", None),  # the mirror maps it
        (f"{MIRROR}/kulfold/2024/05/06/x/", None),  # a redirect on the mirror
        (f"{MIRROR}/robots.txt", None),
        ("https://telex.hu/kulfold/2024/05/06/x", "other_host"),
        ("http://127.0.0.1:9000/kulfold/2024/05/06/x/", "other_host"),  # another server
        ("https://velvet.hu/kulfold/2024/05/06/x/", "unmirrored"),  # would skip the mirror
    ],
)
def test_problem_with_a_mirror(url, problem):
    middleware = PortalHostsMiddleware(get_crawler(), Mirrors({"index.hu": MIRROR}))
    assert middleware.problem(url, SITE.hosts) == problem


def test_without_a_mirror_every_portal_host_is_fetched_directly():
    middleware = PortalHostsMiddleware(get_crawler(), Mirrors({}))
    assert middleware.problem("https://velvet.hu/kulfold/2024/05/06/x/", SITE.hosts) is None
    assert middleware.problem("https://example.com/", SITE.hosts) == "other_host"


def test_an_offsite_request_is_dropped_and_counted():
    crawler = get_crawler(IndexAbroadSpider)
    crawler.spider = crawler._create_spider()
    crawler.stats.open_spider()
    middleware = PortalHostsMiddleware.from_crawler(crawler)
    assert middleware.process_request(Request("https://index.hu/kulfold/")) is None
    with pytest.raises(OffPortal):
        middleware.process_request(Request("https://example.com/x"))
    assert crawler.stats.get_value("fetch/offsite/other_host") == 1
