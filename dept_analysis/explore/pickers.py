"""The notebook's pickers: metric, channel, period, the month ranked, the step and the
language, and the sections that redraw when they change.

:class:`Explorer` takes the notebook's parameters as its first choice. Each section method
(``explorer.series_chart()`` ...) returns a live output: in JupyterLab a widget that redraws
whenever a picker changes; anywhere without a widget frontend (papermill, nbconvert, a
viewer) the same output carries its static picture, table or heading, so the notebook run
headless keeps every output it always had.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from .. import config, words
from ..errors import DeptAnalysisError
from ..loading import MonthlyData
from ..periods import month_text, month_year, parse_month
from .charts import caption_of, channel_shares_chart, seasonal_profile_chart, series_chart, year_over_year_chart
from .exports import EXPORT_DIR, ExportedChart, export
from .selection import (blank, granularity_of, resolve_channel, resolve_metric, resolve_period, selection_name,
                        word, GRANULARITIES)
from .tables import heading_text, rankings_table, year_over_year_table


@dataclass(frozen=True)
class Choice:
    """What is picked: catalog codes ("" for all), months as "YYYY-MM", the step, the language."""

    metric: str
    channel: str
    start: str
    end: str
    month: str
    granularity: str
    lang: str


# What a section draws: a mimebundle (its static form) and the figure, when it is a chart.
Drawing = tuple[dict[str, str], Figure | None]


def _chart(draw: Callable[[Choice], Figure]) -> Callable[[Choice], Drawing]:
    def render(choice: Choice) -> Drawing:
        fig = draw(choice)
        png = base64.b64encode(fig._repr_png_()).decode("ascii")
        return {"image/png": png, "text/plain": caption_of(fig).alt}, fig
    return render


def _table(make) -> Callable[[Choice], Drawing]:
    def render(choice: Choice) -> Drawing:
        styler = make(choice)
        return {"text/html": styler.to_html(), "text/plain": styler.data.to_string()}, None
    return render


class Section(widgets.Output):
    """One section's output, redrawn for every new choice.

    Its mimebundle holds the widget (what JupyterLab shows) and the section's current
    picture, table or heading (what a frontend without widgets shows).
    """

    def __init__(self, render: Callable[[Choice], Drawing], depends: tuple[str, ...], **kwargs):
        super().__init__(**kwargs)
        self._render = render
        self.depends = ("lang", *depends)
        self.figure: Figure | None = None

    def needs(self, old: Choice, new: Choice) -> bool:
        """Tell whether the section shows anything different for ``new`` than for ``old``."""
        return any(getattr(old, name) != getattr(new, name) for name in self.depends)

    def redraw(self, choice: Choice, quiet: bool = True) -> None:
        """Draw for ``choice``; a choice the section cannot show (no complete year, no
        previous month) is said in the section when ``quiet``, raised otherwise."""
        try:
            data, figure = self._render(choice)
        except DeptAnalysisError as error:
            if not quiet:
                raise
            data, figure = {"text/plain": str(error)}, None
        self.figure = figure
        self.outputs = ({"output_type": "display_data", "data": data, "metadata": {}},)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        for output in self.outputs:
            bundle.update(output.get("data", {}))
        return bundle


class Pickers(widgets.VBox):
    """The pickers' box; without a widget frontend it shows the choice in words."""

    def __init__(self, explorer: "Explorer", **kwargs):
        super().__init__(**kwargs)
        self._explorer = explorer

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        summary = self._explorer.summary()
        bundle.update({"text/markdown": summary, "text/plain": summary.replace("**", "")})
        return bundle


@dataclass
class Controls:
    """The picker widgets, for the notebook's box and for tests that turn them."""

    metric: widgets.Dropdown
    channel: widgets.Dropdown
    period: widgets.SelectionRangeSlider
    month: widgets.Dropdown
    granularity: widgets.ToggleButtons
    lang: widgets.ToggleButtons
    export: widgets.Button
    status: widgets.HTML


class Explorer:
    """The analyst's exploration: pickers and the sections that follow them.

    Parameters
    ----------
    data : MonthlyData
    metric, channel : str, optional
        Codes or names; "" for all.
    start, end : str, optional
        "YYYY-MM"; "" for the first and the latest month with a workbook.
    month : str, optional
        The month whose changes are ranked; "" for the latest.
    granularity : {"month", "quarter", "year"}
    lang : {"uk", "en"}
    export_dir : str or Path, optional
        Where the pickers' export button writes; ``outputs/explore/`` by default.

    Raises
    ------
    DeptAnalysisError, MonthError
        For a parameter no picker could show: an unknown metric, channel, step or language,
        a malformed month, a period without a workbook.

    Examples
    --------
    In the notebook, one call per section::

        explorer = explore.Explorer(data, metric, channel, start, end, month, granularity, lang)
        explorer.pickers()
        explorer.heading("series")
        explorer.series_chart()
    """

    def __init__(self, data: MonthlyData, metric: str | None = "", channel: str | None = "",
                 start: str | None = "", end: str | None = "", month: str | None = "",
                 granularity: str = "month", lang: str = config.DEFAULT_LANGUAGE,
                 export_dir: str | Path | None = None):
        self.data = data
        lang = words.check_language(lang)
        period = resolve_period(data, start, end)
        chosen_month = data.months[-1] if blank(month) else parse_month(month)
        self.choice = Choice(resolve_metric(data, metric) or "", resolve_channel(data, channel) or "",
                             month_text(period[0]), month_text(period[-1]), month_text(chosen_month),
                             granularity_of(granularity), lang)
        self.export_dir = Path(export_dir) if export_dir else EXPORT_DIR
        self.sections: dict[str, Section] = {}
        self._box: Pickers | None = None
        self.controls: Controls | None = None
        self._relabelling = False

    # -- sections --------------------------------------------------------------------------

    def _section(self, key: str, render: Callable[[Choice], Drawing], *depends: str) -> Section:
        # A cell run again replaces its section rather than adding one more to redraw.
        section = Section(render, depends)
        section.redraw(self.choice, quiet=False)
        self.sections[key] = section
        return section

    def heading(self, section: str) -> Section:
        """The section's heading (Markdown) in the picked language."""
        heading_text(section, self.choice.lang)  # an unknown section is refused at once
        return self._section(f"heading.{section}", lambda c: ({"text/markdown": heading_text(section, c.lang),
                                                              "text/plain": heading_text(section, c.lang)}, None))

    def series_chart(self) -> Section:
        """:func:`~.charts.series_chart` of the choice."""
        return self._section("series_chart", _chart(lambda c: series_chart(
            self.data, c.metric, c.channel, c.start, c.end, c.lang, c.granularity)),
            "metric", "channel", "start", "end", "granularity")

    def year_over_year_chart(self) -> Section:
        """:func:`~.charts.year_over_year_chart` of the choice."""
        return self._section("year_over_year_chart", _chart(lambda c: year_over_year_chart(
            self.data, c.metric, c.channel, c.lang, c.granularity)), "metric", "channel", "granularity")

    def year_over_year_table(self) -> Section:
        """:func:`~.tables.year_over_year_table` of the choice, with each year's total."""
        return self._section("year_over_year_table", _table(lambda c: year_over_year_table(
            self.data, c.metric, c.channel, c.lang, c.granularity)), "metric", "channel", "granularity")

    def seasonal_profile_chart(self) -> Section:
        """:func:`~.charts.seasonal_profile_chart` of the choice."""
        return self._section("seasonal_profile_chart", _chart(lambda c: seasonal_profile_chart(
            self.data, c.metric, c.channel, c.lang)), "metric", "channel")

    def channel_shares_chart(self) -> Section:
        """:func:`~.charts.channel_shares_chart` of the choice."""
        return self._section("channel_shares_chart", _chart(lambda c: channel_shares_chart(
            self.data, c.metric, c.start, c.end, c.lang)), "metric", "start", "end")

    def rankings_table(self) -> Section:
        """:func:`~.tables.rankings_table` of the choice, written as in the report."""
        return self._section("rankings_table", _table(lambda c: rankings_table(
            self.data, c.month, c.lang, c.granularity)), "month", "granularity")

    @property
    def figures(self) -> dict[str, Figure]:
        """The charts the sections show now, by section."""
        return {key: s.figure for key, s in self.sections.items() if s.figure is not None}

    def export(self, folder: str | Path | None = None) -> list[ExportedChart]:
        """Write every chart shown now as PNG, SVG and a one-slide deck (see :func:`.exports.export`)."""
        return [export(fig, folder or self.export_dir) for fig in self.figures.values()]

    # -- pickers ---------------------------------------------------------------------------

    def summary(self) -> str:
        """The choice in words (Markdown), what the pickers show without a widget frontend."""
        c = self.choice
        return word("pick.summary", c.lang,
                    selection=selection_name(self.data, c.metric or None, c.channel or None, c.lang),
                    first=month_year(pd.Period(c.start, "M"), c.lang), last=month_year(pd.Period(c.end, "M"), c.lang),
                    month=month_year(pd.Period(c.month, "M"), c.lang), granularity=word(c.granularity, c.lang).lower())

    def pickers(self) -> Pickers:
        """The pickers, set to the notebook's parameters; turning one redraws the sections it
        changes. Every call returns the same box."""
        if self._box is None:
            self.controls = self._make_controls()
            c = self.controls
            self._box = Pickers(self, children=[_row(c.metric, c.channel), c.period,
                                                _row(c.month, c.granularity, c.lang), _row(c.export, c.status)])
            for control in (c.metric, c.channel, c.period, c.month, c.granularity, c.lang):
                control.observe(self._changed, names="value")
            c.export.on_click(lambda _: self._export_clicked())
        return self._box

    def _months(self) -> list[pd.Period]:
        first = min(self.data.months[0], pd.Period(self.choice.start, "M"))
        last = max(self.data.months[-1], pd.Period(self.choice.end, "M"))
        return list(pd.period_range(first, last, freq="M"))

    def _make_controls(self) -> Controls:
        wide = {"description_width": "initial"}
        c = self.choice
        # "2020-01": as the parameters cell writes months, and short enough for the slider's readout.
        months = [month_text(m) for m in self._months()]
        controls = Controls(
            metric=widgets.Dropdown(style=wide, layout=widgets.Layout(width="50%")),
            channel=widgets.Dropdown(style=wide, layout=widgets.Layout(width="45%")),
            period=widgets.SelectionRangeSlider(options=months, index=(months.index(c.start), months.index(c.end)),
                                                continuous_update=False, style=wide,
                                                layout=widgets.Layout(width="95%")),
            month=widgets.Dropdown(style=wide, layout=widgets.Layout(width="auto")),
            granularity=widgets.ToggleButtons(style={"button_width": "auto", "description_width": "initial"},
                                              layout=widgets.Layout(width="auto")),
            lang=widgets.ToggleButtons(options=[(words.say("explore.language_name", code), code)
                                                for code in words.LANGUAGES], value=c.lang,
                                       style={"button_width": "auto", "description_width": "initial"},
                                       layout=widgets.Layout(width="auto")),
            export=widgets.Button(icon="download", layout=widgets.Layout(width="auto")),
            status=widgets.HTML())
        self.controls = controls
        self._relabel()
        return controls

    def _relabel(self) -> None:
        """Write every picker's words in the picked language, keeping what each holds."""
        c, lang, catalog = self.controls, self.choice.lang, self.data.catalog
        self._relabelling = True
        try:
            c.metric.options = [(word("all_metrics", lang), "")] + [(m.name(lang), m.code) for m in catalog.metrics]
            c.metric.value = self.choice.metric
            c.channel.options = ([(word("pick.all_channels", lang), "")]
                                 + [(ch.name(lang), ch.code) for ch in catalog.channels])
            c.channel.value = self.choice.channel
            with_workbook = sorted(set(self.data.months) | {pd.Period(self.choice.month, "M")})
            c.month.options = [(month_year(m, lang), month_text(m)) for m in reversed(with_workbook)]
            c.month.value = self.choice.month
            c.granularity.options = [(word(g, lang), g) for g in GRANULARITIES]
            c.granularity.value = self.choice.granularity
            for control, key in ((c.metric, "metric"), (c.channel, "channel"), (c.period, "period"),
                                 (c.month, "month"), (c.granularity, "granularity"), (c.lang, "lang")):
                control.description = word(f"pick.{key}", lang)
            c.export.description = word("pick.export", lang)
        finally:
            self._relabelling = False

    def _changed(self, _change) -> None:
        if self._relabelling:
            return
        c = self.controls
        start, end = c.period.value
        choice = Choice(c.metric.value, c.channel.value, start, end, c.month.value, c.granularity.value, c.lang.value)
        self.choose(choice)

    def choose(self, choice: Choice) -> None:
        """Redraw, for ``choice``, every section it changes (what turning a picker does)."""
        previous, self.choice = self.choice, choice
        language_changed = choice.lang != previous.lang
        if self.controls is not None:
            if language_changed:
                self._relabel()
            self.controls.status.value = word("pick.drawing", choice.lang)
        # Only what the change touches: the month ranked redraws the rankings and nothing else.
        for section in self.sections.values():
            if section.needs(previous, choice):
                section.redraw(choice)
        if self.controls is not None:
            self.controls.status.value = ""

    def _export_clicked(self) -> None:
        lang, status = self.choice.lang, self.controls.status
        written = self.export()
        if not written:
            status.value = word("pick.nothing_to_export", lang)
            return
        files = ", ".join(f"{w.png.stem} (.png, .svg, .pptx)" for w in written)
        status.value = _escape(word("pick.exported", lang, folder=str(self.export_dir), files=files))


def _row(*children) -> widgets.HBox:
    # Wrapping, so a narrow notebook puts a picker under another instead of cutting it.
    return widgets.HBox(children, layout=widgets.Layout(flex_flow="row wrap", align_items="center"))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["Choice", "Controls", "Explorer", "Pickers", "Section"]
