"""index.hu-shaped pages rendered from small dataclasses: the stand-in's markup.

Class names and nesting follow pages captured from index.hu (the 2020 redesign, as served
in 2022) and velvet.hu, which runs on the same CMS: article body in ``div.cikk-torzs``
with the lead outside it in ``div.lead``, live-blog posts as ``li.pp-post``, the
``/24ora/`` archive as ``article.rovatajanlo`` entries. Every text here is invented.

Pure functions: dataclasses in, ``str`` out. Each page carries the bulk real pages carry
(head scripts, menus, icon sprite, footer; ~60 KB) so size-sensitive code sees realistic
pages; that bulk is built once and cached.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import format_datetime
from functools import cache
from html import escape
from typing import ClassVar
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

ORIGIN = "https://index.hu"
BUDAPEST = ZoneInfo("Europe/Budapest")
HTML = "text/html; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
TEXT = "text/plain; charset=UTF-8"

# A body entry is a paragraph, or ("h3", "Subheading") for a subheading.
Paragraph = str | tuple[str, str]

SECTION_LABELS = {
    "kulfold": "Külföld",
    "belfold": "Belföld",
    "gazdasag": "Gazdaság",
    "kultur": "Kultúr",
    "techtud": "Tech-Tudomány",
    "sport": "Sport",
    "mindekozben": "Mindeközben",
    "velemeny": "Vélemény",
}

# --- Boilerplate texts: on every page, never part of an article's text. ---------------

AD_LABEL = "Hirdetés"
NEXT_PART = "következő rész"
PREV_PART = "előző rész"
RELATED_HEADER = "Ehhez a cikkhez ajánljuk"
ENLARGE_CAPTION = "Kattintson a képre a nagyításhoz!"
SHARE_LABELS = ("Megosztás Facebookon", "Küldés e-mailben", "Megosztás X-en")
META_NOTICE = (
    "A Meta továbbra is visszafogja oldalunk elérését a közösségi oldalon, ezért a"
    " legfrissebb híreinket a legbiztosabban az applikációnkban olvashatja."
)
LIVE_NEXT = "Következő"
LIVE_PREV = "Előző"
NEW_POSTS = "új bejegyzés érkezett, kattintson a frissítéshez!"
BOILERPLATE = (
    AD_LABEL,
    NEXT_PART,
    PREV_PART,
    RELATED_HEADER,
    ENLARGE_CAPTION,
    *SHARE_LABELS,
    "visszafogja oldalunk elérését",
    NEW_POSTS,
)

CAPTION_POOL = (
    "Tüntetők a parlament épülete előtt kedd délután",
    "Rendőrök biztosítják a kormányzati negyed bejáratát",
    "Delegációk érkeznek a tanácskozás helyszínére",
    "Mentőcsapatok dolgoznak az elárasztott utcákon",
    "Kamionsor a lezárt határátkelő előtt",
    "Újságírók várakoznak a sajtótájékoztató kezdetére",
    "Szavazólapokat számolnak a választási bizottság tagjai",
    "Konténerszállító hajó a kikötő rakpartjánál",
)

_MONTHS = (
    "január",
    "február",
    "március",
    "április",
    "május",
    "június",
    "július",
    "augusztus",
    "szeptember",
    "október",
    "november",
    "december",
)


# --- Content dataclasses ------------------------------------------------------------


@dataclass(kw_only=True)
class Article:
    """One article. ``paragraphs`` is page 1; ``pages`` holds pages 2..N (``path + "N/"``)."""

    kind: ClassVar[str] = "article"

    path: str  # "/kulfold/2024/05/06/valami_cim/"
    title: str
    lead: str
    authors: list[str]
    published: str  # ISO 8601 with the Budapest offset, "2024-05-06T10:15:00+02:00"
    modified: str | None = None  # None: same as published
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    pages: list[list[Paragraph]] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)  # empty: two picked from CAPTION_POOL
    language: str = "hu"

    @property
    def url(self) -> str:
        return ORIGIN + self.path

    @property
    def section(self) -> str:
        return self.path.strip("/").split("/")[0]

    @property
    def page_count(self) -> int:
        return 1 + len(self.pages)

    def page_path(self, number: int) -> str:
        return self.path if number == 1 else f"{self.path}{number}/"

    def page_body(self, number: int) -> list[Paragraph]:
        return self.paragraphs if number == 1 else self.pages[number - 2]

    def text_paragraphs(self) -> list[str]:
        """The body as a reader sees it: every page's paragraphs and subheadings, in order."""
        return [paragraph_text(p) for n in range(1, self.page_count + 1) for p in self.page_body(n)]

    def image_captions(self) -> list[str]:
        if self.captions:
            return self.captions
        start = zlib.crc32(self.path.encode()) % len(CAPTION_POOL)
        return [CAPTION_POOL[start], CAPTION_POOL[(start + 3) % len(CAPTION_POOL)]]


@dataclass(kw_only=True)
class Post:
    """One live-blog post; ``published`` is Budapest local ISO time (the page keeps ms)."""

    id: int
    published: str
    author: str
    title: str
    paragraphs: list[str]
    slug: str | None = None  # permalink segment; None: derived from the title

    @property
    def permalink_slug(self) -> str:
        return self.slug or slugify(self.title)


@dataclass(kw_only=True)
class LiveBlog:
    """A "percről percre" live blog: ``pages[0]`` at ``path``, ``pages[k]`` at ``?p=k``."""

    kind: ClassVar[str] = "liveblog"

    path: str
    title: str
    lead: str
    authors: list[str]
    published: str
    pages: list[list[Post]]
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    modified: str | None = None  # None: the newest post's time
    current_post: int | None = None  # id of the post repeated in the "current-post" box
    language: str = "hu"

    @property
    def url(self) -> str:
        return ORIGIN + self.path

    @property
    def section(self) -> str:
        return self.path.strip("/").split("/")[0]

    def page_path(self, number: int) -> str:
        return self.path if number == 0 else f"{self.path}?p={number}"

    def posts(self) -> list[Post]:
        """Every post once, in page order (what a reader scrolling all pages sees)."""
        seen: set[int] = set()
        ordered: list[Post] = []
        for page in self.pages:
            for post in page:
                if post.id not in seen:
                    seen.add(post.id)
                    ordered.append(post)
        return ordered

    def latest(self) -> str:
        return self.modified or max((p.published for p in self.posts()), default=self.published)

    def text_paragraphs(self) -> list[str]:
        return [text for post in self.posts() for text in post.paragraphs]


@dataclass(kw_only=True)
class ListingLink:
    """One entry of a listing page; ``href`` is written as given (messy variants welcome)."""

    href: str
    title: str
    lead: str = ""
    published: str | None = None
    section: str = "kulfold"
    image: str | None = None


@dataclass(kw_only=True)
class FeedItem:
    title: str
    link: str
    published: str
    description: str = ""
    author: str = ""
    guid: str | None = None  # None: no <guid>


# --- Small helpers ------------------------------------------------------------------


def paragraph_text(paragraph: Paragraph) -> str:
    return paragraph[1] if isinstance(paragraph, tuple) else paragraph


def slugify(text: str, max_length: int = 70) -> str:
    """index.hu-style slug: accents dropped, lowercase, underscores."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_")
    return slug[:max_length].rstrip("_") or "cikk"


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _local(iso: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(BUDAPEST)


def hu_datum(iso: str) -> str:
    """ "2024.05.06. 10:15", the byline date."""
    return _local(iso).strftime("%Y.%m.%d. %H:%M")


def hu_long_date(iso: str) -> str:
    """ "2024. május 6., 10:15", the live-blog and listing date."""
    when = _local(iso)
    return f"{when.year}. {_MONTHS[when.month - 1]} {when.day}., {when:%H:%M}"


def timestamp_ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


def _token(rng: random.Random, length: int) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(length))


def _ad_slot(area: str, *, label: bool = False, extra_class: str = "") -> str:
    """An ad zone as the CMS writes it: an empty div plus its registration script."""
    zone = "adoceanindexhu" + _token(random.Random(area + extra_class), 10)
    classes = f"iap iap--ado {extra_class}".strip()
    label_html = f'<div class="ad-label">{AD_LABEL}</div>' if label else ""
    config = json.dumps(
        {"id": zone, "empty": True, "lazy": False, "area": area, "stat": {"site": "index"}}
    )
    return (
        f"<div id='{zone}' data-id='{zone}' class='{classes}'>{label_html}\n"
        f"    <script class='iap-script'>\n"
        f"        window.iap_zones = window.iap_zones || [];\n"
        f"        window.iap_zones.push({config});\n"
        f"    </script>\n"
        f"</div>\n"
    )


# --- The bulk every page carries (built once) --------------------------------------


@cache
def _static_head() -> str:
    """Stylesheets, consent and ad-config scripts: the kilobytes before <body>."""
    rng = random.Random(20240506)
    sheets = ["global", "index-global", "index-global-cikk", "cikk", "fixed_header", "rovat"]
    links = "".join(
        f'<link href="{ORIGIN}/assets/static/indexnew_css/public/{name}.css?v=1714980000"'
        ' rel="stylesheet" type="text/css" />\n'
        for name in sheets
    )
    areas = ["LB", "HP", "PR_A", "PR_B", "MR", "RB_A", "RB_B", "Cikkvegi", "Layer", "Roadblock"]
    zones = [
        {
            "id": "adoceanindexhu" + _token(rng, 10),
            "area": f"Index_{section.capitalize()}_{area}",
            "lazy": rng.random() < 0.5,
            "sizes": [[rng.choice([300, 640, 970]), rng.choice([250, 360, 600])]],
            "targeting": {"rovat": section, "kw": _token(rng, 8), "seg": rng.randint(1, 99)},
        }
        for section in SECTION_LABELS
        for area in areas
    ]
    config = json.dumps({"master": _token(rng, 40), "zones": zones}, ensure_ascii=False)
    consent = "\n".join(
        f"    function cmp_{_token(rng, 6)}(v) {{ return (v || []).map(function (x) "
        f"{{ return x + '{_token(rng, 12)}'; }}).join(','); }}"
        for _ in range(40)
    )
    return (
        '<meta name="viewport" content="width=device-width, initial-scale=1.0" />\n'
        '<meta name="copyright" content="https://index.hu/copyright/" />\n'
        '<meta name="referrer" content="unsafe-url">\n'
        '<meta name="theme-color" content="#ffffff">\n'
        '<link rel="search" title="Index" type="application/opensearchdescription+xml"'
        ' href="/assets/static/opensearch.xml" />\n'
        '<link rel="shortcut icon" href="/assets/images/favicons/favicon.ico">\n'
        f"{links}"
        f"<script>window.indexAdConfig = {config};</script>\n"
        f"<script>\n{consent}\n</script>\n"
    )


@cache
def _static_top() -> str:
    """Ad layer, icon sprite, sister-site and section menus: the page top before content."""
    rng = random.Random(606)
    symbols = "".join(
        f'<symbol id="icon-{name}" viewBox="0 0 24 24"><path d="'
        + " ".join(f"{c}{rng.uniform(0, 24):.3f} {rng.uniform(0, 24):.3f}" for c in "MLCLLCLZ" * 3)
        + '"/></symbol>\n'
        for name in [f"i{n}" for n in range(58)]
    )
    sisters = ["totalcar", "divany", "femina", "velvet", "dehir", "portfolio", "blog", "kep"]
    sister_links = "".join(
        f'<li class="m-cf-kiadvanylista_container_list_item"><a class="m-cf-kiadvanylista_'
        f'container_list_item_link" href="https://{s}.hu/" target="_blank">{s.title()}</a></li>\n'
        for s in sisters
    )
    section_links = "".join(
        f'<li class="m-cf-fejlec_container_links_item"><a class="m-cf-fejlec_container_links_'
        f'item_link" href="{ORIGIN}/{slug}/">{label}</a></li>\n'
        for slug, label in SECTION_LABELS.items()
    )
    return (
        '<div id="fb-root"></div>\n'
        f'<div class="layer xl_layer">{_ad_slot("Index_Layer", extra_class="ad-label--hidden")}'
        "</div>\n"
        f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none">\n{symbols}</svg>\n'
        '<div class="m-cf-search modal" data-js-modal-window="search" style="display: none">'
        f'<form action="{ORIGIN}/24ora/" class="m-cf-search_wrapper_container_form" method="get">'
        '<input name="word" type="hidden" value="1"><input name="pepe" type="hidden" value="1">'
        '<input class="m-cf-search_wrapper_container_form_input" name="s" placeholder="Keresés"'
        ' type="search"></form></div>\n'
        '<div class="m-cf-kiadvanylista"><ul class="m-cf-kiadvanylista_container_list">\n'
        f"{sister_links}</ul></div>\n"
        '<div class="m-cf-fejlec"><div class="m-cf-fejlec_container">'
        f'<a class="logo" href="{ORIGIN}/">Index</a>\n'
        f'<ul class="m-cf-fejlec_container_links">\n{section_links}</ul></div></div>\n'
    )


@cache
def _static_footer() -> str:
    rng = random.Random(1999)
    items = ["Impresszum", "Médiaajánlat", "Szerzői jogok", "Adatvédelem", "Süti szabályzat"]
    links = "".join(
        '<li class="m-page-footer_container_list_item hasLink"><a class="m-page-footer_'
        f'container_list_item_link" href="{ORIGIN}/{slugify(item)}/">{item}</a></li>\n'
        for item in items
    )
    measure = "\n".join(
        f"    window.__m{n} = ['{_token(rng, 24)}', {rng.randint(1, 10**6)}, '{_token(rng, 16)}'];"
        for n in range(100)
    )
    offers = "".join(
        '<div class="shopline-ajanlo"><div class="shopline-image cell">'
        f'<a href="https://bolt.example.hu/termek/{rng.randint(10**5, 10**6)}?utm_source=index.hu">'
        f'<img src="https://index.hu/assets/import/bolt/{_token(rng, 12)}.jpg" class="ajanlo-kep" '
        'alt=""></a></div><div class="ajanlo-content cell">'
        f'<div class="kedvezmeny">{rng.randint(5, 40)}%</div>'
        f'<div class="cim"><a href="https://bolt.example.hu/termek/{_token(rng, 10)}">'
        f"{_token(rng, 7).title()} {_token(rng, 9)}</a></div>"
        f'<div class="arak"><div class="regi-ar">{rng.randint(20, 90)}90 Ft</div></div>'
        "</div></div>\n"
        for _ in range(12)
    )
    return (
        f'<div class="shopline-box">\n{offers}</div>\n'
        '<footer class="m-page-footer"><div class="container m-page-footer_container">\n'
        f'<ul class="m-page-footer_container_list">\n{links}'
        '<li class="m-page-footer_container_list_item hasText"><span class="m-page-footer_'
        'container_list_item_text">&copy; 1999-2024 <span>Index.hu</span> Zrt.</span></li>\n'
        "</ul></div></footer>\n"
        '<div class="layout_watcher phone"></div><div class="layout_watcher desktop"></div>\n'
        f"<script>\n{measure}\n</script>\n"
    )


def _document(
    *, title: str, head: str, body_class: str, content: str, tail: str = "", lang: str = "hu"
) -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html class="no-js" lang="{lang}" prefix="og: http://ogp.me/ns# fb: http://ogp.me/ns/fb#">'
        "\n<head>\n"
        f"<title>{escape(title)}</title>\n"
        '<meta http-equiv="Content-type" content="text/html; charset=utf-8" />\n'
        f"{head}{_static_head()}</head>\n"
        f'<body class="{body_class}">\n{_static_top()}'
        '<div class="container border"></div>\n'
        f"{content}{_static_footer()}{tail}</body>\n</html>\n"
    )


# --- Article pages ------------------------------------------------------------------


def _meta_tags(item: Article | LiveBlog, modified: str) -> str:
    label = SECTION_LABELS.get(item.section, item.section)
    keywords = ", ".join([*item.tags, label.lower()])
    image = f'<meta property="og:image" content="{_attr(item.image)}" />\n' if item.image else ""
    return (
        '<meta property="og:type" content="article" />\n'
        f'<meta property="og:url" content="{_attr(item.url)}" />\n'
        f'<meta property="og:title" content="{_attr(item.title)}" />\n'
        f'<meta property="og:updated_time" content="{modified}" />\n'
        f'<meta property="og:description" content="{_attr(item.lead)}" />\n'
        f'<meta name="i:publication" content="{hu_datum(item.published)[:12]}" />\n'
        f'<meta name="keywords" content="{_attr(keywords)}" />\n'
        f'<meta name="news_keywords" content="{label}" />\n'
        f'<meta name="description" content="{_attr(item.title)} - {_attr(item.lead)}" />\n'
        f'<meta name="author" content="{_attr(", ".join(item.authors))}" />\n'
        f'<meta property="article:published_time" content="{item.published}"/>\n'
        f'<meta property="article:modified_time" content="{modified}" />\n'
        f"{image}"
        '<meta name="twitter:card" content="summary_large_image">\n'
        f'<link rel="canonical" href="{_attr(item.url)}" />\n'
    )


def _json_ld(item: Article | LiveBlog, modified: str) -> str:
    data = {
        "@context": "http://schema.org",
        "@type": "NewsArticle" if item.kind == "article" else "LiveBlogPosting",
        "mainEntityOfPage": item.url,
        "publisher": {"@type": "Organization", "name": "Index"},
        "author": [{"@type": "Person", "name": name} for name in item.authors],
        "headline": item.title,
        # The real pages give bare dates here; the meta tags carry the time.
        "datePublished": item.published[:10],
        "dateModified": modified[:10],
        "description": item.lead,
    }
    if item.image:
        data["image"] = item.image
    return f'<script type="application/ld+json">\n{json.dumps(data)}\n</script>\n'


def _tags(item: Article | LiveBlog) -> str:
    label = SECTION_LABELS.get(item.section, item.section)
    rows = [
        f'<li><a href="{ORIGIN}/{item.section}/" class="cimke cimke-rovat '
        f'cimke-rovat-{item.section}">{label}</a></li>'
    ]
    rows += [
        f'<li><a href="{ORIGIN}/24ora/?cimke={quote_plus(tag)}" class="cimke '
        f'cimke-rovat-light">{escape(tag)}</a></li>'
        for tag in item.tags
    ]
    return '<ul class="cikk-cimkek">\n' + "\n".join(rows) + "\n</ul>\n"


def _byline(authors: Sequence[str], published: str) -> str:
    """Authors as the CMS writes them; the second and later ones with a profile link."""
    boxes = []
    for number, name in enumerate(authors):
        slug = slugify(name)
        if number == 0:
            link = (
                f'<a href="mailto:{slug}@mail.index.hu?subject=cikk" class="email">'
                f"{escape(name)}</a>"
            )
            boxes.append(
                '<div class="szerzo kep-nelkul"><div class="kovetes nem-kovetheto">'
                f"{link}</div></div>"
            )
        else:
            # An avatar link without text, then the name: as on profile-style bylines.
            href = f"{ORIGIN}/szerzo/{slug}/"
            boxes.append(
                f'<div class="szerzo "><a href="{href}">\n</a><div class="kovetes">'
                f'<a rel="author" href="{href}">{escape(name)}</a></div></div>'
            )
    return (
        '<div class="author-share-date-container"><div class="author-share-date">'
        '<div class="bal-hasab">\n<div class="szerzok_container">\n'
        + "\n".join(boxes)
        + f'\n</div>\n<div class="datum"><span>{hu_datum(published)}</span></div>\n</div>\n'
        f'<div class="jobb-hasab"><div class="megoszt cikk-top-box ">{_share_box("top")}'
        '<div class="hozzaszolasok"></div></div></div>\n</div></div>\n'
    )


def _share_box(where: str) -> str:
    facebook, mail, x = SHARE_LABELS
    return (
        f'<div class="index-social-box" data-place="{where}">'
        '<a href="#" class="megosztas-gomb"></a><ul class="megosztas-doboz">'
        f'<li class="facebook"><a href="https://www.facebook.com/sharer/sharer.php" '
        f'target="_blank"><span class="label">{facebook}</span></a></li>'
        f'<li class="mail"><a href="mailto:?subject=Index"><span class="label">{mail}</span>'
        "</a></li>"
        f'<li class="twitter"><a href="https://twitter.com/share?via=indexhu" target="_blank">'
        f'<span class="label">{x}</span></a></li></ul></div>'
    )


def _decorated(text: str, number: int, link: str) -> str:
    """A paragraph's HTML with inline markup that leaves its text unchanged."""
    words = text.split(" ")
    if len(words) < 8 or number % 3 == 0:
        return escape(text)
    start, end = (2, 5) if number % 3 == 1 else (0, 2)
    inner = escape(" ".join(words[start:end]))
    if number % 3 == 1:
        inner = f'<a href="{_attr(link)}" target="_blank">{inner}</a>'
    else:
        inner = f"<strong>{inner}</strong>"
    parts = [escape(" ".join(words[:start])), inner, escape(" ".join(words[end:]))]
    return " ".join(part for part in parts if part)


def _image_box(number: int, caption: str, *, miniapp: bool) -> str:
    image_id = 2800000 + number
    src = f"https://kep.cdn.indexvas.hu/1/0/{image_id}/{image_id}_{number:032x}_wm.jpg"
    if miniapp:
        return (
            f'<div id="szerkfoto_image_{image_id}" class="miniapp szerkfotoimage">\n'
            f'<div id="szerkfoto_image_{image_id}_1" class="kep kep_szeles keret">'
            f'<span class="imageholder "><img id="kep_{image_id}" src="{src}" '
            f'alt="{_attr(caption)}" data-image_width="640" data-image_height="427" /></span>'
            f'<div class="kepala">{escape(caption)}</div></div>\n</div>\n'
        )
    return (
        f'<div class="kep kep_szeles keret"><a href="{src}" target="_blank"><img src="{src}" '
        f'border="0" alt="" title="{_attr(caption)}" /></a>\n'
        f'<div class="kepala">{escape(caption)} {ENLARGE_CAPTION}</div>\n</div>\n'
    )


def _pager(article: Article, page: int, where: str) -> str:
    if article.page_count < 2:
        return ""
    prev_style = ' style="visibility: hidden;"' if page == 1 else ""
    next_style = ' style="visibility: hidden;"' if page == article.page_count else ""
    prev_href = ORIGIN + article.page_path(max(page - 1, 1))
    next_href = ORIGIN + article.page_path(min(page + 1, article.page_count))
    numbers = "".join(
        f'<li><a name="{n}" class="oldal_{n}{" actual" if n == page else ""}" '
        f'href="{ORIGIN}{article.path}{n}/">{n}</a></li>'
        for n in range(1, article.page_count + 1)
    )
    return (
        f'<nav id="pager_{where}" class="pager default tobboldalas_cikk">\n'
        f'<div class="pagers next"><a href="{next_href}" class="onestep next1" '
        f'title="Következő rész"{next_style}><span>{NEXT_PART}</span></a></div>\n'
        f'<div class="pagers prev"><a href="{prev_href}" class="onestep prev1" '
        f'title="Előző rész"{prev_style}><span>{PREV_PART}</span></a></div>\n'
        f'<ul class="pages">{numbers}</ul>\n</nav>\n'
    )


def _body_blocks(article: Article, page: int, inline_link: str) -> str:
    """Paragraphs with image boxes and an ad slot between them, as the CMS interleaves."""
    captions = article.image_captions()
    blocks: list[str] = []
    for number, paragraph in enumerate(article.page_body(page)):
        if isinstance(paragraph, tuple):
            blocks.append(f"<h3>{escape(paragraph[1])}</h3>\n")
        else:
            blocks.append(f"<p>{_decorated(paragraph, number, inline_link)}</p>\n")
        if number == 1 and captions:
            blocks.append(_image_box(number + page * 10, captions[0], miniapp=True))
        elif number == 2:
            blocks.append(
                _ad_slot(f"Index_{article.section}_RB_{page}", label=True, extra_class="hirdetes")
            )
        elif number == 4 and len(captions) > 1:
            blocks.append(_image_box(number + page * 10, captions[1], miniapp=False))
    return "".join(blocks)


def _meta_notice() -> str:
    return (
        '<div>\n<div class="meta-twitter">\n<p class="meta-twitter__copy">'
        f'{META_NOTICE} <a target="_blank" href="https://twitter.com/indexhu">X-csatorna</a></p>'
        '\n<div class="meta-twitter__btns"><a href="https://www.facebook.com/indexhu" '
        'target="_blank" class="button facebook">Facebook</a></div>\n</div>\n</div>\n'
    )


def _related_box(related: Sequence[ListingLink]) -> str:
    """The "recommended" box after the body; the live site fills it by script, we inline it."""
    entries = "".join(
        '<article class="rovatajanlo"><div class="tartalom"><h2 class="cim">'
        f'<a href="{_attr(link.href)}">{escape(link.title)}</a></h2></div></article>\n'
        for link in related
    )
    return (
        '<div class="cikk-vegi-ajanlo-reklamok-container">\n'
        '<div class="container border cikk-vegi-ajanlo-reklamok"><div class="hasab-1">\n'
        '<div class="rovat" id="rovatajanlo"><h4 class="jsonrotater_header ajanlo_feed_fejlec">'
        f'<a href="{ORIGIN}/kulfold/">{RELATED_HEADER}</a></h4>\n'
        '<div class="jsonrotater rovatajanlo" data-limit="50" data-renderer="rovatbol_feed">'
        f'<div id="rovatkulfoldFallback" class="fallback">\n{entries}</div></div></div>\n'
        f'<div class="hirdetes_container_bottom">{_ad_slot("Index_RB_B")}</div>\n'
        "</div></div></div>\n"
    )


def article_page(article: Article, page: int = 1, *, related: Sequence[ListingLink] = ()) -> str:
    """Page ``page`` (1-based) of ``article``; ``related`` fills the box after the body."""
    modified = article.modified or article.published
    inline_link = related[0].href if related else f"{ORIGIN}/{article.section}/"
    body = (
        '<div class="cikk-torzs">\n<div><!--\n--></div>\n'
        + _pager(article, page, "top")
        + _body_blocks(article, page, inline_link)
        + _pager(article, page, "bottom")
        + _meta_notice()
        + f'<div class="social-stripe cikk-bottom-box">{_share_box("bottom")}</div>\n'
        + '<div class="cikk-bottom-text-ad">'
        + _ad_slot(
            f"Index_{article.section}_Cikkvegi",
            label=True,
            extra_class="hirdetes ad-label--right full-width",
        )
        + "</div>\n</div>\n"
    )
    content = (
        '<div id="content" class="container content-container">\n'
        '<div class="container border cikk-header">\n'
        + _tags(article)
        + f'<div class="ad-container">{_ad_slot(f"Index_{article.section}_LB")}</div>\n'
        + '<div class="content-title">\n<h1 class="">\n'
        + f"<span>{escape(article.title)}</span>\n</h1>\n</div>\n</div>\n"
        + '<div class="container border cikk-torzs-container ">\n'
        + _byline(article.authors, article.published)
        + '<div class="szelso-jobb-lead_container">\n<div class="szelso-jobb">'
        + f'<div class="cikk-inline-ad halfpage">{_ad_slot(f"Index_{article.section}_HP")}'
        + "</div></div>\n"
        + f'<div class="lead_container">\n<div class="lead">\n{escape(article.lead)}\n</div>\n'
        + "</div>\n"
        + body
        + "</div>\n</div>\n"
        + _related_box(related)
        + "</div>\n"
    )
    label = SECTION_LABELS.get(article.section, article.section)
    return _document(
        title=f"Index - {label} - {article.title}",
        head=_meta_tags(article, modified),
        body_class=f"device_desktop indexhu cikk rovat_{article.section} iframe_disallowed",
        content=content,
        tail=_json_ld(article, modified),
        lang=article.language,
    )


# --- Live blogs ---------------------------------------------------------------------


def _post_item(blog: LiveBlog, post: Post, *, current: bool = False) -> str:
    permalink = f"{blog.url}{post.permalink_slug}/"
    author_slug = "a_" + slugify(post.author)
    text = "".join(f"<p>{escape(p)}</p>\n" for p in post.paragraphs)
    extra = " halftransparent" if current else ""
    return (
        f'<li class="post pp-post pp_post  poszt-nincs-perc {extra} " id="p{post.id}">\n'
        f'<div class="avatar pp-post-avatar {author_slug} "><a class="" '
        f'href="{ORIGIN}/?a={author_slug}" title="Hasonló bejegyzések"></a></div>\n'
        '<div class="header">\n<div class="name">'
        f'<a href="mailto:{slugify(post.author)}@mail.index.hu">\n{escape(post.author)}\n</a>'
        "</div>\n"
        '<div class="time"><a title="Állandó link ehhez a bejegyzéshez" '
        f'href="{permalink}" class="permalink">'
        f'<span class="ido" data-timestamp="{timestamp_ms(post.published)}">'
        f"{hu_long_date(post.published)}</span></a></div>\n</div>\n"
        '<div class="content">\n<h3 class="title">'
        f'<a href="{permalink}" class="permalink"> {escape(post.title)} </a></h3>\n'
        f'<div class="text clearafter">\n{text}<div class="pp-post-tags">\n</div>\n</div>\n'
        f'<div class="social cikk-bottom-box">{_share_box("post")}'
        '<div class="clearfix"></div></div>\n</div>\n<div class="clearfix"></div>\n</li>\n'
    )


def _live_pagination(blog: LiveBlog, page: int) -> str:
    """``?p=k`` links; ``data-page`` counts from 1 as on the real pager."""
    last = len(blog.pages) - 1
    if last < 1:
        return ""

    def link(number: int, label: str, css: str = "") -> str:
        css_attr = f' class="{css}"' if css else ""
        return f'<a{css_attr} data-page="{number + 1}" href="{blog.url}?p={number}">{label}</a>'

    first_line = []
    if page > 0:
        first_line.append(link(page - 1, LIVE_PREV, "previous"))
    if page < last:
        first_line.append(link(page + 1, LIVE_NEXT, "next"))
    items = [f"<li>{link(page - 1, LIVE_PREV, 'previous')}</li>"] if page > 0 else []
    for number in range(last + 1):
        if number == page:
            items.append(f'<li><span class="current">{number + 1}</span></li>')
        else:
            css = "first" if number == 0 else "last" if number == last else ""
            items.append(f"<li>{link(number, str(number + 1), css)}</li>")
    if page < last:
        items.append(f"<li>{link(page + 1, LIVE_NEXT, 'next')}</li>")
    return (
        '<nav class="pagination clearfix">\n<div class="first-line">'
        + "".join(first_line)
        + '</div>\n<ul class="second-line">\n'
        + "\n".join(items)
        + "\n</ul>\n</nav>\n"
    )


def liveblog_page(blog: LiveBlog, page: int = 0, *, related: Sequence[ListingLink] = ()) -> str:
    """Page ``page`` (0-based, ``?p=page``) of a live blog."""
    modified = blog.latest()
    posts = {post.id: post for post in blog.posts()}
    current = posts.get(blog.current_post) if blog.current_post is not None else None
    current_box = (
        f'<ul class="current-post">\n{_post_item(blog, current, current=True)}'
        '<div class="pp_roadblock"></div>\n</ul>\n'
        if current
        else ""
    )
    items = "".join(_post_item(blog, post) for post in blog.pages[page])
    content = (
        '<div id="content" class="container content-container">\n'
        '<div class="container border cikk-header">\n<div class="content-title">\n'
        + _tags(blog)
        + f'<h1 class=""><span>{escape(blog.title)}</span></h1>\n</div>\n</div>\n'
        + '<div id="pp-article-site" class="container border cikk-torzs-container ">\n'
        + _byline(blog.authors, blog.published)
        + f'<input type="hidden" id="pp_min_date" value="{blog.published[:10]}" />\n'
        + f'<div class="lead_container">\n<div class="lead">\n<p>{escape(blog.lead)}</p>\n'
        + "</div>\n"
        + f'<div class="aside">{_ad_slot(f"Index_{blog.section}_PP_HP")}</div>\n</div>\n'
        + '<div class="tab show-landscape-tablets-and-up" id="tab-content">\n'
        + current_box
        + f'<div class="new-posts" href="#"><span class="count"></span> {NEW_POSTS}'
        + '<div class="load"></div></div>\n'
        + f'<div class="pp-list main">\n<ul>\n{items}</ul>\n'
        + _live_pagination(blog, page)
        + "</div>\n</div>\n</div>\n"
        + _related_box(related)
        + "</div>\n"
    )
    label = SECTION_LABELS.get(blog.section, blog.section)
    return _document(
        title=f"Index - {label} - {blog.title}",
        head=_meta_tags(blog, modified),
        body_class=f"device_desktop indexhu cikk pp rovat_{blog.section}",
        content=content,
        tail=_json_ld(blog, modified),
        lang=blog.language,
    )


# --- Listings -----------------------------------------------------------------------


_BLANK_GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="


def _listing_entry(link: ListingLink) -> str:
    """One ``article.rovatajanlo`` entry as on the 24ora archive: date, section, title, lead."""
    title = f'<h2 class="cim"><a href="{_attr(link.href)}">{escape(link.title)}</a></h2>'
    label = SECTION_LABELS.get(link.section, link.section)
    when = link.published or "2024-01-01T00:00:00+01:00"
    stamp = timestamp_ms(when) // 1000
    image = (
        f'<img src="{_attr(link.image)}" alt="{_attr(link.title)}" />'
        if link.image
        else f'<img src="{_BLANK_GIF}" class="ajanlo-kep icon-logo-index">'
    )
    return (
        '<article class="rovatajanlo">\n<header>\n'
        f'<a class="datum cikk-date-label" href="{_attr(link.href)}" data-datestamp="{stamp}" '
        f'data-date="{when[:10]}">{hu_long_date(when)}</a>\n'
        '<div class="right"><a class="kiadvany" href="//index.hu/">Index</a>\n'
        f'<a class="rovat" href="{link.section}/"><span class="">{label}</span></a></div>\n'
        "</header>\n"
        f'<a href="{_attr(link.href)}">{image}</a>\n'
        f'<div class="tartalom">\n{title}\n<p class="ajanlo">{escape(link.lead)}</p>\n</div>\n'
        "</article>\n"
    )


def _listing_entries(links: Sequence[ListingLink], *, full_count: int, ad_every: int) -> str:
    """The first ``full_count`` links as full entries (an ad slot every ``ad_every``), the
    rest as a compact title list, so a listing of thousands stays small."""
    parts: list[str] = []
    for number, link in enumerate(links[:full_count]):
        parts.append(_listing_entry(link))
        if ad_every and number % ad_every == ad_every - 1:
            parts.append(
                f'<div class="rovatajanlo hirdetes">{_ad_slot(f"Index_list_{number}")}</div>\n'
            )
    rest = links[full_count:]
    if rest:
        parts.append('<ul class="rovat-lista-kompakt">\n')
        parts.extend(
            f'<li><a href="{_attr(link.href)}">{escape(link.title)}</a></li>\n' for link in rest
        )
        parts.append("</ul>\n")
    return "".join(parts)


def _listing_document(title: str, section: str, main: str, *, extra_links: str = "") -> str:
    return _document(
        title=title,
        head=(
            f'<link rel="alternate" type="application/rss+xml" href="{ORIGIN}/{section}/rss/" />\n'
        ),
        body_class=f"device_desktop indexhu rovat rovat_{section}",
        content=(
            '<div id="content" class="container content-container">\n'
            f'{extra_links}{main}<div class="clear"></div>\n</div>\n'
        ),
    )


def section_page(
    links: Sequence[ListingLink],
    *,
    section: str = "kulfold",
    extra_hrefs: Iterable[tuple[str, str]] = (),
    full_count: int = 20,
) -> str:
    """The section front (``/kulfold/``): the first ``full_count`` entries with lead and
    date, the rest title-only (so a listing of thousands stays a few MB); ``extra_hrefs``
    (href, text) go to a "more from Index" box, e.g. other sections and other hosts."""
    label = SECTION_LABELS.get(section, section)
    extra = "".join(
        f'<li><a href="{_attr(href)}">{escape(text)}</a></li>\n' for href, text in extra_hrefs
    )
    main = (
        f'<div class="rovat-fejlec"><h1 class="rovat-cim"><a href="{ORIGIN}/{section}/">'
        f"{label}</a></h1></div>\n"
        f'<main id="rovat-cikkek" class="rovat-lista" data-total="{len(links)}">\n'
        + _listing_entries(links, full_count=full_count, ad_every=8)
        + "</main>\n"
        + f'<aside class="index-ajanlo"><h3>Még az Indexről</h3><ul>\n{extra}</ul></aside>\n'
    )
    return _listing_document(f"Index - {label}", section, main)


def day_page(day: date, links: Sequence[ListingLink], *, section: str = "kulfold") -> str:
    """``/kulfold/YYYY/MM/DD/``: the section's articles of one day. Its heading links the
    section relatively (``href="kulfold/"``), as the real day pages do: resolved, that is
    ``/kulfold/YYYY/MM/DD/kulfold/``, which is no article."""
    label = SECTION_LABELS.get(section, section)
    when = f"{day.year}. {_MONTHS[day.month - 1]} {day.day}."
    heading = f"{label} – {when}"
    main = (
        f'<div class="rovat-fejlec"><h1 class="rovat-cim"><a href="{section}/">'
        f"{escape(label)}</a> – {escape(when)}</h1></div>\n"
        f'<main id="napi-cikkek" class="rovat-lista" data-total="{len(links)}">\n'
        + _listing_entries(links, full_count=len(links), ad_every=10)
        + "</main>\n"
    )
    return _listing_document(f"Index - {heading}", section, main)


def archive_page(
    links: Sequence[ListingLink], *, since: str, until: str, total: int, section: str = ""
) -> str:
    """One page of the ``/24ora/`` date-range archive; ``links`` empty past the end."""
    found = (
        f"{total} találat az Index oldalain."
        if links
        else "Nincs több találat a megadott időszakra."
    )
    form = (
        f'<form action="{ORIGIN}/24ora/" class="kereses-form" method="get">'
        f'<input type="hidden" name="tol" value="{since}" />'
        f'<input type="hidden" name="ig" value="{until}" />'
        f'<input type="hidden" name="rovat" value="{section}" />'
        '<input type="hidden" name="word" value="1" /><input type="hidden" name="pepe" value="1" />'
        "</form>\n"
    )
    main = (
        f'<main id="talalatok" class="kereses-talalati-lista" data-total="{total}">\n'
        f'<h1 class="result"><span class="found">{found}</span></h1>\n'
        + _listing_entries(links, full_count=len(links), ad_every=3)
        + "</main>\n"
    )
    return _listing_document("Index - 24 óra", "24ora", main, extra_links=form)


def rss_feed(items: Sequence[FeedItem], *, section: str = "kulfold") -> str:
    """RSS 2.0 as index.hu's section feeds: title, link, guid, pubDate, description."""
    label = SECTION_LABELS.get(section, section)
    rows = []
    for item in items:
        description = item.description.replace("]]>", "]]]]><![CDATA[>")
        guid = f'<guid isPermaLink="true">{escape(item.guid)}</guid>\n' if item.guid else ""
        creator = f"<dc:creator>{escape(item.author)}</dc:creator>\n" if item.author else ""
        rows.append(
            "<item>\n"
            f"<title>{escape(item.title)}</title>\n"
            f"<link>{escape(item.link)}</link>\n"
            f"{guid}"
            f"<pubDate>{format_datetime(datetime.fromisoformat(item.published))}</pubDate>\n"
            f"<description><![CDATA[{description}]]></description>\n"
            f"<category>{label}</category>\n{creator}"
            "</item>\n"
        )
    newest = max((item.published for item in items), default="2024-01-01T00:00:00+01:00")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"<title>Index - {label}</title>\n<link>{ORIGIN}/{section}/</link>\n"
        f"<description>Index - {label} rovat</description>\n<language>hu</language>\n"
        f"<lastBuildDate>{format_datetime(datetime.fromisoformat(newest))}</lastBuildDate>\n"
        f'<atom:link href="{ORIGIN}/{section}/rss/" rel="self" type="application/rss+xml"/>\n'
        + "".join(rows)
        + "</channel>\n</rss>\n"
    )


def robots_txt(disallow: Sequence[str]) -> str:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallow)]
    if not disallow:
        lines.append("Disallow:")
    return "\n".join(lines) + "\n"


def error_page(status: int) -> str:
    """A small error page, as index.hu serves on 404/503 (no article markup)."""
    text = {404: "Az oldal nem található", 503: "Átmeneti hiba, próbálja újra később"}.get(
        status, "Hiba történt"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="hu"><head><title>Index - {status}</title></head>\n'
        f'<body class="hibaoldal"><h1>{status}</h1><p>{text}</p></body></html>\n'
    )


def cut_mid_paragraph(page: str, number: int = 1) -> str:
    """``page`` cut halfway through its body paragraph ``number`` (0-based): a download that
    stopped mid-body, after the title and the lead."""
    body = page.index('<div class="cikk-torzs">')
    start = body
    for _ in range(number + 1):
        start = page.index("<p>", start + 1)
    end = page.index("</p>", start)
    return page[: (start + end) // 2]
