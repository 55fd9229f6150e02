"""The analyst's exploration: the numbers of dept_analysis.explore and its notebook, end to end.

Expected numbers are computed here with plain pandas from ``load_data().counts`` (or from the
workbooks through openpyxl, see ``sample_counts``), not through the functions under test.
"""

from __future__ import annotations

import base64
import io
import struct
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

import nbformat
import numpy as np
import pandas as pd
import papermill
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from dept_analysis import config, explore
from dept_analysis.errors import DeptAnalysisError, MonthError
from dept_analysis.grammar import format_change_percent, format_number, format_signed
from dept_analysis.loading import load_data
from dept_analysis.render.charts import report_style

KNOWN_METRICS = ["news", "draft_acts", "photo_materials", "video_stories"]
# 16:9 at slide size, rendered for the screen; matplotlib drops the pixel fraction.
EXPECTED_PNG_SIZE = (int(config.CHART_SIZE_INCHES[0] * config.EMBEDDED_CHART_DPI),
                     int(config.CHART_SIZE_INCHES[1] * config.EMBEDDED_CHART_DPI))


@pytest.fixture(scope="module")
def data():
    return load_data()


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def expected_rankings(counts: pd.DataFrame, month: str) -> pd.DataFrame:
    """Every (metric, channel) pair's change against the previous month, with plain pandas."""
    current, previous = pd.Period(month, "M"), pd.Period(month, "M") - 1
    rows = counts[counts["month"].isin([current, previous])]
    table = rows.pivot_table(index=["metric", "channel"], columns="month", values="count", aggfunc="sum",
                             fill_value=0)
    table = table.rename(columns={current: "current", previous: "previous"})
    table["change"] = table["current"] - table["previous"]
    return table.reset_index()


class _Cells(HTMLParser):
    """Every table row's cells (th and td) as text."""

    def __init__(self):
        super().__init__()
        self.rows, self.head_rows, self._cell, self._in_head = [], 0, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self.rows.append([])
            self.head_rows += self._in_head
        elif tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "thead":
            self._in_head = False
        elif tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def read_shown_table(html: str) -> pd.DataFrame:
    """A table as the notebook shows it: every cell the text a reader sees, indexed by the
    row labels, headed by the first header row (pandas would turn "+40" back into 40)."""
    cells = _Cells()
    cells.feed(html)
    header, body = cells.rows[0][1:], cells.rows[cells.head_rows:]
    return pd.DataFrame([row[1:] for row in body], index=[row[0] for row in body], columns=header)


# -- series ------------------------------------------------------------------------------------

def test_series_sums_every_channel_of_the_metric(data):
    counts = data.counts
    expected = counts[counts["metric"] == "news"].groupby("month")["count"].sum()
    table = explore.series(data, "news", "", "2020-01", "")
    assert list(table.index) == list(pd.period_range("2020-01", "2021-12", freq="M"))
    assert table.iloc[:, 0].astype(int).tolist() == expected.loc[table.index].tolist()
    # August 2021 is the published report: 296 news and other information materials.
    assert table.loc[pd.Period("2021-08", "M")].iloc[0] == 296


def test_series_of_everything_is_every_count_summed(data):
    table = explore.series(data, start="2021-01", end="2021-03")
    expected = data.counts.groupby("month")["count"].sum()
    assert table.iloc[:, 0].astype(int).tolist() == expected.loc[table.index].tolist()


def test_series_accepts_names_in_either_language_and_any_case(data):
    by_code = explore.series(data, "video_stories", "social")
    by_name = explore.series(data, "ВІДЕОСЮЖЕТИ", "Social-media page")
    pd.testing.assert_frame_equal(by_code, by_name)


def test_series_leaves_a_month_without_workbook_empty_not_zero(sample_data_dir):
    (sample_data_dir / "2021-05.xlsx").unlink()
    partial = load_data(sample_data_dir)
    table = explore.series(partial, "news", start="2021-04", end="2021-06")
    values = table.iloc[:, 0]
    assert pd.isna(values[pd.Period("2021-05", "M")])
    assert values[pd.Period("2021-04", "M")] > 0 and values[pd.Period("2021-06", "M")] > 0


def test_series_headers_follow_the_language(data):
    assert explore.series(data, "news", lang="uk").columns[0] == "Кількість"
    assert explore.series(data, "news", lang="en").columns[0] == "Count"


# -- parameters --------------------------------------------------------------------------------

def test_unknown_metric_lists_the_known_codes(data):
    with pytest.raises(DeptAnalysisError) as caught:
        explore.series(data, "newz")
    message = str(caught.value)
    assert "newz" in message
    for code in KNOWN_METRICS:
        assert code in message


def test_unknown_channel_lists_the_known_codes(data):
    with pytest.raises(DeptAnalysisError) as caught:
        explore.series_chart(data, "news", "instagram")
    for code in ["website", "social", "regional_site", "press", "tv", "petitions"]:
        assert code in str(caught.value)


@pytest.mark.parametrize("start, end", [("2021-13", ""), ("08.2021", ""), ("2021-06", "2021-01"),
                                        ("2030-01", "2030-12")])
def test_bad_periods_raise_month_errors(data, start, end):
    with pytest.raises(MonthError):
        explore.series(data, "news", "", start, end)


def test_unknown_language_is_refused(data):
    with pytest.raises(DeptAnalysisError, match="uk"):
        explore.rankings(data, "2021-08", lang="de")


def test_rankings_need_the_previous_month(data):
    with pytest.raises(MonthError, match="2019-12"):
        explore.rankings(data, "2020-01")


# -- year over year, seasonality, shares ----------------------------------------------------------

def test_year_over_year_equals_the_raw_sums(data):
    table = explore.year_over_year(data, "news", "website", lang="en")
    assert list(table.index) == ["January", "February", "March", "April", "May", "June", "July", "August",
                                 "September", "October", "November", "December", "Total"]
    assert list(table.columns) == [2020, 2021]
    rows = data.counts[(data.counts["metric"] == "news") & (data.counts["channel"] == "website")]
    sums = rows.groupby("month")["count"].sum()
    for month, total in sums.items():
        assert table.iloc[month.month - 1][month.year] == total
    for year in (2020, 2021):
        assert table.loc["Total", year] == sums[sums.index.year == year].sum()


def test_year_over_year_totals_match_the_workbooks(data, sample_counts):
    table = explore.year_over_year(data, "video_stories", "", lang="uk")
    assert table.index[-1] == "Усього"
    for year in (2020, 2021):
        months = [f"{year}-{m:02d}" for m in range(1, 13)]
        assert table.loc["Усього", year] == int(sample_counts.loc[months, "video_stories"].sum())
    assert "Усього" not in explore.year_over_year(data, "video_stories", "", total=False).index


def test_a_year_with_a_month_missing_has_no_total(sample_data_dir):
    (sample_data_dir / "2021-05.xlsx").unlink()
    table = explore.year_over_year(load_data(sample_data_dir), "news", "", lang="en")
    assert pd.isna(table.loc["Total", 2021]) and pd.isna(table.loc["May", 2021])
    assert table.loc["Total", 2020] == table.iloc[:12][2020].sum()


def test_year_over_year_by_year_is_its_own_total(data):
    table = explore.year_over_year(data, "news", "", lang="en", granularity="year")
    assert list(table.index) == ["Year"]
    assert table.loc["Year", 2021] == explore.year_over_year(data, "news", "", lang="en").loc["Total", 2021]


def test_year_over_year_table_shows_the_numbers_as_the_report_writes_them(data):
    numbers = explore.year_over_year(data, "", "", lang="uk")
    styler = explore.year_over_year_table(data, "", "", lang="uk")
    pd.testing.assert_frame_equal(styler.data, numbers)
    shown = read_shown_table(styler.to_html())
    assert list(shown.index) == list(numbers.index)
    total = numbers.loc["Усього", 2021]
    assert total > 999  # so the group separator shows
    assert shown.loc["Усього", "2021"] == format_number(total, "uk")
    assert shown.loc["Січень", "2020"] == format_number(numbers.loc["Січень", 2020], "uk")
    # the total row is bold, the caption says what the table counts
    html = styler.to_html()
    assert "font-weight: bold" in html and "Усі показники разом — усі канали" in html


def test_year_over_year_of_a_metric_matches_the_workbooks(data, sample_counts):
    """Against totals read from the workbooks with openpyxl, independently of the loader."""
    table = explore.year_over_year(data, "Новини та інші інформаційні матеріали", lang="uk")
    assert table.index[7] == "Серпень"
    names = {"Новини та інші інформаційні матеріали", "news", "News and other information materials"}
    for month, row in sample_counts.iterrows():
        period = pd.Period(month, "M")
        expected = sum(row[c] for c in sample_counts.columns if c in names and not pd.isna(row[c]))
        assert table.iloc[period.month - 1][period.year] == expected


def test_seasonal_profile_averages_to_one(data):
    profile = explore.seasonal_profile(data, "news", lang="en")
    assert list(profile.columns) == ["2020", "2021", "Index"]
    assert profile["Index"].mean() == pytest.approx(1.0, abs=1e-12)
    for year in ("2020", "2021"):
        assert profile[year].mean() == pytest.approx(1.0, abs=1e-12)
    # The sample data is generated busy in December and quiet in January.
    assert profile.loc["December", "Index"] > 1 > profile.loc["January", "Index"]


def test_seasonal_profile_is_each_month_over_its_years_mean(data):
    profile = explore.seasonal_profile(data, "video_stories", "social")
    rows = data.counts[data.counts["metric"] == "video_stories"]
    monthly = rows.groupby("month")["count"].sum()
    by_year = {year: monthly[monthly.index.year == year] for year in (2020, 2021)}
    expected_march = np.mean([s[s.index.month == 3].iloc[0] / s.mean() for s in by_year.values()])
    assert profile.iloc[2, -1] == pytest.approx(expected_march)


def test_seasonal_profile_needs_a_complete_year(data):
    with pytest.raises(DeptAnalysisError, match="complete calendar year"):
        explore.seasonal_profile(data, "draft_acts", "tv")  # never counted there: every month is 0


@pytest.mark.parametrize("metric", [None, "news", "video_stories"])
def test_channel_shares_sum_to_one(data, metric):
    shares = explore.channel_shares(data, metric, "2020-01", "2021-12", lang="en")
    assert len(shares) == 24
    assert np.allclose(shares.sum(axis=1), 1.0)
    assert (shares >= 0).all().all()


def test_channel_shares_are_counts_over_the_month_total(data):
    shares = explore.channel_shares(data, "news", "2021-08", "2021-08", lang="en")
    # The published August: website 214 of 296 news items.
    assert shares.loc[pd.Period("2021-08", "M"), "City council website"] == pytest.approx(214 / 296)
    assert "Local petitions portal" not in shares.columns  # carried nothing in the span


def test_channel_shares_leave_a_missing_month_empty(sample_data_dir):
    (sample_data_dir / "2021-05.xlsx").unlink()
    shares = explore.channel_shares(load_data(sample_data_dir), "news", "2021-04", "2021-06")
    assert shares.loc[pd.Period("2021-05", "M")].isna().all()
    assert np.allclose(shares.drop(pd.Period("2021-05", "M")).sum(axis=1), 1.0)


# -- rankings ------------------------------------------------------------------------------------

@pytest.mark.parametrize("month", ["2021-08", "2021-12", "2020-02"])
def test_rankings_match_plain_pandas(data, month):
    ranked = explore.rankings(data, month, lang="en")
    expected = expected_rankings(data.counts, month)
    assert len(ranked) == len(expected)
    assert list(ranked.index) == list(range(1, len(expected) + 1))
    names = {(data.catalog.metric(m).name_en, data.catalog.channel(c).name_en): (cur, prev, ch)
             for m, c, cur, prev, ch in expected[["metric", "channel", "current", "previous", "change"]].itertuples(
                 index=False)}
    got = {(row[0], row[1]): (row[2], row[3], row[4]) for row in ranked.itertuples(index=False)}
    assert got == names
    assert ranked.iloc[:, 4].is_monotonic_decreasing  # largest rise first, largest fall last


def test_rankings_headers_and_percent(data):
    ranked = explore.rankings(data, "2021-08", lang="uk")
    assert list(ranked.columns) == ["Показник", "Канал", "Серпень 2021", "Липень 2021", "Зміна", "Зміна, %"]
    for row in ranked.itertuples(index=False):
        if row[3]:
            assert row[5] == pytest.approx(round((row[2] - row[3]) / row[3] * 100, 1))


def test_rankings_default_to_the_latest_month(data):
    assert explore.rankings(data, "").columns[2] == "Грудень 2021"


# -- charts --------------------------------------------------------------------------------------

CHART_CALLS = [
    ("series_chart", ("news", "", "2020-01", "")),
    ("year_over_year_chart", ("news", "")),
    ("seasonal_profile_chart", ("news", "")),
    ("channel_shares_chart", ("news", "2020-01", "")),
]


@pytest.mark.parametrize("name, args", CHART_CALLS)
def test_charts_display_as_16_9_png(data, name, args):
    fig = getattr(explore, name)(data, *args, lang="en")
    assert png_size(fig._repr_png_()) == EXPECTED_PNG_SIZE


@pytest.mark.parametrize("lang, title_word, channel_word", [("uk", "Щомісячна кількість", "усі канали"),
                                                            ("en", "Monthly count", "all channels")])
def test_chart_words_follow_the_language(data, lang, title_word, channel_word):
    fig = explore.series_chart(data, "news", "", "2021-01", "2021-12", lang)
    texts = [fig._suptitle.get_text()] + [ax.get_title(loc="left") for ax in fig.axes]
    assert any(title_word in t for t in texts)
    assert any(data.catalog.metric("news").name(lang) in t and channel_word in t for t in texts)


# -- the notebook, as the analyst runs it -------------------------------------------------------

NOTEBOOK_RUNS = {
    "news-all-channels-uk": {"metric": "news", "channel": "", "start": "2020-01", "end": "", "month": "",
                             "lang": "uk"},
    "video-social-en": {"metric": "video_stories", "channel": "social", "start": "2020-06", "end": "2021-06",
                        "month": "2021-03", "lang": "en"},
}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def run_notebook(tmp_path, parameters: dict) -> nbformat.NotebookNode:
    output = tmp_path / "explore_trends.ipynb"
    papermill.execute_notebook(str(config.EXPLORE_NOTEBOOK), str(output), parameters=parameters,
                               kernel_name="python3", cwd=str(config.NOTEBOOKS_DIR), progress_bar=False,
                               execution_timeout=config.CELL_TIMEOUT_SECONDS)
    return nbformat.read(output, as_version=4)


def cell_calling(notebook: nbformat.NotebookNode, call: str) -> nbformat.NotebookNode:
    matches = [c for c in notebook.cells if c.cell_type == "code" and c.source.strip() == f"explorer.{call}"]
    assert len(matches) == 1, call
    return matches[0]


def shown(cell: nbformat.NotebookNode, mime: str):
    """What a frontend without widgets shows of the cell's one output (papermill, nbconvert)."""
    [output] = cell.outputs
    return output.data[mime]


def test_stored_notebook_has_no_outputs_and_runs_anywhere():
    notebook = nbformat.read(config.EXPLORE_NOTEBOOK, as_version=4)
    assert notebook.metadata.kernelspec.name == "python3"
    assert notebook.metadata.language_info.name == "python"
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert "parameters" in code[0].metadata.get("tags", [])
    for name in ("metric", "channel", "start", "end", "month", "granularity", "lang", "data_dir"):
        assert f"\n{name}: str = " in "\n" + code[0].source
    # One call into the package per cell after the setup: no functions, loops or pandas in the notebook.
    for cell in code[2:]:
        assert cell.source.startswith("explorer.") and "\n" not in cell.source.strip()
    assert not any("def " in c.source or "class " in c.source for c in code)
    markdown = [c for c in notebook.cells if c.cell_type == "markdown"]
    assert len(markdown) == 1 and "Trends" in markdown[0].source and "Тенденції" in markdown[0].source


@pytest.mark.slow
@pytest.mark.parametrize("run", NOTEBOOK_RUNS)
def test_notebook_shows_every_chart_and_the_right_rankings(tmp_path, data, run):
    parameters = NOTEBOOK_RUNS[run]
    lang = parameters["lang"]
    notebook = run_notebook(tmp_path, parameters)
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]

    for call in ("series_chart()", "year_over_year_chart()", "seasonal_profile_chart()", "channel_shares_chart()"):
        cell = cell_calling(notebook, call)
        assert WIDGET_VIEW in cell.outputs[0].data  # JupyterLab shows the live section ...
        png = base64.b64decode(shown(cell, "image/png"))  # ... anything else the picture
        assert png_size(png) == EXPECTED_PNG_SIZE, call

    # Headings in the notebook's language, each section's own.
    headings = {"uk": ("## Кількість у часі", "## Рік до року", "## Сезонність", "## Частки каналів",
                       "## Найбільші зміни"),
                "en": ("## Counts over time", "## Year over year", "## Seasonality", "## Channel shares",
                       "## Biggest changes")}[lang]
    for section, words in zip(explore.SECTIONS, headings):
        assert shown(cell_calling(notebook, f'heading("{section}")'), "text/markdown").startswith(words)
    summary = shown(cell_calling(notebook, "pickers()"), "text/markdown")
    assert data.catalog.metric(parameters["metric"]).name(lang) in summary

    yoy = read_shown_table(shown(cell_calling(notebook, "year_over_year_table()"), "text/html"))
    first_month, total = ("Січень", "Усього") if lang == "uk" else ("January", "Total")
    assert yoy.index[0] == first_month and yoy.index[-1] == total
    expected_yoy = explore.year_over_year(data, parameters["metric"], parameters["channel"], lang=lang)
    assert yoy.loc[total, "2021"] == format_number(expected_yoy.loc[total, 2021], lang)

    month = parameters["month"] or "2021-12"
    table = read_shown_table(shown(cell_calling(notebook, "rankings_table()"), "text/html"))
    expected = expected_rankings(data.counts, month)
    names = {(data.catalog.metric(m).name(lang), data.catalog.channel(c).name(lang)):
             (format_number(cur, lang), format_number(prev, lang), format_signed(ch, lang))
             for m, c, cur, prev, ch in expected[["metric", "channel", "current", "previous", "change"]].itertuples(
                 index=False)}
    got = {(row[0], row[1]): (row[2], row[3], row[4]) for row in table.itertuples(index=False)}
    assert got == names
    changes = [int(text.replace("−", "-")) for text in table.iloc[:, 4]]
    assert changes == sorted(changes, reverse=True)
    header = {"uk": {"2021-12": "Грудень 2021"}, "en": {"2021-03": "March 2021"}}[lang][month]
    assert table.columns[2] == header


@pytest.mark.slow
def test_notebook_with_an_unknown_metric_says_which_are_known(tmp_path):
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        run_notebook(tmp_path, {"metric": "newz"})
    assert caught.value.ename == "DeptAnalysisError"
    for code in KNOWN_METRICS:
        assert code in caught.value.evalue


# -- by quarter and by year -------------------------------------------------------------------

def test_series_by_quarter_and_year_are_sums_of_the_months(data, sample_counts):
    by_quarter = explore.series(data, "news", "", granularity="quarter")
    q3 = int(sample_counts.loc[["2021-07", "2021-08", "2021-09"], "news"].sum())
    assert by_quarter.loc["III квартал 2021"].iloc[0] == q3
    by_year = explore.series(data, "", "", granularity="year", lang="en")
    assert by_year.loc["2021"].iloc[0] == int(sample_counts.loc[[f"2021-{m:02d}" for m in range(1, 13)]].sum().sum())
    # a span starting mid-quarter leaves that quarter unreported, not short
    partial = explore.series(data, "news", "", start="2020-02", granularity="quarter")
    assert partial.iloc[0].isna().all()


def test_year_over_year_by_quarter(data, sample_counts):
    table = explore.year_over_year(data, "video_stories", "", granularity="quarter")
    assert list(table.index) == ["I квартал", "II квартал", "III квартал", "IV квартал", "Усього"]
    assert table.at["IV квартал", 2020] == int(sample_counts.loc[["2020-10", "2020-11", "2020-12"], "video_stories"].sum())


def test_rankings_by_quarter_compare_with_the_quarter_before(data):
    table = explore.rankings(data, "2021-08", granularity="quarter")
    assert list(table.columns[2:4]) == ["III квартал 2021", "II квартал 2021"]
    assert table["Зміна"].sum() == table["III квартал 2021"].sum() - table["II квартал 2021"].sum()


def test_an_unknown_granularity_is_refused(data):
    with pytest.raises(DeptAnalysisError, match="month, quarter, year"):
        explore.series(data, granularity="week")


# -- rankings as the report writes them ----------------------------------------------------------

def test_rankings_table_writes_changes_as_the_report_does(data):
    numbers = explore.rankings(data, "2021-08", lang="uk")
    styler = explore.rankings_table(data, "2021-08", lang="uk")
    pd.testing.assert_frame_equal(styler.data, numbers)  # the numbers stay for the analyst
    table = read_shown_table(styler.to_html())
    assert list(table.columns) == ["Показник", "Канал", "Серпень 2021", "Липень 2021", "Зміна", "Зміна, %"]
    first, last = table.iloc[0], table.iloc[-1]
    # August 2021: draft acts on the website 248 against 208; news on the regional site 12 against 14.
    assert list(first.iloc[2:]) == ["248", "208", "+40", "+19,2%"]
    assert list(last.iloc[2:]) == ["12", "14", "−2", "−14,3%"]  # a real minus sign, U+2212
    for (_, shown_row), (_, row) in zip(table.iterrows(), numbers.iterrows()):
        assert shown_row.iloc[4] == format_signed(row.iloc[4], "uk")
        assert shown_row.iloc[5] == format_change_percent(row.iloc[5] / 100, "uk")


def test_rankings_table_in_english_and_without_a_previous_count(data):
    table = read_shown_table(explore.rankings_table(data, "2021-08", lang="en").to_html())
    assert list(table.iloc[0, 2:]) == ["248", "208", "+40", "+19.2%"]
    numbers = explore.rankings(data, "2020-02", lang="en")
    shown_table = read_shown_table(explore.rankings_table(data, "2020-02", lang="en").to_html())
    for text, value in zip(shown_table.iloc[:, 5], numbers.iloc[:, 5]):
        assert (text == "—") == bool(pd.isna(value))


# -- the seasonal chart: its colours explained, its labels clear of the line ---------------------

def drawn(fig: Figure, dpi: float | None = None):
    """Draw ``fig`` as a file would be (at ``dpi``) and return its renderer."""
    if dpi:
        fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    with report_style():
        canvas.draw()
    return canvas.get_renderer()


SEASONAL_SELECTIONS = [("", ""), ("news", ""), ("news", "website"), ("news", "regional_site"), ("news", "press"),
                       ("draft_acts", ""), ("photo_materials", ""), ("video_stories", "social")]


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_seasonal_bars_colours_are_explained_by_the_legend(data, lang):
    fig = explore.seasonal_profile_chart(data, "news", "", lang=lang)
    ax = fig.axes[0]
    legend = {text.get_text(): handle for text, handle in zip(ax.get_legend().get_texts(),
                                                                ax.get_legend().legend_handles)}
    above, below = (("вище за середній місяць", "нижче за середній місяць") if lang == "uk"
                    else ("above the average month", "below the average month"))
    assert to_hex(legend[above].get_facecolor()) == to_hex(explore.charts.ABOVE)
    assert to_hex(legend[below].get_facecolor()) == to_hex(explore.charts.BELOW)
    index = explore.seasonal_profile(data, "news", "", lang=lang).iloc[:, -1]
    bars = [p for p in ax.patches if isinstance(p, Rectangle)][:12]
    for bar, value in zip(bars, index):
        expected = explore.charts.ABOVE if round(value, 2) >= 1 else explore.charts.BELOW
        assert to_hex(bar.get_facecolor()) == to_hex(expected)
    assert {to_hex(b.get_facecolor()) for b in bars} == {to_hex(explore.charts.ABOVE), to_hex(explore.charts.BELOW)}


@pytest.mark.parametrize("dpi", [None, config.CHART_DPI])
@pytest.mark.parametrize("metric, channel", SEASONAL_SELECTIONS)
def test_seasonal_labels_stay_clear_of_the_average_line(data, metric, channel, dpi):
    """Each value label's pixels against the 1.0 line's pixel row: never on it, always above
    its own month's bar and dots and centred on its bar (on screen and in the 200 dpi file)."""
    fig = explore.seasonal_profile_chart(data, metric, channel, lang="uk")
    renderer = drawn(fig, dpi)
    ax = fig.axes[0]
    [line] = [l for l in ax.lines if list(l.get_ydata()) == [1, 1]]
    row = ax.transData.transform((0, 1.0))[1]
    stroke = renderer.points_to_pixels(line.get_linewidth()) / 2
    profile = explore.seasonal_profile(data, metric, channel, lang="uk")
    tops = profile.to_numpy(dtype=float).max(axis=1)
    labels = ax.texts
    assert [t.get_text() for t in labels] == [format_number(v, "uk", 2) for v in profile.iloc[:, -1]]
    for month, (label, top) in enumerate(zip(labels, tops)):
        box = label.get_window_extent(renderer)
        assert box.y0 > row + stroke or box.y1 < row - stroke, f"{label.get_text()} lies on the 1.0 line"
        assert box.y0 >= ax.transData.transform((month, top))[1], f"{label.get_text()} covers its own marks"
        assert abs((box.x0 + box.x1) / 2 - ax.transData.transform((month, 0))[0]) < 1


def test_the_seasonal_check_would_see_a_label_on_the_line(data):
    """The check above measures something: a label put on the line is caught by it."""
    fig = explore.seasonal_profile_chart(data, "news", "", lang="uk")
    ax = fig.axes[0]
    label = ax.annotate("0,99", (0, 1.0), ha="center", va="center", fontsize=12)
    renderer = drawn(fig)
    box, row = label.get_window_extent(renderer), ax.transData.transform((0, 1.0))[1]
    assert box.y0 < row < box.y1


# -- export: PNG, SVG and a one-slide deck --------------------------------------------------------

EXPORTED_PNG_SIZE = (int(config.CHART_SIZE_INCHES[0] * config.CHART_DPI),
                     int(config.CHART_SIZE_INCHES[1] * config.CHART_DPI))


@pytest.mark.parametrize("name, args", CHART_CALLS)
def test_every_chart_exports_as_png_svg_and_a_slide(data, tmp_path, name, args):
    fig = getattr(explore, name)(data, *args, lang="en")
    caption = explore.caption_of(fig)
    written = explore.export(fig, tmp_path)
    assert written.png == tmp_path / f"{caption.stem}.png"
    assert {p.name for p in tmp_path.iterdir()} == {f"{caption.stem}.{s}" for s in ("png", "svg", "pptx")}
    with Image.open(written.png) as image:
        assert image.size == EXPORTED_PNG_SIZE and image.mode == "RGB"
    svg = ElementTree.parse(written.svg).getroot()
    width, height = (float(svg.get(a).removesuffix("pt")) for a in ("width", "height"))
    assert width / height == pytest.approx(16 / 9, rel=1e-3)
    deck = Presentation(str(written.pptx))
    assert len(deck.slides) == 1 and deck.slides[0].shapes.title.text == caption.title


def test_the_slide_is_the_chart_filling_a_16_9_slide(data, tmp_path):
    fig = explore.series_chart(data, "video_stories", "social", "2020-06", "2021-06", lang="uk")
    written = explore.export(fig, tmp_path / "slides", "відео")
    assert written.pptx == tmp_path / "slides" / "відео.pptx"
    deck = Presentation(str(written.pptx))
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    slide = deck.slides[0]
    title = "Щомісячна кількість, червень 2020 — червень 2021"
    selection = "Відеосюжети — Сторінка в соціальній мережі"
    assert slide.shapes.title.text == title
    [picture] = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert (picture.left, picture.top, picture.width, picture.height) == (0, 0, deck.slide_width, deck.slide_height)
    assert picture.image.blob == written.png.read_bytes()
    # Over the slide's own title (there for the slide list and screen readers), not beside it.
    assert list(slide.shapes).index(picture) > list(slide.shapes).index(slide.shapes.title)
    alt = picture._element.nvPicPr.cNvPr.get("descr")
    assert title in alt and selection in alt


def test_the_deck_says_who_made_it_and_nothing_of_the_template(data, tmp_path):
    fig = explore.seasonal_profile_chart(data, "news", "", lang="en")
    written = explore.export(fig, tmp_path)
    properties = Presentation(str(written.pptx)).core_properties
    department = data.catalog.department.name("en")
    assert properties.title == "Seasonality: each month against the yearly average"
    assert properties.author == properties.last_modified_by == department
    assert properties.language == "en-GB"
    assert properties.created.year >= 2024 and properties.comments == ""
    with zipfile.ZipFile(written.pptx) as package:
        text = " ".join(package.read(n).decode("utf-8") for n in package.namelist() if n.startswith("docProps/")
                        and n.endswith(".xml"))
        thumbnail = Image.open(io.BytesIO(package.read("docProps/thumbnail.jpeg")))
        assert thumbnail.width / thumbnail.height == pytest.approx(16 / 9, rel=0.02)
        assert thumbnail.convert("L").getextrema()[0] < 100  # the chart, not the template's blank slide
    for leftover in ("python-pptx", "Steve Canny", "2013-", "Microsoft Macintosh"):
        assert leftover not in text
    assert "<Slides>1</Slides>" in text and "Widescreen" in text


def test_export_refuses_a_path_for_a_name_and_a_figure_of_its_own(data, tmp_path):
    fig = explore.series_chart(data, "news", lang="en")
    for name in ("../x", "a/b", ""):
        with pytest.raises(DeptAnalysisError):
            explore.export(fig, tmp_path, name)
    with pytest.raises(DeptAnalysisError, match="dept_analysis.explore"):
        explore.export(Figure(), tmp_path)
    assert list(tmp_path.iterdir()) == []


# -- headings --------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, text", [("uk", "## Частки каналів"), ("en", "## Channel shares")])
def test_headings_are_markdown_in_the_notebooks_language(lang, text):
    heading = explore.heading("shares", lang)
    assert heading._repr_markdown_().startswith(text + "\n")


def test_an_unknown_section_is_refused():
    with pytest.raises(DeptAnalysisError, match="rankings"):
        explore.heading("summary", "uk")


# -- the pickers -----------------------------------------------------------------------------------

@pytest.fixture
def explorer(data, tmp_path):
    explorer = explore.Explorer(data, "news", "", "2020-01", "", "", "month", "uk", export_dir=tmp_path)
    explorer.heading("series")
    explorer.series_chart()
    explorer.year_over_year_table()
    explorer.seasonal_profile_chart()
    explorer.channel_shares_chart()
    explorer.rankings_table()
    explorer.pickers()
    return explorer


def section_shows(section) -> dict:
    [output] = section.outputs
    return output["data"]


def test_pickers_start_at_the_parameters(explorer):
    c = explorer.controls
    assert (c.metric.value, c.channel.value, c.period.value, c.month.value, c.granularity.value, c.lang.value) == (
        "news", "", ("2020-01", "2021-12"), "2021-12", "month", "uk")
    assert c.metric.label == "Новини та інші інформаційні матеріали" and c.channel.label == "Усі канали"
    assert c.month.label == "грудень 2021" and c.period.label == ("2020-01", "2021-12")
    assert [label for label, _ in c.granularity.options] == ["Місяць", "Квартал", "Рік"]


def test_a_section_is_the_widget_and_its_static_picture(explorer):
    section = explorer.sections["series_chart"]
    bundle = section._repr_mimebundle_()
    assert bundle[WIDGET_VIEW]["model_id"] == section.model_id
    assert bundle["image/png"] == section_shows(section)["image/png"]
    assert png_size(base64.b64decode(bundle["image/png"])) == EXPECTED_PNG_SIZE
    assert "Новини" in bundle["text/plain"]  # the alt text, for a reader without pictures


def test_turning_a_picker_redraws_every_section(explorer):
    def seen(data: dict):
        # A table's HTML names its styles afresh each time: compare what a reader sees.
        return read_shown_table(data["text/html"]).to_dict() if "text/html" in data else data

    before = {key: seen(section_shows(s)) for key, s in explorer.sections.items()}
    explorer.controls.metric.value = "video_stories"
    after = {key: section_shows(s) for key, s in explorer.sections.items()}
    changed = {key for key in before if before[key] != seen(after[key])}
    # The heading and the rankings (every metric and channel) do not depend on the metric.
    assert changed == {"series_chart", "year_over_year_table", "seasonal_profile_chart", "channel_shares_chart"}
    assert explore.caption_of(explorer.figures["series_chart"]).selection == "Відеосюжети — усі канали"
    expected = explore.year_over_year(explorer.data, "video_stories", "", lang="uk")
    yoy = read_shown_table(after["year_over_year_table"]["text/html"])
    assert yoy.loc["Усього", "2020"] == format_number(expected.loc["Усього", 2020], "uk")


def test_the_language_picker_changes_every_word(explorer):
    c = explorer.controls
    c.lang.value = "en"
    assert section_shows(explorer.sections["heading.series"])["text/markdown"].startswith("## Counts over time")
    assert explore.caption_of(explorer.figures["series_chart"]).title.startswith("Monthly count")
    assert read_shown_table(section_shows(explorer.sections["rankings_table"])["text/html"]).columns[2] == \
        "December 2021"
    assert (c.metric.description, c.period.description, c.export.description) == (
        "Metric", "Period", "Save for a presentation")
    assert c.metric.label == "News and other information materials" and c.month.label == "December 2021"
    # Relabelling keeps what each picker holds.
    assert (c.metric.value, c.period.value, c.month.value, c.granularity.value) == (
        "news", ("2020-01", "2021-12"), "2021-12", "month")


def test_period_step_and_month_pickers(explorer):
    c = explorer.controls
    c.period.value = ("2021-01", "2021-06")
    assert explore.caption_of(explorer.figures["series_chart"]).title == \
        "Щомісячна кількість, січень 2021 — червень 2021"
    assert explore.caption_of(explorer.figures["channel_shares_chart"]).title == \
        "Частка каналів, січень 2021 — червень 2021"
    c.granularity.value = "quarter"
    assert explore.caption_of(explorer.figures["series_chart"]).title.startswith("Кількість за кварталами")
    ranked = read_shown_table(section_shows(explorer.sections["rankings_table"])["text/html"])
    assert list(ranked.columns[2:4]) == ["IV квартал 2021", "III квартал 2021"]
    c.granularity.value = "month"
    c.month.value = "2021-08"
    ranked = read_shown_table(section_shows(explorer.sections["rankings_table"])["text/html"])
    assert list(ranked.iloc[0, 2:]) == ["248", "208", "+40", "+19,2%"]


def test_a_picker_redraws_only_what_it_changes(explorer):
    figures = dict(explorer.figures)
    explorer.controls.month.value = "2021-08"
    assert explorer.figures == figures  # the same figure objects: no chart was drawn again
    explorer.controls.period.value = ("2021-01", "2021-12")
    redrawn = {key for key, fig in explorer.figures.items() if fig is not figures[key]}
    assert redrawn == {"series_chart", "channel_shares_chart"}


def test_a_choice_a_section_cannot_show_is_said_there(explorer):
    c = explorer.controls
    c.metric.value, c.channel.value = "draft_acts", "tv"  # never counted there: no seasonal profile
    seasonal = explorer.sections["seasonal_profile_chart"]
    assert "complete calendar year" in section_shows(seasonal)["text/plain"] and seasonal.figure is None
    assert "seasonal_profile_chart" not in explorer.figures
    c.month.value = "2020-01"  # no December 2019 to compare with
    assert "2019-12" in section_shows(explorer.sections["rankings_table"])["text/plain"]
    assert "image/png" in section_shows(explorer.sections["series_chart"])  # the others still draw


def test_the_export_button_saves_every_chart_shown(explorer, tmp_path):
    explorer.controls.export.click()
    written = sorted(p.name for p in tmp_path.iterdir())
    stems = sorted(explore.caption_of(f).stem for f in explorer.figures.values())
    assert len(stems) == 3
    assert written == sorted(f"{stem}.{suffix}" for stem in stems for suffix in ("png", "pptx", "svg"))
    assert str(tmp_path) in explorer.controls.status.value


def test_without_a_widget_frontend_the_pickers_say_the_choice(explorer):
    bundle = explorer.pickers()._repr_mimebundle_()
    assert WIDGET_VIEW in bundle
    assert bundle["text/markdown"].startswith("**Вибір:** Новини та інші інформаційні матеріали — усі канали")
    assert "січень 2020 — грудень 2021" in bundle["text/markdown"]


def test_parameters_no_picker_could_show_are_refused_at_once(data):
    with pytest.raises(DeptAnalysisError, match="newz"):
        explore.Explorer(data, metric="newz")
    with pytest.raises(MonthError):
        explore.Explorer(data, start="2021-13")
    with pytest.raises(DeptAnalysisError):
        explore.Explorer(data, granularity="week")
