"""All benchmarks: extraction quality, extraction and language speed, end-to-end crawls.

    .venv/bin/python -m benchmarks.run [--quick] [--profile] [--shared PATH]

Runs :mod:`benchmarks.quality`, :mod:`benchmarks.speed`, :mod:`benchmarks.crawl` (N =
200, 2,000, 10,000 stand-in articles and 5 nothing-new runs; ``--quick``: fewer pages,
N = 200 and 1,000, 3 runs), :mod:`benchmarks.reextract` (a 2,000-article archive;
``--quick``: 500) and :mod:`benchmarks.export` (``scrapy export`` of 100,000 generated
records to ``.jsonl`` and ``.parquet``, best of 3; ``--quick``: of 1), prints their
markdown tables and a table of the targets, and writes
``benchmarks/results/{quality,speed,crawl,reextract,export,run}.json`` (git-ignored). ``--profile``
also runs :mod:`benchmarks.profile` (py-spy) on the extractor and a 2,000-article crawl.
``make bench`` installs the ``bench`` extra of pyproject.toml and runs this.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from benchmarks import crawl, quality, speed
from benchmarks import export as export_bench
from benchmarks import reextract as reextract_bench
from benchmarks.results_io import write_json

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
BUDGET_SECONDS = 600

TARGETS = {
    "extraction_ratio": 3.0,
    "language_share": 0.20,
    "crawl_speedup": 1.5,
    "reextract_per_second": 300,
    "rss_growth_mb": 100.0,
    "nothing_new_seconds": 2.5,
}


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory_gb = round(kb / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    packages = {}
    for dist in ("scrapy", "twisted", "lxml", "trafilatura", "langdetect", "py-spy"):
        try:
            packages[dist] = version(dist)
        except PackageNotFoundError:
            packages[dist] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "packages": packages,
    }


def targets(
    sp: dict[str, Any], cr: dict[str, Any], rx: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    ratio = sp["extraction"]["ratio"]
    rows.append(
        {
            "target": "extraction ≥ 3× bare trafilatura (pages/s)",
            "value": f"{ratio:.2f}×",
            "met": ratio >= TARGETS["extraction_ratio"],
        }
    )
    lang = sp["language"]["default"]
    # The crawl's LanguagePipeline runs the fast detector (same answers as langdetect).
    used_ms, used_share = lang["fast_detect_ms"], lang["fast_share"]
    rows.append(
        {
            "target": f"language detection ≤ 20 % (sample {lang['sample_chars']} chars, "
            "the crawl's detector) of extraction + detection",
            "value": f"{100 * used_share:.0f} % ({used_ms:.2f} of "
            f"{sp['language']['extract_ms'] + used_ms:.2f} ms)",
            "met": used_share <= TARGETS["language_share"],
        }
    )
    if cr["crawls"]:
        biggest = max(cr["crawls"], key=lambda r: r["articles"])
        share = used_ms / biggest["cpu_ms_per_article"]
        rows.append(
            {
                "target": f"language detection ≤ 20 % of the crawl's CPU per article "
                f"(N={biggest['articles']})",
                "value": f"{100 * share:.1f} % ({used_ms:.2f} of "
                f"{biggest['cpu_ms_per_article']:.1f} ms)",
                "met": share <= TARGETS["language_share"],
            }
        )
    for row in cr["crawls"]:
        rows.append(
            {
                "target": f"crawl N={row['articles']} ≥ 1.5× faster than bare trafilatura",
                "value": f"{row['speedup_vs_trafilatura']:.2f}× ({row['wall_seconds']:.1f} s "
                f"vs {row['trafilatura_seconds']:.1f} s)",
                "met": row["speedup_vs_trafilatura"] >= TARGETS["crawl_speedup"],
            }
        )
    by_n = {row["articles"]: row for row in cr["crawls"]}
    if 2000 in by_n and 10_000 in by_n:
        growth = by_n[10_000]["max_rss_mb"] - by_n[2000]["max_rss_mb"]
        rows.append(
            {
                "target": "peak RSS growth 2,000 → 10,000 articles < 100 MB",
                "value": f"{growth:+.0f} MB ({by_n[2000]['max_rss_mb']:.0f} → "
                f"{by_n[10_000]['max_rss_mb']:.0f} MB)",
                "met": growth < TARGETS["rss_growth_mb"],
            }
        )
    if rx is not None:
        both = rx["reextract"][0]
        rows.append(
            {
                "target": "reextract ≥ 300 archived articles/s (2 processes)",
                "value": f"{both['articles_per_second']:.0f}/s "
                f"({rx['archived_articles']} articles in {both['wall_seconds']:.1f} s; bare "
                f"trafilatura {1000 / rx['trafilatura_ms_per_article']:.0f}/s on one core)",
                "met": both["articles_per_second"] >= TARGETS["reextract_per_second"],
            }
        )
    if cr["nothing_new"]:
        seconds = cr["nothing_new"]["median_wall_seconds"]
        rows.append(
            {
                "target": "nothing-new cron run < 2.5 s (median)",
                "value": f"{seconds:.2f} s",
                "met": seconds < TARGETS["nothing_new_seconds"],
            }
        )
    return rows


def markdown(rows: list[dict[str, Any]], elapsed: float, info: dict[str, Any]) -> str:
    lines = [
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    lines += [f"| {r['target']} | {r['value']} | {'yes' if r['met'] else 'NO'} |" for r in rows]
    within = "within" if elapsed < BUDGET_SECONDS else "OVER"
    packages = ", ".join(f"{k} {v}" for k, v in info["packages"].items() if v)
    lines += [
        "",
        f"Whole run: {elapsed:.0f} s ({within} the {BUDGET_SECONDS // 60}-minute budget). "
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GB RAM, "
        f"{info['system']}, Python {info['python']}; {packages}.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller and faster")
    parser.add_argument("--profile", action="store_true", help="also profile with py-spy")
    parser.add_argument("--shared", type=Path, default=quality.DEFAULT_SHARED)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    RESULTS.mkdir(parents=True, exist_ok=True)

    print("# Benchmarks\n")
    quality.run(args.shared, quality.DEFAULT_JSON)
    print()

    sp = speed.run(args.quick, shared=args.shared)
    write_json(sp, speed.DEFAULT_JSON)
    print(speed.markdown(sp), end="\n\n", flush=True)

    sizes = crawl.QUICK_SIZES if args.quick else crawl.FULL_SIZES
    cr = crawl.run(sizes, 3 if args.quick else 5, trafilatura_ms=sp["extraction"]["trafilatura_ms"])
    write_json(cr, crawl.DEFAULT_JSON)
    print(crawl.markdown(cr), end="\n\n", flush=True)

    rx = reextract_bench.run(500 if args.quick else 2000, args.shared)
    write_json(rx, reextract_bench.DEFAULT_JSON)
    print(reextract_bench.markdown(rx), end="\n\n", flush=True)

    ex = export_bench.run(100_000, 1 if args.quick else 3)
    write_json(ex, export_bench.DEFAULT_JSON)
    print(export_bench.markdown(ex), end="\n\n", flush=True)

    if args.profile:
        from benchmarks import profile

        for name, text in (
            ("extract", profile.profile_extract(300 if args.quick else 1000)),
            ("crawl", profile.profile_crawl(1000 if args.quick else 2000)),
        ):
            print(f"## Profile: {name}\n\n```\n{text}\n```\n", flush=True)

    elapsed = time.perf_counter() - started
    info = machine()
    rows = targets(sp, cr, rx) + export_bench.targets(ex)
    print(markdown(rows, elapsed, info))
    summary = {
        "generated": datetime.now().astimezone().isoformat(timespec="seconds"),
        "quick": args.quick,
        "seconds": elapsed,
        "machine": info,
        "targets": rows,
    }
    (RESULTS / "run.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    print(
        f"\nwrote {RESULTS}/quality.json, speed.json, crawl.json, reextract.json, "
        "export.json, run.json"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
