"""Pages in, record out: :class:`crawler.assembly.assemble.Assembly` joins one article's
pages (its first page, later pages, live-blog pages, in reading order, bounded) into one
record, parsing each page once and letting its portal's module read it.

Pure (no Scrapy): the spider, ``python -m crawler.extract``, ``scrapy reextract`` and the
benchmarks drive the same code.
"""
