"""Pages in, record out: parse a page once (bounded), let its portal's module read it,
merge an article's pages into one record.

Pure (no Scrapy): the spider, ``python -m crawler.extract``, ``scrapy reextract`` and the
benchmarks drive the same code.
"""
