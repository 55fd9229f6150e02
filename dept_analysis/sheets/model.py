"""What a sheet is once read: the cells that hold a value, and what the person sees of them.

Cells are kept sparse, by (row, column) from 0, so a workbook that claims a used range of a
million rows, or holds one stray value in its last cell, costs what its filled cells cost
and nothing more.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field

from ..problems import ProblemCode
from .looks import Unseen

# A monthly sheet holds a few hundred filled cells. Past this many, it is something else,
# and reading on would only spend memory.
MAX_FILLED_CELLS = 100_000
# The XML of one sheet: a monthly sheet is tens of kilobytes.
MAX_SHEET_XML_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class CellError:
    """A cell whose formula gives an error, e.g. ``#REF!``."""

    code: str
    # How a conditional format's condition (looks.Condition, which cannot import this
    # module) tells an error from a value.
    is_error = True

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class Percent:
    """A number in a cell formatted as a percentage: the person sees "100%", the file holds
    1. Kept apart from plain numbers so that no count is read as a hundredth of what is shown."""

    value: float

    def __str__(self) -> str:
        return f"{self.value * 100:g}%"


@dataclass(frozen=True)
class Unsaved:
    """A formula cell that holds no saved result (its writer never calculated it)."""

    formula: str = ""

    def __str__(self) -> str:
        return f"={self.formula}" if self.formula else "="


class Ranges:
    """Sorted, non-overlapping ranges of row or column numbers (hidden rows, hidden columns).

    Kept as ranges, not as sets: an .ods file marks a million empty rows hidden with one
    element, which must not become a million numbers.
    """

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        """Add the numbers ``start`` to ``end`` inclusive (in increasing order of ``start``)."""
        if self._ends and start <= self._ends[-1] + 1 and start >= self._starts[-1]:
            self._ends[-1] = max(self._ends[-1], end)
            return
        index = bisect_right(self._starts, start)
        self._starts.insert(index, start)
        self._ends.insert(index, end)

    def __contains__(self, number: int) -> bool:
        index = bisect_right(self._starts, number) - 1
        return index >= 0 and number <= self._ends[index]

    def __bool__(self) -> bool:
        return bool(self._starts)


@dataclass(frozen=True)
class Merge:
    """A merged range, rows and columns from 0, inclusive."""

    top: int
    left: int
    bottom: int
    right: int


@dataclass
class Sheet:
    """One worksheet as read.

    Attributes
    ----------
    name : str
        As written on its tab.
    hidden : bool
        Hidden (or "very hidden") in the workbook.
    cells : dict
        (row, column) from 0 -> value: ``str`` exactly as typed (line breaks as "\\n"),
        ``int`` or ``float``, ``bool``, ``datetime.datetime``, ``datetime.timedelta``,
        :class:`CellError` or :class:`Unsaved`. Blank cells are absent. Cells covered by
        a merge are absent too: a person sees only the merge's first cell.
    hidden_rows, hidden_columns : Ranges
        Rows and columns hidden by the person, a filter or an outline.
    squeezed_rows, squeezed_columns : Ranges
        Rows and columns not hidden but made too small for their text to be seen
        (:data:`~.looks.MIN_VISIBLE_POINTS`).
    unseen : dict
        (row, column) -> :class:`~.looks.Unseen`: cells whose value their formatting hides.
    merges : list of Merge
    """

    name: str
    hidden: bool = False
    cells: dict[tuple[int, int], object] = field(default_factory=dict)
    hidden_rows: Ranges = field(default_factory=Ranges)
    hidden_columns: Ranges = field(default_factory=Ranges)
    squeezed_rows: Ranges = field(default_factory=Ranges)
    squeezed_columns: Ranges = field(default_factory=Ranges)
    unseen: dict[tuple[int, int], Unseen] = field(default_factory=dict)
    merges: list[Merge] = field(default_factory=list)

    def rows(self) -> dict[int, dict[int, object]]:
        """The filled cells grouped by row, rows and cells in order."""
        grouped: dict[int, dict[int, object]] = {}
        for (row, column), value in sorted(self.cells.items()):
            grouped.setdefault(row, {})[column] = value
        return grouped


@dataclass
class SheetEntry:
    """A sheet as the workbook lists it, before (or without) reading its cells."""

    name: str
    hidden: bool
    part: str = ""  # where its cells are: the xlsx part name


class WorkbookRefused(Exception):
    """Raised by a reader when a file must not be read further; carries the problem's code,
    the sheet concerned (or "") and the facts for its message."""

    def __init__(self, code: ProblemCode, sheet: str = "", **details):
        super().__init__(code.value)
        self.code, self.sheet, self.details = code, sheet, details


def column_letter(column: int) -> str:
    """Return the spreadsheet letters of a column numbered from 0: 0 -> "A", 26 -> "AA"."""
    letters = ""
    number = column + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    """Return "C5" for row 4, column 2 (both from 0)."""
    return f"{column_letter(column)}{row + 1}"


def is_date_value(value: object) -> bool:
    """Tell whether a cell holds a date, a time or a duration."""
    return isinstance(value, (dt.date, dt.time, dt.timedelta))


__all__ = ["CellError", "MAX_FILLED_CELLS", "MAX_SHEET_XML_BYTES", "Merge", "Ranges", "Sheet", "SheetEntry",
           "Percent", "Unsaved", "Unseen", "WorkbookRefused", "cell_name", "column_letter", "is_date_value"]
