"""The report's sentences and numbers, against values computed independently from the files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dept_analysis import load_data
from dept_analysis.totals import highlights, key_figures
from dept_analysis.narrative import comparison_clause, metric_paragraph, metric_sentence, title

AUGUST = pd.Period("2021-08", "M")


@pytest.fixture(scope="module")
def data():
    return load_data()


def test_title_in_the_form_of_the_published_report(data):
    assert title(data.catalog, AUGUST) == (
        "Звіт про роботу відділу інформаційно-аналітичної роботи та комунікацій з громадськістю виконавчого "
        "комітету Ніжинської міської ради за серпень 2021 року")


@pytest.mark.parametrize("count, expected", [
    (296, "Підготовлено та розміщено 296 новин та інших інформаційних матеріалів."),
    (1, "Підготовлено та розміщено 1 новину та інший інформаційний матеріал."),
    (21, "Підготовлено та розміщено 21 новину та інший інформаційний матеріал."),
    (3, "Підготовлено та розміщено 3 новини та інші інформаційні матеріали."),
    (351, "Підготовлено та розміщено 351 новину та інший інформаційний матеріал."),
])
def test_news_sentence_agrees_with_its_number(data, count, expected):
    assert metric_sentence(data.catalog.metric("news"), count) == expected


@pytest.mark.parametrize("n", range(0, 126))
def test_every_metric_sentence_agrees_for_0_to_125(data, n):
    """The whole counted phrase agrees: no genitive-plural tail after 1-4 (the bug of
    "351 новину та інших матеріалів")."""
    from test_grammar import textbook_form

    for metric in data.catalog.metrics:
        sentence = metric_sentence(metric, n)
        assert f"{n} {textbook_form(n, metric.forms_acc_uk)}" in sentence
        if textbook_form(n, ("one", "few", "many")) != "many":
            assert "інших" not in sentence and "актів" not in sentence


def test_photo_sentence_says_68_materials(data):
    assert "68 матеріалів з фото" in metric_sentence(data.catalog.metric("photo_materials"), 68)
    assert "1 матеріал з фото" in metric_sentence(data.catalog.metric("photo_materials"), 1)


def test_key_figures_match_the_files(data, sample_counts):
    figures = key_figures(data, AUGUST)
    for metric in figures.index:
        assert figures.at[metric, "current"] == sample_counts.at["2021-08", metric]
        assert figures.at[metric, "previous"] == sample_counts.at["2021-07", metric]
        assert figures.at[metric, "year_ago"] == sample_counts.at["2020-08", metric]
        ytd = sum(sample_counts.at[f"2021-{m:02d}", metric] for m in range(1, 9))
        assert figures.at[metric, "ytd"] == ytd
        change = sample_counts.at["2021-08", metric] - sample_counts.at["2021-07", metric]
        assert figures.at[metric, "change"] == change
        assert figures.at[metric, "change_pct"] == pytest.approx(change / sample_counts.at["2021-07", metric])


def test_comparison_clause_wording():
    july = pd.Period("2021-07", "M")
    assert comparison_clause(23, july, AUGUST) == "на 23 більше, ніж у липні"
    assert comparison_clause(-5, july, AUGUST, change_pct=-0.1) == "на 5 менше, ніж у липні (−10,0%)"
    assert comparison_clause(0, july, AUGUST) == "стільки ж, скільки й у липні"
    assert comparison_clause(-5, july, AUGUST, "en") == "5 fewer than in July"


def test_paragraph_without_a_previous_month_has_no_comparison(data):
    figures = key_figures(data, pd.Period("2020-01", "M"))
    assert np.isnan(figures.at["news", "previous"])
    text = metric_paragraph(data.catalog.metric("news"), figures.loc["news"], pd.Period("2020-01", "M"))
    assert "більше" not in text and "менше" not in text


def test_highlights_name_the_largest_rise_and_twelve_month_highs(data, sample_counts):
    december = pd.Period("2021-12", "M")
    found = highlights(data, december)
    change = (sample_counts.loc["2021-12"] - sample_counts.loc["2021-11"]) / sample_counts.loc["2021-11"]
    rise = next(h for h in found if h.kind == "rise")
    assert rise.metric == change.idxmax()
    last_year = sample_counts.loc["2021-01":"2021-12"]
    highs = {h.metric for h in found if h.kind == "high"}
    assert highs == {m for m in last_year.columns if last_year[m].iloc[-1] > last_year[m].iloc[:-1].max()}


def test_a_missing_month_is_said_not_hidden(sample_data_dir, tmp_path):
    from click.testing import CliRunner

    from dept_analysis.cli import main
    from dept_analysis.notebook import open_report

    (sample_data_dir / "2021-07.xlsx").unlink()
    checked = CliRunner().invoke(main, ["check", str(sample_data_dir)])
    assert checked.exit_code == 0 and "немає таблиць за 2021-07" in checked.output

    report = open_report("2021-08", data_dir=sample_data_dir, output_dir=tmp_path)
    figures = str(report.key_figures())
    assert "*" in report.report.key_figures.rows[0][-1]
    assert "враховано 7 з 8 місяців" in figures
    highlights = str(report.highlights())
    assert "Таблиці за липень 2021 немає" in highlights
    assert "Помітних змін" not in highlights


def test_a_metric_left_out_of_the_month_is_said_in_the_narrative(sample_data_dir, tmp_path):
    import openpyxl

    from dept_analysis.notebook import open_report

    path = sample_data_dir / "2021-08.xlsx"
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Показники"]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value == "Відеосюжети":
            for column in (1, 2, 3):
                sheet.cell(row, column).value = None
    workbook.save(path)
    report = open_report("2021-08", data_dir=sample_data_dir, output_dir=tmp_path)
    assert "Показник «Відеосюжети» за цей місяць у таблиці не вказано." in report.report.narrative
