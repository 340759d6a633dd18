"""Short paragraphs that are the page talking to its reader, not the article.

Donation and subscription appeals, push-notification and newsletter prompts, "continue on
the next page" pagers, reader-contribution calls, share/follow prompts, age notices.
Only short paragraphs can match: an article that discusses donations is not an appeal.
Used by the generic path on every paragraph and by site modules on leads and bodies
where a portal mixes such prompts into its text blocks.
"""

from __future__ import annotations

import re

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
