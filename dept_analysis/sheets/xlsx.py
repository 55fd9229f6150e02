"""Reading .xlsx and .xlsm workbooks (Office Open XML), a sheet at a time, as a stream.

Written here rather than taken from a library because the loader must know what the person
sees, and must never let a file's claims decide how much memory is spent:

- calamine (fast, in Rust) allocates the whole used range a sheet claims: one value in
  XFD1048576 of a 9 KB file makes it ask for 512 GB and abort the process; it also cannot
  tell hidden rows and columns;
- openpyxl builds an object per cell and reads the whole workbook, hidden parts included.

Here only the sheets asked for are parsed, only cells that hold a value are kept, hidden
rows and columns and merges are recorded, and the number of filled cells is capped. The
shared strings are read last, keeping only those the kept cells use.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from typing import Callable, Iterable, Sequence

from ..problems import ProblemCode
from . import xmlstream
from .drawings import EXCEL_ROW_POINTS, Cover, Sizes, XlsxDrawing, mark_covered
from .formulas import constant_value
from .looks import (MAX_CONDITIONAL_CHECKS, MIN_FONT_POINTS, MIN_VISIBLE_POINTS, SMALL_RUN, Condition,
                    ConditionalFormat, Unseen, repeated_text, column_number, constant, format_colour, formula_condition, mark_conditional,
                    number_hidden_by, same_colour, text_hidden_by, tinted)
from .model import (MAX_FILLED_CELLS, MAX_SHEET_XML_BYTES, CellError, Merge, Percent, Ranges, Sheet,
                    SheetEntry, Unsaved, WorkbookRefused)

_RELATIONSHIP_TYPES = {"worksheet", "chartsheet", "dialogsheet", "macrosheet", "sharedStrings", "styles", "theme",
                       "drawing"}
_CELL_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")

# Number formats that show a date or a time (ECMA-376 Part 1, 18.8.30), with those of
# East Asian locales: a number shown as a date is a date to the person who typed it.
_PERCENT_FORMAT_IDS = {9, 10}  # 0% and 0.00%
_DATE_FORMAT_IDS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
# The legacy palette, by index (ECMA-376 Part 1, 18.8.27), which a workbook may redefine
# (``<indexedColors>`` in styles.xml: converted .xls files carry their own). 64 and 65 are
# the system's text and background colours, black and white.
_INDEXED_COLOURS = (
    '000000', 'ffffff', 'ff0000', '00ff00', '0000ff', 'ffff00', 'ff00ff', '00ffff',
    '000000', 'ffffff', 'ff0000', '00ff00', '0000ff', 'ffff00', 'ff00ff', '00ffff',
    '800000', '008000', '000080', '808000', '800080', '008080', 'c0c0c0', '808080',
    '9999ff', '993366', 'ffffcc', 'ccffff', '660066', 'ff8080', '0066cc', 'ccccff',
    '000080', 'ff00ff', 'ffff00', '00ffff', '800080', '800000', '008080', '0000ff',
    '00ccff', 'ccffff', 'ccffcc', 'ffff99', '99ccff', 'ff99cc', 'cc99ff', 'ffcc99',
    '3366ff', '33cccc', '99cc00', 'ffcc00', 'ff9900', 'ff6600', '666699', '969696',
    '003366', '339966', '003300', '333300', '993300', '993366', '333399', '333333',
    '000000', 'ffffff',
)
# A theme colour's index names an entry of the theme's colour scheme; Office swaps the first
# two pairs (theme 0 is the background "lt1", 1 the text "dk1"). The Office theme's own
# colours stand in when a workbook has no theme part.
_THEME_ORDER = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
                "hlink", "folHlink")
_OFFICE_THEME = ["ffffff", "000000", "e7e6e6", "44546a", "4472c4", "ed7d31", "a5a5a5", "ffc000", "5b9bd5",
                 "70ad47", "0563c1", "954f72"]
# Of a column's width in characters of the default font: one character is about 5.25 pt.
_POINTS_PER_CHARACTER = 5.25
# In a custom format, text in quotes, escaped characters and [colour]/[$-locale] parts are
# not date codes; [h], [m], [s] (elapsed time) are.
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[(?![hms]+\])[^\]]*\]')


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


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


def is_date_format(code: str) -> bool:
    """Tell whether a custom number format shows a date or a time."""
    cleaned = _FORMAT_NOISE.sub("", code)
    return bool(re.search(r"[dmyhsDMYHS]", cleaned.split(";")[0])) and "General" not in cleaned


def is_percent_format(code: str) -> bool:
    """Tell whether a number format shows a positive number as a percentage (the stored
    number times 100, with "%")."""
    return "%" in _FORMAT_NOISE.sub("", code).split(";")[0]


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


class _RunColours:
    """The colours of a rich text's runs (``<r><rPr><color/></rPr><t>…</t></r>``) that hold
    more than spaces, where a run sets one: a run without takes the cell's colour; and
    :data:`~.looks.SMALL_RUN` among them when a run's size (``<sz>``) is too small to read.
    Fed by a handler that reads inline strings (a sheet) or shared strings."""

    def __init__(self, palette: list[str | None] | None, indexed: Sequence[str | None] = _INDEXED_COLOURS):
        self.palette = palette if palette is not None else _OFFICE_THEME
        self.indexed = indexed
        self.colours: set[str] = set()
        self.colour: str | None = None
        self.small = False
        self.in_properties = False

    def reset(self) -> None:
        self.colours = set()

    def start(self, local: str, attributes: dict[str, str]) -> None:
        """``<r>``, ``<rPr>``, ``<color>`` or ``<sz>`` begins."""
        if local == "r":
            self.colour, self.small = None, False
        elif local == "rPr":
            self.in_properties = True
        elif local == "color" and self.in_properties:
            self.colour = _colour(attributes, self.palette, self.indexed)
        elif local == "sz" and self.in_properties:
            try:
                self.small = 0 < float(attributes.get("val", "")) < MIN_FONT_POINTS
            except ValueError:
                pass

    def end(self, local: str, text: str = "") -> None:
        """``<rPr>`` ends, or ``<r>`` with the ``text`` it held."""
        if local == "rPr":
            self.in_properties = False
        elif local == "r":
            if self.colour is not None and text.strip():
                self.colours.add(self.colour)
            if self.small and text.strip():
                self.colours.add(SMALL_RUN)
            self.colour, self.small = None, False


class _SheetHandler(xmlstream.Handler):
    """One worksheet's XML: the cells with values, hidden rows and columns, merges."""

    def __init__(self, sheet: Sheet, date_styles: Callable[[], set[int]], date1904: bool,
                 percent_styles: Callable[[], set[int]] = set,
                 hiding_styles: Callable[[], dict[int, tuple[str, bool, str | None, bool, bool]]] = dict,
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
        self.column_levels: list[tuple[int, int, int]] = []
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
                    self.column_levels.append((first, last, level))
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

        def column_level(column: int) -> int:
            return next((level for first, last, level in self.column_levels if first <= column <= last), 0)

        for first, last in self.collapsed_columns[:1000]:
            for summary in range(first, min(last, first + 100) + 1):
                level, step = column_level(summary), -1 if self.summary_right else 1
                column = summary + step
                while 0 <= column <= 16_383 and column_level(column) > level:
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
                    self._look(value, *look)
            if value is not None and self.cell_style:
                self.styles[(self.row, self.column)] = self.cell_style
            if value is not None and self.runs.colours:
                self.inline_runs[(self.row, self.column)] = self.runs.colours
            self._store(value)

    def _look(self, value: object, code: str, colour_hidden: bool, background: str | None, tiny: bool,
              repeated: bool = False) -> None:
        """Record the cell as unseen when its style hides ``value``. A hidden zero is let be:
        it shows nothing and counts nothing (templates often hide zeros this way). A number
        aligned "Fill" is shown repeated across the cell (49 as 494949...)."""
        shown = None
        if isinstance(value, tuple) or isinstance(value, str):  # a text, shared or not
            shown = text_hidden_by(code) if code else None
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if value == 0:
                return
            shown = number_hidden_by(code, value) if code else None
            colour = format_colour(code, value) if code else None
            if colour is not None:  # the format's [White] is drawn instead of the font's colour
                colour_hidden = same_colour(colour, background)
        if shown is not None:
            self.sheet.unseen[(self.row, self.column)] = Unseen("format", shown)
        elif colour_hidden:
            self.sheet.unseen[(self.row, self.column)] = Unseen("colour")
        elif tiny:
            self.sheet.unseen[(self.row, self.column)] = Unseen("tiny")
        elif repeated and isinstance(value, (int, float)) and not isinstance(value, bool):
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
        self._hiding_styles: dict[int, tuple[str, bool, str | None, bool, bool]] = {}
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

    def hiding_styles(self) -> dict[int, tuple[str, bool, str | None, bool, bool]]:
        """The cell styles that may hide a value: style -> (its custom number format, else "";
        whether its text is the colour of its background; that background; whether its font
        is too small to read)."""
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


class _ThemeHandler(xmlstream.Handler):
    """theme1.xml: the colours of its colour scheme, in the order a theme index counts them."""

    def __init__(self):
        self.scheme: dict[str, str] = {}
        self.entry: str | None = None
        self.in_scheme = False

    def start(self, name, attributes):
        local = _local(name)
        if local == "clrScheme":
            self.in_scheme = True
        elif self.in_scheme and local in _THEME_ORDER:
            self.entry = local
        elif self.in_scheme and self.entry and local in ("srgbClr", "sysClr"):
            colour = (attributes.get("val") if local == "srgbClr" else attributes.get("lastClr")) or ""
            if re.fullmatch(r"[0-9A-Fa-f]{6}", colour):
                self.scheme.setdefault(self.entry, colour.lower())

    def end(self, name):
        local = _local(name)
        if local == "clrScheme":
            self.in_scheme = False
        elif local == self.entry:
            self.entry = None

    def palette(self) -> list[str | None]:
        return [self.scheme.get(entry) for entry in _THEME_ORDER]


class _StylesHandler(xmlstream.Handler):
    """styles.xml: each cell style's number format, font colour and fill."""

    def __init__(self, palette: list[str | None] | None = None):
        self.palette = palette if palette is not None else _OFFICE_THEME
        self.custom: dict[int, str] = {}
        self.formats: list[int] = []
        self.looks: list[tuple[int, int]] = []  # (font, fill) of each cell style
        self.fonts: list[str | None] = []        # the colour of each font, None if unset
        self.font_sizes: list[float | None] = []  # the size of each font in points, None if unset
        self.fills: list[str | None] = []        # the background of each fill, None if unknown
        # Each differential format (what a conditional format applies): [text colour, fill,
        # number format], None where it leaves the cell's own.
        self.dxfs: list[list] = []
        self.dxf_part = ""  # "font" or "fill" while inside one of a dxf
        self.repeating: set[int] = set()  # cell styles aligned "Fill": the value repeated across the cell
        self.in_cell_formats = False
        self.container = ""  # "fonts", "fills", "dxfs" or "indexedColors" while inside one
        # The legacy palette, which the workbook may redefine at the end of the part: until
        # then each colour is kept as its element's attributes (see _resolve).
        self.indexed: list[str | None] = list(_INDEXED_COLOURS)
        self.redefined: list[str | None] = []

    def start(self, name, attributes):
        local = _local(name)
        if self.container == "dxfs":
            self._differential(local, attributes)
        elif local == "numFmt":
            try:
                self.custom[int(attributes.get("numFmtId", "-1"))] = attributes.get("formatCode", "")
            except ValueError:
                pass
        elif local == "cellXfs":
            self.in_cell_formats = True
        elif local == "xf" and self.in_cell_formats:
            self.formats.append(_integer(attributes.get("numFmtId"), 0))
            self.looks.append((_integer(attributes.get("fontId"), 0), _integer(attributes.get("fillId"), 0)))
        elif local == "alignment" and self.in_cell_formats and self.formats:
            if attributes.get("horizontal") == "fill":  # repeats the value across the cell
                self.repeating.add(len(self.formats) - 1)
        elif local in ("fonts", "fills", "dxfs", "indexedColors"):
            self.container = local
        elif local == "rgbColor" and self.container == "indexedColors":
            rgb = attributes.get("rgb", "").strip().lower()
            self.redefined.append(rgb[-6:] if len(rgb) in (6, 8) and re.fullmatch(r"[0-9a-f]+", rgb) else None)
        elif local == "font" and self.container == "fonts":
            self.fonts.append(None)
            self.font_sizes.append(None)
        elif local == "sz" and self.container == "fonts" and self.font_sizes:
            try:
                self.font_sizes[-1] = float(attributes.get("val", ""))
            except ValueError:
                pass
        elif local == "color" and self.container == "fonts" and self.fonts:
            self.fonts[-1] = dict(attributes)
        elif local == "fill" and self.container == "fills":
            self.fills.append("ffffff")  # no fill: the white of the page
        elif local == "patternFill" and self.container == "fills" and self.fills:
            pattern = attributes.get("patternType", "none")
            self.fills[-1] = "ffffff" if pattern == "none" else ("solid" if pattern == "solid" else None)
        elif local == "gradientFill" and self.container == "fills" and self.fills:
            self.fills[-1] = None
        elif local == "fgColor" and self.container == "fills" and self.fills and self.fills[-1] == "solid":
            self.fills[-1] = dict(attributes)

    def end(self, name):
        local = _local(name)
        if local == "cellXfs":
            self.in_cell_formats = False
        elif local in ("fonts", "fills", "dxfs", "indexedColors"):
            self.container = ""

        elif local in ("font", "fill") and self.container == "dxfs":
            self.dxf_part = ""

    def text(self, data):
        pass

    def _differential(self, local: str, attributes: dict[str, str]) -> None:
        """One element inside ``<dxfs>``. A dxf's solid fill gives its colour as ``bgColor``
        (ECMA-376 Part 1, 18.8.20), unlike a cell style's fill."""
        if local == "dxf":
            self.dxfs.append([None, None, None])
        elif not self.dxfs:
            return
        elif local in ("font", "fill"):
            self.dxf_part = local
        elif local == "color" and self.dxf_part == "font":
            self.dxfs[-1][0] = dict(attributes)
        elif local == "bgColor" and self.dxf_part == "fill":
            self.dxfs[-1][1] = dict(attributes)
        elif local == "fgColor" and self.dxf_part == "fill" and self.dxfs[-1][1] is None:
            self.dxfs[-1][1] = dict(attributes)
        elif local == "numFmt":
            self.dxfs[-1][2] = attributes.get("formatCode", "") or None

    def resolve(self) -> None:
        """Turn the colours kept as attributes into colours, once the whole part is read and
        the palette known."""
        count = min(len(self.redefined), len(_INDEXED_COLOURS) - 2)  # 64 and 65 are the system's
        self.indexed[:count] = self.redefined[:count]

        def colour(value):
            return _colour(value, self.palette, self.indexed) if isinstance(value, dict) else value

        self.fonts = [colour(value) for value in self.fonts]
        self.fills = [colour(value) for value in self.fills]
        for dxf in self.dxfs:
            dxf[0], dxf[1] = colour(dxf[0]), colour(dxf[1])

    def cell_colours(self) -> list[tuple[str | None, str | None]]:
        """Each cell style's (text colour, background), None where it is not certain."""
        result = []
        for font, fill in self.looks:
            text = self.fonts[font] if 0 <= font < len(self.fonts) else None
            background = self.fills[fill] if 0 <= fill < len(self.fills) else None
            result.append((text, None if background == "solid" else background))
        return result

    def cell_codes(self) -> list[str]:
        """Each cell style's custom number format, "" for a built-in one (ids below 164
        without a numFmt), which always shows its value."""
        return [self.custom.get(format_id, "") for format_id in self.formats]

    def date_styles(self) -> set[int]:
        result = set()
        for index, format_id in enumerate(self.formats):
            code = self.custom.get(format_id)
            if (code is not None and is_date_format(code)) or (code is None and format_id in _DATE_FORMAT_IDS):
                result.add(index)
        return result

    def percent_styles(self) -> set[int]:
        result = set()
        for index, format_id in enumerate(self.formats):
            code = self.custom.get(format_id)
            if (code is not None and is_percent_format(code)) or (code is None and format_id in _PERCENT_FORMAT_IDS):
                result.add(index)
        return result

    def hiding_styles(self) -> dict[int, tuple[str, bool, str | None, bool, bool]]:
        result = {}
        looks = zip(self.cell_codes(), self.cell_colours(), self.looks)
        for index, (code, (text, background), (font, _)) in enumerate(looks):
            # A custom format is judged cell by cell, as which section applies depends on the
            # value; the plainest ones always show it.
            if code.strip().lower() in ("general", "0", "@", "# ##0", "#,##0"):
                code = ""
            colour_hidden = same_colour(text, background)
            size = self.font_sizes[font] if 0 <= font < len(self.font_sizes) else None
            tiny = size is not None and 0 < size < MIN_FONT_POINTS
            repeated = index in self.repeating
            if code or colour_hidden or tiny or repeated:
                result[index] = (code, colour_hidden, background, tiny, repeated)
        return result


def _number(text: str | None, default: float) -> float:
    try:
        return float(text) if text is not None else default
    except ValueError:
        return default


def _integer(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _colour(attributes: dict[str, str], palette: list[str | None],
            indexed: Sequence[str | None] = _INDEXED_COLOURS) -> str | None:
    """A ``<color>`` element's colour as six hex digits, where it is certain: an RGB value,
    a theme colour from ``palette`` or a legacy palette colour from ``indexed``; lightened
    or darkened by its tint. Automatic is not certain: Excel draws it black, LibreOffice
    black or white, whichever shows on the background."""
    if attributes.get("auto") in ("1", "true"):
        return None
    colour = None
    if "rgb" in attributes:
        rgb = attributes["rgb"].strip().lower()
        colour = rgb[-6:] if len(rgb) in (6, 8) and re.fullmatch(r"[0-9a-f]+", rgb) else None
    elif "theme" in attributes:
        index = _integer(attributes["theme"], -1)
        colour = palette[index] if 0 <= index < len(palette) else None
    elif "indexed" in attributes:
        index = _integer(attributes["indexed"], -1)
        colour = indexed[index] if 0 <= index < len(indexed) else None
    try:
        tint = float(attributes.get("tint") or 0)
    except ValueError:
        return None
    if colour is not None and tint and -1 <= tint <= 1:
        colour = tinted(colour, tint)
    return colour


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


__all__ = ["XlsxBook", "excel_date", "is_date_format", "is_percent_format", "parse_reference", "read_xlsx", "unescape"]
