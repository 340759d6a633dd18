"""Every module imports on its own (no import cycles, no hidden order), and the
extraction floor stays free of Scrapy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MODULES = sorted(
    ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
    for package in ("crawler", "pipelines")
    for path in (REPO / package).rglob("*.py")
)
# Pure extraction: HTML in, data out. A Scrapy import here would tie it to the crawl.
PURE = ("crawler.bodytext", "crawler.fields", "crawler.metadata", "crawler.extraction")


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )


def test_every_module_imports_alone_in_a_fresh_interpreter():
    # One interpreter per module, started from one parent: a cycle shows as an ImportError.
    code = (
        "import subprocess, sys\n"
        f"mods = {MODULES!r}\n"
        "bad = []\n"
        "for m in mods:\n"
        "    r = subprocess.run([sys.executable, '-c', f'import {m}'], capture_output=True,"
        " text=True)\n"
        "    if r.returncode: bad.append(m + ': ' + r.stderr.strip().splitlines()[-1])\n"
        "print('\\n'.join(bad))\n"
    )
    result = run(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", result.stdout


@pytest.mark.parametrize("module", PURE)
def test_extraction_modules_do_not_import_scrapy(module):
    result = run(f"import sys, {module}; print('scrapy' in sys.modules)")
    assert result.stdout.strip() == "False", result.stderr
