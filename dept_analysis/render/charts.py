"""Charts drawn from their specifications (:class:`~dept_analysis.content.Chart`), in the
project's one style, and written as PNG and SVG.

Each chart kind has one drawing function that takes the specification and returns a
matplotlib Figure; nothing here shows a figure (the notebook displays) and nothing calls
``plt.show()``. Figures are 16:9 at slide size.
"""

from __future__ import annotations

import io
import math
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass
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

from .. import config
from ..model import Chart, Report
from ..model import Figure as ReportFigureSpec
from ..files import write_atomically
from ..grammar import format_number
from ..periods import month_ticks

STYLE = "dept_analysis.report"
HIGHLIGHT = "#FDE9C9"
# This month, the previous month, a year earlier (or this year's period, then earlier years'):
# one blue getting lighter, then greys getting darker. Every one stands out from the white
# background by at least 3:1 (WCAG 2.1, 1.4.11; tests/test_documents_contrast.py): the
# lighter blue and the greys are as light as that allows.
COMPARISON_COLOURS = ["#0072B2", "#1C95D9", "#8D8D8D", "#6F6F6F", "#525252", "#333333"]


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


def plain(text: str) -> str:
    """Return text safe for matplotlib: a "$" would otherwise start mathtext, and an
    unbalanced one stops the whole report with a parse error."""
    return text.replace("$", r"\$")


def _wrap(text: str, width: int = 28) -> str:
    return plain("\n".join(textwrap.wrap(text, width)) or text)


def _title(fig: Figure, text: str) -> None:
    # A figure-wide title, not the axes': it may use the whole width, past the y labels.
    fig.suptitle(plain(text), x=0.01, ha="left", fontsize=plt.rcParams["axes.titlesize"], fontweight="bold")


def _finish_bars(ax, y: np.ndarray, names: list[str], axis_label: str, margin: float) -> None:
    """Horizontal bars read top-down in catalog order, with a grid along the counts and room
    on the right for the value labels."""
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel(axis_label)
    ax.margins(x=margin)
    ax.legend(loc="lower right")


# -- one function per kind of chart ------------------------------------------------------------

def small_multiples(chart: Chart) -> Figure:
    """A panel per series over the months, the highlighted month marked and its value written."""
    months = pd.PeriodIndex(chart.months, freq="M")
    ncols = 2 if len(chart.series) > 1 else 1
    nrows = math.ceil(len(chart.series) / ncols)
    fig, axes = new_figure(chart.source, nrows, ncols, sharex=True)
    positions = np.arange(len(months))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, (series, ax) in enumerate(zip(chart.series, axes.flat)):
        values = np.array(series.values, dtype=float)
        if chart.highlight is not None:
            ax.axvspan(chart.highlight - 0.45, chart.highlight + 0.45, color=HIGHLIGHT, zorder=0)
        ax.plot(positions, values, marker="o", color=colours[i % len(colours)])
        last = values[-1]
        if not np.isnan(last):
            ax.annotate(format_number(last, chart.lang), (positions[-1], last), xytext=(0, 8),
                        textcoords="offset points", ha="center", fontweight="bold", fontsize=13)
        ax.set_title(plain(series.label), fontsize=15, loc="left")
        ax.set_ylim(bottom=0, top=max(np.nanmax(values) * 1.22, 1) if not np.all(np.isnan(values)) else 1)
        ax.yaxis.set_major_locator(MaxNLocator(4, integer=True))
        # Half-width panels have no room for thirteen month names: every other one.
        ax.set_xticks(positions, month_ticks(months, chart.lang, every=2 if ncols > 1 else 1), fontsize=12)
    for ax in list(axes.flat)[len(chart.series):]:
        ax.set_visible(False)
    _title(fig, chart.title)
    return fig


def paired_lines(chart: Chart) -> Figure:
    """A panel per series over the categories (a period's months), with the reference
    series (the same months a year earlier) as a grey dashed line beside it."""
    ncols = 2 if len(chart.series) > 1 else 1
    nrows = math.ceil(len(chart.series) / ncols)
    fig, axes = new_figure(chart.source, nrows, ncols, sharex=True)
    positions = np.arange(len(chart.categories))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    current_label, reference_label = (chart.line_labels + ("", ""))[:2]
    for i, (series, ax) in enumerate(zip(chart.series, axes.flat)):
        values = np.array(series.values, dtype=float)
        reference = np.array(chart.references[i].values, dtype=float) if i < len(chart.references) else None
        if reference is not None:
            ax.plot(positions, reference, marker="o", color="#767676", linestyle="--", linewidth=2,
                    label=plain(reference_label))
        ax.plot(positions, values, marker="o", color=colours[i % len(colours)], label=plain(current_label))
        peak = np.nanmax([np.nanmax(values) if not np.all(np.isnan(values)) else 0,
                          np.nanmax(reference) if reference is not None and not np.all(np.isnan(reference)) else 0])
        ax.set_ylim(bottom=0, top=max(peak * 1.22, 1))
        ax.yaxis.set_major_locator(MaxNLocator(4, integer=True))
        ax.set_title(plain(series.label), fontsize=15, loc="left")
        # Twelve month names fit a half-width panel only every other one.
        every = 2 if ncols > 1 and len(positions) > 6 else 1
        ax.set_xticks(positions, [plain(name) if i % every == 0 else "" for i, name in enumerate(chart.categories)],
                      fontsize=12)
        if i == 0:
            ax.legend(loc="lower left", fontsize=11)
    for ax in list(axes.flat)[len(chart.series):]:
        ax.set_visible(False)
    _title(fig, chart.title)
    return fig


def grouped_bars(chart: Chart) -> Figure:
    """Horizontal bars, a group per category, the first series on top; each bar labelled."""
    fig, axes = new_figure(chart.source)
    ax = axes[0, 0]
    names = [_wrap(name) for name in chart.categories]
    y = np.arange(len(names))
    height = min(0.26, 0.8 / max(len(chart.series), 1))
    middle = (len(chart.series) - 1) / 2
    for j, series in enumerate(chart.series):
        values = np.array(series.values, dtype=float)
        offset = (j - middle) * height  # the y axis is inverted: the first series on top
        bars = ax.barh(y + offset, np.nan_to_num(values), height, color=COMPARISON_COLOURS[j % len(COMPARISON_COLOURS)],
                       label=plain(series.label))
        for bar, text in zip(bars, series.texts):
            ax.annotate(plain(text), (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=11)
    _finish_bars(ax, y, names, chart.axis_label, margin=0.12)
    _title(fig, chart.title)
    return fig


def stacked_bars(chart: Chart) -> Figure:
    """Horizontal stacked bars, a bar per category, its total written at its end."""
    fig, axes = new_figure(chart.source)
    ax = axes[0, 0]
    names = [_wrap(name, 30) for name in chart.categories]
    y = np.arange(len(names))
    left = np.zeros(len(names))
    for series in chart.series:
        values = np.nan_to_num(np.array(series.values, dtype=float))
        ax.barh(y, values, left=left, label=plain(series.label), height=0.6)
        left += values
    for yi, total, text in zip(y, left, chart.totals):
        ax.annotate(plain(text), (total, yi), xytext=(5, 0), textcoords="offset points", va="center",
                    fontweight="bold", fontsize=12)
    _finish_bars(ax, y, names, chart.axis_label, margin=0.08)
    _title(fig, chart.title)
    return fig


def share_columns(chart: Chart) -> Figure:
    """100 % stacked columns over the months, the highlighted month's label in bold."""
    months = pd.PeriodIndex(chart.months, freq="M")
    fig, axes = new_figure(chart.source)
    ax = axes[0, 0]
    x = np.arange(len(months))
    bottom = np.zeros(len(months))
    for series in chart.series:
        values = np.array(series.values, dtype=float)
        ax.bar(x, values, bottom=bottom, label=plain(series.label), width=0.72)
        bottom += values
    ax.set_xticks(x, month_ticks(months, chart.lang), fontsize=12)
    if chart.highlight is not None:
        ax.get_xticklabels()[chart.highlight].set_fontweight("bold")
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_ylim(0, 100)
    ax.set_ylabel(chart.axis_label)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    _title(fig, chart.title)
    return fig


KINDS = {
    "small_multiples": small_multiples,
    "paired_lines": paired_lines,
    "grouped_bars": grouped_bars,
    "stacked_bars": stacked_bars,
    "share_columns": share_columns,
}


def draw(chart: Chart) -> Figure:
    """Draw a chart specification in the report's style."""
    with report_style():
        return KINDS[chart.kind](chart)


# -- files -------------------------------------------------------------------------------------

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
    # zlib level 3 instead of 6: a quarter more bytes, half the time of writing the file.
    return write_atomically(path, lambda temporary: image.save(temporary, format="png", dpi=dpi, compress_level=3))


def save_svg(fig: Figure, path: Path) -> Path:
    """Write the chart to ``path`` as SVG (after :func:`save_png`, to share its layout)."""
    return write_atomically(path, lambda temporary: fig.savefig(temporary, format="svg", facecolor="white"))


@dataclass(frozen=True)
class ChartFile:
    """A figure written: its PNG (for pages and slides) and SVG (for print and editing)."""

    figure: ReportFigureSpec
    png: Path
    svg: Path


def chart_paths(figure: ReportFigureSpec, folder: Path) -> tuple[Path, Path]:
    """Where a figure's PNG and SVG go under ``folder``."""
    return folder / f"{figure.stem}.png", folder / f"{figure.stem}.svg"


def write_chart(figure: ReportFigureSpec, folder: Path) -> ChartFile:
    """Draw one figure and write its PNG and SVG into ``folder``."""
    png, svg = chart_paths(figure, folder)
    fig = draw(figure.chart)
    save_png(fig, png)
    save_svg(fig, svg)
    return ChartFile(figure, png, svg)


def write_charts(report: Report, folder: Path) -> list[ChartFile]:
    """Draw every figure of ``report`` and write its PNG and SVG into ``folder`` (every PNG
    first: a page that shows them need not wait for the SVGs)."""
    written, drawn = [], []
    for figure in report.figures:
        png, svg = chart_paths(figure, folder)
        fig = draw(figure.chart)
        save_png(fig, png)
        drawn.append(fig)
        written.append(ChartFile(figure, png, svg))
    for fig, chart_file in zip(drawn, written):
        save_svg(fig, chart_file.svg)
    return written


__all__ = ["ChartFile", "KINDS", "ReportFigure", "chart_paths", "draw", "new_figure", "plain", "report_style",
           "save_png", "save_svg", "write_chart", "write_charts"]
