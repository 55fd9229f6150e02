"""Load the monthly workbooks of a data folder into tidy frames, checking everything first.

A person fixing a spreadsheet wants the whole list of mistakes at once, so nothing here
stops at the first problem: each workbook is read as far as it can be, every problem is
collected with its file, sheet, row and column, and only then does loading fail.

The work is split by job, one module each: :mod:`.datafolder` finds the files,
:mod:`.sheets` reads a workbook's sheets, :mod:`.headers` finds each sheet's table,
:mod:`.validation` checks the cells; this module puts the pieces together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from . import config, words
from .catalog import Catalog, load_catalog
from .datafolder import DataFolder, scan_folder, sha256_of
from .headers import locate_table
from .problems import DataValidationError, Problem, ProblemCode
from .sheets import Sheet, SheetEntry, WorkbookRefused, read_workbook
from .textnorm import is_blank, match_key
from .validation import check_activities, check_counts, check_month
from .workbook import ACTIVITIES, COUNTS, INFO, SHEETS, SheetSpec

COUNTS_COLUMNS = ["month", "metric", "channel", "count"]
ACTIVITY_COLUMNS = ["month", "position", "section", "text"]


@dataclass
class MonthlyData:
    """Everything loaded from a data folder.

    Attributes
    ----------
    counts : pandas.DataFrame
        One row per (month, metric, channel): ``month`` (monthly Period), ``metric`` and
        ``channel`` (catalog codes), ``count`` (int64).
    activities : pandas.DataFrame
        The uncounted paragraphs: ``month``, ``position`` (1-based order), ``section``, ``text``
        (as typed: line breaks and tabs kept).
    sources : pandas.DataFrame
        One row per workbook: ``month``, ``file`` (Path), ``sha256``.
    catalog : Catalog
        The catalog the names were checked against.
    data_dir : Path
        The folder that was read.
    """

    counts: pd.DataFrame
    activities: pd.DataFrame
    sources: pd.DataFrame
    catalog: Catalog
    data_dir: Path

    @property
    def months(self) -> list[pd.Period]:
        """Every month that has a workbook, oldest first."""
        return sorted(self.sources["month"])


# -- which sheet is which ---------------------------------------------------------------------

def _spec_keys(spec: SheetSpec) -> tuple[str, str]:
    return match_key(spec.name_uk), match_key(spec.name_en)


def _sheet_role(name: str) -> tuple[SheetSpec, bool] | None:
    """The spec a sheet's name matches (and whether exactly), or None.

    Names match whatever their letter case and spacing; a name that contains a spec's name
    as a word ("Показники (2)", "Копія Показники", "Показники липень") is a lookalike: a copy
    someone kept, which must not be read in silence, nor ignored in silence.
    """
    key = match_key(name)
    for spec in SHEETS:
        if key in _spec_keys(spec):
            return spec, True
    for spec in SHEETS:
        for spec_key in _spec_keys(spec):
            if re.search(rf"(?<![a-zа-яіїєґ]){re.escape(spec_key)}(?![a-zа-яіїєґ])", key):
                return spec, False
    return None


def _pick_sheets(file: str, entries: list[SheetEntry], sheets: list[Sheet], problems: list[Problem]
                 ) -> dict[str, Sheet]:
    """Return the sheet to read for each spec, reporting missing, doubled and hidden ones."""
    by_name = {sheet.name: sheet for sheet in sheets}
    have = ", ".join(f"«{entry.name}»" for entry in entries) or "—"
    picked: dict[str, Sheet] = {}
    for spec in SHEETS:
        matching = [(entry, role[1]) for entry in entries
                    for role in [_sheet_role(entry.name)] if role is not None and role[0] is spec]
        if len(matching) > 1:
            names = ", ".join(f"«{entry.name}»" + (" (прихований / hidden)" if entry.hidden else "")
                              for entry, _ in matching)
            problems.append(Problem(file, ProblemCode.SHEET_TWICE, sheet=matching[1][0].name,
                                    details={"sheet": spec.name_uk, "names": names}))
        elif not matching or not matching[0][1]:
            # Only a lookalike ("Показники (2)") is not the sheet: the person renames it.
            problems.append(Problem(file, ProblemCode.SHEET_MISSING, sheet=spec.name_uk,
                                    details={"sheet": spec.name_uk, "sheet_en": spec.name_en, "have": have}))
        elif matching[0][0].hidden:
            entry = matching[0][0]
            problems.append(Problem(file, ProblemCode.SHEET_HIDDEN, sheet=entry.name, details={"sheet": entry.name}))
        else:
            picked[spec.key] = by_name[matching[0][0].name]
    return picked


def _wanted(name: str) -> bool:
    return _sheet_role(name) is not None


# -- one workbook ---------------------------------------------------------------------------------

@dataclass
class WorkbookScan:
    """One workbook read and checked: its problems, or its counts and paragraphs."""

    file: str
    month: pd.Period
    problems: list[Problem] = field(default_factory=list)
    counts: list[tuple[str, str, int]] | None = None
    activities: list[tuple[str, str]] | None = None
    filled: bool = True  # False for a blank template: a counts sheet with no count in it

    @property
    def ok(self) -> bool:
        """True when the workbook can be used as it is."""
        return not self.problems


def _refusal(file: str, refused: WorkbookRefused) -> Problem:
    details = dict(refused.details)
    if refused.code is ProblemCode.UNREADABLE:
        details.setdefault("reason", "")
    return Problem(file, refused.code, sheet=refused.sheet, details=details)


def scan_workbook(path: Path, month: pd.Period, catalog: Catalog) -> WorkbookScan:
    """Read and check one month's workbook, collecting every problem.

    Parameters
    ----------
    path : Path
        The workbook (its name has been checked: it is ``month``'s).
    month : pandas.Period
    catalog : Catalog
    """
    file = Path(path).name
    scan = WorkbookScan(file, month)
    problems = scan.problems
    try:
        book = read_workbook(path, _wanted)
        if not book.sheets:
            # None of the three sheets: tell an empty workbook from a misnamed one.
            everything = read_workbook(path)
            if not any(not is_blank(v) for sheet in everything.sheets for v in sheet.cells.values()):
                problems.append(Problem(file, ProblemCode.WORKBOOK_EMPTY))
                scan.filled = False
                return scan
    except WorkbookRefused as refused:
        problems.append(_refusal(file, refused))
        return scan
    except OSError as error:
        problems.append(Problem(file, ProblemCode.UNREADABLE, details={"reason": error.strerror or str(error)}))
        return scan
    sheets = _pick_sheets(file, book.entries, book.sheets, problems)
    if INFO.key in sheets:
        table = locate_table(file, sheets[INFO.key], INFO, problems, strict=False)
        if table is not None:
            check_month(file, table, month, problems)
    if COUNTS.key in sheets:
        table = locate_table(file, sheets[COUNTS.key], COUNTS, problems)
        if table is not None:
            # A blank template, or a workbook `dept-report new` pre-filled with every row but no
            # count yet, is not filled in: `run latest` passes it over.
            scan.filled = any(not is_blank(value) for value in table.values["count"])
            scan.counts = check_counts(file, table, catalog, problems)
    if ACTIVITIES.key in sheets:
        table = locate_table(file, sheets[ACTIVITIES.key], ACTIVITIES, problems)
        if table is not None:
            scan.activities = check_activities(file, table, problems)
    return scan


# -- the whole folder -------------------------------------------------------------------------------

def _counts_frame(scans: list[WorkbookScan]) -> pd.DataFrame:
    months, metrics, channels, counts = [], [], [], []
    for scan in scans:
        months.extend([scan.month] * len(scan.counts))
        for metric, channel, count in scan.counts:
            metrics.append(metric)
            channels.append(channel)
            counts.append(count)
    return pd.DataFrame({
        "month": pd.PeriodIndex(months, freq="M"),
        "metric": np.array(metrics, dtype=object),
        "channel": np.array(channels, dtype=object),
        "count": np.array(counts, dtype=np.int64),
    })


def _activities_frame(scans: list[WorkbookScan]) -> pd.DataFrame:
    months, positions, sections, texts = [], [], [], []
    for scan in scans:
        months.extend([scan.month] * len(scan.activities))
        positions.extend(range(1, len(scan.activities) + 1))
        for section, text in scan.activities:
            sections.append(section)
            texts.append(text)
    return pd.DataFrame({
        "month": pd.PeriodIndex(months, freq="M"),
        "position": np.array(positions, dtype=np.int64),
        "section": np.array(sections, dtype=object),
        "text": np.array(texts, dtype=object),
    })


def read_folder(data_dir: str | Path | None) -> tuple[DataFolder | None, Catalog | None, list[Problem]]:
    """Find a data folder's workbooks and read its catalog, without reading any workbook.

    Returns
    -------
    (DataFolder or None, Catalog or None, list of Problem)
        The problems are the folder's and the catalog's (a missing folder, a broken catalog).
    """
    folder_path = config.resolve_data_dir(data_dir)
    if not folder_path.is_dir():
        return None, None, [Problem(str(folder_path), ProblemCode.NO_FOLDER)]
    folder = scan_folder(folder_path)
    try:
        catalog = load_catalog(folder_path)
    except DataValidationError as error:
        return folder, None, error.problems
    return folder, catalog, []


def check_data(data_dir: str | Path | None = None,
               months: Iterable[pd.Period] | None = None) -> tuple[MonthlyData | None, list[Problem]]:
    """Read and check every workbook of a data folder (or only those of ``months``).

    Parameters
    ----------
    data_dir : str or Path, optional
        The project's ``data/`` when omitted.
    months : iterable of pandas.Period, optional
        Read only these months' workbooks: a report reads the months it compares, so a
        blank template for next month or a broken old file does not stop it.

    Returns
    -------
    (MonthlyData or None, list of Problem)
        The data when there were no problems, and the problems in the order of the files.
    """
    folder, catalog, problems = read_folder(data_dir)
    if folder is None or catalog is None:
        return None, problems
    if months is not None:
        wanted = set(months)
        files = {month: path for month, path in folder.workbooks.items() if month in wanted}
        problems = folder.problems_of(wanted)
    else:
        files = dict(folder.workbooks)
        problems = list(folder.problems)
        if not files and not problems:
            problems.append(Problem(folder.path.name, ProblemCode.NO_WORKBOOKS, details={"folder": folder.path}))
    scans = [scan_workbook(path, month, catalog) for month, path in sorted(files.items())]
    loaded, sources = [], []
    for (month, path), scan in zip(sorted(files.items()), scans):
        problems.extend(scan.problems)
        if scan.ok:
            loaded.append(scan)
            sources.append({"month": month, "file": path, "sha256": sha256_of(path)})
    if problems:
        return None, sorted(problems, key=lambda p: p.file)
    data = MonthlyData(
        counts=_counts_frame(loaded) if loaded else pd.DataFrame(columns=COUNTS_COLUMNS),
        activities=_activities_frame(loaded) if loaded else pd.DataFrame(columns=ACTIVITY_COLUMNS),
        sources=pd.DataFrame(sources, columns=["month", "file", "sha256"]),
        catalog=catalog,
        data_dir=folder.path,
    )
    return data, []


def load_data(data_dir: str | Path | None = None, months: Iterable[pd.Period] | None = None) -> MonthlyData:
    """Load every month of a data folder, or raise with every problem found.

    Parameters
    ----------
    data_dir : str or Path, optional
        The folder with ``catalog.toml`` and ``YYYY-MM.xlsx`` workbooks; the project's
        ``data/`` when omitted.
    months : iterable of pandas.Period, optional
        Load only these months (see :func:`check_data`).

    Returns
    -------
    MonthlyData

    Raises
    ------
    DataValidationError
        Listing every problem in every workbook.
    """
    data, problems = check_data(data_dir, months)
    if problems:
        raise DataValidationError(problems)
    return data


def available_months(data_dir: str | Path | None) -> list[pd.Period]:
    """The months that have a workbook in ``data_dir``, oldest first (nothing is read)."""
    folder_path = config.resolve_data_dir(data_dir)
    if not folder_path.is_dir():
        return []
    return scan_folder(folder_path).months


def latest_filled_month(folder: DataFolder, catalog: Catalog) -> tuple[pd.Period | None, list[pd.Period]]:
    """The newest month whose workbook is filled in, and the newer ones that are blank.

    A workbook is filled in once its counts sheet has a count: a blank template for next
    month, or one `dept-report new` wrote, is skipped. A newer workbook with mistakes is filled in (and will be refused with
    its problems): mistakes are never skipped in silence.
    """
    blank = []
    for month in sorted(folder.workbooks, reverse=True):
        scan = scan_workbook(folder.workbooks[month], month, catalog)
        if scan.filled:
            return month, blank
        blank.append(month)
    return None, blank




def report_sources(data_dir: str | Path | None, months: Iterable[pd.Period], month: pd.Period
                   ) -> tuple[DataFolder, Catalog, dict[pd.Period, Path]]:
    """The workbooks a report on ``month`` reads (those of ``months`` that exist), its
    catalog, and the folder, without reading any workbook.

    Raises
    ------
    DataValidationError
        The folder or the catalog cannot be read, or a file meant for one of ``months``
        cannot be a workbook (a CSV, the month twice, a broken link...).
    MonthError
        ``month`` itself has no workbook (the message lists the months there are).
    """
    from .errors import MonthError
    from .periods import month_text

    folder, catalog, problems = read_folder(data_dir)
    months = list(months)
    if folder is not None:
        problems = problems + folder.problems_of(months)
    if problems:
        raise DataValidationError(problems)
    if month not in folder.workbooks:
        have = ", ".join(month_text(m) for m in folder.months) or "—"
        raise MonthError(words.both("no_workbook", month=month_text(month), folder=folder.path, have=have))
    return folder, catalog, {m: folder.workbooks[m] for m in months if m in folder.workbooks}


def period_sources(data_dir: str | Path | None, period, partial: bool = False):
    """What a report on ``period`` (a ReportPeriod) reads: the period as it will be reported
    (reduced to its months with a workbook when ``partial``), the catalog, and the workbooks
    by month, without reading any workbook.

    Raises
    ------
    MonthError
        A month with no workbook; a longer period with a month missing and not ``partial``
        (the message names the missing months), or with none at all.
    DataValidationError
        The folder or the catalog cannot be read, or a file meant for one of the months read
        cannot be a workbook.
    """
    from .errors import MonthError
    from .periods import month_text, period_name, period_window

    if period.kind == "month":
        folder, catalog, workbooks = report_sources(data_dir, period_window(period, []), period.first)
        return period, catalog, workbooks
    folder, catalog, problems = read_folder(data_dir)
    if problems:
        raise DataValidationError(problems)
    # A period already made partial (by the command line, for a batch) stays partial.
    partial = partial or bool(period.only)
    present = [m for m in period.all_months if m in folder.workbooks]
    have = ", ".join(month_text(m) for m in folder.months) or "—"
    if not present:
        raise MonthError(words.both("period_empty", period=period.key, folder=folder.path, have=have))
    missing = [m for m in period.all_months if m not in folder.workbooks]
    if missing and not partial:
        # Each language names the period in its own words, and a single month in the singular.
        key = "period_incomplete_one" if len(missing) == 1 else "period_incomplete"
        raise MonthError(" / ".join(
            words.say(key, lang, period=period_name(period, "nominative", lang),
                      missing=", ".join(month_text(m) for m in missing), present=", ".join(month_text(m) for m in present))
            for lang in words.LANGUAGES))
    if missing:
        period = period.partial(present)
    window = period_window(period, sorted({m.year for m in folder.months}))
    problems = folder.problems_of(window)
    if problems:
        raise DataValidationError(problems)
    return period, catalog, {m: folder.workbooks[m] for m in window if m in folder.workbooks}


__all__ = ["ACTIVITY_COLUMNS", "COUNTS_COLUMNS", "MonthlyData", "WorkbookScan", "available_months", "check_data",
           "latest_filled_month", "load_data", "period_sources", "read_folder", "report_sources", "scan_workbook"]
