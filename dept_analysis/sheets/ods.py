"""Reading .ods workbooks (OpenDocument spreadsheets, LibreOffice's own format) as a stream.

Written here because what LibreOffice users do must read as it does in .xlsx, and the
readers at hand do not: calamine drops a cell's tab (``<text:tab/>``), joining two words,
has no merged cells for .ods, and expands ``table:number-rows-repeated`` as it is told.

OpenDocument compresses runs of equal rows and cells into one element with a repeat count
(LibreOffice writes the million empty rows below a table as one). Here a run of blank rows
or cells only moves the position on; a run that holds values is expanded only while the
sheet stays under the filled-cell cap, so a tiny file cannot claim a million filled rows.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from typing import Callable

from ..problems import ProblemCode
from . import xmlstream
from .looks import MIN_VISIBLE_POINTS, Unseen, points, same_colour
from .model import (MAX_FILLED_CELLS, MAX_SHEET_XML_BYTES, CellError, Merge, Percent, Sheet, SheetEntry,
                    Unsaved, WorkbookRefused)

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 "
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0 "
CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0 "
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0 "
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0 "
_NUMBER_KINDS = ("float", "percentage", "currency")

_CONTAINERS = {TABLE + n for n in ("table-row-group", "table-header-rows", "table-rows", "table-column-group",
                                   "table-header-columns", "table-columns")}
_DURATION = re.compile(r"^-?P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$")
# More than this many columns or rows is no spreadsheet a person made (LibreOffice has 16 384
# columns and 1 048 576 rows); a repeat count past it is refused rather than trusted.
_MAX_POSITION = 1 << 24


def _repeat(attributes: dict[str, str], key: str) -> int:
    try:
        count = int(attributes.get(TABLE + key, "1"))
    except ValueError:
        raise WorkbookRefused(ProblemCode.DAMAGED, part=f"table:{key}") from None
    if not 1 <= count <= _MAX_POSITION:
        raise WorkbookRefused(ProblemCode.DAMAGED, part=f"table:{key}={count}")
    return count


def _duration(text: str) -> dt.timedelta | str:
    match = _DURATION.match(text.strip())
    if not match:
        return text
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def _date(text: str) -> dt.datetime | str:
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return text


class _ContentHandler(xmlstream.Handler):
    """content.xml: the automatic styles (hidden tables, squeezed rows and columns, text the
    colour of its background), then the wanted tables' cells."""

    def __init__(self, want: Callable[[str], bool]):
        self.want = want
        self.hidden_styles: set[str] = set()
        self.squeezed_styles: set[str] = set()      # row and column styles too small to read
        self.colours: dict[str, list[str | None]] = {}  # cell style -> [text, background]
        self.style_name: str | None = None
        self.style_family: str | None = None
        self.column_styles: list[tuple[int, int, str]] = []  # (first, last, default cell style)
        self.row_style: str | None = None
        self.entries: list[SheetEntry] = []
        self.sheets: list[Sheet] = []
        self.sheet: Sheet | None = None
        self.in_table = False
        self.row = -1
        self.column = 0
        self.row_repeat = 1
        self.row_hidden = False
        self.row_squeezed = False
        self.row_cells: list[tuple[int, object]] = []
        self.row_unseen: list[tuple[int, Unseen]] = []
        self.row_merges: list[tuple[int, int, int]] = []
        self.column_position = 0
        self.cell: dict | None = None
        self.paragraphs: list[list[str]] | None = None
        self.in_paragraph = 0
        self.skipping = 0  # inside a comment or a drawing anchored to a cell: not the cell's text
        self.filled = 0

    # -- elements ---------------------------------------------------------------------------

    def start(self, name, attributes):
        if self.skipping:
            self.skipping += 1
            return
        if name == OFFICE + "annotation" or name.startswith(DRAW):
            self.skipping = 1
            return
        if name == TABLE + "table-cell" or name == TABLE + "covered-table-cell":
            self._start_cell(name, attributes)
        elif name == TEXT + "p" or name == TEXT + "h":
            if self.cell is not None:
                self.paragraphs.append([])
                self.in_paragraph += 1
        elif name == TEXT + "s":
            if self.in_paragraph:
                try:
                    count = int(attributes.get(TEXT + "c", "1"))
                except ValueError:
                    count = 1
                self.paragraphs[-1].append(" " * min(max(count, 1), 10_000))
        elif name == TEXT + "tab":
            if self.in_paragraph:
                self.paragraphs[-1].append("\t")
        elif name == TEXT + "line-break":
            if self.in_paragraph:
                self.paragraphs[-1].append("\n")
        elif name == TABLE + "table-row":
            self.row += 1
            self.column = 0
            self.row_repeat = _repeat(attributes, "number-rows-repeated")
            self.row_hidden = attributes.get(TABLE + "visibility", "visible") != "visible"
            self.row_squeezed = attributes.get(TABLE + "style-name") in self.squeezed_styles
            self.row_style = attributes.get(TABLE + "default-cell-style-name")
            self.row_cells = []
            self.row_unseen = []
            self.row_merges = []
        elif name == TABLE + "table-column":
            count = _repeat(attributes, "number-columns-repeated")
            first, last = self.column_position, self.column_position + count - 1
            if self.sheet is not None and attributes.get(TABLE + "visibility", "visible") != "visible":
                self.sheet.hidden_columns.add(first, last)
            elif self.sheet is not None and attributes.get(TABLE + "style-name") in self.squeezed_styles:
                self.sheet.squeezed_columns.add(first, last)
            default = attributes.get(TABLE + "default-cell-style-name")
            if self.sheet is not None and default in self.colours:
                self.column_styles.append((first, last, default))
            self.column_position += count
        elif name == TABLE + "table":
            table_name = attributes.get(TABLE + "name", "")
            hidden = attributes.get(TABLE + "style-name") in self.hidden_styles
            self.entries.append(SheetEntry(table_name, hidden))
            self.in_table = True
            self.row, self.column_position = -1, 0
            self.filled = 0
            self.column_styles = []
            if self.want(table_name):
                self.sheet = Sheet(table_name, hidden)
                self.sheets.append(self.sheet)
        elif name == STYLE + "style":
            self.style_name = attributes.get(STYLE + "name")
            self.style_family = attributes.get(STYLE + "family")
        elif name == STYLE + "table-properties":
            if self.style_name and self.style_family == "table" and attributes.get(TABLE + "display") == "false":
                self.hidden_styles.add(self.style_name)
        elif name in (STYLE + "table-row-properties", STYLE + "table-column-properties") and self.style_name:
            size = points(attributes.get(STYLE + ("row-height" if "row" in name else "column-width")))
            if size is not None and 0 < size < MIN_VISIBLE_POINTS:
                self.squeezed_styles.add(self.style_name)
        elif name == STYLE + "text-properties" and self.style_family == "table-cell" and self.style_name:
            if FO + "color" in attributes:
                self.colours.setdefault(self.style_name, [None, "#ffffff"])[0] = attributes[FO + "color"]
        elif name == STYLE + "table-cell-properties" and self.style_family == "table-cell" and self.style_name:
            background = attributes.get(FO + "background-color")
            if background:
                self.colours.setdefault(self.style_name, [None, "#ffffff"])[1] = (
                    "#ffffff" if background == "transparent" else background)

    def _start_cell(self, name, attributes):
        repeat = _repeat(attributes, "number-columns-repeated")
        if self.sheet is None or name == TABLE + "covered-table-cell":
            self.column += repeat
            self.cell = None
            return
        self.cell = {"attributes": attributes, "repeat": repeat}
        self.paragraphs = []
        rows = _repeat(attributes, "number-rows-spanned")
        columns = _repeat(attributes, "number-columns-spanned")
        if rows > 1 or columns > 1:
            self.row_merges.append((self.column, rows, columns))

    def text(self, data):
        if self.in_paragraph and not self.skipping and self.cell is not None:
            self.paragraphs[-1].append(data)

    def end(self, name):
        if self.skipping:
            self.skipping -= 1
            return
        if name == TEXT + "p" or name == TEXT + "h":
            if self.in_paragraph:
                self.in_paragraph -= 1
        elif name == TABLE + "table-cell":
            if self.cell is not None:
                value = self._cell_value()
                repeat = self.cell["repeat"]
                if value is not None:
                    self._count(repeat)
                    unseen = self._unseen(value)
                    for offset in range(repeat):
                        self.row_cells.append((self.column + offset, value))
                        if unseen is not None:
                            self.row_unseen.append((self.column + offset, unseen))
                self.column += repeat
                self.cell = None
        elif name == TABLE + "table-row":
            self._end_row()
        elif name == TABLE + "table":
            self.in_table = False
            self.sheet = None
        elif name == STYLE + "style":
            self.style_name = self.style_family = None

    # -- values -----------------------------------------------------------------------------

    def _cell_value(self) -> object:
        attributes = self.cell["attributes"]
        kind = attributes.get(OFFICE + "value-type") or attributes.get(CALCEXT + "value-type")
        text = "\n".join("".join(parts) for parts in self.paragraphs)
        if attributes.get(CALCEXT + "value-type") == "error":
            return CellError(text or "#ERR")
        if kind in ("float", "percentage", "currency"):
            try:
                number = float(attributes.get(OFFICE + "value", ""))
            except ValueError:
                return text or None
            if kind == "percentage":  # shown as 100 %, stored as 1
                return Percent(number)
            return int(number) if number.is_integer() and abs(number) < 2**53 else number
        if kind == "date":
            return _date(attributes.get(OFFICE + "date-value", text))
        if kind == "time":
            return _duration(attributes.get(OFFICE + "time-value", text))
        if kind == "boolean":
            return attributes.get(OFFICE + "boolean-value", "").strip().lower() == "true"
        if kind == "string":
            value = attributes.get(OFFICE + "string-value")
            text = value if value is not None else text
            return text if text else None
        if text:
            return text
        if TABLE + "formula" in attributes:
            return Unsaved(attributes[TABLE + "formula"].split(":", 1)[-1].lstrip("="))
        return None

    def _unseen(self, value: object) -> Unseen | None:
        """What hides the cell's value from the person, if anything.

        LibreOffice writes in each cell's paragraphs the text it shows, formatted: a number
        format that shows nothing (``;;;``) leaves them empty, one that shows a fixed text
        leaves no digit. A hidden zero is let be: it shows nothing and counts nothing.
        """
        attributes = self.cell["attributes"]
        kind = attributes.get(OFFICE + "value-type")
        shown = "\n".join("".join(parts) for parts in self.paragraphs).strip() if self.paragraphs else None
        if shown is not None and kind in _NUMBER_KINDS and value != 0 and not any(c.isdigit() for c in shown):
            return Unseen("format", shown)
        if shown == "" and kind == "string" and OFFICE + "string-value" in attributes:
            return Unseen("format", "")
        style = attributes.get(TABLE + "style-name") or self.row_style or self._column_style()
        colours = self.colours.get(style) if style else None
        if colours is not None and same_colour(*colours):
            return Unseen("colour")
        return None

    def _column_style(self) -> str | None:
        for first, last, style in self.column_styles:
            if first <= self.column <= last:
                return style
        return None

    def _count(self, cells: int) -> None:
        self.filled += cells * self.row_repeat
        if self.filled > MAX_FILLED_CELLS:
            raise WorkbookRefused(ProblemCode.TOO_MANY_CELLS, self.sheet.name,
                                  limit=f"{MAX_FILLED_CELLS:,}".replace(",", " "))

    def _end_row(self) -> None:
        first, repeat = self.row, self.row_repeat
        self.row += repeat - 1
        if self.sheet is None:
            return
        if self.row_hidden:
            self.sheet.hidden_rows.add(first, self.row)
        if not self.row_cells and not self.row_merges:
            return
        if self.row_squeezed:
            self.sheet.squeezed_rows.add(first, self.row)
        if self.row_cells:
            # the cap was checked cell by cell with this row's repeat already counted
            for row in range(first, first + repeat):
                for column, value in self.row_cells:
                    self.sheet.cells[(row, column)] = value
                for column, unseen in self.row_unseen:
                    self.sheet.unseen[(row, column)] = unseen
        for column, rows, columns in self.row_merges:
            for row in range(first, first + min(repeat, MAX_FILLED_CELLS)):
                self.sheet.merges.append(Merge(row, column, row + rows - 1, column + columns - 1))
        if len(self.sheet.merges) > MAX_FILLED_CELLS:
            raise WorkbookRefused(ProblemCode.TOO_MANY_CELLS, self.sheet.name,
                                  limit=f"{MAX_FILLED_CELLS:,}".replace(",", " "))


def read_ods(archive: zipfile.ZipFile, want: Callable[[str], bool]) -> tuple[list[SheetEntry], list[Sheet]]:
    """List an .ods archive's sheets and read those whose name ``want`` accepts, in one pass
    over content.xml (where OpenDocument keeps every sheet).

    Parameters
    ----------
    archive : zipfile.ZipFile
        Already checked by :mod:`.preflight`.
    want : callable
        Takes a sheet's name as written; True to read its cells.
    """
    if "content.xml" not in archive.namelist():
        raise WorkbookRefused(ProblemCode.DAMAGED, part="missing part content.xml")
    handler = _ContentHandler(want)
    with archive.open("content.xml") as stream:
        xmlstream.parse(stream, handler, MAX_SHEET_XML_BYTES * 4)
    return handler.entries, handler.sheets


__all__ = ["read_ods"]
