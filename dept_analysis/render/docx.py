"""The report as a Word document, for the council's document flow.

Written from the report model and the chart files only. python-docx stores text as text:
nothing from a workbook can become markup, a field code or a formula here. A line break or
a tab typed in a workbook's paragraph stays one (python-docx turns "\\n" and "\\t" in a run's
text into Word's own break and tab).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ..model import Report
from ..files import write_atomically
from .charts import ChartFile


def write_docx(report: Report, charts: Sequence[ChartFile], path: Path) -> Path:
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
    run = heading.add_run(report.title)
    run.bold = True
    run.font.size = Pt(14)

    def paragraph(text: str) -> None:
        p = document.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Cm(1.25)

    paragraph(report.intro)
    for text in report.narrative:
        paragraph(text)
    if report.activities:
        document.add_heading(report.heading("activities"), level=2)
        if report.activities_note:
            document.add_paragraph(report.activities_note).runs[0].italic = True
        for group in report.activities:
            for text in group.paragraphs:
                paragraph(text)
    document.add_heading(report.heading("highlights"), level=2)
    bullet = document.styles["List Bullet"]  # found once: a style given by name is looked up every time
    for sentence in report.highlights:
        document.add_paragraph(sentence, style=bullet)

    document.add_heading(report.heading("key_figures"), level=2)
    figures = report.key_figures
    table = document.add_table(rows=len(figures.rows) + 1, cols=len(figures.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Cells are taken a row at a time: table.cell(i, j) lists every cell of the table anew.
    rows = [row.cells for row in table.rows]
    for j, header in enumerate(figures.header):
        cell = rows[0][j]
        cell.text = header
        for r in cell.paragraphs[0].runs:
            r.bold = True
            r.font.size = Pt(10)
    for i, row in enumerate(figures.rows, start=1):
        for j, value in enumerate(row):
            cell = rows[i][j]
            cell.text = value
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT if j == 0 else WD_ALIGN_PARAGRAPH.RIGHT
            for r in cell.paragraphs[0].runs:
                r.font.size = Pt(10)
    if figures.note:
        note = document.add_paragraph(figures.note)
        for r in note.runs:
            r.font.size = Pt(10)

    document.add_heading(report.heading("charts"), level=2)
    for chart in charts:
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(str(chart.png), width=Cm(17.0))
        caption = document.add_paragraph(chart.figure.caption)
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for r in caption.runs:
            r.italic = True
            r.font.size = Pt(11)

    document.add_heading(report.heading("notes"), level=2)
    for line in (*report.notes, *report.technical):
        p = document.add_paragraph(line)
        for r in p.runs:
            r.font.size = Pt(10)
    return write_atomically(path, document.save)


__all__ = ["write_docx"]
