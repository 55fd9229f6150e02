"""The monthly report as sections a notebook displays, one call per section.

Every section returns an :class:`Html` object that Jupyter shows; all text that comes from
spreadsheets or the catalog is escaped here, so a workbook can never inject markup.
"""

from __future__ import annotations

import base64
import datetime as dt
import platform
from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from . import __version__, config, prerender
from .charts import CHARTS, chart_caption, save_png, save_svg
from .errors import MonthError
from .figures import Highlight, highlights, key_figures, report_window
from .grammar import format_change_percent, format_number, format_signed, label_month, month_year
from .labels import label
from .loading import MonthlyData, available_months, load_data
from .periods import parse_month
from .narrative import highlight_sentence, intro, metric_paragraph, missing_metric_note, title

SECTIONS = ("key_figures", "narrative", "activities", "highlights", "charts", "notes")


class Html:
    """A piece of report markup that Jupyter displays as HTML."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup


def _heading(section: str, lang: str) -> str:
    return f'<h2 id="{section.replace("_", "-")}" class="report-section">{escape(label(section, lang))}</h2>'


def _import_office() -> None:
    from . import office  # noqa: F401


def check_language(lang: object) -> str:
    """Return ``lang`` if it is a supported report language, else raise MonthError-like usage error."""
    if lang not in config.LANGUAGES:
        from .errors import DeptAnalysisError

        raise DeptAnalysisError(f"Мова звіту має бути 'uk' або 'en'; отримано {lang!r}. / "
                                f"The report language must be 'uk' or 'en'; got {lang!r}.")
    return lang


def require_month(month: pd.Period, available: list[pd.Period], data_dir: Path) -> None:
    """Raise MonthError, listing the months there are, when ``month`` has no workbook."""
    if month not in set(available):
        have = ", ".join(m.strftime("%Y-%m") for m in sorted(available)) or "—"
        raise MonthError(
            f"Для місяця {month.strftime('%Y-%m')} немає таблиці в {data_dir}. Є місяці: {have}. / "
            f"There is no workbook for {month.strftime('%Y-%m')} in {data_dir}. Months available: {have}."
        )


@dataclass
class ChartFile:
    """A drawn chart: its number, key, caption and the files written."""

    number: int
    key: str
    caption: str
    png: Path
    svg: Path
    embedded_png: str = field(repr=False, default="")


@dataclass
class MonthlyReport:
    """Everything one month's report shows, computed once.

    Build it with :meth:`build`; then each method returns one section.
    """

    month: pd.Period
    data: MonthlyData
    lang: str
    output_dir: Path
    charts_written: list[ChartFile] = field(default_factory=list, init=False)

    # Computed on first use, not at construction: the runner builds a report only for its
    # drawing worker, which needs neither, and starts the kernel sooner for it.
    @cached_property
    def figures(self) -> pd.DataFrame:
        """The key figures table (:func:`.figures.key_figures`)."""
        return key_figures(self.data, self.month)

    @cached_property
    def notable(self) -> list[Highlight]:
        """The month's highlights (:func:`.figures.highlights`)."""
        return highlights(self.data, self.month)

    @classmethod
    def build(cls, month: object, data_dir: str | Path = "", output_dir: str | Path = "",
              lang: str = config.DEFAULT_LANGUAGE) -> "MonthlyReport":
        """Check the parameters, load the data and compute the report's numbers.

        Parameters
        ----------
        month : str
            "YYYY-MM".
        data_dir : str or Path
            Folder with catalog.toml and the workbooks; "" for the project's data/.
        output_dir : str or Path
            Where charts and office files are written; "" for outputs/notebook-runs/YYYY-MM/
            (``dept-report run`` passes its own staging folder).
        lang : {"uk", "en"}

        Raises
        ------
        MonthError, DataValidationError, DeptAnalysisError
        """
        period = parse_month(month)
        lang = check_language(lang)
        folder = config.resolve_data_dir(data_dir or None)
        require_month(period, available_months(folder), folder)
        data = load_data(folder, months=report_window(period))
        # An interactive or plain-papermill run gets a folder of its own, so exploring in
        # JupyterLab never rewrites the charts of a published report in outputs/YYYY-MM/.
        out = Path(output_dir) if output_dir else config.NOTEBOOK_RUNS_DIR / period.strftime("%Y-%m")
        return cls(period, data, lang, out)

    # -- sections ----------------------------------------------------------------------

    @property
    def title_text(self) -> str:
        """The report's title, e.g. "Звіт про роботу відділу ... за серпень 2021 року"."""
        return title(self.data.catalog, self.month, self.lang)

    def title(self) -> Html:
        """The title, the department's introductory paragraph and the table of contents."""
        links = "".join(f'<li><a href="#{s.replace("_", "-")}">{escape(label(s, self.lang))}</a></li>'
                        for s in SECTIONS)
        return Html(
            f'<header class="report-title"><h1 id="title">{escape(self.title_text)}</h1>'
            f'<p class="intro">{escape(intro(self.data.catalog, self.month, self.lang))}</p></header>'
            f'<nav class="toc" aria-label="{escape(label("contents", self.lang))}">'
            f'<h2 class="toc-title">{escape(label("contents", self.lang))}</h2><ol>{links}</ol></nav>'
        )

    def key_figures_table(self) -> pd.DataFrame:
        """The key figures as display text, one row per metric (what the HTML table shows)."""
        lang, month = self.lang, self.month
        columns = [label("metric", lang), label_month(month, lang), label_month(month - 1, lang),
                   label("change", lang), label("change_pct", lang), label_month(month - 12, lang),
                   label("ytd", lang, year=month.year)]
        rows = []
        partial = self._ytd_is_partial()
        for code, row in self.figures.iterrows():
            rows.append([
                self.data.catalog.metric(code).name(lang),
                format_number(row["current"], lang),
                format_number(row["previous"], lang),
                format_signed(row["change"], lang),
                format_change_percent(row["change_pct"], lang),
                format_number(row["year_ago"], lang),
                format_number(row["ytd"], lang) + (" *" if partial and not np.isnan(row["ytd"]) else ""),
            ])
        return pd.DataFrame(rows, columns=columns)

    def _ytd_is_partial(self) -> bool:
        return len(self.figures) > 0 and int(self.figures["ytd_months"].iloc[0]) < self.month.month

    def _ytd_note(self) -> str:
        return label("notes_ytd", self.lang, n=int(self.figures["ytd_months"].iloc[0]), total=self.month.month)

    def key_figures(self) -> Html:
        """The key-figures table: this month, last month, change, a year ago, year to date."""
        table = self.key_figures_table()
        head = "".join(f'<th scope="col">{escape(c)}</th>' for c in table.columns)
        body = "".join(
            "<tr>" + f'<th scope="row">{escape(row[0])}</th>'
            + "".join(f'<td class="num">{escape(v)}</td>' for v in row[1:]) + "</tr>"
            for row in table.itertuples(index=False)
        )
        note = f'<p class="table-note">* {escape(self._ytd_note())}</p>' if self._ytd_is_partial() else ""
        return Html(f'{_heading("key_figures", self.lang)}<table class="key-figures"><thead><tr>{head}</tr></thead>'
                    f"<tbody>{body}</tbody></table>{note}")

    def narrative_paragraphs(self) -> list[str]:
        """One paragraph per metric counted this month, with its comparisons."""
        paragraphs = []
        for code, row in self.figures.iterrows():
            metric = self.data.catalog.metric(code)
            if np.isnan(row["current"]):
                # Said where the metric's sentence would stand: a silent gap reads as "nothing".
                paragraphs.append(missing_metric_note(metric, self.lang))
                continue
            paragraphs.append(metric_paragraph(metric, row, self.month, self.lang))
        return paragraphs

    def narrative(self) -> Html:
        """A sentence per counted metric in the register of the department's reports."""
        paragraphs = self.narrative_paragraphs() or [label("no_counts", self.lang)]
        return Html(_heading("narrative", self.lang) + "".join(f"<p>{escape(p)}</p>" for p in paragraphs))

    def activity_rows(self) -> pd.DataFrame:
        """This month's uncounted paragraphs, in the workbook's order."""
        rows = self.data.activities[self.data.activities["month"] == self.month]
        return rows.sort_values("position")[["section", "text"]].reset_index(drop=True)

    def activities(self) -> Html:
        """The month's other work, in order, under its sections."""
        rows = self.activity_rows()
        parts = [_heading("activities", self.lang)]
        if label("as_written", self.lang) and not rows.empty:
            parts.append(f'<p class="as-written"><em>{escape(label("as_written", self.lang))}</em></p>')
        if rows.empty:
            parts.append(f"<p>{escape(label('no_activities', self.lang))}</p>")
        current = None
        for section, text in rows.itertuples(index=False):
            if section and section != current:
                parts.append(f'<h3 class="activity-section">{escape(section)}</h3>')
            current = section
            parts.append(f'<p class="activity">{escape(text)}</p>')
        return Html("".join(parts))

    def highlight_sentences(self) -> list[str]:
        """The largest rise and fall, and 12-month highs and lows, as sentences; when the
        previous month has no workbook, a sentence saying so instead of "no changes"."""
        sentences = [highlight_sentence(h, self.data.catalog, self.month, self.lang) for h in self.notable]
        if self.month - 1 in self.missing_comparisons():
            sentences.append(label("notes_missing", self.lang, month=month_year(self.month - 1, self.lang)))
        return sentences

    def highlights(self) -> Html:
        """The month's notable changes."""
        sentences = self.highlight_sentences() or [label("no_highlights", self.lang)]
        items = "".join(f"<li>{escape(s)}</li>" for s in sentences)
        return Html(f'{_heading("highlights", self.lang)}<ul class="highlights">{items}</ul>')

    def inputs(self) -> dict:
        """The fingerprint of what this report was made from (see :mod:`.prerender`)."""
        return prerender.fingerprint(self.data, self.month, self.lang)

    def chart_paths(self) -> list[tuple[int, str, Path, Path]]:
        """Every chart's number, key, PNG and SVG path under ``output_dir/charts``."""
        directory = self.output_dir / "charts"
        return [(number, key, directory / f"{number:02d}_{key}.png", directory / f"{number:02d}_{key}.svg")
                for number, (key, _) in enumerate(CHARTS, start=1)]

    def draw_charts(self) -> list[ChartFile]:
        """Every chart as PNG (200 dpi) and SVG under ``output_dir/charts``.

        When ``dept-report run`` already drew the PNGs beside the kernel from the same inputs,
        its files are used (it finishes the SVGs meanwhile); otherwise they are drawn here.
        """
        if self.charts_written:
            return self.charts_written
        # While the runner still draws, the kernel loads what save_documents will need
        # instead of idling: python-docx and python-pptx take a third of a second to import.
        if not prerender.wait_for(self.output_dir, "png", self.inputs(), meanwhile=_import_office):
            return self.render_charts()
        for number, key, png, svg in self.chart_paths():
            self._add_chart(number, key, png, svg)
        return self.charts_written

    def render_charts(self, pngs_written: Callable[[], None] | None = None) -> list[ChartFile]:
        """Draw every chart and write its PNG and SVG under ``output_dir/charts``.

        ``pngs_written`` is called once every PNG is written, before the SVGs: the page and
        the office files need only the PNGs.
        """
        self.charts_written = []
        drawn = []
        for (number, key, png, svg), (_, draw) in zip(self.chart_paths(), CHARTS):
            fig = draw(self.data, self.month, self.lang)
            save_png(fig, png)
            drawn.append(fig)
            self._add_chart(number, key, png, svg)
        if pngs_written is not None:
            pngs_written()
        for fig, chart in zip(drawn, self.charts_written):
            save_svg(fig, chart.svg)
        return self.charts_written

    def _add_chart(self, number: int, key: str, png: Path, svg: Path) -> None:
        caption = f"{label('figure', self.lang)} {number}. {chart_caption(key, self.month, self.lang)}"
        # The page embeds the very file written for presentations: one rendering, not two.
        embedded = base64.b64encode(png.read_bytes()).decode("ascii")
        self.charts_written.append(ChartFile(number, key, caption, png, svg, embedded))

    def charts(self) -> Html:
        """Every chart with its numbered caption, embedded in the page."""
        parts = [_heading("charts", self.lang)]
        for chart in self.draw_charts():
            alt = escape(chart.caption, quote=True)
            parts.append(
                f'<figure class="chart" id="chart-{chart.number}"><img src="data:image/png;base64,{chart.embedded_png}" '
                f'alt="{alt}"><figcaption>{escape(chart.caption)}</figcaption></figure>'
            )
        return Html("".join(parts))

    def missing_comparisons(self) -> list[pd.Period]:
        """The comparison months (previous, a year earlier) that have no workbook."""
        present = set(self.data.sources["month"])
        return [m for m in (self.month - 1, self.month - 12) if m not in present]

    def note_lines(self) -> list[str]:
        """The notes: months compared, missing months, how the counts add up, provenance."""
        lang, month = self.lang, self.month
        lines = [label("notes_compared", lang, month=month_year(month, lang), previous=month_year(month - 1, lang),
                       year_ago=month_year(month - 12, lang))]
        for missing in self.missing_comparisons():
            lines.append(label("notes_missing", lang, month=month_year(missing, lang)))
        if self._ytd_is_partial():
            lines.append(self._ytd_note())
        lines.append(label("notes_channels", lang))
        when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
        lines.append(label("notes_made", lang, when=when, version=__version__, python=platform.python_version(),
                           pandas=pd.__version__))
        return lines

    def sources_used(self) -> pd.DataFrame:
        """The workbooks this report reads (its month and the months compared), with SHA-256."""
        months = set(report_window(self.month))
        return self.data.sources[self.data.sources["month"].isin(months)].sort_values("month")

    def notes(self) -> Html:
        """Provenance: source files with their SHA-256, months compared, when and how it was made."""
        items = "".join(f"<li>{escape(line)}</li>" for line in self.note_lines())
        sources = "".join(
            f"<li><code>{escape(Path(row.file).name)}</code> <code class=\"sha\">{escape(row.sha256)}</code></li>"
            for row in self.sources_used().itertuples()
        )
        return Html(f'{_heading("notes", self.lang)}<ul class="notes">{items}</ul>'
                    f'<p>{escape(label("notes_sources", self.lang))}</p><ul class="sources">{sources}</ul>')

    def save_documents(self) -> None:
        """Write report.pptx and report.docx beside the charts (nothing is displayed)."""
        from .office import write_docx, write_pptx

        self.draw_charts()
        write_pptx(self, self.output_dir / "report.pptx")
        write_docx(self, self.output_dir / "report.docx")

