"""Sentences of the report: one per counted metric, in the register of the department's own
reports, with the comparison nobody has time to write by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .catalog import Catalog, Metric
from .figures import Highlight
from .grammar import agree, format_change_percent, format_number, in_month, month_year
from .labels import label


def metric_sentence(metric: Metric, count: int, lang: str = "uk") -> str:
    """Fill the catalog's sentence for ``metric`` with ``count`` and the agreeing noun.

    >>> # "Підготовлено та розміщено 21 новину та інших інформаційних матеріалів."
    """
    if lang == "uk":
        noun, noun_acc = agree(count, metric.forms_uk), agree(count, metric.forms_acc_uk)
        template = metric.sentence_uk
    else:
        noun = noun_acc = agree(count, metric.forms_en, "en")
        template = metric.sentence_en
    return template.format(count=format_number(count, lang), noun=noun, noun_acc=noun_acc)


def comparison_clause(change: float, base_month: pd.Period, report_month: pd.Period, lang: str = "uk",
                      change_pct: float = np.nan) -> str:
    """Say how a count compares with another month: "на 23 більше, ніж у липні (+8,4%)"."""
    where = in_month(base_month, lang, report_month.year)
    amount = format_number(abs(change), lang)
    pct = "" if np.isnan(change_pct) or change == 0 else f" ({format_change_percent(change_pct, lang)})"
    if lang == "uk":
        if change > 0:
            return f"на {amount} більше, ніж {where}{pct}"
        if change < 0:
            return f"на {amount} менше, ніж {where}{pct}"
        return f"стільки ж, скільки й {where}"
    if change > 0:
        return f"{amount} more than {where}{pct}"
    if change < 0:
        return f"{amount} fewer than {where}{pct}"
    return f"the same as {where}"


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
    if lang == "uk":
        return f"{text} Це {' і '.join(clauses)}."
    return f"{text} That is {' and '.join(clauses)}."


def highlight_sentence(item: Highlight, catalog: Catalog, month: pd.Period, lang: str = "uk") -> str:
    """Say one highlight in a sentence."""
    metric = catalog.metric(item.metric)
    name = metric.name(lang)
    value = int(item.value)
    number = format_number(value, lang)
    if item.kind in ("rise", "fall"):
        clause = comparison_clause(item.change, month - 1, month, lang, item.change_pct)
        if lang == "uk":
            what = "Найбільше зростання" if item.kind == "rise" else "Найбільше зниження"
            return f"{what} — «{name}»: {number}, {clause}."
        what = "Largest rise" if item.kind == "rise" else "Largest fall"
        return f"{what}: {name}, {number}, {clause}."
    period = (f"за останні {item.months} місяців" if lang == "uk" else f"in the last {item.months} months")
    if lang == "uk":
        if item.months < 12:
            period = f"за {item.months} {agree(item.months, ('місяць', 'місяці', 'місяців'))} наявних даних"
        what = "найвищий" if item.kind == "high" else "найнижчий"
        return f"«{name}»: {number} — {what} показник {period}."
    if item.months < 12:
        period = f"in the {item.months} months with data"
    what = "the highest" if item.kind == "high" else "the lowest"
    return f"{name}: {number}, {what} {period}."


def title(catalog: Catalog, month: pd.Period, lang: str = "uk") -> str:
    """Return the report's title in the seed's form: "Звіт про роботу відділу ... за серпень 2021 року"."""
    return _fill(catalog.department.title_uk if lang == "uk" else catalog.department.title_en, catalog, month, lang)


def intro(catalog: Catalog, month: pd.Period, lang: str = "uk") -> str:
    """Return the department's introductory paragraph for ``month``."""
    return _fill(catalog.department.intro_uk if lang == "uk" else catalog.department.intro_en, catalog, month, lang)


def _fill(template: str, catalog: Catalog, month: pd.Period, lang: str) -> str:
    from .grammar import month_name

    department = catalog.department.name_genitive_uk if lang == "uk" else catalog.department.name_en
    return template.format(
        department=department,
        month_nominative=month_name(month, "nominative", lang),
        month_genitive=month_name(month, "genitive", lang),
        month_locative=month_name(month, "locative", lang),
        year=month.year,
    )


def missing_metric_note(metric: Metric, lang: str) -> str:
    """Say that a metric has no count this month."""
    return label("missing_metric", lang, name=metric.name(lang))


__all__ = ["comparison_clause", "highlight_sentence", "intro", "metric_paragraph", "metric_sentence",
           "missing_metric_note", "month_year", "title"]
