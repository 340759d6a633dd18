"""The generic path: trafilatura picks the article, bodytext renders it as displayed."""

from __future__ import annotations

from crawler.assembly.assemble import extract_page
from crawler.settings import EXTRACT_MAX_CHARS

URL = "https://hirportal.example/kulfold/2024/05/06/bekemegallapodas"
LEAD = "A két ország külügyminiszterei hosszú tárgyalás után aláírták a tűzszüneti megállapodást."
BODY = [
    "A genfi tárgyalások harmadik napján, késő este jelentették be a megállapodást, amelyet"
    " a két fél képviselői a nemzetközi megfigyelők jelenlétében írtak alá.",
    "A szerződés szerint a csapatokat harminc napon belül vissza kell vonni a határtól,"
    " a foglyokat pedig két héten belül ki kell cserélni.",
    "A nemzetközi reakciók többnyire pozitívak voltak, bár több elemző óvatosságra int.",
]


def article_page(*, extra_body: str = "", head: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    return f"""<!doctype html><html lang="hu"><head><title>Béke - Hírportál</title>
<meta property="og:description" content="{LEAD}">
<meta property="og:image" content="/media/kep.jpg">
<meta property="og:site_name" content="Hírportál">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": ["Béke"],
 "datePublished": "2024-05-06T10:00:00+02:00", "author": {{"name": "Kiss Anna"}}}}</script>
{head}</head><body>
<nav><a href="/">Címlap</a> <a href="/kulfold">Külföld</a> <a href="/sport">Sport</a></nav>
<main><article><h1>Béke</h1><p class="lead">{LEAD}</p>{paragraphs}{extra_body}</article></main>
<footer>© Hírportál 2024. Minden jog fenntartva.</footer></body></html>"""


def extract(text: str):
    return extract_page(text, URL, max_chars=EXTRACT_MAX_CHARS)


def test_metadata_and_lead_on_a_page_without_a_site_module():
    found = extract(article_page())
    item = found.item
    assert found.page.generic
    assert (item.source, item.section) == ("hirportal.example", "unknown")
    assert item.title == "Béke"
    assert item.lead == LEAD  # the first paragraph is the page's description: the lead
    assert item.text.split("\n\n") == BODY
    assert item.authors == ["Kiss Anna"]
    assert item.published == "2024-05-06T10:00:00+02:00"
    assert item.image == "https://hirportal.example/media/kep.jpg"


def test_appeals_prompts_and_hidden_data_are_not_body():
    extra = (
        '<div style="display:none">{"articleId": 4521, "paywall": false}</div>'
        "<p>A cikk nem ért véget. Kattintson a második oldalra a folytatáshoz!</p>"
        "<p>Támogasd a független újságírást havi 1000 forinttal!</p>"
        "<p>Szeretne értesítést kapni a legfrissebb hírekről? Engedélyezze az értesítéseket!</p>"
    )
    text = extract(article_page(extra_body=extra)).item.text
    assert text.split("\n\n") == BODY


def test_line_breaks_survive_the_generic_path():
    extra = "<p>Az aláírók:<br>Kiss Anna<br>Nagy Béla</p><p>Első rész<br><br>Második rész</p>"
    paragraphs = extract(article_page(extra_body=extra)).item.text.split("\n\n")
    assert "Az aláírók:\nKiss Anna\nNagy Béla" in paragraphs
    assert paragraphs[-2:] == ["Első rész", "Második rész"]


def test_canonical_url_of_an_unknown_host_drops_tracking_and_fragment():
    found = extract_page(article_page(), URL + "?utm_source=fb&id=7#comments", max_chars=10**6)
    assert found.item.url == URL + "?id=7"
