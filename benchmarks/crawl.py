"""End-to-end crawl throughput and memory, and the cron run that finds nothing new.

    .venv/bin/python -m benchmarks.crawl [--quick] [--articles 200 2000 10000] [--json PATH]

For each N, a stand-in index.hu (``python -m tests.standin.server --articles N``, its own
process on this machine) serves the default Külföld section plus N generated articles, and
the real ``scrapy crawl index_abroad`` runs against it as a subprocess with politeness off
(no delay, no AutoThrottle, 16 concurrent requests; robots.txt still obeyed) into a fresh
``OUTPUT_DIR``. Measured: wall time from process start to exit, the process's peak RSS and
CPU time (``os.wait4`` rusage of that one process, forked from a small helper so that the
benchmark's own memory is not counted), records written (the run report), and the
server's CPU time during the crawl.

Bare trafilatura over the same pages is N × its per-page time on the stand-in pages (the
generated pages are the same for every N: ``generate_articles(N, 0)[:k]`` are the first k),
measured by :mod:`benchmarks.speed` in the same ``benchmarks.run``, or here on 100 pages.

Nothing new: the smallest N's output directory is crawled again ``--repeats`` times (every
article already published and older than the update window); each run's wall time from
process start to exit; the median is reported.

Writes ``benchmarks/results/crawl.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median
from types import TracebackType
from typing import Any

from benchmarks.results_io import write_json

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_JSON = HERE / "results" / "crawl.json"
SPIDER = "index_abroad"
POLITENESS_OFF = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "ROBOTSTXT_OBEY": "True",
    # Every article of the stand-in in one run (a cron run takes at most 1000 by default).
    "RUN_MAX_NEW_ARTICLES": "0",
}
FULL_SIZES = (200, 2000, 10_000)
QUICK_SIZES = (200, 1000)
SERVER_START_TIMEOUT = 120.0


# Runs the crawl and reports its rusage. A child's ru_maxrss also counts the memory of the
# process it was forked from (before exec), so the crawl is forked from this small helper,
# not from the benchmark process (which holds pages and results, ~170 MB).
# Runs the command and writes its exit status, wall time and peak RSS (os.wait4). Launched as
# a small process of its own on purpose: Linux carries a process's ru_maxrss across fork and
# exec, so a crawl started straight from a large parent (a test worker) would report that
# parent's size as its own peak, and so would Scrapy's memusage/max.
MEASURE = """
import json, os, subprocess, sys, time
started = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - started
proc.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as out:
    json.dump({"status": proc.returncode, "wall": wall, "maxrss_kb": usage.ru_maxrss,
               "cpu": usage.ru_utime + usage.ru_stime}, out)
"""


def scrapy_command() -> list[str]:
    """The venv's ``scrapy`` script (what cron runs), else ``python -m scrapy``."""
    script = Path(sys.executable).parent / "scrapy"
    return [str(script)] if script.exists() else [sys.executable, "-m", "scrapy"]


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a running process (Linux /proc), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class StandinProcess:
    """``python -m tests.standin.server --articles N`` in its own process."""

    def __init__(self, articles: int, seed: int = 0, log: Path | None = None) -> None:
        self.articles = articles
        self.seed = seed
        self.log = log
        self.base_url = ""
        self.startup_seconds = 0.0
        self._proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> StandinProcess:
        started = time.perf_counter()
        stderr = self.log.open("w") if self.log else subprocess.DEVNULL
        self._proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "tests.standin.server"),
                *("--articles", str(self.articles), "--seed", str(self.seed), "--port", "0"),
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        assert self._proc.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self._proc.stdout, selectors.EVENT_READ)
            if not selector.select(SERVER_START_TIMEOUT):
                self.__exit__(None, None, None)
                raise RuntimeError("stand-in server printed no URL")
        line = self._proc.stdout.readline().strip()
        if not line.startswith("http://"):
            self.__exit__(None, None, None)
            raise RuntimeError(f"stand-in server did not start: {line!r}")
        self.base_url = line
        self.startup_seconds = time.perf_counter() - started
        return self

    def cpu_seconds(self) -> float | None:
        return _cpu_seconds(self._proc.pid) if self._proc else None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._proc is None:
            return
        self._proc.send_signal(signal.SIGTERM)
        try:
            self._proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._proc = None


@dataclass
class CrawlRun:
    status: int
    wall_seconds: float
    max_rss_mb: float
    cpu_seconds: float
    records: int
    new: int
    server_cpu_seconds: float | None
    report: dict[str, Any] = field(repr=False)


def run_crawl(
    base_url: str,
    output_dir: Path,
    log: Path,
    server: StandinProcess | None = None,
    extra: dict[str, str] | None = None,
    prefix: list[str] | None = None,
) -> CrawlRun:
    """One ``scrapy crawl`` subprocess: wall time from its start to its exit, rusage."""
    settings = {
        **POLITENESS_OFF,
        "INDEX_BASE_URL": base_url,
        "OUTPUT_DIR": str(output_dir),
        **(extra or {}),
    }
    command = [*(prefix or scrapy_command()), "crawl", SPIDER]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    server_cpu = server.cpu_seconds() if server else None
    measured = log.with_suffix(".rusage.json")
    with log.open("w") as out:
        subprocess.run(
            [sys.executable, "-c", MEASURE, str(measured), *command],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    usage = json.loads(measured.read_text())
    if server_cpu is not None and server is not None:
        after = server.cpu_seconds()
        server_cpu = None if after is None else after - server_cpu
    report_path = output_dir / SPIDER / "last_run.json"
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    return CrawlRun(
        status=usage["status"],
        wall_seconds=usage["wall"],  # process start to exit
        max_rss_mb=usage["maxrss_kb"] / 1024,  # kilobytes on Linux
        cpu_seconds=usage["cpu"],
        records=int(report.get("records_written", 0)),
        new=int(report.get("new", 0)),
        server_cpu_seconds=server_cpu,
        report=report,
    )


def fast_language_pipelines() -> str:
    """ITEM_PIPELINES with LanguagePipeline swapped for benchmarks.fastlang's (JSON)."""
    from crawler import settings

    pipelines = {
        ("benchmarks.fastlang.FastLanguagePipeline" if k.endswith(".LanguagePipeline") else k): v
        for k, v in settings.ITEM_PIPELINES.items()
    }
    return json.dumps(pipelines)


def trafilatura_ms_per_page(pages: int = 100) -> float:
    from benchmarks.speed import extraction, standin_docs

    # Best of 2: trafilatura's first few dozen calls are slower (warm-up), as in speed.py.
    return float(extraction(standin_docs(pages), rounds=2)["trafilatura_ms"])


def run(
    sizes: tuple[int, ...],
    repeats: int,
    trafilatura_ms: float | None = None,
    work: Path | None = None,
    extra: dict[str, str] | None = None,
) -> dict[str, Any]:
    """``extra``: settings added to every crawl (what-if runs; none in the benchmark)."""
    if trafilatura_ms is None:
        trafilatura_ms = trafilatura_ms_per_page()
    result: dict[str, Any] = {
        "settings": {**POLITENESS_OFF, **(extra or {})},
        "trafilatura_ms_per_page": trafilatura_ms,
        "crawls": [],
        "nothing_new": None,
    }
    with tempfile.TemporaryDirectory(prefix="bench-crawl-", dir=work) as tmp:
        root = Path(tmp)
        for n in sizes:
            with StandinProcess(n, log=root / f"server-{n}.log") as server:
                out = root / f"out-{n}"
                first = run_crawl(server.base_url, out, root / f"crawl-{n}.log", server, extra)
                trafilatura_seconds = first.records * trafilatura_ms / 1000
                row = {
                    "articles": n,
                    "server_startup_seconds": server.startup_seconds,
                    **{k: v for k, v in asdict(first).items() if k != "report"},
                    "articles_per_s": first.records / first.wall_seconds,
                    "cpu_ms_per_article": 1000 * first.cpu_seconds / max(first.records, 1),
                    "trafilatura_seconds": trafilatura_seconds,
                    "speedup_vs_trafilatura": trafilatura_seconds / first.wall_seconds,
                    "dropped": first.report.get("dropped"),
                    "errors": first.report.get("errors"),
                }
                result["crawls"].append(row)
                _progress(
                    f"crawl N={n}: {first.records} records in {first.wall_seconds:.1f} s, "
                    f"{first.max_rss_mb:.0f} MB peak RSS, status {first.status}"
                )
                if n == min(sizes) and repeats:
                    result["nothing_new"] = nothing_new(server, out, root, repeats, extra)
    return result


def nothing_new(
    server: StandinProcess,
    out: Path,
    root: Path,
    repeats: int,
    extra: dict[str, str] | None = None,
) -> dict[str, Any]:
    runs = [
        run_crawl(server.base_url, out, root / f"again-{i}.log", server, extra)
        for i in range(repeats)
    ]
    walls = [r.wall_seconds for r in runs]
    _progress(f"nothing new: median {median(walls):.2f} s over {repeats} runs")
    return {
        "articles_on_site": runs[0].report.get("found"),
        "repeats": repeats,
        "wall_seconds": walls,
        "median_wall_seconds": median(walls),
        "max_rss_mb": max(r.max_rss_mb for r in runs),
        "cpu_seconds": [r.cpu_seconds for r in runs],
        "statuses": [r.status for r in runs],
        "new_records": [r.new for r in runs],
        "in_process_seconds": [r.report.get("seconds") for r in runs],
    }


def _progress(message: str) -> None:
    print(f"[crawl] {message}", file=sys.stderr, flush=True)


def markdown(result: dict[str, Any]) -> str:
    traf = result["trafilatura_ms_per_page"]
    lines = [
        "## End-to-end crawl (stand-in server on the same machine, politeness off)",
        "",
        "Settings: " + ", ".join(f"`{k}={v}`" for k, v in result["settings"].items()) + ".",
        "",
        f"Bare trafilatura over the same pages: records × {traf:.2f} ms.",
        "",
        "| N articles | records | wall s | articles/s | crawl CPU ms/article | server CPU s "
        "| peak RSS MB | trafilatura alone s | speed-up vs trafilatura (target ≥ 1.5×) "
        "| exit |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in result["crawls"]:
        server_cpu = row["server_cpu_seconds"]
        lines.append(
            f"| {row['articles']} | {row['records']} | {row['wall_seconds']:.1f} "
            f"| {row['articles_per_s']:.0f} | {row['cpu_ms_per_article']:.1f} "
            f"| {'–' if server_cpu is None else f'{server_cpu:.1f}'} "
            f"| {row['max_rss_mb']:.0f} | {row['trafilatura_seconds']:.1f} "
            f"| {row['speedup_vs_trafilatura']:.2f}× | {row['status']} |"
        )
    by_n = {row["articles"]: row for row in result["crawls"]}
    if 2000 in by_n and 10_000 in by_n:
        growth = by_n[10_000]["max_rss_mb"] - by_n[2000]["max_rss_mb"]
        lines += ["", f"Peak RSS growth 2,000 → 10,000 articles: {growth:+.0f} MB (target < 100)."]
    again = result["nothing_new"]
    if again:
        walls = ", ".join(f"{w:.2f}" for w in again["wall_seconds"])
        lines += [
            "",
            f"## Nothing new (cron run over an up-to-date output dir, "
            f"{again['articles_on_site']} articles linked)",
            "",
            f"Median wall time, process start to exit: **{again['median_wall_seconds']:.2f} s** "
            f"(target < 2.5 s) over {again['repeats']} runs ({walls}); peak RSS "
            f"{again['max_rss_mb']:.0f} MB; new records {again['new_records']}; "
            f"exit statuses {again['statuses']}.",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.crawl", description=__doc__)
    parser.add_argument("--quick", action="store_true", help=f"N = {QUICK_SIZES}, 3 repeats")
    parser.add_argument("--articles", type=int, nargs="+", help=f"N values (default {FULL_SIZES})")
    parser.add_argument("--repeats", type=int, help="nothing-new runs (default 5, quick 3)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="what-if: an extra Scrapy setting for every crawl (repeatable)",
    )
    parser.add_argument(
        "--fast-language",
        action="store_true",
        help="what-if: LanguagePipeline replaced by benchmarks.fastlang.FastLanguagePipeline",
    )
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(argv)
    sizes = tuple(args.articles or (QUICK_SIZES if args.quick else FULL_SIZES))
    repeats = args.repeats if args.repeats is not None else (3 if args.quick else 5)
    extra = dict(item.split("=", 1) for item in args.set)
    if args.fast_language:
        extra["ITEM_PIPELINES"] = fast_language_pipelines()
    result = run(sizes, repeats, extra=extra)
    print(markdown(result))
    write_json(result, args.json)
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
