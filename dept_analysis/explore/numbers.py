"""The exploration's numbers: tables that keep numbers as numbers, so the analyst can sort and
compute on them. Headers and the names of metrics and channels are in the chosen language.

A month without a workbook, or a month whose workbook does not mention the metric, is
"not reported" and stays empty (NaN / <NA>): not reported is not the same as zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import config, words
from ..errors import DeptAnalysisError
from ..loading import MonthlyData
from ..periods import ReportPeriod, label_period, period_part
from .selection import (calendar_month_names, granularity_of, period_of, require, resolve_channel, resolve_metric,
                        resolve_month, resolve_period, selection_name, whole_span, word)


def _aggregate(values: pd.Series, granularity: str, lang: str) -> pd.Series:
    """Monthly values summed by quarter or year; a quarter or year with a month not reported
    (or outside the span) is not reported either: a part of it would read as a fall."""
    periods = list(dict.fromkeys(period_of(month, granularity) for month in values.index))
    sums = []
    for period in periods:
        part = values.reindex(period.all_months)
        sums.append(part.sum() if part.notna().all() else np.nan)
    return pd.Series(sums, index=pd.Index([label_period(p, lang) for p in periods],
                                          name=word(granularity, lang)), dtype="float64")


def monthly_selection(data: MonthlyData, metric: str | None, channel: str | None,
                      period: pd.PeriodIndex) -> pd.Series:
    """Sum the selected metric (all if None) over the selected channel (all if None).

    A month counts as reported when its workbook mentions the metric at all; a reported
    month with no row for the channel is then 0 (the workbooks record an item once, under
    its main channel, so no row means none there). Other months are NaN.
    """
    counts = data.counts
    if metric is not None:
        counts = counts[counts["metric"] == metric]
    reported = pd.PeriodIndex(sorted(set(counts["month"])), freq="M")
    if channel is not None:
        counts = counts[counts["channel"] == channel]
    totals = counts.groupby("month")["count"].sum().reindex(reported, fill_value=0)
    return totals.reindex(period).astype("float64")


def _by_year(values: pd.Series) -> pd.DataFrame:
    """Reshape a monthly series into calendar month (1..12) x year."""
    frame = pd.DataFrame({"year": values.index.year, "month": values.index.month, "value": values.to_numpy()})
    table = frame.pivot(index="month", columns="year", values="value")
    return table.reindex(range(1, 13))


def series(data: MonthlyData, metric: str | None = None, channel: str | None = None,
           start: str | None = None, end: str | None = None, lang: str = config.DEFAULT_LANGUAGE,
           granularity: str = "month") -> pd.DataFrame:
    """Return the selection's count for every month (or quarter, or year) from ``start`` to ``end``.

    Parameters
    ----------
    data : MonthlyData
    metric : str, optional
        Code or name; None or "" sums every metric.
    channel : str, optional
        Code or name; None or "" sums every channel.
    start, end : str, optional
        "YYYY-MM"; None or "" for the first and the latest month with a workbook.
    lang : {"uk", "en"}
    granularity : {"month", "quarter", "year"}
        Sum the months by quarter or by year; a quarter or year with a month not reported
        is not reported.

    Returns
    -------
    pandas.DataFrame
        Indexed by month (monthly Period), or by the quarters' or years' names; one column,
        the count (nullable integer; <NA> where not reported).

    Raises
    ------
    DeptAnalysisError
        Unknown metric, channel or language.
    MonthError
        Malformed months, start after end, or no workbook in the span.
    """
    lang = words.check_language(lang)
    metric, channel = resolve_metric(data, metric), resolve_channel(data, channel)
    granularity = granularity_of(granularity)
    period = resolve_period(data, start, end)
    values = monthly_selection(data, metric, channel, period)
    if granularity != "month":
        values = _aggregate(values, granularity, lang)
        return pd.DataFrame({word("count", lang): values.astype("Int64")}, index=values.index)
    table = pd.DataFrame({word("count", lang): values.astype("Int64")}, index=period)
    table.index.name = word("month", lang)
    return table


def year_over_year(data: MonthlyData, metric: str | None = None, channel: str | None = None,
                   lang: str = config.DEFAULT_LANGUAGE, granularity: str = "month",
                   total: bool = True) -> pd.DataFrame:
    """Return the selection's count by calendar month (rows January..December), or by
    quarter (I..IV), or for the whole year, and by year.

    Every year with a workbook is a column, so a month (quarter) is read across the years.

    Parameters
    ----------
    data : MonthlyData
    metric, channel : str, optional
        Codes or names; None or "" for all.
    lang : {"uk", "en"}
    granularity : {"month", "quarter", "year"}
    total : bool
        Add a last row, "Усього" / "Total", with each year's total (by month or quarter;
        by year the one row is that total already). A year with a month not reported has
        no total (<NA>): eight months' sum beside twelve would read as a fall.

    Returns
    -------
    pandas.DataFrame
        Rows: the month (quarter) names in ``lang`` and the total, or one row for the year;
        columns: years (int); nullable integers, <NA> where not reported.

    Raises
    ------
    DeptAnalysisError
        Unknown metric, channel or language.
    """
    lang = words.check_language(lang)
    granularity = granularity_of(granularity)
    metric, channel = resolve_metric(data, metric), resolve_channel(data, channel)
    by_month = _by_year(monthly_selection(data, metric, channel, whole_span(data)))
    if granularity == "month":
        table = by_month.astype("Int64")
        table.index = pd.Index(calendar_month_names(lang), name=word("month", lang))
    else:
        # A quarter (year) with a month not reported is not reported: min_count is its length.
        size = 3 if granularity == "quarter" else 12
        table = by_month.groupby(np.arange(12) // size).sum(min_count=size).astype("Int64")
        names = ([period_part(ReportPeriod("quarter", 2000, q), lang) for q in range(1, 5)]
                 if granularity == "quarter" else [word("year", lang)])
        table.index = pd.Index(names, name=word(granularity, lang))
    if total and granularity != "year":
        totals = by_month.sum(min_count=12).astype("Int64")
        table.loc[word("total", lang)] = totals
    table.columns.name = None
    return table


def seasonal_profile(data: MonthlyData, metric: str | None = None, channel: str | None = None,
                     lang: str = config.DEFAULT_LANGUAGE) -> pd.DataFrame:
    """Return how busy each calendar month is relative to its year's average month.

    Each complete year (all twelve months reported) is divided by its own monthly mean, so
    a slow trend across years does not pass for a season; the index is the average of those
    ratios over the years. Partial years are left out: their mean would itself depend on
    which season they cover.

    Returns
    -------
    pandas.DataFrame
        Rows: month names January..December in ``lang``; a column per complete year (the
        year as text) with that year's ratios, and the index column (the words table's ``explore.index``),
        which averages to exactly 1.0.

    Raises
    ------
    DeptAnalysisError
        Unknown metric, channel or language; no complete year with a nonzero count.
    """
    lang = words.check_language(lang)
    metric, channel = resolve_metric(data, metric), resolve_channel(data, channel)
    table = _by_year(monthly_selection(data, metric, channel, whole_span(data)))
    means = table.mean(axis=0)
    usable = [year for year in table.columns if table[year].notna().all() and means[year] > 0]
    if not usable:
        raise DeptAnalysisError(" / ".join(
            words.say("explore.no_complete_year", language, selection=selection_name(data, metric, channel, language))
            for language in words.LANGUAGES))
    ratios = table[usable] / means[usable]
    profile = ratios.copy()
    profile.columns = [str(year) for year in usable]
    profile[word("index", lang)] = ratios.mean(axis=1)
    profile.index = pd.Index(calendar_month_names(lang), name=word("month", lang))
    return profile


def channel_shares(data: MonthlyData, metric: str | None = None, start: str | None = None,
                   end: str | None = None, lang: str = config.DEFAULT_LANGUAGE) -> pd.DataFrame:
    """Return each channel's share of the metric's monthly count (all metrics if None).

    Returns
    -------
    pandas.DataFrame
        Indexed by month; a column per channel (its name in ``lang``, catalog order) that
        carried anything in the span; fractions summing to 1 in every reported month, NaN
        in months not reported or with nothing counted.

    Raises
    ------
    DeptAnalysisError, MonthError
    """
    lang = words.check_language(lang)
    metric = resolve_metric(data, metric)
    period = resolve_period(data, start, end)
    counts = data.counts if metric is None else data.counts[data.counts["metric"] == metric]
    totals = counts.pivot_table(index="month", columns="channel", values="count", aggfunc="sum", fill_value=0)
    totals = totals.reindex(index=period, columns=[c.code for c in data.catalog.channels]).astype("float64")
    # A reported month with no row for a channel carried nothing there: 0, not unknown.
    totals.loc[totals.notna().any(axis=1)] = totals.loc[totals.notna().any(axis=1)].fillna(0)
    totals = totals.loc[:, totals.fillna(0).sum() > 0]
    month_totals = totals.sum(axis=1, min_count=1)
    shares = totals.div(month_totals.where(month_totals > 0), axis=0)
    shares.columns = [data.catalog.channel(code).name(lang) for code in shares.columns]
    shares.index.name = word("month", lang)
    return shares


def _pair_counts(data: MonthlyData, months) -> pd.Series:
    rows = data.counts[data.counts["month"].isin(set(months))]
    return rows.groupby(["metric", "channel"])["count"].sum()


def rankings(data: MonthlyData, month: str | None = None, lang: str = config.DEFAULT_LANGUAGE,
             granularity: str = "month") -> pd.DataFrame:
    """Rank every (metric, channel) pair by its change against the previous month (quarter, year).

    Numbers stay numbers here; :func:`~dept_analysis.explore.tables.rankings_table` shows the
    same table written as the report writes it ("+45,8%", "−1").

    Parameters
    ----------
    data : MonthlyData
    month : str, optional
        "YYYY-MM"; None or "" for the latest month. It and the month before must both
        have a workbook; with a quarter or year, every month of the quarter (year) it is in
        and of the one before.
    lang : {"uk", "en"}
    granularity : {"month", "quarter", "year"}

    Returns
    -------
    pandas.DataFrame
        One row per pair counted in either month, indexed by rank from 1. Columns: the
        metric's and the channel's names, this month's and the previous month's counts
        (headed by the months' names), the change and the change in percent (NaN when
        the previous count is 0). Largest rises first, falls last; a pair whose metric one
        workbook does not report has no change and comes at the very end.

    Raises
    ------
    DeptAnalysisError, MonthError
    """
    lang = words.check_language(lang)
    granularity = granularity_of(granularity)
    current_period = period_of(resolve_month(data, month), granularity)
    previous_period = current_period.shift(-1)
    for period in (current_period, previous_period):
        for needed in period.all_months:
            require(data, needed)
    current = _pair_counts(data, current_period.all_months)
    previous = _pair_counts(data, previous_period.all_months)
    pairs = current.index.union(previous.index)
    table = pd.DataFrame({"current": current.reindex(pairs), "previous": previous.reindex(pairs)}).astype("float64")
    # A pair missing from a workbook that does report its metric had nothing on that channel.
    for column, counted in (("current", current), ("previous", previous)):
        reported = table.index.get_level_values("metric").isin(counted.index.get_level_values("metric"))
        table.loc[reported, column] = table.loc[reported, column].fillna(0)
    table["change"] = table["current"] - table["previous"]
    table["change_pct"] = (table["change"] / table["previous"].where(table["previous"] > 0) * 100).round(1)
    # Catalog order first, so equal changes keep the order the report uses.
    metric_order = {m.code: i for i, m in enumerate(data.catalog.metrics)}
    channel_order = {c.code: i for i, c in enumerate(data.catalog.channels)}
    table = table.sort_index(key=lambda level: level.map(metric_order if level.name == "metric" else channel_order))
    table = table.sort_values("change", ascending=False, kind="stable", na_position="last")
    metrics, channels = table.index.get_level_values("metric"), table.index.get_level_values("channel")
    return pd.DataFrame({
        word("metric", lang): [data.catalog.metric(code).name(lang) for code in metrics],
        word("channel", lang): [data.catalog.channel(code).name(lang) for code in channels],
        label_period(current_period, lang): table["current"].astype("Int64").to_numpy(),
        label_period(previous_period, lang): table["previous"].astype("Int64").to_numpy(),
        word("change", lang): table["change"].astype("Int64").to_numpy(),
        word("change_pct", lang): table["change_pct"].to_numpy(),
    }, index=pd.RangeIndex(1, len(table) + 1, name=word("rank", lang)))


__all__ = ["channel_shares", "monthly_selection", "rankings", "seasonal_profile", "series", "year_over_year"]
