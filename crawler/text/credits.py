"""People apart from desks and agencies: what a byline credits is either a person (the
record's ``authors``) or a newsroom, a desk or a news agency (its ``credits``).

A downstream reader counting articles per journalist, or looking for wire copy, needs
the two apart, and bylines mix them: "hvg.hu", "MTI/Reuters", "Velvet Kommandó",
"Origo", "Kovács Anna, MTI". One rule for every portal and the generic path:

- an entry names a credit when it is a known desk or agency (:data:`CREDITS`, matched
  without case, accents kept: "REUTERS", "mti", "Index.hu"), written in its normalised
  spelling ("Reuters", "MTI", "Index");
- or when its first word is one (a desk's own name: "Velvet Kommandó", "Index Sport"),
  or the site's own name (the page's ``og:site_name``, its host: "Mérce vendégszerző",
  compared without accents: "Népszava" on ``nepszava.hu``); kept as printed;
- or when it is a web address ("hirado.hu", "narancs.hu"): a person is never one, a
  site's desk often signs so; kept as printed;
- "MTI/Reuters" credits both; a person is never split at a slash;
- a body whose last paragraph ends in a parenthesised credit ("(MTI)",
  "(MTI/Reuters)", "(hvg.hu/AFP)") credits those too (:func:`body_credits`); a paragraph
  that is only one is a credit line, not text (:func:`bare_credits`).

Pure: strings in, strings out. The metadata cascade, every site module and the generic
path use it, so the rule is stated once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from crawler.text.bodytext import clean
from crawler.text.values import unique

# Wire services and the portals' desks, by how bylines spell them (case-folded) ->
# the spelling records use.
AGENCIES: dict[str, str] = {
    "mti": "MTI",
    "mti-os": "MTI",
    "reuters": "Reuters",
    "afp": "AFP",
    "ap": "AP",
    "associated press": "AP",
    "dpa": "dpa",
    "efe": "EFE",
    "ansa": "ANSA",
    "bloomberg": "Bloomberg",
    "hszinhua": "Hszinhua",
    "xinhua": "Hszinhua",
    "itar-tassz": "ITAR-TASZSZ",
    "itar-taszsz": "ITAR-TASZSZ",
    "tasz": "TASZSZ",
    "taszsz": "TASZSZ",
    "ria novosztyi": "RIA Novosztyi",
    "ukrinform": "Ukrinform",
    "ots": "OTS",
    "havariapress": "HavariaPress",
    "havaria press": "HavariaPress",
}
DESKS: dict[str, str] = {
    "index": "Index",
    "index.hu": "Index",
    "velvet": "Velvet",
    "velvet.hu": "Velvet",
    "dívány": "Dívány",
    "divany.hu": "Dívány",
    "totalcar": "Totalcar",
    "totalcar.hu": "Totalcar",
    "telex": "Telex",
    "telex.hu": "Telex",
    "444": "444",
    "444.hu": "444",
    "24.hu": "24.hu",
    "rangadó": "Rangadó",
    "sport24": "Sport24",
    "hvg.hu": "hvg.hu",
    "hvg": "HVG",
    "hvg360": "HVG360",
    "origo": "Origo",
    "origo.hu": "Origo",
    "szerkesztőség": "szerkesztőség",
}
CREDITS: dict[str, str] = {**AGENCIES, **DESKS}

# Bylines join a desk and an agency with a slash ("MTI/Reuters", "hvg.hu / MTI").
_SLASH = re.compile(r"\s*/\s*")
_EDGES = re.compile(r"^[\s(\[–—-]+|[\s)\].,:;–—-]+$")
# The body's closing credit: "… mondta. (MTI)", "(MTI/Reuters)", "(hvg.hu, AFP)".
_CLOSING = re.compile(r"\(([^()]{1,60})\)\s*$")
_CLOSING_SPLIT = re.compile(r"\s*(?:/|,|;|\s+és\s+)\s*")
_HOST_LABEL = re.compile(r"^(?:www\.|m\.)?([^.]+)\.")
# A desk signing with its address: "hirado.hu", "narancs.hu", "Portfolio.hu".
_WEB_ADDRESS = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:hu|com|net|org|eu|info|ro|sk|rs)$")


def credit_of(name: str, brands: Iterable[str] = ()) -> str | None:
    """The credit ``name`` is, in its normalised spelling (known desks and agencies) or as
    printed (a desk named after one, or after one of ``brands``: the site's own names);
    None for a person."""
    printed = _EDGES.sub("", clean(name))
    key = printed.casefold()
    if not key:
        return None
    if key in CREDITS:
        return CREDITS[key]
    if _WEB_ADDRESS.match(key):
        return printed
    first = key.split()[0]
    own = {_folded(b) for b in brands if b}
    if (first in DESKS or _folded(first) in own or _folded(key) in own) and len(key.split()) <= 3:
        return printed
    return None


def _folded(name: str) -> str:
    """``name`` case-folded without accents: a site's name as printed ("Népszava") and its
    host's label ("nepszava") compare equal."""
    decomposed = unicodedata.normalize("NFD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def split_credits(names: Iterable[str], brands: Iterable[str] = ()) -> tuple[list[str], list[str]]:
    """``names`` as (people, credits), each in order and each once. An entry holding a
    slash credits each part that is a desk or agency ("MTI/Reuters", "Kovács Anna/MTI")."""
    brands = list(brands)
    people: list[str] = []
    credits: list[str] = []
    for name in names:
        name = clean(name)
        whole = credit_of(name, brands)
        if whole is not None:
            credits.append(whole)
            continue
        parts = _SLASH.split(name) if "/" in name else [name]
        found = [credit_of(part, brands) for part in parts]
        if len(parts) == 1 or not any(found):
            people.append(name)
            continue
        for part, credit in zip(parts, found, strict=True):  # "Kovács Anna/MTI"
            (credits if credit else people).append(credit or part)
    return unique(people), unique(credits)


def body_credits(paragraphs: list[str]) -> list[str]:
    """The credits a body's last paragraph closes with ("(MTI)", "(MTI/Reuters)"); none
    when the parenthesis holds anything but credits."""
    if not paragraphs:
        return []
    match = _CLOSING.search(paragraphs[-1])
    if match is None:
        return []
    found = [credit_of(part) for part in _CLOSING_SPLIT.split(match[1])]
    if not found or not all(found):
        return []
    return unique(c for c in found if c)


def bare_credits(paragraph: str) -> list[str]:
    """The credits a paragraph that is only a parenthesised credit names ("(MTI)",
    "(MTI/Reuters)"): a credit line, not text; none for any other paragraph."""
    text = clean(paragraph)
    if not text.startswith("(") or len(text) > 62:
        return []
    return body_credits([text]) if _CLOSING.fullmatch(text) else []


def site_brands(site_name: str | None, host: str | None) -> list[str]:
    """The names a site calls itself: its ``og:site_name`` and its host's first label
    (``merce.hu`` -> ``merce``)."""
    brands = [site_name] if site_name else []
    if host and (match := _HOST_LABEL.match(host.lower())):
        brands.append(match[1])
    return brands


def merged(*lists: Iterable[str]) -> list[str]:
    """Credits of several sources in order, each once."""
    return unique(c for found in lists for c in found)
