"""Draw a month's charts, and get its page export ready, beside the kernel while it runs.

A report run spends its first seconds starting a kernel and importing libraries, and that
uses one core. ``dept-report run`` for one month puts the other core to work: the runner has
already loaded and checked the data (to decide whether anything changed), so a worker
process forked from it draws the four charts into the staging folder while the kernel
starts: first every PNG (what the page and the office files show), then every SVG, which
it finishes while the kernel writes the office files and the runner exports the page.

The notebook does not change: ``report.charts()`` waits for the PNGs and uses them only when
the runner made them from exactly the inputs the kernel loaded itself (the same
:func:`fingerprint`). In every other case (no runner, the runner's drawing failed, a
workbook changed in between, the runner is gone) it draws everything itself, so a notebook
run from JupyterLab or plain papermill is complete on its own. The runner checks that every
SVG is there before it publishes, and draws them itself if its worker failed at them.

A second worker (:class:`ExportBeside`) imports nbconvert and compiles the page's template
once the PNGs are drawn, and converts the executed notebook the moment papermill has written
it; the runner converts it itself if that worker failed or is gone.

Batches do not use this: their months already keep every core busy.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pandas as pd

from . import __version__, config
from .files import write_atomically
from .figures import report_window
from .datafolder import sha256_of
from .loading import MonthlyData

if TYPE_CHECKING:
    from .report import MonthlyReport

MARKER_DIR = ".prerender"
STAGES = ("png", "svg")
# How long a kernel waits for the runner at most. The runner needs a few seconds; this only
# bounds a runner that hangs, after which the kernel does the work itself.
WAIT_SECONDS = 120.0
POLL_SECONDS = 0.02


def fingerprint(data: MonthlyData, month: pd.Period, lang: str) -> dict:
    """Everything a month's report depends on: its workbook and those it is compared with,
    the catalog, the notebook, the package version and the language."""
    sources = data.sources[data.sources["month"].isin(set(report_window(month)))].sort_values("month")
    return {
        "month": month.strftime("%Y-%m"),
        "lang": lang,
        "version": __version__,
        "notebook": sha256_of(config.REPORT_NOTEBOOK),
        "catalog": sha256_of(data.catalog.path),
        "workbooks": {m.strftime("%Y-%m"): sha for m, sha in zip(sources["month"], sources["sha256"])},
    }


def _write_marker(path: Path, text: str) -> None:
    # The kernel polls for these files from another process: it must never read half of one.
    write_atomically(path, lambda temporary: Path(temporary).write_text(text, encoding="utf-8"))


def process_alive(pid: int) -> bool:
    """Tell whether process ``pid`` runs on this machine (a zombie counts as gone)."""
    if pid <= 0:  # os.kill(0 or -1, ...) would ask about whole process groups
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        return True
    # A process that died (a worker killed for memory, say) stays a zombie until its parent
    # reaps it, and the runner is busy with papermill meanwhile: it is gone all the same.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True  # no /proc here: trust os.kill
    return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")


def available() -> bool:
    """Tell whether drawing beside the kernel can help here: a spare core, and ``fork``
    (the worker starts with the runner's loaded data instead of importing and loading
    again, which would cost what it saves)."""
    return (os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()


class _Beside:
    """A worker process forked from the runner, announcing its stages as marker files in
    the staging folder's ``.prerender``.

    A process, not a thread: its work holds the interpreter lock most of the time, and the
    runner's own thread must keep answering the kernel meanwhile.
    """

    name = "dept-report-beside"

    def __init__(self, output_dir: Path):
        self.folder = Path(output_dir) / MARKER_DIR
        self._runner = os.getpid()
        self._process = multiprocessing.get_context("fork").Process(target=self._work, name=self.name, daemon=True)

    @property
    def pid(self) -> int | None:
        """The worker's process id, once started."""
        return self._process.pid

    def start(self):
        """Start the worker."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self._process.start()
        return self

    def _work(self) -> None:
        raise NotImplementedError

    def finish(self, timeout: float = WAIT_SECONDS) -> None:
        """Wait for the worker to end; one still running after ``timeout`` seconds is stopped."""
        self._process.join(timeout)
        self.stop()

    def _mark(self, stage: str, outcome: str, detail: str = "") -> None:
        _write_marker(self.folder / f"{stage}.{outcome}", detail)

    def stop(self) -> None:
        """End the worker and wait for it, so nothing writes into the staging folder once the
        runner publishes or removes it. A worker that ignores SIGTERM (stopped, or hung in
        native code) is killed."""
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(5)
        if self._process.is_alive():
            self._process.kill()
        self._process.join()


class Prerender(_Beside):
    """The runner's side of the charts: draw them in a forked worker, every PNG, then every SVG.

    Parameters
    ----------
    report : MonthlyReport
        Built by the runner from the data it loaded, with the staging folder as output_dir.
    key : dict
        The :func:`fingerprint` of that data.
    """

    name = "dept-report-prerender"

    def __init__(self, report: "MonthlyReport", key: dict):
        super().__init__(report.output_dir)
        self.report = report
        self.key = key

    def start(self) -> "Prerender":
        """Start the worker and announce it (before the kernel can look for it)."""
        super().start()
        _write_marker(self.folder / "key.json", json.dumps({"key": self.key, "pid": self.pid}))
        return self

    def _work(self) -> None:
        pending = list(STAGES)

        def pngs_written() -> None:
            self._mark(pending.pop(0), "done")

        try:
            self.report.render_charts(pngs_written=pngs_written)
        except BaseException as error:  # noqa: BLE001 - Ctrl-C included: the kernel or runner redoes it
            for stage in pending:
                self._mark(stage, "failed", f"{type(error).__name__}: {error}")
            return
        self._mark(pending.pop(0), "done")

    @staticmethod
    def clear(output_dir: Path) -> None:
        """Remove the markers, so they are not published with the report."""
        folder = Path(output_dir) / MARKER_DIR
        if folder.is_dir():
            for path in folder.iterdir():
                path.unlink(missing_ok=True)
            folder.rmdir()


class ExportBeside(_Beside):
    """The runner's side of the page: a forked worker gets nbconvert ready during the run
    and converts ``report.ipynb`` to ``report.html`` as soon as the runner says it is written.

    Importing nbconvert and compiling the page's template take about a second in a new
    process, and used to come after the kernel's last cell. The worker does them once the
    PNGs are drawn (until then the cores belong to the kernel and the chart worker), while
    the kernel writes the office files. The runner exports the page itself if this worker
    did not (see :meth:`finish`).
    """

    name = "dept-report-export"

    def __init__(self, output_dir: Path, lang: str, title: Callable[[], str], charts_pid: int | None = None):
        super().__init__(output_dir)
        self.output_dir = Path(output_dir)
        # A callable: the page's title is worded here, while the kernel runs, not before it starts.
        self.lang, self.title = lang, title
        self.charts_pid = charts_pid  # the chart worker's, whose PNGs come first

    def _runner_gone(self) -> bool:
        return os.getppid() != self._runner

    def _executed(self) -> bool:
        return (self.folder / "executed").is_file()

    def _charts_drawn(self) -> bool:
        if self.charts_pid is None or self._executed():
            return True
        return (any((self.folder / f"png.{outcome}").is_file() for outcome in ("done", "failed"))
                or not process_alive(self.charts_pid))

    def _work(self) -> None:
        from .export import export_html, html_exporter, warm_up

        deadline = time.monotonic() + WAIT_SECONDS
        try:
            _poll(self._charts_drawn, self._runner_gone, deadline)
            exporter = html_exporter(self.lang)
            warm_up(exporter)
            title = self.title()
            if not _poll(self._executed, self._runner_gone, deadline):
                return
            export_html(self.output_dir / "report.ipynb", self.output_dir / "report.html", self.lang, title, exporter)
        except BaseException as error:  # noqa: BLE001 - the runner exports the page itself
            self._mark("html", "failed", f"{type(error).__name__}: {error}")
            return
        self._mark("html", "done")

    def executed(self) -> None:
        """Tell the worker that the executed notebook is written and closed."""
        _write_marker(self.folder / "executed", "")

    def finish(self, timeout: float = WAIT_SECONDS) -> bool:
        """Wait for the page; True when the worker wrote it, False when the runner must."""
        super().finish(timeout)
        return (self.folder / "html.done").is_file()


def _poll(ready: Callable[[], bool], give_up: Callable[[], bool], deadline: float,
          meanwhile: Callable[[], object] | None = None) -> bool:
    """Poll until ``ready()`` (True), or ``give_up()`` or the deadline (False).
    ``meanwhile`` is called once if there is any waiting to do."""
    while not ready():
        if give_up() or time.monotonic() > deadline:
            return False
        if meanwhile is not None:
            meanwhile, work = None, meanwhile
            work()
            continue
        time.sleep(POLL_SECONDS)
    return True


def _wait(folder: Path, stage: str, pid: int, deadline: float, meanwhile: Callable[[], object] | None = None) -> bool:
    """Wait until ``stage`` is done (True), or failed, or the worker is gone, or the
    deadline passed (False). ``meanwhile`` is called once if there is any waiting to do."""
    return _poll(lambda: (folder / f"{stage}.done").is_file(),
                 lambda: (folder / f"{stage}.failed").is_file() or not process_alive(pid), deadline, meanwhile)


def wait_for(output_dir: Path, stage: str, key: dict, timeout: float = WAIT_SECONDS,
             meanwhile: Callable[[], object] | None = None) -> bool:
    """The kernel's side: tell whether the runner finished ``stage`` from the inputs ``key``.

    Returns False at once when no runner announced the work; otherwise waits until the
    runner finished or gave up on the stage (or is gone, or ``timeout`` passed). When the
    runner's inputs differ, it also waits for the runner to stop drawing altogether, since
    the caller is about to draw the same files anew. ``meanwhile``, if given, is called once
    when the stage is not done yet: work the caller needs later, done instead of idling.
    """
    folder = Path(output_dir) / MARKER_DIR
    try:
        announced = json.loads((folder / "key.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    pid, deadline = int(announced.get("pid", 0)), time.monotonic() + timeout
    if not _wait(folder, stage, pid, deadline, meanwhile):
        return False
    if announced.get("key") == key:
        return True
    for later in STAGES[STAGES.index(stage) + 1:]:
        _wait(folder, later, pid, deadline)
    return False


__all__ = ["MARKER_DIR", "ExportBeside", "Prerender", "available", "fingerprint", "process_alive", "wait_for"]
