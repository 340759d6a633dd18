"""Scrapy project for Hungarian news portals (index.hu Külföld first)."""
