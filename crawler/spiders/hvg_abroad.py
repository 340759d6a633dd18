"""hvg.hu Világ (foreign news): https://hvg.hu/vilag."""

from crawler.sites.hvg import SITE
from crawler.spiders.base import PortalSpider


class HvgAbroadSpider(PortalSpider):
    name = "hvg_abroad"
    site = SITE
    section = "vilag"
