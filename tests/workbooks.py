"""Writing test workbooks as a clerk's programs would: .xlsx with openpyxl, .ods with odfpy,
and the same files opened and saved again by LibreOffice.

A workbook is described once (:class:`Book`) and written in either format, so every case
is checked as .xlsx and as .ods.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter

NEWS = "Новини та інші інформаційні матеріали"
PHOTOS = "Матеріали з фото"
VIDEOS = "Відеосюжети"
WEBSITE = "Офіційний веб-сайт міської ради"
SOCIAL = "Сторінка в соціальній мережі"
TV = "Телебачення"
PRESS = "Друковані ЗМІ"

SOFFICE = shutil.which("soffice")


@dataclass(frozen=True)
class AsPercent:
    """A number typed into a cell formatted as a percentage: shown as value × 100 %."""

    value: float


@dataclass
class Tab:
    """One sheet: rows of values from A1 (None for blank), and what the clerk did to it."""

    name: str
    rows: list[list] = field(default_factory=list)
    hidden: bool = False
    hidden_rows: tuple[int, ...] = ()      # 1-based
    hidden_columns: tuple[str, ...] = ()   # letters
    merges: tuple[str, ...] = ()           # "A2:A4"
    far: dict[str, object] = field(default_factory=dict)  # cells far from A1: "XFD1048576" -> value
    row_heights: dict[int, float] = field(default_factory=dict)    # 1-based row -> points
    column_widths: dict[str, float] = field(default_factory=dict)  # letter -> points
    # How a cell's formatting hides its value: "nothing" (format ;;;), "dash" (format "—"),
    # "white" (white text, no fill), "dark" (text the colour of a dark fill), "scaled"
    # (format "0,": thousands, 214 shown as 0), "white_format" (format "[White]0"),
    # "white_positive" (format "[White]0;-0"), "tiny" (a 1 pt font),
    # "first_white" (rich text whose first character, or first sentence, is white),
    # "first_tiny" (the same in 1 pt type), "fill_aligned" (the value repeated across the cell);
    # .xlsx only: "white_on_dark" (readable), "theme_dark" (a theme colour on itself), "theme_white" (a tinted theme colour
    # that is white).
    looks: dict[str, str] = field(default_factory=dict)
    # Conditional formats that turn text white: (range, condition, operands), the condition
    # an xlsx cellIs operator ("lessThan"...), "expression" with one formula ("$C2=0"),
    # "containsErrors" (no operands) or "fill_white" (.xlsx only: a rule "> operand" that
    # turns the fill white, and nothing else).
    conditional: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    # Cells a small picture (110 x 20 px, "94" drawn on white) is anchored at, over the cell.
    pictures: tuple[str, ...] = ()


@dataclass
class Book:
    tabs: list[Tab]
    # .xlsx only: the legacy palette redefined (index -> RRGGBB), as converted .xls files do.
    palette: dict[int, str] = field(default_factory=dict)

    def tab(self, name: str) -> Tab:
        return next(t for t in self.tabs if t.name == name)


def standard(counts: list[list], activities: list[list] | None = None, month="2021-08") -> Book:
    """The three sheets of a valid workbook with these count rows."""
    return Book([
        Tab("Відомості", [["Поле", "Значення"], ["Місяць", month]]),
        Tab("Показники", [["Показник", "Канал", "Кількість"], *counts]),
        Tab("Заходи", [["Розділ", "Текст"], *(activities if activities is not None else
                                              [["Моніторинг", "Проводився моніторинг ЗМІ."]])]),
    ])


# -- .xlsx -------------------------------------------------------------------------------------

def write_xlsx(book: Book, path: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for tab in book.tabs:
        sheet = workbook.create_sheet(tab.name)
        for r, row in enumerate(tab.rows, start=1):
            for c, value in enumerate(row, start=1):
                if isinstance(value, AsPercent):
                    sheet.cell(r, c, value.value).number_format = "0%"
                    continue
                if value is not None:
                    cell = sheet.cell(r, c, value)
                    if isinstance(value, str) and value.startswith("="):
                        continue  # a formula, as typed
                    if isinstance(value, str) and ("\n" in value):
                        cell.alignment = openpyxl.styles.Alignment(wrap_text=True)
        for reference, value in tab.far.items():
            sheet[reference] = value
        for reference, look in tab.looks.items():
            cell = sheet[reference]
            if look == "nothing":
                cell.number_format = ";;;"
            elif look == "dash":
                cell.number_format = '"—"'
            elif look == "white":
                cell.font = openpyxl.styles.Font(color="FFFFFFFF")
            elif look == "dark":
                cell.font = openpyxl.styles.Font(color="FF1F3864")
                cell.fill = openpyxl.styles.PatternFill("solid", fgColor="FF1F3864")
            elif look == "white_on_dark":  # a header's look, readable
                cell.font = openpyxl.styles.Font(color="FFFFFFFF")
                cell.fill = openpyxl.styles.PatternFill("solid", fgColor="FF1F4E78")
            elif look == "theme_dark":  # "Dark Blue, Text 2" from the palette, on itself
                cell.font = openpyxl.styles.Font(color=openpyxl.styles.colors.Color(theme=3))
                cell.fill = openpyxl.styles.PatternFill("solid", fgColor=openpyxl.styles.colors.Color(theme=3))
            elif look == "theme_white":  # "Black, Text 1" lightened all the way: white
                cell.font = openpyxl.styles.Font(color=openpyxl.styles.colors.Color(theme=1, tint=0.9999))
            elif look == "scaled":
                cell.number_format = "0,"
            elif look == "indexed_silver":  # silver on silver, both from the legacy palette
                cell.font = openpyxl.styles.Font(color=openpyxl.styles.colors.Color(indexed=22))
                cell.fill = openpyxl.styles.PatternFill("solid", fgColor=openpyxl.styles.colors.Color(indexed=22))
            elif look == "indexed_black":  # legacy index 8, black unless the palette says otherwise
                cell.font = openpyxl.styles.Font(color=openpyxl.styles.colors.Color(indexed=8))
            elif look == "tiny":
                cell.font = openpyxl.styles.Font(size=1)
            elif look == "thousands_word":  # 49 shown as "49 тис.", read as 49 000
                cell.number_format = '0" тис."'
            elif look == "fill_aligned":  # Format Cells → Alignment → Horizontal: Fill
                cell.alignment = openpyxl.styles.Alignment(horizontal="fill")
            elif look == "white_format":
                cell.number_format = "[White]0"
            elif look == "white_positive":
                cell.number_format = "[White]0;-0"
            elif look in ("first_white", "first_tiny"):
                from openpyxl.cell.rich_text import CellRichText, TextBlock
                from openpyxl.cell.text import InlineFont
                head, tail = _first_part(str(cell.value))
                font = InlineFont(color="FFFFFFFF") if look == "first_white" else InlineFont(sz=1)
                cell.value = CellRichText([TextBlock(font, head), tail])
        for area, condition, operands in tab.conditional:
            from openpyxl.formatting.rule import CellIsRule, FormulaRule, Rule
            from openpyxl.styles.differential import DifferentialStyle
            white = openpyxl.styles.Font(color="FFFFFFFF")
            if condition == "expression":
                rule = FormulaRule(formula=list(operands), font=white)
            elif condition == "containsErrors":
                first = area.split(":")[0]
                rule = Rule(type="containsErrors", dxf=DifferentialStyle(font=white), formula=[f"ISERROR({first})"])
            elif condition == "fill_white":
                rule = CellIsRule(operator="greaterThan", formula=list(operands),
                                  fill=openpyxl.styles.PatternFill(bgColor="FFFFFFFF"))
            else:
                rule = CellIsRule(operator=condition, formula=list(operands), font=white)
            sheet.conditional_formatting.add(area, rule)
        for reference in tab.pictures:
            from openpyxl.drawing.image import Image as Picture
            picture = Picture(_picture_file(path.parent))
            picture.width, picture.height = 110, 20
            sheet.add_image(picture, reference)
        for row, height in tab.row_heights.items():
            sheet.row_dimensions[row].height = height
        for letter, width in tab.column_widths.items():
            sheet.column_dimensions[letter].width = width / 5.25  # characters of the default font
        for row in tab.hidden_rows:
            sheet.row_dimensions[row].hidden = True
        for letter in tab.hidden_columns:
            sheet.column_dimensions[letter].hidden = True
        for merge in tab.merges:
            sheet.merge_cells(merge)
        if tab.hidden:
            sheet.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    if book.palette:
        _redefine_palette(path, book.palette)
    return path


def _redefine_palette(path: Path, colours: dict[int, str]) -> None:
    """Rewrite styles.xml's ``<indexedColors>`` with ``colours`` in place of the defaults.
    The alpha byte is 00, as Excel writes it (LibreOffice takes FF there for transparent)."""
    from openpyxl.styles.colors import COLOR_INDEX

    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info.filename) for info in archive.infolist()}
    entries = "".join(f'<rgbColor rgb="00{colours.get(i, COLOR_INDEX[i][2:])}"/>' for i in range(64))
    palette = f"<colors><indexedColors>{entries}</indexedColors></colors>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            if info.filename == "xl/styles.xml":
                text = re.sub(r"<colors>.*?</colors>", "", data.decode("utf-8"), flags=re.S)
                data = text.replace("</styleSheet>", palette + "</styleSheet>").encode("utf-8")
            archive.writestr(info, data)


def _picture_file(folder: Path) -> Path:
    """A white 110 x 20 px PNG with "94" drawn on it, written into ``folder``."""
    from PIL import Image, ImageDraw

    path = folder / ".picture_94.png"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        image = Image.new("RGB", (110, 20), "white")
        ImageDraw.Draw(image).text((88, 4), "94", fill="black")
        image.save(path)
    return path


def _first_part(text: str) -> tuple[str, str]:
    """Split a text for a rich-text look: its first sentence, or its first character."""
    if ". " in text:
        head, _, tail = text.partition(". ")
        return head + ".", " " + tail
    return text[:1], text[1:]


# -- .ods --------------------------------------------------------------------------------------

def _split(reference: str) -> tuple[int, int]:
    letters = "".join(ch for ch in reference if ch.isalpha())
    return int(reference[len(letters):]), column_index_from_string(letters)


def _ods_cell(value, spans: tuple[int, int] | None, style=None, shown: str | None = None, white_span=None):
    from odf.table import TableCell
    from odf.text import P, Span
    from odf.text import Tab as TextTab

    attributes = {"stylename": style} if style is not None else {}
    if white_span is not None:  # rich text, its first part in a white span, as LibreOffice writes it
        head, tail = _first_part(str(value))
        if isinstance(value, (int, float)):
            cell = TableCell(valuetype="float", value=str(value), **attributes)
        else:
            cell = TableCell(valuetype="string", **attributes)
        paragraph = P()
        paragraph.addElement(Span(stylename=white_span, text=head))
        paragraph.addText(tail)
        cell.addElement(paragraph)
        return cell
    if shown is not None:  # the text a format shows instead of the value, as LibreOffice writes it
        if isinstance(value, (int, float)):
            cell = TableCell(valuetype="float", value=str(value), **attributes)
        else:
            cell = TableCell(valuetype="string", stringvalue=str(value), **attributes)
        cell.addElement(P(text=shown))
        return cell
    if spans:
        attributes.update(numberrowsspanned=str(spans[0]), numbercolumnsspanned=str(spans[1]))
    if value is None:
        return TableCell(**attributes)
    if isinstance(value, AsPercent):
        cell = TableCell(valuetype="percentage", value=str(value.value), **attributes)
        cell.addElement(P(text=f"{value.value * 100:g}%"))
        return cell
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue="true" if value else "false", **attributes)
        cell.addElement(P(text="TRUE" if value else "FALSE"))
        return cell
    if isinstance(value, (int, float)):
        cell = TableCell(valuetype="float", value=str(value), **attributes)
        cell.addElement(P(text=str(value)))
        return cell
    if isinstance(value, (dt.date, dt.datetime)):
        cell = TableCell(valuetype="date", datevalue=value.isoformat(), **attributes)
        cell.addElement(P(text=value.isoformat()))
        return cell
    if isinstance(value, str) and value.startswith("="):
        return TableCell(formula="of:" + value, **attributes)  # a formula never calculated
    cell = TableCell(valuetype="string", **attributes)
    # LibreOffice writes a line typed with Ctrl+Enter as a new paragraph, a tab as <text:tab/>.
    for line in str(value).split("\n"):
        paragraph = P()
        for i, part in enumerate(line.split("\t")):
            if i:
                paragraph.addElement(TextTab())
            if part:
                paragraph.addText(part)
        cell.addElement(paragraph)
    return cell


def write_ods(book: Book, path: Path) -> Path:
    from odf.number import NumberStyle, Text, TextStyle
    from odf.style import Map
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import (Style, TableCellProperties, TableColumnProperties, TableProperties, TableRowProperties,
                           TextProperties)
    from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow

    document = OpenDocumentSpreadsheet()
    hidden_style = Style(name="hidden_table", family="table")
    hidden_style.addElement(TableProperties(display="false"))
    document.automaticstyles.addElement(hidden_style)
    # The cell styles of the looks, as LibreOffice writes them: ";;;" is a text format
    # without the text, mapping every number to a number format without the number.
    for name in ("Nnothing0", "Nnothing1", "Nnothing2"):
        number_style = NumberStyle(name=name)
        number_style.addElement(Text(text=""))
        document.automaticstyles.addElement(number_style)
    nothing = TextStyle(name="Nnothing")
    nothing.addElement(Text(text=""))
    for condition, name in (("value()>0", "Nnothing0"), ("value()<0", "Nnothing1"), ("value()=0", "Nnothing2")):
        nothing.addElement(Map(condition=condition, applystylename=name))
    document.automaticstyles.addElement(nothing)
    dash = NumberStyle(name="Ndash")
    dash.addElement(Text(text="—"))
    document.automaticstyles.addElement(dash)
    # "0," (thousands) and "[WHITE]0" as LibreOffice writes them.
    from odf.number import Number
    scaled = NumberStyle(name="Nscaled")
    scaled.addElement(Number(decimalplaces="0", minintegerdigits="1", displayfactor="1000"))
    document.automaticstyles.addElement(scaled)
    thousands = NumberStyle(name="Nthousands")  # 0" тис."
    thousands.addElement(Number(decimalplaces="0", minintegerdigits="1"))
    thousands.addElement(Text(text=" тис."))
    document.automaticstyles.addElement(thousands)
    white_number = NumberStyle(name="Nwhite")
    white_number.addElement(TextProperties(color="#ffffff"))
    white_number.addElement(Number(decimalplaces="0", minintegerdigits="1"))
    document.automaticstyles.addElement(white_number)
    # "[WHITE]0;-0": LibreOffice writes the positive section as a style of its own, mapped
    # from the last section by value()>=0.
    white_positive = NumberStyle(name="NwhiteP0", volatile="true")
    white_positive.addElement(TextProperties(color="#ffffff"))
    white_positive.addElement(Number(decimalplaces="0", minintegerdigits="1"))
    document.styles.addElement(white_positive)  # odfpy keeps only automatic styles a cell names
    signed = NumberStyle(name="Nsigned")
    signed.addElement(Text(text="-"))
    signed.addElement(Number(decimalplaces="0", minintegerdigits="1"))
    signed.addElement(Map(condition="value()>=0", applystylename="NwhiteP0"))
    document.automaticstyles.addElement(signed)
    white_span = Style(name="Twhite", family="text")
    white_span.addElement(TextProperties(color="#ffffff"))
    document.automaticstyles.addElement(white_span)
    tiny_span = Style(name="Ttiny", family="text")
    tiny_span.addElement(TextProperties(fontsize="1pt"))
    document.automaticstyles.addElement(tiny_span)
    # Conditional formats as OpenDocument maps them: a named style applied when the
    # condition holds, on the style of every cell of the range.
    hidden_named = Style(name="Hidden", family="table-cell")
    hidden_named.addElement(TextProperties(color="#ffffff"))
    document.styles.addElement(hidden_named)
    look_styles = {}
    for look, data_style, colour, background in (("nothing", "Nnothing", None, None), ("dash", "Ndash", None, None),
                                                  ("scaled", "Nscaled", None, None), ("white_format", "Nwhite", None, None),
                                                  ("white_positive", "Nsigned", None, None),
                                                  ("white", None, "#ffffff", None), ("dark", None, "#1f3864", "#1f3864"),
                                                  ("tiny", None, None, None), ("fill_aligned", None, None, None),
                                                  ("thousands_word", "Nthousands", None, None)):
        style = Style(name=f"look_{look}", family="table-cell", **({"datastylename": data_style} if data_style else {}))
        if background:
            style.addElement(TableCellProperties(backgroundcolor=background))
        if colour:
            style.addElement(TextProperties(color=colour))
        if look == "tiny":
            style.addElement(TextProperties(fontsize="1pt"))
        if look == "fill_aligned":  # LibreOffice's Alignment → Horizontal: Filled
            style.addElement(TableCellProperties(repeatcontent="true"))
        document.automaticstyles.addElement(style)
        look_styles[look] = style
    size_styles = {}

    def size_style(family: str, points: float):
        key = (family, points)
        if key not in size_styles:
            style = Style(name=f"{family[6:9]}{len(size_styles)}", family=family)
            style.addElement(TableRowProperties(rowheight=f"{points}pt", useoptimalrowheight="false")
                             if family == "table-row" else TableColumnProperties(columnwidth=f"{points}pt"))
            document.automaticstyles.addElement(style)
            size_styles[key] = style
        return size_styles[key]
    for tab in book.tabs:
        table = Table(name=tab.name, stylename=hidden_style) if tab.hidden else Table(name=tab.name)
        cells = {(r, c): v for r, row in enumerate(tab.rows, start=1) for c, v in enumerate(row, start=1)
                 if v is not None}
        cells.update({_split(ref): v for ref, v in tab.far.items()})
        spans, covered = {}, set()
        for merge in tab.merges:
            (top, left), (bottom, right) = (_split(x) for x in merge.split(":"))
            spans[(top, left)] = (bottom - top + 1, right - left + 1)
            covered |= {(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)} - {(top, left)}
        # Columns as LibreOffice writes them: runs of equal columns in one element.
        special = sorted({column_index_from_string(letter) for letter in [*tab.hidden_columns, *tab.column_widths]})
        width = max([c for _, c in cells] + [c for _, c in spans] + special + [3])
        column = 1
        for number in special + [width + 1]:
            if number > column:
                table.addElement(TableColumn(numbercolumnsrepeated=str(number - column)))
            if number <= width:
                letter = get_column_letter(number)
                table.addElement(TableColumn(visibility="collapse") if letter in tab.hidden_columns else
                                 TableColumn(stylename=size_style("table-column", tab.column_widths[letter])))
            column = number + 1
        looks = {_split(reference): look for reference, look in tab.looks.items()}
        pictures = {_split(reference) for reference in tab.pictures}
        conditional_styles = {}
        for number, (area, condition, operands) in enumerate(tab.conditional):
            (top, left), (bottom, right) = (_split(x) for x in area.split(":"))
            style = Style(name=f"{tab.name[:1]}cond{number}", family="table-cell")
            style.addElement(Map(condition=_ods_condition(condition, operands), applystylename="Hidden",
                                 basecelladdress=f"{tab.name}.{get_column_letter(left)}{top}"))
            document.automaticstyles.addElement(style)
            conditional_styles.update({(r, c): style for r in range(top, bottom + 1) for c in range(left, right + 1)})
        # Rows: only those with something in them, runs of empty rows as one repeated row.
        used = sorted({r for r, _ in cells} | {r for r, _ in spans} | {r for r, _ in covered} | set(tab.hidden_rows))
        previous = 0
        for r in used:
            if r - previous > 1:
                table.addElement(TableRow(numberrowsrepeated=str(r - previous - 1)))
            previous = r
            row = (TableRow(visibility="collapse") if r in tab.hidden_rows else
                   TableRow(stylename=size_style("table-row", tab.row_heights[r])) if r in tab.row_heights else TableRow())
            columns = sorted({c for rr, c in cells if rr == r} | {c for rr, c in spans if rr == r}
                             | {c for rr, c in covered if rr == r})
            last = 0
            for c in columns:
                if c - last > 1:
                    row.addElement(TableCell(numbercolumnsrepeated=str(c - last - 1)))
                last = c
                look = looks.get((r, c))
                value = cells.get((r, c))
                shown = {"nothing": "", "dash": "—"}.get(look) if look else None
                if look == "scaled":
                    shown = f"{value / 1000:.0f}"
                elif look == "thousands_word":
                    shown = f"{value} тис."
                elif look in ("white_format", "white_positive"):
                    shown = str(value)
                style = look_styles.get(look, conditional_styles.get((r, c)))
                cell = (CoveredTableCell() if (r, c) in covered else
                        _ods_cell(value, spans.get((r, c)), style, shown,
                                  {"first_white": white_span, "first_tiny": tiny_span}.get(look)))
                if (r, c) in pictures:  # anchored to the cell, as LibreOffice writes it
                    from odf.draw import Frame, Image as DrawImage
                    frame = Frame(width="1.1453in", height="0.2079in", x="0in", y="0in", name="Image 1")
                    frame.addElement(DrawImage(href=document.addPicture(str(_picture_file(path.parent)))))
                    cell.addElement(frame)
                row.addElement(cell)
            table.addElement(row)
        document.spreadsheet.addElement(table)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _ods_condition(condition: str, operands: tuple[str, ...]) -> str:
    """An xlsx conditional format's condition in OpenDocument's words."""
    if condition == "containsErrors":
        return f"is-true-formula(ISERROR([.{operands[0]}]))"
    if condition == "expression":  # "$C2=0" -> is-true-formula([.$C2]=0)
        return "is-true-formula(" + re.sub(r"(\$?[A-Z]+\$?[0-9]+)", r"[.\1]", operands[0]) + ")"
    if condition in ("between", "notBetween"):
        kind = "cell-content-is-between" if condition == "between" else "cell-content-is-not-between"
        return f"{kind}({operands[0]},{operands[1]})"
    operator = {"equal": "=", "notEqual": "!=", "greaterThan": ">", "greaterThanOrEqual": ">=",
                "lessThan": "<", "lessThanOrEqual": "<="}[condition]
    return f"cell-content(){operator}{operands[0]}"


def write(book: Book, path: Path) -> Path:
    """Write ``book`` as .xlsx or .ods, by ``path``'s suffix."""
    return write_ods(book, path) if path.suffix == ".ods" else write_xlsx(book, path)


def libreoffice_resave(paths: list[Path], folder: Path, profile: Path) -> dict[Path, Path]:
    """Open and save every file again with LibreOffice (one start for all), in its own format.

    Returns original path -> resaved path (files LibreOffice failed on are absent).
    """
    resaved = {}
    for suffix, target in ((".xlsx", "xlsx:Calc MS Excel 2007 XML"), (".ods", "ods")):
        batch = [p for p in paths if p.suffix == suffix]
        if not batch:
            continue
        out = folder / suffix.lstrip(".")
        out.mkdir(parents=True, exist_ok=True)
        # Every case's file is named 2021-08.*: give each a unique name for the batch.
        staged = []
        for i, path in enumerate(batch):
            copy = folder / "in" / f"case{i:03d}{suffix}"
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
            staged.append((path, copy))
        subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", target,
                        "--outdir", str(out), *[str(c) for _, c in staged]],
                       capture_output=True, text=True, timeout=600, check=False)
        for original, copy in staged:
            result = out / copy.name
            if result.exists():
                resaved[original] = result
    return resaved


__all__ = ["Book", "NEWS", "PHOTOS", "PRESS", "SOCIAL", "SOFFICE", "TV", "Tab", "VIDEOS", "WEBSITE",
           "get_column_letter", "libreoffice_resave", "standard", "write"]


# -- hostile files, written part by part --------------------------------------------------------

def rewrite_part(path: Path, part: str, change) -> Path:
    """Rewrite one part of a zip-based workbook with ``change(text) -> text``."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            archive.writestr(info, data, compress_type=zipfile.ZIP_STORED if info.filename == "mimetype"
                             else zipfile.ZIP_DEFLATED)
    return path


def xlsx_with_far_value(path: Path, reference: str, value: int = 7) -> Path:
    """A valid month whose counts sheet also holds one value at ``reference`` (say
    XFD1048576), with the used range it then claims, as Excel would write it."""
    write_xlsx(standard([[NEWS, WEBSITE, 214], [VIDEOS, SOCIAL, 19]]), path)
    row = "".join(ch for ch in reference if ch.isdigit())

    def change(xml: str) -> str:
        import re

        xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{reference}"/>', xml)
        return xml.replace("</sheetData>", f'<row r="{row}"><c r="{reference}"><v>{value}</v></c></row></sheetData>')

    return rewrite_part(path, "xl/worksheets/sheet2.xml", change)


def ods_with_repeated_rows(path: Path, rows: int = 1_000_000, columns: int = 1) -> Path:
    """A tiny .ods whose counts sheet claims ``rows`` rows of ``columns`` filled cells each,
    in one element with a repeat count."""
    write_ods(standard([[NEWS, WEBSITE, 214]]), path)

    def change(xml: str) -> str:
        cell = '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
        if columns > 1:
            cell = cell.replace("<table:table-cell ", f'<table:table-cell table:number-columns-repeated="{columns}" ')
        bomb = f'<table:table-row table:number-rows-repeated="{rows}">{cell}</table:table-row>'
        head, _, tail = xml.partition('<table:table table:name="Показники">')
        body, _, rest = tail.partition("</table:table>")
        return f'{head}<table:table table:name="Показники">{body}{bomb}</table:table>{rest}'

    return rewrite_part(path, "content.xml", change)
