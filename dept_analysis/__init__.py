"""Monthly activity spreadsheets of a communications department, turned into its narrative report."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dept-analysis")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+source"

from .errors import DeptAnalysisError, MonthError, ReportExecutionError
from .problems import DataValidationError


def __getattr__(name: str):
    # The loader pulls in pandas: imported on first use, so `dept-report` starts (and
    # answers Ctrl-C) before the heavy imports.
    if name in ("MonthlyData", "check_data", "load_data"):
        from . import loading

        return getattr(loading, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
