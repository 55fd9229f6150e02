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
from .drawings import Cover, Sizes, block, mark_covered, placed
from .formulas import constant_value
from .looks import (MAX_CONDITIONAL_CHECKS, MIN_FONT_POINTS, MIN_VISIBLE_POINTS, SMALL_RUN, Condition,
                    ConditionalFormat, Unseen, column_number, conditional_hides, constant, formula_condition,
                    mark_conditional, points, reads_as_another_quantity, repeated_text, same_colour, shows_number)
from .model import (MAX_FILLED_CELLS, MAX_SHEET_XML_BYTES, CellError, Merge, Percent, Sheet, SheetEntry,
                    Unsaved, WorkbookRefused)

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 "
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0 "
CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0 "
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0 "
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0 "
SVG = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0 "
NUMBER = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0 "
_NUMBER_KINDS = ("float", "percentage", "currency")
# Drawn objects that lie over cells (a line or a connector hides nothing); LibreOffice's
# default column and row (2.258 cm and 0.452 cm) for those placed by their size.
_DRAWN_OBJECTS = {DRAW + n for n in ("frame", "custom-shape", "rect", "ellipse", "circle", "polygon", "path",
                                     "regular-polygon", "g", "control", "caption", "measure")}
_ODS_SIZES = {"column_points": 64.0, "row_points": 12.8}

_CONTAINERS = {TABLE + n for n in ("table-row-group", "table-header-rows", "table-rows", "table-column-group",
                                   "table-header-columns", "table-columns")}
_DURATION = re.compile(r"^-?P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$")
# More than this many columns or rows is no spreadsheet a person made (LibreOffice has 16 384
# columns and 1 048 576 rows); a repeat count past it is refused rather than trusted.
_MAX_POSITION = 1 << 24
# A style's parents are followed this far: LibreOffice's chains are two or three long.
_MAX_STYLE_DEPTH = 16
# LibreOffice's conditions (calcext:value) that compare the cell with constants.
_COMPARISONS = {"=": "equal", "==": "equal", "!=": "notEqual", "<>": "notEqual", ">": "greaterThan",
                ">=": "greaterThanOrEqual", "<": "lessThan", "<=": "lessThanOrEqual"}
_COMPARISON = re.compile(r"^\s*(==|!=|<>|>=|<=|=|>|<)(.*)$", re.DOTALL)
_STATES = {"is-error": "isError", "is-no-error": "notError"}
_FORMULA_IS = re.compile(r"^\s*formula-is\((.*)\)\s*$", re.DOTALL)
_BRACKETED = re.compile(r"\[(?:'(?:[^']|'')*'|[^\].']*)\.(\$?[A-Za-z]{1,3}\$?[0-9]{1,7})\]")
_BETWEEN = re.compile(r"^\s*(between|not-between)\((.*)\)\s*$", re.DOTALL)
# One end of a range address: an optional sheet name (quoted or bare), a point, a cell.
_ADDRESS_END = r"(?:'(?:[^']|'')*'|[^\s'.:]*)\.\$?([A-Za-z]{1,3})\$?([0-9]{1,7})"
_ADDRESS = re.compile(_ADDRESS_END + r"(?::" + _ADDRESS_END + r")?")
# Conditional formats that draw (scales, bars, icons) rather than apply a style.
_CONDITION_ELEMENTS = {CALCEXT + "condition", CALCEXT + "date-is"}


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


def _ranges(address: str) -> tuple:
    """The ranges of a ``calcext:target-range-address`` such as
    ``"Показники.C2:Показники.C40 Показники.E5"``, as (top, left, bottom, right) from 0."""
    result = []
    for match in _ADDRESS.finditer(address):
        left, top = column_number(match.group(1)), int(match.group(2)) - 1
        right, bottom = ((column_number(match.group(3)), int(match.group(4)) - 1) if match.group(3)
                         else (left, top))
        result.append((min(top, bottom), min(left, right), max(top, bottom), max(left, right)))
    return tuple(result)


def _map_condition(value: str, base: str | None) -> Condition:
    """An OpenDocument ``style:condition`` (``"cell-content()>0"``,
    ``"cell-content-is-between(1,5)"``, ``"is-true-formula([.$C2]=0)"``) as a
    :class:`~.looks.Condition`; any other is taken to hold."""
    value = value.strip()
    if value.startswith("cell-content()"):
        return _condition(value[len("cell-content()"):], base)
    for prefix, kind in (("cell-content-is-between", "between"), ("cell-content-is-not-between", "not-between"),
                         ("is-true-formula", "formula-is")):
        if value.startswith(prefix + "("):
            return _condition(kind + value[len(prefix):], base)
    return Condition()


def _condition(value: str, base: str | None = None) -> Condition:
    """A LibreOffice condition (``">0"``, ``"between(1,5)"``, ``"formula-is([.$C2]=0)"``
    with the cell it is written for, ``base``) as a :class:`~.looks.Condition`; any other
    kind ("top 10", "contains"...) is taken to hold."""
    formula = _FORMULA_IS.match(value)
    if formula:
        anchor = _ranges(base or "")
        if not anchor:
            return Condition()
        # [.$C2] and [Показники.$C2] are OpenFormula's C2 and $C2.
        return formula_condition(_BRACKETED.sub(r"\1", formula.group(1)), anchor[0][:2])
    if value.strip() in _STATES:
        return Condition(_STATES[value.strip()])
    match = _COMPARISON.match(value)
    if match:
        return Condition(_COMPARISONS[match.group(1)], (constant(match.group(2)),))
    match = _BETWEEN.match(value)
    if match:
        operands = [part for part in re.split(r",|;", match.group(2))]
        if len(operands) == 2:
            return Condition("between" if match.group(1) == "between" else "notBetween",
                             tuple(constant(operand) for operand in operands))
    return Condition()


class _CellStyles:
    """Cell styles by name, named (styles.xml) and automatic (content.xml): each one's text
    colour, background and parent, so that a cell's colours are those it inherits."""

    def __init__(self):
        # name -> [text colour, background, parent, number style, font size in points,
        #          whether the content is repeated across the cell ("Repeat content")]
        self.styles: dict[str, list] = {}
        self.display: dict[str, str] = {}              # a named style's display name -> name
        self.number_colours: dict[str, str] = {}       # number style -> the colour it draws numbers in
        # number style -> its sections as LibreOffice writes them: (condition, number style)
        self.number_maps: dict[str, list[tuple[Condition, str]]] = {}
        self._resolved: dict[str, tuple[str | None, str | None]] = {}

    def define(self, name: str, parent: str | None, display: str | None = None, number: str | None = None) -> None:
        self.styles[name] = [None, None, parent, number, None, None]
        if display:
            self.display[display] = name

    def _chain(self, name: str | None):
        """The entries of style ``name`` and of its parents, nearest first."""
        current, depth = name, 0
        while current in self.styles and depth < _MAX_STYLE_DEPTH:
            yield self.styles[current]
            current, depth = self.styles[current][2], depth + 1

    def _nearest(self, name: str | None, index: int):
        """The look ``index`` (see :attr:`styles`) that style ``name`` or its nearest parent sets."""
        return next((entry[index] for entry in self._chain(name) if entry[index] is not None), None)

    def number_colour(self, name: str | None, value: float) -> str | None:
        """The colour the number style of cell style ``name`` (or of its parents) draws
        ``value`` in, if it sets one. LibreOffice writes a format's sections as number
        styles of their own, mapped from the last one by ``value()>=0`` and the like."""
        number = self._nearest(name, 3)
        if number is None:
            return None
        for condition, section in self.number_maps.get(number, ()):
            if condition.holds(value):
                return self.number_colours.get(section)
        return self.number_colours.get(number)

    def set(self, name: str, index: int, value: object) -> None:
        """Set one of a style's looks (see :attr:`styles`) when the style is known."""
        if name in self.styles:
            self.styles[name][index] = value

    def colours(self, name: str | None) -> tuple[str | None, str]:
        """The (text colour, background) a cell of style ``name`` shows; the background is
        white unless a style in the chain sets one."""
        if name is None:
            return None, "#ffffff"
        name = name if name in self.styles else self.display.get(name, name)
        if name not in self._resolved:
            self._resolved[name] = (self._nearest(name, 0), self._nearest(name, 1))
        text, background = self._resolved[name]
        return text, background or "#ffffff"

    def applied(self, name: str) -> tuple[str | None, str | None]:
        """What a conditional format's style changes: its text colour (inherited or its own)
        and its own background, None where it leaves the cell's."""
        own = self.styles.get(name if name in self.styles else self.display.get(name, name),
                              [None, None, None, None, None])
        return self.colours(name)[0], own[1]

    def font_size(self, name: str | None) -> float | None:
        """The font size in points a cell of style ``name`` shows, if a style in the chain sets one."""
        return self._nearest(name, 4)

    def repeats(self, name: str | None) -> bool:
        """Whether a cell of style ``name`` repeats its content across the cell."""
        return bool(self._nearest(name, 5))

    def known(self, name: str | None) -> bool:
        return name is not None and (name in self.styles or name in self.display)


class _StylesHandler(xmlstream.Handler):
    """styles.xml: the named cell styles (a template's "Heading", a conditional format's
    "ConditionalStyle_1"), with their colours."""

    def __init__(self, styles: _CellStyles):
        self.styles = styles
        self.current: str | None = None
        self.number_style: str | None = None

    def start(self, name, attributes):
        if name == STYLE + "style":
            self.current = None
            if attributes.get(STYLE + "family") == "table-cell" and attributes.get(STYLE + "name"):
                self.current = attributes[STYLE + "name"]
                self.styles.define(self.current, attributes.get(STYLE + "parent-style-name"),
                                   attributes.get(STYLE + "display-name"), attributes.get(STYLE + "data-style-name"))
        elif self.current is not None:
            _style_colours(self.styles, self.current, name, attributes)
        else:
            self.number_style = _number_colour(self.styles, self.number_style, name, attributes)

    def end(self, name):
        if name == STYLE + "style":
            self.current = None
        elif name.startswith(NUMBER) and name.endswith("-style"):
            self.number_style = None


def _number_colour(styles: _CellStyles, current: str | None, name: str, attributes: dict[str, str]) -> str | None:
    """Follow the number styles (``number:number-style`` and its kin): record the colour a
    number style draws its numbers in (``style:text-properties`` inside it, as LibreOffice
    writes ``[WHITE]0``). Returns the number style now open, if any."""
    if name.startswith(NUMBER) and name.endswith("-style"):
        return attributes.get(STYLE + "name")
    if current is not None and name == STYLE + "text-properties" and FO + "color" in attributes:
        styles.number_colours[current] = attributes[FO + "color"]
    elif current is not None and name == STYLE + "map" and attributes.get(STYLE + "apply-style-name"):
        condition = attributes.get(STYLE + "condition", "").strip()
        condition = _condition(condition[len("value()"):]) if condition.startswith("value()") else Condition()
        styles.number_maps.setdefault(current, []).append((condition, attributes[STYLE + "apply-style-name"]))
    return current


def _style_colours(styles: _CellStyles, style: str, name: str, attributes: dict[str, str]) -> None:
    """Record a text or background colour that an element inside a cell style sets."""
    if name == STYLE + "text-properties" and FO + "font-size" in attributes:
        size = points(attributes[FO + "font-size"])
        if size is not None:
            styles.set(style, 4, size)
    if name == STYLE + "text-properties" and FO + "color" in attributes:
        styles.set(style, 0, attributes[FO + "color"])
    elif name == STYLE + "table-cell-properties":
        if attributes.get(FO + "background-color"):
            background = attributes[FO + "background-color"]
            styles.set(style, 1, "#ffffff" if background == "transparent" else background)
        if STYLE + "repeat-content" in attributes:
            styles.set(style, 5, attributes[STYLE + "repeat-content"] == "true")


def _date(text: str) -> dt.datetime | str:
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return text


class _ContentHandler(xmlstream.Handler):
    """content.xml: the automatic styles (hidden tables, squeezed rows and columns, text the
    colour of its background), then the wanted tables' cells."""

    def __init__(self, want: Callable[[str], bool], styles: _CellStyles):
        self.want = want
        self.hidden_styles: set[str] = set()
        self.squeezed_styles: set[str] = set()      # row and column styles too small to read
        self.colours = styles                       # cell styles, named ones already in
        self.cell_styles: dict[tuple[int, int], str] = {}  # this table's filled cells' styles
        self.conditional_range: tuple = ()
        self.number_style: str | None = None  # the number style being read, in the automatic styles
        self.text_colours: dict[str, str] = {}  # text (span) style -> its colour
        self.text_sizes: dict[str, float] = {}  # text (span) style -> its font size in points
        self.spans: list[tuple[str | None, float | None]] = []  # (colour, size) of the spans the text is in
        # The colours of a cell's spans that hold more than spaces, and SMALL_RUN if one is too
        # small to read.
        self.run_colours: set[str] = set()
        self.rules: list[ConditionalFormat] = []
        # This table's pictures and shapes, placed once its rows' heights are known (see
        # _drawn), and the sizes of its columns and rows.
        self.drawn: list[tuple] = []
        self.sizes = Sizes(**_ODS_SIZES)
        self.style_sizes: dict[str, float] = {}  # row or column style -> its height or width in points
        # Cell style -> its conditions as OpenDocument maps them: (condition, style applied).
        self.maps: dict[str, list[tuple[Condition, str]]] = {}
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
        self.row_height: float | None = None  # the row's own height in points, if its style sets one
        self.row_cells: list[tuple[int, object]] = []
        self.row_unseen: list[tuple[int, Unseen]] = []
        self.row_styles: list[tuple[int, str]] = []
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
        if not self.in_table and (name.startswith(NUMBER) or self.number_style is not None):
            self.number_style = _number_colour(self.colours, self.number_style, name, attributes)
        if name == OFFICE + "annotation" or name.startswith(DRAW):
            if self.sheet is not None and name in _DRAWN_OBJECTS:
                self._drawn(attributes)
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
        elif name == TEXT + "span":
            if self.in_paragraph:
                style = attributes.get(TEXT + "style-name", "")
                self.spans.append((self.text_colours.get(style), self.text_sizes.get(style)))
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
            self.row_height = self.style_sizes.get(attributes.get(TABLE + "style-name", ""))
            self.row_style = attributes.get(TABLE + "default-cell-style-name")
            self.row_cells = []
            self.row_unseen = []
            self.row_styles = []
            self.row_merges = []
        elif name == TABLE + "table-column":
            count = _repeat(attributes, "number-columns-repeated")
            first, last = self.column_position, self.column_position + count - 1
            if self.sheet is not None and attributes.get(TABLE + "visibility", "visible") != "visible":
                self.sheet.hidden_columns.add(first, last)
            elif self.sheet is not None and attributes.get(TABLE + "style-name") in self.squeezed_styles:
                self.sheet.squeezed_columns.add(first, last)
            default = attributes.get(TABLE + "default-cell-style-name")
            if self.sheet is not None and default:
                self.column_styles.append((first, last, default))
            width = self.style_sizes.get(attributes.get(TABLE + "style-name", ""))
            shown = attributes.get(TABLE + "visibility", "visible") == "visible"
            if self.sheet is not None and (width is not None or not shown):
                self.sizes.column.add(first, last, (width if width is not None else self.sizes.column.default) * shown)
            self.column_position += count
        elif name == TABLE + "table":
            table_name = attributes.get(TABLE + "name", "")
            hidden = attributes.get(TABLE + "style-name") in self.hidden_styles
            self.entries.append(SheetEntry(table_name, hidden))
            self.in_table = True
            self.row, self.column_position = -1, 0
            self.filled = 0
            self.column_styles = []
            self.cell_styles = {}
            self.rules = []
            self.drawn, self.sizes = [], Sizes(**_ODS_SIZES)
            if self.want(table_name):
                self.sheet = Sheet(table_name, hidden)
                self.sheets.append(self.sheet)
        elif name == STYLE + "style":
            self.style_name = attributes.get(STYLE + "name")
            self.style_family = attributes.get(STYLE + "family")
            if self.style_family == "table-cell" and self.style_name:
                self.colours.define(self.style_name, attributes.get(STYLE + "parent-style-name"),
                                    number=attributes.get(STYLE + "data-style-name"))
        elif name == STYLE + "map" and self.style_family == "table-cell" and self.style_name:
            applied = attributes.get(STYLE + "apply-style-name")
            if applied:
                self.maps.setdefault(self.style_name, []).append(
                    (_map_condition(attributes.get(STYLE + "condition", ""), attributes.get(STYLE + "base-cell-address")),
                     applied))  # made into ConditionalFormats at the first table, when every style is known
        elif name == CALCEXT + "conditional-format":
            self.conditional_range = _ranges(attributes.get(CALCEXT + "target-range-address", ""))
        elif name in _CONDITION_ELEMENTS and self.sheet is not None and self.conditional_range:
            self._rule(attributes)
        elif name == STYLE + "table-properties":
            if self.style_name and self.style_family == "table" and attributes.get(TABLE + "display") == "false":
                self.hidden_styles.add(self.style_name)
        elif name in (STYLE + "table-row-properties", STYLE + "table-column-properties") and self.style_name:
            size = points(attributes.get(STYLE + ("row-height" if "row" in name else "column-width")))
            if size is not None and 0 < size < MIN_VISIBLE_POINTS:
                self.squeezed_styles.add(self.style_name)
            if size is not None:
                self.style_sizes[self.style_name] = size
        elif self.style_family == "table-cell" and self.style_name:
            _style_colours(self.colours, self.style_name, name, attributes)
        elif self.style_family == "text" and self.style_name and name == STYLE + "text-properties":
            if FO + "color" in attributes:
                self.text_colours[self.style_name] = attributes[FO + "color"]
            size = points(attributes.get(FO + "font-size"))
            if size is not None:
                self.text_sizes[self.style_name] = size

    def _rule(self, attributes: dict[str, str]) -> None:
        """A condition of a conditional format, with what its style changes. LibreOffice
        applies the first condition of a format that holds, and no other."""
        value = attributes.get(CALCEXT + "value")
        condition = _condition(value, attributes.get(CALCEXT + "base-cell-address")) if value else Condition()
        self.rules.append(self._conditional(self.conditional_range, condition,
                                            attributes.get(CALCEXT + "apply-style-name")))

    def _conditional(self, ranges: tuple, condition: Condition, applied: str | None) -> ConditionalFormat:
        """A conditional format that applies the cell style ``applied``."""
        if not self.colours.known(applied):
            return ConditionalFormat(ranges, condition, stop=True)
        text, background = self.colours.applied(applied)
        return ConditionalFormat(ranges, condition, text, background,
                                 number_text=self.colours.number_colour(applied, 1), stop=True)

    def _start_cell(self, name, attributes):
        repeat = _repeat(attributes, "number-columns-repeated")
        if self.sheet is None or name == TABLE + "covered-table-cell":
            self.column += repeat
            self.cell = None
            return
        self.cell = {"attributes": attributes, "repeat": repeat}
        self.paragraphs = []
        self.run_colours = set()
        rows = _repeat(attributes, "number-rows-spanned")
        columns = _repeat(attributes, "number-columns-spanned")
        if rows > 1 or columns > 1:
            self.row_merges.append((self.column, rows, columns))

    def text(self, data):
        if self.in_paragraph and not self.skipping and self.cell is not None:
            self.paragraphs[-1].append(data)
            colour = next((colour for colour, _ in reversed(self.spans) if colour), None)
            size = next((size for _, size in reversed(self.spans) if size is not None), None)
            if colour and data.strip():
                self.run_colours.add(colour)
            if size is not None and 0 < size < MIN_FONT_POINTS and data.strip():
                self.run_colours.add(SMALL_RUN)

    def end(self, name):
        if self.skipping:
            self.skipping -= 1
            return
        if self.number_style is not None and name.startswith(NUMBER) and name.endswith("-style"):
            self.number_style = None
        if name == TEXT + "p" or name == TEXT + "h":
            if self.in_paragraph:
                self.in_paragraph -= 1
        elif name == TEXT + "span":
            if self.spans:
                self.spans.pop()
        elif name == TABLE + "table-cell":
            if self.cell is not None:
                value = self._cell_value()
                repeat = self.cell["repeat"]
                if value is not None:
                    self._count(repeat)
                    unseen = self._unseen(value)
                    style = self._style()
                    for offset in range(repeat):
                        self.row_cells.append((self.column + offset, value))
                        if unseen is not None:
                            self.row_unseen.append((self.column + offset, unseen))
                        if style is not None:
                            self.row_styles.append((self.column + offset, style))
                self.column += repeat
                self.cell = None
        elif name == TABLE + "table-row":
            self._end_row()
        elif name == TABLE + "table":
            if self.sheet is not None and self.drawn:
                mark_covered(self.sheet, self._covers())
            if self.sheet is not None and (self.rules or self.maps):
                self._mark_conditional()
            self.in_table = False
            self.sheet = None
            self.cell_styles, self.rules = {}, []
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
            formula = attributes.get(TABLE + "formula")
            if formula is not None:
                # A formula of numbers alone must have saved its own value (a program that
                # does not calculate may have saved another): see .formulas.
                formula = formula.split(":", 1)[-1].lstrip("=")
                value = constant_value(formula)
                if value is not None and abs(value - number) > 1e-9 * max(1.0, abs(value)):
                    return Unsaved(formula)
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
        if (shown and kind == "float" and isinstance(value, int) and value != 0
                and (not shows_number(shown, value) or reads_as_another_quantity(shown.replace(str(value), "", 1)))):
            # another number: scaled ("0,"), beside digits of the format's, or "49 тис."
            return Unseen("format", shown)
        if shown == "" and kind == "string" and OFFICE + "string-value" in attributes:
            return Unseen("format", "")
        style = self._style()
        text, background = self.colours.colours(style)
        if kind in _NUMBER_KINDS and value != 0:
            text = self.colours.number_colour(style, value) or text  # [WHITE]0 draws numbers white
        if style is not None and same_colour(text, background):
            return Unseen("colour")
        size = self.colours.font_size(style)
        if size is not None and 0 < size < MIN_FONT_POINTS:
            return Unseen("tiny")
        if any(same_colour(colour, background) for colour in self.run_colours):
            return Unseen("colour_part")  # a span of rich text: "4" white in "49"
        if SMALL_RUN in self.run_colours:
            return Unseen("tiny_part")
        if kind in _NUMBER_KINDS and value != 0 and isinstance(value, (int, float)) and self.colours.repeats(style):
            return Unseen("repeated", repeated_text(value))
        return None

    def _mark_conditional(self) -> None:
        """At the end of a table, when every cell a condition may name is read: record the
        cells that a conditional format may hide, as LibreOffice lists them
        (``calcext:conditional-formats``) and as OpenDocument maps them (``style:map``)."""
        sheet, styles = self.sheet, self.cell_styles

        def base(key):
            return (*self.colours.colours(styles.get(key)), "")

        for key, style in styles.items():
            value = sheet.cells.get(key)
            if style not in self.maps or key in sheet.unseen or value is None or value == 0:
                continue
            rules = [self._conditional((), condition, applied) for condition, applied in self.maps[style]]
            if conditional_hides(key, sheet.cells, rules, base(key)) is not None:
                sheet.unseen[key] = Unseen("conditional")
        if self.rules and not mark_conditional(sheet.cells, self.rules, sheet.unseen, base):
            raise WorkbookRefused(ProblemCode.TOO_MANY_RULES, sheet.name,
                                  limit=f"{MAX_CONDITIONAL_CHECKS:,}".replace(",", " "))

    def _drawn(self, attributes: dict[str, str]) -> None:
        """A picture or a shape, kept to be placed at the table's end (:meth:`_covers`). A
        hidden one (``draw:display``, LibreOffice's ``drawooo:display``) is left out."""
        if any(key.rpartition(" ")[2] == "display" and value == "none" for key, value in attributes.items()):
            return
        end = _ranges(attributes.get(TABLE + "end-cell-address", ""))
        self.drawn.append((
            (self.row, self.column) if self.cell is not None else None,
            end[0][:2] if end else None,
            points(attributes.get(SVG + "x")) or 0.0, points(attributes.get(SVG + "y")) or 0.0,
            points(attributes.get(SVG + "width")) or 0.0, points(attributes.get(SVG + "height")) or 0.0,
        ))

    def _covers(self) -> list[Cover]:
        """The cells each picture or shape lies over: anchored to the cell it is written in
        (to the cell its ``table:end-cell-address`` names, or as far as its size reaches), or
        to the page, placed by its position from the sheet's corner; by the table's own
        column widths and row heights."""
        covers = []
        for cell, end, x, y, width, height in self.drawn:
            row, column, down, across = (*cell, 0.0, 0.0) if cell is not None else placed(self.sizes, x, y)
            if end is not None:
                covers.append(Cover(row, column, max(row, end[0]), max(column, end[1])))
            else:
                cover = block(self.sizes, row, column, down, across, width, height)
                if cover is not None:
                    covers.append(cover)
        return covers

    def _style(self) -> str | None:
        """The cell's style: its own, else its row's default, else its column's."""
        return self.cell["attributes"].get(TABLE + "style-name") or self.row_style or self._column_style()

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
        height = 0.0 if self.row_hidden else self.row_height
        if height is not None and self.drawn:  # only a table with pictures needs its rows' heights
            self.sizes.row.add(first, self.row, height)
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
                for column, style in self.row_styles:
                    self.cell_styles[(row, column)] = style
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
    styles = _CellStyles()
    if "styles.xml" in archive.namelist():
        with archive.open("styles.xml") as stream:
            xmlstream.parse(stream, _StylesHandler(styles), MAX_SHEET_XML_BYTES)
    handler = _ContentHandler(want, styles)
    with archive.open("content.xml") as stream:
        xmlstream.parse(stream, handler, MAX_SHEET_XML_BYTES * 4)
    return handler.entries, handler.sheets


__all__ = ["read_ods"]
