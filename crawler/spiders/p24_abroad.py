"""24.hu Külföld (foreign news; "Nagyvilág" in earlier years): https://24.hu/kulfold/."""

from crawler.sites.p24 import SITE
from crawler.spiders.base import PortalSpider


class P24AbroadSpider(PortalSpider):
    name = "24hu_abroad"
    site = SITE
    section = "kulfold"
