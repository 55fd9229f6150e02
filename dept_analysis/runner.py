"""Run the report notebook for one month and publish its outputs safely.

papermill executes ``notebooks/monthly_report.ipynb`` into a private staging folder beside
the month's folder; nbconvert turns the executed notebook into HTML with the project's own
template; only when everything succeeded is the staging folder swapped in for the month's
folder, under a lock. A failed or interrupted run therefore never touches the last good
report, and two runs of the same month leave one complete report, never a mix.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import os
import shutil
import signal
import uuid
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import config, words
from .errors import DeptAnalysisError, MonthError, OutputError, ReportExecutionError
from .export import export_html  # first of the notebook libraries: see export.py
from .figures import report_window
from .loading import MonthlyData, available_months, load_data
from .periods import FIRST_YEAR, LAST_YEAR, parse_month
from .narrative import title
from .prerender import ExportBeside, Prerender, fingerprint, process_alive
from .prerender import available as prerender_available
from .report import MonthlyReport, check_language, require_month

FINGERPRINT_FILE = "inputs.json"

# How papermill runs the report notebook (the benchmark's floor runs the same way).
PAPERMILL_OPTIONS = dict(
    kernel_name="python3", execution_timeout=config.CELL_TIMEOUT_SECONDS, progress_bar=False, log_output=False,
    # ipykernel 7 warns on every start that its localhost TCP sockets are not encrypted; the
    # user cannot act on that, errors still come through.
    extra_arguments=["--IPKernelApp.log_level=ERROR"],
    # Every cell has finished and its files are closed when the kernel is shut down; a
    # graceful shutdown only adds about a second of waiting per report.
    shutdown_kernel="immediate",
    # papermill would rewrite the whole notebook, images included, before and after every
    # cell; it still writes it once at the end, and on a cell's error.
    request_save_on_cell_execute=False,
)


@dataclass
class RunResult:
    """What a run produced: the month's folder and whether it was rebuilt or skipped."""

    month: str
    output_dir: Path
    html: Path
    skipped: bool = False


@contextlib.contextmanager
def _locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _publish(staging: Path, final: Path) -> None:
    """Swap ``staging`` in for ``final`` so readers see the old folder or the new, never a mix
    (for an instant between the two renames, neither)."""
    with _locked(final.parent / f".{final.name}.lock"):
        _recover(final)
        old = None
        # Ctrl-C or SIGTERM between the two renames would leave no report at all: they wait
        # until both are done (SIGKILL cannot wait; the next run puts the old report back).
        blocked = {signal.SIGINT, signal.SIGTERM}
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
        try:
            if final.exists():
                old = final.parent / f".{final.name}.old-{uuid.uuid4().hex[:8]}"
                final.rename(old)
            staging.rename(final)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _recover(final: Path) -> None:
    """Tidy what a killed run left beside ``final``: put back a last good report that was
    moved aside but never replaced, and remove staging folders of processes that are gone."""
    olds = sorted(final.parent.glob(f".{final.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not final.exists():
        olds.pop().rename(final)
    for leftover in [*olds, *final.parent.glob(f".{final.name}.staging-*")]:
        pid = leftover.name.rsplit(".staging-", 1)[-1].split("-")[0]
        if ".old-" in leftover.name or (pid.isdigit() and not process_alive(int(pid))):
            shutil.rmtree(leftover, ignore_errors=True)


def is_up_to_date(final: Path, expected: dict) -> bool:
    """Tell whether the month's last good report was made from exactly these inputs."""
    stamp = final / FINGERPRINT_FILE
    if not (final / "report.html").is_file() or not stamp.is_file():
        return False
    try:
        return json.loads(stamp.read_text(encoding="utf-8")) == expected
    except (OSError, ValueError):
        return False


def _cell_summary(notebook_path: Path, cell_index: int | None) -> str:
    import nbformat

    try:
        cells = nbformat.read(notebook_path, as_version=4).cells
        source = cells[cell_index].source.strip().splitlines()[0]
        return f"{cell_index} ({source})"
    except (OSError, IndexError, TypeError, ValueError, KeyError):
        return str(cell_index)


def run_report(month: object, data_dir: str | Path | None = None, output_root: str | Path | None = None,
               lang: str = config.DEFAULT_LANGUAGE, force: bool = False, data: MonthlyData | None = None,
               prerender: bool | None = None) -> RunResult:
    """Produce ``OUTPUT_ROOT/YYYY-MM/`` with report.html, report.ipynb, charts/, report.pptx, report.docx.

    Parameters
    ----------
    month : str
        "YYYY-MM"; checked before any kernel starts.
    data_dir, output_root : str or Path, optional
        Default to the project's ``data/`` and ``outputs/``.
    lang : {"uk", "en"}
    force : bool
        Rebuild even when the inputs have not changed since the last good report.
    data : MonthlyData, optional
        Already loaded data (a batch loads once).
    prerender : bool, optional
        Draw the charts in a forked worker while the kernel starts
        (see :mod:`dept_analysis.prerender`). By default, when the machine has more than one
        core and can fork; a batch turns it off, since its months already use every core.

    Raises
    ------
    MonthError
        Malformed month, or no workbook for it (the message lists the months there are).
    DataValidationError
        The spreadsheets have problems (the message is the whole table).
    ReportExecutionError
        A notebook cell failed; the failed notebook is kept as ``report.failed.ipynb``.
    OutputError
        The output folder cannot be written.
    """
    period = parse_month(month)
    lang = check_language(lang)
    if data is None:
        folder = config.resolve_data_dir(data_dir)
        require_month(period, available_months(folder), folder)
        data = load_data(folder, months=report_window(period))
    else:
        require_month(period, data.months, data.data_dir)
    name = period.strftime("%Y-%m")
    root = config.resolve_output_root(output_root)
    # Each language has its folder, so an English copy never replaces the Ukrainian report.
    final = root / (name if lang == config.DEFAULT_LANGUAGE else f"{name}-{lang}")
    expected = fingerprint(data, period, lang)
    if not force and is_up_to_date(final, expected):
        return RunResult(name, final, final / "report.html", skipped=True)

    staging = root / f".{final.name}.staging-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging.mkdir()
    except OSError as error:
        raise _unwritable(root, error) from None
    executed = staging / "report.ipynb"
    if prerender is None:
        prerender = prerender_available()
    runner_side = MonthlyReport(period, data, lang, staging)
    page_title = functools.partial(title, data.catalog, period, lang)
    beside = Prerender(runner_side, expected).start() if prerender else None
    page = ExportBeside(staging, lang, page_title, charts_pid=beside.pid).start() if beside is not None else None
    try:
        # Imported only now, while the worker already draws: papermill takes a while to import.
        import papermill
        from papermill.exceptions import PapermillExecutionError

        try:
            papermill.execute_notebook(
                str(config.REPORT_NOTEBOOK), str(executed),
                parameters={"month": name, "data_dir": str(data.data_dir), "output_dir": str(staging),
                            "lang": lang},
                cwd=str(config.NOTEBOOKS_DIR), **PAPERMILL_OPTIONS,
            )
        except PapermillExecutionError as error:
            raise _failed(name, final, executed, error.cell_index, error.ename, error.evalue) from None
        except Exception as error:  # the kernel died, timed out or could not start
            if isinstance(error, DeptAnalysisError):
                raise
            raise _failed(name, final, executed, None, type(error).__name__, str(error) or repr(error)) from None
        # The worker may still be writing SVGs: the page is exported meanwhile, by the process
        # that got ready for it during the run, or here if it could not.
        if page is not None:
            page.executed()
        if page is None or not page.finish():
            export_html(executed, staging / "report.html", lang, page_title())
        if beside is not None:
            beside.finish()
            Prerender.clear(staging)
        if not all(svg.is_file() for *_, svg in runner_side.chart_paths()):
            runner_side.render_charts()  # the worker failed at the SVGs: draw them here
        (staging / FINGERPRINT_FILE).write_text(json.dumps(expected, ensure_ascii=False, indent=1), encoding="utf-8")
        try:
            _publish(staging, final)
        except OSError as error:
            raise _unwritable(root, error) from None
    finally:
        for helper in (beside, page):  # ends the workers after a failed run; no-op after finish()
            if helper is not None:
                helper.stop()
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return RunResult(name, final, final / "report.html")


def _unwritable(root: Path, error: OSError) -> OutputError:
    return OutputError(
        f"Не вдається записати звіт у {root}: {error.strerror or error}. Виберіть іншу теку (--output-dir) "
        f"або попросіть права на запис. Попередні звіти не змінено. / Cannot write the report into {root}: "
        f"{error.strerror or error}. Choose another folder (--output-dir) or ask for write access. The last "
        "good reports were left untouched."
    )


def _failed(name: str, final: Path, executed: Path, cell_index, ename: str, evalue: str) -> ReportExecutionError:
    """Keep the failed notebook as ``report.failed.ipynb`` beside the last good report."""
    failed = final / "report.failed.ipynb"
    where = _cell_summary(executed, cell_index) if cell_index is not None else None
    if executed.exists():
        final.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(executed, failed)
    return ReportExecutionError(name, where, ename, evalue, failed if failed.exists() else None)


def latest_month(available: list[pd.Period]) -> str:
    """Return the newest month that has a workbook, as "YYYY-MM"."""
    if not available:
        raise MonthError("У теці даних немає жодної місячної таблиці. / The data folder has no monthly workbook.")
    return max(available).strftime("%Y-%m")


def check_month_spec(spec: object) -> None:
    """Refuse a malformed month argument before any data is read or any kernel starts.

    Accepted: "latest", "YYYY-MM", or a range "YYYY-MM..YYYY-MM".
    """
    text = str(spec).strip()
    if text == "latest":
        return
    try:
        for part in text.split("..", 1) if ".." in text else [text]:
            parse_month(part)
    except MonthError:
        raise MonthError(words.both("month_spec", value=repr(spec), first_year=FIRST_YEAR, last_year=LAST_YEAR)) from None


def expand_months(spec: str, available: list[pd.Period]) -> list[str]:
    """Turn "2021-08", "latest" or a range "2021-01..2021-12" into the months to run.

    A range runs the months of it that have a workbook; a range with none is an error.
    """
    spec = str(spec).strip()
    if spec == "latest":
        return [latest_month(available)]
    if ".." in spec:
        start_text, end_text = spec.split("..", 1)
        start, end = parse_month(start_text), parse_month(end_text)
        if end < start:
            raise MonthError(f"Діапазон {spec}: кінець раніше за початок. / Range {spec}: the end is before the start.")
        wanted = pd.period_range(start, end, freq="M")
        present = [m.strftime("%Y-%m") for m in wanted if m in set(available)]
        if not present:
            have = ", ".join(m.strftime("%Y-%m") for m in sorted(available))
            raise MonthError(f"У діапазоні {spec} немає жодної таблиці. Є місяці: {have}. / "
                             f"No workbook in {spec}. Months available: {have}.")
        return present
    return [parse_month(spec).strftime("%Y-%m")]
