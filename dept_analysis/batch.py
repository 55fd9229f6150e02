"""Run several months' reports in parallel, with progress, and a closing table.

Each month runs in its own worker process (and papermill starts a kernel for it), so one
month's failure cannot stop the others.
"""

from __future__ import annotations

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


@dataclass
class MonthOutcome:
    """How one month's run ended: ``status`` is "ok", "skipped" or "failed"."""

    month: str
    status: str
    seconds: float
    path: Path | None
    error: str = ""


# Set in a worker process once it was told to stop: the pool may already have handed it the
# next month, which must then not start.
_stopping = False


def _stop_worker(signum, frame) -> None:
    global _stopping
    _stopping = True
    raise KeyboardInterrupt


def _init_worker() -> None:
    signal.signal(signal.SIGTERM, _stop_worker)


def _run_one(month: str, data_dir: Path | None, output_root: Path | None, lang: str, force: bool,
             beside: bool = False) -> MonthOutcome:
    from .runner import run_report

    if _stopping:
        return MonthOutcome(month, "failed", 0.0, None, "перервано / interrupted")
    start = time.perf_counter()
    try:
        result = run_report(month, data_dir=data_dir, output_root=output_root, lang=lang, force=force,
                            strategy=None if beside else "inline")
    except DeptAnalysisError as error:
        return MonthOutcome(month, "failed", time.perf_counter() - start, None, str(error))
    return MonthOutcome(month, "skipped" if result.skipped else "ok", time.perf_counter() - start, result.html)


def _abandon(pool: ProcessPoolExecutor) -> None:
    """On Ctrl-C or SIGTERM: start no other month, and interrupt the running ones, whose
    runner then cleans up without publishing."""
    # The pool has no public way to reach its processes, and forgets them on shutdown.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    # SIGTERM, not SIGINT: a run started in the background ignores SIGINT, and so would its
    # workers; the command line turns SIGTERM into the same clean interruption.
    for process in processes:
        with contextlib.suppress(OSError):
            os.kill(process.pid, signal.SIGTERM)


def run_months(months: list[str], data_dir: Path | None = None, output_root: Path | None = None, lang: str = "uk",
               force: bool = False, workers: int | None = None, progress: bool = True) -> list[MonthOutcome]:
    """Run every month in ``months``; return their outcomes in month order.

    Parameters
    ----------
    workers : int, optional
        Processes the run may keep busy; the CPU count by default. Months run in parallel
        worker processes, as many as there are months up to this number (1 runs them in this
        process, one after another).
    progress : bool
        Show a progress bar on standard error.
    """
    allowed = workers or available_cpus()
    workers = max(1, min(allowed, len(months)))
    # The months come first. A month also draws beside its kernel (see .beside) only when
    # that leaves it a core of its own, as for a single month on two cores: with the cores
    # already full of months it would only add contention.
    beside = allowed >= 2 * workers
    bar = tqdm(total=len(months), unit="month", disable=not progress, desc="Звіти / reports", leave=True)
    outcomes: list[MonthOutcome] = []
    try:
        if workers == 1:
            for month in months:
                outcomes.append(_run_one(month, data_dir, output_root, lang, force, beside))
                bar.update()
        else:
            with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
                futures = [pool.submit(_run_one, month, data_dir, output_root, lang, force, beside) for month in months]
                try:
                    for future in as_completed(futures):
                        try:
                            outcomes.append(future.result())
                        except Exception as error:  # a worker process died
                            month = months[futures.index(future)]
                            outcomes.append(MonthOutcome(month, "failed", 0.0, None,
                                                         f"{type(error).__name__}: {error}"))
                        bar.update()
                except BaseException:
                    _abandon(pool)
                    raise
    finally:
        bar.close()
    return sorted(outcomes, key=lambda o: o.month)


def format_outcomes(outcomes: list[MonthOutcome]) -> str:
    """Return the closing table: month, status, seconds, path (or the error)."""
    status_words = {"ok": "готово / done", "skipped": "без змін / unchanged", "failed": "ПОМИЛКА / FAILED"}
    lines = [f"{'Місяць':<8}  {'Стан / status':<22}  {'сек.':>6}  Файл / file"]
    for o in outcomes:
        where = str(o.path) if o.path else o.error.splitlines()[0] if o.error else ""
        lines.append(f"{o.month:<8}  {status_words[o.status]:<22}  {o.seconds:>6.1f}  {where}")
    failed = [o for o in outcomes if o.status == "failed"]
    for o in failed:
        lines.append(f"\n{o.month}:\n{o.error}")
    counts = {status: sum(o.status == status for o in outcomes) for status in ("ok", "skipped", "failed")}
    lines.append(words.both("batch_total", built=counts["ok"], unchanged=counts["skipped"], failed=counts["failed"]))
    return "\n".join(lines)
