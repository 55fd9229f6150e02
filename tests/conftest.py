"""Shared fixtures: small workbooks written cell by cell, and a copy of the sample data."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dept_analysis import config
from dept_analysis.catalog import load_catalog

HEADERS_INFO = ["Поле", "Значення"]
HEADERS_COUNTS = ["Показник", "Канал", "Кількість"]
HEADERS_ACTIVITIES = ["Розділ", "Текст"]


def dead_pid() -> int:
    """The process id of a process that has ended and been reaped."""
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                           check=True)
    return int(ended.stdout)


def marked_environment() -> tuple[dict[str, str], str]:
    """An environment for a command under test, marked so that every process it starts can be
    found afterwards (see `still_running`)."""
    import os
    import uuid

    marker = uuid.uuid4().hex
    return {**os.environ, "DEPT_TEST_MARK": marker}, marker


def still_running(marker: str, grace: float = 10) -> list[str]:
    """The command lines of live processes whose environment carries `marker`, after waiting up
    to `grace` seconds for them to end. Kernels are found too: jupyter_client starts each kernel
    in a session of its own, which a process-group or session check (pgrep -s) would miss, but
    it passes the environment on."""
    import time

    needle = f"DEPT_TEST_MARK={marker}".encode()
    deadline = time.monotonic() + grace
    while True:
        found = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                if needle in (proc / "environ").read_bytes().split(b"\0"):
                    found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
            except OSError:  # ended meanwhile, or not ours to read
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def write_raw(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write a workbook exactly as given: sheet name -> rows of cell values (None = blank)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(r, c, value)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def month_sheets(month: str, counts: list[list], activities: list[list] | None = None) -> dict[str, list[list]]:
    """The three sheets of a valid-looking workbook, with the given count rows."""
    return {
        "Відомості": [HEADERS_INFO, ["Місяць", month]],
        "Показники": [HEADERS_COUNTS, *counts],
        "Заходи": [HEADERS_ACTIVITIES, *(activities if activities is not None else [["Моніторинг", "Моніторинг ЗМІ."]])],
    }


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder holding only the project's catalog."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(config.DATA_DIR / config.CATALOG_FILE_NAME, folder)
    return folder


@pytest.fixture
def sample_data_dir(tmp_path: Path) -> Path:
    """A copy of the project's sample data folder, safe to break."""
    folder = tmp_path / "sample"
    shutil.copytree(config.DATA_DIR, folder)
    return folder


@pytest.fixture(scope="session")
def catalog():
    return load_catalog(config.DATA_DIR)


@pytest.fixture(scope="session")
def sample_counts() -> pd.DataFrame:
    """The sample data's month x metric totals, computed with plain openpyxl + pandas,
    independently of the package's loader."""
    rows = []
    for path in sorted(config.DATA_DIR.glob("20*.xlsx")):
        sheet = openpyxl.load_workbook(path, read_only=True)["Показники"]
        for metric, channel, count in list(sheet.iter_rows(values_only=True))[1:]:
            if metric is not None:
                rows.append((path.stem, metric, channel, int(count)))
    frame = pd.DataFrame(rows, columns=["month", "metric", "channel", "count"])
    # The generator writes codes, the published month Ukrainian names: map names to codes.
    names = {m.name_uk: m.code for m in load_catalog(config.DATA_DIR).metrics}
    frame["metric"] = frame["metric"].replace(names)
    return frame.groupby(["month", "metric"])["count"].sum().unstack()


class _Page(HTMLParser):
    """Collects what the browser would fetch, the images, the headings and the visible text."""

    def __init__(self):
        super().__init__()
        self.fetches: list[str] = []
        self.images: list[str] = []
        self.scripts = 0
        self.text: list[str] = []
        self.lang = None
        self.ids: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "script":
            self.scripts += 1
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and attrs.get("href", "").startswith("#"):
            self.links.append(attrs["href"][1:])
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            if tag == "img" and key == "src":
                self.images.append(value)
            if value and not value.startswith(("#", "data:")):
                self.fetches.append(f"{tag} {key}={value}")

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.plain = re.sub(r"\s+", " ", " ".join(page.text).replace("\u202f", " ").replace("\u00a0", " "))
    return page


@pytest.fixture(scope="session")
def august(tmp_path_factory) -> Path:
    """The August 2021 report, built once through the command line for every test that reads it."""
    from click.testing import CliRunner

    from dept_analysis.cli import main

    out = tmp_path_factory.mktemp("outputs")
    result = CliRunner().invoke(main, ["run", "2021-08", "--output-dir", str(out)])
    assert result.exit_code == 0, result.output
    return out / "2021-08"


def _tree(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")} if folder.exists() else {}


@pytest.fixture(scope="session", autouse=True)
def the_project_folders_are_left_alone():
    """Tests write under temporary folders only: the user's outputs/ and data/ are the same
    after the whole run as before it (a test that wrote there fails the session)."""
    before = {folder: _tree(folder) for folder in (config.OUTPUT_DIR, config.DATA_DIR, config.NOTEBOOKS_DIR)}
    yield
    for folder, listing in before.items():
        assert _tree(folder) == listing, f"a test wrote into {folder}"
