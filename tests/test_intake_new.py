"""`dept-report new`: next month's workbook, pre-filled from the latest earlier one, never over a file."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import month_sheets, write_raw
from dept_analysis.catalog import load_catalog
from dept_analysis.cli import main
from dept_analysis.loading import scan_workbook
from dept_analysis.problems import ProblemCode
from dept_analysis.workbook import write_workbook

MONITORING = "Проводився постійний моніторинг місцевих та обласних ЗМІ."
PETITIONS = "Модерувалися місцеві петиції."
MEETING = "Проведено зустріч із громадськими організаціями 14 жовтня."
BUDGET = "Забезпечено супровід голосування за громадський бюджет."


def sheet_rows(path, name):
    return [row for row in openpyxl.load_workbook(path)[name].iter_rows(values_only=True)]


def new(folder, month="2022-01"):
    return CliRunner().invoke(main, ["new", month, "--data-dir", str(folder)])


def test_new_copies_the_rows_of_the_latest_month_with_empty_counts(sample_data_dir):
    result = new(sample_data_dir)
    assert result.exit_code == 0, result.output
    path = sample_data_dir / "2022-01.xlsx"
    assert str(path) in result.output and "2021-12" in result.output
    december = sheet_rows(sample_data_dir / "2021-12.xlsx", "Показники")[1:]
    catalog = load_catalog(sample_data_dir)
    counts = sheet_rows(path, "Показники")
    assert counts[0] == ("Показник", "Канал", "Кількість")
    # The same pairs in the same order, in the catalog's Ukrainian names, every count empty.
    assert [(m, c) for m, c, _ in counts[1:]] == [(catalog.metric(m).name_uk, catalog.channel(c).name_uk)
                                                 for m, c, _ in december]
    assert all(count is None for _, _, count in counts[1:])
    info = dict(row[:2] for row in sheet_rows(path, "Відомості") if row[0])
    assert info["Місяць"] == "2022-01"
    assert "2021-12" in info["Заготовка"]
    # The loader reads it; the only thing missing is the numbers.
    scan = scan_workbook(path, pd.Period("2022-01", "M"), catalog)
    assert {problem.code for problem in scan.problems} == {ProblemCode.COUNT_BLANK}
    assert len(scan.problems) == len(december)


def test_new_marks_the_copied_paragraphs_in_a_column_the_report_ignores(sample_data_dir):
    assert new(sample_data_dir).exit_code == 0
    path = sample_data_dir / "2022-01.xlsx"
    rows = sheet_rows(path, "Заходи")
    assert rows[0] == ("Розділ", "Текст", "Перевірити")
    assert all(row[2] == "скопійовано з 2021-12" for row in rows[1:])
    december = [row[:2] for row in sheet_rows(sample_data_dir / "2021-12.xlsx", "Заходи")[1:]]
    assert [row[:2] for row in rows[1:]] == december  # the sample's paragraphs all recur
    # Once the counts are typed the month loads, and the mark never reaches the report.
    book = openpyxl.load_workbook(path)
    for row in range(2, book["Показники"].max_row + 1):
        book["Показники"].cell(row, 3).value = 5
    book.save(path)
    scan = scan_workbook(path, pd.Period("2022-01", "M"), load_catalog(sample_data_dir))
    assert scan.ok, scan.problems
    assert scan.activities == december


def test_only_standing_paragraphs_are_copied(data_dir):
    counts = [["Новини та інші інформаційні матеріали", "Офіційний веб-сайт міської ради", 10]]
    write_raw(data_dir / "2021-10.xlsx", month_sheets("2021-10", counts, [["Моніторинг", MONITORING],
                                                                          ["Петиції", PETITIONS]]))
    write_raw(data_dir / "2021-11.xlsx", month_sheets("2021-11", counts, [["Моніторинг", MONITORING],
                                                                          ["Наради", MEETING]]))
    # December repeats monitoring (re-spaced, other case) and petitions (skipped in November),
    # and adds a one-off.
    write_raw(data_dir / "2021-12.xlsx", month_sheets("2021-12", counts, [
        ["Моніторинг", "  проводився  постійний моніторинг місцевих та обласних ЗМІ. "],
        ["Бюджет", BUDGET], ["Петиції", PETITIONS]]))
    result = new(data_dir)
    assert result.exit_code == 0, result.output
    rows = sheet_rows(data_dir / "2022-01.xlsx", "Заходи")[1:]
    assert [row[1] for row in rows] == ["проводився  постійний моніторинг місцевих та обласних ЗМІ.", PETITIONS]
    assert "2021-11, 2021-10" in result.output and ": 1" in result.output  # one paragraph left out, and why


def test_with_one_earlier_month_every_paragraph_is_copied(data_dir):
    counts = [["Відеосюжети", "Телебачення", 3]]
    write_raw(data_dir / "2021-12.xlsx", month_sheets("2021-12", counts, [["Бюджет", BUDGET], ["", MEETING]]))
    result = new(data_dir)
    assert result.exit_code == 0, result.output
    rows = sheet_rows(data_dir / "2022-01.xlsx", "Заходи")[1:]
    assert [row[1] for row in rows] == [BUDGET, MEETING]
    assert "Every paragraph of 2021-12 was copied" in result.output.replace("\n", " ")


def test_a_newer_workbook_with_problems_is_passed_over_and_named(sample_data_dir):
    write_workbook(sample_data_dir / "2022-01.xlsx", load_catalog(sample_data_dir), pd.Period("2022-01", "M"))
    result = new(sample_data_dir, "2022-02")
    assert result.exit_code == 0, result.output
    text = result.output.replace("\n", " ")
    assert "2022-01 passed over" in text and "rows taken from 2021-12" in text
    info = dict(row[:2] for row in sheet_rows(sample_data_dir / "2022-02.xlsx", "Відомості") if row[0])
    assert info["Місяць"] == "2022-02" and "2021-12.xlsx" in info["Заготовка"]


def test_without_an_earlier_month_a_blank_workbook_with_its_month(data_dir):
    result = new(data_dir, "2021-01")
    assert result.exit_code == 0, result.output
    path = data_dir / "2021-01.xlsx"
    assert sheet_rows(path, "Показники") == [("Показник", "Канал", "Кількість")]
    scan = scan_workbook(path, pd.Period("2021-01", "M"), load_catalog(data_dir))
    assert [problem.code for problem in scan.problems] == [ProblemCode.COUNTS_EMPTY]


@pytest.mark.parametrize("name", ["2022-01.xlsx", "2022-01.ods", "2022-01.csv"])
def test_new_never_overwrites_a_file_for_the_month(sample_data_dir, name):
    path = sample_data_dir / name
    path.write_bytes(b"typed by hand")
    result = new(sample_data_dir)
    assert result.exit_code == 2
    assert name in result.output and "Nothing was changed" in result.output.replace("\n", " ")
    assert path.read_bytes() == b"typed by hand"
    assert not (sample_data_dir / "2022-01.xlsx").exists() or name == "2022-01.xlsx"
    assert not [p for p in sample_data_dir.iterdir() if p.name.startswith(".new-")]


def test_new_refuses_a_malformed_month(data_dir):
    result = new(data_dir, "2022-13")
    assert result.exit_code == 1 and "РРРР-ММ" in result.output
    assert list(data_dir.glob("*.xlsx")) == []
