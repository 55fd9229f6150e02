"""A new month's workbook, pre-filled from the latest earlier month (``dept-report new``).

What the clerk finds in it:

* «Відомості»: the month filled in, and a row «Заготовка» saying where the rest came from
  and what to check.
* «Показники»: every (metric, channel) row of the latest earlier month, with the catalog's
  Ukrainian names and an empty count. The loader refuses a blank count, so a month cannot be
  reported before every number has been typed (or imported).
* «Заходи»: that month's *standing* paragraphs, each marked in a column «Перевірити». A
  paragraph is standing when it also appears, word for word (spaces and letter case aside),
  in one of the two workbooks before it: monitoring, petitions, work with the media come
  back every month, a particular meeting or draft decision does not. When there is no
  earlier workbook to compare with, every paragraph is copied. The mark is a column of its
  own, not part of the text: the loader ignores a headed extra column, so a forgotten mark
  never reaches the report, and the text is the paragraph exactly as it was.

The latest earlier month is the newest workbook before the new month that loads without a
problem; newer ones that do not (a blank template, a month still being typed) are passed
over, and the result says so. Nothing is ever overwritten: the file is built beside the
data folder's workbooks under a hidden name and linked into place only if no file for that
month has appeared meanwhile.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from copy import copy
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from .. import words
from ..catalog import Catalog
from ..datafolder import is_lock_file
from ..errors import DeptAnalysisError
from ..loading import WorkbookScan, read_folder, scan_workbook
from ..periods import month_text, parse_month
from ..problems import DataValidationError
from ..textnorm import match_key
from ..workbook import ACTIVITIES, INFO, write_workbook
from .editing import FILLABLE
from .importing import kyiv_now

# How many workbooks before the source month are compared with it to tell a standing
# paragraph from a one-off: two, so that a paragraph left out once is still standing.
COMPARED_MONTHS = 2
REVIEW_FILL = "FFF2CC"


class MonthExistsError(DeptAnalysisError):
    """Raised when the month to create already has a file in the data folder."""


@dataclass
class NewMonth:
    """What ``dept-report new`` wrote.

    Attributes
    ----------
    path : Path
        The new workbook.
    month : pandas.Period
    source : pandas.Period or None
        The month its rows came from (None: no earlier workbook, a blank template was written).
    pairs : int
        Count rows copied (with empty counts).
    copied : list of (str, str)
        The paragraphs copied, marked to review.
    left_out : int
        The source month's paragraphs not copied (found in neither month compared).
    compared : list of pandas.Period
        The months the source's paragraphs were compared with.
    passed_over : list of (pandas.Period, int)
        Newer earlier workbooks not used, with their number of problems.
    """

    path: Path
    month: pd.Period
    source: pd.Period | None = None
    pairs: int = 0
    copied: list[tuple[str, str]] = field(default_factory=list)
    left_out: int = 0
    compared: list[pd.Period] = field(default_factory=list)
    passed_over: list[tuple[pd.Period, int]] = field(default_factory=list)


def existing_files(folder: Path, month: pd.Period) -> list[str]:
    """Every file in ``folder`` meant for ``month`` (``2022-01.xlsx``, ``2022-01.csv`` ...)."""
    stem = month_text(month)
    return sorted(path.name for path in folder.iterdir()
                  if path.name.split(".", 1)[0] == stem and not path.name.startswith(".") and not is_lock_file(path))


def new_month(month: str, data_dir: str | Path | None = None, *, now: datetime | None = None) -> NewMonth:
    """Write ``data_dir/YYYY-MM.xlsx`` pre-filled from the latest earlier month.

    Raises
    ------
    MonthError
        ``month`` is not YYYY-MM.
    MonthExistsError
        A file for the month is already there (nothing is changed).
    DataValidationError
        The data folder or its catalog cannot be read.
    """
    period = parse_month(month)
    folder, catalog, problems = read_folder(data_dir)
    if problems:
        raise DataValidationError(problems)
    there = existing_files(folder.path, period)
    if there:
        raise MonthExistsError(words.both("new.exists", month=month_text(period), names=", ".join(there)))
    target = folder.path / f"{month_text(period)}.xlsx"
    result = NewMonth(target, period)
    earlier = sorted((m for m in folder.workbooks if m < period), reverse=True)
    scans: list[WorkbookScan] = []
    source_at = None
    for position, candidate in enumerate(earlier):
        scan = scan_workbook(folder.workbooks[candidate], candidate, catalog)
        if scan.ok:
            source_at = position
            scans.append(scan)
            break
        result.passed_over.append((candidate, len(scan.problems)))
    if source_at is not None:
        source = scans[0]
        result.source = source.month
        for candidate in earlier[source_at + 1:]:
            scan = scan_workbook(folder.workbooks[candidate], candidate, catalog)
            if scan.ok:
                scans.append(scan)
                result.compared.append(candidate)
                if len(result.compared) == COMPARED_MONTHS:
                    break
        result.pairs = len(source.counts)
        result.copied = _standing(source.activities, scans[1:])
        result.left_out = len(source.activities) - len(result.copied)
    _write(result, catalog, scans[0] if scans else None, now or kyiv_now())
    return result


def _standing(paragraphs: list[tuple[str, str]], before: list[WorkbookScan]) -> list[tuple[str, str]]:
    """The paragraphs that also appear in one of the earlier months (all, if there are none)."""
    if not before:
        return list(paragraphs)
    seen = {match_key(text) for scan in before for _, text in scan.activities}
    return [(section, text) for section, text in paragraphs if match_key(text) in seen]


def _write(result: NewMonth, catalog: Catalog, source: WorkbookScan | None, when: datetime) -> None:
    """Build the workbook under a hidden name in the data folder, check it, link it into place."""
    import openpyxl
    from openpyxl.styles import Alignment, PatternFill

    counts = [(catalog.metric(metric).name_uk, catalog.channel(channel).name_uk, None)
              for metric, channel, _ in (source.counts if source else [])]
    building = Path(tempfile.mkdtemp(dir=result.path.parent, prefix=".new-"))
    try:
        draft = write_workbook(building / result.path.name, catalog, result.month, counts, result.copied)
        book = openpyxl.load_workbook(draft)
        info = book[INFO.name_uk]
        stamp = when.strftime("%Y-%m-%d %H:%M")
        if source is None:
            note = words.say("new.info_blank", "uk", when=stamp)
        else:
            note = words.say("new.info", "uk", when=stamp, source=f"{month_text(source.month)}.xlsx",
                             source_month=month_text(source.month),
                             review=words.say("new.review_header", "uk"))
        info.append([words.say("new.info_field", "uk"), note])
        info.cell(info.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        if result.copied:
            sheet = book[ACTIVITIES.name_uk]
            header = sheet.cell(1, 3, words.say("new.review_header", "uk"))
            header.font, header.fill = copy(sheet.cell(1, 2).font), copy(sheet.cell(1, 2).fill)
            sheet.column_dimensions["C"].width = 26
            mark = words.say("new.review_mark", "uk", month=month_text(source.month))
            yellow = PatternFill("solid", fgColor=REVIEW_FILL)
            for row in range(2, len(result.copied) + 2):
                sheet.cell(row, 3, mark)
                for column in (1, 2, 3):
                    sheet.cell(row, column).fill = yellow
        book.save(draft)
        _check(draft, result.month, catalog)
        _place(draft, result.path, result.month)
    finally:
        shutil.rmtree(building, ignore_errors=True)


def _check(path: Path, month: pd.Period, catalog: Catalog) -> None:
    """The loader must read the new workbook, blank counts aside: a bug is not to be shipped."""
    scan = scan_workbook(path, month, catalog)
    unexpected = [problem for problem in scan.problems if problem.code not in FILLABLE]
    if unexpected:
        raise DataValidationError(unexpected)


def _place(draft: Path, target: Path, month: pd.Period) -> None:
    """Put the finished file at ``target`` unless something is there by now."""
    try:
        os.link(draft, target)  # fails if the target exists: never overwrites
    except FileExistsError:
        raise MonthExistsError(words.both("new.exists", month=month_text(month), names=target.name)) from None
    except OSError:
        # A file system without hard links: the check and the rename are then two steps.
        if target.exists():
            raise MonthExistsError(words.both("new.exists", month=month_text(month), names=target.name)) from None
        os.replace(draft, target)


__all__ = ["COMPARED_MONTHS", "MonthExistsError", "NewMonth", "existing_files", "new_month"]
