"""Everything the crawler knows about telex.hu.

URLs: articles at ``/<section>/YYYY/MM/DD/<slug>`` (no trailing slash); a live blog's
"live" address ``…/<slug>/elo`` and its further pages ``?oldal=N`` belong to the same
record. Sections are listed at ``/rovat/<section>?oldal=N`` (newest first, a numbered
pager); feeds at ``/rss`` (whole site) and ``/rss/<section>``. There is no day archive:
a backfill walks the section listing until a page lists only older articles.

Pages (Nuxt 2, server-rendered; two layouts, :class:`V2021` and :class:`V2022`): lead
``p.article__lead``, body ``div.article-html-content``. A "percről percre" live blog
(``div.liveblog``) shows its opening text there; its posts are often only in the
embedded ``window.__NUXT__`` state (the browser renders them), sometimes also in the HTML
(``div.sub-article > div.item``).
The state is read as data (:mod:`crawler.text.jsdata`, never executed) and wins when it can be
read: it carries each post's exact time, where the HTML prints only a UTC clock time. The
visible posts are the fallback; ``Page.via`` says which reading gave the posts.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from crawler.sites.base import (
    Budget,
    Listing,
    Page,
    PagePost,
    TooLarge,
    Unrecognised,
)
from crawler.sites.toolkit import (
    EMBEDS,
    Layout,
    PageContext,
    Portal,
    clock_times,
    forward_page,
    query_number,
    read_clock,
    same_origin,
)
from crawler.text.bodytext import NotBody, clean, paragraphs
from crawler.text.jsdata import NotData, read_expression
from crawler.text.jsdata import TooLarge as StateTooLarge
from crawler.text.metadata import Metadata, Selectors
from crawler.text.values import (
    BUDAPEST,
    from_timestamp,
    has_class,
    hungarian_datetime,
    iso_datetime,
    text_of,
    unique,
)

ORIGIN = "https://telex.hu"

# Inside a body: pictures and their captions (``long-img``, ``article_img``), embeds
# (``figure.media``, ``oembed``), ad and vote placeholders, recommendation boxes, the
# pager, share and support widgets, a quiz's hidden solution.
_NOT_BODY = EMBEDS | NotBody(
    tags=frozenset(
        {
            "figcaption",
            "oembed",
            "placeholder-view",
            "advanced-image",
            "campaign-container",
            "nav",
            "form",
        }
    ),
    classes=frozenset(
        {
            "long-img",
            "article_img",
            "cover-box",
            "cover_image_text",
            "media",
            "placeholder",
            "recommendation",
            "recommendation-block",
            "pagination",
            "top-section",
            "top-shr",
            "sidebar_container_",
            "article-bottom",
            "info-spacing-article",
            "adfree",
            "remp-banner",
            "hidden-content",
            "hidden-quiz__content",
            "hue-btn",
            "chapter--number",
            "message-box__avatar",
            "direkt--hint",
            "telex-links",
            # Posts, when a live blog's opening text holds them: they are read as posts.
            "sub-article",
        }
    ),
    ids=frozenset({"remp-campaign", "liveblog-items-container"}),
)

_BODIES = (
    f"//div[{has_class('article-html-content')}][not({has_class('article__lead')})]"
    f"[not(ancestor::div[{has_class('article-html-content')}])]"
    f"[not(ancestor::div[{has_class('sub-article')}])]"
    "[not(ancestor::*[@id='liveblog-items-container'])]"
)
_ARTICLE_CONTAINER = f"//div[@id='cikk-content'] | //div[{has_class('article_container_')}]"
# The page's own container says "liveblog" (listing items of live blogs in boxes do too,
# so not those); the posts' container is on article pages as well, empty.
_LIVE_MARK = (
    f"//div[{has_class('liveblog')}][not({has_class('listing_child')})]"
    f"[not(ancestor::*[{has_class('recommendation')} or {has_class('listing_child')}])]"
    f" | //div[{has_class('sub-article')}]"
)
_VISIBLE_POSTS = (
    f"//div[{has_class('sub-article')}]/div[{has_class('item')}]"
    f" | //*[@id='liveblog-items-container']/div[{has_class('item')}]"
)
_POST_TITLE = (
    f".//*[self::h1 or self::h2 or self::h3 or self::h4 or {has_class('title')}]"
    f"[not(ancestor::div[{has_class('article-html-content')}])]"
)
_POST_AUTHORS = (
    f".//*[{has_class('article_author')}]//em | .//*[{has_class('author__name')}]"
    f" | .//*[{has_class('article_author')}]//a"
)
_SECTION_LABELS = f"//div[{has_class('title-section__tags')}]//a"
_STATE_SCRIPT = "//script[not(@src)][starts-with(normalize-space(.), 'window.__NUXT__')]"
_STATE_PREFIX = re.compile(r"^\s*window\.__NUXT__\s*=\s*")
# Any link to the same address with ?oldal=N is the pager (div.pagination today).
_PAGER_LINKS = "//a[contains(@href, 'oldal=')]/@href"
_MAX_POSTS = 500  # per page; a real page has 30
_MAX_WALK = 100_000  # state nodes visited looking for the article


class V2021(Layout):
    """As served in January 2021: the byline ``div.top-section div.journalist div.author
    a.name``, the headline ``div.title-section h1``; live-blog posts rendered in the HTML
    (``div.sub-article > div.item``) as well as held in the state."""

    # A capture of 2021-01-30 is in it, one of 2022-06-13 in V2022.
    VALID_UNTIL = date(2022, 6, 13)
    _BYLINE = (
        f"//div[{has_class('top-section')}]//div[{has_class('author')}]//a[{has_class('name')}]"
    )
    selectors = Selectors(
        # ``h1.article_title``: the headline's class before 2021.
        title=f"//div[{has_class('title-section')}]//h1 | //h1[{has_class('article_title')}]",
        lead=f"//*[{has_class('article__lead')}]",
        authors=_BYLINE,
        title_affix=re.compile(r"^Telex:\s*"),
    )
    not_body = _NOT_BODY
    marker = _BYLINE

    def read(self, page: PageContext) -> Page:
        doc, url, budget = page.doc, page.url, page.budget
        canonical = page.site.article_url(url) or url
        bodies = doc.xpath(_BODIES)
        live = bool(doc.xpath(_LIVE_MARK))
        state = _State.of(doc, canonical) if live or not bodies else None
        if not bodies and not doc.xpath(_ARTICLE_CONTAINER) and (state is None or not state.ok):
            raise Unrecognised("no div.article-html-content, no article container, no state")
        live = live or (state is not None and state.kind == "liveblog")
        meta = _metadata(page, state)
        body = budget.body(p for el in bodies for p in _paragraphs(el))
        if not body and state is not None:
            body = budget.body(state.body)
        if not live:
            return Page.of("article", meta, paragraphs=body, next_page=_pager_next(doc, url))
        posts = state.posts(budget) if state is not None else None
        if state is not None and posts is not None:
            via, following = "state", state.next_page(url)
        else:
            items = doc.xpath(_VISIBLE_POSTS)
            if not items:
                # Neither the state nor the known markup holds posts: a layout this module
                # does not know; the generic reading keeps more than the opening text.
                raise Unrecognised("a live blog whose posts neither the state nor the HTML holds")
            posts = _printed_times(
                budget.posts(_visible_post(item) for item in items[:_MAX_POSTS]),
                items,
                meta.published,
            )
            via = "html"
            following = _pager_next(doc, url)
        return Page.of("liveblog", meta, paragraphs=body, posts=posts, next_page=following, via=via)


class V2022(V2021):
    """Since 2022 (captures of 2022): the headline in ``div.title-section__top h1``, the
    byline ``a.author__name``; a live blog's posts often only in the embedded state. The
    last resort for pages of neither byline."""

    VALID_UNTIL = None
    selectors = dataclasses.replace(
        V2021.selectors,
        # The byline, never a post's; the avatar link has the same class but no text.
        authors=(
            f"//div[{has_class('top-section')}]//*[{has_class('author__name')}]"
            f" | //div[@id='cikk-content']//div[{has_class('author__info')}]"
            f"//*[{has_class('author__name')}][not(ancestor::div[{has_class('sub-article')}])]"
            "[not(ancestor::*[@id='liveblog-items-container'])]"
        ),
    )
    marker = None


class Telex(Portal):
    name: ClassVar[str] = "telex.hu"
    origins: ClassVar[dict[str, str]] = same_origin(ORIGIN, "www.telex.hu")
    article_path = re.compile(
        r"^/(?P<section>[a-z0-9-]+)/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})"
        r"/(?P<slug>[A-Za-z0-9_.%-]+)(?:/elo)?/?$"
    )
    # The menu's sections (``/rovat/<slug>``): never an article's slug.
    section_slugs = frozenset(
        {
            "belfold",
            "kulfold",
            "gazdasag",
            "techtud",
            "kult",
            "sport",
            "eletmod",
            "velemeny",
            "english",
        }
    )
    first_day = date(2020, 1, 1)  # telex.hu started in 2020: no article URL is older
    listing_items = (f"//div[{has_class('listing_child')}]//a/@href", "//main//a/@href")
    layouts = (V2021(), V2022())

    def article_url(self, url: str) -> str | None:
        found = self.dated(url)
        if found is None:
            return None
        m = found.match
        # "/elo", "?oldal=N", tracking parameters and anchors all belong to the one record.
        return f"{found.origin}/{m['section']}/{m['y']}/{m['m']}/{m['d']}/{m['slug']}"

    def listings(self, section: str) -> list[Listing]:
        return [
            Listing(f"{ORIGIN}/rss/{section}", "feed"),
            Listing(f"{ORIGIN}/rss", "feed"),  # whole site: the spider keeps the section's
            Listing(f"{ORIGIN}/rovat/{section}"),
        ]

    def date_archives(self, section: str, first: date, last: date) -> list[Listing]:
        """The section listing from its first page, walked newest first; the spider stops
        when a page lists only articles older than ``first``. ``?oldal=1`` keeps it apart
        from the regular run's ``/rovat/<section>`` (one request each)."""
        self.archive_span(first, last)
        return [Listing(f"{ORIGIN}/rovat/{section}?oldal=1", walk=True)]

    def next_listing(self, doc: html.HtmlElement, url: str) -> str | None:
        """The pager's next page, only ever forward; with no pager at all (a redesign),
        the next number while the page lists articles (the walk stops on dates)."""
        path = urlsplit(url).path
        pager = doc.xpath(_PAGER_LINKS)
        following = forward_page(
            url, pager, _page_number, same=lambda target: urlsplit(target).path == path
        )
        if following:
            return urljoin(url, f"?oldal={following[0]}")
        if any(
            urlsplit(target := urljoin(url, href)).path == path and _page_number(target)
            for href in pager
        ):
            return None  # the last page
        if any(self.article_url(urljoin(url, href)) for href in self.listing_links(doc, url)):
            return urljoin(url, f"?oldal={(_page_number(url) or 1) + 1}")
        return None


def _metadata(page: PageContext, state: _State | None) -> Metadata:
    """The shared cascade with telex's selectors, times in Budapest, the state's values
    where the markup has none."""
    meta = page.metadata()
    meta.published = _budapest(meta.published) or (state.published if state else None)
    meta.modified = _budapest(meta.modified)
    if state is not None:
        meta.lead = meta.lead or state.lead
        meta.tags = meta.tags or state.tags
    # article:tag also names the sections the page shows as labels above the title (the
    # state names them too, where the server rendered no labels).
    labels = {text_of(a).casefold() for a in page.xpath(_SECTION_LABELS)}
    labels |= {label.casefold() for label in (state.labels if state is not None else [])}
    meta.tags = [tag for tag in meta.tags if tag.casefold() not in labels]
    return meta


# --- the embedded state -------------------------------------------------------------------


class _State:
    """The article as ``window.__NUXT__`` describes it (empty when it cannot be read)."""

    def __init__(self, article: dict[str, Any] | None, canonical: str) -> None:
        self.article = article or {}
        self.canonical = canonical

    @classmethod
    def of(cls, doc: html.HtmlElement, canonical: str) -> _State:
        scripts = doc.xpath(_STATE_SCRIPT)
        if not scripts:
            return cls(None, canonical)
        try:
            data = read_expression(_STATE_PREFIX.sub("", scripts[0].text or "", count=1))
        except StateTooLarge as exc:
            raise TooLarge(f"the window.__NUXT__ state: {exc}") from None
        except (NotData, RecursionError):
            return cls(None, canonical)
        # A page read at an address no article URL names (an older one) is the state's
        # own article, whatever its slug.
        slug = canonical.rstrip("/").rsplit("/", 1)[-1] if SITE.article_url(canonical) else None
        return cls(_find_article(data, slug), canonical)

    @property
    def ok(self) -> bool:
        return bool(self.article)

    @property
    def kind(self) -> str | None:
        value = self.article.get("type")
        return value if isinstance(value, str) else None

    @property
    def published(self) -> str | None:
        return _timestamp(self.article.get("pubDate"))

    @property
    def lead(self) -> str | None:
        return _plain(self.article.get("lead"))

    @property
    def tags(self) -> list[str]:
        tags = self.article.get("tags")
        return unique(_strings(t.get("name") for t in _dicts(tags)))

    @property
    def labels(self) -> list[str]:
        """The section labels the page shows above the title (``mainSuperTag``,
        ``superTags``), which ``article:tag`` lists among the tags."""
        main = self.article.get("mainSuperTag")
        supers = [main, *_dicts(self.article.get("superTags"))]
        return unique(_strings(t.get("name") for t in supers if isinstance(t, dict)))

    @property
    def body(self) -> list[str]:
        return _render(self.article.get("content"))

    @property
    def _pages(self) -> dict[str, Any] | None:
        sub = self.article.get("subArticles")
        if isinstance(sub, list):  # a bare list of posts: one page
            return {"items": sub}
        return sub if isinstance(sub, dict) and isinstance(sub.get("items"), list) else None

    def posts(self, budget: Budget) -> list[PagePost] | None:
        """This page's posts as shown: pinned ones on top, then the rest newest first;
        None when the state has no list. A pinned post listed again in its place is
        kept once (the crawl's merge drops the copies later pages repeat). Each post is
        charged to ``budget`` as soon as it is rendered: the state may refer to one long
        string from every post."""
        pages = self._pages
        if pages is None:
            return None
        pinned = pages.get("pinnedItems")
        entries = [*(pinned if isinstance(pinned, list) else []), *pages["items"]]
        posts: dict[str, PagePost] = {}
        for entry in _dicts(entries[:_MAX_POSTS]):
            post = entry.get("document", entry)  # {type, document} entries, or the posts
            if isinstance(post, dict) and (post.get("title") or post.get("content")):
                read = _state_post(post)
                key = read.key or str(len(posts))
                if key not in posts:
                    posts[key] = budget.post(read)
        return list(posts.values())

    def next_page(self, url: str) -> str | None:
        pages = self._pages
        if pages is None:
            return None
        page, total = pages.get("page"), pages.get("totalPages")
        if not (_is_int(page) and _is_int(total)):
            return None
        following = max(page, _page_number(url) or 1) + 1
        return f"{self.canonical}?oldal={following}" if following <= total else None


def _find_article(data: Any, slug: str | None) -> dict[str, Any] | None:
    """The state's article: Nuxt's ``data[i].article`` whose slug is the URL's (with the
    page's posts, ``data[i].subArticles``), else the first object anywhere with that slug
    and a body (a bounded walk, cycles skipped). Without a slug: the first article."""
    if isinstance(data, dict):
        for entry in _dicts(data.get("data")):
            article = entry.get("article")
            if isinstance(article, dict) and slug in (None, article.get("slug")):
                if "subArticles" not in article and isinstance(entry.get("subArticles"), dict):
                    return {**article, "subArticles": entry["subArticles"]}
                return article
    if slug is None:
        return None
    seen: set[int] = set()
    stack = [data]
    while stack and len(seen) < _MAX_WALK:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            if node.get("slug") == slug and ("content" in node or "subArticles" in node):
                return node
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return None


def _state_post(post: dict[str, Any]) -> PagePost:
    lead = _plain(post.get("lead"))
    return PagePost(
        key=str(post.get("id") or post.get("slug") or ""),
        published=_timestamp(post.get("pubDate")),
        authors=unique(_strings(a.get("name") for a in _dicts(post.get("articleAuthors")))),
        title=_plain(post.get("title")),
        paragraphs=([lead] if lead else []) + _render(post.get("content")),
    )


_FRAGMENT_PARSER = html.HTMLParser(remove_comments=True, no_network=True, huge_tree=False)


def _render(content: Any) -> list[str]:
    """An HTML fragment of the state as displayed, without the portal's non-body nodes."""
    if not isinstance(content, str) or not content.strip():
        return []
    try:
        root = html.fragment_fromstring(content, create_parent="div", parser=_FRAGMENT_PARSER)
    except (etree.ParserError, ValueError):
        return []
    return _paragraphs(root)


def _paragraphs(element: etree._Element, not_body: NotBody = _NOT_BODY) -> list[str]:
    return paragraphs(element, not_body=not_body, skip=_is_embed)


def _is_embed(node: etree._Element) -> bool:
    """An embed placeholder (``<div data-oembed-url=…>``): its fallback text is not body."""
    return node.get("data-oembed-url") is not None


def _plain(value: Any) -> str | None:
    """A state string that may carry inline markup, as one line of text."""
    if not isinstance(value, str):
        return None
    if "<" in value:
        return " ".join(_render(value)) or None
    return clean(value) or None


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        yield from (v for v in value if isinstance(v, dict))


def _strings(values: Iterable[Any]) -> Iterator[str]:
    return (v for v in values if isinstance(v, str))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _timestamp(value: Any) -> str | None:
    return from_timestamp(value) if _is_int(value) or isinstance(value, float) else None


# --- the visible HTML -------------------------------------------------------------------


def _visible_post(item: html.HtmlElement) -> PagePost:
    titles = item.xpath(_POST_TITLE)
    title = titles[0] if titles else None
    bodies = item.xpath(f".//div[{has_class('article-html-content')}]")
    if bodies:
        text = [p for body in bodies for p in _paragraphs(body)]
    else:
        header = _NOT_BODY | NotBody(classes=frozenset({"article_date", "article_author"}))
        text = paragraphs(item, not_body=header, skip=lambda node: node is title or _is_embed(node))
    stamps = item.xpath(".//time/@datetime | .//*[@data-timestamp]/@data-timestamp")
    return PagePost(
        key=item.get("id") or "",
        published=next(filter(None, (_when(s) for s in stamps)), None),
        authors=unique(text_of(a) for a in item.xpath(_POST_AUTHORS)),
        title=text_of(title) or None,
        paragraphs=text,
    )


# Where a post rendered in the HTML prints its time: "2021. január 21. – 11:47" beside the
# author (2021), "11:47" above the title (visible posts without the state).
_POST_PRINTED_TIME = (
    f".//*[{has_class('article_right_date')}] | .//*[{has_class('article_date')}]"
    "[not(.//h1 or .//h2 or .//h3 or .//h4)]"
)


def _printed_times(
    posts: list[PagePost], items: list[html.HtmlElement], opened: str | None
) -> list[PagePost]:
    """Posts without a machine-readable time take the one they print: a full date, or a
    clock time placed on its day from the blog's start (:func:`clock_times`)."""
    printed = [
        " ".join(text_of(node) for node in item.xpath(_POST_PRINTED_TIME))
        for item in items[: len(posts)]
    ]
    dated = [hungarian_datetime(text) for text in printed]
    clocks = [
        None if post.published or when else read_clock(text, anywhere=True)
        for post, when, text in zip(posts, dated, printed, strict=True)
    ]
    placed = clock_times(clocks, opened)
    return [
        post if post.published else dataclasses.replace(post, published=_budapest(when or clock))
        for post, when, clock in zip(posts, dated, placed, strict=True)
    ]


def _when(value: str) -> str | None:
    value = value.strip()
    return from_timestamp(value) if value.isdigit() else _budapest(iso_datetime(value))


def _pager_next(doc: html.HtmlElement, url: str) -> str | None:
    """The next page of this article its links name (``?oldal=N``), only ever forward."""
    canonical = SITE.article_url(url)
    if canonical is None:
        return None
    following = forward_page(
        url,
        doc.xpath(_PAGER_LINKS),
        _page_number,
        same=lambda target: SITE.article_url(target) == canonical,
    )
    return f"{canonical}?oldal={following[0]}" if following else None


# --- small helpers ------------------------------------------------------------------------


def _page_number(url: str) -> int | None:
    return query_number(url, "oldal")


def _budapest(value: str | None) -> str | None:
    """An ISO time with an offset, as Budapest wall-clock time (meta tags state UTC)."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return value
    if when.tzinfo is None:
        return value
    return when.astimezone(BUDAPEST).replace(microsecond=0).isoformat()


SITE = Telex()
