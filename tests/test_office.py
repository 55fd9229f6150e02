"""The PPTX and DOCX beside the HTML: read back as a user's office program would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation
from pptx.util import Inches

pytestmark = pytest.mark.slow


def test_presentation_has_title_table_and_one_picture_slide_per_chart(august):
    deck = Presentation(august / "report.pptx")
    slides = list(deck.slides)
    charts = sorted((august / "charts").glob("*.png"))
    assert len(slides) == 2 + len(charts)
    assert "за серпень 2021 року" in slides[0].shapes.title.text
    tables = [s for s in slides[1].shapes if s.has_table]
    assert len(tables) == 1
    table = tables[0].table
    rows = [[table.cell(r, c).text for c in range(len(table.columns))] for r in range(len(table.rows))]
    assert rows[0][1] == "Серпень 2021" and rows[0][2] == "Липень 2021"
    news = next(r for r in rows if r[0].startswith("Новини"))
    assert news[1] == "296"
    for slide, chart in zip(slides[2:], charts):
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1
        assert slide.shapes.title.text.startswith("Рисунок")
        # the picture fills the content area: full height below the title, 16:9
        assert pictures[0].height > Inches(6.0)
        assert pictures[0].width / pictures[0].height == pytest.approx(16 / 9, rel=0.01)
        assert pictures[0].image.blob == chart.read_bytes()


def test_word_document_holds_the_published_figures_and_activities(august):
    document = Document(august / "report.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    # the date line (with room for the outgoing number), then the title
    assert document.paragraphs[0].text.endswith("№ ____________")
    assert document.paragraphs[1].text.startswith("Звіт про роботу відділу")
    assert "Підготовлено та розміщено 296 новин та інших інформаційних матеріалів." in text
    assert "68 матеріалів з фото" in text and "19 відеосюжетів" in text
    assert "онлайн робочу зустріч" in text and "ТОВ ТРК «ТІМ»" in text
    assert "Рисунок 1." in text and "Рисунок 4." in text
    cells = [cell.text for cell in document.tables[0].rows[1].cells]
    assert cells[0].startswith("Новини") and cells[1] == "296"
    assert len(document.inline_shapes) >= 4


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_both_without_repair(august, tmp_path):
    for name in ("report.docx", "report.pptx"):
        completed = subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
             "--outdir", str(tmp_path), str(august / name)],
            capture_output=True, text=True, timeout=240)
        pdf = tmp_path / Path(name).with_suffix(".pdf").name
        assert completed.returncode == 0 and pdf.exists() and pdf.stat().st_size > 10_000, completed.stderr
        assert pdf.read_bytes().startswith(b"%PDF")


def test_presentation_pictures_have_the_figures_alt_text_and_slides_unique_titles(august):
    import json

    deck = Presentation(august / "report.pptx")
    figures = json.loads((august / "content.json").read_text(encoding="utf-8"))["figures"]
    pictures = [shape for slide in deck.slides for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) == len(figures)
    for picture, figure in zip(pictures, figures):
        description = picture._element.nvPicPr.cNvPr.get("descr")
        assert description == figure["alt"] and "Рисунок" not in description
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert all(titles) and len(set(titles)) == len(titles)


def test_presentation_properties_are_the_reports_not_the_templates(august):
    import json
    import zipfile

    content = json.loads((august / "content.json").read_text(encoding="utf-8"))
    properties = Presentation(august / "report.pptx").core_properties
    assert properties.title == content["title"]
    assert properties.author == properties.last_modified_by == content["department"]
    assert properties.language == "uk-UA"
    assert properties.created == properties.modified and properties.created.year >= 2024
    with zipfile.ZipFile(august / "report.pptx") as package:
        core = package.read("docProps/core.xml").decode("utf-8")
        app = package.read("docProps/app.xml").decode("utf-8")
    assert "Steve Canny" not in core and "python-pptx" not in core and "2013" not in core
    assert f"<Company>{content['department']}</Company>" in app and "Widescreen" in app


def test_unique_titles_number_a_repeated_one():
    from dept_analysis.render.pptx import unique_titles

    assert unique_titles(["A", "B", "A", "A"]) == ["A", "B", "A (2)", "A (3)"]
