"""Load every monthly workbook of a data folder into tidy frames, checking everything first.

A person fixing a spreadsheet wants the whole list of mistakes at once, so nothing here
stops at the first problem: each workbook is read as far as it can be, every problem is
collected with its file, sheet, row and column, and only then does loading fail.

A data folder holds years of months, so the reading is kept light: the cells come straight
from calamine as lists; the sheets are walked as plain rows; and pandera validates
the counts of all workbooks in one lazy pass over their rows put together, each row keeping
its workbook and spreadsheet row so that every message still names the right cell.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd
from python_calamine import CalamineError, SheetTypeEnum, load_workbook

from . import config
from .catalog import Catalog, load_catalog
from .errors import DataValidationError, MonthError
from .problems import Problem
from .safety import is_lock_file, preflight
from .textnorm import clean_text, is_blank, match_key, parse_count
from .workbook import (ACTIVITIES, COUNTS, INFO, MONTH_FIELD, MONTH_FILE_NAME, READABLE_SUFFIXES,
                       SheetSpec)

# A month's count is a few hundred; anything past this is a typing slip, and past 2**63 it
# would not even fit the integer column.
MAX_COUNT = 1_000_000
# How many filled rows at the top of a sheet may stand above its header row (a title, a note).
HEADER_SEARCH_ROWS = 5

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
        The uncounted paragraphs: ``month``, ``position`` (1-based order), ``section``, ``text``.
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


# -- messages -------------------------------------------------------------------------------

def _known(items, lang: str) -> str:
    names = [item.name_uk if lang == "uk" else item.name_en for item in items]
    return "; ".join(names)


def _messages(catalog: Catalog) -> dict[str, tuple[str, str]]:
    metrics_uk, metrics_en = _known(catalog.metrics, "uk"), _known(catalog.metrics, "en")
    channels_uk, channels_en = _known(catalog.channels, "uk"), _known(catalog.channels, "en")
    return {
        "metric_blank": ("Не вказано показник. Виберіть показник зі списку або видаліть рядок.",
                         "The metric is blank. Choose a metric from the list or delete the row."),
        "metric_unknown": (f"Невідомий показник. Виберіть один із: {metrics_uk}. Новий показник спершу додайте до data/catalog.toml.",
                           f"Unknown metric. Use one of: {metrics_en}. Add a new metric to data/catalog.toml first."),
        "channel_blank": ("Не вказано канал. Виберіть канал зі списку.",
                          "The channel is blank. Choose a channel from the list."),
        "channel_unknown": (f"Невідомий канал. Виберіть один із: {channels_uk}. Новий канал спершу додайте до data/catalog.toml.",
                            f"Unknown channel. Use one of: {channels_en}. Add a new channel to data/catalog.toml first."),
        "count_blank": ("Не вказано кількість. Впишіть число; якщо нічого не було — 0. Якщо клітинки "
                        "кількості об'єднано, роз'єднайте їх: кожен рядок має своє число.",
                        "The count is blank. Enter a number; 0 if there was none. If count cells are "
                        "merged, unmerge them: each row needs its own number."),
        "count_not_number": ("Кількість має бути числом (наприклад, 296), а не текстом.",
                             "The count must be a number (e.g. 296), not text."),
        "count_negative": ("Кількість не може бути від'ємною. Впишіть число від 0.",
                           "The count cannot be negative. Enter 0 or more."),
        "count_fractional": ("Кількість має бути цілим числом (без дробової частини).",
                             "The count must be a whole number."),
        "count_too_large": (f"Кількість завелика (понад {MAX_COUNT:_}). Перевірте, чи не зайві цифри.".replace("_", " "),
                            f"The count is too large (over {MAX_COUNT:,}). Check for extra digits."),
    }


# -- reading sheets -------------------------------------------------------------------------

def _cell(value: object) -> object:
    """Convert a cell as it comes from calamine: whole floats to int (Excel stores every
    number as a float), dates to datetime. Text is kept as typed: "NA" is a value to
    report, not a blank."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _sheet_rows(raw: list[list]) -> list[list]:
    return [[_cell(value) for value in row] for row in raw]


def _spread_merged_text(rows: list[list], merged: list) -> list[list]:
    """Give every cell of a merged range the text of its top-left cell.

    People merge the metric cell over the rows of its channels (or a section over its
    paragraphs); a spreadsheet keeps the text in the first cell only, and the others would
    read as blank. Text only: a merged count would be counted once per row, so numbers are
    left alone and the rows under them are reported as having no count.
    """
    for (top, left), (bottom, right) in merged:
        if top >= len(rows) or left >= len(rows[top]) or not isinstance(rows[top][left], str):
            continue
        text = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                row[c] = text
    return rows


def _read_sheets(path: Path) -> dict[str, list[list]]:
    """Return every worksheet's cells as rows from A1 (what ``pd.read_excel(path,
    sheet_name=None, header=None, engine="calamine")`` reads, without a DataFrame per sheet)."""
    with Path(path).open("rb") as handle:
        book = load_workbook(handle)
        try:
            names = dict.fromkeys(sheet.name for sheet in book.sheets_metadata
                                  if sheet.typ == SheetTypeEnum.WorkSheet)
            sheets = {}
            for name in names:
                sheet = book.get_sheet_by_name(name)
                sheets[name] = _spread_merged_text(_sheet_rows(sheet.to_python(skip_empty_area=False)),
                                                   sheet.merged_cell_ranges or [])
            return sheets
        finally:
            book.close()


def _filled(values) -> bool:
    for value in values:
        if not is_blank(value):
            return True
    return False


def _find_sheet(sheets: dict[str, list[list]], spec: SheetSpec) -> tuple[str, list[list]] | None:
    wanted = {match_key(spec.name_uk), match_key(spec.name_en)}
    for name, rows in sheets.items():
        if match_key(name) in wanted:
            return name, rows
    return None


@dataclass
class _Table:
    """A sheet's rows under its header: ``index`` holds the row numbers as the spreadsheet
    shows them (1-based), ``columns`` the raw cells by ``spec`` key, ``headers`` the header
    text of each key as written (or the expected one for an absent optional column)."""

    sheet: str
    headers: dict[str, str]
    index: list[int]
    columns: dict[str, list]


def _match_headers(row: list, spec: SheetSpec) -> tuple[dict[int, str], dict[str, int], list[str]]:
    """Return a row's header texts by column, ``spec``'s columns found in it (key -> column
    position), and the required headers it lacks (their Ukrainian names)."""
    headers = {col: clean_text(value) for col, value in enumerate(row)}
    by_key = {match_key(text): col for col, text in headers.items() if text}
    mapping: dict[str, int] = {}
    missing = []
    for key, (uk, en) in spec.columns.items():
        col = by_key.get(match_key(uk), by_key.get(match_key(en)))
        if col is not None:
            mapping[key] = col
        elif key in spec.required:
            missing.append(uk)
    return headers, mapping, missing


def _table(file: str, sheet_name: str, rows: list[list], spec: SheetSpec,
           problems: list[Problem]) -> _Table | None:
    """Return the sheet's rows under its header as columns named by ``spec``'s keys.

    Rows are numbered as the spreadsheet shows them (1-based), so every later message can
    point at the row a person sees.
    """
    expected = " | ".join(spec.columns[c][0] for c in spec.columns)
    filled = [i for i, row in enumerate(rows) if _filled(row)]
    if not filled:
        problems.append(Problem(file, f"Аркуш порожній: немає рядка заголовків ({expected}).",
                                f"The sheet is empty: no header row ({expected}).", sheet=sheet_name,
                                code="sheet_empty"))
        return None
    # The header row is the first filled row that names every required column: people put a
    # title or a note above a table ("Показники за серпень 2021"), and that is harmless.
    for header_at in filled[:HEADER_SEARCH_ROWS]:
        headers, mapping, missing = _match_headers(rows[header_at], spec)
        if not missing:
            break
    else:
        header_at = filled[0]
        headers, mapping, missing = _match_headers(rows[header_at], spec)
    header_row = header_at + 1
    if missing:
        found = ", ".join(f"«{t}»" for t in headers.values() if t) or "—"
        for header in missing:
            problems.append(Problem(
                file,
                f"Немає стовпця «{header}» у рядку заголовків {header_row}. Знайдено: {found}. "
                f"Заголовки мають бути такі: {expected}.",
                f"Column '{header}' is missing from header row {header_row}. Found: {found}. "
                f"Expected headers: {expected} (or in English: {' | '.join(v[1] for v in spec.columns.values())}).",
                sheet=sheet_name, row=int(header_row), column=header, code="column_missing"))
        return None
    positions = list(mapping.values())
    columns: dict[str, list] = {key: [] for key in mapping}
    targets = list(columns.values())
    index: list[int] = []
    for number, row in enumerate(rows[header_at + 1:], start=header_row + 1):
        values = [row[col] for col in positions]
        # Empty rows are harmless: people leave gaps between blocks.
        if _filled(values):
            index.append(number)
            for target, value in zip(targets, values):
                target.append(value)
    for key in spec.columns:
        if key not in columns:
            columns[key] = [None] * len(index)
    names = {key: headers[col] for key, col in mapping.items()}
    names.update({k: spec.columns[k][0] for k in spec.columns if k not in mapping})
    return _Table(sheet_name, names, index, columns)


_MONTH_TEXT = re.compile(r"^(\d{4})[-./](\d{1,2})$|^(\d{1,2})[-./](\d{4})$")


def _month_from_text(value: object) -> pd.Period | None:
    """Read the month written in a workbook: a date cell, "2021-08", "08.2021" or "серпень 2021"."""
    if isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        return pd.Period(pd.Timestamp(value), "M")
    text = clean_text(value)
    match = _MONTH_TEXT.match(text)
    if match:
        year, month = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        if 1 <= int(month) <= 12:
            return pd.Period(year=int(year), month=int(month), freq="M")
        return None
    from .grammar import month_name

    words = match_key(text).replace(" року", "").replace(" р.", "").split()
    if len(words) == 2 and words[1].isdigit():
        for number in range(1, 13):
            candidate = pd.Period(year=int(words[1]), month=number, freq="M")
            names = {match_key(month_name(candidate, case, lang)) for lang in ("uk", "en")
                     for case in ("nominative", "genitive")}
            if words[0] in names:
                return candidate
    return None


def _read_month(file: str, sheets: dict, file_month: pd.Period, problems: list[Problem]) -> None:
    found = _find_sheet(sheets, INFO)
    if found is None:
        return  # reported with the other missing sheets
    sheet_name, rows = found
    table = _table(file, sheet_name, rows, INFO, problems)
    if table is None:
        return
    wanted = {match_key(MONTH_FIELD[0]), match_key(MONTH_FIELD[1])}
    hit = next((i for i, field_name in enumerate(table.columns["field"]) if match_key(field_name) in wanted), None)
    value_header = table.headers["value"]
    if hit is None:
        problems.append(Problem(file, f"На аркуші немає рядка «{MONTH_FIELD[0]}». Додайте його: {MONTH_FIELD[0]} | "
                                f"{file_month.strftime('%Y-%m')}.",
                                f"The sheet has no '{MONTH_FIELD[1]}' row. Add: {MONTH_FIELD[1]} | {file_month.strftime('%Y-%m')}.",
                                sheet=sheet_name, column=table.headers["field"], code="month_missing"))
        return
    row = table.index[hit]
    value = table.columns["value"][hit]
    month = _month_from_text(value)
    if month is None:
        problems.append(Problem(file, f"Місяць не розпізнано. Напишіть його так: {file_month.strftime('%Y-%m')}.",
                                f"The month cannot be read. Write it as {file_month.strftime('%Y-%m')}.",
                                sheet=sheet_name, row=int(row), column=value_header, value=clean_text(value),
                                code="month_unreadable"))
    elif month != file_month:
        problems.append(Problem(
            file,
            f"Місяць у таблиці ({month.strftime('%Y-%m')}) не збігається з назвою файлу ({file_month.strftime('%Y-%m')}). "
            "Виправте місяць або перейменуйте файл.",
            f"The month in the workbook ({month.strftime('%Y-%m')}) differs from the file name "
            f"({file_month.strftime('%Y-%m')}). Fix the month or rename the file.",
            sheet=sheet_name, row=int(row), column=value_header, value=clean_text(value), code="month_mismatch"))


def _column_check(predicate, name: str, **options):
    """A pandera check over a whole column (one call per column, not one per cell) whose
    result for each cell is ``predicate(cell)``."""
    import pandera.pandas as pa

    def check(series: pd.Series) -> pd.Series:
        return pd.Series([predicate(value) for value in series.tolist()], index=series.index, dtype=bool)

    return pa.Check(check, name=name, **options)


def _counts_schema(catalog: Catalog):
    """The contract of a counts sheet after its cells were read and cleaned
    (a ``pandera.pandas.DataFrameSchema``).

    Check names are the message keys of :func:`_messages`. The checks take whole columns, so
    one validation can cover the counts of many workbooks at once.
    """
    import pandera.pandas as pa

    metrics, channels = catalog.metric_lookup(), catalog.channel_lookup()

    def number(v) -> bool:
        return parse_count(v) is not None

    return pa.DataFrameSchema(
        {
            "metric": pa.Column(object, [
                _column_check(lambda v: not is_blank(v), ignore_na=False, name="metric_blank"),
                _column_check(lambda v: is_blank(v) or match_key(v) in metrics, ignore_na=False, name="metric_unknown"),
            ], nullable=True),
            "channel": pa.Column(object, [
                _column_check(lambda v: not is_blank(v), ignore_na=False, name="channel_blank"),
                _column_check(lambda v: is_blank(v) or match_key(v) in channels, ignore_na=False, name="channel_unknown"),
            ], nullable=True),
            "count": pa.Column(object, [
                _column_check(lambda v: not is_blank(v), ignore_na=False, name="count_blank"),
                _column_check(lambda v: is_blank(v) or number(v), ignore_na=False, name="count_not_number"),
                _column_check(lambda v: not number(v) or parse_count(v) >= 0, ignore_na=False, name="count_negative"),
                _column_check(lambda v: not number(v) or float(parse_count(v)).is_integer(), name="count_fractional"),
                _column_check(lambda v: not number(v) or parse_count(v) <= MAX_COUNT, name="count_too_large"),
            ], nullable=True),
        },
        strict=False,
    )


def _counts_table(file: str, sheets: dict, problems: list[Problem]) -> _Table | None:
    found = _find_sheet(sheets, COUNTS)
    if found is None:
        return None
    sheet_name, rows = found
    table = _table(file, sheet_name, rows, COUNTS, problems)
    if table is None:
        return None
    if not table.index:
        problems.append(Problem(file, "На аркуші немає жодного рядка з даними. Заповніть кількості за місяць.",
                                "The sheet has no data rows. Fill in the month's counts.",
                                sheet=sheet_name, code="counts_empty"))
        return None
    return table


def _cell_failures(tables: list[tuple[str, _Table]], catalog: Catalog,
                   messages: dict[str, tuple[str, str]]) -> list[dict[tuple[int, str], Problem]]:
    """Validate the counts of every table with pandera in one lazy pass; return, per table,
    the first failure of each cell keyed by (spreadsheet row, column key)."""
    import pandera.pandas as pa

    owners: list[tuple[int, int]] = []
    cells: dict[str, list] = {"metric": [], "channel": [], "count": []}
    for n, (_, table) in enumerate(tables):
        owners.extend((n, position) for position in range(len(table.index)))
        for key, values in cells.items():
            values.extend(table.columns[key])
    found: list[dict[tuple[int, str], Problem]] = [{} for _ in tables]
    try:
        _counts_schema(catalog).validate(pd.DataFrame(cells, dtype=object), lazy=True)
    except pa.errors.SchemaErrors as err:
        # Checks run in declaration order, so the first failure of a cell is the most basic
        # one ("blank" before "not a number"); later ones for the same cell are echoes.
        order = {name: i for i, name in enumerate(messages)}
        cases = err.failure_cases.dropna(subset=["index"])
        ranked = sorted(zip(cases["index"], cases["column"], cases["check"]),
                        key=lambda case: order.get(str(case[2]), 99))
        for index, column, check in ranked:
            n, position = owners[int(index)]
            file, table = tables[n]
            key = (table.index[position], str(column))
            if key in found[n] or str(check) not in messages:
                continue
            uk, en = messages[str(check)]
            found[n][key] = Problem(file, uk, en, sheet=table.sheet, row=key[0], column=table.headers[column],
                                    value=clean_text(table.columns[column][position]), code=str(check))
    return found


@dataclass
class _Counted:
    """A counts sheet that passed every check: catalog codes and counts, row by row."""

    metrics: list[str]
    channels: list[str]
    counts: list[float]


def _check_counts(tables: list[tuple[str, _Table]], catalog: Catalog) -> list[tuple[list[Problem], _Counted | None]]:
    """Check the counts tables of many workbooks: per table, its problems in row order and,
    when there are none, its rows as catalog codes."""
    if not tables:
        return []
    failures = _cell_failures(tables, catalog, _messages(catalog))
    metric_codes, channel_codes = catalog.metric_lookup(), catalog.channel_lookup()
    results = []
    for (file, table), found_problems in zip(tables, failures):
        metrics = [metric_codes.get(match_key(v)) for v in table.columns["metric"]]
        channels = [channel_codes.get(match_key(v)) for v in table.columns["channel"]]
        pairs: dict[tuple[str, str], list[int]] = {}
        for position, pair in enumerate(zip(metrics, channels)):
            if pair[0] is not None and pair[1] is not None:
                pairs.setdefault(pair, []).append(position)
        for positions in pairs.values():
            first = int(table.index[positions[0]])
            for position in positions[1:]:
                row = int(table.index[position])
                found_problems.setdefault((row, "metric"), Problem(
                    file,
                    f"Пара «показник + канал» повторюється: вона вже є в рядку {first}. Залиште один рядок "
                    "(якщо треба — додайте кількості).",
                    f"This metric and channel pair already appears in row {first}. Keep one row (add the counts up).",
                    sheet=table.sheet, row=row, column=table.headers["metric"],
                    value=f"{clean_text(table.columns['metric'][position])} + "
                          f"{clean_text(table.columns['channel'][position])}",
                    code="duplicate_pair"))
        listed = sorted(found_problems.values(), key=lambda p: (p.row or 0, p.column))
        counted = None if listed else _Counted(metrics, channels, [parse_count(v) for v in table.columns["count"]])
        results.append((listed, counted))
    return results


def _read_activities(file: str, sheets: dict, problems: list[Problem]) -> tuple[list[str], list[str]] | None:
    found = _find_sheet(sheets, ACTIVITIES)
    if found is None:
        return None
    sheet_name, rows = found
    table = _table(file, sheet_name, rows, ACTIVITIES, problems)
    if table is None:
        return None
    sections = [clean_text(v) for v in table.columns["section"]]
    texts = [clean_text(v) for v in table.columns["text"]]
    bad = False
    for row, section, text in zip(table.index, sections, texts):
        if text == "":
            bad = True
            problems.append(Problem(file, *_messages_activity(), sheet=sheet_name, row=int(row),
                                    column=table.headers["text"], value=section, code="text_blank"))
    if bad:
        return None
    return sections, texts


def _messages_activity() -> tuple[str, str]:
    return ("Розділ заповнено, а текст заходу порожній. Допишіть текст або очистьте рядок.",
            "The section is filled in but the activity text is blank. Add the text or clear the row.")


@dataclass
class _Scan:
    """One workbook read as far as it could be, its counts not yet validated.

    ``problems`` are in report order except that the counts checks' problems belong at
    ``counts_at`` (after the month's and the counts sheet's, before the activities')."""

    file: str
    month: pd.Period
    problems: list[Problem] = field(default_factory=list)
    counts_at: int = 0
    counts_table: _Table | None = None
    activities: tuple[list[str], list[str]] | None = None
    counted: _Counted | None = None


def _scan_workbook(path: Path) -> _Scan:
    file = path.name
    scan = _Scan(file, pd.Period(path.stem, "M"))
    problems = scan.problems
    refusal = preflight(path)
    if refusal:
        problems.append(Problem(file, *refusal, code="unreadable"))
        return scan
    try:
        sheets = _read_sheets(path)
    except (CalamineError, ValueError, OSError, KeyError, IndexError) as exc:
        problems.append(Problem(
            file, f"Файл не вдалося прочитати як електронну таблицю ({exc}). Відкрийте його в Excel або LibreOffice "
            "і збережіть ще раз як .xlsx.",
            f"The file could not be read as a spreadsheet ({exc}). Open it in Excel or LibreOffice and save it as .xlsx.",
            code="unreadable"))
        return scan
    too_long = [name for name, rows in sheets.items() if len(rows) > config.MAX_SHEET_ROWS]
    for name in too_long:
        problems.append(Problem(file, f"Аркуш має понад {config.MAX_SHEET_ROWS} рядків — це не схоже на місячну таблицю. "
                                "Видаліть зайві рядки.",
                                f"The sheet has more than {config.MAX_SHEET_ROWS} rows, which is not a monthly "
                                "workbook. Delete the extra rows.", sheet=name, code="too_long"))
    if too_long:
        return scan
    if not any(_filled(row) for rows in sheets.values() for row in rows):
        problems.append(Problem(file, "Книга порожня: у ній немає жодних даних. Заповніть шаблон "
                                "(dept-report template) і збережіть.",
                                "The workbook is empty. Fill in the template (dept-report template) and save it.",
                                code="workbook_empty"))
        return scan
    for spec in (INFO, COUNTS, ACTIVITIES):
        if _find_sheet(sheets, spec) is None:
            have = ", ".join(f"«{name}»" for name in sheets) or "—"
            problems.append(Problem(
                file, f"Немає аркуша «{spec.name_uk}». Є аркуші: {have}. Перейменуйте аркуш або додайте його з шаблону.",
                f"Sheet '{spec.name_uk}' (or '{spec.name_en}') is missing. Sheets found: {have}. Rename or add it.",
                sheet=spec.name_uk, code="sheet_missing"))
    _read_month(file, sheets, scan.month, problems)
    scan.counts_table = _counts_table(file, sheets, problems)
    scan.counts_at = len(problems)
    scan.activities = _read_activities(file, sheets, problems)
    return scan


def _check_scans(scans: list[_Scan], catalog: Catalog) -> None:
    """Validate the counts of every scanned workbook at once and file the problems in place."""
    pending = [scan for scan in scans if scan.counts_table is not None]
    results = _check_counts([(scan.file, scan.counts_table) for scan in pending], catalog)
    for scan, (listed, counted) in zip(pending, results):
        scan.problems[scan.counts_at:scan.counts_at] = listed
        scan.counted = counted


def _counts_frame(scans: list[_Scan]) -> pd.DataFrame:
    months, metrics, channels, counts = [], [], [], []
    for scan in scans:
        counted = scan.counted
        months.extend([scan.month] * len(counted.metrics))
        metrics.extend(counted.metrics)
        channels.extend(counted.channels)
        counts.extend(counted.counts)
    return pd.DataFrame({
        "month": pd.PeriodIndex(months, freq="M"),
        "metric": np.array(metrics, dtype=object),
        "channel": np.array(channels, dtype=object),
        "count": pd.Series(counts, dtype="float64").astype("int64").to_numpy(),
    })


def _activities_frame(scans: list[_Scan]) -> pd.DataFrame:
    months, positions, sections, texts = [], [], [], []
    for scan in scans:
        month_sections, month_texts = scan.activities
        months.extend([scan.month] * len(month_texts))
        positions.extend(range(1, len(month_texts) + 1))
        sections.extend(month_sections)
        texts.extend(month_texts)
    frame = pd.DataFrame({
        "month": pd.PeriodIndex(months, freq="M"),
        "position": np.array(positions, dtype=np.int64),
        "section": np.array(sections, dtype=object),
        "text": np.array(texts, dtype=object),
    })
    if any(not scan.activities[1] for scan in scans):
        # A month without activities is an empty object-typed part: joining months used to
        # give object columns then, and still does.
        frame = frame.astype({"section": object, "text": object})
    return frame


def read_workbook(path: Path, catalog: Catalog, problems: list[Problem]) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Read one month's workbook, appending every problem found to ``problems``.

    Parameters
    ----------
    path : Path
        A file named ``YYYY-MM.xlsx`` (or ``.ods``, ``.xlsm``).
    catalog : Catalog
        Names of metrics and channels to check against.
    problems : list of Problem
        Collects the problems; the caller decides when to stop.

    Returns
    -------
    (counts, activities) or None
        None when the workbook had problems.
    """
    scan = _scan_workbook(Path(path))
    _check_scans([scan], catalog)
    problems.extend(scan.problems)
    if scan.problems:
        return None
    return _counts_frame([scan]), _activities_frame([scan])


def _file_month(path: Path) -> pd.Period | None:
    match = MONTH_FILE_NAME.match(path.stem)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return pd.Period(path.stem, "M")


def workbook_files(data_dir: Path, problems: list[Problem]) -> dict[pd.Period, Path]:
    """Find the month workbooks of a folder, reporting badly named or doubled ones.

    Office lock files and hidden files are ignored; other files (the catalog, READMEs)
    are not spreadsheets and are left alone.
    """
    found: dict[pd.Period, list[Path]] = {}
    for path in sorted(Path(data_dir).iterdir()):
        if not path.is_file() or is_lock_file(path) or path.name.startswith("."):
            continue
        suffix = path.suffix.lower()
        month = _file_month(path)
        if suffix in (".xls", ".csv") and month is not None:
            problems.append(Problem(path.name, f"Формат {suffix} не підтримується. Збережіть файл як .xlsx "
                                    "(Файл → Зберегти як → Книга Excel).",
                                    f"The {suffix} format is not supported. Save the file as .xlsx.", code="format"))
            continue
        if suffix not in READABLE_SUFFIXES:
            continue
        if month is None:
            problems.append(Problem(path.name, "Назва файлу має бути місяцем у форматі РРРР-ММ, напр. 2021-08.xlsx. "
                                    "Перейменуйте файл.",
                                    "The file name must be the month as YYYY-MM, e.g. 2021-08.xlsx. Rename the file.",
                                    code="file_name"))
            continue
        found.setdefault(month, []).append(path)
    result = {}
    for month, paths in sorted(found.items()):
        if len(paths) > 1:
            names = ", ".join(p.name for p in paths)
            for path in paths:
                problems.append(Problem(path.name, f"Місяць {month.strftime('%Y-%m')} записано у кількох файлах ({names}). "
                                        "Залиште один файл, інші видаліть або перенесіть з теки.",
                                        f"Month {month.strftime('%Y-%m')} appears in several files ({names}). "
                                        "Keep one and move the others out of the folder.", code="month_twice"))
        else:
            result[month] = paths[0]
    return result


def available_months(data_dir: Path) -> list[pd.Period]:
    """The months that have a workbook in ``data_dir``, oldest first (nothing is read)."""
    if not Path(data_dir).is_dir():
        return []
    return sorted(workbook_files(Path(data_dir), []))


def sha256_of(path: Path) -> str:
    """Return the SHA-256 of a file in hex."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


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
    data_dir = config.resolve_data_dir(data_dir)
    if not data_dir.is_dir():
        return None, [Problem(str(data_dir), "Теки з даними не існує. Перевірте шлях.",
                              "The data folder does not exist. Check the path.", code="no_folder")]
    try:
        catalog = load_catalog(data_dir)
    except DataValidationError as err:
        return None, err.problems
    problems: list[Problem] = []
    files = workbook_files(data_dir, problems)
    if months is not None:
        wanted = set(months)
        files = {month: path for month, path in files.items() if month in wanted}
        problems = [p for p in problems if _file_month(Path(p.file)) in wanted]
    elif not files and not problems:
        problems.append(Problem(data_dir.name, "У теці немає жодної місячної таблиці (РРРР-ММ.xlsx). Створіть її: "
                                "dept-report template data/2021-08.xlsx.",
                                "The folder has no monthly workbook (YYYY-MM.xlsx). Create one with "
                                "dept-report template data/2021-08.xlsx.", code="no_workbooks"))
    scans = [_scan_workbook(path) for path in files.values()]
    _check_scans(scans, catalog)
    loaded, sources = [], []
    for (month, path), scan in zip(files.items(), scans):
        problems.extend(scan.problems)
        if not scan.problems:
            loaded.append(scan)
            sources.append({"month": month, "file": path, "sha256": sha256_of(path)})
    if problems:
        return None, problems
    data = MonthlyData(
        counts=_counts_frame(loaded) if loaded else pd.DataFrame(columns=COUNTS_COLUMNS),
        activities=_activities_frame(loaded) if loaded else pd.DataFrame(columns=ACTIVITY_COLUMNS),
        sources=pd.DataFrame(sources, columns=["month", "file", "sha256"]),
        catalog=catalog,
        data_dir=data_dir,
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


def parse_month(value: object) -> pd.Period:
    """Turn a month parameter ("2021-08") into a Period, refusing anything else.

    Raises
    ------
    MonthError
        For anything that is not exactly ``YYYY-MM`` with a month from 01 to 12: this also
        keeps path characters ("../") out of output paths.
    """
    text = str(value).strip() if isinstance(value, str) else None
    match = MONTH_FILE_NAME.match(text) if text else None
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise MonthError(
            f"Місяць має бути у форматі РРРР-ММ, напр. 2021-08; отримано {value!r}. / "
            f"The month must be YYYY-MM, e.g. 2021-08; got {value!r}."
        )
    return pd.Period(text, "M")
