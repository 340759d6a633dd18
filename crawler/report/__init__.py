"""The run dashboard: what the runs of every spider under ``OUTPUT_DIR`` left (their daily
rollups and last reports) read back (:mod:`~crawler.report.portals`), judged for portals
gone quiet (:mod:`~crawler.report.stale`) and drawn as one static HTML page
(:mod:`~crawler.report.page`) by ``scrapy report``. No Scrapy, no network.
"""
