"""Record fields for tests that build items by hand."""

from __future__ import annotations

from typing import Any

HU_BODY = (
    "A külügyminiszter csütörtökön Brüsszelben tárgyalt az uniós partnerekkel a keleti határ "
    "helyzetéről, és azt mondta, hogy a kormány minden lehetőséget megvizsgál, mielőtt dönt."
)


def article_fields(**overrides: Any) -> dict[str, Any]:
    """What extraction.merge returns for a plain one-page article."""
    base: dict[str, Any] = {
        "kind": "article",
        "title": "Cím",
        "lead": None,
        "text": HU_BODY,
        "posts": [],
        "authors": ["Szerző"],
        "published": "2024-05-06T10:00:00+02:00",
        "modified": None,
        "tags": [],
        "image": None,
    }
    return base | overrides
