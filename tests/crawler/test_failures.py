"""Failure reasons: one short, stable name per kind of failed download."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from twisted.python.failure import Failure

from crawler.run.failures import failure_reason


@pytest.mark.parametrize(
    "exc",
    [
        # Content-Length over DOWNLOAD_MAXSIZE: cancelled before the body.
        DownloadCancelledError(
            "Expected to receive 300000 bytes which is larger than download max size"
            " (200000) in request <GET http://127.0.0.1/x>."
        ),
        # No Content-Length (chunked): cancelled once the body passes the limit.
        DownloadCancelledError(""),
        # Over the limit once decompressed (HttpCompressionMiddleware).
        IgnoreRequest("Ignored response because its body (60000000 B) is larger than the"),
    ],
)
def test_download_maxsize_is_too_large(exc):
    assert failure_reason(Failure(exc)) == "too_large"


def test_another_cancellation_is_not_called_too_large():
    assert failure_reason(Failure(DownloadCancelledError("stopped by the engine"))) == "cancelled"
