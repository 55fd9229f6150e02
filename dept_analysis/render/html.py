"""The report as HTML: one Jinja template per section (``templates/sections``), rendered from
the report model. The page around the sections (head, styles, print layout) is the
nbconvert template ``templates/dept_report``; see :mod:`dept_analysis.export`.

Autoescaping is on for every template: text from workbooks and the catalog is data, and
lands in the page as text, never as markup.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path
from typing import Mapping

import jinja2

from .. import config, words
from ..model import Report

SECTION_TEMPLATES = config.TEMPLATES_DIR / "sections"
# The language the workbooks' own words are in: quoted as written inside a report in another
# language, they are marked so, for screen readers and translators.
SOURCE_LANGUAGE = "uk"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(SECTION_TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_section(report: Report, section: str, images: Mapping[str, str] | None = None) -> str:
    """Return one section's HTML.

    Parameters
    ----------
    report : Report
    section : str
        "title" or one of the report's sections (:attr:`~dept_analysis.model.Report.sections`).
    images : mapping, optional
        Figure stem ("2021-08_01_trend") -> the ``src`` of its picture: a data URI, or a path relative
        to the page that :func:`dept_analysis.export.export_html` embeds. Needed by "charts".
    """
    template = _environment().get_template(f"{section}.html.j2")
    return template.render(report=report, section=section, sections=report.sections, images=images or {},
                           source_lang=SOURCE_LANGUAGE,
                           say=lambda key, **values: words.say(key, report.lang, **values)).strip()


def render_body(report: Report, images: Mapping[str, str]) -> str:
    """Every section's HTML, in order (what the report page's cells show together)."""
    return "\n".join(render_section(report, section, images) for section in ("title", *report.sections))


def data_uri(png: Path) -> str:
    """A PNG file as a ``data:`` URI, so the page needs no file beside it."""
    return "data:image/png;base64," + base64.b64encode(Path(png).read_bytes()).decode("ascii")


def linked_images(report: Report, folder: str = "charts") -> dict[str, str]:
    """Each figure's picture as a path relative to the page (``charts/2021-08_01_trend.png``)."""
    return {figure.stem: f"{folder}/{figure.stem}.png" for figure in report.figures}


__all__ = ["SOURCE_LANGUAGE", "data_uri", "linked_images", "render_body", "render_section"]
