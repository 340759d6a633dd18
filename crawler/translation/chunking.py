"""Splitting record text into translatable units and putting translations back. Pure.

A text is split at blank lines (the record's paragraph break is ``"\\n\\n"``). A paragraph
with no letters (``"***"``, ``"2:1"``) is kept verbatim: providers answer ``None`` or
garbage for those, and there is nothing to translate. A paragraph longer than the limit is
split at sentence ends, a sentence longer than the limit at spaces, a word longer than the
limit by force; its translated pieces are joined back with single spaces. Everything that
is not sent (paragraph separators, surrounding whitespace) is kept byte for byte, so the
paragraph structure of a translation is that of the original.

Several units travel in one request joined by a blank line (:func:`pack`,
:func:`join_group`); :func:`split_group` only accepts the answer if it splits back into
exactly as many parts. A caller that gets ``None`` sends the units one by one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

UNIT_SEPARATOR = "\n\n"

# A blank line (possibly holding spaces) plus any whitespace after it. Used both to split
# the originals and to split a grouped answer, so no unit can contain a separator.
_PARAGRAPH_BREAK = re.compile(r"(\n[^\S\n]*\n\s*)")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][\"'”’»)\]])\s+")
_LETTER = re.compile(r"[^\W\d_]")
_EDGES = re.compile(r"(\s*)(.*?)(\s*)", re.DOTALL)


def has_letters(text: str | None) -> bool:
    return bool(text) and _LETTER.search(text) is not None


def split_long(text: str, limit: int) -> list[str]:
    """``text`` as pieces of at most ``limit`` characters, cut at sentences, then spaces."""
    if limit < 1:
        raise ValueError("limit must be positive")
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    for sentence in filter(None, _SENTENCE_END.split(text)):
        if len(sentence) <= limit:
            pieces.append(sentence)
            continue
        for word in sentence.split():
            pieces.extend(word[i : i + limit] for i in range(0, len(word), limit))
    return [" ".join(pieces[i] for i in group) for group in _pack_lengths(pieces, limit, 1)]


def pack(units: Sequence[str], limit: int) -> list[list[int]]:
    """Consecutive unit indices grouped so that each :func:`join_group` fits ``limit``."""
    return _pack_lengths(units, limit, len(UNIT_SEPARATOR))


def join_group(units: Sequence[str]) -> str:
    return UNIT_SEPARATOR.join(units)


def split_group(translated: str, count: int) -> list[str] | None:
    """The ``count`` translated units of a grouped answer, or None if they do not line up."""
    parts = [part.strip() for part in _PARAGRAPH_BREAK.split(translated.strip())[::2]]
    if len(parts) != count or not all(parts):
        return None
    return parts


def _pack_lengths(items: Sequence[str], limit: int, sep: int) -> list[list[int]]:
    groups: list[list[int]] = []
    size = 0
    for index, item in enumerate(items):
        if groups and size + sep + len(item) <= limit:
            groups[-1].append(index)
            size += sep + len(item)
        else:
            groups.append([index])
            size = len(item)
    return groups


# A token of a segmented text: kept verbatim (str) or the units whose translations,
# joined by spaces, replace it (tuple of indices into Segmentation.units).
_Token = str | tuple[int, ...]


@dataclass(frozen=True)
class Segmentation:
    units: list[str]
    _layout: list[list[_Token]]

    def reassemble(self, translated: Sequence[str]) -> list[str]:
        """The texts again, each unit replaced by its translation (same index)."""
        if len(translated) != len(self.units):
            raise ValueError(f"expected {len(self.units)} translations, got {len(translated)}")
        return [
            "".join(
                token if isinstance(token, str) else " ".join(translated[i] for i in token)
                for token in tokens
            )
            for tokens in self._layout
        ]


def segment(texts: Sequence[str], limit: int) -> Segmentation:
    """Units (letters only, stripped, at most ``limit`` characters) of all ``texts``."""
    units: list[str] = []
    layout: list[list[_Token]] = []
    for text in texts:
        tokens: list[_Token] = []
        # re.split with a capturing group: even items are paragraphs, odd ones separators.
        for position, part in enumerate(_PARAGRAPH_BREAK.split(text)):
            if position % 2 or not has_letters(part):
                tokens.append(part)
                continue
            match = _EDGES.fullmatch(part)
            assert match is not None  # the pattern matches any string
            lead, core, trail = match.groups()
            pieces = split_long(core, limit)
            tokens.append(lead)
            tokens.append(tuple(range(len(units), len(units) + len(pieces))))
            tokens.append(trail)
            units.extend(pieces)
        layout.append(tokens)
    return Segmentation(units, layout)
