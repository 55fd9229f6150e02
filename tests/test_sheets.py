"""The workbook reader against another reader, and its small parts on their own."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from dept_analysis import config
from dept_analysis.sheets import CellError, Unsaved, read_workbook
from dept_analysis.sheets.xlsx import excel_date, parse_reference, unescape
from dept_analysis.sheets.xlsx_styles import is_date_format
from workbooks import NEWS, SOCIAL, WEBSITE, standard, write, write_xlsx


def _calamine_cells(path: Path) -> dict[str, dict]:
    from python_calamine import load_workbook

    book = load_workbook(path)
    result = {}
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        cells = {}
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value in ("", None):
                    continue
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                    value = dt.datetime(value.year, value.month, value.day)
                cells[(r, c)] = value
        result[name] = cells
    return result


@pytest.mark.parametrize("path", sorted(config.DATA_DIR.glob("20*.xlsx")), ids=lambda p: p.name)
def test_every_sample_workbook_reads_as_calamine_reads_it(path):
    pytest.importorskip("python_calamine")
    ours = {sheet.name: sheet.cells for sheet in read_workbook(path).sheets}
    assert ours == _calamine_cells(path)


def test_an_ods_with_numbers_dates_and_text_reads_as_calamine_reads_it(tmp_path):
    pytest.importorskip("python_calamine")
    book = standard([[NEWS, WEBSITE, 214], [NEWS, "Телебачення", 2.5]], [["Розділ А", "Просто текст."]])
    book.tab("Відомості").rows.append(["Дата", dt.datetime(2021, 8, 31)])
    path = write(book, tmp_path / "2021-08.ods")
    ours = {sheet.name: sheet.cells for sheet in read_workbook(path).sheets}
    assert ours == _calamine_cells(path)


def test_cell_references_and_their_limits():
    assert parse_reference("A1") == (0, 0)
    assert parse_reference("XFD1048576") == (1048575, 16383)
    assert parse_reference("$C$5") == (4, 2)


def test_date_formats_are_told_from_number_formats():
    assert is_date_format("dd.mm.yyyy") and is_date_format("[$-422]d mmmm yyyy") and is_date_format("[h]:mm")
    assert not is_date_format("#,##0") and not is_date_format('0" шт."') and not is_date_format("[Red]0.00")
    assert not is_date_format("General")


def test_serial_dates_count_the_leap_day_excel_invented():
    assert excel_date(44409, False) == dt.datetime(2021, 8, 1)
    assert excel_date(1, False) == dt.datetime(1900, 1, 1)
    assert excel_date(61, False) == dt.datetime(1900, 3, 1)
    assert excel_date(0, True) == dt.datetime(1904, 1, 1)


def test_excel_escapes_in_text_are_undone():
    assert unescape("рядок_x000D_\nрядок") == "рядок\nрядок"
    assert unescape("a_x0009_b") == "a\tb"


def test_formula_cells_without_a_result_and_with_an_error(tmp_path):
    book = standard([[NEWS, WEBSITE, "=1+1"]])
    path = write_xlsx(book, tmp_path / "2021-08.xlsx")
    sheet = next(s for s in read_workbook(path).sheets if s.name == "Показники")
    assert sheet.cells[(1, 2)] == Unsaved("1+1")
    assert str(CellError("#REF!")) == "#REF!"


def test_only_the_sheets_asked_for_are_read(tmp_path):
    path = write_xlsx(standard([[NEWS, WEBSITE, 1]]), tmp_path / "2021-08.xlsx")
    book = read_workbook(path, lambda name: name == "Заходи")
    assert [e.name for e in book.entries] == ["Відомості", "Показники", "Заходи"]
    assert [s.name for s in book.sheets] == ["Заходи"]


def _with_results(tmp_path: Path, formulas: dict[str, tuple[str, str]], recalculate: bool) -> Path:
    """A workbook whose «Показники» cells hold formulas with the results given, as a program
    that does not calculate saves them; ``recalculate`` keeps openpyxl's fullCalcOnLoad."""
    from workbooks import VIDEOS, SOCIAL, rewrite_part

    path = write_xlsx(standard([[NEWS, WEBSITE, 1], [VIDEOS, SOCIAL, 2], [NEWS, SOCIAL, 3]]),
                      tmp_path / "2021-08.xlsx")

    def change(xml: str) -> str:
        for reference, (formula, result) in formulas.items():
            xml = re.sub(rf'<c r="{reference}"[^>]*>.*?</c>', f'<c r="{reference}"><f>{formula}</f><v>{result}</v></c>', xml)
        return xml

    rewrite_part(path, "xl/worksheets/sheet2.xml", change)
    if not recalculate:
        rewrite_part(path, "xl/workbook.xml", lambda xml: xml.replace(' fullCalcOnLoad="1"', ""))
    return path


def test_a_formula_of_numbers_is_checked_against_its_saved_result(tmp_path):
    # Excel shows 214 for =200+14, whatever result a program saved beside it.
    path = _with_results(tmp_path, {"C2": ("200+14", "214"), "C3": ("SUM(40,9)", "0"), "C4": ("100+14", "100")},
                         recalculate=False)
    sheet = next(s for s in read_workbook(path).sheets if s.name == "Показники")
    assert sheet.cells[(1, 2)] == 214
    assert sheet.cells[(2, 2)] == Unsaved("SUM(40,9)") and sheet.cells[(3, 2)] == Unsaved("100+14")


def test_a_power_saved_with_the_spreadsheets_result_is_no_false_alarm(tmp_path):
    # Excel and LibreOffice both show 49 for =-7^2 and for =2^3^2-15.
    path = _with_results(tmp_path, {"C2": ("-7^2", "49"), "C3": ("2^3^2-15", "49")}, recalculate=False)
    sheet = next(s for s in read_workbook(path).sheets if s.name == "Показники")
    assert sheet.cells[(1, 2)] == 49 and sheet.cells[(2, 2)] == 49
    (tmp_path / "2021-08.xlsx").unlink()
    # Saved by a program that does not calculate, with Python's 497: not trusted.
    stale = _with_results(tmp_path, {"C3": ("2^3^2-15", "497")}, recalculate=True)
    assert next(s for s in read_workbook(stale).sheets if s.name == "Показники").cells[(2, 2)] == Unsaved("2^3^2-15")


def test_results_of_a_workbook_that_asks_to_be_recalculated_are_not_trusted(tmp_path):
    formulas = {"C2": ("C3+C4", "0"), "C3": ("200+14", "214")}
    stale = next(s for s in read_workbook(_with_results(tmp_path, formulas, recalculate=True)).sheets
                 if s.name == "Показники")
    assert stale.cells[(1, 2)] == Unsaved("C3+C4") and stale.cells[(2, 2)] == 214
    (tmp_path / "2021-08.xlsx").unlink()
    trusted = next(s for s in read_workbook(_with_results(tmp_path, formulas, recalculate=False)).sheets
                   if s.name == "Показники")
    assert trusted.cells[(1, 2)] == 0  # saved by Excel or LibreOffice, which calculate


@pytest.mark.parametrize("formula, value", [
    ("200+14", 214), ("=SUM(40,9)", 49), ("SUM(40;9)", 49), ("50%*2", 1), ("-(3+4)", -7), ("1e3", 1000),
    ("C2+1", None), ("SUM(C2:C9)", None), ("1/0", None), ('__import__("os")', None), ("", None), ("2**3", None),
    # Powers are not Python's in a spreadsheet (-7^2 is 49, 2^3^2 is 64): left unjudged.
    ("2^3", None), ("-7^2", None), ("2^3^2", None), ("9^999", None),
])
def test_formulas_of_numbers_alone_are_calculated(formula, value):
    from dept_analysis.sheets.formulas import constant_value

    assert constant_value(formula) == value


def test_an_ods_formula_of_numbers_is_checked_against_its_saved_value(tmp_path):
    import shutil

    from workbooks import rewrite_part

    path = tmp_path / "2021-08.ods"
    shutil.copy(Path(__file__).parent / "corpus" / "cases" / "formula_cached_ods" / "2021-08.ods", path)
    rewrite_part(path, "content.xml", lambda xml: xml.replace('table:formula="of:=100+14" office:value-type="float" '
                                                              'office:value="114"', 'table:formula="of:=100+14" '
                                                              'office:value-type="float" office:value="100"'))
    values = list(next(s for s in read_workbook(path).sheets if s.name == "Показники").cells.values())
    assert 214 in values and 49 in values  # saved with their own values
    assert Unsaved("100+14") in values and 100 not in values


def test_the_legacy_palette_is_the_standard_one():
    # ECMA-376 Part 1, 18.8.27, as openpyxl (which wrote most such files) has it.
    from openpyxl.styles.colors import COLOR_INDEX

    from dept_analysis.sheets.xlsx_styles import _INDEXED_COLOURS

    assert list(_INDEXED_COLOURS[:64]) == [colour[2:].lower() for colour in COLOR_INDEX[:64]]
    assert _INDEXED_COLOURS[64:] == ("000000", "ffffff")  # the system's text and background


@pytest.mark.parametrize("summary_below", [True, False])
def test_rows_and_columns_of_a_collapsed_outline_group_are_hidden(tmp_path, summary_below):
    # Only the summary row and column are marked collapsed: LibreOffice hides their groups.
    import openpyxl

    path = write_xlsx(standard([[NEWS, WEBSITE, 214], [NEWS, WEBSITE, 49], [NEWS, WEBSITE, 12], [NEWS, WEBSITE, 7]]),
                      tmp_path / "2021-08.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Показники"]
    sheet.sheet_properties.outlinePr.summaryBelow = summary_below
    group, summary = ((3, 4), 5) if summary_below else ((4, 5), 3)
    for row in group:
        sheet.row_dimensions[row].outlineLevel = 1
    sheet.row_dimensions[summary].collapsed = True
    sheet.column_dimensions["C"].outlineLevel = 1
    sheet.column_dimensions["D"].collapsed = True
    workbook.save(path)
    read = next(s for s in read_workbook(path).sheets if s.name == "Показники")
    assert [row for row in range(10) if row in read.hidden_rows] == [row - 1 for row in group]
    assert 2 in read.hidden_columns and 3 not in read.hidden_columns


def test_an_expanded_outline_group_hides_nothing(tmp_path):
    import openpyxl

    path = write_xlsx(standard([[NEWS, WEBSITE, 214], [NEWS, SOCIAL, 49]]), tmp_path / "2021-08.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["Показники"].row_dimensions[3].outlineLevel = 1
    workbook.save(path)
    read = next(s for s in read_workbook(path).sheets if s.name == "Показники")
    assert not any(row in read.hidden_rows for row in range(10))
