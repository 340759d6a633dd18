"""The record: its fields and their order, the JSON Schema, what makes one valid.

Above :mod:`crawler.sites` (a record's URL is canonical by its portal's rule), below
everything that builds or writes records; never Scrapy.
"""
