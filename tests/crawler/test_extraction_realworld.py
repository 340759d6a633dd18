"""The real captures in ../shared: the site module must read them right."""

import re

import pytest

from crawler.assembly.assemble import extract_page, merge, parse_html, read_page
from crawler.settings import EXTRACT_MAX_CHARS
from crawler.sites.index_hu import SITE

pytestmark = pytest.mark.realworld

INDEX_ARTICLE = "index_hu_kulfold_2011_02_03_harom_tengerig_nyulo_tervet_dedelgetunk.html"
VELVET_LIVE = (
    "velvet_hu_gumicukor_2016_08_27_egyszerre_indul_a_valo_vilag_es_a_star_academy_"
    "palyazat_a_tv2_n.html"
)
VELVET_LIVE_P4 = VELVET_LIVE.replace(".html", "_p_4.html")
LIVE_URL = "https://velvet.hu/gumicukor/2016/08/27/egyszerre_indul_a_valo_vilag_es_a_star_academy/"


def record(text, url):
    return extract_page(text, url, max_chars=EXTRACT_MAX_CHARS).item


def parse(text):
    return parse_html(text, max_chars=EXTRACT_MAX_CHARS)


def test_index_article_fields(realworld):
    text, url = realworld(INDEX_ARTICLE)
    item = record(text, url)
    assert (item.url, item.source, item.section) == (url, "index.hu", "kulfold")
    assert item.kind == "article"
    assert item.title == "Három tengerig nyúló tervet dédelgetünk"
    assert item.lead.startswith("A pénteki Európai Tanácsi csúcsot")
    assert item.lead.endswith("nincs más reális esély.")
    assert item.authors == ["Magyari Péter"]
    assert item.published == "2011-02-03T10:15:00+01:00"
    assert item.modified == "2014-12-02T10:28:41+01:00"
    assert item.tags == ["gáz", "eu", "eu-elnökség", "nabucco"]
    assert item.image.startswith("http://kep.cdn.index.hu/")


def test_index_article_body_is_clean_paragraphs(realworld):
    text, url = realworld(INDEX_ARTICLE)
    body = record(text, url).text
    paragraphs = body.split("\n\n")
    assert paragraphs[0].startswith("Csütörtök este, a másnapi EU-csúcs előtt")
    assert paragraphs[-1].endswith("Mondta, ha nincs pénz, akkor nincs miről beszélni.”")
    assert "Aranyháromszög" in paragraphs  # subheadings are paragraphs of their own
    assert len(paragraphs) == 18  # 15 paragraphs + 3 subheadings, counted by hand
    assert all(p.strip() == p and p for p in paragraphs)
    # Not body: lead, title, captions, pager, the Meta notice, share and related boxes.
    for junk in [
        "A pénteki Európai Tanácsi csúcsot",
        "Három tengerig nyúló tervet",
        "Orbán Viktor és Fellegi Tamás",
        "Klikk a nagyításhoz",
        "következő rész",
        "A Meta továbbra is korlátozza",
        "Ehhez a cikkhez ajánljuk",
        "iap_zones",
    ]:
        assert junk not in body, junk


def test_index_article_links_its_second_page(realworld):
    text, url = realworld(INDEX_ARTICLE)
    page = SITE.parse(parse(text), url)
    assert page.next_page == url + "2/"


def test_live_blog_posts(realworld):
    text, _ = realworld(VELVET_LIVE)
    page = SITE.parse(parse(text), LIVE_URL)
    assert page.kind == "liveblog"
    assert page.title == "Elkezdődött a Való Világ és a Star Academy!"
    keys = [p.key for p in page.posts]
    assert len(keys) == len(set(keys)) == 30  # the highlighted post is not counted twice
    first = page.posts[0]
    assert first.published == "2016-08-27T21:39:17+02:00"
    assert first.title == "Köszönjük a figyelmet,"
    assert first.authors == ["szarvaspápa"]
    assert page.next_page == LIVE_URL + "?p=1"
    fields = merge([page])
    # Each post's title is its own paragraph, right before the post's text.
    assert fields["text"].startswith(
        "Köszönjük a figyelmet,\n\ntudósításunkat most szeretettel lezárjuk."
    )
    assert "iap_zones" not in fields["text"]


def test_live_blog_last_page_has_no_next(realworld):
    text, _ = realworld(VELVET_LIVE_P4)
    page = SITE.parse(parse(text), LIVE_URL + "?p=4")
    assert page.kind == "liveblog" and page.posts
    assert page.next_page is None


def test_unknown_layout_falls_back_to_generic(realworld):
    text, _ = realworld(
        "telex_hu_koronavirus_2021_01_21_oltasprogramrol_es_vakcinaigazolasrol_is_kerdezzuk_a_kormanyt.html"
    )
    page = read_page(SITE, parse(text), "https://index.hu/kulfold/2021/01/21/x/")
    assert page.generic and page.section == "kulfold"
    assert len(" ".join(page.paragraphs)) > 500
    assert page.title


def test_pager_never_goes_back(realworld):
    # The pager appears twice (top and bottom); on the last page nothing comes next.
    text, url = realworld(INDEX_ARTICLE)
    assert SITE.parse(parse(text), url + "2/").next_page is None


def test_published_from_the_byline_when_meta_and_json_ld_are_missing(realworld):
    text, url = realworld(INDEX_ARTICLE)
    text = re.sub(r'<meta property="article:published_time"[^>]*>', "", text)
    text = text.replace('"datePublished":"2011-02-03",', "")
    assert SITE.parse(parse(text), url).published == "2011-02-03T10:15:00+01:00"


def test_cut_page_is_recognised(realworld):
    text, _ = realworld(INDEX_ARTICLE)
    body = text.encode()
    assert SITE.is_complete(body)
    assert not SITE.is_complete(body[: len(body) // 2])
    assert SITE.is_complete(b"<html><body><p>R\xc3\xb6vid, de eg\xc3\xa9sz.</p></body>")


def test_title_from_the_head_when_nothing_else_names_it(realworld):
    text, url = realworld(INDEX_ARTICLE)
    text = re.sub(r"<h1.*?</h1>", "", text, flags=re.S)
    text = re.sub(r'<meta property="og:title"[^>]*>', "", text)
    text = text.replace('"headline":', '"x":')
    assert SITE.parse(parse(text), url).title == "Három tengerig nyúló tervet dédelgetünk"
