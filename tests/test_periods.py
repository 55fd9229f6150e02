"""Reports for a quarter, a half-year and a year from the same monthly workbooks: the words
the council's documents use, totals that are the workbooks' sums, incomplete periods refused
or reported as such, and every period kind made end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import parse
from dept_analysis import config
from dept_analysis.cli import main
from dept_analysis.content import build_report
from dept_analysis.errors import MonthError
from dept_analysis.grammar import format_number
from dept_analysis.loading import load_data
from dept_analysis.periods import (in_period, label_period, parse_period, period_name, period_part, period_window,
                                   with_period)

BIN = Path(sys.executable).parent


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


# -- the words ---------------------------------------------------------------------------------

@pytest.mark.parametrize("spec, phrase", [
    ("2021-Q3", "за III квартал 2021 року"),
    ("2021-H1", "за I півріччя 2021 року"),
    ("2021", "за 2021 рік"),
    ("2021-08", "за серпень 2021 року"),
])
def test_the_title_says_for_which_period(spec, phrase):
    report = build_report(load_data(), parse_period(spec), "uk")
    assert report.title.endswith(phrase)


def test_periods_in_the_cases_ukrainian_sentences_need():
    q3, h1, year = parse_period("2021-Q3"), parse_period("2021-H1"), parse_period("2021")
    assert in_period(q3, "uk", 2021) == "у III кварталі"
    assert "порівняно " + with_period(q3.previous, "uk") == "порівняно з II кварталом 2021 року"
    assert in_period(h1, "uk", 2021) == "у першому півріччі"
    assert with_period(h1.previous, "uk", 2021) == "з другим півріччям 2020 року"
    assert in_period(year, "uk", 2021) == "у 2021 році"
    assert "порівняно " + with_period(year.previous, "uk", 2021) == "порівняно з 2020 роком"
    nine = year.partial(pd.period_range("2021-01", "2021-09", freq="M"))
    assert "за " + period_name(nine, "accusative") == "за січень–вересень 2021 року"
    assert period_name(q3, "genitive") == "III кварталу 2021 року" and label_period(h1) == "I півріччя 2021"
    # A partial quarter with a month missing in the middle: the months are listed, in the
    # span's words for the year, and lower case inside a sentence.
    gap = q3.partial(pd.PeriodIndex(["2021-07", "2021-09"], freq="M"))
    assert "за " + period_name(gap, "accusative") == "за липень, вересень 2021 року"
    assert period_name(gap, "nominative") == "липень, вересень 2021" and label_period(gap) == "Липень, вересень 2021"
    assert in_period(gap, "uk", 2021) == "у липні, вересні" and period_part(gap) == "липень, вересень"


def test_periods_in_english():
    q3, h1 = parse_period("2021-Q3"), parse_period("2021-H1")
    assert in_period(q3, "en", 2021) == "in Q3" and with_period(q3.previous, "en") == "with Q2 2021"
    assert period_name(h1, "accusative", "en") == "the first half of 2021"
    report = build_report(load_data(), h1, "en")
    assert report.title.endswith("for the first half of 2021")
    assert "than in the second half of 2020" in report.narrative[0]


@pytest.mark.parametrize("text", ["2021-Q5", "2021-H3", "21", "2021-q", "2021-Q3..2021", "0000", "2021-8"])
def test_malformed_periods_are_refused(text):
    from dept_analysis.periods import check_period_spec

    with pytest.raises(MonthError):
        check_period_spec(text)


def test_a_period_reads_the_same_period_of_every_year_and_the_one_before():
    window = period_window(parse_period("2021-Q3"), [2020, 2021])
    assert [str(m) for m in window] == ["2020-07", "2020-08", "2020-09", "2021-04", "2021-05", "2021-06",
                                        "2021-07", "2021-08", "2021-09"]


# -- the numbers --------------------------------------------------------------------------------

@pytest.mark.parametrize("spec, months", [
    ("2021-Q3", ["2021-07", "2021-08", "2021-09"]),
    ("2021-H1", [f"2021-{m:02d}" for m in range(1, 7)]),
    ("2021", [f"2021-{m:02d}" for m in range(1, 13)]),
])
def test_totals_are_the_sums_of_the_monthly_workbooks(sample_counts, spec, months):
    report = build_report(load_data(), parse_period(spec), "uk")
    previous = [str(m) for m in parse_period(spec).previous.months]
    codes = [m.code for m in load_data().catalog.metrics]
    for code, row, values in zip(codes, report.key_figures.rows, report.key_figures.values):
        total = int(sample_counts.loc[months, code].sum())
        assert values[0] == total and plain(row[1]) == plain(format_number(total))
        assert values[1] == int(sample_counts.loc[previous, code].sum())
    monthly = report.tables[0]
    assert [row[-1] for row in monthly.rows] == [r[1] for r in report.key_figures.rows]


def test_a_year_has_its_quarters_and_compares_once(sample_counts):
    report = build_report(load_data(), parse_period("2021"), "uk")
    quarters = report.tables[1]
    assert quarters.header[1:5] == ("I квартал 2021", "II квартал 2021", "III квартал 2021", "IV квартал 2021")
    q3 = int(sample_counts.loc[["2021-07", "2021-08", "2021-09"], "news"].sum())
    assert quarters.values[0][2] == q3 and quarters.values[0][4] == report.key_figures.values[0][0]
    assert len(report.key_figures.header) == 5  # the year before is both comparisons: said once
    assert report.narrative[0].count("2020 році") == 1


def test_standing_activities_are_said_once_and_the_rest_with_their_month():
    report = build_report(load_data(), parse_period("2021-Q3"), "uk")
    monitoring = [(label, text) for group in report.activities for label, text in zip(group.labels, group.paragraphs)
                  if "моніторинг місцевих та обласних ЗМІ" in text]
    assert monitoring == [("Щомісяця", monitoring[0][1])]
    dated = [label for group in report.activities for label in group.labels if label != "Щомісяця"]
    assert dated and all(label.endswith("2021") for label in dated)
    assert "Серпень 2021" in dated


def test_the_start_of_the_data_has_no_previous_period():
    report = build_report(load_data(), parse_period("2020-Q1"), "uk")
    assert report.key_figures.rows[0][2] == "—"
    assert "порівняння з ним не наведено" in " ".join(report.notes)
    assert "Це" not in report.narrative[0]  # no comparison to make


def test_highlights_name_the_busiest_and_quietest_month():
    report = build_report(load_data(), parse_period("2021-Q3"), "uk")
    assert report.highlights[0].startswith("Найактивніший місяць — вересень 2021")
    assert report.highlights[1].startswith("Найспокійніший місяць — липень 2021")


# -- from the command line --------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("spec, heading", [("2021-Q3", "за III квартал 2021 року"),
                                           ("2021-H1", "за I півріччя 2021 року"), ("2021", "за 2021 рік")])
def test_every_period_kind_is_made_with_every_file(tmp_path, spec, heading):
    result = CliRunner().invoke(main, ["run", spec, "--output-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / spec
    for name in ("report.html", "report.docx", "report.pptx", "report.ipynb", "content.json"):
        assert (folder / name).stat().st_size > 1000, name
    assert len(list((folder / "charts").glob("*.png"))) == 6  # each chart plain and with its title
    page = parse(folder / "report.html")
    assert heading in page.plain and "Таблиці за місяцями" in page.plain
    again = CliRunner().invoke(main, ["run", spec, "--output-dir", str(tmp_path)])
    assert "без змін / unchanged" in again.output


@pytest.mark.slow
def test_an_incomplete_year_is_refused_naming_its_missing_months_or_reported_as_partial(sample_data_dir, tmp_path):
    (sample_data_dir / "2021-11.xlsx").unlink()
    (sample_data_dir / "2021-12.xlsx").unlink()
    refused = CliRunner().invoke(main, ["run", "2021", "--data-dir", str(sample_data_dir),
                                        "--output-dir", str(tmp_path)])
    assert refused.exit_code == 1 and "2021-11, 2021-12" in refused.output and "--partial" in refused.output
    assert "немає таблиць за 2021-11, 2021-12. Додайте їх" in refused.output
    assert "The report for 2021 is incomplete" in " ".join(refused.output.split())
    assert not (tmp_path / "2021").exists()

    partial = CliRunner().invoke(main, ["run", "2021", "--partial", "--data-dir", str(sample_data_dir),
                                        "--output-dir", str(tmp_path)])
    assert partial.exit_code == 0, partial.output
    page = parse(tmp_path / "2021" / "report.html")
    assert "за січень–жовтень 2021 року" in page.plain
    assert "враховано лише місяці" in page.plain
    # One month missing: said in the singular, and each language names the period its way.
    (sample_data_dir / "2021-09.xlsx").unlink()
    single = CliRunner().invoke(main, ["run", "2021-Q3", "--data-dir", str(sample_data_dir),
                                       "--output-dir", str(tmp_path)])
    flat = " ".join(single.output.split())
    assert single.exit_code == 1 and "немає таблиці за 2021-09. Додайте її" in flat
    assert "The report for Q3 2021 is incomplete: there is no workbook for 2021-09. Add it" in flat


@pytest.mark.slow
def test_a_range_of_quarters(tmp_path):
    result = CliRunner().invoke(main, ["run", "2021-Q1..2021-Q2", "--output-dir", str(tmp_path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "2021-Q1" / "report.html").exists() and (tmp_path / "2021-Q2" / "report.html").exists()
    assert "створено 2" in result.output


@pytest.mark.slow
def test_the_notebook_takes_a_period_under_plain_papermill(tmp_path):
    out = tmp_path / "out.ipynb"
    completed = subprocess.run(
        [str(BIN / "papermill"), str(config.REPORT_NOTEBOOK), str(out), "-p", "period", "2021-Q3",
         "-p", "output_dir", str(tmp_path / "o"), "--cwd", str(config.NOTEBOOKS_DIR)],
        capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr[-2000:]
    # nothing a user cannot act on: no kernel notice about TCP, no interrupt at shutdown
    assert "WARNING" not in completed.stderr and "KeyboardInterrupt" not in completed.stderr, completed.stderr
    html = "".join(o.get("data", {}).get("text/html", "") for c in nbformat.read(out, as_version=4).cells
                   for o in c.get("outputs", []))
    assert "за III квартал 2021 року" in html
    assert len(list((tmp_path / "o" / "charts").glob("*.png"))) == 6  # each chart plain and with its title
