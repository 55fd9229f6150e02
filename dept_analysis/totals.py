"""The numbers a report shows: totals, key figures, comparisons, highlights.

Pure functions of the loaded data; nothing here formats or draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .loading import MonthlyData

KEY_FIGURE_COLUMNS = ["current", "previous", "change", "change_pct", "year_ago", "change_year",
                      "change_year_pct", "ytd", "ytd_months"]


def monthly_totals(data: MonthlyData, months: pd.PeriodIndex | None = None) -> pd.DataFrame:
    """Return month x metric totals (summed over channels), metrics in catalog order.

    Parameters
    ----------
    data : MonthlyData
    months : pandas.PeriodIndex, optional
        The months to show; months without a workbook, and metrics a workbook does not
        mention, are NaN (not reported is not the same as zero).
    """
    order = [m.code for m in data.catalog.metrics]
    table = data.counts.pivot_table(index="month", columns="metric", values="count", aggfunc="sum")
    table = table.reindex(columns=order)
    if months is not None:
        table = table.reindex(months)
    table.index.name, table.columns.name = "month", "metric"
    return table.astype("float64")


def channel_totals(data: MonthlyData, months: pd.PeriodIndex) -> pd.DataFrame:
    """Return month x channel totals over all metrics, channels in catalog order."""
    order = [c.code for c in data.catalog.channels]
    table = data.counts.pivot_table(index="month", columns="channel", values="count", aggfunc="sum")
    table = table.reindex(index=months, columns=order)
    table.index.name, table.columns.name = "month", "channel"
    return table.astype("float64")


def channel_breakdown(data: MonthlyData, month: pd.Period) -> pd.DataFrame:
    """Return channel x metric counts for one month (0 where a pair has no row).

    Only the channels the month reports, in catalog order: a channel no workbook names is
    not a channel with nothing on it, and is left out (the product's rule for not reported).
    """
    return channel_period_breakdown(data, [month])


def _change(current: float, base: float) -> tuple[float, float]:
    if np.isnan(current) or np.isnan(base):
        return np.nan, np.nan
    change = current - base
    return change, (change / base if base else np.nan)


def key_figures(data: MonthlyData, month: pd.Period) -> pd.DataFrame:
    """Return one row per metric: this month, the previous month, the same month a year
    earlier, their changes, and the year to date.

    Returns
    -------
    pandas.DataFrame
        Indexed by metric code (catalog order), columns ``KEY_FIGURE_COLUMNS``. Changes
        are NaN where a month is missing; ``change_pct`` is a fraction (0.084 = 8.4 %).
        ``ytd`` sums the months of the report's year up to and including ``month`` that have
        a workbook; ``ytd_months`` says how many those are.
    """
    previous, year_ago = month - 1, month - 12
    year_start = pd.Period(year=month.year, month=1, freq="M")
    ytd_range = pd.period_range(year_start, month, freq="M")
    totals = monthly_totals(data, pd.period_range(min(year_ago, year_start), month, freq="M"))
    present = set(data.sources["month"])
    ytd_present = [m for m in ytd_range if m in present]
    rows = {}
    for metric in totals.columns:
        current = totals.at[month, metric]
        prev = totals.at[previous, metric]
        ago = totals.at[year_ago, metric]
        change, change_pct = _change(current, prev)
        change_year, change_year_pct = _change(current, ago)
        ytd = totals.loc[ytd_present, metric].sum(min_count=1) if ytd_present else np.nan
        rows[metric] = [current, prev, change, change_pct, ago, change_year, change_year_pct, ytd, len(ytd_present)]
    return pd.DataFrame.from_dict(rows, orient="index", columns=KEY_FIGURE_COLUMNS)


@dataclass(frozen=True)
class Highlight:
    """One notable fact: ``kind`` is "rise", "fall", "high" or "low"."""

    kind: str
    metric: str
    value: float
    change: float = np.nan
    change_pct: float = np.nan
    months: int = 0


def highlights(data: MonthlyData, month: pd.Period, window: int = 12) -> list[Highlight]:
    """Return the largest relative rise and fall against the previous month, and every
    metric at its highest or lowest over the last ``window`` months.

    A high or low needs at least three months of data in the window to mean anything; the
    highlight says how many months it compared.
    """
    figures = key_figures(data, month)
    found: list[Highlight] = []
    changes = figures["change_pct"].dropna()
    rises, falls = changes[changes > 0], changes[changes < 0]
    if not rises.empty:
        m = rises.idxmax()
        found.append(Highlight("rise", m, figures.at[m, "current"], figures.at[m, "change"], rises[m]))
    if not falls.empty:
        m = falls.idxmin()
        found.append(Highlight("fall", m, figures.at[m, "current"], figures.at[m, "change"], falls[m]))
    history = monthly_totals(data, pd.period_range(month - (window - 1), month, freq="M"))
    for metric in history.columns:
        series = history[metric].dropna()
        if month not in series.index or len(series) < 3:
            continue
        current = series[month]
        others = series.drop(month)
        if current > others.max():
            found.append(Highlight("high", metric, current, months=len(series)))
        elif current < others.min():
            found.append(Highlight("low", metric, current, months=len(series)))
    return found


# -- periods: a quarter, a half-year, a year -------------------------------------------------------

PERIOD_FIGURE_COLUMNS = ["current", "previous", "change", "change_pct", "year_ago", "change_year", "change_year_pct"]


def _complete(data: MonthlyData, months) -> bool:
    present = set(data.sources["month"])
    return len(months) > 0 and all(m in present for m in months)


def period_total(data: MonthlyData, months) -> pd.Series:
    """Each metric's total over ``months`` (catalog order); NaN for a metric no month of them
    reports, and for every metric when a month has no workbook (an incomplete sum would
    read as a fall)."""
    order = [m.code for m in data.catalog.metrics]
    if not _complete(data, months):
        return pd.Series(np.nan, index=order, dtype="float64")
    rows = data.counts[data.counts["month"].isin(set(months))]
    return rows.groupby("metric")["count"].sum().reindex(order).astype("float64")


def period_figures(data: MonthlyData, months, previous_months, year_ago_months) -> pd.DataFrame:
    """One row per metric: the period's total, the previous period's and the same period's a
    year earlier, with the changes (fractions, NaN where a period is incomplete)."""
    current = period_total(data, months)
    previous = period_total(data, previous_months)
    year_ago = period_total(data, year_ago_months)
    rows = {}
    for metric in current.index:
        change, change_pct = _change(current[metric], previous[metric])
        change_year, change_year_pct = _change(current[metric], year_ago[metric])
        rows[metric] = [current[metric], previous[metric], change, change_pct, year_ago[metric], change_year,
                        change_year_pct]
    return pd.DataFrame.from_dict(rows, orient="index", columns=PERIOD_FIGURE_COLUMNS)


def channel_period_breakdown(data: MonthlyData, months) -> pd.DataFrame:
    """Channel x metric totals over ``months`` (0 where a pair has no row), for the channels
    the months report, in catalog order."""
    rows = data.counts[data.counts["month"].isin(set(months))]
    table = rows.pivot_table(index="channel", columns="metric", values="count", aggfunc="sum", fill_value=0)
    table = table.reindex(index=[c.code for c in data.catalog.channels if c.code in table.index],
                          columns=[m.code for m in data.catalog.metrics], fill_value=0)
    return table.astype("int64")


def same_period_by_year(data: MonthlyData, months_of_year) -> pd.DataFrame:
    """Year x metric totals of the same period in every year the data has it complete.

    ``months_of_year(year)`` gives the period's months in that year."""
    years = sorted({m.year for m in data.sources["month"]})
    rows = {}
    for year in years:
        months = list(months_of_year(year))
        if _complete(data, months):
            rows[year] = period_total(data, months)
    return pd.DataFrame.from_dict(rows, orient="index", columns=[m.code for m in data.catalog.metrics])


@dataclass(frozen=True)
class PeriodHighlight:
    """One notable fact of a period: ``kind`` is "busiest", "quietest" (a month, by all its
    counts), "rise" / "fall" against ``against`` ("previous" or "year_ago"), or "high" / "low"
    among the same periods of every year (``years`` of them)."""

    kind: str
    value: float
    metric: str = ""
    month: pd.Period | None = None
    against: str = ""
    change: float = np.nan
    change_pct: float = np.nan
    years: int = 0


def period_highlights(data: MonthlyData, months, figures: pd.DataFrame, by_year: pd.DataFrame,
                      year: int) -> list[PeriodHighlight]:
    """The busiest and the quietest month, the largest relative rise and fall against each
    comparison period, and the metrics at their highest or lowest among the same periods of
    every year in the data (two years at least)."""
    found: list[PeriodHighlight] = []
    monthly = monthly_totals(data, pd.PeriodIndex(list(months), freq="M")).sum(axis=1, min_count=1).dropna()
    if len(monthly) > 1:
        found.append(PeriodHighlight("busiest", monthly.max(), month=monthly.idxmax()))
        found.append(PeriodHighlight("quietest", monthly.min(), month=monthly.idxmin()))
    for against, change, pct in (("previous", "change", "change_pct"), ("year_ago", "change_year", "change_year_pct")):
        changes = figures[pct].dropna()
        rises, falls = changes[changes > 0], changes[changes < 0]
        if not rises.empty:
            m = rises.idxmax()
            found.append(PeriodHighlight("rise", figures.at[m, "current"], m, against=against,
                                         change=figures.at[m, change], change_pct=rises[m]))
        if not falls.empty:
            m = falls.idxmin()
            found.append(PeriodHighlight("fall", figures.at[m, "current"], m, against=against,
                                         change=figures.at[m, change], change_pct=falls[m]))
    if year in by_year.index and len(by_year) >= 2:
        for metric in by_year.columns:
            series = by_year[metric].dropna()
            if year not in series.index or len(series) < 2:
                continue
            current, others = series[year], series.drop(year)
            if current > others.max():
                found.append(PeriodHighlight("high", current, metric, years=len(series)))
            elif current < others.min():
                found.append(PeriodHighlight("low", current, metric, years=len(series)))
    return found
