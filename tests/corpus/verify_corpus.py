#!/usr/bin/env python
"""Check the corpus's expectations without the project's loader, and record what python-calamine
makes of each file.

    /work/main/.venv/bin/python tests/corpus/verify_corpus.py           # check, update "calamine"
    /work/main/.venv/bin/python tests/corpus/verify_corpus.py --no-calamine

For every case the file is read three ways where possible:

1. ``raw``: this module's own reader of the package XML (zipfile + ElementTree; xlsx and ods),
   which guards the archive and the extents first;
2. ``openpyxl`` (xlsx, data_only) or ``odfpy`` (ods): a second, independent reading of the same file
   (skipped for the hostile cases those libraries cannot or should not open);
3. ``calamine``: python-calamine 0.9.1 in a subprocess limited to 2 GiB of address space.

Each reading gives the same neutral model (sheets, cells with their kinds, merges, hidden rows
and columns), and one small implementation of the policy (``judge``) turns a model into an
outcome: the counts and paragraphs, or the problems. Readings 1 and 2 must reproduce the case's
"expect" exactly; reading 3 is recorded in cases.json as "calamine": "same" | "differs: ..." |
"crashes: ...". The policy code here is a second, deliberately small statement of the rules in
cases.json, not the project's loader.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tomllib
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

HERE = Path(__file__).resolve().parent
CASES_JSON = HERE / "cases.json"
CATALOG = HERE.parent.parent / "data" / "catalog.toml"

MAX_UNPACKED = 100 * 1000 * 1000     # bytes the parts of one workbook may unpack to
MAX_RATIO = 200                      # and at most this many times the file's size (when over 10 MB)
MAX_CELLS = 200_000                  # filled cells in one sheet
MAX_ROW = 6000                       # a table row at or below this row is too far
MAX_ABOVE = 4                        # filled rows allowed above a header
MAX_COUNT = 1_000_000


class Refusal(Exception):
    def __init__(self, code: str, specific: str):
        super().__init__(code, specific)
        self.code, self.specific = code, specific


@dataclass
class Cell:
    kind: str          # n number, s text, b boolean, d date, e error, f0 formula never calculated
    value: object = None


@dataclass
class Sheet:
    name: str
    hidden: bool = False
    cells: dict = field(default_factory=dict)           # (row, col) 1-based -> Cell
    merges: list = field(default_factory=list)           # (r1, c1, r2, c2)
    hidden_rows: set = field(default_factory=set)
    hidden_cols: set = field(default_factory=set)
    too_many: bool = False


def letter(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def split_ref(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d+)", ref)
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# -- reading 1: raw XML -----------------------------------------------------------------------------------

def preflight(path: Path) -> zipfile.ZipFile:
    data = path.read_bytes()[:8]
    if not data:
        raise Refusal("unreadable", "empty_file")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise Refusal("unreadable", "encrypted")   # password-protected, or the old .xls format
    if not data.startswith(b"PK"):
        raise Refusal("unreadable", "not_a_spreadsheet")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise Refusal("unreadable", "damaged") from None
    total = sum(i.file_size for i in archive.infolist())
    if total > MAX_UNPACKED or (total > 10_000_000 and total > MAX_RATIO * path.stat().st_size):
        raise Refusal("unreadable", "unpacks_too_large")
    names = set(archive.namelist())
    if "content.xml" not in names and "[Content_Types].xml" not in names:
        raise Refusal("unreadable", "not_a_spreadsheet")
    return archive


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def ooxml_text(s: str) -> str:
    s = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), s)
    return s.replace("\r\n", "\n").replace("\r", "\n")


def si_text(element) -> str:
    """Visible text of <si> or <is>: its <t>, or the <t> of its <r> runs; never <rPh>."""
    out = []
    for child in element:
        name = local(child.tag)
        if name == "t":
            out.append(child.text or "")
        elif name == "r":
            out.extend(t.text or "" for t in child if local(t.tag) == "t")
    return ooxml_text("".join(out))


BUILTIN_DATES = set(range(14, 23)) | {45, 46, 47}


def is_date_format(code: str) -> bool:
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code)
    return bool(re.search(r"[dmyhs]", code, re.I)) and "General" not in code


def read_xlsx(path: Path) -> list[Sheet]:
    archive = preflight(path)
    try:
        rels = ET.fromstring(archive.read("_rels/.rels"))
        target = next(r.get("Target") for r in rels if r.get("Type", "").endswith("/officeDocument"))
    except (KeyError, StopIteration, ET.ParseError):
        raise Refusal("unreadable", "not_a_spreadsheet") from None
    target = target.lstrip("/")
    base = target.rsplit("/", 1)[0] + "/" if "/" in target else ""
    try:
        workbook = ET.fromstring(archive.read(target))
        wb_rels = ET.fromstring(archive.read(base + "_rels/" + target.rsplit("/", 1)[-1] + ".rels"))
    except KeyError:
        raise Refusal("unreadable", "not_a_spreadsheet") from None
    if local(workbook.tag) != "workbook":
        raise Refusal("unreadable", "not_a_spreadsheet")
    rel_targets = {r.get("Id"): (r.get("Type", "").rsplit("/", 1)[-1], r.get("Target")) for r in wb_rels}

    def part(t):
        return t.lstrip("/") if t.startswith("/") else base + t

    strings = []
    styles_dates = []
    for kind, t in rel_targets.values():
        if kind == "sharedStrings":
            strings = [si_text(si) for si in ET.fromstring(archive.read(part(t)))]
        if kind == "styles":
            styles = ET.fromstring(archive.read(part(t)))
            custom = {}
            for element in styles.iter():
                if local(element.tag) == "numFmt":
                    custom[int(element.get("numFmtId"))] = element.get("formatCode")
            for element in styles:
                if local(element.tag) == "cellXfs":
                    for xf in element:
                        fid = int(xf.get("numFmtId", "0"))
                        styles_dates.append(fid in BUILTIN_DATES or (fid in custom and is_date_format(custom[fid])))
    date1904 = any(local(e.tag) == "workbookPr" and e.get("date1904") in ("1", "true") for e in workbook.iter())
    sheets = []
    for element in workbook.iter():
        if local(element.tag) != "sheet":
            continue
        rid = next(v for k, v in element.attrib.items() if local(k) == "id")
        sheet = Sheet(element.get("name"), hidden=element.get("state", "visible") != "visible")
        read_xlsx_sheet(archive, part(rel_targets[rid][1]), sheet, strings, styles_dates, date1904)
        sheets.append(sheet)
    return sheets


def serial_date(value: float, date1904: bool) -> dt.datetime:
    return (dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)) + dt.timedelta(days=value)


def read_xlsx_sheet(archive, name, sheet: Sheet, strings, styles_dates, date1904) -> None:
    row = col = 0
    filled = 0
    with archive.open(name) as stream:
        for event, element in ET.iterparse(stream, events=("start", "end")):
            tag = local(element.tag)
            if event == "start":
                if tag == "row":
                    row = int(element.get("r")) if element.get("r") else row + 1
                    col = 0
                    ht = element.get("ht")
                    if element.get("hidden") in ("1", "true") or (ht is not None and float(ht) == 0):
                        sheet.hidden_rows.add(row)
                elif tag == "c":
                    col = split_ref(element.get("r"))[1] if element.get("r") else col + 1
                continue
            if tag == "c":
                cell = xlsx_cell(element, strings, styles_dates, date1904)
                if cell is not None:
                    sheet.cells[(row, col)] = cell
                    filled += 1
                    if filled > MAX_CELLS:
                        sheet.too_many = True
                        sheet.cells.clear()
                        return
                element.clear()
            elif tag == "col" and element.get("hidden") in ("1", "true"):
                sheet.hidden_cols.update(range(int(element.get("min")), int(element.get("max")) + 1))
            elif tag == "mergeCell":
                a, b = element.get("ref").split(":")
                sheet.merges.append((*split_ref(a), *split_ref(b)))
            elif tag == "row":
                element.clear()


def xlsx_cell(element, strings, styles_dates, date1904) -> Cell | None:
    t = element.get("t", "n")
    v = f = inline = None
    for child in element:
        name = local(child.tag)
        if name == "v":
            v = child.text
        elif name == "f":
            f = child
        elif name == "is":
            inline = child
    if t == "inlineStr":
        return Cell("s", si_text(inline)) if inline is not None else None
    if v is None:
        return Cell("f0") if f is not None else None
    if t == "s":
        return Cell("s", strings[int(v)])
    if t == "str":
        return Cell("s", ooxml_text(v))
    if t == "b":
        return Cell("b", v in ("1", "true"))
    if t == "e":
        return Cell("e", v)
    if t == "d":
        return Cell("d", dt.datetime.fromisoformat(v))
    number = float(v)
    style = int(element.get("s", "0"))
    if style < len(styles_dates) and styles_dates[style]:
        return Cell("d", serial_date(number, date1904))
    return Cell("n", number)


T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
X = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
ST = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
CALC = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"


def odf_paragraph(element) -> str:
    out = [element.text or ""]
    for child in element:
        name = local(child.tag)
        if name == "s":
            out.append(" " * int(child.get(X + "c", "1")))
        elif name == "tab":
            out.append("\t")
        elif name == "line-break":
            out.append("\n")
        elif name in ("span", "a"):
            out.append(odf_paragraph(child))
        elif name in ("annotation", "note"):
            pass
        out.append(child.tail or "")
    return "".join(out)


def ods_cell(element) -> Cell | None:
    kind = element.get(O + "value-type")
    formula = element.get(T + "formula")
    if kind is None:
        return Cell("f0") if formula else None
    if element.get(CALC + "value-type") == "error":
        return Cell("e", "".join(odf_paragraph(p) for p in element if local(p.tag) == "p"))
    if kind in ("float", "percentage", "currency"):
        return Cell("n", float(element.get(O + "value")))
    if kind == "date":
        return Cell("d", dt.datetime.fromisoformat(element.get(O + "date-value")))
    if kind == "boolean":
        return Cell("b", element.get(O + "boolean-value") == "true")
    if kind == "time":
        return Cell("d", element.get(O + "time-value"))
    paragraphs = [odf_paragraph(p) for p in element if local(p.tag) in ("p", "h")]
    return Cell("s", "\n".join(paragraphs))


def read_ods(path: Path) -> list[Sheet]:
    archive = preflight(path)
    if "content.xml" not in archive.namelist():
        raise Refusal("unreadable", "not_a_spreadsheet")
    hidden_styles = set()
    sheets = []
    sheet = None
    row = 0
    pending_cells = []     # (start col, repeat, Cell | None, spans)
    col = 0
    with archive.open("content.xml") as stream:
        for event, element in ET.iterparse(stream, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == T + "table":
                    sheet = Sheet(element.get(T + "name"), hidden=element.get(T + "style-name") in hidden_styles)
                    sheets.append(sheet)
                    row, col_index = 0, 0
                    sheet._col = 0
                elif tag == T + "table-row":
                    col = 0
                    pending_cells = []
                continue
            if tag == ST + "table-properties" and element.get(T + "display") == "false":
                pass
            if tag == ST + "style":
                for child in element:
                    if child.tag == ST + "table-properties" and child.get(T + "display") == "false":
                        hidden_styles.add(element.get(ST + "name"))
            elif tag == T + "table-column":
                repeat = int(element.get(T + "number-columns-repeated", "1"))
                if element.get(T + "visibility") in ("collapse", "filter"):
                    sheet.hidden_cols.update(range(sheet._col + 1, sheet._col + 1 + min(repeat, 20000)))
                sheet._col += repeat
            elif tag in (T + "table-cell", T + "covered-table-cell"):
                repeat = int(element.get(T + "number-columns-repeated", "1"))
                cell = ods_cell(element) if tag == T + "table-cell" else None
                spans = (int(element.get(T + "number-rows-spanned", "1")), int(element.get(T + "number-columns-spanned", "1")))
                pending_cells.append((col + 1, repeat, cell, spans))
                col += repeat
                element.clear()
            elif tag == T + "table-row":
                repeat = int(element.get(T + "number-rows-repeated", "1"))
                filled = sum(rep for _, rep, cell, _ in pending_cells if cell is not None)
                if filled * repeat + len(sheet.cells) > MAX_CELLS:
                    sheet.too_many = True
                if not sheet.too_many:
                    hidden = element.get(T + "visibility") in ("collapse", "filter")
                    for r in range(row + 1, row + 1 + (repeat if (filled or hidden) else 0)):
                        if hidden:
                            sheet.hidden_rows.add(r)
                        for start, rep, cell, spans in pending_cells:
                            if spans != (1, 1):
                                sheet.merges.append((r, start, r + spans[0] - 1, start + spans[1] - 1))
                            if cell is not None:
                                for c in range(start, start + rep):
                                    sheet.cells[(r, c)] = cell
                row += repeat
                element.clear()
            elif tag == T + "table" and sheet.too_many:
                sheet.cells.clear()
    return sheets


def read_raw(path: Path) -> list[Sheet]:
    return read_ods(path) if path.suffix == ".ods" else read_xlsx(path)


# -- reading 2: openpyxl / odfpy ---------------------------------------------------------------------------

def read_openpyxl(path: Path) -> list[Sheet]:
    import openpyxl
    workbook = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path, data_only=False)
    sheets = []
    for ws in workbook.worksheets:
        sheet = Sheet(ws.title, hidden=ws.sheet_state != "visible")
        wsf = formulas[ws.title]
        if sum(1 for c in ws._cells.values() if c.value is not None) > MAX_CELLS:
            sheet.too_many = True
            sheets.append(sheet)
            continue
        for c in sorted(ws._cells.values(), key=lambda c: (c.row, c.column)):
            if True:
                value = c.value
                if value is None:
                    if isinstance(wsf.cell(c.row, c.column).value, str) and str(wsf.cell(c.row, c.column).value).startswith("="):
                        sheet.cells[(c.row, c.column)] = Cell("f0")
                    continue
                if c.data_type == "e" or (isinstance(value, str) and value.startswith("#") and c.data_type == "e"):
                    sheet.cells[(c.row, c.column)] = Cell("e", value)
                elif isinstance(value, bool):
                    sheet.cells[(c.row, c.column)] = Cell("b", value)
                elif isinstance(value, (int, float)):
                    sheet.cells[(c.row, c.column)] = Cell("n", float(value))
                elif isinstance(value, (dt.date, dt.datetime)):
                    sheet.cells[(c.row, c.column)] = Cell("d", value)
                else:
                    sheet.cells[(c.row, c.column)] = Cell("s", str(value).replace("\r\n", "\n"))
        for r, dim in ws.row_dimensions.items():
            if dim.hidden or (dim.customHeight and dim.ht == 0):
                sheet.hidden_rows.add(r)
        for key, dim in ws.column_dimensions.items():
            if dim.hidden:
                lo, hi = dim.min or split_ref(key + "1")[1], dim.max or split_ref(key + "1")[1]
                sheet.hidden_cols.update(range(lo, hi + 1))
        for merge in ws.merged_cells.ranges:
            sheet.merges.append((merge.min_row, merge.min_col, merge.max_row, merge.max_col))
            # openpyxl keeps only the merge's first cell
        sheets.append(sheet)
    return sheets


def read_odfpy(path: Path) -> list[Sheet]:
    from odf import teletype
    from odf.opendocument import load
    from odf.table import Table

    document = load(str(path))
    hidden_styles = set()
    for style in document.automaticstyles.childNodes:
        for child in style.childNodes:
            if child.qname[1] == "table-properties" and child.getAttribute("display") == "false":
                hidden_styles.add(style.getAttribute("name"))
    sheets = []
    for table in document.spreadsheet.getElementsByType(Table):
        sheet = Sheet(table.getAttribute("name"), hidden=table.getAttribute("stylename") in hidden_styles)
        col = 0
        for column in table.getElementsByType(__import__("odf.table", fromlist=["TableColumn"]).TableColumn):
            repeat = int(column.getAttribute("numbercolumnsrepeated") or 1)
            if column.getAttribute("visibility") in ("collapse", "filter"):
                sheet.hidden_cols.update(range(col + 1, col + 1 + min(repeat, 20000)))
            col += repeat
        r = 0
        for row in table.childNodes:
            if row.qname[1] != "table-row":
                continue
            repeat = int(row.getAttribute("numberrowsrepeated") or 1)
            cells = []
            c = 0
            for cell in row.childNodes:
                crepeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
                value = None
                spans = (1, 1)
                if cell.qname[1] == "table-cell":
                    spans = (int(cell.getAttribute("numberrowsspanned") or 1), int(cell.getAttribute("numbercolumnsspanned") or 1))
                    kind = cell.getAttribute("valuetype")
                    formula = cell.getAttribute("formula")
                    if kind is None:
                        value = Cell("f0") if formula else None
                    elif cell.attributes.get(("urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0", "value-type")) == "error":
                        value = Cell("e", teletype.extractText(cell))
                    elif kind in ("float", "percentage", "currency"):
                        value = Cell("n", float(cell.getAttribute("value")))
                    elif kind == "date":
                        value = Cell("d", dt.datetime.fromisoformat(cell.getAttribute("datevalue")))
                    elif kind == "boolean":
                        value = Cell("b", cell.getAttribute("booleanvalue") == "true")
                    else:
                        paragraphs = [teletype.extractText(p) for p in cell.childNodes if p.qname[1] in ("p", "h")]
                        value = Cell("s", "\n".join(paragraphs))
                cells.append((c + 1, crepeat, value, spans))
                c += crepeat
            filled = sum(rep for _, rep, v, _ in cells if v is not None)
            if filled * repeat + len(sheet.cells) > MAX_CELLS:
                sheet.too_many = True
                sheet.cells.clear()
                break
            hidden = row.getAttribute("visibility") in ("collapse", "filter")
            for rr in range(r + 1, r + 1 + (repeat if (filled or hidden) else 0)):
                if hidden:
                    sheet.hidden_rows.add(rr)
                for start, crepeat, value, spans in cells:
                    if spans != (1, 1):
                        sheet.merges.append((rr, start, rr + spans[0] - 1, start + spans[1] - 1))
                    if value is not None:
                        for cc in range(start, start + crepeat):
                            sheet.cells[(rr, cc)] = value
            r += repeat
        sheets.append(sheet)
    return sheets


# -- reading 3: python-calamine, in a subprocess with a memory limit ----------------------------------------

CALAMINE_CHILD = r"""
import datetime as dt, json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
import python_calamine as pc
try:
    wb = pc.load_workbook(sys.argv[1])
except Exception as error:
    print(json.dumps({"error": type(error).__name__ + ": " + str(error)[:200]})); sys.exit(0)
out = []
for meta in wb.sheets_metadata:
    try:
        sheet = wb.get_sheet_by_name(meta.name)
        rows = sheet.to_python(skip_empty_area=False)
        try:
            merged = sheet.merged_cell_ranges
        except Exception:
            merged = None
    except Exception as error:
        print(json.dumps({"error": type(error).__name__ + ": " + str(error)[:200]})); sys.exit(0)
    cells = []
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row, 1):
            if v == "" or v is None:
                continue
            if isinstance(v, bool): cells.append([r, c, "b", v])
            elif isinstance(v, (int, float)): cells.append([r, c, "n", v])
            elif isinstance(v, (dt.date, dt.datetime, dt.time, dt.timedelta)): cells.append([r, c, "d", str(v)])
            else: cells.append([r, c, "s", str(v)])
    out.append({"name": meta.name, "visible": str(meta.visible).endswith("Visible"),
                "merged": merged and [list(a) + list(b) for a, b in merged], "cells": cells})
print(json.dumps({"sheets": out}))
"""


def read_calamine(path: Path) -> tuple[list[Sheet] | None, str]:
    """Return the model, or None and why calamine gave nothing ("crashes: ..." or "error: ...")."""
    try:
        completed = subprocess.run([sys.executable, "-c", CALAMINE_CHILD, str(path)], capture_output=True,
                                   text=True, timeout=180)
    except subprocess.TimeoutExpired:
        return None, "crashes: still running after 180 s"
    if completed.returncode != 0:
        lines = completed.stderr.strip().splitlines() or [""]
        tail = next((l for l in lines if "memory allocation" in l or "panicked" in l), lines[-1])[:160]
        how = f"killed by signal {-completed.returncode}" if completed.returncode < 0 else f"exit {completed.returncode}"
        return None, f"crashes: {how} under a 2 GiB memory limit ({tail})"
    result = json.loads(completed.stdout)
    if "error" in result:
        return None, "error: " + result["error"]
    sheets = []
    for s in result["sheets"]:
        sheet = Sheet(s["name"], hidden=not s["visible"])
        for r, c, kind, v in s["cells"]:
            sheet.cells[(r, c)] = Cell(kind, float(v) if kind == "n" else v)
        for r1, c1, r2, c2 in s["merged"] or []:
            sheet.merges.append((r1 + 1, c1 + 1, r2 + 1, c2 + 1))
        if len(sheet.cells) > MAX_CELLS:
            sheet.too_many = True
            sheet.cells.clear()
        sheets.append(sheet)
    return sheets, ""


# -- the policy ------------------------------------------------------------------------------------------------

LOOKALIKE = str.maketrans({"i": "і", "a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у",
                           "’": "'", "‘": "'", "ʼ": "'", "`": "'"})


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text)).casefold().translate(LOOKALIKE)
    return " ".join(text.split())


class Catalog:
    def __init__(self, path=CATALOG):
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        self.metrics = {norm(v): m["code"] for m in data["metrics"] for v in (m["code"], m["name_uk"], m["name_en"])}
        self.channels = {norm(v): c["code"] for c in data["channels"] for v in (c["code"], c["name_uk"], c["name_en"])}


SHEET_NAMES = {"info": ("Відомості", "Info"), "counts": ("Показники", "Counts"), "acts": ("Заходи", "Activities")}
HEADERS = {"info": {"field": ("Поле", "Field"), "value": ("Значення", "Value")},
           "counts": {"metric": ("Показник", "Metric"), "channel": ("Канал", "Channel"), "count": ("Кількість", "Count")},
           "acts": {"section": ("Розділ", "Section"), "text": ("Текст", "Text")}}
REQUIRED = {"info": ("field", "value"), "counts": ("metric", "channel", "count"), "acts": ("text",)}
MONTHS_UK = ["січень", "лютий", "березень", "квітень", "травень", "червень", "липень", "серпень", "вересень",
             "жовтень", "листопад", "грудень"]


def judge(sheets: list[Sheet], catalog: Catalog, month=(2021, 8)) -> dict:
    problems = []
    found = {}
    for kind, names in SHEET_NAMES.items():
        wanted = [norm(n) for n in names]
        matches = [s for s in sheets if norm(s.name) in wanted
                   or any(re.search(rf"(^|\W){re.escape(w)}(\W|$)", norm(s.name)) for w in wanted)]
        if len(matches) > 1:
            problems.append(("sheet_twice", matches[1].name, None, None))
        elif not matches:
            problems.append(("sheet_missing", names[0], None, None))
        elif matches[0].hidden:
            problems.append(("sheet_hidden", matches[0].name, None, None))
        elif matches[0].too_many:
            problems.append(("too_many_cells", matches[0].name, None, None))
        else:
            found[kind] = matches[0]
    counts, activities = {}, []
    if "info" in found:
        table = read_table(found["info"], "info", problems)
        if table:
            month_seen = None
            for r, values in table:
                if norm(values.get("field", Cell("s", "")).value) in (norm("Місяць"), norm("Month")):
                    month_seen = values.get("value")
            if month_seen is None:
                problems.append(("month_missing", found["info"].name, None, None))
            elif parse_month(month_seen) != month:
                problems.append(("month_mismatch" if parse_month(month_seen) else "month_unreadable",
                                 found["info"].name, None, None))
    if "counts" in found:
        sheet = found["counts"]
        table = read_table(sheet, "counts", problems)
        for r, values in table or []:
            m, ch, n = values.get("metric"), values.get("channel"), values.get("count")
            if m is None and ch is None and n is None:
                continue
            mcode = ccode = None
            if m is None:
                problems.append(("metric_blank", sheet.name, r, values["@metric"]))
            elif (mcode := catalog.metrics.get(norm(m.value))) is None:
                problems.append(("metric_unknown", sheet.name, r, values["@metric"]))
            if ch is None:
                problems.append(("channel_blank", sheet.name, r, values["@channel"]))
            elif (ccode := catalog.channels.get(norm(ch.value))) is None:
                problems.append(("channel_unknown", sheet.name, r, values["@channel"]))
            number, code = parse_count(n)
            if code:
                problems.append((code, sheet.name, r, values["@count"]))
            if mcode and ccode and not code:
                key = f"{mcode}/{ccode}"
                if key in counts:
                    problems.append(("duplicate_pair", sheet.name, r, "A"))
                else:
                    counts[key] = number
    if "acts" in found:
        sheet = found["acts"]
        table = read_table(sheet, "acts", problems)
        for r, values in table or []:
            section, text = values.get("section"), values.get("text")
            if text is None:
                if section is not None:
                    problems.append(("text_blank", sheet.name, r, values["@text"]))
                continue
            if text.kind != "s":
                problems.append(("text_not_text", sheet.name, r, values["@text"]))
                continue
            activities.append([str(section.value).strip() if section is not None else "", text.value.strip()])
    if problems:
        return {"refused": sorted(({"code": c, "sheet": s, "row": r, "column_letter": l} for c, s, r, l in problems),
                                  key=problem_key)}
    return {"accepted": {"counts": counts, "activities": activities}}


def problem_key(p: dict):
    return (p["sheet"], p["row"] or 0, p["column_letter"] or "", p["code"])


def parse_month(cell: Cell | None):
    if cell is None:
        return None
    if cell.kind == "d" and isinstance(cell.value, (dt.date, dt.datetime)):
        return (cell.value.year, cell.value.month)
    if cell.kind == "d":
        value = dt.datetime.fromisoformat(str(cell.value))
        return (value.year, value.month)
    text = norm(cell.value) if cell.kind == "s" else ""
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return (int(m.group(1)), int(m.group(2)))
    if m := re.fullmatch(r"(\d{2})\.(\d{4})", text):
        return (int(m.group(2)), int(m.group(1)))
    for i, name in enumerate(MONTHS_UK, 1):
        if m := re.fullmatch(rf"{name} (\d{{4}})( р\.?)?", text):
            return (int(m.group(1)), i)
    return None


def parse_count(cell: Cell | None):
    if cell is None:
        return None, "count_blank"
    if cell.kind == "f0":
        return None, "count_formula_unsaved"
    if cell.kind == "e":
        return None, "count_formula_error"
    if cell.kind == "d":
        return None, "count_date"
    if cell.kind == "b":
        return None, "count_not_number"
    if cell.kind == "s":
        text = cell.value.strip()
        if text.startswith("#") and text.endswith(("!", "?", "A")):
            return None, "count_formula_error"
        if re.fullmatch(r"\d+", text) or re.fullmatch(r"\d{1,3}([ \u00a0\u202f]\d{3})+", text):
            number = float(re.sub(r"\D", "", text))
        elif re.fullmatch(r"\d+([ \u00a0\u202f]+\d+)+", text):
            return None, "count_grouping"
        elif re.fullmatch(r"-\d+", text):
            return None, "count_negative"
        else:
            return None, "count_not_number"
    else:
        number = cell.value
    if number != int(number):
        return None, "count_fractional"
    if number < 0:
        return None, "count_negative"
    if number > MAX_COUNT:
        return None, "count_too_large"
    return int(number), None


def read_table(sheet: Sheet, kind: str, problems: list):
    """Return [(row, {key: Cell, "@key": letter})] of a sheet's table rows, or None (problems added)."""
    headers = {norm(name): key for key, names in HEADERS[kind].items() for name in names}
    rows = sorted({r for r, _ in sheet.cells})
    header_row = None
    first_rows = set(rows[:60])
    keys_by_row = {}
    for (rr, _), c in sheet.cells.items():
        if rr in first_rows and c.kind == "s":
            keys_by_row.setdefault(rr, set()).add(headers.get(norm(c.value)))
    for r in rows[:60]:
        keys = keys_by_row.get(r, set())
        if all(k in keys for k in REQUIRED[kind]):
            header_row = r
            break
    if header_row is None:
        problems.append(("column_missing", sheet.name, None, None))
        return None
    above = [r for r in rows if r < header_row]
    if len(above) > MAX_ABOVE:
        problems.append(("header_too_low", sheet.name, header_row, None))
        return None
    columns, extra, covered = {}, set(), set()
    for (r1, c1, r2, c2) in sheet.merges:
        if r1 <= header_row <= r2:
            covered.update(range(c1 + 1, c2 + 1))
    twice = False
    for (r, c), cell in sorted(sheet.cells.items(), key=lambda item: item[0][1]):
        if r != header_row:
            continue
        key = headers.get(norm(cell.value)) if cell.kind == "s" else None
        if key is None:
            extra.add(c)
        elif key in columns:
            problems.append(("column_twice", sheet.name, header_row, letter(c)))
            twice = True
        else:
            columns[key] = c
    if twice:
        return None
    headed = set(columns.values()) | extra | covered
    # merged text applies to every row it spans; a merged count is refused on the rows it covers
    fill = {}
    count_col = columns.get("count")
    for (r1, c1, r2, c2) in sheet.merges:
        if r2 <= header_row or r1 == r2:
            continue
        if c1 == count_col:
            for r in range(max(r1 + 1, header_row + 1), r2 + 1):
                problems.append(("count_merged", sheet.name, r, letter(c1)))
            continue
        if (r1, c1) in sheet.cells:
            for r in range(r1 + 1, r2 + 1):
                fill[(r, c1)] = sheet.cells[(r1, c1)]
    merged_count_rows = {p[2] for p in problems if p[0] == "count_merged" and p[1] == sheet.name}
    for key, c in columns.items():
        if c in sheet.hidden_cols and any(cc == c and r > header_row for (r, cc) in sheet.cells):
            problems.append(("columns_hidden", sheet.name, header_row, letter(c)))
    table = []
    by_row = {}
    for (rr, c), cell in sheet.cells.items():
        by_row.setdefault(rr, {})[c] = cell
    for (rr, c), cell in fill.items():
        by_row.setdefault(rr, {}).setdefault(c, cell)
    for r in sorted(rr for rr in by_row if rr > header_row):
        in_row = by_row[r]
        if not any(c in headed for c in in_row):
            continue                                   # a stray value beside no table row
        if r in sheet.hidden_rows:
            problems.append(("rows_hidden", sheet.name, r, None))
            continue
        stray = [c for c in in_row if c not in headed]
        for c in sorted(stray):
            problems.append(("value_without_header", sheet.name, r, letter(c)))
        if r >= MAX_ROW:
            problems.append(("row_too_far", sheet.name, r, None))
            continue
        if stray or r in merged_count_rows:
            continue
        values = {key: in_row.get(c) for key, c in columns.items() if in_row.get(c) is not None}
        values.update({"@" + key: letter(c) for key, c in columns.items()})
        table.append((r, values))
    return table


# -- the comparison ---------------------------------------------------------------------------------------------

def outcome_of(reader, path: Path, catalog: Catalog) -> dict:
    try:
        sheets = reader(path)
    except Refusal as refusal:
        return {"refused": [{"code": refusal.code, "sheet": "", "row": None, "column_letter": None}],
                "_specific": refusal.specific}
    return judge(sheets, catalog)


def normalise_expect(expect: dict) -> dict:
    if "refused" in expect:
        return {"refused": sorted(expect["refused"], key=problem_key)}
    return expect


def describe_difference(expected: dict, got: dict) -> str:
    if "refused" in expected and "accepted" in got:
        return "reads it as acceptable (" + short_counts(got) + ")"
    if "accepted" in expected and "refused" in got:
        return "finds problems: " + short_problems(got["refused"])
    if "refused" in expected:
        return "finds " + short_problems(got["refused"]) + " instead of " + short_problems(expected["refused"])
    a, b = expected["accepted"], got["accepted"]
    parts = []
    for key in sorted(set(a["counts"]) | set(b["counts"])):
        if a["counts"].get(key) != b["counts"].get(key):
            parts.append(f"{key} {b['counts'].get(key)!r} (expected {a['counts'].get(key)!r})")
    if a["activities"] != b["activities"]:
        for i, (x, y) in enumerate(zip(a["activities"], b["activities"])):
            if x != y:
                parts.append(f"paragraph {i + 1} {y[1][:40]!r} (expected {x[1][:40]!r})")
        if len(a["activities"]) != len(b["activities"]):
            parts.append(f"{len(b['activities'])} paragraphs (expected {len(a['activities'])})")
    return "; ".join(parts[:3]) + (" ..." if len(parts) > 3 else "")


def short_counts(outcome: dict) -> str:
    counts = outcome["accepted"]["counts"]
    return ", ".join(f"{k}={v}" for k, v in list(counts.items())[:3]) + (" ..." if len(counts) > 3 else "")


def short_problems(problems: list) -> str:
    text = ", ".join(f"{p['code']} {p['sheet']}!{p['column_letter'] or ''}{p['row'] or ''}".rstrip("!")
                     for p in problems[:3])
    return text + (f" (+{len(problems) - 3} more)" if len(problems) > 3 else "")


# Where the second reading is known to differ because of that library, not because of the file.
KNOWN_SECOND_READER_LIMITS = {
    "shared_strings_with_x000D_escapes": "openpyxl 3.1.5 leaves Excel's _xHHHH_ escapes in shared strings undecoded",
}


CALAMINE_HINTS = {
    "rows_hidden": "calamine 0.9.1 does not say which rows are hidden",
    "columns_hidden": "calamine 0.9.1 does not say which columns are hidden",
    "count_formula_error": "calamine gives an error result as an empty cell",
    "count_formula_unsaved": "calamine gives a formula without a saved result as an empty cell",
    "count_merged": "calamine gives no merged ranges for .ods",
    "unreadable": "calamine opens it",
}


def calamine_hint(entry: dict, got: dict) -> str:
    codes = {p["code"] for p in entry["expect"].get("refused", [])}
    hints = [CALAMINE_HINTS[c] for c in sorted(codes) if c in CALAMINE_HINTS]
    if entry["file"].endswith(".ods") and "accepted" in entry["expect"] and "refused" in got \
            and any(p["code"] == "metric_blank" for p in got["refused"]):
        hints.append("calamine gives no merged ranges for .ods")
    return f" [{'; '.join(hints)}]" if hints else ""


def second_reader(entry: dict):
    """openpyxl for ordinary .xlsx, odfpy for ordinary .ods; None where that library can't or shouldn't."""
    refused_codes = {p["code"] for p in entry["expect"].get("refused", [])}
    if refused_codes & {"unreadable"}:
        return None, "file-level refusal"
    if entry["file"].endswith(".ods"):
        if refused_codes & {"too_many_cells"}:
            return None, "odfpy would build the repeated rows"
        return read_odfpy, ""
    if entry["id"] == "strict_ooxml":
        return None, "openpyxl does not read Strict OOXML"
    return read_openpyxl, ""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-calamine", action="store_true")
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args(argv)
    catalog = Catalog()
    entries = json.loads(CASES_JSON.read_text(encoding="utf-8"))
    failures = 0
    for entry in entries:
        if args.only and entry["id"] not in args.only:
            continue
        path = HERE / entry["file"]
        expected = normalise_expect(entry["expect"])
        notes = []
        raw = outcome_of(read_raw, path, catalog)
        specific = raw.pop("_specific", None)
        if raw != expected:
            failures += 1
            notes.append("RAW READING DIFFERS: " + describe_difference(expected, raw))
        if specific and entry.get("specific_code") and specific != entry["specific_code"]:
            notes.append(f"raw reader's finer reason {specific!r}, cases.json says {entry['specific_code']!r}")
        reader, why = second_reader(entry)
        if reader is not None:
            try:
                second = outcome_of(reader, path, catalog)
                second.pop("_specific", None)
                if second != expected and entry["id"] in KNOWN_SECOND_READER_LIMITS:
                    notes.append("known: " + KNOWN_SECOND_READER_LIMITS[entry["id"]] + " ("
                                 + describe_difference(expected, second) + ")")
                elif second != expected:
                    failures += 1
                    notes.append(f"{reader.__name__.removeprefix('read_').upper()} READING DIFFERS: "
                                 + describe_difference(expected, second))
            except Exception as error:  # noqa: BLE001
                notes.append(f"{reader.__name__} failed: {type(error).__name__}: {str(error)[:100]}")
        if not args.no_calamine:
            model, failure = read_calamine(path)
            if model is None and failure.startswith("crashes"):
                entry["calamine"] = failure
            else:
                if model is None:
                    got = {"refused": [{"code": "unreadable", "sheet": "", "row": None, "column_letter": None}]}
                else:
                    got = judge(model, catalog)
                entry["calamine"] = ("same" if got == expected
                                     else "differs: " + describe_difference(expected, got) + calamine_hint(entry, got))
                if model is None:
                    entry["calamine"] += f" ({failure})" if entry["calamine"] == "same" else ""
        status = "ok " if not any(n.isupper() or "DIFFERS" in n for n in notes) else "BAD"
        print(f"{status} {entry['id']:<48} {' | '.join(notes)}"
              + (f"   calamine: {entry.get('calamine')}" if not args.no_calamine else ""), flush=True)
    if not args.no_calamine and not args.only:
        CASES_JSON.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    elif not args.no_calamine:
        all_entries = json.loads(CASES_JSON.read_text(encoding="utf-8"))
        updated = {e["id"]: e for e in entries}
        all_entries = [updated.get(e["id"], e) for e in all_entries]
        CASES_JSON.write_text(json.dumps(all_entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{failures} disagreement(s) with the expectations")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
