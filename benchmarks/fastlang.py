"""A faster drop-in for ``crawler.language.detect``: langdetect's own algorithm, same answers.

Profiling ``crawler.language.detect`` on 2,000-character Hungarian bodies shows ~70 % of its
time in langdetect's text preparation, one Python call per character: ``Detector.append``
(space collapsing), ``Detector.cleaning_text`` (Latin/non-Latin count) and
``Detector._extract_ngrams`` (``NGram.add_char`` → ``NGram.normalize`` →
``unicode_block``, a binary search, for every character). The seeded random walk that
decides the language (``_detect_block``) is the rest.

``FastDetector`` overrides only those preparation steps (regular expressions, one cached
``str.translate`` table for ``NGram.normalize``, n-grams computed once per distinct word).
The random walk is langdetect's, untouched, over an identical n-gram list, so languages
*and* probabilities are bit-identical;
:mod:`benchmarks.speed` checks that on every benchmark body.

This module is a measured proposal for ``crawler/language.py`` (the benchmarks do not
change crawler code); it relies on langdetect 1.0.9 internals, which are pinned.
"""

from __future__ import annotations

import re
from typing import Any

from crawler.language import _LETTERS, Detected

_SPACES = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")  # langdetect's own test: 'A' <= ch <= 'z' (includes [\]^_`)
# ch >= U+0300 outside "Latin Extended Additional" (U+1E00–U+1EFF)
_NON_LATIN = re.compile("[\u0300-\u1dff\u1f00-\U0010ffff]")
_CODE = re.compile(r"[a-z]{2}")
_CACHE_WORDS = 50_000  # distinct words remembered (~10 MB at most)

_detector_class: Any = None


def _make_detector_class() -> Any:
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


def detect(text: str) -> Detected:
    """``crawler.language.detect`` with :class:`FastDetector` instead of langdetect's."""
    global _detector_class
    if not _LETTERS.search(text):
        return Detected(None, None)
    from langdetect import DetectorFactory, detector_factory
    from langdetect.lang_detect_exception import LangDetectException

    if _detector_class is None:
        _detector_class = _make_detector_class()
    DetectorFactory.seed = 0
    detector_factory.init_factory()
    detector = _detector_class(detector_factory._factory)
    try:
        detector.append(text)
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return Detected(None, None)
    code = best.lang.split("-")[0].lower()
    if not _CODE.fullmatch(code):
        return Detected(None, None)
    return Detected(code, round(float(best.prob), 4))


def probabilities(text: str, *, fast: bool) -> list[tuple[str, float]]:
    """Every language and unrounded probability langdetect reports (for identity checks)."""
    from langdetect import DetectorFactory, detector_factory
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import LangDetectException

    global _detector_class
    if _detector_class is None:
        _detector_class = _make_detector_class()
    DetectorFactory.seed = 0
    detector_factory.init_factory()
    cls = _detector_class if fast else Detector
    detector = cls(detector_factory._factory)
    try:
        detector.append(text)
        return [(x.lang, x.prob) for x in detector.get_probabilities()]
    except LangDetectException:
        return []


class FastLanguagePipeline:
    """``pipelines.language.LanguagePipeline`` with :func:`detect` (what-if crawls only:
    ``python -m benchmarks.crawl --fast-language``)."""

    def __init__(self, crawler: Any, sample_chars: int) -> None:
        self.crawler = crawler
        self.sample_chars = sample_chars

    @classmethod
    def from_crawler(cls, crawler: Any) -> FastLanguagePipeline:
        return cls(crawler, crawler.settings.getint("LANGUAGE_SAMPLE_CHARS", 2000))

    def process_item(self, item: Any) -> Any:
        from itemadapter import ItemAdapter

        from crawler.language import sample

        adapter = ItemAdapter(item)
        found = detect(
            sample(adapter["title"], adapter.get("lead"), adapter["text"], self.sample_chars)
        )
        adapter["language"] = found.language
        adapter["language_probability"] = found.probability
        self.crawler.stats.inc_value(f"language/{found.language or 'unknown'}")
        return item
