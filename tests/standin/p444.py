"""A small in-memory 444.hu: its Külföld section, site feed, day archives and traps.

Serve it with :class:`tests.standin.server.StandinServer` (it only needs ``resolve``)::

    site = P444Standin()
    with StandinServer(site) as server:
        crawl({"444.hu": server.base_url}, out, spider="444_abroad")
    site.expected_records()

Markup follows the captured pages (every text here is invented): articles in the
WordPress theme (``div#headline``, ``main#content-main > article``) and one on the Ember
site (``div.rich-text``); a two-page live report with ``h4`` time headings (``?page=2``);
a live-stream report (``article.report``); ``/category/kulfold`` and the day archives
``/YYYY/MM/DD`` (``?page=N``, ``a.infinity-next``) as ``article.card`` lists beside a
sidebar stream of other sections; ``/feed`` with ``<category>`` labels.

What it holds (Budapest time, May 2024):

- listed on ``/category/kulfold``: 3 articles (one by two authors, one on the Ember
  site, links in ``http://`` and tracking forms), the live report, the live-stream
  report, an article that answers 500 once, a link that redirects (301) to an article
  listed nowhere, and the traps: a 404, a PDF at an article address, a page cut off
  before its end, one cut off in transit (less than its Content-Length, then the
  connection closed), an article disallowed by robots.txt;
- the feed: two Külföld items (one only there) and a Belföld item (never fetched);
- the sidebar stream links a Belföld article (never fetched);
- ``/2024/05/02``: two pages of every section's articles of the day: a Külföld article
  and a Belföld one on page 1, a Külföld one on page 2 (found only by a backfill; the
  Belföld one is fetched, then dropped as ``other_section``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import format_datetime
from html import escape
from typing import Any

from tests.standin.site import Route, redirect

ORIGIN = "https://444.hu"
HTML = "text/html; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
LABELS = {"kulfold": "külföld", "belfold": "belföld"}
BOILERPLATE = ("Fotó:", "Hirdetés", "Megosztás", "Kapcsolódó", "Tovább a múltba", "// ]]>")


@dataclass
class Story:
    """A one-page article."""

    path: str
    title: str
    published: str
    paragraphs: list[str]
    authors: list[str] = field(default_factory=lambda: ["Kovács Anna"])
    section: str = "kulfold"
    tags: list[str] = field(default_factory=list)
    ember: bool = False  # served as the Ember site renders it
    kind: str = "article"

    @property
    def url(self) -> str:
        return ORIGIN + self.path

    def expected(self) -> dict[str, Any]:
        return _record(self, text="\n\n".join(self.paragraphs), posts=[])


@dataclass
class ClockPost:
    clock: str  # "23:50", as the heading prints it
    published: str  # what the crawler must infer
    paragraphs: list[str]


@dataclass
class ClockReport:
    """A WordPress live report: a summary, then time-headed posts, newest first."""

    path: str
    title: str
    published: str
    summary: list[str]
    pages: list[list[ClockPost]]
    authors: list[str] = field(default_factory=lambda: ["tothg"])
    section: str = "kulfold"
    tags: list[str] = field(default_factory=list)
    kind: str = "liveblog"

    @property
    def url(self) -> str:
        return ORIGIN + self.path

    def expected(self) -> dict[str, Any]:
        posts = [p for page in self.pages for p in page]
        blocks = [*self.summary, *("\n\n".join(p.paragraphs) for p in posts)]
        return _record(
            self,
            text="\n\n".join(blocks),
            posts=[(p.published, None, "\n\n".join(p.paragraphs)) for p in posts],
        )


@dataclass
class StreamPost:
    key: str
    published: str
    printed: str  # "2024. május. 04., szombat, 18:05"
    author: str
    title: str | None
    paragraphs: list[str]


@dataclass
class StreamReport:
    """The live-stream template: a lead, one ``article.report`` per post."""

    path: str
    title: str
    published: str
    lead: str
    posts: list[StreamPost]
    section: str = "kulfold"
    kind: str = "liveblog"
    tags: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return ORIGIN + self.path

    @property
    def authors(self) -> list[str]:
        # No page byline: the record's authors are the posts' (crawler.assembly.assemble.merge).
        return list(dict.fromkeys(p.author for p in self.posts))

    def expected(self) -> dict[str, Any]:
        blocks: list[str] = []
        for post in self.posts:
            blocks += [post.title] if post.title else []
            blocks += ["\n\n".join(post.paragraphs)] if post.paragraphs else []
        record = _record(
            self,
            text="\n\n".join(blocks),
            posts=[(p.published, p.title, "\n\n".join(p.paragraphs)) for p in self.posts],
        )
        record["lead"] = self.lead
        return record


Item = Story | ClockReport | StreamReport


def _record(item: Item, *, text: str, posts: list[tuple]) -> dict[str, Any]:
    return {
        "url": item.url,
        "kind": item.kind,
        "title": item.title,
        "lead": None,
        "authors": list(item.authors),
        "published": item.published,
        "tags": list(item.tags),
        "text": text,
        "posts": posts,
    }


# --- the site's content -----------------------------------------------------------------

HARBOUR = Story(
    "/2024/05/06/harmadszor-szavaznak-a-kikotorol",
    "Harmadszor szavaznak a kikötőről a tengerparti városban",
    "2024-05-06T09:41:07+02:00",
    [
        "A kikötő bővítéséről harmadszor is népszavazást tartanak vasárnap, miután a tanács"
        " két korábbi fordulót érvénytelennek nyilvánított.",
        "A polgármester hétfőn így fogalmazott:\n„Ez az utolsó alkalom.”",
        "Mit döntenek a szavazók?",
        "A kérdés az, hogy a hajógyár melletti öblöt feltöltsék-e, vagy természetvédelmi"
        " terület maradjon.",
    ],
    authors=["Kovács Anna", "Nagy Bence"],
    tags=["népszavazás", "kikötő"],
)
MINISTER = Story(
    "/2024/05/06/lemondott-a-szomszedos-orszag-belugyminisztere",
    "Lemondott a szomszédos ország belügyminisztere",
    "2024-05-06T14:05:33+02:00",
    [
        "A belügyminiszter kedden bejelentette lemondását egy lehallgatási botrány után.",
        "Utódjáról még nem döntöttek.\nA kormányfő szerdán nevez meg jelöltet a posztra.",
    ],
    authors=["Fekete Júlia"],
    tags=["belügyminiszter"],
    ember=True,
)
FLOODS = Story(
    "/2024/05/05/arvizek-sujtjak-a-folyo-also-szakaszat",
    "Árvizek sújtják a folyó alsó szakaszát",
    "2024-05-05T18:20:00+02:00",
    [
        "Napok óta esik az eső a hegyekben, a folyó alsó szakaszán több falut ki kellett"
        " üríteni a hétvégén.",
        "A hatóságok szerint a tetőzés csütörtökre várható, addig a gátakat erősítik.",
    ],
)
FEED_ONLY = Story(
    "/2024/05/05/ujabb-orszag-ismerte-el-a-szigetallamot",
    "Újabb ország ismerte el a szigetállamot",
    "2024-05-05T11:00:00+02:00",
    [
        "A külügyminisztérium vasárnap közölte, hogy hivatalosan is elismerik a szigetállam"
        " függetlenségét, és nagykövetséget nyitnak a fővárosában.",
    ],
)
FLAKY = Story(
    "/2024/05/04/sztrajkolnak-a-vasutasok-a-szomszedban",
    "Sztrájkolnak a vasutasok a szomszédban",
    "2024-05-04T08:15:00+02:00",
    [
        "Hétfő reggel óta nem indulnak vonatok az ország nyugati részén, mert a vasutasok"
        " béremelést követelnek a kormánytól.",
    ],
)
MOVED = Story(
    "/2024/05/04/uj-cimen-a-kompsztrajkrol-szolo-cikk",
    "Véget ért a kompsztrájk a szigeteken",
    "2024-05-04T10:00:00+02:00",
    [
        "A révészek szakszervezete megállapodott a hajózási társasággal, így kedden"
        " újraindul a menetrend szerinti forgalom a szigetek között.",
    ],
)
REPORT = ClockReport(
    "/2024/05/04/a-hatarvaros-polgarmester-valasztasa-elo",
    "Határvárosi polgármester-választás – élőben",
    "2024-05-04T22:40:12+02:00",
    ["A független jelölt nyert a határvárosban.", "A részvétel rekordot döntött."],
    [
        [
            ClockPost(
                "01:05",
                "2024-05-05T01:05:00+02:00",
                ["Megvan a végeredmény: a független jelölt nyert a határvárosban."],
            ),
            ClockPost(
                "00:20",
                "2024-05-05T00:20:00+02:00",
                ["A számlálás felénél tartanak.\nSzoros a verseny a két jelölt között."],
            ),
        ],
        [
            ClockPost(
                "23:50", "2024-05-04T23:50:00+02:00", ["Lezárultak az urnák a határvárosban."]
            ),
            ClockPost(
                "22:38", "2024-05-04T22:38:00+02:00", ["Elindítottuk a választási közvetítést."]
            ),
        ],
    ],
    tags=["választás"],
)
STREAM = StreamReport(
    "/2024/05/04/kikotoi-sztrajk-elo",
    "Kikötői sztrájk – percről percre",
    "2024-05-04T18:02:00+02:00",
    "A dokkmunkások szombat reggel óta sztrájkolnak, élőben követjük az eseményeket.",
    [
        StreamPost(
            "c-2",
            "2024-05-04T20:15:00+02:00",
            "2024. május. 04., szombat, 20:15",
            "Szabó Dóra",
            "Megállapodás született",
            ["A szakszervezet elfogadta a vezetés ajánlatát.\nHolnap újraindul a munka."],
        ),
        StreamPost(
            "c-1",
            "2024-05-04T18:05:00+02:00",
            "2024. május. 04., szombat, 18:05",
            "Kiss Péter",
            None,
            ["Tüntetők gyűltek össze a kikötő kapujánál, a rendőrség lezárta a környéket."],
        ),
    ],
)
# Found only through the archive of 2024-05-02 (page 1 and page 2).
ARCHIVE_ONE = Story(
    "/2024/05/02/targyalasok-kezdodtek-a-fegyverszunetrol",
    "Tárgyalások kezdődtek a fegyverszünetről",
    "2024-05-02T16:30:00+02:00",
    [
        "A két fél küldöttsége csütörtökön ült le először tárgyalni egy semleges ország"
        " fővárosában a fegyverszünet feltételeiről.",
    ],
)
ARCHIVE_TWO = Story(
    "/2024/05/02/uj-kormany-alakult-a-tengeren-tul",
    "Új kormány alakult a tengeren túl",
    "2024-05-02T07:10:00+02:00",
    [
        "Hosszú hónapok egyeztetése után a parlament megszavazta az új kormányt, amelyben"
        " öt párt kapott tárcát.",
    ],
)
ARCHIVE_OTHER = Story(
    "/2024/05/02/felujitjak-a-lanchidat",
    "Felújítják a fővárosi hidat",
    "2024-05-02T12:00:00+02:00",
    ["A munkálatok két évig tartanak, addig csak gyalogosan lehet átkelni a hídon."],
    section="belfold",
)
FEED_OTHER = Story(
    "/2024/05/06/uj-buszjaratok-indulnak-a-fovarosban",
    "Új buszjáratok indulnak a fővárosban",
    "2024-05-06T10:00:00+02:00",
    ["Hétfőtől három új buszjárat köti össze a külső kerületeket a belvárossal."],
    section="belfold",
)
SIDEBAR_OTHER = "/2024/05/06/budapesti-hir-a-savban"
REDIRECT_FROM = "/2024/05/03/regi-cim-a-kompsztrajkrol"
MISSING = "/2024/05/03/ez-a-cikk-mar-nem-erheto-el"
PDF = "/2024/05/03/az-eves-jelentes-letoltheto-valtozata"
TRUNCATED = "/2024/05/03/felbeszakadt-oldal"
CUT_IN_TRANSIT = "/2024/05/03/atvitel-kozben-megszakadt"
DISALLOWED = "/2024/05/03/tiltott-cikk"
ARCHIVE_DAY = date(2024, 5, 2)


class P444Standin:
    """Routes by path-with-query, and the records a crawl of them must give."""

    section = "kulfold"

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        for story in (HARBOUR, MINISTER, FLOODS, FEED_ONLY, FLAKY, MOVED, ARCHIVE_ONE):
            self.routes[story.path] = Route(body=_article(story).encode())
        for story in (ARCHIVE_TWO, ARCHIVE_OTHER, FEED_OTHER):
            self.routes[story.path] = Route(body=_article(story).encode())
        self.routes[FLAKY.path].statuses = [500, 200]
        for number in range(1, len(REPORT.pages) + 1):
            target = REPORT.path if number == 1 else f"{REPORT.path}?page={number}"
            self.routes[target] = Route(body=_clock_report(REPORT, number).encode())
        self.routes[STREAM.path] = Route(body=_stream(STREAM).encode())
        self.routes[REDIRECT_FROM] = redirect(MOVED.url)
        self.routes[PDF] = Route(body=b"%PDF-1.4 not a page", content_type="application/pdf")
        cut = _article(Story(TRUNCATED, "Félbeszakadt", "2024-05-03T09:00:00+02:00", ["x" * 400]))
        self.routes[TRUNCATED] = Route(body=cut[: cut.index("x" * 200)].encode(), gzip=False)
        # The whole length announced, a part sent, the connection closed.
        self.routes[CUT_IN_TRANSIT] = Route(
            body=_article(FLOODS).encode(), truncate_to=300, gzip=False
        )
        self.routes[DISALLOWED] = Route(body=_article(FLOODS).encode())
        self.routes["/robots.txt"] = Route(
            body=f"User-agent: *\nDisallow: {DISALLOWED}\n".encode(),
            content_type="text/plain; charset=UTF-8",
        )
        self.routes["/feed"] = Route(body=_feed().encode(), content_type=RSS)
        self.routes["/category/kulfold"] = Route(body=_category_page().encode())
        self.routes[f"/{ARCHIVE_DAY:%Y/%m/%d}"] = Route(body=_day_page(1).encode())
        self.routes[f"/{ARCHIVE_DAY:%Y/%m/%d}?page=2"] = Route(body=_day_page(2).encode())

    def resolve(self, target: str) -> Route | None:
        return self.routes.get(target)

    def repeat_archive_pages(self) -> None:
        """Make the day archive answer every ``?page=N`` (N >= 2) with page 1's cards and a
        "Tovább a múltba" link to N+1: an archive that never says it has ended."""
        day = f"/{ARCHIVE_DAY:%Y/%m/%d}"
        for number in range(2, 400):
            page = _day_page(1, next_number=number + 1)
            self.routes[f"{day}?page={number}"] = Route(body=page.encode())

    def expected_records(self, *, backfill: bool = False) -> list[dict[str, Any]]:
        items: list[Item] = [HARBOUR, MINISTER, FLOODS, FEED_ONLY, FLAKY, MOVED, REPORT, STREAM]
        if backfill:
            items += [ARCHIVE_ONE, ARCHIVE_TWO]
        return [item.expected() for item in items]

    def never_fetched(self, *, backfill: bool = False) -> list[str]:
        """Paths a correct crawl never requests: other sections' articles it can tell
        apart before fetching, robots.txt's disallowed page, later live-report pages in
        the other order."""
        paths = [FEED_OTHER.path, SIDEBAR_OTHER, DISALLOWED, f"{REPORT.path}?reverse=1&page=2"]
        return paths if backfill else [*paths, ARCHIVE_OTHER.path, ARCHIVE_TWO.path]


# --- markup -----------------------------------------------------------------------------


def _head(title: str, published: str, tags: list[str], section: str) -> str:
    metas = "".join(f'<meta property="article:tag" content="{escape(t)}">' for t in tags)
    return (
        f'<!DOCTYPE html>\n<html lang="hu"><head><meta charset="utf-8">'
        f"<title>{escape(title)} - 444</title>{metas}"
        f'<meta name="author" content="Szerkesztőségi Fiók">'
        f'<meta property="article:section" content="{LABELS.get(section, section)}">'
        f'<meta property="article:published_time" content="{published}">'
        f'<meta property="og:site_name" content="444">'
        f'<script>var dataLayer = [{{"page": "{escape(title)}"}}];</script></head>\n'
    )


def _headline(item: Item, *, byline: bool = True) -> str:
    authors = ", ".join(
        f'<a href="{ORIGIN}/author/{i}" rel="author">{escape(a)}</a>'
        for i, a in enumerate(item.authors)
    )
    label = LABELS.get(item.section, item.section)
    info = (
        f'<div class="byline 1"><div class="byline__info">'
        f'<span class="byline__authors">{authors}</span><span class="separator"></span>'
        f'<span class="byline__category"><a href="{ORIGIN}/category/{item.section}">{label}</a>'
        f"</span><span>{escape(item.published[:10])}</span></div></div>"
        if byline
        else ""
    )
    return (
        '<section id="main-section"><div class="container"><div class="row">'
        f'<div id="headline" class="col-xs-12"><h1>{escape(item.title)}</h1>{info}</div>'
        "</div></div>\n"
    )


def _paragraphs(paragraphs: list[str]) -> str:
    out = []
    for text in paragraphs:
        inner = escape(text).replace("\n", "<br>")
        out.append(f"<h3>{inner}</h3>" if text.endswith("?") else f"<p>{inner}</p>")
    return "".join(out)


def _footer(tags: list[str]) -> str:
    links = "".join(
        f'<li><a href="{ORIGIN}/tag/{i}">{escape(t)}</a></li>' for i, t in enumerate(tags)
    )
    return (
        '<footer class="hide-print"><section><div class="tag-list"><ul class="tag-list__items">'
        f'{links}</ul></div></section><section class="row"><div class="social-bar">'
        '<a href="https://www.facebook.com/share.php">Megosztás</a></div></section>'
        '<section><div class="subhead"><span>Kapcsolódó</span></div></section></footer>'
    )


def _sidebar() -> str:
    return (
        '<aside id="content-sidebar"><section class="widget-stream"><ul>'
        f'<li class="widget-stream__item"><article class="article c-belfold"><h4>'
        f'<a href="{ORIGIN}{SIDEBAR_OTHER}">Budapesti hír a sávban</a></h4></article></li>'
        "</ul></section></aside>"
    )


def _figure() -> str:
    return (
        '<figure><img src="//444.hu/assets/kep.jpg"><figcaption><span>Fotó: Kitalált Fotós'
        '</span></figcaption></figure><div class="jeti-roadblock"><div class="banner-inner">'
        "Hirdetés</div></div><p>// ]]&gt;</p>"
    )


def _article(story: Story) -> str:
    if story.ember:
        return _ember(story)
    body = _paragraphs(story.paragraphs[:1]) + _figure() + _paragraphs(story.paragraphs[1:])
    return (
        _head(story.title, story.published, story.tags, story.section)
        + f'<body class="p-post c-{story.section}">'
        + _headline(story)
        + '<div class="container"><main id="content-main"><article>'
        + body
        + _footer(story.tags)
        + "</article></main>"
        + _sidebar()
        + "</div></section></body></html>\n"
    )


def _ember(story: Story) -> str:
    tags = "".join(
        f'<span class="h3"><a href="{ORIGIN}/tag/{i}" class="anchor ho">{escape(t)}</a></span>'
        for i, t in enumerate(story.tags)
    )
    authors = "".join(
        f'<a href="/author/intent?resource=author&amp;params=x{i}" class="anchor eQ">{escape(a)}'
        "</a>"
        for i, a in enumerate(story.authors)
    )
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{escape(story.title)}</title>"
        f'<meta property="article:published_time" content="{story.published}">'
        '<meta property="og:site_name" content="444"></head>\n<body>'
        '<script type="x/boundary" id="fastboot-body-start"></script><div class="k0 j_">'
        f'<div class="dx j6"><h1 class="iV dU">{escape(story.title)}</h1></div>'
        f'<div class="eH"><div class="eK">{authors}</div><div class="eK eS"><span class="dH">'
        f'<a href="{ORIGIN}/category/{story.section}" class="anchor eQ">külföld</a></span></div>'
        '</div><div class="dx j6 j5"><div class="&#10; rich-text&#10; full-width&#10; ">'
        f"{_paragraphs(story.paragraphs[:1])}</div>"
        '<jeti-image src="//assets.444.hu/kep.jpg"> Fotó: Kitalált Fotós</jeti-image>'
        f'<div class="&#10; rich-text&#10; full-width&#10; ">{_paragraphs(story.paragraphs[1:])}'
        f'</div></div><div class="dD e_">{tags}</div>'
        '<div id="comments"><section><h1>Kommentek</h1><div class="rich-text"><ol><li>'
        "Ha kommentelnél, lépj be.</li></ol></div></section></div></div>"
        '<script type="x/boundary" id="fastboot-body-end"></script></body></html>\n'
    )


def _clock_report(report: ClockReport, number: int) -> str:
    posts = "".join(
        f"<h4>{p.clock}</h4>{_paragraphs(p.paragraphs)}" for p in report.pages[number - 1]
    )
    summary = "".join(f"<li>{escape(s)}</li>" for s in report.summary)
    pager = "".join(
        f'<li><a href="{report.url}?page={n}">{n}</a></li>' for n in range(1, len(report.pages) + 1)
    )
    pager += f'<li><a href="{report.url}?reverse=1&amp;page=2">Fordított sorrend</a></li>'
    if number < len(report.pages):
        pager += f'<li class="arrow"><a href="{report.url}?page={number + 1}">Következő »</a></li>'
    return (
        _head(report.title, report.published, report.tags, report.section)
        + f'<body class="p-post c-{report.section}">'
        + _headline(report)
        + '<div class="container"><main id="content-main"><article>'
        + f"<ul>{summary}</ul>{posts}"
        + f'<div class="pagination-centered"><ul class="pagination">{pager}</ul></div>'
        + _footer(report.tags)
        + "</article></main></div></section></body></html>\n"
    )


def _stream(report: StreamReport) -> str:
    posts = []
    for post in report.posts:
        title = f'<h3 class="report__title">{escape(post.title)}</h3>' if post.title else ""
        posts.append(
            f'<article class="report" data-content-id="{post.key}"><header>'
            f'<a class="report__date" href="{report.url}#{post.key}"><span>{post.printed}'
            f'</span></a><span class="report__author">{escape(post.author)}</span></header>'
            f'{title}<div class="report__body">{_paragraphs(post.paragraphs)}</div>'
            '<footer><a href="https://www.facebook.com/share.php">Megosztás</a></footer></article>'
        )
    featured = posts[0]
    return (
        _head(report.title, report.published, report.tags, report.section)
        + f'<body class="p-post c-{report.section}">'
        + _headline(report, byline=False).replace("<h1>", '<h1 class="livestream__title">')
        + '<div class="row livestream"><main id="content-main">'
        + f'<section class="livestream__lead"><p>{escape(report.lead)}</p></section>'
        + '<div class="livestream__filter"><label><input type="checkbox"> Csak a lényeg'
        + "</label></div>"
        + "".join(posts)
        + '</main><aside><div class="livestream__featured-list"><h2>Legfontosabb</h2>'
        + featured
        + "</div></aside></div></section></body></html>\n"
    )


def _card(href: str, title: str) -> str:
    return (
        f'<article class="card"><h3><a href="{href}">{escape(title)}</a></h3>'
        f'<a href="{href}"><div class="jeti-image"></div></a><p>Rövid ajánló.</p></article>'
    )


def _listing(title: str, cards: list[str], more: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="hu"><head><meta charset="utf-8"><title>{title} - 444'
        '</title></head><body><header id="header"><nav><a href="https://444.hu/category/belfold">'
        'Belföld</a><a href="//444.hu/tag/video">444 videó</a></nav></header>'
        '<section id="main-section"><div class="container"><main id="content-main">'
        f'<div class="page-list infinity">{"".join(cards)}{more}</div></main>'
        + _sidebar()
        + "</div></section></body></html>\n"
    )


def _category_page() -> str:
    cards = [
        _card(HARBOUR.url + "?utm_source=444&utm_medium=rovat", HARBOUR.title),
        _card(MINISTER.url.replace("https://", "http://"), MINISTER.title),
        _card(FLOODS.path, FLOODS.title),  # relative
        _card(REPORT.url, REPORT.title),
        _card(f"{REPORT.url}?page=2", REPORT.title + " – 2. oldal"),
        _card(STREAM.url + "#c-1", STREAM.title),
        _card(FLAKY.url, FLAKY.title),
        _card(ORIGIN + REDIRECT_FROM, "Sztrájk a kompokon"),
        _card(ORIGIN + MISSING, "Ez a cikk már nem érhető el"),
        _card(ORIGIN + PDF, "Az éves jelentés"),
        _card(ORIGIN + TRUNCATED, "Félbeszakadt oldal"),
        _card(ORIGIN + CUT_IN_TRANSIT, "Átvitel közben megszakadt"),
        _card(ORIGIN + DISALLOWED, "Tiltott cikk"),
        _card("https://telex.hu/kulfold/2024/05/06/mas-portal", "Más portál"),
    ]
    return _listing("külföld", cards)


def _day_page(number: int, *, next_number: int = 2) -> str:
    day = f"{ORIGIN}/{ARCHIVE_DAY:%Y/%m/%d}"
    if number == 1:
        cards = [_card(ARCHIVE_ONE.url, ARCHIVE_ONE.title), _card(ARCHIVE_OTHER.url, "Híd")]
        more = (
            f'<a href="{day}?page={next_number}" class="infinity-next button">Tovább a múltba</a>'
        )
    else:
        cards = [_card(ARCHIVE_TWO.url, ARCHIVE_TWO.title)]
        more = f'<a href="{day}?page=1" class="infinity-previous button">Újabbak</a>'
    return _listing(f"Napi archívum: {ARCHIVE_DAY:%Y. %m. %d.}", cards, more)


def _feed() -> str:
    items = [
        (HARBOUR.url + "?utm_source=rss_feed&utm_medium=rss", HARBOUR),
        (FEED_ONLY.url, FEED_ONLY),
        (FEED_OTHER.url, FEED_OTHER),
    ]
    entries = "".join(
        f"<item><title>{escape(story.title)}</title><link>{escape(link)}</link>"
        f"<pubDate>{format_datetime(datetime.fromisoformat(story.published))}</pubDate>"
        f"<category><![CDATA[{LABELS[story.section]}]]></category><guid>{story.url}</guid></item>"
        for link, story in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>444</title>'
        f"<link>{ORIGIN}</link>{entries}</channel></rss>\n"
    )
