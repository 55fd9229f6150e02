"""Load every monthly workbook of a data folder into tidy frames, checking everything first.

A person fixing a spreadsheet wants the whole list of mistakes at once, so nothing here
stops at the first problem: each workbook is read as far as it can be, every problem is
collected with its file, sheet, row and column, and only then does loading fail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from python_calamine import CalamineError

from . import config
from .catalog import Catalog, load_catalog
from .errors import DataValidationError, MonthError
from .problems import Problem
from .safety import is_lock_file, preflight
from .textnorm import clean_text, is_blank, match_key, parse_count
from .workbook import (ACTIVITIES, COUNTS, INFO, MONTH_FIELD, MONTH_FILE_NAME, READABLE_SUFFIXES,
                       SheetSpec)

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
        "count_blank": ("Не вказано кількість. Впишіть число; якщо нічого не було — 0.",
                        "The count is blank. Enter a number; 0 if there was none."),
        "count_not_number": ("Кількість має бути числом (наприклад, 296), а не текстом.",
                             "The count must be a number (e.g. 296), not text."),
        "count_negative": ("Кількість не може бути від'ємною. Впишіть число від 0.",
                           "The count cannot be negative. Enter 0 or more."),
        "count_fractional": ("Кількість має бути цілим числом (без дробової частини).",
                             "The count must be a whole number."),
        "text_blank": ("Розділ заповнено, а текст заходу порожній. Допишіть текст або очистьте рядок.",
                       "The section is filled in but the activity text is blank. Add the text or clear the row."),
    }


# -- reading sheets -------------------------------------------------------------------------

def _find_sheet(frames: dict[str, pd.DataFrame], spec: SheetSpec) -> tuple[str, pd.DataFrame] | None:
    wanted = {match_key(spec.name_uk), match_key(spec.name_en)}
    for name, frame in frames.items():
        if match_key(name) in wanted:
            return name, frame
    return None


def _table(file: str, sheet_name: str, frame: pd.DataFrame, spec: SheetSpec,
           problems: list[Problem]) -> pd.DataFrame | None:
    """Return the sheet's rows under its header as columns named by ``spec``'s keys.

    The index holds the row numbers as the spreadsheet shows them (1-based), so every later
    message can point at the row a person sees.
    """
    frame = frame.copy()
    frame.index = frame.index + 1
    filled = frame.map(lambda v: not is_blank(v))
    nonblank_rows = filled.any(axis=1)
    expected = " | ".join(spec.columns[c][0] for c in spec.columns)
    if not nonblank_rows.any():
        problems.append(Problem(file, f"Аркуш порожній: немає рядка заголовків ({expected}).",
                                f"The sheet is empty: no header row ({expected}).", sheet=sheet_name,
                                code="sheet_empty"))
        return None
    header_row = nonblank_rows.idxmax()
    headers = {col: clean_text(frame.at[header_row, col]) for col in frame.columns}
    by_key = {match_key(text): col for col, text in headers.items() if text}
    mapping: dict[str, object] = {}
    missing = []
    for key, (uk, en) in spec.columns.items():
        col = by_key.get(match_key(uk), by_key.get(match_key(en)))
        if col is not None:
            mapping[key] = col
        elif key in spec.required:
            missing.append(uk)
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
    body = frame.loc[frame.index > header_row, list(mapping.values())]
    body.columns = list(mapping.keys())
    for key in spec.columns:
        if key not in body.columns:
            body[key] = None
    # Empty rows are harmless: people leave gaps between blocks.
    keep = body.map(lambda v: not is_blank(v)).any(axis=1)
    body = body.loc[keep]
    body.attrs["headers"] = {key: headers[col] for key, col in mapping.items()}
    body.attrs["headers"].update({k: spec.columns[k][0] for k in spec.columns if k not in mapping})
    return body


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


def _read_month(file: str, frames: dict, file_month: pd.Period, problems: list[Problem]) -> None:
    found = _find_sheet(frames, INFO)
    if found is None:
        return  # reported with the other missing sheets
    sheet_name, frame = found
    table = _table(file, sheet_name, frame, INFO, problems)
    if table is None:
        return
    rows = table[table["field"].map(match_key).isin({match_key(MONTH_FIELD[0]), match_key(MONTH_FIELD[1])})]
    value_header = table.attrs["headers"]["value"]
    if rows.empty:
        problems.append(Problem(file, f"На аркуші немає рядка «{MONTH_FIELD[0]}». Додайте його: {MONTH_FIELD[0]} | "
                                f"{file_month.strftime('%Y-%m')}.",
                                f"The sheet has no '{MONTH_FIELD[1]}' row. Add: {MONTH_FIELD[1]} | {file_month.strftime('%Y-%m')}.",
                                sheet=sheet_name, column=table.attrs["headers"]["field"], code="month_missing"))
        return
    row = rows.index[0]
    value = rows.at[row, "value"]
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


def _counts_schema(catalog: Catalog) -> pa.DataFrameSchema:
    """The contract of a counts sheet after its cells were read and cleaned.

    Check names are the message keys of :func:`_messages`.
    """
    metrics, channels = catalog.metric_lookup(), catalog.channel_lookup()

    def number(v) -> bool:
        return parse_count(v) is not None

    return pa.DataFrameSchema(
        {
            "metric": pa.Column(object, [
                pa.Check(lambda v: not is_blank(v), element_wise=True, ignore_na=False, name="metric_blank"),
                pa.Check(lambda v: is_blank(v) or match_key(v) in metrics, element_wise=True, ignore_na=False, name="metric_unknown"),
            ], nullable=True),
            "channel": pa.Column(object, [
                pa.Check(lambda v: not is_blank(v), element_wise=True, ignore_na=False, name="channel_blank"),
                pa.Check(lambda v: is_blank(v) or match_key(v) in channels, element_wise=True, ignore_na=False, name="channel_unknown"),
            ], nullable=True),
            "count": pa.Column(object, [
                pa.Check(lambda v: not is_blank(v), element_wise=True, ignore_na=False, name="count_blank"),
                pa.Check(lambda v: is_blank(v) or number(v), element_wise=True, ignore_na=False, name="count_not_number"),
                pa.Check(lambda v: not number(v) or parse_count(v) >= 0, element_wise=True, ignore_na=False, name="count_negative"),
                pa.Check(lambda v: not number(v) or float(parse_count(v)).is_integer(), element_wise=True,
                         name="count_fractional"),
            ], nullable=True),
        },
        strict=False,
    )


def _read_counts(file: str, frames: dict, month: pd.Period, catalog: Catalog,
                 problems: list[Problem]) -> pd.DataFrame | None:
    found = _find_sheet(frames, COUNTS)
    if found is None:
        return None
    sheet_name, frame = found
    table = _table(file, sheet_name, frame, COUNTS, problems)
    if table is None:
        return None
    headers = table.attrs["headers"]
    if table.empty:
        problems.append(Problem(file, "На аркуші немає жодного рядка з даними. Заповніть кількості за місяць.",
                                "The sheet has no data rows. Fill in the month's counts.",
                                sheet=sheet_name, code="counts_empty"))
        return None
    found_problems: dict[tuple[int, str], Problem] = {}
    messages = _messages(catalog)
    try:
        _counts_schema(catalog).validate(table, lazy=True)
    except pa.errors.SchemaErrors as err:
        # Checks run in declaration order, so the first failure of a cell is the most basic
        # one ("blank" before "not a number"); later ones for the same cell are echoes.
        order = {name: i for i, name in enumerate(messages)}
        cases = err.failure_cases.dropna(subset=["index"]).copy()
        cases["order"] = cases["check"].map(lambda c: order.get(str(c), 99))
        for case in cases.sort_values("order").itertuples():
            key = (int(case.index), str(case.column))
            if key in found_problems or str(case.check) not in messages:
                continue
            uk, en = messages[str(case.check)]
            found_problems[key] = Problem(file, uk, en, sheet=sheet_name, row=key[0], column=headers[case.column],
                                          value=clean_text(table.at[key[0], case.column]), code=str(case.check))
    table = table.assign(
        metric_code=table["metric"].map(lambda v: catalog.metric_lookup().get(match_key(v))),
        channel_code=table["channel"].map(lambda v: catalog.channel_lookup().get(match_key(v))),
    )
    duplicated = table.dropna(subset=["metric_code", "channel_code"])
    duplicated = duplicated[duplicated.duplicated(["metric_code", "channel_code"], keep=False)]
    for _, group in duplicated.groupby(["metric_code", "channel_code"]):
        first = int(group.index[0])
        for row in group.index[1:]:
            found_problems.setdefault((int(row), "metric"), Problem(
                file,
                f"Пара «показник + канал» повторюється: вона вже є в рядку {first}. Залиште один рядок "
                "(якщо треба — додайте кількості).",
                f"This metric and channel pair already appears in row {first}. Keep one row (add the counts up).",
                sheet=sheet_name, row=int(row), column=headers["metric"],
                value=f"{clean_text(table.at[row, 'metric'])} + {clean_text(table.at[row, 'channel'])}",
                code="duplicate_pair"))
    problems.extend(sorted(found_problems.values(), key=lambda p: (p.row or 0, p.column)))
    if found_problems:
        return None
    return pd.DataFrame({
        "month": pd.PeriodIndex([month] * len(table), freq="M"),
        "metric": table["metric_code"].to_numpy(),
        "channel": table["channel_code"].to_numpy(),
        "count": table["count"].map(parse_count).astype("int64").to_numpy(),
    })


def _read_activities(file: str, frames: dict, month: pd.Period, problems: list[Problem]) -> pd.DataFrame | None:
    found = _find_sheet(frames, ACTIVITIES)
    if found is None:
        return None
    sheet_name, frame = found
    table = _table(file, sheet_name, frame, ACTIVITIES, problems)
    if table is None:
        return None
    sections = table["section"].map(clean_text)
    texts = table["text"].map(clean_text)
    bad = texts == ""
    for row in table.index[bad]:
        problems.append(Problem(file, *_messages_activity(), sheet=sheet_name, row=int(row),
                                column=table.attrs["headers"]["text"], value=sections[row], code="text_blank"))
    if bad.any():
        return None
    return pd.DataFrame({
        "month": pd.PeriodIndex([month] * len(table), freq="M"),
        "position": range(1, len(table) + 1),
        "section": sections.to_numpy(),
        "text": texts.to_numpy(),
    })


def _messages_activity() -> tuple[str, str]:
    return ("Розділ заповнено, а текст заходу порожній. Допишіть текст або очистьте рядок.",
            "The section is filled in but the activity text is blank. Add the text or clear the row.")


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
    file = path.name
    before = len(problems)
    file_month = pd.Period(path.stem, "M")
    refusal = preflight(path)
    if refusal:
        problems.append(Problem(file, *refusal, code="unreadable"))
        return None
    try:
        frames = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="calamine")
    except (CalamineError, ValueError, OSError, KeyError, IndexError) as exc:
        problems.append(Problem(
            file, f"Файл не вдалося прочитати як електронну таблицю ({exc}). Відкрийте його в Excel або LibreOffice "
            "і збережіть ще раз як .xlsx.",
            f"The file could not be read as a spreadsheet ({exc}). Open it in Excel or LibreOffice and save it as .xlsx.",
            code="unreadable"))
        return None
    too_long = [name for name, frame in frames.items() if len(frame) > config.MAX_SHEET_ROWS]
    for name in too_long:
        problems.append(Problem(file, f"Аркуш має понад {config.MAX_SHEET_ROWS} рядків — це не схоже на місячну таблицю. "
                                "Видаліть зайві рядки.",
                                f"The sheet has more than {config.MAX_SHEET_ROWS} rows, which is not a monthly "
                                "workbook. Delete the extra rows.", sheet=name, code="too_long"))
    if too_long:
        return None
    if all(frame.map(lambda v: not is_blank(v)).sum().sum() == 0 for frame in frames.values()):
        problems.append(Problem(file, "Книга порожня: у ній немає жодних даних. Заповніть шаблон "
                                "(dept-report template) і збережіть.",
                                "The workbook is empty. Fill in the template (dept-report template) and save it.",
                                code="workbook_empty"))
        return None
    for spec in (INFO, COUNTS, ACTIVITIES):
        if _find_sheet(frames, spec) is None:
            have = ", ".join(f"«{name}»" for name in frames) or "—"
            problems.append(Problem(
                file, f"Немає аркуша «{spec.name_uk}». Є аркуші: {have}. Перейменуйте аркуш або додайте його з шаблону.",
                f"Sheet '{spec.name_uk}' (or '{spec.name_en}') is missing. Sheets found: {have}. Rename or add it.",
                sheet=spec.name_uk, code="sheet_missing"))
    _read_month(file, frames, file_month, problems)
    counts = _read_counts(file, frames, file_month, catalog, problems)
    activities = _read_activities(file, frames, file_month, problems)
    if len(problems) > before:
        return None
    return counts, activities


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


def sha256_of(path: Path) -> str:
    """Return the SHA-256 of a file in hex."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def check_data(data_dir: str | Path | None = None) -> tuple[MonthlyData | None, list[Problem]]:
    """Read and check every workbook of a data folder.

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
    if not files and not problems:
        problems.append(Problem(data_dir.name, "У теці немає жодної місячної таблиці (РРРР-ММ.xlsx). Створіть її: "
                                "dept-report template data/2021-08.xlsx.",
                                "The folder has no monthly workbook (YYYY-MM.xlsx). Create one with "
                                "dept-report template data/2021-08.xlsx.", code="no_workbooks"))
    counts, activities, sources = [], [], []
    for month, path in files.items():
        result = read_workbook(path, catalog, problems)
        if result is not None:
            counts.append(result[0])
            activities.append(result[1])
            sources.append({"month": month, "file": path, "sha256": sha256_of(path)})
    if problems:
        return None, problems
    data = MonthlyData(
        counts=pd.concat(counts, ignore_index=True) if counts else pd.DataFrame(columns=COUNTS_COLUMNS),
        activities=pd.concat(activities, ignore_index=True) if activities else pd.DataFrame(columns=ACTIVITY_COLUMNS),
        sources=pd.DataFrame(sources, columns=["month", "file", "sha256"]),
        catalog=catalog,
        data_dir=data_dir,
    )
    return data, []


def load_data(data_dir: str | Path | None = None) -> MonthlyData:
    """Load every month of a data folder, or raise with every problem found.

    Parameters
    ----------
    data_dir : str or Path, optional
        The folder with ``catalog.toml`` and ``YYYY-MM.xlsx`` workbooks; the project's
        ``data/`` when omitted.

    Returns
    -------
    MonthlyData

    Raises
    ------
    DataValidationError
        Listing every problem in every workbook.
    """
    data, problems = check_data(data_dir)
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
