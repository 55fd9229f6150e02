"""Finding a sheet's table: its header row, the column of each header, and its data rows.

What counts here is what a person sees. The header row may stand under a title or a note; a
header may be merged across columns for looks. Anything that would make the reader take a
column the person does not mean is refused rather than guessed: a header that appears twice
(last month's column kept beside this month's), values in a column without a header, rows
or columns hidden with data in them, data far below the table.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from . import words
from .problems import Problem, ProblemCode
from .sheets import Merge, Sheet, cell_name, column_letter
from .textnorm import is_blank, match_key, parse_count_text
from .workbook import SheetSpec

# How many filled rows may stand at the top of a sheet, the header row included: a title
# and a note or two above a table are harmless.
HEADER_SEARCH_ROWS = 5
# A monthly table has tens of rows; data past this row is something else.
MAX_TABLE_ROWS = 5000
# Columns whose text a merged cell gives to every row it spans: a metric over its channels'
# rows, a section over its paragraphs. Never counts (a number merged over two rows would be
# counted twice) and never paragraphs (one paragraph would be repeated).
SPREAD_KEYS = frozenset({"metric", "channel", "section", "field"})


@dataclass
class Table:
    """A sheet's rows under its header.

    Attributes
    ----------
    sheet : str
        The sheet's name as written.
    header_row : int
        As the spreadsheet shows it (from 1).
    headers : dict
        Key -> the header as written (or the expected one, for an absent optional column).
    columns : dict
        Key -> column (from 0) of each header found.
    rows : list of int
        The data rows' numbers as the spreadsheet shows them.
    values : dict
        Key -> one value per data row (None when blank), raw as read.
    merged_from : dict
        (key, row number) -> the cell name of the merge that covers that cell, for cells
        a merge covers whose text was not spread (counts, paragraphs).
    """

    sheet: str
    header_row: int
    headers: dict[str, str]
    columns: dict[str, int]
    rows: list[int] = field(default_factory=list)
    values: dict[str, list] = field(default_factory=dict)
    merged_from: dict[tuple[str, int], str] = field(default_factory=dict)

    def letter(self, key: str) -> str:
        """The column letter of ``key``, or "" when the sheet has no such column."""
        return column_letter(self.columns[key]) if key in self.columns else ""


def _filled(value: object) -> bool:
    return not is_blank(value)


def _header_keys(spec: SheetSpec) -> dict[str, str]:
    """Every accepted header spelling (match key) -> the spec's column key."""
    return {match_key(name): key for key, names in spec.columns.items() for name in names}


def _lookalike(text_key: str, header_keys: dict[str, str]) -> str | None:
    """The column key ``text_key`` resembles without being it: «Кількість (липень)»,
    «Кількість2», «Кількість за серпень» look like «Кількість»."""
    for header, key in header_keys.items():
        if text_key != header and re.match(re.escape(header) + r"(?![а-яіїєґa-z'ʼ])", text_key):
            return key
    return None


class _MergeIndex:
    """The merges of a sheet by the column they start in, to find the merge covering a cell
    without walking every merge for every cell."""

    def __init__(self, merges: list[Merge]):
        self._by_column: dict[int, tuple[list[int], list[Merge]]] = {}
        for merge in sorted(merges, key=lambda m: (m.left, m.top)):
            tops, found = self._by_column.setdefault(merge.left, ([], []))
            tops.append(merge.top)
            found.append(merge)

    def starting_in(self, column: int, row: int) -> Merge | None:
        """The merge whose first column is ``column`` and whose rows include ``row``."""
        if column not in self._by_column:
            return None
        tops, found = self._by_column[column]
        # Merges cannot overlap, so only the last one starting at or above the row can hold it.
        index = bisect_right(tops, row) - 1
        if index >= 0 and found[index].bottom >= row:
            return found[index]
        return None

    def covering_header(self, row: int) -> dict[int, int]:
        """Columns covered by a merge that starts in ``row`` -> the merge's first column."""
        covered = {}
        for column, (tops, found) in self._by_column.items():
            for merge in found:
                if merge.top <= row <= merge.bottom and merge.right > merge.left:
                    for other in range(merge.left + 1, min(merge.right, merge.left + 1000) + 1):
                        covered[other] = merge.left
        return covered


def _find_header(file: str, sheet: Sheet, grid: dict[int, dict[int, object]], spec: SheetSpec,
                 problems: list[Problem]) -> int | None:
    """Return the header row (from 0), or None after reporting why there is none."""
    header_keys = _header_keys(spec)
    expected = " | ".join(names[0] for names in spec.columns.values())
    filled = [row for row, cells in grid.items() if any(_filled(v) for v in cells.values())]
    if not filled:
        problems.append(Problem(file, ProblemCode.SHEET_EMPTY, sheet=sheet.name, details={"expected": expected}))
        return None

    def found_keys(row: int) -> set[str]:
        return {header_keys[k] for k in (match_key(v) for v in grid[row].values() if isinstance(v, str))
                if k in header_keys}

    required = set(spec.required)
    for row in filled[:HEADER_SEARCH_ROWS]:
        if required <= found_keys(row):
            return row
    for position, row in enumerate(filled[HEADER_SEARCH_ROWS:], start=HEADER_SEARCH_ROWS):
        if required <= found_keys(row):
            problems.append(Problem(file, ProblemCode.HEADER_TOO_LOW, sheet=sheet.name, row=row + 1,
                                    details={"expected": expected, "above": position,
                                             "limit": HEADER_SEARCH_ROWS - 1}))
            return None
    # No row names every required column: show the likeliest one and what it lacks.
    best = max(filled[:HEADER_SEARCH_ROWS], key=lambda r: (len(found_keys(r) & required), -r))
    have = found_keys(best)
    texts = [str(v).strip() for _, v in sorted(grid[best].items()) if _filled(v)]
    found = ", ".join(f"«{t}»" for t in texts) or "—"
    for key in spec.columns:
        if key in spec.required and key not in have:
            problems.append(Problem(
                file, ProblemCode.COLUMN_MISSING, sheet=sheet.name, row=best + 1, column=spec.columns[key][0],
                details={"header": spec.columns[key][0], "row": best + 1, "found": found, "expected": expected,
                         "expected_en": " | ".join(names[1] for names in spec.columns.values())}))
    return None


def locate_table(file: str, sheet: Sheet, spec: SheetSpec, problems: list[Problem], strict: bool = True
                 ) -> Table | None:
    """Find ``spec``'s table on ``sheet``.

    Parameters
    ----------
    file : str
        The workbook's file name, for the problems.
    sheet : Sheet
    spec : SheetSpec
        The headers to look for.
    problems : list of Problem
        Receives every problem found.
    strict : bool
        Also refuse hidden rows and columns with data, and values in columns without a
        header (the counts and the activities: what the report shows). The info sheet's
        other rows are notes, and are left alone.

    Returns
    -------
    Table or None
        None when the table cannot be read as it is (the reasons are in ``problems``).
    """
    before = len(problems)
    grid = sheet.rows()
    header_at = _find_header(file, sheet, grid, spec, problems)
    if header_at is None:
        return None
    merges = _MergeIndex(sheet.merges)
    header_keys = _header_keys(spec)
    header_cells = grid.get(header_at, {})
    covered_by_header = merges.covering_header(header_at)

    # Which column holds each header; a header seen twice (or a lookalike) is refused.
    by_key: dict[str, list[int]] = {}
    headers: dict[int, str] = {}
    for column, value in sorted(header_cells.items()):
        if not isinstance(value, str) or not value.strip():
            continue
        headers[column] = value.strip()
        key = match_key(value)
        owner = header_keys.get(key) or _lookalike(key, header_keys)
        if owner is not None:
            by_key.setdefault(owner, []).append(column)
    for key, columns in by_key.items():
        exact = [c for c in columns if match_key(header_cells[c]) in header_keys]
        if len(columns) > 1 and exact:
            listed = ", ".join(f"{column_letter(c)} «{headers[c]}»" for c in columns)
            first = exact[0]
            for column in columns:
                if column != first:
                    problems.append(Problem(file, ProblemCode.COLUMN_TWICE, sheet=sheet.name, row=header_at + 1,
                                            column=headers[column], letter=column_letter(column),
                                            details={"header": spec.columns[key][0], "row": header_at + 1,
                                                     "columns": listed}))
    if len(problems) > before:
        return None
    mapping = {key: next(c for c in columns if match_key(header_cells[c]) in header_keys)
               for key, columns in by_key.items() if any(match_key(header_cells[c]) in header_keys for c in columns)}
    names = {key: headers[column] for key, column in mapping.items()}
    names.update({key: spec.columns[key][0] for key in spec.columns if key not in mapping})
    table = Table(sheet.name, header_at + 1, names, mapping)

    # The data rows: rows under the header with a value of their own in one of the table's
    # columns. Text that a merge spreads down only fills rows that have data already.
    data_rows = [row for row in grid if row > header_at
                 and any(_filled(grid[row].get(column)) for column in mapping.values())]
    far = [row for row in data_rows if row >= MAX_TABLE_ROWS]
    if far:
        problems.append(Problem(file, ProblemCode.ROW_TOO_FAR, sheet=sheet.name, row=far[0] + 1,
                                details={"row": far[0] + 1, "limit": MAX_TABLE_ROWS}))
        return None
    table.values = {key: [] for key in spec.columns}
    for row in data_rows:
        table.rows.append(row + 1)
        cells = grid[row]
        for key in spec.columns:
            column = mapping.get(key)
            value = cells.get(column) if column is not None else None
            if column is not None and value is None:
                merge = _covering(merges, grid, column, row)
                if merge is not None:
                    if key in SPREAD_KEYS:
                        value = grid.get(merge.top, {}).get(merge.left)
                    else:
                        table.merged_from[(key, row + 1)] = cell_name(merge.top, merge.left)
            table.values[key].append(value)

    if strict:
        _refuse_above(file, sheet, spec, grid, header_at, mapping, problems)
        _refuse_unseen(file, sheet, table, grid, data_rows, header_at, headers, covered_by_header, merges, problems)
    return None if len(problems) > before else table


def _looks_like_data(spec: SheetSpec, cells: dict[int, object], mapping: dict[str, int]) -> bool:
    """Tell whether a row above the header row holds data rather than a title or a note: a
    count in the count column, a paragraph in the text column, or every column filled.

    A title ("Звіт за серпень 2021") fills one or two cells with a few words; a row of data
    that slid above the header (the table sorted without its header, a row inserted at the
    top) fills the columns the report reads."""
    values = {key: cells.get(column) for key, column in mapping.items()}
    filled = [key for key, value in values.items() if _filled(value)]
    if len(filled) == len(spec.columns):
        return True
    value = values.get(spec.required[-1])
    if spec.key == "counts" and _filled(value):
        return (isinstance(value, (int, float)) and not isinstance(value, bool)) or (
            isinstance(value, str) and parse_count_text(value) is not None)
    if spec.key == "activities" and isinstance(value, str) and value.strip():
        return len(value.split()) >= 6 or value.strip().endswith((".", "!", "?", "…"))
    return False


def _refuse_above(file: str, sheet: Sheet, spec: SheetSpec, grid: dict, header_at: int, mapping: dict[str, int],
                  problems: list[Problem]) -> None:
    """Refuse the rows above the header row that hold data: they are not read, and the
    clerk, who sees them in the table, would miss them in the report."""
    for row in sorted(r for r in grid if r < header_at):
        if _looks_like_data(spec, grid[row], mapping):
            problems.append(Problem(file, ProblemCode.ROW_ABOVE_HEADER, sheet=sheet.name, row=row + 1,
                                    details={"row": row + 1, "header_row": header_at + 1}))


# Why a value is unseen -> the words of what to do, where it shares them with another reason.
_FIX_OF = {"colour_part": "colour", "tiny_part": "tiny"}
_HIDDEN_BY_NOTHING = {"conditional": "unseen.conditional", "format": "unseen.format_nothing"}


def _unseen_problem(file: str, sheet: Sheet, row: int, column: int, value: object, unseen) -> Problem:
    """The problem of a cell whose formatting hides its value, in the words of each language."""
    if unseen.why in ("conditional", "format"):  # in words of what it shows instead, if anything
        how = f"unseen.{unseen.why}_text" if unseen.shown else _HIDDEN_BY_NOTHING[unseen.why]
    else:
        how = f"unseen.{unseen.why}"
    fix = f"unseen.fix_{_FIX_OF.get(unseen.why, unseen.why)}"
    shown = unseen.shown[:40]
    return Problem(file, ProblemCode.VALUE_UNSEEN, sheet=sheet.name, row=row + 1, letter=column_letter(column),
                   value=str(value)[:80],
                   details={"cell": cell_name(row, column), "value": str(value)[:80],
                            "how": {lang: words.say(how, lang, shown=shown) for lang in words.LANGUAGES},
                            "fix": {lang: words.say(fix, lang) for lang in words.LANGUAGES}})


def _covering(merges: _MergeIndex, grid: dict, column: int, row: int) -> Merge | None:
    """The merge over (row, column) that starts above it in the same column."""
    merge = merges.starting_in(column, row)
    if merge is not None and merge.top < row:
        return merge
    return None


def _refuse_unseen(file: str, sheet: Sheet, table: Table, grid: dict, data_rows: list[int], header_at: int,
                   headers: dict[int, str], covered_by_header: dict[int, int], merges: _MergeIndex,
                   problems: list[Problem]) -> None:
    """Report what the person does not see but the report would read, and what they see but
    the report would not: hidden or squeezed rows and columns with data, values their
    formatting hides, values without a header."""
    for key, column in table.columns.items():
        if column in sheet.hidden_columns and any(_filled(grid[row].get(column)) for row in data_rows):
            problems.append(Problem(file, ProblemCode.COLUMNS_HIDDEN, sheet=sheet.name, row=header_at + 1,
                                    column=table.headers[key], letter=column_letter(column),
                                    details={"letter": column_letter(column), "header": table.headers[key]}))
        elif column in sheet.squeezed_columns and any(_filled(grid[row].get(column)) for row in data_rows):
            problems.append(Problem(file, ProblemCode.COLUMNS_SQUEEZED, sheet=sheet.name, row=header_at + 1,
                                    column=table.headers[key], letter=column_letter(column),
                                    details={"letter": column_letter(column), "header": table.headers[key]}))
    if sheet.hidden_rows or sheet.squeezed_rows:
        for row in data_rows:
            if row in sheet.hidden_rows:
                problems.append(Problem(file, ProblemCode.ROWS_HIDDEN, sheet=sheet.name, row=row + 1,
                                        details={"row": row + 1}))
            elif row in sheet.squeezed_rows:
                problems.append(Problem(file, ProblemCode.ROWS_SQUEEZED, sheet=sheet.name, row=row + 1,
                                        details={"row": row + 1}))
    if sheet.unseen:
        for row in data_rows:
            for column in table.columns.values():
                unseen = sheet.unseen.get((row, column))
                if unseen is not None and _filled(grid[row].get(column)):
                    problems.append(_unseen_problem(file, sheet, row, column, grid[row][column], unseen))
    table_columns = set(table.columns.values())
    for row in data_rows:
        for column, value in grid[row].items():
            if column in headers or column in table_columns or not _filled(value):
                continue
            if column in sheet.hidden_columns:
                continue  # nobody sees it, and the report does not read it
            origin = covered_by_header.get(column)
            merged = ({"uk": f" (його клітинку заголовка об'єднано з {cell_name(header_at, origin)})",
                       "en": f" (its header cell is merged into {cell_name(header_at, origin)})"}
                      if origin is not None else "")
            problems.append(Problem(file, ProblemCode.VALUE_WITHOUT_HEADER, sheet=sheet.name, row=row + 1,
                                    letter=column_letter(column), value=str(value)[:80],
                                    details={"cell": cell_name(row, column), "letter": column_letter(column),
                                             "header_row": header_at + 1, "merged": merged}))


__all__ = ["HEADER_SEARCH_ROWS", "MAX_TABLE_ROWS", "SPREAD_KEYS", "Table", "locate_table"]
