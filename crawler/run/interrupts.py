"""A run command's start: SIGTERM/SIGINT and start-up failures, each said in one line.

Scrapy installs its graceful-shutdown handlers only when the reactor starts; a signal
before that (while the command checks its arguments and takes the lock) would kill the
process with no summary. :class:`Interrupts` records it instead and hands it to Scrapy's
handler once that is installed, so the spider closes as on any SIGTERM. (A signal that
reaches Scrapy's handler before the spider has opened stops the reactor with no verdict:
the command reports that run as cut short.) :func:`collect_failure` keeps the exception
of a crawl that could not start (asyncio would print it as a traceback at exit).

Used by ``crawl`` (:mod:`crawler.commands.crawl`); ``crawlall`` can use the same.
"""

from __future__ import annotations

import asyncio
import os
import signal
from types import FrameType
from typing import Any

INTERRUPTS = (signal.SIGTERM, signal.SIGINT)


class Interrupts:
    """Installed at once; :meth:`hand_over_when_running` before the reactor starts."""

    def __init__(self) -> None:
        self.received: int | None = None
        for signum in INTERRUPTS:
            signal.signal(signum, self._record)

    def _record(self, signum: int, frame: FrameType | None) -> None:
        self.received = signum

    def hand_over_when_running(self) -> None:
        from twisted.internet import reactor

        # callLater(0): after every startup trigger, Scrapy's handler installation included.
        reactor.callWhenRunning(reactor.callLater, 0, self._hand_over)

    def _hand_over(self) -> None:
        if self.received is not None and signal.getsignal(self.received) != self._record:
            os.kill(os.getpid(), self.received)  # Scrapy's handler takes it from here


def collect_failure(task: Any, failures: list[BaseException]) -> None:
    """Append the exception ``task`` (what ``CrawlerProcess.crawl`` returned) ends with."""

    def done(finished: asyncio.Future[Any]) -> None:
        if not finished.cancelled() and finished.exception() is not None:
            failures.append(finished.exception())

    if isinstance(task, asyncio.Future):
        task.add_done_callback(done)
    else:  # a Deferred (CrawlerProcess without asyncio)
        task.addErrback(lambda failure: failures.append(failure.value))
