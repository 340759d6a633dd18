import json

from jsonschema import Draft202012Validator

from crawler.assembly.assemble import build_item
from crawler.record.item import RECORD_FIELDS, as_record, record_schema
from crawler.record.validity import record_problem
from tests.records import article_fields as fields


def test_schema_lists_exactly_the_record_fields():
    schema = record_schema()
    assert tuple(schema["properties"]) == RECORD_FIELDS
    assert set(schema["required"]) == set(RECORD_FIELDS)
    Draft202012Validator.check_schema(schema)


def test_built_record_is_valid_and_serialisable():
    record = as_record(
        build_item("https://index.hu/kulfold/2024/05/06/x/", "index.hu", "kulfold", fields())
    )
    Draft202012Validator(record_schema()).validate(record)
    assert list(json.loads(json.dumps(record))) == list(RECORD_FIELDS)


def test_schema_rejects_what_downstream_must_never_see():
    validator = Draft202012Validator(record_schema())
    good = as_record(
        build_item("https://index.hu/kulfold/2024/05/06/x/", "index.hu", "kulfold", fields())
    )
    for bad in [
        {"url": "https://index.hu/kulfold/2024/05/06/x/#comments"},
        {"url": "index.hu/kulfold/2024/05/06/x/"},
        {"title": ""},
        {"text": "  "},
        {"text": " Szöveg."},
        {"authors": ["Szerző", " "]},
        {"lead": "\n"},
        {"language": "hu", "language_probability": None},
        {"language": None, "language_probability": 0.9},
        {"translation_error": "google:ReadTimeout", "translation": _TRANSLATION},
        {"published": "2024-05-06 10:00"},
        {"kind": "liveblog"},  # a live blog without posts
        {"extra": 1},
    ]:
        assert not validator.is_valid(good | bad), bad


def test_schema_couplings_accept_their_valid_forms():
    validator = Draft202012Validator(record_schema())
    good = as_record(
        build_item("https://index.hu/kulfold/2024/05/06/x/", "index.hu", "kulfold", fields())
    )
    for ok in [
        {"language": "hu", "language_probability": 0.99},
        {"translation": _TRANSLATION},
        {"translation_error": "google:ReadTimeout"},
        {"text": "Első sor\nmásodik sor\n\nÚj bekezdés."},
    ]:
        assert validator.is_valid(good | ok), ok


_TRANSLATION = {
    "lang": "en",
    "provider": "google",
    "title": "Title",
    "lead": None,
    "text": "Text.",
    "posts": [],
}


def test_content_hash_changes_with_text():
    a = build_item("https://index.hu/kulfold/2024/05/06/x/", "index.hu", "kulfold", fields())
    b = build_item(
        "https://index.hu/kulfold/2024/05/06/x/", "index.hu", "kulfold", fields(text="Más.")
    )
    assert a.content_hash != b.content_hash


def test_every_time_of_a_valid_record_is_budapest_time_with_that_instants_offset():
    """The schema allows +01:00 and +02:00 only; record_problem also asks which one the
    instant has (winter +01:00, summer +02:00), for published, modified and each post."""
    good = as_record(
        build_item("https://index.hu/kulfold/2024/05/06/x/", "index.hu", "kulfold", fields())
    )
    assert record_problem(good) is None
    post = {"published": None, "authors": [], "title": None, "text": "Poszt."}
    for bad, path in [
        ({"published": "2024-05-06T08:00:00+00:00"}, "published"),  # UTC, as a meta tag says
        ({"published": "2024-05-06T08:00:00Z"}, "published"),
        ({"published": "2024-05-06T08:00:00"}, "published"),  # naive
        ({"modified": "2024-01-06T10:00:00+02:00"}, "modified"),  # a summer offset in winter
        (
            {"kind": "liveblog", "posts": [{**post, "published": "2024-07-01T10:00:00+01:00"}]},
            "posts/0/published",
        ),
    ]:
        problem = record_problem(good | bad)
        assert problem is not None and problem.message.startswith(path), (bad, problem)
    summer = {"published": "2024-07-01T10:00:00+02:00", "modified": "2024-01-02T10:00:00+01:00"}
    assert record_problem(good | summer) is None


def _properties(node, where="#"):
    """(JSON pointer, schema) of every property the schema defines, nested ones too."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}/properties/{name}", sub
        for key, sub in node.items():
            yield from _properties(sub, f"{where}/{key}")
    elif isinstance(node, list):
        for index, sub in enumerate(node):
            yield from _properties(sub, f"{where}/{index}")


def test_every_property_is_described():
    schema = record_schema()
    found = dict(_properties(schema))
    assert "#/$defs/translation/properties/posts/items/properties/text" in found
    undocumented = [
        where
        for where, sub in found.items()
        if "/allOf/" not in where  # conditions restate properties, they define none
        and not (isinstance(sub.get("description"), str) and len(sub["description"]) > 10)
    ]
    assert undocumented == []
