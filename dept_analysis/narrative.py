"""Sentences of the report: one per counted metric, in the register of the department's own
reports, with the comparison nobody has time to write by hand, and the highlights.

The catalog gives each metric's sentence and word forms (data); the language tables give
the report's own phrasing (``compare.*``, ``highlight.*``); nothing here depends on which
language it writes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import words
from .catalog import Catalog, Metric
from .grammar import agree, format_change_percent, format_number, noun
from .periods import (ReportPeriod, in_month, in_period, month_name, month_period, month_year, period_name,
                      period_part)
from .totals import Highlight, PeriodHighlight


def metric_sentence(metric: Metric, count: int, lang: str = "uk") -> str:
    """Fill the catalog's sentence for ``metric`` with ``count`` and the agreeing noun.

    >>> # "Підготовлено та розміщено 21 новину та інших інформаційних матеріалів."
    """
    nominative = agree(count, metric.forms(lang), lang)
    accusative = agree(count, metric.forms(lang, "accusative"), lang)
    return metric.sentence(lang).format(count=format_number(count, lang), noun=nominative, noun_acc=accusative)


def comparison_clause(change: float, base_month: pd.Period, report_month: pd.Period, lang: str = "uk",
                      change_pct: float = np.nan) -> str:
    """Say how a count compares with another month: "на 23 більше, ніж у липні (+8,4%)"."""
    return comparison(change, in_month(base_month, lang, report_month.year), lang, change_pct)


def comparison(change: float, where: str, lang: str = "uk", change_pct: float = np.nan) -> str:
    """Say how a count compares with another time (``where``: "у липні", "у II кварталі")."""
    pct = "" if np.isnan(change_pct) or change == 0 else words.say("compare.pct", lang,
                                                                    pct=format_change_percent(change_pct, lang))
    key = "compare.more" if change > 0 else "compare.fewer" if change < 0 else "compare.same"
    return words.say(key, lang, amount=format_number(abs(change), lang), where=where, pct=pct)


def metric_paragraph(metric: Metric, row: pd.Series, month: pd.Period, lang: str = "uk") -> str:
    """Return the metric's sentence followed by its comparisons with the previous month and
    the same month a year earlier (each only where that month has data)."""
    text = metric_sentence(metric, int(row["current"]), lang)
    clauses = []
    if not np.isnan(row["change"]):
        clauses.append(comparison_clause(row["change"], month - 1, month, lang, row["change_pct"]))
    if not np.isnan(row["change_year"]):
        clauses.append(comparison_clause(row["change_year"], month - 12, month, lang, row["change_year_pct"]))
    if not clauses:
        return text
    return words.say("compare.sentence", lang, sentence=text, clauses=words.say("compare.and", lang).join(clauses))


def highlight_sentence(item: Highlight, catalog: Catalog, month: pd.Period, lang: str = "uk") -> str:
    """Say one highlight in a sentence."""
    name = catalog.metric(item.metric).name(lang)
    number = format_number(int(item.value), lang)
    if item.kind in ("rise", "fall"):
        clause = comparison_clause(item.change, month - 1, month, lang, item.change_pct)
        return words.say(f"highlight.{item.kind}", lang, name=name, number=number, clause=clause)
    if item.months < 12:
        span = words.say("highlight.months_with_data", lang, n=item.months, months=noun("month", item.months, lang))
    else:
        span = words.say("highlight.last_months", lang, n=item.months)
    return words.say(f"highlight.{item.kind}", lang, name=name, number=number, span=span)


_MONTH_FIELDS = ("{month_nominative}", "{month_genitive}", "{month_locative}")


def _fill(template: str, fallback: str, catalog: Catalog, period: pd.Period | ReportPeriod, lang: str) -> str:
    """Fill a catalog text for a period. A catalog written for months only ("за
    {month_nominative} {year} року") cannot say "за III квартал 2021 року": a quarter's,
    half-year's or year's report then uses the product's own words (``fallback``)."""
    if isinstance(period, pd.Period):
        period = month_period(period)
    if period.kind != "month" and any(field in template for field in _MONTH_FIELDS):
        template = words.say(fallback, lang)
    month = period.first
    return template.format(
        department=catalog.department.in_title(lang),
        period=period_name(period, "accusative", lang),
        period_genitive=period_name(period, "genitive", lang),
        month_nominative=month_name(month, "nominative", lang),
        month_genitive=month_name(month, "genitive", lang),
        month_locative=month_name(month, "locative", lang),
        year=period.year,
    )


def title(catalog: Catalog, period: pd.Period | ReportPeriod, lang: str = "uk") -> str:
    """Return the report's title in the seed's form: "Звіт про роботу відділу ... за серпень
    2021 року", "... за III квартал 2021 року", "... за січень–вересень 2021 року"."""
    return _fill(catalog.department.title(lang), "title.period", catalog, period, lang)


def short_title(catalog: Catalog, period: pd.Period | ReportPeriod, lang: str = "uk") -> str:
    """The title without the department: "Звіт про роботу за серпень 2021 року"."""
    return _fill(words.say("title.short", lang), "title.short", catalog, period, lang)


def intro(catalog: Catalog, period: pd.Period | ReportPeriod, lang: str = "uk") -> str:
    """Return the department's introductory paragraph for ``period``."""
    return _fill(catalog.department.intro(lang), "intro.period", catalog, period, lang)


# -- periods: a quarter, a half-year, a year ----------------------------------------------------

def period_paragraph(metric: Metric, row: pd.Series, period: ReportPeriod, lang: str = "uk") -> str:
    """The metric's sentence with the period's total, then its comparisons with the previous
    period and the same period a year earlier (each only where that period is complete)."""
    text = metric_sentence(metric, int(row["current"]), lang)
    clauses = []
    if not np.isnan(row["change"]):
        clauses.append(comparison(row["change"], in_period(period.previous, lang, period.year), lang, row["change_pct"]))
    if not np.isnan(row["change_year"]):
        clauses.append(comparison(row["change_year"], in_period(period.year_ago, lang, period.year), lang,
                                  row["change_year_pct"]))
    if not clauses:
        return text
    return words.say("compare.sentence", lang, sentence=text, clauses=words.say("compare.and", lang).join(clauses))


def period_highlight_sentence(item: PeriodHighlight, catalog: Catalog, period: ReportPeriod, lang: str = "uk") -> str:
    """Say one highlight of a period in a sentence."""
    number = format_number(item.value, lang)
    if item.kind in ("busiest", "quietest"):
        return words.say(f"highlight.{item.kind}", lang, month=month_year(item.month, lang, "nominative"),
                         number=number, items=noun("item", int(item.value), lang))
    name = catalog.metric(item.metric).name(lang)
    if item.kind in ("rise", "fall"):
        other = period.previous if item.against == "previous" else period.year_ago
        clause = comparison(item.change, in_period(other, lang, period.year), lang, item.change_pct)
        return words.say(f"highlight.{item.kind}", lang, name=name, number=number, clause=clause)
    if period.kind == "year" and not period.only:
        return words.say(f"highlight.{item.kind}_years.year", lang, name=name, number=number, n=item.years,
                         years=noun("year", item.years, lang))
    return words.say(f"highlight.{item.kind}_years.part", lang, name=name, number=number, n=item.years,
                     years=noun("year", item.years, lang), part=period_part(period, lang))


def missing_metric_note(metric: Metric, lang: str) -> str:
    """Say that a metric has no count this month."""
    return words.say("missing_metric", lang, name=metric.name(lang))


__all__ = ["comparison", "comparison_clause", "highlight_sentence", "intro", "metric_paragraph", "metric_sentence",
           "missing_metric_note", "period_highlight_sentence", "period_paragraph", "title"]
