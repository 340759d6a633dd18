"""A small in-memory telex.hu: its Külföld section for the end-to-end crawl tests.

Pages follow the real markup (Nuxt 2, 2022: ``div.title-section__top h1``,
``p.article__lead``, ``a.author__name``, ``div.article-html-content``, the
``window.__NUXT__`` state as a parameterised function expression); every text is
invented. :func:`telex_site` builds the section of May 2024 (Budapest time, +02:00):

- the section listing ``/rovat/kulfold?oldal=1…5`` (four items a page, newest first, a
  numbered pager; the bare ``/rovat/kulfold`` is page 1), the section feed
  ``/rss/kulfold`` and the whole-site feed ``/rss`` (``utm_`` links);
- plain articles (one by two authors, one with a ``<br>`` line break), a two-page live
  blog whose posts exist only in the state (page 2 at ``?oldal=2``, linked on the listing
  by its ``/elo`` address), a live blog whose posts are also in the HTML but whose state
  is broken (read from the visible posts);
- hostile cases: a 404 link, an article that answers 500 once, a page served without
  its end, one cut off in transit, a PDF under an article URL, a 301 to an article, a
  robots.txt-disallowed article, links to another section (listing and whole-site feed);
- older listing pages with April articles for a backfill (``-a since=2024-04-20``).

``TelexStandin.resolve`` serves it to :class:`tests.standin.server.StandinServer`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from tests.standin.pages import RSS, TEXT, robots_txt
from tests.standin.site import Route, redirect

ORIGIN = "https://telex.hu"
BUDAPEST = ZoneInfo("Europe/Budapest")
PDF = "application/pdf"
PAGE_SIZE = 4

# Texts on every article page that are never body text.
BOILERPLATE = (
    "Másolás",
    "Vágólapra másolva",
    "Kedvenceink",
    "Legfrissebb",
    "Támogatás",
    "Telex shop",
    "Hirdetés",
    "Fotó: Kitalált Fotós / Telex",
    "Egy beágyazott bejegyzés szövege",
    "© 2024 Telex",
)


@dataclass
class Post:
    id: int
    title: str
    author: str
    published: str  # ISO, Budapest
    paragraphs: list[str]


@dataclass
class Article:
    path: str
    title: str
    lead: str
    authors: list[str]
    published: str  # ISO, Budapest
    paragraphs: list[str]  # "\n" inside a paragraph is a <br>
    id: int = 1
    pages: list[list[Post]] = field(default_factory=list)  # a live blog's posts, by page
    live: bool = False
    posts_in_html: bool = False  # the posts rendered in the HTML, the state broken

    @property
    def url(self) -> str:
        return ORIGIN + self.path

    @property
    def slug(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def section(self) -> str:
        return self.path.split("/")[1]

    @property
    def day(self) -> str:
        return self.published[:10]

    def posts(self) -> list[Post]:
        return [post for page in self.pages for post in page]

    def expected(self) -> dict[str, Any]:
        """The record a crawl must produce (the fields the site states)."""
        text = list(self.paragraphs)
        for post in self.posts():
            text += [post.title, "\n\n".join(post.paragraphs)]
        return {
            "url": self.url,
            "kind": "liveblog" if self.live else "article",
            "title": self.title,
            "lead": self.lead,
            "authors": list(self.authors),
            "published": self.published,
            "text": "\n\n".join(text),
            "posts": [
                {
                    # Visible posts print only a clock time, placed on the blog's day.
                    "published": p.published,
                    "authors": [p.author],
                    "title": p.title,
                    "text": "\n\n".join(p.paragraphs),
                }
                for p in self.posts()
            ],
        }


# --- markup -------------------------------------------------------------------------------


def _utc(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _stamp(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp())


_MONTHS = (
    "január", "február", "március", "április", "május", "június",
    "július", "augusztus", "szeptember", "október", "november", "december",
)  # fmt: skip


def _printed(iso: str) -> str:
    when = datetime.fromisoformat(iso).astimezone(BUDAPEST)
    return f"{when.year}. {_MONTHS[when.month - 1]} {when.day}. – {when:%H:%M}"


def _paragraph_html(text: str) -> str:
    return "<p>" + "<br>".join(escape(line) for line in text.split("\n")) + "</p>"


def _content_html(paragraphs: list[str]) -> str:
    """A body as the CMS stores it: paragraphs, a picture with its caption after the
    first, an ad placeholder and an embed (with fallback text) after the second."""
    parts = []
    for number, text in enumerate(paragraphs):
        parts.append(_paragraph_html(text))
        if number == 0:
            parts.append(
                '<figure class="image"><img src="https://assets.telex.hu/kep.jpg" alt="">'
                "<figcaption>Fotó: Kitalált Fotós / Telex</figcaption></figure>"
            )
        if number == 1:
            parts.append(
                '<placeholder-view ad="" class="placeholder ad">Hirdetés</placeholder-view>'
            )
            parts.append(
                '<figure class="media"><div data-oembed-url="https://x.com/p/1">'
                '<blockquote class="twitter-tweet">Egy beágyazott bejegyzés szövege'
                "</blockquote></div></figure>"
            )
    return "".join(parts)


def _byline(authors: list[str]) -> str:
    people = "".join(
        f'<div class="author"><div><a href="/szerzo/{i}" class="author__name">'
        f'<img src="https://assets.telex.hu/a{i}.jpg" alt="{escape(name)}" class="avatar"></a>'
        f'</div> <div class="author__info"><a href="/szerzo/{i}" class="author__name">\n'
        f"            {escape(name)}\n          </a></div></div>"
        for i, name in enumerate(authors)
    )
    return (
        f'<div class="top-section"><div class="journalist">{people}</div>'
        '<div class="top-shr"><div class="tooltip spacing-top"><div class="options">'
        '<p><span>Másolás</span></p><span class="tooltiptext">Vágólapra másolva</span>'
        "</div></div></div></div>"
    )


def _visible_posts(posts: list[Post]) -> str:
    return "".join(
        f'<div class="sub-article"><div id="post-{p.id}" class="item">'
        f'<div class="article_date"><span>{_printed(p.published)[-5:]}</span></div>'
        f'<div class="article_author"><em>{escape(p.author)}</em></div>'
        f'<h2 class="title">{escape(p.title)}</h2>'
        f'<div class="article-html-content">{_content_html(p.paragraphs)}</div></div></div>'
        for p in posts
    )


def _pager(base: str, page: int, last: int) -> str:
    if last <= 1:
        return ""
    links = "".join(
        f'<a href="{base}?oldal={n}" class="page{" current-page" if n == page else ""}">{n}</a>'
        for n in range(1, last + 1)
    )
    forward = (
        f'<a href="{base}?oldal={page + 1}" class="page page__icon">►</a>' if page < last else ""
    )
    back = f'<a href="{base}?oldal={page - 1}" class="page page__icon">◄</a>' if page > 1 else ""
    return f'<div class="pagination">{back}{links}{forward}</div>'


def nuxt_script(value: Any, assigned: dict[str, Any]) -> str:
    """``window.__NUXT__`` as Nuxt 2 writes it: ``(function(a,b,…){a.k=v;…;return {…}}(…))``.

    Strings used twice or more become parameters; each ``assigned`` name is an object
    argument (``{}``) whose keys are set by statements, and stands for it in ``value``."""
    counts: Counter[str] = Counter()

    def count(item: Any) -> None:
        if isinstance(item, str):
            counts[item] += 1
        elif isinstance(item, dict):
            for v in item.values():
                count(v)
        elif isinstance(item, list):
            for v in item:
                count(v)

    count(value)
    for obj in assigned.values():
        count(obj)
    repeated = [s for s, n in counts.most_common() if n > 1]
    names = iter(f"p{i}" for i in range(10_000))
    params = {s: next(names) for s in repeated}

    def js(item: Any) -> str:
        if isinstance(item, _Name):
            return item.name
        if isinstance(item, str):
            return params.get(item) or _js_string(item)
        if item is None:
            return "null"
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, (int, float)):
            return json.dumps(item)
        if isinstance(item, list):
            return "[" + ",".join(js(v) for v in item) + "]"
        return "{" + ",".join(f"{k}:{js(v)}" for k, v in item.items()) + "}"

    statements = "".join(
        f"{name}.{key}={js(v)};" for name, obj in assigned.items() for key, v in obj.items()
    )
    args = [*(_js_string(s) for s in params), *("{}" for _ in assigned)]
    head = ",".join([*params.values(), *assigned])
    return (
        f"<script>window.__NUXT__=(function({head}){{{statements}return {js(value)}}}"
        f"({','.join(args)}));</script>"
    )


def _js_string(text: str) -> str:
    """A string literal as Nuxt writes it: ``<`` and ``/`` escaped, non-ASCII as ``\\u``."""
    return json.dumps(text).replace("<", "\\u003C").replace("/", "\\u002F")


@dataclass(frozen=True)
class _Name:
    name: str


def _state(article: Article, page: int) -> str:
    authors = [{"id": i, "name": name} for i, name in enumerate(article.authors)]
    doc: dict[str, Any] = {
        "id": article.id,
        "type": "liveblog" if article.live else "article",
        "title": article.title,
        "slug": article.slug,
        "pubDate": _stamp(article.published),
        "articleAuthors": authors,
        "lead": article.lead,
        "content": "".join(_paragraph_html(p) for p in article.paragraphs),
        "tags": [{"id": 1, "name": "kitalált címke", "slug": "kitalalt-cimke"}],
    }
    if not article.live:
        return nuxt_script({"layout": "default", "data": [{"article": doc}]}, {})
    posts = article.pages[page - 1] if article.pages else []
    contents: dict[tuple[str, ...], str] = {}  # posts sharing a text share one string
    for p in posts:
        if tuple(p.paragraphs) not in contents:
            contents[tuple(p.paragraphs)] = _content_html(p.paragraphs)
    sub = {
        "totalItems": len(article.posts()),
        "totalPages": max(len(article.pages), 1),
        "perPage": 30,
        "page": page,
        "pinnedItems": [],
        "items": [
            {
                "type": "article",
                "document": {
                    "id": p.id,
                    "type": "liveblogpost",
                    "title": p.title,
                    "pubDate": _stamp(p.published),
                    "slug": f"bejegyzes-{p.id}",
                    "articleAuthors": [{"id": 9, "name": p.author}],
                    "lead": None,
                    "content": contents[tuple(p.paragraphs)],
                    "parent": {"id": article.id, "slug": article.slug},
                },
            }
            for p in posts
        ],
    }
    doc["subArticles"] = _Name("s")
    state = {"layout": "default", "data": [{"article": _Name("a"), "subArticles": _Name("s")}]}
    return nuxt_script(state, {"a": doc, "s": sub})


def article_page(article: Article, page: int = 1, *, latest: list[Article] = ()) -> str:
    live = " liveblog" if article.live else ""
    posts = article.pages[page - 1] if article.pages else []
    state = _state(article, page)
    if article.posts_in_html:
        state = state.replace("return {", "return {{", 1)  # a state that cannot be read
    sidebar = "".join(
        f'<a href="{a.path}" class="list-item__title">{escape(a.title)}</a>' for a in latest
    )
    return f"""<!doctype html>
<html lang="hu"><head><title>Telex: {escape(article.title)}</title>
<meta property="og:site_name" content="telex">
<meta name="description" content="{escape(article.lead)}">
<meta property="og:title" content="{escape(article.title)}">
<meta property="og:image" content="https://assets.telex.hu/og{article.id}.jpg">
<meta name="article:published_time" content="{_utc(article.published)}">
<script type="application/ld+json">{
        json.dumps(
            {
                "@context": "http://schema.org",
                "@type": "NewsArticle",
                "headline": article.title,
                "datePublished": _utc(article.published),
                "author": [{"@type": "Person", "name": n} for n in article.authors],
            },
            ensure_ascii=False,
        )
    }</script>
<link rel="canonical" href="{article.url}"></head>
<body><div id="__nuxt"><div class="navigation"><a href="/rovat/belfold">belföld</a>
<a href="/rovat/kulfold">külföld</a><a href="https://tamogatas.telex.hu/">Támogatás</a></div>
<main class="main-top"><div lang="hu" class="single_article{live}"><div class="container">
<div class="main_container_ single-article {article.section}{live}"><div id="cikk-content">
<div class="title-section"><div class="title-section__top"><h1>
      {escape(article.title)}
    </h1></div><div class="content-wrapper"><div class="title-section__tags">
<a href="/rovat/{article.section}" class="tag tag--basic">Külföld</a></div>
<div class="history content-wrapper__child"><p class="history--original"><span>
  {_printed(article.published)}
</span></p></div></div></div>
<div class="article_body_"><div class="article_container_ article-box-margin">
<div class="cover-box"></div>{_byline(article.authors)}
<p class="article-html-content article__lead"><b>
    {escape(article.lead)}
  </b></p><div id="remp-campaign"></div>
<div class="article-html-content"><div>{_content_html(article.paragraphs)}</div></div>
<div id="liveblog-items-container">{_visible_posts(posts) if article.posts_in_html else ""}</div>
{_pager(article.path, page, len(article.pages)) if article.posts_in_html else ""}
<div class="recommendation favorite"><a href="/kedvenceink" class="recommendation__head">
    Kedvenceink</a><div class="recommendation__grid">{sidebar}</div></div></div>
<div class="sidebar_container_"><div class="recommendation"><a href="/legfrissebb"
 class="recommendation__head">Legfrissebb</a>{sidebar}</div><div class="telex-links">
<a href="https://shop.telex.hu/">Telex shop</a></div></div></div></div></div></div></div></main>
<footer class="footer"><ul class="footer__links"><li class="copyright">© 2024 Telex</li>
<li><a href="/rss">RSS</a></li></ul></footer></div>{state}
</body>
</html>
"""


@dataclass(frozen=True)
class Entry:
    """One item of a listing or feed: the link as written there."""

    href: str
    title: str
    published: str
    section: str = "kulfold"


def listing_page(entries: list[Entry], page: int, last: int) -> str:
    items = "".join(
        f'<div lang="hu" class="listing_child {e.section} article"><div class="list-item">'
        f'<div class="list-item__info"><a href="{escape(e.href)}" class="list-item__title">'
        f'<span class="hasHighlight">{escape(e.title)}</span></a><div class="article_date">'
        f"<span>{_printed(e.published)}</span></div></div></div></div>"
        for e in entries
    )
    return f"""<!doctype html>
<html lang="hu"><head><title>Telex: Külföld</title></head>
<body><div id="__nuxt"><div class="navigation"><a href="/rovat/belfold">belföld</a>
<a href="/rovat/kulfold" class="nuxt-link-active">külföld</a></div>
<main class="main-top"><div class="grid-container listing"><div class="list-header">
<h1>Külföld</h1><a href="/rss/archivum?oldal={page}" class="rss_button">RSS</a></div>
<div class="grid-altalanos-news article-groups">{items}</div>
{_pager("/rovat/kulfold", page, last)}</div></main>
<footer class="footer"><a href="/dokumentum/impresszum">Impresszum</a></footer></div>
</body>
</html>
"""


def rss_feed(entries: list[Entry]) -> str:
    items = "".join(
        f"<item><title>{escape(e.title)}</title><link>{escape(e.href)}</link>"
        f"<pubDate>{datetime.fromisoformat(e.published):%a, %d %b %Y %H:%M:%S %z}</pubDate>"
        "</item>"
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Telex</title><link>{ORIGIN}</link>{items}</channel></rss>"
    )


# --- the site -----------------------------------------------------------------------------


K = "/kulfold/2024/05"
PLAIN = Article(
    f"{K}/06/valasztas-a-szomszedban",
    "Választás a szomszédban: mindkét tábor győzelmet hirdetett",
    "Éjfélig számolták a szavazatokat, reggelre két győztes lett.",
    ["Kovács Kitalált"],
    "2024-05-06T09:15:00+02:00",
    [
        "A szavazóhelyiségek este hétkor zártak be, az első részeredmények tíz után érkeztek.",
        "A választási bizottság közleménye szerint:\nA részvétel 61 százalékos volt.",
        "Az ellenzék szerint a vidéki körzetek eredményei még megfordíthatják az állást.",
    ],
    id=101,
)
TWO_AUTHORS = Article(
    f"{K}/06/kikotoi-sztrajk-harmadik-nap",
    "Harmadik napja áll a munka a kikötőben",
    "A rakodómunkások béremelést követelnek, a hajók a nyílt tengeren várakoznak.",
    ["Nagy Képzelt", "Szabó Nemlétező"],
    "2024-05-06T07:40:00+02:00",
    [
        "A szakszervezet hétfő reggel újabb négy napra hosszabbította meg a sztrájkot.",
        "A kikötő igazgatója szerint naponta több ezer konténer rakodása marad el.",
        "A kormány közvetítőt küldött a tárgyalásokra, amelyek kedden folytatódnak.",
    ],
    id=102,
)
LIVE = Article(
    f"{K}/05/csucstalalkozo-percrol-percre",
    "Csúcstalálkozó: percről percre",
    "A kontinens vezetői két napig tárgyalnak a közös költségvetésről.",
    ["Tóth Fiktív"],
    "2024-05-05T08:00:00+02:00",
    ["Folyamatosan frissülő tudósításunk a csúcstalálkozóról.", "A tárgyalás napirendje:"],
    id=103,
    live=True,
    pages=[
        [
            Post(
                1003,
                "Megállapodás született",
                "Tóth Fiktív",
                "2024-05-05T18:20:05+02:00",
                ["Késő délután bejelentették a megállapodást.", "A részletek holnap jönnek."],
            ),
            Post(
                1002,
                "Szünetet rendeltek el",
                "Kiss Álnév",
                "2024-05-05T12:05:30+02:00",
                ["Ebédszünet után folytatják.", "A delegációk külön egyeztetnek."],
            ),
        ],
        [
            Post(
                1001,
                "Megkezdődött a találkozó",
                "Tóth Fiktív",
                "2024-05-05T08:10:00+02:00",
                ["A vezetők megérkeztek a helyszínre.", "Az ülés nyolc után kezdődött."],
            )
        ],
    ],
)
LIVE_HTML = Article(
    f"{K}/05/arviz-a-folyo-menten",
    "Árvíz a folyó mentén",
    "Több falut kitelepítettek, a gátakon éjjel-nappal dolgoznak.",
    ["Kiss Álnév"],
    "2024-05-05T06:30:00+02:00",
    ["Percről percre követjük az árhullám levonulását."],
    id=104,
    live=True,
    posts_in_html=True,
    pages=[
        [
            Post(
                2002,
                "Tetőzött a folyó",
                "Kiss Álnév",
                "2024-05-05T10:00:00+02:00",
                ["A vízszint hajnalban tetőzött.", "A védekezés tovább tart."],
            ),
            Post(
                2001,
                "Kitelepítés",
                "Kiss Álnév",
                "2024-05-05T07:00:00+02:00",
                ["Két falu lakóit vitték biztonságba.", "Az iskolák zárva maradnak."],
            ),
        ]
    ],
)
RETRIED = Article(
    f"{K}/04/ujraprobalt-cikk",
    "Lemondott a miniszterelnök",
    "A kormányfő váratlanul jelentette be távozását.",
    ["Kovács Kitalált"],
    "2024-05-04T16:00:00+02:00",
    ["A bejelentés egy rövid sajtótájékoztatón hangzott el.", "Utódjáról még nem döntöttek."],
    id=105,
)
REDIRECT_TARGET = Article(
    f"{K}/04/uj-cim-a-hajobalesetrol",
    "Hajóbaleset a szorosban",
    "Két teherhajó ütközött, sérült nincs.",
    ["Szabó Nemlétező"],
    "2024-05-04T11:00:00+02:00",
    ["Az ütközés hajnalban történt, sűrű ködben.", "A forgalmat órákra leállították."],
    id=106,
)
APRIL = [
    Article(
        f"/kulfold/2024/04/{day:02d}/aprilisi-hir-{day}",
        f"Áprilisi hír {day}.",
        f"Rövid összefoglaló az április {day}-i eseményekről.",
        ["Archív Szerző"],
        f"2024-04-{day:02d}T10:00:00+02:00",
        [f"Az április {day}-i nap eseményei.", "Második bekezdés a napról."],
        id=200 + day,
    )
    for day in (28, 25, 22, 21, 19, 15, 12, 10, 5, 3, 2, 1)
]

REDIRECT_FROM = f"{K}/04/regi-cim-a-hajobalesetrol"
MISSING = f"{K}/03/nem-talalhato-cikk"
NO_END = f"{K}/03/vege-nelkuli-oldal"
CUT = f"{K}/03/atvitelben-megszakadt-oldal"
PDF_PATH = f"{K}/03/pdf-a-cikk-helyen"
DISALLOWED = f"{K}/03/tiltott-cikk"
OTHER_SECTION = "/belfold/2024/05/06/belfoldi-hir"
OTHER_SECTION_FEED = "/belfold/2024/05/06/masik-belfoldi-hir"
TRAPS = (MISSING, NO_END, CUT, PDF_PATH, DISALLOWED, OTHER_SECTION, OTHER_SECTION_FEED)


class TelexStandin:
    """Routes by path-with-query; see the module docstring."""

    def __init__(self) -> None:
        self.articles = [PLAIN, TWO_AUTHORS, LIVE, LIVE_HTML, RETRIED, REDIRECT_TARGET, *APRIL]
        self.routes: dict[str, Route] = {}
        newest = [PLAIN, TWO_AUTHORS]
        for article in self.articles:
            self.routes[article.path] = Route(body=article_page(article, latest=newest).encode())
            for number in range(2, len(article.pages) + 1):
                self.routes[f"{article.path}?oldal={number}"] = Route(
                    body=article_page(article, number, latest=newest).encode()
                )
        self.routes[RETRIED.path].statuses = [500, 200]
        self.routes[REDIRECT_FROM] = redirect(REDIRECT_TARGET.path)
        whole = article_page(PLAIN).encode()
        self.routes[NO_END] = Route(body=whole[: whole.index(b"</body>")])
        self.routes[CUT] = Route(body=whole, truncate_to=len(whole) // 2, gzip=False)
        self.routes[PDF_PATH] = Route(body=b"%PDF-1.4 nem HTML", content_type=PDF)
        self.routes[DISALLOWED] = Route(body=whole)
        self.routes["/robots.txt"] = Route(
            body=robots_txt([DISALLOWED]).encode(), content_type=TEXT, gzip=False
        )
        self.pages = self._listing_pages()
        self.listing = [entry for page in self.pages for entry in page]
        for number, entries in enumerate(self.pages, 1):
            body = listing_page(entries, number, len(self.pages)).encode()
            self.routes[f"/rovat/kulfold?oldal={number}"] = Route(body=body)
        self.routes["/rovat/kulfold"] = self.routes["/rovat/kulfold?oldal=1"]
        self.section_feed = section_feed = [
            Entry(ORIGIN + PLAIN.path + "?utm_source=rss", PLAIN.title, PLAIN.published),
            Entry(ORIGIN + RETRIED.path, RETRIED.title, RETRIED.published),
            Entry(ORIGIN + REDIRECT_FROM, REDIRECT_TARGET.title, REDIRECT_TARGET.published),
            Entry(ORIGIN + PDF_PATH, "PDF", "2024-05-03T09:00:00+02:00"),
            Entry(ORIGIN + CUT, "Megszakadt", "2024-05-03T08:00:00+02:00"),
        ]
        site_feed = [
            Entry(
                ORIGIN + TWO_AUTHORS.path + "?utm_medium=rss",
                TWO_AUTHORS.title,
                TWO_AUTHORS.published,
            ),
            Entry(
                ORIGIN + OTHER_SECTION_FEED, "Belföldi hír", "2024-05-06T08:00:00+02:00", "belfold"
            ),
            Entry(ORIGIN + LIVE.path + "/elo", LIVE.title, LIVE.published),
        ]
        self.routes["/rss/kulfold"] = Route(body=rss_feed(section_feed).encode(), content_type=RSS)
        self.routes["/rss"] = Route(body=rss_feed(site_feed).encode(), content_type=RSS)

    def add_to_feed(self, article: Article, body: bytes | None = None) -> None:
        """Serve ``article`` (or ``body`` at its path) and list it in the section feed."""
        self.routes[article.path] = Route(body=body or article_page(article).encode())
        self.section_feed.append(Entry(article.url, article.title, article.published))
        self.routes["/rss/kulfold"] = Route(
            body=rss_feed(self.section_feed).encode(), content_type=RSS
        )

    def _listing_pages(self) -> list[list[Entry]]:
        """The section listing, newest first: page 1 holds this week's news and traps,
        later pages April's articles, four a page (found only by a backfill's walk)."""
        first = [
            Entry(PLAIN.path, PLAIN.title, PLAIN.published),
            Entry(OTHER_SECTION, "Belföldi hír", "2024-05-06T08:30:00+02:00", "belfold"),
            Entry(LIVE.path + "/elo", LIVE.title, LIVE.published),
            Entry(LIVE_HTML.path + "?oldal=1", LIVE_HTML.title, LIVE_HTML.published),
        ]
        traps = [
            Entry(MISSING, "Nincs meg", "2024-05-03T12:00:00+02:00"),
            Entry(NO_END, "Vége nélkül", "2024-05-03T11:00:00+02:00"),
            Entry(DISALLOWED, "Tiltott", "2024-05-03T10:00:00+02:00"),
            Entry(RETRIED.path, RETRIED.title, RETRIED.published),
        ]
        april = [Entry(a.path, a.title, a.published) for a in APRIL]
        return [first + traps] + [april[i : i + PAGE_SIZE] for i in range(0, len(april), PAGE_SIZE)]

    # --- what the server asks ---------------------------------------------------------

    def resolve(self, target: str) -> Route | None:
        if (route := self.routes.get(target)) is not None:
            return route
        path, _, query = target.partition("?")
        kept = {k: v for k, v in parse_qs(query).items() if not k.startswith("utm_")}
        if not kept:
            return self.routes.get(path)
        return None

    # --- what a crawl must produce -----------------------------------------------------

    def expected_records(self, *, since: str | None = None, until: str | None = None) -> list:
        """Records of a regular run (feeds and listing page 1); with ``since``/``until``
        also the listed articles of those days."""
        regular = [PLAIN, TWO_AUTHORS, LIVE, LIVE_HTML, RETRIED, REDIRECT_TARGET]
        found = list(regular)
        if since and until:
            listed = {urlsplit(e.href).path.split("?")[0] for e in self.listing}
            found += [a for a in APRIL if a.path in listed and since <= a.day <= until]
        return [a.expected() for a in found]

    def listing_page_path(self, number: int) -> str:
        return f"/rovat/kulfold?oldal={number}"


def telex_site() -> TelexStandin:
    return TelexStandin()


# --- hostile pages ------------------------------------------------------------------------

_FILLER = (
    "A tárgyalóasztalnál ülő küldöttségek késő estig egyeztettek a részletekről, "
    "a szóvivő szerint azonban még sok a nyitott kérdés. "
)


def shared_string_liveblog(
    size: int, *, posts: int = 500, path: str = f"{K}/07/egy-szoveg-otszaz-bejegyzesben"
) -> tuple[Article, bytes]:
    """A live blog of ``posts`` posts that all carry one content string, and its page of
    about ``size`` bytes.

    Nuxt writes a string used more than once as a parameter of the state's function
    (``window.__NUXT__=(function(a,…){…content:a…}("<p>…</p>",…))``), so the page holds it
    once while every post refers to it: a reader that renders each post's content renders
    that string ``posts`` times (a 1 MB page, a gigabyte of text). Modelled on the real
    telex markup (see :func:`article_page`); every text is invented.
    """

    def build(sentences: int) -> tuple[Article, bytes]:
        paragraphs = [_FILLER * 10] * max(1, sentences // 10)
        blog = Article(
            path,
            "Egy szöveg, ötszáz bejegyzés",
            "Minden bejegyzés ugyanarra a hosszú szövegre hivatkozik.",
            ["Tóth Fiktív"],
            "2024-05-07T08:00:00+02:00",
            ["A tudósítás nyitó bekezdése."],
            id=300,
            live=True,
            pages=[
                [
                    Post(
                        5000 + n,
                        f"Bejegyzés {n}",
                        "Tóth Fiktív",
                        f"2024-05-07T{8 + n // 60 % 14:02d}:{n % 60:02d}:00+02:00",
                        paragraphs,
                    )
                    for n in range(posts)
                ]
            ],
        )
        return blog, article_page(blog).encode()

    sentences = 10
    blog, page = build(sentences)
    while len(page) < size:  # the shared string grows the page linearly
        grown = max(sentences + 10, int(sentences * size / len(page)))
        if grown == sentences:
            break
        sentences = grown
        blog, page = build(sentences)
    return blog, page
