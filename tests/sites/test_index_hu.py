"""index.hu: URL rules, feeds and the archive floor. Its invented pages
(``tests/fixtures/sites/index_hu/``) are checked by the contract test; the real captures
by ``tests/crawler/test_extraction_realworld.py``."""

from datetime import date

import pytest

from crawler.sites import NoDateArchive
from crawler.sites.index_hu import SITE

A = "https://index.hu/kulfold/2024/05/06/valasztas_eredmeny/"


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (A, A),
        ("http://index.hu/kulfold/2024/05/06/valasztas_eredmeny/", A),
        ("https://www.index.hu/kulfold/2024/05/06/valasztas_eredmeny", A),
        ("//index.hu/kulfold/2024/05/06/valasztas_eredmeny/?utm_source=fb&utm_medium=x", A),
        ("https://index.hu/kulfold/2024/05/06/valasztas_eredmeny/#comments", A),
        ("https://index.hu/kulfold/2024/05/06/valasztas_eredmeny/2/", A),  # page 2
        ("https://index.hu/kulfold/2024/05/06/valasztas_eredmeny/elso_poszt/", A),  # live post
        (
            "https://index.hu/belfold/2024/05/06/valasztas_eredmeny/",
            "https://index.hu/belfold/2024/05/06/valasztas_eredmeny/",
        ),
        (
            "https://velvet.hu/gumicukor/2016/08/27/blog/poszt/?p=4",
            "https://velvet.hu/gumicukor/2016/08/27/blog/",
        ),
        ("https://telex.hu/kulfold/2024/05/06/valasztas_eredmeny/", None),
        ("https://index.hu.evil.com/kulfold/2024/05/06/x/", None),
        ("https://index.hu/kulfold/", None),
        ("https://index.hu/kulfold/2024/05/06/", None),
        ("https://index.hu/kulfold/rss/", None),
        ("https://index.hu/kulfold/2024/13/06/x/", None),
        ("mailto:someone@index.hu", None),
        ("https://index.hu/kulfold/2024/05/06/a/b/c/", None),
    ],
)
def test_article_url_canonical(link, expected):
    assert SITE.article_url(link) == expected


def test_section_and_source_from_the_url():
    assert SITE.section_of(A) == "kulfold"
    assert SITE.source(A) == "index.hu"
    assert SITE.source("https://velvet.hu/gumicukor/2016/08/27/blog/") == "velvet.hu"


def test_feed_links_tolerate_garbage():
    assert SITE.feed_links(b"\x00\x01 not xml", "kulfold") == []
    feed = b"<rss><channel><item><link> https://index.hu/kulfold/2024/05/06/x/ </link></item>"
    assert SITE.feed_links(feed, "kulfold") == ["https://index.hu/kulfold/2024/05/06/x/"]


def test_feed_does_not_expand_entities():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<rss><channel><item><link>&b;</link></item></channel></rss>"
    )
    assert all("aaaa" not in link for link in SITE.feed_links(bomb, "kulfold"))


def test_archive_starts_in_1999():
    assert SITE.date_archives("kulfold", date(1999, 1, 1), date(1999, 1, 2))
    with pytest.raises(NoDateArchive, match="before 1999"):
        SITE.date_archives("kulfold", date(1998, 12, 31), date(1999, 1, 2))
