"""Ukrainian and English grammar the report needs: plural agreement and month cases.

Babel gives CLDR plural categories and the nominative and genitive month names; it has no
locative ("у серпні") or instrumental ("з серпнем"), and morphological analysers get
numeral agreement wrong, so those forms live in small tables here and in the catalog.
"""

from __future__ import annotations

from typing import Literal, Sequence

import pandas as pd
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

Case = Literal["nominative", "genitive", "locative", "instrumental", "accusative"]

_LOCATIVE_UK = ("січні", "лютому", "березні", "квітні", "травні", "червні",
                "липні", "серпні", "вересні", "жовтні", "листопаді", "грудні")
_INSTRUMENTAL_UK = ("січнем", "лютим", "березнем", "квітнем", "травнем", "червнем",
                    "липнем", "серпнем", "вереснем", "жовтнем", "листопадом", "груднем")

_LOCALES = {"uk": Locale("uk"), "en": Locale("en")}


def plural_category(n: int, lang: str = "uk") -> str:
    """Return CLDR's plural category of ``n`` in ``lang``: "one", "few", "many" or "other"."""
    return _LOCALES[lang].plural_form(abs(int(n)))


def agree(n: int, forms: Sequence[str], lang: str = "uk") -> str:
    """Pick the noun form that agrees with the number ``n``.

    Parameters
    ----------
    n : int
        The count.
    forms : sequence of str
        Ukrainian: (one, few, many), e.g. ("новина", "новини", "новин").
        English: (one, other), e.g. ("news item", "news items").
    lang : {"uk", "en"}

    Returns
    -------
    str
        The form: 1 новина, 2 новини, 5 новин, 11 новин, 21 новина, 22 новини.
    """
    category = plural_category(n, lang)
    if lang == "uk":
        index = {"one": 0, "few": 1}.get(category, 2)
    else:
        index = 0 if category == "one" else 1
    return forms[index]


def month_name(month: pd.Period, case: Case = "nominative", lang: str = "uk") -> str:
    """Return the month's name in the grammatical case a sentence needs.

    Parameters
    ----------
    month : pandas.Period
        A monthly period.
    case : {"nominative", "genitive", "locative", "instrumental", "accusative"}
        Ukrainian case: серпень, серпня, (у) серпні, (з) серпнем; the accusative of a
        month (за серпень) equals the nominative. English ignores the case.
    lang : {"uk", "en"}

    Returns
    -------
    str
        The lower-case Ukrainian form, or the capitalised English name.
    """
    day = month.to_timestamp().date()
    if lang == "en":
        return format_date(day, "LLLL", locale="en")
    if case in ("nominative", "accusative"):
        return format_date(day, "LLLL", locale="uk")
    if case == "genitive":
        return format_date(day, "MMMM", locale="uk")
    if case == "locative":
        return _LOCATIVE_UK[month.month - 1]
    if case == "instrumental":
        return _INSTRUMENTAL_UK[month.month - 1]
    raise ValueError(f"unknown case {case!r}")


def month_year(month: pd.Period, lang: str = "uk", case: Case = "nominative") -> str:
    """Return "серпень 2021" / "у серпні 2021 року"-style text without the preposition.

    The nominative stands alone as a label ("серпень 2021"); every other case is inside a
    sentence and takes "року" ("серпня 2021 року", "серпні 2021 року").
    """
    if lang == "en":
        return f"{month_name(month, lang='en')} {month.year}"
    name = month_name(month, case)
    return f"{name} {month.year}" if case == "nominative" else f"{name} {month.year} року"


def label_month(month: pd.Period, lang: str = "uk") -> str:
    """Return a capitalised label for a table header or an axis: "Серпень 2021"."""
    text = month_year(month, lang)
    return text[:1].upper() + text[1:]


def short_month(month: pd.Period, lang: str = "uk") -> str:
    """Return a short axis label, "серп. 21" / "Aug 21"."""
    day = month.to_timestamp().date()
    return f"{format_date(day, 'LLL', locale=lang)} {month.year % 100:02d}"


def in_month(month: pd.Period, lang: str = "uk", report_year: int | None = None) -> str:
    """Return "у липні" (or "у грудні 2020 року" when the year differs from the report's)."""
    if lang == "en":
        name = month_name(month, lang="en")
        return f"in {name}" if report_year == month.year else f"in {name} {month.year}"
    if report_year == month.year:
        return f"у {month_name(month, 'locative')}"
    return f"у {month_year(month, 'uk', 'locative')}"


def with_month(month: pd.Period, lang: str = "uk", report_year: int | None = None) -> str:
    """Return "з липнем" (or "з груднем 2020 року") for "порівняно з ..."."""
    if lang == "en":
        name = month_name(month, lang="en")
        return f"with {name}" if report_year == month.year else f"with {name} {month.year}"
    if report_year == month.year:
        return f"з {month_name(month, 'instrumental')}"
    return f"з {month_year(month, 'uk', 'instrumental')}"


def format_number(value: float | int | None, lang: str = "uk", digits: int = 0) -> str:
    """Format a number in the locale's way (Babel): "1 234" in Ukrainian, "1,234" in English."""
    if value is None or pd.isna(value):
        return "—"
    pattern = "#,##0" if digits == 0 else "#,##0." + "0" * digits
    return format_decimal(value, format=pattern, locale=lang)


def format_signed(value: float | int | None, lang: str = "uk") -> str:
    """Format a change with its sign: "+23", "−5" (a real minus sign), "0"."""
    if value is None or pd.isna(value):
        return "—"
    text = format_number(abs(value), lang)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)


def format_change_percent(value: float | None, lang: str = "uk") -> str:
    """Format a relative change (0.084 → "+8,4 %" in Ukrainian, "+8.4%" in English)."""
    if value is None or pd.isna(value):
        return "—"
    text = format_percent(abs(value), format="#,##0.0%", locale=lang)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)
