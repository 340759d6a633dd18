"""Any page whose markup no site module knows: a host without a module, or a redesign.

trafilatura decides *what* is the article (its main-content detection is the best general
judge we have); :mod:`crawler.text.bodytext` decides *how it reads*. trafilatura's own text
merges nested blocks and collapses ``<br><br>``, so its answer is not the text: the page
is rendered as displayed, and a rendered paragraph is kept when it is where
trafilatura's text has it (in order, compared without white space or the cells' " | ").
trafilatura skips some paragraphs of the article it chose (text in bare ``<div>``s): a
long paragraph standing between two kept ones, beside them in the same container,
outside links, boxes and captions, is kept too.
Reader appeals (donations, subscriptions, newsletters, apps, push notifications,
"continue on the next page") are dropped by pattern, and a small box around one (a
subscription offer) goes with it; so are other sites' embeds (a tweet's fallback text),
captions and photo or source credit lines ("Fotó: …", "Forrás: …").

A live blog (:mod:`crawler.sites.generic_liveblog`: repeated time-stamped post blocks, or
JSON-LD ``LiveBlogPosting`` updates) is read as its posts; its opening text is the
article above the feed, and its own metadata is read from the page without the feed, so
a post's time or byline never becomes the page's.

Metadata comes from the shared cascade with no site selectors; what the page's own
metadata lacks is read from what it prints inside the article (not menus, sidebars or
comments): a byline ("Szerző: …", author links, a name before " | "), a date
("2015. január 07. | 16:46", "január 7., 16:46"; not a "Frissítve: …" line) when the
metadata states none that is plausible (a JSON-LD ``datePublished`` of ``4`` is none); a
stated minute takes its seconds from the article's ``<time datetime>``. The lead is an
element the page marks as one (class words lead, subtitle, excerpt, perex …) between the
headline and the body, else a standfirst the page sets apart (a sentence in a heading
right under the headline, or all in bold, opening the body), else the first paragraph
when it is what the page's description says. Short lines above the headline (a kicker,
a "Percről percre" badge) are not text.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree, html

from crawler.sites.base import Budget, Listing, Page, Reading, Site, budget_of
from crawler.sites.generic_liveblog import (
    Feed,
    find_feed,
    is_hinted_by_ld,
    is_live_page,
    ld_posts,
    post_times,
    within,
)
from crawler.sites.toolkit import EMBEDS
from crawler.text.bodytext import NotBody, class_words, clean, is_hidden, paragraphs
from crawler.text.boilerplate import is_credit_line, is_reader_appeal, is_related_label
from crawler.text.credits import bare_credits, merged, split_credits
from crawler.text.metadata import (
    Metadata,
    Selectors,
    brands_of,
    meta_tags,
    printed_authors,
    printed_credits,
    printed_modified,
    printed_published,
    printed_tags,
    read_metadata,
    signature,
    stated_published,
)
from crawler.text.values import DateWindow, first, iso_datetime, text_of

GENERIC_SELECTORS = Selectors(title="(//article//h1)[1] | (//main//h1)[1]")

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid)$", re.IGNORECASE)
_SQUASH = re.compile(r"\s+")
_LONG = 40  # squashed characters: a paragraph this long is body wherever trafilatura has it
_SLACK = 12  # characters trafilatura may have between two kept paragraphs
_MAX_BLOCKS = 3000  # rendered blocks of one page looked up in trafilatura's text
_TRAFILATURA_BLOCKS = frozenset({"p", "head", "item", "cell", "quote", "code"})
_RECOVER = 40  # characters of a paragraph trafilatura skipped between two kept ones
_MAX_GAP = 40  # paragraphs between two kept ones looked at for recovery
_MEDIA_TAGS = ("img", "picture", "video", "iframe", "figure", "svg", "object", "embed")
_BOX_DEPTH = 3
_CAPTION_CHARS = 300
_CAPTION_CLASS = re.compile(
    r"(?:^|[-_])(?:caption|wp-caption-text|felirat\w*|alairas|kepalairas|kepala|kepfelirat"
    r"|photo-?credit|image-?(?:desc\w*|text)|img-?desc\w*)(?:$|[-_])",
    re.IGNORECASE,
)  # levels between a recovered box's paragraph and the text's container
_BOX_CHARS = 1500  # an appeal's box is small…
_BOX_PARAGRAPHS = 8
_MAX_APPEAL_BOXES = 20
_LEAD_CHARS = (30, 1500)
_STANDFIRST_CHARS = 60  # a standfirst is a sentence or two, not a subheading
_SENTENCE_END = (".", "!", "?", "…", "”", '"')
_MAX_TIMES = 20  # <time> elements of an article looked at for a stated time's seconds
_SITE_SUFFIX = re.compile(r"\s+[-|–—:]\s+(?P<name>[^-|–—:]{2,40})$")
_URL_DAY_SLACK = timedelta(days=7)  # a page may be updated days after the day it carries
_HEADER_LINE = 60  # a byline piece is a short line
_TAG_LEVELS = 4  # containers above the headline looked in for the tag row
# A printed day: "2014 március 2., vasárnap", "2021. 10. 27.", "13:05".
_PRINTED_DAY = re.compile(
    r"\b(?:19|20)\d{2}\.?\s*(?:\d{1,2}\.|január|február|március|április|május|június|július"
    r"|augusztus|szeptember|október|november|december|jan|febr?|márc|ápr|máj|jún|júl|aug|szept?"
    r"|okt|nov|dec)|\b\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)
# Never body on any host: other sites' embeds (a tweet's fallback text), captions, forms
# and menus. Not whole figures: WordPress wraps tables and pull quotes in them.
_NOT_BODY = EMBEDS | NotBody(
    tags=frozenset({"figcaption", "form", "nav"}),
    classes=frozenset({"wp-caption-text", "wp-block-embed"}),
)
_NOT_BODY_TAGS = frozenset({"figure", "figcaption", "aside", "nav", "form", "footer", "header"})
_NOT_BODY_CLASS = re.compile(
    r"(?:^|[-_])(?:share\w*|social|fb|tags?|cimkek?|related|kapcsolodo\w*|ajanlo\w*|recommend\w*"
    r"|advert\w*|ads?|banner\w*|hirdetes\w*|newsletter|hirlevel\w*|promo|caption|credit"
    r"|comments?|author\w*|byline)(?:$|[-_])",
    re.IGNORECASE,
)
_LEAD_CLASS = re.compile(
    r"(?:^|[-_])(?:lead|lede|standfirst|bevezeto\w*|kivonat|subtitle|excerpt|perex)(?:$|[-_])",
    re.IGNORECASE,
)
_LEAD_ELEMENTS = (
    "//*[contains(@class, 'lead') or contains(@class, 'Lead') or contains(@class, 'lede')"
    " or contains(@class, 'standfirst') or contains(@class, 'bevezet') or contains(@class,"
    " 'kivonat') or contains(@class, 'subtitle')"
    " or contains(@class, 'excerpt') or contains(@class, 'perex')]"
    "[not(ancestor::a)]"
)
_URL_DAY = re.compile(
    r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?:/|$)|/((?:19|20)\d{2})(\d{2})(\d{2})[_/-]"
)


class Generic(Site):
    name: ClassVar[str] = "generic"
    hosts: ClassVar[frozenset[str]] = frozenset()

    def article_url(self, url: str) -> str | None:
        """The URL without its fragment and tracking parameters."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)])
        return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", query, ""))

    def listings(self, section: str) -> list[Listing]:
        return []

    def parse(self, doc: html.HtmlElement, url: str, reading: Reading | None = None) -> Page:
        window = self.dates(reading)
        near = reading.fetched if reading is not None and reading.fetched else datetime.now(UTC)
        # A date printed without its year is read as of the day the address carries,
        # when it carries one (an archived page is read years after it appeared).
        day = _url_day(url)
        if day is not None:
            near = min(near, datetime.fromisoformat(day).replace(tzinfo=UTC) + _URL_DAY_SLACK)
        budget = budget_of(reading)
        ld_live = is_hinted_by_ld(doc)
        hinted = ld_live or is_live_page(_page_titles(doc), url)
        feed = find_feed(doc, near=near, hinted=hinted, url=url)
        if feed is not None:
            return self._liveblog(doc, url, feed, window, near, budget)
        article = _read_article(doc, doc, url, window, near)
        posts = ld_posts(doc) if ld_live else []
        if posts:
            # The posts are not in the markup as a feed; what of them the body shows is
            # theirs, not the opening's.
            said = {_squash(p) for post in posts for p in post.paragraphs}
            opening = [p for p in article.body if _squash(p) not in said]
            page = Page.of(
                "liveblog",
                article.meta,
                paragraphs=budget.body(opening),
                posts=budget.posts(posts),
                generic=True,
            )
        else:
            page = Page.of(
                "article", article.meta, paragraphs=budget.body(article.body), generic=True
            )
        page.lead = article.lead
        return page

    def _liveblog(
        self,
        doc: html.HtmlElement,
        url: str,
        feed: Feed,
        window: DateWindow,
        near: datetime,
        budget: Budget,
    ) -> Page:
        # The page's own metadata from the page without its posts, its opening text from
        # what stands above the first post.
        meta_doc = _copy_without(doc, feed.elements)
        opening_doc, anchor = _copy_before(doc, feed.elements[0])
        article = _read_article(meta_doc, opening_doc, url, window, near, anchor=anchor)
        post_times(feed, article.meta.published, _url_day(url))
        # A post signed by a desk or an agency ("MTI", a closing "(MTI)") credits the page.
        brands = brands_of(meta_doc, url)
        for post in feed.posts:
            post.authors, desks = split_credits(post.authors, brands)
            article.meta.credits = merged(article.meta.credits, desks)
        page = Page.of(
            "liveblog",
            article.meta,
            paragraphs=budget.body(article.body),
            posts=budget.posts(feed.posts),
            generic=True,
        )
        page.lead = article.lead
        return page


@dataclass
class Article:
    meta: Metadata
    lead: str | None
    body: list[str]


@dataclass
class Body:
    """The article's paragraphs as displayed and the block element each comes from."""

    paragraphs: list[str]
    owners: list[etree._Element]


def _read_article(
    meta_doc: html.HtmlElement,
    body_doc: html.HtmlElement,
    url: str,
    window: DateWindow,
    near: datetime,
    *,
    anchor: etree._Element | None = None,
) -> Article:
    """Metadata from ``meta_doc``, body and what the article prints from ``body_doc``;
    with ``anchor`` (where a live feed began), only body above it, in its article."""
    meta = read_metadata(meta_doc, url, GENERIC_SELECTORS, window)
    meta.title = _without_site_name(
        meta.title, first(meta_tags(meta_doc).get("og:site_name", ())), url
    )
    meta.title = _shown_title(meta_doc, meta.title)
    body = read_body(body_doc)
    title_el = _title_element(body_doc, meta.title)
    if anchor is not None:
        scope = _common_ancestor(title_el, anchor) if title_el is not None else anchor
        body = _opening(_within_scope(body, scope), scope, title_el)
    else:
        scope = _scope(body_doc, body, title_el)
    if scope is not None:
        # The printed byline names people, desks and agencies; what the metadata already
        # gave its people, it still gives its desks ("Bognár Dániel / hirado.hu"), and
        # a source line names more ("Forrás: MTI").
        brands = brands_of(meta_doc, url)
        # A page may sign below its text, in a box beside the article's own ("Horváth
        # Gergely, MTI"): a signature line is looked for one level up.
        around = scope.getparent() if scope.getparent() is not None else scope
        printed = printed_authors(scope, brands) or signature(around, brands)
        people, desks = split_credits(printed, brands)
        if not meta.authors:
            meta.authors = people
        meta.credits = merged(meta.credits, desks, printed_credits(scope, brands))
        # The tag row the page prints is its tags (a meta list may hold only some).
        meta.tags = _shown_tags(meta_doc, meta.title) or printed_tags(around) or meta.tags
    if scope is not None:
        stated = stated_published(meta_doc, window)
        printed, skipped = printed_published(scope, window, near)
        if stated is None and printed is not None:
            meta.published = printed
        else:
            meta.published = _with_seconds(scope, meta.published)
        if stated is None and skipped and not meta.implausible_dates:
            meta.implausible_dates = 1
        if meta.modified is None:
            meta.modified = printed_modified(scope, window, near)
    # Byline and date lines between the headline and a lead element are not where the
    # body begins (they are dropped again below, where they follow the lead).
    body = _without_header_lines(_without_headline(body, title_el, meta.title))
    lead = meta.lead
    lead_el = _lead_element(body_doc, title_el, body) if lead is None else None
    if lead_el is not None:
        blocks = [p for p in paragraphs(lead_el) if not is_reader_appeal(p)]
        lead = "\n\n".join(blocks) or None
        said = {_squash(b) for b in blocks}
        body = _drop(
            body, lambda i: within(body.owners[i], lead_el) or _squash(body.paragraphs[i]) in said
        )
    body = _without_header_lines(body)
    texts = [p for p in body.paragraphs if not is_credit_line(p)]
    # A paragraph that is only "(MTI)" credits the text and is not part of it.
    meta.credits = merged(meta.credits, [c for p in texts for c in bare_credits(p)])
    texts = [p for p in texts if not bare_credits(p)]
    if lead is None and texts and _is_description(texts[0], meta.description):
        lead, texts = texts[0], texts[1:]
    return Article(meta, lead, texts)


# --- the body ---------------------------------------------------------------------------


def main_paragraphs(doc: html.HtmlElement) -> list[str]:
    """The page's article text as displayed, where trafilatura finds the article."""
    return read_body(doc).paragraphs


def read_body(doc: html.HtmlElement) -> Body:
    """The article trafilatura chooses, rendered as displayed (see the module docstring)."""
    import trafilatura  # heavy: loaded by the first generic page only

    result = trafilatura.bare_extraction(
        copy.deepcopy(doc),
        include_comments=False,
        include_tables=True,
        with_metadata=False,
        deduplicate=False,
    )
    if result is None or result.body is None:
        return Body([], [])
    chosen = _key("".join(result.body.itertext()))
    blocks = {
        _key("".join(node.itertext()))
        for node in result.body.iter()
        if node.tag in _TRAFILATURA_BLOCKS
    }
    root = doc.find("body") if doc.find("body") is not None else doc
    owners: list[etree._Element] = []
    rendered = paragraphs(root, not_body=_NOT_BODY, owners=owners)[:_MAX_BLOCKS]
    kept: list[int] = []
    position = 0
    # Bounded: each lookup scans trafilatura's text, so a page of countless tiny blocks
    # must not cost their product.
    for index, paragraph in enumerate(rendered):
        squashed = _key(paragraph)
        found = chosen.find(squashed, position)
        if found < 0:
            continue
        near = found - position <= _SLACK
        if near or len(squashed) >= _LONG or squashed in blocks:
            kept.append(index)
            position = found + len(squashed)
    kept = sorted(set(kept) | set(_recovered(rendered, owners, kept)))
    kept = _without_appeals(rendered, owners, kept)
    kept = [i for i in kept if not _is_caption(owners[i], len(rendered[i]))]
    return Body([rendered[i] for i in kept], [owners[i] for i in kept])


def _is_caption(owner: etree._Element, chars: int) -> bool:
    """A photo's caption or credit: classed so (``kepalairas``, ``caption`` …), or the
    short text of a small box around an image."""
    node: etree._Element | None = owner
    for _ in range(3):
        if node is None or node.tag in ("body", "article", "main"):
            break
        if _classed(node, _CAPTION_CLASS):
            return True
        node = node.getparent()
    parent = owner.getparent()
    if parent is None or chars > _CAPTION_CHARS or parent.tag in ("body", "article", "main"):
        return False
    if next(parent.iter("img", "picture"), None) is None:
        return False
    return len(text_of(parent)) <= _CAPTION_CHARS + 100


def _recovered(rendered: list[str], owners: list[etree._Element], kept: list[int]) -> list[int]:
    """Paragraphs trafilatura skipped between two it kept, beside them in their container."""
    found: list[int] = []
    for before, after in pairwise(kept):
        if after - before < 2 or after - before > _MAX_GAP:
            continue
        parents = {owners[before].getparent(), owners[after].getparent()}
        boxes: dict[etree._Element, bool] = {}
        for index in range(before + 1, after):
            owner = owners[index]
            if owner.getparent() in parents:
                if _reads_as_body(rendered[index], owner) or _is_subheading(rendered[index], owner):
                    found.append(index)
                continue
            box = _box_in(owner, parents)
            if box is None:
                continue
            if box not in boxes:
                boxes[box] = _reads_as_box(box)
            if boxes[box] and _is_box_line(rendered[index]):
                found.append(index)
    return found


def _is_subheading(text: str, owner: etree._Element) -> bool:
    """A subheading in the text's flow (``<h2>`` between two of its paragraphs), however
    short; not a box's label ("Kapcsolódó", "Ez is érdekelheti") nor an appeal."""
    return (
        owner.tag in ("h2", "h3", "h4")
        and any(c.isalpha() for c in text)
        and len(text) <= _CAPTION_CHARS
        and not is_reader_appeal(text)
        and not is_related_label(text)
        and not is_hidden(owner)
        and not _classed(owner, _NOT_BODY_CLASS)
    )


def _box_in(owner: etree._Element, parents: set) -> etree._Element | None:
    """The element holding ``owner`` that stands in the text flow beside kept paragraphs
    (a fact box: a match's result, a list of figures), a few levels up at most."""
    node = owner
    for _ in range(_BOX_DEPTH):
        parent = node.getparent()
        if parent is None:
            return None
        if parent in parents:
            return node
        node = parent
    return None


def _reads_as_box(box: etree._Element) -> bool:
    """A box in the text that is text: not a link list, an ad, a share or related box, a
    photo."""
    node: etree._Element | None = box
    for _ in range(3):
        if node is None:
            break
        if node.tag in _NOT_BODY_TAGS or is_hidden(node) or _classed(node, _NOT_BODY_CLASS):
            return False
        node = node.getparent()
    if next(box.iter(*_MEDIA_TAGS), None) is not None:
        return False  # a photo with its caption, a video, an embed
    text = text_of(box)
    linked = sum(len(text_of(a)) for a in box.iter("a"))
    return len(text) >= _RECOVER and linked * 2 < len(text) and not is_reader_appeal(text[:300])


def _is_box_line(text: str) -> bool:
    return (
        any(c.isalnum() for c in text) and not is_reader_appeal(text) and not is_credit_line(text)
    )


def _reads_as_body(text: str, owner: etree._Element) -> bool:
    if len(_squash(text)) < _RECOVER or is_reader_appeal(text) or is_credit_line(text):
        return False
    node: etree._Element | None = owner
    for _ in range(4):
        if node is None:
            break
        if node.tag in _NOT_BODY_TAGS or is_hidden(node) or _classed(node, _NOT_BODY_CLASS):
            return False
        node = node.getparent()
    linked = sum(len(text_of(a)) for a in owner.iter("a"))
    return linked * 2 < len(clean(text))


def _without_appeals(
    rendered: list[str], owners: list[etree._Element], kept: list[int]
) -> list[int]:
    """Kept paragraphs without reader appeals, and without the small box around one
    (a subscription offer's heading, pitch and button go with its price line). The
    appeal itself may be one trafilatura left out, among the kept ones."""
    if not kept:
        return kept
    span = range(kept[0], kept[-1] + 1)
    appeals = [i for i in span if is_reader_appeal(rendered[i])]
    if not appeals:
        return kept
    total = sum(len(rendered[i]) for i in kept)
    dropped = set(appeals)
    for index in appeals[:_MAX_APPEAL_BOXES]:
        box = _box_of(owners[index], rendered, owners, kept, total)
        if box is not None:
            dropped.update(i for i in kept if within(owners[i], box))
    return [i for i in kept if i not in dropped]


def _box_of(
    owner: etree._Element,
    rendered: list[str],
    owners: list[etree._Element],
    kept: list[int],
    total: int,
) -> etree._Element | None:
    box = None
    node = owner
    for _ in range(4):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        members = [i for i in kept if within(owners[i], parent)]
        chars = sum(len(rendered[i]) for i in members)
        if len(members) > _BOX_PARAGRAPHS or chars > _BOX_CHARS:
            break
        # The article's own container is no box: it holds where the text begins, or
        # most of it.
        if kept[0] in members or chars * 4 > total * 3 or _classed(parent, _LEAD_CLASS):
            break  # (a lead's list may end with an appeal: the lead is read apart)
        if _is_text_block(parent, owners, kept):
            break  # one of the blocks the text is split into, not an offer's box
        box = node = parent
    return box


def _is_text_block(element: etree._Element, owners: list[etree._Element], kept: list[int]) -> bool:
    """``element`` has a sibling of its shape (tag and class) holding kept text: the
    article's text comes in such blocks (``div.block-content`` × 3)."""
    parent = element.getparent()
    if parent is None:
        return False
    shape = (element.tag, element.get("class"))
    siblings = [s for s in parent if s is not element and (s.tag, s.get("class")) == shape]
    return any(within(owners[i], s) for s in siblings[:20] for i in kept)


def _drop(body: Body, gone: Callable[[int], bool]) -> Body:
    keep = [i for i in range(len(body.paragraphs)) if not gone(i)]
    return Body([body.paragraphs[i] for i in keep], [body.owners[i] for i in keep])


def _page_titles(doc: html.HtmlElement) -> str:
    """What the page calls itself: its ``<title>``, ``og:title`` and first headline (any of
    them may say "percről percre" when the others do not)."""
    headline = next(iter(doc.xpath("//body//h1")[:1]), None)
    said = [doc.findtext(".//title"), first(meta_tags(doc).get("og:title", ()))]
    return " | ".join(t for t in [*said, text_of(headline)] if t)


def _without_site_name(title: str | None, site_name: str | None, url: str) -> str | None:
    """The title without the portal's name that ``og:title`` often carries ("Real
    Madrid-Barcelona ÉLŐ - 444"): its ``og:site_name`` or its host's name."""
    if not title:
        return title
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    names = {n.casefold() for n in (site_name, host, host.split(".")[0]) if n}
    match = _SITE_SUFFIX.search(title)
    if match and match["name"].casefold() in names and match.start() > 0:
        return title[: match.start()].rstrip()
    return title


_WORD = re.compile(r"\w+")


def _shown_title(doc: html.HtmlElement, title: str | None) -> str | None:
    """The headline the page shows when its metadata words it otherwise ("Élő: …",
    "… – így búcsúztatta az ország 2019-et" for the share cards): the page's one ``h1``
    outside its header, menus and links, when it says mostly the same words (a logo's
    ``h1`` does not)."""
    if not title:
        return title
    headings = doc.xpath(
        "//body//h1[not(ancestor::header or ancestor::nav or ancestor::aside"
        " or ancestor::footer or ancestor::a)]"
    )[:3]
    if len(headings) != 1:
        return title
    shown = text_of(headings[0])
    words = [w.casefold() for w in _WORD.findall(shown)]
    said = {w.casefold() for w in _WORD.findall(title)}
    if len(words) < 2 or sum(w in said for w in words) * 2 < len(words):
        return title
    return shown


def _shown_tags(doc: html.HtmlElement, title: str | None) -> list[str]:
    """The tag row nearest the headline: in its container, else a few levels up (a live
    blog's tags follow its feed, which ``doc`` no longer holds)."""
    node = _title_element(doc, title)
    for _ in range(_TAG_LEVELS):
        node = node.getparent() if node is not None else None
        if node is None or node.tag in ("html", "body"):
            break
        if tags := printed_tags(node):
            return tags
    return []


def _without_headline(body: Body, title_el: etree._Element | None, title: str | None) -> Body:
    """The body without the headline, which trafilatura sometimes keeps."""
    body = _drop(body, lambda i: title_el is not None and within(body.owners[i], title_el))
    if body.paragraphs and title and _squash(body.paragraphs[0]) == _squash(title):
        body = Body(body.paragraphs[1:], body.owners[1:])
    if title_el is None or not body.paragraphs or len(body.paragraphs[0]) > _HEADER_LINE:
        return body
    # A short line above the headline is its kicker or badge ("Percről percre", a
    # rubric), not text: the body starts below the headline.
    order = {el: i for i, el in enumerate(title_el.getroottree().getroot().iter())}
    at = order.get(title_el, -1)
    start = 0
    for paragraph, owner in zip(body.paragraphs, body.owners, strict=True):
        if len(paragraph) > _HEADER_LINE or order.get(owner, at + 1) > at:
            break
        start += 1
    return Body(body.paragraphs[start:], body.owners[start:])


def _without_header_lines(body: Body) -> Body:
    """The body without the byline pieces above its text that a reading of the page's top
    keeps: an author or section link, a date, a comment count, each a short line."""
    start = 0
    for paragraph, owner in zip(body.paragraphs, body.owners, strict=True):
        short = len(paragraph) <= _HEADER_LINE and _is_header_line(paragraph, owner)
        if not short and not _is_dates_line(paragraph):
            break
        start += 1
    return Body(body.paragraphs[start:], body.owners[start:])


def _is_dates_line(paragraph: str) -> bool:
    """A line that only prints dates, perhaps with their labels and weekdays ("2022.
    augusztus 20. szombat 15:30 Frissítve: 2022. 08. 20. 22:10")."""
    if len(paragraph) > 2 * _HEADER_LINE or not _PRINTED_DAY.search(paragraph):
        return False
    rest = _PRINTED_DAY.sub(" ", paragraph)
    words = [w for w in re.split(r"[\W\d_]+", rest) if w]
    return len(words) <= 3


def _is_header_line(paragraph: str, owner: etree._Element) -> bool:
    text = clean(paragraph)
    if not any(c.isalpha() for c in text) or _PRINTED_DAY.search(text):
        return True
    # A line that is only links: all of its block's (an author link, a section kicker),
    # or one of them when the block holds more (a header's kicker beside its byline).
    links = [text_of(a) for a in owner.iter("a")][:20]
    squashed = _squash(text)
    return bool(links) and (
        _squash(" ".join(links)) == squashed or any(_squash(link) == squashed for link in links)
    )


def _opening(body: Body, scope: etree._Element, title_el: etree._Element | None) -> Body:
    """A live blog's opening text: what trafilatura kept above the feed, and the other
    paragraphs between the headline and the feed that read as text (trafilatura, shown
    a page cut at its feed, often keeps only one of its blocks)."""
    if scope.tag in ("html", "body"):
        return body
    owners: list[etree._Element] = []
    rendered = paragraphs(scope, not_body=_NOT_BODY, owners=owners)[:_MAX_BLOCKS]
    order = {el: i for i, el in enumerate(scope.iter())}
    after = order.get(title_el, -1) if title_el is not None else -1
    kept = {(_squash(p), o) for p, o in zip(body.paragraphs, body.owners, strict=True)}
    texts: list[str] = []
    found: list[etree._Element] = []
    for paragraph, owner in zip(rendered, owners, strict=True):
        if (_squash(paragraph), owner) in kept or (
            order.get(owner, -1) > after
            and _reads_as_body(paragraph, owner)
            and not _is_dates_line(paragraph)
        ):
            texts.append(paragraph)
            found.append(owner)
    return Body(texts, found) if len(texts) >= len(body.paragraphs) else body


def _within_scope(body: Body, scope: etree._Element | None) -> Body:
    if scope is None or scope.tag in ("html", "body"):
        return body
    return _drop(body, lambda i: not within(body.owners[i], scope))


# --- what the article prints ------------------------------------------------------------


def _title_element(doc: html.HtmlElement, title: str | None) -> etree._Element | None:
    """The headline as the page shows it: the ``h1`` saying the title, else the first."""
    headings = doc.xpath("//body//h1")[:10]
    if title:
        for heading in headings:
            if _squash(text_of(heading)) == _squash(title):
                return heading
    return headings[0] if headings else None


def _scope(
    doc: html.HtmlElement, body: Body, title_el: etree._Element | None
) -> etree._Element | None:
    """The article around its body: from its headline (when the page has one near it)."""
    if not body.owners:
        return title_el.getparent() if title_el is not None else None
    container = body.owners[0]
    for owner in body.owners[1 :: max(1, len(body.owners) // 8)] + body.owners[-1:]:
        container = _common_ancestor(container, owner)
    if title_el is not None:
        return _common_ancestor(title_el, container)
    parent = container.getparent()
    return parent if parent is not None else container


def _with_seconds(scope: etree._Element, stated: str | None) -> str | None:
    """``stated`` as a ``<time datetime>`` of the article gives it, when that is the same
    minute with its seconds (meta tags often round them away)."""
    coarse = _aware(stated)
    if coarse is None or coarse.second:
        return stated
    for element in scope.xpath(".//time[@datetime]")[:_MAX_TIMES]:
        fine = _aware(iso_datetime(element.get("datetime")))
        if fine is not None and fine.second and abs(fine - coarse).total_seconds() < 60:
            return fine.isoformat()
    return stated


def _aware(value: str | None) -> datetime | None:
    try:
        when = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    return when if when is not None and when.tzinfo is not None else None


def _lead_element(
    doc: html.HtmlElement, title_el: etree._Element | None, body: Body
) -> etree._Element | None:
    """An element the page marks as the lead, between the headline and the body; else a
    standfirst shown as one (:func:`_standfirst`)."""
    candidates = [el for el in doc.xpath(_LEAD_ELEMENTS)[:40] if _classed(el, _LEAD_CLASS)]
    if not candidates:
        return _standfirst(title_el, body)
    order = {el: i for i, el in enumerate(doc.iter())}
    start = order.get(title_el, -1) if title_el is not None else -1
    first_body = next((order[o] for o in body.owners if o in order), len(order))
    for el in candidates:
        at = order.get(el, -1)
        if not start < at <= first_body:
            continue
        text = text_of(el)
        if not _LEAD_CHARS[0] <= len(text) <= _LEAD_CHARS[1]:
            continue
        linked = sum(len(text_of(a)) for a in el.iter("a"))
        if linked * 2 >= len(text):
            continue
        return el
    return _standfirst(title_el, body)


def _standfirst(title_el: etree._Element | None, body: Body) -> etree._Element | None:
    """The body's first paragraph when the page sets it apart as a standfirst: a heading
    right under the headline (``<h1>…</h1><h2>Sentence.</h2>``), or a paragraph all in
    bold; a sentence, not a subheading or a label."""
    if title_el is None:
        return None
    below = title_el.getnext()
    if below is not None and below.tag in ("h2", "h3") and _is_sentence(text_of(below)):
        return below
    if not body.owners or not _is_sentence(body.paragraphs[0]):
        return None
    owner, text = body.owners[0], clean(body.paragraphs[0])
    bold = sum(len(clean(text_of(b))) for b in owner.xpath(".//strong | .//b"))
    if owner.xpath("ancestor::strong | ancestor::b") or bold >= len(text) - 2:
        return owner
    return None


def _is_sentence(text: str) -> bool:
    text = clean(text)
    return _STANDFIRST_CHARS <= len(text) <= _LEAD_CHARS[1] and text.endswith(_SENTENCE_END)


def _url_day(url: str) -> str | None:
    """The day an article's address carries (``/2014/03/02/``, ``/20091023_``), as a
    time at its start: the day of posts printing only clock times, when the page states
    none."""
    match = _URL_DAY.search(urlsplit(url).path)
    if match is None:
        return None
    y, m, d = (match[1], match[2], match[3]) if match[1] else (match[4], match[5], match[6])
    try:
        return datetime(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


# --- copies of the page -----------------------------------------------------------------


def _copy_without(doc: html.HtmlElement, elements: Iterable[etree._Element]) -> html.HtmlElement:
    """A copy of the page without ``elements``."""
    tree = doc.getroottree()
    paths = [tree.getpath(el) for el in elements]
    copied = copy.deepcopy(doc)
    found = [copied.getroottree().xpath(path) for path in paths]
    for nodes in found:
        for node in nodes[:1]:
            _remove(node)
    return copied


def _copy_before(
    doc: html.HtmlElement, start: etree._Element
) -> tuple[html.HtmlElement, etree._Element | None]:
    """A copy of the page ending where ``start`` begins (it and all after it removed), and
    the copy of ``start``'s parent."""
    path = doc.getroottree().getpath(start)
    copied = copy.deepcopy(doc)
    nodes = copied.getroottree().xpath(path)
    if not nodes:
        return copied, None
    node = nodes[0]
    anchor = node.getparent()
    current: etree._Element | None = node
    while current is not None and current.tag != "html":
        parent = current.getparent()
        for later in list(current.itersiblings()):
            _remove(later)
        if current is node:
            _remove(node)
        current = parent
    return copied, anchor


def _remove(node: etree._Element) -> None:
    """Remove ``node`` but not the text after it (its tail belongs to its parent)."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    previous = node.getprevious()
    parent.remove(node)
    if tail and tail.strip():
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


# --- small helpers ----------------------------------------------------------------------


def _classed(el: etree._Element, words: re.Pattern[str]) -> bool:
    return any(words.search(token) for token in class_words(el.get("class")))


def _common_ancestor(a: etree._Element, b: etree._Element) -> etree._Element:
    ancestors = set()
    node: etree._Element | None = a
    while node is not None:
        ancestors.add(node)
        node = node.getparent()
    node = b
    while node is not None:
        if node in ancestors:
            return node
        node = node.getparent()
    return a.getroottree().getroot()


def _squash(text: str) -> str:
    return _SQUASH.sub("", clean(text))


def _key(text: str) -> str:
    """How a rendered paragraph is looked up in trafilatura's text: without white space
    or the " | " our rendering puts between a table row's cells."""
    return _squash(text).replace("|", "")


def _is_description(paragraph: str, description: str | None) -> bool:
    """The paragraph is the page's description (or the description is its truncation)."""
    if not description:
        return False
    para, desc = _squash(paragraph), _squash(description).rstrip(".…")
    return para == _squash(description) or (len(desc) >= 60 and para.startswith(desc))


SITE = Generic()
