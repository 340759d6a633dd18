"""Pages of portals without a site module, read by the generic path: live blogs found by
their structure, the article's own lead, date and byline, reader appeals dropped.

The invented pages in ``tests/fixtures/generic/`` (see its README) cover the shapes one
at a time; the real captures of alfahir and mérce in ``../shared`` check the same on pages
nobody wrote for these tests.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.assembly.assemble import extract_page, parse_html
from crawler.settings import EXTRACT_MAX_CHARS
from crawler.sites import NotAnArticle
from crawler.sites.generic import SITE as GENERIC
from crawler.sites.generic_liveblog import find_feed
from crawler.sites.toolkit import clock_times, read_clock
from crawler.text.boilerplate import is_reader_appeal
from crawler.text.credits import bare_credits
from crawler.text.metadata import printed_published
from crawler.text.values import hungarian_datetime, hungarian_day_time
from tests.conftest import realworld_manifest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "generic"


def extract(name: str, url: str):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return extract_page(text, url, max_chars=EXTRACT_MAX_CHARS)


# --- an article printing its date and byline ----------------------------------------------

WP_URL = "https://kisalfoldinaplo.example/belfold/uj-hidat-kap-a-mosoni-duna-gyornel-4410811/"


def test_printed_date_wins_over_an_implausible_stated_one_and_over_comments():
    found = extract("wp_article_printed_date.html", WP_URL)
    item = found.item
    assert item.kind == "article"
    # JSON-LD says 4 (Unix 1970): not a date; the page prints "2019. augusztus 23. péntek
    # 14:22" above the text; the comments below print later times that are not the article's.
    assert item.published == "2019-08-23T14:22:00+02:00"
    assert found.page.implausible_dates == 1
    assert item.authors == ["Vass Gergely"]
    assert item.lead == (
        "A kormány döntött a harmadik győri Mosoni-Duna-híd építéséről, amely 2026-ra készülhet el."
    )


def test_body_without_appeals_comments_sidebar_or_byline():
    text = extract("wp_article_printed_date.html", WP_URL).item.text
    paragraphs = text.split("\n\n")
    assert paragraphs[0].startswith("A harmadik győri Mosoni-Duna-híd a belvárostól")
    assert "Évtizedes terv" in paragraphs
    assert paragraphs[-1].startswith("A polgármester szerint")
    assert len(paragraphs) == 5
    for junk in ["hírlevelünkre", "Feliratkozom", "Facebookon", "Végre!", "Lezárták az M5", "Vass"]:
        assert junk not in text, junk


def test_embeds_captions_and_source_lines_go_tables_stay():
    url = "https://somogyitukor.example/kozlekedes/2023/07/28/ketszer-annyian-vonattal/"
    item = extract("wp_article_embeds.html", url).item
    assert item.published == "2023-07-28T10:14:00+02:00"  # meta in UTC
    assert (
        item.lead == "A nyári szezon első hónapjában megduplázódott a balatoni vonatok utasszáma."
    )
    paragraphs = item.text.split("\n\n")
    assert "Déli part | 260 ezer | 530 ezer" in paragraphs  # a table row is a paragraph
    assert len(paragraphs) == 7
    for junk in ["állóhely", "@utazo", "Zsúfolt vonat", "Forrás", "Megosztás", "mobilalkalmazás"]:
        assert junk not in item.text, junk


def test_a_fact_box_in_the_text_stays_a_photo_caption_goes():
    url = "https://videkisport.example/foci/2022/09/14/hazai-gyozelem-a-rangadon/"
    item = extract("article_fact_box.html", url).item
    paragraphs = item.text.split("\n\n")
    assert "Hazai SE – Vendég FC 2-0 (1-0)" in paragraphs
    assert "Sárga lap: Tóth (52.)" in paragraphs
    assert paragraphs[-1].startswith("A következő fordulóban")
    assert "Ünneplő játékosok" not in item.text
    assert item.lead == "Két góllal nyert a listavezető a tabella második helyezettje ellen."


def test_a_subscription_box_goes_with_its_price_line():
    url = "https://videkisport.example/foci/2022/10/03/visszaterhet-a-csapatkapitany/"
    text = extract("article_subscription_box.html", url).item.text
    assert len(text.split("\n\n")) == 3
    for junk in ["otthon van", "790 forint", "Szerzőink", "Tartsatok", "KIPRÓBÁLOM"]:
        assert junk not in text, junk


def test_a_printed_date_without_a_year_takes_the_year_of_the_address():
    url = "https://pestifutar.example/2019/03/05/kerekparsav-nagykorut/"
    item = extract("article_yearless_date.html", url).item
    assert item.published == "2019-03-05T14:32:00+01:00"  # "március 5., 14:32"


# --- live blogs -------------------------------------------------------------------------------

TIME_URL = "https://pestifutar.example/kozelet/2021/10/10/maratoni-vasarnap-percrol-percre/"


def test_article_posts_with_utc_times_titles_bylines_and_a_pinned_post():
    found = extract("live_time_articles.html", TIME_URL)
    item = found.item
    assert item.kind == "liveblog"
    # The page's own date and byline, not its first post's.
    assert item.published == "2021-10-10T06:45:00+02:00"
    assert item.authors == ["Németh Dóra"]
    assert item.lead.startswith("Huszonötezren futnak a fővárosban")
    posts = item.posts
    assert [p["published"] for p in posts] == [
        "2021-10-10T07:50:00+02:00",  # pinned on top, older than the rest
        "2021-10-10T15:05:00+02:00",
        "2021-10-10T12:30:00+02:00",
        "2021-10-10T09:10:00+02:00",
        "2021-10-10T07:55:00+02:00",
    ]
    assert [p["title"] for p in posts] == [
        "Hasznos telefonszámok",  # its "Kiemelt" badge is neither title nor text
        "Újra járható a Lánchíd",
        "Célba ért a győztes",
        None,
        "Lezárták az Andrássy utat",
    ]
    assert [p["authors"] for p in posts] == [
        [],
        ["Kiss Tamás"],
        ["Németh Dóra"],
        ["Kiss Tamás"],
        ["Németh Dóra"],
    ]
    assert posts[2]["text"].split("\n\n")[1].startswith("A nőknél etióp győzelem")
    for junk in [
        "Kiemelt",
        "Megosztás",
        "Link másolása",
        "Legolvasottabb",
        "fűtésszámla",
        "Közélet",
    ]:
        assert junk not in item.text, junk
    assert "hírlevelünkre" not in item.text


FLAT_URL = "https://tiszantulikronika.example/2022/04/03/valasztasi-ejszaka-percrol-percre/"


def test_a_pinned_copy_of_a_post_is_not_a_second_post():
    url = "https://megyeihirlap.example/2024/07/18/idojaras-percrol-percre/"
    item = extract("live_pinned_copy.html", url).item
    assert [p["published"][11:16] for p in item.posts] == ["12:45", "11:30", "10:20"]
    assert item.text.count("Piros kód") == 1


def test_printed_clock_lines_oldest_first_across_midnight():
    item = extract("live_flat_clocks.html", FLAT_URL).item
    assert item.kind == "liveblog"
    assert item.published == "2022-04-03T19:02:00+02:00"  # "2022. április 3. | 19:02"
    assert item.authors == ["Farkas Judit"]
    assert item.lead is None
    assert [p["published"] for p in item.posts] == [
        "2022-04-03T19:15:00+02:00",
        "2022-04-03T20:40:00+02:00",
        "2022-04-03T22:05:00+02:00",
        "2022-04-03T23:50:00+02:00",
        "2022-04-04T00:35:00+02:00",  # after midnight: the next day
    ]
    assert all(p["title"] is None for p in item.posts)
    assert len(item.posts[1]["text"].split("\n\n")) == 2
    paragraphs = item.text.split("\n\n")
    # The opening above the first post is the page's text too.
    assert paragraphs[0].startswith("Lezárultak a szavazóhelyiségek")
    assert not any(p in ("19:15", "00:35") for p in paragraphs)
    for junk in [
        "támogass minket",
        "Címlapkép",
        "Sorok a szavazókörök",
        "Reggel még sorok",
        "Kategória",
    ]:
        assert junk not in item.text, junk


LI_URL = "https://dunantulifigyelo.example/hirek/hidegfront-folyamatosan-frissulo-tudositas-54321/"


def test_list_item_posts_printing_hungarian_dates_and_bold_titles():
    item = extract("live_li_printed_dates.html", LI_URL).item
    assert item.kind == "liveblog"
    assert item.published == "2021-11-29T08:30:00+01:00"  # JSON-LD in UTC, read in Budapest
    assert item.lead.startswith("Viharos szél és havas eső")
    assert [(p["published"], p["title"]) for p in item.posts] == [
        ("2021-11-29T16:45:00+01:00", "Kidőlt fák Veszprémben"),
        ("2021-11-29T13:10:00+01:00", "Áramszünet több faluban"),
        ("2021-11-29T11:05:00+01:00", None),
        ("2021-11-29T09:20:00+01:00", "Havas eső a Bakonyban"),
    ]
    for junk in ["Facebookon", "Drágul a benzin", "Címkék", "Impresszum"]:
        assert junk not in item.text, junk


MATCH_URL = "https://sportvonal.example/foci/2023/06/17/magyarorszag-szerbia-elo/"


def test_match_minutes_are_not_times():
    item = extract("live_match_minutes.html", MATCH_URL).item
    assert item.kind == "liveblog"
    assert item.published == "2023-06-17T19:30:00+02:00"  # meta in UTC
    assert item.authors == ["Bodnár Ákos"]
    assert [p["published"] for p in item.posts] == [
        None,  # Vége, above the first post printing a clock
        "2023-06-17T21:05:00+02:00",
        None,  # 90+2'
        None,  # 58'
        None,  # Félidő
        "2023-06-17T19:47:00+02:00",
        "2023-06-17T19:10:00+02:00",
        "2023-06-17T18:45:00+02:00",
    ]
    assert item.posts[0]["text"].startswith("Lefújta a játékvezető")
    assert item.posts[3]["text"].startswith("Góóól! Szoboszlai")
    assert item.posts[4]["text"].startswith("Egygólos magyar vezetéssel")
    paragraphs = item.text.split("\n\n")
    for minute in ["58'", "90+2'", "Félidő", "Vége"]:
        assert minute not in paragraphs, minute
    assert "58'" not in item.text


def test_posts_marked_by_match_minutes_only_have_no_times():
    url = "https://sportvilag.example/foci/2022/05/11/kupadonto-elo/"
    item = extract("live_minutes_only.html", url).item
    assert item.kind == "liveblog"
    assert [p["published"] for p in item.posts] == [None] * 4
    assert item.posts[2]["text"].startswith("Véget ért az első félidő")
    assert "45. perc" not in item.text and "71'" not in item.text


def test_a_listing_of_headlines_with_times_is_no_live_blog():
    text = (FIXTURES / "listing_with_times.html").read_text(encoding="utf-8")
    doc = parse_html(text, max_chars=EXTRACT_MAX_CHARS)
    assert find_feed(doc, near=datetime(2024, 3, 5, tzinfo=UTC), hinted=False) is None
    with pytest.raises(NotAnArticle):
        extract("listing_with_times.html", "https://hirmondo.example/belfold/")


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("listing_with_excerpts.html", "https://hirmondo.example/belfold/"),
        ("listing_linked_titles.html", "https://napifigyelo.example/rovat/egeszseg?oldal=4"),
        ("article_more_news.html", "https://hirmondo.example/belfold/2024/03/05/benzinar/"),
    ],
)
def test_timed_teasers_with_excerpts_are_no_live_blog(name, url):
    # Each item has a time and a sentence of its own, but is headed by a link elsewhere.
    try:
        item = extract(name, url).item
    except NotAnArticle:
        return
    assert item.kind == "article" and not item.posts


@pytest.mark.parametrize(
    "name",
    [
        "article_programme.html",
        "article_programme_paragraphs.html",
        "article_programme_headings.html",
    ],
)
def test_a_programme_of_timed_lines_in_an_article_is_no_live_blog(name):
    # As list items, as paragraphs of a WordPress "entry-content", as headings.
    url = "https://varosihirek.example/2024/08/18/unnepi-programok/"
    item = extract(name, url).item
    assert item.kind == "article" and not item.posts
    paragraphs = item.text.split("\n\n")
    assert any(p.startswith(("09:00 Zászlófelvonás", "10:00 – Megnyitó")) for p in paragraphs)


@pytest.mark.parametrize("page", ["", "2/"])
def test_post_titles_linking_to_their_permalinks_are_no_teasers(page):
    # Also on page 2 of the blog, and inside a wrapper whose class says "menu_main".
    url = "https://tudosito.example/belfold/2023/06/06/koltsegvetesi-vita/" + page
    item = extract("live_permalink_titles.html", url).item
    assert item.kind == "liveblog"
    assert [(p["published"][11:16], p["title"]) for p in item.posts] == [
        ("12:40", "Jövő héten szavaznak"),
        ("11:15", "Ellenzéki módosítók"),
        ("09:30", "Elhangzott az expozé"),
    ]


def test_article_before_a_more_news_box_keeps_only_its_text():
    item = extract("article_more_news.html", "https://hirmondo.example/belfold/2024/03/05/x/").item
    assert item.published == "2024-03-05T08:00:00+01:00"
    assert len(item.text.split("\n\n")) == 3
    assert "HÉV" not in item.text


def test_times_leading_paragraphs_on_a_page_that_says_it_is_live():
    item = extract("live_inline_clocks.html", "https://hirmondo.example/2020/03/20/ules/").item
    assert item.kind == "liveblog"
    assert [p["published"][11:16] for p in item.posts] == ["09:05", "09:40", "11:15", "11:30"]
    assert item.posts[1]["text"].split("\n\n") == [
        "Az ellenzék módosító javaslatot nyújtott be, amely kilencven napra korlátozná a"
        " törvény hatályát.",
        "A kormánypártok jelezték, hogy nem támogatják a módosítást.",
    ]
    assert item.text.startswith("A parlament rendkívüli ülésen tárgyalja")


def test_post_dates_printed_without_a_year_take_the_blogs_year():
    # Read years later: "március 6." is the blog's March, not the reading year's.
    item = extract(
        "live_yearless_dates.html", "https://hirmondo.example/erdotuz-percrol-percre/"
    ).item
    assert [p["published"] for p in item.posts] == [
        "2019-03-06T09:10:00+01:00",
        "2019-03-05T18:30:00+01:00",
        "2019-03-05T12:00:00+01:00",
    ]


def test_time_inside_a_post_heading_is_not_its_title():
    url = "https://csillagaszatihirek.example/2024/11/16/holdraszallas/"
    item = extract("live_heading_clocks.html", url).item
    assert item.kind == "liveblog"
    assert [(p["published"], p["title"]) for p in item.posts] == [
        ("2024-11-17T01:20:00+01:00", "Megérkeztek az első képek"),
        ("2024-11-17T00:05:00+01:00", "Sikeres leszállás!"),
        ("2024-11-16T23:10:00+01:00", "Megkezdődött az ereszkedés"),
        ("2024-11-16T20:15:00+01:00", "Minden rendszer rendben"),
    ]
    assert "01:20" not in item.text


def test_a_name_beside_the_clock_is_the_posts_author():
    item = extract("live_clock_and_name_lines.html", "https://hirek.example/2022/05/02/ules/").item
    assert item.kind == "liveblog"
    assert [(p["published"][11:16], p["authors"]) for p in item.posts] == [
        ("11:30", ["Kovácsné Szabó Erzsébet"]),
        ("10:40", []),  # "Kiemelt | 10:40": a label, no name
        ("10:15", ["Tóth Gábor"]),
        ("09:05", ["Kovácsné Szabó Erzsébet"]),
    ]
    assert "Tóth Gábor" not in item.text


def test_headings_saying_time_and_title_lead_the_posts_below_them():
    url = "https://kozeletilap.example/2023/04/04/parlamenti-naplo/"
    item = extract("live_heading_lines.html", url).item
    assert item.kind == "liveblog"
    assert [(p["published"][11:16], p["title"], p["authors"]) for p in item.posts] == [
        ("13:40", "A kormány visszavonta a módosítót", []),  # a title, not a name
        ("11:15", "Kivonult az ellenzék", []),
        ("09:05", "Megkezdődött az ülés", []),
    ]
    assert len(item.posts[1]["text"].split("\n\n")) == 2
    assert item.text.startswith("Egész nap követjük az Országgyűlés ülését")


# --- people, desks and agencies in what the page prints -----------------------------------


def test_a_byline_with_the_sites_address_and_a_source_line_give_credits():
    item = extract(
        "article_source_lines.html",
        "https://delvidekihirek.example/kozlekedes/lezarjak-a-szent-laszlo-hidat/",
    ).item
    # "Szerző: Kiss Anna / delvidekihirek.hu" and "Hírforrás: MTI/Reuters"; the caption's
    # "Fotó: MTI/Nagy Béla" credits a photo, not the text.
    assert item.authors == ["Kiss Anna"]
    assert item.credits == ["delvidekihirek.hu", "MTI", "Reuters"]
    # A Yoast graph without an Article object dates the page in its WebPage.
    assert item.published == "2023-03-12T08:15:00+01:00"
    assert item.modified == "2023-03-12T10:40:00+01:00"


def test_a_signature_line_below_the_article_names_its_author_and_agency():
    item = extract(
        "article_signature_below.html", "https://r7hirek.example/kozlekedes/uj-buszjaratok/"
    ).item
    # "Horváth Gergely, MTI" in an unclassed box after the text; a comment's user line
    # ("Tóth Péter, AFP") is not a signature.
    assert item.authors == ["Horváth Gergely"]
    assert item.credits == ["MTI"]


def test_a_desk_byline_with_digits_does_not_hide_the_people_byline():
    item = extract(
        "article_desk_digits.html", "https://r7hirek.example/sport/bajnok-lett-a-noi-csapat/"
    ).item
    # "R7 Hírek" (the site's name, with a digit) first, then an author link with a bare
    # agency beside it.
    assert item.authors == ["Lakatos Márk"]
    assert item.credits == ["R7 Hírek", "AFP"]


# --- a standfirst the page sets apart without a class -------------------------------------


def test_a_bold_paragraph_opening_the_text_is_the_lead_and_a_rubric_is_not_text():
    item = extract(
        "article_bold_standfirst.html", "https://alfoldikronika.example/helyi/uszoda/"
    ).item
    assert item.lead.startswith("Két év felújítás után szerdán újra megnyílt")
    paragraphs = item.text.split("\n\n")
    assert paragraphs[0].startswith("A felújítás több mint kétmilliárd")
    assert "Helyi hírek" not in item.text
    # A short last line in plain type stays text.
    assert paragraphs[-1] == "Az uszoda reggel hattól este tízig tart nyitva, hétvégén nyolctól."


def test_a_sentence_in_a_heading_under_the_headline_is_the_lead():
    item = extract(
        "article_heading_standfirst.html", "https://hetilap.example/itthon/sztrajk-12345"
    ).item
    assert item.lead == (
        "Kedd reggel óta nem hordják ki a leveleket a fővárosban, a csomagautomaták azonban"
        " működnek."
    )
    paragraphs = item.text.split("\n\n")
    assert paragraphs[0].startswith("A szakszervezet szerint")
    assert len(paragraphs) == 3
    assert not any("2015.02.10" in p for p in paragraphs)


# --- a layout that says it has a sidebar ----------------------------------------------------


def test_a_body_class_naming_a_sidebar_does_not_hide_the_feed():
    item = extract(
        "live_sidebar_layout.html", "https://varosihirek.example/helyi/varosnap-percrol-percre/"
    ).item
    assert item.kind == "liveblog"
    assert [post["title"] for post in item.posts] == [
        "A nap programja",
        "Véget ért a tűzijáték",
        "Megtelt a liget",
        "Nagy a forgalom a vásárban",
    ]
    # The programme's clock-led list items are the first post's text, not its times.
    assert item.posts[0]["published"] == "2022-09-10T09:35:00+02:00"
    assert item.posts[0]["text"].split("\n\n") == [
        "10:00 – kirakodóvásár a főtéren,",
        "18:00 – koncert a ligetben,",
        "21:30 – tűzijáték a folyó felett.",
    ]
    # The sidebar's timed headlines are no posts; the dates line above the feed is no text
    # (the record's text is the posts' alone).
    assert len(item.posts) == 4
    assert item.text.startswith("A nap programja")
    assert "Frissítve" not in item.text and "szombat" not in item.text
    # The tag row after the feed, without its label; the kicker's lone tag link is not one.
    assert item.tags == ["városnap", "tűzijáték"]


def test_boxes_captions_and_credit_lines_inside_posts_are_not_their_text():
    item = extract(
        "live_boxes_in_posts.html", "https://korosvidek.example/hirek/arviz-percrol-percre"
    ).item
    assert [post["title"] for post in item.posts] == [
        "Tetőzött a folyó",
        "Homokzsákokat töltenek",
        "Lezárták a gátakat",  # its bold first line, not the related box's heading
        "Harmadfokú készültség",
    ]
    # The post's byline (a camelCase class: "streamItemAuthor") is its author, not text.
    assert [post["authors"] for post in item.posts] == [
        ["Szabó Júlia"],
        ["Szabó Júlia"],
        [],
        ["Kerekes Ádám"],
    ]
    assert item.posts[2]["text"].endswith("a gátkorona mentén lezárták.")
    texts = [post["text"] for post in item.posts]
    assert texts[0] == (
        "Délben 912 centiméteren tetőzött a Kettős-Körös Gyulánál, a gátakon egész éjjel"
        " figyelőszolgálat lesz."
    )
    # The "(MTI)" line closing a post credits it and is not its text.
    assert texts[1].endswith("délutánra is.")
    assert item.credits == ["MTI"]


def test_a_paragraph_that_is_only_a_credit():
    assert bare_credits("(MTI)") == ["MTI"]
    assert bare_credits(" (MTI/Reuters) ") == ["MTI", "Reuters"]
    assert bare_credits("(a részletekről később)") == []
    assert bare_credits("A kormány döntött. (MTI)") == []


def test_a_live_blogs_opening_is_every_text_block_between_its_headline_and_feed():
    found = extract(
        "live_opening_blocks.html", "https://viharhirek.example/belfold/vihar-percrol-percre"
    )
    item = found.item
    assert item.lead.startswith("Heves zivatarok vonultak át csütörtök délután")
    # The paragraph in the content block above the feed is the opening text, the filter
    # buttons and the badge are not.
    assert found.page.paragraphs == [
        "A meteorológiai szolgálat narancs figyelmeztetést adott ki tizenegy megyére, a"
        " viharos szél lökései elérhetik a 90 kilométeres óránkénti sebességet is."
    ]
    assert len(item.posts) == 3
    # No metadata says when it changed; the dates line does ("| frissítve: …").
    assert item.modified == "2021-07-08T20:10:00+02:00"


def test_a_subheading_stays_and_a_promo_in_a_text_block_goes_alone():
    item = extract(
        "article_text_blocks.html", "https://tavihirek.example/helyi/kerekparut-a-tóparton"
    ).item
    paragraphs = item.text.split("\n\n")
    # A short h2 between two paragraphs is a subheading; the print-edition promo is an
    # appeal, and the block it closes is text like its sibling blocks.
    assert "Lezárások nyáron" in paragraphs
    assert not any("Írásunkat" in p for p in paragraphs)
    assert any(p.startswith("A kivitelező szerint") for p in paragraphs)
    assert len(paragraphs) == 6


def test_the_headline_shown_wins_over_the_share_cards_wording():
    item = extract(
        "article_share_title.html", "https://hegyvidekihirek.example/kozlekedes/kisvasut"
    ).item
    # og:title "Itt a nyári menetrend: sűrűbben jár a kisvasút"; the logo's h1 is in the
    # page header and is not the article's.
    assert item.title == "Sűrűbben jár nyáron a kisvasút"
    assert item.text.startswith("Június közepétől")
    # Links to /cimke/ pages, each in a wrapper of its own, are the tag row.
    assert item.tags == ["kisvasút", "menetrend"]


# --- the pieces -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("2023. március 5. 14:32", "2023-03-05T14:32:00+01:00"),
        ("2019. augusztus 23. péntek 14:22", "2019-08-23T14:22:00+02:00"),
        ("2021.11.29. 13:10", "2021-11-29T13:10:00+01:00"),
        ("2022. szeptember 14. | 17:05", "2022-09-14T17:05:00+02:00"),
        ("2015. január 07. | 16:46", "2015-01-07T16:46:00+01:00"),
    ],
)
def test_hungarian_printed_dates(printed, expected):
    assert hungarian_datetime(printed) == expected


def test_a_date_printed_without_its_year_is_the_latest_such_day_up_to_tomorrow():
    near = datetime(2024, 1, 2, 9, 0, tzinfo=UTC)
    assert hungarian_day_time("december 30., 16:46", near) == "2023-12-30T16:46:00+01:00"
    assert hungarian_day_time("jan. 2. 08:15", near) == "2024-01-02T08:15:00+01:00"


def test_clock_times_newest_first_across_midnight():
    clocks = [read_clock(c) for c in ("01:10", "00:05", "23:40", "22:00")]
    assert clock_times(clocks, "2024-12-31T21:30:00+01:00") == [
        "2025-01-01T01:10:00+01:00",
        "2025-01-01T00:05:00+01:00",
        "2024-12-31T23:40:00+01:00",
        "2024-12-31T22:00:00+01:00",
    ]
    assert read_clock("58'") is None


@pytest.mark.parametrize(
    "appeal",
    [
        "Iratkozzon fel hírlevelünkre, és elsőként értesül a legfontosabb hírekről!",
        "Kövesse a Kisalföldi Naplót a Facebookon is!",
        "Töltsd le az applikációnkat, és olvass reklámok nélkül!",
        "Ha fontosnak tartod a munkánkat, támogass minket havi 1000 forinttal!",
        "Fizess elő a digitális kiadásra!",
        "Riportunkat keresse csütörtökön a Hétvége mellékletben!",
        "A teljes cikket a hetilap pénteki lapszámában olvashatja.",
    ],
)
def test_reader_appeals_on_any_host(appeal):
    assert is_reader_appeal(appeal)


@pytest.mark.parametrize(
    "sentence",
    [
        "A lap előfizetőinek száma tavaly húsz százalékkal nőtt, a hírlevél olvasottsága is.",
        "A rendőrség keresse azt a férfit, aki a napilap szerkesztőségénél járt.",
        "A kormány szerint a Facebook és a Google hirdetési bevételeit is meg kell adóztatni,"
        " ezt a javaslatot a parlament jövő héten tárgyalja.",
    ],
)
def test_sentences_about_subscriptions_are_not_appeals(sentence):
    assert not is_reader_appeal(sentence)


def test_a_printed_modification_time_is_not_the_publication_time():
    doc = parse_html(
        "<html><body><article><h1>Cím</h1><div class='meta'>"
        "<span class='date-updated'>Frissítve: 2022. szeptember 14. | 19:40</span>"
        "<span class='date'>2022. szeptember 14. | 17:05</span></div></article></body></html>",
        max_chars=EXTRACT_MAX_CHARS,
    )
    near = datetime(2022, 9, 20, tzinfo=UTC)
    assert printed_published(doc.find(".//article"), None, near) == (
        "2022-09-14T17:05:00+02:00",
        0,
    )


@pytest.mark.parametrize(
    ("og_title", "expected"),
    [
        ("Derbi a Népstadionban ÉLŐ - Hírmondó", "Derbi a Népstadionban ÉLŐ"),
        ("Derbi a Népstadionban | hirmondo.example", "Derbi a Népstadionban"),
        ("Interjú - Kovács Anna", "Interjú - Kovács Anna"),  # not the portal's name
    ],
)
def test_the_portals_name_is_not_part_of_the_title(og_title, expected):
    page = (
        f'<html><head><meta property="og:title" content="{og_title}">'
        '<meta property="og:site_name" content="Hírmondó"></head><body><div>'
        + "<p>A mérkőzés előtt a két csapat edzője is győzelmet ígért a szurkolóknak.</p>" * 3
        + "</div></body></html>"
    )
    item = extract_page(page, "https://hirmondo.example/sport/derbi/", max_chars=10**6).item
    assert item.title == expected


# --- real pages of portals without a module (../shared) ---------------------------------------

ALFAHIR = "alfahir_hu_raketavetovel_menekulnek_a_gyilkosok.html"
MERCE = (
    "merce_hu_2015_10_12_nincs_mas_valasztas_baratkozni_kell_irannal_kozel_keleti_kilatasok.html"
)


@pytest.mark.realworld
def test_alfahir_minute_by_minute_page_is_a_live_blog_dated_as_printed(realworld):
    text, url = realworld(ALFAHIR)
    item = extract_page(text, url, max_chars=EXTRACT_MAX_CHARS).item
    assert item.kind == "liveblog"
    # Printed "2015. január 07. | 16:46"; the first post's <time> (13:28 UTC) is not it.
    assert item.published == "2015-01-07T16:46:00+01:00"
    assert len(item.posts) == 12
    assert all(p["published"] and p["published"].endswith("+01:00") for p in item.posts)
    assert item.lead.startswith("Said és Chérif Kouachi-t gyanúsítja")
    assert len(item.text) > 10_000


@pytest.mark.realworld
def test_merce_article_stays_an_article(realworld):
    text, url = realworld(MERCE)
    item = extract_page(text, url, max_chars=EXTRACT_MAX_CHARS).item
    assert item.kind == "article" and not item.posts
    # Meta says 09:19; the article's <time datetime> gives the same minute with seconds.
    assert item.published == "2015-10-12T09:19:35+02:00"
    # A desk named after the portal is a credit, not a person (issue 16 §3).
    assert item.authors == [] and item.credits == ["Mérce vendégszerző"]


@pytest.mark.realworld
def test_no_listing_in_shared_is_a_live_blog_to_the_generic_path(realworld):
    # Every captured listing (section pages, archives, tag pages of all portals), read
    # as if no module knew its host: timed headlines with excerpts are not posts.
    listings = [e["file"] for e in realworld_manifest() if e["kind"] == "listing"]
    assert listings
    for name in listings:
        text, url = realworld(name)
        try:
            page = GENERIC.parse(parse_html(text, max_chars=EXTRACT_MAX_CHARS), url)
        except NotAnArticle:
            continue
        assert page.kind == "article" and not page.posts, name
