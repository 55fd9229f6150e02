"""The report's numbers and provenance as open data, beside the report.

- ``counts.csv`` and ``counts.json``: one row per month x metric x channel of the report's
  period, with the codes and the names in both languages (data/README.md, "Open data").
  The CSV is UTF-8 with a byte-order mark, so that Excel opens the Cyrillic as written.
- ``charts/<period>_NN_<name>.csv``: the numbers behind each chart, beside its PNG and SVG.
- ``provenance.json``: from which files (SHA-256), by what and when (Kyiv time) the report
  was made: what the page keeps under «Технічні відомості», as data.

Written from the report model only.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import asdict, fields
from pathlib import Path
from typing import Sequence

from ..files import write_atomically
from ..model import TIMEZONE, Count, Figure, Report
from .charts import ChartFile

COUNT_FIELDS = tuple(item.name for item in fields(Count))
# Excel reads a CSV as the machine's ANSI code page unless it starts with a byte-order mark.
CSV_ENCODING = "utf-8-sig"


def _write_csv(path: Path, header: Sequence[str], rows) -> Path:
    def write(temporary: str) -> None:
        with open(temporary, "w", encoding=CSV_ENCODING, newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)

    return write_atomically(path, write)


def _write_json(path: Path, data) -> Path:
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return write_atomically(path, lambda temporary: Path(temporary).write_text(text, encoding="utf-8"))


def write_counts_csv(report: Report, charts: Sequence[ChartFile], path: Path) -> Path:
    """``counts.csv``: a row per month, metric and channel, with codes and both languages' names."""
    return _write_csv(path, COUNT_FIELDS, ([getattr(count, name) for name in COUNT_FIELDS] for count in report.counts))


def write_counts_json(report: Report, charts: Sequence[ChartFile], path: Path) -> Path:
    """``counts.json``: the same rows as ``counts.csv``, as a list of objects."""
    return _write_json(path, [asdict(count) for count in report.counts])


def _number(value: float) -> str:
    """A number as a data file writes it: no thousands separator, "" where there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def chart_table_rows(figure: Figure) -> list[list[str]]:
    """The rows of a figure's data as numbers: the row's name, then its values."""
    table = figure.table
    if len(table.values) != len(table.rows):  # no numbers behind the text: the text itself
        return [list(row) for row in table.rows]
    return [[row[0], *(_number(v) for v in values)] for row, values in zip(table.rows, table.values)]


def write_chart_tables(report: Report, charts: Sequence[ChartFile], folder: Path) -> list[Path]:
    """``charts/<period>_NN_<name>.csv`` beside each chart's pictures: the numbers it is drawn from."""
    return [_write_csv(Path(folder) / f"{chart.figure.stem}.csv", chart.figure.table.header,
                       chart_table_rows(chart.figure)) for chart in charts]


def provenance(report: Report) -> dict:
    """How, when and from what the report was made."""
    return {
        "title": report.title,
        "period": report.period,
        "kind": report.kind,
        "lang": report.lang,
        "made_at": report.made_at.astimezone(TIMEZONE).isoformat(timespec="seconds"),
        "timezone": str(TIMEZONE),
        "software": dict(report.provenance),
        "sources": [{"file": source.file, "month": source.month, "sha256": source.sha256}
                    for source in report.sources],
    }


def write_provenance(report: Report, charts: Sequence[ChartFile], path: Path) -> Path:
    """``provenance.json``: see :func:`provenance`."""
    return _write_json(path, provenance(report))


__all__ = ["COUNT_FIELDS", "CSV_ENCODING", "chart_table_rows", "provenance", "write_chart_tables",
           "write_counts_csv", "write_counts_json", "write_provenance"]
