"""The exploration's charts: 16:9 figures in the report's style that display themselves in
Jupyter and carry a :class:`ChartCaption` (title, selection, department, a file name), so
:func:`~dept_analysis.explore.exports.export` can write any of them with one call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Annotation
from matplotlib.ticker import FuncFormatter, PercentFormatter
from matplotlib.transforms import Bbox

from .. import config
from ..content import source_line
from ..grammar import format_number
from ..loading import MonthlyData
from ..periods import month_text, month_ticks, month_year
from ..render.charts import ReportFigure, new_figure, plain, report_style
from .numbers import channel_shares, seasonal_profile, series, year_over_year
from .selection import (calendar_month_ticks, granularity_of, metric_name, resolve_channel, resolve_metric,
                        resolve_period, selection_name, whole_span, word)

# Okabe-Ito blue and vermilion, as in the style sheet: above and below the average month.
ABOVE, BELOW = "#0072B2", "#D55E00"
AVERAGE_LINE = "#333333"
# The figure attribute that holds a chart's caption (matplotlib has no slot for one).
CAPTION_ATTRIBUTE = "exploration_caption"


@dataclass(frozen=True)
class ChartCaption:
    """What an exploration chart shows, in words: its slide title, alt text and file name.

    Attributes
    ----------
    title : str
        The chart's title as drawn ("Щомісячна кількість, січень 2020 — грудень 2021").
    selection : str
        What it is about, as drawn under the title ("Новини ... — усі канали").
    department : str
        The department's name from the catalog, in ``lang``: the author of exported files.
    lang : str
    stem : str
        A file name without suffix that tells the chart and its selection apart
        ("series-news-all-2020-01-2021-12-month-uk").
    """

    title: str
    selection: str
    department: str
    lang: str
    stem: str

    @property
    def alt(self) -> str:
        """The alt text of the chart's picture: its title and selection."""
        return word("alt", self.lang, title=self.title, selection=self.selection)


def caption_of(fig: Figure) -> ChartCaption | None:
    """The caption an exploration chart carries, or None for any other figure."""
    return getattr(fig, CAPTION_ATTRIBUTE, None)


def _stem(*parts: object) -> str:
    text = "-".join("all" if part in (None, "") else str(part) for part in parts)
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text)


def _one_axes(source: str):
    fig, axes = new_figure(source)
    return fig, axes[0, 0]


def _titles(fig: Figure, ax, data: MonthlyData, lang: str, title: str, subtitle: str, stem: str) -> None:
    """Put what the chart is on top and what it selects (metric, channel) under it, and keep
    both on the figure for its export."""
    fig.suptitle(plain(title), x=0.01, ha="left")
    ax.set_title(plain(subtitle), fontsize=15, fontweight="normal", loc="left")
    setattr(fig, CAPTION_ATTRIBUTE, ChartCaption(title, subtitle, data.catalog.department.name(lang), lang, stem))


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


def series_chart(data: MonthlyData, metric: str | None = None, channel: str | None = None,
                 start: str | None = None, end: str | None = None,
                 lang: str = config.DEFAULT_LANGUAGE, granularity: str = "month") -> ReportFigure:
    """Draw :func:`~dept_analysis.explore.numbers.series` as a line, the latest value
    labelled; gaps where not reported.

    Returns
    -------
    ReportFigure
        A 16:9 matplotlib Figure that displays itself in Jupyter.
    """
    granularity = granularity_of(granularity)
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
        ax.set_ylabel(word("count", lang))
        _number_axis(ax, lang)
        _titles(fig, ax, data, lang,
                word(f"series_title.{granularity}", lang, first=month_year(months[0], lang),
                     last=month_year(months[-1], lang)),
                selection_name(data, metric, channel, lang),
                _stem("series", metric, channel, month_text(months[0]), month_text(months[-1]), granularity, lang))
    return fig


def year_over_year_chart(data: MonthlyData, metric: str | None = None, channel: str | None = None,
                         lang: str = config.DEFAULT_LANGUAGE, granularity: str = "month") -> ReportFigure:
    """Draw :func:`~dept_analysis.explore.numbers.year_over_year`: a line per year over
    January..December (or the quarters), the latest on top.

    Returns
    -------
    ReportFigure
    """
    granularity = granularity_of(granularity)
    table = year_over_year(data, metric, channel, lang, granularity, total=False)
    metric, channel = resolve_metric(data, metric), resolve_channel(data, channel)
    span = whole_span(data)
    with report_style():
        fig, ax = _one_axes(source_line(span, lang))
        positions = np.arange(len(table.index))
        latest = table.columns[-1]
        for year in table.columns:
            values = table[year].astype("float64").to_numpy()
            # The latest year is the one being judged; earlier years are its background.
            ax.plot(positions, values, marker="o", label=str(year),
                    linewidth=3.4 if year == latest else 2.0, zorder=3 if year == latest else 2)
        ax.set_xticks(positions, calendar_month_ticks(lang) if granularity == "month"
                      else [plain(str(name)) for name in table.index])
        ax.set_ylim(bottom=0)
        ax.set_ylabel(word("count", lang))
        _number_axis(ax, lang)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
        _titles(fig, ax, data, lang, word(f"yoy_title.{granularity}", lang),
                selection_name(data, metric, channel, lang),
                _stem("year_over_year", metric, channel, month_text(span[0]), month_text(span[-1]), granularity,
                      lang))
    return fig


def _clear_of_line(label: Annotation, ax, x: float, top: float, line_y: float, line_width: float,
                   gap: float = 7.0, clearance: float = 2.5):
    """An anchor for ``label`` (its bottom centre), worked out when the figure is drawn: ``gap``
    points above ``top``, or, where the text would then cross the line at ``line_y``, just
    above the line, ``clearance`` points clear of its stroke.

    Only at drawing time are the axes' size and so the points per unit known; the figure is
    laid out again for every file (screen, PNG at 200 dpi, SVG), and each gets its own answer.
    """

    def anchor(renderer) -> Bbox:
        pixels = renderer.points_to_pixels
        mark_x, mark_y = ax.transData.transform((x, top))
        line = ax.transData.transform((x, line_y))[1]
        _, height, _ = renderer.get_text_width_height_descent("lp" + label.get_text(), label.get_fontproperties(),
                                                              ismath=False)
        bottom = mark_y + pixels(gap)
        stroke = pixels(line_width) / 2 + pixels(clearance)
        if bottom - stroke < line < bottom + height + stroke:
            bottom = line + stroke
        return Bbox.from_bounds(mark_x, bottom, 0, 0)

    return anchor


def seasonal_profile_chart(data: MonthlyData, metric: str | None = None, channel: str | None = None,
                           lang: str = config.DEFAULT_LANGUAGE) -> ReportFigure:
    """Draw :func:`~dept_analysis.explore.numbers.seasonal_profile`: a bar per month around
    the 1.0 line (blue above the average month, vermilion below, as the legend says), single
    years as dots, each bar's index written above its highest mark and clear of the line.

    Returns
    -------
    ReportFigure
    """
    profile = seasonal_profile(data, metric, channel, lang)
    metric, channel = resolve_metric(data, metric), resolve_channel(data, channel)
    index = profile.iloc[:, -1].to_numpy()
    span = whole_span(data)
    line_width = 1.4
    with report_style():
        fig, ax = _one_axes(source_line(span, lang))
        positions = np.arange(12)
        # Coloured as labelled: 0.998 is written "1,00", and a "1,00" bar below the average would read as a slip.
        ax.bar(positions, index, width=0.7, color=[ABOVE if round(v, 2) >= 1 else BELOW for v in index], zorder=2)
        for column in profile.columns[:-1]:
            ax.scatter(positions, profile[column], s=22, color="#333333", zorder=3,
                       label=word("seasonal_years", lang) if column == profile.columns[0] else None)
        ax.axhline(1.0, color=AVERAGE_LINE, linewidth=line_width, linestyle="--", zorder=4,
                   label=word("seasonal_average", lang))
        # The value goes above the highest mark of its month so the dots never cover it.
        tops = np.nanmax(profile.to_numpy(dtype=float), axis=1)
        for x, value, top in zip(positions, index, tops):
            label = ax.annotate(format_number(value, lang, digits=2), (0, 0), ha="center", va="bottom", fontsize=12,
                                zorder=5)
            # Both the point and the text are placed by the anchor (the text sits on the point).
            label.xycoords = label.anncoords = _clear_of_line(label, ax, x, top, 1.0, line_width)
        ax.set_xticks(positions, calendar_month_ticks(lang))
        ax.set_ylim(0, max(float(np.nanmax(profile.to_numpy())) * 1.12, 1.2))
        ax.set_ylabel(word("seasonal_axis", lang))
        _number_axis(ax, lang, digits=1)
        handles, labels = ax.get_legend_handles_labels()
        # The bars' two colours say above or below the average month: the legend says so too.
        colours = [Patch(color=ABOVE, label=word("seasonal_above", lang)),
                   Patch(color=BELOW, label=word("seasonal_below", lang))]
        ax.legend(handles=colours + handles, labels=[p.get_label() for p in colours] + labels,
                  loc="upper left", bbox_to_anchor=(1.01, 1))
        _titles(fig, ax, data, lang, word("seasonal_title", lang), selection_name(data, metric, channel, lang),
                _stem("seasonal", metric, channel, month_text(span[0]), month_text(span[-1]), lang))
    return fig


def channel_shares_chart(data: MonthlyData, metric: str | None = None, start: str | None = None,
                         end: str | None = None, lang: str = config.DEFAULT_LANGUAGE) -> ReportFigure:
    """Draw :func:`~dept_analysis.explore.numbers.channel_shares` as 100 % stacked columns,
    a column per month.

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
            ax.bar(positions, values, bottom=bottom, label=plain(name), width=0.75)
            bottom += values
        _month_axis(ax, period, lang)
        ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        ax.set_ylim(0, 100)
        ax.set_ylabel(word("share", lang))
        ax.grid(axis="y", visible=False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
        _titles(fig, ax, data, lang,
                word("shares_title", lang, first=month_year(period[0], lang), last=month_year(period[-1], lang)),
                word("shares_of", lang, metric=metric_name(data, metric, lang)),
                _stem("shares", metric, None, month_text(period[0]), month_text(period[-1]), lang))
    return fig


__all__ = ["ABOVE", "BELOW", "ChartCaption", "caption_of", "channel_shares_chart", "seasonal_profile_chart",
           "series_chart", "year_over_year_chart"]
