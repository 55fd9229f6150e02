#!/usr/bin/env python
"""(Re)write the kept corpus of monthly workbooks and its expectations (cases.json).

Run with the project's virtualenv:

    /work/main/.venv/bin/python tests/corpus/make_corpus.py            # write, then check
    /work/main/.venv/bin/python tests/corpus/make_corpus.py --no-check # write only
    /work/main/.venv/bin/python tests/corpus/make_corpus.py --only plain_ods_odfpy

Every case is one folder ``cases/<id>/`` holding exactly one workbook, ``2021-08.xlsx`` or
``2021-08.ods``. The script is deterministic: no randomness, fixed dates in the documents'
properties and fixed time stamps in the zip archives (every written archive is re-packed
entry by entry, in the same order and with the same compression, with one fixed date).

Files made by LibreOffice (``soffice``) or by msoffcrypto-tool (the password-protected case)
are regenerated only when that tool is available; otherwise the files already in the corpus
are kept, and the script says so.

The expectations are the project's policy for the loader, written here by hand, not what any
loader happens to do. After writing, ``verify_corpus.py`` reads every file back without the
project's loader (raw XML, openpyxl, odfpy) and checks the expectations, and records what
python-calamine makes of each file (field "calamine" in cases.json).
"""

from __future__ import annotations

import argparse
import bz2
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "cases"
CASES_JSON = HERE / "cases.json"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
LO_PROFILE = "file:///tmp/lo-corpus"

FIXED_DATETIME = dt.datetime(2021, 9, 1, 9, 0, 0)
ZIP_DATE = (2021, 9, 1, 9, 0, 0)
FIXED_ISO = "2021-09-01T09:00:00"

# -- the catalog's names (data/catalog.toml) ------------------------------------------------------

NEWS = "Новини та інші інформаційні матеріали"
DRAFTS = "Нормативні акти та проєкти для обговорення"
PHOTOS = "Матеріали з фото"
VIDEOS = "Відеосюжети"
WEBSITE = "Офіційний веб-сайт міської ради"
SOCIAL = "Сторінка в соціальній мережі"
REGIONAL = "Веб-сайт обласної ради"
PRESS = "Друковані ЗМІ"
TV = "Телебачення"
PETITIONS = "Система місцевих петицій"

CODE = {NEWS: "news", DRAFTS: "draft_acts", PHOTOS: "photo_materials", VIDEOS: "video_stories",
        WEBSITE: "website", SOCIAL: "social", REGIONAL: "regional_site", PRESS: "press", TV: "tv",
        PETITIONS: "petitions"}

# August 2021 as in data/2021-08.xlsx: 296 news (214+49+12+14+7), 248 drafts, 68 photos, 19 videos.
AUGUST = [
    (NEWS, WEBSITE, 214), (NEWS, SOCIAL, 49), (NEWS, REGIONAL, 12), (NEWS, PRESS, 14), (NEWS, TV, 7),
    (DRAFTS, WEBSITE, 248), (PHOTOS, WEBSITE, 68), (VIDEOS, SOCIAL, 19),
]
ACTIVITIES = [
    ("Наради", "Проведено онлайн-робочу нараду щодо підготовки до Дня Незалежності України."),
    ("Моніторинг", "Проводився постійний моніторинг місцевих та обласних ЗМІ та інтернет-сайтів."),
    ("", "Підготовлено проєкти рішень виконавчого комітету Ніжинської міської ради."),
    ("Петиції", "Опрацьовано електронні петиції, що надійшли до системи місцевих петицій."),
]
INFO_ROWS = [["Поле", "Значення"], ["Місяць", "2021-08"], ["Заповнила", "Іваненко О. П."]]
COUNTS_HEADER = ["Показник", "Канал", "Кількість"]
ACTS_HEADER = ["Розділ", "Текст"]

SHEET_INFO, SHEET_COUNTS, SHEET_ACTS, SHEET_LISTS = "Відомості", "Показники", "Заходи", "Довідник"


def counts_of(rows) -> dict[str, int]:
    """Expected counts {"metric/channel": n} of (metric name, channel name, n) rows."""
    return {f"{CODE[m]}/{CODE[c]}": n for m, c, n in rows}


def accepted(rows=AUGUST, activities=ACTIVITIES) -> dict:
    return {"accepted": {"counts": counts_of(rows), "activities": [[s, t] for s, t in activities]}}


def refused(*problems) -> dict:
    return {"refused": [{"code": c, "sheet": s, "row": r, "column_letter": l} for c, s, r, l in problems]}


def info_rows(month="2021-08"):
    return [["Поле", "Значення"], ["Місяць", month], ["Заповнила", "Іваненко О. П."]]


def count_rows(rows=AUGUST):
    return [COUNTS_HEADER, *[list(r) for r in rows]]


def act_rows(activities=ACTIVITIES):
    return [ACTS_HEADER, *[list(a) for a in activities]]


# -- a workbook described once, written by openpyxl, xlsxwriter or odfpy -------------------------

@dataclass(frozen=True)
class Formula:
    """A formula as typed (without "="), and its cached result (None: never calculated)."""

    expr: str
    cached: object = None


TAB, BR = "\t", "\n"


@dataclass(frozen=True)
class S:
    """<text:s text:c="n"/> in an .ods paragraph."""

    n: int


@dataclass(frozen=True)
class OdsText:
    """An .ods string cell written paragraph by paragraph with its markup: each paragraph is a
    list of str, TAB (<text:tab/>), BR (<text:line-break/>), S(n) and ("span", str)."""

    paragraphs: tuple

    def plain(self) -> str:
        out = []
        for paragraph in self.paragraphs:
            text = ""
            for part in paragraph:
                if isinstance(part, S):
                    text += " " * part.n
                elif isinstance(part, tuple):
                    text += part[1]
                else:
                    text += part
            out.append(text)
        return "\n".join(out)


@dataclass
class Sheet:
    name: str
    rows: list = field(default_factory=list)       # rows of values from A1; None = blank
    state: str = "visible"                          # visible | hidden
    hidden_rows: tuple = ()                          # 1-based row numbers
    hidden_cols: tuple = ()                          # letters
    merges: tuple = ()                               # "A2:A6"
    far: dict = field(default_factory=dict)          # "XFD4999" -> value
    number_formats: dict = field(default_factory=dict)  # "C2" -> format
    comments: dict = field(default_factory=dict)     # "C2" -> text
    freeze: str | None = None                        # "A2"
    autofilter: str | None = None                    # "A1:C9"
    widths: dict = field(default_factory=dict)       # "A" -> width
    wrap: bool = True


def letter(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def split_ref(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def cells_of(sheet: Sheet) -> dict[tuple[int, int], object]:
    cells = {(r, c): v for r, row in enumerate(sheet.rows, 1) for c, v in enumerate(row, 1) if v is not None}
    cells.update({split_ref(ref): v for ref, v in sheet.far.items()})
    return cells


# -- openpyxl -----------------------------------------------------------------------------------------

def write_openpyxl(path: Path, sheets: list[Sheet], *, lists_validation: bool = False, active: int = 0) -> Path:
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        ws = workbook.create_sheet(spec.name)
        for (r, c), value in sorted(cells_of(spec).items()):
            cell = ws.cell(r, c)
            if isinstance(value, Formula):
                cell.value = "=" + value.expr  # openpyxl never stores a cached value
            elif isinstance(value, str) and value.startswith(("=", "+", "-", "@")) and len(value) > 1:
                cell.value = value
                cell.data_type = "s"
                cell.quotePrefix = True
            else:
                cell.value = value
            if isinstance(value, str) and "\n" in value and spec.wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for ref, fmt in spec.number_formats.items():
            ws[ref].number_format = fmt
        for ref, text in spec.comments.items():
            ws[ref].comment = Comment(text, "Іваненко О. П.")
        for r in spec.hidden_rows:
            ws.row_dimensions[r].hidden = True
        for col in spec.hidden_cols:
            ws.column_dimensions[col].hidden = True
        for col, width in spec.widths.items():
            ws.column_dimensions[col].width = width
        for merge in spec.merges:
            ws.merge_cells(merge)
        if spec.freeze:
            ws.freeze_panes = spec.freeze
        if spec.autofilter:
            ws.auto_filter.ref = spec.autofilter
        if spec.rows:
            for cell in ws[1]:
                if cell.value is not None and spec.name.strip() in (SHEET_INFO, SHEET_COUNTS, SHEET_ACTS):
                    cell.font = Font(bold=True)
                    cell.fill = PatternFill("solid", fgColor="DDEBF7")
        ws.sheet_state = spec.state
    if lists_validation and SHEET_LISTS in workbook.sheetnames and SHEET_COUNTS in workbook.sheetnames:
        ws = workbook[SHEET_COUNTS]
        for formula, col in ((f"='{SHEET_LISTS}'!$A$2:$A$5", "A"), (f"='{SHEET_LISTS}'!$B$2:$B$7", "B")):
            validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
            ws.add_data_validation(validation)
            validation.add(f"{col}2:{col}50")
        whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                               showErrorMessage=True, errorTitle="Кількість",
                               error="Кількість — ціле число від 0 / The count is a whole number from 0.")
        ws.add_data_validation(whole)
        whole.add("C2:C50")
    workbook.active = active
    workbook.properties.creator = "Іваненко О. П."
    workbook.properties.created = FIXED_DATETIME
    workbook.properties.modified = FIXED_DATETIME
    workbook.properties.lastModifiedBy = "Іваненко О. П."
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def lists_sheet() -> Sheet:
    metrics = [NEWS, DRAFTS, PHOTOS, VIDEOS]
    channels = [WEBSITE, SOCIAL, REGIONAL, PRESS, TV, PETITIONS]
    rows = [["Показники", "Канали"]] + [[metrics[i] if i < len(metrics) else None, channels[i]] for i in range(6)]
    return Sheet(SHEET_LISTS, rows, state="hidden")


def template_like(counts=AUGUST, activities=ACTIVITIES) -> list[Sheet]:
    """The three sheets as dept-report's template lays them out, with its hidden list sheet."""
    info = Sheet(SHEET_INFO, [*info_rows(), [None], ["Як заповнювати", "Місяць пишіть як 2021-08; він має збігатися "
                                                     "з назвою файлу (2021-08.xlsx)."]],
                 freeze="A2", widths={"A": 18, "B": 110})
    return [info,
            Sheet(SHEET_COUNTS, count_rows(counts), freeze="A2", widths={"A": 48, "B": 36, "C": 12}),
            lists_sheet(),
            Sheet(SHEET_ACTS, act_rows(activities), freeze="A2", widths={"A": 30, "B": 120})]


def standard(counts=AUGUST, activities=ACTIVITIES, *, month="2021-08") -> list[Sheet]:
    return [Sheet(SHEET_INFO, info_rows(month)), Sheet(SHEET_COUNTS, count_rows(counts)),
            Sheet(SHEET_ACTS, act_rows(activities))]


def replace_sheet(sheets: list[Sheet], sheet_name: str, **changes) -> list[Sheet]:
    for sheet in sheets:
        if sheet.name == sheet_name:
            for key, value in changes.items():
                setattr(sheet, key, value)
    return sheets


# -- xlsxwriter (writes like Excel: shared strings, docProps, theme) ---------------------------------

def write_xlsxwriter(path: Path, sheets: list[Sheet], *, extra: Callable | None = None,
                     constant_memory: bool = False) -> Path:
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    if constant_memory:
        options["constant_memory"] = True
    workbook = xlsxwriter.Workbook(str(path), options)
    workbook.set_properties({"author": "Іваненко О. П.", "created": FIXED_DATETIME})
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    date_format = workbook.add_format({"num_format": "dd.mm.yyyy"})
    formats = {}
    handles = {}
    for spec in sheets:
        ws = workbook.add_worksheet(spec.name)
        handles[spec.name] = ws
        merged_first = {}
        for merge in spec.merges:
            first, last = merge.split(":")
            merged_first[split_ref(first)] = split_ref(last)
        cells = cells_of(spec)
        for (r, c), value in sorted(cells.items()):
            fmt = None
            ref = f"{letter(c)}{r}"
            if ref in spec.number_formats:
                fmt = formats.setdefault(spec.number_formats[ref], workbook.add_format({"num_format": spec.number_formats[ref]}))
            elif r == 1 and spec.name.strip() in (SHEET_INFO, SHEET_COUNTS, SHEET_ACTS):
                fmt = bold
            elif isinstance(value, str) and "\n" in value:
                fmt = wrap
            if (r, c) in merged_first:
                lr, lc = merged_first[(r, c)]
                ws.merge_range(r - 1, c - 1, lr - 1, lc - 1, None, fmt)
            if isinstance(value, Formula):
                ws.write_formula(r - 1, c - 1, "=" + value.expr, fmt, value.cached if value.cached is not None else 0)
            elif isinstance(value, bool):
                ws.write_boolean(r - 1, c - 1, value, fmt)
            elif isinstance(value, (int, float)):
                ws.write_number(r - 1, c - 1, value, fmt)
            elif isinstance(value, (dt.date, dt.datetime)):
                ws.write_datetime(r - 1, c - 1, value, fmt or date_format)
            else:
                ws.write_string(r - 1, c - 1, value, fmt)
        for r in spec.hidden_rows:
            ws.set_row(r - 1, None, None, {"hidden": True})
        for col in spec.hidden_cols:
            ws.set_column(f"{col}:{col}", None, None, {"hidden": True})
        for col, width in spec.widths.items():
            ws.set_column(f"{col}:{col}", width)
        for ref, text in spec.comments.items():
            ws.write_comment(ref, text, {"author": "Іваненко О. П."})
        if spec.freeze:
            r, c = split_ref(spec.freeze)
            ws.freeze_panes(r - 1, c - 1)
        if spec.autofilter:
            ws.autofilter(spec.autofilter)
        if spec.state == "hidden":
            ws.hide()
    if extra:
        extra(workbook, handles)
    workbook.close()
    return path


# -- odfpy (.ods) ------------------------------------------------------------------------------------

def _ods_cell(value, spans=None, date_style=None, wrap_style=None):
    from odf.table import TableCell
    from odf.text import LineBreak, P, Span
    from odf.text import S as TextS
    from odf.text import Tab as TextTab

    attributes = {}
    if spans:
        attributes.update(numberrowsspanned=str(spans[0]), numbercolumnsspanned=str(spans[1]))
    if value is None:
        return TableCell(**attributes)
    if isinstance(value, Formula):
        expr = "of:=" + value.expr.replace(",", ";")  # OpenFormula separates arguments with ";"
        if value.cached is None:
            return TableCell(formula=expr, **attributes)
        cell = TableCell(formula=expr, valuetype="float", value=str(value.cached), **attributes)
        cell.addElement(P(text=str(value.cached)))
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
        if date_style is not None:
            attributes["stylename"] = date_style
        cell = TableCell(valuetype="date", datevalue=value.strftime("%Y-%m-%d"), **attributes)
        cell.addElement(P(text=value.strftime("%d.%m.%Y")))
        return cell
    if isinstance(value, str) and "\n" in value and wrap_style is not None:
        attributes["stylename"] = wrap_style
    cell = TableCell(valuetype="string", **attributes)
    if isinstance(value, OdsText):
        for paragraph in value.paragraphs:
            p = P()
            for part in paragraph:
                if part == TAB:
                    p.addElement(TextTab())
                elif part == BR:
                    p.addElement(LineBreak())
                elif isinstance(part, S):
                    p.addElement(TextS(c=str(part.n)))
                elif isinstance(part, tuple):
                    p.addElement(Span(text=part[1]))
                else:
                    p.addText(part)
            cell.addElement(p)
        return cell
    # As LibreOffice writes a cell: a line typed with Ctrl+Enter is a new paragraph, a tab <text:tab/>,
    # a run of spaces (or a leading or trailing one) <text:s/> (odfpy's teletype does the last two).
    from odf import teletype
    for line in str(value).split("\n"):
        p = P()
        teletype.addTextToElement(p, line)
        cell.addElement(p)
    return cell


def write_ods(path: Path, sheets: list[Sheet], *, tails: dict | None = None, row_repeats: dict | None = None) -> Path:
    """Write ``sheets`` as .ods. ``tails``: sheet name -> function(table) adding more rows after the
    grid. ``row_repeats``: sheet name -> {row: (times, {col: value repeated n times} )} (hostile)."""
    from odf.number import DateStyle, Day, Month, Text, Year
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableCellProperties, TableProperties
    from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow

    document = OpenDocumentSpreadsheet()
    hidden_table = Style(name="ta_hidden", family="table")
    hidden_table.addElement(TableProperties(display="false"))
    document.automaticstyles.addElement(hidden_table)
    date_style = DateStyle(name="N_date")
    date_style.addElement(Day(style="long"))
    date_style.addElement(Text(text="."))
    date_style.addElement(Month(style="long"))
    date_style.addElement(Text(text="."))
    date_style.addElement(Year(style="long"))
    document.automaticstyles.addElement(date_style)
    date_cell = Style(name="ce_date", family="table-cell", datastylename="N_date")
    document.automaticstyles.addElement(date_cell)
    wrap_cell = Style(name="ce_wrap", family="table-cell")
    wrap_cell.addElement(TableCellProperties(wrapoption="wrap"))
    document.automaticstyles.addElement(wrap_cell)
    for spec in sheets:
        table = Table(name=spec.name, stylename=hidden_table) if spec.state == "hidden" else Table(name=spec.name)
        cells = cells_of(spec)
        spans, covered = {}, set()
        for merge in spec.merges:
            (top, left), (bottom, right) = (split_ref(x) for x in merge.split(":"))
            spans[(top, left)] = (bottom - top + 1, right - left + 1)
            covered |= {(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)} - {(top, left)}
        hidden_columns = sorted(split_ref(f"{col}1")[1] for col in spec.hidden_cols)
        width = max([c for _, c in cells] + [c for _, c in spans] + hidden_columns + [3])
        column = 1
        for hidden in hidden_columns + [width + 1]:
            if hidden > column:
                table.addElement(TableColumn(numbercolumnsrepeated=str(hidden - column)))
            if hidden <= width:
                table.addElement(TableColumn(visibility="collapse"))
            column = hidden + 1
        used = sorted({r for r, _ in cells} | {r for r, _ in spans} | {r for r, _ in covered} | set(spec.hidden_rows))
        previous = 0
        for r in used:
            if r - previous > 1:
                gap = TableRow(numberrowsrepeated=str(r - previous - 1))
                gap.addElement(TableCell())
                table.addElement(gap)
            previous = r
            row = TableRow(visibility="collapse") if r in spec.hidden_rows else TableRow()
            columns = sorted({c for rr, c in cells if rr == r} | {c for rr, c in spans if rr == r}
                             | {c for rr, c in covered if rr == r})
            last = 0
            for c in columns:
                if c - last > 1:
                    row.addElement(TableCell(numbercolumnsrepeated=str(c - last - 1)))
                last = c
                if (r, c) in covered:
                    row.addElement(CoveredTableCell())
                else:
                    value = cells.get((r, c))
                    row.addElement(_ods_cell(value, spans.get((r, c)), date_cell, wrap_cell))
            if not columns:
                row.addElement(TableCell())
            table.addElement(row)
        if tails and spec.name in tails:
            tails[spec.name](table)
        document.spreadsheet.addElement(table)
    document.meta.childNodes[:] = [n for n in document.meta.childNodes if n.qname[1] != "generator"]
    from odf.meta import CreationDate, Generator
    document.meta.addElement(Generator(text="ODFPY/1.4.1"))
    document.meta.addElement(CreationDate(text=FIXED_ISO))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


# -- raw zip + XML (Excel's own specifics, written by hand) ---------------------------------------------

T_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
T_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
T_RELTYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
S_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
S_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
S_RELTYPE = "http://purl.oclc.org/ooxml/officeDocument/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
EXCEL_NS = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr xr2 xr3" '
            'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
            'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
            'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" '
            'xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3"')

STYLES_XML = (
    '<styleSheet xmlns="{main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>'
    '<charset val="204"/><scheme val="minor"/></font><font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/>'
    '<family val="2"/><charset val="204"/><scheme val="minor"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


class SST:
    """A shared-strings table; add() returns the index. ``raw`` items are whole <si> bodies."""

    def __init__(self):
        self.items: list[str] = []
        self.index: dict[str, int] = {}
        self.uses = 0

    def add(self, text: str) -> int:
        self.uses += 1
        body = f'<t xml:space="preserve">{escape(text)}</t>' if text != text.strip() or "\n" in text else f"<t>{escape(text)}</t>"
        return self.add_raw(body)

    def add_raw(self, body: str) -> int:
        if body not in self.index:
            self.index[body] = len(self.items)
            self.items.append(body)
        return self.index[body]

    def xml(self, main=T_MAIN) -> str:
        items = "".join(f"<si>{b}</si>" for b in self.items)
        return f'{XML_DECL}<sst xmlns="{main}" count="{max(self.uses, len(self.items))}" uniqueCount="{len(self.items)}">{items}</sst>'


def raw_cell(ref: str | None, value, sst: SST | None, style: int | None = None) -> str:
    r = f' r="{ref}"' if ref else ""
    s = f' s="{style}"' if style else ""
    if value is None:
        return ""
    if isinstance(value, Formula):
        if value.cached is None:
            return f"<c{r}{s}><f>{escape(value.expr)}</f></c>"
        if isinstance(value.cached, str) and value.cached.startswith("#"):
            return f'<c{r}{s} t="e"><f>{escape(value.expr)}</f><v>{escape(value.cached)}</v></c>'
        return f"<c{r}{s}><f>{escape(value.expr)}</f><v>{value.cached}</v></c>"
    if isinstance(value, bool):
        return f'<c{r}{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f"<c{r}{s}><v>{value}</v></c>"
    if sst is None:
        return f'<c{r}{s} t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
    return f'<c{r}{s} t="s"><v>{sst.add(value)}</v></c>'


def raw_rows(rows, sst: SST | None, *, start=1, refs=True, header_style=1, excel=False) -> str:
    out = []
    for r, row in enumerate(rows, start):
        cells = []
        for c, value in enumerate(row, 1):
            style = header_style if r == start and header_style else None
            if isinstance(value, str) and "\n" in value:
                style = 2
            cells.append(raw_cell(f"{letter(c)}{r}" if refs else None, value, sst, style))
        body = "".join(cells)
        if not body:
            continue
        attrs = f' r="{r}"' if refs else ""
        if excel:
            attrs += f' spans="1:{max(len(row), 1)}" x14ac:dyDescent="0.25"'
        out.append(f"<row{attrs}>{body}</row>")
    return "".join(out)


def raw_sheet_xml(body: str, *, dimension: str | None = "A1:C9", main=T_MAIN, rel=T_REL, before="", after="",
                  excel=False) -> str:
    ns = f'xmlns="{main}" xmlns:r="{rel}"' + (" " + EXCEL_NS if excel else "")
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    views = ('<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
             '<sheetFormatPr defaultRowHeight="15"' + (' x14ac:dyDescent="0.25"' if excel else "") + "/>")
    return f"{XML_DECL}<worksheet {ns}>{dim}{views}{before}<sheetData>{body}</sheetData>{after}</worksheet>"


def write_raw_xlsx(path: Path, sheets: list[tuple[str, str, str]], sst: SST | None, *, strict=False,
                   excel_props=False, compress=zipfile.ZIP_DEFLATED, extra_parts: dict | None = None) -> Path:
    """sheets: (name, state, sheet xml). Writes a minimal but complete package by hand."""
    main, rel, reltype = (S_MAIN, S_REL, S_RELTYPE) if strict else (T_MAIN, T_REL, T_RELTYPE)
    parts: dict[str, str | bytes] = {}
    overrides = [f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>',
                 f'<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/>']
    wb_rels = [f'<Relationship Id="rIdStyles" Type="{reltype}/styles" Target="styles.xml"/>']
    sheet_entries = []
    for i, (name, state, xml) in enumerate(sheets, 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
        overrides.append(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{CT}.worksheet+xml"/>')
        wb_rels.append(f'<Relationship Id="rId{i}" Type="{reltype}/worksheet" Target="worksheets/sheet{i}.xml"/>')
        st = f' state="{state}"' if state != "visible" else ""
        sheet_entries.append(f'<sheet name="{escape(name)}" sheetId="{i}"{st} r:id="rId{i}"/>')
    if sst is not None:
        parts["xl/sharedStrings.xml"] = sst.xml(main)
        overrides.append(f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>')
        wb_rels.append(f'<Relationship Id="rIdStrings" Type="{reltype}/sharedStrings" Target="sharedStrings.xml"/>')
    conformance = ' conformance="strict"' if strict else ""
    excel_head = ('<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/>'
                  '<workbookPr defaultThemeVersion="166925"/>' if excel_props else "")
    parts["xl/workbook.xml"] = (f'{XML_DECL}<workbook xmlns="{main}" xmlns:r="{rel}"{conformance}>{excel_head}'
                                '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/>'
                                f'</bookViews><sheets>{"".join(sheet_entries)}</sheets>'
                                + ('<calcPr calcId="191029"/>' if excel_props else "") + "</workbook>")
    parts["xl/_rels/workbook.xml.rels"] = (f'{XML_DECL}<Relationships xmlns="{PKG_REL}">{"".join(wb_rels)}</Relationships>')
    parts["xl/styles.xml"] = XML_DECL + STYLES_XML.format(main=main)
    pkg_rels = [f'<Relationship Id="rId1" Type="{reltype}/officeDocument" Target="xl/workbook.xml"/>']
    if excel_props:
        parts["docProps/app.xml"] = (
            f'{XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>'
            '<AppVersion>16.0300</AppVersion></Properties>')
        parts["docProps/core.xml"] = (
            f'{XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<dc:creator>Іваненко О. П.</dc:creator><cp:lastModifiedBy>Іваненко О. П.</cp:lastModifiedBy>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_ISO}Z</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_ISO}Z</dcterms:modified></cp:coreProperties>')
        overrides.append('<Override PartName="/docProps/app.xml" '
                         'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>')
        overrides.append('<Override PartName="/docProps/core.xml" '
                         'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>')
        pkg_rels.append('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
                        'metadata/core-properties" Target="docProps/core.xml"/>')
        pkg_rels.append('<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        'relationships/extended-properties" Target="docProps/app.xml"/>')
    parts["_rels/.rels"] = f'{XML_DECL}<Relationships xmlns="{PKG_REL}">{"".join(pkg_rels)}</Relationships>'
    parts["[Content_Types].xml"] = (
        f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{"".join(overrides)}</Types>')
    parts.update(extra_parts or {})
    order = ["[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "xl/workbook.xml",
             "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml"]
    names = [n for n in order if n in parts] + sorted(n for n in parts if n not in order)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            data = parts[name]
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = compress
            info.create_system = 0
            archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def standard_raw_sheets(sst: SST, *, counts_xml: str | None = None, acts_xml: str | None = None,
                        strict=False, excel=False) -> list[tuple[str, str, str]]:
    main, rel = (S_MAIN, S_REL) if strict else (T_MAIN, T_REL)
    info = raw_sheet_xml(raw_rows(info_rows(), sst, excel=excel), dimension="A1:B3", main=main, rel=rel, excel=excel)
    counts = counts_xml or raw_sheet_xml(raw_rows(count_rows(), sst, excel=excel), dimension="A1:C9", main=main,
                                         rel=rel, excel=excel)
    acts = acts_xml or raw_sheet_xml(raw_rows(act_rows(), sst, excel=excel), dimension="A1:B5", main=main, rel=rel,
                                     excel=excel)
    return [(SHEET_INFO, "visible", info), (SHEET_COUNTS, "visible", counts), (SHEET_ACTS, "visible", acts)]


# -- zip normalisation (fixed dates, same entries, same order, same compression) -----------------------

META_PARTS = ("docProps/core.xml", "docProps/app.xml", "meta.xml", "settings.xml")


def normalise_zip(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info.filename)) for info in archive.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info, data in entries:
            if info.filename in META_PARTS:
                text = data.decode("utf-8")
                text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?", FIXED_ISO, text)
                text = re.sub(r'meta:editing-duration>[^<]*<', "meta:editing-duration>PT0S<", text)
                text = re.sub(r"<meta:editing-duration>[^<]*</meta:editing-duration>",
                              "<meta:editing-duration>PT0S</meta:editing-duration>", text)
                text = re.sub(r"<TotalTime>\d+</TotalTime>", "<TotalTime>0</TotalTime>", text)
                data = text.encode("utf-8")
            new = zipfile.ZipInfo(info.filename, ZIP_DATE)
            new.compress_type = info.compress_type
            new.create_system = 0
            new.external_attr = 0
            archive.writestr(new, data)
    path.write_bytes(buffer.getvalue())


def same_data(old: Path, new: Path) -> bool:
    """True when two LibreOffice outputs differ at most in what LibreOffice varies from run to run:
    the order of page styles in styles.xml and the base cell of validation rules."""
    if old.read_bytes() == new.read_bytes():
        return True
    try:
        with zipfile.ZipFile(old) as a, zipfile.ZipFile(new) as b:
            if a.namelist() != b.namelist():
                return False
            for name in a.namelist():
                if name == "styles.xml":
                    continue
                x, y = a.read(name), b.read(name)
                if name == "content.xml":
                    x, y = (re.sub(rb"<table:content-validations>.*?</table:content-validations>", b"", z, flags=re.S)
                            for z in (x, y))
                if x != y:
                    return False
    except zipfile.BadZipFile:
        return False
    return True


# -- LibreOffice ----------------------------------------------------------------------------------------

def libreoffice_convert(jobs: list[tuple[Path, str, Path]], work: Path) -> dict[Path, str]:
    """jobs: (source file, target "xlsx"|"ods"|"xls"|"docx", destination). One soffice start per target."""
    results = {}
    filters = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "ods": "ods", "xls": "xls:MS Excel 97",
               "docx": "docx:MS Word 2007 XML"}
    for target in sorted({t for _, t, _ in jobs}):
        batch = [(s, d) for s, t, d in jobs if t == target]
        out = work / f"lo-out-{target}"
        out.mkdir(parents=True, exist_ok=True)
        completed = subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation={LO_PROFILE}", "--convert-to",
                                    filters[target], "--outdir", str(out), *[str(s) for s, _ in batch]],
                                   capture_output=True, text=True, timeout=900, check=False)
        for source, destination in batch:
            produced = out / (source.stem + "." + target)
            if produced.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(produced, destination)
                normalise_zip(destination) if target != "xls" else None
                results[destination] = "converted"
            else:
                results[destination] = "FAILED: " + completed.stderr[-300:]
    return results


# -- the cases --------------------------------------------------------------------------------------------

@dataclass
class Case:
    id: str
    suffix: str
    made_by: str
    what: str
    expect: dict
    build: Callable[[Path], object] | None = None          # writes the file at the given path
    lo_source: Callable[[Path], object] | None = None      # writes the source LibreOffice converts
    lo_source_suffix: str = ".xlsx"
    lo_target: str = ""
    needs: str = ""                                         # a tool the case needs: "msoffcrypto"
    specific_code: str | None = None
    note: str = ""                                          # for the developer: why, or what tools do

    @property
    def file(self) -> str:
        return f"cases/{self.id}/2021-08{self.suffix}"


CASES: list[Case] = []


def case(id, suffix, made_by, what, expect, **extra):
    def register(build):
        CASES.append(Case(id, suffix, made_by, what, expect, build=build, **extra))
        return build
    return register


def lo_case(id, suffix, what, expect, source, source_suffix=".xlsx", target=None, **extra):
    CASES.append(Case(id, suffix, "libreoffice", what, expect, lo_source=source, lo_source_suffix=source_suffix,
                      lo_target=target or suffix.lstrip("."), **extra))


C = SHEET_COUNTS
A = SHEET_ACTS

# ======== accepted =========================================================================================


@case("template_openpyxl", ".xlsx", "openpyxl",
      "The blank template's layout filled in for August 2021: a note on «Відомості», frozen header rows, "
      "drop-down lists and the hidden «Довідник» list sheet; read as typed.",
      accepted())
def _(path):
    write_openpyxl(path, template_like(), lists_validation=True, active=1)


@case("excel_like_xlsxwriter", ".xlsx", "xlsxwriter",
      "The same August workbook written the way Excel writes it (shared strings, theme, document properties).",
      accepted())
def _(path):
    write_xlsxwriter(path, standard())


@case("plain_ods_odfpy", ".ods", "odfpy", "The August workbook as an OpenDocument (.ods) file.", accepted())
def _(path):
    write_ods(path, standard())


def _template_source(path):
    write_openpyxl(path, template_like(), lists_validation=True, active=1)


lo_case("libreoffice_resaved_xlsx", ".xlsx",
        "The template-layout workbook opened in LibreOffice Calc and saved again as .xlsx (hidden list sheet, "
        "drop-downs and all); read as typed.", accepted(), _template_source)
lo_case("libreoffice_saved_as_ods", ".ods",
        "The template-layout workbook opened in LibreOffice Calc and saved as .ods; read as typed.",
        accepted(), _template_source)
lo_case("libreoffice_xlsx_from_ods", ".xlsx",
        "An .ods workbook opened in LibreOffice Calc and saved as .xlsx; read as typed.",
        accepted(), lambda p: write_ods(p, standard()), source_suffix=".ods")

FORMULA_ROWS = [(NEWS, WEBSITE, Formula("200+14", 214)), (NEWS, SOCIAL, Formula("SUM(40,9)", 49)),
                (NEWS, PRESS, 14), (DRAFTS, WEBSITE, Formula("100+14", 114)), (VIDEOS, SOCIAL, 19)]
FORMULA_EXPECT = [(NEWS, WEBSITE, 214), (NEWS, SOCIAL, 49), (NEWS, PRESS, 14), (DRAFTS, WEBSITE, 114),
                  (VIDEOS, SOCIAL, 19)]


@case("formula_cached_xlsxwriter", ".xlsx", "xlsxwriter",
      "Counts typed as formulas (=200+14, =SUM(40,9), =100+14) saved with their results: the results count.",
      accepted(FORMULA_EXPECT))
def _(path):
    write_xlsxwriter(path, standard(FORMULA_ROWS))


@case("formula_cached_ods", ".ods", "odfpy",
      "An .ods workbook whose counts are formulas saved with their results (of:=100+14 with value 114): "
      "the results count.", accepted(FORMULA_EXPECT))
def _(path):
    write_ods(path, standard(FORMULA_ROWS))


lo_case("formula_recalculated_by_libreoffice", ".xlsx",
        "Formulas written by a program without results (=200+14 ...), then opened in LibreOffice Calc, which "
        "calculated them, and saved: the saved results count.", accepted(FORMULA_EXPECT),
        lambda p: write_openpyxl(p, standard([(m, c, Formula(n.expr) if isinstance(n, Formula) else n)
                                              for m, c, n in FORMULA_ROWS])))

TEXT_NUMBERS = [(NEWS, WEBSITE, "214"), (NEWS, SOCIAL, " 1 234 "), (NEWS, REGIONAL, "1\u00a0234"),
                (NEWS, PRESS, "12\u202f345"), (NEWS, TV, "0"), (DRAFTS, WEBSITE, "248 "),
                (PHOTOS, WEBSITE, "1 000 000"), (VIDEOS, SOCIAL, "19")]
TEXT_NUMBERS_EXPECT = [(NEWS, WEBSITE, 214), (NEWS, SOCIAL, 1234), (NEWS, REGIONAL, 1234), (NEWS, PRESS, 12345),
                       (NEWS, TV, 0), (DRAFTS, WEBSITE, 248), (PHOTOS, WEBSITE, 1000000), (VIDEOS, SOCIAL, 19)]


@case("numbers_typed_as_text_xlsxwriter", ".xlsx", "xlsxwriter",
      "Counts stored as text: \"214\", \" 1 234 \", and thousands grouped by an ordinary space, a no-break space "
      "(U+00A0) or a narrow no-break space (U+202F): read as the numbers they show.", accepted(TEXT_NUMBERS_EXPECT))
def _(path):
    write_xlsxwriter(path, standard(TEXT_NUMBERS))


@case("numbers_typed_as_text_ods", ".ods", "odfpy",
      "The same counts stored as text in an .ods file: read as the numbers they show.", accepted(TEXT_NUMBERS_EXPECT))
def _(path):
    write_ods(path, standard(TEXT_NUMBERS))


TITLE_ACTS = [("Наради", "Проведено онлайн-робочу нараду."), ("", "Опрацьовано звернення громадян.")]


@case("title_and_notes_above_the_header", ".xlsx", "openpyxl",
      "Four filled rows (a title, who filled it in, a note, a date) and a blank row above the «Показники» header, "
      "a title above the «Заходи» header, and the month written as «серпень 2021»: all accepted (up to four "
      "filled rows may stand above a header).", accepted(AUGUST, TITLE_ACTS))
def _(path):
    sheets = standard(AUGUST, TITLE_ACTS, month="серпень 2021")
    replace_sheet(sheets, C, rows=[["Показники роботи відділу за серпень 2021 року"], ["Заповнила: Іваненко О. П."],
                                   ["Примітка: дані з журналу реєстрації матеріалів"], ["Станом на 31.08.2021"],
                                   [None], *count_rows()])
    replace_sheet(sheets, A, rows=[["Заходи відділу за серпень 2021 року"], [None], *act_rows(TITLE_ACTS)])
    write_openpyxl(path, sheets)


MERGED_COUNTS = [(NEWS, WEBSITE, 214), (None, SOCIAL, 49), (None, REGIONAL, 12), (None, PRESS, 14), (None, TV, 7),
                 (DRAFTS, WEBSITE, 248), (PHOTOS, WEBSITE, 68), (VIDEOS, SOCIAL, 19)]
MERGED_ACTS = [("Наради", "Проведено онлайн-робочу нараду."), (None, "Проведено засідання робочої групи."),
               ("Моніторинг", "Проводився постійний моніторинг місцевих ЗМІ.")]
MERGED_ACTS_EXPECT = [("Наради", "Проведено онлайн-робочу нараду."), ("Наради", "Проведено засідання робочої групи."),
                      ("Моніторинг", "Проводився постійний моніторинг місцевих ЗМІ.")]


def _merged(path, writer):
    sheets = standard(MERGED_COUNTS, MERGED_ACTS)
    replace_sheet(sheets, C, merges=("A2:A6",))
    replace_sheet(sheets, A, merges=("A2:A3",))
    writer(path, sheets)


@case("metric_merged_over_its_channels_xlsx", ".xlsx", "openpyxl",
      "«Новини та інші інформаційні матеріали» typed once in a cell merged over its five channel rows (A2:A6), "
      "and a section merged over its two paragraphs: the merged text applies to every row it spans.",
      accepted(AUGUST, MERGED_ACTS_EXPECT))
def _(path):
    _merged(path, write_openpyxl)


@case("metric_merged_over_its_channels_ods", ".ods", "odfpy",
      "The same merged metric (A2:A6) and merged section in an .ods file (covered cells): applies to every row "
      "it spans.", accepted(AUGUST, MERGED_ACTS_EXPECT))
def _(path):
    _merged(path, write_ods)


HEADER_MERGED_ROWS = [["Показник", "Канал", None, "Кількість"], [NEWS, WEBSITE, None, 214], [NEWS, SOCIAL, None, 49],
                      [DRAFTS, WEBSITE, None, 248], [VIDEOS, SOCIAL, None, 19]]
HEADER_MERGED_EXPECT = [(NEWS, WEBSITE, 214), (NEWS, SOCIAL, 49), (DRAFTS, WEBSITE, 248), (VIDEOS, SOCIAL, 19)]


@case("header_merged_across_two_columns", ".xlsx", "xlsxwriter",
      "«Канал» merged over B1:C1 just for looks, the channels typed in B, column C empty, «Кількість» in D: "
      "read with the values under the merge's first column.", accepted(HEADER_MERGED_EXPECT))
def _(path):
    sheets = standard()
    replace_sheet(sheets, C, rows=HEADER_MERGED_ROWS, merges=("B1:C1",))
    write_xlsxwriter(path, sheets)


@case("month_as_a_date_cell", ".xlsx", "openpyxl",
      "The month on «Відомості» typed as a date (1 August 2021, shown as 08.2021): accepted as August 2021.",
      accepted())
def _(path):
    sheets = standard(month=dt.datetime(2021, 8, 1))
    replace_sheet(sheets, SHEET_INFO, number_formats={"B2": "mm.yyyy"})
    write_openpyxl(path, sheets)


LONG_TEXT = ("Протягом місяця відділ забезпечував висвітлення діяльності міської ради, її виконавчого комітету "
             "та структурних підрозділів; ") * 40
TRICKY_TEXTS = [
    ("Моніторинг", "Інтерв'ю з об’єднанням ‘Ніжин’ і обʼєкт «Ліцей №3»"),
    ("Наради", "Рядок перший\nРядок другий"),
    ("", "Колонка\tколонка\t\tдва таби"),
    ("Наради", "  Пробіли   всередині   лишаються  "),
    ("Соцмережі", "📢 Анонс: пряма трансляція сесії 🎥 — 12:00"),
    ("", "=HYPERLINK(\"http://example.org\";\"натисніть\")"),
    ("Розмітка", "<b>жирний</b> & <script>x</script> {{ 7*7 }}"),
    ("Звернення", LONG_TEXT.strip()),
]
TRICKY_EXPECT = [(s, t.strip()) for s, t in TRICKY_TEXTS]


@case("activity_text_kept_exactly_xlsx", ".xlsx", "openpyxl",
      "Paragraphs with the apostrophes ' ’ ‘ ʼ, a line break typed with Alt+Enter, tabs, inner spaces, emoji, "
      "a text that starts with \"=\", markup-like text and a paragraph of 4 999 characters: kept exactly as typed "
      "(only leading and trailing spaces of a cell dropped).", accepted(AUGUST, TRICKY_EXPECT))
def _(path):
    write_openpyxl(path, standard(AUGUST, TRICKY_TEXTS))


ODS_TEXTS = [
    ("Наради", OdsText((("Рядок перший", BR, "рядок другий"),))),
    ("Таблиця", OdsText((("Колонка", TAB, "колонка", TAB, TAB, "два таби"),))),
    ("Абзаци", OdsText((("Перший абзац."), ("Другий абзац."), ("Третій абзац.")))),
    ("Пробіли", OdsText((("Три", S(3), "пробіли і один", S(1), "ще"),))),
    ("Виділення", OdsText((("Звичайний ", ("span", "виділений"), " текст, об’єкт і обʼєкт"),))),
]
ODS_TEXTS = [(s, OdsText(tuple(p if isinstance(p, tuple) else (p,) for p in t.paragraphs))) for s, t in ODS_TEXTS]
ODS_TEXTS_EXPECT = [(s, t.plain()) for s, t in ODS_TEXTS]


@case("activity_text_markup_ods", ".ods", "odfpy",
      "Paragraph cells in .ods with <text:line-break/>, <text:tab/>, several <text:p> paragraphs in one cell "
      "(joined with a line break), <text:s text:c=\"3\"/> (three spaces) and a <text:span>: the text as shown.",
      accepted(AUGUST, ODS_TEXTS_EXPECT))
def _(path):
    write_ods(path, standard(AUGUST, ODS_TEXTS))


lo_case("activity_text_libreoffice_ods", ".ods",
        "The paragraphs with apostrophes, Alt+Enter line breaks, tabs, emoji and long text opened in LibreOffice "
        "Calc and saved as .ods (line breaks become paragraphs, runs of spaces <text:s/>): kept exactly.",
        accepted(AUGUST, TRICKY_EXPECT), lambda p: write_openpyxl(p, standard(AUGUST, TRICKY_TEXTS)))

HIDDEN_EMPTY_COUNTS = [*AUGUST[:5], (None, None, None), (None, None, None), *AUGUST[5:]]


def _hidden_empty(path):
    sheets = standard(HIDDEN_EMPTY_COUNTS, [ACTIVITIES[0], (None, None), *ACTIVITIES[1:]])
    replace_sheet(sheets, C, hidden_rows=(7, 8))
    replace_sheet(sheets, A, hidden_rows=(3,))
    sheets.insert(2, lists_sheet())
    write_openpyxl(path, sheets)


@case("hidden_empty_rows_and_hidden_list_sheet", ".xlsx", "openpyxl",
      "Two empty rows hidden between the news rows and the other metrics, an empty hidden row among the "
      "paragraphs, and the hidden «Довідник» list sheet: nothing with data is hidden, so read as typed.",
      accepted())
def _(path):
    _hidden_empty(path)


lo_case("hidden_empty_rows_libreoffice_ods", ".ods",
        "The workbook with hidden empty rows and the hidden list sheet saved by LibreOffice Calc as .ods "
        "(table:visibility=\"collapse\" on the empty rows): read as typed.", accepted(), _hidden_empty)


@case("stray_value_in_the_last_cell_XFD1048576", ".xlsx", "raw-xml",
      "One stray value «x» in the very last cell XFD1048576 of «Показники» (the file says its used range is "
      "A1:XFD1048576): the value is in no table row and no headed column, so it is ignored and the table read.",
      accepted())
def _(path):
    sst = SST()
    body = raw_rows(count_rows(), sst) + f'<row r="1048576"><c r="XFD1048576" t="s"><v>{sst.add("x")}</v></c></row>'
    counts = raw_sheet_xml(body, dimension="A1:XFD1048576")
    write_raw_xlsx(path, standard_raw_sheets(sst, counts_xml=counts), sst)


@case("stray_value_far_right_XFD4999", ".xlsx", "openpyxl",
      "One stray number in cell XFD4999 of «Показники», far from the table: ignored, the table read.", accepted())
def _(path):
    sheets = standard()
    replace_sheet(sheets, C, far={"XFD4999": 7})
    write_openpyxl(path, sheets)


@case("stray_value_far_right_ods", ".ods", "odfpy",
      "The same stray number at XFD4999 in an .ods file (16 383 empty cells repeated, then the value): ignored.",
      accepted())
def _(path):
    sheets = standard()
    replace_sheet(sheets, C, far={"XFD4999": 7})
    write_ods(path, sheets)


@case("dimension_claims_the_whole_sheet", ".xlsx", "raw-xml",
      "An Excel-style file (x14ac attributes, spans, docProps of Microsoft Excel) whose <dimension> claims "
      "A1:XFD1048576 on every sheet while only the table is filled: read as typed.", accepted())
def _(path):
    sst = SST()
    sheets = [(name, state, re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml))
              for name, state, xml in standard_raw_sheets(sst, excel=True)]
    write_raw_xlsx(path, sheets, sst, excel_props=True)


X000D_ACTS = [("Наради", "рядок_x000D_\nрядок"), ("", "Код _x005F_x000D_ набрано як текст"),
              ("Таб", "колонка_x0009_колонка")]
X000D_EXPECT = [("Наради", "рядок\nрядок"), ("", "Код _x000D_ набрано як текст"), ("Таб", "колонка\tколонка")]


@case("shared_strings_with_x000D_escapes", ".xlsx", "raw-xml",
      "Shared strings as Excel escapes them: a line break saved as _x000D_ + newline (shown as one line break), "
      "an escaped underscore _x005F_ (the clerk typed the characters _x000D_) and a tab saved as _x0009_.",
      accepted(AUGUST, X000D_EXPECT))
def _(path):
    sst = SST()
    acts = [ACTS_HEADER]
    rows_xml = raw_rows(act_rows([]), sst)
    for r, (section, text) in enumerate(X000D_ACTS, 2):
        cells = ""
        if section:
            cells += f'<c r="A{r}" t="s"><v>{sst.add(section)}</v></c>'
        index = sst.add_raw('<t xml:space="preserve">' + escape(text) + "</t>")
        cells += f'<c r="B{r}" s="2" t="s"><v>{index}</v></c>'
        rows_xml += f'<row r="{r}">{cells}</row>'
    del acts
    write_raw_xlsx(path, standard_raw_sheets(sst, acts_xml=raw_sheet_xml(rows_xml, dimension="A1:B4")), sst)


RICH_EXPECT = [("Наради", "Проведено нараду з питань благоустрою."), ("", "Опрацьовано звернення.")]


@case("rich_text_and_phonetic_runs", ".xlsx", "raw-xml",
      "Shared strings in rich-text runs (part of a name or paragraph bold) with a phonetic <rPh> run whose "
      "text is not shown in Excel and must not appear: read as the visible text.",
      accepted(AUGUST, RICH_EXPECT))
def _(path):
    sst = SST()
    news_rich = sst.add_raw('<r><t xml:space="preserve">Новини та інші </t></r><r><rPr><b/><sz val="11"/></rPr>'
                            '<t>інформаційні матеріали</t></r><rPh sb="0" eb="6"><t>ノヴィニ</t></rPh>'
                            '<phoneticPr fontId="1" type="noConversion"/>')
    rows = [f'<row r="1">{raw_cell("A1", "Показник", sst, 1)}{raw_cell("B1", "Канал", sst, 1)}'
            f'{raw_cell("C1", "Кількість", sst, 1)}</row>']
    for r, (m, c, n) in enumerate(AUGUST, 2):
        metric = f'<c r="A{r}" t="s"><v>{news_rich}</v></c>' if m == NEWS else raw_cell(f"A{r}", m, sst)
        rows.append(f'<row r="{r}">{metric}{raw_cell(f"B{r}", c, sst)}{raw_cell(f"C{r}", n, sst)}</row>')
    counts = raw_sheet_xml("".join(rows))
    para = sst.add_raw('<r><t xml:space="preserve">Проведено </t></r><r><rPr><i/></rPr><t>нараду</t></r>'
                       '<r><t xml:space="preserve"> з питань благоустрою.</t></r>'
                       '<rPh sb="10" eb="16"><t>ナラドゥ</t></rPh><phoneticPr fontId="1"/>')
    acts = (f'<row r="1">{raw_cell("A1", "Розділ", sst, 1)}{raw_cell("B1", "Текст", sst, 1)}</row>'
            f'<row r="2">{raw_cell("A2", "Наради", sst)}<c r="B2" t="s"><v>{para}</v></c></row>'
            f'<row r="3">{raw_cell("B3", "Опрацьовано звернення.", sst)}</row>')
    write_raw_xlsx(path, standard_raw_sheets(sst, counts_xml=counts, acts_xml=raw_sheet_xml(acts, dimension="A1:B3")),
                   sst)


@case("cells_without_references", ".xlsx", "raw-xml",
      "Rows and cells written without r= attributes (as some export programs do): positions follow the order "
      "of the cells, so the table reads as typed.", accepted())
def _(path):
    sst = SST()
    counts = raw_sheet_xml(raw_rows(count_rows(), sst, refs=False), dimension=None)
    acts = raw_sheet_xml(raw_rows(act_rows(), sst, refs=False), dimension=None)
    info = raw_sheet_xml(raw_rows(info_rows(), sst, refs=False), dimension=None)
    write_raw_xlsx(path, [(SHEET_INFO, "visible", info), (C, "visible", counts), (A, "visible", acts)], sst)


@case("inline_strings", ".xlsx", "raw-xml",
      "Every text written as an inline string (t=\"inlineStr\") instead of shared strings, one of them in "
      "rich-text runs: read as typed.", accepted())
def _(path):
    counts = raw_rows(count_rows(), None)
    counts = counts.replace('<c r="A2" t="inlineStr"><is><t xml:space="preserve">' + escape(NEWS) + "</t></is></c>",
                            '<c r="A2" t="inlineStr"><is><r><t xml:space="preserve">Новини та інші </t></r>'
                            '<r><rPr><b/></rPr><t>інформаційні матеріали</t></r></is></c>')
    assert "<r><rPr><b/></rPr>" in counts
    sheets = [(SHEET_INFO, "visible", raw_sheet_xml(raw_rows(info_rows(), None), dimension="A1:B3")),
              (C, "visible", raw_sheet_xml(counts)),
              (A, "visible", raw_sheet_xml(raw_rows(act_rows(), None), dimension="A1:B5"))]
    write_raw_xlsx(path, sheets, None)


@case("strict_ooxml", ".xlsx", "raw-xml",
      "A workbook in Strict Office Open XML (namespace http://purl.oclc.org/ooxml/spreadsheetml/main, as Excel's "
      "«Strict Open XML Spreadsheet» saves): read as typed.", accepted())
def _(path):
    sst = SST()
    write_raw_xlsx(path, standard_raw_sheets(sst, strict=True), sst, strict=True)


NAMES_ROWS = [("news", "website", 214), ("NEWS AND OTHER INFORMATION MATERIALS", "Social-media page", 49),
              ("Новини  та інші інформаційні матеріали ", "веб-сайт обласної ради", 12),
              ("новини та iншi iнформацiйнi матерiали", "ДРУКОВАНІ ЗМІ", 14),
              ("Normative acts and drafts for public discussion", "City council website", 248),
              ("photo_materials", " Офіційний веб-сайт міської ради", 68), ("Відеосюжети", "social", 19)]
NAMES_EXPECT = [(NEWS, WEBSITE, 214), (NEWS, SOCIAL, 49), (NEWS, REGIONAL, 12), (NEWS, PRESS, 14),
                (DRAFTS, WEBSITE, 248), (PHOTOS, WEBSITE, 68), (VIDEOS, SOCIAL, 19)]


@case("names_as_codes_english_and_odd_case", ".xlsx", "openpyxl",
      "Metrics and channels written as catalog codes, English names, in capitals, with doubled or surrounding "
      "spaces and Latin «i» for Cyrillic «і»: all recognised.", accepted(NAMES_EXPECT))
def _(path):
    write_openpyxl(path, standard(NAMES_ROWS))


@case("english_sheet_and_column_names", ".xlsx", "xlsxwriter",
      "Sheets named in English in any letter case («ACTIVITIES», «counts», «Info», in that order) with English "
      "headers («metric», «CHANNEL», «Count», «Section», «Text», «Field», «Value», «Month»): read as typed.",
      accepted())
def _(path):
    write_xlsxwriter(path, [
        Sheet("ACTIVITIES", [["Section", "Text"], *[list(a) for a in ACTIVITIES]]),
        Sheet("counts", [["metric", "CHANNEL", "Count"], *[list(r) for r in AUGUST]]),
        Sheet("Info", [["Field", "Value"], ["Month", "2021-08"]]),
    ])


@case("sheet_renamed_with_trailing_spaces", ".xlsx", "openpyxl",
      "The counts sheet renamed «Показники  » (two trailing spaces) and the activities sheet « заходи»: "
      "still the sheets, read as typed.", accepted())
def _(path):
    sheets = standard()
    replace_sheet(sheets, C, name="Показники  ")
    replace_sheet(sheets, A, name=" заходи")
    write_openpyxl(path, sheets)


NOTES_ROWS = [["Показник", "Канал", "Кількість", "Примітка"],
              [NEWS, WEBSITE, 214, "з урахуванням анонсів"], [NEWS, SOCIAL, 49, None], [None, None, None, None],
              [DRAFTS, WEBSITE, 248, "проєкти рішень і розпоряджень"], [None], [None],
              [PHOTOS, WEBSITE, 68, None], [NEWS, PETITIONS, 0, "петицій з новинами не було"], [VIDEOS, SOCIAL, 19]]
NOTES_EXPECT = [(NEWS, WEBSITE, 214), (NEWS, SOCIAL, 49), (DRAFTS, WEBSITE, 248), (PHOTOS, WEBSITE, 68),
                (NEWS, PETITIONS, 0), (VIDEOS, SOCIAL, 19)]


@case("notes_column_blank_rows_and_a_zero", ".xlsx", "openpyxl",
      "An extra column «Примітка» with its own header and notes, empty rows between blocks, and a count of 0: "
      "the notes are ignored, the empty rows skipped, 0 is a count.", accepted(NOTES_EXPECT))
def _(path):
    sheets = standard()
    replace_sheet(sheets, C, rows=NOTES_ROWS)
    write_openpyxl(path, sheets)


def _excel_extras(workbook, handles):
    ws = handles[C]
    red = workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    ws.conditional_format("C2:C9", {"type": "cell", "criteria": ">", "value": 100, "format": red})
    ws.data_validation("A2:A50", {"validate": "list", "source": [NEWS[:30], "Відеосюжети", "Матеріали з фото"],
                                  "ignore_blank": True, "show_error": False})
    ws.data_validation("C2:C50", {"validate": "integer", "criteria": ">=", "value": 0})


@case("comments_filter_and_formatting", ".xlsx", "xlsxwriter",
      "Notes (comments) on count cells — «Перевірити: 214 чи 241?» — an autofilter with nothing filtered out, "
      "conditional formatting, drop-down validation and a frozen header: comment texts are not data; read as "
      "typed.", accepted())
def _(path):
    sheets = standard()
    replace_sheet(sheets, C, comments={"C2": "Перевірити: 214 чи 241?", "A9": "Сюжети рахуємо один раз"},
                  autofilter="A1:C9", freeze="A2")
    replace_sheet(sheets, A, comments={"B2": "Уточнити дату наради"})
    write_xlsxwriter(path, sheets, extra=_excel_extras)


@case("month_as_a_date_cell_ods", ".ods", "odfpy",
      "The month on «Відомості» of an .ods file typed as a date (01.08.2021): accepted as August 2021.", accepted())
def _(path):
    write_ods(path, standard(month=dt.date(2021, 8, 1)))


# ======== refused ==========================================================================================


@case("column_twice_last_months_count_beside", ".xlsx", "openpyxl",
      "Last month's «Кількість» kept in column D beside this month's in C: which one counts is unknown, refused "
      "at the header row, naming the second column.",
      refused(("column_twice", C, 1, "D")))
def _(path):
    sheets = standard()
    replace_sheet(sheets, C, rows=[[*COUNTS_HEADER, "Кількість"], *[[m, c, n, n - 1] for m, c, n in AUGUST]])
    write_openpyxl(path, sheets)


@case("column_twice_last_months_table_side_by_side", ".xlsx", "xlsxwriter",
      "Last month's whole table kept side by side in E:G: three headers appear twice, one problem per "
      "duplicate column (E, F, G).",
      refused(("column_twice", C, 1, "E"), ("column_twice", C, 1, "F"), ("column_twice", C, 1, "G")))
def _(path):
    sheets = standard()
    replace_sheet(sheets, C, rows=[[*COUNTS_HEADER, None, *COUNTS_HEADER],
                                   *[[m, c, n, None, m, c, n + 3] for m, c, n in AUGUST]])
    write_xlsxwriter(path, sheets)


@case("value_without_header", ".xlsx", "openpyxl",
      "Numbers in D2:D5 under an empty D1 (last month's figures pasted without a header): one problem per cell.",
      refused(*[("value_without_header", C, r, "D") for r in (2, 3, 4, 5)]))
def _(path):
    rows = count_rows()
    for r in (1, 2, 3, 4):
        rows[r] = [*rows[r], rows[r][2] - 5]
    sheets = standard()
    replace_sheet(sheets, C, rows=rows)
    write_openpyxl(path, sheets)


@case("sheet_twice_first_hidden", ".xlsx", "openpyxl",
      "Last month's counts sheet «Показники » kept hidden before this month's «Показники»: two counts sheets, "
      "refused at the second one.", refused(("sheet_twice", "Показники", None, None)))
def _(path):
    sheets = standard()
    sheets.insert(1, Sheet("Показники ", count_rows([(m, c, n + 2) for m, c, n in AUGUST]), state="hidden"))
    write_openpyxl(path, sheets)


@case("sheet_twice_english_after", ".xlsx", "xlsxwriter",
      "A visible «Counts» sheet after «Показники»: two counts sheets, refused at «Counts».",
      refused(("sheet_twice", "Counts", None, None)))
def _(path):
    write_xlsxwriter(path, [*standard(), Sheet("Counts", [["Metric", "Channel", "Count"], ["news", "website", 1]])])


@case("sheet_twice_copy_named_2", ".xlsx", "openpyxl",
      "A copy of the counts sheet named «Показники (2)» (as Excel names a copied sheet) beside «Показники»: "
      "refused at the copy.", refused(("sheet_twice", "Показники (2)", None, None)))
def _(path):
    sheets = standard()
    sheets.insert(2, Sheet("Показники (2)", count_rows()))
    write_openpyxl(path, sheets)


@case("sheet_twice_copy_named_kopiia_ods", ".ods", "odfpy",
      "An .ods workbook with «Копія Показники» after «Показники» (a copy renamed by hand): refused at the copy.",
      refused(("sheet_twice", "Копія Показники", None, None)))
def _(path):
    sheets = standard()
    sheets.insert(2, Sheet("Копія Показники", count_rows()))
    write_ods(path, sheets)


@case("sheet_hidden", ".xlsx", "openpyxl",
      "The only «Показники» sheet is hidden: the clerk would not see what is read, refused.",
      refused(("sheet_hidden", C, None, None)))
def _(path):
    sheets = standard()
    replace_sheet(sheets, C, state="hidden")
    write_openpyxl(path, sheets)


HIDDEN_DATA = [*AUGUST, (NEWS, PETITIONS, 3)]


def _rows_hidden(path):
    sheets = standard(HIDDEN_DATA)
    replace_sheet(sheets, C, hidden_rows=(3, 5))
    write_openpyxl(path, sheets)


@case("rows_hidden_with_data", ".xlsx", "openpyxl",
      "Rows 3 and 5 of «Показники», which hold counts, are hidden: one problem per hidden row with data.",
      refused(("rows_hidden", C, 3, None), ("rows_hidden", C, 5, None)))
def _(path):
    _rows_hidden(path)


@case("rows_hidden_in_activities_ods", ".ods", "odfpy",
      "A paragraph row of «Заходи» hidden (table:visibility=\"collapse\") in an .ods file: refused at that row.",
      refused(("rows_hidden", A, 3, None)))
def _(path):
    sheets = standard()
    replace_sheet(sheets, A, hidden_rows=(3,))
    write_ods(path, sheets)


def _filtered(workbook, handles):
    ws = handles[C]
    ws.filter_column_list(1, [WEBSITE])


@case("rows_hidden_by_autofilter", ".xlsx", "xlsxwriter",
      "An autofilter left on «Канал» = «Офіційний веб-сайт міської ради», hiding the rows of the other channels "
      "(3, 4, 5, 6, 9): one problem per hidden row with data.",
      refused(*[("rows_hidden", C, r, None) for r in (3, 4, 5, 6, 9)]))
def _(path):
    sheets = standard()
    replace_sheet(sheets, C, autofilter="A1:C9", hidden_rows=(3, 4, 5, 6, 9))
    write_xlsxwriter(path, sheets, extra=_filtered)


@case("rows_with_zero_height", ".xlsx", "raw-xml",
      "Row 4 of «Показники» dragged to zero height (ht=\"0\" customHeight=\"1\", no hidden flag): as hidden as a "
      "hidden row, refused at row 4.", refused(("rows_hidden", C, 4, None)))
def _(path):
    sst = SST()
    body = raw_rows(count_rows(), sst).replace('<row r="4">', '<row r="4" ht="0" customHeight="1">')
    assert 'ht="0"' in body
    write_raw_xlsx(path, standard_raw_sheets(sst, counts_xml=raw_sheet_xml(body)), sst)


lo_case("rows_hidden_libreoffice_xlsx", ".xlsx",
        "The workbook with counts in hidden rows 3 and 5 saved again by LibreOffice Calc (hidden=\"true\"): "
        "refused at both rows.", refused(("rows_hidden", C, 3, None), ("rows_hidden", C, 5, None)), _rows_hidden)
lo_case("rows_hidden_libreoffice_ods", ".ods",
        "The workbook with counts in hidden rows 3 and 5 saved by LibreOffice Calc as .ods "
        "(table:visibility=\"collapse\"): refused at both rows.",
        refused(("rows_hidden", C, 3, None), ("rows_hidden", C, 5, None)), _rows_hidden)


@case("count_column_hidden", ".xlsx", "openpyxl",
      "The «Кількість» column (C) is hidden while it holds the counts: refused once, at the header row.",
      refused(("columns_hidden", C, 1, "C")))
def _(path):
    sheets = standard()
    replace_sheet(sheets, C, hidden_cols=("C",))
    write_openpyxl(path, sheets)


@case("count_digits_not_grouped_by_three", ".xlsx", "xlsxwriter",
      "Counts typed as text «12 34», «1 5» and «1 2345»: spaces that are not thousands grouping make the number "
      "uncertain, refused at each.",
      refused(("count_grouping", C, 2, "C"), ("count_grouping", C, 3, "C"), ("count_grouping", C, 4, "C")))
def _(path):
    write_xlsxwriter(path, standard([(NEWS, WEBSITE, "12 34"), (NEWS, SOCIAL, "1 5"), (NEWS, REGIONAL, "1 2345"),
                                     *AUGUST[3:]]))


@case("counts_mistyped", ".xlsx", "openpyxl",
      "Counts a clerk mistyped: «двісті» and «214 шт.» (text), -3 (negative), 2.5 (fractional) and 2 140 000 "
      "(over the 1 000 000 limit): one problem each.",
      refused(("count_not_number", C, 2, "C"), ("count_not_number", C, 3, "C"), ("count_negative", C, 4, "C"),
              ("count_fractional", C, 5, "C"), ("count_too_large", C, 6, "C")))
def _(path):
    write_openpyxl(path, standard([(NEWS, WEBSITE, "двісті"), (NEWS, SOCIAL, "214 шт."), (NEWS, REGIONAL, -3),
                                   (NEWS, PRESS, 2.5), (DRAFTS, WEBSITE, 2140000), *AUGUST[6:]]))


@case("count_blank", ".xlsx", "openpyxl",
      "A row with its metric and channel but no count: refused at that row (a blank is not a zero).",
      refused(("count_blank", C, 4, "C")))
def _(path):
    write_openpyxl(path, standard([*AUGUST[:2], (NEWS, REGIONAL, None), *AUGUST[3:]]))


COUNT_MERGED = [(NEWS, WEBSITE, 214), (NEWS, SOCIAL, None), *AUGUST[2:]]


@case("count_merged_over_two_rows", ".xlsx", "openpyxl",
      "A count cell merged over two rows (C2:C3): row 3 has no number of its own, refused at row 3.",
      refused(("count_merged", C, 3, "C")))
def _(path):
    sheets = standard(COUNT_MERGED)
    replace_sheet(sheets, C, merges=("C2:C3",))
    write_openpyxl(path, sheets)


@case("count_merged_over_two_rows_ods", ".ods", "odfpy",
      "The same count merged over C2:C3 in an .ods file (a covered cell in row 3): refused at row 3.",
      refused(("count_merged", C, 3, "C")))
def _(path):
    sheets = standard(COUNT_MERGED)
    replace_sheet(sheets, C, merges=("C2:C3",))
    write_ods(path, sheets)


@case("count_became_a_date", ".xlsx", "openpyxl",
      "A count typed as 1.5, which the spreadsheet turned into the date 1 May: refused at that cell.",
      refused(("count_date", C, 9, "C")))
def _(path):
    sheets = standard([*AUGUST[:7], (VIDEOS, SOCIAL, dt.datetime(2021, 5, 1))])
    replace_sheet(sheets, C, number_formats={"C9": "dd.mmm"})
    write_openpyxl(path, sheets)


@case("count_formula_error", ".xlsx", "raw-xml",
      "A count formula whose saved result is the error #REF! (a referenced sheet was deleted): refused at it.",
      refused(("count_formula_error", C, 4, "C")))
def _(path):
    sst = SST()
    rows = count_rows([*AUGUST[:2], (NEWS, REGIONAL, Formula("#REF!+5", "#REF!")), *AUGUST[3:]])
    write_raw_xlsx(path, standard_raw_sheets(sst, counts_xml=raw_sheet_xml(raw_rows(rows, sst))), sst)


lo_case("count_formula_error_libreoffice_ods", ".ods",
        "A count formula =SUM(#REF!) calculated and saved by LibreOffice Calc as .ods (an error cell, "
        "calcext:value-type=\"error\", shown as #REF!): refused at it.",
        refused(("count_formula_error", C, 3, "C")),
        lambda p: write_openpyxl(p, standard([AUGUST[0], (NEWS, SOCIAL, Formula("SUM(#REF!)")), *AUGUST[2:]])))


@case("count_formula_never_calculated", ".xlsx", "openpyxl",
      "A count formula =100+14 written by a program and never calculated (no saved result): the number is "
      "unknown, refused at it.", refused(("count_formula_unsaved", C, 7, "C")))
def _(path):
    write_openpyxl(path, standard([*AUGUST[:5], (DRAFTS, WEBSITE, Formula("100+14")), *AUGUST[6:]]))


@case("count_formula_never_calculated_ods", ".ods", "odfpy",
      "An .ods count cell with table:formula=\"of:=100+14\" and no value: refused at it.",
      refused(("count_formula_unsaved", C, 7, "C")))
def _(path):
    write_ods(path, standard([*AUGUST[:5], (DRAFTS, WEBSITE, Formula("100+14")), *AUGUST[6:]]))


@case("header_under_five_filled_rows", ".xlsx", "openpyxl",
      "The «Показники» header stands under five filled rows (title, department, month, who, note): too low to "
      "be sure it is the header, refused naming row 6 where it is.",
      refused(("header_too_low", C, 6, None)))
def _(path):
    sheets = standard()
    replace_sheet(sheets, C, rows=[["Звіт"], ["Відділ інформаційно-аналітичної роботи"], ["серпень 2021"],
                                   ["Заповнила: Іваненко О. П."], ["Примітка: дані з журналу"], *count_rows()])
    write_openpyxl(path, sheets)


@case("count_row_at_6000", ".xlsx", "openpyxl",
      "A complete count row (Новини / Телебачення / 3) typed at row 6000, far below the table: refused at 6000.",
      refused(("row_too_far", C, 6000, None)))
def _(path):
    sheets = standard()
    replace_sheet(sheets, C, far={"A6000": NEWS, "B6000": TV, "C6000": 3})
    write_openpyxl(path, sheets)


@case("count_row_at_1048576", ".xlsx", "raw-xml",
      "A complete count row in the sheet's last row 1048576 (tiny file): refused at 1048576.",
      refused(("row_too_far", C, 1048576, None)))
def _(path):
    sst = SST()
    body = raw_rows(count_rows(), sst) + raw_rows([[NEWS, TV, 3]], sst, start=1048576, header_style=0)
    write_raw_xlsx(path, standard_raw_sheets(sst, counts_xml=raw_sheet_xml(body, dimension="A1:C1048576")), sst)


def _ods_repeat_rows(table):
    from odf.table import TableCell, TableRow
    from odf.text import P
    row = TableRow(numberrowsrepeated="1000000")
    for value in (NEWS, TV):
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=value))
        row.addElement(cell)
    cell = TableCell(valuetype="float", value="1")
    cell.addElement(P(text="1"))
    row.addElement(cell)
    table.addElement(row)


@case("ods_row_repeated_a_million_times", ".ods", "odfpy",
      "An .ods file (a few KB) whose «Показники» holds a filled row repeated 1 000 000 times "
      "(table:number-rows-repeated=\"1000000\"): three million cells, refused as too many.",
      refused(("too_many_cells", C, None, None)))
def _(path):
    write_ods(path, standard(), tails={C: _ods_repeat_rows})


def _ods_repeat_columns(table):
    from odf.table import TableCell, TableRow
    from odf.text import P
    row = TableRow(numberrowsrepeated="20")
    row.addElement(TableCell(numbercolumnsrepeated="3"))
    cell = TableCell(valuetype="float", value="7", numbercolumnsrepeated="16000")
    cell.addElement(P(text="7"))
    row.addElement(cell)
    table.addElement(row)


@case("ods_value_repeated_across_16000_columns", ".ods", "odfpy",
      "An .ods file whose «Показники» has rows with the value 7 repeated across 16 000 columns "
      "(table:number-columns-repeated=\"16000\", 20 such rows): 320 000 cells, refused as too many.",
      refused(("too_many_cells", C, None, None)))
def _(path):
    write_ods(path, standard(), tails={C: _ods_repeat_columns})


def _big_block(workbook, handles):
    pass


@case("xlsx_with_over_200000_cells", ".xlsx", "xlsxwriter",
      "«Показники» with the table plus a pasted web statistics export of 52 000 rows x 4 columns "
      "(208 000 filled cells beside the table): refused as too many cells.",
      refused(("too_many_cells", C, None, None)))
def _(path):
    import xlsxwriter
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    workbook.set_properties({"author": "Іваненко О. П.", "created": FIXED_DATETIME})
    for spec in standard():
        ws = workbook.add_worksheet(spec.name)
        rows = spec.rows
        if spec.name == C:
            rows = [list(r) + [None] for r in rows]
            rows[0] += ["Дата", "Перегляди", "Поширення", "Коментарі"]
            for r in range(len(rows)):
                rows[r] = (rows[r] + [None] * 8)[:8]
        for r in range(max(len(rows), 52001 if spec.name == C else 0)):
            row = rows[r] if r < len(rows) else [None] * 8
            for c, value in enumerate(row):
                if value is None and spec.name == C and r >= 1 and c >= 4:
                    value = [44409 + r % 31, (r * 7) % 1000, (r * 3) % 50, r % 9][c - 4]  # E: the date's serial
                if value is None:
                    continue
                if isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write_number(r, c, value)
    workbook.close()


@case("zip_bomb", ".xlsx", "raw-xml",
      "A 100 KB file whose sheet part unpacks to about 105 MB (spaces inside <sheetData>): refused before "
      "reading, as a file that unpacks to far more than its size.",
      refused(("unreadable", "", None, None)), specific_code="unpacks_too_large")
def _(path):
    sst = SST()
    filler = " " * 105_000_000
    body = raw_rows(count_rows(), sst) + filler
    write_raw_xlsx(path, standard_raw_sheets(sst, counts_xml=raw_sheet_xml(body)), sst,
                   compress=zipfile.ZIP_DEFLATED)


@case("zip_bomb_bzip2", ".xlsx", "raw-xml",
      "A 2 KB file whose sheet part is bzip2-compressed inside the zip and unpacks to 500 MB: refused before "
      "reading, as a file that unpacks to far more than its size.",
      refused(("unreadable", "", None, None)), specific_code="unpacks_too_large")
def _(path):
    sst = SST()
    info = raw_sheet_xml(raw_rows(info_rows(), sst), dimension="A1:B3")
    head = raw_sheet_xml(raw_rows(count_rows(), sst) + "\0", dimension="A1:C9")
    acts = raw_sheet_xml(raw_rows(act_rows(), sst), dimension="A1:B5")
    before, after = head.split("\0")
    compressor = bz2.BZ2Compressor(9)
    payload = compressor.compress(before.encode("utf-8"))
    chunk = b" " * 10_000_000
    for _ in range(50):
        payload += compressor.compress(chunk)
    payload += compressor.compress(after.encode("utf-8")) + compressor.flush()
    size = len(before.encode("utf-8")) + 500_000_000 + len(after.encode("utf-8"))
    crc = zlib.crc32(before.encode("utf-8"))
    for _ in range(50):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(after.encode("utf-8"), crc)
    write_raw_xlsx(path, [(SHEET_INFO, "visible", info), (C, "visible", "PLACEHOLDER"), (A, "visible", acts)], sst)
    _replace_entry_precompressed(path, "xl/worksheets/sheet2.xml", payload, size, crc, zipfile.ZIP_BZIP2)


def _replace_entry_precompressed(path: Path, name: str, payload: bytes, size: int, crc: int, method: int):
    """Rewrite the zip with ``name`` holding an already compressed payload (for a bomb too big to build in memory)."""
    import struct
    with zipfile.ZipFile(path) as archive:
        entries = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    out = io.BytesIO()
    central = []
    for filename, data in entries:
        fname = filename.encode("utf-8")
        if filename == name:
            comp, method_, usize, crc_ = payload, method, size, crc
            version = 46
        else:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            comp = compressor.compress(data) + compressor.flush()
            method_, usize, crc_, version = zipfile.ZIP_DEFLATED, len(data), zlib.crc32(data), 20
        offset = out.tell()
        dostime = (ZIP_DATE[3] << 11) | (ZIP_DATE[4] << 5) | (ZIP_DATE[5] // 2)
        dosdate = ((ZIP_DATE[0] - 1980) << 9) | (ZIP_DATE[1] << 5) | ZIP_DATE[2]
        flags = 0x800
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", version, flags, method_, dostime, dosdate, crc_,
                              len(comp), usize, len(fname), 0))
        out.write(fname)
        out.write(comp)
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", version, version, flags, method_, dostime,
                                   dosdate, crc_, len(comp), usize, len(fname), 0, 0, 0, 0, 0, offset) + fname)
    start = out.tell()
    for record in central:
        out.write(record)
    end = out.tell()
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central), end - start, start, 0))
    path.write_bytes(out.getvalue())


@case("truncated_file", ".xlsx", "openpyxl",
      "A workbook cut off half way (an interrupted copy from a flash drive): refused as damaged.",
      refused(("unreadable", "", None, None)), specific_code="damaged")
def _(path):
    write_openpyxl(path, template_like(), lists_validation=True)
    normalise_zip(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _encrypted(path):
    import msoffcrypto  # noqa: F401  (msoffcrypto-tool, not in the project's virtualenv)
    from msoffcrypto.format.ooxml import OOXMLFile
    from msoffcrypto.method import ecma376_agile

    counter = [0]

    def deterministic(size):
        out = b""
        while len(out) < size:
            counter[0] += 1
            out += hashlib.sha256(b"dept-corpus-%d" % counter[0]).digest()
        return out[:size]

    ecma376_agile._random_buffer = deterministic
    from msoffcrypto.method.container import ecma376_encrypted

    class FixedDatetime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2021, 9, 1, 9, 0, 0)

    ecma376_encrypted.datetime = FixedDatetime  # the OLE directory's creation/modification times
    plain = path.with_suffix(".plain.xlsx")
    write_openpyxl(plain, standard())
    normalise_zip(plain)
    with open(plain, "rb") as source, open(path, "wb") as target:
        OOXMLFile(source).encrypt("serpen2021", target)
    plain.unlink()


CASES.append(Case("password_protected", ".xlsx", "msoffcrypto-tool",
                  "A workbook saved with a password to open (Excel's encrypted OLE container, password «serpen2021»): "
                  "cannot be read, refused as password-protected.",
                  refused(("unreadable", "", None, None)), build=_encrypted, needs="msoffcrypto",
                  specific_code="encrypted"))


def _word_source(path):
    path.with_suffix(".txt").write_text("Звіт про роботу відділу за серпень 2021 року.\n", encoding="utf-8")


CASES.append(Case("word_document_named_xlsx", ".xlsx", "libreoffice",
                  "A Word document (the written report, .docx) saved under the name 2021-08.xlsx: not a "
                  "spreadsheet, refused.", refused(("unreadable", "", None, None)),
                  lo_source=_word_source, lo_source_suffix=".txt", lo_target="docx",
                  specific_code="not_a_spreadsheet"))


@case("csv_text_named_xlsx", ".xlsx", "raw-xml",
      "A CSV text export renamed 2021-08.xlsx: not a spreadsheet of this kind, refused.",
      refused(("unreadable", "", None, None)), specific_code="not_a_spreadsheet")
def _(path):
    lines = ["Показник;Канал;Кількість"] + [f"{m};{c};{n}" for m, c, n in AUGUST]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))


CASES.append(Case("old_xls_named_xlsx", ".xlsx", "libreoffice",
                  "The workbook saved in the old Excel 97-2003 format (.xls, an OLE file) and renamed 2021-08.xlsx: "
                  "the old format is not read, refused.", refused(("unreadable", "", None, None)),
                  lo_source=lambda p: write_openpyxl(p, standard()), lo_source_suffix=".xlsx", lo_target="xls",
                  specific_code="encrypted"))


@case("unknown_metric_and_channel", ".xlsx", "openpyxl",
      "A metric not in the catalog («Пресрелізи», row 3) and a channel not in the catalog («Радіо», row 6): "
      "one problem each, in the metric's column A and the channel's column B.",
      refused(("metric_unknown", C, 3, "A"), ("channel_unknown", C, 6, "B")))
def _(path):
    write_openpyxl(path, standard([AUGUST[0], ("Пресрелізи", SOCIAL, 49), *AUGUST[2:4], (NEWS, "Радіо", 7),
                                   *AUGUST[5:]]))


@case("duplicate_pair", ".xlsx", "openpyxl",
      "The pair news / website given twice — once by name (row 2) and again by code «news» / «website» "
      "(row 10): refused at the second row (no column: the pair spans A and B).",
      refused(("duplicate_pair", C, 10, "A")))
def _(path):
    write_openpyxl(path, standard([*AUGUST, ("news", "website", 20)]))


NOTES = {
    "activity_text_markup_ods": "LibreOffice 7.4 itself drops <text:tab/> and <text:line-break/> when it opens this "
                                "file (seen converting it to .xlsx); python-calamine drops them too. The policy keeps them.",
    "activity_text_libreoffice_ods": "LibreOffice 7.4 writes the tabs as <text:tab/> but drops them again when it "
                                     "reopens its own .ods; the file holds them, so the policy keeps them.",
    "rows_with_zero_height": "Excel shows a row of zero height as hidden; LibreOffice 7.4 opens it with a normal "
                             "height. The policy refuses it like any hidden row.",
    "shared_strings_with_x000D_escapes": "_x0009_ is the format's escape for a tab (ST_Xstring); openpyxl 3.1.5 leaves "
                                         "_xHHHH_ escapes undecoded, python-calamine decodes them but keeps \r\n.",
    "count_merged_over_two_rows": "The policy does not say which row to name: the covered row 3, which has no number "
                                  "of its own, is named (row 2 keeps its 214).",
    "count_merged_over_two_rows_ods": "As count_merged_over_two_rows: row 3 (the covered cell) is named.",
    "counts_mistyped": "count_too_large follows data/README.md (a count is 0 to 1 000 000).",
    "duplicate_pair": "column_letter is A: the problem points at the pair's first cell, the metric.",
    "formula_recalculated_by_libreoffice": "The source had formulas without results (like count_formula_never_calculated); "
                                           "LibreOffice calculated them on opening and saved the results (<f> with <v>).",
    "old_xls_named_xlsx": "An old .xls is an OLE file like a password-protected one; the project's message "
                          "'encrypted' covers both.",
    "zip_bomb": "About 104 KB: deflate cannot pack more than about 1 030 bytes into one, so > 100 MB needs ~100 KB.",
    "xlsx_with_over_200000_cells": "About 1 MB. Counted per sheet: all 208 000+ cells are on «Показники».",
    "ods_value_repeated_across_16000_columns": "16 000 repeated values in one row alone would be under 200 000 cells; "
                                               "the row is repeated 20 times so both readings of the rule agree.",
    "title_and_notes_above_the_header": "The blank row between the notes and the header is not counted: four filled "
                                        "rows stand above it.",
    "password_protected": "Made by msoffcrypto-tool (not in the project's virtualenv); regenerated only where it "
                          "can be imported, with its random salts and OLE times fixed.",
}


# -- driver -------------------------------------------------------------------------------------------------

def have(tool: str) -> bool:
    if tool == "msoffcrypto":
        try:
            import msoffcrypto  # noqa: F401
            return True
        except ImportError:
            return False
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="case ids to rewrite (default: all)")
    parser.add_argument("--no-check", action="store_true", help="do not run verify_corpus.py afterwards")
    args = parser.parse_args(argv)

    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    wanted = set(args.only or ids)
    unknown = wanted - set(ids)
    if unknown:
        parser.error(f"unknown case ids: {sorted(unknown)}")
    CASES_DIR.mkdir(exist_ok=True)
    kept = []
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        work = Path(tmp)
        lo_jobs = []
        for c in CASES:
            if c.id not in wanted:
                continue
            folder = CASES_DIR / c.id
            target = folder / f"2021-08{c.suffix}"
            if c.lo_source is not None:
                if SOFFICE is None:
                    kept.append((c.id, "LibreOffice (soffice) is not installed"))
                    continue
                source = work / "lo-in" / f"{c.id}{c.lo_source_suffix}"
                source.parent.mkdir(parents=True, exist_ok=True)
                c.lo_source(source)
                if c.lo_source_suffix != ".txt":
                    normalise_zip(source)
                else:
                    source = source.with_suffix(".txt")
                lo_jobs.append((c, source, target))
                continue
            if c.needs and not have(c.needs):
                kept.append((c.id, f"{c.needs} is not importable here (pip install msoffcrypto-tool)"))
                continue
            _clear(folder)
            c.build(target)
            if target.read_bytes()[:2] == b"PK" and c.id not in ("truncated_file", "zip_bomb", "zip_bomb_bzip2"):
                normalise_zip(target)
        if lo_jobs:
            staged = []
            for c, source, target in lo_jobs:
                staged.append((source, c.lo_target, work / "lo-done" / f"{c.id}.{c.lo_target}"))
            results = libreoffice_convert(staged, work)
            for (c, source, target), (_, _, done) in zip(lo_jobs, staged):
                if results.get(done) != "converted":
                    kept.append((c.id, f"LibreOffice failed: {results.get(done)}"))
                    continue
                if target.exists() and same_data(target, done):
                    continue  # LibreOffice's output varies in page-style order only: keep the file
                _clear(target.parent)
                shutil.copyfile(done, target)
    # Expectations: always all cases, in order.
    previous = {}
    if CASES_JSON.exists():
        previous = {entry["id"]: entry for entry in json.loads(CASES_JSON.read_text(encoding="utf-8"))}
    entries = []
    for c in CASES:
        entry = {"id": c.id, "file": c.file, "made_by": c.made_by, "what": c.what, "expect": c.expect}
        if c.specific_code:
            entry["specific_code"] = c.specific_code
        if c.id in NOTES:
            entry["note"] = NOTES[c.id]
        if "calamine" in previous.get(c.id, {}):
            entry["calamine"] = previous[c.id]["calamine"]
        entries.append(entry)
    CASES_JSON.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for case_id, why in kept:
        print(f"kept the existing file of {case_id}: {why}")
    missing = [c.id for c in CASES if not (CASES_DIR / c.id / f"2021-08{c.suffix}").exists()]
    if missing:
        print("MISSING files:", ", ".join(missing))
    print(f"{len(CASES)} cases written to {CASES_JSON.relative_to(HERE.parent.parent)}")
    if not args.no_check:
        sys.path.insert(0, str(HERE))
        import verify_corpus
        return verify_corpus.main([])
    return 1 if missing else 0


def _clear(folder: Path) -> None:
    """Leave ``folder`` existing and empty (each case folder holds exactly one workbook)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


if __name__ == "__main__":
    sys.exit(main())
