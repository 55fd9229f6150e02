"""Months: parsing what people type, file names, and the calendar's limits.

One home for months: the command line, the loader, the runner and the notebooks all parse
a month here, so "2021-08" means the same everywhere and nothing else gets through.
"""

from __future__ import annotations

import re
from typing import Iterable

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


# -- names and grammatical cases ---------------------------------------------------------------
# The words are in each language's table (months.<case>, month_year.<case>, in_month ...):
# Babel has no Ukrainian locative ("у серпні") or instrumental ("з серпнем"), and a table
# per language keeps every language's grammar out of the code.

CASES = ("nominative", "genitive", "locative", "instrumental")


def month_name(month: pd.Period, case: str = "nominative", lang: str = "uk") -> str:
    """Return the month's name in a grammatical case: серпень, серпня, (у) серпні, (з) серпнем.

    The accusative of a month (за серпень) equals the nominative. Languages without cases
    give the same name for each.
    """
    case = "nominative" if case == "accusative" else case
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}")
    return words.say(f"months.{case}", lang).split()[month.month - 1]


def month_year(month: pd.Period, lang: str = "uk", case: str = "nominative") -> str:
    """Return "серпень 2021" (a label) or "серпня 2021 року" (inside a sentence)."""
    case = "nominative" if case == "accusative" else case
    return words.say(f"month_year.{case}", lang, month=month_name(month, case, lang), year=month.year)


def label_month(month: pd.Period, lang: str = "uk") -> str:
    """Return a capitalised label for a table header or an axis: "Серпень 2021"."""
    text = month_year(month, lang)
    return text[:1].upper() + text[1:]


def short_month(month: pd.Period, lang: str = "uk") -> str:
    """Return a short axis label, "серп. 21" / "Aug 21"."""
    return f"{words.say('months.short', lang).split()[month.month - 1]} {month.year % 100:02d}"


def in_month(month: pd.Period, lang: str = "uk", report_year: int | None = None) -> str:
    """Return "у липні" (or "у грудні 2020 року" when the year differs from the report's)."""
    name = (month_name(month, "locative", lang) if report_year == month.year
            else month_year(month, lang, "locative"))
    return words.say("in_month", lang, month=name)


def with_month(month: pd.Period, lang: str = "uk", report_year: int | None = None) -> str:
    """Return "з липнем" (or "з груднем 2020 року") for "порівняно з ..."."""
    name = (month_name(month, "instrumental", lang) if report_year == month.year
            else month_year(month, lang, "instrumental"))
    return words.say("with_month", lang, month=name)


def month_ticks(months: Iterable[pd.Period], lang: str, every: int = 1) -> list[str]:
    """Axis labels for consecutive months: the short name, with the year under the first
    labelled month of each year, so thirteen labels fit side by side.

    ``every`` > 1 labels only every so many months, counted back from the last (the report
    month always has its label), and leaves the others blank.
    """
    months = list(months)
    labels = []
    year = None
    for i, month in enumerate(months):
        if (len(months) - 1 - i) % every:
            labels.append("")
            continue
        name = short_month(month, lang).rsplit(" ", 1)[0]
        labels.append(f"{name}\n{month.year}" if month.year != year else name)
        year = month.year
    return labels


def report_window(month: pd.Period) -> pd.PeriodIndex:
    """The months a month's report reads: the thirteen months ending with it, which hold
    the previous month, the same month a year earlier, the year to date and the charts."""
    return pd.period_range(month - 12, month, freq="M")


# -- what to run -------------------------------------------------------------------------------

def check_month_spec(spec: object) -> None:
    """Refuse a malformed month argument before any data is read or any kernel starts.

    Accepted: "latest", "YYYY-MM", or a range "YYYY-MM..YYYY-MM".
    """
    text = str(spec).strip()
    if text == "latest":
        return
    try:
        for part in text.split("..", 1) if ".." in text else [text]:
            parse_month(part)
    except MonthError:
        raise MonthError(words.both("month_spec", value=repr(spec), first_year=FIRST_YEAR,
                                    last_year=LAST_YEAR)) from None


def expand_months(spec: str, available: Iterable[pd.Period]) -> list[str]:
    """Turn "2021-08" or a range "2021-01..2021-12" into the months to run.

    A range runs the months of it that have a workbook; a range with none is an error.
    """
    spec = str(spec).strip()
    present_months = set(available)
    if ".." in spec:
        start_text, end_text = spec.split("..", 1)
        start, end = parse_month(start_text), parse_month(end_text)
        if end < start:
            raise MonthError(words.both("range_backwards", spec=spec))
        present = [month_text(m) for m in pd.period_range(start, end, freq="M") if m in present_months]
        if not present:
            have = ", ".join(month_text(m) for m in sorted(present_months)) or "—"
            raise MonthError(words.both("range_empty", spec=spec, have=have))
        return present
    return [month_text(parse_month(spec))]


__all__ = ["CASES", "FIRST_YEAR", "LAST_YEAR", "check_month_spec", "expand_months", "in_month", "label_month",
           "month_from_name", "month_name", "month_text", "month_ticks", "month_year", "parse_month", "report_window", "short_month",
           "with_month"]
