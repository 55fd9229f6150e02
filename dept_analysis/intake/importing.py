"""Counts from a channel's own export, set against what was typed by hand, and written only
where that is safe.

The recipe (:func:`plan_import`, then :func:`apply_import`):

1. **Which block.** ``KIND`` names an ``[[exports]]`` block of the catalog: the block whose
   ``name`` it is, or else the only block of that ``kind`` (:func:`choose_block`). The block
   says which channel the export is and which of its counts feed which metric.
2. **Count.** The files named on the command line are read as one export of that block
   (streamed; see :mod:`dept_analysis.channel_exports`) and counted per Kyiv month.
3. **Which months.** Those asked for with ``--month``, or every month from the export's first
   post to its last. Of the latter, months without a workbook are listed and passed over
   (a channel's history is older than the department's workbooks), and the month still
   running is shown but not written unless asked for by name: its count is not final. So is
   the month the export starts in, unless it starts on the month's first day: a feed holds
   only its latest items, an export may be of a date range, and the posts of that month
   before its first one are not in it.
4. **Reconcile.** For each month and each (metric, channel) the block feeds: the count typed
   in the workbook, the count from the export, and what writing would do: fill a blank
   count, add the row, leave an equal count alone, keep a different typed count (or replace
   it, with ``--replace``).
5. **Write** (``--write``): only those cells, and a row «Імпорт» on the info sheet naming the
   export (kind, file, SHA-256, time); see :class:`~.editing.ClerkWorkbook` for what makes
   the write safe. A month that cannot be written is reported and the others go on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from .. import words
from ..catalog import Catalog
from ..channel_exports import ExportCounts, ExportSpec, count_export_files, month_key, parse_export_specs
from ..channel_exports.kyiv_time import kyiv
from ..datafolder import sha256_of
from ..errors import DeptAnalysisError
from ..loading import read_folder
from ..periods import month_text, parse_month
from ..problems import DataValidationError, Problem
from .editing import ClerkWorkbook, WorkbookEditError

#: What writing would do to one (metric, channel) count.
SAME, FILL, ADD, DIFFERS, REPLACE = "same", "fill", "add", "differs", "replace"
CHANGES = (FILL, ADD, REPLACE)

#: How a month stands: ready to write (or already as counted), or why it is not written.
READY, NO_WORKBOOK, NOT_COVERED, RUNNING, STARTS, REFUSED, WRITTEN, FAILED = (
    "ready", "no_workbook", "not_covered", "running", "starts", "refused", "written", "failed")


class ImportSetupError(DeptAnalysisError):
    """Raised when an import cannot start: no block for KIND, or the catalog's blocks are wrong."""


@dataclass
class PairCount:
    """One (metric, channel) of a month: typed, counted, and what writing does."""

    metric: str
    channel: str
    typed: int | None
    has_row: bool
    counted: int
    action: str
    cell: str = ""  # the cell written ("C7"), once written


@dataclass
class MonthImport:
    """One month of an import.

    Attributes
    ----------
    month : str
        "YYYY-MM".
    status : str
        :data:`READY`, :data:`NO_WORKBOOK`, :data:`NOT_COVERED`, :data:`RUNNING`, :data:`STARTS`,
        :data:`REFUSED`; after :func:`apply_import` also :data:`WRITTEN` or :data:`FAILED`.
    asked : bool
        Named with ``--month``.
    file : str
        The workbook's file name ("" when there is none).
    pairs : list of PairCount
    message : str
        Why the month is refused or failed (both languages).
    problems : list of Problem
        The workbook's problems: those that refused it, or those left after writing.
    """

    month: str
    status: str
    asked: bool = False
    file: str = ""
    pairs: list[PairCount] = field(default_factory=list)
    message: str = ""
    problems: list[Problem] = field(default_factory=list)
    workbook: ClerkWorkbook | None = field(default=None, repr=False)

    @property
    def changes(self) -> list[PairCount]:
        """The pairs writing changes."""
        return [pair for pair in self.pairs if pair.action in CHANGES]


@dataclass
class ExportFile:
    """A file read for the import, with its SHA-256 for the info sheet."""

    path: Path
    sha256: str


@dataclass
class ImportPlan:
    """Everything an import found, before and after writing."""

    spec: ExportSpec
    catalog: Catalog
    folder: Path
    files: list[ExportFile]
    counts: ExportCounts
    months: list[MonthImport]
    without_workbook: list[str]
    replace: bool
    written: bool = False

    @property
    def ok(self) -> bool:
        """False when a month asked for could not be counted or written, or a workbook was
        refused: the command then ends with exit code 1."""
        return not any(month.status in (REFUSED, FAILED) or (month.asked and month.status in (NO_WORKBOOK,
                                                                                                NOT_COVERED))
                       for month in self.months)


def choose_block(catalog: Catalog, kind: str) -> ExportSpec:
    """The ``[[exports]]`` block ``kind`` names: by its ``name``, or the only one of that kind.

    Raises
    ------
    ImportSetupError
        No block matches, or several of one kind do and none is named so.
    channel_exports.ExportSpecError
        A block of the catalog is written wrongly.
    """
    specs = parse_export_specs(catalog.exports, metric_codes=[m.code for m in catalog.metrics],
                               channel_codes=[c.code for c in catalog.channels])
    wanted = kind.strip().casefold()
    named = [spec for spec in specs if spec.name and spec.name.casefold() == wanted]
    if named:
        return named[0]
    of_kind = [spec for spec in specs if spec.kind == wanted]
    if len(of_kind) == 1:
        return of_kind[0]
    blocks = ", ".join(f"{spec.label} ({spec.kind}, {spec.channel})" for spec in specs) or "—"
    if len(of_kind) > 1:
        raise ImportSetupError(words.both("import.kind_ambiguous", kind=kind, blocks=blocks, catalog=catalog.path))
    if not specs:
        raise ImportSetupError(words.both("import.no_blocks", kind=kind, catalog=catalog.path))
    raise ImportSetupError(words.both("import.kind_unknown", kind=kind, blocks=blocks, catalog=catalog.path))


def kyiv_now() -> datetime:
    """The time on the department's wall clock."""
    return datetime.now(kyiv())


def plan_import(kind: str, files: Sequence[str | Path], data_dir: str | Path | None = None,
                months: Iterable[str] = (), *, replace: bool = False, now: datetime | None = None) -> ImportPlan:
    """Count an export and set its counts against the workbooks, writing nothing.

    Parameters
    ----------
    kind : str
        A block's name or kind (see :func:`choose_block`).
    files : sequence of path
        The export's files, read as one export.
    data_dir : str or Path, optional
        The data folder (the project's ``data/`` when omitted).
    months : iterable of str
        "YYYY-MM" months to import; every month of the export when empty.
    replace : bool
        Plan to replace typed counts that differ from the export's.
    now : datetime, optional
        The current time (tests); the month it falls in is still running.

    Raises
    ------
    DataValidationError
        The data folder or its catalog cannot be read.
    ImportSetupError, channel_exports.ExportSpecError
        No usable block for ``kind``.
    channel_exports.ExportFormatError
        A file cannot be read as the block's kind of export (the message names the file and
        the item).
    MonthError
        A month is not written as YYYY-MM.
    """
    asked = [month_text(parse_month(month)) for month in months]
    folder, catalog, problems = read_folder(data_dir)
    if problems:
        raise DataValidationError(problems)
    spec = choose_block(catalog, kind)
    paths = [Path(path) for path in files]
    counts = count_export_files(spec, paths)
    exports = [ExportFile(path, sha256_of(path)) for path in paths]
    running = month_key(now or kyiv_now())
    if asked:
        wanted = list(dict.fromkeys(asked))
    elif counts.first is not None:
        span = pd.period_range(month_key(counts.first), month_key(counts.last), freq="M")
        wanted = [month_text(month) for month in span]
    else:
        wanted = []
    plan = ImportPlan(spec, catalog, folder.path, exports, counts, [], [], replace)
    first_day = counts.first.astimezone(kyiv()) if counts.first is not None else None
    begins = counts.stats.begins
    whole = begins is not None and first_day is not None and begins <= counts.first
    starts = month_key(counts.first) if first_day is not None and first_day.day != 1 and not whole else None
    for month in wanted:
        period = pd.Period(month, "M")
        values = counts.metric_values(month)
        path = folder.workbooks.get(period)
        if path is None and not asked and not folder.problems_of([period]):
            plan.without_workbook.append(month)
            continue
        entry = MonthImport(month, READY, asked=bool(asked), file=path.name if path else "")
        plan.months.append(entry)
        if values is None:
            entry.status = NOT_COVERED
            continue
        if path is None:
            entry.problems = folder.problems_of([period])
            entry.status = REFUSED if entry.problems else NO_WORKBOOK
            continue
        try:
            workbook = ClerkWorkbook.open(path, period, catalog)
        except WorkbookEditError as error:
            entry.status, entry.message, entry.problems = REFUSED, str(error), error.problems
            continue
        entry.workbook = workbook
        entry.problems = workbook.problems
        entry.pairs = [_pair(metric, channel, count, workbook, replace) for (metric, channel), count
                       in _in_catalog_order(values, catalog)]
        if month >= running and not asked:
            entry.status = RUNNING
        elif month == starts and not asked:
            entry.status = STARTS
    return plan


def _in_catalog_order(values: dict[tuple[str, str], int], catalog: Catalog) -> list:
    metric_order = {metric.code: i for i, metric in enumerate(catalog.metrics)}
    channel_order = {channel.code: i for i, channel in enumerate(catalog.channels)}
    return sorted(values.items(), key=lambda item: (metric_order[item[0][0]], channel_order[item[0][1]]))


def _pair(metric: str, channel: str, counted: int, workbook: ClerkWorkbook, replace: bool) -> PairCount:
    row = workbook.counts.get((metric, channel))
    if row is None:
        return PairCount(metric, channel, None, False, counted, ADD)
    if row.typed is None:
        action = FILL
    elif row.typed == counted:
        action = SAME
    else:
        action = REPLACE if replace else DIFFERS
    return PairCount(metric, channel, row.typed, True, counted, action)


def record_text(plan: ImportPlan, month: MonthImport, when: datetime) -> str:
    """The info sheet's line for an import (in Ukrainian, like the rest of the workbook)."""
    spec = plan.spec
    source = spec.kind if not spec.name or spec.name == spec.kind else f"{spec.name} ({spec.kind})"
    files = "; ".join(words.say("import.record_file", "uk", name=export.path.name, sha256=export.sha256)
                      for export in plan.files)
    replaced = [pair for pair in month.pairs if pair.action == REPLACE]
    changes = ", ".join(f"{pair.cell}: {pair.typed} → {pair.counted}" for pair in replaced)
    return words.say("import.record", "uk", source=source, files=files, when=when.strftime("%Y-%m-%d %H:%M"),
                     filled=sum(pair.action == FILL for pair in month.pairs),
                     added=sum(pair.action == ADD for pair in month.pairs), replaced=len(replaced),
                     changes=words.say("import.record_changes", "uk", changes=changes) if replaced else "")


def apply_import(plan: ImportPlan, *, now: datetime | None = None) -> ImportPlan:
    """Write the planned changes into each ready month's workbook.

    A month whose workbook cannot be written safely is marked :data:`FAILED` with the
    reason, its workbook untouched; the other months are written all the same.
    """
    when = now or kyiv_now()
    plan.written = True
    for month in plan.months:
        if month.status != READY or not month.changes:
            continue
        workbook = month.workbook
        for pair in month.changes:
            if pair.action == ADD:
                pair.cell = workbook.add_count_row(pair.metric, pair.channel, pair.counted)
            else:
                pair.cell = workbook.set_count(pair.metric, pair.channel, pair.counted)
        workbook.add_info_row(words.say("import.record_field", "uk"), record_text(plan, month, when))
        try:
            month.problems = workbook.save()
        except WorkbookEditError as error:
            month.status, month.message, month.problems = FAILED, str(error), error.problems
            for pair in month.pairs:
                pair.cell = ""
        else:
            month.status = WRITTEN
    return plan


__all__ = ["ADD", "CHANGES", "DIFFERS", "FILL", "ExportFile", "ImportSetupError", "ImportPlan", "MonthImport",
           "PairCount", "REPLACE", "SAME", "apply_import", "choose_block", "plan_import", "record_text"]
