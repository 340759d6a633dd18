"""What every registered portal module must do, checked over each one and each of its
fixture pages (as Fundus's ``tests/test_parser.py`` loops over every publisher).

A new portal adds data: its pages under ``tests/fixtures/sites/<portal>/`` and their
expected attributes in ``<portal>.json`` (:mod:`tests.sites.fixtures`); the checks here
then cover it. What only one portal does is tested in its own ``test_<portal>.py``.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import pkgutil
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html

import crawler.spiders
from crawler.assembly.assemble import Assembly, Limits, extract_page, parse_html
from crawler.reasons import Reason
from crawler.record.item import as_record
from crawler.record.times import is_budapest_time
from crawler.record.validity import record_problem
from crawler.settings import EXTRACT_MAX_CHARS
from crawler.sites import (
    NoDateArchive,
    NotAnArticle,
    Page,
    PagePost,
    Site,
    Unrecognised,
    is_canonical,
)
from crawler.sites.toolkit import Portal
from crawler.spiders.base import PortalSpider
from crawler.text.decoding import decode_html
from tests.sites.fixtures import (
    FIXTURES,
    PORTALS,
    attributes,
    document,
    dump,
    era_of,
    expected_of,
    is_empty,
    page_path,
)

PAGES = [(portal, name) for portal in sorted(PORTALS) for name in sorted(expected_of(portal))]
# Pages that link their article's next page.
CONTINUED = [(p, n) for p, n in PAGES if expected_of(p)[n]["expected"].get("next_page")]
ATTRIBUTES = sorted([field.name for field in dataclasses.fields(Page)] + ["text"])
POST_FIELDS = sorted(field.name for field in dataclasses.fields(PagePost))


def _sections() -> dict[str, str]:
    """The section each portal's spider crawls."""
    for module in pkgutil.iter_modules(crawler.spiders.__path__):
        importlib.import_module(f"crawler.spiders.{module.name}")
    spiders = [s for s in PortalSpider.__subclasses__() if s.__module__.startswith("crawler.")]
    return {spider.site.name: spider.section for spider in spiders}


SECTIONS = _sections()


def fixture_urls(portal: str) -> list[str]:
    """The fixture pages' article URLs (a page read at an older address is not one)."""
    site = PORTALS[portal]
    return [u for entry in expected_of(portal).values() if site.article_url(u := entry["url"])]


# --- the fixture format -------------------------------------------------------------------


def test_every_portal_is_registered_with_fixtures_and_a_spider():
    assert sorted(PORTALS) == ["hvg", "index_hu", "origo", "p24", "p444", "telex"]
    assert all(expected_of(portal) for portal in PORTALS)
    assert set(SECTIONS) == {site.name for site in PORTALS.values()}
    assert {portal for portal, _ in CONTINUED} == set(PORTALS)  # every pager is covered


@pytest.mark.parametrize("portal", sorted(PORTALS))
def test_fixture_file_is_in_the_generators_format(portal):
    path = FIXTURES / f"{portal}.json"
    text = path.read_text(encoding="utf-8")
    entries = json.loads(text)
    assert text == dump(entries)  # sorted keys, as generate_fixtures writes them
    for name, entry in entries.items():
        assert sorted(entry) == ["era", "expected", "url"], name
        assert page_path(portal, name).is_file(), name
        assert entry["expected"] and set(entry["expected"]) <= set(ATTRIBUTES), name
        assert not [k for k, v in entry["expected"].items() if is_empty(v)], name
        for post in entry["expected"].get("posts", []):
            assert sorted(post) == POST_FIELDS, name


@pytest.mark.parametrize("portal", sorted(PORTALS))
def test_every_layout_has_a_fixture_page(portal):
    site = PORTALS[portal]
    assert isinstance(site, Portal) and site.layouts
    eras = [layout.era for layout in site.layouts]
    assert len(set(eras)) == len(eras)
    assert set(eras) == {entry["era"] for entry in expected_of(portal).values()}


# --- each fixture page, attribute by attribute ----------------------------------------------


@pytest.mark.parametrize(("portal", "name"), PAGES)
def test_fixture_page_attributes(portal, name):
    site, entry = PORTALS[portal], expected_of(portal)[name]
    doc = document(portal, name)
    assert era_of(site, doc) == entry["era"]
    found = attributes(site.parse(doc, entry["url"]))
    expected = entry["expected"]
    for attribute in ATTRIBUTES:
        if attribute in expected:
            assert found[attribute] == expected[attribute], attribute
        else:
            assert is_empty(found[attribute]), (attribute, found[attribute])


@pytest.mark.parametrize(("portal", "name"), PAGES)
def test_fixture_page_is_a_whole_article_page_of_the_portal(portal, name):
    site, entry = PORTALS[portal], expected_of(portal)[name]
    page = site.parse(document(portal, name), entry["url"])
    assert page.title and page.kind in ("article", "liveblog") and not page.generic
    assert page.kind == "liveblog" or not page.posts
    keys = [post.key for post in page.posts]
    assert all(keys) and len(set(keys)) == len(keys)
    body = page_path(portal, name).read_bytes()
    assert site.is_complete(body)
    assert not site.is_complete(body[: body.rindex(b"</body>")])


# --- URLs -----------------------------------------------------------------------------------


@pytest.mark.parametrize("portal", sorted(PORTALS))
def test_article_url_is_canonical_and_idempotent(portal):
    site = PORTALS[portal]
    for url in fixture_urls(portal):
        canonical = site.article_url(url)
        assert canonical is not None, url
        assert site.article_url(canonical) == canonical
        assert is_canonical(canonical)
        assert urlsplit(canonical).hostname in site.hosts
        assert site.article_url(" " + url.replace("https://", "http://", 1) + "#x") == canonical
        assert site.source(canonical) and not site.source(canonical).startswith("www.")
        day = site.article_date(canonical)
        assert day is None or site.first_day <= day <= date.today()
        section = site.section_of(canonical)
        assert section is None or site.article_url(urljoin(canonical, f"/{section}/")) is None


@pytest.mark.parametrize(("portal", "name"), CONTINUED)
def test_a_later_page_belongs_to_the_article(portal, name):
    site, entry = PORTALS[portal], expected_of(portal)[name]
    following = entry["expected"]["next_page"]
    canonical = site.article_url(entry["url"])
    assert site.article_url(following) == canonical
    assert site.not_a_later_page(following, canonical) is None
    foreign = following.replace(urlsplit(following).netloc, "pelda.example", 1)
    assert site.not_a_later_page(foreign, canonical) == "other_host"


@pytest.mark.parametrize(
    "portal", [p for p in sorted(PORTALS) if getattr(PORTALS[p], "section_slugs", None)]
)
def test_a_section_slug_is_never_an_article_slug(portal):
    site = PORTALS[portal]
    assert isinstance(site, Portal)
    for url in fixture_urls(portal):
        canonical = site.article_url(url)
        assert canonical is not None
        slug = canonical.rstrip("/").rsplit("/", 1)[1]
        for section in site.section_slugs:
            assert site.article_url(canonical.replace(f"/{slug}", f"/{section}")) is None


@pytest.mark.parametrize("portal", sorted(PORTALS))
def test_unknown_markup_is_unrecognised(portal):
    doc = parse_html(
        "<html><head><title>Cím</title></head><body><article><h1>Cím</h1><p>Szöveg.</p>"
        "</article></body></html>",
        max_chars=10**6,
    )
    with pytest.raises(Unrecognised):
        PORTALS[portal].parse(doc, fixture_urls(portal)[0])


@pytest.mark.parametrize(("portal", "name"), PAGES)
def test_any_page_of_a_known_host_is_read_by_its_module(portal, name):
    """URL shapes decide what a spider crawls, not whether a page can be read: the page
    served at an address no article URL names (an older shape, another rubric) is read by
    the module that owns the host, its record's URL the page's own, or the article its
    canonical link names."""
    site, entry = PORTALS[portal], expected_of(portal)[name]
    host = urlsplit(entry["url"]).netloc
    address = f"https://{host}/archivum/regi-cim-{name}/"
    assert site.article_url(address) is None
    text = decode_html(page_path(portal, name).read_bytes()).text
    extracted = extract_page(text, address + "?utm_source=x#y", max_chars=EXTRACT_MAX_CHARS)
    assert extracted.site is site and not extracted.page.generic
    item = extracted.item
    doc = document(portal, name)
    links = "//head/link[@rel='canonical']/@href | //head/meta[@property='og:url']/@content"
    named = [site.article_url(h) for h in doc.xpath(links)]
    assert item.url in {site.page_url(address), *filter(None, named[:1])}
    assert item.source == site.source(address)
    assert record_problem(as_record(item)) is None
    assert item.title == site.parse(doc, entry["url"]).title


# Reader appeals as the portals print them inside body containers, in every era (the
# real pages in ../shared, ELTE-DH HTML2TEI's configurations): donation, subscription,
# newsletter, "follow us" and "download our app" boxes.
APPEALS = {
    "index_hu": [
        "Köszönjük, hogy olvasol minket!",
        "Ha fontos számodra a független sajtó fennmaradása, támogasd az Indexet!",
        "Támogatom",
    ],
    "telex": ["Ha szeretnéd, hogy a Telex megmaradjon, támogasd a munkánkat!", "Támogatom"],
    "p444": ["Támogasd a 444-et!", "Iratkozz fel a 444 hírlevelére!"],
    "p24": ["Iratkozz fel a 24.hu hírlevelére!", "Kövess minket a Facebookon is!"],
    "hvg": [
        "Fizess elő a HVG-re, és olvasd korlátlanul!",
        "Iratkozzon fel a hvg.hu hírlevelére, és elsőként értesül a legfontosabb hírekről!",
    ],
    "origo": [
        "Töltse le az Origo applikációt, és értesüljön elsőként a legfontosabb hírekről!",
        "Iratkozzon fel hírlevelünkre!",
    ],
}
# The boxes' own classes each module knows (whatever the box says).
APPEAL_BOXES = {
    "index_hu": ["nm_supported__wrapper", "keretes-donate-doboz", "newsletter_modal"],
    "telex": ["remp-banner", "adfree"],
    "p444": ["ad-johirlevel"],
    "p24": ["banner-container"],
    "hvg": ["fb-page", "article-series-box"],
    "origo": ["article-recommendation"],
}


def test_every_portal_has_its_appeals():
    assert sorted(APPEALS) == sorted(APPEAL_BOXES) == sorted(PORTALS)


@pytest.mark.parametrize(("portal", "name"), PAGES)
def test_reader_appeals_in_a_body_container_are_no_text(portal, name):
    """The page with its portal's appeal boxes put inside the body container, beside its
    last paragraph (a post's, when the page has no opening text): the same reading."""
    entry = expected_of(portal)[name]
    read = entry["expected"]
    where = (read.get("paragraphs") or [""])[-1] or next(
        (post["paragraphs"][-1] for post in read.get("posts", []) if post["paragraphs"]), ""
    )
    doc = document(portal, name)
    anchor = next(
        (
            el
            for el in doc.iter("p", "li", "div")
            if where and " ".join(el.text_content().split()) == " ".join(where.split())
        ),
        None,
    )
    if anchor is None:
        pytest.skip("no paragraph of the page is one element")
    boxes = (
        "".join(
            f'<div class="{cls}"><p>Ez a doboz nem a cikk szövege: {cls}.</p></div>'
            for cls in APPEAL_BOXES[portal]
        )
        + '<div class="olvasoi-doboz">'
        + "".join(f"<p>{a}</p>" for a in APPEALS[portal])
        + "</div>"
    )
    for box in reversed(html.fragments_fromstring(boxes)):
        anchor.addnext(box)
    page = PORTALS[portal].parse(doc, entry["url"])
    found = attributes(page)
    assert found["paragraphs"] == read.get("paragraphs", [])
    assert [p.paragraphs for p in page.posts] == [
        post["paragraphs"] for post in read.get("posts", [])
    ]


# Each portal's own desk as its bylines print it, and its normalised credit.
DESKS = {
    "index_hu": ("Index", "Index"),
    "telex": ("Telex", "Telex"),
    "p444": ("444", "444"),
    "p24": ("24.hu", "24.hu"),
    "hvg": ("hvg.hu", "hvg.hu"),
    "origo": ("ORIGO", "Origo"),
}


@pytest.mark.parametrize(("portal", "name"), PAGES)
def test_a_desk_in_the_byline_and_a_closing_agency_are_credits(portal, name):
    """The page's first byline name printed as the portal's desk, and "(MTI)" closing the
    body: authors keep the people only, credits name the desk and MTI, on every portal."""
    entry = expected_of(portal)[name]
    read = entry["expected"]
    people, last = read.get("authors", []), (read.get("paragraphs") or [""])[-1]
    if not people or not last:
        pytest.skip("no byline name or no body on the page")
    doc = document(portal, name)
    byline = [
        el
        for el in doc.body.iter()
        if isinstance(el.tag, str)
        and " ".join(el.text_content().split()) == people[0]
        and not any(" ".join(c.text_content().split()) == people[0] for c in el)
    ]
    closing = [
        el
        for el in doc.body.iter("p", "div", "li")
        if " ".join(el.text_content().split()) == " ".join(last.split())
    ]
    if not byline or not closing:
        pytest.skip("the byline name or the last paragraph is not one element")
    printed, credit = DESKS[portal]
    for el in byline:
        for child in list(el):
            el.remove(child)
        el.text = printed
    closing[-1].append(html.fragment_fromstring("<span> (MTI)</span>"))
    page = PORTALS[portal].parse(doc, entry["url"])
    assert credit in page.credits and "MTI" in page.credits
    assert page.credits.index(credit) < page.credits.index("MTI")  # in page order
    assert printed not in page.authors and credit not in page.authors
    assert all(person in people for person in page.authors)


@pytest.mark.parametrize(("portal", "name"), PAGES)
def test_every_time_of_a_record_is_budapest_time(portal, name):
    """Whatever the page gave (a UTC meta tag, a naive printed time, a Unix time), the
    record's published, modified and each post's time are the same instants written in
    Europe/Budapest with that instant's offset (crawler.record.times, at record build)."""
    entry = expected_of(portal)[name]
    text = decode_html(page_path(portal, name).read_bytes()).text
    item = extract_page(text, entry["url"], max_chars=EXTRACT_MAX_CHARS).item
    read = entry["expected"]
    given = [read.get("published"), read.get("modified")]
    given += [post.get("published") for post in read.get("posts", [])][: len(item.posts)]
    written = [item.published, item.modified, *(post["published"] for post in item.posts)]
    assert all(is_budapest_time(when) for when in written if when)
    assert [instant(when) for when in written] == [instant(when) for when in given]


@pytest.mark.parametrize(("portal", "name"), PAGES)
def test_a_time_after_the_day_after_the_fetch_is_no_date_and_is_counted(portal, name):
    """The same page fetched (say the archive says) three days before the date it states:
    every time it gives is more than a day after the fetch, so none is the article's or a
    post's; each field dropped is counted as extract/implausible_date, on every portal,
    whichever source (meta tags, an embedded state, a post's stamp) held it."""
    entry = expected_of(portal)[name]
    stated = entry["expected"].get("published")
    if stated is None:
        pytest.skip("the page states no date")
    text = decode_html(page_path(portal, name).read_bytes()).text
    site = PORTALS[portal]
    fetched = datetime.fromisoformat(stated) - timedelta(days=3)
    assembly = Assembly(site, entry["url"], limits=Limits(max_pages=1), any_page=True)
    step = assembly.add(text, entry["url"], fetched_at=fetched)
    item = assembly.record()
    times = [item.published, item.modified, *(post["published"] for post in item.posts)]
    assert times == [None] * len(times)
    assert step.counts()["extract/implausible_date"] >= 1


def instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value).astimezone(UTC) if value else None


@pytest.mark.parametrize("portal", sorted(PORTALS))
def test_a_page_no_address_or_layout_calls_an_article_gives_no_record(portal):
    """A listing or tag page read at its own address: the module's URL rules and its
    layouts both decline, so extract refuses it rather than a generic reading of it."""
    host = urlsplit(fixture_urls(portal)[0]).netloc
    listing = (
        "<html><head><title>Rovat</title></head><body><h1>Rovat</h1><ul>"
        + "".join(f'<li><a href="/cikk-{n}/">A kitalált {n}. cikk címe</a></li>' for n in range(9))
        + "</ul><p>Egy bekezdés a rovatról, ami nem cikk, de szöveg.</p></body></html>"
    )
    with pytest.raises(NotAnArticle) as refused:
        extract_page(listing, f"https://{host}/rovat/oldal/2", max_chars=EXTRACT_MAX_CHARS)
    assert refused.value.reason == Reason.NOT_AN_ARTICLE_PAGE
    # The same page at an article address is read, by the generic path.
    item = extract_page(listing, fixture_urls(portal)[0], max_chars=EXTRACT_MAX_CHARS).item
    assert item.title == "Rovat"


@pytest.mark.parametrize("portal", sorted(PORTALS))
def test_a_page_url_is_the_hosts_origin_and_path(portal):
    site = PORTALS[portal]
    host = urlsplit(fixture_urls(portal)[0]).hostname
    assert site.page_url(f"http://{host}/rovat/cikk-cime/?utm_source=x#y") == site.page_url(
        f"https://{host}/rovat/cikk-cime/"
    )
    assert is_canonical(site.page_url(f"https://{host}/rovat/cikk-cime/"))
    assert not is_canonical(f"https://{host}/rovat/cikk-cime/?p=2")
    assert site.page_url(f"https://{host}/") is None
    assert site.page_url("https://pelda.example/rovat/cikk-cime/") is None


# --- where articles are listed --------------------------------------------------------------


def on_hosts(site: Site, url: str) -> bool:
    return urlsplit(url).hostname in site.hosts


@pytest.mark.parametrize("portal", sorted(PORTALS))
def test_listings_are_the_portals_own_pages(portal):
    site = PORTALS[portal]
    listings = site.listings(SECTIONS[site.name])
    assert listings
    assert all(on_hosts(site, x.url) and x.kind in ("html", "feed") for x in listings)
    assert site.feed_links(b"\x00\x01 not a feed", SECTIONS[site.name]) == []


@pytest.mark.parametrize("portal", sorted(PORTALS))
def test_date_archives_are_listings_or_none_and_start_on_the_first_day(portal):
    site = PORTALS[portal]
    section = SECTIONS[site.name]
    try:
        archives = site.date_archives(section, date(2024, 5, 1), date(2024, 5, 3))
    except NoDateArchive:
        archives = None
    assert archives is None or (archives and all(on_hosts(site, x.url) for x in archives))
    before = site.first_day - timedelta(days=1)
    with pytest.raises(NoDateArchive, match=f"before {site.first_day}"):
        site.date_archives(section, before - timedelta(days=30), before)
