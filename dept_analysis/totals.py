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
    """Return channel x metric counts for one month (0 where a pair has no row)."""
    rows = data.counts[data.counts["month"] == month]
    table = rows.pivot_table(index="channel", columns="metric", values="count", aggfunc="sum", fill_value=0)
    table = table.reindex(index=[c.code for c in data.catalog.channels],
                          columns=[m.code for m in data.catalog.metrics], fill_value=0)
    return table.astype("int64")


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
