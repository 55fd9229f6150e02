"""The command line as a user meets it: exit codes and the words on the screen."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from dept_analysis.cli import main

BIN = Path(sys.executable).parent


def test_check_sample_data_is_clean():
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "24 workbook(s)" in result.output and "2020-01" in result.output and "2021-12" in result.output


def test_check_reports_a_negative_count_with_file_sheet_row_and_column(sample_data_dir):
    path = sample_data_dir / "2021-05.xlsx"
    workbook = openpyxl.load_workbook(path)
    workbook["Показники"]["C6"] = -12
    workbook.save(path)
    completed = subprocess.run([str(BIN / "dept-report"), "check", str(sample_data_dir)],
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 1
    line = next(line for line in completed.stdout.splitlines() if "2021-05.xlsx" in line)
    cells = [c.strip() for c in line.strip("|").split("|")]
    assert cells[:5] == ["2021-05.xlsx", "Показники", "6", "Кількість (C)", "'-12'"]
    assert "від'ємною" in completed.stdout and "negative" in completed.stdout
    assert "Traceback" not in completed.stdout + completed.stderr


def _copy_month(folder: Path, source: str, target: str, change: tuple[str, int] | None = None) -> None:
    """Make ``target``'s workbook a copy of ``source``'s with its month set, as a clerk copies a file."""
    workbook = openpyxl.load_workbook(folder / f"{source}.xlsx")
    workbook["Відомості"]["B2"] = target
    if change:
        workbook["Показники"][change[0]] = change[1]
    workbook.save(folder / f"{target}.xlsx")


def test_check_notes_a_month_whose_counts_are_the_month_befores(sample_data_dir):
    _copy_month(sample_data_dir, "2021-08", "2021-09")
    result = CliRunner().invoke(main, ["check", str(sample_data_dir)])
    assert result.exit_code == 0, result.output  # a note, not a problem: the numbers may really repeat
    note = next(line for line in result.output.splitlines() if "2021-09" in line and "2021-08" in line)
    assert "Увага: кожна кількість у таблиці за 2021-09 (8 рядків) така сама, як у таблиці за 2021-08" in note
    assert "every count in the workbook for 2021-09 (8 rows) is the same as in the workbook for 2021-08" in note


def test_run_makes_the_report_of_a_repeated_month_and_says_so(sample_data_dir, tmp_path):
    _copy_month(sample_data_dir, "2021-08", "2021-09")
    completed = subprocess.run([str(BIN / "dept-report"), "run", "2021-09", "--data-dir", str(sample_data_dir),
                                "--output-dir", str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "out" / "2021-09" / "report.html").is_file()
    assert "кожна кількість у таблиці за 2021-09 (8 рядків) така сама, як у таблиці за 2021-08" in completed.stderr


def test_check_says_nothing_of_months_that_differ_in_one_count(sample_data_dir):
    _copy_month(sample_data_dir, "2021-08", "2021-09", change=("C3", 50))
    _copy_month(sample_data_dir, "2021-08", "2021-11")  # two months on: not the month before
    result = CliRunner().invoke(main, ["check", str(sample_data_dir)])
    assert result.exit_code == 0 and "така сама" not in result.output, result.output


def test_check_missing_folder_is_a_message_not_a_traceback(tmp_path):
    result = CliRunner().invoke(main, ["check", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "не існує" in result.output and "Traceback" not in result.output


def test_check_broken_catalog_names_its_line(sample_data_dir):
    catalog = sample_data_dir / "catalog.toml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n[[metrics]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(sample_data_dir)])
    assert result.exit_code == 1
    assert "catalog.toml" in result.output and "TOML" in result.output


def test_template_writes_a_workbook_that_loads_once_filled(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(Path(__file__).parents[1] / "data", folder, ignore=shutil.ignore_patterns("20*.xlsx"))
    path = folder / "2022-01.xlsx"
    assert CliRunner().invoke(main, ["template", str(path)]).exit_code == 0
    result = CliRunner().invoke(main, ["check", str(folder)])
    # A blank template is not yet a month: it is refused until the counts are filled in.
    assert result.exit_code == 1 and "немає жодного рядка" in result.output
    workbook = openpyxl.load_workbook(path)
    workbook["Показники"].append(["Відеосюжети", "Телебачення", 3])
    workbook.save(path)
    assert CliRunner().invoke(main, ["check", str(folder)]).exit_code == 0


def test_template_refuses_to_overwrite(tmp_path):
    path = tmp_path / "2022-01.xlsx"
    path.write_bytes(b"keep me")
    result = CliRunner().invoke(main, ["template", str(path)])
    assert result.exit_code == 2 and path.read_bytes() == b"keep me"


def test_python_dash_m_works():
    completed = subprocess.run([sys.executable, "-m", "dept_analysis", "--version"], capture_output=True, text=True)
    assert completed.returncode == 0 and "dept-report" in completed.stdout


@pytest.mark.parametrize("argument", ["2021-08..2021-01", "2030-01..2030-03"])
def test_bad_ranges_are_refused(argument, tmp_path):
    result = CliRunner().invoke(main, ["run", argument, "--output-dir", str(tmp_path)])
    assert result.exit_code == 1 and "2021" in result.output


def test_catalog_with_a_code_used_twice_names_the_catalog(sample_data_dir):
    catalog = sample_data_dir / "catalog.toml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('code = "video_stories"', 'code = "photo_materials"'),
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(sample_data_dir)])
    assert result.exit_code == 1
    assert "catalog.toml" in result.output and "photo_materials" in result.output
    assert "2021-08.xlsx" not in result.output  # the workbooks are not blamed for the catalog's mistake


def test_starting_a_run_builds_no_iri_parsers():
    # jsonschema, under nbformat, would spend 3-4 s building parsers for a string format no
    # notebook uses, at the start of every `dept-report run`, were rfc3987-syntax imported.
    probe = ("import sys, dept_analysis.runner, nbformat; "
             "nbformat.validate(nbformat.read('notebooks/monthly_report.ipynb', as_version=4)); "
             "print(sys.modules.get('rfc3987_syntax'))")
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                               cwd=Path(__file__).resolve().parents[1])
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "None"
