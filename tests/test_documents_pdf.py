"""report.pdf read back: tagged PDF/UA-1 with its language and title (pikepdf), every font
embedded, A4 with page numbers from page 2, and text that copies out as written (pdfminer)."""

from __future__ import annotations

import re

import pytest

from dept_analysis import config
from dept_analysis.catalog import load_catalog
from dept_analysis.model import report_from_json

pikepdf = pytest.importorskip("pikepdf")
pytestmark = pytest.mark.slow


def _content(folder):
    return report_from_json((folder / "content.json").read_text(encoding="utf-8"))


def structure(pdf) -> list:
    """Every structure element of the PDF's tag tree, in reading order."""
    found = []

    def walk(node):
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, pikepdf.Dictionary):
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def page_texts(path) -> list[str]:
    from pdfminer.high_level import extract_text

    return [re.sub(r"\s+", " ", page) for page in extract_text(str(path)).split("\f") if page.strip()]


def test_pdf_is_tagged_pdf_ua_1_with_its_language_and_title(august):
    report = _content(august)
    with pikepdf.open(august / "report.pdf") as pdf:
        assert pdf.pdf_version == "1.7"
        assert str(pdf.Root.Lang) == "uk"
        assert bool(pdf.Root.MarkInfo.Marked) and "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert str(pdf.docinfo.Title) == report.title and str(pdf.docinfo.Author) == report.department
        metadata = pdf.open_metadata()
        assert metadata.get("pdfuaid:part") == "1"
        assert metadata.get("dc:title") == report.title
        kinds = [str(element.S) for element in structure(pdf)]
    assert kinds.count("/H1") == 1 and kinds.count("/H2") == len(report.sections)
    assert {"/P", "/L", "/LI", "/Table", "/TH", "/TD", "/Figure", "/Caption"} <= set(kinds)


def test_pdf_figures_carry_the_alt_text_and_tables_their_headers(august):
    report = _content(august)
    with pikepdf.open(august / "report.pdf") as pdf:
        elements = structure(pdf)
        figures = [str(e.Alt) for e in elements if e.S == "/Figure"]
        headers = [e for e in elements if e.S == "/TH"]
        cells = [e for e in elements if e.S == "/TD"]
        assert figures == [figure.alt for figure in report.figures]
        assert headers and all("/ID" in h for h in headers)
        assert cells and all(len(c.A.Headers) == 2 for c in cells)  # its column's and its row's


def test_every_font_is_embedded(august):
    with pikepdf.open(august / "report.pdf") as pdf:
        fonts = {}
        for page in pdf.pages:
            for name, font in page.Resources.get("/Font", {}).items():
                fonts[str(font.get("/BaseFont"))] = font
        assert fonts
        for name, font in fonts.items():
            descriptor = (font.DescendantFonts[0] if "/DescendantFonts" in font else font).FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), name
        assert any("Serif" in name or "Times" in name for name in fonts)


def test_pdf_is_a4_numbered_from_page_two(august):
    with pikepdf.open(august / "report.pdf") as pdf:
        boxes = {tuple(round(float(v)) for v in page.MediaBox) for page in pdf.pages}
        count = len(pdf.pages)
    assert boxes == {(0, 0, 595, 842)}
    pages = page_texts(august / "report.pdf")
    assert 3 <= count == len(pages) <= 12
    assert not pages[0].lstrip().startswith("1 ")
    for number, text in enumerate(pages[1:], start=2):
        assert text.lstrip().startswith(f"{number} "), text[:40]


def test_ukrainian_text_copies_out_as_written(august):
    text = " ".join(page_texts(august / "report.pdf"))
    report = _content(august)
    department = load_catalog(config.DATA_DIR).department
    assert report.title in text
    assert "Підготовлено та розміщено 296 новин та інших інформаційних матеріалів." in text
    assert "об’єднаннями громадян" in text and "ТОВ ТРК «ТІМ»" in text
    assert "Рисунок 4." in text and "Ключові показники" in text
    assert f"{department.signatory_position_uk} {department.signatory_name_uk}" in text
    assert re.search(r"\d\d\.\d\d\.\d{4} № _{6,}", text)
    # provenance is not part of the official document
    assert "SHA-256" not in text and report.sources[0].sha256 not in text


def test_without_weasyprints_system_libraries_the_run_says_what_to_install(sample_data_dir, tmp_path, monkeypatch):
    # As on a machine without Pango: importing WeasyPrint fails with OSError. The runner
    # imports it early (to spare the PDF's worker the time); the failure must still reach the
    # user as what to install, with the last good report untouched, not as a traceback.
    import importlib.abc
    import sys

    from click.testing import CliRunner

    from dept_analysis.cli import main

    class NoPango(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "weasyprint" or name.startswith("weasyprint."):
                raise OSError("cannot load library 'libpango-1.0-0'")
            return None

    for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [NoPango(), *sys.meta_path])
    out = tmp_path / "outputs"
    (out / "2021-08").mkdir(parents=True)
    (out / "2021-08" / "report.html").write_text("last good", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "2021-08", "--data-dir", str(sample_data_dir), "--output-dir", str(out),
                                       "--force", "--workers", "1"])
    assert result.exit_code != 0 and "Traceback" not in result.output, result.output
    assert "apt-get install libpango-1.0-0" in result.output and "libpango-1.0-0'" in result.output
    assert (out / "2021-08" / "report.html").read_text(encoding="utf-8") == "last good"
