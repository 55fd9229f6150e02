"""What a cell's formatting lets the person see of its value.

A number format can show nothing (``;;;``, the spreadsheet trick for hiding a value) or a
fixed text instead of the number (``"—"``), and a font can be the colour of the cell's
background. The cell still holds its value, and a reader that takes the value alone would put
into the report a number the clerk never saw. These functions tell such cells apart; the
readers record them in :attr:`~.model.Sheet.unseen`, and the loader refuses them.

Number formats follow ECMA-376 Part 1, 18.8.31: up to four sections separated by ``;``
(positive, negative, zero, text), with text in quotes, ``\\``-escaped characters and
``[...]`` colour, locale and condition parts that are not digit placeholders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Parts of a section that are shown as they are, or say how, never where digits go.
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_CONDITION = re.compile(r"\[\s*[<>=]")
# Where a section puts the number: digit placeholders, or the General format.
_DIGITS = re.compile(r"[0#?]|general", re.IGNORECASE)

# Rows lower and columns narrower than this many points show no readable text: 5 pt is
# less than half a line of the 10-11 pt text of a clerk's workbook. Default rows are 12.8 pt
# (LibreOffice) or 15 pt (Excel); no one makes a row of data this low to be read.
MIN_VISIBLE_POINTS = 5.0

_UNITS_IN_POINTS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "pc": 12.0, "px": 0.75}
_LENGTH = re.compile(r"^\s*(-?[0-9.]+)\s*([a-z]*)\s*$")


@dataclass(frozen=True)
class Unseen:
    """A cell whose value the person does not see.

    Attributes
    ----------
    why : str
        ``"format"`` (its number format shows nothing, or a text in place of the number) or
        ``"colour"`` (its text is the colour of its background).
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


def number_hidden_by(code: str, value: float) -> str | None:
    """Return what ``code`` shows instead of ``value`` ("" for nothing), or None when it
    shows the number.

    Formats with conditions (``[>100]``) are taken to show the number: which section applies
    then depends on the conditions, and such formats are not a way people hide values.
    """
    if not code or _CONDITION.search(code):
        return None
    parts = sections(code)
    if len(parts) == 1 or (len(parts) >= 2 and value >= 0 and (len(parts) == 2 or value > 0)):
        section = parts[0]
    elif value < 0:
        section = parts[1]
    else:
        section = parts[2]
    if _DIGITS.search(_LITERALS.sub("", section)):
        return None
    return _literal_text(section)


def text_hidden_by(code: str) -> str | None:
    """Return what ``code`` shows instead of a text ("" for nothing), or None when it shows
    the text. Only a fourth section without ``@`` hides text; with fewer sections, text is
    shown as typed."""
    parts = sections(code)
    if len(parts) < 4 or "@" in _LITERALS.sub("", parts[3]):
        return None
    return _literal_text(parts[3])


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


def same_colour(text: str | None, background: str | None) -> bool:
    """Tell whether a text colour and a background colour (``"#ffffff"``, ``"FFFFFFFF"``)
    are the same, so that the text cannot be seen. An unset colour is never the same: the
    program then picks one that shows."""
    if not text or not background:
        return False
    return text.lstrip("#")[-6:].lower() == background.lstrip("#")[-6:].lower()


__all__ = ["MIN_VISIBLE_POINTS", "Unseen", "number_hidden_by", "points", "same_colour", "sections", "text_hidden_by"]
