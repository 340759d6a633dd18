"""Hostile pages: what one telex live blog whose posts share one string costs.

    .venv/bin/python -m benchmarks.hostile [--size 1080000] [--posts 500] [--crawl]

The page is :func:`tests.standin.telex.shared_string_liveblog`: ``--posts`` posts whose
content is one string of the ``window.__NUXT__`` state, written once, referred to by every
post (issue 14: a 1.08 MB page made a 1.0 GB JSONL line in 88 s, 6.57 GB RSS). Measured:
``python -m crawler.extract`` on the saved page, and with ``--crawl`` the real
``scrapy crawl telex_abroad`` of the telex stand-in with that page in its feed, each as
a subprocess: wall time from process start to exit and its peak RSS (``os.wait4``
rusage of that one process, forked from a small helper, see :mod:`benchmarks.crawl`),
the exit status and what came of the page (record size, or the reason it gave none).

Writes ``benchmarks/results/hostile.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.crawl import MEASURE, scrapy_command
from benchmarks.results_io import write_json

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_JSON = HERE / "results" / "hostile.json"
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "DOWNLOAD_TIMEOUT": "600",
    "LOG_LEVEL": "INFO",
}


def measured(command: list[str], work: Path, timeout: float) -> dict[str, Any]:
    """Run ``command`` from a small helper; its wall time, peak RSS, status, output."""
    usage = work / "usage.json"
    out = work / "out.txt"
    with out.open("w") as sink:
        subprocess.run(
            [sys.executable, "-c", MEASURE, str(usage), *command],
            cwd=REPO,
            stdout=sink,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
        )
    result = json.loads(usage.read_text())
    return {
        "status": result["status"],
        "seconds": round(result["wall"], 2),
        "peak_rss_mb": round(result["maxrss_kb"] / 1024, 1),
        "output": out.read_text(errors="replace"),
    }


def extract_run(page: bytes, url: str, work: Path, timeout: float) -> dict[str, Any]:
    path = work / "page.html"
    path.write_bytes(page)
    result = measured(
        [sys.executable, "-m", "crawler.extract", str(path), "--url", url], work, timeout
    )
    output = result.pop("output")
    lines = output.splitlines()
    result["record_bytes"] = len(lines[-1].encode()) if result["status"] == 0 and lines else 0
    result["said"] = next((x for x in lines if x.startswith("no record")), "")[:200]
    return result


def crawl_run(blog: Any, page: bytes, work: Path, timeout: float) -> dict[str, Any]:
    from tests.standin.server import StandinServer
    from tests.standin.telex import telex_site

    site = telex_site()
    site.add_to_feed(blog, page)
    output_dir = work / "output"
    with StandinServer(site) as server:
        settings = {**FAST, "BASE_URLS": json.dumps({"telex.hu": server.base_url})}
        settings["OUTPUT_DIR"] = str(output_dir)
        command = [*scrapy_command(), "crawl", "telex_abroad"]
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        result = measured(command, work, timeout)
    log = result.pop("output")
    files = sorted((output_dir / "telex_abroad").glob("*.jsonl"))
    line = next((x for f in files for x in f.read_text().splitlines() if blog.url in x[:200]), "")
    result["record_bytes"] = len(line.encode())
    result["said"] = next((x for x in log.splitlines() if "No record for " + blog.url in x), "")
    result["said"] = result["said"].split("] ", 1)[-1][:200]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_080_000, help="page bytes")
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--crawl", action="store_true", help="also a whole crawl")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(argv)

    from tests.standin.telex import shared_string_liveblog

    blog, page = shared_string_liveblog(args.size, posts=args.posts)
    results: dict[str, Any] = {"page_bytes": len(page), "posts": args.posts}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        results["extract"] = extract_run(page, blog.url, work, args.timeout)
        if args.crawl:
            results["crawl"] = crawl_run(blog, page, work, args.timeout)
    print(
        f"| page {len(page):,} bytes, {args.posts} posts | seconds | peak RSS MB | record bytes | |"
    )
    print("|---|---|---|---|---|")
    for name in ("extract", "crawl"):
        if name in results:
            r = results[name]
            print(
                f"| {name} (exit {r['status']}) | {r['seconds']} | {r['peak_rss_mb']} |"
                f" {r['record_bytes']:,} | {r['said']} |"
            )
    write_json(results, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
