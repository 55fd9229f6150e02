"""Pictures and shapes over cells (dept_analysis.sheets.drawings): which cells each lies over,
as Excel and LibreOffice place them."""

from __future__ import annotations

import io

import pytest

from dept_analysis.sheets import xmlstream
from dept_analysis.sheets.drawings import Cover, Sizes, XlsxDrawing, locate, mark_covered, reach
from dept_analysis.sheets.model import Sheet

XDR = 'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"'


def _covers(anchors: str, sizes: Sizes | None = None) -> list[Cover]:
    handler = XlsxDrawing(sizes or Sizes())
    xml = f'<xdr:wsDr {XDR} xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">{anchors}</xdr:wsDr>'
    xmlstream.parse(io.BytesIO(xml.encode()), handler, 1_000_000)
    return handler.covers


def _cell(tag: str, column: int, row: int, column_offset: int = 0, row_offset: int = 0) -> str:
    return (f"<xdr:{tag}><xdr:col>{column}</xdr:col><xdr:colOff>{column_offset}</xdr:colOff>"
            f"<xdr:row>{row}</xdr:row><xdr:rowOff>{row_offset}</xdr:rowOff></xdr:{tag}>")


PICTURE = '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Picture 1"{hidden}/></xdr:nvPicPr></xdr:pic>'


def test_a_picture_between_two_cells_lies_over_the_block_between():
    anchor = f"<xdr:twoCellAnchor>{_cell('from', 2, 1)}{_cell('to', 3, 3, 100_000, 100_000)}" \
             f"{PICTURE.format(hidden='')}<xdr:clientData/></xdr:twoCellAnchor>"
    assert _covers(anchor) == [Cover(1, 2, 3, 3)]


def test_an_object_ending_on_a_cells_edge_leaves_that_cell():
    anchor = f"<xdr:twoCellAnchor>{_cell('from', 2, 1)}{_cell('to', 4, 3)}" \
             f"{PICTURE.format(hidden='')}</xdr:twoCellAnchor>"
    assert _covers(anchor) == [Cover(1, 2, 2, 3)]


def test_a_picture_placed_by_its_size_reaches_as_far_as_the_columns_widths():
    # 110 x 20 px (82.5 x 15 pt) from C3: over C3 alone when C is 100 pt wide, C3:D3 when 48 pt.
    anchor = f'<xdr:oneCellAnchor>{_cell("from", 2, 2)}<xdr:ext cx="1047750" cy="190500"/>' \
             f'{PICTURE.format(hidden="")}</xdr:oneCellAnchor>'
    wide_c = Sizes()
    wide_c.column.add(2, 2, 100.0)
    assert _covers(anchor, wide_c) == [Cover(2, 2, 2, 2)]
    assert _covers(anchor) == [Cover(2, 2, 2, 3)]


def test_hidden_objects_and_lines_lie_over_nothing():
    hidden_picture = PICTURE.format(hidden=' hidden="1"')
    hidden = f"<xdr:twoCellAnchor>{_cell('from', 0, 0)}{_cell('to', 5, 5, 1, 1)}{hidden_picture}</xdr:twoCellAnchor>"
    line = f"<xdr:twoCellAnchor>{_cell('from', 0, 0)}{_cell('to', 5, 5, 1, 1)}<xdr:cxnSp/></xdr:twoCellAnchor>"
    assert _covers(hidden + line) == []


def test_a_shape_placed_from_the_sheets_corner():
    anchor = ('<xdr:absoluteAnchor><xdr:pos x="1270000" y="381000"/><xdr:ext cx="254000" cy="127000"/>'
              '<xdr:sp/></xdr:absoluteAnchor>')
    # 100 pt across (column C of 48-pt columns), 30 pt down (row 3 of 15-pt rows); 20 x 10 pt.
    assert _covers(anchor) == [Cover(2, 2, 2, 2)]


@pytest.mark.parametrize("start, offset, length, last", [(0, 0, 48, 0), (0, 0, 50, 0), (0, 0, 52, 1), (2, 40, 20, 3)])
def test_reach_over_equal_cells(start, offset, length, last):
    assert reach(start, offset, length, lambda _: 48.0, 100) == last


def test_only_filled_cells_under_an_object_are_unseen():
    sheet = Sheet("Показники", cells={(2, 2): 49, (2, 5): 7, (9, 2): 1})
    mark_covered(sheet, [Cover(1, 1, 3, 3)])
    assert set(sheet.unseen) == {(2, 2)} and sheet.unseen[(2, 2)].why == "covered"


def test_a_position_falls_in_the_cell_it_is_in():
    widths = {0: 48.0, 1: 0.0, 2: 48.0}.get
    assert locate(0, lambda i: widths(i, 48.0), 100) == (0, 0)
    assert locate(48, lambda i: widths(i, 48.0), 100) == (2, 0)      # past the hidden column
    assert locate(60, lambda i: widths(i, 48.0), 100) == (2, 12)


def test_a_line_saved_as_a_shape_hides_nothing():
    # LibreOffice saves a drawn line or arrow as a shape whose geometry is a line.
    line = (f"<xdr:twoCellAnchor>{_cell('from', 0, 1, 1, 1)}{_cell('to', 2, 9, 100_000, 100_000)}"
            '<xdr:sp><xdr:nvSpPr><xdr:cNvPr id="0" name=""/></xdr:nvSpPr><xdr:spPr><a:prstGeom prst="line"/>'
            '</xdr:spPr></xdr:sp></xdr:twoCellAnchor>')
    box = line.replace('prst="line"', 'prst="rect"')
    assert _covers(line) == [] and _covers(box) == [Cover(1, 0, 9, 2)]


def test_an_object_begun_on_a_cells_far_edge_leaves_that_cell():
    # C is 48 pt wide: begun 47 pt into it, the picture lies right of it.
    anchor = f"<xdr:twoCellAnchor>{_cell('from', 2, 1, 47 * 12_700)}{_cell('to', 4, 6, 100_000, 100_000)}" \
             f"{PICTURE.format(hidden='')}</xdr:twoCellAnchor>"
    assert _covers(anchor) == [Cover(1, 3, 6, 4)]


# -- .ods: frames placed by the table's own columns and rows -----------------------------------

NAMESPACES = ('xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
              'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
              'xmlns:drawooo="http://openoffice.org/2010/draw"')


def _ods(tmp_path, column_widths: dict[str, float], shapes: str = "", in_c3: str = ""):
    import re

    from workbooks import NEWS, SOCIAL, WEBSITE, rewrite_part, standard, write

    book = standard([[NEWS, WEBSITE, 214], [NEWS, SOCIAL, 49]])
    book.tab("Показники").column_widths = column_widths
    path = write(book, tmp_path / "2021-08.ods")

    def change(xml: str) -> str:
        start = re.search(r'<table:table table:name="Показники"[^>]*>', xml)
        xml = xml[:start.end()] + (f"<table:shapes>{shapes}</table:shapes>" if shapes else "") + xml[start.end():]
        if in_c3:  # the cell holding 49, the third of its row
            at = xml.index('office:value="49"')
            close = xml.index("</table:table-cell>", at)
            xml = xml[:close] + in_c3 + xml[close:]
        return xml

    rewrite_part(path, "content.xml", change)
    from dept_analysis.sheets import read_workbook

    return next(s for s in read_workbook(path).sheets if s.name == "Показники")


def test_an_ods_shape_placed_on_the_page_is_found_by_the_tables_own_column_widths(tmp_path):
    # A 200 pt and a 150 pt column: the box at 355 pt across, 28 pt down lies over C3 (49).
    box = f'<draw:frame {NAMESPACES} svg:x="355pt" svg:y="28pt" svg:width="40pt" svg:height="8pt"/>'
    sheet = _ods(tmp_path, {"A": 200, "B": 150}, shapes=box)
    assert set(sheet.unseen) == {(2, 2)} and sheet.unseen[(2, 2)].why == "covered"


def test_an_ods_picture_hidden_by_libreoffice_hides_nothing(tmp_path):
    hidden = f'<draw:frame {NAMESPACES} drawooo:display="none" svg:width="40pt" svg:height="8pt"/>'
    shown = hidden.replace(' drawooo:display="none"', "")
    assert not _ods(tmp_path, {}, in_c3=hidden).unseen
    (tmp_path / "2021-08.ods").unlink()
    assert set(_ods(tmp_path, {}, in_c3=shown).unseen) == {(2, 2)}


def test_an_object_claiming_to_be_endless_is_walked_a_bounded_way():
    from dept_analysis.sheets.drawings import LAST_ROW, MAX_STEPS

    assert reach(0, 0, 1e12, lambda _: 0.0, LAST_ROW) == MAX_STEPS   # a million hidden rows
    assert reach(5, 0, 1e12, lambda _: 15.0, LAST_ROW) == 5 + MAX_STEPS
    sizes = Sizes()
    sizes.row.add(0, 999_999, 0.0)  # one run for a million rows, found by bisection
    assert sizes.row(500_000) == 0.0 and sizes.row(1_000_000) == 15.0


def test_an_ods_picture_reaching_the_cell_libreoffice_names_covers_it(tmp_path):
    # Anchored "to cell" and sized with it: LibreOffice names the cell where it ends.
    framed = (f'<draw:frame {NAMESPACES} xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
              "table:end-cell-address=\"'Показники'.C3\" table:end-x=\"20pt\" table:end-y=\"8pt\"/>")
    assert set(_ods(tmp_path, {}, in_c3=framed).unseen) == {(2, 2)}
