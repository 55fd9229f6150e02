"""The analyst's exploration: any metric and channel over time, year over year, seasonality,
channel shares and the month's biggest changes.

Each function takes the loaded :class:`~dept_analysis.loading.MonthlyData` and the
notebook's parameters as they arrive from papermill (text, with "" meaning "all" or
"latest"), checks them, and returns either a table to display or a chart. Tables keep
numbers as numbers, so the analyst can sort and compute on them; headers and the names of
metrics and channels are in the chosen language.

A month without a workbook, or a month whose workbook does not mention the metric, is
"not reported" and stays empty (NaN / <NA>): not reported is not the same as zero.
"""

from __future__ import annotations


import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from . import config
from . import words
from .content import source_line
from .errors import DeptAnalysisError, MonthError
from .grammar import format_number
from .loading import MonthlyData
from .periods import (ReportPeriod, label_period, month_name, month_period, month_text, month_ticks,
                      month_year, parse_month, period_part, short_month)
from .render.charts import ReportFigure, new_figure, plain, report_style
from .textnorm import is_blank, match_key

def _one_axes(source: str):
    fig, axes = new_figure(source)
    return fig, axes[0, 0]


# Okabe-Ito blue and vermilion, as in the style sheet: above and below the average month.
ABOVE, BELOW = "#0072B2", "#D55E00"


def _word(key: str, lang: str, **values) -> str:
    return words.say(f"explore.{key}", lang, **values)


# -- figures that show themselves ------------------------------------------------------------

def _titles(fig: Figure, ax, title: str, subtitle: str) -> None:
    """Put what the chart is on top and what it selects (metric, channel) under it."""
    fig.suptitle(title, x=0.01, ha="left")
    ax.set_title(subtitle, fontsize=15, fontweight="normal", loc="left")


def _number_axis(ax, lang: str, digits: int = 0) -> None:
    """Write the y axis's numbers the locale's way ("1 234", "0,8" in Ukrainian)."""
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: format_number(value, lang, digits)))


def _month_axis(ax, period: pd.PeriodIndex, lang: str) -> None:
    """Label consecutive months on the x axis, thinning the labels so they never overlap.

    Thirteen short month names fit side by side; two years of them do not, so longer
    spans label every quarter (or every January) and keep a minor tick for each month.
    """
    labels = month_ticks(period, lang)
    step = 1 if len(period) <= 18 else 3 if len(period) <= 48 else 12
    keep = [i for i, month in enumerate(period) if i == 0 or (month.month - 1) % step == 0]
    ax.set_xticks(keep, [labels[i] for i in keep])
    ax.set_xticks(np.arange(len(period)), minor=True)
    ax.set_xlim(-0.6, len(period) - 0.4)


# -- checking parameters -----------------------------------------------------------------------

def _blank(value: object) -> bool:
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
    return _resolve(metric, data.catalog.metric_lookup(), [m.code for m in data.catalog.metrics],
                    "показник", "metric", "показника")


def resolve_channel(data: MonthlyData, channel: object) -> str | None:
    """Return the catalog code of ``channel`` (a code or a name), None for all channels.

    Raises
    ------
    DeptAnalysisError
        For a channel the catalog does not know; the message lists the known codes.
    """
    return _resolve(channel, data.catalog.channel_lookup(), [c.code for c in data.catalog.channels],
                    "канал", "channel", "каналу")


def _resolve(value: object, lookup: dict[str, str], codes: list[str], noun_uk: str, noun_en: str,
             genitive_uk: str) -> str | None:
    if _blank(value):
        return None
    code = lookup.get(match_key(value))
    if code is None:
        known = ", ".join(codes)
        raise DeptAnalysisError(
            f"Невідомий {noun_uk} {value!r}. Відомі коди: {known} (або назва {genitive_uk} з data/catalog.toml). / "
            f"Unknown {noun_en} {value!r}. Known codes: {known} (or a {noun_en}'s name from data/catalog.toml).")
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
    first = months[0] if _blank(start) else parse_month(start)
    last = months[-1] if _blank(end) else parse_month(end)
    span = f"{first.strftime('%Y-%m')}..{last.strftime('%Y-%m')}"
    if first > last:
        raise MonthError(f"Початок періоду пізніший за кінець: {span}. / The start is after the end: {span}.")
    if not any(first <= month <= last for month in months):
        have = f"{months[0].strftime('%Y-%m')}..{months[-1].strftime('%Y-%m')}"
        raise MonthError(words.both("explore.no_workbook_in_span", span=span, have=have))
    return pd.period_range(first, last, freq="M")


def _resolve_month(data: MonthlyData, month: object) -> pd.Period:
    """Return the month asked for ("" for the latest), which must have a workbook."""
    period = data.months[-1] if _blank(month) else parse_month(month)
    _require(data, period)
    return period


def _require(data: MonthlyData, month: pd.Period) -> None:
    """Raise MonthError, listing the months there are, when ``month`` has no workbook."""
    if month not in set(data.months):
        have = ", ".join(month_text(m) for m in data.months) or "—"
        raise MonthError(words.both("no_workbook", month=month_text(month), folder=data.data_dir, have=have))


def _selection_name(data: MonthlyData, metric: str | None, channel: str | None, lang: str) -> str:
    metric_name = data.catalog.metric(metric).name(lang) if metric else _word("all_metrics", lang)
    channel_name = data.catalog.channel(channel).name(lang) if channel else _word("all_channels", lang)
    return _word("selection", lang, metric=metric_name, channel=channel_name)


# -- months, quarters or years -----------------------------------------------------------------

GRANULARITIES = ("month", "quarter", "year")


def _granularity(value: object) -> str:
    text = "month" if _blank(value) else str(value).strip().lower()
    if text not in GRANULARITIES:
        raise DeptAnalysisError(words.both("explore.granularity", value=repr(value), known=", ".join(GRANULARITIES)))
    return text


def _period_of(month: pd.Period, granularity: str) -> ReportPeriod:
    if granularity == "quarter":
        return ReportPeriod("quarter", month.year, (month.month - 1) // 3 + 1)
    if granularity == "year":
        return ReportPeriod("year", month.year)
    return month_period(month)


def _aggregate(values: pd.Series, granularity: str, lang: str) -> pd.Series:
    """Monthly values summed by quarter or year; a quarter or year with a month not reported
    (or outside the span) is not reported either: a part of it would read as a fall."""
    periods = list(dict.fromkeys(_period_of(month, granularity) for month in values.index))
    sums = []
    for period in periods:
        months = period.all_months
        part = values.reindex(months)
        sums.append(part.sum() if part.notna().all() else np.nan)
    return pd.Series(sums, index=pd.Index([label_period(p, lang) for p in periods],
                                          name=_word(granularity, lang)), dtype="float64")


# -- the numbers -------------------------------------------------------------------------------

def _monthly_selection(data: MonthlyData, metric: str | None, channel: str | None,
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


def _whole_span(data: MonthlyData) -> pd.PeriodIndex:
    return pd.period_range(data.months[0], data.months[-1], freq="M")


def _calendar_month_names(lang: str) -> list[str]:
    """January..December as table row labels: "Січень" / "January"."""
    names = [month_name(pd.Period(year=2000, month=m, freq="M"), "nominative", lang) for m in range(1, 13)]
    return [name[:1].upper() + name[1:] for name in names]


def _calendar_month_ticks(lang: str) -> list[str]:
    """January..December as short axis labels: "січ." / "Jan"."""
    return [short_month(pd.Period(year=2000, month=m, freq="M"), lang).rsplit(" ", 1)[0] for m in range(1, 13)]


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
    granularity = _granularity(granularity)
    period = resolve_period(data, start, end)
    values = _monthly_selection(data, metric, channel, period)
    if granularity != "month":
        values = _aggregate(values, granularity, lang)
        return pd.DataFrame({_word("count", lang): values.astype("Int64")}, index=values.index)
    table = pd.DataFrame({_word("count", lang): values.astype("Int64")}, index=period)
    table.index.name = _word("month", lang)
    return table


def series_chart(data: MonthlyData, metric: str | None = None, channel: str | None = None,
                 start: str | None = None, end: str | None = None,
                 lang: str = config.DEFAULT_LANGUAGE, granularity: str = "month") -> ReportFigure:
    """Draw :func:`series` as a line, the latest value labelled; gaps where not reported.

    Returns
    -------
    ReportFigure
        A 16:9 matplotlib Figure that displays itself in Jupyter.
    """
    granularity = _granularity(granularity)
    table = series(data, metric, channel, start, end, lang, granularity)
    metric, channel = resolve_metric(data, metric), resolve_channel(data, channel)
    months = resolve_period(data, start, end)
    period = table.index
    values = table.iloc[:, 0].astype("float64").to_numpy()
    with report_style():
        fig, ax = _one_axes(source_line(months, lang))
        positions = np.arange(len(period))
        ax.plot(positions, values, marker="o")
        reported = np.flatnonzero(~np.isnan(values))
        if reported.size:
            last = reported[-1]
            ax.annotate(format_number(values[last], lang), (last, values[last]), xytext=(0, 9),
                        textcoords="offset points", ha="center", fontweight="bold", fontsize=13)
            ax.set_ylim(0, max(np.nanmax(values) * 1.15, 1))
        if granularity == "month":
            _month_axis(ax, period, lang)
        else:
            ax.set_xticks(positions, [plain(str(name)).replace(" ", "\n", 1) for name in period])
            ax.set_xlim(-0.6, len(period) - 0.4)
        ax.set_ylabel(_word("count", lang))
        _number_axis(ax, lang)
        _titles(fig, ax, _word(f"series_title.{granularity}", lang, first=month_year(months[0], lang),
                               last=month_year(months[-1], lang)),
                _selection_name(data, metric, channel, lang))
    return fig


def year_over_year(data: MonthlyData, metric: str | None = None, channel: str | None = None,
                   lang: str = config.DEFAULT_LANGUAGE, granularity: str = "month") -> pd.DataFrame:
    """Return the selection's count by calendar month (rows January..December), or by
    quarter (I..IV), or for the whole year, and by year.

    Every year with a workbook is a column, so a month (quarter) is read across the years.

    Returns
    -------
    pandas.DataFrame
        Rows: the month (quarter) names in ``lang``, or one row for the year; columns:
        years (int); nullable integers, <NA> where not reported.

    Raises
    ------
    DeptAnalysisError
        Unknown metric, channel or language.
    """
    lang = words.check_language(lang)
    granularity = _granularity(granularity)
    metric, channel = resolve_metric(data, metric), resolve_channel(data, channel)
    table = _by_year(_monthly_selection(data, metric, channel, _whole_span(data)))
    if granularity == "month":
        table = table.astype("Int64")
        table.index = pd.Index(_calendar_month_names(lang), name=_word("month", lang))
    else:
        # A quarter (year) with a month not reported is not reported: min_count is its length.
        size = 3 if granularity == "quarter" else 12
        groups = (np.arange(12) // size)
        table = table.groupby(groups).sum(min_count=size).astype("Int64")
        names = ([period_part(ReportPeriod("quarter", 2000, q), lang) for q in range(1, 5)]
                 if granularity == "quarter" else [_word("year", lang)])
        table.index = pd.Index(names, name=_word(granularity, lang))
    table.columns.name = None
    return table


def year_over_year_chart(data: MonthlyData, metric: str | None = None, channel: str | None = None,
                         lang: str = config.DEFAULT_LANGUAGE, granularity: str = "month") -> ReportFigure:
    """Draw :func:`year_over_year`: a line per year over January..December, the latest on top.

    Returns
    -------
    ReportFigure
    """
    granularity = _granularity(granularity)
    table = year_over_year(data, metric, channel, lang, granularity)
    metric, channel = resolve_metric(data, metric), resolve_channel(data, channel)
    with report_style():
        fig, ax = _one_axes(source_line(_whole_span(data), lang))
        positions = np.arange(len(table.index))
        latest = table.columns[-1]
        for year in table.columns:
            values = table[year].astype("float64").to_numpy()
            # The latest year is the one being judged; earlier years are its background.
            ax.plot(positions, values, marker="o", label=str(year),
                    linewidth=3.4 if year == latest else 2.0, zorder=3 if year == latest else 2)
        ax.set_xticks(positions, _calendar_month_ticks(lang) if granularity == "month"
                      else [plain(str(name)) for name in table.index])
        ax.set_ylim(bottom=0)
        ax.set_ylabel(_word("count", lang))
        _number_axis(ax, lang)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
        _titles(fig, ax, _word(f"yoy_title.{granularity}", lang), _selection_name(data, metric, channel, lang))
    return fig


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
    table = _by_year(_monthly_selection(data, metric, channel, _whole_span(data)))
    means = table.mean(axis=0)
    usable = [year for year in table.columns if table[year].notna().all() and means[year] > 0]
    if not usable:
        raise DeptAnalysisError(
            "Для сезонного профілю потрібен хоча б один повний календарний рік (усі 12 місяців) із ненульовою "
            f"кількістю; для «{_selection_name(data, metric, channel, 'uk')}» такого року немає. / "
            "A seasonal profile needs at least one complete calendar year (all 12 months) with a nonzero count; "
            f"'{_selection_name(data, metric, channel, 'en')}' has none.")
    ratios = table[usable] / means[usable]
    profile = ratios.copy()
    profile.columns = [str(year) for year in usable]
    profile[_word("index", lang)] = ratios.mean(axis=1)
    profile.index = pd.Index(_calendar_month_names(lang), name=_word("month", lang))
    return profile


def seasonal_profile_chart(data: MonthlyData, metric: str | None = None, channel: str | None = None,
                           lang: str = config.DEFAULT_LANGUAGE) -> ReportFigure:
    """Draw :func:`seasonal_profile`: a bar per month around the 1.0 line, single years as dots.

    Returns
    -------
    ReportFigure
    """
    profile = seasonal_profile(data, metric, channel, lang)
    metric, channel = resolve_metric(data, metric), resolve_channel(data, channel)
    index = profile.iloc[:, -1].to_numpy()
    with report_style():
        fig, ax = _one_axes(source_line(_whole_span(data), lang))
        positions = np.arange(12)
        ax.bar(positions, index, width=0.7, color=[ABOVE if v >= 1 else BELOW for v in index], zorder=2)
        for column in profile.columns[:-1]:
            ax.scatter(positions, profile[column], s=22, color="#333333", zorder=3,
                       label=_word("seasonal_years", lang) if column == profile.columns[0] else None)
        # The value goes above the highest mark of its month so the dots never cover it.
        tops = np.nanmax(profile.to_numpy(dtype=float), axis=1)
        for x, value, top in zip(positions, index, tops):
            ax.annotate(format_number(value, lang, digits=2), (x, top), xytext=(0, 7), textcoords="offset points",
                        ha="center", va="bottom", fontsize=12)
        ax.axhline(1.0, color="#333333", linewidth=1.4, linestyle="--", zorder=4, label=_word("seasonal_average", lang))
        ax.set_xticks(positions, _calendar_month_ticks(lang))
        ax.set_ylim(0, max(float(np.nanmax(profile.to_numpy())) * 1.12, 1.2))
        ax.set_ylabel(_word("seasonal_axis", lang))
        _number_axis(ax, lang, digits=1)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
        _titles(fig, ax, _word("seasonal_title", lang), _selection_name(data, metric, channel, lang))
    return fig


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
    shares.index.name = _word("month", lang)
    return shares


def channel_shares_chart(data: MonthlyData, metric: str | None = None, start: str | None = None,
                         end: str | None = None, lang: str = config.DEFAULT_LANGUAGE) -> ReportFigure:
    """Draw :func:`channel_shares` as 100 % stacked columns, a column per month.

    Returns
    -------
    ReportFigure
    """
    shares = channel_shares(data, metric, start, end, lang)
    metric = resolve_metric(data, metric)
    period = shares.index
    with report_style():
        fig, ax = _one_axes(source_line(period, lang))
        positions = np.arange(len(period))
        bottom = np.zeros(len(period))
        for name in shares.columns:
            values = shares[name].fillna(0).to_numpy() * 100
            ax.bar(positions, values, bottom=bottom, label=name, width=0.75)
            bottom += values
        _month_axis(ax, period, lang)
        ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        ax.set_ylim(0, 100)
        ax.set_ylabel(_word("share", lang))
        ax.grid(axis="y", visible=False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
        metric_name = data.catalog.metric(metric).name(lang) if metric else _word("all_metrics", lang)
        _titles(fig, ax, _word("shares_title", lang, first=month_year(period[0], lang),
                               last=month_year(period[-1], lang)),
                _word("shares_of", lang, metric=metric_name))
    return fig


def _pair_counts(data: MonthlyData, months) -> pd.Series:
    rows = data.counts[data.counts["month"].isin(set(months))]
    return rows.groupby(["metric", "channel"])["count"].sum()


def rankings(data: MonthlyData, month: str | None = None, lang: str = config.DEFAULT_LANGUAGE,
             granularity: str = "month") -> pd.DataFrame:
    """Rank every (metric, channel) pair by its change against the previous month (quarter, year).

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
    granularity = _granularity(granularity)
    current_period = _period_of(_resolve_month(data, month), granularity)
    previous_period = current_period.shift(-1)
    for period in (current_period, previous_period):
        for needed in period.all_months:
            _require(data, needed)
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
    result = pd.DataFrame({
        _word("metric", lang): [data.catalog.metric(code).name(lang) for code in metrics],
        _word("channel", lang): [data.catalog.channel(code).name(lang) for code in channels],
        label_period(current_period, lang): table["current"].astype("Int64").to_numpy(),
        label_period(previous_period, lang): table["previous"].astype("Int64").to_numpy(),
        _word("change", lang): table["change"].astype("Int64").to_numpy(),
        _word("change_pct", lang): table["change_pct"].to_numpy(),
    }, index=pd.RangeIndex(1, len(table) + 1, name=_word("rank", lang)))
    return result


__all__ = ["GRANULARITIES", "channel_shares", "channel_shares_chart", "rankings", "resolve_channel",
           "resolve_metric", "resolve_period", "seasonal_profile", "seasonal_profile_chart", "series",
           "series_chart", "year_over_year", "year_over_year_chart"]
