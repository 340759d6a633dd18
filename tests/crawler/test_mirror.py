"""BASE_URLS: where each portal is fetched from, and back to canonical URLs."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from crawler.run.mirror import Mirrors, mirrors_from_settings

LOCAL = "http://127.0.0.1:8001"


def test_each_portal_to_its_mirror_and_back():
    mirrors = Mirrors({"telex.hu": LOCAL, "444.hu": "http://127.0.0.1:8002/"})
    url = "https://telex.hu/kulfold/2024/05/06/x?oldal=2#poszt"
    assert mirrors.to_fetch(url) == LOCAL + "/kulfold/2024/05/06/x?oldal=2"
    assert mirrors.to_fetch("https://www.telex.hu/rss") == LOCAL + "/rss"
    assert (
        mirrors.to_canonical(LOCAL + "/kulfold/x?oldal=2") == "https://telex.hu/kulfold/x?oldal=2"
    )
    assert (
        mirrors.to_canonical("http://127.0.0.1:8002/2024/05/06/y") == "https://444.hu/2024/05/06/y"
    )
    # Hosts without a mirror are fetched where they are.
    assert mirrors.to_fetch("https://index.hu/kulfold/") == "https://index.hu/kulfold/"
    assert mirrors.origin_of("telex.hu") == LOCAL


def test_settings_json_and_the_index_shorthand():
    settings = Settings({"BASE_URLS": '{"telex.hu": "http://127.0.0.1:8001"}'})
    settings.set("INDEX_BASE_URL", "http://127.0.0.1:9000")
    mirrors = mirrors_from_settings(settings)
    assert mirrors.to_fetch("https://telex.hu/rss") == LOCAL + "/rss"
    assert mirrors.to_fetch("https://index.hu/kulfold/") == "http://127.0.0.1:9000/kulfold/"


def test_the_real_site_is_no_mirror():
    assert not Mirrors({"index.hu": "https://index.hu"}).active


def test_a_bad_origin_is_refused():
    with pytest.raises(ValueError, match=r"telex\.hu"):
        Mirrors({"telex.hu": "ftp://example"})


def test_a_mirrored_request_keeps_the_site_url_it_was_made_for():
    from scrapy import Request

    from crawler.run.downloads import MirrorMiddleware

    mirrors = Mirrors({"origo.hu": LOCAL})
    middleware = MirrorMiddleware(mirrors)
    page = "https://www.origo.hu/nagyvilag/20190118-x.html?pIdx=1"
    mirrored = middleware.process_request(Request(page))
    assert mirrored is not None and mirrored.url == LOCAL + "/nagyvilag/20190118-x.html?pIdx=1"
    assert middleware.process_request(mirrored) is None  # rescheduled: passes through
    # The mirror's host says only "origo.hu"; the request knew it was www.origo.hu.
    assert mirrors.to_canonical(mirrored.url) == "https://origo.hu/nagyvilag/20190118-x.html?pIdx=1"
    assert mirrors.site_url_of(mirrored.url, mirrored.meta) == page
    # A relative redirect, resolved against the mirror, stays on the host it came from.
    moved = mirrored.replace(url=LOCAL + "/nagyvilag/20190118-y.html")
    assert middleware.process_request(moved) is None
    assert (
        mirrors.site_url_of(moved.url, moved.meta)
        == "https://www.origo.hu/nagyvilag/20190118-y.html"
    )
    # A URL the meta does not describe is never given the meta's site URL.
    assert mirrors.site_url_of(LOCAL + "/other", mirrored.meta) == "https://origo.hu/other"
