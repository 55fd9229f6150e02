"""The department's own PowerPoint and Word templates, named in the catalog's [documents]:
the deck on the template's master and layouts (found by name), the Word report on its blank
(header, page setup, styles), and every mistake in [documents] said in the clerk's words."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import docx
import pandas as pd
import pptx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.shared import RGBColor as WordColour
from PIL import Image
from pptx.dml.color import RGBColor as SlideColour

from dept_analysis.catalog import load_catalog
from dept_analysis.cli import main
from dept_analysis.problems import DataValidationError, ProblemCode
from dept_analysis.render.office_templates import open_document, open_presentation

# A template differs from a document by its main part's content type only.
PPTX_DOCUMENT = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
PPTX_TEMPLATE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
DOCX_DOCUMENT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCX_TEMPLATE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
MASTER_BLUE = SlideColour(0x0B, 0x3D, 0x91)
LETTERHEAD = "Виконавчий комітет Ніжинської міської ради"


# -- templates as a department would make them ---------------------------------------------------

def _save_as_template(document, path: Path, document_type: bytes, template_type: bytes) -> Path:
    """Save ``document`` as PowerPoint or Word saves a template (.potx, .dotx)."""
    buffer = io.BytesIO()
    document.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                assert document_type in data
                data = data.replace(document_type, template_type)
            target.writestr(item, data)
    return path


def deck_template(path: Path, title_layout: str = "Титульний слайд") -> Path:
    """A .potx from python-pptx's blank: its title layout renamed, the master painted blue,
    and two sample slides (one with speaker notes) that a report must not carry."""
    deck = pptx.Presentation()
    deck.slide_layouts[0].name = title_layout
    fill = deck.slide_masters[0].background.fill
    fill.solid()
    fill.fore_color.rgb = MASTER_BLUE
    sample = deck.slides.add_slide(deck.slide_layouts[0])
    sample.shapes.title.text = "Зразок титульного слайда"
    sample.notes_slide.notes_text_frame.text = "Нотатки зразка"
    deck.slides.add_slide(deck.slide_layouts[5]).shapes.title.text = "Зразок слайда із заголовком"
    return _save_as_template(deck, path, PPTX_DOCUMENT, PPTX_TEMPLATE)


def _picture() -> io.BytesIO:
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(picture, format="PNG")
    picture.seek(0)
    return picture


def word_template(path: Path, header: str | None = LETTERHEAD, bare_styles: bool = False) -> Path:
    """A .dotx blank: A4 with margins of its own (35/20/25/25 mm), a header, a sample body
    (text and a logo) that a report must not carry. ``bare_styles``: as Word saves a blank,
    with only the styles it uses (no headings, caption, bulleted list, table grid) and its
    own body font, Arial 12; otherwise Heading 1 in the department's Georgia, dark blue."""
    blank = docx.Document()
    section = blank.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(35), Mm(20)
    section.top_margin, section.bottom_margin = Mm(25), Mm(25)
    if header:
        section.header.paragraphs[0].text = header
    blank.add_paragraph("Текст зразка бланка")
    blank.add_picture(_picture(), width=Mm(30))
    if bare_styles:
        blank.styles["Normal"].font.name = "Arial"
        blank.styles["Normal"].font.size = Pt(12)
        styles = blank.styles.element
        for style in list(styles.findall(qn("w:style"))):
            if style.find(qn("w:name")).get(qn("w:val")) in {"heading 1", "heading 2", "heading 3", "caption",
                                                             "List Bullet", "Table Grid", "Title"}:
                styles.remove(style)
    else:
        heading = blank.styles["Heading 1"]
        heading.font.name = "Georgia"
        heading.font.color.rgb = WordColour(0x1F, 0x38, 0x64)
    return _save_as_template(blank, path, DOCX_DOCUMENT, DOCX_TEMPLATE)


def name_in_catalog(folder: Path, documents: str) -> None:
    """Append a [documents] table to the folder's catalog.toml, as a clerk would."""
    catalog = folder / "catalog.toml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n" + documents, encoding="utf-8")


@pytest.fixture
def templated(sample_data_dir: Path) -> Path:
    """A copy of the sample data whose catalog names both templates, kept in templates/."""
    deck_template(sample_data_dir / "templates" / "deck.potx")
    word_template(sample_data_dir / "templates" / "blank.dotx")
    name_in_catalog(sample_data_dir, '[documents]\npptx_template = "templates/deck.potx"\n'
                                      'docx_template = "templates/blank.dotx"\nslide_charts = "pictures"\n'
                                      '[documents.layouts]\ntitle = "Титульний слайд"\n')
    return sample_data_dir


# -- the deck ------------------------------------------------------------------------------------------

def test_a_potx_is_refused_by_python_pptx_itself(tmp_path):
    """What open_presentation overcomes (python-pptx#1070): the template fixture is real."""
    with pytest.raises(ValueError, match="template.main"):
        pptx.Presentation(str(deck_template(tmp_path / "deck.potx")))


def test_the_deck_takes_the_templates_master_and_its_layouts_by_the_catalogs_names(templated):
    settings = load_catalog(templated).documents
    assert settings.pptx_template == templated / "templates" / "deck.potx"
    assert settings.slide_charts == "pictures"

    deck, layouts = open_presentation(settings)
    assert {role: layout.name for role, layout in layouts.items()} == {"title": "Титульний слайд",
                                                                       "title_only": "Title Only"}
    assert deck.slide_masters[0].background.fill.fore_color.rgb == MASTER_BLUE
    # the template's own size (python-pptx's blank is 4:3), not the built-in 16:9
    assert (deck.slide_width, deck.slide_height) == (pptx.util.Inches(10), pptx.util.Inches(7.5))
    assert len(deck.slides) == 0

    slide = deck.slides.add_slide(layouts["title"])
    slide.shapes.title.text = "Звіт за серпень 2021 року"
    written = templated / "deck.pptx"
    deck.save(written)
    with zipfile.ZipFile(written) as package:
        names = package.namelist()
        content_types = package.read("[Content_Types].xml")
        relationships = package.read("ppt/_rels/presentation.xml.rels").decode("utf-8")
    # the sample slides and their notes are gone from the file, not only from the slide list
    assert [n for n in names if n.startswith("ppt/slides/") and n.endswith(".xml")] == ["ppt/slides/slide1.xml"]
    assert not [n for n in names if n.startswith("ppt/notesSlides/")]
    assert relationships.count("relationships/slide\"") == 1
    assert PPTX_DOCUMENT in content_types and PPTX_TEMPLATE not in content_types
    reopened = pptx.Presentation(str(written))
    assert [s.shapes.title.text for s in reopened.slides] == ["Звіт за серпень 2021 року"]
    assert reopened.slides[0].slide_layout.name == "Титульний слайд"


def test_without_a_template_the_deck_is_16_by_9_on_python_pptxs_layouts(data_dir):
    deck, layouts = open_presentation(load_catalog(data_dir).documents)
    assert (deck.slide_width, deck.slide_height) == (pptx.util.Inches(13.333), pptx.util.Inches(7.5))
    assert {role: layout.name for role, layout in layouts.items()} == {"title": "Title Slide",
                                                                       "title_only": "Title Only"}


def test_a_layout_the_template_lacks_is_named_with_the_file_and_the_layouts_it_has(data_dir):
    deck_template(data_dir / "deck.potx")
    name_in_catalog(data_dir, '[documents]\npptx_template = "deck.potx"\n'
                              '[documents.layouts]\ntitle = "Обкладинка"\n')
    with pytest.raises(DataValidationError) as caught:
        open_presentation(load_catalog(data_dir).documents)
    [problem] = caught.value.problems
    assert problem.code == ProblemCode.TEMPLATE_LAYOUT_MISSING
    assert problem.file == "deck.potx"
    for message in (problem.message_uk, problem.message_en):
        assert "deck.potx" in message and "Обкладинка" in message and "catalog.toml" in message
        assert "Титульний слайд" in message and "Title Only" in message  # the layouts it has
    assert "«Обкладинка»" in problem.message_uk and "'Обкладинка'" in problem.message_en
    # the whole table, as the command line prints it, names them too
    assert "deck.potx" in str(caught.value) and "Обкладинка" in str(caught.value)


def test_check_opens_the_templates_and_reports_a_missing_layout_before_any_run(templated):
    good = CliRunner().invoke(main, ["check", str(templated)])
    assert good.exit_code == 0, good.output
    assert "deck.potx" in good.output and "blank.dotx" in good.output

    catalog = templated / "catalog.toml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('title = "Титульний слайд"',
                                                                    'title = "Обкладинка"'), encoding="utf-8")
    bad = CliRunner().invoke(main, ["check", str(templated)])
    assert bad.exit_code == 1
    assert "deck.potx" in bad.output and "Обкладинка" in bad.output


def test_a_template_that_does_not_open_is_a_problem_not_a_traceback(data_dir):
    (data_dir / "deck.pptx").write_bytes(b"not a presentation at all")
    name_in_catalog(data_dir, '[documents]\npptx_template = "deck.pptx"\n')
    with pytest.raises(DataValidationError) as caught:
        open_presentation(load_catalog(data_dir).documents)
    [problem] = caught.value.problems
    assert problem.code == ProblemCode.TEMPLATE_UNREADABLE and problem.file == "deck.pptx"
    assert "pptx_template" in problem.message_uk and "PowerPoint" in problem.message_en


# -- the Word report ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def august_report():
    from dept_analysis import config
    from dept_analysis.content import build_report
    from dept_analysis.loading import load_data

    return build_report(load_data(config.DATA_DIR), pd.Period("2021-08", "M"), "uk")


def _word_report(folder: Path, report, name: str = "report.docx") -> Path:
    from dept_analysis.render.docx import write_docx

    return write_docx(report, [], folder / name, load_catalog(folder).documents)


def test_the_word_report_keeps_the_blanks_header_page_setup_and_styles(templated, august_report):
    path = _word_report(templated, august_report)
    written = docx.Document(str(path))
    section = written.sections[-1]
    assert [p.text for p in section.header.paragraphs] == [LETTERHEAD]
    # the template's header wins: no page number is put into it
    assert not list(section.header._element.iter(qn("w:fldSimple")))
    for side, millimetres in (("left", 35), ("right", 20), ("top", 25), ("bottom", 25)):
        assert abs(getattr(section, f"{side}_margin") - Mm(millimetres)) < Mm(0.1), side
    heading = written.styles["Heading 1"]
    assert heading.font.name == "Georgia" and heading.font.color.rgb == WordColour(0x1F, 0x38, 0x64)

    paragraphs = written.paragraphs
    assert paragraphs[1].text == august_report.title and paragraphs[1].style.name == "Heading 1"
    text = "\n".join(p.text for p in paragraphs)
    assert "Текст зразка бланка" not in text
    # the key figures fit the blank's 155 mm between its margins, not the standard's 170 mm
    grid = written.tables[0]._tbl.tblGrid
    width = sum(int(column.get(qn("w:w"))) for column in grid.findall(qn("w:gridCol")))
    assert abs(width - Mm(155).twips) < Mm(1).twips
    with zipfile.ZipFile(path) as package:
        assert not [n for n in package.namelist() if n.startswith("word/media/")]  # the blank's logo
        content_types = package.read("[Content_Types].xml")
        styles = package.read("word/styles.xml").decode("utf-8")
    assert DOCX_DOCUMENT in content_types and DOCX_TEMPLATE not in content_types
    assert 'w:lang w:val="uk-UA"' in styles


def test_a_bare_word_blank_gets_the_styles_it_lacks_in_its_own_font_and_page_numbers(data_dir, august_report):
    word_template(data_dir / "blank.dotx", header=None, bare_styles=True)
    name_in_catalog(data_dir, '[documents]\ndocx_template = "blank.dotx"\n')
    path = _word_report(data_dir, august_report)
    written = docx.Document(str(path))
    normal = written.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Arial", Pt(12))  # not the standard's TNR 14
    for level in (1, 2):
        style = written.styles[f"Heading {level}"]
        assert style.base_style.name == "Normal" and style.font.bold and style.font.name is None
        assert style.element.pPr.outlineLvl.val == level - 1
    bullets = [p for p in written.paragraphs if p.style.name == "List Bullet"]
    assert [p.text for p in bullets] == list(august_report.highlights)
    num_id = written.styles["List Bullet"].element.pPr.numPr.numId.val
    numbering = written.part.numbering_part.element
    abstract = numbering.num_having_numId(num_id).abstractNumId.val
    [level_text] = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl/w:lvlText/@w:val')
    assert level_text == "–"
    assert written.tables[0].style.name == "Table Grid"
    # a blank without a header of its own: page numbers at the top, from page 2
    section = written.sections[-1]
    assert [f.get(qn("w:instr")).strip() for f in section.header._element.iter(qn("w:fldSimple"))] == ["PAGE"]
    assert section.different_first_page_header_footer


def test_open_document_keeps_a_dotxs_section_and_drops_its_body(tmp_path):
    from dept_analysis.document_settings import DocumentSettings

    document = open_document(DocumentSettings(docx_template=word_template(tmp_path / "blank.dotx")))
    assert [p.text for p in document.paragraphs] == []
    assert document.sections[-1].header.paragraphs[0].text == LETTERHEAD
    assert abs(document.sections[-1].left_margin - Mm(35)) < Mm(0.1)


# -- [documents] in the catalog ---------------------------------------------------------------------

def _problems(folder: Path) -> dict:
    with pytest.raises(DataValidationError) as caught:
        load_catalog(folder)
    return {problem.code: problem for problem in caught.value.problems}


def test_mistakes_in_documents_are_catalog_problems_in_the_clerks_words(data_dir):
    (data_dir / "deck.ppt").write_bytes(b"an old PowerPoint file")
    name_in_catalog(data_dir, '[documents]\npptx_template = "deck.ppt"\ndocx_template = "шаблони/бланк.dotx"\n'
                              'slide_charts = "картинки"\nlayout = "Title Slide"\n'
                              '[documents.layouts]\nobkladynka = "Титульний слайд"\n')
    problems = _problems(data_dir)
    assert set(problems) == {ProblemCode.CATALOG_TEMPLATE_SUFFIX, ProblemCode.CATALOG_TEMPLATE_MISSING,
                             ProblemCode.CATALOG_SLIDE_CHARTS, ProblemCode.CATALOG_DOCUMENTS_KEY,
                             ProblemCode.CATALOG_LAYOUT_ROLE}
    for problem in problems.values():
        assert problem.file == "catalog.toml"
        assert "catalog.toml" in problem.message_uk and "catalog.toml" in problem.message_en

    suffix = problems[ProblemCode.CATALOG_TEMPLATE_SUFFIX]
    assert suffix.value == "deck.ppt"
    assert "pptx_template" in suffix.message_uk and ".pptx або .potx" in suffix.message_uk
    assert ".pptx or .potx" in suffix.message_en
    missing = problems[ProblemCode.CATALOG_TEMPLATE_MISSING]
    assert "docx_template" in missing.message_uk and "шаблони/бланк.dotx" in missing.message_uk
    assert str(data_dir / "шаблони" / "бланк.dotx") in missing.message_en
    charts = problems[ProblemCode.CATALOG_SLIDE_CHARTS]
    assert "картинки" in charts.message_uk and '"native"' in charts.message_uk and '"pictures"' in charts.message_en
    assert "«layout»" in problems[ProblemCode.CATALOG_DOCUMENTS_KEY].message_uk
    role = problems[ProblemCode.CATALOG_LAYOUT_ROLE]
    assert "obkladynka" in role.message_en and "title, title_only" in role.message_en


def test_a_relative_template_path_stays_in_the_data_folder(data_dir):
    word_template(data_dir.parent / "shared" / "blank.dotx")
    name_in_catalog(data_dir, '[documents]\ndocx_template = "../shared/blank.dotx"\n')
    problem = _problems(data_dir)[ProblemCode.CATALOG_TEMPLATE_OUTSIDE]
    assert "../shared/blank.dotx" in problem.message_uk and "docx_template" in problem.message_en


def test_a_full_path_and_a_word_dotx_are_accepted(data_dir, tmp_path):
    blank = word_template(tmp_path / "shared" / "blank.dotx")
    name_in_catalog(data_dir, f"[documents]\ndocx_template = '{blank}'\nslide_charts = \"Native\"\n")
    settings = load_catalog(data_dir).documents
    assert settings.docx_template == blank and settings.pptx_template is None
    assert settings.slide_charts == "native"


# -- a whole run ---------------------------------------------------------------------------------------

def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_a_run_uses_keeps_and_follows_the_templates(templated, tmp_path):
    from dept_analysis.runner import run_report

    out = tmp_path / "outputs"
    first = run_report("2021-08", data_dir=templated, output_root=out)
    folder = first.output_dir
    for name in ("deck.potx", "blank.dotx"):
        copy = folder / "sources" / "templates" / name
        assert copy.read_bytes() == (templated / "templates" / name).read_bytes()
    stamp = json.loads((folder / "inputs.json").read_text(encoding="utf-8"))
    assert stamp["templates"] == {"docx_template": _sha256(templated / "templates" / "blank.dotx"),
                                  "pptx_template": _sha256(templated / "templates" / "deck.potx")}
    deck = pptx.Presentation(str(folder / "report.pptx"))
    assert deck.slides[0].slide_layout.name == "Титульний слайд"
    assert deck.slide_masters[0].background.fill.fore_color.rgb == MASTER_BLUE
    assert docx.Document(str(folder / "report.docx")).sections[-1].header.paragraphs[0].text == LETTERHEAD

    assert run_report("2021-08", data_dir=templated, output_root=out).skipped
    word_template(templated / "templates" / "blank.dotx", header="Відділ комунікацій")  # a new blank
    again = run_report("2021-08", data_dir=templated, output_root=out)
    assert not again.skipped
    assert docx.Document(str(folder / "report.docx")).sections[-1].header.paragraphs[0].text == "Відділ комунікацій"
