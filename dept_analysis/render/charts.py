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
from matplotlib.transforms import Bbox
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .. import config
from ..model import Chart, Report
from ..model import Figure as ReportFigureSpec
from ..files import write_atomically
from ..grammar import format_number, format_signed
from ..periods import month_ticks
from .png import encode_pair

STYLE = "dept_analysis.report"
# What is not the report's own period: a year earlier, the month before, other years. One
# grey, 3.3:1 against white (WCAG 2.1, 1.4.11), so the period in its metric's colour stands out.
OTHER_PERIOD = "#8D8D8D"
# The reference line of a period against the same months a year earlier.
REFERENCE = "#767676"
VALUE_SIZE = 15
PANEL_TITLE_SIZE = 16
SOURCE_SIZE = 13


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


def new_figure(source: str, nrows: int = 1, ncols: int = 1, title: str = "", **kwargs
               ) -> tuple[ReportFigure, np.ndarray]:
    """Return a 16:9 figure with a grid of axes, the title at the top (cut off again for
    pages and slides, which give the caption themselves: :func:`save_png`) and the source
    line at the bottom."""
    fig = ReportFigure(figsize=config.CHART_SIZE_INCHES, layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, **kwargs)
    # Keep a strip at the bottom for the source line, which every chart carries.
    fig.get_layout_engine().set(rect=(0, 0.05, 1, 0.95))
    fig.text(0.01, 0.012, plain(source), fontsize=SOURCE_SIZE, color="#555555", ha="left", va="bottom")
    if title:
        # A figure-wide title, not the axes': it may use the whole width, past the y labels.
        fig.suptitle(_wrap(title, 72), x=0.01, ha="left", fontsize=plt.rcParams["figure.titlesize"],
                     fontweight="bold")
    return fig, axes


def plain(text: str) -> str:
    """Return text safe for matplotlib: a "$" would otherwise start mathtext, and an
    unbalanced one stops the whole report with a parse error."""
    return text.replace("$", r"\$")


def _wrap(text: str, width: int = 28) -> str:
    return plain("\n".join(textwrap.wrap(text, width)) or text)


def _grid(count: int) -> tuple[int, int]:
    ncols = 2 if count > 1 else 1
    return math.ceil(count / ncols), ncols


def _hide_unused(axes: np.ndarray, used: int) -> None:
    for ax in list(axes.flat)[used:]:
        ax.set_visible(False)


def _bold_tick(ax, position: int | None) -> None:
    """The highlighted position's axis label in bold (panels sharing an axis may have none)."""
    labels = ax.get_xticklabels()
    if position is not None and position < len(labels):
        labels[position].set_fontweight("bold")


def _top(values: np.ndarray, *more: np.ndarray) -> float:
    """The y axis' top: room above the highest value for its label (1 when there is none)."""
    peak = max((float(np.nanmax(v)) for v in (values, *more) if v is not None and not np.all(np.isnan(v))), default=0)
    return max(peak * 1.25, 1)


# -- one function per kind of chart ------------------------------------------------------------

def small_multiples(chart: Chart) -> Figure:
    """A panel per series over the months in the series' colour; the highlighted month's
    point enlarged, its value written and its axis label in bold."""
    months = pd.PeriodIndex(chart.months, freq="M")
    nrows, ncols = _grid(len(chart.series))
    fig, axes = new_figure(chart.source, nrows, ncols, title=chart.title, sharex=True)
    positions = np.arange(len(months))
    for series, ax in zip(chart.series, axes.flat):
        values = np.array(series.values, dtype=float)
        ax.plot(positions, values, marker="o", color=series.colour)
        if chart.highlight is not None and not np.isnan(values[chart.highlight]):
            at, value = positions[chart.highlight], values[chart.highlight]
            ax.plot([at], [value], marker="o", markersize=13, color=series.colour, markeredgecolor="white",
                    markeredgewidth=2, zorder=3)
            ax.annotate(format_number(value, chart.lang), (at, value), xytext=(0, 11), textcoords="offset points",
                        ha="center", fontweight="bold", fontsize=VALUE_SIZE)
        ax.set_title(_wrap(series.label, 40), fontsize=PANEL_TITLE_SIZE, loc="left")
        ax.set_ylim(bottom=0, top=_top(values))
        ax.yaxis.set_major_locator(MaxNLocator(4, integer=True))
        # Half-width panels have no room for thirteen month names: every other one.
        ax.set_xticks(positions, month_ticks(months, chart.lang, every=2 if ncols > 1 else 1))
        _bold_tick(ax, chart.highlight)
    _hide_unused(axes, len(chart.series))
    return fig


def paired_lines(chart: Chart) -> Figure:
    """A panel per series over the categories (a period's months) in the series' colour,
    with the reference series (the same months a year earlier) as a grey dashed line."""
    nrows, ncols = _grid(len(chart.series))
    fig, axes = new_figure(chart.source, nrows, ncols, title=chart.title, sharex=True)
    positions = np.arange(len(chart.categories))
    current_label, reference_label = (chart.line_labels + ("", ""))[:2]
    for i, (series, ax) in enumerate(zip(chart.series, axes.flat)):
        values = np.array(series.values, dtype=float)
        reference = np.array(chart.references[i].values, dtype=float) if i < len(chart.references) else None
        if reference is not None:
            ax.plot(positions, reference, marker="o", color=REFERENCE, linestyle="--", linewidth=2,
                    label=plain(reference_label))
        ax.plot(positions, values, marker="o", color=series.colour, label=plain(current_label))
        ax.set_ylim(bottom=0, top=_top(values, reference))
        ax.yaxis.set_major_locator(MaxNLocator(4, integer=True))
        ax.set_title(_wrap(series.label, 40), fontsize=PANEL_TITLE_SIZE, loc="left")
        # Twelve month names fit a half-width panel only every other one.
        every = 2 if ncols > 1 and len(positions) > 6 else 1
        ax.set_xticks(positions, [plain(name) if i % every == 0 else "" for i, name in enumerate(chart.categories)])
        if i == 0:
            ax.legend(loc="lower left")
    _hide_unused(axes, len(chart.series))
    return fig


def panel_bars(chart: Chart) -> Figure:
    """A panel per series, a column per category with its value on top: the highlighted
    category (the report's period) in the series' colour, the others grey."""
    nrows, ncols = _grid(len(chart.series))
    fig, axes = new_figure(chart.source, nrows, ncols, title=chart.title, sharex=True)
    x = np.arange(len(chart.categories))
    names = [_wrap(name, 18) for name in chart.categories]
    for series, ax in zip(chart.series, axes.flat):
        values = np.array(series.values, dtype=float)
        colours = [series.colour if i == chart.highlight else OTHER_PERIOD for i in range(len(x))]
        bars = ax.bar(x, np.nan_to_num(values), width=0.62, color=colours)
        for i, (bar, text) in enumerate(zip(bars, series.texts)):
            ax.annotate(plain(text), (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 4),
                        textcoords="offset points", ha="center", va="bottom", fontsize=VALUE_SIZE,
                        fontweight="bold" if i == chart.highlight else "normal")
        ax.set_title(_wrap(series.label, 40), fontsize=PANEL_TITLE_SIZE, loc="left")
        ax.set_ylim(bottom=0, top=_top(values))
        ax.yaxis.set_major_locator(MaxNLocator(4, integer=True))
        ax.set_xticks(x, names)
        _bold_tick(ax, chart.highlight)
    _hide_unused(axes, len(chart.series))
    return fig


def stacked_bars(chart: Chart) -> Figure:
    """Horizontal stacked bars, a bar per category, a segment per series in its colour, the
    bar's total written at its end."""
    fig, axes = new_figure(chart.source, title=chart.title)
    ax = axes[0, 0]
    names = [_wrap(name, 30) for name in chart.categories]
    y = np.arange(len(names))
    left = np.zeros(len(names))
    for series in chart.series:
        values = np.nan_to_num(np.array(series.values, dtype=float))
        ax.barh(y, values, left=left, label=plain(series.label), height=0.6, color=series.colour)
        left += values
    for yi, total, text in zip(y, left, chart.totals):
        ax.annotate(plain(text), (total, yi), xytext=(6, 0), textcoords="offset points", va="center",
                    fontweight="bold", fontsize=VALUE_SIZE)
    _finish_bars(ax, y, names, chart.axis_label, margin=0.1)
    ax.legend(loc="lower right")
    return fig


def against_average(chart: Chart) -> Figure:
    """Diverging horizontal bars from zero, a bar per category in its own colour: the first
    series' values (a change in per cent), each bar's text written past its end."""
    fig, axes = new_figure(chart.source, title=chart.title)
    ax = axes[0, 0]
    names = [_wrap(name, 30) for name in chart.categories]
    y = np.arange(len(names))
    series = chart.series[0]
    values = np.nan_to_num(np.array(series.values, dtype=float))
    ax.barh(y, values, height=0.6, color=list(chart.colours))
    ax.axvline(0, color="black", linewidth=1.2)
    # The texts in a column right of the plot, clear of the bars and of the channels' names
    # whichever way a bar points.
    for yi, text in zip(y, series.texts):
        ax.annotate(plain(text), (1.02, yi), xycoords=("axes fraction", "data"), va="center", ha="left",
                    fontsize=VALUE_SIZE)
    reach = max(float(np.max(np.abs(values))), 5.0) * 1.15
    ax.set_xlim(min(float(values.min()), 0.0) - reach * 0.1 if values.min() < 0 else -reach * 0.05,
                max(float(values.max()), 0.0) + reach * 0.1 if values.max() > 0 else reach * 0.05)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: format_signed(v, chart.lang)))
    _finish_bars(ax, y, names, chart.axis_label, margin=0)
    return fig


def _finish_bars(ax, y: np.ndarray, names: list[str], axis_label: str, margin: float) -> None:
    """Horizontal bars read top-down in catalog order, with a grid along the counts and room
    on the right for the value labels."""
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel(axis_label)
    ax.margins(x=margin)


KINDS = {
    "small_multiples": small_multiples,
    "paired_lines": paired_lines,
    "panel_bars": panel_bars,
    "stacked_bars": stacked_bars,
    "against_average": against_average,
}


def draw(chart: Chart) -> Figure:
    """Draw a chart specification in the report's style."""
    with report_style():
        return KINDS[chart.kind](chart)


# -- files -------------------------------------------------------------------------------------

def _untitled_top(fig: Figure, renderer) -> float:
    """Where, in pixels from the figure's bottom, the picture without its title ends: halfway
    between the title's lower edge and the highest of everything else."""
    title = fig._suptitle
    below = title.get_window_extent(renderer).y0
    highest = max((ax.get_tightbbox(renderer).y1 for ax in fig.axes if ax.get_visible()), default=below)
    return min(below, (below + highest) / 2)


def save_png(fig: Figure, path: Path, titled: Path | None = None, dpi: int = config.CHART_DPI,
             cut_title: bool | None = None) -> Path:
    """Write the chart to ``path`` as an opaque PNG (200 dpi by default).

    With ``titled`` (or ``cut_title``), ``path`` gets the picture without its title, and
    ``titled`` the whole 16:9 picture with it (for pasting on its own). Both come from one
    drawing: the untitled picture is the titled one with the title's strip cut off. The
    figure keeps the layout found (see :func:`save_svg`).
    """
    cut_title = titled is not None if cut_title is None else cut_title
    # Drawn on an Agg canvas directly rather than through savefig, which lays the figure out
    # in a whole drawing pass that paints nothing before the pass that paints, and keeps an
    # alpha channel a chart on white does not need: the same pixels for a quarter less time.
    canvas = FigureCanvasAgg(fig)
    screen_dpi = fig.dpi
    fig.set_facecolor("white")
    fig.set_dpi(dpi)
    try:
        canvas.draw()  # constrained layout runs here, once
        rgb = np.ascontiguousarray(np.asarray(canvas.buffer_rgba())[:, :, :3])
        height = rgb.shape[0]
        cut = _untitled_top(fig, canvas.get_renderer()) if cut_title and fig._suptitle is not None else height
    finally:
        fig.set_dpi(screen_dpi)
    # Measuring every label again is a third of a chart's cost; the SVG keeps the positions
    # just found, so the files match exactly.
    fig.set_layout_engine("none")
    if cut < height:
        fig._untitled_height = cut / dpi  # inches, for save_svg
    # One compression for both files (see .png.encode_pair): the untitled picture is the titled one's
    # lower part.
    whole, untitled = encode_pair(rgb, height - round(cut), dpi)

    def write(data: bytes, target: Path) -> Path:
        return write_atomically(target, lambda temporary: Path(temporary).write_bytes(data))

    if titled is not None:
        write(whole, titled)
    return write(untitled, path)


def save_svg(fig: Figure, path: Path) -> Path:
    """Write the chart to ``path`` as SVG without its title (after :func:`save_png`, to share
    its layout)."""
    untitled = getattr(fig, "_untitled_height", None)
    if untitled is None:
        return write_atomically(path, lambda temporary: fig.savefig(temporary, format="svg", facecolor="white"))
    fig._suptitle.set_visible(False)
    box = Bbox.from_bounds(0, 0, fig.get_figwidth(), untitled)
    try:
        return write_atomically(path, lambda temporary: fig.savefig(temporary, format="svg", facecolor="white",
                                                                    bbox_inches=box))
    finally:
        fig._suptitle.set_visible(True)


@dataclass(frozen=True)
class ChartFile:
    """A figure written: its PNG and SVG without the title (for pages, documents and slides,
    which caption it) and a PNG with it (for pasting on its own)."""

    figure: ReportFigureSpec
    png: Path
    svg: Path
    titled: Path


def chart_paths(figure: ReportFigureSpec, folder: Path) -> tuple[Path, Path, Path]:
    """Where a figure's PNG, SVG and titled PNG go under ``folder``."""
    return folder / f"{figure.stem}.png", folder / f"{figure.stem}.svg", folder / f"{figure.stem}_titled.png"


def write_chart(figure: ReportFigureSpec, folder: Path) -> ChartFile:
    """Draw one figure and write its pictures into ``folder``."""
    png, svg, titled = chart_paths(figure, folder)
    fig = draw(figure.chart)
    save_png(fig, png, titled)
    save_svg(fig, svg)
    return ChartFile(figure, png, svg, titled)


def write_charts(report: Report, folder: Path) -> list[ChartFile]:
    """Draw every figure of ``report`` and write its pictures into ``folder`` (every PNG
    first: a page that shows them need not wait for the SVGs)."""
    written, drawn = [], []
    for figure in report.figures:
        png, svg, titled = chart_paths(figure, folder)
        fig = draw(figure.chart)
        save_png(fig, png, titled)
        drawn.append(fig)
        written.append(ChartFile(figure, png, svg, titled))
    for fig, chart_file in zip(drawn, written):
        save_svg(fig, chart_file.svg)
    return written


__all__ = ["ChartFile", "KINDS", "ReportFigure", "chart_paths", "draw", "new_figure", "plain", "report_style",
           "save_png", "save_svg", "write_chart", "write_charts"]
