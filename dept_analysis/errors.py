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
        if cell_index is not None:
            what = (f"помилка в клітинці {cell_index} / report for {month} failed in cell {cell_index}: "
                    f"{ename}: {evalue}")
        else:
            # No cell failed: the kernel that runs the notebook stopped, hung or never started
            # (killed, out of memory, a machine under strain): most likely not the data's fault.
            what = (f"ядро Python, що виконує звіт, зупинилося або не запустилося / the Python kernel "
                    f"running the report stopped or did not start: {ename}: {evalue}. Найімовірніше, це не "
                    "помилка в даних: запустіть ще раз / most likely not a data error: run it again")
        lines = [f"Звіт за {month} не створено: {what}"]
        if failed_notebook is not None:
            lines.append(f"Невдалий блокнот / failed notebook: {failed_notebook}")
        lines.append("Попередній звіт, якщо він був, не змінено / the last good report was left untouched.")
        super().__init__("\n".join(lines))


class DocumentsError(DeptAnalysisError):
    """Raised when the charts or office documents beside the page could not be written."""
