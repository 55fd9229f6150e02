"""A range of months: parallel runs, one failure does not stop the others, unchanged
months are skipped and a changed workbook reruns exactly the months that read it."""

from __future__ import annotations

import nbformat
import openpyxl
import pytest
from click.testing import CliRunner

from dept_analysis import batch, config
from dept_analysis.cli import main

pytestmark = [pytest.mark.slow, pytest.mark.cores]


def _status(output: str) -> dict[str, str]:
    rows = {}
    for line in output.splitlines():
        parts = line.split()
        if parts and len(parts[0]) == 7 and parts[0][4] == "-" and parts[0][:4].isdigit():
            rows[parts[0]] = "failed" if "FAILED" in line else "skipped" if "unchanged" in line else "ok"
    return rows


def test_changed_workbook_reruns_only_the_months_that_read_it(sample_data_dir, tmp_path):
    out = tmp_path / "out"
    arguments = ["run", "2021-01..2021-03", "--data-dir", str(sample_data_dir), "--output-dir", str(out),
                 "--workers", "2"]
    first = CliRunner().invoke(main, arguments)
    assert first.exit_code == 0, first.output
    assert _status(first.output) == {"2021-01": "ok", "2021-02": "ok", "2021-03": "ok"}

    again = CliRunner().invoke(main, arguments)
    assert _status(again.output) == {"2021-01": "skipped", "2021-02": "skipped", "2021-03": "skipped"}

    # February changes: January does not read it; February and March (its previous month,
    # its year to date) do.
    path = sample_data_dir / "2021-02.xlsx"
    workbook = openpyxl.load_workbook(path)
    workbook["Показники"]["C2"] = int(workbook["Показники"]["C2"].value) + 1
    workbook.save(path)
    third = CliRunner().invoke(main, arguments)
    assert third.exit_code == 0, third.output
    assert _status(third.output) == {"2021-01": "skipped", "2021-02": "ok", "2021-03": "ok"}

    forced = CliRunner().invoke(main, [*arguments, "--force"])
    assert _status(forced.output) == {"2021-01": "ok", "2021-02": "ok", "2021-03": "ok"}


def test_one_failing_month_does_not_stop_the_others(tmp_path, monkeypatch):
    notebook = nbformat.read(config.REPORT_NOTEBOOK, as_version=4)
    index = next(i for i, c in enumerate(notebook.cells) if c.source.strip() == "report.highlights()")
    notebook.cells[index].source = "assert (period or month) != '2021-05', 'травень зламано'\nreport.highlights()"
    broken = tmp_path / "broken.ipynb"
    nbformat.write(notebook, broken)
    # One worker runs the months in this process, where the patched notebook path holds
    # whatever way the platform starts worker processes.
    monkeypatch.setattr(config, "REPORT_NOTEBOOK", broken)

    result = CliRunner().invoke(main, ["run", "2021-04..2021-06", "--output-dir", str(tmp_path / "out"),
                                       "--workers", "1"])
    assert result.exit_code == 1
    assert _status(result.output) == {"2021-04": "ok", "2021-05": "failed", "2021-06": "ok"}
    assert "травень зламано" in result.output
    assert (tmp_path / "out" / "2021-05" / "report.failed.ipynb").exists()
    assert not (tmp_path / "out" / "2021-05" / "report.html").exists()
    assert (tmp_path / "out" / "2021-06" / "report.html").exists()


@pytest.mark.parametrize("months, workers, cpus, beside", [
    (["2021-08"], None, 2, True),       # one month, two cores: it draws beside its kernel
    (["2021-08"], 1, 2, False),         # --workers 1: one process at a time
    (["2021-07", "2021-08"], None, 2, False),  # the months fill the cores
    (["2021-07", "2021-08"], 4, 2, True),      # four allowed, two months: a core each to spare
])
def test_a_month_draws_beside_its_kernel_only_with_a_core_to_spare(monkeypatch, months, workers, cpus, beside):
    from dept_analysis import batch, runner

    calls = []

    def fake_run_report(month, **kwargs):
        calls.append(kwargs["strategy"])
        return runner.RunResult(month, config.OUTPUT_DIR, config.OUTPUT_DIR / "report.html", skipped=True)

    monkeypatch.setattr(runner, "run_report", fake_run_report)
    monkeypatch.setattr(batch, "available_cpus", lambda: cpus)
    # Run the months in this process, where the fake is installed, whatever the pool would do.
    monkeypatch.setattr(batch, "ProcessPoolExecutor", _InProcessPool)
    outcomes = batch.run_reports(months, workers=workers, progress=False, kernels="fresh")
    assert [o.status for o in outcomes] == ["skipped"] * len(months)
    assert calls == [None if beside else "inline"] * len(months)


class _InProcessPool:
    def __init__(self, max_workers, initializer=None, initargs=()):
        self.max_workers = max_workers

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def submit(self, function, *args):
        from concurrent.futures import Future

        future = Future()
        future.set_result(function(*args))
        return future


def _event_loop_id() -> int:
    from jupyter_core.utils import ensure_event_loop

    return id(ensure_event_loop())


def test_a_batch_worker_runs_an_event_loop_of_its_own():
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from jupyter_core.utils import ensure_event_loop, run_sync

    async def nothing():
        return None

    run_sync(nothing)()  # this process now has jupyter_core's loop, as after a report made here
    parent = id(ensure_event_loop())
    # Forked as run_reports forks its workers: the parent's loop shares its epoll instance with
    # the child, and running it there could spin on the parent's sockets.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=batch._init_worker,
                             initargs=("fresh",)) as pool:
        child = pool.submit(_event_loop_id).result(timeout=60)
    assert child != parent
