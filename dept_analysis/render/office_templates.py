"""The department's own templates, opened for the deck and the Word report to be written into.

The catalog's ``[documents]`` (:class:`~dept_analysis.document_settings.DocumentSettings`)
may name a PowerPoint template (.pptx or .potx) and a Word one (.docx or .dotx). The deck
takes the template's masters and layouts, a layout found by the name the catalog gives it
for each role of the deck's slides; the Word report takes the template's page setup,
headers, footers and styles. Whatever the template holds as content (sample slides, the
blank's body text) is removed, properly: no part of it is left in the file written.

python-pptx and python-docx open documents only, not templates (python-pptx#1070,
python-docx#363). A template differs from a document by one declaration, its main part's
content type in ``[Content_Types].xml``: that declaration is rewritten in memory, and the
file on disk is never changed.

Without a template, the built-in ones of python-pptx (its slides made 16:9) and python-docx.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Callable

import docx
import pptx
from docx.opc.constants import RELATIONSHIP_TYPE as DOCX_RT
from docx.oxml.ns import qn as docx_qn
from pptx.opc.constants import RELATIONSHIP_TYPE as PPTX_RT
from pptx.oxml.ns import qn as pptx_qn
from pptx.slide import SlideLayout
from pptx.util import Inches

from .. import words
from ..document_settings import DEFAULT_LAYOUTS, DocumentSettings
from ..problems import DataValidationError, Problem, ProblemCode

# A new deck is 16:9; a template's slides keep the size the department gave them.
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)

# The main part's content type of a template, and of the document python-pptx / python-docx open.
PPTX_TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PPTX_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
DOCX_TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCX_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

# PowerPoint 2010's slide sections (p14:sectionLst) list the slides by id.
_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Relationships that only the body's content refers to: once that content is gone, an
# unreferenced one would keep a picture, a chart or a header nobody shows in the file.
_BODY_RELATIONSHIPS = {
    DOCX_RT.IMAGE, DOCX_RT.HYPERLINK, DOCX_RT.CHART, DOCX_RT.OLE_OBJECT, DOCX_RT.PACKAGE, DOCX_RT.HEADER,
    DOCX_RT.FOOTER, DOCX_RT.DIAGRAM_DATA, DOCX_RT.DIAGRAM_LAYOUT, DOCX_RT.DIAGRAM_QUICK_STYLE,
    DOCX_RT.DIAGRAM_COLORS,
}


# -- reading a template ----------------------------------------------------------------------------

def _in_words(key: str, **values) -> dict[str, str]:
    return {lang: words.say(key, lang, **values) for lang in words.LANGUAGES}


def _as_document(path: Path, template_type: str, document_type: str) -> io.BytesIO:
    """The file's bytes, a template's main part declared as a document's."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(template_type.encode("utf-8"), document_type.encode("utf-8"))
            target.writestr(item, data)
    buffer.seek(0)
    return buffer


def _open(path: Path, key: str, opener: Callable, template_type: str, document_type: str):
    """``opener`` on the template at ``path``; a file that does not open is the user's problem,
    said with the catalog's key that names it."""
    try:
        return opener(_as_document(path, template_type, document_type))
    except Exception as error:  # any failure of a library reading a file it cannot read
        reason = str(error) or type(error).__name__
        raise DataValidationError([Problem(
            Path(path).name, ProblemCode.TEMPLATE_UNREADABLE, value=str(path),
            details={"key": key, "error": reason, "program": _in_words(f"documents.program.{key}"),
                     "allowed": _in_words(f"documents.allowed.{key}")})]) from None


def _drop_thumbnail(package_rels) -> None:
    """The template's preview picture would stand for the report in file managers."""
    for r_id, relationship in list(package_rels.items()):
        if relationship.reltype == PPTX_RT.THUMBNAIL:
            package_rels.pop(r_id)


# -- the deck ----------------------------------------------------------------------------------------

def _name_key(name: str) -> str:
    """Layout names as a person types them: case and repeated spaces do not matter."""
    return " ".join(name.split()).casefold()


def _remove_slides(presentation) -> None:
    """Remove the template's own slides: their place in the slide list, the slide sections
    and custom shows that list them, and the relationship that would still save each one
    (with its notes, pictures and charts) into the file."""
    part = presentation.part
    root = part._element
    slide_ids = presentation.slides._sldIdLst
    removed = []
    for slide_id in list(slide_ids):
        removed.append(slide_id.rId)
        slide_ids.remove(slide_id)
    if not removed:
        return
    # With every slide gone, the custom shows and the sections are empty lists of nothing.
    for custom_shows in root.findall(pptx_qn("p:custShowLst")):
        root.remove(custom_shows)
    for extension_list in root.findall(pptx_qn("p:extLst")):
        for extension in extension_list.findall(pptx_qn("p:ext")):
            if extension.find(f"{{{_P14}}}sectionLst") is not None:
                extension_list.remove(extension)
        if not len(extension_list):
            root.remove(extension_list)
    for r_id in removed:
        part.drop_rel(r_id)


def _find_layouts(presentation, names: dict[str, str], file_name: str) -> dict[str, SlideLayout]:
    """The layout for each role, by name, from every master of the deck.

    Raises
    ------
    DataValidationError
        Naming the template and every layout it lacks, with the layouts it has.
    """
    layouts = [layout for master in presentation.slide_masters for layout in master.slide_layouts]
    by_name: dict[str, SlideLayout] = {}
    for layout in layouts:
        by_name.setdefault(_name_key(layout.name), layout)
    found, problems = {}, []
    for role, name in names.items():
        layout = by_name.get(_name_key(name))
        if layout is not None:
            found[role] = layout
            continue
        have = [layout.name for layout in layouts]
        problems.append(Problem(file_name, ProblemCode.TEMPLATE_LAYOUT_MISSING, value=name, details={
            "layout": name, "role": role, "purpose": _in_words(f"documents.role.{role}"),
            "have": {"uk": ", ".join(f"«{n}»" for n in have) or "—",
                     "en": ", ".join(f"'{n}'" for n in have) or "—"}}))
    if problems:
        raise DataValidationError(problems)
    return found


def open_presentation(settings: DocumentSettings) -> tuple[pptx.presentation.Presentation, dict[str, SlideLayout]]:
    """The deck to write into, and its layout for each role of the slides.

    Parameters
    ----------
    settings : DocumentSettings
        With a ``pptx_template``: that file's masters and layouts, its slides removed, its
        slide size kept, and the layouts named in ``settings.layouts``. Without one:
        python-pptx's built-in template at 16:9, with its own layout names (the catalog's
        ``layouts`` name a template's layouts).

    Returns
    -------
    (Presentation, dict of str to SlideLayout)
        The layouts by role ("title", "title_only").

    Raises
    ------
    DataValidationError
        The template does not open as a PowerPoint file, or lacks a layout (the message
        names the file, the layout and the layouts the file has).
    """
    template = settings.pptx_template
    if template is None:
        presentation = pptx.Presentation()
        presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
        names, file_name = dict(DEFAULT_LAYOUTS), "default.pptx"
    else:
        presentation = _open(template, "pptx_template", pptx.Presentation, PPTX_TEMPLATE_TYPE, PPTX_DOCUMENT_TYPE)
        _remove_slides(presentation)
        names, file_name = dict(settings.layouts), Path(template).name
    _drop_thumbnail(presentation.part.package._rels)
    return presentation, _find_layouts(presentation, names, file_name)


# -- the Word report ----------------------------------------------------------------------------------

def _referenced(element) -> set[str]:
    """Every relationship id the part's XML refers to (r:id, r:embed, r:link, VML's o:relid)."""
    office_relid = "{urn:schemas-microsoft-com:office:office}relid"
    ids = set()
    for node in element.iter():
        for name, value in node.attrib.items():
            if name.startswith(f"{{{_R}}}") or name == office_relid:
                ids.add(value)
    return ids


def _clear_body(document) -> None:
    """Remove the template's body content, keeping the body's own section properties: the
    page size, margins, columns, headers and footers of the section the report is written
    in. (The sections a template's body breaks into before it go with that body: the
    report continues in the last one, where Word would go on typing.)"""
    body = document.element.body
    for child in list(body):
        if child.tag != docx_qn("w:sectPr"):
            body.remove(child)
    part = document.part
    used = _referenced(part.element)
    for r_id, relationship in list(part.rels.items()):
        if relationship.reltype in _BODY_RELATIONSHIPS and r_id not in used:
            part.rels.pop(r_id)


def open_document(settings: DocumentSettings):
    """The Word document to write the report into.

    Parameters
    ----------
    settings : DocumentSettings
        With a ``docx_template``: that file with its body content removed, its page setup,
        headers, footers, styles, numbering and theme kept. Without one: python-docx's
        built-in template.

    Returns
    -------
    docx.document.Document

    Raises
    ------
    DataValidationError
        The template does not open as a Word file.
    """
    template = settings.docx_template
    if template is None:
        document = docx.Document()
    else:
        document = _open(template, "docx_template", docx.Document, DOCX_TEMPLATE_TYPE, DOCX_DOCUMENT_TYPE)
        _clear_body(document)
    _drop_thumbnail(document.part.package.rels)
    return document


def template_problems(settings: DocumentSettings) -> list:
    """Open every template ``settings`` names, as the documents will, and return what stops
    them (a file that does not open, a layout the deck's template lacks); nothing is written.

    ``dept-report check`` and ``dept-report run`` call this before any work, so a clerk
    learns of a missing layout before the report is made, not at its end.
    """
    problems = []
    for key, opener in (("pptx_template", open_presentation), ("docx_template", open_document)):
        if key not in settings.templates:
            continue  # the built-in templates always open
        try:
            opener(settings)
        except DataValidationError as error:
            problems.extend(error.problems)
    return problems


__all__ = ["SLIDE_HEIGHT", "SLIDE_WIDTH", "open_document", "open_presentation", "template_problems"]
