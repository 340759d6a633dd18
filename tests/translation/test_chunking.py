from __future__ import annotations

import random

import pytest

from crawler.translation.chunking import (
    has_letters,
    join_group,
    pack,
    segment,
    split_group,
    split_long,
)

SENTENCE = "A magyar kormány szerint a döntés „mindenki érdekét” szolgálja."  # 64 chars


def long_body(chars: int = 12_000) -> str:
    paragraphs: list[str] = []
    n = 0
    while sum(map(len, paragraphs)) < chars:
        n += 1
        paragraphs.append(" ".join([f"{n}. bekezdés: {SENTENCE}"] * (1 + n % 7)))
    return "\n\n".join(paragraphs)


def test_letters() -> None:
    assert has_letters("Á")
    assert not has_letters("*** 2:1 —")
    assert not has_letters("")
    assert not has_letters(None)


def test_paragraphs_without_letters_and_all_whitespace_kept_verbatim() -> None:
    text = "  Első bekezdés.\n\n***\n\n \n\nMásodik.  \n\n2:1"
    seg = segment([text], limit=100)
    assert seg.units == ["Első bekezdés.", "Második."]
    assert seg.reassemble([u.upper() for u in seg.units]) == [
        "  ELSŐ BEKEZDÉS.\n\n***\n\n \n\nMÁSODIK.  \n\n2:1"
    ]


def test_several_texts_share_one_segmentation() -> None:
    seg = segment(["Cím", "", "Egy.\n\nKettő."], limit=100)
    assert seg.units == ["Cím", "Egy.", "Kettő."]
    assert seg.reassemble(["T", "ONE.", "TWO."]) == ["T", "", "ONE.\n\nTWO."]


def test_long_paragraph_splits_at_sentence_ends() -> None:
    paragraph = " ".join([SENTENCE] * 10)
    pieces = split_long(paragraph, limit=200)
    assert len(pieces) > 1
    assert all(len(piece) <= 200 for piece in pieces)
    assert all(piece.endswith("szolgálja.") for piece in pieces)
    assert " ".join(pieces) == paragraph


def test_overlong_sentence_splits_at_spaces_then_by_force() -> None:
    sentence = "szó " * 100 + "x" * 130
    pieces = split_long(sentence.strip(), limit=50)
    assert all(len(piece) <= 50 for piece in pieces)
    assert "".join(pieces).replace(" ", "") == sentence.replace(" ", "")


def test_pack_respects_limit_and_order() -> None:
    units = ["a" * 40, "b" * 40, "c" * 40, "d" * 90, "e"]
    groups = pack(units, limit=100)
    assert groups == [[0, 1], [2], [3, 4]]
    assert all(len(join_group([units[i] for i in g])) <= 100 for g in groups)


def test_split_group_checks_the_count() -> None:
    assert split_group("ONE.\n\nTWO.", 2) == ["ONE.", "TWO."]
    assert split_group(" ONE.\n \n\nTWO. \n", 2) == ["ONE.", "TWO."]
    assert split_group("ONE. TWO.", 2) is None  # separators lost
    assert split_group("ONE.\n\nTW\n\nO.", 2) is None  # one split too many
    assert split_group("ONE.\n\n", 2) is None


def test_twelve_thousand_characters_fit_in_few_requests_and_come_back_whole() -> None:
    body = long_body()
    assert len(body) >= 12_000
    seg = segment([body], limit=4500)
    groups = pack(seg.units, limit=4500)
    sizes = [len(join_group([seg.units[i] for i in g])) for g in groups]
    assert len(groups) >= 3
    assert max(sizes) <= 4500
    assert seg.reassemble(seg.units) == [body]
    assert seg.reassemble([u.upper() for u in seg.units]) == [body.upper()]


@pytest.mark.parametrize("seed", range(20))
def test_random_texts_round_trip(seed: int) -> None:
    rnd = random.Random(seed)
    alphabet = ["szó", "Ő", ".", "!", " ", " ", "\n", "\n\n", "\n \n", "42", "—", "„x”"]
    text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 400)))
    # Nothing too long: the text comes back byte for byte.
    whole = segment([text], 10_000)
    assert whole.reassemble(whole.units) == [text]
    # Small limits: units fit, hold no separator; only whitespace may change.
    limit = rnd.randint(5, 60)
    seg = segment([text], limit)
    assert all(0 < len(unit) <= limit and unit == unit.strip() for unit in seg.units)
    assert all(split_group(unit, 1) == [unit] for unit in seg.units)
    rebuilt = seg.reassemble(seg.units)[0]
    assert "".join(rebuilt.split()) == "".join(text.split())
