"""Reading .xlsx and .xlsm workbooks (Office Open XML), a sheet at a time, as a stream.

Written here rather than taken from a library because the loader must know what the person
sees, and must never let a file's claims decide how much memory is spent:

- calamine (fast, in Rust) allocates the whole used range a sheet claims: one value in
  XFD1048576 of a 9 KB file makes it ask for 512 GB and abort the process; it also cannot
  tell hidden rows and columns;
- openpyxl builds an object per cell and reads the whole workbook, hidden parts included.

Here only the sheets asked for are parsed, only cells that hold a value are kept, hidden
rows and columns and merges are recorded, and the number of filled cells is capped. The
shared strings are read last, keeping only those the kept cells use. The styles and the
theme, which say how each cell looks, are read by :mod:`.xlsx_styles`; the pictures over
cells by :mod:`.drawings`.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from typing import Callable, Iterable, Sequence

from ..problems import ProblemCode
from . import xmlstream
from .drawings import EXCEL_ROW_POINTS, LAST_COLUMN, Cover, Runs, Sizes, XlsxDrawing, mark_covered
from .formulas import constant_value
from .looks import (MAX_CONDITIONAL_CHECKS, MIN_VISIBLE_POINTS, SMALL_RUN, Condition, ConditionalFormat, Unseen,
                    column_number, constant, format_colour, formula_condition, mark_conditional, number_hidden_by,
                    repeated_text, same_colour, text_hidden_by)
from .model import (MAX_FILLED_CELLS, MAX_SHEET_XML_BYTES, CellError, Merge, Percent, Ranges, Sheet,
                    SheetEntry, Unsaved, WorkbookRefused)
from .xlsx_styles import (_INDEXED_COLOURS, HidingLook, _RunColours, _StylesHandler, _ThemeHandler, _integer,
                          _local, _number)

_RELATIONSHIP_TYPES = {"worksheet", "chartsheet", "dialogsheet", "macrosheet", "sharedStrings", "styles", "theme",
                       "drawing"}
_CELL_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")

# Of a column's width in characters of the default font: one character is about 5.25 pt.
_POINTS_PER_CHARACTER = 5.25
# The worksheet elements the reader looks at, by the qualified name expat gives them, in the
# two namespaces Excel writes (Transitional, and Strict OOXML): one dictionary lookup per
# element instead of splitting every name.
_SHEET_NAMESPACES = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                     "http://purl.oclc.org/ooxml/spreadsheetml/main")
_SHEET_TAGS = {f"{namespace} {local}": local for namespace in _SHEET_NAMESPACES
               for local in ("c", "v", "f", "t", "rPh", "row", "col", "mergeCell", "sheetFormatPr",
                             "conditionalFormatting", "cfRule", "formula", "r", "rPr", "color", "sz", "drawing",
                             "outlinePr")}
# Conditional formats whose condition this reader judges: a comparison with constants. Those
# that change no text colour or number format (colour scales, data bars, icon sets) are left
# out; every other kind (a formula, "top 10", "contains text"...) is taken to hold.
_DRAWN_RULES = {"colorScale", "dataBar", "iconSet"}
# Rule kinds judged by what the cell holds rather than compared.
_RULE_KINDS = {"containsErrors": "isError", "notContainsErrors": "notError", "containsBlanks": "isBlank",
               "notContainsBlanks": "notBlank"}


def _attribute(attributes: dict[str, str], local: str) -> str | None:
    """An attribute by its local name, whatever its namespace (Strict and Transitional
    OOXML put the relationship id under different namespaces)."""
    if local in attributes:
        return attributes[local]
    for key, value in attributes.items():
        if key.rpartition(" ")[2] == local:
            return value
    return None


def _true(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("1", "true", "on")


def parse_reference(reference: str) -> tuple[int, int]:
    """Return (row, column) from 0 for "C5"; raise WorkbookRefused for anything else."""
    match = _CELL_REFERENCE.match(reference)
    if not match:
        raise WorkbookRefused(ProblemCode.DAMAGED, part=f"cell reference {reference[:20]!r}")
    return int(match.group(2)) - 1, column_number(match.group(1))


def unescape(text: str) -> str:
    """Undo Excel's ``_xHHHH_`` escapes (``_x000D_`` for a carriage return) and make line
    ends "\\n"."""
    if "_x" in text:
        text = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def excel_date(serial: float, date1904: bool) -> dt.datetime | float:
    """Turn a date serial number into a datetime (the 1900 system counts a 29 February 1900
    that never was); a number outside the calendar stays a number."""
    if not 0 <= serial < 2958466:
        return serial
    if date1904:
        base = dt.datetime(1904, 1, 1)
    elif serial < 60:
        base = dt.datetime(1899, 12, 31)
    else:
        base = dt.datetime(1899, 12, 30)
    return base + dt.timedelta(days=serial)


class _Collect(xmlstream.Handler):
    """Collects what a small part says, element by element (the workbook, its relationships,
    the styles)."""

    def __init__(self, wanted: set[str]):
        self.wanted = wanted
        self.found: list[tuple[str, dict[str, str]]] = []
        self.depth_in: list[str] = []

    def start(self, name, attributes):
        local = _local(name)
        if local in self.wanted:
            self.found.append((local, attributes))

    def end(self, name):
        pass

    def text(self, data):
        pass


class _SheetHandler(xmlstream.Handler):
    """One worksheet's XML: the cells with values, hidden rows and columns, merges."""

    def __init__(self, sheet: Sheet, date_styles: Callable[[], set[int]], date1904: bool,
                 percent_styles: Callable[[], set[int]] = set,
                 hiding_styles: Callable[[], dict[int, HidingLook]] = dict,
                 palette: list[str | None] | None = None, results_stale: bool = False,
                 indexed: Sequence[str | None] = _INDEXED_COLOURS):
        self.sheet = sheet
        self.date_styles = date_styles  # read on first use: most numbers have no style at all
        self.percent_styles = percent_styles
        self.hiding_styles = hiding_styles
        self.default_height_squeezed = False
        self.default_width_squeezed = False
        # Where the sheet's pictures and shapes are (its drawing part), and the sizes that
        # place those anchored by their size alone (see .drawings).
        self.drawing_id: str | None = None
        self.sizes = Sizes()
        # Outline groups (Data → Group): the levels of rows and columns that have one, and
        # the collapsed summary rows and columns, whose groups LibreOffice hides even when
        # the rows themselves are not marked hidden (see collapsed_outlines).
        self.row_levels: dict[int, int] = {}
        self.column_levels = Runs(0)
        self.collapsed_rows: list[int] = []
        self.collapsed_columns: list[tuple[int, int]] = []
        self.summary_below = self.summary_right = True
        self.explicit_columns = Ranges()  # columns given a <col> of their own
        self.date1904 = date1904
        self.results_stale = results_stale  # the workbook asks for its formulas to be recalculated
        self.shared: dict[tuple[int, int], int] = {}
        self.row = -1
        self.column = -1
        self.row_hidden = False
        self.zero_height = False
        self.in_cell = False
        self.cell_type = "n"
        self.cell_style = 0
        self.formula = ""
        self.has_formula = False
        self.has_value = False
        self.capture: str | None = None  # "v", "f" or "t"
        self.buffer: list[str] = []
        self.in_phonetic = 0
        self.filled = 0
        self.styles: dict[tuple[int, int], int] = {}  # the style of each filled cell that has one
        # Conditional formats as written: (ranges, type, operator, operands, dxfId, priority,
        # stopIfTrue).
        self.rules: list[tuple] = []
        self.rule_ranges: tuple = ()
        self.rule: list | None = None
        # Inline rich text: the colours of each cell's runs that hold more than spaces.
        self.inline_runs: dict[tuple[int, int], set[str]] = {}
        self.runs = _RunColours(palette, indexed)
        self.run_start = 0  # where the run being read begins in the cell's text

    def start(self, name, attributes):
        local = _SHEET_TAGS.get(name)
        if local is None:
            return
        if local == "c":
            reference = attributes.get("r")
            if reference:
                self.row, self.column = parse_reference(reference)
            else:
                self.column += 1
            self.in_cell = True
            self.cell_type = attributes.get("t", "n")
            style = attributes.get("s")
            self.cell_style = int(style) if style and style.isdigit() else 0
            self.has_formula = self.has_value = False
            self.formula = ""
            self.buffer = []
            self.runs.reset()
        elif local == "v" and self.in_cell:
            self.capture, self.has_value = "v", True
            self.buffer = []
        elif local == "f" and self.in_cell:
            self.capture, self.has_formula = "f", True
            self.formula_buffer: list[str] = []
        elif local == "t" and self.in_cell and not self.in_phonetic:
            self.capture, self.has_value = "t", True
        elif local == "rPh":
            self.in_phonetic += 1
        elif local in ("r", "rPr", "color", "sz") and self.in_cell and not self.in_phonetic:
            self.run_start = len(self.buffer) if local == "r" else self.run_start
            self.runs.start(local, attributes)
        elif local == "row":
            reference = attributes.get("r")
            self.row = int(reference) - 1 if reference and reference.isdigit() else self.row + 1
            self.column = -1
            hidden = _true(attributes.get("hidden"))
            height = attributes.get("ht")
            custom = _true(attributes.get("customHeight"))
            try:
                zero = height is not None and float(height) == 0
            except ValueError:
                zero = False
            if zero and custom:
                hidden = True
            if self.zero_height and not (custom and height and not zero):
                hidden = True  # rows are hidden by default on this sheet
            if hidden or height is not None:
                self.sizes.row.add(self.row, self.row, 0.0 if hidden else _number(height, self.sizes.row.default))
            level = _integer(attributes.get("outlineLevel"), 0)
            if level > 0:
                self.row_levels[self.row] = level
            if _true(attributes.get("collapsed")):
                self.collapsed_rows.append(self.row)
            if hidden:
                self.sheet.hidden_rows.add(self.row, self.row)
            # A height is drawn as saved, customHeight or not (Excel recomputes it only
            # when the row is edited), so a sliver without the flag is still a sliver.
            elif _squeezed(height) or (self.default_height_squeezed and height is None):
                self.sheet.squeezed_rows.add(self.row, self.row)
        elif local == "col":
            try:
                first, last = int(attributes.get("min", "0")) - 1, int(attributes.get("max", "0")) - 1
            except ValueError:
                return
            width = attributes.get("width")
            if first >= 0 and last >= first:
                self.explicit_columns.add(first, last)
                level = _integer(attributes.get("outlineLevel"), 0)
                if level > 0:
                    self.column_levels.add(first, last, level)
                if _true(attributes.get("collapsed")):
                    self.collapsed_columns.append((first, last))
                shown = not _true(attributes.get("hidden"))
                self.sizes.column.add(first, last, _number(width, 0.0) * _POINTS_PER_CHARACTER * shown
                                      if width is not None else self.sizes.column.default * shown)
            try:
                narrow = width is not None and float(width) == 0
            except ValueError:
                narrow = False
            if first >= 0 and last >= first and (_true(attributes.get("hidden")) or narrow):
                self.sheet.hidden_columns.add(first, last)
            elif first >= 0 and last >= first and width is not None and _squeezed(width, _POINTS_PER_CHARACTER):
                self.sheet.squeezed_columns.add(first, last)
        elif local == "mergeCell":
            reference = attributes.get("ref", "")
            if ":" in reference:
                start, end = reference.split(":", 1)
                (top, left), (bottom, right) = parse_reference(start), parse_reference(end)
                self.sheet.merges.append(Merge(min(top, bottom), min(left, right), max(top, bottom), max(left, right)))
                if len(self.sheet.merges) > MAX_FILLED_CELLS:
                    raise WorkbookRefused(ProblemCode.TOO_MANY_CELLS, self.sheet.name,
                                          limit=f"{MAX_FILLED_CELLS:,}".replace(",", " "))
        elif local == "conditionalFormatting":
            self.rule_ranges = tuple(_ranges(attributes.get("sqref", "")))
        elif local == "cfRule":
            self.rule = [self.rule_ranges, attributes.get("type", ""), attributes.get("operator", ""), [],
                         _integer(attributes.get("dxfId"), -1), _integer(attributes.get("priority"), 0),
                         _true(attributes.get("stopIfTrue"))]
        elif local == "formula" and self.rule is not None:
            self.capture, self.formula_buffer = "cf", []
        elif local == "sheetFormatPr":
            self.zero_height = _true(attributes.get("zeroHeight"))
            self.default_height_squeezed = (_true(attributes.get("customHeight"))
                                            and _squeezed(attributes.get("defaultRowHeight")))
            # Columns without a <col> of their own are this wide (in characters).
            self.default_width_squeezed = _squeezed(attributes.get("defaultColWidth"), _POINTS_PER_CHARACTER)
            if attributes.get("defaultColWidth"):
                self.sizes.column.default = _number(attributes["defaultColWidth"], 8.43) * _POINTS_PER_CHARACTER
            if attributes.get("defaultRowHeight"):
                self.sizes.row.default = _number(attributes["defaultRowHeight"], EXCEL_ROW_POINTS)
        elif local == "drawing":
            self.drawing_id = _attribute(attributes, "id")
        elif local == "outlinePr":
            self.summary_below = attributes.get("summaryBelow") not in ("0", "false")
            self.summary_right = attributes.get("summaryRight") not in ("0", "false")

    def collapsed_outlines(self) -> None:
        """Hide the rows and columns of collapsed outline groups: those next to a collapsed
        summary row or column (below or right of its group unless the sheet says otherwise)
        whose level is deeper than the summary's. Excel marks them hidden itself; a file
        that only marks the summary collapsed shows them hidden in LibreOffice."""
        for summary in self.collapsed_rows:
            level, step = self.row_levels.get(summary, 0), -1 if self.summary_below else 1
            row = summary + step
            while row >= 0 and self.row_levels.get(row, 0) > level:
                self.sheet.hidden_rows.add(row, row)
                row += step

        for first, last in self.collapsed_columns[:1000]:
            for summary in range(first, min(last, first + 100) + 1):
                level, step = self.column_levels(summary), -1 if self.summary_right else 1
                column = summary + step
                while 0 <= column <= LAST_COLUMN and self.column_levels(column) > level:
                    self.sheet.hidden_columns.add(column, column)
                    column += step

    def text(self, data):
        if self.capture in ("f", "cf"):
            self.formula_buffer.append(data)
        elif self.capture is not None:
            self.buffer.append(data)

    def end(self, name):
        local = _SHEET_TAGS.get(name)
        if local is None:
            return
        if local in ("v", "t"):
            if self.capture == local:
                self.capture = None
        elif local == "f":
            if self.capture == "f":
                self.formula = "".join(self.formula_buffer)
                self.capture = None
        elif local == "rPh":
            self.in_phonetic -= 1
        elif local in ("r", "rPr") and self.in_cell and not self.in_phonetic:
            self.runs.end(local, "".join(self.buffer[self.run_start:]) if local == "r" else "")
        elif local == "formula" and self.capture == "cf":
            self.capture = None
            if self.rule is not None:
                self.rule[3].append("".join(self.formula_buffer))
        elif local == "cfRule" and self.rule is not None:
            if self.rule[1] not in _DRAWN_RULES and (self.rule[4] >= 0 or self.rule[6]) and self.rule[0]:
                self.rules.append(tuple(self.rule))
                if len(self.rules) > MAX_FILLED_CELLS:  # each asks for one check at least
                    raise WorkbookRefused(ProblemCode.TOO_MANY_RULES, self.sheet.name,
                                          limit=f"{MAX_FILLED_CELLS:,}".replace(",", " "))
            self.rule = None
        elif local == "c" and self.in_cell:
            self.in_cell = False
            value = self._value()
            # Style 0 is checked too: it is the workbook's "Normal", which a clerk can change.
            if value is not None:
                look = self.hiding_styles().get(self.cell_style)
                if look is not None:
                    self._look(value, look)
            if value is not None and self.cell_style:
                self.styles[(self.row, self.column)] = self.cell_style
            if value is not None and self.runs.colours:
                self.inline_runs[(self.row, self.column)] = self.runs.colours
            self._store(value)

    def _look(self, value: object, look: HidingLook) -> None:
        """Record the cell as unseen when its style hides ``value``. A hidden zero is let be:
        it shows nothing and counts nothing (templates often hide zeros this way). A number
        aligned "Fill" is shown repeated across the cell (49 as 494949...)."""
        code, colour_hidden, shown = look.code, look.colour_hidden, None
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if isinstance(value, tuple) or isinstance(value, str):  # a text, shared or not
            shown = text_hidden_by(code) if code else None
        elif number:
            if value == 0:
                return
            shown = number_hidden_by(code, value) if code else None
            colour = format_colour(code, value) if code else None
            if colour is not None:  # the format's [White] is drawn instead of the font's colour
                colour_hidden = same_colour(colour, look.background)
        if shown is not None:
            self.sheet.unseen[(self.row, self.column)] = Unseen("format", shown)
        elif colour_hidden:
            self.sheet.unseen[(self.row, self.column)] = Unseen("colour")
        elif look.tiny:
            self.sheet.unseen[(self.row, self.column)] = Unseen("tiny")
        elif look.repeated and number:
            self.sheet.unseen[(self.row, self.column)] = Unseen("repeated", repeated_text(value))

    def _value(self) -> object:
        text = "".join(self.buffer)
        kind = self.cell_type
        if self.has_formula and not self._result_stands(text, kind):
            return Unsaved(self.formula)
        if not self.has_value or (text == "" and kind not in ("inlineStr", "str")):
            return Unsaved(self.formula) if self.has_formula else None
        if kind == "s":
            try:
                return ("shared", int(text))
            except ValueError:
                raise WorkbookRefused(ProblemCode.DAMAGED, self.sheet.name, part="shared string index") from None
        if kind in ("inlineStr", "str"):
            return unescape(text) if text else None
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "e":
            return CellError(text.strip())
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00")).replace(tzinfo=None)
            except ValueError:
                return text
        try:
            number = float(text)
        except ValueError:
            raise WorkbookRefused(ProblemCode.DAMAGED, self.sheet.name, part=f"number {text[:20]!r}") from None
        if self.cell_style in self.date_styles():
            return excel_date(number, self.date1904)
        if self.cell_style in self.percent_styles():
            return Percent(number)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number

    def _result_stands(self, text: str, kind: str) -> bool:
        """Tell whether a formula's saved result is what the person sees. A formula of
        numbers alone (``=200+14``) is calculated and must equal it; any other is trusted
        unless the workbook asks to be recalculated on opening, as programs that do not
        calculate ask (their saved results are 0 or old ones)."""
        value = constant_value(self.formula) if self.formula else None
        if value is None:
            return not self.results_stale
        try:
            saved = float(text) if kind == "n" and self.has_value else None
        except ValueError:
            return False
        return saved is not None and abs(saved - value) <= 1e-9 * max(1.0, abs(value))

    def _store(self, value: object) -> None:
        if value is None:
            return
        self.filled += 1
        if self.filled > MAX_FILLED_CELLS:
            raise WorkbookRefused(ProblemCode.TOO_MANY_CELLS, self.sheet.name, limit=f"{MAX_FILLED_CELLS:,}".replace(",", " "))
        key = (self.row, self.column)
        if isinstance(value, tuple):
            self.shared[key] = value[1]
        else:
            self.sheet.cells[key] = value


class _SharedStrings(xmlstream.Handler):
    """The shared strings, keeping only the indices asked for."""

    def __init__(self, wanted: set[int], palette: list[str | None] | None = None,
                 indexed: Sequence[str | None] = _INDEXED_COLOURS):
        self.wanted = wanted
        self.strings: dict[int, str] = {}
        # Rich text: the colours of each wanted string's runs (see _RunColours).
        self.run_colours: dict[int, set[str]] = {}
        self.runs = _RunColours(palette, indexed)
        self.run_text: list[str] = []
        self.index = -1
        self.in_text = False
        self.in_phonetic = 0
        self.buffer: list[str] = []
        self.last = max(wanted) if wanted else -1

    def start(self, name, attributes):
        local = _local(name)
        if local == "si":
            self.index += 1
            self.buffer = []
            self.runs.reset()
            if self.index > self.last:
                raise StopIteration  # every string needed is read
        elif local == "t" and not self.in_phonetic:
            self.in_text = self.index in self.wanted
        elif local == "rPh":
            self.in_phonetic += 1
        elif local in ("r", "rPr", "color", "sz") and not self.in_phonetic and self.index in self.wanted:
            self.run_text = [] if local == "r" else self.run_text
            self.runs.start(local, attributes)

    def text(self, data):
        if self.in_text:
            self.buffer.append(data)
            self.run_text.append(data)

    def end(self, name):
        local = _local(name)
        if local == "t":
            self.in_text = False
        elif local == "rPh":
            self.in_phonetic -= 1
        elif local in ("r", "rPr") and not self.in_phonetic and self.index in self.wanted:
            self.runs.end(local, "".join(self.run_text))
        elif local == "si" and self.index in self.wanted:
            self.strings[self.index] = unescape("".join(self.buffer))
            if self.runs.colours:
                self.run_colours[self.index] = self.runs.colours


class XlsxBook:
    """An open .xlsx archive: its sheets as listed, and a way to read some of them.

    Parameters
    ----------
    archive : zipfile.ZipFile
        Already checked by :mod:`.preflight`.
    """

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.names = set(archive.namelist())
        workbook_part = self._office_document()
        if workbook_part not in self.names:
            # An office document, but not a workbook: a Word file given a workbook's name.
            raise WorkbookRefused(ProblemCode.NOT_A_SPREADSHEET)
        relationships = self._relationships(workbook_part)
        found = self._small(workbook_part, {"workbook", "sheet", "workbookPr", "calcPr"})
        if not found or found[0][0] != "workbook":
            raise WorkbookRefused(ProblemCode.NOT_A_SPREADSHEET)  # a Word or PowerPoint file
        self.date1904 = any(local == "workbookPr" and _true(a.get("date1904")) for local, a in found)
        # A file that asks to be recalculated when opened (fullCalcOnLoad) was written by a
        # program that does not calculate: the results it saved (XlsxWriter saves 0) are not
        # what Excel shows, which calculates them anew. Excel and LibreOffice drop the flag
        # when they save.
        self.results_stale = any(local == "calcPr" and _true(a.get("fullCalcOnLoad")) for local, a in found)
        self.entries: list[SheetEntry] = []
        for local, attributes in found:
            if local != "sheet":
                continue
            target, kind = relationships.get(_attribute(attributes, "id") or "", ("", ""))
            state = attributes.get("state", "visible")
            part = target if kind == "worksheet" else ""
            self.entries.append(SheetEntry(attributes.get("name", ""), state in ("hidden", "veryHidden"), part))
        by_kind = {kind: target for target, kind in relationships.values()}
        self.shared_strings_part = by_kind.get("sharedStrings")
        self.styles_part = by_kind.get("styles")
        self.theme_part = by_kind.get("theme")
        self._date_styles: set[int] | None = None
        self._percent_styles: set[int] = set()
        self._hiding_styles: dict[int, HidingLook] = {}
        self._cell_colours: list[tuple[str | None, str | None]] = []
        self._cell_codes: list[str] = []
        self._palette: list[str | None] | None = None
        self._indexed: Sequence[str | None] = _INDEXED_COLOURS
        self._differential: list[list] = []

    # -- the parts that say where everything is --------------------------------------------

    def _open(self, part: str):
        if part not in self.names:
            raise WorkbookRefused(ProblemCode.DAMAGED, part=f"missing part {part}")
        return self.archive.open(part)

    def _small(self, part: str, wanted: set[str]) -> list[tuple[str, dict[str, str]]]:
        handler = _Collect(wanted)
        with self._open(part) as stream:
            xmlstream.parse(stream, handler, MAX_SHEET_XML_BYTES)
        return handler.found

    def _office_document(self) -> str:
        if "_rels/.rels" in self.names:
            for _, attributes in self._small("_rels/.rels", {"Relationship"}):
                if attributes.get("Type", "").endswith("/officeDocument"):
                    return _resolve("", attributes.get("Target", ""))
        return "xl/workbook.xml"

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        folder, file = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", file + ".rels")
        result: dict[str, tuple[str, str]] = {}
        if rels not in self.names:
            return result
        for _, attributes in self._small(rels, {"Relationship"}):
            kind = attributes.get("Type", "").rsplit("/", 1)[-1]
            if kind in _RELATIONSHIP_TYPES and attributes.get("TargetMode") != "External":
                result[attributes.get("Id", "")] = (_resolve(folder, attributes.get("Target", "")), kind)
        return result

    def date_styles(self) -> set[int]:
        """The cell styles (indices into cellXfs) whose number format shows a date."""
        if self._date_styles is None:
            self._date_styles = set()
            if self.styles_part and self.styles_part in self.names:
                self._palette = self._theme()
                handler = _StylesHandler(self._palette)
                with self._open(self.styles_part) as stream:
                    xmlstream.parse(stream, handler, MAX_SHEET_XML_BYTES)
                handler.resolve()
                self._indexed = handler.indexed
                self._date_styles = handler.date_styles()
                self._percent_styles = handler.percent_styles()
                self._hiding_styles = handler.hiding_styles()
                self._cell_colours = handler.cell_colours()
                self._cell_codes = handler.cell_codes()
                self._differential = handler.dxfs
        return self._date_styles

    def _looks_of(self, style: int) -> tuple[str | None, str | None, str]:
        """Cell style ``style``'s (text colour, background, custom number format); an
        unknown style is automatic text on white with no format."""
        if 0 <= style < len(self._cell_colours):
            return (*self._cell_colours[style], self._cell_codes[style])
        return None, "ffffff", ""

    def _theme(self) -> list[str | None] | None:
        """The workbook's theme colours, or None to take the Office theme's."""
        if not self.theme_part or self.theme_part not in self.names:
            return None
        handler = _ThemeHandler()
        with self._open(self.theme_part) as stream:
            xmlstream.parse(stream, handler, MAX_SHEET_XML_BYTES)
        return handler.palette()

    def percent_styles(self) -> set[int]:
        """The cell styles whose number format shows a percentage."""
        self.date_styles()
        return self._percent_styles

    def hiding_styles(self) -> dict[int, HidingLook]:
        """The cell styles that may hide a value, with what of each may hide it."""
        self.date_styles()
        return self._hiding_styles

    # -- reading sheets ---------------------------------------------------------------------

    def read(self, entries: Iterable[SheetEntry]) -> list[Sheet]:
        """Read the cells of ``entries`` (taken from :attr:`entries`)."""
        # The styles and the theme, read once: every value's style is looked at, and rich
        # text's colours need the theme.
        self.date_styles()
        sheets, shared, conditional, drawn = [], [], [], []
        for entry in entries:
            sheet = Sheet(entry.name, entry.hidden)
            if entry.part:
                info = self.archive.getinfo(entry.part) if entry.part in self.names else None
                if info is not None and info.file_size > MAX_SHEET_XML_BYTES:
                    raise WorkbookRefused(ProblemCode.SHEET_TOO_LARGE, entry.name, size=info.file_size // 1024 // 1024,
                                          limit=MAX_SHEET_XML_BYTES // 1024 // 1024)
                handler = _SheetHandler(sheet, self.date_styles, self.date1904, self.percent_styles,
                                        self.hiding_styles, self._palette, self.results_stale, self._indexed)
                with self._open(entry.part) as stream:
                    xmlstream.parse(stream, handler, MAX_SHEET_XML_BYTES, entry.name)
                handler.collapsed_outlines()
                shared.append((sheet, handler.shared, handler.styles))
                for key, colours in handler.inline_runs.items():
                    if key not in sheet.unseen:
                        self._runs_unseen(sheet, key, handler.styles.get(key, 0), colours)
                if handler.default_width_squeezed:
                    for column in {column for _, column in [*sheet.cells, *handler.shared]}:
                        if column not in handler.explicit_columns:
                            sheet.squeezed_columns.add(column, column)
                if handler.rules:
                    conditional.append((sheet, handler))
                if handler.drawing_id:
                    drawn.append((sheet, self._drawing(entry.part, handler.drawing_id, handler.sizes)))
            sheets.append(sheet)
        wanted = {index for _, cells, _ in shared for index in cells.values()}
        strings, run_colours = self._shared_strings(wanted) if wanted else ({}, {})
        for sheet, cells, styles in shared:
            for key, index in cells.items():
                text = strings.get(index)
                if text is None:
                    raise WorkbookRefused(ProblemCode.DAMAGED, sheet.name, part="shared string missing")
                if text:
                    sheet.cells[key] = text
                    if index in run_colours and key not in sheet.unseen:
                        self._runs_unseen(sheet, key, styles.get(key, 0), run_colours[index])
        _drop_covered(sheets)
        for sheet, covers in drawn:
            mark_covered(sheet, covers)
        for sheet, handler in conditional:
            self._mark_conditional(sheet, handler)
        return sheets

    def _drawing(self, sheet_part: str, relationship: str, sizes: Sizes) -> list[Cover]:
        """The blocks of cells that the pictures and shapes of a sheet's drawing lie over."""
        target, kind = self._relationships(sheet_part).get(relationship, ("", ""))
        if kind != "drawing" or target not in self.names:
            return []
        handler = XlsxDrawing(sizes)
        with self._open(target) as stream:
            xmlstream.parse(stream, handler, MAX_SHEET_XML_BYTES)
        return handler.covers

    def _mark_conditional(self, sheet: Sheet, handler: _SheetHandler) -> None:
        """Record the cells that the sheet's conditional formats may hide: their differential
        formats' colours and number formats over the cell's own, in priority order."""
        dxfs = self._differential
        rules = []
        for ranges, kind, operator, operands, dxf_id, _, stop in sorted(handler.rules, key=lambda rule: rule[5]):
            text, fill, code = dxfs[dxf_id] if 0 <= dxf_id < len(dxfs) else (None, None, None)
            if kind == "cellIs":
                condition = Condition(operator, tuple(constant(operand) for operand in operands))
            elif kind == "expression" and len(operands) == 1:
                condition = formula_condition(operands[0], ranges[0][:2])
            else:
                condition = Condition(_RULE_KINDS.get(kind, ""))
            rules.append(ConditionalFormat(ranges, condition, text, fill, code, stop=stop))

        looks = lambda key: self._looks_of(handler.styles.get(key, 0))  # noqa: E731 - one line, used once
        if not mark_conditional(sheet.cells, rules, sheet.unseen, looks):
            raise WorkbookRefused(ProblemCode.TOO_MANY_RULES, sheet.name,
                                  limit=f"{MAX_CONDITIONAL_CHECKS:,}".replace(",", " "))

    def _runs_unseen(self, sheet: Sheet, key: tuple[int, int], style: int, colours: set[str]) -> None:
        """Record a text cell part of whose text is the colour of the cell's background
        ("4" white in "49", a sentence white inside a paragraph), or too small to read."""
        background = self._looks_of(style)[1]
        if any(same_colour(colour, background) for colour in colours):
            sheet.unseen[key] = Unseen("colour_part")
        elif SMALL_RUN in colours:
            sheet.unseen[key] = Unseen("tiny_part")

    def _shared_strings(self, wanted: set[int]) -> tuple[dict[int, str], dict[int, set[str]]]:
        """The wanted shared strings, and the colours of their rich-text runs."""
        if not self.shared_strings_part:
            return {}, {}
        handler = _SharedStrings(wanted, self._palette, self._indexed)
        with self._open(self.shared_strings_part) as stream:
            try:
                xmlstream.parse(stream, handler, MAX_SHEET_XML_BYTES * 4)
            except StopIteration:
                pass
        return handler.strings, handler.run_colours


def _ranges(sqref: str) -> list[tuple[int, int, int, int]]:
    """The ranges of a ``sqref`` such as ``"C2:C20 E5"``, as (top, left, bottom, right)."""
    result = []
    for part in sqref.split():
        start, _, end = part.partition(":")
        (top, left), (bottom, right) = parse_reference(start), parse_reference(end or start)
        result.append((min(top, bottom), min(left, right), max(top, bottom), max(left, right)))
    return result


def _squeezed(length: str | None, points_per_unit: float = 1.0) -> bool:
    """Tell whether a row height (in points) or a column width (in characters) is above
    zero but too small for text to be read."""
    try:
        value = float(length) * points_per_unit if length is not None else None
    except ValueError:
        return False
    return value is not None and 0 < value < MIN_VISIBLE_POINTS


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def _drop_covered(sheets: list[Sheet]) -> None:
    """Remove what merged cells cover: a person sees only the merge's first cell, and some
    writers keep the covered cells' old values."""
    for sheet in sheets:
        for merge in sheet.merges:
            if (merge.bottom - merge.top + 1) * (merge.right - merge.left + 1) > len(sheet.cells) * 4:
                # A huge merge (whole columns): walk the cells, not the range.
                for key in [k for k in sheet.cells if merge.top <= k[0] <= merge.bottom
                            and merge.left <= k[1] <= merge.right and k != (merge.top, merge.left)]:
                    del sheet.cells[key]
                continue
            for row in range(merge.top, merge.bottom + 1):
                for column in range(merge.left, merge.right + 1):
                    if (row, column) != (merge.top, merge.left):
                        sheet.cells.pop((row, column), None)




def read_xlsx(archive: zipfile.ZipFile, want) -> tuple[list[SheetEntry], list[Sheet]]:
    """List an .xlsx archive's sheets and read those whose name ``want`` accepts.

    Parameters
    ----------
    archive : zipfile.ZipFile
        Already checked by :mod:`.preflight`.
    want : callable
        Takes a sheet's name as written; True to read its cells.
    """
    book = XlsxBook(archive)
    return book.entries, book.read([entry for entry in book.entries if want(entry.name)])


__all__ = ["XlsxBook", "excel_date", "parse_reference", "read_xlsx", "unescape"]
