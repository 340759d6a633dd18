"""A mutable, in-memory index.hu: what the stand-in server serves, and what a crawl of it
must produce.

    site = default_site()
    with StandinServer(site) as server:
        ...crawl with INDEX_BASE_URL=server.base_url...
    records = site.expected_records()

Routes are looked up by path-with-query. Article, listing and feed bodies are rendered
when requested, from the dataclasses in :mod:`tests.standin.pages`, so a mutation
(:meth:`StandinSite.change_text`, :meth:`StandinSite.add_article`) shows on the next fetch
and a site of 10,000 articles costs only its texts in memory.
"""

from __future__ import annotations

import copy
import json
import random
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

from tests.standin.pages import (
    BOILERPLATE,
    BUDAPEST,
    HTML,
    ORIGIN,
    RSS,
    TEXT,
    Article,
    FeedItem,
    ListingLink,
    LiveBlog,
    Paragraph,
    Post,
    archive_page,
    article_page,
    cut_mid_paragraph,
    day_page,
    liveblog_page,
    robots_txt,
    rss_feed,
    section_page,
    slugify,
)

Item = Article | LiveBlog

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT.parent / "shared"
REALWORLD = SHARED / "fixtures" / "realworld"

_DATED_PATH = re.compile(r"^/(?P<section>[a-z0-9_/-]+?)/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/")
# Query parameters a real server ignores when choosing the page: tracking tags.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid)$")


# --- Routes -------------------------------------------------------------------------


@dataclass
class Route:
    """How one URL answers.

    ``body`` is bytes or a zero-argument callable returning bytes (rendered per request).
    ``statuses``, when given, is the status of the 1st, 2nd, ... request; the last one
    repeats (``[503, 200]``: one failure, then the page). A 3xx status answers with
    ``location`` (relative or absolute); 4xx/5xx with a small error page. ``truncate_to``
    sends only that many bytes of the body under the full Content-Length, then closes the
    connection (data loss in transit). ``delay_seconds`` waits before answering.
    """

    body: bytes | Callable[[], bytes] = b""
    status: int = 200
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)
    statuses: list[int] = field(default_factory=list)
    location: str | None = None
    delay_seconds: float = 0.0
    truncate_to: int | None = None
    gzip: bool = True  # may be gzip-encoded when the client accepts it
    hits: int = field(default=0, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def take_status(self) -> int:
        """The status of this request; counts it (thread-safe)."""
        with self._lock:
            self.hits += 1
            if not self.statuses:
                return self.status
            return self.statuses[min(self.hits - 1, len(self.statuses) - 1)]

    def render(self) -> bytes:
        return self.body() if callable(self.body) else self.body


def redirect(location: str, status: int = 301) -> Route:
    return Route(status=status, location=location)


# --- The site -----------------------------------------------------------------------


class StandinSite:
    """index.hu's Külföld section in memory: routes, listings, and the expected records."""

    def __init__(self, section: str = "kulfold") -> None:
        self.section = section
        self.routes: dict[str, Route] = {}
        self.items: dict[str, Item] = {}  # every article and live blog, by path
        self.section_links: list[ListingLink] = []  # /kulfold/, in page order
        self.feed_items: list[FeedItem] = []  # /kulfold/rss/ (served newest first)
        self.archive_links: list[ListingLink] = []  # day pages and /24ora/
        self.extra_hrefs: list[tuple[str, str]] = []  # "more from Index" box on /kulfold/
        self.disallowed: list[str] = []  # robots.txt Disallow lines
        self.archive_page_size = 60  # entries per /24ora/ page, as on the real site
        self.feed_limit = 200  # the feed carries the newest items only, as a real feed does
        self._order: list[str] = []
        self._position: dict[str, int] = {}
        self._expect: dict[str, bool | None] = {}
        self._listed: set[str] = set()
        self._never: list[str] = []
        self.routes[f"/{section}/"] = Route(body=lambda: self._section_html())
        self.routes[f"/{section}/rss/"] = Route(body=lambda: self._feed_xml(), content_type=RSS)
        self.routes["/robots.txt"] = Route(
            body=lambda: robots_txt(self.disallowed).encode(), content_type=TEXT, gzip=False
        )

    # --- building ---------------------------------------------------------------------

    def add_article(
        self,
        item: Item,
        *,
        section_page: bool = True,
        feed: bool = True,
        archive: bool = True,
        expected: bool | None = None,
        href: str | None = None,
        feed_link: str | None = None,
    ) -> None:
        """Serve ``item`` at its path (and its further pages) and list it.

        ``href``/``feed_link``: the link written on the section page/feed (default: the
        canonical URL). ``expected``: None = a record when listed on the section page or
        feed, or (unlisted) when a backfill covers its day; False = never a record (a
        trap); True = always (e.g. reachable only through a redirect).
        """
        if item.path in self.items:
            raise ValueError(f"duplicate path {item.path}")
        self.items[item.path] = item
        self._position[item.path] = len(self._order)
        self._order.append(item.path)
        self._expect[item.path] = expected
        self._install_routes(item)
        if section_page:
            self.section_links.append(self._listing(item, href or item.url))
            self._listed.add(item.path)
        if feed:
            self.feed_items.append(self._feed_item(item, feed_link or item.url))
            self._listed.add(item.path)
        if archive:
            self.archive_links.append(self._listing(item, item.url))

    def add_route(self, path: str, route: Route) -> Route:
        self.routes[path] = route
        return route

    def add_link(self, href: str, title: str, *, feed: bool = False, published: str = "") -> None:
        """A raw link on the section page (and optionally the feed): traps, other hosts."""
        when = published or "2024-05-02T08:00:00+02:00"
        self.section_links.append(ListingLink(href=href, title=title, published=when))
        if feed:
            self.feed_items.append(FeedItem(title=title, link=href, published=when))

    def disallow(self, path: str) -> None:
        """Disallow ``path`` in robots.txt; the crawler must never fetch it."""
        self.disallowed.append(path)
        self.never_fetch(path)

    def never_fetch(self, path_with_query: str) -> None:
        self._never.append(path_with_query)

    # --- mutations between crawls ------------------------------------------------------

    def change_text(
        self, path: str, new_paragraphs: list[Paragraph], *, page: int = 1, modified: str = ""
    ) -> None:
        """Replace the body of page ``page`` of an article (an edit after publication)."""
        article = self.items[path]
        if not isinstance(article, Article):
            raise TypeError(f"{path} is a live blog: use add_post")
        if page == 1:
            article.paragraphs = list(new_paragraphs)
        else:
            article.pages[page - 2] = list(new_paragraphs)
        if modified:
            article.modified = modified

    def add_post(self, path: str, post: Post, *, page: int = 0) -> None:
        """A new live-blog post on top of page ``page`` (new posts come first)."""
        blog = self.items[path]
        if not isinstance(blog, LiveBlog):
            raise TypeError(f"{path} is not a live blog")
        blog.pages[page].insert(0, post)
        self._install_routes(blog)

    # --- what the server asks ---------------------------------------------------------

    def resolve(self, target: str) -> Route | None:
        """The route for a request target (path with query), or None for a 404.

        Exact match first; then with tracking parameters dropped and the query sorted, as a
        real server ignores ``utm_*`` and parameter order; then the generated listings.
        """
        if (route := self.routes.get(target)) is not None:
            return route
        path, _, query = target.partition("?")
        kept = sorted((k, v) for k, v in parse_qsl(query) if not _TRACKING.match(k))
        key = f"{path}?{urlencode(kept)}" if kept else path
        if (route := self.routes.get(key)) is not None:
            return route
        return self._dynamic(path, parse_qs(query, keep_blank_values=True))

    # --- what a crawl must produce -----------------------------------------------------

    def expected_records(self, *, backfill: tuple[date, date] | None = None) -> list[dict]:
        """Records a crawl of the section must produce, in site order (compare by url).

        ``backfill=(since, until)``: a crawl that also walks the date archives, so
        unlisted articles of those days are found too.
        """
        return [
            self.expected_record(path) for path in self._order if self._is_expected(path, backfill)
        ]

    def expected_record(self, path: str) -> dict[str, Any]:
        item = self.items[path]
        record: dict[str, Any] = {
            "url": item.url,
            "kind": item.kind,
            "title": item.title,
            "lead": item.lead,
            "authors": list(item.authors),
            "published": item.published,
            "modified": item.latest()
            if isinstance(item, LiveBlog)
            else (item.modified or item.published),
            "tags": list(item.tags),
            "image": item.image,
            "language": item.language,
            "text_paragraphs": item.text_paragraphs(),
            "posts": [],
        }
        if isinstance(item, LiveBlog):
            record["posts"] = [
                {
                    "title": post.title,
                    "author": post.author,
                    "published": post.published,
                    "paragraphs": list(post.paragraphs),
                }
                for post in item.posts()
            ]
        return record

    def boilerplate_strings(self) -> list[str]:
        """Texts on article pages that are not body: none may appear in a record's text.

        Ad labels, pager and share labels, the Meta notice, image captions, and the
        titles in the related-articles box (which are other articles' titles, so they
        do appear in those records' ``title`` fields)."""
        found: dict[str, None] = dict.fromkeys(BOILERPLATE)
        for path in self._order:
            item = self.items[path]
            if isinstance(item, Article):
                found.update(dict.fromkeys(item.image_captions()))
            found.update(dict.fromkeys(link.title for link in self._related(path)))
        return list(found)

    def never_fetch_paths(self) -> list[str]:
        """Paths (with query where it matters) a correct crawler never requests."""
        return list(self._never)

    def url(self, path: str) -> str:
        return ORIGIN + path

    # --- internals ----------------------------------------------------------------------

    def _is_expected(self, path: str, backfill: tuple[date, date] | None) -> bool:
        expected = self._expect[path]
        if expected is not None:
            return expected
        if self.items[path].section != self.section:
            return False
        if path in self._listed:
            return True
        day = _path_date(path)
        return backfill is not None and day is not None and backfill[0] <= day <= backfill[1]

    def _install_routes(self, item: Item) -> None:
        path = item.path
        if isinstance(item, Article):
            self.routes.setdefault(path, Route(body=self._article_body(path, 1)))
            self.routes.setdefault(f"{path}1/", Route(body=self._article_body(path, 1)))
            for number in range(2, item.page_count + 1):
                self.routes.setdefault(
                    f"{path}{number}/", Route(body=self._article_body(path, number))
                )
            return
        self.routes.setdefault(path, Route(body=self._blog_body(path, 0)))
        self.routes.setdefault(f"{path}?p=0", Route(body=self._blog_body(path, 0)))
        for number in range(1, len(item.pages)):
            self.routes.setdefault(f"{path}?p={number}", Route(body=self._blog_body(path, number)))
        for post in item.posts():
            # A post's permalink shows the blog's first page, as on the real site.
            self.routes.setdefault(
                f"{path}{post.permalink_slug}/", Route(body=self._blog_body(path, 0))
            )

    def _article_body(self, path: str, number: int) -> Callable[[], bytes]:
        def render() -> bytes:
            article = self.items[path]
            assert isinstance(article, Article)
            return article_page(article, number, related=self._related(path)).encode()

        return render

    def _blog_body(self, path: str, number: int) -> Callable[[], bytes]:
        def render() -> bytes:
            blog = self.items[path]
            assert isinstance(blog, LiveBlog)
            return liveblog_page(blog, number, related=self._related(path)).encode()

        return render

    def _related(self, path: str, count: int = 3) -> list[ListingLink]:
        """The next ``count`` items of the same section, in site order (wrapping)."""
        section = self.items[path].section
        start = self._position[path]
        related: list[ListingLink] = []
        for step in range(1, len(self._order)):
            other = self.items[self._order[(start + step) % len(self._order)]]
            if other.section == section and self._expect[other.path] is not False:
                related.append(self._listing(other, other.url))
                if len(related) == count:
                    break
        return related

    @staticmethod
    def _listing(item: Item, href: str) -> ListingLink:
        return ListingLink(
            href=href,
            title=item.title,
            lead=item.lead,
            published=item.published,
            section=item.section,
            image=item.image,
        )

    @staticmethod
    def _feed_item(item: Item, link: str) -> FeedItem:
        return FeedItem(
            title=item.title,
            link=link,
            published=item.published,
            description=item.lead,
            author=", ".join(item.authors),
            guid=item.url,
        )

    def _section_html(self) -> bytes:
        return section_page(
            self.section_links, section=self.section, extra_hrefs=self.extra_hrefs
        ).encode()

    def _feed_xml(self) -> bytes:
        items = sorted(self.feed_items, key=lambda i: _instant(i.published), reverse=True)
        return rss_feed(items[: self.feed_limit], section=self.section).encode()

    def _dynamic(self, path: str, query: dict[str, list[str]]) -> Route | None:
        if path in ("/24ora/", "/24ora") and "tol" in query and "ig" in query:
            return self._archive_route(query)
        match = _DATED_PATH.match(path)
        if match and match["section"] == self.section and path == match.group(0):
            try:
                day = date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
            links = [
                link
                for link in self.archive_links
                if link.section == self.section and _path_date(urlsplit(link.href).path) == day
            ]
            links.sort(key=lambda link: _instant(link.published or ""), reverse=True)
            return Route(body=day_page(day, links, section=self.section).encode())
        return None

    def _archive_route(self, query: dict[str, list[str]]) -> Route | None:
        def first(name: str) -> str:
            return (query.get(name) or [""])[0]

        try:
            since = date.fromisoformat(first("tol"))
            until = date.fromisoformat(first("ig"))
            page = int(first("p") or 0)
        except ValueError:
            return None
        rovat = first("rovat")
        matching = [
            link
            for link in self.archive_links
            if (not rovat or link.section == rovat)
            and (day := _path_date(urlsplit(link.href).path)) is not None
            and since <= day <= until
        ]
        matching.sort(key=lambda link: _instant(link.published or ""), reverse=True)
        size = self.archive_page_size
        shown = matching[page * size : (page + 1) * size] if page >= 0 else []
        body = archive_page(
            shown,
            since=since.isoformat(),
            until=until.isoformat(),
            total=len(matching),
            section=rovat,
        )
        return Route(body=body.encode())


def _path_date(path: str) -> date | None:
    match = _DATED_PATH.match(path)
    if not match:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _instant(iso: str) -> datetime:
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=BUDAPEST)


def budapest_iso(year: int, month: int, day: int, hour: int, minute: int) -> str:
    """ISO 8601 in Budapest local time: +02:00 in summer, +01:00 in winter."""
    return datetime(year, month, day, hour, minute, tzinfo=BUDAPEST).isoformat()


# --- Generated articles (benchmarks, bulk tests) ------------------------------------

_JOURNALISTS = (
    "Szalai Bence",
    "Kerekes Dóra",
    "Vámos Gellért",
    "Bodnár Lilla",
    "Fekete-Rácz Máté",
    "Halmi Zsófia",
    "Pálfi Kornélia",
    "Orosz Tihamér",
    "Lengyel-Varga Anna",
    "Sebők Ábel",
)

# (locative, country tag): "Lisszabonban" ... tagged "portugália".
_PLACES = (
    ("Lisszabonban", "portugália"),
    ("Varsóban", "lengyelország"),
    ("Madridban", "spanyolország"),
    ("Athénban", "görögország"),
    ("Oslóban", "norvégia"),
    ("Nairobiban", "kenya"),
    ("Santiagóban", "chile"),
    ("Szöulban", "dél-korea"),
    ("Ottawában", "kanada"),
    ("Vilniusban", "litvánia"),
    ("Rigában", "lettország"),
    ("Dublinban", "írország"),
    ("Koppenhágában", "dánia"),
    ("Bukarestben", "románia"),
    ("Zágrábban", "horvátország"),
    ("Pozsonyban", "szlovákia"),
    ("Helsinkiben", "finnország"),
    ("Rotterdamban", "hollandia"),
    ("Hamburgban", "németország"),
    ("Marseille-ben", "franciaország"),
    ("Bécsben", "ausztria"),
    ("Prágában", "csehország"),
    ("Tallinnban", "észtország"),
    ("Ljubljanában", "szlovénia"),
)

_TOPICS = (
    ("Lakhatási válság", "lakhatás"),
    ("Kormányválság", "belpolitika"),
    ("Sztrájkhullám", "sztrájk"),
    ("Energiaár-vita", "energia"),
    ("Választási kampány", "választás"),
    ("Költségvetési vita", "költségvetés"),
    ("Migrációs egyeztetés", "migráció"),
    ("Áradás", "árvíz"),
    ("Erdőtüzek", "erdőtűz"),
    ("Kikötői blokád", "kikötő"),
    ("Nyugdíjreform", "nyugdíj"),
    ("Korrupciós botrány", "korrupció"),
    ("Diplomáciai feszültség", "diplomácia"),
    ("Oktatási reform", "oktatás"),
)

_OUTCOMES = (
    "a kormány új adót vezetne be",
    "rendkívüli ülést hívtak össze",
    "hajnalig tartottak a tárgyalások",
    "lemondott az illetékes miniszter",
    "az ellenzék népszavazást kezdeményez",
    "a hadsereg is segít a helyreállításban",
    "újabb tüntetéseket jelentettek be",
    "meglepő fordulat a parlamentben",
    "a legfelsőbb bíróság döntött",
    "elhalasztják a végső szavazást",
    "megállapodott a koalíció",
    "nemzetközi vizsgálatot sürgetnek",
    "ezrek vonultak utcára",
    "bizalmatlansági indítványt nyújtottak be",
)

_SUBJECTS = (
    "A kormányszóvivő",
    "Az ellenzék vezetője",
    "A külügyminiszter",
    "A belügyminisztérium",
    "A rendőrség szóvivője",
    "Az uniós biztos",
    "A parlament elnöke",
    "A központi bank elnöke",
    "A szakszervezeti szövetség",
    "Az ENSZ különmegbízottja",
    "A hadsereg szóvivője",
    "A főváros polgármestere",
    "Egy névtelenséget kérő diplomata",
    "A választási bizottság",
    "A kikötői hatóság",
)

_WHEN = (
    "kedden",
    "szerdán",
    "csütörtökön",
    "pénteken",
    "hétfőn este",
    "a hét elején",
    "vasárnap délután",
    "szombat reggel",
    "a késő esti órákban",
)

_SAID = (
    "bejelentette",
    "közölte",
    "megerősítette",
    "elmondta",
    "kijelentette",
    "hangsúlyozta",
    "jelezte",
    "elismerte",
)

_CLAUSES = (
    "a tárgyalások a jövő héten folytatódnak",
    "a költségvetési tervezetet újra kell írni",
    "a határátkelőket ideiglenesen lezárják",
    "a kormány nem tervez előrehozott választást",
    "a vizsgálat eredményét hónapokon belül nyilvánosságra hozzák",
    "a sztrájk legalább három napig tart",
    "a kártérítési alapot két lépésben töltik fel",
    "a tervezett reformot a nyár végéig elhalasztják",
    "a katonai gyakorlat a tervek szerint zajlik",
    "a szövetségesek további segítséget ígértek",
    "a lakossági kérdőív eredményei meglepték a minisztériumot",
    "{n} ezer háztartás maradt áram nélkül",
    "a rendkívüli ülést még a héten összehívják",
    "az érintett települések lakóit ideiglenesen kitelepítik",
    "a kikötőt a hét végéig nem nyitják meg",
)

_EVENTS = (
    "több ezren vonultak utcára a megélhetési költségek emelkedése miatt",
    "rendkívüli ülést tartott a városi közgyűlés",
    "a tervezettnél később indult el a reggeli tömegközlekedés",
    "újabb tárgyalási fordulót tartottak a szociális partnerek",
    "a rendőrség lezárta a kormányzati negyed több utcáját",
    "két napra felfüggesztették a kikötői rakodást",
    "a választások előtti utolsó nagygyűlést tartották",
    "megnyílt az új kormányzati ügyfélközpont",
    "a parlament elé került a vitatott törvényjavaslat",
    "a tüntetők sátrakat vertek a minisztérium előtt",
)

_SOURCES = (
    "Az elemzők",
    "A helyi sajtó",
    "Egy friss közvélemény-kutatás",
    "Diplomáciai források",
    "Az ellenzéki lapok",
    "Független szakértők",
)

_OPINIONS = (
    "a döntés hosszú távon is meghatározhatja a térség politikáját",
    "a kormánynak kevés mozgástere maradt",
    "a megállapodás ára a következő évek költségvetésében jelenik meg",
    "a választók türelme fogytán van",
    "a vita mögött valójában gazdasági érdekek húzódnak",
    "a következő hetekben újabb tiltakozások várhatók",
    "a bejelentés inkább a belpolitikai közönségnek szólt",
    "az inflációs nyomás miatt a jegybanknak nincs sok választása",
)

_MEASURES = (
    "a lakásbérleti díjak átlaga",
    "az energiaimport",
    "a turisták száma",
    "a munkanélküliség",
    "a védelmi kiadások összege",
    "a menedékkérelmek száma",
    "az élelmiszerárak szintje",
)

_QUOTES = (
    "Nem engedhetjük meg, hogy a válság terheit ismét a legszegényebbek viseljék",
    "Ez egy hosszú folyamat első lépése",
    "Minden lehetőséget nyitva hagyunk",
    "A számok magukért beszélnek",
    "Senki sem gondolta, hogy ilyen gyorsan romlik a helyzet",
    "A megállapodás nem tökéletes, de működőképes",
)

_SPEAKERS = (
    "Helena Marcussen szociális miniszter",
    "Pedro Almeida Serrano városi tanácsos",
    "Tomasz Wierzbicki szakszervezeti vezető",
    "Ines Kallaste parlamenti képviselő",
    "Arjen de Wilde polgármester",
    "Sofia Lindqvist kormányszóvivő",
)

_SUBHEADS = (
    "Hosszú tárgyalások",
    "Mi jöhet ezután?",
    "A számok mögött",
    "Megosztott társadalom",
    "Nemzetközi reakciók",
    "Pénzügyi kockázatok",
)


def _sentence(rng: random.Random, place: str) -> str:
    """One news sentence from a few templates; enough variety that no two bodies match."""
    kind = rng.randrange(5)
    if kind == 0:
        clause = rng.choice(_CLAUSES).format(n=rng.randint(2, 90))
        return f"{rng.choice(_SUBJECTS)} {rng.choice(_WHEN)} {rng.choice(_SAID)}, hogy {clause}."
    if kind == 1:
        return f"{place} {rng.choice(_EVENTS)}."
    if kind == 2:
        return f"{rng.choice(_SOURCES)} szerint {rng.choice(_OPINIONS)}."
    if kind == 3:
        change = rng.choice(("nőtt", "csökkent"))
        return (
            f"A hivatalos adatok szerint {rng.randint(2, 40)} százalékkal {change} "
            f"{rng.choice(_MEASURES)} az előző évhez képest."
        )
    return f"„{rng.choice(_QUOTES)}” – fogalmazott {rng.choice(_SPEAKERS)}."


def _body(rng: random.Random, place: str) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for number in range(rng.randint(8, 9)):
        if number == 4 and rng.random() < 0.5:
            paragraphs.append(("h3", rng.choice(_SUBHEADS)))
        paragraphs.append(" ".join(_sentence(rng, place) for _ in range(rng.randint(3, 5))))
    return paragraphs


def make_article(rng: random.Random, path: str, published: str, *, number: int = 0) -> Article:
    """One generated Hungarian article at ``path`` (~3,000 characters of body)."""
    place, country = rng.choice(_PLACES)
    topic, topic_tag = rng.choice(_TOPICS)
    authors = rng.sample(_JOURNALISTS, 2 if rng.random() < 0.15 else 1)
    image_id = 4_000_000 + number
    return Article(
        path=path,
        title=f"{topic} {place}: {rng.choice(_OUTCOMES)}",
        lead=f"{_sentence(rng, place)} {_sentence(rng, place)}",
        authors=authors,
        published=published,
        tags=[country, topic_tag],
        image=f"https://kep.cdn.indexvas.hu/1/0/{image_id}/{image_id}_{rng.getrandbits(64):016x}_wm.jpg",
        paragraphs=_body(rng, place),
    )


def generate_articles(
    n: int, seed: int = 0, *, section: str = "kulfold", newest: date = date(2024, 5, 1)
) -> list[Article]:
    """``n`` distinct articles, newest first, 24 a day back from ``newest``.

    Deterministic for (n, seed). Paths end in the article's number, so they are distinct
    within one call; give different ``newest`` dates to combine several calls.
    """
    rng = random.Random(seed)
    per_day = 24
    articles = []
    for number in range(n):
        day = newest - timedelta(days=number // per_day)
        minutes = 6 * 60 + (per_day - 1 - number % per_day) * 37
        published = budapest_iso(day.year, day.month, day.day, minutes // 60, minutes % 60)
        article = make_article(rng, "", published, number=number)
        article.path = f"/{section}/{day:%Y/%m/%d}/{slugify(article.title, 60)}_{number:05d}/"
        articles.append(article)
    return articles


# --- The default Külföld section --------------------------------------------------

K = "/kulfold/2024/05"

EU_SUMMIT = Article(
    path=f"{K}/06/hajnalig_tartott_az_alku_a_brusszeli_csucson/",
    title="Hajnalig tartott az alku a brüsszeli csúcson, megszületett a közös energiatartalék",
    lead=(
        "Tizenhét órás tárgyalás után megállapodtak az uniós vezetők egy közös "
        "energiatartalék-alap létrehozásáról. A pénz elosztásán azonban még hetekig "
        "vitatkozhatnak a tagállamok."
    ),
    authors=["Szalai Bence"],
    published="2024-05-06T07:42:00+02:00",
    modified="2024-05-06T09:10:00+02:00",
    tags=["európai unió", "energia", "brüsszel"],
    image="https://kep.cdn.indexvas.hu/1/0/5101/5101001/5101001_a1b2c3d4_wm.jpg",
    paragraphs=[
        "Kedd hajnali négy óra után jelentették be Brüsszelben, hogy az uniós állam- és "
        "kormányfők megegyeztek a közös energiatartalék-alap felállításáról. A javaslatot "
        "még tavaly ősszel terjesztette elő a holland és az észt kormány, de a részletekről "
        "hónapok óta nem tudtak dűlőre jutni a tagállamok.",
        "Az alap induló tőkéje a tervek szerint negyvenkétmilliárd euró lesz, amelyet a "
        "tagállamok a bruttó nemzeti jövedelmük arányában töltenek fel. A pénzt olyan "
        "válsághelyzetekben lehetne felhasználni, amikor egy vagy több ország "
        "energiaellátása hirtelen akadozni kezd.",
        ("h3", "Ki fizet és mennyit?"),
        "A legnagyobb vitát az okozta, hogy a befizetéseket milyen arányban számolják el a "
        "nemzeti költségvetésekben. A déli tagállamok azt szerették volna, ha a hozzájárulás "
        "nem számít bele a hiánycélokba, az északiak ezt sokáig elutasították.",
        "„Nem volt könnyű éjszaka, de végül mindenki engedett valamennyit” – mondta a "
        "tárgyalások után Liesbeth Vranckx belga miniszterelnök, aki szerint a kompromisszum "
        "legfontosabb eleme az, hogy az alapot csak közös döntéssel lehet megnyitni.",
        "Diplomáciai források szerint a megállapodás szövegét még jogászok nézik át, így a "
        "végleges változatot legkorábban a jövő hónapban fogadhatja el formálisan a Tanács. "
        "Addig a tagállamok pénzügyminisztereinek kell kidolgozniuk a befizetések pontos "
        "ütemezését.",
        "Az elemzők szerint az alap önmagában nem oldja meg a kontinens energiafüggőségét, "
        "de jelzésértékű, hogy a tagállamok ezúttal előre készülnek fel egy esetleges újabb "
        "ellátási válságra.",
    ],
)

FLOOD = Article(
    path=f"{K}/06/aradas_a_duna_felso_szakaszan/",
    title="Áradás a Duna felső szakaszán: kitelepítik Passau óvárosának egy részét",
    lead=(
        "A bajor hatóságok szerint a folyó szintje szerda estére akár a tíz métert is "
        "elérheti. Osztrák oldalon több kisebb települést már elzárt a víz."
    ),
    authors=["Kerekes Dóra", "Vámos Gellért"],
    published="2024-05-06T11:05:00+02:00",
    tags=["árvíz", "németország", "ausztria"],
    image="https://kep.cdn.indexvas.hu/1/0/5101/5101002/5101002_b2c3d4e5_wm.jpg",
    paragraphs=[
        "Kedd délután elrendelték Passau óvárosának részleges kitelepítését, miután a Duna, "
        "az Inn és az Ilz összefolyásánál gyorsabban emelkedett a víz, mint ahogy azt a "
        "meteorológusok előre jelezték. A város vezetése mintegy ezerkétszáz lakót kért "
        "arra, hogy két napra költözzön rokonaihoz vagy a kijelölt szükségszállásokra.",
        "Bajor katasztrófavédelmi adatok szerint a vízszint kedd este nyolc órakor kilenc "
        "méter húsz centiméter volt, ami alig marad el a 2013-as rekordtól. A homokzsákokból "
        "emelt gátakat éjszaka is erősítették, a munkában a Bundeswehr katonái is részt "
        "vettek.",
        "Az osztrák oldalon Felső-Ausztria több kisebb települését már elzárta a víz, ott "
        "helikopterrel szállították el a rászorulókat. Marlene Hofstätter tartományi "
        "katasztrófavédelmi biztos azt mondta, a következő huszonnégy óra dönti el, kell-e "
        "újabb falvakat kiüríteni.",
        "A folyami hajózást a német és az osztrák szakaszon is felfüggesztették, ami a "
        "tehertranszportot is érinti. A hajózási hatóság szerint a forgalom leghamarabb a "
        "jövő hét elején indulhat újra, addig a Dunán lefelé sem közlekedhetnek a "
        "szállítóhajók.",
        "Magyarországon egyelőre nem kell rendkívüli árhullámmal számolni, de a vízügyi "
        "szakemberek figyelik az előrejelzéseket. A tetőzés a hazai szakaszon a jelenlegi "
        "számítások szerint a jövő hét közepén várható, jóval alacsonyabb szinttel, mint "
        "Bajorországban.",
    ],
)

POLAND = Article(
    path=f"{K}/05/vasuti_beruhazasokon_vesztek_ossze_a_lengyel_koalicioban/",
    title="Vasúti beruházásokon vesztek össze a lengyel koalícióban",
    lead=(
        "A kisebbik kormánypárt kilépéssel fenyeget, ha nem kapnak több pénzt a vidéki "
        "vasútvonalak. A miniszterelnök szerint a vita a hét végéig lezárható."
    ),
    authors=["Bodnár Lilla"],
    published="2024-05-05T16:20:00+02:00",
    tags=["lengyelország", "vasút", "koalíció"],
    image="https://kep.cdn.indexvas.hu/1/0/5101/5101003/5101003_c3d4e5f6_wm.jpg",
    paragraphs=[
        "Komoly feszültség alakult ki a lengyel kormánykoalícióban a vasútfejlesztési program "
        "miatt. A kisebbik kormánypárt szerint a varsói vezetés a nagyvárosokat összekötő "
        "gyorsvasútra költené a pénz nagyobb részét, miközben a vidéki mellékvonalakon "
        "évtizedek óta nem volt érdemi felújítás.",
        "Marta Zielińska infrastruktúra-miniszter vasárnap egy rzeszówi fórumon azt mondta, "
        "hogy a program jelenlegi formájában elfogadhatatlan számukra. „Nem lehet, hogy a "
        "vidék megint csak a vonatok ablakából nézze a fejlődést” – fogalmazott a politikus.",
        "A miniszterelnöki hivatal hétfőn rendkívüli egyeztetést hívott össze. A kormányfő "
        "környezetéből származó információk szerint hajlandók átcsoportosítani mintegy "
        "hárommilliárd złotyt a regionális vonalakra, de a gyorsvasút építésének "
        "ütemezéséhez nem akarnak hozzányúlni.",
        "Az ellenzék azonnal kihasználta a helyzetet: a legnagyobb ellenzéki párt "
        "frakcióvezetője bizalmatlansági indítvány benyújtását helyezte kilátásba a miniszter "
        "ellen, bár ennek a jelenlegi erőviszonyok mellett kevés esélye van.",
        "A lengyel sajtó szerint a vita valódi tétje a jövő évi önkormányzati választás, "
        "amelyen a kisebbik kormánypárt a vidéki szavazókra építene. Egy friss felmérés "
        "szerint a párt támogatottsága két hónap alatt négy százalékpontot esett.",
    ],
)

LISBON = Article(
    path=f"{K}/05/tobb_tizezren_tuntettek_lisszabonban_a_lakhatasi_valsag_miatt/",
    title="Több tízezren tüntettek Lisszabonban a lakhatási válság miatt",
    lead=(
        "A portugál fővárosban a rövid távú lakáskiadás korlátozását követelték a tüntetők. "
        "A kormány új adót vezetne be az üresen álló lakásokra."
    ),
    authors=["Fekete-Rácz Máté"],
    published="2024-05-05T09:30:00+02:00",
    tags=["portugália", "lakhatás", "tüntetés"],
    image="https://kep.cdn.indexvas.hu/1/0/5101/5101004/5101004_d4e5f6a7_wm.jpg",
    paragraphs=[
        "Szombat délután több tízezer ember vonult végig Lisszabon belvárosán, hogy a "
        "lakhatási költségek elszabadulása ellen tiltakozzon. A szervezők szerint "
        "nyolcvanezren, a rendőrség szerint mintegy harmincötezren vettek részt a menetben, "
        "amely a Marquês de Pombal tértől indult.",
        "A tüntetők elsősorban a turistáknak kiadott rövid távú lakások számának "
        "korlátozását követelték. Az elmúlt öt évben a belső kerületekben a bérleti díjak "
        "átlagosan hetven százalékkal nőttek, miközben a portugál átlagbérek alig húsz "
        "százalékkal emelkedtek.",
        ("h3", "Adó az üres lakásokra"),
        "A kormány a tüntetés előtti napon jelentette be, hogy külön adót vezetne be azokra a "
        "lakásokra, amelyek egy évnél hosszabb ideje üresen állnak. Duarte Carvalhosa "
        "lakásügyi államtitkár szerint ezzel legalább tizenötezer lakás kerülhetne vissza a "
        "bérleti piacra.",
        "„Az adó jó irány, de túl későn jön, és túl kevés” – mondta a menetben Inês "
        "Valadares, egy tanárokat tömörítő szakszervezet vezetője. Szerinte a fiatal "
        "pedagógusok ma már nem tudnak a fővárosban lakást bérelni, ezért sokan el sem "
        "vállalják a lisszaboni állásokat.",
        "Az ingatlanpiaci szereplők szerint az új adó inkább bizonytalanságot okoz, és a "
        "befektetők a szomszédos Spanyolországba vihetik a pénzüket. A javaslatról a "
        "parlament júniusban szavazhat.",
        "A lakhatási tüntetések nem csak Portugáliában erősödtek fel: az elmúlt hónapokban "
        "Barcelonában, Amszterdamban és Dublinban is hasonló megmozdulásokat tartottak.",
    ],
)

MAGLEV = Article(
    path=f"{K}/04/eveket_csuszik_a_japan_magnesvasut_atadasa/",
    title="Éveket csúszik a japán mágnesvasút átadása",
    lead=(
        "Tokió és Nagoja között 2027 helyett legkorábban 2034-ben indulhat a menetrend "
        "szerinti forgalom. Az építkezést egy prefektúra vízügyi aggályai akasztották meg."
    ),
    authors=["Halmi Zsófia"],
    published="2024-05-04T13:45:00+02:00",
    tags=["japán", "vasút"],
    image="https://kep.cdn.indexvas.hu/1/0/5101/5101005/5101005_e5f6a7b8_wm.jpg",
    paragraphs=[
        "Hivatalosan is elismerte az üzemeltető vasúttársaság, hogy nem tudja tartani a Tokió "
        "és Nagoja közötti mágnesvasút eredeti átadási határidejét. A társaság csütörtöki "
        "közleménye szerint a menetrend szerinti forgalom legkorábban 2034-ben indulhat el.",
        "A csúszás fő oka, hogy az egyik érintett prefektúra évekig nem engedélyezte az "
        "alagútépítést, mert attól tartott, hogy a munkálatok miatt csökken egy fontos folyó "
        "vízhozama. Az engedélyt végül tavaly adták meg, szigorú feltételekkel.",
        "Arakava Kendzsi közlekedési miniszter szerint a projekt a késés ellenére is "
        "stratégiai jelentőségű. A vonat óránként ötszáz kilométeres sebességgel negyven "
        "percre csökkentené a két város közötti menetidőt, ami ma gyorsvonattal másfél óra.",
        "A költségek közben jelentősen nőttek: a társaság becslése szerint a teljes "
        "beruházás már meghaladja a hétezer-milliárd jent, ami több mint másfélszerese az "
        "eredeti tervnek.",
    ],
)

WILDFIRES = Article(
    path=f"{K}/04/erdotuzek_pusztitanak_valparaiso_kornyeken/",
    title="Erdőtüzek pusztítanak Valparaíso környékén, ezreket menekítettek ki",
    lead=(
        "A chilei hatóságok katasztrófahelyzetet hirdettek a tengerparti régióban. Az oltást "
        "erős szél és a szokatlanul száraz ősz nehezíti."
    ),
    authors=["Pálfi Kornélia"],
    published="2024-05-04T08:15:00+02:00",
    tags=["chile", "erdőtűz", "katasztrófa"],
    image="https://kep.cdn.indexvas.hu/1/0/5101/5101006/5101006_f6a7b8c9_wm.jpg",
    paragraphs=[
        "Katasztrófahelyzetet hirdetett a chilei kormány Valparaíso régiójában, ahol péntek "
        "óta több tűzfészek is lángra kapott. A hatóságok adatai szerint eddig mintegy "
        "négyezer embert kellett kimenekíteni a domboldalakon épült lakónegyedekből.",
        "Az oltást nehezíti, hogy a térségben napok óta óránként hatvan kilométeres "
        "széllökések vannak, és a déli féltekén zajló ősz szokatlanul száraz. A tűzoltók "
        "mellett a hadsereg katonái és önkéntesek is dolgoznak a frontvonalakon.",
        "Cristóbal Irarrázabal regionális kormányzó szerint legalább háromszáz ház "
        "megsemmisült vagy súlyosan megrongálódott. A kormányzó arra kérte a lakosságot, "
        "hogy ne térjenek vissza az evakuált területekre, amíg a tűzoltóság nem engedélyezi.",
        "A helyi ügyészség vizsgálja, hogy a tüzek egy részét szándékosan okozhatták. A "
        "nyomozók szerint legalább két tűzfészek egymástól függetlenül, rövid időn belül "
        "keletkezett olyan helyeken, ahol nem volt villámlás.",
        "Argentína és Peru tűzoltórepülőket ajánlott fel, az első gépek szombaton érkezhetnek "
        "meg Santiago repülőterére.",
    ],
)

OIL_FUND = Article(
    path=f"{K}/03/kivonul_harom_banyacegbol_a_norveg_olajalap/",
    title="Kivonul három bányacégből a norvég olajalap",
    lead=(
        "A világ legnagyobb állami vagyonalapja környezetvédelmi okokra hivatkozva adja el "
        "részesedéseit. A döntést az etikai tanács javasolta."
    ),
    authors=["Szalai Bence"],
    published="2024-05-03T15:00:00+02:00",
    tags=["norvégia", "befektetés"],
    image="https://kep.cdn.indexvas.hu/1/0/5101/5101007/5101007_a7b8c9d0_wm.jpg",
    paragraphs=[
        "Három nemzetközi bányavállalatban meglévő részesedését adja el a norvég állami "
        "vagyonalap, közölte pénteken az alapot kezelő jegybanki részleg. A döntést az alap "
        "független etikai tanácsa javasolta, amely szerint a cégek ismételten súlyos "
        "környezeti károkat okoztak.",
        "Az érintett részesedések piaci értéke együttesen mintegy hatszázmillió dollár, ami "
        "az alap teljes vagyonához képest elenyésző. Az elemzők szerint a lépés jelentősége "
        "inkább abban áll, hogy más intézményi befektetők gyakran követik a norvég alap "
        "döntéseit.",
        "Henrik Solvang pénzügyminiszter a parlament pénzügyi bizottsága előtt azt mondta, "
        "hogy a kormány nem avatkozik be az etikai tanács munkájába. „Az alap hitelességét az "
        "adja, hogy ezek a döntések nem politikai alkuk eredményei” – tette hozzá.",
        "Az alapot az északi-tengeri kőolaj- és földgázbevételekből hozták létre a "
        "kilencvenes években, vagyona ma meghaladja az ezerhatszázmilliárd dollárt.",
    ],
)

NAIROBI = Article(
    path=f"{K}/03/nairobi_lett_afrika_uj_technologiai_fovarosa/",
    title="Nairobi lett Afrika új technológiai fővárosa",
    lead=(
        "A kenyai főváros tavaly több kockázati tőkét vonzott, mint bármely más afrikai "
        "város. A siker mögött egy két évtizede indult mobilfizetési rendszer áll."
    ),
    authors=["Vámos Gellért"],
    published="2024-05-03T10:10:00+02:00",
    tags=["kenya", "technológia", "startup"],
    image="https://kep.cdn.indexvas.hu/1/0/5101/5101008/5101008_b8c9d0e1_wm.jpg",
    paragraphs=[
        "Egy friss befektetői jelentés szerint a kenyai startupok tavaly együttesen csaknem "
        "egymilliárd dollár kockázati tőkét gyűjtöttek, ezzel Nairobi megelőzte Lagost és "
        "Johannesburgot is. A város délnyugati részén az elmúlt években egész irodanegyed "
        "nőtt ki a földből.",
        "A siker alapjait sokan a mobiltelefonos fizetési rendszerben látják, amely két "
        "évtizeddel ezelőtt indult, és ma a felnőtt lakosság döntő többsége használja. A "
        "rendszerre épülve jöttek létre a mikrohitelezéssel, biztosítással és mezőgazdasági "
        "szolgáltatásokkal foglalkozó cégek.",
        ("h3", "Mezőgazdaság a telefonon"),
        "Az egyik legismertebb helyi vállalkozás a gazdáknak kínál időjárás-előrejelzést és "
        "piaci árinformációt rövid szöveges üzenetekben. Alapítója, Wanjiru Kamau szerint ma "
        "már több mint félmillió kisgazdaság fizet elő a szolgáltatásra.",
        "„Nálunk nem az volt a kérdés, hogyan vigyük fel az internetre a bankot, hanem hogyan "
        "vigyük el a bankot azokhoz, akiknek soha nem volt számlájuk” – mondta Kamau egy "
        "befektetői konferencián.",
        "A gyors növekedésnek árnyoldalai is vannak. A kormány tavaly új adót vezetett be a "
        "digitális szolgáltatásokra, és több nemzetközi befektető jelezte, hogy a "
        "kiszámíthatatlan szabályozás miatt óvatosabban fektet be.",
        "A kenyai informatikai minisztérium közben egy új technológiai park építését tervezi "
        "a fővárostól hatvan kilométerre, ahol a tervek szerint tízezer munkahely jönne létre.",
    ],
)

BALTIC = Article(
    path=f"{K}/04/miert_koltenek_ennyit_a_balti_allamok_a_vedelemre/",
    title="Miért költenek ennyit a balti államok a védelemre?",
    lead=(
        "Észtország, Lettország és Litvánia a GDP-jük egyre nagyobb részét fordítja a "
        "hadseregre. Elemzésünkben azt vizsgáljuk, honnan van rá pénz, és mit kapnak érte."
    ),
    authors=["Kerekes Dóra"],
    published="2024-05-04T18:00:00+02:00",
    modified="2024-05-05T08:30:00+02:00",
    tags=["baltikum", "védelem", "nato"],
    image="https://kep.cdn.indexvas.hu/1/0/5101/5101009/5101009_c9d0e1f2_wm.jpg",
    paragraphs=[
        "A három balti állam együttes lakossága alig haladja meg a hatmillió főt, védelmi "
        "kiadásaik azonban az elmúlt öt évben megduplázódtak. Litvánia idén a bruttó hazai "
        "terméke három és fél százalékát költi a hadseregre, Észtország és Lettország is "
        "három százalék fölött jár.",
        "A kormányok ezt elsősorban a térség biztonsági helyzetével indokolják. Tallinnban, "
        "Rigában és Vilniusban is széles politikai egyetértés van abban, hogy a védelmi "
        "kiadások növelése nem lehet belpolitikai vita tárgya.",
        ("h3", "Honnan van rá pénz?"),
        "A pénz egy része új adókból származik: Észtország tavaly ideiglenes védelmi "
        "hozzájárulást vezetett be, Litvániában pedig a bankok extraprofitját adóztatják. A "
        "többit hitelből és más tárcák kiadásainak visszafogásából fedezik.",
        "Ez utóbbi nem fájdalommentes. Lettországban a tanárok és az egészségügyi dolgozók "
        "szakszervezetei is tiltakoztak, mert az ígért béremelések egy részét elhalasztották.",
    ],
    pages=[
        [
            "A pénzből elsősorban légvédelmi rendszereket, tüzérséget és lőszert vásárolnak, de "
            "jelentős összeg jut a laktanyák és gyakorlóterek építésére is. Litvánia például "
            "egy német dandár állandó állomásoztatására készül, ehhez egész városrészt kell "
            "felépíteni.",
            ("h3", "Mit mondanak a választók?"),
            "A közvélemény-kutatások szerint a lakosság többsége támogatja a magasabb védelmi "
            "kiadásokat, de a támogatás csökken, ha a kérdés a szociális kiadások "
            "visszafogására vonatkozik. Egy rigai kutatóintézet felmérése szerint a "
            "megkérdezettek alig több mint fele fogadná el az adóemelést.",
            "Ingrid Aaltonen, egy helsinki biztonságpolitikai intézet kutatója szerint a balti "
            "államok modellje csak akkor fenntartható, ha a szövetségesek is hosszú távon "
            "elkötelezik magukat a térség mellett. „Egy kis ország egyedül nem tudja "
            "megfizetni a teljes elrettentést” – mondta.",
            "Az évtized második felének kérdése az lesz, hogy a mostani lendület kitart-e, ha "
            "a gazdasági növekedés lelassul.",
        ]
    ],
)

STORM_BLOG = LiveBlog(
    path=f"{K}/07/percrol_percre_tombolo_vihar_nyugat_europaban/",
    title="Percről percre: tomboló vihar söpör végig Nyugat-Európán",
    lead=(
        "A francia, belga és holland partvidéken is vörös riasztást adtak ki. Tudósításunkban "
        "folyamatosan frissítjük a legfontosabb fejleményeket."
    ),
    authors=["Halmi Zsófia", "Orosz Tihamér"],
    published="2024-05-07T06:30:00+02:00",
    tags=["vihar", "időjárás", "franciaország"],
    image="https://kep.cdn.indexvas.hu/1/0/5101/5101010/5101010_d0e1f2a3_wm.jpg",
    current_post=5105,
    pages=[
        [
            Post(
                id=5106,
                published="2024-05-07T13:40:00+02:00",
                author="Orosz Tihamér",
                title="Újraindult a vasúti forgalom Brüsszel és Amszterdam között",
                paragraphs=[
                    "A belga és a holland vasúttársaság közölte, hogy kora délután óránként "
                    "egy vonattal újraindították a forgalmat a két főváros között. A "
                    "menetrend szerinti közlekedés csak szerdán állhat helyre."
                ],
            ),
            Post(
                id=5105,
                published="2024-05-07T12:15:00+02:00",
                author="Halmi Zsófia",
                title="Több mint százezer háztartás maradt áram nélkül",
                paragraphs=[
                    "A francia áramszolgáltató adatai szerint Bretagne és Normandia "
                    "területén mintegy százhúszezer háztartásban nincs áram.",
                    "A szerelők csak a szél csillapodása után kezdhetik meg a vezetékek "
                    "helyreállítását, ami a vállalat szerint akár két napig is tarthat.",
                ],
            ),
            Post(
                id=5104,
                published="2024-05-07T10:50:00+02:00",
                author="Orosz Tihamér",
                title="Lezárták a calais-i kikötőt",
                paragraphs=[
                    "A kompforgalmat a La Manche csatornán teljesen leállították, a "
                    "kamionokat a kikötő előtti parkolókba terelik."
                ],
            ),
        ],
        [
            Post(
                id=5103,
                published="2024-05-07T09:05:00+02:00",
                author="Halmi Zsófia",
                title="Óránként százhatvan kilométeres széllökéseket mértek",
                paragraphs=[
                    "A francia meteorológiai szolgálat szerint a Bretagne északi partján "
                    "lévő mérőállomáson óránként százhatvankét kilométeres széllökést "
                    "rögzítettek, ez a régió májusi rekordja.",
                    "A szolgálat szerint a vihar délután éri el a belga partokat.",
                ],
            ),
            Post(
                id=5102,
                published="2024-05-07T07:40:00+02:00",
                author="Orosz Tihamér",
                title="Bezártak az iskolák a holland partvidéken",
                paragraphs=[
                    "Zeeland és Dél-Holland tartomány több településén zárva maradnak ma az "
                    "iskolák és az óvodák, a helyi hatóságok arra kérik a lakókat, hogy ne "
                    "induljanak útnak."
                ],
            ),
            Post(
                id=5101,
                published="2024-05-07T06:35:00+02:00",
                author="Halmi Zsófia",
                title="Elindult tudósításunk",
                paragraphs=[
                    "Jó reggelt kívánunk! Ebben a tudósításban egész nap követjük a "
                    "Nyugat-Európán átvonuló vihar fejleményeit."
                ],
            ),
        ],
    ],
)

FERRY_STRIKE = Article(  # reachable only through a 301 from REDIRECT_FROM
    path=f"{K}/03/sztrajkolnak_a_gorog_kompok_szemelyzetei/",
    title="Sztrájkolnak a görög kompok személyzetei, állnak a hajók Pireuszban",
    lead=(
        "A tengerészek szakszervezete kétnapos munkabeszüntetést hirdetett. A szigetekre "
        "tartó turisták ezrei rekedtek a kikötőkben."
    ),
    authors=["Bodnár Lilla"],
    published="2024-05-03T12:30:00+02:00",
    tags=["görögország", "sztrájk"],
    image="https://kep.cdn.indexvas.hu/1/0/5101/5101011/5101011_e1f2a3b4_wm.jpg",
    paragraphs=[
        "Kétnapos sztrájkba kezdtek csütörtök reggel a görög kompok személyzetei, így Pireusz, "
        "Rafína és Lávrio kikötőjéből sem indultak hajók a szigetekre. A tengerészek "
        "szakszervezete a kollektív szerződés megújítását és a pihenőidőkre vonatkozó "
        "szabályok szigorítását követeli.",
        "A hajózási minisztérium szerint a sztrájk mintegy harmincezer utast érint. A "
        "turisták egy része repülővel próbált eljutni a nagyobb szigetekre, a légitársaságok "
        "ezért több pótjáratot is beállítottak.",
        "Jórgosz Kalafátisz szakszervezeti vezető azt mondta, hogy a munkabeszüntetést "
        "meghosszabbíthatják, ha a hajózási társaságok a jövő hét elejéig nem tesznek új "
        "ajánlatot. A társaságok szövetsége szerint a követelések teljesítése jelentős "
        "jegyár-emelést okozna.",
        "A főszezon előtt rendezett sztrájkok nem szokatlanok Görögországban, az elmúlt "
        "évtizedben szinte minden tavasszal volt legalább egy országos munkabeszüntetés a "
        "kompokon.",
    ],
)
REDIRECT_FROM = f"{K}/03/gorog_komp_sztrajk/"

FOUR_DAY_WEEK = Article(  # answers 503 once, then 200
    path=f"{K}/02/negynapos_munkahetet_probalnak_ki_a_kanadai_hivatalokban/",
    title="Négynapos munkahetet próbálnak ki a kanadai szövetségi hivatalokban",
    lead=(
        "Az ottawai kormány egyéves kísérletet indít tizenkétezer köztisztviselő bevonásával. "
        "A szakszervezetek üdvözölték, az ellenzék pazarlásnak nevezte."
    ),
    authors=["Pálfi Kornélia"],
    published="2024-05-02T17:25:00+02:00",
    tags=["kanada", "munka"],
    image="https://kep.cdn.indexvas.hu/1/0/5101/5101012/5101012_f2a3b4c5_wm.jpg",
    paragraphs=[
        "Egyéves kísérleti programot indít a kanadai szövetségi kormány, amelynek keretében "
        "tizenkétezer köztisztviselő dolgozhat heti négy napot, változatlan fizetés mellett. "
        "A programban hat minisztérium vesz részt, köztük a bevándorlási és a közlekedési "
        "tárca.",
        "A kormány közleménye szerint a kísérlet célja annak felmérése, hogy a rövidebb "
        "munkahét javítja-e a munkavállalók megtartását és a hivatalok ügyintézési idejét. A "
        "résztvevők teljesítményét egy független kutatócsoport értékeli majd.",
        "A köztisztviselők legnagyobb szakszervezete üdvözölte a döntést, az ellenzéki "
        "konzervatívok viszont azt mondták, a kormánynak inkább az ügyintézési határidők "
        "betartására kellene figyelnie. Patricia Lemieux ellenzéki képviselő szerint a "
        "program „drága kísérlet az adófizetők pénzén”.",
        "Hasonló kísérletek korábban az Egyesült Királyságban, Izlandon és Spanyolországban "
        "is zajlottak, többnyire kedvező eredményekkel.",
    ],
)

CYCLE_LANES = Article(  # English-language; listed in the feed only
    path=f"{K}/06/dutch_city_tests_heated_cycle_lanes/",
    title="Dutch city tests heated cycle lanes to keep winter riders on the road",
    lead=(
        "Utrecht has started a two-year pilot of cycle paths warmed by geothermal energy. "
        "Officials hope the scheme will cut accidents on icy mornings."
    ),
    authors=["Emma Kovács"],
    published="2024-05-06T14:00:00+02:00",
    tags=["netherlands", "cycling"],
    image="https://kep.cdn.indexvas.hu/1/0/5101/5101013/5101013_a3b4c5d6_wm.jpg",
    language="en",
    captions=["A cyclist on the heated test lane in Utrecht", "Engineers at the geothermal well"],
    paragraphs=[
        "The Dutch city of Utrecht has begun testing cycle lanes that are warmed from below by "
        "a network of pipes carrying water from a shallow geothermal well. The first stretch, "
        "about eight hundred metres long, runs along one of the busiest commuter routes into "
        "the city centre.",
        "City engineers say the surface temperature will be kept just above freezing during "
        "cold spells, which should stop ice from forming on the smooth asphalt. The system is "
        "switched on automatically when sensors detect that frost is likely.",
        "\u201cEvery winter we see a sharp rise in falls on the first icy mornings, and many "
        "people simply leave their bikes at home,\u201d said Maarten Verhoef, the alderman "
        "responsible for mobility. \u201cIf this works, we can keep people cycling all year "
        "round.\u201d",
        "The pilot will cost around four million euros over two years, partly paid for by the "
        "national government. Critics on the city council argue that the money would be "
        "better spent on more conventional road gritting.",
        "Researchers from a local university will compare accident figures and cycling "
        "numbers on the heated lane with those on a similar route nearby before the city "
        "decides whether to expand the scheme.",
    ],
)

# Traps: linked from the listings, never a record.
DISALLOWED_PATH = f"{K}/02/belso_jelentes_a_tanacskozasrol/"
TRUNCATED_PATH = f"{K}/02/felbeszakadt_tudositas_a_hatarrol/"
MISSING_PATH = f"{K}/02/torolt_cikk_mar_nem_elerheto/"
PDF_PATH = f"{K}/02/eves_jelentes_letoltheto_valtozat/"
EMPTY_PATH = f"{K}/02/ures_valasz_a_szervertol/"
BELFOLD_PATH = "/belfold/2024/05/06/uj_buszjaratok_indulnak_a_fovarosban/"
TELEX_URL = "https://telex.hu/kulfold/2024/05/06/vihar-nyugat-europa-percrol-percre"

_FAKE_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def default_site() -> StandinSite:
    """A realistic Külföld section (see the module docstring of :mod:`tests.standin`)."""
    site = StandinSite()
    rng = random.Random(2024)
    live_post = STORM_BLOG.posts()[1]
    utm = "?utm_source=index&utm_medium=rovatoldal&utm_campaign=kulfold"

    # Section page and feed, with the messy link variants a real section page has.
    site.add_article(_copy(STORM_BLOG))
    site.add_link(f"{STORM_BLOG.url}{live_post.permalink_slug}/", live_post.title)
    site.add_article(_copy(FLOOD), href=FLOOD.url.replace("https://", "http://"))
    site.add_article(
        _copy(EU_SUMMIT),
        href=EU_SUMMIT.url.replace("https:", ""),
        feed_link=f"{EU_SUMMIT.url}?utm_source=rss&utm_medium=feed",
    )
    belfold = make_article(rng, BELFOLD_PATH, "2024-05-06T10:00:00+02:00", number=9001)
    belfold.title = "Új buszjáratok indulnak a fővárosban"
    site.add_article(belfold, feed=False)
    site.add_article(_copy(CYCLE_LANES), section_page=False)
    site.add_article(_copy(POLAND), href=POLAND.url + utm)
    site.add_article(
        _copy(LISBON), href=LISBON.url + "#kommentek", feed_link=LISBON.url + "?utm_source=rss"
    )
    site.add_article(_copy(MAGLEV), href=MAGLEV.path)  # relative link
    site.add_article(_copy(BALTIC))
    site.add_link(f"{BALTIC.url}2/", "Miért költenek ennyit a balti államok? – 2. oldal")
    site.add_article(_copy(WILDFIRES), href=WILDFIRES.url.replace("://", "://www."))
    site.add_article(_copy(OIL_FUND))
    site.add_article(_copy(NAIROBI))
    site.add_link(EU_SUMMIT.url, EU_SUMMIT.title)  # the same article twice, plainly
    site.add_link(FLOOD.url, FLOOD.title)
    site.add_link(TELEX_URL, "Percről percre a viharról a Telexen")

    # Reachable only through a redirect; a flaky one; then the traps.
    site.add_article(_copy(FERRY_STRIKE), section_page=False, feed=False, expected=True)
    site.add_route(REDIRECT_FROM, redirect(FERRY_STRIKE.url))
    site.add_link(ORIGIN + REDIRECT_FROM, "Sztrájk a görög kompokon")
    site.add_article(_copy(FOUR_DAY_WEEK), feed=False)
    site.routes[FOUR_DAY_WEEK.path].statuses = [503, 200]
    _add_traps(site, rng)

    site.extra_hrefs = [
        (f"{ORIGIN}/belfold/", "Belföld"),
        (f"{ORIGIN}/gazdasag/", "Gazdaság"),
        (f"{ORIGIN}/24ora/", "24 óra"),
        (f"{ORIGIN}/kulfold/rss/", "RSS"),
        ("https://telex.hu/", "Telex"),
        ("mailto:szerkesztoseg@index.hu", "Írjon nekünk"),
        ("javascript:void(0)", "Betűméret"),
    ]
    site.never_fetch(BELFOLD_PATH)
    site.never_fetch(f"{STORM_BLOG.path}{live_post.permalink_slug}/")
    site.never_fetch(POLAND.path + utm)
    return site


def _add_traps(site: StandinSite, rng: random.Random) -> None:
    disallowed = make_article(rng, DISALLOWED_PATH, "2024-05-02T09:00:00+02:00", number=9002)
    site.add_article(disallowed, expected=False)
    site.disallow(DISALLOWED_PATH)

    truncated = make_article(rng, TRUNCATED_PATH, "2024-05-02T10:30:00+02:00", number=9003)
    site.add_article(truncated, expected=False)
    full = article_page(truncated, related=site._related(TRUNCATED_PATH))
    site.routes[TRUNCATED_PATH] = Route(body=cut_mid_paragraph(full, 1).encode(), gzip=False)

    site.add_link(ORIGIN + MISSING_PATH, "Ez a cikk már nem érhető el")  # no route: 404
    site.add_route(PDF_PATH, Route(body=_FAKE_PDF, content_type="application/pdf", gzip=False))
    site.add_link(ORIGIN + PDF_PATH, "Az éves jelentés letölthető változata")
    site.add_route(EMPTY_PATH, Route(body=b""))
    site.add_link(ORIGIN + EMPTY_PATH, "Üres válasz a szervertől")


def _copy(item: Item) -> Item:
    """A private copy, so mutating one site never changes another."""
    return copy.deepcopy(item)


def add_generated(site: StandinSite, articles: Iterable[Article]) -> None:
    """Generated articles, listed on the section page (by a relative link, which keeps a
    listing of 10,000 under two megabytes) and in the feed."""
    for article in articles:
        site.add_article(article, href=article.path)


# --- The real captures, at their real paths -----------------------------------------


def add_realworld(site: StandinSite, portal: str = "index.hu") -> list[str]:
    """Serve the captured pages of ``portal`` from ../shared at their URL's path and query,
    with their captured status and content type. Returns the paths served; [] when
    ../shared is absent (so callers can skip)."""
    manifest = REALWORLD / "manifest.json"
    if not manifest.exists():
        return []
    served = []
    for entry in json.loads(manifest.read_text(encoding="utf-8")):
        if entry.get("portal") != portal:
            continue
        parts = urlsplit(entry["url"])
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        site.add_route(
            target,
            Route(
                body=(REALWORLD / entry["file"]).read_bytes(),
                status=int(entry.get("status", 200)),
                content_type=entry.get("content_type") or HTML,
            ),
        )
        served.append(target)
    return served


def realworld_available() -> bool:
    return (REALWORLD / "manifest.json").exists()
