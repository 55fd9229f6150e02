"""The data folder as people keep it: every file meant as a month's workbook that cannot be
one is named, with what to do, by `check` and by `run`; nothing is skipped in silence."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dept_analysis.cli import main
from dept_analysis.loading import check_data
from workbooks import NEWS, WEBSITE, standard, write


@pytest.fixture
def folder(data_dir: Path) -> Path:
    for month in ("2021-07", "2021-08"):
        write(standard([[NEWS, WEBSITE, 10]], month=month), data_dir / f"{month}.xlsx")
    return data_dir


def codes(folder: Path) -> dict[str, str]:
    data, problems = check_data(folder)
    assert data is None
    return {p.file: p.code.value for p in problems}


def run(folder: Path, tmp_path: Path, month: str):
    return CliRunner().invoke(main, ["run", month, "--data-dir", str(folder), "--output-dir", str(tmp_path / "out")])


def test_a_month_saved_as_csv_says_how_to_save_it_as_xlsx(folder, tmp_path):
    (folder / "2021-09.csv").write_text("Показник;Канал;Кількість\n", encoding="utf-8")
    assert codes(folder) == {"2021-09.csv": "csv"}
    result = run(folder, tmp_path, "2021-09")
    assert result.exit_code == 1
    assert "2021-09.csv" in result.output and "CSV" in result.output and "2021-09.xlsx" in result.output
    assert "немає таблиці" not in result.output  # not "there is no workbook"


def test_a_month_in_both_xlsx_and_ods_names_both(folder, tmp_path):
    write(standard([[NEWS, WEBSITE, 1]], month="2021-09"), folder / "2021-09.xlsx")
    write(standard([[NEWS, WEBSITE, 2]], month="2021-09"), folder / "2021-09.ods")
    assert codes(folder) == {"2021-09.xlsx": "month_twice", "2021-09.ods": "month_twice"}
    result = run(folder, tmp_path, "2021-09")
    assert result.exit_code == 1 and "2021-09.ods" in result.output and "2021-09.xlsx" in result.output


def test_a_broken_link_names_the_missing_file(folder, tmp_path):
    os.symlink(tmp_path / "moved-away.xlsx", folder / "2021-09.xlsx")
    assert codes(folder) == {"2021-09.xlsx": "broken_link"}
    result = run(folder, tmp_path, "2021-09")
    assert result.exit_code == 1 and "moved-away.xlsx" in result.output


def test_a_link_to_a_real_workbook_is_read(folder, tmp_path):
    target = write(standard([[NEWS, WEBSITE, 33]], month="2021-09"), tmp_path / "elsewhere" / "2021-09.xlsx")
    os.symlink(target, folder / "2021-09.xlsx")
    data, problems = check_data(folder)
    assert problems == [] and int(data.counts["count"].sum()) == 53


@pytest.mark.parametrize("make, kind", [
    (lambda p: p.mkdir(), "тека"),
    (lambda p: os.mkfifo(p), "FIFO"),
])
def test_a_folder_or_a_pipe_with_a_workbooks_name_is_named(folder, make, kind):
    make(folder / "2021-09.xlsx")
    data, problems = check_data(folder)  # a FIFO opened for reading would block forever
    assert [(p.file, p.code.value) for p in problems] == [("2021-09.xlsx", "not_a_file")]
    assert kind in problems[0].message_uk


def test_a_file_named_like_no_month_breaks_no_other_month(folder, tmp_path):
    write(standard([[NEWS, WEBSITE, 1]]), folder / "0000-01.xlsx")
    assert codes(folder) == {"0000-01.xlsx": "file_name"}
    # a report on a real month does not read it, and says nothing of it
    result = run(folder, tmp_path, "2021-08")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("argument", ["0000-01", "1899-12", "2021-00"])
def test_impossible_months_are_refused_in_words(folder, tmp_path, argument):
    result = run(folder, tmp_path, argument)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "РРРР-ММ" in result.output and "1990" in result.output


def test_latest_skips_next_months_blank_template_and_says_which_month_it_used(folder, tmp_path):
    assert CliRunner().invoke(main, ["template", str(folder / "2021-09.xlsx"), "--data-dir", str(folder)]).exit_code == 0
    check = CliRunner().invoke(main, ["check", str(folder)])
    assert check.exit_code == 1 and "2021-09.xlsx" in check.output  # check still names it
    result = run(folder, tmp_path, "latest")
    assert result.exit_code == 0, result.output
    assert "2021-08" in result.output and "2021-09" in result.output
    assert (tmp_path / "out" / "2021-08" / "report.html").exists()
    assert not (tmp_path / "out" / "2021-09").exists()


def test_latest_does_not_skip_a_filled_workbook_with_mistakes(folder, tmp_path):
    write(standard([[NEWS, WEBSITE, -5]], month="2021-09"), folder / "2021-09.xlsx")
    result = run(folder, tmp_path, "latest")
    assert result.exit_code == 1 and "2021-09.xlsx" in result.output and "від'ємною" in result.output


@pytest.mark.parametrize("where", ["a-file/2022-01.xlsx", "/proc/no-such-folder/2022-01.xlsx"])
def test_template_that_cannot_be_written_is_a_message_not_a_traceback(folder, tmp_path, where):
    # A file where the folder should be; a folder nobody, not even root, may create.
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    target = tmp_path / where
    result = CliRunner().invoke(main, ["template", str(target), "--data-dir", str(folder), "--force"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and str(target) in result.output
    assert isinstance(result.exception, SystemExit)


def test_the_unknown_channel_message_names_the_catalog_actually_read(folder):
    write(standard([[NEWS, "Радіо", 1]]), folder / "2021-08.xlsx")
    data, problems = check_data(folder)
    assert [p.code.value for p in problems] == ["channel_unknown"]
    assert str(folder / "catalog.toml") in problems[0].message_uk
    assert "data/catalog.toml" not in problems[0].message_en.replace(str(folder), "")
    shutil.rmtree(folder)


def test_latest_skips_a_pre_filled_workbook_with_no_count_yet(folder, tmp_path):
    write(standard([[NEWS, WEBSITE, None], ["Відеосюжети", "Телебачення", None]], month="2021-09"),
          folder / "2021-09.xlsx")
    result = run(folder, tmp_path, "latest")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "2021-08" / "report.html").exists()
