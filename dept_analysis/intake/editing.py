"""Changing a few cells of a clerk's workbook, and nothing else, or not at all.

A workbook someone typed is worth more than any count an export gives, so a change is made
only when it can be made whole and checked:

* The tables are found by the project's own reader (:mod:`dept_analysis.sheets`,
  :mod:`dept_analysis.headers`), so a row number here is the row the loader reads.
* The file is opened with openpyxl (``keep_vba`` for a workbook with macros), only the cells
  asked for are set, and it is saved beside the original (:func:`~dept_analysis.files.write_atomically`).
* Before the saved copy replaces the original, it must pass three checks: the original has
  not changed since it was read (a clerk saved meanwhile); openpyxl kept every chart, image,
  comment, shape, pivot table and macro (it silently drops some of them); and the project's
  loader finds no problem in the copy that the original did not have (openpyxl drops the
  saved results of formulas, which the loader would then refuse). Any failure leaves the
  original as it was.
* An ``.ods`` workbook is refused: openpyxl cannot write it, and converting it in silence
  would change a file the clerk keeps in another format. A workbook open in Excel or
  LibreOffice (its lock file is beside it) is refused too: the program's next save would
  undo the change.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from .. import words
from ..catalog import Catalog
from ..datafolder import sha256_of
from ..errors import DeptAnalysisError
from ..files import write_atomically
from ..headers import Table, locate_table
from ..loading import scan_workbook
from ..problems import Problem, ProblemCode
from ..sheets import Sheet, column_letter, read_workbook
from ..textnorm import is_blank, match_key
from ..validation import count_number
from ..workbook import COUNTS, INFO, SheetSpec

# Problems a workbook may have and still take counts: a count not typed yet (a workbook made
# by `dept-report new`) or a counts sheet with no rows (a blank template).
FILLABLE = frozenset({ProblemCode.COUNT_BLANK, ProblemCode.COUNTS_EMPTY})

_ODS_MIMETYPES = (b"application/vnd.oasis.opendocument.spreadsheet",
                  b"application/vnd.oasis.opendocument.spreadsheet-template")

# Parts of an .xlsx that openpyxl may not write back, by what a person calls them: counted
# before and after saving; fewer after is a loss, and the save is abandoned.
_PARTS = (
    ("charts", re.compile(r"^xl/charts/chart[^/]*\.xml$")),
    ("images", re.compile(r"^xl/media/")),
    ("comments", re.compile(r"^xl/comments[^/]*(/[^/]+)?\.xml$")),
    ("threaded_comments", re.compile(r"^xl/threadedComments/")),
    ("pivot_tables", re.compile(r"^xl/pivotTables/pivotTable[^/]*\.xml$")),
    ("tables", re.compile(r"^xl/tables/table[^/]*\.xml$")),
    ("macros", re.compile(r"^xl/vbaProject\.bin$")),
    ("form_controls", re.compile(r"^xl/(ctrlProps|activeX)/")),
    ("slicers", re.compile(r"^xl/(slicers|slicerCaches|timelines|timelineCaches)/")),
    ("external_links", re.compile(r"^xl/externalLinks/externalLink[^/]*\.xml$")),
)
_DRAWING = re.compile(r"^xl/drawings/drawing[^/]*\.xml$")
_SHAPE = re.compile(rb"<(?:xdr:)?sp[\s>]")


class WorkbookEditError(DeptAnalysisError):
    """Raised when a workbook cannot be changed safely; the original is left untouched.

    Attributes
    ----------
    problems : list of Problem
        The loader's problems that stopped it, when that is the reason (else empty).
    """

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


def lock_files(path: Path) -> list[Path]:
    """The office lock files beside ``path`` that say it is open in Excel or LibreOffice."""
    name = path.name
    candidates = {f"~${name}", f"~${name[2:]}", f".~lock.{name}#"}
    return sorted(path.parent / candidate for candidate in candidates if (path.parent / candidate).exists())


def is_ods(path: Path) -> bool:
    """Whether a workbook is an OpenDocument spreadsheet (by its content, or its name)."""
    if path.suffix.lower() in (".ods", ".fods"):
        return True
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            return ("mimetype" in names and archive.read("mimetype").strip() in _ODS_MIMETYPES) or (
                "content.xml" in names and "xl/workbook.xml" not in names)
    except (OSError, zipfile.BadZipFile):
        return False


def macro_enabled(path: Path) -> bool:
    """Whether a workbook is saved as macro-enabled (.xlsm), by its content types.

    openpyxl writes the macro-enabled type exactly when it keeps the macros (``keep_vba``),
    so this decides both: a macro-enabled file stays one (Excel refuses an .xlsm that says it
    is an .xlsx), and a plain one is not turned into one.
    """
    with zipfile.ZipFile(path) as archive:
        try:
            types = archive.read("[Content_Types].xml")
        except KeyError:
            return False
    return b"macroEnabled.main+xml" in types or b"macroEnabledTemplate.main+xml" in types


def part_counts(path: Path) -> Counter:
    """How many of each kind of part in :data:`_PARTS` (and drawn shapes) a workbook holds."""
    counts: Counter = Counter()
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            for kind, pattern in _PARTS:
                if pattern.match(name):
                    counts[kind] += 1
            if _DRAWING.match(name):
                counts["shapes"] += len(_SHAPE.findall(archive.read(name)))
    return counts


def lost_parts(before: Path, after: Path) -> dict[str, int]:
    """The kinds of parts ``after`` holds fewer of than ``before``: kind -> how many fewer."""
    old, new = part_counts(before), part_counts(after)
    return {kind: old[kind] - new[kind] for kind in old if new[kind] < old[kind]}


def _problem_key(problem: Problem) -> tuple:
    return problem.code, problem.sheet, problem.row, problem.letter


@dataclass
class CountRow:
    """A row of the counts sheet as the loader reads it."""

    row: int
    metric: str
    channel: str
    typed: int | None  # None when the count is blank
    raw: object


@dataclass
class ClerkWorkbook:
    """A month's workbook opened for a change: its tables as the loader sees them.

    Use :meth:`open`, then :meth:`set_count`, :meth:`add_count_row`, :meth:`add_info_row`,
    then :meth:`save`.

    Attributes
    ----------
    path : Path
    month : pandas.Period
    catalog : Catalog
    problems : list of Problem
        The loader's problems with the workbook as it was read (only :data:`FILLABLE` ones).
    counts : dict
        (metric code, channel code) -> :class:`CountRow`.
    """

    path: Path
    month: pd.Period
    catalog: Catalog
    problems: list[Problem]
    counts: dict[tuple[str, str], CountRow]
    sha256: str
    _counts_table: Table | None = None
    _info_table: Table | None = None
    _sheets: dict[str, Sheet] = field(default_factory=dict)
    _taken_rows: dict[str, set[int]] = field(default_factory=dict)
    _changes: list = field(default_factory=list)

    # -- reading ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, month: pd.Period, catalog: Catalog) -> ClerkWorkbook:
        """Read a workbook to change it.

        Raises
        ------
        WorkbookEditError
            The workbook is an .ods file, is open in an office program, or has problems
            other than blank counts (listed in ``problems``).
        """
        path = Path(path)
        if is_ods(path):
            raise WorkbookEditError(words.both("import.ods", file=path.name, month=path.stem))
        locks = lock_files(path)
        if locks:
            raise WorkbookEditError(words.both("import.locked", file=path.name, lock=locks[0].name))
        sha = sha256_of(path)
        scan = scan_workbook(path, month, catalog)
        blocking = [problem for problem in scan.problems if problem.code not in FILLABLE]
        if blocking:
            raise WorkbookEditError(words.both("import.workbook_problems", file=path.name), blocking)
        book = read_workbook(path, lambda name: _role(name) is not None)
        sheets = {}
        for sheet in book.sheets:
            role = _role(sheet.name)
            if role is not None and not sheet.hidden:
                sheets.setdefault(role.key, sheet)
        ignored: list[Problem] = []
        counts_table = locate_table(path.name, sheets[COUNTS.key], COUNTS, ignored) if COUNTS.key in sheets else None
        info_table = (locate_table(path.name, sheets[INFO.key], INFO, ignored, strict=False)
                      if INFO.key in sheets else None)
        if counts_table is None or info_table is None:
            # The scan found nothing wrong, so this cannot happen; refuse rather than guess.
            raise WorkbookEditError(words.both("import.workbook_problems", file=path.name), ignored)
        workbook = cls(path, month, catalog, list(scan.problems), {}, sha, counts_table, info_table, sheets)
        metrics, channels = catalog.metric_lookup(), catalog.channel_lookup()
        for position, row in enumerate(counts_table.rows):
            metric = metrics.get(match_key(counts_table.values["metric"][position]))
            channel = channels.get(match_key(counts_table.values["channel"][position]))
            raw = counts_table.values["count"][position]
            typed = None if is_blank(raw) else int(count_number(raw))
            workbook.counts[(metric, channel)] = CountRow(row, metric, channel, typed, raw)
        return workbook

    # -- changing -------------------------------------------------------------------------------

    def set_count(self, metric: str, channel: str, count: int) -> str:
        """Set the count of a pair that has a row; returns the cell's name ("C7")."""
        row = self.counts[(metric, channel)].row
        column = self._counts_table.columns["count"] + 1
        self._changes.append(("cell", COUNTS.key, row, column, count))
        return f"{_letter(column)}{row}"

    def add_count_row(self, metric: str, channel: str, count: int) -> str:
        """Append a row for a pair the counts sheet lacks, with the catalog's Ukrainian names."""
        table = self._counts_table
        row = self._free_row(COUNTS.key, max(table.rows, default=table.header_row))
        columns = table.columns
        self._changes.append(("cell", COUNTS.key, row, columns["metric"] + 1, self.catalog.metric(metric).name_uk))
        self._changes.append(("cell", COUNTS.key, row, columns["channel"] + 1, self.catalog.channel(channel).name_uk))
        self._changes.append(("cell", COUNTS.key, row, columns["count"] + 1, count))
        return f"{_letter(columns['count'] + 1)}{row}"

    def add_info_row(self, field_name: str, value: str) -> None:
        """Append a row to the info sheet («Відомості»), below everything on it."""
        table = self._info_table
        row = self._free_row(INFO.key, max([*table.rows, table.header_row]))
        self._changes.append(("cell", INFO.key, row, table.columns["field"] + 1, field_name))
        self._changes.append(("cell", INFO.key, row, table.columns["value"] + 1, value))

    def _free_row(self, key: str, after: int) -> int:
        """The first row below ``after`` with nothing in it and not taken by another change."""
        grid = self._sheets[key].rows()
        taken = self._taken_rows.setdefault(key, set())
        row = after + 1
        while row in taken or any(not is_blank(value) for value in grid.get(row - 1, {}).values()):
            row += 1
        taken.add(row)
        return row

    # -- saving ---------------------------------------------------------------------------------

    def save(self) -> list[Problem]:
        """Write the changes into the workbook, or leave it untouched and raise.

        Returns
        -------
        list of Problem
            The loader's problems with the written workbook (counts still blank, for one).

        Raises
        ------
        WorkbookEditError
            The workbook changed since it was read, openpyxl would lose a part of it, or the
            written copy would have a problem the original had not.
        """
        import openpyxl

        if not self._changes:
            return self.problems
        with warnings.catch_warnings():
            # openpyxl warns about extensions it does not read (and will not write); the
            # checks below judge what is lost, by the parts themselves.
            warnings.simplefilter("ignore")
            try:
                book = openpyxl.load_workbook(self.path, keep_vba=macro_enabled(self.path), rich_text=True)
            except Exception as error:  # noqa: BLE001 - any failure of the library on a clerk's file
                raise WorkbookEditError(words.both("import.unopenable", file=self.path.name,
                                                   reason=_reason(error))) from None
        names = {key: sheet.name for key, sheet in self._sheets.items()}
        for _, key, row, column, value in self._changes:
            book[names[key]].cell(row=row, column=column).value = value
        after: list[Problem] = []

        def write(temporary: str) -> None:
            book.save(temporary)
            if sha256_of(self.path) != self.sha256:
                raise WorkbookEditError(words.both("import.changed_meanwhile", file=self.path.name))
            lost = lost_parts(self.path, Path(temporary))
            if lost:
                listed = {lang: ", ".join(words.say(f"import.part.{kind}", lang, n=n) for kind, n in lost.items())
                          for lang in words.LANGUAGES}
                raise WorkbookEditError(" / ".join(words.say("import.would_lose", lang, file=self.path.name,
                                                             parts=listed[lang]) for lang in words.LANGUAGES))
            scan = scan_workbook(Path(temporary), self.month, self.catalog)
            found = [replace(problem, file=self.path.name) for problem in scan.problems]
            before = {_problem_key(problem) for problem in self.problems}
            new = [problem for problem in found if _problem_key(problem) not in before]
            if new:
                raise WorkbookEditError(words.both("import.would_break", file=self.path.name), new)
            after.extend(found)

        try:
            write_atomically(self.path, write)
        except OSError as error:
            raise WorkbookEditError(words.both("import.unwritable", file=self.path.name,
                                               reason=error.strerror or _reason(error))) from None
        return after


def _reason(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:160]


def _role(name: str) -> SheetSpec | None:
    """The spec a sheet's name is exactly (letter case and spaces aside), or None."""
    key = match_key(name)
    for spec in (COUNTS, INFO):
        if key in (match_key(spec.name_uk), match_key(spec.name_en)):
            return spec
    return None


def _letter(column: int) -> str:
    """The letters of a column numbered from 1."""
    return column_letter(column - 1)


__all__ = ["FILLABLE", "ClerkWorkbook", "CountRow", "WorkbookEditError", "is_ods", "lock_files", "lost_parts",
           "macro_enabled", "part_counts"]
