"""Drawing beside the kernel: the notebook uses the runner's charts only when they were made
from the inputs it loaded itself, and does the work itself in every other case."""

from __future__ import annotations

import functools
import json
import os
import re
import time
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from pptx import Presentation

from conftest import dead_pid
from dept_analysis import config, prerender
from dept_analysis import report as report_module
from dept_analysis.figures import report_window
from dept_analysis.loading import load_data
from dept_analysis.report import MonthlyReport
from dept_analysis.runner import run_report

pytestmark = pytest.mark.skipif(not prerender.available(), reason="needs fork and two cores")

MONTH = "2021-08"


@pytest.fixture(scope="module")
def data():
    return load_data(config.DATA_DIR, months=report_window(pd.Period(MONTH, "M")))


def runner_side(data, out: Path, key: dict | None = None) -> prerender.Prerender:
    report = MonthlyReport(pd.Period(MONTH, "M"), data, "uk", out)
    return prerender.Prerender(report, key if key is not None else report.inputs())


def kernel_side(out: Path) -> MonthlyReport:
    return MonthlyReport.build(month=MONTH, output_dir=out)


class Spy:
    """Counts calls, and passes them on (or refuses them, to prove they were not needed)."""

    def __init__(self, function, refuse: bool = False):
        self.function, self.refuse, self.calls = function, refuse, 0

    def __get__(self, instance, owner):  # also stands in for a method
        return self if instance is None else functools.partial(self, instance)

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.refuse:
            raise AssertionError("the kernel drew or wrote what the runner had already made")
        return self.function(*args, **kwargs)


def test_kernel_uses_the_runners_pngs_made_from_the_same_inputs(data, tmp_path, monkeypatch):
    worker = runner_side(data, tmp_path).start()
    # Patched after the fork: only the kernel side is refused.
    monkeypatch.setattr(report_module, "save_png", Spy(report_module.save_png, refuse=True))
    kernel = kernel_side(tmp_path)
    html = str(kernel.charts())
    kernel.save_documents()
    worker.finish()

    assert html.count('<img src="data:image/png;base64,') == 4
    assert [c.png.name for c in kernel.charts_written] == ["01_trend.png", "02_comparison.png", "03_channels.png",
                                                          "04_channel_mix.png"]
    assert all(c.png.stat().st_size > 10_000 and c.svg.stat().st_size > 10_000 for c in kernel.charts_written)
    assert not list((tmp_path / "charts").glob(".*"))  # no half-written picture left behind
    assert "296" in "\n".join(p.text for p in Document(tmp_path / "report.docx").paragraphs)
    assert len(Presentation(tmp_path / "report.pptx").slides) == 6


def test_kernel_draws_itself_when_the_runner_read_other_inputs(data, tmp_path, monkeypatch):
    key = {**MonthlyReport(pd.Period(MONTH, "M"), data, "uk", tmp_path).inputs(), "catalog": "other"}
    worker = runner_side(data, tmp_path, key).start()
    drawn = Spy(report_module.save_png)
    monkeypatch.setattr(report_module, "save_png", drawn)
    kernel = kernel_side(tmp_path)
    kernel.charts()
    # The kernel waited for the worker to stop drawing before drawing the same files anew.
    assert (tmp_path / prerender.MARKER_DIR / "svg.done").exists()
    worker.finish()
    assert drawn.calls == 4


def test_kernel_does_the_work_when_the_runners_drawing_failed(data, tmp_path, monkeypatch):
    side = runner_side(data, tmp_path)

    def broken(pngs_written=None):
        raise RuntimeError("no fonts")

    side.report.render_charts = broken  # inherited by the forked worker
    worker = side.start()
    drawn = Spy(report_module.save_png)
    monkeypatch.setattr(report_module, "save_png", drawn)
    kernel = kernel_side(tmp_path)
    kernel.save_documents()
    worker.finish()
    assert drawn.calls == 4
    assert "RuntimeError: no fonts" in (tmp_path / prerender.MARKER_DIR / "png.failed").read_text(encoding="utf-8")
    assert (tmp_path / prerender.MARKER_DIR / "svg.failed").exists()
    assert (tmp_path / "report.pptx").stat().st_size > 0


@pytest.mark.slow
def test_svgs_the_worker_failed_at_are_drawn_by_the_runner(tmp_path, monkeypatch):
    runner_pid = os.getpid()
    real_save_svg = report_module.save_svg

    def save_svg_failing_in_the_worker(fig, path):
        if os.getpid() != runner_pid:
            raise OSError("disk full")
        return real_save_svg(fig, path)

    monkeypatch.setattr(report_module, "save_svg", save_svg_failing_in_the_worker)
    result = run_report(MONTH, output_root=tmp_path, force=True, prerender=True)
    svgs = sorted(p.name for p in (result.output_dir / "charts").glob("*.svg"))
    assert svgs == ["01_trend.svg", "02_comparison.svg", "03_channels.svg", "04_channel_mix.svg"]
    assert all((result.output_dir / "charts" / name).stat().st_size > 10_000 for name in svgs)


def test_without_a_runner_nothing_waits(tmp_path):
    start = time.monotonic()
    assert prerender.wait_for(tmp_path, "png", {"month": MONTH}) is False
    assert time.monotonic() - start < 1


def assert_not_waited_for(tmp_path: Path, pid: int) -> None:
    """A runner announced with ``pid`` is not waited for: the answer comes well before the
    60-second timeout."""
    folder = tmp_path / prerender.MARKER_DIR
    folder.mkdir()
    (folder / "key.json").write_text(f'{{"key": {{}}, "pid": {pid}}}', encoding="utf-8")
    start = time.monotonic()
    assert prerender.wait_for(tmp_path, "png", {}, timeout=60) is False
    assert time.monotonic() - start < 5


def test_a_runner_that_is_gone_is_not_waited_for(tmp_path):
    assert_not_waited_for(tmp_path, dead_pid())


@pytest.mark.slow
def test_run_with_and_without_drawing_beside_gives_the_same_report(tmp_path):
    beside = run_report(MONTH, output_root=tmp_path / "beside", force=True, prerender=True)
    alone = run_report(MONTH, output_root=tmp_path / "alone", force=True, prerender=False)

    def files(folder: Path) -> list[str]:
        return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))

    assert files(beside.output_dir) == files(alone.output_dir)
    assert prerender.MARKER_DIR not in "".join(files(beside.output_dir))
    assert not list((tmp_path / "beside").glob(".*staging*"))
    for name in ("01_trend.png", "04_channel_mix.svg"):
        size_beside = (beside.output_dir / "charts" / name).stat().st_size
        size_alone = (alone.output_dir / "charts" / name).stat().st_size
        assert abs(size_beside - size_alone) <= 0.02 * size_alone

    def pictures(page: Path) -> int:
        return len(re.findall(r'<img [^>]*src="data:image/png;base64,', page.read_text(encoding="utf-8")))

    assert pictures(beside.html) == pictures(alone.html) == 4


def test_a_worker_that_died_unreaped_is_not_waited_for(tmp_path):
    pid = os.fork()
    if pid == 0:  # the "worker": dies at once, and stays a zombie until reaped below
        os._exit(1)
    try:
        time.sleep(0.2)
        assert_not_waited_for(tmp_path, pid)
    finally:
        os.waitpid(pid, 0)


def announce(tmp_path: Path, key: dict) -> Path:
    """Markers of a runner that is still drawing (this very process stands for it)."""
    folder = tmp_path / prerender.MARKER_DIR
    folder.mkdir()
    (folder / "key.json").write_text(json.dumps({"key": key, "pid": os.getpid()}), encoding="utf-8")
    return folder


def test_the_kernel_prepares_the_office_files_while_the_runner_still_draws(tmp_path):
    folder = announce(tmp_path, {"month": MONTH})
    calls = []

    def meanwhile():  # the runner finishes while the kernel does its own work
        calls.append(time.monotonic())
        (folder / "png.done").write_text("", encoding="utf-8")

    assert prerender.wait_for(tmp_path, "png", {"month": MONTH}, timeout=60, meanwhile=meanwhile) is True
    assert len(calls) == 1


def test_nothing_is_done_meanwhile_when_the_runner_has_finished(tmp_path):
    folder = announce(tmp_path, {"month": MONTH})
    (folder / "png.done").write_text("", encoding="utf-8")
    calls = []
    assert prerender.wait_for(tmp_path, "png", {"month": MONTH}, meanwhile=lambda: calls.append(1)) is True
    assert calls == []


def record_exports(monkeypatch, log: Path, fail_beside: bool = False) -> None:
    """Log the pid of every page export; with ``fail_beside``, the worker's export fails."""
    from dept_analysis import export, runner

    runner_pid, real = os.getpid(), export.export_html

    def recorded(*args, **kwargs):
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        if fail_beside and os.getpid() != runner_pid:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(export, "export_html", recorded)  # the worker imports it from here
    monkeypatch.setattr(runner, "export_html", recorded)


def test_the_page_is_exported_beside_the_runner(tmp_path, monkeypatch):
    log = tmp_path / "exports.log"
    record_exports(monkeypatch, log)
    result = run_report(MONTH, output_root=tmp_path / "out", force=True, prerender=True)
    pids = log.read_text(encoding="utf-8").split()
    assert len(pids) == 1 and int(pids[0]) != os.getpid()
    page = result.html.read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,') == 4 and "Ніжинської міської ради" in page
    assert not (result.output_dir / prerender.MARKER_DIR).exists()


def test_the_runner_exports_the_page_when_the_worker_could_not(tmp_path, monkeypatch):
    log = tmp_path / "exports.log"
    record_exports(monkeypatch, log, fail_beside=True)
    result = run_report(MONTH, output_root=tmp_path / "out", force=True, prerender=True)
    pids = [int(pid) for pid in log.read_text(encoding="utf-8").split()]
    assert pids[-1] == os.getpid() and len(pids) == 2
    assert result.html.read_text(encoding="utf-8").count('src="data:image/png;base64,') == 4
