"""Page roles in the archive: the stable form written today, and the legacy form (the
spider's callback and its arguments) read back the same way, in one place."""

from __future__ import annotations

import json

import pytest

from crawler.archive import (
    ARTICLE_PAGE,
    FEED,
    LISTING,
    ROBOTS,
    PageRole,
    page_role,
)

ARTICLE = "https://index.hu/kulfold/2024/05/06/x/"


def fields(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """WARC named fields as the reader keeps them (names lower-cased)."""
    return {name.lower(): value for name, value in pairs}


@pytest.mark.parametrize(
    "role",
    [
        PageRole(ROBOTS),
        PageRole(FEED),
        PageRole(LISTING),
        PageRole.article_page(ARTICLE, 1),
        PageRole.article_page(ARTICLE, 1, check_section=True),
        PageRole.article_page(ARTICLE, 7),
    ],
)
def test_a_role_reads_back_as_written(role):
    assert page_role(fields(role.warc_fields()), ARTICLE) == role


def test_the_written_form_names_no_code():
    assert PageRole.article_page(ARTICLE, 1, check_section=True).warc_fields() == [
        ("X-Crawler-Role", "article-page"),
        ("X-Crawler-Article", ARTICLE),
        ("X-Crawler-Page", "1"),
        ("X-Crawler-Listed-In", "site"),
    ]
    assert PageRole.article_page(ARTICLE, 2).warc_fields() == [
        ("X-Crawler-Role", "article-page"),
        ("X-Crawler-Article", ARTICLE),
        ("X-Crawler-Page", "2"),
    ]


def legacy(callback: str | None, **kwargs: object) -> dict[str, str]:
    pairs = [("X-Crawler-Callback", callback)] if callback else []
    if kwargs:
        pairs += [
            ("X-Crawler-Article", ARTICLE),
            ("X-Crawler-Cb-Kwargs", json.dumps({"canonical": ARTICLE, "pages": [], **kwargs})),
        ]
    return fields(pairs)


@pytest.mark.parametrize(
    ("recorded", "url", "role"),
    [
        (legacy(None), "https://index.hu/robots.txt", PageRole(ROBOTS)),
        (legacy("parse_feed"), "https://index.hu/kulfold/rss/", PageRole(FEED)),
        (legacy("parse_listing"), "https://index.hu/kulfold/", PageRole(LISTING)),
        (
            legacy("parse_article", check_section=False),
            ARTICLE,
            PageRole.article_page(ARTICLE, 1),
        ),
        (
            legacy("parse_article", check_section=True),
            ARTICLE,
            PageRole.article_page(ARTICLE, 1, check_section=True),
        ),
        # A later page named neither its article nor its number.
        (legacy("parse_article"), ARTICLE + "2/", PageRole(ARTICLE_PAGE)),
        (legacy(None), "https://index.hu/kulfold/", None),
        (legacy("a_method_since_renamed"), "https://index.hu/kulfold/", None),
    ],
)
def test_the_legacy_form_maps_to_the_same_roles(recorded, url, role):
    assert page_role(recorded, url) == role


def test_legacy_arguments_that_are_not_json_still_name_a_first_page():
    recorded = fields(
        [
            ("X-Crawler-Callback", "parse_article"),
            ("X-Crawler-Article", ARTICLE),
            ("X-Crawler-Cb-Kwargs", "{not json"),
        ]
    )
    assert page_role(recorded, ARTICLE) == PageRole.article_page(ARTICLE, 1)


def test_the_kept_archive_generations_hold_both_forms():
    """tests/fixtures/archives keeps archives as each day's code wrote them, and
    test_old_archives re-extracts every one: the legacy form and today's are both kept."""
    from warcio.archiveiterator import ArchiveIterator

    from tests.archive.test_old_archives import RUNS

    forms: dict[str, set[str]] = {}
    for run in RUNS:
        [warc] = (run / "warc").glob("*.warc.gz")
        with warc.open("rb") as stream:
            headers = [r.rec_headers for r in ArchiveIterator(stream) if r.rec_type == "response"]
        found = {
            "roles" if h.get_header("X-Crawler-Role") else "legacy"
            for h in headers
            if h.get_header("X-Crawler-Role") or h.get_header("X-Crawler-Callback")
        }
        forms.setdefault(run.parent.name, set()).update(found)
    assert forms["2026-12-06"] == {"legacy"}
    assert {"roles"} in forms.values()
