"""Bytes to text and values: decoding, text as displayed, reader appeals, value parsing
(dates, names, URLs), the metadata cascade, JavaScript data, language detection.

The lowest floor: imports nothing else of the crawler, never Scrapy.
"""
