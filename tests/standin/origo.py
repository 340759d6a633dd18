"""A small in-memory origo.hu for end-to-end crawls of ``origo_abroad``.

Invented pages in origo's markup (see :mod:`crawler.sites.origo`), served by
:class:`tests.standin.server.StandinServer` (anything with ``resolve()`` will do):

    site = OrigoStandin()
    with StandinServer(site) as server:
        run = crawl({"www.origo.hu": server.base_url}, out, spider="origo_abroad")
    site.expected_records()

What it holds: robots.txt, the whole-site RSS feed, the Nagyvilág section page, a 2019
layout article served as ISO-8859-2 declared in the Content-Type header only, a three
page (``?pIdx=``) article in ISO-8859-2 declared only by ``<meta charset>``, a 2021
layout article in UTF-8, a live blog, day archives, and the hostile cases: a 404, a 500
that recovers on retry, a transfer cut off in transit, a page served without its end, a
PDF, a redirect to an article, a page robots.txt forbids, and links to another section and
to a gallery that must never be fetched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from typing import Any

from crawler.text.values import BUDAPEST
from tests.standin.site import Route, redirect

ORIGIN = "https://www.origo.hu"
HEADER_ISO = "text/html;charset=ISO-8859-2"
BARE_HTML = "text/html"  # no charset: the page's <meta charset> decides
UTF8 = "text/html;charset=UTF-8"


@dataclass
class Post:
    clock: str  # "23:40", as printed
    title: str | None
    paragraphs: list[str]
    published: str  # what the record must say


@dataclass
class Story:
    path: str
    title: str
    lead: str | None
    published: datetime  # Budapest wall clock
    pages: list[list[str]]  # paragraphs per page: ?pIdx=0 (no parameter), 1, 2 …
    authors: list[str] = field(default_factory=lambda: ["Origo"])
    tags: list[str] = field(default_factory=list)
    layout: str = "2019"  # "2019": header#article-head; "2021": header.article-head
    charset: str = "header"  # "header": ISO-8859-2 in Content-Type; "meta"; "utf-8"
    posts: list[Post] = field(default_factory=list)  # a live blog when not empty

    @property
    def url(self) -> str:
        return ORIGIN + self.path

    @property
    def section(self) -> str:
        return self.path.split("/")[1]

    def record(self) -> dict[str, Any]:
        """The fields a crawl must give this story."""
        blocks = [p for page in self.pages for p in page]
        for post in self.posts:  # as read: each post's title, then its text
            blocks += [post.title] if post.title else []
            blocks.append("\n\n".join(post.paragraphs))
        return {
            "url": self.url,
            "kind": "liveblog" if self.posts else "article",
            "title": self.title,
            "lead": self.lead,
            # The desk byline "Origo" is a credit, never an author.
            "authors": [a for a in self.authors if a != "Origo"],
            "credits": [a for a in self.authors if a == "Origo"],
            "published": self.published.replace(tzinfo=BUDAPEST).isoformat(),
            "tags": self.tags,
            "text": "\n\n".join(blocks),
            "posts": [
                {
                    "published": p.published,
                    "authors": [],
                    "title": p.title,
                    "text": "\n\n".join(p.paragraphs),
                }
                for p in self.posts
            ],
        }


# --- the stories ------------------------------------------------------------------------

N = "/nagyvilag"

VOLCANO = Story(
    path=f"{N}/20190119-kitort-a-monte-fittizio.html",
    title="Kitört a Monte Fittizio, ötezer embert költöztettek ki",
    lead="Hamufelhő borította be szombaton a kitalált dél-olasz Fittiziópolit.",
    published=datetime(2019, 1, 19, 14, 5),
    pages=[
        [
            "A hegy szombat hajnalban tört ki, a hamufelhő négy kilométer magasra emelkedett.",
            "A légikikötő vasárnap délig zárva marad.\nA vonatok menetrend szerint járnak.",
            "„Az ősz végén már éreztük a remegést” – mondta egy idős lakó.",
        ]
    ],
    tags=["vulkán", "Olaszország"],
    charset="header",
)
BRIDGE = Story(
    path=f"{N}/20190118-harom-oldalas-hidavatas.html",
    title="Három oldalon át: így épült fel a kitalált Nordwijki híd",
    lead="Tizenkét év tervezés, négy év építkezés, egy ünnepélyes szalagátvágás.",
    published=datetime(2019, 1, 19, 9, 30),
    pages=[
        [
            "Az első pillért 2015 tavaszán öntötték ki a folyó közepén.",
            "A munkálatok télen is folytak.",
        ],
        [
            "A második évben árvíz öntötte el az építési területet.",
            "A károk helyreállítása hónapokig tartott.",
        ],
        [
            "Az átadáson ezrek ünnepeltek, a hídon tűzijáték is volt.",
            "Főleg gyalogosok és kerékpárosok használják.",
        ],
    ],
    authors=["Kertész Ödön"],
    tags=["híd"],
    charset="meta",
)
STRIKE = Story(
    path=f"{N}/20190119-sztrajk-nordhaven.html",
    title="Hetvenkét órás sztrájk bénítja a kitalált Nordhaveni kikötőt",
    lead="Leállt a rakodás.\n\nA szakszervezet béremelést követel.",
    published=datetime(2019, 1, 19, 7, 30),
    pages=[
        [
            "A dokkmunkások hétfőn hajnalban tették le a szerszámot.",
            "Negyven hajó vesztegel a redőn.",
            "A kikötői hatóság szerdára rendkívüli ülést hívott össze.",
        ]
    ],
    authors=["Vörös Őrs", "Pintér Ágnes"],
    tags=["sztrájk", "kikötő"],
    layout="2021",
    charset="utf-8",
)
FLOOD = Story(
    path=f"{N}/percrolpercre/20190119-arviz-ostravia-percrol-percre.html",
    title="Percről percre: árvíz a kitalált Ostravia tartományban",
    lead="Folyamatosan frissülő tudósításunk az ostraviai árvízről.",
    published=datetime(2019, 1, 19, 21, 0),
    pages=[["A folyó este kilépett a medréből."]],
    charset="utf-8",
    posts=[
        Post(
            "01:05",
            "Tetőzött a folyó",
            ["Hajnali egykor 812 centiméteren tetőzött a víz."],
            "2019-01-20T01:05:00+01:00",
        ),
        Post(
            "23:40",
            None,
            ["Háromszáz embert csónakkal vittek biztonságba."],
            "2019-01-19T23:40:00+01:00",
        ),
        Post(
            "21:05",
            "Riasztás",
            ["Vörös kód lépett életbe.", "Az iskolák zárva maradnak."],
            "2019-01-19T21:05:00+01:00",
        ),
    ],
)
RETRIED = Story(  # 500 first, then the page
    path=f"{N}/20190119-masodszorra-sikerul.html",
    title="Második nekifutásra nyílt meg a kitalált határátkelő",
    lead=None,
    published=datetime(2019, 1, 19, 11, 45),
    pages=[
        ["A határőrök délben emelték fel a sorompót.", "Az első autók tíz perc múlva értek át."]
    ],
)
MOVED = Story(  # reachable only through a 301 from MOVED_FROM
    path=f"{N}/20190119-uj-cimen-a-cikk.html",
    title="Új címen olvasható a kitalált tengerészeti jelentés",
    lead=None,
    published=datetime(2019, 1, 19, 16, 20),
    pages=[["A jelentés szerint a flotta fele elavult.", "A minisztérium cáfolta az adatokat."]],
)
LATE = Story(  # URL says the 17th, published (and archived) on the 19th
    path=f"{N}/20190117-korabban-irt-cikk.html",
    title="Két napig készült a kitalált parlamenti összefoglaló",
    lead=None,
    published=datetime(2019, 1, 19, 18, 0),
    pages=[["A törvényjavaslatot ötödször is módosították.", "A szavazás jövő héten lesz."]],
)
ARCHIVED = Story(  # only in the day archive of the 18th
    path=f"{N}/20190118-csak-az-archivumban.html",
    title="Csak az archívumban maradt meg a kitalált kiállítás híre",
    lead=None,
    published=datetime(2019, 1, 18, 10, 10),
    pages=[["A tárlat negyven festményt mutat be.", "A belépés díjtalan."]],
)
TOO_OLD = Story(  # archived on the 17th: outside the backfill of 18-19 January
    path=f"{N}/20190117-tul-regi.html",
    title="Egy túl régi kitalált hír",
    lead=None,
    published=datetime(2019, 1, 17, 8, 0),
    pages=[["Ezt a cikket egy 18-19-i visszatöltés nem kérheti le."]],
)

MISSING = f"{N}/20190119-nincs-ilyen-oldal.html"  # 404
CUT_IN_TRANSIT = f"{N}/20190119-megszakadt-atvitel.html"  # data loss on the wire
NO_END = f"{N}/20190119-vege-nincs.html"  # a complete answer without </body></html>
PDF = f"{N}/20190119-dokumentum.html"  # a PDF behind an article address
MOVED_FROM = f"{N}/20190119-regi-cimen-a-cikk.html"  # 301 to MOVED
FORBIDDEN = f"{N}/20190119-tiltott-oldal.html"  # Disallow in robots.txt
OTHER_SECTION = "/itthon/20190119-belfoldi-hir.html"
GALLERY = f"{N}/galeria/20190119-kepek-a-kitoresrol.html"
FEED_PATH = "/contentpartner/rss/origoall/origo.xml"
SECTION_PATH = f"{N}/index.html"
ARCHIVE_DAYS = {
    date(2019, 1, 19): [RETRIED, LATE, MOVED],
    date(2019, 1, 18): [ARCHIVED],
    date(2019, 1, 17): [TOO_OLD],
}
BACKFILL = (date(2019, 1, 18), date(2019, 1, 19))


class OrigoStandin:
    """origo.hu's Nagyvilág section in memory; see the module docstring."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        for story in (VOLCANO, BRIDGE, STRIKE, FLOOD, RETRIED, MOVED, LATE, ARCHIVED, TOO_OLD):
            self._serve(story)
        self.routes[RETRIED.path].statuses = [500, 200]
        self.routes[MOVED_FROM] = redirect(MOVED.url)
        self.routes[CUT_IN_TRANSIT] = Route(
            body=_article(VOLCANO, 0).encode("iso-8859-2", "xmlcharrefreplace"),
            content_type=HEADER_ISO,
            truncate_to=400,
            gzip=False,
        )
        whole = _article(RETRIED, 0)
        self.routes[NO_END] = Route(
            body=whole[: whole.index("</body>")].encode(), content_type=UTF8
        )
        self.routes[PDF] = Route(body=b"%PDF-1.4 not a page", content_type="application/pdf")
        for other in (OTHER_SECTION, GALLERY, FORBIDDEN):
            self.routes[other] = Route(body=_article(VOLCANO, 0).encode(), content_type=UTF8)
        self.routes["/robots.txt"] = Route(
            body=f"User-agent: *\nDisallow: {FORBIDDEN}\n".encode(),
            content_type="text/plain",
            gzip=False,
        )
        self.routes[FEED_PATH] = Route(body=_feed().encode(), content_type="application/rss+xml")
        self.routes[SECTION_PATH] = Route(
            body=_section().encode("iso-8859-2", "xmlcharrefreplace"), content_type=HEADER_ISO
        )
        for day, stories in ARCHIVE_DAYS.items():
            self.routes[f"/hir-archivum/{day:%Y}/{day:%Y%m%d}.html"] = Route(
                body=_archive(day, stories).encode("iso-8859-2", "xmlcharrefreplace"),
                content_type=HEADER_ISO,
            )

    def resolve(self, target: str) -> Route | None:
        return self.routes.get(target)

    def expected_records(self, *, backfill: bool = False) -> list[dict[str, Any]]:
        stories = [VOLCANO, BRIDGE, STRIKE, FLOOD, RETRIED, MOVED]
        if backfill:
            stories += [LATE, ARCHIVED]
        return [story.record() for story in stories]

    def _serve(self, story: Story) -> None:
        content_type, encode = _CHARSETS[story.charset]
        for number in range(len(story.pages)):
            target = story.path + (f"?pIdx={number}" if number else "")
            body = _liveblog(story) if story.posts else _article(story, number)
            self.routes[target] = Route(body=encode(body), content_type=content_type)


def _iso(text: str) -> bytes:
    # What ISO-8859-2 cannot hold („ ” –) goes out as character references, as origo does.
    return text.encode("iso-8859-2", "xmlcharrefreplace")


_CHARSETS: dict[str, tuple[str, Callable[[str], bytes]]] = {
    "header": (HEADER_ISO, _iso),
    "meta": (BARE_HTML, _iso),
    "utf-8": (UTF8, str.encode),
}

NEVER_FETCHED = [OTHER_SECTION, GALLERY, FORBIDDEN, "/hir-archivum/2019/20190117.html"]
NEVER_FETCHED_IN_BACKFILL = [OTHER_SECTION, GALLERY, FORBIDDEN, TOO_OLD.path]

# --- pages ----------------------------------------------------------------------------------


def _head(story: Story) -> str:
    meta = '<meta charset="iso-8859-2">' if story.charset == "meta" else ""
    meta = '<meta charset="utf-8">' if story.charset == "utf-8" else meta
    return (
        f"<!DOCTYPE html><html lang='hu'><head><title>{escape(story.title)} | Origo.hu</title>"
        f"<meta name='description' content='{escape(story.lead or story.title)}'>"
        f"<meta property='og:title' content='{escape(story.title)}'>"
        # A site-wide default a byline must win over.
        "<meta name='author' content='Origo'>"
        f"{meta}<meta name='publish-date' content='{story.published:%Y-%m-%d}'>"
        "</head><body class='origo desktop-page page-article'><div id='main'>"
        "<nav class='origo-menu'><ul>"
        f"<li><a class='o-nav-item' href='{ORIGIN}/itthon/index.html'>Itthon</a></li>"
        f"<li><a class='o-nav-item' href='{ORIGIN}/nagyvilag/index.html'>Nagyvilág</a></li>"
        "</ul></nav>"
    )


def _byline(story: Story) -> str:
    authors = "".join(f"<span class='article-author'>{escape(a)}</span>" for a in story.authors)
    when = story.published.strftime("%Y-%m-%dT%H:%M")
    shown = story.published.strftime("%Y.%m.%d. %H:%M")
    title = escape(story.title)
    if story.layout == "2021":
        return (
            f"<header class='article-head'><h1 class='article-title'>{title}</h1>"
            f"<div class='article-info'>{authors}"
            f"<div class='article-date' datetime='{when}'>{shown}</div></div></header>"
        )
    return (
        f"<header id='article-head'><h1>{title}</h1><div class='address top'>{authors}"
        f"<span id='article-date' pubdate='pubdate' datetime='{when}'>{shown}</span></div>"
        "<div class='article-share-mw'></div></header>"
    )


def _paragraphs(texts: list[str]) -> str:
    return "".join("<p>" + "<br>".join(map(escape, t.split("\n"))) + "</p>" for t in texts)


def _lead(story: Story, number: int) -> str:
    if story.lead is None or number:
        return ""  # later pages show no lead
    return f"<div class='article-lead'>{_paragraphs(story.lead.split(chr(10) * 2))}</div>"


def _pager(story: Story, number: int) -> str:
    if len(story.pages) < 2:
        return ""
    last = len(story.pages) - 1

    def link(css: str, to: int, label: str) -> str:
        href = story.path + (f"?pIdx={to}" if to else "")
        rel = " rel='next'" if css == "ap-next" else ""
        return f"<a class='{css} ap-active' href='{href}'{rel}>{label}</a>"

    back = link("ap-first", 0, "Első") + link("ap-previous", number - 1, "Előző") if number else ""
    ahead = link("ap-next", number + 1, "Következő") + link("ap-last", last, "Utolsó")
    return (
        f"<div class='article-pager'>{back or '<span class=ap-first></span>'}"
        f"<span class='ap-nums'><span class='ap-posnum'>{number + 1}</span>/"
        f"<span class='ap-maxnum'>{last + 1}</span></span>"
        f"{ahead if number < last else '<span class=ap-next></span>'}</div>"
    )


def _boilerplate() -> str:
    return (
        "<figure class='oa-image middle zoom'><div class='img-holder'><img src='/k.jpg' alt=''>"
        "</div><figcaption class='caption'><span class='desc'>Képaláírás a fotóhoz</span>"
        "<span class='source'>Fotó: Képszolgálat</span></figcaption></figure>"
        "<div class='oa-box oab-related oab-leniaLeft'><div class='oab-title'>Kapcsolódó cikkek"
        f"</div><ul><li><a class='oabr-title' href='{ORIGIN}/nagyvilag/20190101-x.html'>"
        "Egy régebbi ajánlott cikk</a></li></ul></div>"
        "<div class='goaWrap'><div class='z-holder goAdverticum'>Hirdetés</div></div>"
        "<p style='display:none'>Rejtett szöveg</p>"
    )


def _tags(story: Story) -> str:
    links = "".join(f"<a href='{ORIGIN}/cimke/x/index.html'>{escape(t)}</a>" for t in story.tags)
    category = f"<a class='category-meta' href='{ORIGIN}/nagyvilag/index.html'>Nagyvilág</a>"
    return f"<div class='article-meta'>{category}{links}</div>"


def _foot() -> str:
    return (
        "<div class='email-under-article'>Iratkozzon fel hírlevelünkre!</div>"
        "<footer><div class='nwmfooter'>az origo kiadója a new wave media group kft.</div>"
        "</footer></div></body></html>"
    )


def _article(story: Story, number: int) -> str:
    texts = story.pages[number]
    body = _paragraphs(texts[:1]) + _boilerplate() + _paragraphs(texts[1:])
    if story.layout == "2021":
        main = (
            f"<div class='row'><div class='col-xl-8'>{_lead(story, number)}"
            f"<div class='article-content'>{body}</div>{_tags(story)}</div></div>"
        )
    else:
        main = (
            f"<div id='article-center'><article id='article-text'>{_lead(story, number)}"
            f"<div class='article-content'>{body}</div>{_pager(story, number)}"
            f"<div class='article-footer'></div>{_tags(story)}</article></div>"
        )
    return _head(story) + _byline(story) + main + _foot()


def _liveblog(story: Story) -> str:
    posts = "".join(
        "<div class='nwm-pp-holder'><div class='nwm-pp-header'>"
        f"<div class='nwm-pp-publish'>{post.clock}</div></div><div class='nwm-pp-body'>"
        + (f"<div class='nwm-pp-title'>{escape(post.title)}</div>" if post.title else "")
        + f"<div class='nwm-pp-content'>{_paragraphs(post.paragraphs)}</div></div></div>"
        for post in story.posts
    )
    main = (
        f"<div id='article-center'><article id='article-text'>"
        f"<div class='article-lead al-pp'>{_paragraphs([story.lead or ''])}</div>"
        f"<div class='article-content ac-pp'>{_paragraphs(story.pages[0])}"
        f"<div class='article-pp-list'>{posts}</div></div>{_tags(story)}</article></div>"
    )
    return _head(story) + _byline(story) + main + _foot()


def _section() -> str:
    items = [
        (VOLCANO.url, VOLCANO.title),
        (BRIDGE.path + "#kommentek", BRIDGE.title),
        (FLOOD.url, FLOOD.title),
        (RETRIED.url, RETRIED.title),
        (ORIGIN + MISSING, "Eltűnt cikk"),
        (ORIGIN + CUT_IN_TRANSIT, "Megszakadt átvitel"),
        (ORIGIN + NO_END, "Vége nincs"),
        (ORIGIN + PDF, "Dokumentum"),
        (ORIGIN + MOVED_FROM, "Régi címen"),
        (ORIGIN + FORBIDDEN, "Tiltott oldal"),
        (ORIGIN + OTHER_SECTION, "Belföldi hír"),
        (ORIGIN + GALLERY, "Képek a kitörésről"),
    ]
    news = "".join(
        f"<div class='news-item'><a class='news-title' href='{escape(href)}'>{escape(title)}</a>"
        "<p class='news-lead'>Rövid ajánló szöveg.</p></div>"
        for href, title in items
    )
    return (
        "<!DOCTYPE html><html lang='hu'><head><title>Nagyvilág | Origo.hu</title></head>"
        f"<body class='origo'><nav><a href='{ORIGIN}/itthon/index.html'>Itthon</a></nav>"
        f"<div class='o-section-main'>{news}</div></body></html>"
    )


def _feed() -> str:
    links = [
        VOLCANO.url,
        BRIDGE.url + "?utm_source=origo&utm_medium=rss",
        STRIKE.url + "?utm_source=origo&utm_medium=rss",
        ORIGIN + OTHER_SECTION,
        ORIGIN + GALLERY,
    ]
    items = "".join(f"<item><title>x</title><link>{escape(link)}</link></item>" for link in links)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Origo</title><link>{ORIGIN}</link>{items}</channel></rss>"
    )


def _archive(day: date, stories: list[Story]) -> str:
    def entry(href: str, title: str) -> str:
        return (
            f"<div class='archive-cikk'><span>szombat 10:00</span>"
            f"<h3><a href='{escape(href)}' title='{escape(title)}'>{escape(title)}</a></h3></div>"
        )

    ours = "".join(entry(s.url, s.title) for s in stories)
    theirs = entry(ORIGIN + OTHER_SECTION, "Belföldi hír")
    return (
        "<!DOCTYPE html><html lang='hu'><head><title>ORIGO hírarchívum | Origo.hu</title>"
        "<meta charset='iso-8859-2'></head><body class='origo desktop-page page-archive'>"
        f"<div id='calendar'><a href='../{day:%Y}/{day:%Y%m%d}.html' class='cal-prev'></a>"
        f"<span>{day:%Y. %m. %d.}</span></div><div id='archive-articles'>"
        f"<div class='seed-title'><a id='Itthon'>Itthon</a></div>{theirs}"
        f"<div class='seed-title'><a id='Nagyvilág'>Nagyvilág</a></div>{ours}"
        "</div></body></html>"
    )
