"""The layout of a monthly workbook, and the one writer that produces it.

The blank template (``dept-report template``), the sample-data generator and the tests all
write workbooks through :func:`write_workbook`, so the layout is said in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from .catalog import Catalog
from .files import write_atomically


@dataclass(frozen=True)
class SheetSpec:
    """A sheet's accepted names and its columns: key -> (Ukrainian header, English header)."""

    key: str
    name_uk: str
    name_en: str
    columns: dict[str, tuple[str, str]]
    required: tuple[str, ...]

    def header(self, column: str) -> str:
        """Return the Ukrainian header of ``column`` (as the template writes it)."""
        return self.columns[column][0]


INFO = SheetSpec("info", "Відомості", "Info",
                 {"field": ("Поле", "Field"), "value": ("Значення", "Value")}, ("field", "value"))
COUNTS = SheetSpec("counts", "Показники", "Counts",
                   {"metric": ("Показник", "Metric"), "channel": ("Канал", "Channel"),
                    "count": ("Кількість", "Count")}, ("metric", "channel", "count"))
ACTIVITIES = SheetSpec("activities", "Заходи", "Activities",
                       {"section": ("Розділ", "Section"), "text": ("Текст", "Text")}, ("text",))
SHEETS = (INFO, COUNTS, ACTIVITIES)
LISTS_SHEET = "Довідник"
MONTH_FIELD = ("Місяць", "Month")

def month_file_name(month: pd.Period, suffix: str = ".xlsx") -> str:
    """Return the file name a month's workbook must have: ``2021-08.xlsx``."""
    return f"{month.strftime('%Y-%m')}{suffix}"


def _text_cell(cell, value) -> None:
    """Store ``value`` so that it stays text even when it starts with "=" (never a formula)."""
    cell.value = value
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        cell.data_type = "s"
        cell.quotePrefix = True


def write_workbook(
    path: str | Path,
    catalog: Catalog,
    month: pd.Period | None = None,
    counts: Iterable[tuple[str, str, int]] = (),
    activities: Iterable[tuple[str, str]] = (),
    *,
    blank_rows: int = 40,
) -> Path:
    """Write a monthly workbook in the documented layout.

    Parameters
    ----------
    path : str or Path
        Where to write the ``.xlsx`` file.
    catalog : Catalog
        Supplies the names offered in the drop-down lists.
    month : pandas.Period, optional
        The month written on the "Відомості" sheet; left blank when None.
    counts : iterable of (metric, channel, count)
        Rows for the "Показники" sheet; names or codes as a person would type them.
    activities : iterable of (section, text)
        Rows for the "Заходи" sheet, in the order the report should give them.
    blank_rows : int
        How many rows below the data get drop-down lists, for a person to fill in.

    Returns
    -------
    Path
        The written file.
    """
    # openpyxl is needed only to write; the loader takes this module's names without it.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    workbook = Workbook()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")

    info = workbook.active
    info.title = INFO.name_uk
    info.append([INFO.header("field"), INFO.header("value")])
    info.append([MONTH_FIELD[0], month.strftime("%Y-%m") if month is not None else None])
    info["B2"].number_format = "@"
    info.append([])
    info.append(["Як заповнювати", "Місяць пишіть як 2021-08; він має збігатися з назвою файлу (2021-08.xlsx). "
                 "На аркуші «Показники» — один рядок на пару показник + канал, кількість — ціле число від 0. "
                 "На аркуші «Заходи» — абзаци звіту без чисел, по одному в рядку, у потрібному порядку."])
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 110
    info["B4"].alignment = Alignment(wrap_text=True, vertical="top")

    sheet = workbook.create_sheet(COUNTS.name_uk)
    sheet.append([COUNTS.header(c) for c in ("metric", "channel", "count")])
    rows = 0
    for metric, channel, count in counts:
        sheet.append([None, None, count])
        _text_cell(sheet.cell(sheet.max_row, 1), metric)
        _text_cell(sheet.cell(sheet.max_row, 2), channel)
        rows += 1
    for column, width in zip("ABC", (48, 36, 12)):
        sheet.column_dimensions[column].width = width
    last = rows + 1 + blank_rows

    lists = workbook.create_sheet(LISTS_SHEET)
    lists.append(["Показники", "Канали"])
    for i in range(max(len(catalog.metrics), len(catalog.channels))):
        lists.append([catalog.metrics[i].name_uk if i < len(catalog.metrics) else None,
                      catalog.channels[i].name_uk if i < len(catalog.channels) else None])
    lists.sheet_state = "hidden"
    metric_list = DataValidation(type="list", formula1=f"='{LISTS_SHEET}'!$A$2:$A${len(catalog.metrics) + 1}",
                                 allow_blank=True, showErrorMessage=False)
    channel_list = DataValidation(type="list", formula1=f"='{LISTS_SHEET}'!$B$2:$B${len(catalog.channels) + 1}",
                                  allow_blank=True, showErrorMessage=False)
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                           showErrorMessage=True, errorTitle="Кількість",
                           error="Кількість — ціле число від 0 / The count is a whole number from 0.")
    for validation, column in ((metric_list, "A"), (channel_list, "B"), (whole, "C")):
        sheet.add_data_validation(validation)
        validation.add(f"{column}2:{column}{last}")

    sheet = workbook.create_sheet(ACTIVITIES.name_uk)
    sheet.append([ACTIVITIES.header("section"), ACTIVITIES.header("text")])
    for section, text in activities:
        sheet.append([None, None])
        _text_cell(sheet.cell(sheet.max_row, 1), section)
        _text_cell(sheet.cell(sheet.max_row, 2), text)
        sheet.cell(sheet.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 120

    for ws in (workbook[INFO.name_uk], workbook[COUNTS.name_uk], workbook[ACTIVITIES.name_uk]):
        for cell in ws[1]:
            cell.font = bold
            cell.fill = fill
        ws.freeze_panes = "A2"
    workbook.active = 1
    # Never half a workbook where a clerk's file was: written beside it, then renamed.
    return write_atomically(path, workbook.save)
