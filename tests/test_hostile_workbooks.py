"""Workbooks built to break the reader: a value in the last cell of a sheet, a tiny file that
claims a million filled rows. Each is read or refused by name, in bounded memory, in a
process of its own so that an abort (as calamine's was) would show as a failed exit."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dept_analysis import config
from workbooks import ods_with_repeated_rows, xlsx_with_far_value

BIN = Path(sys.executable).parent
ONE_GIB = 1024 ** 3


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(config.DATA_DIR / "catalog.toml", folder)
    return folder


def _only_problem(folder: Path):
    from dept_analysis.loading import check_data

    data, problems = check_data(folder)
    assert data is None and len(problems) == 1, problems
    return problems[0]


def _check_in_a_process(folder: Path) -> tuple[subprocess.CompletedProcess, int]:
    """Run ``dept-report check`` and return it with the peak memory (bytes) of the process."""
    probe = ("import resource, subprocess, sys; "
             f"p = subprocess.run([{str(BIN / 'dept-report')!r}, 'check', {str(folder)!r}], capture_output=True, "
             "text=True); "
             "print(p.returncode); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
             "sys.stdout.write(p.stdout + p.stderr)")
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    code, peak_kib, *_ = completed.stdout.split("\n", 2)
    output = completed.stdout.split("\n", 2)[2] if completed.stdout.count("\n") >= 2 else ""
    return subprocess.CompletedProcess([], int(code), output, completed.stderr), int(peak_kib) * 1024


@pytest.mark.parametrize("reference", ["XFD1048576", "XFD4999"])
def test_a_value_in_a_far_cell_is_read_in_little_memory(tmp_path, reference):
    folder = _folder(tmp_path)
    path = xlsx_with_far_value(folder / "2021-08.xlsx", reference)
    assert path.stat().st_size < 12_000
    completed, peak = _check_in_a_process(folder)
    assert completed.returncode == 0, completed.stdout
    assert "Усе гаразд" in completed.stdout and "Traceback" not in completed.stdout
    assert peak < ONE_GIB / 4, f"{peak / 2**20:.0f} MB"


def test_a_tiny_ods_claiming_a_million_filled_rows_is_refused_by_name(tmp_path):
    folder = _folder(tmp_path)
    path = ods_with_repeated_rows(folder / "2021-08.ods", rows=1_000_000)
    assert path.stat().st_size < 12_000
    completed, peak = _check_in_a_process(folder)
    assert completed.returncode == 1
    line = next(line for line in completed.stdout.splitlines() if "2021-08.ods" in line)
    assert "Показники" in line and "Traceback" not in completed.stdout
    assert peak < ONE_GIB / 4, f"{peak / 2**20:.0f} MB"
    problem = _only_problem(folder)
    assert (problem.code, problem.sheet) == ("too_many_cells", "Показники")
    assert "понад 100 000 заповнених клітинок" in problem.message_uk


def test_columns_repeated_across_the_sheet_are_refused_too(tmp_path):
    folder = _folder(tmp_path)
    ods_with_repeated_rows(folder / "2021-08.ods", rows=10, columns=16_000)
    completed, peak = _check_in_a_process(folder)
    assert completed.returncode == 1 and peak < ONE_GIB / 4
    assert _only_problem(folder).code == "too_many_cells"


def test_conditional_formats_asking_for_millions_of_checks_are_refused_by_name(tmp_path):
    """A small file whose conditional formats would each be judged on every filled cell:
    refused at a bound, rather than let the file decide how long the check takes."""
    import openpyxl
    from openpyxl.formatting.rule import CellIsRule

    folder = _folder(tmp_path)
    shutil.copy(config.DATA_DIR / "2021-08.xlsx", folder / "2021-08.xlsx")
    workbook = openpyxl.load_workbook(folder / "2021-08.xlsx")
    sheet = workbook["Показники"]
    for row in range(20, 1020):
        sheet.cell(row, 8, row)  # far right of the table: no business of the report
    white = openpyxl.styles.Font(color="FFFFFFFF")
    for number in range(2100):
        sheet.conditional_formatting.add("A1:H1100", CellIsRule(operator="equal", formula=[str(-1 - number)], font=white))
    workbook.save(folder / "2021-08.xlsx")
    completed, peak = _check_in_a_process(folder)
    assert completed.returncode == 1 and "Traceback" not in completed.stdout
    problem = _only_problem(folder)
    assert (problem.code, problem.sheet) == ("too_many_rules", "Показники")
    assert "умовне форматування" in problem.message_uk.lower() and "2 000 000" in problem.message_en


def test_more_conditional_formats_than_a_sheet_has_cells_are_refused_as_such(tmp_path):
    """100 001 rules of one cell each (a few MB of XML): refused for the rules, in their words,
    not for filled cells the sheet does not have."""
    import zipfile

    folder = _folder(tmp_path)
    with zipfile.ZipFile(config.DATA_DIR / "2021-08.xlsx") as archive:
        parts = {info: archive.read(info.filename) for info in archive.infolist()}
    rule = '<conditionalFormatting sqref="H{0}"><cfRule type="cellIs" dxfId="0" priority="{0}" operator="equal"><formula>-1</formula></cfRule></conditionalFormatting>'
    rules = "".join(rule.format(n) for n in range(1, 100_002)).encode()
    with zipfile.ZipFile(folder / "2021-08.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet2.xml":
                assert b"</sheetData>" in data
                data = data.replace(b"</sheetData>", b"</sheetData>" + rules, 1)
            archive.writestr(info, data)
    problem = _only_problem(folder)
    assert (problem.code, problem.sheet) == ("too_many_rules", "Показники")
    assert "умовне форматування" in problem.message_uk.lower() and "100 000" in problem.message_en
