"""Every file a report folder holds besides the page: the charts, then the documents that
show them, and the report's numbers and provenance as data. None needs a notebook kernel:
the runner makes them beside it.
"""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path
from typing import Callable, Sequence, Union

from ..document_settings import DocumentSettings
from ..errors import DocumentsError
from ..model import Report
from .charts import ChartFile, write_chart, write_charts
from .docx import write_docx
from .opendata import write_chart_tables, write_counts_csv, write_counts_json, write_provenance
from .pdf import load_weasyprint, write_pdf
from .pptx import write_pptx

CHARTS_FOLDER = "charts"

# File name (under the report's folder) -> the renderer that writes it from the report, its
# chart files and the catalog's [documents] settings, returning what it wrote: that file, or
# the files inside that folder.
Writer = Callable[[Report, Sequence[ChartFile], Path, DocumentSettings], Union[Path, Sequence[Path]]]


def _without_settings(write: Callable) -> Writer:
    """A writer whose document no template shapes (the PDF follows the page, open data has no look)."""
    @functools.wraps(write)
    def writer(report: Report, charts: Sequence[ChartFile], path: Path, settings: DocumentSettings):
        return write(report, charts, path)
    return writer


DOCUMENTS: dict[str, Writer] = {
    "report.docx": write_docx,
    "report.pptx": lambda report, charts, path, settings: write_pptx(report, charts, path, settings=settings),
    "report.pdf": _without_settings(write_pdf),
    CHARTS_FOLDER: _without_settings(write_chart_tables),  # <period>_NN_<name>.csv beside each chart's pictures
    "counts.csv": _without_settings(write_counts_csv),
    "counts.json": _without_settings(write_counts_json),
    "provenance.json": _without_settings(write_provenance),
}


# The documents that take long enough (WeasyPrint lays the whole report out: about a second)
# to be worth writing beside the rest; see :func:`split_documents`.
SLOW_DOCUMENTS = ("report.pdf",)


def split_documents() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names of :data:`DOCUMENTS`, as (slow, the rest): the runner hands the slow ones
    to a process beside it while it writes the rest and exports the page."""
    return SLOW_DOCUMENTS, tuple(name for name in DOCUMENTS if name not in SLOW_DOCUMENTS)


def preload(names: Sequence[str]) -> None:
    """Import, in this process, the libraries that writing ``names`` needs: a process forked
    afterwards to write them starts with them loaded. (WeasyPrint takes about 0.6 s to import.)
    A library that cannot load is left for the writing itself to report."""
    if "report.pdf" in names:
        with contextlib.suppress(DocumentsError):
            load_weasyprint()


def write_documents(report: Report, folder: Path, charts: Sequence[ChartFile] | None = None,
                    settings: DocumentSettings | None = None, names: Sequence[str] | None = None) -> list[Path]:
    """Draw the charts into ``folder/charts`` and write every document into ``folder``.

    Parameters
    ----------
    report : Report
    folder : Path
    charts : sequence of ChartFile, optional
        The charts, when they are drawn already (the notebook draws them for its page).
    settings : DocumentSettings, optional
        The catalog's ``[documents]``: the department's templates and what the deck's chart
        slides hold; python-docx's and python-pptx's own templates and native charts when None.
    names : sequence of str, optional
        Only these documents (names of :data:`DOCUMENTS`); every one when None.

    Returns
    -------
    list of Path
        Every file written.
    """
    folder = Path(folder)
    settings = settings or DocumentSettings()
    if charts is None:
        charts = write_charts(report, folder / CHARTS_FOLDER)
    written = [path for chart in charts for path in (chart.png, chart.svg)]
    for name, write in DOCUMENTS.items():
        if names is not None and name not in names:
            continue
        result = write(report, charts, folder / name, settings)
        written.extend([result] if isinstance(result, Path) else result)
    return written


def chart_writer(folder: Path) -> Callable:
    """``write_chart`` into ``folder/charts``, as one argument's function (for :meth:`.beside.Inline.map`)."""
    return functools.partial(write_chart, folder=Path(folder) / CHARTS_FOLDER)


__all__ = ["CHARTS_FOLDER", "DOCUMENTS", "Writer", "chart_writer", "preload", "write_documents"]
