"""Ukrainian number agreement and month cases, checked against the grammar book's rules."""

from __future__ import annotations

import pandas as pd
import pytest

from dept_analysis.grammar import agree, format_change_percent, format_number, format_signed
from dept_analysis.periods import in_month, label_month, month_name, with_month

NEWS = ("новина", "новини", "новин")
MATERIALS = ("матеріал", "матеріали", "матеріалів")


def textbook_form(n: int, forms: tuple[str, str, str]) -> str:
    """The rule as Ukrainian grammars state it: 1, 21, 31... take the singular; 2-4, 22-24...
    the nominative plural; 0, 5-20, 25-30, 111-114... the genitive plural."""
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


@pytest.mark.parametrize("n", range(0, 126))
def test_every_count_from_0_to_125_agrees(n):
    assert agree(n, NEWS) == textbook_form(n, NEWS)
    assert agree(n, MATERIALS) == textbook_form(n, MATERIALS)


@pytest.mark.parametrize("n, expected", [(1, "новина"), (2, "новини"), (5, "новин"), (11, "новин"), (21, "новина"),
                                         (22, "новини"), (68, "новин"), (111, "новин"), (296, "новин")])
def test_examples_from_the_issue(n, expected):
    assert agree(n, NEWS) == expected


def test_68_materials_not_68_material():
    # The hand-written August report says "68 матеріал"; the product must not.
    assert f"68 {agree(68, MATERIALS)}" == "68 матеріалів"


def test_english_agreement():
    assert [agree(n, ("video story", "video stories"), "en") for n in (0, 1, 2, 21)] == [
        "video stories", "video story", "video stories", "video stories"]


MONTHS = {
    "nominative": ["січень", "лютий", "березень", "квітень", "травень", "червень", "липень", "серпень", "вересень",
                   "жовтень", "листопад", "грудень"],
    "genitive": ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня",
                 "листопада", "грудня"],
    "locative": ["січні", "лютому", "березні", "квітні", "травні", "червні", "липні", "серпні", "вересні", "жовтні",
                 "листопаді", "грудні"],
    "instrumental": ["січнем", "лютим", "березнем", "квітнем", "травнем", "червнем", "липнем", "серпнем", "вереснем",
                     "жовтнем", "листопадом", "груднем"],
}
MONTHS["accusative"] = MONTHS["nominative"]  # за серпень


@pytest.mark.parametrize("case", sorted(MONTHS))
@pytest.mark.parametrize("number", range(1, 13))
def test_every_month_in_every_case_used(case, number):
    month = pd.Period(year=2021, month=number, freq="M")
    assert month_name(month, case) == MONTHS[case][number - 1]


def test_prepositional_phrases_add_the_year_only_when_it_differs():
    report = pd.Period("2021-01", "M")
    assert in_month(pd.Period("2020-12", "M"), "uk", report.year) == "у грудні 2020 року"
    assert in_month(pd.Period("2021-07", "M"), "uk", 2021) == "у липні"
    assert with_month(pd.Period("2021-07", "M"), "uk", 2021) == "з липнем"
    assert in_month(pd.Period("2021-07", "M"), "en", 2021) == "in July"
    assert label_month(pd.Period("2021-08", "M")) == "Серпень 2021"


def test_numbers_in_the_locale_format():
    assert format_number(12345, "uk").replace("\u202f", " ").replace("\u00a0", " ") == "12 345"
    assert format_number(12345, "en") == "12,345"
    assert format_signed(-5) == "−5" and format_signed(23) == "+23"
    assert format_change_percent(0.084, "uk") == "+8,4%"
    assert format_change_percent(-0.084, "en") == "−8.4%"
