"""Run archives: re-extraction speed, archive size, and what archiving costs a crawl.

    .venv/bin/python -m benchmarks.reextract [--articles 2000] [--repeats 3] [--json PATH]
    .venv/bin/python -m benchmarks.reextract --archive OUTPUT/index_abroad/warc/RUN.warc.gz

1. A stand-in index.hu with N generated articles (its own process, as in
   :mod:`benchmarks.crawl`) is crawled once with the archive on (the default) and once
   with ``ARCHIVE_ENABLED=False``: wall and CPU time of each crawl process.
2. ``scrapy reextract`` of that run's archive, as a subprocess (wall time from process
   start to exit, so start-up and langdetect's profile load in each worker count), with
   ``REEXTRACT_PROCESSES=2`` (both cores) and ``=1``; articles/s = archived articles / wall.
3. Bare trafilatura beside it: ``trafilatura.extract(html, url=url)`` over the archived
   first pages of the same articles (read from the archive), one process, per article;
   also scaled to two processes (×2, the best two cores could do).
4. Size: bytes of the archive per article (its response and request records) and per run
   (warcinfo, robots.txt, feed, section page); the same per-record gzip level on the real
   captured pages of index.hu's CMS in ../shared (articles and listings), and a year of
   index.hu Külföld from those: ~50 articles a day, a run every 15 minutes.

Writes ``benchmarks/results/reextract.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

from benchmarks.crawl import REPO, SPIDER, StandinProcess, run_crawl, scrapy_command
from benchmarks.results_io import write_json

HERE = Path(__file__).resolve().parent
DEFAULT_JSON = HERE / "results" / "reextract.json"
DEFAULT_SHARED = REPO.parent / "shared"
ARTICLES_PER_DAY = 50
RUNS_PER_DAY = 96  # every 15 minutes
# Besides the section page, a run archives robots.txt, the feed and the warcinfo record:
# 5.2 KB together on the stand-in (no real feed is captured in ../shared).
RUN_EXTRA_KB = 5.2
TRAFILATURA_PAGES = 300


def archive_of(output_dir: Path) -> Path:
    from crawler.archive import warc_dir

    [path] = warc_dir(output_dir, SPIDER).glob("*.warc.gz")
    return path


def record_sizes(path: Path) -> dict[str, Any]:
    """Compressed bytes of each record (every record is its own gzip member)."""
    from warcio.archiveiterator import ArchiveIterator

    article_bytes = run_bytes = 0
    articles = pages = 0
    last_kind = None
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            kind = record.rec_type
            headers = record.rec_headers
            # Page roles (crawler.archive), or the legacy callback name of older archives.
            is_article = (
                headers.get_header("X-Crawler-Role") == "article-page"
                or headers.get_header("X-Crawler-Callback") == "parse_article"
                if kind == "response"
                else last_kind == "article"
            )
            iterator.read_to_end()
            size = iterator.get_record_length()
            if kind == "response":
                last_kind = "article" if is_article else "other"
                pages += is_article
                articles += headers.get_header("X-Crawler-Article") is not None and (
                    headers.get_header("X-Crawler-Page") in (None, "1")
                )
            if is_article:
                article_bytes += size
            else:
                run_bytes += size
    return {
        "file_bytes": path.stat().st_size,
        "article_bytes": article_bytes,
        "run_bytes": run_bytes,  # warcinfo, robots.txt, feed, listings
        "articles": articles,
        "article_pages": pages,
        "bytes_per_article": article_bytes / max(1, articles),
    }


def timed_reextract(archive: Path, processes: int, out: Path, repeats: int) -> dict[str, Any]:
    """Best of ``repeats`` runs (the machine is shared: the best run is the one least
    disturbed); CPU seconds of the command and its workers in that run."""
    command = [*scrapy_command(), "reextract", str(archive), "--output-dir", str(out)]
    command += ["-s", f"REEXTRACT_PROCESSES={processes}", "-s", "LOG_LEVEL=ERROR"]
    runs = []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise RuntimeError(f"reextract failed: {done.stderr[-2000:]}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        runs.append((wall, cpu))
    wall, cpu = min(runs)
    [output] = out.glob("*.jsonl")
    records = len(output.read_text(encoding="utf-8").splitlines())
    return {
        "processes": processes,
        "wall_seconds": wall,
        "cpu_seconds": cpu,
        "walls": [w for w, _ in runs],
        "records": records,
    }


def first_pages(archive: Path, limit: int) -> list[tuple[str, str]]:
    """(url, html) of the first ``limit`` archived article first pages."""
    from w3lib.encoding import html_to_unicode

    from crawler.archive.reader import RecordReader, index_archive

    entries = [e for e in index_archive(archive).articles() if e.status == 200][:limit]
    pages = []
    with RecordReader(archive) as reader:
        for entry in entries:
            stored = reader.read(entry)
            content_type = dict((k.lower(), v) for k, v in stored.headers).get("content-type")
            pages.append((stored.url, html_to_unicode(content_type, stored.body)[1]))
    return pages


def trafilatura_ms(pages: list[tuple[str, str]]) -> float:
    import trafilatura

    for url, text in pages[:20]:  # warm-up, as in benchmarks.speed
        trafilatura.extract(text, url=url)
    started = time.perf_counter()
    for url, text in pages:
        trafilatura.extract(text, url=url)
    return (time.perf_counter() - started) * 1000 / max(1, len(pages))


def realworld_sizes(shared: Path, level: int) -> dict[str, Any]:
    """Per-record gzip size of the captured index.hu-CMS pages (articles, listings)."""
    manifest = shared / "fixtures" / "realworld" / "manifest.json"
    if not manifest.exists():
        return {}
    sizes: dict[str, list[int]] = {"article": [], "listing": []}
    raw: dict[str, list[int]] = {"article": [], "listing": []}
    for entry in json.loads(manifest.read_text(encoding="utf-8")):
        if entry["portal"] not in ("index.hu", "velvet.hu"):
            continue
        kind = "listing" if entry["kind"] == "listing" else "article"
        body = (manifest.parent / entry["file"]).read_bytes()
        member = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        # ~1 KB of WARC and HTTP headers per response, ~0.5 KB per request record.
        sizes[kind].append(len(member.compress(body) + member.flush()) + 900)
        raw[kind].append(len(body))
    return {
        kind: {
            "pages": len(values),
            "mean_raw_kb": sum(raw[kind]) / len(values) / 1024,
            "mean_record_kb": sum(values) / len(values) / 1024,
        }
        for kind, values in sizes.items()
        if values
    }


def year(per_article_kb: float, per_run_kb: float) -> dict[str, float]:
    """A year's archive; ``listing_only_off_mb``: with ARCHIVE_LISTING_ONLY_RUNS=False, at
    most one run a day per new article keeps its listing (an upper bound)."""
    articles = ARTICLES_PER_DAY * 365 * per_article_kb / 1024
    runs = RUNS_PER_DAY * 365 * per_run_kb / 1024
    some_runs = min(RUNS_PER_DAY, ARTICLES_PER_DAY) * 365 * per_run_kb / 1024
    return {
        "articles_mb": articles,
        "runs_mb": runs,
        "total_mb": articles + runs,
        "listing_only_off_mb": articles + some_runs,
    }


def run(
    articles: int, shared: Path, repeats: int = 3, archive: Path | None = None
) -> dict[str, Any]:
    """``archive``: time re-extraction of this archive only (no crawls)."""
    from crawler import settings

    work = Path(tempfile.mkdtemp(prefix="bench-reextract-"))
    crawls: dict[str, Any] = {}
    if archive is None:
        with StandinProcess(articles, log=work / "server.log") as server:
            on = run_crawl(server.base_url, work / "on", work / "on.log", server)
            off = run_crawl(
                server.base_url,
                work / "off",
                work / "off.log",
                server,
                {"ARCHIVE_ENABLED": "False"},
            )
        archive = archive_of(work / "on")
        crawls = {
            "archive_on": {"wall": on.wall_seconds, "cpu": on.cpu_seconds, "records": on.records},
            "archive_off": {
                "wall": off.wall_seconds,
                "cpu": off.cpu_seconds,
                "records": off.records,
            },
        }
    sizes = record_sizes(archive)
    both = timed_reextract(archive, 2, work / "re2", repeats)
    one = timed_reextract(archive, 1, work / "re1", repeats)
    traf = trafilatura_ms(first_pages(archive, TRAFILATURA_PAGES))
    real = realworld_sizes(shared, settings.ARCHIVE_GZIP_LEVEL)
    result: dict[str, Any] = {
        "articles": articles,
        "crawl": crawls,
        "archive": sizes,
        "reextract": [both, one],
        "archived_articles": sizes["articles"],
        "trafilatura_ms_per_article": traf,
        "realworld": real,
    }
    for row in result["reextract"]:
        row["articles_per_second"] = sizes["articles"] / row["wall_seconds"]
    if real:
        result["year_realworld"] = year(
            real["article"]["mean_record_kb"], real["listing"]["mean_record_kb"] + RUN_EXTRA_KB
        )
    return result


def markdown(r: dict[str, Any]) -> str:
    traf_rate = 1000 / r["trafilatura_ms_per_article"]
    lines = [
        f"## Archive (N = {r['articles']} generated articles; {r['archived_articles']} "
        "archived articles incl. the default section)",
        "",
        "| | wall s (best) | articles/s | CPU ms/article |",
        "|---|---|---|---|",
    ]
    for row in r["reextract"]:
        lines.append(
            f"| `scrapy reextract`, {row['processes']} process(es), {row['records']} records "
            f"| {row['wall_seconds']:.1f} (of {', '.join(f'{w:.1f}' for w in row['walls'])}) "
            f"| {row['articles_per_second']:.0f} "
            f"| {1000 * row['cpu_seconds'] / r['archived_articles']:.2f} |"
        )
    lines += [
        f"| bare trafilatura.extract, 1 process | "
        f"{r['archived_articles'] * r['trafilatura_ms_per_article'] / 1000:.1f} | "
        f"{traf_rate:.0f} | {r['trafilatura_ms_per_article']:.2f} |",
        f"| bare trafilatura.extract, ×2 (two cores at best) | "
        f"{r['archived_articles'] * r['trafilatura_ms_per_article'] / 2000:.1f} | "
        f"{2 * traf_rate:.0f} | |",
        "",
        "| size | stand-in | real index.hu-CMS pages |",
        "|---|---|---|",
    ]
    if r["crawl"]:
        on, off = r["crawl"]["archive_on"], r["crawl"]["archive_off"]
        at = lines.index("| size | stand-in | real index.hu-CMS pages |")
        lines[at:at] = [
            f"Crawl with the archive: {on['wall']:.1f} s wall, {on['cpu']:.1f} s CPU; "
            f"without: {off['wall']:.1f} s wall, {off['cpu']:.1f} s CPU.",
            "",
        ]
    a = r["archive"]
    real = r.get("realworld") or {}
    real_article = f"{real['article']['mean_record_kb']:.1f} KB" if real else "n/a"
    real_run = f"{real['listing']['mean_record_kb'] + RUN_EXTRA_KB:.1f} KB" if real else "n/a"
    lines += [
        f"| per article (response + request) | {a['bytes_per_article'] / 1024:.1f} KB | "
        f"{real_article} |",
        f"| per run (warcinfo, robots.txt, feed, section page) | {a['run_bytes'] / 1024:.1f} KB "
        f"(its section page lists all {r['articles']}) | {real_run} |",
    ]
    if "year_realworld" in r:
        y = r["year_realworld"]
        lines += [
            "",
            f"A year of index.hu Külföld from the real pages ({ARTICLES_PER_DAY} articles a "
            f"day, {RUNS_PER_DAY} runs a day): {y['articles_mb']:.0f} MB of articles + "
            f"{y['runs_mb']:.0f} MB of runs = {y['total_mb'] / 1024:.2f} GB; with "
            f"ARCHIVE_LISTING_ONLY_RUNS=False at most {y['listing_only_off_mb'] / 1024:.2f} GB.",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reextract", description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3, help="reextract runs (best kept)")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    parser.add_argument("--archive", type=Path, help="time this archive only (no crawls)")
    args = parser.parse_args(argv)
    result = run(args.articles, args.shared, args.repeats, args.archive)
    write_json(result, args.json)
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
