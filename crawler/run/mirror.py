"""Where each portal is fetched from (``BASE_URLS``), and back to the canonical URL.

Records always carry canonical URLs (``https://telex.hu/…``); a self-hosted mirror or a
test's local server only changes where the bytes come from. ``BASE_URLS`` maps a
portal's host to an origin (``{"telex.hu": "http://127.0.0.1:8001"}``); the host's
``www.`` and ``m.`` forms follow it. ``INDEX_BASE_URL`` is the shorthand for
``{"index.hu": …}``.

A mirror serves every host form of its portal, so its URL alone cannot say whether a page
was ``www.origo.hu`` or ``origo.hu``: :class:`crawler.run.downloads.MirrorMiddleware` keeps
the URL each request was made for in ``request.meta`` (:data:`SITE_URL_META`), and
:meth:`Mirrors.site_url_of` answers with it. An archive stores that URL, so a later page
the spider asks for by its site URL (``https://www.origo.hu/…?pIdx=1``) is found again.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

from scrapy.settings import BaseSettings

INDEX_HOST = "index.hu"
# request.meta: the site's URL of a request fetched from a mirror (MirrorMiddleware).
SITE_URL_META = "site_url"


class Mirrors:
    def __init__(self, base_urls: Mapping[str, str]) -> None:
        self._to_origin: dict[str, tuple[str, str]] = {}
        self._to_host: dict[tuple[str, str], str] = {}
        for host, base_url in base_urls.items():
            base = urlsplit(str(base_url).rstrip("/"))
            if base.scheme not in ("http", "https") or not base.netloc:
                raise ValueError(f"BASE_URLS[{host!r}] is not an http(s) origin: {base_url!r}")
            host = host.lower().removeprefix("www.")
            if (base.scheme, base.netloc) == ("https", host):
                continue  # the site itself: nothing to map
            for name in (host, f"www.{host}", f"m.{host}"):
                self._to_origin[name] = (base.scheme, base.netloc)
            self._to_host.setdefault((base.scheme, base.netloc), host)

    @property
    def active(self) -> bool:
        return bool(self._to_origin)

    def to_fetch(self, url: str) -> str:
        """Where to fetch the canonical ``url`` from."""
        parts = urlsplit(url)
        origin = self._to_origin.get(parts.hostname or "")
        if origin is None:
            return url
        return urlunsplit((*origin, parts.path, parts.query, ""))

    def to_canonical(self, url: str) -> str:
        """The URL the site would give a page that a mirror served at ``url``."""
        parts = urlsplit(url)
        host = self._to_host.get((parts.scheme, parts.netloc))
        if host is None:
            return url
        return urlunsplit(("https", host, parts.path, parts.query, ""))

    def site_url_of(self, url: str, meta: Mapping[str, object]) -> str:
        """The site's URL of a request for ``url`` (with ``meta``): the one it was made for
        when a mirror fetched it, else :meth:`to_canonical`'s guess."""
        known = meta.get(SITE_URL_META)
        if isinstance(known, str) and self.to_fetch(known) == url:
            return known
        return self.to_canonical(url)

    def on_site_of(self, url: str, site_url: str) -> str:
        """``url`` (a mirror's) on the host of ``site_url``: a relative redirect stays on
        the host it was resolved against, as a browser would keep it."""
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) not in self._to_host:
            return url
        return urlunsplit(("https", urlsplit(site_url).netloc, parts.path, parts.query, ""))

    def origin_of(self, host: str) -> str:
        """The origin requests for ``host`` go to (for log lines)."""
        scheme, netloc = self._to_origin.get(host, ("https", host))
        return f"{scheme}://{netloc}"


def mirrors_from_settings(settings: BaseSettings) -> Mirrors:
    """``BASE_URLS`` (a dict, or JSON on the command line) plus ``INDEX_BASE_URL``."""
    base_urls = dict(settings.getdict("BASE_URLS"))
    if index := (settings.get("INDEX_BASE_URL") or "").strip():
        base_urls.setdefault(INDEX_HOST, index)
    return Mirrors(base_urls)
