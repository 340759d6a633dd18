"""crawler.text.jsdata: a Nuxt state expression read as data, and everything else refused."""

from __future__ import annotations

import math

import pytest

from crawler.text import jsdata
from crawler.text.jsdata import NotData, read_expression


def test_parameterised_function_with_assignments():
    text = (
        '(function(a,b,c,d){d.title=a;d.tags=[b,b];d["odd-key"]=c;d.nested={x:[1,2]};'
        'd.nested.x[3]=a;return {data:[{article:d,kind:b}],same:d}}("Cím","x",null,{}))'
    )
    value = read_expression(text)
    article = value["data"][0]["article"]
    assert article == {
        "title": "Cím",
        "tags": ["x", "x"],
        "odd-key": None,
        "nested": {"x": [1, 2, None, "Cím"]},
    }
    assert value["same"] is article  # a parameter is the very object it was given
    assert value["data"][0]["kind"] == "x"


def test_arguments_after_the_function_and_missing_arguments():
    assert read_expression("(function(a,b){return [a,b]})(1)") == [1, None]


def test_literals():
    value = read_expression(
        "{a:\"\\u003Cp\\u003E\\u00e1\\x41\\n\\\\\",'b':'it\\'s',3:-2.5e1,c:.5,d:0x1F,"
        'e:[1,,2,],f:void 0,g:undefined,h:true,i:false,j:-Infinity,k:"\\uD83D\\uDE00"}'
    )
    assert value == {
        "a": "<p>áA\n\\",
        "b": "it's",
        "3": -25,
        "c": 0.5,
        "d": 31,
        "e": [1, None, 2],
        "f": None,
        "g": None,
        "h": True,
        "i": False,
        "j": -math.inf,
        "k": "😀",
    }


@pytest.mark.parametrize(
    "text",
    [
        "alert(1)",
        "{a:fetch('x')}",
        "{a:new Date(0)}",
        "{a:b.c}",
        "{a:1+1}",
        "(function(a){a.b=c;return a}({}))",  # an unknown name
        "(function(a){b=1;return a}({}))",  # assignment to a bare name
        "(function(a){a.b=1;return a}(1))",  # setting a key on a number
        "(function(){return 1}",  # unfinished
        "{a:1} extra",
        "{a:1",
        "'unterminated",
        "",
    ],
)
def test_code_and_broken_text_are_refused(text):
    with pytest.raises(NotData):
        read_expression(text)


def test_bounds():
    with pytest.raises(NotData, match="deep"):
        read_expression("[" * (jsdata.MAX_DEPTH + 1) + "]" * (jsdata.MAX_DEPTH + 1))
    assert read_expression("[" * 10 + "]" * 10) == [[[[[[[[[[]]]]]]]]]]
    with pytest.raises(NotData, match="far past the end"):
        read_expression("(function(a){a[99999999]=1;return a}([]))")
    with pytest.raises(NotData, match="characters"):
        read_expression(" " * (jsdata.MAX_CHARS + 1))


def test_token_budget(monkeypatch):
    monkeypatch.setattr(jsdata, "MAX_TOKENS", 50)
    with pytest.raises(NotData, match="tokens"):
        read_expression("[" + ",".join(["1"] * 100) + "]")
