"""Normalising what people type into spreadsheets before it is compared or stored."""

from __future__ import annotations

import math
import re
import unicodedata

# Office programs and keyboards produce several apostrophes in Ukrainian words
# (об'єднання, об’єднання, обʼєднання); the modifier letter is the orthographic one.
APOSTROPHES = "'’ʼ`‘´ʹ′"
CANONICAL_APOSTROPHE = "ʼ"
_APOSTROPHE_TABLE = str.maketrans({c: CANONICAL_APOSTROPHE for c in APOSTROPHES})

# Latin letters that look like Cyrillic ones slip into Ukrainian words typed on a mixed
# keyboard ("вiдео" with a Latin i). They are folded only in matching keys, never in text shown.
_HOMOGLYPHS = str.maketrans("aceiopxyABCEHIKMOPTXY", "асеіорхуАВСЕНІКМОРТХУ")
_SPACES = re.compile(r"\s+")


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
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value)).translate(_APOSTROPHE_TABLE)
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def match_key(value: object) -> str:
    """Return the key used to compare names: clean text, case-folded, homoglyphs folded."""
    return clean_text(value).casefold().translate(_HOMOGLYPHS)


def is_blank(value: object) -> bool:
    """Tell whether a cell is empty (None, NaN, or only whitespace)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas as pd

        if value is pd.NaT or value is pd.NA:
            return True
    except ImportError:  # pragma: no cover
        pass
    return isinstance(value, str) and not value.strip()


_NUMBER_TEXT = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def parse_count(value: object) -> float | None:
    """Read a count typed as a number or as text ("296", " 1 234 ", "296,0").

    Returns
    -------
    float or None
        The number, or None when the cell is not a number at all. Whether the number is
        a valid count (whole, not negative) is the validator's question, not this one's.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    text = clean_text(value).replace(" ", "").replace("\u202f", "").replace("\u2009", "")
    if not _NUMBER_TEXT.match(text):
        return None
    return float(text.replace(",", "."))
