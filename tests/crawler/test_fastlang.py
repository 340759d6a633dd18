"""The fast detector gives langdetect's answers exactly: languages and probabilities."""

from __future__ import annotations

import pytest

from crawler.text.language import Detector, detect
from tests.standin.site import default_site

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


@pytest.fixture(scope="module")
def fast():
    return Detector()


@pytest.mark.parametrize("text", TEXTS)
def test_identical_to_langdetect(fast, text):
    assert fast(text) == detect(text)


def test_identical_on_every_stand_in_body(fast):
    site = default_site()
    bodies = ["\n\n".join(e["text_paragraphs"]) for e in site.expected_records()]
    assert len(bodies) > 10
    for body in bodies:
        for size in (500, 2000, len(body)):
            assert fast(body[:size]) == detect(body[:size])
