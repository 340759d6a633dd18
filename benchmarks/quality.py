"""Extraction-quality benchmark: this project's extractor against general-purpose extractors.

For every hand-annotated page in ``benchmarks/gold/`` the captured HTML is read from the shared
fixtures (never copied into the repository), decoded with the charset of its manifest entry,
and handed to each extractor.  Body text is scored as a bag of tokens (see ``tokens.py``);
title, lead, authors, credits, kind and the publication date by exact match; every time an
extractor gives by whether it is Budapest time; live blogs also by the number of posts found.

    .venv/bin/python -m benchmarks.quality [--shared PATH] [--json PATH]

Prints a markdown summary per extractor and one row per page and extractor, and writes all
numbers to ``benchmarks/results/quality.json`` (git-ignored).  Exits 0 with a message when the
shared fixtures are absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from statistics import mean
from typing import Any

from benchmarks.tokens import (
    authors_match,
    bag_score,
    credits_match,
    date_match,
    in_budapest_time,
    parse_when,
    text_match,
    timestamp_match,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GOLD_DIR = HERE / "gold"
OOS_DIR = HERE / "gold-oos"
# Real out-of-sample pages are third-party: kept outside the repository (see gold-oos/README.md).
OOS_PAGES = Path(os.environ.get("OOS_PAGES", "/work/oos-pages"))
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_JSON = HERE / "results" / "quality.json"
FIXTURES = Path("fixtures") / "realworld"
BLOCK_TAGS = (
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "td",
    "th",
    "dd",
    "dt",
    "figcaption",
    "br",
)

Prediction = dict[str, Any]
Extractor = Callable[[str, str], Prediction | None]


class Unavailable(Exception):
    """The extractor cannot run here at all (not installed, not written yet)."""


# --------------------------------------------------------------------------- extractors


def extract_ours(html_text: str, url: str) -> Prediction | None:
    """This project's extractor: ``crawler.assembly.assemble.extract_page``, the crawl's own path
    (the site module that owns the host, else the generic path)."""
    try:
        from crawler.assembly.assemble import extract_page
        from crawler.settings import EXTRACT_MAX_CHARS
        from crawler.sites import NotAnArticle
    except ImportError as exc:
        raise Unavailable(f"crawler.assembly.assemble.extract_page: {exc}") from exc
    try:
        item = extract_page(html_text, url, max_chars=EXTRACT_MAX_CHARS).item
    except NotAnArticle:
        return None
    return {
        "title": item.title,
        "lead": item.lead,
        "text": item.text,
        "authors": list(item.authors),
        "credits": list(item.credits),
        "published": item.published,
        "modified": item.modified,
        "posts": item.posts,
        "kind": item.kind,
    }


def extract_generic(html_text: str, url: str) -> Prediction | None:
    """This project's generic path on every page, as if no site module owned its host:
    how it reads markup it was not written for (the portals without a module)."""
    try:
        from crawler.assembly.assemble import merge, parse_html
        from crawler.record.times import normalise_times
        from crawler.settings import EXTRACT_MAX_CHARS
        from crawler.sites import NotAnArticle
        from crawler.sites.generic import SITE
    except ImportError as exc:
        raise Unavailable(f"crawler.sites.generic: {exc}") from exc
    try:
        fields = normalise_times(
            merge([SITE.parse(parse_html(html_text, max_chars=EXTRACT_MAX_CHARS), url)])
        )
    except NotAnArticle:
        return None
    keys = ("title", "lead", "text", "authors", "credits", "published", "posts", "kind")
    return {key: fields.get(key) for key in keys}


def _trafilatura(html_text: str, url: str, *, favor_precision: bool) -> Prediction | None:
    try:
        import trafilatura
    except ImportError as exc:
        raise Unavailable(f"trafilatura: {exc}") from exc
    text = trafilatura.extract(
        html_text, url=url, output_format="txt", favor_precision=favor_precision
    )
    meta = trafilatura.extract_metadata(html_text, default_url=url)
    authors = [a.strip() for a in (meta.author or "").split(";") if a.strip()] if meta else []
    return {
        "title": meta.title if meta else None,
        # trafilatura has no lead; its closest field is the page description.
        "lead": meta.description if meta else None,
        "text": text,
        "authors": authors,
        "published": meta.date if meta else None,
        "posts": None,
        "kind": None,
    }


def extract_trafilatura(html_text: str, url: str) -> Prediction | None:
    """``trafilatura.extract(html, output_format="txt")`` with defaults, plus its metadata."""
    return _trafilatura(html_text, url, favor_precision=False)


def extract_trafilatura_precision(html_text: str, url: str) -> Prediction | None:
    """trafilatura with ``favor_precision=True``."""
    return _trafilatura(html_text, url, favor_precision=True)


def extract_newspaper(html_text: str, url: str) -> Prediction | None:
    """newspaper4k ``Article`` parsed from the given HTML (no download)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "nltk is not installed": NLP is not used here
            from newspaper import Article
    except ImportError as exc:
        raise Unavailable(f"newspaper4k: {exc}") from exc
    article = Article(url, fetch_images=False)
    article.download(input_html=html_text)
    article.parse()
    published = article.publish_date
    if (
        isinstance(published, datetime)
        and published.tzinfo is None
        and published.time() == datetime.min.time()
    ):
        published = published.date()  # newspaper4k's naive midnight means "date only"
    return {
        "title": article.title or None,
        "lead": article.meta_description or None,
        "text": article.text or None,
        "authors": list(article.authors or []),
        "published": published.isoformat() if isinstance(published, date) else published,
        "posts": None,
        "kind": None,
    }


def extract_readability(html_text: str, url: str) -> Prediction | None:
    """readability-lxml: ``title()`` and ``summary()``, the summary turned into block text."""
    try:
        from lxml import html as lxml_html
        from readability import Document
    except ImportError as exc:
        raise Unavailable(f"readability-lxml: {exc}") from exc
    doc = Document(html_text, url=url)
    summary = lxml_html.fromstring(doc.summary(html_partial=True))
    return {
        "title": doc.title() or None,
        "lead": None,
        "text": blocks_text(summary),
        "authors": [],
        "published": None,
        "posts": None,
        "kind": None,
    }


def blocks_text(element: Any) -> str:
    """Text of an lxml element with a paragraph break around every block-level element."""
    marker = "\u2029"  # paragraph separator: never inside normal text
    for el in element.iter(*BLOCK_TAGS):
        el.tail = marker + (el.tail or "")
        if el.tag != "br":
            el.text = marker + (el.text or "")
    parts = (" ".join(chunk.split()) for chunk in element.text_content().split(marker))
    return "\n\n".join(p for p in parts if p)


EXTRACTORS: dict[str, Extractor] = {
    "ours": extract_ours,
    "generic": extract_generic,
    "trafilatura": extract_trafilatura,
    "trafilatura_precision": extract_trafilatura_precision,
    "newspaper4k": extract_newspaper,
    "readability": extract_readability,
}


# --------------------------------------------------------------------------- data


@dataclass
class Page:
    """One gold page and its captured HTML."""

    stem: str
    gold: dict[str, Any]
    html: str


@dataclass
class Row:
    """Scores of one extractor on one page."""

    page: str
    extractor: str
    status: str  # ok | none (extractor said "not an article") | error | n/a
    portal: str = ""
    sample: str = ""  # "in": the extractor was developed on the page; "out": held out
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    title: bool = False
    lead: bool = False
    authors: bool = False
    credits: bool = False
    date: bool = False
    timestamp: bool | None = None
    kind: bool | None = None  # None: the extractor does not say
    budapest: bool | None = None  # every time it gives in Budapest time; None: it gives none
    posts_found: int | None = None
    posts_gold: int | None = None
    post_times_matched: int | None = None
    seconds: float = 0.0
    error: str | None = None
    predicted: dict[str, Any] = field(default_factory=dict)


def charset_of(content_type: str | None) -> str:
    match = re.search(r"charset=([\w.:-]+)", content_type or "", re.IGNORECASE)
    return match[1] if match else "utf-8"


def decode(raw: bytes, content_type: str | None) -> str:
    try:
        return raw.decode(charset_of(content_type), errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


def load_oos_pages(gold_dir: Path = OOS_DIR, real_dir: Path = OOS_PAGES) -> list[Page]:
    """The out-of-sample set: invented pages committed beside their gold, real pages (never
    committed) from ``real_dir``, each checked against the sha256 its gold was annotated on."""
    pages = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        base = gold_dir if gold.get("invented") else real_dir
        html_path = base / gold["page"]
        if not html_path.is_file():
            print(
                f"warning: {gold_path.name}: page {html_path} is absent, skipped", file=sys.stderr
            )
            continue
        raw = html_path.read_bytes()
        if gold.get("sha256") and hashlib.sha256(raw).hexdigest() != gold["sha256"]:
            print(
                f"warning: {gold_path.name}: {html_path} differs from the annotated page, skipped",
                file=sys.stderr,
            )
            continue
        pages.append(Page(gold_path.stem, gold, raw.decode("utf-8", errors="replace")))
    return pages


def load_pages(shared: Path, gold_dir: Path = GOLD_DIR) -> list[Page]:
    root = shared / FIXTURES
    manifest = {Path(e["file"]).stem: e for e in json.loads((root / "manifest.json").read_text())}
    pages = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        entry = manifest.get(gold_path.stem)
        if entry is None:
            print(f"warning: {gold_path.name} has no manifest entry, skipped", file=sys.stderr)
            continue
        raw = (root / entry["file"]).read_bytes()
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pages.append(Page(gold_path.stem, gold, decode(raw, entry.get("content_type"))))
    return pages


# --------------------------------------------------------------------------- scoring


def score(page: Page, name: str, extractor: Extractor) -> Row:
    gold = page.gold
    row = Row(page.stem, name, "ok", gold.get("portal", ""), gold.get("sample", "in"))
    if gold.get("kind") == "liveblog":
        row.posts_gold = len(gold.get("posts") or [])
    started = time.perf_counter()
    try:
        pred = extractor(page.html, gold["url"])
    except Unavailable as exc:
        row.status, row.error = "n/a", str(exc)
        return row
    except Exception as exc:  # an extractor failing on a page scores 0 there
        row.status, row.error = "error", f"{type(exc).__name__}: {exc}"[:300]
        row.seconds = time.perf_counter() - started
        return row
    row.seconds = time.perf_counter() - started
    if pred is None:
        row.status, pred = "none", {}
    body = bag_score(pred.get("text"), gold.get("text"))
    row.precision, row.recall, row.f1 = body.precision, body.recall, body.f1
    row.title = text_match(pred.get("title"), gold.get("title"))
    row.lead = text_match(pred.get("lead"), gold.get("lead"))
    row.authors = authors_match(pred.get("authors"), gold.get("authors"))
    row.credits = credits_match(pred.get("credits"), gold.get("credits"))
    if pred.get("kind") is not None:
        row.kind = pred.get("kind") == gold.get("kind")
    published = _iso(pred.get("published"))
    times = [published, _iso(pred.get("modified"))]
    times += [_iso(post.get("published")) for post in pred.get("posts") or []]
    zones = [z for z in map(in_budapest_time, times) if z is not None]
    row.budapest = all(zones) if zones else None
    row.date = date_match(published, gold.get("published"))
    row.timestamp = timestamp_match(published, gold.get("published"))
    posts = pred.get("posts")
    if row.posts_gold is not None and posts is not None:
        row.posts_found = len(posts)
        row.post_times_matched = _post_times_matched(posts, gold.get("posts") or [])
    row.predicted = {
        "title": pred.get("title"),
        "lead": pred.get("lead"),
        "authors": pred.get("authors"),
        "credits": pred.get("credits"),
        "published": published,
        "kind": pred.get("kind"),
        "text_chars": len(pred.get("text") or ""),
    }
    return row


# Fields a page must have exactly right to count as "read exactly" (the quality floors).
EXACT_FIELDS = ("title", "lead", "authors", "credits", "date", "kind", "budapest")


def fields_wrong(row: Row) -> list[str]:
    """The exactly scored fields ``row`` did not get right (not scored counts as wrong)."""
    return [name for name in EXACT_FIELDS if getattr(row, name) is not True]


def posts_problem(row: Row, gold: dict[str, Any]) -> str | None:
    """For a live blog: unless every gold post was found, each with the time its page
    prints, what was missed (a post printing a match minute has no time in the gold)."""
    if row.posts_gold is None:
        return None
    timed = sum(1 for post in gold["posts"] if post["published"])
    if (row.posts_found, row.post_times_matched) == (row.posts_gold, timed):
        return None
    return f"posts {row.posts_found}/{row.posts_gold}, times {row.post_times_matched}/{timed}"


def _iso(value: Any) -> str | None:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value if isinstance(value, str) else None


def _post_times_matched(predicted: list[dict[str, Any]], gold: list[dict[str, Any]]) -> int:
    """Gold posts whose publication instant appears among the predicted posts' (multiset)."""
    found: list[datetime] = []
    for post in predicted:
        _, stamp = parse_when(_iso(post.get("published")))
        if stamp is not None:
            found.append(stamp)
    matched = 0
    for post in gold:
        _, stamp = parse_when(post.get("published"))
        for i, candidate in enumerate(found):
            if stamp is not None and timestamp_match(candidate.isoformat(), stamp.isoformat()):
                matched += 1
                del found[i]
                break
    return matched


# --------------------------------------------------------------------------- report


def summarise(rows: list[Row]) -> dict[str, dict[str, Any]]:
    summary: dict[str, dict[str, Any]] = {}
    for name in dict.fromkeys(r.extractor for r in rows):
        mine = [r for r in rows if r.extractor == name]
        ran = [r for r in mine if r.status != "n/a"]
        if not ran:
            summary[name] = {"available": False, "note": mine[0].error if mine else None}
            continue
        stamps = [r.timestamp for r in ran if r.timestamp is not None]
        kinds = [r.kind for r in ran if r.kind is not None]
        zones = [r.budapest for r in ran if r.budapest is not None]
        live = [r for r in ran if r.posts_gold is not None]
        summary[name] = {
            "available": True,
            "pages": len(ran),
            "errors": sum(r.status == "error" for r in ran),
            "not_article": sum(r.status == "none" for r in ran),
            "f1": mean(r.f1 for r in ran),
            "precision": mean(r.precision for r in ran),
            "recall": mean(r.recall for r in ran),
            "title": mean(r.title for r in ran),
            "lead": mean(r.lead for r in ran),
            "authors": mean(r.authors for r in ran),
            "credits": mean(r.credits for r in ran),
            "date": mean(r.date for r in ran),
            "kind": mean(kinds) if kinds else None,
            "budapest": mean(zones) if zones else None,
            "timestamp": mean(stamps) if stamps else None,
            "timestamp_pages": len(stamps),
            "posts_found": sum(r.posts_found or 0 for r in live),
            "posts_gold": sum(r.posts_gold or 0 for r in live),
            "post_times_matched": sum(r.post_times_matched or 0 for r in live),
            "seconds": sum(r.seconds for r in ran),
        }
    return summary


def by_group(rows: list[Row]) -> dict[tuple[str, str], dict[str, dict[str, Any]]]:
    """Summaries per (portal, sample) and per sample over all portals (portal "all")."""
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        groups.setdefault((row.portal, row.sample), []).append(row)
        groups.setdefault(("all", row.sample), []).append(row)
    return {key: summarise(groups[key]) for key in sorted(groups, key=_group_order)}


def _group_order(key: tuple[str, str]) -> tuple[int, str, str]:
    portal, sample = key
    return (portal == "all", sample, portal)


def group_table(groups: dict[tuple[str, str], dict[str, dict[str, Any]]]) -> list[str]:
    lines = [
        "## By portal, in sample and out of sample",
        "",
        "In sample: pages the extractor was developed on. Out of sample: pages annotated from",
        "their markup and held out from development (see `benchmarks/gold/README.md`).",
        "",
        "| sample | portal | pages | extractor | F1 | title | lead | authors | credits | date "
        "| kind | Budapest time |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for (portal, sample), summary in groups.items():
        for name, s in summary.items():
            if not s["available"]:
                continue
            lines.append(
                f"| {sample} | {portal} | {s['pages']} | {name} | {_pct(s['f1'])} "
                f"| {_pct(s['title'])} | {_pct(s['lead'])} | {_pct(s['authors'])} "
                f"| {_pct(s['credits'])} | {_pct(s['date'])} | {_pct(s['kind'])} "
                f"| {_pct(s['budapest'])} |"
            )
    return lines


def label(stem: str) -> str:
    """A page name short enough for a table cell, still telling the pages apart."""
    return stem if len(stem) <= 52 else f"{stem[:38]}…{stem[-13:]}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _yes(value: bool | None) -> str:
    return "–" if value is None else ("✓" if value else "✗")


def markdown(summary: dict[str, dict[str, Any]], rows: list[Row]) -> str:
    lines = [
        *group_table(by_group(rows)),
        "",
        "## Extraction quality (means over all gold pages, in and out of sample together)",
        "",
        "| extractor | pages | F1 | P | R | title | lead | authors | date | timestamp (n) "
        "| live posts found/gold | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, s in summary.items():
        if not s["available"]:
            lines.append(
                f"| {name} | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a | – |"
            )
            continue
        posts = "–"
        if name == "ours":
            posts = f"{s['posts_found']}/{s['posts_gold']} ({s['post_times_matched']} times ok)"
        lines.append(
            f"| {name} | {s['pages']} | {_pct(s['f1'])} | {_pct(s['precision'])} "
            f"| {_pct(s['recall'])} | {_pct(s['title'])} | {_pct(s['lead'])} "
            f"| {_pct(s['authors'])} | {_pct(s['date'])} "
            f"| {_pct(s['timestamp'])} ({s['timestamp_pages']}) | {posts} | {s['errors']} |"
        )
    lines += [
        "",
        "## Per page",
        "",
        "| page | sample | extractor | F1 | P | R | title | lead | authors | date | ts | posts "
        "| note |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.status == "n/a":
            lines.append(
                f"| {label(r.page)} | {r.sample} | {r.extractor} | n/a |  |  |  |  |  |  |  |  |  |"
            )
            continue
        posts = "–"
        if r.posts_gold is not None:
            found = "–" if r.posts_found is None else str(r.posts_found)
            posts = f"{found}/{r.posts_gold}"
        note = r.error or ("not an article" if r.status == "none" else "")
        note = note.replace("|", "/").replace("\n", " ")[:80]
        lines.append(
            f"| {label(r.page)} | {r.sample} | {r.extractor} | {r.f1:.3f} | {r.precision:.3f} "
            f"| {r.recall:.3f} | {_yes(r.title)} | {_yes(r.lead)} | {_yes(r.authors)} "
            f"| {_yes(r.date)} | {_yes(r.timestamp)} | {posts} | {note} |"
        )
    return "\n".join(lines)


def versions() -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, str | None] = {}
    for dist in ("trafilatura", "newspaper4k", "readability-lxml", "lxml"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = None
    return out


def run(
    shared: Path,
    json_path: Path,
    only: list[str] | None = None,
    sample: str | None = None,
    record_first: bool = False,
) -> int:
    pages = []
    if (shared / FIXTURES / "manifest.json").is_file():
        pages += load_pages(shared)
    else:
        print(f"note: no shared fixtures at {shared / FIXTURES}; out-of-sample set only")
    pages += load_oos_pages()
    pages = [p for p in pages if sample is None or p.gold.get("sample") == sample]
    if not pages:
        print(f"skipped: no gold pages in {GOLD_DIR} or {OOS_DIR}")
        return 0
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    chosen = {k: v for k, v in EXTRACTORS.items() if not only or k in only}
    rows = [score(page, name, fn) for page in pages for name, fn in chosen.items()]
    summary = summarise(rows)
    print(markdown({k: summary[k] for k in chosen}, rows))
    json_path.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "generated": datetime.now().astimezone().isoformat(timespec="seconds"),
        "versions": versions(),
        "pages": [p.stem for p in pages],
        "summary": {k: summary[k] for k in chosen},
        "groups": [
            {"portal": portal, "sample": sample, "summary": group}
            for (portal, sample), group in by_group(rows).items()
        ],
        "rows": [r.__dict__ for r in rows],
    }
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {json_path}")
    if record_first:
        for path in record_first_scores(rows):
            print(f"first measurement kept in {path}")
    return 0


FIRST_MARK = "First measurement"


def first_score_sentence(ours: Row, others: list[Row], when: str) -> str:
    """One sentence for a gold file's ``annotated``: what our extractor scored the first time it
    met the page, beside the general-purpose extractors on the same page."""
    fields = {
        "title": ours.title,
        "lead": ours.lead,
        "authors": ours.authors,
        "date": ours.date,
        "timestamp": ours.timestamp,
        "kind": ours.kind,
        "credits": ours.credits,
    }
    right = [k for k, v in fields.items() if v]
    wrong = [k for k, v in fields.items() if v is False]
    parts = [f"{FIRST_MARK} on {when} (out of sample then): body F1 {ours.f1:.3f}"]
    if ours.status != "ok":
        parts.append(f"status {ours.status}{': ' + ours.error if ours.error else ''}")
    parts.append(f"right: {', '.join(right) or 'none'}; wrong: {', '.join(wrong) or 'none'}")
    if ours.posts_gold is not None:
        parts.append(
            f"posts {ours.posts_found if ours.posts_found is not None else 0}"
            f"/{ours.posts_gold} ({ours.post_times_matched or 0} times right)"
        )
    beside = ", ".join(f"{r.extractor} {r.f1:.3f}" for r in others if r.status != "n/a")
    if beside:
        parts.append(f"body F1 beside it: {beside}")
    return "; ".join(parts) + "."


def record_first_scores(rows: list[Row]) -> list[Path]:
    """Append the first measured score to every held-out OOS gold file that has none yet.

    Never overwrites: a page keeps the score of the first time the extractor met it, whatever
    was fixed afterwards (the rule in ``gold-oos/README.md``)."""
    when = datetime.now().astimezone().date().isoformat()
    written = []
    for path in sorted(OOS_DIR.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if FIRST_MARK in gold.get("annotated", "") or gold.get("sample") != "out":
            continue
        mine = [r for r in rows if r.page == path.stem]
        ours = next((r for r in mine if r.extractor == "ours"), None)
        if ours is None or ours.status == "n/a":
            continue
        others = [r for r in mine if r.extractor != "ours"]
        gold["annotated"] = (
            gold["annotated"].rstrip() + " " + first_score_sentence(ours, others, when)
        )
        path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quality", description=__doc__)
    parser.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help=f"the shared folder holding fixtures/realworld (default: {DEFAULT_SHARED})",
    )
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write results")
    parser.add_argument(
        "--only", action="append", choices=sorted(EXTRACTORS), help="run only these extractors"
    )
    parser.add_argument(
        "--sample",
        choices=("in", "out"),
        help="only the pages in sample (developed on) or out of sample (held out)",
    )
    parser.add_argument(
        "--record-first",
        action="store_true",
        help="append each held-out page's first score to its gold file (never overwritten)",
    )
    args = parser.parse_args(argv)
    return run(args.shared, args.json, args.only, args.sample, args.record_first)


if __name__ == "__main__":
    sys.exit(main())
