"""Text as a reader sees it: one test per rule of crawler.text.bodytext."""

from __future__ import annotations

import pytest
from lxml import etree, html

from crawler.text.bodytext import NotBody, clean, is_hidden, paragraphs


def render(markup: str, **kwargs) -> list[str]:
    return paragraphs(html.fragment_fromstring(markup, create_parent="div"), **kwargs)


def test_block_elements_are_paragraphs():
    assert render("<p>Egy.</p><p>Kettő.</p><div>Három.</div><h3>Alcím</h3>") == [
        "Egy.",
        "Kettő.",
        "Három.",
        "Alcím",
    ]


def test_a_br_is_a_line_break_inside_its_paragraph():
    assert render("<p>első sor<br/>második sor</p>") == ["első sor\nmásodik sor"]
    assert render("<p>Kossuth tér 1.<br>1055 Budapest<br>  </p>") == [
        "Kossuth tér 1.\n1055 Budapest"
    ]


def test_two_brs_in_a_row_end_the_paragraph():
    assert render("<p>Első versszak<br><br>  <br>Második versszak</p>") == [
        "Első versszak",
        "Második versszak",
    ]


def test_inline_markup_never_adds_a_space():
    assert render("<p>Magyar<em>ország</em> és a <a href='/x'>hivatkozás</a>sal</p>") == [
        "Magyarország és a hivatkozással"
    ]
    assert render("<p><b>Fél</b><i>kövér</i>, <span>dőlt</span>.</p>") == ["Félkövér, dőlt."]


def test_inline_markup_never_removes_a_space():
    assert render("<p>egy <b>kettő</b> három<a> négy</a> öt</p>") == ["egy kettő három négy öt"]


def test_nbsp_and_unicode_spaces_are_spaces_invisibles_dropped():
    assert render("<p>10&nbsp;000&#8239;forint, szó&shy;tag, zéró&#8203;szélesség</p>") == [
        "10 000 forint, szótag, zérószélesség"
    ]


def test_source_newlines_are_white_space_not_line_breaks():
    assert render("<p>egy\n   kettő\n\n három</p>") == ["egy kettő három"]


@pytest.mark.parametrize(
    "hidden",
    [
        '<span style="display: none">rejtett</span>',
        '<span style="color:red;visibility:hidden">rejtett</span>',
        "<span hidden>rejtett</span>",
        '<span class="sr-only">rejtett</span>',
        "<template><p>rejtett</p></template>",
        "<script>var rejtett = 1;</script>",
        "<noscript>rejtett</noscript>",
        "<style>.rejtett{}</style>",
    ],
)
def test_hidden_content_is_never_text(hidden):
    assert render(f"<p>Látható{hidden} szöveg.</p>") == ["Látható szöveg."]


def test_hidden_blocks_are_never_text():
    markup = (
        '<p>Egy.</p><div style="display:none"><p>rejtett</p></div>'
        "<div hidden>rejtett</div><p>Kettő.</p>"
    )
    assert render(markup) == ["Egy.", "Kettő."]


def test_json_in_a_div_is_data_not_text():
    markup = '<div>{"id": 12, "tags": ["a", "b"]}</div><p>Szöveg.</p><p>[1, 2]</p>'
    assert render(markup) == ["Szöveg."]
    # Prose that merely starts with a bracket stays.
    assert render("<p>[Frissítés] Új hír érkezett.</p>") == ["[Frissítés] Új hír érkezett."]


def test_lists_quotes_and_subheadings_are_kept():
    markup = (
        "<ul><li>első <b>pont</b></li><li>második</li></ul>"
        "<blockquote><p>Idézet.</p></blockquote><h2>Alcím</h2><p>Vége.</p>"
    )
    assert render(markup) == ["első pont", "második", "Idézet.", "Alcím", "Vége."]


def test_table_rows_are_paragraphs_with_cells_joined():
    markup = "<table><tr><th>Csapat</th><th>Pont</th></tr><tr><td>Fradi</td><td>3</td></tr></table>"
    assert render(markup) == ["Csapat | Pont", "Fradi | 3"]


def test_not_body_by_tag_class_and_id_is_skipped_tail_kept():
    not_body = NotBody(
        tags=frozenset({"figure"}), classes=frozenset({"hirdetes"}), ids=frozenset({"x"})
    )
    markup = (
        "<p>Eleje <span class='hirdetes'>Hirdetés</span>vége.</p>"
        "<figure><img src='a.jpg'><figcaption>Képaláírás</figcaption></figure>"
        "<div id='x'>Ajánló</div><p>Utolsó.</p>"
    )
    assert render(markup, not_body=not_body) == ["Eleje vége.", "Utolsó."]


def test_nested_blocks_keep_their_boundaries():
    assert render("<div>előtte <div>belül</div> utána</div>") == ["előtte", "belül", "utána"]


def test_pre_keeps_its_lines():
    assert render("<pre>sor1\nsor2</pre>") == ["sor1\nsor2"]


def test_deep_nesting_does_not_recurse():
    root = node = etree.Element("div")
    for _ in range(5000):  # far beyond Python's recursion limit
        node = etree.SubElement(node, "span")
    node.text = "mély"
    assert paragraphs(root) == ["mély"]


def test_is_hidden_and_clean():
    assert is_hidden(html.fromstring('<p style="DISPLAY : NONE">x</p>'))
    assert not is_hidden(html.fromstring('<p class="hidden-xs">x</p>'))
    assert clean("  a\u00a0\tb \n") == "a b"
