"""Where the project's files live.

One place knows the folders; the command line, the notebooks and the tests import it
instead of spelling paths themselves.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
DATA_DIR = PROJECT_ROOT / "data"
OUTPUT_DIR = PROJECT_ROOT / "outputs"
NOTEBOOK_RUNS_DIR = OUTPUT_DIR / "notebook-runs"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORT_NOTEBOOK = NOTEBOOKS_DIR / "monthly_report.ipynb"
EXPLORE_NOTEBOOK = NOTEBOOKS_DIR / "explore_trends.ipynb"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
CATALOG_FILE_NAME = "catalog.toml"

LANGUAGES = ("uk", "en")
DEFAULT_LANGUAGE = "uk"

# Limits that keep a hostile or broken workbook from exhausting memory: the sample
# workbooks are about 10 KB packed and 40 KB unpacked, so these leave a wide margin.
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_SHEET_ROWS = 5000

# A notebook cell that runs longer than this is treated as hung.
CELL_TIMEOUT_SECONDS = 300

# Charts: 16:9 at slide size, so a picture pasted into a presentation fills the slide.
CHART_SIZE_INCHES = (13.333, 7.5)
CHART_DPI = 200
EMBEDDED_CHART_DPI = 110


def available_cpus() -> int:
    """The cores this process may use: those of its CPU affinity (``taskset``, a container's
    limit), not all the machine has, which ``os.cpu_count()`` would say.

    ``DEPT_REPORT_CPUS`` overrides it (the tests run once with it set to 1 where ``taskset``
    is missing).
    """
    forced = os.environ.get("DEPT_REPORT_CPUS", "")
    if forced.isdigit() and int(forced) > 0:
        return int(forced)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def resolve_data_dir(data_dir: str | Path | None) -> Path:
    """Return the data folder, the project's ``data/`` when none is given."""
    return Path(data_dir).expanduser().resolve() if data_dir else DATA_DIR


def resolve_output_root(output_dir: str | Path | None) -> Path:
    """Return the folder that holds one sub-folder per month, ``outputs/`` by default."""
    return Path(output_dir).expanduser().resolve() if output_dir else OUTPUT_DIR
