"""Months and report periods: parsing what people type, names in every grammatical case,
ranges, and the calendar's limits.

One home for time: the command line, the loader, the runner and the notebooks all parse a
month ("2021-08") or a period ("2021-Q3", "2021-H1", "2021") here, so each means the same
everywhere and nothing else gets through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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


# -- report periods: a month, a quarter, a half-year, a year ----------------------------------

KINDS = ("month", "quarter", "half", "year")
_LENGTH = {"month": 1, "quarter": 3, "half": 6, "year": 12}
_PERIOD_TEXT = re.compile(r"^(\d{4})(?:-(\d{2})|-[Qq]([1-4])|-[Hh]([12]))?$")


@dataclass(frozen=True)
class ReportPeriod:
    """The time a report covers: ``kind`` is "month", "quarter", "half" or "year"; ``number``
    is the month (1-12), quarter (1-4) or half (1-2) within ``year`` (1 for a year).

    ``only`` names the months a partial report covers (``--partial``); empty for a whole period.
    """

    kind: str
    year: int
    number: int = 1
    only: tuple[str, ...] = ()

    @property
    def length(self) -> int:
        """How many months the whole period has."""
        return _LENGTH[self.kind]

    @property
    def first(self) -> pd.Period:
        """The period's first month."""
        return pd.Period(year=self.year, month=(self.number - 1) * self.length + 1, freq="M")

    @property
    def all_months(self) -> pd.PeriodIndex:
        """Every month of the whole period."""
        return pd.period_range(self.first, periods=self.length, freq="M")

    @property
    def months(self) -> pd.PeriodIndex:
        """The months the report covers: all of them, or the present ones of a partial report."""
        if self.only:
            return pd.PeriodIndex(list(self.only), freq="M")
        return self.all_months

    @property
    def key(self) -> str:
        """"2021-08", "2021-Q3", "2021-H1" or "2021": its folder's name and how it is typed."""
        return {"month": f"{self.year}-{self.number:02d}", "quarter": f"{self.year}-Q{self.number}",
                "half": f"{self.year}-H{self.number}", "year": f"{self.year}"}[self.kind]

    def __str__(self) -> str:
        return self.key

    def shift(self, steps: int) -> "ReportPeriod":
        """The period ``steps`` periods of the same kind later (earlier when negative); a
        partial period keeps the same months of its own period."""
        per_year = 12 // self.length
        index = self.year * per_year + self.number - 1 + steps
        year, number = divmod(index, per_year)
        shifted = ReportPeriod(self.kind, year, number + 1)
        if self.only:
            offset = (shifted.first - self.first).n
            shifted = ReportPeriod(self.kind, year, number + 1,
                                   tuple(month_text(pd.Period(m, "M") + offset) for m in self.only))
        return shifted

    @property
    def previous(self) -> "ReportPeriod":
        """The period of the same kind before this one (like for like when partial)."""
        return self.shift(-1)

    @property
    def year_ago(self) -> "ReportPeriod":
        """The same period a year earlier."""
        return self.shift(-(12 // self.length))

    def partial(self, months: Iterable[pd.Period]) -> "ReportPeriod":
        """This period reduced to ``months`` (those of it that have a workbook)."""
        present = tuple(month_text(m) for m in self.all_months if m in set(months))
        return self if len(present) == self.length else ReportPeriod(self.kind, self.year, self.number, present)

    @property
    def month(self) -> pd.Period:
        """A month report's month."""
        return self.first


def parse_period(value: object) -> ReportPeriod:
    """Turn "2021-08", "2021-Q3", "2021-H1" or "2021" into a ReportPeriod, refusing anything else.

    Raises
    ------
    MonthError
        For anything else, or a year outside 1990-2100.
    """
    text = value.strip() if isinstance(value, str) else ""
    match = _PERIOD_TEXT.match(text)
    if match:
        year = int(match.group(1))
        month, quarter, half = match.group(2), match.group(3), match.group(4)
        if FIRST_YEAR <= year <= LAST_YEAR:
            if month is not None:
                if 1 <= int(month) <= 12:
                    return ReportPeriod("month", year, int(month))
            elif quarter is not None:
                return ReportPeriod("quarter", year, int(quarter))
            elif half is not None:
                return ReportPeriod("half", year, int(half))
            else:
                return ReportPeriod("year", year)
    raise MonthError(words.both("period_spec", value=repr(value)))


def month_period(month: pd.Period) -> ReportPeriod:
    """The ReportPeriod of one month."""
    return ReportPeriod("month", month.year, month.month)


def _consecutive(months: pd.PeriodIndex) -> bool:
    return len(months) == (months[-1] - months[0]).n + 1


def _month_span(months: pd.PeriodIndex, case: str, lang: str, same_year: bool) -> str:
    """Some months of one year in a case: "липень–вересень 2021 року", or with a gap "липень,
    вересень 2021 року"; a single month as itself."""
    first = months[0]
    if len(months) == 1:
        return month_year(first, lang, case) if not same_year else month_name(first, case, lang)
    if _consecutive(months):
        listed = f"{month_name(first, case, lang)}–{month_name(months[-1], case, lang)}"
    else:
        listed = ", ".join(month_name(month, case, lang) for month in months)
    key = f"period.months.{case}" + (".same_year" if same_year and case in ("locative", "instrumental") else "")
    return words.say(key, lang, months=listed, year=first.year)


def period_name(period: ReportPeriod, case: str = "nominative", lang: str = "uk", same_year: bool = False) -> str:
    """A period's name in a grammatical case: "III квартал 2021" (nominative, a label),
    "III квартал 2021 року" (accusative: за ...), "III кварталу 2021 року" (genitive:
    протягом ...), "III кварталі" (locative, same year: у ...), "II кварталом 2021 року"
    (instrumental: порівняно з ...).

    ``same_year`` leaves the year out where a sentence about the same year needs none
    (locative and instrumental only).
    """
    if period.only:
        return _month_span(period.months, case, lang, same_year)
    if period.kind == "month":
        month = period.first
        if case == "accusative":
            return month_year(month, lang, "genitive").replace(month_name(month, "genitive", lang),
                                                               month_name(month, "nominative", lang), 1)
        return month_name(month, case, lang) if same_year else month_year(month, lang, case)
    # A year is its own name: "у 2021 році" whatever year the sentence is about.
    shorter = same_year and case in ("locative", "instrumental") and period.kind != "year"
    key = f"period.{period.kind}.{case}" + (".same_year" if shorter else "")
    index = period.number - 1
    return words.say(key, lang, year=period.year, number=period.number,
                     roman=words.say("roman", lang).split()[index],
                     ordinal_locative=words.say("ordinal.locative", lang).split()[min(index, 1)],
                     ordinal_instrumental=words.say("ordinal.instrumental", lang).split()[min(index, 1)])


def period_part(period: ReportPeriod, lang: str = "uk") -> str:
    """The part of any year a period is, without the year: "III квартал", "I півріччя",
    "січень–вересень" (what "за ... серед років" needs)."""
    if period.only or period.kind == "month":
        months = period.months
        if len(months) > 1 and not _consecutive(months):  # a gap: each month named
            return ", ".join(month_name(month, "nominative", lang) for month in months)
        return (month_name(months[0], "nominative", lang) if len(months) == 1 else
                f"{month_name(months[0], 'nominative', lang)}–{month_name(months[-1], 'nominative', lang)}")
    return words.say(f"period.{period.kind}.part", lang, number=period.number,
                     roman=words.say("roman", lang).split()[period.number - 1])


def label_period(period: ReportPeriod, lang: str = "uk") -> str:
    """A capitalised label for a table header: "III квартал 2021", "Серпень 2021"."""
    text = period_name(period, "nominative", lang)
    return text[:1].upper() + text[1:]


def in_period(period: ReportPeriod, lang: str = "uk", report_year: int | None = None) -> str:
    """"у III кварталі", "у II кварталі 2020 року", "у 2020 році"."""
    return words.say("in_month", lang, month=period_name(period, "locative", lang,
                                                         same_year=report_year == period.year))


def with_period(period: ReportPeriod, lang: str = "uk", report_year: int | None = None) -> str:
    """"з II кварталом", "з 2020 роком"."""
    return words.say("with_month", lang, month=period_name(period, "instrumental", lang,
                                                           same_year=report_year == period.year))


def period_window(period: ReportPeriod, years: Iterable[int]) -> pd.PeriodIndex:
    """The months a period's report reads: a month's thirteen (:func:`report_window`); for
    other periods, the same period in every year of ``years`` (the comparisons across
    years) and the period before it."""
    if period.kind == "month" and not period.only:
        return report_window(period.first)
    months = set(period.previous.all_months)
    for year in years:
        months |= set(ReportPeriod(period.kind, year, period.number).all_months)
    months |= set(period.all_months)
    return pd.PeriodIndex(sorted(months), freq="M")


# -- what to run -------------------------------------------------------------------------------

def check_period_spec(spec: object) -> None:
    """Refuse a malformed period argument before any data is read or any kernel starts.

    Accepted: "latest", a period ("2021-08", "2021-Q3", "2021-H1", "2021"), or a range of
    periods of one kind ("2021-01..2021-12", "2021-Q1..2021-Q4").
    """
    text = str(spec).strip()
    if text == "latest":
        return
    parts = text.split("..", 1) if ".." in text else [text]
    try:
        periods = [parse_period(part) for part in parts]
    except MonthError:
        raise MonthError(words.both("period_spec", value=repr(spec))) from None
    if len({p.kind for p in periods}) > 1:
        raise MonthError(words.both("range_mixed", spec=text))


def expand_periods(spec: str, available: Iterable[pd.Period]) -> list[ReportPeriod]:
    """Turn "2021-08", "2021-Q3" or a range "2021-Q1..2021-Q4" into the periods to run.

    A range runs the periods of it that have a workbook for at least one of their months;
    a range with none is an error. A single period is returned as asked.
    """
    check_period_spec(spec)
    spec = str(spec).strip()
    present_months = set(available)
    if ".." not in spec:
        return [parse_period(spec)]
    start, end = (parse_period(part) for part in spec.split("..", 1))
    if end.first < start.first:
        raise MonthError(words.both("range_backwards", spec=spec))
    periods, period = [], start
    while period.first <= end.first:
        if any(m in present_months for m in period.all_months):
            periods.append(period)
        period = period.shift(1)
    if not periods:
        have = ", ".join(month_text(m) for m in sorted(present_months)) or "—"
        raise MonthError(words.both("range_empty", spec=spec, have=have))
    return periods


__all__ = ["CASES", "FIRST_YEAR", "KINDS", "LAST_YEAR", "ReportPeriod", "check_period_spec", "expand_periods", "in_month",
           "in_period", "label_month", "label_period", "month_from_name", "month_name", "month_period", "month_text",
           "month_ticks", "month_year", "parse_month", "parse_period", "period_name", "period_part", "period_window", "report_window",
           "short_month", "with_month", "with_period"]
