"""report.docx as an official document (ДСТУ 4163-2020), read back with python-docx: page,
font, tables laid out for A4, alt text on every picture, the file's properties, date line and
signature."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import zipfile
from functools import lru_cache

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from built_reports import built_report
from dept_analysis import config
from dept_analysis.catalog import load_catalog
from dept_analysis.model import Table, report_from_json
from dept_analysis.render.docx import column_widths, text_width_mm
from dept_analysis.render.paper import split_columns

pytestmark = pytest.mark.slow
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _content(folder):
    return report_from_json((folder / "content.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """The 2021 report: its tables have a column per month."""
    return built_report("2021", "uk", tmp_path_factory)


def test_page_is_a4_with_the_standards_margins_and_numbers_from_page_two(august):
    document = Document(august / "report.docx")
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
    for side, millimetres in (("left", 30), ("right", 10), ("top", 20), ("bottom", 20)):
        assert abs(getattr(section, f"{side}_margin") - Mm(millimetres)) < Mm(0.1), side
    assert section.different_first_page_header_footer
    header = section.header._element
    fields = [f.get(qn("w:instr")) for f in header.iter(qn("w:fldSimple"))]
    assert [f.strip() for f in fields] == ["PAGE"]
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not list(section.first_page_header._element.iter(qn("w:fldSimple")))


def test_one_font_times_new_roman_14_with_black_bold_headings(august):
    document = Document(august / "report.docx")
    with zipfile.ZipFile(august / "report.docx") as package:
        parts = {name: package.read(name).decode("utf-8") for name in
                 ("word/styles.xml", "word/document.xml", "word/numbering.xml")}
    for name, xml in parts.items():
        assert "Theme=" not in xml and "w:cstheme" not in xml, name  # no theme font, no theme colour
        fonts = " ".join(re.findall(r"<w:rFonts [^>]*>", xml))
        assert set(re.findall(r'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"', fonts)) <= {"Times New Roman"}, name
        assert "Times New Roman" in fonts or name == "word/document.xml", name
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        assert style.font.name == "Times New Roman" and style.font.size.pt == 14 and style.font.bold, name
        assert style.font.color.rgb in (None, (0, 0, 0)), name
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0].style.name == "Heading 1" and headings[0].text.startswith("Звіт про роботу")
    # every run sets no other font and no size above the body's
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert run.font.name in (None, "Times New Roman")
            assert run.font.size is None or run.font.size.pt <= 14


def test_every_picture_describes_its_chart_from_the_data(august):
    report = _content(august)
    document = Document(august / "report.docx")
    pictures = list(document.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"))
    assert len(pictures) == len(report.figures) == 4
    for picture, figure in zip(pictures, report.figures):
        assert picture.get("descr") == figure.alt
        assert picture.get("descr") != figure.caption and len(figure.alt) > len(figure.caption)
    assert "«Новини та інші інформаційні матеріали» — 296, на 21 більше, ніж у липні" in pictures[0].get("descr")


def test_properties_are_the_reports_not_the_templates(august):
    report = _content(august)
    properties = Document(august / "report.docx").core_properties
    assert properties.title == report.title
    assert properties.author == properties.last_modified_by == report.department
    assert properties.language == "uk-UA"
    made_at = report.made_at.replace(microsecond=0)
    assert properties.created == properties.modified == made_at  # the same instant
    with zipfile.ZipFile(august / "report.docx") as package:
        core = package.read("docProps/core.xml").decode("utf-8")
        app = package.read("docProps/app.xml").decode("utf-8")
        names = package.namelist()
    assert "python-docx" not in core and "2013" not in core
    assert made_at.isoformat() in core and made_at.utcoffset() in (dt.timedelta(hours=2), dt.timedelta(hours=3))
    assert f"<Company>{report.department}</Company>" in app and "Microsoft" not in app
    assert not any("thumbnail" in name for name in names)


def test_date_line_and_signature_from_the_catalog(august):
    report = _content(august)
    document = Document(august / "report.docx")
    first = document.paragraphs[0].text
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} № _{6,}", first)
    assert first.startswith(report.made_at.strftime("%d.%m.%Y"))
    department = load_catalog(config.DATA_DIR).department
    signature = document.tables[-1]
    position, name = (cell.text for cell in signature.rows[0].cells)
    assert (position, name) == (department.signatory_position_uk, department.signatory_name_uk)
    assert re.fullmatch(r"\w+ [А-ЯІЇЄҐ'’]+", name)  # "Ім'я ПРІЗВИЩЕ"
    assert signature.rows[0].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


# -- tables ------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _font(bold: bool):
    """The Times New Roman that LibreOffice sets the document in here (Liberation Serif when
    the real one is absent: the same advance widths)."""
    from PIL import ImageFont

    if shutil.which("fc-match") is None:
        pytest.skip("fontconfig (fc-match) is not installed")
    path = subprocess.run(["fc-match", "-f", "%{file}", f"Times New Roman:{'bold' if bold else 'regular'}"],
                          capture_output=True, text=True).stdout
    if not re.search(r"(Liberation ?Serif|Times)", path, re.IGNORECASE):
        pytest.skip(f"no Times New Roman or Liberation Serif (fonts-liberation) here: {path!r}")
    return ImageFont.truetype(path, 1000)


def _width_mm(word: str, size: float, bold: bool) -> float:
    return _font(bold).getlength(word) / 1000 * size * 25.4 / 72


def _check_table_fits(table) -> int:
    """Every word of every cell fits its column in the real font: none is broken in the middle.
    Returns the number of cells checked."""
    grid = [int(col.get(qn("w:w"))) / 56.7 for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    padding = sum(int(margins.find(qn(f"w:{side}")).get(qn("w:w"))) for side in ("left", "right")) / 56.7
    assert sum(grid) <= 170.5
    checked = 0
    for row in table.rows:
        for width, cell in zip(grid, row.cells):
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    for word in run.text.split(" "):
                        assert _width_mm(word, run.font.size.pt, bool(run.bold)) <= width - padding, (word, width)
                        checked += 1
    return checked


def test_key_figures_table_laid_out_for_a4(august):
    document = Document(august / "report.docx")
    table = document.tables[0]
    rows = table.rows
    assert rows[0].cells[0].text == "Показник" and rows[1].cells[1].text == "296"
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)  # never split
    widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert widths[0] == max(widths) and widths[0] > 2 * min(widths[1:])
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    for row in rows[1:]:
        assert row.cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
        assert all(cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT for cell in row.cells[1:])
    assert _check_table_fits(table) > 40


def test_a_years_tables_are_split_to_fit_a4_with_every_word_whole(year):
    document = Document(year / "report.docx")
    report = _content(year)
    month_table = next(t for t in report.tables if len(t.header) == 14)
    assert len(document.tables) >= 1 + len(report.tables) + 1  # split ones, and the signature
    for table in document.tables[:-1]:
        assert len(table.columns) <= 8
        _check_table_fits(table)
    headers = [cell.text for table in document.tables[:-1] for cell in table.rows[0].cells]
    assert all(h in headers for h in month_table.header)


@pytest.mark.parametrize("months", ["Вересень 2021", "Листопад 2021", "September 2021", "Березень 2021"])
def test_column_widths_leave_the_longest_month_name_whole(months):
    header = ("Показник", *([months] * 6))
    table = Table("", header, (("Нормативні акти та проєкти для обговорення", *(["12 345"] * 6)),))
    size, widths = column_widths(table)
    for width in widths[1:]:
        assert text_width_mm(months.split(" ")[0], size) + 2 <= width
    assert widths[0] >= 42 and sum(widths) == pytest.approx(170)


def test_a_wide_table_is_split_into_balanced_parts_each_naming_its_rows():
    header = ("Показник", *(f"m{i}" for i in range(1, 13)), "Разом")
    table = Table("Рік", header, (("Новини", *map(str, range(13))),), ((*map(float, range(13)),),), note="*")
    parts = split_columns(table)
    assert [len(p.header) for p in parts] == [8, 7]
    assert all(p.header[0] == "Показник" and p.rows[0][0] == "Новини" for p in parts)
    assert parts[0].rows[0][1:] + parts[1].rows[0][1:] == table.rows[0][1:]
    assert parts[0].values[0] + parts[1].values[0] == table.values[0]
    assert [p.note for p in parts] == ["", "*"]
    assert split_columns(parts[1]) == [parts[1]]


def test_the_signatory_is_part_of_the_reports_content(august):
    data = json.loads((august / "content.json").read_text(encoding="utf-8"))
    assert data["signatory"][1] == load_catalog(config.DATA_DIR).department.signatory_name_uk


def test_the_sections_come_under_the_headings_the_page_and_the_pdf_give_them(august, year):
    from dept_analysis.render.pdf import document_sections

    for folder in (august, year):
        report = _content(folder)
        document = Document(folder / "report.docx")
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
        expected = [report.heading(section) for section in document_sections(report)]
        assert headings == expected, folder.name
