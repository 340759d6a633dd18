"""Language of a record, by langdetect, reproducibly.

langdetect samples n-grams at random: without a fixed seed two runs can disagree on the
same text. Its profiles take ~0.6 s to load, so they load on first use, not at import.
A bounded sample of the body is enough for a reliable answer and bounds the cost.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

SHORT_BODY = 200  # below this, the title and lead help more than they mislead
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class Detected:
    language: str | None
    probability: float | None


def sample(title: str, lead: str | None, text: str, max_chars: int) -> str:
    body = text if len(text) >= SHORT_BODY else " ".join(filter(None, [title, lead, text]))
    if len(body) <= max_chars:
        return body
    cut = body.rfind(" ", 0, max_chars)
    return body[: cut if cut > 0 else max_chars]


class Detector:
    """One per pipeline: langdetect's profiles and our faster detector class, loaded once."""

    def __init__(self) -> None:
        from langdetect import DetectorFactory, detector_factory

        from crawler.text.fastlang import make_detector_class

        DetectorFactory.seed = 0  # the one global langdetect reads: fixed for reproducibility
        detector_factory.init_factory()
        self._factory = detector_factory._factory
        self._cls = make_detector_class()

    def __call__(self, text: str) -> Detected:
        if not _LETTERS.search(text):
            return Detected(None, None)
        from langdetect.lang_detect_exception import LangDetectException

        detector = self._cls(self._factory)
        try:
            detector.append(text)
            best = detector.get_probabilities()[0]
        except (LangDetectException, IndexError):
            return Detected(None, None)
        return _result(best.lang, best.prob)


class LanguageTagger:
    """Sets a record's ``language`` and ``language_probability``, detected over a sample
    of its body (:func:`sample`, ``max_chars`` long); the detector loads on first use.
    What the crawl's language pipeline applies, and ``scrapy reextract`` with it."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self._detect: Detector | None = None

    def __call__(self, record: MutableMapping[str, Any]) -> Detected:
        if self._detect is None:
            self._detect = Detector()
        found = self._detect(
            sample(record["title"], record.get("lead"), record["text"], self.max_chars)
        )
        record["language"] = found.language
        record["language_probability"] = found.probability
        return found


def detect(text: str) -> Detected:
    """Plain langdetect (the reference the fast detector is checked against)."""
    if not _LETTERS.search(text):
        return Detected(None, None)
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        best = detect_langs(text)[0]
    except (LangDetectException, IndexError):
        return Detected(None, None)
    return _result(best.lang, best.prob)


def _result(lang: str, prob: float) -> Detected:
    code = lang.split("-")[0].lower()
    if not re.fullmatch(r"[a-z]{2}", code):
        return Detected(None, None)
    return Detected(code, round(float(prob), 4))
