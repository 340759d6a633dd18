"""Where the time goes: py-spy profiles of the extractor and of a whole crawl.

    .venv/bin/python -m benchmarks.profile [extract] [crawl] [--pages 1000] [--articles 2000]

``extract``: per stand-in page, what the spider and the language pipeline do
(``parse_html`` + ``site.parse`` + ``merge``, then ``detect(sample(...))``), in a child
process. ``crawl``: ``scrapy crawl index_abroad`` against a stand-in server with N articles
(politeness off, as in :mod:`benchmarks.crawl`).

py-spy samples the process from outside (``py-spy record -f raw -F``; 200 Hz; idle threads
left out, so the shares are shares of CPU time), which slows the Python code far less than an
in-process profiler and so keeps pure-Python and C-heavy code in proportion. Prints the
functions with the most self time and the project's functions by total time (each sample
counted once per function), and writes ``benchmarks/results/profile-<name>.txt`` (those
lists, longer) and ``profile-<name>.folded`` (collapsed stacks, for flamegraph tools or
speedscope.app).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
RATE = 200  # samples per second
TOP = 25  # rows printed per list
OWN = ("crawler/", "pipelines/", "benchmarks/")  # the project's frames, by file
_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*):(?P<line>\d+)\)$")

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def py_spy() -> list[str]:
    script = Path(sys.executable).parent / "py-spy"
    found = str(script) if script.exists() else shutil.which("py-spy")
    if not found:
        raise RuntimeError("py-spy is not installed: pip install -e '.[bench]'")
    return [found, "record", "--rate", str(RATE), "--format", "raw", "--function"]


# --------------------------------------------------------------------------- analysis


def frames_of(stack: str) -> list[str]:
    """``a (file:1);b (file:2)`` → ``["a  file:1", "b  file:2"]`` (root first)."""
    out = []
    for frame in stack.split(";"):
        match = _FRAME.match(frame)
        out.append(f"{match['function']}  {match['file']}:{match['line']}" if match else frame)
    return out


def analyse(folded: str) -> tuple[int, Counter[str], Counter[str]]:
    """Samples, self samples per function, total samples per function (once per sample)."""
    total = 0
    own: Counter[str] = Counter()
    cumulative: Counter[str] = Counter()
    for line in folded.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = frames_of(stack)
        total += n
        own[frames[-1]] += n
        for frame in set(frames):
            cumulative[frame] += n
    return total, own, cumulative


def report(folded: str, title: str, top: int = TOP) -> str:
    total, own, cumulative = analyse(folded)
    if not total:
        return f"{title}: no samples"

    def row(samples: int, frame: str) -> str:
        return f"{samples / RATE:7.2f} s {100 * samples / total:5.1f} %  {frame}"

    lines = [f"{title}: {total} samples ({total / RATE:.1f} s of CPU at {RATE} Hz)", ""]
    lines.append("by self time (all code):")
    lines += [row(n, frame) for frame, n in own.most_common(top)]
    lines += ["", "by total time (the project's functions, and what they call):"]
    mine = [(n, f) for f, n in cumulative.items() if any(k in f for k in OWN)]
    mine += [(n, f) for f, n in cumulative.items() if _library_entry(f)]
    lines += [row(n, frame) for n, frame in sorted(mine, reverse=True)[:top]]
    return "\n".join(lines)


def _library_entry(frame: str) -> bool:
    """Library calls worth seeing by total time next to the project's own frames."""
    names = ("bare_extraction ", "detect_langs ", "document_fromstring ", "iter_errors ")
    return frame.startswith(names)


def record(command: list[str], name: str, title: str) -> str:
    RESULTS.mkdir(parents=True, exist_ok=True)
    folded_path = RESULTS / f"profile-{name}.folded"
    subprocess.run(
        [*py_spy(), "--output", str(folded_path), "--", *command],
        cwd=REPO,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    folded = folded_path.read_text(encoding="utf-8", errors="replace")
    (RESULTS / f"profile-{name}.txt").write_text(report(folded, title, top=80) + "\n")
    return report(folded, title)


# --------------------------------------------------------------------------- workloads


def extract_workload(pages: int) -> None:
    """What the spider and LanguagePipeline do per page, over ``pages`` stand-in pages."""
    from benchmarks.speed import ours, standin_docs
    from crawler import settings
    from crawler.text.language import detect, sample

    docs = standin_docs(pages)
    for doc in docs:
        fields = ours(doc)
        detect(
            sample(fields["title"], fields["lead"], fields["text"], settings.LANGUAGE_SAMPLE_CHARS)
        )


def profile_extract(pages: int) -> str:
    code = f"from benchmarks.profile import extract_workload; extract_workload({pages})"
    title = f"extraction + language detection of {pages} stand-in pages (page generation incl.)"
    return record([sys.executable, "-c", code], "extract", title)


def profile_crawl(articles: int) -> str:
    from benchmarks.crawl import POLITENESS_OFF, SPIDER, StandinProcess, scrapy_command

    with tempfile.TemporaryDirectory(prefix="bench-profile-") as tmp:
        root = Path(tmp)
        with StandinProcess(articles, log=root / "server.log") as server:
            settings: dict[str, Any] = {
                **POLITENESS_OFF,
                "INDEX_BASE_URL": server.base_url,
                "OUTPUT_DIR": str(root / "out"),
                "LOG_FILE": str(root / "crawl.log"),
            }
            command = [*scrapy_command(), "crawl", SPIDER]
            for key, value in settings.items():
                command += ["-s", f"{key}={value}"]
            return record(command, "crawl", f"scrapy crawl of {articles} stand-in articles")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("what", nargs="*", choices=["extract", "crawl"], default=[])
    parser.add_argument("--pages", type=int, default=1000, help="stand-in pages (extract)")
    parser.add_argument("--articles", type=int, default=2000, help="stand-in articles (crawl)")
    args = parser.parse_args(argv)
    for what in args.what or ["extract", "crawl"]:
        print(f"## Profile: {what}\n")
        text = profile_extract(args.pages) if what == "extract" else profile_crawl(args.articles)
        print(f"```\n{text}\n```\n")
    print(f"wrote {RESULTS}/profile-*.txt and profile-*.folded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
