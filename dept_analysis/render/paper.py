"""What the documents on paper (Word, PDF) share: the date line, and tables that fit A4 portrait.

A year's table has a column per month and a total: fourteen columns, which no font a reader
can read fits across 170 mm without breaking month names. On paper such a table is set as
consecutive tables of the same rows, each repeating the first column, as a printed
statistical table continues. The page (HTML) keeps the whole table.
"""

from __future__ import annotations

import dataclasses
import math

from .. import words
from ..model import Report, Table
from .office import kyiv_time

# Seven numbers and the names' column fit 170 mm with every word whole (the month key
# figures have six).
MAX_NUMBER_COLUMNS = 7
# Room for the outgoing number, which the clerk writes in by hand when the document is registered.
NUMBER_BLANK = "____________"


def date_line(report: Report) -> str:
    """"28.08.2021 № ____________": the day the report was made (Kyiv), and the number's room."""
    date = kyiv_time(report.made_at).strftime("%d.%m.%Y")
    return words.say("date_line", report.lang, date=date, number=NUMBER_BLANK)


def split_columns(table: Table, limit: int = MAX_NUMBER_COLUMNS) -> list[Table]:
    """``table`` as tables of at most ``limit`` number columns each, balanced (13 columns
    make 7 + 6, not 7 + 6 + 0), each starting with the column that names the rows."""
    numbers = len(table.header) - 1
    if numbers <= limit:
        return [table]
    parts = math.ceil(numbers / limit)
    size = math.ceil(numbers / parts)
    result = []
    for start in range(1, numbers + 1, size):
        stop = min(start + size, numbers + 1)
        result.append(Table(
            caption=table.caption,
            header=(table.header[0], *table.header[start:stop]),
            rows=tuple((row[0], *row[start:stop]) for row in table.rows),
            values=tuple(tuple(values[start - 1:stop - 1]) for values in table.values),
            note=table.note if stop > numbers else "",
        ))
    return result


def for_paper(report: Report) -> Report:
    """The report with its period tables split to fit A4 portrait (see :func:`split_columns`);
    the key figures have a handful of columns in every report kind."""
    tables = tuple(part for table in report.tables for part in split_columns(table))
    return report if tables == report.tables else dataclasses.replace(report, tables=tables)


__all__ = ["MAX_NUMBER_COLUMNS", "NUMBER_BLANK", "date_line", "for_paper", "split_columns"]
