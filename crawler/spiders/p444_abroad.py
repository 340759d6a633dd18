"""444.hu Külföld (foreign news): https://444.hu/category/kulfold."""

from crawler.sites.p444 import SITE
from crawler.spiders.base import PortalSpider


class P444AbroadSpider(PortalSpider):
    name = "444_abroad"
    site = SITE
    section = "kulfold"
