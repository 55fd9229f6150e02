"""Pictures and shapes that lie over cells.

A picture, a text box or a shape placed over a cell hides its value: the person sees the
picture (a white box with another number drawn in it, a logo over a count), the reader would
read the cell. Each drawn object is turned into the block of cells it lies over, and every
filled cell under it is recorded as unseen (``Unseen("covered")``), so the loader refuses it
with its place and what to do, as for a value hidden by its formatting.

Where an object is anchored by its size alone (a picture "moved but not sized with cells",
LibreOffice's frames), the cells it reaches are found from the columns' widths and the rows'
heights, in points; those a sheet does not set take the program's defaults.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable

from . import xmlstream
from .looks import Unseen
from .model import Sheet

# The last row and column a sheet can have (Excel's limits; LibreOffice's are not larger).
LAST_ROW, LAST_COLUMN = 1_048_575, 16_383
# More objects than this on one sheet are not looked at one by one: the sheet is taken to be
# covered where its filled cells are (no monthly workbook has a thousand pictures).
MAX_OBJECTS = 1000
EMU_PER_POINT = 12_700
# An object that passes a cell's edge by less than this still leaves the cell's text in
# view: it is not taken to lie over that cell.
EDGE_POINTS = 3.0
# Excel: a column is 8.43 characters (64 pixels, 48 pt) and a row 15 pt unless set.
EXCEL_COLUMN_POINTS, EXCEL_ROW_POINTS = 48.0, 15.0


@dataclass(frozen=True)
class Cover:
    """The block of cells (from 0, inclusive) a drawn object lies over."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int

    def holds(self, key: tuple[int, int]) -> bool:
        row, column = key
        return self.first_row <= row <= self.last_row and self.first_column <= column <= self.last_column


class Runs:
    """A value for runs of rows or columns (first, last, value), added in order and found by
    bisection (a sheet may list a million rows); ``default`` for the others."""

    def __init__(self, default: float):
        self.default = default
        self.firsts: list[int] = []
        self.runs: list[tuple[int, float]] = []  # (last, value) of each run

    def add(self, first: int, last: int, value: float) -> None:
        if self.firsts and first <= self.firsts[-1]:
            return  # out of order (no program writes rows so): the size already known stands
        self.firsts.append(first)
        self.runs.append((last, value))

    def __call__(self, index: int) -> float:
        at = bisect.bisect_right(self.firsts, index) - 1
        if at >= 0 and index <= self.runs[at][0]:
            return self.runs[at][1]
        return self.default


class Sizes:
    """A sheet's column widths and row heights in points: those it sets, else the defaults.
    ``sizes.column(index)`` and ``sizes.row(index)`` give one cell's."""

    def __init__(self, column_points: float = EXCEL_COLUMN_POINTS, row_points: float = EXCEL_ROW_POINTS):
        self.column = Runs(column_points)
        self.row = Runs(row_points)


# Cells walked at most to place one object: past this an object is taken to reach no further
# (a file claiming an object a million hidden rows long costs nothing).
MAX_STEPS = 20_000


def reach(start: int, offset: float, length: float, size: Callable[[int], float], last: int) -> int:
    """The last index an extent of ``length`` points reaches, begun ``offset`` points into
    cell ``start``, over cells of ``size(index)`` points each. An extent that ends on a cell's
    edge, or passes it by less than :data:`EDGE_POINTS`, does not reach the next cell."""
    end = offset + max(length, 0.0)
    index = start
    # A cell of no size (hidden) is passed over; the walk is bounded by the sheet's last cell.
    while index < min(last, start + MAX_STEPS):
        width = size(index)
        if end <= width + EDGE_POINTS:
            break
        end -= width
        index += 1
    return index


def locate(position: float, size: Callable[[int], float], last: int) -> tuple[int, float]:
    """The cell a position ``position`` points from the sheet's edge falls in, and how far
    into it."""
    index = 0
    while index < min(last, MAX_STEPS):
        width = size(index)
        if 0 < width and position < width:  # a hidden cell (no width) is passed over
            break
        position -= width
        index += 1
    return index, max(position, 0.0)


def placed(sizes: "Sizes", x: float, y: float) -> tuple[int, int, float, float]:
    """Where an object placed ``x`` points across and ``y`` down from the sheet's corner
    begins: (row, column, points down into that row, points across into that column)."""
    row, down = locate(y, sizes.row, LAST_ROW)
    column, across = locate(x, sizes.column, LAST_COLUMN)
    return row, column, down, across


def block(sizes: "Sizes", row: int, column: int, down: float, across: float, width: float,
          height: float) -> Cover | None:
    """The cells an object ``width`` x ``height`` points lies over, begun ``down`` and
    ``across`` points into cell (row, column); None for an object of no size."""
    if width <= 0 or height <= 0:
        return None
    return Cover(row, column, reach(row, down, height, sizes.row, LAST_ROW),
                 reach(column, across, width, sizes.column, LAST_COLUMN))


def mark_covered(sheet: Sheet, covers: list[Cover]) -> None:
    """Record every filled cell of ``sheet`` that an object lies over as unseen."""
    if not covers or not sheet.cells:
        return
    if len(covers) > MAX_OBJECTS:
        covers = [Cover(0, 0, LAST_ROW, LAST_COLUMN)]
    for cover in covers:
        area = (cover.last_row - cover.first_row + 1) * (cover.last_column - cover.first_column + 1)
        if area <= len(sheet.cells):
            keys = ((row, column) for row in range(cover.first_row, cover.last_row + 1)
                    for column in range(cover.first_column, cover.last_column + 1))
            keys = [key for key in keys if key in sheet.cells]
        else:
            keys = [key for key in sheet.cells if cover.holds(key)]
        for key in keys:
            sheet.unseen.setdefault(key, Unseen("covered"))


# -- .xlsx: xl/drawings/drawingN.xml ----------------------------------------------------------

_SPREADSHEET_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_ANCHORS = ("twoCellAnchor", "oneCellAnchor", "absoluteAnchor")
# What an anchor may hold that is drawn over the cells (a connector is a line: it hides nothing).
_OBJECTS = ("pic", "sp", "graphicFrame", "grpSp", "contentPart")
_DRAWING_MAIN = "http://schemas.openxmlformats.org/drawingml/2006/main"
# A shape drawn as a line or a connector (LibreOffice saves its lines so, as shapes): it
# crosses cells without hiding them.
_LINES = re.compile(r"line|straightConnector\d*|bentConnector\d*|curvedConnector\d*", re.IGNORECASE)


class XlsxDrawing(xmlstream.Handler):
    """A sheet's drawing part: the block of cells each visible object lies over."""

    def __init__(self, sizes: Sizes):
        self.sizes = sizes
        self.covers: list[Cover] = []
        self.anchor: dict | None = None
        self.place = ""  # "from" or "to" while inside one
        self.field = ""  # "col", "colOff", "row" or "rowOff" while inside one
        self.depth = 0   # of objects inside the anchor: a group's shapes are the group's

    def start(self, name, attributes):
        namespace, local = xmlstream.split(name)
        if namespace == _SPREADSHEET_DRAWING and local in _ANCHORS:
            self.anchor = {"kind": local, "from": {}, "to": {}, "ext": None, "pos": None, "shown": False}
            self.depth = 0
        elif self.anchor is None:
            return
        elif namespace == _SPREADSHEET_DRAWING and local in ("from", "to"):
            self.place = local
        elif namespace == _SPREADSHEET_DRAWING and self.place and local in ("col", "colOff", "row", "rowOff"):
            self.field, self.text_buffer = local, []
        elif namespace == _SPREADSHEET_DRAWING and local == "ext" and self.depth == 0:
            self.anchor["ext"] = (_number(attributes.get("cx")), _number(attributes.get("cy")))
        elif namespace == _SPREADSHEET_DRAWING and local == "pos":
            self.anchor["pos"] = (_number(attributes.get("x")), _number(attributes.get("y")))
        elif namespace == _SPREADSHEET_DRAWING and local in _OBJECTS:
            if self.depth == 0:
                self.anchor["shown"] = True
            self.depth += 1
        elif namespace == _SPREADSHEET_DRAWING and local == "cNvPr" and self.depth == 1:
            if attributes.get("hidden") in ("1", "true"):
                self.anchor["shown"] = False
        elif namespace == _DRAWING_MAIN and local == "prstGeom" and self.depth == 1:
            if _LINES.fullmatch(attributes.get("prst", "")):
                self.anchor["shown"] = False

    def text(self, data):
        if self.field:
            self.text_buffer.append(data)

    def end(self, name):
        namespace, local = xmlstream.split(name)
        if self.anchor is None or namespace != _SPREADSHEET_DRAWING:
            return
        if local == self.field:
            self.anchor[self.place][local] = _number("".join(self.text_buffer))
            self.field = ""
        elif local in ("from", "to"):
            self.place = ""
        elif local in _OBJECTS:
            self.depth -= 1
        elif local in _ANCHORS:
            if self.anchor["shown"]:
                cover = self._cover(self.anchor)
                if cover is not None:
                    self.covers.append(cover)
            self.anchor = None

    def _cover(self, anchor: dict) -> Cover | None:
        sizes = self.sizes
        if anchor["kind"] == "absoluteAnchor":  # placed from the sheet's corner
            if anchor["pos"] is None:
                return None
            row, column, down, across = placed(sizes, *(value / EMU_PER_POINT for value in anchor["pos"]))
        else:
            start = anchor["from"]
            row = min(max(int(start.get("row", 0)), 0), LAST_ROW)
            column = min(max(int(start.get("col", 0)), 0), LAST_COLUMN)
            down, across = start.get("rowOff", 0.0) / EMU_PER_POINT, start.get("colOff", 0.0) / EMU_PER_POINT
            # Begun on a cell's far edge, or within a few points of it, the object leaves that cell.
            if column < LAST_COLUMN and across >= sizes.column(column) - EDGE_POINTS:
                column, across = column + 1, 0.0
            if row < LAST_ROW and down >= sizes.row(row) - EDGE_POINTS:
                row, down = row + 1, 0.0
        if anchor["kind"] == "twoCellAnchor":
            end = anchor["to"]
            last_row, last_column = int(end.get("row", row)), int(end.get("col", column))
            # An object that ends on a cell's top or left edge, or just past it, does not lie over it.
            if end.get("rowOff", 0) < EDGE_POINTS * EMU_PER_POINT and last_row > row:
                last_row -= 1
            if end.get("colOff", 0) < EDGE_POINTS * EMU_PER_POINT and last_column > column:
                last_column -= 1
            return Cover(row, column, min(max(last_row, row), LAST_ROW), min(max(last_column, column), LAST_COLUMN))
        if anchor["ext"] is None:
            return None
        width, height = (value / EMU_PER_POINT for value in anchor["ext"])
        return block(sizes, row, column, down, across, width, height)


def _number(text: str | None) -> float:
    try:
        return float(text) if text else 0.0
    except ValueError:
        return 0.0


__all__ = ["Cover", "EXCEL_COLUMN_POINTS", "EXCEL_ROW_POINTS", "MAX_OBJECTS", "MAX_STEPS", "Sizes", "XlsxDrawing",
           "Runs", "block", "locate", "mark_covered", "placed", "reach"]
