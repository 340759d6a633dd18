"""A small in-memory 24.hu Külföld section for the real crawl to run against.

Invented articles and a three-page live blog rendered in 24.hu's markup (the theme's
``o-post__*`` containers, ``m-livePost`` posts, newest-first live-blog pages, WordPress
date archives), the section feed and page, and the hostile cases a crawl must survive.
Served with :class:`tests.standin.server.StandinServer`, which only needs ``resolve``::

    site = P24Standin()
    with StandinServer(site) as server:
        run = crawl({"24.hu": server.base_url}, out, spider="24hu_abroad")
    site.expected_records()            # what a regular run must produce
    site.expected_records(backfill=…)  # … and a run with -a since= -a until=
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from tests.standin.pages import RSS, TEXT, robots_txt
from tests.standin.site import Route, redirect

ORIGIN = "https://24.hu"
SECTION = "kulfold"
PDF = "application/pdf"

K = f"/{SECTION}"
REDIRECT_FROM = f"{K}/2024/05/03/regi-cim/"
MISSING = f"{K}/2024/05/03/mar-nem-elerheto/"
PDF_PATH = f"{K}/2024/05/03/eves-jelentes/"
TRUNCATED = f"{K}/2024/05/03/felbehagyott-oldal/"
CUT_IN_TRANSIT = f"{K}/2024/05/03/megszakadt-atvitel/"
DISALLOWED = f"{K}/2024/05/03/tiltott-oldal/"
OTHER_SECTION = "/belfold/2024/05/03/buszjarat/"
FLAKY = f"{K}/2024/05/03/ujraprobalt-cikk/"
SIDEBAR = f"{K}/2024/05/06/friss-hir-a-sidebarban/"

_WORDS = (
    "a kormány szerdán bejelentette, hogy a tárgyalások a jövő héten folytatódnak",
    "a helyi lakosok többsége szerint a döntés késve érkezett",
    "az ellenzék vezetője a parlamentben élesen bírálta a javaslatot",
    "a szakértők arra figyelmeztetnek, hogy a költségek tovább nőhetnek",
    "a rendőrség közölte, hogy a vizsgálat még nem zárult le",
    "a nemzetközi szervezetek segítséget ajánlottak fel az érintett régiónak",
    "a miniszter szerint a következő hónapokban újabb intézkedések jönnek",
    "a tüntetők a főtéren gyűltek össze, és békésen vonultak végig a városon",
)


def sentences(seed: int, count: int) -> list[str]:
    """``count`` distinct, readable Hungarian sentences (language detection needs them)."""
    return [
        f"{_WORDS[(seed + n) % len(_WORDS)].capitalize()}, "
        f"{_WORDS[(seed * 3 + n + 1) % len(_WORDS)]} ({seed}-{n})."
        for n in range(count)
    ]


@dataclass
class Story:
    path: str  # /kulfold/2024/05/03/slug/
    title: str
    published: str  # ISO, Budapest time
    lead: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return ORIGIN + self.path

    @property
    def day(self) -> date:
        return date.fromisoformat(self.published[:10])


@dataclass
class Post:
    key: str
    clock: str  # as the header prints it: "23:55", or a non-clock label
    title: str
    paragraphs: list[str]
    author: str | None = None
    published: str | None = None  # what the record must say


@dataclass
class Blog(Story):
    intro: list[str] = field(default_factory=list)
    pages: list[list[Post]] = field(default_factory=list)  # newest page first

    def posts(self) -> list[Post]:
        return [post for page in self.pages for post in page]


# --- markup ---------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _head(story: Story, page_url: str) -> str:
    stamp = datetime.fromisoformat(story.published)
    authors = ",".join(f'{{"@type":"Person","name":"{_e(a)}"}}' for a in story.authors)
    return (
        f'<!DOCTYPE html>\n<html lang="hu" class="no-js site-24"><head><meta charset="UTF-8">'
        f"<title>{_e(story.title)} | 24.hu</title>"
        f'<meta property="og:type" content="article">'
        f'<meta property="og:title" content="{_e(story.title)} | 24.hu">'
        f'<meta property="og:url" content="{page_url}">'
        f'<meta property="og:site_name" content="24.hu">'
        f'<meta property="article:published_time" content="'
        f'{stamp.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}">'
        f'<meta itemprop="datePublished" content="{stamp.strftime("%Y-%m-%dT%H:%M:%S%z")}">'
        f'<link rel="canonical" href="{page_url}">'
        f'<script type="application/ld+json">{{"@context":"http://schema.org",'
        f'"@type":"NewsArticle","headline":"{_e(story.title)}",'
        f'"datePublished":"{stamp.strftime("%Y-%m-%dT%H:%M:%S%z")}","author":[{authors}]}}'
        f"</script></head>"
    )


def _header(story: Story, live: bool) -> str:
    stamp = datetime.fromisoformat(story.published)
    tags = "".join(
        f'<a class="m-tag__links a-tag -articlePageMainTags" href="{ORIGIN}/tag/{n}/">{_e(t)}</a>'
        for n, t in enumerate(story.tags)
    )
    authors = "".join(
        f'<div class="m-author__authorWrap"><a class="m-author__imgLink" href="{ORIGIN}/author/'
        f'{n}/"><img class="m-author__imgFixSize" alt="admin" src="{ORIGIN}/a.png"></a>'
        f'<a class="m-author__name" href="{ORIGIN}/author/{n}/">{_e(a)}</a>'
        f'<div class="m-followMenu__menuWrap -inAuthorMeta"><a class="m-followMenu__followBtn"'
        f' href="#">Nem követem</a></div></div>'
        for n, a in enumerate(story.authors)
    )
    lead = (
        f'<div class="o-post__lead lead post-lead cf _ce_measure_widget"'
        f' data-ce-measure-widget="Cikk lead">{_e(story.lead)}</div>'
        if story.lead
        else ""
    )
    return (
        '<body class="single single-post"><div class="o-page hir24" id="page">'
        f'<nav class="o-page__header o-header"><a href="{ORIGIN}/belfold/">Belföld</a></nav>'
        '<div class="o-page__cnt -mainContainer container cf"><div class="site-content"'
        ' id="content"><div class="o-post o-cnt m-post24 col-sm-9 fl">'
        '<div class="o-post__cntWrap wpb_wrapper"><div class="o-post__head">'
        f'<div class="o-articleHead__wrap{" -liveHead" if live else ""} cf">'
        '<div class="o-post__catWrap"><div id="post-tags-section-1" class="o-articleHead__tagWrap'
        f' m-tag"><div class="m-tag__wrap -tagList">{tags}</div></div></div></div>'
        '<div class="o-post__titleInnerWrap"><div class="o-post__authorShare m-social cf">'
        '<a class="m-social__link -fbLink" href="#">Megosztás</a></div>'
        f'<a class="o-articleHead__catWrap m-cat" href="{ORIGIN}/kulfold/">Külföld</a>'
        f'<div class="o-post__titleWrap"><h1 class="o-post__title"><span>{_e(story.title)}'
        "</span></h1></div>"
        '<div class="o-post__author o-authorBar -bordered cf"><div class="o-post__authorAndDateWrap'
        f' m-author cf">{authors}<span class="o-post__date a-date fl">'
        f'<span class="m-author__catDateTitulusCreateDate">{stamp:%Y. %m. %d. %H:%M}</span>'
        "</span></div></div></div></div>"
        f"{lead}"
        '<div class="banner-container clearfix"><div class="banner-wrapper">Hirdetés</div></div>'
    )


_FOOTER = (
    '<div class="m-fbComment__txtAndIframeWrap"><p class="m-fbComment__txt">Ha kommentelni'
    " szeretnél, a Facebook-oldalunkon teheted meg.</p></div>"
    '<div class="widget m-articleWidget m-articleListWidget" data-ce-measure-widget="Cikk Ajánló'
    ' Komponens"><article class="m-articleWidget__wrap"><h3 class="m-articleWidget__title">'
    f'<a href="{ORIGIN}/kulfold/2023/01/02/regi-cikk/">Ajánlott régi cikk</a></h3></article>'
    "</div></div></div>"
    '<div class="sidebar col-sm-3"><ul class="m-nonstopWidget__list"><li><a href="'
    f'{ORIGIN}/belfold/2024/05/03/buszjarat/">Új buszjárat indul</a></li></ul></div>'
    "</div></div></div></body></html>"
)


def article_html(story: Story) -> str:
    body = "".join(f"<p>{_e(p)}</p>" for p in story.paragraphs[:-1])
    # Boilerplate inside the body container, and the last paragraph after it.
    body += (
        '<div class="banner-container clearfix"><div class="banner-wrapper">Hirdetés</div></div>'
        '<figure class="wp-caption"><img src="https://24.p3k.hu/x.jpg" alt="">'
        "<figcaption>Képaláírás a híd mellől</figcaption></figure>"
        '<div class="m-articRecommend"><div class="m-articRecommend__titleWrap">Kapcsolódó</div>'
        f'<a href="{ORIGIN}/kulfold/2023/01/02/regi-cikk/">Ajánlott régi cikk</a></div>'
        f"<p>{_e(story.paragraphs[-1])}</p>"
        "<p><em>Kiemelt kép: Fotós Ferenc / 24.hu</em></p>"
    )
    return (
        _head(story, story.url)
        + _header(story, live=False)
        + f'<div class="o-post__body o-postCnt post-body cf">{body}</div>'
        + _FOOTER
    )


def _post_html(blog: Blog, post: Post) -> str:
    author = (
        f'<div class="m-livePost__postAuthor livepost-event-author"><span class="author-name">'
        f'<a href="{ORIGIN}/author/x/">{_e(post.author)}</a></span></div>'
        if post.author
        else ""
    )
    body = "".join(f"<p>{_e(p)}</p>" for p in post.paragraphs)
    return (
        f'<article id="{post.key}" class="m-livePost__events livepost-event-wrapper cf">'
        f'<a class="m-livePost__link anchor-link" id="{post.key}-a"></a>'
        '<header class="m-livePost__postHeader livepost-event-head noteHeader">'
        f'<div class="m-livePost__postTag livepost-event-tag note ">\n  {_e(post.clock)}\n  </div>'
        f'<div class="m-livePost__postAuthorWrap livepost-event-authors">{author}</div></header>'
        '<h2 class="m-livePost__postTitle livepost-event-title">'
        f'<a href="{blog.url}#{post.key}-a" class="m-livePost__postLink">{_e(post.title)}</a></h2>'
        f'<div class="o-post__body o-postCnt livepost-event-body">{body}</div></article>'
    )


def liveblog_html(blog: Blog, number: int) -> str:
    """Page ``number`` (1 = oldest, len(pages) = newest, which the article address shows)."""
    count = len(blog.pages)
    posts = blog.pages[count - number]
    page_url = blog.url if number == count else f"{blog.url}{number}/"
    pager = "".join(
        f'<li><span aria-current="page" class="page-numbers current">{n}</span></li>'
        if n == number
        else f'<li><a class="page-numbers" href="{blog.url}{n}/">{n}</a></li>'
        for n in range(count, 0, -1)
    )
    if number > 1:
        pager += (
            f'<li class="next-btn"><a class="next page-numbers" href="{blog.url}{number - 1}/">'
            "<span>Korábbiak</span></a></li>"
        )
    intro = "".join(f"<p>{_e(p)}</p>" for p in blog.intro)
    return (
        _head(blog, page_url)
        + _header(blog, live=True)
        + f'<div class="o-post__body o-postCnt -liveBody post-body cf">{intro}</div>'
        + '<section id="hirfolyam" class="m-livePost__eventsWrap livepost-events">'
        + "".join(_post_html(blog, p) for p in posts)
        + "</section>"
        + f'<div class="m-livePost__pager pager cf"><ul class="page-numbers">{pager}</ul></div>'
        + _FOOTER
    )


def listing_html(title: str, hrefs: list[str], next_href: str = "") -> str:
    """A section page or date archive: the article list (``div.o-list``) and a sidebar."""
    entries = "".join(
        '<article class="m-articleWidget__wrap -listPost -smallEntryPost cf">'
        f'<h3 class="m-articleWidget__title"><a class="m-articleWidget__link" href="{_e(h)}">'
        f"Cikk {n}</a></h3></article>"
        for n, h in enumerate(hrefs)
    )
    pager = (
        f'<ul class="page-numbers"><li class="next-btn"><a class="next page-numbers"'
        f' href="{next_href}"><span>Korábbiak</span></a></li></ul>'
        if next_href
        else ""
    )
    link = f'<link rel="next" href="{next_href}">' if next_href else ""
    return (
        f'<!DOCTYPE html>\n<html lang="hu"><head><meta charset="UTF-8"><title>{_e(title)}'
        f" | 24.hu</title>{link}</head><body class='archive category-kulfold'>"
        '<div class="o-page hir24"><div class="row hir24-rovat -listPage">'
        f'<div class="o-list -listPostType article col-sm-9">{entries}{pager}</div>'
        '<div class="sidebar col-sm-3"><ul class="m-nonstopWidget__list"><li>'
        f'<a href="{ORIGIN}{SIDEBAR}">Friss</a></li>'
        "</ul></div></div></div></body></html>"
    )


def feed_xml(links: list[str]) -> str:
    items = "".join(
        f"<item><title>Cikk {n}</title><link>{_e(link)}</link>"
        f"<category><![CDATA[Külföld]]></category></item>"
        for n, link in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Külföld – 24.hu</title><link>{ORIGIN}</link>{items}</channel></rss>"
    )


# --- the site ---------------------------------------------------------------------------

# Backfill of this range reads the May day listings and April's month archive.
BACKFILL = (date(2024, 4, 10), date(2024, 5, 2))


def _story(path: str, published: str, seed: int, **values: Any) -> Story:
    slug = path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
    return Story(
        path=path,
        title=values.pop("title", slug.capitalize()),
        published=published,
        lead=values.pop("lead", sentences(seed + 50, 1)[0]),
        authors=values.pop("authors", ["Kertész Anna"]),
        tags=values.pop("tags", ["Európa", "politika"]),
        paragraphs=values.pop("paragraphs", sentences(seed, 4)),
    )


def _blog() -> Blog:
    clocks = [
        # page 3 (newest, at the article address), page 2, page 1 (oldest)
        [("00:20", "2024-05-04T00:20:00+02:00"), ("23:55", "2024-05-03T23:55:00+02:00")],
        [("23:10", "2024-05-03T23:10:00+02:00"), ("Frissítés", None)],
        [("22:45", "2024-05-03T22:45:00+02:00"), ("22:38", "2024-05-03T22:38:00+02:00")],
    ]
    pages = []
    number = 0
    for page in clocks:
        posts = []
        for clock, published in page:
            number += 1
            posts.append(
                Post(
                    key=f"note-{900 - number}",
                    clock=clock,
                    title=f"Percről percre: {number}. fejlemény",
                    paragraphs=sentences(100 + number, 2),
                    author="Vass Péter" if number % 2 else None,
                    published=published,
                )
            )
        pages.append(posts)
    return Blog(
        path=f"{K}/2024/05/03/valasztasi-ejszaka-elo/",
        title="Választási éjszaka percről percre",
        published="2024-05-03T22:40:00+02:00",
        lead="Lezárultak a szavazóhelyiségek.",
        authors=["Vass Péter"],
        tags=["választás"],
        intro=sentences(90, 2),
        pages=pages,
    )


class P24Standin:
    """24.hu's Külföld section in memory; ``resolve`` answers the server's requests."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.stories: dict[str, Story] = {}
        self.listed: set[str] = set()  # paths a regular run finds (feed, section page)
        self.archived: set[str] = set()  # paths only the date archives list
        self._never: list[str] = []

        first = _story(f"{K}/2024/05/03/uj-hid-a-dunan/", "2024-05-03T09:15:00+02:00", 1)
        first.authors = ["Kertész Anna", "Vass Péter"]
        second = _story(f"{K}/2024/05/03/sztrajk-a-vasutnal/", "2024-05-03T11:30:00+02:00", 2)
        second.lead = None
        relative = _story(f"{K}/2024/05/03/erdotuz-delen/", "2024-05-03T13:05:00+02:00", 3)
        target = _story(f"{K}/2024/05/03/uj-cim/", "2024-05-03T14:00:00+02:00", 4)
        flaky = _story(FLAKY, "2024-05-03T15:00:00+02:00", 5)
        self.blog = _blog()
        for story in (first, second, relative, target, flaky, self.blog):
            self._serve(story)
        self.listed |= {first.path, second.path, relative.path, target.path, flaky.path}
        self.listed.add(self.blog.path)
        # Every listing's sidebar links today's news: the section page's is read too.
        fresh = _story(SIDEBAR, "2024-05-06T08:00:00+02:00", 10)
        self._serve(fresh)
        self.listed.add(fresh.path)

        # Only the archives know these: April's month archive (three pages, newest first),
        # and the day listings of 2 May (two pages) and 1 May.
        april = [
            _story(f"{K}/2024/04/{d:02d}/aprilisi-hir-{d}/", f"2024-04-{d:02d}T10:00:00+02:00", d)
            for d in (30, 25, 20, 15, 12, 8, 5)
        ]
        may = [
            _story(f"{K}/2024/05/02/majusi-hir-{n}/", f"2024-05-02T1{n}:00:00+02:00", 40 + n)
            for n in (3, 2, 1)
        ] + [_story(f"{K}/2024/05/01/majus-elseje/", "2024-05-01T09:00:00+02:00", 44)]
        for story in april + may:
            self._serve(story)
            self.archived.add(story.path)
        self._listing(f"{K}/2024/04/", [april[0].url, april[1].url, april[2].url], 2)
        self._listing(f"{K}/2024/04/page/2/", [april[3].url, april[4].url, april[5].url], 3)
        self._listing(f"{K}/2024/04/page/3/", [april[6].url], 4)  # all before the range
        self._listing(f"{K}/2024/04/page/4/", [])
        self._never.append(f"{K}/2024/04/page/4/")  # the walk stops at page 3
        self._never += [april[5].path, april[6].path]  # listed, but before the range
        self._listing(f"{K}/2024/05/02/", [may[0].url, may[1].url], 2)
        self._listing(f"{K}/2024/05/02/page/2/", [may[2].url])
        self._listing(f"{K}/2024/05/01/", [may[3].url])

        # The section page: anchors, tracking, relative and protocol-relative links,
        # another section, a pager (a regular run reads page 1 only), and the traps.
        section = [
            f"{first.url}#kommentek",
            f"{self.blog.url}#note-899-a",
            f"{self.blog.url}2/",
            relative.path,
            second.url.replace("https:", ""),
            ORIGIN + REDIRECT_FROM,
            ORIGIN + MISSING,
            ORIGIN + PDF_PATH,
            ORIGIN + TRUNCATED,
            ORIGIN + CUT_IN_TRANSIT,
            ORIGIN + DISALLOWED,
            ORIGIN + OTHER_SECTION,
            f"{ORIGIN}/tag/europa/",
            f"{ORIGIN}/author/kerteszan/",
            "mailto:szerkesztoseg@24.hu",
        ]
        self._listing(f"{K}/", section, next_href=f"{ORIGIN}{K}/page/2/")
        self._never.append(f"{K}/page/2/")
        feed = [first.url, f"{second.url}?utm_source=rss&utm_medium=feed", flaky.url]
        self.routes[f"{K}/feed/"] = Route(body=feed_xml(feed).encode(), content_type=RSS)

        # Hostile cases: each costs one article at most.
        self.routes[REDIRECT_FROM] = redirect(target.url)
        self.routes[FLAKY].statuses = [500, 200]  # recovers on retry
        self.routes[PDF_PATH] = Route(body=b"%PDF-1.4 nem HTML", content_type=PDF, gzip=False)
        truncated = _story(TRUNCATED, "2024-05-03T16:00:00+02:00", 6)
        whole = article_html(truncated)
        self.routes[TRUNCATED] = Route(body=whole[: whole.index("</figure>")].encode(), gzip=False)
        cut = article_html(_story(CUT_IN_TRANSIT, "2024-05-03T16:30:00+02:00", 7)).encode()
        self.routes[CUT_IN_TRANSIT] = Route(body=cut, truncate_to=len(cut) // 2, gzip=False)
        self.routes[DISALLOWED] = Route(
            body=article_html(_story(DISALLOWED, "2024-05-03T17:00:00+02:00", 8)).encode()
        )
        self.routes[OTHER_SECTION] = Route(
            body=article_html(_story(OTHER_SECTION, "2024-05-03T08:00:00+02:00", 9)).encode()
        )
        self._never += [DISALLOWED, OTHER_SECTION, f"{self.blog.path}3/", "/tag/europa/"]
        self._never.append(f"{K}/2023/01/02/regi-cikk/")
        self.routes["/robots.txt"] = Route(
            body=robots_txt([DISALLOWED]).encode(), content_type=TEXT, gzip=False
        )

    # --- building -----------------------------------------------------------------------

    def _serve(self, story: Story) -> None:
        self.stories[story.path] = story
        if isinstance(story, Blog):
            count = len(story.pages)
            self.routes[story.path] = Route(body=liveblog_html(story, count).encode())
            for number in range(1, count + 1):
                # /N/ shows what the article address shows; a crawl must never read it.
                self.routes[f"{story.path}{number}/"] = Route(
                    body=liveblog_html(story, number).encode()
                )
            return
        self.routes[story.path] = Route(body=article_html(story).encode())

    def _listing(
        self, path: str, hrefs: list[str], next_page: int | None = None, next_href: str = ""
    ) -> None:
        if next_page is not None:
            base = path.split("page/")[0]
            next_href = f"{ORIGIN}{base}page/{next_page}/"
        self.routes[path] = Route(body=listing_html("Nagyvilág", hrefs, next_href).encode())

    # --- what the server asks -----------------------------------------------------------

    def resolve(self, target: str) -> Route | None:
        path = target.partition("?")[0]  # tracking parameters change nothing here
        return self.routes.get(path)

    # --- what a crawl must produce ------------------------------------------------------

    def expected_records(self, *, backfill: tuple[date, date] | None = None) -> list[dict]:
        paths = set(self.listed)
        if backfill is not None:
            paths |= {p for p in self.archived if backfill[0] <= self.stories[p].day <= backfill[1]}
        return [self.expected_record(p) for p in sorted(paths)]

    def expected_record(self, path: str) -> dict[str, Any]:
        story = self.stories[path]
        record: dict[str, Any] = {
            "url": story.url,
            "kind": "article",
            "title": story.title,
            "lead": story.lead,
            "authors": story.authors,
            "published": story.published,
            "tags": story.tags,
            "text": "\n\n".join(story.paragraphs),
            "posts": [],
        }
        if isinstance(story, Blog):
            posts = [
                {
                    "published": post.published,
                    "authors": [post.author] if post.author else [],
                    "title": post.title,
                    "text": "\n\n".join(post.paragraphs),
                }
                for post in story.posts()
            ]
            blocks = [*story.intro]
            for post in posts:
                blocks += [post["title"], post["text"]]
            record.update(kind="liveblog", posts=posts, text="\n\n".join(blocks))
        return record

    def never_fetch_paths(self) -> list[str]:
        return list(self._never)

    def boilerplate(self) -> list[str]:
        """Texts on the pages that are never body."""
        return [
            "Hirdetés",
            "Képaláírás",
            "Kapcsolódó",
            "Ajánlott régi cikk",
            "Kiemelt kép",
            "Ha kommentelni",
            "Nem követem",
            "Megosztás",
            "Korábbiak",
            "Új buszjárat",
        ]
