"""langdetect's own algorithm with its per-character text preparation rewritten.

Profiling langdetect on news bodies shows ~70 % of its time in text preparation, one
Python call per character (``Detector.append``, ``cleaning_text``, ``_extract_ngrams`` →
``NGram.add_char`` → ``NGram.normalize`` → ``unicode_block``). ``FastDetector`` overrides
only those steps (regular expressions, one cached ``str.translate`` table for
``NGram.normalize``, n-grams computed once per distinct word). The seeded random walk that
decides the language is langdetect's, untouched, over an identical n-gram list, so
languages *and* probabilities are bit-identical: tests/crawler/test_fastlang.py and
benchmarks/speed.py check that. It relies on langdetect 1.0.9 internals (pinned).
"""

from __future__ import annotations

import re
from typing import Any

_SPACES = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")  # langdetect's own test: 'A' <= ch <= 'z' (includes [\]^_`)
# ch >= U+0300 outside "Latin Extended Additional" (U+1E00–U+1EFF)
_NON_LATIN = re.compile("[\u0300-\u1dff\u1f00-\U0010ffff]")
_CACHE_WORDS = 50_000  # distinct words remembered (~10 MB at most)


def make_detector_class() -> Any:
    from langdetect.detector import Detector
    from langdetect.utils.ngram import NGram

    class _Normalize(dict[int, str]):
        """``str.translate`` table computing ``NGram.normalize`` once per distinct char."""

        def __missing__(self, codepoint: int) -> str:
            value = NGram.normalize(chr(codepoint))
            self[codepoint] = value
            return value

    normalize = _Normalize()

    cache: dict[str, list[str]] = {}

    def word_grams(word: str, known: dict[str, Any]) -> list[str]:
        """langdetect's ``_extract_ngrams`` over one word (and its closing space), from a
        fresh window (``NGram.add_char`` inlined)."""
        hit = cache.get(word)
        if hit is not None:
            return hit
        result: list[str] = []
        grams = " "
        capital = False
        for ch in word:
            last = grams[-1]
            if last == " ":
                grams = " "
                capital = False
            elif len(grams) >= 3:
                grams = grams[1:]
            grams += ch
            if ch.isupper():
                if last.isupper():
                    capital = True
            else:
                capital = False
            if capital:
                continue
            if ch != " " and ch in known:
                result.append(ch)
            size = len(grams)
            if size >= 2:
                if grams[-2:] in known:
                    result.append(grams[-2:])
                if size >= 3 and grams in known:
                    result.append(grams)
        if len(cache) >= _CACHE_WORDS:
            cache.clear()
        cache[word] = result
        return result

    class FastDetector(Detector):  # type: ignore[misc]
        def append(self, text: str) -> None:
            text = self.URL_RE.sub(" ", text)
            text = self.MAIL_RE.sub(" ", text)
            text = NGram.normalize_vi(text)
            # Same as langdetect's loop: cut to max_text_length, then drop every space that
            # follows a space (only U+0020, as langdetect does).
            self.text += _SPACES.sub(" ", text[: self.max_text_length])

        def cleaning_text(self) -> None:
            latin = len(_LATIN.findall(self.text))
            if latin * 3 < len(self.text):  # else non-Latin cannot exceed twice the Latin
                non_latin = len(_NON_LATIN.findall(self.text))
                if latin * 2 < non_latin:
                    self.text = _LATIN.sub("", self.text)

        def _extract_ngrams(self) -> list[str]:
            # The n-gram window restarts after every space, so what a word contributes
            # depends on the word alone: computed once per distinct word, then reused.
            result: list[str] = []
            *words, tail = self.text.translate(normalize).split(" ")
            for word in words:
                if word:
                    result += word_grams(word + " ", self.word_lang_prob_map)
            if tail:
                result += word_grams(tail, self.word_lang_prob_map)
            return result

    return FastDetector
