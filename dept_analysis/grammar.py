"""Numbers in words: plural agreement and the locale's way of writing numbers.

Babel gives CLDR's plural categories (Ukrainian one / few / many, English one / other) and
number formats. Morphological analysers get numeral agreement wrong, so the word forms
themselves are data: the catalog's for metrics, the language tables' for the report's own
nouns. Month names and cases live in :mod:`dept_analysis.periods`.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd
from babel import Locale
from babel.numbers import format_decimal, format_percent

from . import words

_LOCALES: dict[str, Locale] = {}


def _locale(lang: str) -> Locale:
    if lang not in _LOCALES:
        _LOCALES[lang] = Locale.parse(lang)
    return _LOCALES[lang]


def plural_category(n: int, lang: str = "uk") -> str:
    """Return CLDR's plural category of ``n`` in ``lang``: "one", "few", "many" or "other"."""
    return _locale(lang).plural_form(abs(int(n)))


def agree(n: int, forms: Sequence[str], lang: str = "uk") -> str:
    """Pick the noun form that agrees with the number ``n``.

    Parameters
    ----------
    n : int
        The count.
    forms : sequence of str
        One form per plural category the language uses, in the order its table gives
        (``plural.order``): Ukrainian (one, few, many), e.g. ("новина", "новини", "новин");
        English (one, other).
    lang : str

    Returns
    -------
    str
        The form: 1 новина, 2 новини, 5 новин, 11 новин, 21 новина, 22 новини.
    """
    order = words.say("plural.order", lang).split()
    category = plural_category(n, lang)
    # Fractions ("other" in Ukrainian) take the last form, as "many" does.
    index = order.index(category) if category in order else len(order) - 1
    return forms[min(index, len(forms) - 1)]


def noun(key: str, n: int, lang: str) -> str:
    """A noun of the language tables (``noun.<key>``, its forms split by "|") agreeing with ``n``."""
    return agree(n, words.say(f"noun.{key}", lang).split("|"), lang)


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


def format_percent_share(value: float | None, lang: str = "uk") -> str:
    """Format a share already in percent (83.4 → "83 %")."""
    if value is None or pd.isna(value):
        return "—"
    return format_percent(value / 100, format="#,##0%", locale=lang)


__all__ = ["agree", "format_change_percent", "format_number", "format_percent_share", "format_signed", "noun",
           "plural_category"]
