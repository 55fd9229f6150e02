"""The analyst's exploration: the numbers of dept_analysis.explore and its notebook, end to end.

Expected numbers are computed here with plain pandas from ``load_data().counts`` (or from the
workbooks through openpyxl, see ``sample_counts``), not through the functions under test.
"""

from __future__ import annotations

import base64
import io
import struct

import nbformat
import numpy as np
import pandas as pd
import papermill
import pytest

from dept_analysis import config, explore
from dept_analysis.errors import DeptAnalysisError, MonthError
from dept_analysis.loading import load_data

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
                                 "September", "October", "November", "December"]
    assert list(table.columns) == [2020, 2021]
    rows = data.counts[(data.counts["metric"] == "news") & (data.counts["channel"] == "website")]
    sums = rows.groupby("month")["count"].sum()
    for month, total in sums.items():
        assert table.iloc[month.month - 1][month.year] == total


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


def run_notebook(tmp_path, parameters: dict) -> nbformat.NotebookNode:
    output = tmp_path / "explore_trends.ipynb"
    papermill.execute_notebook(str(config.EXPLORE_NOTEBOOK), str(output), parameters=parameters,
                               kernel_name="python3", cwd=str(config.NOTEBOOKS_DIR), progress_bar=False,
                               execution_timeout=config.CELL_TIMEOUT_SECONDS)
    return nbformat.read(output, as_version=4)


def cell_calling(notebook: nbformat.NotebookNode, call: str) -> nbformat.NotebookNode:
    matches = [c for c in notebook.cells if c.cell_type == "code" and f"explore.{call}(" in c.source]
    assert len(matches) == 1, call
    return matches[0]


def test_stored_notebook_has_no_outputs_and_runs_anywhere():
    notebook = nbformat.read(config.EXPLORE_NOTEBOOK, as_version=4)
    assert notebook.metadata.kernelspec.name == "python3"
    assert notebook.metadata.language_info.name == "python"
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert "parameters" in code[0].metadata.get("tags", [])
    # Only calls into the package: no functions, loops or pandas in the notebook.
    for cell in code[2:]:
        assert cell.source.startswith("explore.") and "\n" not in cell.source.strip()


@pytest.mark.slow
@pytest.mark.parametrize("run", NOTEBOOK_RUNS)
def test_notebook_shows_every_chart_and_the_right_rankings(tmp_path, data, run):
    parameters = NOTEBOOK_RUNS[run]
    notebook = run_notebook(tmp_path, parameters)
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]

    for call in ("series_chart", "year_over_year_chart", "seasonal_profile_chart", "channel_shares_chart"):
        pictures = [o for o in cell_calling(notebook, call).outputs if "image/png" in o.get("data", {})]
        assert len(pictures) == 1, call
        assert png_size(base64.b64decode(pictures[0].data["image/png"])) == EXPECTED_PNG_SIZE

    lang = parameters["lang"]
    yoy_html = cell_calling(notebook, "year_over_year").outputs[0].data["text/html"]
    assert ("Січень" if lang == "uk" else "January") in yoy_html

    month = parameters["month"] or "2021-12"
    html = cell_calling(notebook, "rankings").outputs[0].data["text/html"]
    shown = pd.read_html(io.StringIO(html), index_col=0)[0]
    shown.columns = [c[0] if isinstance(c, tuple) else c for c in shown.columns]
    expected = expected_rankings(data.counts, month)
    names = {(data.catalog.metric(m).name(lang), data.catalog.channel(c).name(lang)): (cur, prev, ch)
             for m, c, cur, prev, ch in expected[["metric", "channel", "current", "previous", "change"]].itertuples(
                 index=False)}
    got = {(row[0], row[1]): (int(row[2]), int(row[3]), int(row[4])) for row in shown.itertuples(index=False)}
    assert got == names
    assert list(shown.iloc[:, 4]) == sorted(shown.iloc[:, 4], reverse=True)
    header = {"uk": {"2021-12": "Грудень 2021"}, "en": {"2021-03": "March 2021"}}[lang][month]
    assert shown.columns[2] == header


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
    assert list(table.index) == ["I квартал", "II квартал", "III квартал", "IV квартал"]
    assert table.at["IV квартал", 2020] == int(sample_counts.loc[["2020-10", "2020-11", "2020-12"], "video_stories"].sum())


def test_rankings_by_quarter_compare_with_the_quarter_before(data):
    table = explore.rankings(data, "2021-08", granularity="quarter")
    assert list(table.columns[2:4]) == ["III квартал 2021", "II квартал 2021"]
    assert table["Зміна"].sum() == table["III квартал 2021"].sum() - table["II квартал 2021"].sum()


def test_an_unknown_granularity_is_refused(data):
    with pytest.raises(DeptAnalysisError, match="month, quarter, year"):
        explore.series(data, granularity="week")
