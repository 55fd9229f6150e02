"""The looks of an .xlsx workbook's cells: its styles part (styles.xml) and its theme.

For each cell style: its number format (a date, a percentage, a custom code), its font's
colour and size, its fill, and whether it repeats the value across the cell; the differential
formats that conditional formats apply; the colours of rich text's runs. Colours are given as
six hex digits where they are certain: an RGB value, a theme colour (the workbook's theme part,
or Office's), a colour of the legacy palette (the standard one, or the workbook's own), each
lightened or darkened by its tint. :mod:`.xlsx` reads the sheets and asks these for each cell.
"""

from __future__ import annotations

import re
from typing import Callable, NamedTuple, Sequence

from . import xmlstream
from .looks import MIN_FONT_POINTS, SMALL_RUN, same_colour, tinted

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
# In a custom format, text in quotes, escaped characters and [colour]/[$-locale] parts are
# not date codes; [h], [m], [s] (elapsed time) are.
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[(?![hms]+\])[^\]]*\]')


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


def is_date_format(code: str) -> bool:
    """Tell whether a custom number format shows a date or a time."""
    cleaned = _FORMAT_NOISE.sub("", code)
    return bool(re.search(r"[dmyhsDMYHS]", cleaned.split(";")[0])) and "General" not in cleaned


def is_percent_format(code: str) -> bool:
    """Tell whether a number format shows a positive number as a percentage (the stored
    number times 100, with "%")."""
    return "%" in _FORMAT_NOISE.sub("", code).split(";")[0]


class HidingLook(NamedTuple):
    """What of a cell style may hide a value: judged cell by cell, as a format's section or
    colour may depend on the value."""

    code: str               # its custom number format, "" for one that always shows the value
    colour_hidden: bool     # its text is the colour of its background
    background: str | None  # that background, six hex digits
    tiny: bool              # its font is too small to read
    repeated: bool          # it is aligned to fill the cell with copies of the value


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
            self.redefined.append(_rgb(attributes.get("rgb", "")))
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
        """The cell styles whose number format shows a date or a time."""
        return self._styles_showing(is_date_format, _DATE_FORMAT_IDS)

    def percent_styles(self) -> set[int]:
        """The cell styles whose number format shows a percentage."""
        return self._styles_showing(is_percent_format, _PERCENT_FORMAT_IDS)

    def _styles_showing(self, custom_shows: Callable[[str], bool], built_in: set[int]) -> set[int]:
        result = set()
        for index, format_id in enumerate(self.formats):
            code = self.custom.get(format_id)
            if custom_shows(code) if code is not None else format_id in built_in:
                result.add(index)
        return result

    def hiding_styles(self) -> dict[int, HidingLook]:
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
                result[index] = HidingLook(code, colour_hidden, background, tiny, repeated)
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


def _rgb(text: str) -> str | None:
    """An ``rgb`` attribute ("FF1F3864", alpha first, or "1f3864") as six hex digits."""
    rgb = text.strip().lower()
    return rgb[-6:] if len(rgb) in (6, 8) and re.fullmatch(r"[0-9a-f]+", rgb) else None


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
        colour = _rgb(attributes["rgb"])
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


__all__ = ["HidingLook", "is_date_format", "is_percent_format"]
