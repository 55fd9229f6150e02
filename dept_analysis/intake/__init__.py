"""Typing a month in minutes: a pre-filled workbook, and counts from the channels' exports.

* :func:`new_month` (``dept-report new``) writes next month's workbook from the latest
  earlier one: its rows with empty counts, its standing paragraphs marked to review.
* :func:`plan_import` and :func:`apply_import` (``dept-report import``) count an export
  (:mod:`dept_analysis.channel_exports`), set the counts against those typed by hand, and
  write the blank ones (or, when asked, replace the typed ones) into the month's workbook.
* :mod:`.editing` changes a clerk's workbook safely; :mod:`.text` says it all on the
  command line.
"""

from .editing import ClerkWorkbook, WorkbookEditError
from .importing import ImportPlan, ImportSetupError, MonthImport, apply_import, choose_block, plan_import
from .new_month import MonthExistsError, NewMonth, new_month
from .text import describe_import, describe_new

__all__ = ["ClerkWorkbook", "ImportPlan", "ImportSetupError", "MonthExistsError", "MonthImport", "NewMonth",
           "WorkbookEditError", "apply_import", "choose_block", "describe_import", "describe_new", "new_month",
           "plan_import"]
