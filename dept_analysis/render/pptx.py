"""The report as a PowerPoint deck, for presentations.

Written from the report model and the chart files only: a title slide, a key-figures slide
with an editable table, and a slide per chart, the picture filling the content area. Every
slide has a title of its own (a screen reader's list of slides tells them apart), every
picture the figure's alt text, and the file's properties are the report's (see :mod:`.office`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from pptx import Presentation
from pptx.util import Emu, Inches
from pptx.util import Pt as PptPt

from ..model import Report
from ..files import write_atomically
from .charts import ChartFile
from .office import set_alt_text, set_app_properties, set_core_properties

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
_TITLE_HEIGHT = Inches(1.0)
_MARGIN = Inches(0.4)


def unique_titles(titles: list[str]) -> list[str]:
    """The slides' titles, a repeated one numbered ("Ключові показники (2)")."""
    seen: dict[str, int] = {}
    result = []
    for title in titles:
        seen[title] = seen.get(title, 0) + 1
        result.append(title if seen[title] == 1 else f"{title} ({seen[title]})")
    return result


def _set_title(slide, text: str, size: int = 28) -> None:
    shape = slide.shapes.title
    shape.text = text
    for paragraph in shape.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = PptPt(size)


def _fit_title(slide) -> None:
    shape = slide.shapes.title
    shape.left, shape.top = _MARGIN, Inches(0.15)
    shape.width, shape.height = SLIDE_WIDTH - 2 * _MARGIN, _TITLE_HEIGHT - Inches(0.15)


def write_pptx(report: Report, charts: Sequence[ChartFile], path: Path) -> Path:
    """Write the presentation: a title slide, a key-figures slide with an editable table,
    and one slide per chart, the picture filling the content area under its caption."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    title_layout, title_only = presentation.slide_layouts[0], presentation.slide_layouts[5]

    titles = iter(unique_titles([report.title, report.heading("key_figures"),
                                 *(chart.figure.caption for chart in charts)]))
    slide = presentation.slides.add_slide(title_layout)
    _set_title(slide, next(titles), 30)
    # The layout's boxes are sized for a 4:3 slide and a short title: place them explicitly.
    title_box = slide.shapes.title
    title_box.left, title_box.top = _MARGIN, Inches(1.0)
    title_box.width, title_box.height = SLIDE_WIDTH - 2 * _MARGIN, Inches(3.2)
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top = _MARGIN, Inches(4.6)
    subtitle.width, subtitle.height = SLIDE_WIDTH - 2 * _MARGIN, Inches(1.8)
    subtitle.text = report.department

    figures = report.key_figures
    slide = presentation.slides.add_slide(title_only)
    _set_title(slide, next(titles))
    _fit_title(slide)
    rows, cols = len(figures.rows) + 1, len(figures.header)
    width = SLIDE_WIDTH - 2 * _MARGIN
    shape = slide.shapes.add_table(rows, cols, _MARGIN, _TITLE_HEIGHT + Inches(0.3), width, Inches(0.6) * rows)
    table = shape.table
    table.columns[0].width = Inches(3.9)
    for j in range(1, cols):
        table.columns[j].width = Emu(int((width - Inches(3.9)) / (cols - 1)))
    for j, header in enumerate(figures.header):
        table.cell(0, j).text = header
    for i, row in enumerate(figures.rows, start=1):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    for i in range(rows):
        for j in range(cols):
            for paragraph in table.cell(i, j).text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = PptPt(15 if i else 14)

    for chart in charts:
        slide = presentation.slides.add_slide(title_only)
        _set_title(slide, next(titles), 24)
        _fit_title(slide)
        top = _TITLE_HEIGHT + Inches(0.1)
        height = SLIDE_HEIGHT - top - Inches(0.15)
        width = int(height * 16 / 9)
        picture = slide.shapes.add_picture(str(chart.png), int((SLIDE_WIDTH - width) / 2), top, width, height)
        set_alt_text(picture._element.nvPicPr.cNvPr, chart.figure.alt, chart.figure.caption)
    set_core_properties(presentation.core_properties, report)
    set_app_properties(presentation.part.package, report, PresentationFormat="Widescreen")
    return write_atomically(path, presentation.save)


__all__ = ["unique_titles", "write_pptx"]
