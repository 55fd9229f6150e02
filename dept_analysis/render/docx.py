"""The report as a Word document, for the council's document flow.

Shaped as an official document (ДСТУ 4163-2020): A4, margins 30/10/20/20 mm (left, right,
top, bottom); one font, Times New Roman 14 pt, headings in it too, bold and black; page
numbers from page 2, at the top in the middle; a date line with room for the outgoing
number; the signature block from the catalog. Tables keep their header row on every page
and never split a row. Every picture carries the figure's alt text; the file's properties
are the report's own (see :mod:`.office`).

The department's own template (``docx_template`` in the catalog's ``[documents]``, opened by
:mod:`.office_templates`) is its official blank, already made to the standard as the
department reads it: where it speaks, it wins. The report then keeps the template's page
size and margins, its headers and footers (the page number is added only to a template
without a header of its own), its styles (fonts, sizes, colours, spacing, the bullets'
numbering) and its document defaults. Styles the writer needs and the template lacks (a
blank saved from Word holds only the styles it uses: often no headings, caption, bulleted
list or table grid) are added in the template's body font, headings bold with their outline
level. What the writer still sets, with or without a template, is what the standard asks of
the text itself: the date line, justified paragraphs with a 12.5 mm first-line indent,
tables and pictures fitted to the width between the margins (the template's), a table's
header row on every page, captions and the signature block; and the document's language.

Written from the report model and the chart files only. python-docx stores text as text:
nothing from a workbook can become markup, a field code or a formula here. A line break or
a tab typed in a workbook's paragraph stays one (python-docx turns "\\n" and "\\t" in a run's
text into Word's own break and tab).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Sequence

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from ..document_settings import DocumentSettings
from ..files import write_atomically
from ..model import Report, Table
from .charts import ChartFile
from .html import SOURCE_LANGUAGE
from .office import locale, set_alt_text, set_app_properties, set_core_properties
from .office_templates import open_document
from .paper import date_line, for_paper

FONT = "Times New Roman"
BODY_SIZE = 14
NOTE_SIZE = 12
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS_MM = {"left": 30, "right": 10, "top": 20, "bottom": 20}
TEXT_WIDTH_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]
FIRST_LINE_INDENT = Mm(12.5)
# The tables' cell margins (1 mm a side), and 1 mm of slack for Word's rounding.
CELL_MARGIN = Mm(1)
CELL_PADDING_MM = 2 * 1 + 1.0
# A table's first column names its rows: never narrower than this.
FIRST_COLUMN_MIN_MM = 42
TABLE_SIZES = (12, 11, 10, 9)


# -- the document's styles ----------------------------------------------------------------------

def _set_font(r_pr, size: int | None = None) -> None:
    """One family for every script, without the theme's fonts (which would win over it)."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            node = r_pr.find(qn(tag))
            if node is None:
                node = OxmlElement(tag)
                r_pr.append(node)
            node.set(qn("w:val"), str(size * 2))


def _set_styles(document, lang: str) -> None:
    """Times New Roman 14 pt everywhere; headings bold and black; the document's language."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_font(defaults, BODY_SIZE)
    _set_language(document, lang)
    paragraph_defaults = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = paragraph_defaults.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    # Every style the template has: no theme font anywhere, no theme colour on any text.
    for r_pr in styles.iter(qn("w:rPr")):
        _set_font(r_pr)
        for colour in r_pr.findall(qn("w:color")):
            r_pr.remove(colour)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_SIZE)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Caption", "Title"):
        style = document.styles[name]
        style.font.name, style.font.size = FONT, Pt(BODY_SIZE)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.bold = name.startswith("Heading")
        style.font.italic = False
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    document.styles["Caption"].paragraph_format.keep_with_next = False
    _set_bullets(document)


def _set_bullets(document) -> None:
    """Lists use a dash in the body's font, as Ukrainian official documents do (the
    template's bullet is a Symbol-font glyph)."""
    numbering = document.part.numbering_part.element
    for level in numbering.iter(qn("w:lvl")):
        kind = level.find(qn("w:numFmt"))
        if kind is None or kind.get(qn("w:val")) != "bullet":
            continue
        level.find(qn("w:lvlText")).set(qn("w:val"), "–")
        r_pr = level.find(qn("w:rPr"))
        if r_pr is None:
            r_pr = OxmlElement("w:rPr")
            level.append(r_pr)
        _set_font(r_pr)


def _set_language(document, lang: str) -> None:
    """The document's language, for spelling and screen readers: the defaults' and that of
    every style naming one (a template's may name another)."""
    styles = document.styles.element
    parent = styles
    for tag in ("w:docDefaults", "w:rPrDefault", "w:rPr"):
        child = parent.find(qn(tag))
        if child is None:
            child = OxmlElement(tag)
            parent.insert(0, child)
        parent = child
    if parent.find(qn("w:lang")) is None:
        parent.append(OxmlElement("w:lang"))
    for language in styles.iter(qn("w:lang")):
        language.set(qn("w:val"), locale(lang))


def _dash_numbering(document) -> int:
    """A new one-level list numbering whose bullet is a dash; its number (``w:numId``)."""
    numbering = document.part.numbering_part.element
    abstracts = numbering.findall(qn("w:abstractNum"))
    abstract_id = max((int(a.get(qn("w:abstractNumId"))) for a in abstracts), default=-1) + 1
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="bullet"/><w:lvlText w:val="–"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>')
    # The schema's order: every abstract numbering before the first numbering that uses one.
    first_num = numbering.find(qn("w:num"))
    if abstracts:
        abstracts[-1].addnext(abstract)
    elif first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return numbering.add_num(abstract_id).numId


def _complete_styles(document) -> None:
    """Add the styles the writer uses that a template lacks, in the template's body font
    (they are based on its Normal): headings bold, kept with the next paragraph, with their
    outline level (Word's navigation pane, a PDF's bookmarks); the caption; a list with a
    dash; the table grid (python-docx's)."""
    styles = document.styles
    normal = styles["Normal"]

    def added(name: str):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH, builtin=True)
        style.base_style, style.next_paragraph_style = normal, normal
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(12), Pt(6)
        return style

    for level, name in enumerate(("Heading 1", "Heading 2", "Heading 3")):
        if name not in styles:
            style = added(name)
            style.font.bold = True
            style.paragraph_format.keep_with_next = True
            style.element.get_or_add_pPr().get_or_add_outlineLvl().val = level
    if "Caption" not in styles:
        added("Caption")
    if "List Bullet" not in styles:
        style = added("List Bullet")
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
        style.element.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = _dash_numbering(document)
    if "Table Grid" not in styles:
        grid = copy.deepcopy(Document().styles["Table Grid"].element)
        based_on = grid.find(qn("w:basedOn"))
        if based_on is not None and styles.element.get_by_id(based_on.get(qn("w:val"))) is None:
            grid.remove(based_on)
        styles.element.append(grid)


def _set_page(document) -> None:
    """A4 with the standard's margins; the page number at the top centre from page 2."""
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side, millimetres in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Mm(millimetres))
    section.header_distance = section.footer_distance = Mm(10)
    _number_pages(section)


def _has_header(section) -> bool:
    """Whether a template's section has a header of its own on its pages (its first page's
    header alone, a letterhead, leaves the others to be numbered)."""
    return not section.header.is_linked_to_previous


def _number_pages(section) -> None:
    """The page number at the top centre from page 2; the first page's header stays as it is
    (empty, or a template's letterhead for the first page)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def text_width_of(document) -> float:
    """The width (mm) between the margins of the section the report is written in: the
    standard's 170 mm, or what a template's page setup leaves."""
    section = document.sections[-1]
    if None in (section.page_width, section.left_margin, section.right_margin):
        return TEXT_WIDTH_MM
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


# -- text ------------------------------------------------------------------------------------

def _mark_language(run, tag: str) -> None:
    """Say a run's language (quoted Ukrainian in an English report), as HTML's lang does."""
    r_pr = run._r.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), tag)
    r_pr.append(language)


def _size(paragraph, size: int) -> None:
    for run in paragraph.runs:
        run.font.size = Pt(size)


def _keep_rows_whole(table) -> None:
    """The header row repeats on every page; no row is split across two pages."""
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))


# -- tables laid out for A4 ------------------------------------------------------------------

# Advance widths of bold Times New Roman, in thousandths of an em, by character (the same as
# Liberation Serif's, which is metric-compatible with it and what CI and LibreOffice set the
# text in). Bold is never narrower than regular: what fits bold fits either. Characters not
# listed count as a whole em.
_ADVANCES = {
    250: " .,", 278: "ilії/'", 333: "fjt:;!()[]-’", 389: "sIґІЇ", 402: "з", 432: "єэ", 444: "cerzесё",
    454: "г", 491: "т", 500: "0123456789agovxyJабоух?–*«»", 506: "д", 520: "Ґ", 528: "З", 529: "ь",
    540: "в", 541: "я", 555: '"', 556: "bdhknpquSр", 561: "л", 564: "ч", 570: "+−", 576: "ийкнпц",
    583: "ъ", 611: "FPР", 636: "Г", 661: "БЬ", 667: "BELTZВЕТЁ", 678: "ЄЭ", 681: "м", 688: "Д", 692: "ф",
    722: "wACDNRUVXYАСХЯ", 725: "жК", 734: "УЧ", 745: "Л", 764: "ю", 765: "Ъ", 778: "GHKOQИЙНОПЦ",
    781: "ы", 833: "m&", 844: "шщ", 859: "Ф", 944: "MМ", 982: "Ы", 989: "Ж", 1000: "W—%", 1005: "№",
    1098: "ШЩ", 1126: "Ю",
}
_ADVANCE = {character: width for width, characters in _ADVANCES.items() for character in characters}


def text_width_mm(text: str, size: float) -> float:
    """How wide ``text`` is set in bold Times New Roman at ``size`` points."""
    return sum(_ADVANCE.get(character, 1000) for character in text) / 1000 * size * 25.4 / 72


def column_widths(table: Table, text_width: float = TEXT_WIDTH_MM) -> tuple[int, list[float]]:
    """The font size and column widths (mm) that fit ``table`` across the page's
    ``text_width`` (mm): each number column as wide as its longest word, the first column
    the rest. Words are never broken: a table too wide for that is set smaller."""
    columns = len(table.header)
    for size in TABLE_SIZES:
        widths = []
        for j in range(1, columns):
            cells = [table.header[j], *(row[j] for row in table.rows if j < len(row))]
            longest = max((text_width_mm(word, size) for cell in cells for word in cell.split(" ")), default=0)
            widths.append(longest + CELL_PADDING_MM)
        first = text_width - sum(widths)
        names = [table.header[0], *(row[0] for row in table.rows)]
        longest_name = max((text_width_mm(w, size) for n in names for w in n.split(" ")), default=0)
        if first >= max(FIRST_COLUMN_MIN_MM, longest_name + CELL_PADDING_MM):
            return size, [first, *widths]
    # Still too wide at the smallest size: share the page evenly; Word wraps what it must.
    return TABLE_SIZES[-1], [text_width / columns] * columns


def _set_cell_margins(grid) -> None:
    """Narrower cell margins than Word's 1.9 mm, so numbers get the room (in the schema's
    place: before ``w:tblLook``)."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_MARGIN.twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties = grid._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def _add_table(document, table: Table) -> None:
    """A table of the model: the first column names the rows, numbers are right-aligned."""
    size, widths = column_widths(table, text_width_of(document))
    grid = document.add_table(rows=len(table.rows) + 1, cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False  # a fixed layout: Word and LibreOffice keep the widths given
    _set_cell_margins(grid)
    for column, width in zip(grid.columns, widths):
        column.width = Mm(width)
    # Cells are taken a row at a time: table.cell(i, j) lists every cell of the table anew.
    for i, (row, texts) in enumerate(zip(grid.rows, (table.header, *table.rows))):
        for j, (cell, text) in enumerate(zip(row.cells, texts)):
            cell.width = Mm(widths[j])
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(text)
            run.font.size = Pt(size)
            if i == 0:
                run.bold = True
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if j == 0 else WD_ALIGN_PARAGRAPH.RIGHT
    _keep_rows_whole(grid)
    if table.note:
        _size(document.add_paragraph(table.note), NOTE_SIZE)


# -- the parts of the document ----------------------------------------------------------------

def _date_line(document, report: Report) -> None:
    """The document's date, and room for the outgoing number the clerk writes in."""
    line = document.add_paragraph(date_line(report))
    line.paragraph_format.space_after = Pt(12)


def _signature(document, report: Report) -> None:
    """Position on the left, name on the right at the level of the position's last line."""
    if not report.signatory:
        return
    position, name = report.signatory
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_before = Pt(24)
    spacer.paragraph_format.keep_with_next = True
    block = document.add_table(rows=1, cols=2)
    block.autofit = False
    text_width = text_width_of(document)
    left, right = Mm(text_width * 0.62), Mm(text_width * 0.38)
    for column, width in zip(block.columns, (left, right)):
        column.width = width
    cells = block.rows[0].cells
    for cell, width, text, alignment in ((cells[0], left, position, WD_ALIGN_PARAGRAPH.LEFT),
                                         (cells[1], right, name, WD_ALIGN_PARAGRAPH.RIGHT)):
        cell.width = width
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        cell.paragraphs[0].add_run(text)
        cell.paragraphs[0].alignment = alignment
    block.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _picture(document, chart: ChartFile) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(6)
    shape = paragraph.add_run().add_picture(str(chart.png), width=Mm(text_width_of(document) - 5))
    set_alt_text(shape._inline.docPr, chart.figure.alt, chart.figure.caption)
    caption = document.add_paragraph(chart.figure.caption, style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER


def write_docx(report: Report, charts: Sequence[ChartFile], path: Path,
               settings: DocumentSettings | None = None) -> Path:
    """Write the narrative report as an editable Word document in the shape of the
    department's own: date line, title, introduction, the counted work, the other
    activities, highlights, the key-figures table, the charts with captions, notes and the
    signature; on the department's template when ``settings`` name one (see the module's
    description for what the template decides)."""
    report = for_paper(report)
    settings = settings or DocumentSettings()
    document = open_document(settings)
    if settings.docx_template is None:
        _set_styles(document, report.lang)
        _set_page(document)
    else:
        _set_language(document, report.lang)
        _complete_styles(document)
        if not _has_header(document.sections[-1]):
            _number_pages(document.sections[-1])

    def paragraph(text: str) -> None:
        p = document.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = FIRST_LINE_INDENT

    _date_line(document, report)
    title = document.add_heading(report.title, level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(report.intro)
    if report.narrative:
        # As on the page and in the PDF: the sentences under their heading.
        document.add_heading(report.heading("narrative"), level=2)
    for text in report.narrative:
        paragraph(text)

    if report.activities:
        document.add_heading(report.heading("activities"), level=2)
        if report.activities_note:
            document.add_paragraph(report.activities_note).runs[0].italic = True
        # The workbook's own words: in an English report, marked as the Ukrainian they are.
        quoted = locale(SOURCE_LANGUAGE) if report.lang != SOURCE_LANGUAGE else None
        for group in report.activities:
            if group.section:
                _mark_quoted(document.add_heading(group.section, level=3), quoted)
            for index, text in enumerate(group.paragraphs):
                label = group.labels[index] if index < len(group.labels) else ""
                p = document.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                p.paragraph_format.first_line_indent = FIRST_LINE_INDENT
                if label:
                    p.add_run(f"{label}: ").bold = True
                run = p.add_run(text)
                if quoted:
                    _mark_language(run, quoted)

    document.add_heading(report.heading("highlights"), level=2)
    bullet = document.styles["List Bullet"]  # found once: a style given by name is looked up every time
    for sentence in report.highlights:
        document.add_paragraph(sentence, style=bullet).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    document.add_heading(report.heading("key_figures"), level=2)
    _add_table(document, report.key_figures)
    if report.tables:
        document.add_heading(report.heading("tables"), level=2)
        for table in report.tables:
            if table.caption:
                document.add_paragraph(table.caption, style="Caption").paragraph_format.keep_with_next = True
            _add_table(document, table)

    document.add_heading(report.heading("charts"), level=2)
    for chart in charts:
        _picture(document, chart)

    document.add_heading(report.heading("notes"), level=2)
    notes = [document.add_paragraph(line) for line in report.notes]
    for p in notes:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = FIRST_LINE_INDENT
    if notes:  # the signature is never alone on a page: the last paragraph goes with it
        notes[-1].paragraph_format.keep_with_next = True
    _signature(document, report)

    set_core_properties(document.core_properties, report)
    set_app_properties(document.part.package, report)
    return write_atomically(path, document.save)


def _mark_quoted(paragraph, language: str | None) -> None:
    if language:
        for run in paragraph.runs:
            _mark_language(run, language)


__all__ = ["column_widths", "text_width_mm", "write_docx"]
