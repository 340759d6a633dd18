"""Shared fixtures: the real captured pages in ../shared (skipped cleanly when absent)."""

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
