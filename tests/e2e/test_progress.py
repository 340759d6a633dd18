"""A long run says how far it has come: real ``scrapy crawl`` backfills over the stand-in,
held mid-walk (the server keeps their article requests unanswered) so the test reads
their progress while they run, with ``PROGRESS_AFTER=0`` and a short
``PROGRESS_INTERVAL`` instead of a minute and 30 s. In a log (a pipe, as cron's and
systemd's are) a line each interval and never a bar; on a terminal (a pty) a tqdm bar
and no lines. Re-extraction's progress: :mod:`tests.archive.test_reextract_progress`."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import termios
import threading
from collections.abc import Callable
from datetime import date, timedelta

from crawler.run.health import OK
from tests.e2e.runner import REPO, crawl_command, env
from tests.e2e.test_scheduled_runs import hold_articles, wait_for
from tests.standin.server import StandinServer
from tests.standin.site import StandinSite, add_generated, generate_articles

UNTIL = date(2024, 5, 3)
DAYS = 3
SINCE = UNTIL - timedelta(days=DAYS - 1)
QUICK = {"PROGRESS_AFTER": "0", "PROGRESS_INTERVAL": "0.2"}
WAIT = 60.0  # seconds; a safety net only: each wait ends on a line the crawl writes

LINE = re.compile(
    r" INFO: Progress: spider=index_abroad days=(?P<days>\d+)/3 pages=(?P<pages>\d+)"
    r" articles=(?P<done>\d+)/(?P<found>\d+) records=(?P<records>\d+)"
    r" rate=(?P<rate>[\d.]+)/s(?: eta=(?P<eta>\S+))? elapsed=\S+$",
    re.MULTILINE,
)
# tqdm's bar: "index_abroad:  12%|█▏        | 9/72 [00:01<00:07, 8.50 articles/s, ...]"
BAR = re.compile(r"index_abroad: +\d+%\|.*\| *\d+/\d+ \[")


def terminal() -> tuple[int, int]:
    """(our end, the process's end) of a pty the size of an operator's terminal."""
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
    return primary, secondary


def backfill_site() -> StandinSite:
    """Three days of 24 articles, listed only in the day archives."""
    site = StandinSite()
    add_generated(site, generate_articles(24 * DAYS, seed=17, newest=UNTIL))
    return site


def backfill_command(server: StandinServer, out, **settings: str) -> list[str]:
    return crawl_command(
        server.base_url,
        out,
        "-a",
        f"since={SINCE}",
        "-a",
        f"until={UNTIL}",
        CONCURRENT_REQUESTS="2",
        **{**QUICK, **settings},
    )


class Output:
    """What a process writes to one descriptor, read on a thread; tests wait on it."""

    def __init__(self, fd: int) -> None:
        self.text = ""
        self.changed = threading.Condition()
        self.thread = threading.Thread(target=self._read, args=(fd,), daemon=True)
        self.thread.start()

    def _read(self, fd: int) -> None:
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # a pty's other end closed (EIO)
                chunk = b""
            with self.changed:
                self.text += chunk.decode("utf-8", "replace")
                self.changed.notify_all()
            if not chunk:
                return

    def wait_for(self, found: Callable[[str], object], what: str) -> object:
        with self.changed:
            result = self.changed.wait_for(
                lambda: found(self.text) or not self.thread.is_alive(), WAIT
            )
            result = found(self.text)
        assert result, f"never saw {what}:\n{self.text[-3000:]}"
        return result

    def finish(self) -> str:
        self.thread.join(WAIT)
        return self.text


def test_a_backfill_logs_a_progress_line_each_interval_and_no_bar(tmp_path):
    site = backfill_site()
    with StandinServer(site) as server:
        held = hold_articles(server, site, after=10)  # ten, then the walk waits on the test
        proc = subprocess.Popen(
            backfill_command(server, tmp_path),
            cwd=REPO,
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,  # a pipe, as cron's and systemd's are
        )
        try:
            output = Output(proc.stderr.fileno())
            # Two lines once the ten are done and the rest held: one each interval.
            held_lines = output.wait_for(
                lambda text: [m for m in LINE.finditer(text) if m["done"] == "10"][1:],
                "two progress lines while the walk is held",
            )
        finally:
            held.release()
            proc.wait(WAIT)
        log = output.finish()
    assert proc.returncode == OK, log[-3000:]
    progress = [LINE.search(line) for line in log.splitlines() if "Progress:" in line]
    assert all(progress), log  # every progress line has every field
    done = [int(m["done"]) for m in progress]
    assert done == sorted(done)  # never back
    for held_line in held_lines:
        assert 1 <= int(held_line["days"]) <= DAYS and int(held_line["pages"]) >= 1
        assert 10 < int(held_line["found"]) <= 24 * DAYS
        assert int(held_line["records"]) <= 10
        assert float(held_line["rate"]) > 0
        eta = held_line["eta"] or ""
        assert re.fullmatch(r"\d+h\d\dm|(\d+m)?\d+s", eta), held_line[0]
    # No bar in a log: no carriage returns, no tqdm frame.
    assert "\r" not in log and not BAR.search(log) and "%|" not in log
    assert "Run summary: spider=index_abroad " in log


def test_a_terminal_gets_a_bar_and_no_progress_lines(tmp_path):
    site = backfill_site()
    primary, secondary = terminal()
    with StandinServer(site) as server:
        held = hold_articles(server, site, after=10)
        try:
            proc = subprocess.Popen(
                backfill_command(server, tmp_path),
                cwd=REPO,
                env={**env(), "TERM": "xterm"},
                stdin=subprocess.DEVNULL,
                stdout=secondary,
                stderr=secondary,  # the operator's terminal
            )
        finally:
            os.close(secondary)  # the child holds it: EOF (EIO) when it exits
        try:
            output = Output(primary)
            output.wait_for(BAR.search, "a progress bar while the walk is held")
        finally:
            held.release()
            proc.wait(WAIT)
        screen = output.finish()
        os.close(primary)
    assert proc.returncode == OK, screen[-3000:]
    assert "\r" in screen  # redrawn in place
    assert "Progress: spider=" not in screen  # the bar instead of the lines
    # Log lines still reach the terminal, written above the bar, each whole.
    [summary] = [line for line in screen.splitlines() if "Run summary: spider=" in line]
    assert re.search(r"\d\d:\d\d:\d\d \[crawler\.run\.health\] INFO: Run summary: ", summary)


def test_a_log_file_gets_lines_even_from_a_terminal(tmp_path):
    """``-s LOG_FILE=`` (Scrapyd's jobs, a hand-run with its log kept): the progress goes
    where the log goes, as lines, even when stderr is a terminal."""
    site = backfill_site()
    log_file = tmp_path / "run.log"
    primary, secondary = terminal()
    with StandinServer(site) as server:
        held = hold_articles(server, site, after=10)
        try:
            proc = subprocess.Popen(
                backfill_command(server, tmp_path / "out", LOG_FILE=str(log_file)),
                cwd=REPO,
                env={**env(), "TERM": "xterm"},
                stdin=subprocess.DEVNULL,
                stdout=secondary,
                stderr=secondary,
            )
        finally:
            os.close(secondary)
        try:
            screen = Output(primary)
            wait_for(
                lambda: log_file.exists() and LINE.search(log_file.read_text()),
                WAIT,
                "a progress line in the log file",
            )
        finally:
            held.release()
            proc.wait(WAIT)
        shown = screen.finish()
        os.close(primary)
    log = log_file.read_text()
    assert proc.returncode == OK, log[-3000:]
    assert "\r" not in log and "%|" not in log
    assert not BAR.search(shown) and "Progress:" not in shown
