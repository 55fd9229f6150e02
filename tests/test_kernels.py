"""Warm kernels: a batch keeps one kernel per worker between reports, and what it makes is what
fresh kernels make; a report that fails, kills or hangs its kernel does not harm the next."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops

from conftest import marked_environment, parse, still_running
from dept_analysis import config, runner
from dept_analysis.batch import run_reports
from dept_analysis.cli import main
from dept_analysis.kernels import Warm

pytestmark = pytest.mark.slow
ALL_MONTHS = [f"{year}-{month:02d}" for year in (2020, 2021) for month in range(1, 13)]
MADE = re.compile(r"(Звіт створено|Made on) [^()]*")


def _text(folder: Path) -> str:
    """The page's words, the line that says when it was made aside."""
    return MADE.sub("", parse(folder / "report.html").plain)


def _cells(folder: Path) -> list:
    notebook = nbformat.read(folder / "report.ipynb", as_version=4)
    cells = []
    for cell in notebook.cells:
        outputs = [{key: value for key, value in output.items() if key != "metadata"}
                   for output in cell.get("outputs", [])]
        cells.append((cell.get("execution_count"), json.dumps(outputs, sort_keys=True, ensure_ascii=False)))
    return [(count, MADE.sub("", outputs)) for count, outputs in cells]


def _content(folder: Path) -> dict:
    content = json.loads((folder / "content.json").read_text(encoding="utf-8"))
    content.pop("made_at")
    content["technical"] = [MADE.sub("", line) for line in content["technical"]]
    return content


def _same_pixels(a: Path, b: Path) -> bool:
    with Image.open(a) as first, Image.open(b) as second:
        return first.size == second.size and ImageChops.difference(first.convert("RGB"),
                                                                   second.convert("RGB")).getbbox() is None


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory):
    """Every sample month made by a warm batch and by fresh kernels."""
    warm_out, fresh_out = tmp_path_factory.mktemp("warm"), tmp_path_factory.mktemp("fresh")
    for out, kernels in ((warm_out, "warm"), (fresh_out, "fresh")):
        outcomes = run_reports(ALL_MONTHS, output_root=out, force=True, workers=2, progress=False, kernels=kernels)
        assert [o.status for o in outcomes] == ["ok"] * len(ALL_MONTHS), [o.error for o in outcomes]
    return warm_out, fresh_out


@pytest.mark.parametrize("month", ALL_MONTHS)
def test_a_warm_kernel_makes_what_a_fresh_one_makes(both_ways, month):
    warm_out, fresh_out = both_ways
    warm, fresh = warm_out / month, fresh_out / month
    assert _text(warm) == _text(fresh)
    assert _cells(warm) == _cells(fresh)
    assert _content(warm) == _content(fresh)
    pictures = sorted(p.name for p in (fresh / "charts").glob("*.png"))
    assert pictures and pictures == sorted(p.name for p in (warm / "charts").glob("*.png"))
    for name in pictures:
        assert _same_pixels(warm / "charts" / name, fresh / "charts" / name), name


def test_a_warm_kernels_cells_count_from_one_in_every_report(both_ways):
    warm_out, _ = both_ways
    for month in ("2020-05", "2021-12"):  # neither is its worker's first report
        counts = [c for c, _ in _cells(warm_out / month) if c is not None]
        assert counts == list(range(1, len(counts) + 1))


def _breaking(tmp_path: Path, source: str) -> Path:
    notebook = nbformat.read(config.REPORT_NOTEBOOK, as_version=4)
    index = next(i for i, c in enumerate(notebook.cells) if c.source.strip() == "report.highlights()")
    notebook.cells[index].source = f"if period == '2021-05':\n    {source}\nreport.highlights()"
    path = tmp_path / "breaking.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.mark.cores
@pytest.mark.parametrize("source, why", [
    ("raise RuntimeError('травень зламано')", "RuntimeError"),
    ("import os, signal; os.kill(os.getpid(), signal.SIGKILL)", "DeadKernelError"),
    ("import time; time.sleep(600)", "CellTimeoutError"),
])
def test_a_report_that_breaks_its_warm_kernel_does_not_harm_the_next(tmp_path, monkeypatch, source, why):
    monkeypatch.setattr(config, "REPORT_NOTEBOOK", _breaking(tmp_path, source))
    monkeypatch.setitem(runner.PAPERMILL_OPTIONS, "execution_timeout", 20)
    # One worker: the three months share this process's warm kernel.
    outcomes = run_reports(["2021-04", "2021-05", "2021-06"], output_root=tmp_path / "warm", force=True,
                           workers=1, progress=False, kernels="warm")
    assert {o.period: o.status for o in outcomes} == {"2021-04": "ok", "2021-05": "failed", "2021-06": "ok"}
    assert why in next(o.error for o in outcomes if o.period == "2021-05")
    fresh = run_reports(["2021-06"], output_root=tmp_path / "fresh", force=True, workers=1, progress=False,
                        kernels="fresh")
    assert fresh[0].status == "ok"
    assert _text(tmp_path / "warm" / "2021-06") == _text(tmp_path / "fresh" / "2021-06")
    assert _cells(tmp_path / "warm" / "2021-06") == _cells(tmp_path / "fresh" / "2021-06")


@pytest.mark.cores
def test_what_a_report_leaves_in_a_warm_kernel_is_gone_for_the_next(tmp_path, monkeypatch):
    notebook = nbformat.read(config.REPORT_NOTEBOOK, as_version=4)
    index = next(i for i, c in enumerate(notebook.cells) if c.source.strip() == "report.highlights()")
    notebook.cells[index].source = ("if period == '2021-05':\n    leftover = 'травень'\n"
                                    "assert 'leftover' not in globals(), leftover\nreport.highlights()")
    path = tmp_path / "leaving.ipynb"
    nbformat.write(notebook, path)
    monkeypatch.setattr(config, "REPORT_NOTEBOOK", path)
    outcomes = run_reports(["2021-05", "2021-06"], output_root=tmp_path, force=True, workers=1, progress=False,
                           kernels="warm")
    # May fails its own assertion (it set the name itself); June must not see it.
    assert {o.period: o.status for o in outcomes} == {"2021-05": "failed", "2021-06": "ok"}


def test_a_warm_kernel_is_replaced_when_it_died_between_reports(tmp_path):
    kernels = Warm()
    try:
        kernels.start()
        first = kernels._manager
        from jupyter_core.utils import run_sync

        run_sync(first.shutdown_kernel)(now=True)  # gone before the next report
        with kernels.session(tmp_path) as manager:
            assert manager is not first and run_sync(manager.is_alive)()
    finally:
        kernels.stop()


@pytest.mark.cores
def test_a_range_from_the_command_line_leaves_no_kernel_behind(tmp_path):
    environment, marker = marked_environment()
    completed = subprocess.run([sys.executable, "-m", "dept_analysis", "run", "2021-01..2021-03", "--output-dir",
                                str(tmp_path), "--workers", "2"], capture_output=True, text=True, env=environment,
                               timeout=600)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert all((tmp_path / m / "report.html").exists() for m in ("2021-01", "2021-02", "2021-03"))
    # the run's own kernels and workers, not any other kernel on the machine
    assert still_running(marker) == []


def _threads_and_files() -> tuple[int, int]:
    import os
    import threading

    return threading.active_count(), len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files through /proc")
@pytest.mark.parametrize("kernels", ["fresh", "warm"])
def test_reports_leave_no_kernel_client_behind(sample_data_dir, tmp_path, kernels):
    # nbclient leaves its client running when it is handed a kernel: five sockets and a
    # heartbeat thread per report, until a long batch or a preview runs out of files.
    def make() -> None:
        result = runner.run_report("2021-08", data_dir=sample_data_dir, output_root=tmp_path, force=True,
                                   strategy="inline", kernels=kernels)
        assert result.html.is_file()

    make()
    before = _threads_and_files()
    for _ in range(3):
        make()
    threads, files = _threads_and_files()
    assert threads <= before[0] and files <= before[1], (before, (threads, files))
