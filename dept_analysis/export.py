"""The executed report notebook as a self-contained HTML page, with the project's template.

nbconvert is imported here only when a page is made: it takes most of a second to import,
and commands such as ``dept-report check`` never need it.
"""

from __future__ import annotations

import re
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
from .files import write_atomically  # noqa: E402
from .render.html import data_uri  # noqa: E402

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


# The pictures the notebook's charts section links to when the runner draws them
# (dept_analysis.render.html.linked_images): a relative path under charts/, nothing else.
_LINKED_PICTURE = re.compile(r'src="(charts/[A-Za-z0-9_.-]+\.png)"')


def embed_pictures(notebook, folder: Path) -> None:
    """Replace the pictures the notebook's HTML links to (``charts/2021-08_01_trend.png``, written
    beside it by the runner) with the pictures themselves, so the page needs no other file."""
    def embed(match: re.Match) -> str:
        return f'src="{data_uri(folder / match.group(1))}"'

    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html")
            if html:
                text = "".join(html) if isinstance(html, list) else html
                output["data"]["text/html"] = _LINKED_PICTURE.sub(embed, text)


def export_html(notebook_path: Path, html_path: Path, lang: str, title: str, exporter=None) -> Path:
    """Convert an executed report notebook to a self-contained HTML page without code.

    Pictures the notebook links to under ``charts/`` are embedded from the notebook's folder.

    Parameters
    ----------
    notebook_path, html_path : Path
    lang : str
        The page's ``lang`` attribute.
    title : str
        The page's title (the browser tab, the printed header).
    exporter : HTMLExporter, optional
        From :func:`html_exporter` for the same language.
    """
    exporter = exporter if exporter is not None else html_exporter(lang)
    notebook = nbformat.read(notebook_path, as_version=4)
    notebook.metadata["title"] = title
    embed_pictures(notebook, Path(notebook_path).parent)
    body, _ = exporter.from_notebook_node(notebook)
    return write_atomically(Path(html_path), lambda temporary: Path(temporary).write_text(body, encoding="utf-8"))


__all__ = ["embed_pictures", "export_html", "html_exporter"]
