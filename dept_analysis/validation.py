"""The checks on a table's cells, each with its problem code.

Checks are declared as data, in the order a person would fix them ("blank" before "not a
number"): the first check a cell fails is the one reported, so one typo gives one message.
Every check looks at one cell as read (see :mod:`.sheets.model` for what a cell can hold).

pandera validated these cells until the loader learned to read sheets itself; every check
was a per-cell function behind its loop, and its import cost a third of a second of every
command. The checks are now plain code, with the same one-table-of-all-problems result.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from .catalog import Catalog
from .headers import Table
from .problems import Problem, ProblemCode
from .sheets import CellError, Percent, Unsaved, is_date_value
from .textnorm import (clean_text, display_text, has_other_digits, has_thousands_mark, is_blank, is_misgrouped_number,
                       match_key, parse_count_text)

# A month's count is a few hundred; anything past this is a typing slip.
MAX_COUNT = 1_000_000
# A formula's result carries binary rounding (=0.7*70 gives 49.00000000000001): the
# spreadsheet shows 49, and within this relative distance of a whole number it is one.
_WHOLE_TOLERANCE = 1e-9
# What clerks write in the metric cell of a total row they add under the table.
_TOTAL_WORDS = ("разом", "всього", "усього", "загалом", "підсумок", "итого", "всего", "total")


@dataclass(frozen=True)
class Check:
    """One rule for a column's cells: the cell is refused with ``code`` when ``fails(value)``."""

    code: ProblemCode
    fails: Callable[[object], bool]


def count_number(value: object) -> float | None:
    """The number a count cell holds (a number, or text that is one), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return float(value)
    if isinstance(value, float):
        whole = round(value) if abs(value) < 2**53 else value
        return float(whole) if abs(value - whole) <= _WHOLE_TOLERANCE * max(1.0, abs(value)) else value
    if isinstance(value, str):
        return parse_count_text(value)
    return None


def _number_fails(test: Callable[[float], bool]) -> Callable[[object], bool]:
    def fails(value: object) -> bool:
        number = count_number(value)
        return number is not None and test(number)
    return fails


COUNT_CHECKS = (
    Check(ProblemCode.COUNT_BLANK, is_blank),
    Check(ProblemCode.COUNT_FORMULA_ERROR, lambda v: isinstance(v, CellError)),
    Check(ProblemCode.COUNT_FORMULA_UNSAVED, lambda v: isinstance(v, Unsaved)),
    Check(ProblemCode.COUNT_DATE, is_date_value),
    Check(ProblemCode.COUNT_PERCENT, lambda v: isinstance(v, Percent)),
    Check(ProblemCode.COUNT_GROUPING, lambda v: isinstance(v, str) and is_misgrouped_number(v)),
    Check(ProblemCode.COUNT_THOUSANDS_MARK, lambda v: isinstance(v, str) and has_thousands_mark(v)),
    Check(ProblemCode.COUNT_OTHER_DIGITS, lambda v: isinstance(v, str) and has_other_digits(v)),
    Check(ProblemCode.COUNT_NOT_NUMBER, lambda v: count_number(v) is None),
    Check(ProblemCode.COUNT_NEGATIVE, _number_fails(lambda n: n < 0)),
    Check(ProblemCode.COUNT_FRACTIONAL, _number_fails(lambda n: not n.is_integer())),
    Check(ProblemCode.COUNT_TOO_LARGE, _number_fails(lambda n: n > MAX_COUNT)),
)


# Problems that say what the whole row is, so that its other cells are not judged too.
_WHOLE_ROW_CODES = (ProblemCode.HEADER_AGAIN, ProblemCode.TOTAL_ROW)


def is_total_label(value: object) -> bool:
    """Tell whether a metric cell says "total" («Разом», «Усього за місяць»)."""
    key = match_key(value)
    return any(key == word or key.startswith(word + " ") or key.startswith(word + ":") for word in _TOTAL_WORDS)


def name_checks(kind: str, lookup: dict[str, str], header: str = "") -> tuple[Check, ...]:
    """The checks of a metric or channel cell against the catalog's names; ``header`` is the
    column's header as written, which a second header row repeats."""
    blank, unknown = ((ProblemCode.METRIC_BLANK, ProblemCode.METRIC_UNKNOWN) if kind == "metric"
                      else (ProblemCode.CHANNEL_BLANK, ProblemCode.CHANNEL_UNKNOWN))
    header_key = match_key(header) if header else None
    checks = [Check(blank, is_blank),
              Check(ProblemCode.HEADER_AGAIN, lambda v: header_key is not None and match_key(v) == header_key
                    and header_key not in lookup)]
    if kind == "metric":
        checks.append(Check(ProblemCode.TOTAL_ROW, lambda v: match_key(v) not in lookup and is_total_label(v)))
    checks.append(Check(unknown, lambda v: match_key(v) not in lookup))
    return tuple(checks)


TEXT_CHECKS = (
    # A fraction or a percentage shows in its cell's number format ("1 234,50 грн", "45 %"),
    # and TRUE in the program's language (ІСТИНА), which a report cannot repeat: the clerk
    # types it as text instead. Whole numbers and dates are shown as the clerk sees them
    # (296, 12.08.2021).
    Check(ProblemCode.TEXT_NOT_TEXT, lambda v: isinstance(v, (CellError, Unsaved, Percent, bool))
          or (isinstance(v, float) and not v.is_integer())),
)


def shown(value: object) -> str:
    """A cell's value as the person sees it, for the problems table."""
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M") if (value.hour, value.minute) != (0, 0) else value.strftime("%d.%m.%Y")
    if isinstance(value, dt.timedelta):  # a time or a duration, as a spreadsheet shows it: 49:00:00
        seconds = round(value.total_seconds())
        sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
        return f"{sign}{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    if isinstance(value, (CellError, Percent, Unsaved)):
        return str(value)
    return display_text(value)


def _as_text(value: object) -> str:
    """An activities cell as the report shows it: text as typed, a date as the clerk sees
    it (12.08.2021, not 2021-08-12 00:00:00)."""
    return shown(value) if isinstance(value, dt.datetime) else display_text(value)


def _first_failure(checks: tuple[Check, ...], value: object) -> ProblemCode | None:
    for check in checks:
        if check.fails(value):
            return check.code
    return None


def _cell_problem(file: str, table: Table, key: str, position: int, code: ProblemCode, **details) -> Problem:
    value = table.values[key][position]
    return Problem(file, code, sheet=table.sheet, row=table.rows[position], column=table.headers[key],
                   letter=table.letter(key), value=shown(value), details=details)


def _known(items) -> dict[str, str]:
    return {"uk": "; ".join(item.name_uk for item in items), "en": "; ".join(item.name_en for item in items)}


def check_counts(file: str, table: Table, catalog: Catalog, problems: list[Problem]
                 ) -> list[tuple[str, str, int]] | None:
    """Check a counts table; return its rows as (metric code, channel code, count).

    Returns None when any cell is refused (every problem goes to ``problems``, in row order).
    """
    if not table.rows:
        problems.append(Problem(file, ProblemCode.COUNTS_EMPTY, sheet=table.sheet))
        return None
    metric_lookup, channel_lookup = catalog.metric_lookup(), catalog.channel_lookup()
    columns = (("metric", name_checks("metric", metric_lookup, table.headers["metric"]),
                {"known": _known(catalog.metrics), "catalog": str(catalog.path)}),
               ("channel", name_checks("channel", channel_lookup, table.headers["channel"]),
                {"known": _known(catalog.channels), "catalog": str(catalog.path)}),
               ("count", COUNT_CHECKS, {}))
    found: list[Problem] = []
    for position, row in enumerate(table.rows):
        for key, checks, details in columns:
            value = table.values[key][position]
            if key == "count" and value is None and (key, row) in table.merged_from:
                found.append(_cell_problem(file, table, key, position, ProblemCode.COUNT_MERGED,
                                           origin=table.merged_from[(key, row)]))
                continue
            code = _first_failure(checks, value)
            if code is None:
                continue
            extra = dict(details)
            if code in _WHOLE_ROW_CODES:
                # One message for the row: its other cells are a header's or a sum's, not data.
                found.append(_cell_problem(file, table, key, position, code, header_row=table.header_row))
                break
            if code in (ProblemCode.COUNT_DATE, ProblemCode.COUNT_PERCENT):
                extra["shown"] = shown(value)
            elif code is ProblemCode.COUNT_THOUSANDS_MARK:
                extra.update(value=value.strip(), whole=re.sub(r"[.,]", "", value.strip()))
            elif code is ProblemCode.COUNT_FORMULA_ERROR:
                extra["error"] = str(value)
            elif code is ProblemCode.COUNT_TOO_LARGE:
                extra["limit"] = f"{MAX_COUNT:,}".replace(",", " ")
            found.append(_cell_problem(file, table, key, position, code, **extra))
    metrics = [metric_lookup.get(match_key(v)) for v in table.values["metric"]]
    channels = [channel_lookup.get(match_key(v)) for v in table.values["channel"]]
    first_row: dict[tuple[str, str], int] = {}
    for position, pair in enumerate(zip(metrics, channels)):
        if None in pair:
            continue
        if pair in first_row:
            problem = _cell_problem(file, table, "metric", position, ProblemCode.DUPLICATE_PAIR, first=first_row[pair])
            found.append(Problem(problem.file, problem.code, problem.sheet, problem.row, problem.column, problem.letter,
                                 f"{shown(table.values['metric'][position])} + "
                                 f"{shown(table.values['channel'][position])}", problem.details))
        else:
            first_row[pair] = table.rows[position]
    if found:
        problems.extend(sorted(found, key=lambda p: (p.row or 0, p.letter)))
        return None
    counts = [round(count_number(v)) for v in table.values["count"]]
    return list(zip(metrics, channels, counts))


def check_activities(file: str, table: Table, problems: list[Problem]) -> list[tuple[str, str]] | None:
    """Check an activities table; return its paragraphs as (section, text), text as typed."""
    found: list[Problem] = []
    rows = []
    for position, row in enumerate(table.rows):
        section, text = table.values["section"][position], table.values["text"][position]
        for key, value in (("section", section), ("text", text)):
            code = _first_failure(TEXT_CHECKS, value)
            if code is not None:
                found.append(_cell_problem(file, table, key, position, code))
        if is_blank(text) and not isinstance(text, (CellError, Unsaved)):
            found.append(Problem(file, ProblemCode.TEXT_BLANK, sheet=table.sheet, row=row, column=table.headers["text"],
                                 letter=table.letter("text"), value=shown(section)))
        rows.append((_as_text(section), _as_text(text)))
    if found:
        problems.extend(found)
        return None
    return rows


_MONTH_NUMBERS = re.compile(r"^(\d{4})[-./](\d{1,2})$|^(\d{1,2})[-./](\d{4})$")


def month_from_cell(value: object) -> pd.Period | None:
    """Read the month written in a workbook: a date cell, "2021-08", "08.2021" or "серпень 2021"."""
    if isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        return pd.Period(pd.Timestamp(value), "M")
    text = clean_text(value)
    match = _MONTH_NUMBERS.match(text)
    if match:
        year, month = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        if 1 <= int(month) <= 12:
            return pd.Period(year=int(year), month=int(month), freq="M")
        return None
    from .periods import month_name

    words = match_key(text).replace(" року", "").replace(" р.", "").split()
    if len(words) == 2 and words[1].isdigit():
        for number in range(1, 13):
            candidate = pd.Period(year=int(words[1]), month=number, freq="M")
            names = {match_key(month_name(candidate, case, lang)) for lang in ("uk", "en")
                     for case in ("nominative", "genitive")}
            if words[0] in names:
                return candidate
    return None


def check_month(file: str, table: Table, file_month: pd.Period, problems: list[Problem]) -> None:
    """Check the month rows of the info sheet against the month in the file name."""
    from .workbook import MONTH_FIELD

    wanted = {match_key(MONTH_FIELD[0]), match_key(MONTH_FIELD[1])}
    example = file_month.strftime("%Y-%m")
    hits = [i for i, field_name in enumerate(table.values["field"]) if match_key(field_name) in wanted]
    if not hits:
        problems.append(Problem(file, ProblemCode.MONTH_MISSING, sheet=table.sheet, column=table.headers["field"],
                                letter=table.letter("field"), details={"example": example}))
        return
    for position in hits:
        value = table.values["value"][position]
        month = month_from_cell(value)
        if month is None:
            problems.append(_cell_problem(file, table, "value", position, ProblemCode.MONTH_UNREADABLE,
                                          example=example))
        elif month != file_month:
            problems.append(_cell_problem(file, table, "value", position, ProblemCode.MONTH_MISMATCH,
                                          inside=month.strftime("%Y-%m"), from_name=example))


def repeated_months(counts: pd.DataFrame, minimum: int = 3) -> list[tuple[pd.Period, pd.Period, int]]:
    """The months whose counts are the month before's, row for row: a workbook copied from
    the month before and not filled in again, which no check on its cells can tell.

    Parameters
    ----------
    counts : pandas.DataFrame
        The loaded counts (``month``, ``metric``, ``channel``, ``count``).
    minimum : int
        Fewer counts above zero than this repeating are taken for a coincidence.

    Returns
    -------
    list of (month, the month before, its number of count rows)
    """
    months = {month: sorted(zip(rows["metric"], rows["channel"], rows["count"]))
              for month, rows in counts.groupby("month", sort=True)}
    return [(month, month - 1, len(rows)) for month, rows in months.items()
            if months.get(month - 1) == rows and sum(1 for *_, count in rows if count) >= minimum]


__all__ = ["COUNT_CHECKS", "Check", "MAX_COUNT", "TEXT_CHECKS", "check_activities", "check_counts", "check_month",
           "count_number", "month_from_cell", "name_checks", "repeated_months", "shown"]
