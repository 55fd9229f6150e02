"""Months: parsing what people type, file names, and the calendar's limits.

One home for months: the command line, the loader, the runner and the notebooks all parse
a month here, so "2021-08" means the same everywhere and nothing else gets through.
"""

from __future__ import annotations

import re

import pandas as pd

from . import words
from .errors import MonthError

# Reports are about the department's own time: a year outside these is a typing slip
# ("0000-01", "20211-08"), and pandas could not even hold some of them.
FIRST_YEAR, LAST_YEAR = 1990, 2100

MONTH_TEXT = re.compile(r"^(\d{4})-(\d{2})$")


def month_from_name(text: str) -> pd.Period | None:
    """Return the month that ``text`` names exactly as ``YYYY-MM`` (a year from
    :data:`FIRST_YEAR` to :data:`LAST_YEAR`), or None."""
    match = MONTH_TEXT.match(text)
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return pd.Period(year=year, month=month, freq="M")


def parse_month(value: object) -> pd.Period:
    """Turn a month parameter ("2021-08") into a Period, refusing anything else.

    Raises
    ------
    MonthError
        For anything that is not exactly ``YYYY-MM`` with a month from 01 to 12 and a year
        from 1990 to 2100: this also keeps path characters ("../") out of output paths.
    """
    month = month_from_name(value.strip()) if isinstance(value, str) else None
    if month is None:
        raise MonthError(words.both("month_format", value=repr(value), first_year=FIRST_YEAR, last_year=LAST_YEAR))
    return month


def month_text(month: pd.Period) -> str:
    """Return "2021-08"."""
    return month.strftime("%Y-%m")


__all__ = ["FIRST_YEAR", "LAST_YEAR", "month_from_name", "month_text", "parse_month"]
