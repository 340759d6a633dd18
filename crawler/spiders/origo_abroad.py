"""origo.hu Nagyvilág (foreign news): https://www.origo.hu/nagyvilag/index.html."""

from crawler.sites.origo import SITE
from crawler.spiders.base import PortalSpider


class OrigoAbroadSpider(PortalSpider):
    name = "origo_abroad"
    site = SITE
    section = "nagyvilag"
