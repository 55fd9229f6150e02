"""Run several reports (months, quarters, years...) in parallel, with progress, and a closing table.

Each report runs in its own worker process (and has a kernel of its own), so one report's
failure cannot stop the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from . import words
from .config import available_cpus
from .errors import DeptAnalysisError
from .kernels import warm


@dataclass
class Outcome:
    """How one report's run ended: ``status`` is "ok", "skipped" or "failed"."""

    period: str
    status: str
    seconds: float
    path: Path | None
    error: str = ""


# Set in a worker process once it was told to stop: the pool may already have handed it the
# next report, which must then not start.
_stopping = False


def _stop_worker(signum, frame) -> None:
    global _stopping
    _stopping = True
    raise KeyboardInterrupt


def _own_event_loop() -> None:
    """Give this forked worker an asyncio loop of its own.

    jupyter_core's ``run_sync`` (papermill, nbclient and jupyter_client all go through it)
    keeps the loop it made in a context variable, and a forked worker inherits the parent's:
    the same epoll instance, with the parent's sockets registered in it. A worker that runs
    that loop can spin forever on events that are not its own (seen as a batch worker at
    100 % CPU, stuck in a kernel's shutdown, when the parent had made a report before). The
    inherited loop is left alone, not closed: closing it would unregister the parent's
    descriptors from the epoll instance they share.
    """
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    from jupyter_core import utils

    variable = getattr(utils, "_loop", None)  # private: there is no public way to reset it
    if variable is not None:
        variable.set(loop)


def _init_worker(kernels: str) -> None:
    signal.signal(signal.SIGTERM, _stop_worker)
    _own_event_loop()
    if kernels == "warm":
        # Booting while the first report's charts are drawn: its start-up costs nothing.
        warm().start()


def _run_one(period, data_dir: Path | None, output_root: Path | None, lang: str, force: bool,
             beside: bool = False, kernels: str = "warm") -> Outcome:
    from .runner import run_report

    if _stopping:
        return Outcome(str(period), "failed", 0.0, None, "перервано / interrupted")
    start = time.perf_counter()
    try:
        result = run_report(period, data_dir=data_dir, output_root=output_root, lang=lang, force=force,
                            strategy=None if beside else "inline", kernels=kernels)
    except DeptAnalysisError as error:
        return Outcome(str(period), "failed", time.perf_counter() - start, None, str(error))
    return Outcome(str(period), "skipped" if result.skipped else "ok", time.perf_counter() - start, result.html)


def _abandon(pool: ProcessPoolExecutor) -> None:
    """On Ctrl-C or SIGTERM: start no other report, and interrupt the running ones, whose
    runner then cleans up without publishing."""
    # The pool has no public way to reach its processes, and forgets them on shutdown.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    # SIGTERM, not SIGINT: a run started in the background ignores SIGINT, and so would its
    # workers; the command line turns SIGTERM into the same clean interruption.
    for process in processes:
        with contextlib.suppress(OSError):
            os.kill(process.pid, signal.SIGTERM)


def run_reports(periods: list, data_dir: Path | None = None, output_root: Path | None = None, lang: str = "uk",
                force: bool = False, workers: int | None = None, progress: bool = True,
                kernels: str | None = None) -> list[Outcome]:
    """Run a report for every period in ``periods`` (ReportPeriod, or text such as "2021-08");
    return their outcomes in order.

    Parameters
    ----------
    workers : int, optional
        Processes the run may keep busy; the usable CPUs by default. Reports run in parallel
        worker processes, as many as there are reports up to this number (1 runs them in this
        process, one after another).
    progress : bool
        Show a progress bar on standard error.
    kernels : str, optional
        "warm" (one kernel kept per worker, see :mod:`.kernels`; the default for more than
        one report) or "fresh" (a new kernel for every report).
    """
    months = list(periods)
    kernels = kernels or ("warm" if len(months) > 1 else "fresh")
    allowed = workers or available_cpus()
    workers = max(1, min(allowed, len(months)))
    # The reports come first. A report also draws beside its kernel (see .beside) only when
    # that leaves it a core of its own, as for a single report on two cores: with the cores
    # already full of reports it would only add contention.
    beside = allowed >= 2 * workers
    bar = tqdm(total=len(months), unit="report", disable=not progress, desc="Звіти / reports", leave=True)
    outcomes: list[Outcome] = []
    try:
        if workers == 1:
            try:
                for month in months:
                    outcomes.append(_run_one(month, data_dir, output_root, lang, force, beside, kernels))
                    bar.update()
            finally:
                if kernels == "warm":
                    warm().stop()
        else:
            with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(kernels,)) as pool:
                futures = [pool.submit(_run_one, month, data_dir, output_root, lang, force, beside, kernels)
                           for month in months]
                try:
                    for future in as_completed(futures):
                        try:
                            outcomes.append(future.result())
                        except Exception as error:  # a worker process died
                            month = months[futures.index(future)]
                            outcomes.append(Outcome(str(month), "failed", 0.0, None,
                                                         f"{type(error).__name__}: {error}"))
                        bar.update()
                except BaseException:
                    _abandon(pool)
                    raise
    finally:
        bar.close()
    order = {str(p): i for i, p in enumerate(months)}
    return sorted(outcomes, key=lambda o: order.get(o.period, 0))


def format_outcomes(outcomes: list[Outcome]) -> str:
    """Return the closing table: period, status, seconds, path (or the error)."""
    status_words = {"ok": "готово / done", "skipped": "без змін / unchanged", "failed": "ПОМИЛКА / FAILED"}
    lines = [f"{'Період':<8}  {'Стан / status':<22}  {'сек.':>6}  Файл / file"]
    for o in outcomes:
        where = str(o.path) if o.path else o.error.splitlines()[0] if o.error else ""
        lines.append(f"{o.period:<8}  {status_words[o.status]:<22}  {o.seconds:>6.1f}  {where}")
    failed = [o for o in outcomes if o.status == "failed"]
    for o in failed:
        lines.append(f"\n{o.period}:\n{o.error}")
    counts = {status: sum(o.status == status for o in outcomes) for status in ("ok", "skipped", "failed")}
    lines.append(words.both("batch_total", built=counts["ok"], unchanged=counts["skipped"], failed=counts["failed"]))
    return "\n".join(lines)
