"""Hostile input: text from spreadsheets and the catalog is data, never markup, code or a
formula, wherever it lands; concurrent runs never mix two reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from pptx import Presentation

from conftest import parse
from dept_analysis import config
from dept_analysis.catalog import load_catalog
from dept_analysis.workbook import write_workbook

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent

SCRIPT_METRIC = "<script>alert('metric')</script>Подкасти $x^2 & co"
IMG_CHANNEL = '<img src="http://attacker.example/p.png" onerror="alert(1)">Радіо'
SCRIPT_ACTIVITY = '<b>жирний</b><script>fetch("http://attacker.example")</script> {{ 7*7 }} ${7*7}'
SECTION = '</h3><iframe src="http://attacker.example"></iframe>'
FORMULA = '=HYPERLINK("http://attacker.example","натисніть")'


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    catalog_text = (config.DATA_DIR / "catalog.toml").read_text(encoding="utf-8")
    catalog_text = catalog_text.replace('name_uk = "Відеосюжети"', f'name_uk = "{SCRIPT_METRIC}"')
    catalog_text = catalog_text.replace('name_uk = "Телебачення"', f"name_uk = '{IMG_CHANNEL}'")
    (folder / "catalog.toml").write_text(catalog_text, encoding="utf-8")
    catalog = load_catalog(folder)
    for month in ("2021-07", "2021-08"):
        write_workbook(folder / f"{month}.xlsx", catalog, pd.Period(month, "M"),
                       [("news", "website", 100), (SCRIPT_METRIC, IMG_CHANNEL, 5 if month == "2021-08" else 3)],
                       [(SECTION, SCRIPT_ACTIVITY), ("", FORMULA)])
    out = tmp_path_factory.mktemp("hostile-out")
    completed = subprocess.run([str(BIN / "dept-report"), "run", "2021-08", "--data-dir", str(folder),
                                "--output-dir", str(out)], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return out / "2021-08"


def test_markup_in_the_data_is_shown_as_text_in_the_html(hostile_report):
    html = (hostile_report / "report.html").read_text(encoding="utf-8")
    page = parse(hostile_report / "report.html")
    assert "<script>alert" not in html and "<iframe" not in html and "<img src=\"http" not in html
    assert page.fetches == []
    assert SCRIPT_ACTIVITY in page.plain and FORMULA in page.plain and SECTION in page.plain
    assert "<script>alert('metric')</script>Подкасти $x^2 & co" in page.plain


def test_markup_in_the_data_is_text_in_word_and_powerpoint(hostile_report):
    document = Document(hostile_report / "report.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    table_text = "\n".join(c.text for row in document.tables[0].rows for c in row.cells)
    assert SCRIPT_ACTIVITY in text and FORMULA in text
    assert SCRIPT_METRIC in table_text
    deck = Presentation(hostile_report / "report.pptx")
    table = next(shape for slide in deck.slides for shape in slide.shapes if shape.has_table).table
    cells = [table.cell(r, 0).text for r in range(len(table.rows))]
    assert SCRIPT_METRIC in cells


def test_dollar_signs_in_names_do_not_break_the_charts(hostile_report):
    charts = hostile_report / "charts"
    assert len(list(charts.glob("*.png"))) == 8 and len(list(charts.glob("*_titled.png"))) == 4
    assert len(list(charts.glob("*.svg"))) == 4


def test_two_runs_of_the_same_month_at_once_leave_one_complete_report(tmp_path):
    command = [str(BIN / "dept-report"), "run", "2021-08", "--force", "--output-dir", str(tmp_path)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert first.wait(timeout=300) == 0 and second.wait(timeout=300) == 0
    month = tmp_path / "2021-08"
    names = sorted(p.name for p in month.iterdir())
    assert names == ["charts", "content.json", "counts.csv", "counts.json", "inputs.json", "provenance.json",
                     "report.docx", "report.html", "report.ipynb", "report.pdf", "report.pptx", "sources"]
    # four charts, each as PNG, PNG with its title, SVG and the CSV of its numbers
    assert len(list((month / "charts").iterdir())) == 16
    # no staging or half-swapped folder, and no lock file, is left behind
    assert [p.name for p in tmp_path.iterdir()] == ["2021-08"]
    assert "296 новин" in (month / "report.html").read_text(encoding="utf-8")
