"""Canonical URLs vs. where they are fetched from (``INDEX_BASE_URL``).

Records always carry canonical ``https://index.hu/…`` URLs; a mirror or the tests' local
server only changes where the bytes come from.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


class Mirror:
    def __init__(self, base_url: str, origin: str, hosts: frozenset[str]) -> None:
        base = urlsplit(base_url.rstrip("/"))
        if base.scheme not in ("http", "https") or not base.netloc:
            raise ValueError(f"not an http(s) origin: {base_url!r}")
        self.base = base
        self.origin = urlsplit(origin)
        self.hosts = hosts

    @property
    def active(self) -> bool:
        return (self.base.scheme, self.base.netloc) != (self.origin.scheme, self.origin.netloc)

    def to_fetch(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.hostname not in self.hosts:
            return url
        return urlunsplit((self.base.scheme, self.base.netloc, parts.path, parts.query, ""))

    def to_canonical(self, url: str) -> str:
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != (self.base.scheme, self.base.netloc):
            return url
        return urlunsplit((self.origin.scheme, self.origin.netloc, parts.path, parts.query, ""))
