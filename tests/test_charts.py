"""What a person sees in a chart: month labels that can be read, one style everywhere."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from dept_analysis import config
from dept_analysis.content import FIGURES, build_report
from dept_analysis.loading import load_data
from dept_analysis.periods import month_ticks, report_window
from dept_analysis.render.charts import draw, report_style

MONTH = pd.Period("2021-08", "M")


@pytest.fixture(scope="module")
def data():
    return load_data(config.DATA_DIR, months=report_window(MONTH))


def test_month_labels_thinned_from_the_report_month_with_each_year_once():
    period = pd.period_range("2020-08", "2021-08", freq="M")
    assert month_ticks(period, "uk", every=2) == ["серп.\n2020", "", "жовт.", "", "груд.", "", "лют.\n2021", "",
                                                  "квіт.", "", "черв.", "", "серп."]
    every = month_ticks(period, "uk")
    assert every[0] == "серп.\n2020" and every[5] == "січ.\n2021" and every[6] == "лют."


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
