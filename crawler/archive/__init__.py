"""The raw pages of every run, kept as WARC: what is archived, where, and its names.

``OUTPUT_DIR/<spider>/warc/<run>.warc.gz`` (``<run>`` is the name of the run's JSONL
without ``.jsonl``) holds a ``warcinfo`` record, then a ``response`` and a ``request``
record for every response the crawl received: feeds, listings, robots.txt, article pages
and their later pages, redirects, errors. The parts:

- :mod:`crawler.archive.warcfile`: the file (warcio), written off the reactor thread and
  published like the JSONL (hidden ``.part``, fsync, rename).
- :mod:`crawler.archive.capture`: the downloader middlewares that hand each response over.
- :mod:`crawler.archive.extension`: the file's owner for the run (open, publish, settle a
  killed run, retention); :mod:`pipelines.archive` notes each published record and
  publishes the WARC before the JSONL.
- :mod:`crawler.archive.reader` and :mod:`crawler.archive.reassemble`: reading archives
  back (``scrapy reextract``).

This module is import-light (no warcio): the spider reads :data:`FETCHED_AT_META`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from crawler.run.files import run_name, spider_dir

WARC_SUBDIR = "warc"
WARC_SUFFIX = ".warc.gz"

# request.meta key: when the response arrived, in the records' ``crawled_at`` form. Set by
# the archive as it stamps the WARC-Date, so a record's crawled_at is the archived
# page's time and re-extraction reproduces it.
FETCHED_AT_META = "fetched_at"

# Our own WARC named fields on response records (WARC 1.1 §4 allows extension fields;
# replay tools ignore them). The article fields are on an article's first page only:
# later pages are found again by their URL, as the spider finds them.
CALLBACK_HEADER = "X-Crawler-Callback"  # the spider method the response went to
ARTICLE_HEADER = "X-Crawler-Article"  # canonical URL the article was requested as
CB_KWARGS_HEADER = "X-Crawler-Cb-Kwargs"  # the callback's keyword arguments (JSON)
# pywb's convention for a header whose value no longer describes the stored body.
ORIGINAL_PREFIX = "X-Archive-Orig-"


def warc_dir(output_dir: str | Path, spider: str) -> Path:
    return spider_dir(output_dir, spider) / WARC_SUBDIR


def warc_file_name(started: datetime) -> str:
    """Named as the run's JSONL file, so the two are found from each other."""
    return run_name(started) + WARC_SUFFIX


def jsonl_name_of(warc_name: str) -> str:
    return warc_name.removesuffix(WARC_SUFFIX) + ".jsonl"


def crawled_at_of(moment: datetime) -> str:
    """The record's ``crawled_at`` (UTC, whole seconds) of a fetch at ``moment``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
