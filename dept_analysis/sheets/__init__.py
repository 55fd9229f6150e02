"""Reading a workbook's sheets: what a person sees in them, within bounded memory.

:func:`read_workbook` is the one entry point: it checks the file (:mod:`.preflight`), tells
the format from the archive's content (not its name), lists the sheets, and reads the cells
of the sheets asked for (:mod:`.xlsx`, with its styles in :mod:`.xlsx_styles`; :mod:`.ods`)
into :class:`~.model.Sheet` objects. What may hide a value is judged in :mod:`.looks`
(formats, colours, conditional formats) and :mod:`.drawings` (pictures over cells). Every
refusal is a :class:`~.model.WorkbookRefused` with a problem code.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..problems import ProblemCode
from .model import (CellError, Merge, Percent, Ranges, Sheet, SheetEntry, Unsaved, WorkbookRefused, cell_name, column_letter,
                    is_date_value)
from .ods import read_ods
from .preflight import open_archive
from .xlsx import read_xlsx

_ODS_MIMETYPES = (b"application/vnd.oasis.opendocument.spreadsheet",
                  b"application/vnd.oasis.opendocument.spreadsheet-template")


@dataclass
class Workbook:
    """A workbook's sheets as listed (``entries``, in tab order) and those read (``sheets``)."""

    entries: list[SheetEntry]
    sheets: list[Sheet]


def read_workbook(path: Path, want: Callable[[str], bool] = lambda name: True) -> Workbook:
    """Read the sheets of ``path`` whose names ``want`` accepts.

    Parameters
    ----------
    path : Path
        An .xlsx, .xlsm or .ods file (the content decides, not the suffix).
    want : callable
        Takes a sheet's name as written; True to read its cells.

    Raises
    ------
    WorkbookRefused
        The file must not or cannot be read; the code says why.
    """
    archive = open_archive(Path(path))
    try:
        names = set(archive.namelist())
        if "mimetype" in names and archive.read("mimetype").strip() in _ODS_MIMETYPES or (
                "content.xml" in names and "xl/workbook.xml" not in names and "_rels/.rels" not in names):
            entries, sheets = read_ods(archive, want)
        elif "_rels/.rels" in names or "xl/workbook.xml" in names:
            entries, sheets = read_xlsx(archive, want)
        else:
            raise WorkbookRefused(ProblemCode.NOT_A_SPREADSHEET)
    except (zipfile.BadZipFile, EOFError, RuntimeError, NotImplementedError) as error:
        raise WorkbookRefused(ProblemCode.DAMAGED, part=str(error)[:80]) from None
    finally:
        archive.close()
    return Workbook(entries, sheets)


__all__ = ["CellError", "Merge", "Percent", "Ranges", "Sheet", "SheetEntry", "Unsaved", "Workbook", "WorkbookRefused",
           "cell_name", "column_letter", "is_date_value", "read_workbook"]
