"""The fast language detector (now :mod:`crawler.text.fastlang`, used by the crawl) beside the
reference langdetect, for the benchmarks' timing and identity checks."""

from __future__ import annotations

from typing import Any

from crawler.text.language import Detected, Detector
from pipelines.language import LanguagePipeline

_fast: Detector | None = None


def detect(text: str) -> Detected:
    """What the crawl's LanguagePipeline detects (crawler.text.language.Detector)."""
    global _fast
    if _fast is None:
        _fast = Detector()
    return _fast(text)


def probabilities(text: str, *, fast: bool) -> list[tuple[str, float]]:
    """Every language and unrounded probability (for identity checks)."""
    from langdetect import DetectorFactory, detector_factory
    from langdetect.detector import Detector as Reference
    from langdetect.lang_detect_exception import LangDetectException

    from crawler.text.fastlang import make_detector_class

    DetectorFactory.seed = 0
    detector_factory.init_factory()
    cls: Any = make_detector_class() if fast else Reference
    detector = cls(detector_factory._factory)
    try:
        detector.append(text)
        return [(x.lang, x.prob) for x in detector.get_probabilities()]
    except LangDetectException:
        return []


class FastLanguagePipeline(LanguagePipeline):
    """Kept for ``benchmarks.crawl --fast-language``: the default pipeline is the fast one."""
