"""What the analyst selects: a metric, a channel, a span of months, the month ranked, the step
(month, quarter, year) and the language, checked as they arrive from papermill or a picker
(text, "" meaning "all" or "latest").
"""

from __future__ import annotations

import pandas as pd

from .. import words
from ..errors import DeptAnalysisError, MonthError
from ..loading import MonthlyData
from ..periods import ReportPeriod, month_name, month_period, month_text, parse_month, short_month
from ..textnorm import is_blank, match_key

GRANULARITIES = ("month", "quarter", "year")


def word(key: str, lang: str, **values) -> str:
    """The words of ``explore.<key>`` in ``lang``."""
    return words.say(f"explore.{key}", lang, **values)


def blank(value: object) -> bool:
    """Tell whether a parameter means "all" or "latest" (None or empty text)."""
    return value is None or is_blank(value)


def resolve_metric(data: MonthlyData, metric: object) -> str | None:
    """Return the catalog code of ``metric`` (a code or a name in either language).

    Parameters
    ----------
    data : MonthlyData
    metric : str or None
        A code ("news"), a Ukrainian or English name, in any letter case; None or ""
        for all metrics together.

    Returns
    -------
    str or None
        The code, or None for all metrics.

    Raises
    ------
    DeptAnalysisError
        For a metric the catalog does not know; the message lists the known codes.
    """
    return _resolve(metric, data.catalog.metric_lookup(), [m.code for m in data.catalog.metrics], "unknown_metric")


def resolve_channel(data: MonthlyData, channel: object) -> str | None:
    """Return the catalog code of ``channel`` (a code or a name), None for all channels.

    Raises
    ------
    DeptAnalysisError
        For a channel the catalog does not know; the message lists the known codes.
    """
    return _resolve(channel, data.catalog.channel_lookup(), [c.code for c in data.catalog.channels],
                    "unknown_channel")


def _resolve(value: object, lookup: dict[str, str], codes: list[str], message: str) -> str | None:
    if blank(value):
        return None
    code = lookup.get(match_key(value))
    if code is None:
        raise DeptAnalysisError(words.both(f"explore.{message}", value=repr(value), known=", ".join(codes)))
    return code


def resolve_period(data: MonthlyData, start: object = None, end: object = None) -> pd.PeriodIndex:
    """Return the months from ``start`` to ``end`` ("YYYY-MM"; None or "" for the first or
    the latest month with a workbook).

    Raises
    ------
    MonthError
        For a malformed month, a start after the end, or a span with no workbook at all.
    """
    months = data.months
    first = months[0] if blank(start) else parse_month(start)
    last = months[-1] if blank(end) else parse_month(end)
    span = f"{month_text(first)}..{month_text(last)}"
    if first > last:
        raise MonthError(words.both("explore.start_after_end", span=span))
    if not any(first <= month <= last for month in months):
        have = f"{month_text(months[0])}..{month_text(months[-1])}"
        raise MonthError(words.both("explore.no_workbook_in_span", span=span, have=have))
    return pd.period_range(first, last, freq="M")


def resolve_month(data: MonthlyData, month: object) -> pd.Period:
    """Return the month asked for ("" for the latest), which must have a workbook.

    Raises
    ------
    MonthError
        For a malformed month or one without a workbook.
    """
    period = data.months[-1] if blank(month) else parse_month(month)
    require(data, period)
    return period


def require(data: MonthlyData, month: pd.Period) -> None:
    """Raise MonthError, listing the months there are, when ``month`` has no workbook."""
    if month not in set(data.months):
        have = ", ".join(month_text(m) for m in data.months) or "—"
        raise MonthError(words.both("no_workbook", month=month_text(month), folder=data.data_dir, have=have))


def granularity_of(value: object) -> str:
    """Return "month", "quarter" or "year" ("" means "month").

    Raises
    ------
    DeptAnalysisError
        For any other step.
    """
    text = "month" if blank(value) else str(value).strip().lower()
    if text not in GRANULARITIES:
        raise DeptAnalysisError(words.both("explore.granularity", value=repr(value), known=", ".join(GRANULARITIES)))
    return text


def period_of(month: pd.Period, granularity: str) -> ReportPeriod:
    """The month, quarter or year ``month`` is in."""
    if granularity == "quarter":
        return ReportPeriod("quarter", month.year, (month.month - 1) // 3 + 1)
    if granularity == "year":
        return ReportPeriod("year", month.year)
    return month_period(month)


def metric_name(data: MonthlyData, metric: str | None, lang: str) -> str:
    """The metric's name in ``lang``, or "all metrics together"."""
    return data.catalog.metric(metric).name(lang) if metric else word("all_metrics", lang)


def selection_name(data: MonthlyData, metric: str | None, channel: str | None, lang: str) -> str:
    """"Відеосюжети — сторінка в соцмережах": what a chart or table is about."""
    channel_name = data.catalog.channel(channel).name(lang) if channel else word("all_channels", lang)
    return word("selection", lang, metric=metric_name(data, metric, lang), channel=channel_name)


def whole_span(data: MonthlyData) -> pd.PeriodIndex:
    """Every month from the first workbook to the latest."""
    return pd.period_range(data.months[0], data.months[-1], freq="M")


def calendar_month_names(lang: str) -> list[str]:
    """January..December as table row labels: "Січень" / "January"."""
    names = [month_name(pd.Period(year=2000, month=m, freq="M"), "nominative", lang) for m in range(1, 13)]
    return [name[:1].upper() + name[1:] for name in names]


def calendar_month_ticks(lang: str) -> list[str]:
    """January..December as short axis labels: "січ." / "Jan"."""
    return [short_month(pd.Period(year=2000, month=m, freq="M"), lang).rsplit(" ", 1)[0] for m in range(1, 13)]


__all__ = ["GRANULARITIES", "blank", "calendar_month_names", "calendar_month_ticks", "granularity_of",
           "metric_name", "period_of", "require", "resolve_channel", "resolve_metric", "resolve_month",
           "resolve_period", "selection_name", "whole_span", "word"]
