"""Any exploration chart, with one call, as the files a presentation takes unchanged: a PNG
(200 dpi, 16:9), an SVG, and a one-slide PowerPoint deck whose picture fills the slide.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure
from PIL import Image
from pptx import Presentation
from pptx.util import Inches, Pt

from .. import config, words
from ..errors import DeptAnalysisError
from ..files import write_atomically
from ..model import TIMEZONE
from ..render.charts import save_png, save_svg
from ..render.office import set_alt_text, set_app_properties, set_core_properties
from ..render.pptx import SLIDE_HEIGHT, SLIDE_WIDTH
from .charts import ChartCaption, caption_of

# Where exports go unless the analyst names a folder: beside the report runs, never into one.
EXPORT_DIR = config.OUTPUT_DIR / "explore"
# A file manager's preview of the deck, in place of the template's blank 4:3 one.
_THUMBNAIL_WIDTH = 256


@dataclass(frozen=True)
class ExportedChart:
    """The files one chart was written to."""

    png: Path
    svg: Path
    pptx: Path


@dataclass(frozen=True)
class _DeckFacts:
    """What :func:`~dept_analysis.render.office.set_core_properties` reads from a report,
    for a deck of one chart: the title is the chart's, the author the department, the
    keywords the selection."""

    title: str
    department: str
    lang: str
    period: str
    made_at: dt.datetime


def export(fig: Figure, folder: str | Path | None = None, name: str | None = None) -> ExportedChart:
    """Write an exploration chart as ``name``.png, .svg and .pptx into ``folder``.

    Parameters
    ----------
    fig : Figure
        A chart from :mod:`dept_analysis.explore` (it carries its title and selection).
    folder : str or Path, optional
        Created if missing; ``outputs/explore/`` by default.
    name : str, optional
        The files' name without suffix; by default the chart's own, which tells the chart
        and its selection apart ("series-news-all-2020-01-2021-12-month-uk").

    Returns
    -------
    ExportedChart
        The paths of the PNG, the SVG and the deck.

    Raises
    ------
    DeptAnalysisError
        For a figure that is not an exploration chart, or a name that is a path.
    """
    caption = caption_of(fig)
    if caption is None:
        raise DeptAnalysisError(words.both("explore.not_a_chart"))
    name = caption.stem if name is None else str(name).strip()
    if not name or name in (".", "..") or Path(name).name != name or "\\" in name:
        raise DeptAnalysisError(words.both("explore.export_name", value=repr(name)))
    folder = Path(folder).expanduser() if folder else EXPORT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    png = save_png(fig, folder / f"{name}.png")
    svg = save_svg(fig, folder / f"{name}.svg")
    deck = write_slide(png, caption, folder / f"{name}.pptx")
    return ExportedChart(png, svg, deck)


def write_slide(png: Path, caption: ChartCaption, path: Path) -> Path:
    """Write a 16:9 deck of one slide: the chart's picture filling it, the chart's title as
    the slide's title, the title and selection as the picture's alt text.

    The picture has the title drawn in it already; the slide's own title (what a screen
    reader and the slide list name it by) lies under the picture, where the drawn title is,
    so it is there for them and not shown twice.
    """
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    slide = presentation.slides.add_slide(presentation.slide_layouts[5])  # "Title Only"
    title = slide.shapes.title
    title.text = caption.title
    title.left, title.top, title.width, title.height = Inches(0.1), Inches(0.05), SLIDE_WIDTH - Inches(0.2), Inches(0.8)
    for paragraph in title.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(24)
    picture = slide.shapes.add_picture(str(png), 0, 0, SLIDE_WIDTH, SLIDE_HEIGHT)
    set_alt_text(picture._element.nvPicPr.cNvPr, caption.alt, caption.title)
    facts = _DeckFacts(caption.title, caption.department, caption.lang, caption.selection, dt.datetime.now(TIMEZONE))
    set_core_properties(presentation.core_properties, facts)
    set_app_properties(presentation.part.package, facts, PresentationFormat="Widescreen", Slides="1")
    _set_thumbnail(presentation, png)
    return write_atomically(path, presentation.save)


def _set_thumbnail(presentation, png: Path) -> None:
    """Replace the template's blank 4:3 preview with the chart's."""
    part = next((p for p in presentation.part.package.iter_parts() if str(p.partname) == "/docProps/thumbnail.jpeg"),
                None)
    if part is None:
        return
    with Image.open(png) as image:
        width, height = image.size
        preview = image.convert("RGB").resize((_THUMBNAIL_WIDTH, round(_THUMBNAIL_WIDTH * height / width)),
                                              Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    preview.save(buffer, format="JPEG", quality=85)
    part._blob = buffer.getvalue()


__all__ = ["EXPORT_DIR", "ExportedChart", "export", "write_slide"]
