"""Normalising what people type into spreadsheets before it is compared or stored."""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

# Office programs and keyboards produce several apostrophes in Ukrainian words
# (об'єднання, об’єднання, обʼєднання); the modifier letter is the orthographic one.
APOSTROPHES = "'’ʼ`‘´ʹ′"
CANONICAL_APOSTROPHE = "ʼ"
_APOSTROPHE_TABLE = str.maketrans({c: CANONICAL_APOSTROPHE for c in APOSTROPHES})

# Latin letters that look like Cyrillic ones slip into Ukrainian words typed on a mixed
# keyboard ("вiдео" with a Latin i, "ЗMІ" with a Latin M). They are folded only in matching
# keys, never in text shown, and after case-folding: so the capitals that look alike (B, H,
# K, M, T) are folded by their small letters, which alone would not.
_HOMOGLYPHS = str.maketrans("aceiopxybhkmt", "асеіорхувнкмт")
# Characters that take no room on screen: zero-width space and joiners, word joiner, soft
# hyphen, byte-order mark. A name or a count with one looks exactly like one without.
_INVISIBLE = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\u00ad\ufeff"))
# Word and autocorrect turn a typed hyphen into a dash ("веб–сайт"); in matching keys every
# dash is a hyphen.
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_SPACES = re.compile(r"\s+")

# The same names, headers and paragraphs come back in every monthly workbook, so the
# results for plain strings are remembered. Only exact ``str`` values are cached: a cache
# keyed by value would mix up True, 1 and 1.0, which compare equal but read differently.
_CACHE_SIZE = 8192


def clean_text(value: object) -> str:
    """Return a cell as display text: NFC, apostrophes unified, whitespace collapsed.

    Parameters
    ----------
    value : object
        A cell value as the reader returned it (str, number, None, NaN...).

    Returns
    -------
    str
        "" for blank cells.
    """
    if value.__class__ is str:
        return _clean_str(value)
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _clean(str(value))


def _clean(text: str) -> str:
    # A byte-order mark sneaks into the first cell of files that passed through CSV.
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHE_TABLE).replace("\ufeff", "")
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


@lru_cache(maxsize=_CACHE_SIZE)
def _clean_str(text: str) -> str:
    if not text.strip():
        return ""
    return _clean(text)


def match_key(value: object) -> str:
    """Return the key used to compare names: clean text, case-folded, homoglyphs folded."""
    if value.__class__ is str:
        return _match_str(value)
    return clean_text(value).translate(_INVISIBLE).casefold().translate(_HOMOGLYPHS).translate(_DASHES)


@lru_cache(maxsize=_CACHE_SIZE)
def _match_str(text: str) -> str:
    return _clean_str(text.translate(_INVISIBLE)).casefold().translate(_HOMOGLYPHS).translate(_DASHES)


_PANDAS_MISSING: tuple | None = None


def _pandas_missing() -> tuple:
    """pandas' NaT and NA, looked up once (nothing when pandas is not installed)."""
    global _PANDAS_MISSING
    if _PANDAS_MISSING is None:
        try:
            import pandas as pd

            _PANDAS_MISSING = (pd.NaT, pd.NA)
        except ImportError:  # pragma: no cover
            _PANDAS_MISSING = ()
    return _PANDAS_MISSING


def is_blank(value: object) -> bool:
    """Tell whether a cell is empty (None, NaN, or only whitespace)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    for missing in _pandas_missing():
        if value is missing:
            return True
    return False


# A count typed as text: digits, perhaps grouped by threes with a space (ordinary, no-break,
# narrow no-break, thin or figure space: "1 234", "12 345"), perhaps with a decimal part
# ("296,0").
_GROUP_SPACES = "[ \u00a0\u202f\u2009\u2007]"
_COUNT_TEXT = re.compile(rf"^[+-]?(?:\d{{1,3}}(?:{_GROUP_SPACES}\d{{3}})+|\d+)(?:[.,]\d+)?$")
# Thousands marked by a comma or a point ("1,234", "12.345.678"): in Ukrainian the comma is
# the decimal mark, so the text could be a thousand times smaller or larger than meant.
_THOUSANDS_MARKED = re.compile(r"^[+-]?\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")
# Digits broken by spaces some other way ("12 34", "1 5"): a typing slip, not a number.
_SPACED_DIGITS = re.compile(r"^[+-]?[\d\s.,]*\d\s+\d[\d\s.,]*$")


def parse_count_text(text: str) -> float | None:
    """Read a count typed as text: "296", " 1 234 ", "296,0".

    Returns
    -------
    float or None
        None when the text is not a number, or its digits are split other than by threes.
    """
    text = text.translate(_INVISIBLE).strip()
    if not _COUNT_TEXT.match(text) or has_other_digits(text):
        return None
    return float(re.sub(_GROUP_SPACES, "", text).replace(",", "."))


def _looks_latin_digit(character: str) -> bool:
    """Tell whether a digit is drawn as 0-9 are: those and their full-width and mathematical
    forms. Other scripts' digits are not: Bengali ৪ is 4 and looks like an 8."""
    return character.isascii() or unicodedata.normalize("NFKC", character).isascii()


def has_other_digits(text: str) -> bool:
    """Tell whether ``text`` holds digits not drawn as 0-9 (Bengali ৪ is 4 and looks like 8)."""
    return any(character.isdigit() and not _looks_latin_digit(character) for character in text)


def has_thousands_mark(text: str) -> bool:
    """Tell whether ``text`` is digits with a comma or a point before each three ("1,234")."""
    return bool(_THOUSANDS_MARKED.match(text.translate(_INVISIBLE).strip()))


def is_misgrouped_number(text: str) -> bool:
    """Tell whether ``text`` is digits split by spaces other than in threes ("12 34")."""
    text = text.translate(_INVISIBLE).strip()
    return bool(_SPACED_DIGITS.match(text)) and parse_count_text(text) is None


def display_text(value: object) -> str:
    """Return a cell as the text a report shows: exactly as typed (apostrophes, tabs and
    line breaks kept), only the whitespace around the whole cell dropped.

    Parameters
    ----------
    value : object
        A cell value as the reader returned it.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    # A byte-order mark is not a character anyone typed: it comes with text pasted from CSV.
    return text.replace("\ufeff", "").strip()
