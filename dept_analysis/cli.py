"""The ``dept-report`` command line: thin; parse, call the package, map errors to exit codes."""

from __future__ import annotations

import errno
import logging
import signal
import sys
from pathlib import Path

import click

from . import __version__, config, words
from .errors import DeptAnalysisError, MonthError
from .problems import DataValidationError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _fail(error: DeptAnalysisError) -> None:
    click.echo(str(error), err=True)
    sys.exit(EXIT_PROBLEMS)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dept-report")
def main() -> None:
    """Monthly report of the department: check spreadsheets, make templates, build reports."""


@main.command()
@click.argument("data_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
def check(data_dir: Path | None) -> None:
    """Check every monthly workbook in DATA_DIR (default: the project's data/).

    Also opens the Word and PowerPoint templates the catalog names, as a report will: one
    that does not open, or lacks a layout the deck needs, is a problem too.

    Prints every problem as one table and exits 1, or says all is well and exits 0.
    """
    from .loading import check_data, read_folder
    from .problems import format_problems
    from .render.office_templates import template_problems

    data, problems = check_data(data_dir)
    catalog = data.catalog if data is not None else read_folder(data_dir)[1]
    if catalog is not None:
        problems = [*problems, *template_problems(catalog.documents)]
    if problems:
        click.echo(format_problems(problems))
        sys.exit(EXIT_PROBLEMS)
    months = data.months
    click.echo(f"Усе гаразд / All good: {len(months)} workbook(s), "
               f"{months[0].strftime('%Y-%m')} … {months[-1].strftime('%Y-%m')}, {len(data.counts)} count rows, "
               f"{len(data.activities)} activities.")
    templates = ", ".join(path.name for path in catalog.documents.templates.values())
    if templates:
        click.echo(f"Шаблони відкриваються, макети знайдено / The templates open, their layouts found: {templates}.")
    import pandas as pd

    gaps = [m for m in pd.period_range(months[0], months[-1], freq="M") if m not in set(months)]
    if gaps:
        listed = ", ".join(m.strftime("%Y-%m") for m in gaps)
        click.echo(f"Увага: немає таблиць за {listed}; звіти за сусідні місяці не матимуть порівнянь із ними. / "
                   f"Note: no workbook for {listed}; reports next to them will lack those comparisons.")
    for line in _repeated_notes(data.counts):
        click.echo(line)


def _repeated_notes(counts, months=None) -> list[str]:
    """The notes on months (of ``months``, or all) whose every count is the month before's."""
    from .grammar import noun
    from .validation import repeated_months

    return [" / ".join(words.say("note_repeated", lang, month=month.strftime("%Y-%m"), n=n,
                                 rows=noun("row", n, lang), previous=previous.strftime("%Y-%m"))
                       for lang in words.LANGUAGES)
            for month, previous, n in repeated_months(counts) if months is None or month in months]


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder whose catalog.toml supplies the drop-down lists (default: data/).")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def template(path: Path, data_dir: Path | None, force: bool) -> None:
    """Write a blank monthly workbook to PATH (name it by the month: 2021-09.xlsx)."""
    from .catalog import load_catalog
    from .periods import month_from_name
    from .workbook import write_workbook

    if path.suffix.lower() != ".xlsx":
        click.echo("Шаблон записується у форматі .xlsx / The template is written as .xlsx: name it like 2021-09.xlsx.",
                   err=True)
        sys.exit(EXIT_USAGE)
    if path.exists() and not force:
        click.echo(f"Файл {path} уже існує; додайте --force, щоб перезаписати. / {path} exists; use --force.", err=True)
        sys.exit(EXIT_USAGE)
    try:
        catalog = load_catalog(config.resolve_data_dir(data_dir))
    except DataValidationError as error:
        _fail(error)
    month = month_from_name(path.stem)
    try:
        write_workbook(path, catalog, month)
    except OSError as error:
        click.echo(words.both("template_unwritable", path=path, reason=error.strerror or error), err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(f"Шаблон записано / template written: {path}"
               + ("" if month else " (впишіть місяць на аркуші «Відомості» / fill in the month)"))


@main.command()
@click.argument("periods")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder with catalog.toml and the YYYY-MM.xlsx workbooks (default: data/).")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder that receives one sub-folder per report (default: outputs/).")
@click.option("--lang", type=click.Choice(config.LANGUAGES), default=config.DEFAULT_LANGUAGE, show_default=True,
              help="Report language.")
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed since the last good report.")
@click.option("--partial", is_flag=True,
              help="Report on the months of a quarter, half-year or year that have a workbook, instead of "
                   "refusing the period for the months it lacks (the title then names the months).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Processes a run may keep busy (default: the number of CPUs): reports run in "
                   "parallel, and a single report also draws its charts beside its kernel.")
def run(periods: str, data_dir: Path | None, output_dir: Path | None, lang: str, force: bool, partial: bool,
        workers: int | None) -> None:
    """Build the report for PERIODS: a month 2021-08, a quarter 2021-Q3, a half-year 2021-H1,
    a year 2021, a range of one kind (2021-01..2021-12, 2021-Q1..2021-Q4), or "latest".

    Each report lands in OUTPUT_DIR/<period>/: report.html, report.docx, report.pdf, report.pptx,
    report.ipynb, charts/ (PNG, SVG and the CSV of each chart's numbers), content.json,
    counts.csv and counts.json, provenance.json, inputs.json and sources/ (the workbooks read).
    A report whose inputs have not changed is skipped; a failed run keeps the last good report.
    """
    terminated = []

    def on_sigterm(signum, frame):
        # `kill`, a closed session or a scheduler's time limit end a run like Ctrl-C does:
        # the cleanup in the runner removes the staging folder and stops the drawing workers.
        terminated.append(signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        _run(periods, data_dir, output_dir, lang, force, partial, workers)
    except KeyboardInterrupt:
        # The notebook client cut short by the interrupt still reports its kernel's end when it
        # is cleaned up at exit, with a traceback; the person is told what happened below.
        for name in ("asyncio", "papermill", "nbclient", "traitlets"):
            logging.getLogger(name).disabled = True
        click.echo("\nПерервано; попередні звіти не змінено. / Interrupted; the last good reports were left "
                   "untouched.", err=True)
        sys.exit(143 if terminated else 130)


@main.command()
@click.argument("period")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder with catalog.toml and the YYYY-MM.xlsx workbooks (default: data/).")
@click.option("--lang", type=click.Choice(config.LANGUAGES), default=config.DEFAULT_LANGUAGE, show_default=True,
              help="Report language.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--partial", is_flag=True, help="As for run: report on the months of the period there are.")
def preview(period: str, data_dir: Path | None, lang: str, port: int, partial: bool) -> None:
    """Serve the report for PERIOD on this computer and make it again whenever a workbook or
    the catalog is saved; the page in the browser reloads itself. Ctrl+C stops it."""
    from .periods import check_period_spec
    from .preview import Preview

    try:
        check_period_spec(period)
        session = Preview(period, data_dir, lang, partial=partial)
    except DeptAnalysisError as error:
        _fail(error)

    def report(ok: bool, seconds: float) -> None:
        if ok:
            click.echo(words.both("preview_built", seconds=f"{seconds:.1f}"), err=True)
        else:  # the data's problems are listed on the page; anything else is said here too
            click.echo(session.failure or words.both("preview_problems_line"), err=True)

    signal.signal(signal.SIGTERM, lambda signum, frame: (_ for _ in ()).throw(KeyboardInterrupt))
    server = None
    try:
        server = session.serve(port)  # first: a busy port is said at once, not after a build
        report(session.build(), session.seconds)
        host, bound = server.server_address[:2]
        click.echo(words.both("preview_serving", url=f"http://{host}:{bound}/"), err=True)
        session.watch(on_build=report)
    except KeyboardInterrupt:
        pass
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            click.echo(words.both("preview_port_busy", port=port, suggestion=port + 1), err=True)
        else:
            click.echo(words.both("preview_port_failed", port=port, reason=error.strerror or error), err=True)
        sys.exit(EXIT_PROBLEMS)
    finally:
        if server is not None:
            server.shutdown()
        session.close()
    click.echo(words.both("preview_stopped"), err=True)


def _periods_to_run(spec: str, data_dir: Path | None, partial: bool) -> tuple[list, Path, list]:
    """The periods a ``run`` argument asks for, with the months they read; exits with the
    reason when one cannot be made (a file that cannot be read, months missing...)."""
    from .loading import latest_filled_month, period_sources, read_folder
    from .periods import check_period_spec, expand_periods, month_period, month_text
    from .problems import format_problems

    # The argument's form is checked before anything is read or any kernel starts.
    check_period_spec(spec)
    folder, catalog, problems = read_folder(data_dir)
    if problems:
        click.echo(format_problems(problems), err=True)
        sys.exit(EXIT_PROBLEMS)
    if spec.strip() == "latest":
        month, blank = latest_filled_month(folder, catalog)
        if month is None:
            raise MonthError(words.both("no_filled_month", folder=folder.path))
        note = words.both("latest_used", month=month_text(month))
        if blank:
            note += " " + words.both("latest_skipped", months=", ".join(month_text(m) for m in blank))
        click.echo(note, err=True)
        wanted = [month_period(month)]
    else:
        wanted = expand_periods(spec, folder.months)
    periods, needed, refusals = [], set(), []
    for period in wanted:
        try:
            period, _, workbooks = period_sources(folder.path, period, partial)
        except DataValidationError as error:
            # There is a file for the month, but not one that can be read: say which and why.
            click.echo(format_problems(error.problems), err=True)
            sys.exit(EXIT_PROBLEMS)
        except MonthError as error:
            refusals.append(str(error))
            continue
        periods.append(period)
        needed |= set(workbooks)
    if refusals:
        raise MonthError("\n".join(refusals))
    return periods, folder.path, sorted(needed)


def _run(spec: str, data_dir: Path | None, output_dir: Path | None, lang: str, force: bool, partial: bool,
         workers: int | None) -> None:
    from .batch import format_outcomes, run_reports
    from .loading import check_data
    from .problems import format_problems

    try:
        periods, folder, needed = _periods_to_run(spec, data_dir, partial)
        # Only the workbooks these reports read are checked: a blank template for next
        # month does not stop this month's report (`dept-report check` still lists it).
        data, problems = check_data(folder, months=needed)
        if problems:
            click.echo(format_problems(problems), err=True)
            sys.exit(EXIT_PROBLEMS)
    except DeptAnalysisError as error:
        _fail(error)
    # The bar redraws itself with carriage returns: only a terminal shows it as one line;
    # in a log file or a pipe it would be a heap of frames.
    outcomes = run_reports(periods, folder, output_dir, lang, force, workers,
                           progress=sys.stderr.isatty() and len(periods) > 1)
    click.echo(format_outcomes(outcomes))
    # A workbook copied from the month before passes every check; the report is made, and
    # whoever runs it is told, as `check` tells.
    for line in _repeated_notes(data.counts, {month for period in periods for month in period.months}):
        click.echo(line, err=True)
    if any(o.status == "failed" for o in outcomes):
        sys.exit(EXIT_PROBLEMS)


from .cli_data import register as _register_data_commands; _register_data_commands(main)  # noqa: E402,E702
