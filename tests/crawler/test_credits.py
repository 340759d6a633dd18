"""People in authors, desks and agencies in credits: the one rule (crawler.text.credits)."""

from __future__ import annotations

import pytest

from crawler.text.credits import body_credits, credit_of, split_credits


@pytest.mark.parametrize(
    ("printed", "credit"),
    [
        ("MTI", "MTI"),
        ("mti", "MTI"),
        ("REUTERS", "Reuters"),
        ("AFP", "AFP"),
        ("AP", "AP"),
        ("hvg.hu", "hvg.hu"),
        ("Index", "Index"),
        ("index.hu", "Index"),
        ("Telex", "Telex"),
        ("24.hu", "24.hu"),
        ("444", "444"),
        ("ORIGO", "Origo"),
        ("Velvet Kommandó", "Velvet Kommandó"),  # a desk named after its portal, as printed
        ("Kovács Anna", None),
    ],
)
def test_credit_of(printed, credit):
    assert credit_of(printed) == credit


def test_a_byline_splits_into_people_and_credits_in_page_order():
    people, credits = split_credits(["Kovács Anna", "MTI/Reuters", "hvg.hu", "Nagy Béla/AFP"])
    assert people == ["Kovács Anna", "Nagy Béla"]
    assert credits == ["MTI", "Reuters", "hvg.hu", "AFP"]


def test_the_sites_own_name_is_a_credit():
    assert split_credits(["Mérce vendégszerző"], ["Mérce", "merce"]) == (
        [],
        ["Mérce vendégszerző"],
    )


@pytest.mark.parametrize(
    ("last", "credits"),
    [
        ("A forgalmat kedd reggel engedik rá. (MTI)", ["MTI"]),
        ("Így a szóvivő. (MTI/Reuters)", ["MTI", "Reuters"]),
        ("Mondta (hvg.hu, AFP)", ["hvg.hu", "AFP"]),
        ("A kormány döntött (a részletekről később)", []),
        ("(MTI) az elején nem zár", []),
    ],
)
def test_a_body_closing_with_a_parenthesised_credit(last, credits):
    assert body_credits(["Első bekezdés.", last]) == credits


@pytest.mark.parametrize("address", ["hirado.hu", "narancs.hu", "Portfolio.hu", "www.valami.com"])
def test_a_web_address_in_a_byline_is_a_desk_never_a_person(address):
    assert credit_of(address) == address


def test_the_sites_own_name_is_compared_without_accents():
    # og:site_name may be missing: the host's label "nepszava" names "Népszava" too.
    assert split_credits(["Népszava", "Varga Bence"], ["nepszava"]) == (
        ["Varga Bence"],
        ["Népszava"],
    )
    assert credit_of("Népszabadság", ["nepszava"]) is None
