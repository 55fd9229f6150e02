"""How the office documents are made: the department's own templates and the deck's charts.

Read from the catalog's optional ``[documents]`` table (see :mod:`.catalog`); without it,
the Word report and the deck start from python-docx's and python-pptx's built-in templates
and the deck holds native charts. The templates themselves are opened by
:mod:`.render.office_templates`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

# What the deck's figure slides hold: PowerPoint's own charts (editable, with their data
# inside) or the chart pictures the page shows.
SLIDE_CHARTS = ("native", "pictures")
# The roles the deck gives its slides, and the layout each takes by default: the names of
# python-pptx's built-in template, which a template made from PowerPoint's blank deck has too.
DEFAULT_LAYOUTS = MappingProxyType({"title": "Title Slide", "title_only": "Title Only"})
PPTX_SUFFIXES = (".pptx", ".potx")
DOCX_SUFFIXES = (".docx", ".dotx")


@dataclass(frozen=True)
class DocumentSettings:
    """The catalog's ``[documents]``: templates for the deck and the Word report.

    Attributes
    ----------
    pptx_template : Path or None
        A .pptx or .potx whose master and layouts the deck uses; None for python-pptx's own.
    docx_template : Path or None
        A .docx or .dotx whose page setup, headers, footers and styles the Word report
        uses; None for python-docx's own.
    slide_charts : str
        "native" (PowerPoint charts) or "pictures" (the chart pictures).
    layouts : dict of str to str
        Role ("title", "title_only") to the name of the template's layout for it. Only a
        template's layouts are looked up by these names: without a template the deck uses
        the built-in template's own ("Title Slide", "Title Only").
    """

    pptx_template: Path | None = None
    docx_template: Path | None = None
    slide_charts: str = "native"
    layouts: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LAYOUTS))

    def __hash__(self) -> int:
        # The catalog holding these settings is frozen and hashable; a dict field is not.
        return hash((self.pptx_template, self.docx_template, self.slide_charts, tuple(sorted(self.layouts.items()))))

    @property
    def templates(self) -> dict[str, Path]:
        """The templates named, by their key in the catalog ("pptx_template", "docx_template")."""
        named = {"pptx_template": self.pptx_template, "docx_template": self.docx_template}
        return {key: path for key, path in named.items() if path is not None}


__all__ = ["DEFAULT_LAYOUTS", "DOCX_SUFFIXES", "DocumentSettings", "PPTX_SUFFIXES", "SLIDE_CHARTS"]
