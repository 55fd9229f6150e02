"""What a cell's formatting lets the person see of its value.

A number format can show nothing (``;;;``, the spreadsheet trick for hiding a value), a
fixed text instead of the number (``"—"``) or another number (``0,`` shows 214 as 0); a font
can be the colour of the cell's background, wholly or in a run of rich text; a conditional
format can do any of these when its condition holds. The cell still holds its value, and a
reader that takes the value alone would put into the report a number the clerk never saw.
These functions tell such cells apart, whatever the file format; the readers record them in
:attr:`~.model.Sheet.unseen`, and the loader refuses them.

Number formats follow ECMA-376 Part 1, 18.8.31: up to four sections separated by ``;``
(positive, negative, zero, text), with text in quotes, ``\\``-escaped characters and
``[...]`` colour, locale and condition parts that are not digit placeholders.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass
from typing import Callable

# Parts of a section that are shown as they are, or say how, never where digits go.
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_CONDITION_PART = re.compile(r"\[\s*(<=|>=|<>|=|<|>)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*\]")
_COMPARE = {"<": lambda a, b: a < b, ">": lambda a, b: a > b, "=": lambda a, b: a == b,
            "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b, "<>": lambda a, b: a != b}
# A comma after the last digit placeholder divides the number by 1000 ("0," shows 214 as 0).
_SCALING = re.compile(r"[0#?](,+)(?![0#?,])")
_DECIMALS = re.compile(r"\.([0#?]+)")
_COLOUR_PART = re.compile(r"\[\s*(black|white|red|green|blue|yellow|magenta|cyan|color\s*[0-9]+)\s*\]", re.IGNORECASE)
_FORMAT_COLOURS = {"black": "000000", "white": "ffffff", "red": "ff0000", "green": "00ff00", "blue": "0000ff",
                   "yellow": "ffff00", "magenta": "ff00ff", "cyan": "00ffff"}
_FORMAT_COLOURS_BY_NUMBER = {1: "000000", 2: "ffffff", 3: "ff0000", 4: "00ff00", 5: "0000ff", 6: "ffff00",
                             7: "ff00ff", 8: "00ffff"}
# Where a section puts the number: digit placeholders, or the General format.
_DIGITS = re.compile(r"[0#?]|general", re.IGNORECASE)

# Rows lower and columns narrower than this many points show no readable text: 5 pt is
# less than half a line of the 10-11 pt text of a clerk's workbook. Default rows are 12.8 pt
# (LibreOffice) or 15 pt (Excel); no one makes a row of data this low to be read.
MIN_VISIBLE_POINTS = 5.0
# Text set in a font smaller than this shows as a dotted line: nobody reads a 1-3 pt digit.
MIN_FONT_POINTS = 4.0
# Among the looks of a rich text's runs (their colours), a run too small to read: the "4" of
# "49" in 1 pt type. No colour is ever named so.
SMALL_RUN = "small"

_UNITS_IN_POINTS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "pc": 12.0, "px": 0.75}
_LENGTH = re.compile(r"^\s*(-?[0-9.]+)\s*([a-z]*)\s*$")


@dataclass(frozen=True)
class Unseen:
    """A cell whose value the person does not see.

    Attributes
    ----------
    why : str
        ``"format"`` (its number format shows nothing, or a text in place of the number),
        ``"colour"`` (its text is the colour of its background), ``"colour_part"`` (part of
        its text is: a run of rich text), ``"tiny"`` (its font is too small to read),
        ``"tiny_part"`` (a run of rich text's is), ``"conditional"`` (a conditional format
        does either when its condition holds), ``"covered"`` (a picture or a shape lies
        over it) or ``"repeated"`` (aligned to fill the cell with copies of itself).
    shown : str
        What the format shows instead of the value ("" for nothing).
    """

    why: str
    shown: str = ""


def sections(code: str) -> list[str]:
    """Split a number format into its sections, leaving ``;`` inside quotes or after ``\\``."""
    parts, current, quoted, escaped = [], [], False, False
    for character in code:
        if escaped:
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == '"':
            quoted = not quoted
        elif character == ";" and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(character)
    parts.append("".join(current))
    return parts


def _literal_text(section: str) -> str:
    """What a section without digit placeholders shows: its quoted and escaped text."""
    shown = []
    for match in re.finditer(r'"([^"]*)"|\\(.)|(\[[^\]]*\]|_.|\*.)|(.)', section):
        quoted, escaped, skipped, plain = match.groups()
        if skipped is None:
            shown.append(quoted if quoted is not None else escaped if escaped is not None else plain)
    return "".join(shown).strip()


def _section(code: str, value: float) -> str | None:
    """The section of ``code`` that shows ``value``, or None when none does (the
    spreadsheet then shows ``####``).

    Without conditions: one section shows every number; with two, the second shows the
    negatives; with three or more, the third shows zero. With conditions (``[<100]``), the
    first section whose condition holds shows the number, and the first section without a
    condition shows the numbers no condition takes.
    """
    parts = sections(code)
    numeric = parts[:3]
    conditions = [_CONDITION_PART.search(part) for part in numeric]
    if any(conditions):
        for part, condition in zip(numeric, conditions):
            if condition is None:
                return part
            operator, bound = condition.group(1), float(condition.group(2))
            if _COMPARE[operator](value, bound):
                return part
        return None
    if len(parts) == 1 or (value >= 0 and (len(parts) == 2 or value > 0)):
        return parts[0]
    return parts[1] if value < 0 else parts[2]


def _render(section: str, value: float) -> str:
    """Roughly what a section with digit placeholders shows for ``value``: its literal text
    around the number, the number scaled by its trailing commas and with its decimals. For
    messages only."""
    plain = _LITERALS.sub("", section)
    scale = len(_SCALING.search(plain).group(1)) if _SCALING.search(plain) else 0
    decimals = len(_DECIMALS.search(plain).group(1)) if _DECIMALS.search(plain) else 0
    number = f"{abs(value) / 1000 ** scale:.{decimals}f}"
    shown, placed = [], False
    for match in re.finditer(r'"([^"]*)"|\\(.)|(\[[^\]]*\]|_.|\*.)|([0#?][0#?,.]*(?: [0#?][0#?,.]*)*)|(.)', section):
        quoted, escaped, skipped, digits, plain_character = match.groups()
        if digits is not None:
            if not placed:
                shown.append(number)
                placed = True
        elif skipped is None:
            shown.append(quoted if quoted is not None else escaped if escaped is not None else plain_character)
    return "".join(shown).strip()


# Text of a format's own that makes the number read as another quantity: a percentage, or
# thousands and millions ("49 тис." reads as 49 000). Units such as "шт." are harmless.
_SCALE_WORDS = re.compile(
    r"[%‰]|(?<![^\W\d_])(?:(?:тис|тыс|мільйон|миллион|мільярд|миллиард|відсот|процент|thousand|million|billion"
    r"|percent)[^\W\d_]*|млн|млрд|k|m|mln|bn)(?![^\W\d_])", re.IGNORECASE)
# A format's own text: quoted ("тис.") or escaped (\%).
_OWN_TEXT = re.compile(r'"([^"]*)"|\\(.)')


def reads_as_another_quantity(text: str) -> bool:
    """Tell whether text shown beside a number makes it read as a percentage, thousands or
    millions ("49 тис.", "49%")."""
    return bool(_SCALE_WORDS.search(text))


def number_hidden_by(code: str, value: float) -> str | None:
    """Return what ``code`` shows instead of ``value`` ("" for nothing), or None when it
    shows the number as it is.

    A format hides the number when the section that shows it has no digit placeholder
    (``;;;``, ``"—"``), when it shows another number: scaled by trailing commas (``0,``
    shows 214 as 0) or beside digits of its own (``"1"0`` shows 214 as 1214); or when no
    section takes it.
    """
    if not code:
        return None
    section = _section(code, value)
    if section is None:
        return "####"
    plain = _LITERALS.sub("", section)
    if not _DIGITS.search(plain):
        return _literal_text(section)
    if re.fullmatch(r"\s*general\s*", plain, re.IGNORECASE):
        return None
    shown = _render(section, value)
    own = "".join(quoted or escaped for quoted, escaped in _OWN_TEXT.findall(section))
    if reads_as_another_quantity(own):  # 49 shown as "49 тис." or "49%": another quantity
        return shown
    return None if shows_number(shown, value) else shown


def format_colour(code: str, value: float) -> str | None:
    """Return the colour (``"ffffff"``) that the section showing ``value`` gives its text
    (``[White]0``), or None when it gives none."""
    if not code:
        return None
    section = _section(code, value)
    match = _COLOUR_PART.search(section or "")
    if not match:
        return None
    name = match.group(1).lower()
    if name.startswith("color"):
        try:
            return _FORMAT_COLOURS_BY_NUMBER.get(int(name[5:]))
        except ValueError:
            return None
    return _FORMAT_COLOURS.get(name)


_NUMBER_SHOWN = re.compile(r"\d[\d \u00a0\u202f\u2009.,']*\d|\d")
_MINUSES = ("-", "\u2212", "\u2013")


def shows_number(shown: str, value: float) -> bool:
    """Tell whether the text a cell shows contains the whole number ``value`` as it is:
    grouped in thousands or not, with zero decimals or none ("1 234", "214,00"), and with
    no minus before a positive number. Used where the shown text is what the person sees
    (OpenDocument stores it; for .xlsx it is rendered from the number format)."""
    if not float(value).is_integer():
        return True  # a fraction is refused as a count anyway, whatever it shows
    whole = abs(int(value))
    for match in _NUMBER_SHOWN.finditer(shown):
        token = match.group(0).rstrip(" \u00a0\u202f\u2009.,'")
        digits = re.sub(r"\D", "", token)
        equal = bool(digits) and int(digits) == whole
        for separator in ",.":
            head, found, tail = token.rpartition(separator)
            if found and tail.isdigit() and set(tail) <= {"0"} and re.sub(r"\D", "", head):
                equal = equal or int(re.sub(r"\D", "", head)) == whole
        if equal:
            before = shown[:match.start()].rstrip()
            return not (value > 0 and before.endswith(_MINUSES))
    return False


def text_hidden_by(code: str) -> str | None:
    """Return what ``code`` shows instead of a text ("" for nothing), or None when it shows
    the text. Only a fourth section without ``@`` hides text; with fewer sections, text is
    shown as typed."""
    parts = sections(code)
    if len(parts) < 4 or "@" in _LITERALS.sub("", parts[3]):
        return None
    return _literal_text(parts[3])


def repeated_text(value: float) -> str:
    """What a number aligned "Fill" (Excel) or "Repeat content" (LibreOffice) shows: itself
    again and again across the cell, here three times and an ellipsis."""
    text = str(int(value)) if float(value).is_integer() else str(value)
    return text * 3 + "…"


def points(length: str | None) -> float | None:
    """Return a length such as ``"0.0291in"`` or ``"2pt"`` in points, or None when it is no
    length."""
    if not length:
        return None
    match = _LENGTH.match(length.lower())
    if not match:
        return None
    try:
        number = float(match.group(1))
    except ValueError:
        return None
    factor = _UNITS_IN_POINTS.get(match.group(2) or "pt")
    return None if factor is None else number * factor


# Text whose contrast with its background is below this cannot be told from it: #F2F2F2 on
# white is 1.12, the faintest grey a clerk would pick to read (#BFBFBF) is 1.9.
MIN_CONTRAST = 1.2


def _luminance(colour: str) -> float | None:
    """The relative luminance of ``"#1f3864"`` (WCAG 2.1), or None for no colour."""
    digits = colour.lstrip("#")[-6:]
    try:
        channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    except ValueError:
        return None
    if len(digits) != 6:
        return None
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def same_colour(text: str | None, background: str | None) -> bool:
    """Tell whether a text colour and a background colour (``"#ffffff"``, ``"FFFFFFFF"``)
    are too close to tell apart (contrast below :data:`MIN_CONTRAST`), so that the text
    cannot be seen. An unset colour is never the same: the program then picks one that
    shows."""
    if not text or not background:
        return False
    light, dark = _luminance(text), _luminance(background)
    if light is None or dark is None:
        return False
    light, dark = max(light, dark), min(light, dark)
    return (light + 0.05) / (dark + 0.05) < MIN_CONTRAST


def tinted(colour: str, tint: float) -> str:
    """Apply an Office tint (-1 darker .. 1 lighter) to ``"rrggbb"`` as ECMA-376 Part 1,
    18.8.19 says: the colour's lightness moves towards black or white."""
    red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    return "".join(f"{round(channel * 255):02x}" for channel in colorsys.hls_to_rgb(hue, lightness, saturation))


@dataclass(frozen=True)
class Condition:
    """When a conditional format applies: a comparison of the cell's value with constants.

    Attributes
    ----------
    operator : str
        ``"equal"``, ``"notEqual"``, ``"greaterThan"``, ``"greaterThanOrEqual"``,
        ``"lessThan"``, ``"lessThanOrEqual"``, ``"between"`` or ``"notBetween"`` (the names of
        ECMA-376's ``ST_ConditionalFormattingOperator``); ``"isError"``, ``"notError"``,
        ``"isBlank"``, ``"notBlank"``; ``""`` when the condition is of another kind (a
        formula, "top 10", "contains text"...) and is taken to hold.
    bounds : tuple
        The constants compared with, numbers or texts; ``None`` for one that is not a
        constant (a cell reference, a formula): the condition is then taken to hold.
    reference : tuple or None
        For a formula rule that compares one cell with a constant (``=$C2=0``): the cell it
        names, as (row, column, row is absolute, column is absolute), and the cell it is
        written for (the top left of the rule's range), as (row, column). Each cell of the
        range then compares the cell so named from it; None compares the cell itself.
    """

    operator: str = ""
    bounds: tuple = ()
    reference: tuple | None = None

    def subject(self, key: tuple[int, int]) -> tuple[int, int]:
        """The cell whose value decides the condition for the cell ``key``."""
        if self.reference is None:
            return key
        (row, column, row_fixed, column_fixed), (anchor_row, anchor_column) = self.reference
        return (row if row_fixed else row + key[0] - anchor_row,
                column if column_fixed else column + key[1] - anchor_column)

    def certain(self) -> bool:
        """Tell whether :meth:`holds` judges the condition, rather than taking it to hold."""
        return self.operator in ("isError", "notError", "isBlank", "notBlank") or (
            bool(self.operator) and bool(self.bounds) and all(bound is not None for bound in self.bounds))

    def holds(self, value: object) -> bool:
        """Tell whether the condition may hold for ``value``: False only when it certainly
        does not, so that a format that may hide a value is never let pass. Compared as
        spreadsheets compare: an empty cell is 0 or "", a text is never equal to a number
        and sorts after every number, texts ignore letter case."""
        if self.operator in ("isError", "notError"):
            # A formula's error (#REF!): the readers' CellError, known here by its mark.
            return getattr(value, "is_error", False) is (self.operator == "isError")
        if self.operator in ("isBlank", "notBlank"):
            blank = value is None or (isinstance(value, str) and not value.strip())
            return blank is (self.operator == "isBlank")
        if not self.operator or any(bound is None for bound in self.bounds) or not self.bounds:
            return True
        texts = any(isinstance(bound, str) for bound in self.bounds)
        if value is None:
            value = "" if texts else 0
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            return True  # a date, an error: not judged here
        number = not isinstance(value, str)
        if texts and not all(isinstance(bound, str) for bound in self.bounds):
            return True
        if texts and number:
            value = float("-inf")  # a number sorts before every text
            bounds = tuple(float("inf") for _ in self.bounds)
        elif texts:
            value = value.casefold()
            bounds = tuple(bound.casefold() for bound in self.bounds)
        elif number:
            bounds = self.bounds
        else:
            value = float("inf")  # a text sorts after every number
            bounds = self.bounds
        first = bounds[0]
        try:
            if self.operator == "equal":
                return value == first
            if self.operator == "notEqual":
                return value != first
            if self.operator == "greaterThan":
                return value > first
            if self.operator == "greaterThanOrEqual":
                return value >= first
            if self.operator == "lessThan":
                return value < first
            if self.operator == "lessThanOrEqual":
                return value <= first
            if self.operator in ("between", "notBetween") and len(bounds) == 2:
                low, high = sorted(bounds)
                inside = low <= value <= high
                return inside if self.operator == "between" else not inside
        except TypeError:
            return True
        return True


_REFERENCE_COMPARISON = re.compile(
    r"^\s*=?\s*(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})\s*(<>|>=|<=|=|>|<)\s*(.+?)\s*$", re.DOTALL)
_REFERENCE_TEST = re.compile(r"^\s*=?\s*(ISERROR|ISERR|ISBLANK)\(\s*(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})\s*\)\s*$",
                             re.IGNORECASE)
_OPERATORS = {"=": "equal", "<>": "notEqual", ">": "greaterThan", ">=": "greaterThanOrEqual",
              "<": "lessThan", "<=": "lessThanOrEqual"}


def column_number(letters: str) -> int:
    """Return the column from 0 of spreadsheet letters: "A" -> 0, "AA" -> 26."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number - 1


def formula_condition(formula: str, anchor: tuple[int, int]) -> Condition:
    """Read a formula rule such as ``$C2=0`` or ``C2>100``, written for the cell ``anchor``
    (row, column): a cell compared with a constant. Any other formula is taken to hold."""
    function = _REFERENCE_TEST.match(formula)
    if function:
        name, column_fixed, letters, row_fixed, row = function.groups()
        operator = {"ISERROR": "isError", "ISERR": "isError", "ISBLANK": "isBlank"}[name.upper()]
        return Condition(operator, (), ((int(row) - 1, column_number(letters), bool(row_fixed), bool(column_fixed)),
                                        anchor))
    match = _REFERENCE_COMPARISON.match(formula)
    if not match:
        return Condition()
    column_fixed, letters, row_fixed, row, operator, operand = match.groups()
    bound = constant(operand)
    if bound is None:
        return Condition()
    return Condition(_OPERATORS[operator], (bound,),
                     ((int(row) - 1, column_number(letters), bool(row_fixed), bool(column_fixed)), anchor))


def constant(text: str) -> float | str | None:
    """Read a condition's operand: a number (``"0"``, ``"-1.5"``), a quoted text
    (``'"так"'``), or None for anything else (a reference or formula, judged at run time)."""
    text = text.strip().lstrip("=").strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1].replace('""', '"')
    try:
        return float(text)
    except ValueError:
        return None


# How many (rule, cell) pairs a sheet's conditional formats may ask to be checked. A clerk's
# sheet has a few rules over a few hundred cells; a file that asks for millions is refused
# rather than let it decide how long the check takes.
MAX_CONDITIONAL_CHECKS = 2_000_000


@dataclass(frozen=True)
class ConditionalFormat:
    """A conditional format, as a reader found it: where, when, and what it changes.

    Attributes
    ----------
    ranges : tuple
        (top, left, bottom, right) from 0, inclusive: the cells it applies to (empty when
        the reader applies it cell by cell itself, as OpenDocument's style maps).
    condition : Condition
    text, fill : str or None
        The text colour and the background it gives, None where it leaves the cell's.
    code : str or None
        The number format it gives, None where it leaves the cell's.
    number_text : str or None
        The colour it draws numbers in, where that differs from ``text`` (an OpenDocument
        number style's colour).
    stop : bool
        No rule after this one applies when it does (Excel's "Stop If True"; LibreOffice
        applies only the first condition of a format that holds).
    """

    ranges: tuple
    condition: Condition
    text: str | None = None
    fill: str | None = None
    code: str | None = None
    number_text: str | None = None
    stop: bool = False

    def changes_looks(self) -> bool:
        return any(part is not None for part in (self.text, self.fill, self.code, self.number_text))


def _shown_under(value: object, rules: list[ConditionalFormat], base: tuple) -> str | None:
    """What a cell shows instead of ``value`` when ``rules`` apply to it, in order (the
    first to set a colour or format wins, as in Excel): "" for nothing, None when the value
    shows. ``base`` is the cell's own (text colour, background, number format)."""
    text = fill = code = number_text = None
    for rule in rules:
        text = text if text is not None else rule.text
        fill = fill if fill is not None else rule.fill
        code = code if code is not None else rule.code
        number_text = number_text if number_text is not None else rule.number_text
    text = text if text is not None else base[0]
    fill = fill if fill is not None else base[1]
    code = code if code is not None else base[2]
    if isinstance(value, str):
        hidden = text_hidden_by(code) if code else None
        if hidden is not None:
            return hidden
        return "" if same_colour(text, fill) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        hidden = number_hidden_by(code, value) if code else None
        if hidden is not None:
            return hidden
        colour = (format_colour(code, value) if code else None) or number_text or text
        return "" if same_colour(colour, fill) else None
    return None


def conditional_hides(key: tuple[int, int], cells: dict, rules: list[ConditionalFormat], base: tuple) -> str | None:
    """What the conditional formats ``rules`` (in priority order) may show instead of the
    value of cell ``key`` of ``cells``: "" for nothing, a text, or None when the value shows
    whatever they do. ``base`` is the cell's own (text colour, background, number format).

    A rule whose condition cannot be judged here may or may not apply: the cell is judged
    with it and without it, and with all of them, and is hidden if it is hidden in any of
    these.
    """
    value = cells[key]
    certain, maybe = [], []
    for rule in rules:
        if not rule.changes_looks() and not rule.stop:
            continue
        subject = rule.condition.subject(key)
        if not rule.condition.holds(value if subject == key else cells.get(subject)):
            continue
        if rule.condition.certain():
            certain.append(rule)
            if rule.stop:
                break
        else:
            maybe.append(rule)
    if not certain and not maybe:
        return None
    order = {id(rule): number for number, rule in enumerate(rules)}
    scenarios = [certain + maybe, certain] + [certain + [rule] for rule in maybe]
    for scenario in scenarios:
        if not scenario:
            continue
        shown = _shown_under(value, sorted(scenario, key=lambda rule: order[id(rule)]), base)
        if shown is not None:
            return shown
    return None


def mark_conditional(cells: dict, rules: list[ConditionalFormat], unseen: dict,
                     base: Callable[[tuple[int, int]], tuple]) -> bool:
    """Record in ``unseen`` each cell of ``cells`` that ``rules`` (in priority order) may
    hide. ``base`` gives a cell's own (text colour, background, number format).

    A hidden zero is let be, as for formats set on the cell. Returns False, having stopped,
    when the rules ask for more than :data:`MAX_CONDITIONAL_CHECKS` checks.
    """
    checks = 0
    covering: dict[tuple[int, int], list[ConditionalFormat]] = {}
    for rule in rules:
        if not rule.changes_looks() and not rule.stop:
            continue
        for top, left, bottom, right in rule.ranges:
            area = (bottom - top + 1) * (right - left + 1)
            checks += min(area, len(cells))
            if checks > MAX_CONDITIONAL_CHECKS:
                return False
            if area <= len(cells):
                keys = ((row, column) for row in range(top, bottom + 1) for column in range(left, right + 1))
            else:
                keys = (key for key in cells if top <= key[0] <= bottom and left <= key[1] <= right)
            for key in keys:
                if key in cells:
                    covering.setdefault(key, [])
                    if not covering[key] or covering[key][-1] is not rule:
                        covering[key].append(rule)
    for key, applying in covering.items():
        value = cells[key]
        if key in unseen or (isinstance(value, (int, float)) and value == 0):
            continue
        shown = conditional_hides(key, cells, applying, base(key))
        if shown is not None:
            unseen[key] = Unseen("conditional", shown)
    return True


__all__ = ["Condition", "ConditionalFormat", "MAX_CONDITIONAL_CHECKS", "MIN_FONT_POINTS", "MIN_VISIBLE_POINTS",
           "SMALL_RUN", "Unseen", "column_number", "conditional_hides", "constant", "format_colour",
           "formula_condition", "mark_conditional", "number_hidden_by", "points", "reads_as_another_quantity",
           "repeated_text", "same_colour", "sections", "shows_number", "text_hidden_by", "tinted"]
