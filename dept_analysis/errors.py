"""Every error the package raises on purpose derives from :class:`DeptAnalysisError`.

The command line catches this base class and prints the message; anything else is a
bug and keeps its traceback. The data's own error, :class:`~dept_analysis.problems.DataValidationError`,
lives beside the problems it lists.
"""

from __future__ import annotations


class DeptAnalysisError(Exception):
    """Raised for any failure the user can act on; the message says what to do."""


class MonthError(DeptAnalysisError):
    """Raised when a requested month is malformed or has no workbook in the data folder."""


class OutputError(DeptAnalysisError):
    """Raised when the output folder cannot be written (permissions, a full disk)."""


class ReportExecutionError(DeptAnalysisError):
    """Raised when a report notebook cell fails; keeps the cell and the error separately."""

    def __init__(self, month: str, cell_index: int | str | None, ename: str, evalue: str, failed_notebook):
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


class DocumentsError(DeptAnalysisError):
    """Raised when the charts or office documents beside the page could not be written."""
