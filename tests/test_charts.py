"""What a person sees in a chart: month labels that can be read, one colour per metric and
channel in every chart, no channel drawn that nobody reported, nothing compared that cannot
be, titles outside the picture (and a titled copy for pasting), files named by period."""

from __future__ import annotations

import re
import shutil

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from PIL import Image

from dept_analysis import config
from dept_analysis.catalog import CHANNEL_PALETTE, METRIC_PALETTE, load_catalog
from dept_analysis.content import FIGURES, build_report
from dept_analysis.loading import load_data
from dept_analysis.periods import month_ticks, parse_period, report_window
from dept_analysis.problems import DataValidationError
from dept_analysis.render.charts import OTHER_PERIOD, draw, report_style, write_charts

from conftest import month_sheets, write_raw

MONTH = pd.Period("2021-08", "M")


@pytest.fixture(scope="module")
def data():
    return load_data(config.DATA_DIR)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(config.DATA_DIR)


def _reports(data):
    """Every kind of report the product makes, in both languages."""
    for lang in ("uk", "en"):
        for period in (MONTH, pd.Period("2020-02", "M"), parse_period("2021-Q3"), parse_period("2021")):
            yield build_report(data, period, lang)


def test_month_labels_thinned_from_the_report_month_with_each_year_once():
    period = pd.period_range("2020-08", "2021-08", freq="M")
    assert month_ticks(period, "uk", every=2) == ["серп.\n2020", "", "жовт.", "", "груд.", "", "лют.\n2021", "",
                                                  "квіт.", "", "черв.", "", "серп."]
    every = month_ticks(period, "uk")
    assert every[0] == "серп.\n2020" and every[5] == "січ.\n2021" and every[6] == "лют."
    # the usual Ukrainian abbreviations, not "лист.", "бер.", "вер."
    assert every[1] == "верес." and every[3] == "листоп." and every[7] == "берез."


@pytest.mark.parametrize("lang", ["uk", "en"])
@pytest.mark.parametrize("key", FIGURES)
def test_axis_labels_stand_apart(data, key, lang):
    figure = next(f for f in build_report(data, MONTH, lang).figures if f.key == key)
    fig = draw(figure.chart)
    canvas = FigureCanvasAgg(fig)
    with report_style():
        canvas.draw()
    renderer = canvas.get_renderer()
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for axis, (lo, hi) in ((ax.xaxis, (0, 2)), (ax.yaxis, (1, 3))):
            boxes = [t.get_window_extent(renderer) for t in axis.get_ticklabels()
                     if t.get_visible() and t.get_text()]
            spans = sorted((box.extents[lo], box.extents[hi]) for box in boxes)
            # Touching labels read as one word ("жовт.лист."): ask for a visible gap, about
            # a third of a letter at the figure's 100 dpi.
            for (_, end), (start, _) in zip(spans, spans[1:]):
                assert start - end >= 5, f"{key} ({lang}): tick labels touch or overlap on {axis.axis_name}"


def _drawn_colours(figure) -> dict[str, set[str]]:
    """What the drawn chart paints each metric or channel in: name -> colours."""
    fig = draw(figure.chart)
    found: dict[str, set[str]] = {}
    chart = figure.chart
    if chart.kind in ("small_multiples", "paired_lines"):
        for ax, series in zip(fig.axes, chart.series):
            # the panel's own line is the last one drawn (the reference line comes first)
            found.setdefault(series.label, set()).add(to_hex(ax.lines[-1 if chart.kind == "paired_lines" else 0]
                                                             .get_color()))
    elif chart.kind == "panel_bars":
        for ax, series in zip(fig.axes, chart.series):
            found.setdefault(series.label, set()).add(to_hex(ax.patches[chart.highlight].get_facecolor()))
            others = {to_hex(p.get_facecolor()) for i, p in enumerate(ax.patches) if i != chart.highlight}
            assert others <= {OTHER_PERIOD.lower()}
    elif chart.kind == "stacked_bars":
        for container, series in zip(fig.axes[0].containers, chart.series):
            found.setdefault(series.label, set()).update(to_hex(p.get_facecolor()) for p in container.patches)
    elif chart.kind == "against_average":
        for patch, name in zip(fig.axes[0].containers[0].patches, chart.categories):
            found.setdefault(name, set()).add(to_hex(patch.get_facecolor()))
    return found


def test_a_metric_or_channel_has_one_colour_in_every_chart_month_period_and_language(data, catalog):
    expected = {}
    for lang in ("uk", "en"):
        expected |= {m.name(lang): m.colour.lower() for m in catalog.metrics}
        expected |= {c.name(lang): c.colour.lower() for c in catalog.channels}
    seen: dict[str, set[str]] = {}
    kinds = set()
    for report in _reports(data):
        for figure in report.figures:
            kinds.add(figure.chart.kind)
            for name, colours in _drawn_colours(figure).items():
                seen.setdefault(name, set()).update(colours)
    assert kinds == {"small_multiples", "paired_lines", "panel_bars", "stacked_bars", "against_average"}
    assert {name: colours for name, colours in seen.items()} == {name: {expected[name]} for name in seen}
    # metrics and channels never share a colour, so a colour means one thing in a report
    metric_colours = {m.colour for m in catalog.metrics}
    assert metric_colours.isdisjoint({c.colour for c in catalog.channels})
    assert [m.colour for m in catalog.metrics] == list(METRIC_PALETTE[:len(catalog.metrics)])
    assert [c.colour for c in catalog.channels] == list(CHANNEL_PALETTE[:len(catalog.channels)])


def test_no_chart_draws_a_channel_nobody_reported(data, catalog):
    for report in _reports(data):
        months = {pd.Period(c.month, "M") for c in report.counts}
        reported = {c.channel_uk if report.lang == "uk" else c.channel_en for c in report.counts}
        assert reported, report.period
        for figure in report.figures:
            if figure.chart.kind in ("stacked_bars", "against_average"):
                assert set(figure.chart.categories) <= reported, (report.period, figure.key)
                assert figure.chart.categories, (report.period, figure.key, months)
    # the sample data never reports the petitions portal: it appears in no chart and no table
    petitions = catalog.channel("petitions")
    for report in _reports(data):
        for figure in report.figures:
            assert petitions.name(report.lang) not in figure.chart.categories
            assert petitions.name(report.lang) not in [row[0] for row in figure.table.rows]


def test_a_channel_reported_as_zero_is_drawn_and_one_not_reported_is_not(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(config.DATA_DIR / config.CATALOG_FILE_NAME, folder)
    write_raw(folder / "2021-07.xlsx", month_sheets("2021-07", [["news", "website", 10], ["news", "tv", 2]]))
    write_raw(folder / "2021-08.xlsx", month_sheets("2021-08", [["news", "website", 12], ["news", "tv", 0],
                                                                ["news", "press", 3]]))
    report = build_report(load_data(folder), MONTH, "uk")
    channels = next(f for f in report.figures if f.key == "channels").chart
    assert channels.categories == ("Офіційний веб-сайт міської ради", "Друковані ЗМІ", "Телебачення")
    assert channels.totals == ("12", "3", "0")
    # the press has no month before to compare with: left out of the change chart
    change = next(f for f in report.figures if f.key == "channel_change").chart
    assert change.categories == ("Офіційний веб-сайт міської ради", "Телебачення")
    assert change.series[0].values == pytest.approx((20.0, -100.0))


def test_the_first_month_compares_nothing_it_cannot(data):
    report = build_report(data, pd.Period("2020-01", "M"), "uk")
    assert [f.key for f in report.figures] == ["channels"]
    assert [f.number for f in report.figures] == [1]
    second = build_report(data, pd.Period("2020-02", "M"), "uk")
    assert [f.key for f in second.figures] == list(FIGURES)
    comparison = next(f for f in second.figures if f.key == "comparison")
    # a year earlier has no workbook: its bars are left out, not drawn as "немає даних"
    assert comparison.chart.categories == ("Січень 2020", "Лютий 2020")
    for figure in second.figures:
        assert "немає даних" not in " ".join(" ".join(s.texts) for s in figure.chart.series)
    trend = next(f for f in second.figures if f.key == "trend")
    assert trend.chart.months == ("2020-01", "2020-02")


def test_source_lines_speak_of_months_in_words(data):
    for report in _reports(data):
        for figure in report.figures:
            assert not re.search(r"\d{4}-\d{2}", figure.chart.source), figure.chart.source
    august = build_report(data, MONTH, "uk")
    sources = {f.key: f.chart.source for f in august.figures}
    assert sources["channels"] == "Джерело: таблиця відділу за серпень 2021 року"
    assert sources["trend"] == "Джерело: щомісячні таблиці відділу, серпень 2020 — серпень 2021"


def test_chart_files_carry_the_period_and_a_titled_copy(data, tmp_path):
    written = []
    for period in (MONTH, parse_period("2021-Q3")):
        report = build_report(data, period, "uk")
        written += write_charts(report, tmp_path)  # one folder: nothing collides
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 3 * len(written)
    assert "2021-08_01_trend.png" in names and "2021-08_01_trend_titled.png" in names
    assert "2021-Q3_01_months.svg" in names
    for chart in written:
        assert chart.png.name.startswith(chart.figure.period + "_")
        with Image.open(chart.titled) as titled, Image.open(chart.png) as plain:
            # the titled one is the whole 16:9 picture; the other is it without the title's strip
            assert titled.width / titled.height == pytest.approx(16 / 9, rel=0.01)
            assert plain.width == titled.width and plain.height < titled.height * 0.95
            strip = titled.height - plain.height
            assert np.array_equal(np.asarray(titled.crop((0, strip, titled.width, titled.height))), np.asarray(plain))
            # the strip holds the title: dark pixels, which the picture without it lacks at its top
            assert np.asarray(titled.crop((0, 0, titled.width, strip)).convert("L")).min() < 80
        svg = chart.svg.read_text(encoding="utf-8")
        height = float(re.search(r'height="([\d.]+)pt"', svg).group(1))
        assert height < 7.5 * 72 * 0.95


def test_the_catalog_sets_a_colour_and_refuses_one_that_cannot_be_seen(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    text = (config.DATA_DIR / config.CATALOG_FILE_NAME).read_text(encoding="utf-8")
    text = text.replace('code = "video_stories"\n', 'code = "video_stories"\ncolour = "#7a1f5c"\n')
    (folder / config.CATALOG_FILE_NAME).write_text(text, encoding="utf-8")
    assert load_catalog(folder).metric("video_stories").colour == "#7A1F5C"

    bad = text.replace('colour = "#7a1f5c"', 'colour = "#F0E442"').replace(
        'code = "tv"\n', 'code = "tv"\ncolour = "red"\n')
    (folder / config.CATALOG_FILE_NAME).write_text(bad, encoding="utf-8")
    with pytest.raises(DataValidationError) as raised:
        load_catalog(folder)
    message = str(raised.value)
    assert "#F0E442" in message and "red" in message and "3 : 1" in message
    assert len(raised.value.problems) == 2
