"""The commands that help type a month: ``dept-report new`` and ``dept-report import``.

Thin, like the rest of the command line: parse, call :mod:`dept_analysis.intake`, print,
map errors to exit codes (0 done, 1 a problem with the data or an export, 2 a command-line
mistake or a month that would be overwritten).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import words
from .errors import DeptAnalysisError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

_DATA_DIR = click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                         help="Folder with catalog.toml and the YYYY-MM.xlsx workbooks (default: data/).")


def _fail(error: DeptAnalysisError) -> None:
    click.echo(str(error), err=True)
    sys.exit(EXIT_PROBLEMS)


@click.command("new")
@click.argument("month")
@_DATA_DIR
def new(month: str, data_dir: Path | None) -> None:
    """Write MONTH's workbook (2022-01) pre-filled from the latest earlier month.

    Every (metric, channel) row is there with an empty count; that month's standing
    paragraphs are copied and marked «Перевірити». An existing file is never overwritten.
    """
    from .intake import MonthExistsError, describe_new, new_month

    try:
        result = new_month(month, data_dir)
    except MonthExistsError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_USAGE)
    except DeptAnalysisError as error:
        _fail(error)
    except OSError as error:
        click.echo(words.both("new.unwritable", month=month, reason=error.strerror or error), err=True)
        sys.exit(EXIT_PROBLEMS)
    click.echo(describe_new(result))


@click.command("import")
@click.argument("kind")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--month", "months", multiple=True, metavar="YYYY-MM",
              help="Only this month (repeatable); default: every month in the export.")
@click.option("--write", is_flag=True, help="Fill the empty counts in the workbooks (default: only show the table).")
@click.option("--replace", is_flag=True, help="With --write, also replace typed counts that differ from the export.")
@_DATA_DIR
def import_(kind: str, files: tuple[Path, ...], months: tuple[str, ...], write: bool, replace: bool,
            data_dir: Path | None) -> None:
    """Count FILES, an export of the channel that KIND names, and set the counts against the workbooks.

    KIND is the name (or the kind: telegram, website, feed, wxr, csv) of an [[exports]] block
    in catalog.toml, which says which channel the export is and which metrics it feeds.
    Without --write nothing is written: each month's table shows the typed and the counted
    numbers side by side.
    """
    from .intake import apply_import, describe_import, plan_import

    try:
        plan = plan_import(kind, files, data_dir, months, replace=replace)
        if write:
            apply_import(plan)
    except DeptAnalysisError as error:
        _fail(error)
    click.echo(describe_import(plan))
    if not plan.ok:
        sys.exit(EXIT_PROBLEMS)


def register(main: click.Group) -> None:
    """Add ``new`` and ``import`` to the ``dept-report`` group."""
    main.add_command(new)
    main.add_command(import_)


__all__ = ["import_", "new", "register"]
