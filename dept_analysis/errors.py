"""Every error the package raises on purpose derives from :class:`DeptAnalysisError`.

The command line catches this base class and prints the message; anything else is a
bug and keeps its traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .problems import Problem


class DeptAnalysisError(Exception):
    """Raised for any failure the user can act on; the message says what to do."""


class DataValidationError(DeptAnalysisError):
    """Raised when spreadsheets or the catalog hold problems; ``problems`` lists all of them."""

    def __init__(self, problems: list["Problem"]):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data")

    def __str__(self) -> str:
        from .problems import format_problems

        return format_problems(self.problems)


class MonthError(DeptAnalysisError):
    """Raised when a requested month is malformed or has no workbook in the data folder."""


class OutputError(DeptAnalysisError):
    """Raised when the output folder cannot be written (permissions, a full disk)."""


class ReportExecutionError(DeptAnalysisError):
    """Raised when a report notebook cell fails; keeps the cell and the error separately."""

    def __init__(self, month: str, cell_index: int | None, ename: str, evalue: str, failed_notebook):
        self.month = month
        self.cell_index = cell_index
        self.ename = ename
        self.evalue = evalue
        self.failed_notebook = failed_notebook
        where = f"cell {cell_index}" if cell_index is not None else "the kernel"
        super().__init__(
            f"Звіт за {month} не створено: помилка в клітинці / report for {month} failed in {where}: "
            f"{ename}: {evalue}\nНевдалий блокнот / failed notebook: {failed_notebook}\n"
            "Попередній звіт, якщо він був, не змінено / the last good report was left untouched."
        )
