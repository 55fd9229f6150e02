"""The report as office documents: a PPTX for presentations and a DOCX for the council's
document flow. Both are written from the same :class:`~dept_analysis.report.MonthlyReport`
as the HTML, so the three never disagree.

python-pptx and python-docx store text as text: nothing from a workbook can become markup,
a field code or a formula in these files.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from pptx import Presentation
from pptx.util import Emu, Inches
from pptx.util import Pt as PptPt

from .files import write_atomically
from .labels import label

if TYPE_CHECKING:  # pragma: no cover
    from .report import MonthlyReport

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
_TITLE_HEIGHT = Inches(1.0)
_MARGIN = Inches(0.4)


def _set_title(slide, text: str, size: int = 28) -> None:
    shape = slide.shapes.title
    shape.text = text
    for paragraph in shape.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = PptPt(size)


def write_pptx(report: "MonthlyReport", path: Path) -> Path:
    """Write the presentation: a title slide, a key-figures slide with an editable table,
    and one slide per chart, the picture filling the content area under its caption."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    title_layout, title_only = presentation.slide_layouts[0], presentation.slide_layouts[5]

    slide = presentation.slides.add_slide(title_layout)
    _set_title(slide, report.title_text, 30)
    # The layout's boxes are sized for a 4:3 slide and a short title: place them explicitly.
    title_box = slide.shapes.title
    title_box.left, title_box.top = _MARGIN, Inches(1.0)
    title_box.width, title_box.height = SLIDE_WIDTH - 2 * _MARGIN, Inches(3.2)
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top = _MARGIN, Inches(4.6)
    subtitle.width, subtitle.height = SLIDE_WIDTH - 2 * _MARGIN, Inches(1.8)
    subtitle.text = report.data.catalog.department.name_uk if report.lang == "uk" else report.data.catalog.department.name_en

    table_data = report.key_figures_table()
    slide = presentation.slides.add_slide(title_only)
    _set_title(slide, label("key_figures", report.lang))
    _fit_title(slide)
    rows, cols = len(table_data) + 1, len(table_data.columns)
    width = SLIDE_WIDTH - 2 * _MARGIN
    shape = slide.shapes.add_table(rows, cols, _MARGIN, _TITLE_HEIGHT + Inches(0.3), width,
                                   Inches(0.6) * rows)
    table = shape.table
    table.columns[0].width = Inches(3.9)
    for j in range(1, cols):
        table.columns[j].width = Emu(int((width - Inches(3.9)) / (cols - 1)))
    for j, header in enumerate(table_data.columns):
        table.cell(0, j).text = str(header)
    for i, row in enumerate(table_data.itertuples(index=False), start=1):
        for j, value in enumerate(row):
            table.cell(i, j).text = str(value)
    for i in range(rows):
        for j in range(cols):
            for paragraph in table.cell(i, j).text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = PptPt(15 if i else 14)

    for chart in report.draw_charts():
        slide = presentation.slides.add_slide(title_only)
        _set_title(slide, chart.caption, 24)
        _fit_title(slide)
        top = _TITLE_HEIGHT + Inches(0.1)
        height = SLIDE_HEIGHT - top - Inches(0.15)
        width = int(height * 16 / 9)
        slide.shapes.add_picture(str(chart.png), int((SLIDE_WIDTH - width) / 2), top, width, height)
    return write_atomically(path, presentation.save)


def _fit_title(slide) -> None:
    shape = slide.shapes.title
    shape.left, shape.top = _MARGIN, Inches(0.15)
    shape.width, shape.height = SLIDE_WIDTH - 2 * _MARGIN, _TITLE_HEIGHT - Inches(0.15)


def write_docx(report: "MonthlyReport", path: Path) -> Path:
    """Write the narrative report as an editable Word document in the shape of the
    department's own: title, introduction, the counted work, the other activities,
    highlights, the key-figures table, the charts with captions, and notes."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(1.8)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(report.title_text)
    run.bold = True
    run.font.size = Pt(14)

    def paragraph(text: str) -> None:
        p = document.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Cm(1.25)

    from .narrative import intro

    paragraph(intro(report.data.catalog, report.month, report.lang))
    for text in report.narrative_paragraphs():
        paragraph(text)
    activities = report.activity_rows()
    if not activities.empty:
        document.add_heading(label("activities", report.lang), level=2)
        for _, text in activities.itertuples(index=False):
            paragraph(text)
    document.add_heading(label("highlights", report.lang), level=2)
    bullet = document.styles["List Bullet"]  # found once: a style given by name is looked up every time
    for sentence in report.highlight_sentences() or [label("no_highlights", report.lang)]:
        document.add_paragraph(sentence, style=bullet)

    document.add_heading(label("key_figures", report.lang), level=2)
    table_data = report.key_figures_table()
    table = document.add_table(rows=len(table_data) + 1, cols=len(table_data.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Cells are taken a row at a time: table.cell(i, j) lists every cell of the table anew.
    rows = [row.cells for row in table.rows]
    for j, header in enumerate(table_data.columns):
        cell = rows[0][j]
        cell.text = str(header)
        for r in cell.paragraphs[0].runs:
            r.bold = True
            r.font.size = Pt(10)
    for i, row in enumerate(table_data.itertuples(index=False), start=1):
        for j, value in enumerate(row):
            cell = rows[i][j]
            cell.text = str(value)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT if j == 0 else WD_ALIGN_PARAGRAPH.RIGHT
            for r in cell.paragraphs[0].runs:
                r.font.size = Pt(10)

    document.add_heading(label("charts", report.lang), level=2)
    for chart in report.draw_charts():
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(str(chart.png), width=Cm(17.0))
        caption = document.add_paragraph(chart.caption)
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for r in caption.runs:
            r.italic = True
            r.font.size = Pt(11)

    document.add_heading(label("notes", report.lang), level=2)
    for line in report.note_lines():
        p = document.add_paragraph(line)
        for r in p.runs:
            r.font.size = Pt(10)
    return write_atomically(path, document.save)
