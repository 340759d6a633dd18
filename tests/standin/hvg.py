"""A small in-memory hvg.hu Világ section, and what a crawl of it must produce.

    site = HvgStandin()
    with StandinServer(site) as server:
        run = crawl({"hvg.hu": server.base_url}, out, spider="hvg_abroad")
    site.expected_records()          # or expected_records(backfill=(since, until))

Pages follow the 2021 hvg.hu markup (``div.article-content`` header, ``div.author-name``
byline, ``div.article-main`` with ``div.article-lead`` and ``div.entry-content``; live
reports as ``section.article-pp`` posts in ``section#livereportcontainer-…``, pager links
carrying ``?isPrintView=False&liveReportItemId=0&isPreview=False&ver=1&order=desc``;
listings ``/vilag/N`` with ``article.articlelist-element`` and a ``div.G-pagination``).
Every text is invented. Served: robots.txt, the section feed ``/rss/vilag`` and the
site-wide ``/egyeb/rss``, the section page ``/vilag`` and its listing pages ``/vilag/1``…
(the archive), plain articles, a two-page live report, and hostile answers: a 404, a 500
that recovers on retry, a page served without its end, a transfer cut in transit, a PDF,
a redirect to an article, another section's article and a robots.txt-disallowed one
(neither may be fetched).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape

from tests.standin.pages import RSS, TEXT, robots_txt
from tests.standin.site import Route, redirect

ORIGIN = "https://hvg.hu"
SECTION = "vilag"
PDF = "application/pdf"
VIEW = "?isPrintView=False&liveReportItemId=0&isPreview=False&ver=1&order=desc"

# Texts on article pages that are never part of a record's text.
BOILERPLATE = (
    "Most érkezett",
    "Tovább olvasom a percről percrét",
    "Sorrend megfordítása",
    "Hirdetés",
    "Tetszett a cikk?",
    "Pártoló tag leszek",
    "Képaláírás a tárgyalóteremről",
    "Kövesse a hvg.hu-t a Facebookon",
    "Rejtett megjegyzés",
)


@dataclass
class Post:
    number: int
    time: str  # ISO, Budapest
    title: str
    paragraphs: list[str]


@dataclass
class Item:
    path: str  # /vilag/20240506_slug
    title: str
    published: str
    byline: str  # as printed: a desk credit, or names linked to /szerzo/ pages
    linked_authors: bool = False
    lead: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    pages: list[list[Post]] = field(default_factory=list)  # a live report's, newest first

    @property
    def url(self) -> str:
        return ORIGIN + self.path

    @property
    def day(self) -> date:
        digits = self.path.split("/")[2][:8]
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))

    @property
    def kind(self) -> str:
        return "liveblog" if self.pages else "article"

    def authors(self) -> list[str]:
        """The people the byline names: a byline without links is a desk credit."""
        return [n.strip() for n in self.byline.split(",")] if self.linked_authors else []

    def credits(self) -> list[str]:
        """The desk credit, each desk or agency of "hvg.hu/MTI" apart."""
        return [] if self.linked_authors else [n.strip() for n in self.byline.split("/")]


def _article(path: str, title: str, published: str, byline: str, *body: str, **kw) -> Item:
    return Item(path, title, published, byline, paragraphs=list(body), **kw)


RECOUNT = _article(
    "/vilag/20240508_ujraszamolas_tengerparti_tartomany",
    "Újraszámolják a szavazatokat a tengerparti tartományban",
    "2024-05-08T09:12:00+02:00",
    "Kertész Dóra, Vámos Bence",
    "Hétfő reggel ült össze a tartományi választási bizottság.",
    "A bizottság elnöke szerint nincs jele csalásnak.\nA számlálás szerdán kezdődik.",
    "Mi történt a jegyzőkönyvekkel?",
    "A csomag sosem érkezett meg a fővárosba.",
    linked_authors=True,
    lead="Három körzetben eltűntek a jegyzőkönyvek.",
    tags=["választás", "Portugália"],
)
SHIP_FIRE = _article(
    "/vilag/20240507_teherhajo_tuz_kikoto",
    "Kigyulladt egy teherhajó az északi kikötőben",
    "2024-05-07T05:30:00+02:00",
    "hvg.hu/MTI",
    "Hajnalban csaptak fel a lángok a hajó rakterében.",
    "A legénység mind a tizenkét tagját kimentették.",
)
DAM = _article(  # answers 500 once, then the page
    "/vilag/20240506_gatszakadas_a_folyovolgyben",
    "Gátszakadás a folyóvölgyben",
    "2024-05-06T14:00:00+02:00",
    "MTI",
    "Három falut kellett kiüríteni a gátszakadás után.",
    "A vízszint estére apadni kezdett.",
    lead="Senki sem sérült meg.",
)
FERRY = _article(  # the redirect's target
    "/vilag/20240505_komp_sztrajk_uj_cim",
    "Leállt a kompforgalom a sztrájk miatt",
    "2024-05-05T08:40:00+02:00",
    "hvg.hu",
    "A révészek szakszervezete reggel hattól sztrájkol.",
)
BRIDGE = _article(  # only in the archive (page 2)
    "/vilag/20240504_uj_hid_a_hataron",
    "Új híd épül a határon",
    "2024-05-04T10:00:00+02:00",
    "Szalai Ákos",
    "Két ország közösen finanszírozza az építkezést.",
    linked_authors=True,
)
ELECTION = _article(  # only in the archive (page 2)
    "/vilag/20240503_elorehozott_valasztas",
    "Előrehozott választást írtak ki",
    "2024-05-03T19:30:00+02:00",
    "hvg.hu",
    "A parlament feloszlatta magát.",
    "A választás júniusban lesz.",
)
OLD = _article(  # archive page 3, alone: older than the backfill the tests ask for
    "/vilag/20240501_majusi_felvonulas",
    "Felvonulás május elsején",
    "2024-05-01T12:00:00+02:00",
    "hvg.hu",
    "Ezrek vonultak az utcára.",
)
SUMMIT = Item(
    "/vilag/20240508_csucstalalkozo_percrol_percre",
    "Csúcstalálkozó a fővárosban – percről percre",
    "2024-05-08T08:00:00+02:00",
    "hvg.hu",
    lead="Huszonhét állam vezetői tárgyalnak. Kövesse velünk!",
    paragraphs=["A tárgyalások reggel nyolckor kezdődnek."],  # the opening text
    tags=["csúcstalálkozó"],
    pages=[
        [
            Post(903, "2024-05-08T15:10:00+02:00", "Aláírták a zárónyilatkozatot",
                 ["A vezetők délután írták alá a nyilatkozatot.", "Az építés 2026-ban indul."]),
            Post(902, "2024-05-08T13:05:00+02:00", "Képek a tárgyalóteremből", []),
        ],
        [
            Post(901, "2024-05-08T11:40:00+02:00", "Vita a finanszírozásról",
                 ["Az északi államok a költségek igazságosabb elosztását kérik."]),
            Post(900, "2024-05-08T08:05:00+02:00", "Megérkeztek az első delegációk",
                 ["A reptéren díszőrség fogadta a vendégeket."]),
        ],
    ],
)  # fmt: skip
HOME_NEWS = _article(
    "/itthon/20240508_itthoni_hir",
    "Itthoni hír",
    "2024-05-08T07:00:00+02:00",
    "hvg.hu",
    "Ez egy belföldi hír.",
)
FORBIDDEN = _article(
    "/vilag/20240507_tiltott_oldal",
    "Tiltott oldal",
    "2024-05-07T07:00:00+02:00",
    "hvg.hu",
    "A robots.txt tiltja.",
)

MISSING_PATH = "/vilag/20240507_torolt_cikk"
UNFINISHED_PATH = "/vilag/20240507_felbehagyott_oldal"
CUT_PATH = "/vilag/20240506_megszakadt_atvitel"
PDF_PATH = "/vilag/20240506_jelentes_pdf"
REDIRECT_FROM = "/vilag/20240505_komp_sztrajk"
ARCHIVE_PAGES = 4  # /vilag/1 … /vilag/4; page 3 lists only older articles than 2024-05-03


class HvgStandin:
    """hvg.hu's Világ section; serve it with :class:`tests.standin.server.StandinServer`."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        items = [
            RECOUNT,
            SHIP_FIRE,
            DAM,
            FERRY,
            BRIDGE,
            ELECTION,
            OLD,
            SUMMIT,
            HOME_NEWS,
            FORBIDDEN,
        ]
        for item in items:
            self._serve(item)
        self.routes[DAM.path].statuses = [500, 200]
        self.routes[REDIRECT_FROM] = redirect(FERRY.path)
        self.routes[UNFINISHED_PATH] = Route(body=_article_html(SHIP_FIRE).split(b"<footer")[0])
        self.routes[CUT_PATH] = Route(body=_article_html(DAM), truncate_to=900)
        self.routes[PDF_PATH] = Route(body=b"%PDF-1.4 invented", content_type=PDF)
        self.routes["/robots.txt"] = Route(
            body=robots_txt([FORBIDDEN.path]).encode(), content_type=TEXT, gzip=False
        )
        # What a regular run reads: the newest articles, the live report and the traps.
        front = [SUMMIT, RECOUNT, SHIP_FIRE, FORBIDDEN, DAM]
        traps = [MISSING_PATH, UNFINISHED_PATH, CUT_PATH, PDF_PATH, REDIRECT_FROM]
        self.routes["/rss/vilag"] = Route(
            body=_feed([(i.title, f"http://hvg.hu{i.path}#rss") for i in front]), content_type=RSS
        )
        site_wide = [HOME_NEWS, SHIP_FIRE, RECOUNT]
        self.routes["/egyeb/rss"] = Route(
            body=_feed([(i.title, f"{ORIGIN}{i.path}?utm_source=rss#rss") for i in site_wide]),
            content_type=RSS,
        )
        self.routes["/vilag"] = Route(
            body=_listing_html([*front, *((p, "Csapda") for p in traps), HOME_NEWS], page=None)
        )
        # The archive: the section listing, newest first, 2 or 3 entries a page.
        archive = [
            [SUMMIT, RECOUNT, SHIP_FIRE],
            [DAM, FERRY, BRIDGE, ELECTION],
            [OLD],
            [("/vilag/20240430_aprilisi_hir", "Áprilisi hír")],
        ]  # fmt: skip
        for number, entries in enumerate(archive, 1):
            self.routes[f"/{SECTION}/{number}"] = Route(body=_listing_html(entries, page=number))
        self.listed = {i.path for i in [*front, *site_wide] if i.path.startswith("/vilag/")}
        self.listed |= {FERRY.path}  # reached through the redirect
        self.items = {i.path: i for i in items}

    # --- what the server asks -----------------------------------------------------------

    def resolve(self, target: str) -> Route | None:
        """Exact path with query first; then as hvg answers, ignoring view and tracking
        parameters (only a live report's ``order`` picks its page)."""
        if (route := self.routes.get(target)) is not None:
            return route
        path, _, query = target.partition("?")
        order = [p for p in query.split("&") if p.startswith("order=")]
        if order and (route := self.routes.get(f"{path}?{order[0]}")) is not None:
            return route
        return self.routes.get(path)

    # --- what a crawl must produce ------------------------------------------------------

    def expected_records(self, backfill: tuple[date, date] | None = None) -> list[dict]:
        kept = [
            item
            for path, item in self.items.items()
            if item.path.startswith(f"/{SECTION}/")
            and path != FORBIDDEN.path
            and (
                path in self.listed
                or (backfill is not None and backfill[0] <= item.day <= backfill[1])
            )
        ]
        return [_record(item) for item in kept]

    def never_fetch(self) -> list[str]:
        return [HOME_NEWS.path, FORBIDDEN.path, f"/{SECTION}/{ARCHIVE_PAGES}"]

    # --- internals ----------------------------------------------------------------------

    def _serve(self, item: Item) -> None:
        if not item.pages:
            self.routes[item.path] = Route(body=_article_html(item))
            return
        for number in range(1, len(item.pages) + 1):
            body = _live_html(item, number)
            self.routes[f"{item.path}/{number}?order=desc"] = Route(body=body)
            if number == 1:
                self.routes[item.path] = Route(body=body)


def _record(item: Item) -> dict:
    posts = [
        {
            "published": post.time,
            "authors": [],
            "title": post.title,
            "text": "\n\n".join(post.paragraphs),
        }
        for page in item.pages
        for post in page
    ]
    blocks = [*item.paragraphs, *(b for p in posts for b in (p["title"], p["text"]) if b)]
    return {
        "url": item.url,
        "kind": item.kind,
        "title": item.title,
        "lead": item.lead,
        "authors": item.authors(),
        "credits": item.credits(),
        "published": item.published,
        "tags": item.tags,
        "text": "\n\n".join(blocks if item.pages else item.paragraphs),
        "posts": posts,
    }


# --- markup -------------------------------------------------------------------------


def _paragraph(text: str) -> str:
    if text.endswith("?"):
        return f"<h2>{escape(text)}</h2>"
    return "<p>" + "<br />".join(escape(line) for line in text.split("\n")) + "</p>"


def _byline(item: Item) -> str:
    if item.linked_authors:
        names = ", ".join(f'<a href="/szerzo/{escape(n)}">{escape(n)}</a>' for n in item.authors())
        return f'{names} <button type="button" class="author-follow">Követés</button>'
    return escape(item.byline)


def _page(item: Item, main: str, head: str = "") -> bytes:
    lead = (
        f'<div class="article-lead entry-summary"><p>{escape(item.lead)}</p></div>'
        if item.lead
        else ""
    )
    tags = "".join(f'<a class="tag" href="/cimke/{escape(t)}">{escape(t)}</a>' for t in item.tags)
    section = item.path.split("/")[1]
    return f"""<!DOCTYPE html>
<html lang="hu">
<head>
<meta charset="UTF-8" />
<title>Világ: {escape(item.title)} | hvg.hu</title>
<meta name="author" content="HVG Kiadó Zrt." />
<meta property="og:title" content="{escape(item.title)}" />
<meta property="og:site_name" content="hvg.hu" />
<meta property="article:published_time" content="{item.published}" />
<link rel="canonical" href="{item.url}" />{head}
<script type="text/javascript">var dataLayer = [{{"section": "{section}"}}];</script>
</head>
<body class="article-page article-{section}">
<div id="webpushSelctorFormId" class="hvg_push" style="display:none;"><h3>Szeretne azonnal
értesülni a legfontosabb hírekről?</h3></div>
<header class="site-header-holder"><nav class="tab-content categories">
<a class="menu-elem" href="/itthon">Itthon</a><a class="menu-elem" href="/vilag">Világ</a>
</nav></header>
<main class="sitemain"><div class="clear separatorcolumn"><div class="maincontent">
<div class="article-content">
<div class="panelgap panelgap-top panelgap-bottom">
<div class="article-info byline"><div class="info">
<time class="article-datetime" datetime="{item.published}">{item.published[:10]}</time>
<a href="/{section}" class="uppercase">Világ</a>
</div></div>
<div class="article-title article-title"><h1>{escape(item.title)}</h1></div>
</div>
<div class="article-body panelgap panelgap-top panelgap-bottom">
<div class="article-menu_main">
<div class="article-menu panelgap">
<div class="info author"><div>szerző:</div><div class="author-name">{_byline(item)}</div></div>
<div class="thumb-up-box"><span class="info">Tetszett a cikk?</span></div>
</div>
<div class="article-main">
{lead}
<div class="placeholder-ad"><div class="wrap-ad"><div class="goAdverticum">Hirdetés</div></div></div>
{main}
</div>
</div>
<div class="article-otherelements-container">
<div class="pt-box"><a class="block-ms-box-btn2" href="https://tagsag.hvg.hu/">Pártoló tag leszek</a></div>
<div class="article-share-holder"><div class="article-tags">{tags}</div></div>
</div>
</div>
</div>
</div></div></main>
<footer class="footer"><a href="https://hvg.hu/egyeb/rss" class="icon icon-rss">RSS</a></footer>
</body>
</html>
""".encode()  # noqa: E501


def _article_html(item: Item) -> bytes:
    body = "\n".join(_paragraph(p) for p in item.paragraphs)
    main = f"""<div class="article-content entry-content">
{body}
<figure class="article-img"><img src="https://img.hvg.hu/1.jpg" /><figcaption>
<div class="figcaption-content"><div class="figcaption-title">Képaláírás a tárgyalóteremről</div>
</div></figcaption></figure>
<div style="display:none"><p>Rejtett megjegyzés.</p></div>
<p>Kövesse a hvg.hu-t a Facebookon: <a href="https://www.facebook.com/hvghu">hvg.hu</a></p>
</div>"""
    return _page(item, main)


def _pager(item: Item, number: int) -> str:
    links = []
    for n in range(1, len(item.pages) + 1):
        if n == number:
            links.append(f'<span class="page active">{n}</span>')
        else:
            links.append(
                f'<a class="page" href="{item.path}/{n}{VIEW.replace("&", "&amp;")}">{n}</a>'
            )
    arrows = ""
    if number < len(item.pages):
        href = f"{item.path}/{number + 1}{VIEW.replace('&', '&amp;')}"
        arrows = f'<div class="arrows"><a class="arrow next" rel="next" href="{href}"></a></div>'
    return f'<div class="G-pagination"><div class="pages">{"".join(links)}</div>{arrows}</div>'


def _post_html(post: Post, path: str) -> str:
    body = "<br /><br />".join(escape(p) for p in post.paragraphs)
    gallery = (
        ""
        if post.paragraphs
        else '<table class="picture centerpicture"><tr><td><img class="framed" />'
        '<div class="altText">Képaláírás a tárgyalóteremről</div></td></tr></table>'
    )
    return f"""<section id="list-article-report-{post.number}" class="article-pp articleitem timeitem">
<div class="text-holder">
<time class="clear" datetime="{post.time}"><span>{post.time[11:13]}</span><span>{post.time[14:16]}</span></time>
<h1 class="heading-3"><a href="{path}/pp/{post.number}">{escape(post.title)}</a></h1>
<p><p>{body}</p>{gallery}</p>
</div>
</section>"""  # noqa: E501


def _live_html(item: Item, number: int) -> bytes:
    newest = item.pages[0][0]
    posts = "".join(_post_html(p, item.path) for p in item.pages[number - 1])
    # The opening text shows on the first page only, in the template's bare body <div>.
    opening = "".join(_paragraph(p) for p in item.paragraphs) if number == 1 else "<p>"
    main = f"""<section class="articlebox latest-article-pp" id="livereportcontainer-ab12-first">
<h2 class="larger-header"><span>Most érkezett</span></h2>
{_post_html(newest, item.path)}
<button type="button" class="button button-link">Tovább olvasom a percről percrét</button>
</section>
<div>{opening}</div>
<div class="stickout">
<h2 class="larger-header"><span>Percről percre</span><div class="article-pp_change_order">
<a class="L-button arrow" href="{item.url}">Sorrend megfordítása</a></div></h2>
{_pager(item, number)}
<section id="livereportcontainer-ab12" class="articlebox articlebox-pp clear">{posts}</section>
{_pager(item, number)}
</div>"""
    return _page(item, main, head=f'\n<link rel="next" href="{item.url}/{number + 1}" />')


def _listing_html(entries: list, page: int | None) -> bytes:
    articles = []
    for entry in entries:
        path, title = (entry.path, entry.title) if isinstance(entry, Item) else entry
        articles.append(
            f'<article class="articlelist-element clear "><div class="text-holder">'
            f'<h2 class="heading-3"><a href="{path}?ver=1">{escape(title)}</a></h2>'
            f"</div></article>"
        )
    pager = ""
    if page is not None and page < ARCHIVE_PAGES:
        pager = (
            f'<div class="G-pagination"><div class="arrows"><a class="arrow next" rel="next"'
            f' href="/{SECTION}/{page + 1}?ver=1"></a></div></div>'
        )
    return f"""<!DOCTYPE html>
<html lang="hu"><head><meta charset="UTF-8" /><title>Világ | hvg.hu</title></head>
<body class="rovat-page">
<main class="sitemain"><div class="clear separatorcolumn"><div class="maincontent">
<div class="column-articlelist">
<article class="articlelist-element clear bch-element"><div class="text-holder">
<h2 class="heading-3"><a href="brandcontent/20240501_Szponzoralt">Szponzorált</a></h2>
</div></article>
{"".join(articles)}
</div>
{pager}
</div>
<aside class="sidebar"><a href="{HOME_NEWS.path}">Itthoni hír</a></aside>
</div></main>
</body></html>
""".encode()


def _feed(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link></item>"
        for title, link in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>hvg.hu</title><link>https://hvg.hu</link>{entries}</channel></rss>"
    ).encode()
