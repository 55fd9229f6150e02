"""The report's charts, drawn in the project's one style.

Each function takes the data and returns a matplotlib Figure; nothing here shows a figure
(the notebook displays) and nothing calls ``plt.show()``. Figures are 16:9 at slide size.
"""

from __future__ import annotations

import io
import math
import textwrap
from contextlib import contextmanager
from pathlib import Path

# Figures are made with matplotlib.figure.Figure, not pyplot, so no backend is chosen here:
# that keeps Jupyter's inline display working and needs no screen on a report machine.
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter
from PIL import Image

from . import config
from .catalog import Catalog
from .files import write_atomically
from .figures import channel_breakdown, channel_totals, key_figures, monthly_totals
from .grammar import format_number, label_month, month_year, short_month
from .labels import label
from .loading import MonthlyData

STYLE = "dept_analysis.report"
HIGHLIGHT = "#FDE9C9"


@contextmanager
def report_style():
    """Apply the project's chart style for the duration of a ``with`` block."""
    with plt.style.context(STYLE):
        yield


class ReportFigure(Figure):
    """A Figure that Jupyter displays as a PNG whatever backend is active.

    Figures made without pyplot are not known to matplotlib's inline backend; IPython looks
    for ``_repr_png_`` on any object, so a chart left as a cell's last expression shows.
    """

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        # Some settings are read at draw time, after the drawing function left its style.
        with report_style():
            self.savefig(buffer, format="png", dpi=config.EMBEDDED_CHART_DPI, facecolor="white")
        return buffer.getvalue()


def new_figure(source: str, nrows: int = 1, ncols: int = 1, **kwargs) -> tuple[ReportFigure, np.ndarray]:
    """Return a 16:9 figure with a grid of axes and the chart's source line at the bottom."""
    fig = ReportFigure(figsize=config.CHART_SIZE_INCHES, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, **kwargs)
    # Keep a strip at the bottom for the source line, which every chart carries.
    fig.get_layout_engine().set(rect=(0, 0.045, 1, 0.955))
    fig.text(0.01, 0.012, source, fontsize=11, color="#555555", ha="left", va="bottom")
    return fig, axes


def _title(fig: Figure, text: str) -> None:
    # A figure-wide title, not the axes': it may use the whole width, past the y labels.
    fig.suptitle(text, x=0.01, ha="left", fontsize=plt.rcParams["axes.titlesize"], fontweight="bold")


def _finish_bars(ax, y: np.ndarray, names: list[str], lang: str, margin: float) -> None:
    """Horizontal bars read top-down in catalog order, with a grid along the counts and room
    on the right for the value labels."""
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel(label("count_axis", lang))
    ax.margins(x=margin)
    ax.legend(loc="lower right")


def plain(text: str) -> str:
    """Return catalog text safe for matplotlib: a "$" would otherwise start mathtext, and an
    unbalanced one stops the whole report with a parse error."""
    return text.replace("$", r"\$")


def _wrap(text: str, width: int = 28) -> str:
    return plain("\n".join(textwrap.wrap(text, width)) or text)


def month_ticks(period: pd.PeriodIndex, lang: str, every: int = 1) -> list[str]:
    """Axis labels for consecutive months: the short name, with the year under the first
    labelled month of each year, so thirteen labels fit side by side.

    ``every`` > 1 labels only every so many months, counted back from the last (the report
    month always has its label), and leaves the others blank: half-width panels have no
    room for thirteen names.
    """
    labels = []
    year = None
    for i, month in enumerate(period):
        if (len(period) - 1 - i) % every:
            labels.append("")
            continue
        name = short_month(month, lang).rsplit(" ", 1)[0]
        labels.append(f"{name}\n{month.year}" if month.year != year else name)
        year = month.year
    return labels


def source_line(months: pd.PeriodIndex, lang: str) -> str:
    """Return the chart's source line for the months it draws."""
    first, last = months[0].strftime("%Y-%m"), months[-1].strftime("%Y-%m")
    if first == last:
        return label("source_one", lang, month=first)
    return label("source", lang, first=first, last=last)


def trend_chart(data: MonthlyData, month: pd.Period, lang: str = "uk", months: int = 13) -> Figure:
    """Small multiples: each metric over the last ``months`` months, the report month marked."""
    with report_style():
        period = pd.period_range(month - (months - 1), month, freq="M")
        totals = monthly_totals(data, period)
        metrics = list(data.catalog.metrics)
        ncols = 2 if len(metrics) > 1 else 1
        nrows = math.ceil(len(metrics) / ncols)
        fig, axes = new_figure(source_line(period, lang), nrows, ncols, sharex=True)
        positions = np.arange(len(period))
        colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        for i, (metric, ax) in enumerate(zip(metrics, axes.flat)):
            series = totals[metric.code].to_numpy()
            ax.axvspan(len(period) - 1.45, len(period) - 0.55, color=HIGHLIGHT, zorder=0)
            ax.plot(positions, series, marker="o", color=colours[i % len(colours)])
            last = series[-1]
            if not np.isnan(last):
                ax.annotate(format_number(last, lang), (positions[-1], last), xytext=(0, 8),
                            textcoords="offset points", ha="center", fontweight="bold", fontsize=13)
            ax.set_title(plain(metric.name(lang)), fontsize=15, loc="left")
            ax.set_ylim(bottom=0, top=max(np.nanmax(series) * 1.22, 1) if not np.all(np.isnan(series)) else 1)
            ax.yaxis.set_major_locator(MaxNLocator(4, integer=True))
            ax.set_xticks(positions, month_ticks(period, lang, every=2 if ncols > 1 else 1), fontsize=12)
        for ax in list(axes.flat)[len(metrics):]:
            ax.set_visible(False)
        _title(fig, label("key_figures", lang))
        return fig


def comparison_chart(data: MonthlyData, month: pd.Period, lang: str = "uk") -> Figure:
    """Grouped bars: each metric this month, the previous month and a year earlier."""
    with report_style():
        figures = key_figures(data, month)
        columns = [("current", month), ("previous", month - 1), ("year_ago", month - 12)]
        fig, axes = new_figure(source_line(pd.PeriodIndex([month - 12, month]), lang))
        ax = axes[0, 0]
        names = [_wrap(data.catalog.metric(code).name(lang)) for code in figures.index]
        y = np.arange(len(names))
        height = 0.26
        colours = ["#0072B2", "#56B4E9", "#BBBBBB"]
        for j, (column, period) in enumerate(columns):
            values = figures[column].to_numpy(dtype=float)
            offset = (j - 1) * height  # the y axis is inverted: this month's bar on top
            bars = ax.barh(y + offset, np.nan_to_num(values), height, color=colours[j],
                           label=label_month(period, lang))
            for bar, value in zip(bars, values):
                text = label("no_data", lang) if np.isnan(value) else format_number(value, lang)
                ax.annotate(text, (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(4, 0),
                            textcoords="offset points", va="center", fontsize=11)
        _finish_bars(ax, y, names, lang, margin=0.12)
        _title(fig, chart_caption("comparison", month, lang))
        return fig


def channels_chart(data: MonthlyData, month: pd.Period, lang: str = "uk") -> Figure:
    """Horizontal stacked bars: what each channel carried this month, by metric."""
    with report_style():
        table = channel_breakdown(data, month)
        fig, axes = new_figure(source_line(pd.PeriodIndex([month]), lang))
        ax = axes[0, 0]
        names = [_wrap(data.catalog.channel(code).name(lang), 30) for code in table.index]
        y = np.arange(len(names))
        left = np.zeros(len(names))
        for metric in data.catalog.metrics:
            values = table[metric.code].to_numpy(dtype=float)
            ax.barh(y, values, left=left, label=plain(metric.name(lang)), height=0.6)
            left += values
        for yi, total in zip(y, left):
            ax.annotate(format_number(total, lang), (total, yi), xytext=(5, 0), textcoords="offset points",
                        va="center", fontweight="bold", fontsize=12)
        _finish_bars(ax, y, names, lang, margin=0.08)
        _title(fig, chart_caption("channels", month, lang))
        return fig


def channel_mix_chart(data: MonthlyData, month: pd.Period, lang: str = "uk", months: int = 13) -> Figure:
    """100 % stacked columns: each channel's share of the month's publications over time."""
    with report_style():
        period = pd.period_range(month - (months - 1), month, freq="M")
        totals = channel_totals(data, period)
        totals = totals.loc[:, totals.fillna(0).sum() > 0]
        shares = totals.div(totals.sum(axis=1), axis=0).fillna(0) * 100
        fig, axes = new_figure(source_line(period, lang))
        ax = axes[0, 0]
        x = np.arange(len(period))
        bottom = np.zeros(len(period))
        for code in shares.columns:
            values = shares[code].to_numpy()
            ax.bar(x, values, bottom=bottom, label=plain(data.catalog.channel(code).name(lang)), width=0.72)
            bottom += values
        ax.set_xticks(x, month_ticks(period, lang), fontsize=12)
        ax.get_xticklabels()[-1].set_fontweight("bold")
        ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        ax.set_ylim(0, 100)
        ax.set_ylabel(label("share", lang))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
        _title(fig, chart_caption("channel_mix", month, lang, months))
        return fig


def save_png(fig: Figure, path: Path) -> Path:
    """Write the chart to ``path`` as an opaque PNG (200 dpi, 16:9) and fix the figure's layout."""
    # Drawn on an Agg canvas directly rather than through savefig, which lays the figure out
    # in a whole drawing pass that paints nothing before the pass that paints, and keeps an
    # alpha channel a chart on white does not need: the same pixels for a quarter less time,
    # in a file a tenth smaller.
    canvas = FigureCanvasAgg(fig)
    screen_dpi = fig.dpi
    fig.set_facecolor("white")
    fig.set_dpi(config.CHART_DPI)
    try:
        canvas.draw()  # constrained layout runs here, once
        size = canvas.get_width_height(physical=True)
        image = Image.frombuffer("RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    finally:
        fig.set_dpi(screen_dpi)
    # Measuring every label again is a third of a chart's cost; the SVG keeps the positions
    # just found, so the two files match exactly.
    fig.set_layout_engine("none")
    dpi = (config.CHART_DPI, config.CHART_DPI)
    return write_atomically(path, lambda temporary: image.save(temporary, format="png", dpi=dpi))


def save_svg(fig: Figure, path: Path) -> Path:
    """Write the chart to ``path`` as SVG (after :func:`save_png`, to share its layout)."""
    return write_atomically(path, lambda temporary: fig.savefig(temporary, format="svg", facecolor="white"))


CHARTS = (
    ("trend", trend_chart),
    ("comparison", comparison_chart),
    ("channels", channels_chart),
    ("channel_mix", channel_mix_chart),
)


def chart_caption(key: str, month: pd.Period, lang: str, months: int = 13) -> str:
    """Return a chart's caption (and title) text, months in the case the phrase needs."""
    first = month - (months - 1)
    if key == "trend":
        return label("chart_trend", lang, first=month_year(first, lang), last=month_year(month, lang))
    if key == "comparison":
        return label("chart_compare", lang, month=label_month(month, lang),
                     previous=month_year(month - 1, lang, "instrumental"),
                     year_ago=month_year(month - 12, lang, "instrumental"))
    if key == "channels":
        return label("chart_channels", lang, month=month_year(month, lang))
    return label("chart_mix", lang, first=month_year(first, lang), last=month_year(month, lang))


__all__ = ["CHARTS", "Catalog", "chart_caption", "channel_mix_chart", "channels_chart", "comparison_chart",
           "report_style", "save_png", "save_svg", "trend_chart"]
