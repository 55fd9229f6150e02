"""One problem found in the data, its code, and the table that shows all of them at once.

Every problem has a code from :class:`ProblemCode`, an enumeration in the manner of
pandera's ``SchemaErrorReason``. What the code says to a person, and what to do about it,
is written once per language in :mod:`dept_analysis.words` under ``problem.<code>``; a
problem carries only the facts that fill those words in (``details``).
"""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import asdict, dataclass, field
from enum import Enum

from . import words
from .errors import DeptAnalysisError


class ProblemCode(str, Enum):
    """Why a data folder, a workbook or the catalog cannot be read as it is."""

    # the data folder and its files
    NO_FOLDER = "no_folder"
    NO_WORKBOOKS = "no_workbooks"
    FILE_NAME = "file_name"
    FORMAT = "format"
    CSV = "csv"
    MONTH_TWICE = "month_twice"
    NOT_A_FILE = "not_a_file"
    BROKEN_LINK = "broken_link"
    # the file as a whole
    EMPTY_FILE = "empty_file"
    FILE_TOO_LARGE = "file_too_large"
    ENCRYPTED = "encrypted"
    NOT_A_SPREADSHEET = "not_a_spreadsheet"
    DAMAGED = "damaged"
    UNPACKS_TOO_LARGE = "unpacks_too_large"
    UNREADABLE = "unreadable"
    # sheets
    WORKBOOK_EMPTY = "workbook_empty"
    SHEET_MISSING = "sheet_missing"
    SHEET_TWICE = "sheet_twice"
    SHEET_HIDDEN = "sheet_hidden"
    SHEET_EMPTY = "sheet_empty"
    SHEET_TOO_LARGE = "sheet_too_large"
    TOO_MANY_CELLS = "too_many_cells"
    TOO_MANY_RULES = "too_many_rules"
    # headers and the table's shape
    COLUMN_MISSING = "column_missing"
    COLUMN_TWICE = "column_twice"
    HEADER_TOO_LOW = "header_too_low"
    VALUE_WITHOUT_HEADER = "value_without_header"
    ROWS_HIDDEN = "rows_hidden"
    COLUMNS_HIDDEN = "columns_hidden"
    ROWS_SQUEEZED = "rows_squeezed"
    COLUMNS_SQUEEZED = "columns_squeezed"
    VALUE_UNSEEN = "value_unseen"
    ROW_TOO_FAR = "row_too_far"
    # the month on the info sheet
    MONTH_MISSING = "month_missing"
    MONTH_UNREADABLE = "month_unreadable"
    MONTH_MISMATCH = "month_mismatch"
    # the counts
    COUNTS_EMPTY = "counts_empty"
    METRIC_BLANK = "metric_blank"
    METRIC_UNKNOWN = "metric_unknown"
    CHANNEL_BLANK = "channel_blank"
    CHANNEL_UNKNOWN = "channel_unknown"
    COUNT_BLANK = "count_blank"
    COUNT_MERGED = "count_merged"
    COUNT_NOT_NUMBER = "count_not_number"
    COUNT_GROUPING = "count_grouping"
    COUNT_THOUSANDS_MARK = "count_thousands_mark"
    COUNT_OTHER_DIGITS = "count_other_digits"
    COUNT_DATE = "count_date"
    COUNT_PERCENT = "count_percent"
    COUNT_FORMULA_ERROR = "count_formula_error"
    COUNT_FORMULA_UNSAVED = "count_formula_unsaved"
    COUNT_NEGATIVE = "count_negative"
    COUNT_FRACTIONAL = "count_fractional"
    COUNT_TOO_LARGE = "count_too_large"
    DUPLICATE_PAIR = "duplicate_pair"
    HEADER_AGAIN = "header_again"
    ROW_ABOVE_HEADER = "row_above_header"
    TOTAL_ROW = "total_row"
    # the activities
    TEXT_BLANK = "text_blank"
    TEXT_NOT_TEXT = "text_not_text"
    # the catalog
    CATALOG_MISSING = "catalog_missing"
    CATALOG_SYNTAX = "catalog_syntax"
    CATALOG_TEXT = "catalog_text"
    CATALOG_PLACEHOLDER = "catalog_placeholder"
    CATALOG_FORMS = "catalog_forms"
    CATALOG_EMPTY = "catalog_empty"
    CATALOG_CODE_TWICE = "catalog_code_twice"
    CATALOG_CODE_FORMAT = "catalog_code_format"
    CATALOG_NAME_TWICE = "catalog_name_twice"
    CATALOG_COLOUR = "catalog_colour"
    # the catalog's [documents]: templates and the deck's charts
    CATALOG_DOCUMENTS_TABLE = "catalog_documents_table"
    CATALOG_DOCUMENTS_KEY = "catalog_documents_key"
    CATALOG_TEMPLATE_MISSING = "catalog_template_missing"
    CATALOG_TEMPLATE_SUFFIX = "catalog_template_suffix"
    CATALOG_TEMPLATE_OUTSIDE = "catalog_template_outside"
    CATALOG_SLIDE_CHARTS = "catalog_slide_charts"
    CATALOG_LAYOUT_ROLE = "catalog_layout_role"
    # a template the catalog names, as opened
    TEMPLATE_UNREADABLE = "template_unreadable"
    TEMPLATE_LAYOUT_MISSING = "template_layout_missing"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Problem:
    """A single mistake in a workbook, the data folder or the catalog.

    Parameters
    ----------
    file : str
        File name as the user sees it in the data folder.
    code : ProblemCode
        What is wrong; its words are ``problem.<code>`` in each language's table.
    sheet : str
        Sheet name as written, or "" when the problem concerns the whole file.
    row : int or None
        Row number as the spreadsheet shows it (1-based), or None.
    column : str
        Column header as written in the workbook (or the expected header), or "".
    letter : str
        The column's letter as the spreadsheet shows it ("C"), or "".
    value : str
        The offending value as typed, or "".
    details : dict
        What fills in the message: numbers, names, and values that differ by language as
        ``{"uk": ..., "en": ...}``.
    """

    file: str
    code: ProblemCode
    sheet: str = ""
    row: int | None = None
    column: str = ""
    letter: str = ""
    value: str = ""
    details: dict = field(default_factory=dict, compare=False)

    def message(self, lang: str) -> str:
        """Return what is wrong and what to do, in ``lang``."""
        # Where the problem is can be said in the words too ("рядок {row}").
        values = {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column,
                  "letter": self.letter, "value": self.value}
        values.update({key: (value.get(lang, "") if isinstance(value, dict) else value)
                       for key, value in self.details.items()})
        return words.say(f"problem.{self.code.value}", lang, **values)

    @property
    def message_uk(self) -> str:
        """The message in Ukrainian."""
        return self.message("uk")

    @property
    def message_en(self) -> str:
        """The message in English."""
        return self.message("en")

    def as_dict(self) -> dict:
        """Return the problem as a plain dictionary (for tables and JSON)."""
        data = asdict(self)
        data["code"] = self.code.value
        data["message_uk"], data["message_en"] = self.message_uk, self.message_en
        return data


HEADERS = ("Файл / File", "Аркуш / Sheet", "Рядок / Row", "Стовпець / Column", "Значення / Value",
           "Що не так і що зробити / What is wrong and what to do")


def _column_cell(problem: Problem) -> str:
    if problem.column and problem.letter:
        return f"{problem.column} ({problem.letter})"
    return problem.column or problem.letter or "—"


def _cells(problem: Problem) -> list[str]:
    value = problem.value
    if len(value) > 40:
        value = value[:37] + "..."
    return [
        problem.file,
        problem.sheet or "—",
        str(problem.row) if problem.row is not None else "—",
        _column_cell(problem),
        repr(value) if value else "—",
        f"{problem.message_uk}\n{problem.message_en}",
    ]


def format_problems(problems: list[Problem], width: int | None = None) -> str:
    """Render problems as one plain-text table, widest column wrapped to fit the terminal.

    Parameters
    ----------
    problems : list of Problem
        Problems in the order they should be read.
    width : int, optional
        Total width; the terminal's width by default (at least 100).

    Returns
    -------
    str
        A heading line with the count, then the table.
    """
    width = width or max(100, shutil.get_terminal_size((140, 20)).columns)
    rows = [_cells(p) for p in problems]
    fixed = [max(len(HEADERS[i].split(" / ")[0]), *(len(r[i]) for r in rows)) if rows else 8
             for i in range(5)]
    fixed = [min(w, 28) for w in fixed]
    last = max(40, width - sum(fixed) - 3 * 5 - 4)
    widths = [*fixed, last]

    def wrap(text: str, w: int) -> list[str]:
        lines: list[str] = []
        for part in text.split("\n"):
            lines.extend(textwrap.wrap(part, w, break_long_words=True) or [""])
        return lines

    def render(cells: list[str]) -> list[str]:
        wrapped = [wrap(c, w) for c, w in zip(cells, widths)]
        height = max(len(w) for w in wrapped)
        out = []
        for i in range(height):
            parts = [(w[i] if i < len(w) else "").ljust(width_) for w, width_ in zip(wrapped, widths)]
            out.append("| " + " | ".join(parts) + " |")
        return out

    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    lines = [
        f"Знайдено проблем: {len(problems)} / Problems found: {len(problems)}",
        rule,
        *render([h.replace(" / ", "\n") for h in HEADERS]),
        rule.replace("-", "="),
    ]
    for row in rows:
        lines.extend(render(row))
        lines.append(rule)
    return "\n".join(lines)


class DataValidationError(DeptAnalysisError):
    """Raised when spreadsheets or the catalog hold problems; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data")

    def __str__(self) -> str:
        return format_problems(self.problems)
