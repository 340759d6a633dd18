"""index.hu Külföld (foreign news): https://index.hu/kulfold/."""

from crawler.sites.index_hu import SITE
from crawler.spiders.base import PortalSpider


class IndexAbroadSpider(PortalSpider):
    name = "index_abroad"
    site = SITE
    section = "kulfold"
