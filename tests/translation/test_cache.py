from __future__ import annotations

import sqlite3
from pathlib import Path

from crawler.translation.cache import TranslationCache


def test_keyed_by_provider_target_and_text(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "translations.sqlite3"
    cache = TranslationCache(path)
    cache.put("google", "en", "Szia", "Hi")
    assert cache.get("google", "en", "Szia") == "Hi"
    assert cache.get("google", "de", "Szia") is None
    assert cache.get("deepl", "en", "Szia") is None
    assert cache.get("google", "en", "Szia!") is None
    cache.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reopened = TranslationCache(path)
    assert reopened.get("google", "en", "Szia") == "Hi"
    reopened.close()


def test_a_broken_cache_behaves_as_empty(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path / "t.sqlite3")
    cache._db.execute("DROP TABLE translations")  # type: ignore[union-attr]
    cache.put("google", "en", "Szia", "Hi")
    assert cache.get("google", "en", "Szia") is None
    cache.close()
