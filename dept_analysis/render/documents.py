"""Every file a report folder holds besides the page: the charts, then the documents that
show them, and the report's numbers and provenance as data. None needs a notebook kernel:
the runner makes them beside it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, Sequence, Union

from ..model import Report
from .charts import ChartFile, write_chart, write_charts
from .docx import write_docx
from .opendata import write_chart_tables, write_counts_csv, write_counts_json, write_provenance
from .pdf import write_pdf
from .pptx import write_pptx

CHARTS_FOLDER = "charts"

# File name (under the report's folder) -> the renderer that writes it from the report and
# its chart files, returning what it wrote: that file, or the files inside that folder.
Writer = Callable[[Report, Sequence[ChartFile], Path], Union[Path, Sequence[Path]]]
DOCUMENTS: dict[str, Writer] = {
    "report.docx": write_docx,
    "report.pptx": write_pptx,
    "report.pdf": write_pdf,
    CHARTS_FOLDER: write_chart_tables,  # NN_name.csv beside each chart's pictures
    "counts.csv": write_counts_csv,
    "counts.json": write_counts_json,
    "provenance.json": write_provenance,
}


def write_documents(report: Report, folder: Path, charts: Sequence[ChartFile] | None = None) -> list[Path]:
    """Draw the charts into ``folder/charts`` and write every document into ``folder``.

    Parameters
    ----------
    report : Report
    folder : Path
    charts : sequence of ChartFile, optional
        The charts, when they are drawn already (the notebook draws them for its page).

    Returns
    -------
    list of Path
        Every file written.
    """
    folder = Path(folder)
    if charts is None:
        charts = write_charts(report, folder / CHARTS_FOLDER)
    written = [path for chart in charts for path in (chart.png, chart.svg)]
    for name, write in DOCUMENTS.items():
        result = write(report, charts, folder / name)
        written.extend([result] if isinstance(result, Path) else result)
    return written


def chart_writer(folder: Path) -> Callable:
    """``write_chart`` into ``folder/charts``, as one argument's function (for :meth:`.beside.Inline.map`)."""
    return functools.partial(write_chart, folder=Path(folder) / CHARTS_FOLDER)


__all__ = ["CHARTS_FOLDER", "DOCUMENTS", "Writer", "chart_writer", "write_documents"]
