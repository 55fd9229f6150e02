"""Reports other than the Ukrainian August (conftest's ``august``), each built once per test
session through the command line and shared by every module that reads it.

A module-level cache rather than a fixture: fixtures are shared across modules only through
conftest.py, and these reports take seconds each.
"""

from __future__ import annotations

from pathlib import Path

_BUILT: dict[tuple[str, str], Path] = {}


def built_report(period: str, lang: str, tmp_path_factory) -> Path:
    """The folder of ``period``'s report in ``lang`` (built on first use, under the session's
    temporary folder)."""
    from click.testing import CliRunner

    from dept_analysis.cli import main

    key = (period, lang)
    if key not in _BUILT:
        out = tmp_path_factory.mktemp(f"report-{period}-{lang}")
        result = CliRunner().invoke(main, ["run", period, "--lang", lang, "--output-dir", str(out)])
        assert result.exit_code == 0, result.output
        folders = [path for path in out.iterdir() if path.is_dir() and (path / "report.html").is_file()]
        assert len(folders) == 1, folders
        _BUILT[key] = folders[0]
    return _BUILT[key]
