"""The report as a tagged PDF (PDF/UA-1), for the council's document flow and its website.

The same content as every other format: the page's section templates
(:mod:`.html`), in the order of the Word document, with its date line and signature, set by
WeasyPrint (``templates/dept_report/document.html.j2`` and ``document.css``): A4, page
numbers from page 2, every font embedded, the document's language and title in its
metadata, a structure tree (headings, paragraphs, lists, tables with their headers, figures
with the alt text) so that screen readers and text extraction read it in order.

WeasyPrint is imported only when a PDF is written (it takes most of a second to import);
it needs Pango from the system (Debian: libpango-1.0-0, libpangoft2-1.0-0).
"""

from __future__ import annotations

import base64
import io
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import jinja2
from markupsafe import Markup
from PIL import Image

from .. import __version__, config, words
from ..errors import DocumentsError
from ..files import write_atomically
from ..model import Report
from .charts import ChartFile
from .html import render_section
from .office import kyiv_time
from .paper import date_line, for_paper

TEMPLATES = config.TEMPLATES_DIR / "dept_report"
PDF_VARIANT = "pdf/ua-1"
# The sections in the order of the official document (the Word file's): what was done
# first, the tables and charts after it. A section the report has and this list lacks
# comes before the charts.
DOCUMENT_ORDER = ("narrative", "activities", "highlights", "key_figures", "tables", "charts", "notes")
# The charts are drawn at 200 dpi for a 13.3-inch slide; on A4's 16.5 cm half of that is
# still 200 dpi, and WeasyPrint re-encodes a quarter of the pixels.
PRINT_REDUCTION = 2


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined)


def document_sections(report: Report) -> list[str]:
    """The report's sections in the official document's order."""
    known = [section for section in DOCUMENT_ORDER if section in report.sections]
    others = [section for section in report.sections if section not in DOCUMENT_ORDER]
    at = known.index("charts") if "charts" in known else len(known)
    return known[:at] + others + known[at:]


def document_html(report: Report, images: dict[str, str]) -> str:
    """The whole document as HTML for WeasyPrint.

    Parameters
    ----------
    report : Report
    images : dict
        Figure stem -> the ``src`` of its picture.
    """
    body = "\n".join(render_section(report, section, images) for section in ("title", *document_sections(report)))
    made_at = kyiv_time(report.made_at)
    return _environment().get_template("document.html.j2").render(
        report=report, body=Markup(body), css=Markup((TEMPLATES / "document.css").read_text(encoding="utf-8")),
        generator=f"dept-analysis {__version__}", made_at=made_at.isoformat(), date_line=date_line(report))


def _print_picture(png: Path) -> str:
    """A chart's PNG at print resolution, as a data URI."""
    with Image.open(png) as image:
        smaller = image.reduce(PRINT_REDUCTION)
    buffer = io.BytesIO()
    # WeasyPrint decodes and compresses it again: no point compressing hard here.
    smaller.save(buffer, format="png", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def load_weasyprint():
    """WeasyPrint, or a DocumentsError saying which system libraries it lacks."""
    try:
        import weasyprint
    except OSError as error:  # Pango or its friends are not installed
        raise DocumentsError(words.both("pdf_unavailable", reason=error)) from None
    _tag_languages()
    return weasyprint


def _tag_languages() -> None:
    """Give each structure element made from an element with its own ``lang`` (Ukrainian
    activities quoted in an English report) that language, as PDF/UA asks (7.2) and the page
    does with ``lang``. WeasyPrint tags only the document's language; its tag builder is
    wrapped once. Should a later WeasyPrint build its tags otherwise, the PDF is still valid,
    with the document's language alone (tests/test_documents_english.py then fails, to say so)."""
    try:
        import pydyf
        from weasyprint.pdf import tags
    except ImportError:
        return
    build = getattr(tags, "_build_box_tree", None)
    if build is None or getattr(build, "tags_languages", False):
        return

    def build_with_languages(box, *args, **kwargs):
        element = getattr(box, "element", None)
        language = None
        if element is not None and getattr(box, "element_tag", None) not in ("html", "body"):
            language = element.get("lang")
        for structure in build(box, *args, **kwargs):
            if language and "Lang" not in structure:
                structure["Lang"] = pydyf.String(language)
            yield structure

    build_with_languages.tags_languages = True
    tags._build_box_tree = build_with_languages


def write_pdf(report: Report, charts: Sequence[ChartFile], path: Path) -> Path:
    """Write the report as a tagged PDF/UA-1 document on A4."""
    # The pictures are shrunk in threads (Pillow lets go of the GIL) while WeasyPrint imports.
    with ThreadPoolExecutor(max_workers=max(1, len(charts))) as pool:
        pictures = pool.map(_print_picture, [chart.png for chart in charts])
        weasyprint = load_weasyprint()
        images = {chart.figure.stem: uri for chart, uri in zip(charts, pictures)}
    html = document_html(for_paper(report), images)
    document = weasyprint.HTML(string=html, base_url=str(Path(path).parent)).render(pdf_variant=PDF_VARIANT)
    return write_atomically(path, lambda temporary: document.write_pdf(temporary, pdf_variant=PDF_VARIANT))


__all__ = ["DOCUMENT_ORDER", "PDF_VARIANT", "document_html", "document_sections", "load_weasyprint", "write_pdf"]
