import pytest

from crawler.text.decoding import decode_html

TEXT = "Árvíztűrő tükörfúrógép: „ő és ű” – mondta"


def page(charset: str = "utf-8", text: str = TEXT) -> str:
    return f'<html><head><meta charset="{charset}"><title>{text}</title></head></html>'


@pytest.mark.parametrize(
    ("body", "content_type", "encoding"),
    [
        # ISO-8859-2 bytes served and declared as UTF-8 (quotes and dash as references).
        (
            page().encode("iso-8859-2", errors="xmlcharrefreplace"),
            "text/html; charset=UTF-8",
            "cp1250",
        ),
        # UTF-8 bytes served and declared as ISO-8859-2.
        (page("iso-8859-2").encode(), "text/html; charset=ISO-8859-2", "utf-8"),
        # windows-1250 bytes declared as nothing at all.
        (page("").encode("cp1250"), None, "cp1250"),
        # A correct label is simply used.
        (page("windows-1250").encode("cp1250"), "text/html", "cp1250"),
        # A byte-order mark names the codec.
        (b"\xff\xfe" + page().encode("utf-16-le"), None, "utf-16-le"),
    ],
)
def test_the_candidate_that_reads_cleanly_wins(body, content_type, encoding):
    decoded = decode_html(body, content_type)
    assert decoded.encoding == encoding
    assert decoded.replaced == 0 and "\ufffd" not in decoded.text
    assert "Árvíztűrő tükörfúrógép" in decoded.text
    assert not decoded.text.startswith("\ufeff")


def test_correction_is_reported():
    assert decode_html(page().encode(), "text/html; charset=utf-8").corrected is False
    wrong = decode_html(page().encode(), "text/html; charset=iso-8859-2")
    assert wrong.corrected is True and wrong.declared == "iso8859-2"


def test_nul_bytes_are_removed_and_counted():
    decoded = decode_html(page().replace("tükör", "tü\0kör\0").encode(), None)
    assert decoded.nul_bytes == 2 and "tükörfúrógép" in decoded.text and "\0" not in decoded.text


def test_bytes_no_charset_reads_are_replaced_and_counted():
    # 0x81 and 0x83 are undefined in windows-1250 and invalid in UTF-8.
    decoded = decode_html(b"<p>\x81 ok \x83</p>", "text/html; charset=utf-8")
    assert decoded.replaced == 2 and decoded.text.count("\ufffd") == 2


def test_valid_utf8_with_a_stray_c1_character_stays_utf8():
    # A real-world flaw: U+0096 (a mis-converted dash) inside a UTF-8 page.
    decoded = decode_html(page(text="ő \u0096 ű").encode(), "text/html; charset=utf-8")
    assert decoded.encoding == "utf-8" and "ő \u0096 ű" in decoded.text
