"""Monthly activity spreadsheets of a communications department, turned into its narrative report."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dept-analysis")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+source"

from .errors import DataValidationError, DeptAnalysisError, MonthError, ReportExecutionError
from .loading import MonthlyData, check_data, load_data

__all__ = [
    "__version__",
    "DataValidationError",
    "DeptAnalysisError",
    "MonthError",
    "MonthlyData",
    "ReportExecutionError",
    "check_data",
    "load_data",
]
