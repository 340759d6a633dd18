"""The package's layers, enforced: which layer may import which, no import cycles, every
module importable on its own, and no Scrapy below the run's components.

Layers, lowest first (README, "Layout"); a module imports only from lower layers or from
its own package:

0. ``crawler.settings``, ``crawler.reasons`` (why an article gave no record), ``crawler.text``
   (bytes to text and values), ``crawler.translation``
1. ``crawler.sites`` (one module per portal, the toolkit they share)
2. ``crawler.record`` (the record and what makes it valid)
3. ``crawler.assembly`` (pages in, record out)
4. ``crawler.run`` (a run's lifecycle: Scrapy components)
5. ``crawler.archive`` (the run's WARC, and records again from it), ``crawler.report``
   (the run dashboard, from what the runs left)
6. ``crawler.spiders``, ``pipelines``
7. ``crawler.commands``, ``crawler.extract`` (what users run)
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LAYERS: list[tuple[str, ...]] = [
    ("crawler.settings", "crawler.reasons", "crawler.text", "crawler.translation"),
    ("crawler.sites",),
    ("crawler.record",),
    ("crawler.assembly",),
    ("crawler.run",),
    ("crawler.archive", "crawler.report"),
    ("crawler.spiders", "pipelines"),
    ("crawler.commands", "crawler.extract"),
]
# Pure: HTML in, data out. A Scrapy (or Twisted) import here would tie them to the crawl.
PURE_LAYERS = 4  # every layer below crawler.run
SCRAPY = ("scrapy", "twisted")


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")


MODULES = {
    module_name(path): path
    for package in ("crawler", "pipelines")
    for path in sorted((REPO / package).rglob("*.py"))
}


def package_of(module: str) -> str | None:
    """The layer package a module belongs to (``crawler.run``, ``pipelines``, ...)."""
    for layer in LAYERS:
        for package in layer:
            if module == package or module.startswith(package + "."):
                return package
    return None


def level(module: str) -> int | None:
    package = package_of(module)
    return next((n for n, layer in enumerate(LAYERS) if package in layer), None)


def imports(module: str) -> list[tuple[str, bool]]:
    """(imported module, at module level) for each import of ``module``'s source. An
    import inside a function runs later; it still counts for layering, not for cycles."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    found: list[tuple[str, bool]] = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        at_top = id(node) in top or _under_type_checking(tree, node)
        found += [(name, at_top) for name in names]
    return found


def _under_type_checking(tree: ast.Module, node: ast.AST) -> bool:
    return any(
        isinstance(stmt, ast.If | ast.Try) and node in list(ast.walk(stmt)) for stmt in tree.body
    )


def internal(name: str) -> str | None:
    """The project module ``name`` refers to (a module, or a name inside one)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def test_every_module_belongs_to_a_layer():
    assert [m for m in MODULES if m not in ("crawler",) and level(m) is None] == []


def test_no_module_imports_from_a_higher_layer():
    wrong = []
    for module in MODULES:
        here = level(module)
        if here is None:
            continue
        for name, _ in imports(module):
            target = internal(name)
            if target is None or target == module:
                continue
            there = level(target)
            if there is not None and there >= here and package_of(target) != package_of(module):
                wrong.append(f"{module} (layer {here}) imports {target} (layer {there})")
    assert wrong == []


@pytest.mark.parametrize("number", range(PURE_LAYERS))
def test_the_layers_below_the_run_never_import_scrapy(number):
    wrong = [
        f"{module} imports {name}"
        for module in MODULES
        if level(module) == number
        for name, _ in imports(module)
        if name.split(".")[0] in SCRAPY
    ]
    assert wrong == []


def test_no_import_cycles():
    graph = {
        module: {t for name, top in imports(module) if top and (t := internal(name)) != module}
        - {None}
        for module in MODULES
    }
    cycles = []
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):  # type: ignore[arg-type]
            if state.get(target) == 1:
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in MODULES:
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_every_module_imports_alone_in_a_fresh_interpreter():
    """No hidden dependency on import order: each module imported first, in a child
    forked from an interpreter that has the third-party packages but none of ours."""
    code = (
        "import os, sys, importlib\n"
        "import scrapy, scrapy.crawler, lxml.html, twisted.internet, warcio, jsonschema\n"
        "import trafilatura, langdetect, deep_translator\n"
        f"mods = {sorted(MODULES)!r}\n"
        "bad = []\n"
        "for m in mods:\n"
        "    r, w = os.pipe()\n"
        "    pid = os.fork()\n"
        "    if pid == 0:\n"
        "        os.close(r)\n"
        "        try:\n"
        "            importlib.import_module(m)\n"
        "            os._exit(0)\n"
        "        except BaseException as exc:\n"
        "            os.write(w, f'{m}: {type(exc).__name__}: {exc}'.encode()[:500])\n"
        "            os._exit(1)\n"
        "    os.close(w)\n"
        "    message = os.read(r, 1000).decode()\n"
        "    os.close(r)\n"
        "    if os.waitpid(pid, 0)[1]: bad.append(message)\n"
        "print('\\n'.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", result.stdout
