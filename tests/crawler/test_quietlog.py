"""Scrapy's details lowered to DEBUG; a summary line shown at every level up to WARNING."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from crawler.run import quietlog


@pytest.fixture
def stream_at() -> Iterator:
    """``stream_at(level)``: a handler on the root logger, as Scrapy installs it for
    ``LOG_LEVEL``; returns the stream it writes."""
    installed: list[logging.Handler] = []

    def install(level: int) -> io.StringIO:
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.setLevel(level)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logging.root.addHandler(handler)
        installed.append(handler)
        return stream

    previous = logging.root.level
    logging.root.setLevel(logging.NOTSET)  # as Scrapy sets it
    yield install
    for handler in installed:
        logging.root.removeHandler(handler)
    logging.root.setLevel(previous)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("scrapy.middleware", "Enabled %(componentname)ss:\n%(enabledlist)s"),
        ("scrapy.addons", "Enabled addons:\n%(addons)s"),
        ("scrapy.crawler", "Overridden settings:\n%(settings)s"),
        ("scrapy.statscollectors", "Dumping Scrapy stats:\n{...}"),
        ("scrapy.utils.log", "Versions:\n{...}"),
        ("scrapy.extensions.logstats", "Crawled %(pages)d pages (at %(pagerate)d pages/min)"),
    ],
)
def test_scrapy_s_details_are_debug(stream_at, name, message):
    quietlog.install()
    info, debug = stream_at(logging.INFO), stream_at(logging.DEBUG)
    args = {"componentname": "extension", "enabledlist": "[]", "addons": "[]"}
    args |= {"settings": "{}", "pages": 0, "pagerate": 0}
    logger = logging.getLogger(name)
    if "%(" in message:
        logger.info(message, args)
    else:
        logger.info(message)
    assert info.getvalue() == ""
    assert debug.getvalue().startswith("DEBUG: ")


def test_scrapy_s_other_info_lines_stay(stream_at):
    quietlog.install()
    info = stream_at(logging.INFO)
    logging.getLogger("scrapy.utils.log").info("Scrapy %s started (bot: %s)", "2.19", "x")
    logging.getLogger("scrapy.crawler").info("Received SIGTERM, shutting down gracefully.")
    assert info.getvalue().splitlines() == [
        "INFO: Scrapy 2.19 started (bot: x)",
        "INFO: Received SIGTERM, shutting down gracefully.",
    ]


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.WARNING])
def test_a_healthy_summary_shows_up_to_warning(stream_at, level):
    stream = stream_at(level)
    quietlog.summary(logging.getLogger("crawler.run.health"), logging.INFO, "Run summary: %d", 0)
    assert stream.getvalue() == "INFO: Run summary: 0\n"


def test_error_hides_a_healthy_summary_not_an_unhealthy_one(stream_at):
    stream = stream_at(logging.ERROR)
    logger = logging.getLogger("crawler.run.health")
    quietlog.summary(logger, logging.INFO, "Run summary: status=0")
    quietlog.summary(logger, logging.ERROR, "Run summary: status=2")
    assert stream.getvalue() == "ERROR: Run summary: status=2\n"


def test_a_summary_keeps_the_logger_s_filters_and_propagation(stream_at):
    stream = stream_at(logging.WARNING)
    logger = logging.getLogger("tests.quietlog.muted")
    logger.addFilter(lambda record: False)
    try:
        quietlog.summary(logger, logging.INFO, "never shown")
    finally:
        logger.filters.clear()
    private = logging.getLogger("tests.quietlog.private")
    own = io.StringIO()
    handler = logging.StreamHandler(own)
    handler.setLevel(logging.WARNING)
    private.addHandler(handler)
    private.propagate = False
    try:
        quietlog.summary(private, logging.INFO, "to its own handler only")
    finally:
        private.removeHandler(handler)
        private.propagate = True
    assert stream.getvalue() == ""
    assert own.getvalue() == "to its own handler only\n"
