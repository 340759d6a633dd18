"""Short, stable names for why a download failed (used as stats keys and in logs); the
named ones are :class:`crawler.reasons.Reason` members, the rest are fetch failures by
:func:`crawler.reasons.category_of`."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure

from crawler.reasons import Reason

_NETWORK: list[tuple[type[BaseException], str]] = [
    (CannotResolveHostError, "dns_lookup_failed"),
    (DownloadConnectionRefusedError, "connection_refused"),
    (DownloadTimeoutError, "timeout"),
    (ResponseDataLossError, "data_loss"),
    (DownloadFailedError, "download_failed"),
    (net.DNSLookupError, "dns_lookup_failed"),
    (net.ConnectionRefusedError, "connection_refused"),
    (net.TimeoutError, "timeout"),
    (net.TCPTimedOutError, "timeout"),
    (net.ConnectionLost, "connection_lost"),
    (net.ConnectError, "connect_error"),
]


class RedirectNotFollowed(IgnoreRequest):
    """A redirect to an article another request of the run fetches: no failure (see
    :meth:`crawler.spiders.base.PortalSpider.follow_redirect`)."""


class OffPortal(IgnoreRequest):
    """A request for a host the spider's portal does not own (or one its mirror skips):
    dropped before any connection (:mod:`crawler.run.downloads`)."""


def failure_reason(failure: Failure) -> str:
    exc = failure.value
    if isinstance(exc, OffPortal):
        return Reason.OFFSITE
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, RedirectNotFollowed):
        return "duplicate"
    if isinstance(exc, DownloadCancelledError):
        # Scrapy's HTTP handler cancels a download only for DOWNLOAD_MAXSIZE: at once when
        # the Content-Length is over it ("…larger than download max size…"), or mid-body
        # when the bytes received pass it (a bare cancellation, no message).
        message = str(exc)
        return Reason.TOO_LARGE if not message or "max size" in message else "cancelled"
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        if "robots.txt" in message:
            return "robots_txt"
        # DOWNLOAD_MAXSIZE, on the wire or after decompression.
        if "max redirections" in message:  # REDIRECT_MAX_TIMES: a loop, or a long chain
            return Reason.TOO_MANY_REDIRECTS
        too_large = any(m in message for m in ("max size", "DOWNLOAD_MAXSIZE", "larger than"))
        return Reason.TOO_LARGE if too_large else "ignored"
    for kind, name in _NETWORK:
        if isinstance(exc, kind):
            return name
    name = type(exc).__name__
    if "Timeout" in name:
        return "timeout"
    return name.lower()
