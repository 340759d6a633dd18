"""``scrapy export`` over a large output directory: records/s to ``.jsonl`` and ``.parquet``.

    .venv/bin/python -m benchmarks.export [--records 100000] [--repeats 3] [--json PATH]

1. Generates ``--records`` records in the published layout under a temporary
   ``OUTPUT_DIR``: six spiders, 500 records a file (one file a run), each record the shape
   and size of a real one (title, lead, a body of 4 to 9 paragraphs of Hungarian words,
   tags, authors; one in 50 a live blog with 5 to 20 posts; about 4.3 KB a line). One
   record in ten is a later revision of an article an earlier file of its spider holds;
   70 % are untranslated, and every fourth file has a ``scrapy retranslate`` output
   (``derived/translated/<spider>/``) translating them. The catalog is written as the
   crawl writes it (sizes and hashes counted while writing).
2. ``scrapy export OUT.jsonl`` and ``scrapy export OUT.parquet`` as subprocesses, each best
   of ``--repeats``: wall time from process start to exit (Scrapy's start-up included),
   CPU time and peak RSS of the process (``os.wait4``, forked from a small helper as in
   :mod:`benchmarks.crawl`). records/s = records read / wall. Each export is checked: one
   row per article, every merged translation present.

Target: at least 20,000 records/s on 100,000 records, both formats. Writes
``benchmarks/results/export.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.crawl import MEASURE, REPO, scrapy_command
from benchmarks.results_io import write_json

HERE = Path(__file__).resolve().parent
DEFAULT_JSON = HERE / "results" / "export.json"
TARGET_PER_SECOND = 20_000
SPIDERS = (
    ("index_abroad", "index.hu", "kulfold"),
    ("telex_abroad", "telex.hu", "kulfold"),
    ("444_abroad", "444.hu", "kulfold"),
    ("24hu_abroad", "24.hu", "kulfold"),
    ("hvg_abroad", "hvg.hu", "vilag"),
    ("origo_abroad", "origo.hu", "nagyvilag"),
)
PER_FILE = 500
_TEXT = (
    "a kormány szerdán bejelentette hogy az uniós tárgyalások után Brüsszelben újabb "
    "egyeztetés következik külügyminiszter szerint háború Ukrajna Oroszország béke "
    "választás parlament elnök miniszterelnök Németország Franciaország amerikai "
    "tüntetés rendőrség áldozat menekült határ gazdaság infláció energia gáz olaj "
    "szankció nagykövet nyilatkozat közlemény hétfőn kedden csütörtökön pénteken "
    "szombaton vasárnap reggel este éjszaka tegnap ma holnap szerint mintegy több mint "
    "kevesebb ezer millió milliárd forint euró dollár százalék"
)
WORDS = tuple(_TEXT.split(" "))


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    pool = []
    for _ in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(35, 75))]
        pool.append(" ".join(words).capitalize() + ".")
    return pool


def _content_hash(record: dict[str, Any]) -> str:
    basis = [record["title"], record["lead"], record["text"]]
    basis += [[p["title"], p["text"]] for p in record["posts"]]
    return hashlib.sha256(json.dumps(basis, ensure_ascii=False).encode()).hexdigest()


def generate(output_dir: Path, records: int, seed: int = 0) -> dict[str, Any]:
    """``records`` records in the published layout under ``output_dir``, with revisions,
    retranslate outputs and the catalog; returns what an export of them must give."""
    from crawler.record.times import BUDAPEST
    from crawler.run.catalog import CatalogEntry, catalog_path, render
    from crawler.run.files import AtomicJsonl, derived_dir, run_file_name, write_atomically

    rng = random.Random(seed)
    pool = _paragraphs(rng, 3000)
    started = datetime(2026, 1, 1, 3, 0, tzinfo=UTC)
    known: dict[str, list[str]] = {spider: [] for spider, _, _ in SPIDERS}
    revisions: dict[str, int] = {}
    latest: dict[str, tuple[int, str, bool]] = {}  # url -> (revision, hash, translated)
    translated_keys: set[tuple[str, str]] = set()
    entries = []
    written = number = 0
    run = 0
    while written < records:
        spider, source, section = SPIDERS[run % len(SPIDERS)]
        when = started + timedelta(minutes=20 * run)
        name = run_file_name(when)
        writer = AtomicJsonl(output_dir / spider / name)
        translator = (
            AtomicJsonl(derived_dir(output_dir, "translated", spider) / name)
            if run % 4 == 0
            else None
        )
        for _ in range(min(PER_FILE, records - written)):
            if known[spider] and rng.random() < 0.1:
                url = rng.choice(known[spider])
            else:
                number += 1
                day = (when - timedelta(hours=rng.randint(0, 30))).astimezone(BUDAPEST)
                url = f"https://{source}/{section}/{day:%Y/%m/%d}/cikk-{number:07d}/"
                known[spider].append(url)
            revision = revisions[url] = revisions.get(url, 0) + 1
            record = _record(rng, pool, url, source, section, revision, when)
            writer.write(record)
            if translator is not None:
                if record["translation"] is None:
                    copy = dict(record, translation=_translation(record), translation_error=None)
                    translated_keys.add((url, record["content_hash"]))
                    translator.write(copy)
                else:
                    translator.write(record)
            latest[url] = (revision, record["content_hash"], record["translation"] is not None)
            written += 1
        writer.commit()
        if translator is not None:
            translator.commit()
        entries.append(CatalogEntry.of(spider, name, writer.tally))
        run += 1
    write_atomically(catalog_path(output_dir), render(sorted(entries, key=lambda e: e.path)))
    merged = sum(
        1
        for url, (_, content_hash, translated) in latest.items()
        if not translated and (url, content_hash) in translated_keys
    )
    size = sum(entry.bytes for entry in entries)
    return {
        "records": written,
        "articles": len(latest),
        "files": len(entries),
        "bytes": size,
        "bytes_per_record": size / written,
        "translations_merged": merged,
    }


def _record(
    rng: random.Random,
    pool: list[str],
    url: str,
    source: str,
    section: str,
    revision: int,
    when: datetime,
) -> dict[str, Any]:
    from crawler.record.item import RECORD_FIELDS, SCHEMA_VERSION
    from crawler.record.times import BUDAPEST

    liveblog = rng.random() < 0.02
    posts = []
    if liveblog:
        for minute in range(rng.randint(5, 20)):
            at = (when - timedelta(minutes=minute)).astimezone(BUDAPEST)
            posts.append(
                {
                    "published": at.isoformat(),
                    "authors": ["Kovács Anna"],
                    "title": rng.choice(pool)[:60].rstrip() or None,
                    "text": rng.choice(pool),
                }
            )
    published = (when - timedelta(hours=rng.randint(0, 30))).astimezone(BUDAPEST)
    record: dict[str, Any] = {
        "url": url,
        "source": source,
        "section": section,
        "kind": "liveblog" if liveblog else "article",
        "title": rng.choice(pool)[:90].rstrip(),
        "lead": rng.choice(pool) if rng.random() < 0.8 else None,
        "text": "\n\n".join(rng.sample(pool, rng.randint(4, 8))),
        "posts": posts,
        "authors": rng.sample(["Szalai Bence", "Kovács Anna", "Tóth Péter", "MTI"], 1),
        "published": published.isoformat() if rng.random() < 0.97 else None,
        "modified": None,
        "tags": rng.sample(["eu", "ukrajna", "háború", "választás", "energia", "usa"], 3),
        "image": f"https://kep.example/{rng.randrange(10**9)}.jpg",
        "language": "hu",
        "language_probability": 0.9999,
        "translation": None,
        "translation_error": None,
        "revision": revision,
        "content_hash": "",
        "crawled_at": (when + timedelta(seconds=rng.randint(0, 600))).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        ),
        "schema_version": SCHEMA_VERSION,
    }
    record["content_hash"] = _content_hash(record)
    if rng.random() < 0.3:
        record["translation"] = _translation(record)
    return {name: record.get(name) for name in RECORD_FIELDS}


def _translation(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "lang": "en",
        "provider": "google",
        "title": record["title"].upper(),
        "lead": record["lead"].upper() if record["lead"] else None,
        "text": record["text"].upper(),
        "posts": [{"title": p["title"], "text": p["text"].upper()} for p in record["posts"]],
    }


def timed_export(output_dir: Path, target: Path, repeats: int) -> dict[str, Any]:
    """Best of ``repeats`` exports (the machine is shared: the best run is the one least
    disturbed): wall from process start to exit, CPU and peak RSS of that run."""
    command = [*scrapy_command(), "export", str(target), "-s", f"OUTPUT_DIR={output_dir}"]
    runs = []
    for attempt in range(repeats):
        measured = target.with_name(f"{target.name}.{attempt}.rusage.json")
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, str(measured), *command],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        usage = json.loads(measured.read_text())
        if usage["status"] != 0:
            raise RuntimeError(f"export failed ({usage['status']}): {done.stderr[-2000:]}")
        runs.append((usage["wall"], usage["cpu"], usage["maxrss_kb"] / 1024, done.stdout.strip()))
    wall, cpu, rss, line = min(runs)
    return {
        "format": target.suffix,
        "wall_seconds": wall,
        "walls": [run[0] for run in runs],
        "cpu_seconds": cpu,
        "max_rss_mb": rss,
        "bytes": target.stat().st_size,
        "printed": line,
    }


def check(target: Path, expected: dict[str, Any]) -> None:
    """One row per article, and every translation the export should merge is there."""
    if target.suffix == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(target, columns=["url", "translation"])
        urls = table.column("url").to_pylist()
        translated = sum(t is not None for t in table.column("translation").to_pylist())
    else:
        urls, translated = [], 0
        with target.open("rb") as lines:
            for line in lines:
                record = json.loads(line)
                urls.append(record["url"])
                translated += record["translation"] is not None
    assert len(urls) == len(set(urls)) == expected["articles"], (len(urls), expected)
    assert translated >= expected["translations_merged"], (translated, expected)


def run(records: int = 100_000, repeats: int = 3) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        output_dir = Path(tmp) / "output"
        generated = generate(output_dir, records)
        exports = []
        for suffix in (".jsonl", ".parquet"):
            target = Path(tmp) / f"articles{suffix}"
            timed = timed_export(output_dir, target, repeats)
            check(target, generated)
            timed["records_per_second"] = generated["records"] / timed["wall_seconds"]
            exports.append(timed)
    return {"generated": generated, "exports": exports, "target_per_second": TARGET_PER_SECOND}


def markdown(result: dict[str, Any]) -> str:
    g = result["generated"]
    lines = [
        f"## Export ({g['records']:,} records in {g['files']} files, "
        f"{g['bytes'] / 1e6:.0f} MB, {g['bytes_per_record'] / 1024:.1f} KB a record; "
        f"{g['articles']:,} articles; {g['translations_merged']:,} translations to merge)",
        "",
        "| `scrapy export` | wall s (best) | records/s | CPU s | peak RSS | output |",
        "|---|---|---|---|---|---|",
    ]
    for row in result["exports"]:
        lines.append(
            f"| `{row['format']}` | {row['wall_seconds']:.2f} "
            f"(of {', '.join(f'{w:.2f}' for w in row['walls'])}) "
            f"| {row['records_per_second']:,.0f} | {row['cpu_seconds']:.2f} "
            f"| {row['max_rss_mb']:.0f} MB | {row['bytes'] / 1e6:.0f} MB |"
        )
    lines += ["", f"It printed: `{result['exports'][0]['printed']}`"]
    return "\n".join(lines)


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    records = result["generated"]["records"]
    return [
        {
            "target": f"export to {row['format']} ≥ {TARGET_PER_SECOND:,} records/s "
            f"({records:,} records)",
            "value": f"{row['records_per_second']:,.0f}/s ({row['wall_seconds']:.2f} s)",
            "met": row["records_per_second"] >= TARGET_PER_SECOND,
        }
        for row in result["exports"]
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.export", description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3, help="exports per format (best kept)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(argv)
    result = run(args.records, args.repeats)
    write_json(result, args.json)
    print(markdown(result))
    rows = targets(result)
    for row in rows:
        print(f"- {row['target']}: {row['value']} ({'met' if row['met'] else 'NOT MET'})")
    return 0 if all(row["met"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
