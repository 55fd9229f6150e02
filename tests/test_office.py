"""The PPTX and DOCX beside the HTML: read back as a user's office program would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation
from pptx.enum.text import PP_ALIGN

pytestmark = pytest.mark.slow


def _content(folder: Path):
    from dept_analysis.model import report_from_json

    return report_from_json((folder / "content.json").read_text(encoding="utf-8"))


def _charts(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def _colour(fill_or_line) -> str:
    return "#" + str(fill_or_line.fore_color.rgb if hasattr(fill_or_line, "fore_color") else fill_or_line.color.rgb)


def test_deck_title_highlights_and_a_key_figures_table_filling_its_slide(august):
    deck = Presentation(august / "report.pptx")
    report = _content(august)
    slides = list(deck.slides)
    assert len(slides) == 3 + len(report.figures)
    assert slides[0].shapes.title.text == "Звіт про роботу відділу за серпень 2021 року"
    # the department's name once in the whole deck: under the title on the first slide
    texts = [shape.text_frame.text for slide in slides for shape in slide.shapes if shape.has_text_frame]
    assert sum(report.department in text for text in texts) == 1
    assert report.department in " ".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)

    assert slides[1].shapes.title.text == "Головне за місяць"
    bullets = [p for s in slides[1].shapes if s.has_text_frame and s != slides[1].shapes.title
               for p in s.text_frame.paragraphs]
    assert [p.text for p in bullets] == list(report.highlights)
    assert all(p._p.pPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}buChar") is not None
               for p in bullets)

    tables = [s for s in slides[2].shapes if s.has_table]
    assert len(tables) == 1
    frame, table = tables[0], tables[0].table
    rows = [[table.cell(r, c).text for c in range(len(table.columns))] for r in range(len(table.rows))]
    assert rows[0][1] == "Серпень 2021" and rows[0][2] == "Липень 2021"
    assert next(r for r in rows if r[0].startswith("Новини"))[1] == "296"
    # filling its slide under the title, numbers right-aligned, names left
    assert frame.width > deck.slide_width * 0.9 and frame.height > deck.slide_height * 0.6
    for r in range(1, len(table.rows)):
        assert table.cell(r, 0).text_frame.paragraphs[0].alignment == PP_ALIGN.LEFT
        for c in range(1, len(table.columns)):
            assert table.cell(r, c).text_frame.paragraphs[0].alignment == PP_ALIGN.RIGHT


def test_deck_charts_are_native_with_the_reports_numbers(august):
    deck = Presentation(august / "report.pptx")
    report = _content(august)
    for slide, figure in zip(list(deck.slides)[3:], report.figures):
        # the slide is titled with the figure's title, not "Рисунок N."
        assert slide.shapes.title.text == figure.title and not slide.shapes.title.text.startswith("Рисунок")
        assert not [s for s in slide.shapes if s.shape_type == 13], "a picture where a chart object belongs"
        charts = _charts(slide)
        chart = figure.chart
        if chart.kind in ("small_multiples", "panel_bars", "paired_lines"):
            assert len(charts) == len(chart.series)
            for made, series in zip(charts, chart.series):
                assert made.chart_title.text_frame.text == series.label
                assert list(made.plots[0].series[0].values) == pytest.approx(series.values, nan_ok=True)
                if chart.kind != "small_multiples":
                    assert list(made.plots[0].categories) == list(chart.categories)
        else:
            (made,) = charts
            assert list(made.plots[0].categories) == list(chart.categories)
            for plotted, series in zip(made.plots[0].series, chart.series):
                assert list(plotted.values) == pytest.approx(series.values)
        # the alt text is the figure's, on every chart of the slide
        for shape in slide.shapes:
            if shape.has_chart:
                assert shape._element.nvGraphicFramePr.cNvPr.get("descr") == figure.alt


def test_deck_paints_each_metric_and_channel_in_its_catalog_colour(august, tmp_path_factory):
    from dept_analysis import config
    from dept_analysis.catalog import load_catalog

    from built_reports import built_report

    catalog = load_catalog(config.DATA_DIR)
    colours = {m.name("uk"): m.colour for m in catalog.metrics} | {c.name("uk"): c.colour for c in catalog.channels}
    seen: dict[str, set[str]] = {}
    for folder in (august, built_report("2021-Q3", "uk", tmp_path_factory)):
        for slide in Presentation(folder / "report.pptx").slides:
            for made in _charts(slide):
                plot = made.plots[0]
                if made.has_title:  # a metric's own chart: its series (lines, or the highlighted bar)
                    name = made.chart_title.text_frame.text
                    first = plot.series[0]
                    if plot.__class__.__name__ == "LinePlot":
                        seen.setdefault(name, set()).add(_colour(first.format.line))
                    else:
                        seen.setdefault(name, set()).update(
                            _colour(p.format.fill) for p in first.points
                            if _colour(p.format.fill) != "#8D8D8D")
                elif len(plot.series) > 1:  # stacked: a series per metric
                    for series in plot.series:
                        seen.setdefault(series.name, set()).add(_colour(series.format.fill))
                else:  # a bar per channel
                    for category, point in zip(plot.categories, plot.series[0].points):
                        seen.setdefault(category, set()).add(_colour(point.format.fill))
    assert len(seen) >= 9
    assert seen == {name: {colours[name]} for name in seen}
    # the petitions portal, which no sample workbook reports, is drawn nowhere
    assert catalog.channel("petitions").name("uk") not in seen


def test_chart_pictures_instead_of_chart_objects_as_a_setting(tmp_path):
    from dept_analysis.document_settings import DocumentSettings
    from dept_analysis.render.charts import write_charts
    from dept_analysis.render.pptx import write_pptx

    report = _content_of_august()
    charts = write_charts(report, tmp_path / "charts")
    path = write_pptx(report, charts, tmp_path / "deck.pptx", DocumentSettings(slide_charts="pictures"))
    slides = list(Presentation(path).slides)[3:]
    for slide, chart in zip(slides, charts):
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1 and not _charts(slide)
        assert pictures[0].image.blob == chart.png.read_bytes()
        assert pictures[0]._element.nvPicPr.cNvPr.get("descr") == chart.figure.alt


def _content_of_august():
    import pandas as pd

    from dept_analysis import config
    from dept_analysis.content import build_report
    from dept_analysis.loading import load_data

    return build_report(load_data(config.DATA_DIR), pd.Period("2021-08", "M"), "uk")


def test_word_document_holds_the_published_figures_and_activities(august):
    document = Document(august / "report.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    # the date line (with room for the outgoing number), then the title
    assert document.paragraphs[0].text.endswith("№ ____________")
    assert document.paragraphs[1].text.startswith("Звіт про роботу відділу")
    assert "Підготовлено та розміщено 296 новин та інших інформаційних матеріалів." in text
    assert "68 матеріалів з фото" in text and "19 відеосюжетів" in text
    assert "онлайн робочу зустріч" in text and "ТОВ ТРК «ТІМ»" in text
    assert "Рисунок 1." in text and "Рисунок 4." in text
    cells = [cell.text for cell in document.tables[0].rows[1].cells]
    assert cells[0].startswith("Новини") and cells[1] == "296"
    assert len(document.inline_shapes) >= 4


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_both_without_repair(august, tmp_path):
    for name in ("report.docx", "report.pptx"):
        completed = subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
             "--outdir", str(tmp_path), str(august / name)],
            capture_output=True, text=True, timeout=240)
        pdf = tmp_path / Path(name).with_suffix(".pdf").name
        assert completed.returncode == 0 and pdf.exists() and pdf.stat().st_size > 10_000, completed.stderr
        assert pdf.read_bytes().startswith(b"%PDF")


def test_presentation_slides_have_unique_titles(august):
    deck = Presentation(august / "report.pptx")
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert all(titles) and len(set(titles)) == len(titles)


def test_presentation_properties_are_the_reports_not_the_templates(august):
    import json
    import zipfile

    content = json.loads((august / "content.json").read_text(encoding="utf-8"))
    properties = Presentation(august / "report.pptx").core_properties
    assert properties.title == content["title"]
    assert properties.author == properties.last_modified_by == content["department"]
    assert properties.language == "uk-UA"
    assert properties.created == properties.modified and properties.created.year >= 2024
    with zipfile.ZipFile(august / "report.pptx") as package:
        core = package.read("docProps/core.xml").decode("utf-8")
        app = package.read("docProps/app.xml").decode("utf-8")
    assert "Steve Canny" not in core and "python-pptx" not in core and "2013" not in core
    assert f"<Company>{content['department']}</Company>" in app and "Widescreen" in app


def test_unique_titles_number_a_repeated_one():
    from dept_analysis.render.pptx import unique_titles

    assert unique_titles(["A", "B", "A", "A"]) == ["A", "B", "A (2)", "A (3)"]
