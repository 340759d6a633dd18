"""telex.hu Külföld (foreign news): https://telex.hu/rovat/kulfold."""

from crawler.sites.telex import SITE
from crawler.spiders.base import PortalSpider


class TelexAbroadSpider(PortalSpider):
    name = "telex_abroad"
    site = SITE
    section = "kulfold"
