"""The English report's documents: in English, with the activities quoted from the workbook
said to be Ukrainian and marked as Ukrainian, as the page marks them with lang."""

from __future__ import annotations

import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation

from built_reports import built_report
from dept_analysis.model import report_from_json

pytestmark = pytest.mark.slow
QUOTED_NOTE = "Quoted in Ukrainian, as written in the month's workbook."


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    return built_report("2021-08", "en", tmp_path_factory)


def test_word_is_english_and_marks_the_quoted_activities_ukrainian(english):
    document = Document(english / "report.docx")
    assert document.core_properties.language == "en-GB"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == "en-GB"
    text = [p.text for p in document.paragraphs]
    assert QUOTED_NOTE in text
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} No\. _{6,}", text[0])
    marked = [run for p in document.paragraphs for run in p.runs
              if run._r.rPr is not None and run._r.rPr.find(qn("w:lang")) is not None]
    assert marked and all(run._r.rPr.find(qn("w:lang")).get(qn("w:val")) == "uk-UA" for run in marked)
    quoted = " ".join(run.text for run in marked)
    assert "онлайн робочу зустріч" in quoted
    assert "News items and other information materials prepared and published: 296." not in quoted
    position, name = (cell.text for cell in document.tables[-1].rows[0].cells)
    assert position.startswith("Head of the Department") and name == "Oksana KOVALENKO"


def test_pdf_is_english_with_the_quoted_activities_tagged_ukrainian(english):
    pikepdf = pytest.importorskip("pikepdf")
    from test_documents_pdf import page_texts, structure

    report = report_from_json((english / "content.json").read_text(encoding="utf-8"))
    with pikepdf.open(english / "report.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en"
        assert pdf.open_metadata().get("dc:title") == report.title
        languages = {str(element.Lang) for element in structure(pdf) if "/Lang" in element}
    assert languages == {"uk"}  # the activities' block, and nothing else
    text = " ".join(page_texts(english / "report.pdf"))
    assert QUOTED_NOTE in text and "онлайн робочу зустріч" in text
    assert "News items and other information materials prepared and published: 296." in text


def test_presentation_properties_are_english(english):
    deck = Presentation(english / "report.pptx")
    assert deck.core_properties.language == "en-GB"
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title is not None]
    assert titles[1:3] == ["Highlights", "Key figures"]
