"""The executed report notebook as a self-contained HTML page, with the project's template.

nbconvert is imported here only when a page is made: it takes most of a second to import,
and commands such as ``dept-report check`` never need it.
"""

from __future__ import annotations

import sys
from pathlib import Path

# nbformat validates with jsonschema, which builds about 35 Earley parsers when it is
# imported if the optional rfc3987-syntax is installed (JupyterLab's jupyter-events asks for
# it): 3-4 s at the start of every `dept-report run` on a 2-core machine, for the "iri"
# string format, which no notebook schema uses (python-jsonschema/jsonschema#1428). Marked
# absent, jsonschema skips that one format check. Nothing in this project validates IRIs.
# papermill imports nbformat too: the runner imports this module before papermill.
sys.modules.setdefault("rfc3987_syntax", None)

import nbformat  # noqa: E402 - after the line above, which must come first

from . import config  # noqa: E402

# Cells papermill and the notebook use for their parameters: never shown in the page.
HIDDEN_TAGS = {"parameters", "injected-parameters"}


def html_exporter(lang: str):
    """Return an ``HTMLExporter`` set up for the report page in ``lang`` (no code, no
    prompts, no markdown cells: the package's HTML is the whole page).

    One exporter can convert several notebooks; the first conversion compiles the template.
    """
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(
        template_name="dept_report",
        extra_template_basedirs=[str(config.TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_markdown=True,
        language_code=lang,
        theme="light",
    )
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=HIDDEN_TAGS, enabled=True), enabled=True)
    return exporter


def warm_up(exporter) -> None:
    """Convert an empty notebook, so that the template is compiled and the page's styles read
    before a real notebook is waiting."""
    exporter.from_notebook_node(nbformat.v4.new_notebook())


def export_html(notebook_path: Path, html_path: Path, lang: str, title: str, exporter=None) -> Path:
    """Convert an executed report notebook to a self-contained HTML page without code.

    Parameters
    ----------
    notebook_path, html_path : Path
    lang : {"uk", "en"}
        The page's ``lang`` attribute.
    title : str
        The page's title (the browser tab, the printed header).
    exporter : HTMLExporter, optional
        From :func:`html_exporter` for the same language, perhaps already warmed up.
    """
    exporter = exporter if exporter is not None else html_exporter(lang)
    notebook = nbformat.read(notebook_path, as_version=4)
    notebook.metadata["title"] = title
    body, _ = exporter.from_notebook_node(notebook)
    html_path.write_text(body, encoding="utf-8")
    return html_path


__all__ = ["export_html", "html_exporter", "warm_up"]
