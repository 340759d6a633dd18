"""benchmarks.fastlang gives langdetect's answers exactly; py-spy stacks are read right."""

from __future__ import annotations

import pytest

from benchmarks.fastlang import detect as fast_detect
from benchmarks.fastlang import probabilities
from benchmarks.profile import analyse
from crawler.language import detect

TEXTS = [
    "Kedd hajnali négy óra után jelentették be Brüsszelben, hogy az uniós állam- és "
    "kormányfők megegyeztek a közös energiatartalék-alap felállításáról.  Az ÉSZT kormány.",
    "The city council voted on Tuesday to extend the cycle lanes along the river, NATO said.",
    "Der schnelle braune Fuchs springt über den faulen Hund: Ärger über Straßen.",
    "Привет, как дела? Это русский текст о погоде в Москве, Tom Jones.",
    "日本語のテキストです。東京の天気について。",
    "Țara și românii: ș ț.",
    "http://example.com/x?y=1 szerkesztoseg@index.hu Budapest ma reggel",
    "ABC DEF",
    "",
    "1234 5678",
]


@pytest.mark.parametrize("text", TEXTS)
def test_fast_detector_is_identical(text: str) -> None:
    assert probabilities(text, fast=True) == probabilities(text, fast=False)
    assert fast_detect(text) == detect(text)


def test_analyse_folded_stacks() -> None:
    folded = (
        "main (a.py:1);f (crawler/x.py:5);g (lib/y.py:9) 3\nmain (a.py:1);f (crawler/x.py:5) 2\n"
    )
    total, own, cumulative = analyse(folded)
    assert total == 5
    assert own["g  lib/y.py:9"] == 3 and own["f  crawler/x.py:5"] == 2
    assert cumulative["f  crawler/x.py:5"] == 5 and cumulative["main  a.py:1"] == 5
