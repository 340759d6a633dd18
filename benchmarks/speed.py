"""Extraction and language-detection speed, one process, on stand-in index.hu pages.

    .venv/bin/python -m benchmarks.speed [--quick] [--pages N] [--json PATH]

Extraction: pages per second of this project's extractor (``parse_html`` + ``site.parse`` +
``merge``: what the spider does for a one-page article) and of bare ``trafilatura.extract``
over the very same pages (generated stand-in articles, rendered as the stand-in server
serves them), in the same run; the best of a few rounds each.

Language: the one-off profile load of langdetect (in a fresh process), then per article
``crawler.text.language.detect(sample(title, lead, text, LANGUAGE_SAMPLE_CHARS))`` against the
extraction of the same article, and its share of the two. The same with the faster,
answer-identical detector of :mod:`benchmarks.fastlang`, with the identity checked
(languages and unrounded probabilities) on every body. Then which sample sizes give the same
language as full-text detection on every stand-in and real-world body.

Writes ``benchmarks/results/speed.json`` (git-ignored).
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any

from benchmarks.results_io import write_json

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_JSON = HERE / "results" / "speed.json"
DEFAULT_SHARED = REPO.parent / "shared"
SAMPLE_SIZES = (250, 500, 750, 1000, 1500, 2000, 3000)
LANGUAGE_TIMED_SIZES = (500, 1000)  # timed besides LANGUAGE_SAMPLE_CHARS
FULL = 10**9  # "the whole text": sample() returns it uncut (langdetect itself reads ≤ 10,000)

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


@dataclass
class Doc:
    url: str
    html: str


@dataclass
class Body:
    """What language detection sees of one record."""

    origin: str  # standin | standin-default | realworld | gold
    name: str
    title: str
    lead: str | None
    text: str


# --------------------------------------------------------------------------- inputs


def standin_docs(n: int, seed: int = 0) -> list[Doc]:
    """The first ``n`` generated articles of the stand-in (the same pages a crawl of the
    stand-in with ``--articles >= n --seed seed`` serves), as the server renders them."""
    from tests.standin.pages import ORIGIN
    from tests.standin.site import StandinSite, add_generated, generate_articles

    site = StandinSite()
    articles = generate_articles(n, seed)
    add_generated(site, articles)
    docs = []
    for article in articles:
        route = site.resolve(article.path)
        assert route is not None, article.path
        docs.append(Doc(ORIGIN + article.path, route.render().decode("utf-8")))
    return docs


def default_site_bodies() -> list[Body]:
    """Every record the default stand-in section must produce (includes an English one)."""
    from tests.standin.site import default_site

    bodies = []
    for record in default_site().expected_records():
        text = "\n\n".join(record["text_paragraphs"])
        bodies.append(Body("standin-default", record["url"], record["title"], record["lead"], text))
    return bodies


def realworld_bodies(shared: Path) -> list[Body]:
    """Captured article/live-blog pages (all portals) through ``extract_page``, and the
    hand-annotated gold texts of ``benchmarks/gold``; [] where ../shared is absent."""
    from benchmarks.quality import FIXTURES, GOLD_DIR, decode
    from crawler.assembly.assemble import extract_page
    from crawler.settings import EXTRACT_MAX_CHARS
    from crawler.sites import NotAnArticle

    root = shared / FIXTURES
    if not (root / "manifest.json").is_file():
        return []
    bodies = []
    for entry in json.loads((root / "manifest.json").read_text(encoding="utf-8")):
        if entry.get("kind") not in ("article", "liveblog"):
            continue
        raw = (root / entry["file"]).read_bytes()
        try:
            item = extract_page(
                decode(raw, entry.get("content_type")), entry["url"], max_chars=EXTRACT_MAX_CHARS
            ).item
        except NotAnArticle:
            continue
        bodies.append(Body("realworld", entry["file"], item.title, item.lead, item.text))
    for path in sorted(GOLD_DIR.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if gold.get("text"):
            bodies.append(Body("gold", path.stem, gold["title"], gold.get("lead"), gold["text"]))
    return bodies


# --------------------------------------------------------------------------- extractors


def ours(doc: Doc) -> dict[str, Any]:
    """What the spider does with a one-page article: parse once, read_page, merge."""
    from crawler.assembly.assemble import merge, parse_html, read_page
    from crawler.settings import EXTRACT_MAX_CHARS
    from crawler.sites import site_for_url

    site = site_for_url(doc.url)
    assert site is not None
    return merge([read_page(site, parse_html(doc.html, max_chars=EXTRACT_MAX_CHARS), doc.url)])


def bare_trafilatura(doc: Doc) -> str | None:
    import trafilatura

    return trafilatura.extract(doc.html, url=doc.url)


def best_round(fn: Callable[[Doc], Any], docs: list[Doc], rounds: int) -> float:
    """Seconds of the fastest of ``rounds`` passes over ``docs``."""
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        started = time.perf_counter()
        for doc in docs:
            fn(doc)
        best = min(best, time.perf_counter() - started)
    return best


def extraction(docs: list[Doc], rounds: int) -> dict[str, Any]:
    ours(docs[0]), bare_trafilatura(docs[0])  # imports and first-call set-up, not measured
    seconds_ours = best_round(ours, docs, rounds)
    seconds_traf = best_round(bare_trafilatura, docs, rounds)
    return {
        "pages": len(docs),
        "rounds": rounds,
        "mean_page_bytes": round(mean(len(d.html.encode()) for d in docs)),
        "ours_ms": 1000 * seconds_ours / len(docs),
        "trafilatura_ms": 1000 * seconds_traf / len(docs),
        "ours_pages_per_s": len(docs) / seconds_ours,
        "trafilatura_pages_per_s": len(docs) / seconds_traf,
        "ratio": seconds_traf / seconds_ours,
    }


# --------------------------------------------------------------------------- language


def langdetect_load_seconds() -> float:
    """First ``detect`` in a fresh process (profiles loading), minus a second call."""
    code = (
        "import time\n"
        "from crawler.text.language import detect\n"
        "t = time.perf_counter(); detect('Ma reggel esett az eső Budapesten.')\n"
        "first = time.perf_counter() - t\n"
        "t = time.perf_counter(); detect('Ma reggel esett az eső Budapesten.')\n"
        "print(first - (time.perf_counter() - t))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def language(
    fields: list[dict[str, Any]],
    extract_ms: float,
    default_chars: int,
    sizes: tuple[int, ...],
    rounds: int,
) -> dict[str, Any]:
    """Per-article detection time at each sample size, both detectors, and its share of
    extraction + detection."""
    from benchmarks import fastlang
    from crawler.text.language import detect, sample

    detect("Ma reggel esett az eső."), fastlang.detect("Ma reggel esett az eső.")  # load

    def per_sample_ms(fn: Callable[[str], Any], samples: list[str]) -> float:
        best = float("inf")
        for _ in range(rounds):
            gc.collect()
            started = time.perf_counter()
            for text in samples:
                fn(text)
            best = min(best, time.perf_counter() - started)
        return 1000 * best / len(samples)

    rows = []
    for size in sorted({*sizes, default_chars}):
        samples = [sample(f["title"], f["lead"], f["text"], size) for f in fields]
        detect_ms = per_sample_ms(detect, samples)
        fast_ms = per_sample_ms(fastlang.detect, samples)
        rows.append(
            {
                "sample_chars": size,
                "default": size == default_chars,
                "mean_sample_chars": mean(len(s) for s in samples),
                "detect_ms": detect_ms,
                "fast_detect_ms": fast_ms,
                "share": detect_ms / (extract_ms + detect_ms),
                "fast_share": fast_ms / (extract_ms + fast_ms),
            }
        )
    return {
        "articles": len(fields),
        "default_sample_chars": default_chars,
        "load_seconds": langdetect_load_seconds(),
        "extract_ms": extract_ms,
        "rows": rows,
        "default": next(r for r in rows if r["default"]),
    }


def fast_identity(bodies: list[Body], sample_chars: int) -> dict[str, Any]:
    """Fast vs langdetect's detector: every language and unrounded probability, on the
    default-size sample and on the whole text of every body."""
    from benchmarks.fastlang import probabilities
    from crawler.text.language import sample

    compared, differing = 0, []
    for body in bodies:
        for size in (sample_chars, FULL):
            text = sample(body.title, body.lead, body.text, size)
            compared += 1
            if probabilities(text, fast=False) != probabilities(text, fast=True):
                differing.append(f"{body.origin}:{body.name}@{size}")
    return {"compared": compared, "identical": compared - len(differing), "differing": differing}


def sample_sizes(bodies: list[Body], sizes: tuple[int, ...]) -> dict[str, Any]:
    """For each sample size: on how many bodies the language equals full-text detection."""
    from benchmarks import fastlang
    from crawler.text.language import sample

    # fastlang.detect gives crawler.text.language.detect's answers (checked by fast_identity).
    full = [fastlang.detect(sample(b.title, b.lead, b.text, FULL)) for b in bodies]
    rows = []
    for size in sizes:
        same_language, same_probability, differing = 0, 0, []
        for body, reference in zip(bodies, full, strict=True):
            found = fastlang.detect(sample(body.title, body.lead, body.text, size))
            same_language += found.language == reference.language
            same_probability += found == reference
            if found.language != reference.language:
                differing.append(
                    f"{body.origin}:{body.name}: {found.language} vs {reference.language}"
                )
        rows.append(
            {
                "size": size,
                "bodies": len(bodies),
                "same_language": same_language,
                "same_language_and_probability": same_probability,
                "differing": differing,
            }
        )
    languages: dict[str, int] = {}
    for found in full:
        languages[str(found.language)] = languages.get(str(found.language), 0) + 1
    origins: dict[str, int] = {}
    for body in bodies:
        origins[body.origin] = origins.get(body.origin, 0) + 1
    longer = {
        size: sum(len(sample(b.title, b.lead, b.text, FULL)) > size for b in bodies)
        for size in sizes
    }
    return {
        "full_text_languages": languages,
        "bodies_by_origin": origins,
        "bodies_longer_than_size": longer,
        "sizes": rows,
    }


# --------------------------------------------------------------------------- report


def run(quick: bool = False, pages: int | None = None, shared: Path = DEFAULT_SHARED) -> dict:
    from crawler import settings

    n = pages or (60 if quick else 300)
    rounds = 2 if quick else 3
    docs = standin_docs(n)
    result: dict[str, Any] = {"extraction": extraction(docs, rounds)}
    fields = [ours(d) for d in docs]
    result["language"] = language(
        fields,
        result["extraction"]["ours_ms"],
        settings.LANGUAGE_SAMPLE_CHARS,
        LANGUAGE_TIMED_SIZES,
        2,
    )
    bodies = [
        Body("standin", d.url, f["title"], f["lead"], f["text"])
        for d, f in zip(docs, fields, strict=True)
    ]
    bodies += default_site_bodies() + realworld_bodies(shared)
    result["fast_identity"] = fast_identity(bodies, settings.LANGUAGE_SAMPLE_CHARS)
    result["sample_sizes"] = sample_sizes(bodies, SAMPLE_SIZES)
    return result


def markdown(result: dict[str, Any]) -> str:
    ex, lang = result["extraction"], result["language"]
    ident, sizes = result["fast_identity"], result["sample_sizes"]
    lines = [
        f"## Extraction throughput ({ex['pages']} stand-in pages, "
        f"{ex['mean_page_bytes'] / 1000:.0f} KB each, best of {ex['rounds']})",
        "",
        "| extractor | ms/page | pages/s |",
        "|---|---|---|",
        f"| ours (parse_html + site.parse + merge) | {ex['ours_ms']:.2f} "
        f"| {ex['ours_pages_per_s']:.0f} |",
        f"| bare trafilatura.extract | {ex['trafilatura_ms']:.2f} "
        f"| {ex['trafilatura_pages_per_s']:.0f} |",
        f"| **ratio** | | **{ex['ratio']:.2f}×** (target ≥ 3×) |",
        "",
        f"## Language detection per article ({lang['articles']} stand-in articles; "
        f"extraction {lang['extract_ms']:.2f} ms/article)",
        "",
        "| sample chars | detector | ms/article | share of extraction + detection |",
        "|---|---|---|---|",
    ]
    for row in lang["rows"]:
        default = " (default)" if row["default"] else ""
        lines += [
            f"| {row['sample_chars']}{default} | crawler.text.language.detect (langdetect) "
            f"| {row['detect_ms']:.2f} | {100 * row['share']:.0f} % |",
            f"| {row['sample_chars']}{default} | benchmarks.fastlang.detect "
            f"| {row['fast_detect_ms']:.2f} | {100 * row['fast_share']:.0f} % |",
        ]
    lines += [
        "",
        f"langdetect profile load (once per process): {lang['load_seconds']:.2f} s. "
        f"fastlang vs langdetect: {ident['identical']}/{ident['compared']} identical "
        "(languages and unrounded probabilities).",
        "",
        f"## Sample size vs full-text detection ({sum(sizes['bodies_by_origin'].values())} "
        f"bodies: {_counts(sizes['bodies_by_origin'])}; full-text languages: "
        f"{_counts(sizes['full_text_languages'])})",
        "",
        "| sample chars | bodies longer | same language | same language and probability |",
        "|---|---|---|---|",
    ]
    for row in sizes["sizes"]:
        longer = sizes["bodies_longer_than_size"][row["size"]]
        lines.append(
            f"| {row['size']} | {longer} | {row['same_language']}/{row['bodies']} "
            f"| {row['same_language_and_probability']}/{row['bodies']} |"
        )
    differing = sorted({d for row in sizes["sizes"] for d in row["differing"]})
    if differing:
        lines += ["", "Bodies whose sampled language differs from full-text detection:"]
        for name in differing:
            at = [str(r["size"]) for r in sizes["sizes"] if name in r["differing"]]
            lines.append(f"- {name} (at {', '.join(at)} chars)")
    return "\n".join(lines)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer pages and rounds")
    parser.add_argument("--pages", type=int, help="stand-in pages (default 300, quick 60)")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(argv)
    result = run(args.quick, args.pages, args.shared)
    print(markdown(result))
    write_json(result, args.json)
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
