"""The report as a PowerPoint deck, for presentations.

Written from the report model (and the chart pictures, where the settings ask for them):

- a title slide: the short title, and the department's name once, under it;
- the highlights, as bullets;
- the key figures as an editable table filling its slide, numbers right-aligned;
- a slide per figure, titled with the figure's title (no "Рисунок N.": the slide list is the
  numbering), holding native PowerPoint charts: chart objects with their data inside, in the
  metrics' and channels' catalog colours and Ukrainian number formats, which a presenter can
  restyle or update in PowerPoint. ``slide_charts = "pictures"`` in the catalog puts the
  chart pictures there instead.

The deck starts from the department's template when the catalog names one (its master and
its layouts, found by name: :mod:`.office_templates`). Every slide has a title of its own (a
screen reader's list of slides tells them apart), every chart and picture the figure's alt
text, and the file's properties are the report's (see :mod:`.office`).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Sequence

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE,
                             XL_TICK_LABEL_POSITION)
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from ..document_settings import DocumentSettings
from ..files import write_atomically
from ..model import Chart, Figure, Report, Series
from ..periods import month_ticks
from .charts import OTHER_PERIOD, REFERENCE, ChartFile
from .office import set_alt_text, set_app_properties, set_core_properties
from .office_templates import open_presentation

# A new deck's slides (16:9); a template's keep their own size.
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
_MARGIN = Inches(0.4)
_TITLE_TOP = Inches(0.2)
_TITLE_HEIGHT = Inches(0.95)
_SOURCE_HEIGHT = Inches(0.35)
# Numbers as Ukrainian Office shows them: the grouping and decimal signs come from the
# viewer's locale ("1 234", "3,5"); a change carries its sign, the minus a real one.
COUNT_FORMAT = "#,##0"
CHANGE_FORMAT = '+#,##0.0" %";"−"#,##0.0" %";0" %"'
CHART_FONT_SIZE = 14


def unique_titles(titles: list[str]) -> list[str]:
    """The slides' titles, a repeated one numbered ("Ключові показники (2)")."""
    seen: dict[str, int] = {}
    result = []
    for title in titles:
        seen[title] = seen.get(title, 0) + 1
        result.append(title if seen[title] == 1 else f"{title} ({seen[title]})")
    return result


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


class _Deck:
    """A presentation being written, with the geometry of its slides."""

    def __init__(self, settings: DocumentSettings):
        self.presentation, self.layouts = open_presentation(settings)
        self.width = self.presentation.slide_width
        self.height = self.presentation.slide_height

    def slide(self, role: str, title: str, size: int = 28):
        slide = self.presentation.slides.add_slide(self.layouts[role])
        shape = slide.shapes.title
        shape.text = title
        for paragraph in shape.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(size)
        return slide

    def place_title(self, slide) -> None:
        """The title across the top: a layout sized for a 4:3 slide would leave it narrow."""
        shape = slide.shapes.title
        shape.left, shape.top = _MARGIN, _TITLE_TOP
        shape.width, shape.height = self.width - 2 * _MARGIN, _TITLE_HEIGHT
        shape.text_frame.word_wrap = True

    @property
    def body(self) -> tuple[int, int, int, int]:
        """Left, top, width and height of the area under the title."""
        top = _TITLE_TOP + _TITLE_HEIGHT + Inches(0.1)
        return _MARGIN, top, self.width - 2 * _MARGIN, self.height - top - Inches(0.2)


# -- slides --------------------------------------------------------------------------------------

def _title_slide(deck: _Deck, report: Report, title: str) -> None:
    slide = deck.slide("title", title, 32)
    box = slide.shapes.title
    box.left, box.top = _MARGIN, int(deck.height * 0.18)
    box.width, box.height = deck.width - 2 * _MARGIN, int(deck.height * 0.38)
    subtitle = next((p for p in slide.placeholders if p.placeholder_format.idx == 1), None)
    if subtitle is None:  # a template's title layout without a subtitle: a text box instead
        subtitle = slide.shapes.add_textbox(0, 0, 0, 0)
    subtitle.left, subtitle.top = _MARGIN, int(deck.height * 0.6)
    subtitle.width, subtitle.height = deck.width - 2 * _MARGIN, int(deck.height * 0.28)
    subtitle.text_frame.word_wrap = True
    subtitle.text_frame.text = report.department
    for run in subtitle.text_frame.paragraphs[0].runs:
        run.font.size = Pt(20)


def _bullets(deck: _Deck, report: Report, title: str) -> None:
    slide = deck.slide("title_only", title)
    deck.place_title(slide)
    left, top, width, height = deck.body
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    # Smaller type for more text, so that the highlights fit their slide.
    length = sum(len(line) for line in report.highlights)
    size = 22 if length < 500 else 18 if length < 900 else 15
    for i, line in enumerate(report.highlights):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)
        paragraph.space_after = Pt(size * 0.6)
        properties = paragraph._p.get_or_add_pPr()
        properties.set("marL", str(Emu(Inches(0.35))))
        properties.set("indent", str(-Emu(Inches(0.35))))
        bullet = etree.SubElement(properties, qn("a:buChar"))
        bullet.set("char", "•")


def _key_figures(deck: _Deck, report: Report, title: str) -> None:
    figures = report.key_figures
    slide = deck.slide("title_only", title)
    deck.place_title(slide)
    left, top, width, height = deck.body
    rows, cols = len(figures.rows) + 1, len(figures.header)
    table = slide.shapes.add_table(rows, cols, left, top, width, height).table
    first = int(width * (0.32 if cols > 5 else 0.4))
    table.columns[0].width = first
    for j in range(1, cols):
        table.columns[j].width = int((width - first) / (cols - 1))
    for i in range(rows):
        table.rows[i].height = int(height / rows)
    size = 18 if rows <= 5 and cols <= 5 else 16 if rows <= 7 else 13
    for i, row in enumerate([figures.header, *figures.rows]):
        for j, text in enumerate(row):
            cell = table.cell(i, j)
            cell.text = text
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            for paragraph in cell.text_frame.paragraphs:
                # Numbers line up on the right, as in every figures table.
                paragraph.alignment = PP_ALIGN.LEFT if j == 0 else PP_ALIGN.RIGHT
                for run in paragraph.runs:
                    run.font.size = Pt(size - 2 if i == 0 else size)
                    run.font.bold = i == 0
    if figures.note:
        _source(deck, slide, figures.note)


def _source(deck: _Deck, slide, text: str) -> None:
    box = slide.shapes.add_textbox(_MARGIN, deck.height - _SOURCE_HEIGHT - Inches(0.05), deck.width - 2 * _MARGIN,
                                   _SOURCE_HEIGHT)
    box.text_frame.text = text
    for run in box.text_frame.paragraphs[0].runs:
        run.font.size = Pt(12)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def _figure(deck: _Deck, figure: Figure, picture: Path | None, title: str) -> None:
    slide = deck.slide("title_only", title, 24)
    deck.place_title(slide)
    left, top, width, height = deck.body
    height -= _SOURCE_HEIGHT
    if picture is not None:
        # The picture keeps its proportions, centred in the area.
        from PIL import Image

        with Image.open(picture) as image:
            ratio = image.width / image.height
        w, h = (width, int(width / ratio)) if width / height < ratio else (int(height * ratio), height)
        shape = slide.shapes.add_picture(str(picture), left + (width - w) // 2, top + (height - h) // 2, w, h)
        set_alt_text(shape._element.nvPicPr.cNvPr, figure.alt, figure.title)
    else:
        for frame in NATIVE[figure.chart.kind](slide, figure.chart, (left, top, width, height)):
            set_alt_text(frame._element.nvGraphicFramePr.cNvPr, figure.alt, figure.title)
    _source(deck, slide, figure.chart.source)


# -- native charts: one function per kind, returning the graphic frames it placed ---------------

def _cells(area, count: int):
    """The area split into a grid of ``count`` cells, two columns when there is more than one."""
    left, top, width, height = area
    ncols = 2 if count > 1 else 1
    nrows = math.ceil(count / ncols)
    w, h = width // ncols, height // nrows
    return [(left + (i % ncols) * w, top + (i // ncols) * h, w, h) for i in range(count)]


def _values(values) -> list:
    return [None if isinstance(v, float) and math.isnan(v) else v for v in values]


def _add(slide, kind, data: CategoryChartData, cell, title: str = ""):
    frame = slide.shapes.add_chart(kind, *cell, data)
    chart = frame.chart
    chart.font.size = Pt(CHART_FONT_SIZE)
    chart.has_title = bool(title)
    if title:
        chart.chart_title.text_frame.text = title
        for paragraph in chart.chart_title.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(CHART_FONT_SIZE + 2)
                run.font.bold = True
    return frame, chart


def _count_axis(chart, gridlines: bool = True) -> None:
    axis = chart.value_axis
    axis.minimum_scale = 0
    axis.has_major_gridlines = gridlines
    axis.major_gridlines.format.line.color.rgb = RGBColor(0xD9, 0xD9, 0xD9) if gridlines else None
    axis.tick_labels.number_format = COUNT_FORMAT
    axis.tick_labels.number_format_is_linked = False


def _top_down(chart) -> None:
    """Horizontal bars read top-down in the catalog's order, the values' axis at the bottom."""
    chart.category_axis.reverse_order = True
    # Reversed, the categories' end is at the bottom: the values' axis crosses there. (In
    # python-pptx only a value axis has ``crosses``, and it sets the other axis'.)
    value_axis = chart.value_axis._element
    value_axis._remove_crosses()
    value_axis._remove_crossesAt()
    value_axis._add_crosses(val=XL_AXIS_CROSSES.MAXIMUM)


def _skip_labels(chart, count: int) -> None:
    """Every other month's name on a half-width chart of many months (as in the pictures)."""
    if count > 7:
        axis = chart.category_axis._element
        skip = axis.find(qn("c:tickLblSkip"))
        if skip is None:
            skip = etree.Element(qn("c:tickLblSkip"))
            # The schema's order: before these, if present (PowerPoint repairs a file otherwise).
            after = next((axis.find(qn(tag)) for tag in ("c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst")
                          if axis.find(qn(tag)) is not None), None)
            if after is not None:
                after.addprevious(skip)
            else:
                axis.append(skip)
        skip.set("val", "2")


def _line(series, colour: str, dashed: bool = False) -> None:
    series.smooth = False
    series.format.line.color.rgb = _rgb(colour)
    series.format.line.width = Pt(2.5)
    if dashed:
        series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    series.marker.style = XL_MARKER_STYLE.CIRCLE
    series.marker.size = 7
    series.marker.format.fill.solid()
    series.marker.format.fill.fore_color.rgb = _rgb(colour)
    series.marker.format.line.color.rgb = _rgb(colour)


def _label_point(series, index: int | None, size: int = CHART_FONT_SIZE) -> None:
    if index is None or index >= len(series.points):
        return
    label = series.points[index].data_label
    label.number_format = COUNT_FORMAT
    label.number_format_is_linked = False
    label.show_value = True
    label.position = XL_LABEL_POSITION.ABOVE
    label.font.bold = True
    label.font.size = Pt(size)


def native_small_multiples(slide, chart: Chart, area):
    import pandas as pd

    months = pd.PeriodIndex(chart.months, freq="M")
    ticks = [t.replace("\n", " ") for t in month_ticks(months, chart.lang)]
    frames = []
    for series, cell in zip(chart.series, _cells(area, len(chart.series))):
        data = CategoryChartData(number_format=COUNT_FORMAT)
        data.categories = ticks
        data.add_series(series.label, _values(series.values))
        frame, made = _add(slide, XL_CHART_TYPE.LINE_MARKERS, data, cell, series.label)
        made.has_legend = False
        _count_axis(made)
        _skip_labels(made, len(ticks))
        _line(made.plots[0].series[0], series.colour)
        _label_point(made.plots[0].series[0], chart.highlight)
        frames.append(frame)
    return frames


def native_paired_lines(slide, chart: Chart, area):
    frames = []
    current_label, reference_label = (chart.line_labels + ("", ""))[:2]
    for i, (series, cell) in enumerate(zip(chart.series, _cells(area, len(chart.series)))):
        data = CategoryChartData(number_format=COUNT_FORMAT)
        data.categories = list(chart.categories)
        data.add_series(current_label or series.label, _values(series.values))
        if i < len(chart.references):
            data.add_series(reference_label, _values(chart.references[i].values))
        frame, made = _add(slide, XL_CHART_TYPE.LINE_MARKERS, data, cell, series.label)
        _count_axis(made)
        plotted = made.plots[0].series
        _line(plotted[0], series.colour)
        if len(plotted) > 1:
            _line(plotted[1], REFERENCE, dashed=True)
        made.has_legend = i == 0
        if i == 0:
            made.legend.position = XL_LEGEND_POSITION.BOTTOM
            made.legend.include_in_layout = False
        frames.append(frame)
    return frames


def native_panel_bars(slide, chart: Chart, area):
    frames = []
    for series, cell in zip(chart.series, _cells(area, len(chart.series))):
        data = CategoryChartData(number_format=COUNT_FORMAT)
        data.categories = list(chart.categories)
        data.add_series(series.label, _values(series.values))
        frame, made = _add(slide, XL_CHART_TYPE.COLUMN_CLUSTERED, data, cell, series.label)
        made.has_legend = False
        _count_axis(made)
        plot = made.plots[0]
        plot.gap_width = 60
        plot.has_data_labels = True
        plot.data_labels.number_format = COUNT_FORMAT
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
        for i, point in enumerate(plot.series[0].points):
            if i >= len(series.values):
                break
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = _rgb(series.colour if i == chart.highlight else OTHER_PERIOD)
        frames.append(frame)
    return frames


def native_stacked_bars(slide, chart: Chart, area):
    data = CategoryChartData(number_format=COUNT_FORMAT)
    data.categories = list(chart.categories)
    for series in chart.series:
        data.add_series(series.label, _values(series.values))
    frame, made = _add(slide, XL_CHART_TYPE.BAR_STACKED, data, area)
    _top_down(made)
    _count_axis(made)
    made.plots[0].gap_width = 50
    for plotted, series in zip(made.plots[0].series, chart.series):
        plotted.format.fill.solid()
        plotted.format.fill.fore_color.rgb = _rgb(series.colour)
    made.has_legend = True
    made.legend.position = XL_LEGEND_POSITION.BOTTOM
    made.legend.include_in_layout = False
    return [frame]


def native_against_average(slide, chart: Chart, area):
    series: Series = chart.series[0]
    data = CategoryChartData(number_format=CHANGE_FORMAT)
    data.categories = list(chart.categories)
    data.add_series(series.label, _values(series.values))
    frame, made = _add(slide, XL_CHART_TYPE.BAR_CLUSTERED, data, area)
    made.has_legend = False
    _top_down(made)
    axis = made.value_axis
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor(0xD9, 0xD9, 0xD9)
    axis.tick_labels.number_format = CHANGE_FORMAT
    axis.tick_labels.number_format_is_linked = False
    plot = made.plots[0]
    plot.gap_width = 50
    for i, point in enumerate(plot.series[0].points):
        if i >= len(chart.colours):
            break
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _rgb(chart.colours[i])
        label = point.data_label
        label.number_format = CHANGE_FORMAT
        label.number_format_is_linked = False
        label.show_value = True
        label.position = XL_LABEL_POSITION.OUTSIDE_END
        label.font.size = Pt(CHART_FONT_SIZE - 1)
    # Category names sit at the left edge, clear of bars pointing left.
    made.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    return [frame]


NATIVE = {
    "small_multiples": native_small_multiples,
    "paired_lines": native_paired_lines,
    "panel_bars": native_panel_bars,
    "stacked_bars": native_stacked_bars,
    "against_average": native_against_average,
}


def write_pptx(report: Report, charts: Sequence[ChartFile], path: Path,
               settings: DocumentSettings | None = None) -> Path:
    """Write the presentation: a title slide, the highlights, the key figures, and a slide
    per figure with native charts (or the chart pictures, as the settings say)."""
    settings = settings or DocumentSettings()
    deck = _Deck(settings)
    figures = [chart.figure for chart in charts] or list(report.figures)
    pictures = {chart.figure.stem: chart.png for chart in charts}
    titles = iter(unique_titles([report.short_title or report.title, report.heading("highlights"),
                                 report.heading("key_figures"), *(f.title for f in figures)]))
    _title_slide(deck, report, next(titles))
    _bullets(deck, report, next(titles))
    _key_figures(deck, report, next(titles))
    for figure in figures:
        picture = pictures.get(figure.stem) if settings.slide_charts == "pictures" else None
        _figure(deck, figure, picture, next(titles))
    presentation = deck.presentation
    set_core_properties(presentation.core_properties, report)
    set_app_properties(presentation.part.package, report, PresentationFormat="Widescreen")
    return write_atomically(path, presentation.save)


__all__ = ["NATIVE", "SLIDE_HEIGHT", "SLIDE_WIDTH", "unique_titles", "write_pptx"]
