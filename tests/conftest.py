"""Shared fixtures: the real captured pages in ../shared (skipped cleanly when absent).

The suite runs in parallel (pytest-xdist, ``--dist loadgroup``: see pyproject.toml): every
test has its own ``tmp_path`` and its stand-ins listen on ports the system picks. Tests
that read one recorded crawl (a module- or package-scoped fixture writing under
``tmp_path_factory``) are put in one ``xdist_group``, so each worker does not record it
again; the per-portal runs of :mod:`tests.e2e.conftest` are grouped by portal.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REALWORLD = SHARED / "fixtures" / "realworld"


def realworld_manifest() -> list[dict]:
    manifest = REALWORLD / "manifest.json"
    if not manifest.exists():
        return []
    return json.loads(manifest.read_text(encoding="utf-8"))


@pytest.fixture
def realworld():
    """Returns (text, url) of a captured page by file name; skips when ../shared is absent."""
    entries = {e["file"]: e for e in realworld_manifest()}
    if not entries:
        pytest.skip("../shared/fixtures/realworld is not available")

    def load(name: str) -> tuple[str, str]:
        entry = entries[name]
        charset = entry["content_type"].split("charset=")[-1].strip(" ;") or "utf-8"
        return (REALWORLD / name).read_bytes().decode(charset), entry["url"]

    return load


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("xdist_group") is None and (group := recorded_by(item)):
            item.add_marker(pytest.mark.xdist_group(group))
    if getattr(config.option, "loadgroup", False):  # an xdist worker, --dist loadgroup
        for item in items:
            name_group(item)


def name_group(item: pytest.Item) -> None:
    """Appends ``@<group>`` to ``item``'s node id, which is how xdist's scheduler knows a
    group. pytest-xdist 3.8 does it by setting ``item._nodeid``, which pytest 9 no longer
    reads (it keeps the id as ``item._id``), so without this every test is scheduled alone
    and each worker records the shared crawls again."""
    groups = sorted(
        str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
        for mark in item.iter_markers("xdist_group")
    )
    if groups and "@" not in item.nodeid:
        item._id = type(item._id).parse(f"{item.nodeid}@{'_'.join(groups)}")


def recorded_by(item: pytest.Item) -> str | None:
    """The module- or package-scoped fixture of this suite that records something on disk
    for ``item`` and the tests beside it, if any: ``<where it is defined>::<name>``."""
    info = getattr(item, "_fixtureinfo", None)
    for name in sorted(info.name2fixturedefs if info is not None else ()):
        fixturedef = info.name2fixturedefs[name][-1]
        if (
            fixturedef.scope in ("module", "package")
            and fixturedef.baseid
            and "tmp_path_factory" in fixturedef.argnames
        ):
            return f"{fixturedef.baseid}::{name}"
    return None
