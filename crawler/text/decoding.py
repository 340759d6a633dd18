"""A page's bytes as text: the one decoding rule of the crawl and ``python -m crawler.extract``.

Servers and pages mislabel their charset (ISO-8859-2 bytes served as UTF-8, UTF-8 served
as ISO-8859-2), and some pages carry NUL bytes. The candidates, in order:

1. a byte-order mark;
2. UTF-8, when the bytes are valid UTF-8 and not plain ASCII: 8-bit text is practically
   never valid UTF-8 by accident, so this overrides any label;
3. the charset of the HTTP ``Content-Type`` header;
4. the page's ``<meta>`` charset;
5. windows-1250 (a byte sniff for the Central European 8-bit pages these portals serve:
   ISO-8859-2's Hungarian letters at the same bytes, plus typographic quotes).

The first candidate that decodes cleanly wins: no undecodable byte and, for an 8-bit
charset, no C1 control character (U+0080–U+009F: never text, and what an 8-bit reading of
UTF-8 yields).
When none is clean, the first declared charset (else UTF-8) decodes with replacement
characters, and :attr:`Decoded.replaced` counts them. NUL bytes are removed: they are
never text, and lxml refuses a string that holds one.

Pure (no Scrapy): the caller counts what :class:`Decoded` reports.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

REPLACEMENT = "\ufffd"
SNIFFED_8BIT = "cp1250"
_C1_CONTROLS = re.compile("[\x80-\x9f]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec that produced ``text``
    declared: str | None  # the header's charset, else the meta charset
    replaced: int  # replacement characters put in for undecodable bytes
    nul_bytes: int  # NUL characters removed

    @property
    def corrected(self) -> bool:
        """The page declared a charset and another one was right."""
        return self.declared is not None and _codec(self.declared) != _codec(self.encoding)


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """``body`` as text, by the rule in the module docstring. ``content_type`` is the HTTP
    header's value (``--encoding`` on the command line stands in for it)."""
    header = http_content_type_encoding(content_type) if content_type else None
    meta = html_body_declared_encoding(body)
    declared = header or meta
    bom, _ = read_bom(body)
    for encoding in _candidates(body, bom, header, meta):
        text = _strict(body, encoding)
        if text is not None and (_is_unicode(encoding) or not _C1_CONTROLS.search(text)):
            return _finish(text, encoding, declared, replaced=0)
    fallback = declared or "utf-8"
    text = body.decode(_codec(fallback) or "utf-8", errors="replace")
    return _finish(text, fallback, declared, replaced=text.count(REPLACEMENT))


def _candidates(body: bytes, bom: str | None, header: str | None, meta: str | None) -> list[str]:
    found = [bom] if bom else []
    if not body.isascii():
        found.append("utf-8")
    found += [e for e in (header, meta) if e]
    found.append(SNIFFED_8BIT)
    return found


def _strict(body: bytes, encoding: str) -> str | None:
    codec = _codec(encoding)
    if codec is None:
        return None
    try:
        # A BOM names its codec: decode past it ("utf-8-sig" drops it; UTF-16/32 read it).
        return body.decode("utf-8-sig" if codec == "utf-8" else codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _is_unicode(encoding: str) -> bool:
    return (_codec(encoding) or "").startswith(("utf-8", "utf-16", "utf-32"))


def _codec(encoding: str) -> str | None:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def _finish(text: str, encoding: str, declared: str | None, *, replaced: int) -> Decoded:
    text = text.removeprefix("\ufeff")  # a UTF-16/32 byte-order mark, read as a character
    nul = text.count("\x00")
    if nul:
        text = text.replace("\x00", "")
    return Decoded(text, _codec(encoding) or encoding, declared, replaced, nul)
