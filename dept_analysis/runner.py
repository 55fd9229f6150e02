"""Make one report, a month's or a longer period's: a straight recipe, in the manner of papermill's ``execute_notebook``.

1. Check what is asked (a month, a quarter, a half-year, a year) and find the workbooks
   the report reads; skip it if nothing changed
   since the last good report (:func:`fingerprint`). Open the department's templates the
   catalog names, so that one lacking a layout stops the run before any work.
2. In a private staging folder (:mod:`.staging`), snapshot those workbooks, the catalog
   and its templates (``sources/``): the runner and the notebook's kernel read the same
   bytes, whatever happens to the data folder meanwhile.
3. Build the report's content from the snapshot, once (``content.json``), and hand the
   charts, which need no kernel, to the speed strategy (:mod:`.beside`): drawn beside the
   kernel, or at once. The PDF's worker is started too, on standby: it imports its library
   meanwhile and waits for the charts.
4. Execute the notebook with papermill: it shows the content built (the notebook builds it
   from the workbooks itself only when run on its own, in JupyterLab or plain papermill).
   The kernel is the runner's own (:mod:`.kernels`): a fresh one started in the staging
   folder and stopped before anything removes it, or a batch worker's warm one.
5. Write the documents (:mod:`.render.documents`: Word, PowerPoint, PDF, open data) from
   the content and the charts, the PDF beside the rest, and export the page with nbconvert,
   embedding the charts.
6. Publish: swap the staging folder in for the last good report.

A failure or an interruption at any step leaves the last good report as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import config, words
from .beside import WorkerFailed, choose
from .content import build_report
from .datafolder import sha256_of, snapshot
from .document_settings import DocumentSettings
from .errors import DeptAnalysisError, DocumentsError, ReportExecutionError
from .export import export_html  # first of the notebook libraries: see export.py
from .kernels import KERNEL_ARGUMENTS, KERNEL_NAME, kernel_source
from .loading import load_data, period_sources
from .model import TIMEZONE, report_to_json
from .periods import ReportPeriod, month_text, parse_period
from .problems import DataValidationError
from .render.documents import chart_writer, preload, split_documents, write_documents
from .render.office_templates import template_problems
from .staging import Staging

FINGERPRINT_FILE = "inputs.json"
CONTENT_FILE = "content.json"
SOURCES_FOLDER = "sources"

# How papermill runs the report notebook (the benchmark's floor runs the same way; the
# kernel itself is the runner's, see .kernels).
PAPERMILL_OPTIONS = dict(
    kernel_name=KERNEL_NAME, execution_timeout=config.CELL_TIMEOUT_SECONDS, progress_bar=False, log_output=False,
    extra_arguments=KERNEL_ARGUMENTS,
    # Every cell has finished and its files are closed when the kernel is shut down; a
    # graceful shutdown only adds about a second of waiting per report.
    shutdown_kernel="immediate",
    # papermill would rewrite the whole notebook, images included, before and after every
    # cell; it still writes it once at the end, and on a cell's error.
    request_save_on_cell_execute=False,
)


@dataclass
class RunResult:
    """What a run produced: the report's folder and whether it was rebuilt or skipped."""

    month: str
    output_dir: Path
    html: Path
    skipped: bool = False


def output_folder(root: str | Path | None, period: ReportPeriod, lang: str) -> Path:
    """The report's folder: ``outputs/2021-08``, ``outputs/2021-Q3``, ``outputs/2021``; with
    ``-en`` for another language, so an English copy never replaces the Ukrainian report.
    A partial period has the folder of its whole period: it is the report there is."""
    name = period.key
    return config.resolve_output_root(root) / (name if lang == config.DEFAULT_LANGUAGE else f"{name}-{lang}")


def fingerprint(workbooks: dict[pd.Period, Path], catalog: Path, period: ReportPeriod, lang: str,
                templates: dict[str, Path] | None = None) -> dict:
    """Everything a report depends on: its workbooks and those it is compared with, the
    catalog, the department's templates it names (by their key in the catalog, so that a
    changed template, not only a changed name, rebuilds the report), the notebook, the
    package's version and the language."""
    from . import __version__

    return {
        "period": period.key,
        "months": [month_text(m) for m in period.months],
        "lang": lang,
        "version": __version__,
        "notebook": sha256_of(config.REPORT_NOTEBOOK),
        "catalog": sha256_of(catalog),
        "workbooks": {month_text(m): sha256_of(path) for m, path in sorted(workbooks.items())},
        "templates": {key: sha256_of(path) for key, path in sorted((templates or {}).items())},
    }


def snapshot_templates(settings: DocumentSettings, data_dir: Path, target: Path) -> DocumentSettings:
    """Copy the templates ``settings`` name into ``target`` (the report's ``sources/``) and
    return the settings naming the copies.

    A template inside the data folder keeps its path relative to it, where the copy of the
    catalog beside it finds it again; one named by its full path elsewhere is copied under
    its own name.
    """
    copies = {}
    for key, path in settings.templates.items():
        try:
            relative = Path(path).resolve().relative_to(Path(data_dir).resolve())
        except ValueError:
            relative = Path(Path(path).name)
        copy = target / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        copies[key] = copy
    return dataclasses.replace(settings, **copies)


def is_up_to_date(final: Path, expected: dict) -> bool:
    """Tell whether the last good report was made from exactly these inputs."""
    stamp = final / FINGERPRINT_FILE
    if not (final / "report.html").is_file() or not stamp.is_file():
        return False
    try:
        return json.loads(stamp.read_text(encoding="utf-8")) == expected
    except (OSError, ValueError):
        return False


def run_report(period: object, data_dir: str | Path | None = None, output_root: str | Path | None = None,
               lang: str = config.DEFAULT_LANGUAGE, force: bool = False, strategy: str | None = None,
               partial: bool = False, kernels: str | None = None) -> RunResult:
    """Produce ``OUTPUT_ROOT/<period>/`` (``2021-08``, ``2021-Q3``, ``2021-H1``, ``2021``) with report.html, report.ipynb, charts/, report.docx,
    report.pptx, content.json (the report as data), sources/ (the workbooks read) and
    inputs.json.

    Parameters
    ----------
    period : str or ReportPeriod
        "2021-08", "2021-Q3", "2021-H1" or "2021"; checked before any kernel starts.
    data_dir, output_root : str or Path, optional
        Default to the project's ``data/`` and ``outputs/``.
    lang : str
    force : bool
        Rebuild even when the inputs have not changed since the last good report.
    strategy : str, optional
        How the work that needs no kernel is done (:data:`.beside.STRATEGIES`); by default
        beside the kernel when the machine has a core to spare.
    partial : bool
        Report on the months of a quarter, half-year or year that have a workbook, instead of
        refusing the period for the months it lacks.
    kernels : str, optional
        Where the notebook's kernel comes from (:data:`.kernels.SOURCES`): "fresh" (the
        default: one for this report) or "warm" (this process's, kept between reports).

    Raises
    ------
    MonthError
        Malformed period, no workbook for it, or a period with months missing and not
        ``partial`` (the message names them).
    DataValidationError
        The spreadsheets have problems (the message is the whole table), or a template the
        catalog names does not open or lacks a layout.
    ReportExecutionError
        A notebook cell failed; the failed notebook is kept as ``report.failed.ipynb``.
    DocumentsError
        The charts or documents could not be made.
    OutputError
        The output folder cannot be written.
    """
    period = period if isinstance(period, ReportPeriod) else parse_period(period)
    lang = words.check_language(lang)
    period, catalog, workbooks = period_sources(data_dir, period, partial)
    window = list(workbooks)
    final = output_folder(output_root, period, lang)
    templates = catalog.documents.templates
    if not force and is_up_to_date(final, fingerprint(workbooks, catalog.path, period, lang, templates)):
        return RunResult(period.key, final, final / "report.html", skipped=True)
    # A template that does not open, or lacks a layout, would fail the run at its very end.
    problems = template_problems(catalog.documents)
    if problems:
        raise DataValidationError(problems)

    side = later = None
    with Staging(final) as staging:
        try:
            sources = snapshot([*workbooks.values(), catalog.path], staging.path / SOURCES_FOLDER)
            documents = snapshot_templates(catalog.documents, catalog.path.parent, sources)
            copies = {m: sources / path.name for m, path in workbooks.items()}
            data = load_data(sources, months=window)
            made_at = dt.datetime.now(TIMEZONE)
            report = build_report(data, period, lang, made_at)
            (staging.path / CONTENT_FILE).write_text(report_to_json(report), encoding="utf-8")
            beside = choose(strategy)
            side = beside.map(chart_writer(staging.path), report.figures)
            # The PDF takes as long as the rest together: it is written beside them, once the
            # charts are drawn, by a process started now that imports its library (most of a
            # second) while the kernel runs and the charts are drawn.
            slow, rest = split_documents()
            later = beside.standby(functools.partial(write_documents, report, staging.path, settings=documents,
                                                     names=slow),
                                   prepare=functools.partial(preload, slow))
            executed = _execute(staging, period, lang, kernels)
            charts = _wait(side, period)
            later.send(charts)
            write_documents(report, staging.path, charts, documents, rest)
            export_html(executed, staging.path / "report.html", lang, report.title)
            _wait(later, period)
            stamp = fingerprint(copies, sources / catalog.path.name, period, lang, documents.templates)
            (staging.path / FINGERPRINT_FILE).write_text(json.dumps(stamp, ensure_ascii=False, indent=1),
                                                         encoding="utf-8")
            staging.publish()
        finally:
            for handle in (side, later):  # after a failure or Ctrl-C: nothing may write into staging now
                if handle is not None:
                    handle.stop()
    return RunResult(period.key, final, final / "report.html")


def _execute(staging: Staging, period: ReportPeriod, lang: str, kernels: str | None = None) -> Path:
    """Run the notebook in the staging folder on the content built; return the executed notebook."""
    # Imported only now, while the strategy's worker already draws: papermill is slow to import.
    import papermill
    from papermill.exceptions import PapermillExecutionError

    executed = staging.path / "report.ipynb"
    parameters = {"period": period.key, "data_dir": SOURCES_FOLDER, "output_dir": ".", "lang": lang,
                  "files": False, "partial": bool(period.only), "content": CONTENT_FILE}
    try:
        with kernel_source(kernels).session(staging.path) as kernel:
            papermill.execute_notebook(str(config.REPORT_NOTEBOOK), str(executed), parameters=parameters,
                                       km=kernel, **PAPERMILL_OPTIONS)
    except PapermillExecutionError as error:
        raise _failed(staging, period, executed, error.cell_index, error.ename, error.evalue) from None
    except Exception as error:  # the kernel died, timed out or could not start
        if isinstance(error, DeptAnalysisError):
            raise
        raise _failed(staging, period, executed, None, type(error).__name__, str(error) or repr(error)) from None
    return executed


def _wait(side, period: ReportPeriod) -> list:
    try:
        return side.result()
    except (WorkerFailed, OSError, ValueError) as error:
        raise DocumentsError(words.both("documents_failed", month=period.key, reason=error)) from None


def _cell_summary(notebook_path: Path, cell_index: int | None) -> str:
    import nbformat

    try:
        cells = nbformat.read(notebook_path, as_version=4).cells
        source = cells[cell_index].source.strip().splitlines()[0]
        return f"{cell_index} ({source})"
    except (OSError, IndexError, TypeError, ValueError, KeyError):
        return str(cell_index)


def _failed(staging: Staging, period: ReportPeriod, executed: Path, cell_index, ename: str,
            evalue: str) -> ReportExecutionError:
    """Keep the failed notebook as ``report.failed.ipynb`` beside the last good report."""
    where = _cell_summary(executed, cell_index) if cell_index is not None else None
    kept = staging.keep_failed("report.failed.ipynb", executed)
    return ReportExecutionError(period.key, where, ename, evalue, kept)


__all__ = ["FINGERPRINT_FILE", "PAPERMILL_OPTIONS", "RunResult", "SOURCES_FOLDER", "fingerprint", "is_up_to_date",
           "output_folder", "run_report", "snapshot_templates"]
