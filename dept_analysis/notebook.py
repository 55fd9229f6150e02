"""What the report notebook calls: one method per section, each showing that section's HTML.

The notebook (``notebooks/monthly_report.ipynb``) builds the report's content once with
:func:`open_report`, then shows it a section at a time, as the page will show it. Run from
JupyterLab or plain papermill, it also draws the charts into its page and writes the office
documents into its output folder. Run by ``dept-report run`` (``files=False``), it only
shows the sections: the runner writes the charts and documents beside the kernel, and the
page's pictures are embedded from them when the page is exported.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import config, words
from .document_settings import DocumentSettings
from .errors import DeptAnalysisError
from .model import Report, report_from_json
from .render.html import data_uri, linked_images, render_section


class Html:
    """A piece of report markup that Jupyter displays as HTML."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        # What a notebook shows where HTML is not rendered: the words, not an address that
        # would make every run's notebook differ from the last.
        words_only = " ".join(re.sub(r"<[^>]+>", " ", self.markup).split())
        return html.unescape(words_only[:300] + ("…" if len(words_only) > 300 else ""))

    def __str__(self) -> str:
        return self.markup


def _flag(value: object, name: str) -> bool:
    """A yes/no parameter as papermill or a person passes it (True, "false", 0...)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no", ""):
        return False
    raise DeptAnalysisError(words.both("flag", name=name, value=repr(value)))


@dataclass
class ReportNotebook:
    """A report's content and where its files go, with a method per section.

    Attributes
    ----------
    report : Report
        The content, built once.
    output_dir : Path
        Where charts and documents are written (when ``files``).
    files : bool
        Draw the charts into the page and write the documents (JupyterLab, plain
        papermill); False when ``dept-report run`` writes them itself.
    documents : DocumentSettings
        The catalog's ``[documents]`` (templates, the deck's charts) the documents follow.
    """

    report: Report
    output_dir: Path
    files: bool = True
    documents: DocumentSettings = field(default_factory=DocumentSettings)
    charts_written: list = field(default_factory=list, init=False)

    def title(self) -> Html:
        """The title, the department's introductory paragraph and the table of contents."""
        return Html(render_section(self.report, "title"))

    def key_figures(self) -> Html:
        """The key-figures table: this month, last month, change, a year ago, year to date."""
        return Html(render_section(self.report, "key_figures"))

    def tables(self) -> Html:
        """A longer period's months (and a year's quarters) side by side; nothing for a month."""
        return Html(render_section(self.report, "tables") if self.report.tables else "")

    def narrative(self) -> Html:
        """A paragraph per counted metric, with its comparisons."""
        return Html(render_section(self.report, "narrative"))

    def activities(self) -> Html:
        """The month's other work, as written in the workbook, under its sections."""
        return Html(render_section(self.report, "activities"))

    def highlights(self) -> Html:
        """The month's notable changes."""
        return Html(render_section(self.report, "highlights"))

    def charts(self) -> Html:
        """Every figure with its caption, alt text and the numbers behind it."""
        if not self.files:
            # dept-report run draws the pictures beside the kernel; the page's export
            # embeds them from these paths.
            return Html(render_section(self.report, "charts", linked_images(self.report)))
        self.draw_charts()
        images = {chart.figure.stem: data_uri(chart.png) for chart in self.charts_written}
        return Html(render_section(self.report, "charts", images))

    def notes(self) -> Html:
        """How the numbers were made: months compared, sources with SHA-256, provenance."""
        return Html(render_section(self.report, "notes"))

    def draw_charts(self) -> list:
        """Draw every figure as PNG and SVG under ``output_dir/charts`` (once)."""
        if not self.charts_written:
            # matplotlib is imported only here: a kernel run by dept-report never draws.
            from .render.charts import write_charts
            from .render.documents import CHARTS_FOLDER

            self.charts_written = write_charts(self.report, self.output_dir / CHARTS_FOLDER)
        return self.charts_written

    def save_documents(self) -> None:
        """Write the Word and PowerPoint documents beside the charts (nothing is displayed).

        Under ``dept-report run`` the runner writes them itself, and this does nothing.
        """
        if not self.files:
            return
        from .render.documents import write_documents

        write_documents(self.report, self.output_dir, self.draw_charts(), self.documents)


def open_report(month: object = "", data_dir: str | Path = "", output_dir: str | Path = "",
                lang: str = config.DEFAULT_LANGUAGE, files: object = True, made_at: str = "",
                content: str | Path = "", period: object = "", partial: object = False) -> ReportNotebook:
    """Check the notebook's parameters, load the months the report reads and build it; or
    read the content ``dept-report run`` built (``content``).

    Parameters
    ----------
    month : str
        "YYYY-MM" (kept for the notebook's first parameter; ``period`` says more).
    data_dir : str or Path
        Folder with catalog.toml and the workbooks; "" for the project's data/.
    output_dir : str or Path
        Where charts and documents go; "" for outputs/notebook-runs/<period>/, so exploring
        never rewrites a published report.
    lang : str
    files : bool
        See :class:`ReportNotebook`.
    made_at : str
        When the report is made, ISO 8601; "" for now.
    content : str or Path
        A ``content.json`` written by ``dept-report run``: the report as the runner built it
        from its snapshot of the workbooks, so the page shows exactly what the documents
        beside it show. "" builds the content here, from the workbooks.
    period : str
        "2021-08", "2021-Q3", "2021-H1" or "2021"; "" for ``month``.
    partial : bool
        Report on the months of a longer period that have a workbook, instead of refusing it.

    Raises
    ------
    MonthError, DataValidationError, DeptAnalysisError
    """
    files = _flag(files, "files")
    if content:
        report = report_from_json(Path(content).read_text(encoding="utf-8"))
        return ReportNotebook(report, Path(output_dir or "."), files)
    # Building from the workbooks needs pandas and the loader: imported only on this path.
    from .content import build_report
    from .loading import load_data, period_sources
    from .periods import parse_period

    wanted = parse_period(period or month)
    lang = words.check_language(lang)
    wanted, _, workbooks = period_sources(data_dir or None, wanted, _flag(partial, "partial"))
    data = load_data(data_dir or None, months=list(workbooks))
    out = Path(output_dir) if output_dir else config.NOTEBOOK_RUNS_DIR / wanted.key
    when = dt.datetime.fromisoformat(made_at) if made_at else None
    return ReportNotebook(build_report(data, wanted, lang, when), out, files, data.catalog.documents)


__all__ = ["Html", "ReportNotebook", "open_report"]
