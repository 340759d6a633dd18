"""Short paragraphs that are the page talking to its reader, not the article.

Donation and subscription appeals, push-notification and newsletter prompts, "continue on
the next page" pagers, reader-contribution calls, share/follow prompts, age notices.
Only short paragraphs can match: an article that discusses donations is not an appeal.
Used by the generic path on every paragraph and by site modules on leads and bodies
where a portal mixes such prompts into its text blocks.
"""

from __future__ import annotations

import re

from lxml import etree

MAX_CHARS = 400

_APPEAL = re.compile(
    r"^A cikk nem ért véget|Kattints?on a (?:következő|második|harmadik|negyedik|\w+) oldalra"
    r"|^Lapozz|^Következő oldal|^Ez a cikk több mint \d+ (?:éves|hónapos)"
    r"|^Támogas[sd]|^Támogatom|\btámogas[sd] (?:a|az|minket|munkánkat|bennünket)\b"
    r"|\bértesítés(?:eke)?t\b.*\b(?:kér|engedélyez|kap)|^Iratkozz"
    # The prompt, not news ("Engedélyezték az oltóanyagot"): "Engedélyezd", "Feliratkozom".
    r"|^Engedélyez(?:d|ze)\b|^Feliratkoz(?:ás|om)\b"
    r"|^Hozzászólna\?|\bÍrja meg\b.*\bküldje el\b|^Kövess(?:en)? minket|^Oszd meg|^Hírlevél"
    r"|^Leave a Reply|^See also"
    # Donation boxes inside body containers (index.hu's "Köszönjük, hogy olvasol minket!
    # … támogasd az Indexet! … Támogatom"), subscription and "download our app" prompts.
    r"|^Köszönjük, hogy (?:minket )?olvas|^Ha (?:fontos (?:számodra|neked|Önnek)|szeretnél)"
    r".*\b(?:független|sajtó)|^Előfizetek\b|^Fizess elő|^Legyen (?:Ön is )?előfizető"
    r"|^(?:Töltsd|Töltse) le\b.*\b(?:alkalmazás|applikáció|app)|\bApp Store\b.*\bGoogle Play\b"
    r"|legfrissebb híreit itt olvashatja|^Pártoló tag(?:ság| leszek)",
    re.IGNORECASE,
)


def is_appeal(paragraph: str) -> bool:
    return len(paragraph) <= MAX_CHARS and _APPEAL.search(paragraph) is not None


def without_appeals(paragraphs: list[str]) -> list[str]:
    return [p for p in paragraphs if not is_appeal(p)]


# Appeals seen on portals without a site module (read by the generic path on any host).
# Stricter than ``_APPEAL``: a block this short that *is* the appeal, mostly from its
# first words, so a sentence of an article that mentions subscriptions stays.
READER_APPEAL_MAX_CHARS = 300
_READER_APPEAL = re.compile(
    r"^(?:Fizess(?:en|etek)? elő|Előfizetek|Előfizetés\b|Legyen? előfizetőnk"
    r"|Iratkozz(?:on|atok)? fel|Tölts(?:d|e)? le\b.*\b(?:app|alkalmazás|applikáció)"
    r"|Köves(?:d|s\w*)\b.*\b(?:Facebook|Instagram|Twitter|TikTok|YouTube|Telegram|Google)"
    r"|Csatlakozz(?:on)? (?:a|az|hozzánk)\b"
    r"|Olvas(?:d|sa) el (?:ezt )?is\b|Ezt (?:is )?ajánljuk"
    r"|Kapcsolódó(?: cikk(?:ek)?| tartalom)?\s*:?$"
    r"|(?:Hirdetés|Reklám|Szponzorált tartalom|Megosztás|Megosztom|Link másolása)\s*$)"
    r"|\bhírlevel(?:ünk|ünkre|ünket|ére)\b|\bfeliratkoz\w* (?:a )?hírlevel"
    r"|\b(?:appunkat|applikációnkat|alkalmazásunkat|mobilalkalmazásunkat)\b"
    r"|\bGoogle (?:Hírek|News)\b"
    r"|\bhavi \d[\d .]* (?:forint|Ft)\w*\b.*\b(?:előfizet|próbáld|kipróbál)"
    r"|^Ha (?:tetszett|fontosnak|értékesnek|szeretnéd)\b.*\b(?:támogas|előfizet|iratkozz|kövess)"
    # The print edition's promo: "Írásunkat keresse szombaton a Szieszta mellékletben!"
    r"|^(?:Írásunkat|Cikkünket|Teljes cikkünket|A teljes cikket|Riportunkat|Interjúnkat)\b"
    r"(?=.*\b(?:keresse|olvassa|olvashatja|megtalálja)\b)"
    r"(?=.*\b(?:melléklet\w*|lapszám\w*|nyomtatott|újságárus\w*|trafik\w*|hetilap\w*"
    r"|napilap\w*|magazin\w*))",
    re.IGNORECASE,
)


def is_reader_appeal(paragraph: str) -> bool:
    """:func:`is_appeal`, or a short block that is only a subscription, newsletter, app,
    follow, related-article or ad prompt (``_READER_APPEAL``), or a related box's label."""
    if is_appeal(paragraph) or is_related_label(paragraph):
        return True
    return len(paragraph) <= READER_APPEAL_MAX_CHARS and bool(_READER_APPEAL.search(paragraph))


# A photo, source or byline credit as a line of its own ("Fotó: MTI/Koszticsák Szilárd",
# "Forrás: Reuters", "Képünk illusztráció"): what the page says about the text, not text.
CREDIT_MAX_CHARS = 100
_CREDIT = re.compile(
    r"^(?:Fotó|Fotók|Fotó és szöveg|Kép|Képek|Borítókép|Nyitókép|Címlapkép|Kiemelt (?:kép|fotó)"
    r"|Szerző|Szerzők|Írta|Forrás|Források)\s*:|^Képünk illusztráció",
    re.IGNORECASE,
)


def is_credit_line(paragraph: str) -> bool:
    return len(paragraph) <= CREDIT_MAX_CHARS and _CREDIT.match(paragraph) is not None


# A related-articles box: a label and links to other pages, whatever its class says
# ("rltdwidget"): "Ezt is olvasd el! <a>…</a>", "Kapcsolódó cikk <a>…</a>".
_RELATED_LABEL = re.compile(
    r"^(?:Ez(?:t|ek)? is (?:olvasd el|olvassa el|érdekelhet\w*|ajánljuk)"
    r"|Olvas(?:d|sa) el (?:ezt )?is|Kapcsolódó(?: cikk\w*| tartalom| hír\w*)?"
    r"|Ajánl(?:juk|ott)(?: még)?|Ezt olvasta már"
    r"|Még több (?:hír|cikk)\w*|Témába vágó\w*)\s*[!:?.]?$",
    re.IGNORECASE,
)
_RELATED_BOX_CHARS = 400


def is_related_box(element: etree._Element) -> bool:
    """``element`` is a small box whose text outside links is only a related-articles
    label, and which links elsewhere."""
    if not isinstance(element.tag, str) or element.tag in ("a", "p", "li"):
        return False
    links = list(element.iter("a"))
    if not links:
        return False
    text = " ".join(element.itertext())
    if len(text) > _RELATED_BOX_CHARS:
        return False
    own = text
    for link in links:
        own = own.replace(" ".join(link.itertext()), " ", 1)
    return is_related_label(own)


def is_related_label(text: str) -> bool:
    """``text`` is only a related-articles label ("Ez is érdekelheti", "Kapcsolódó cikk")."""
    label = " ".join(text.split())
    return bool(label) and bool(_RELATED_LABEL.match(label))
