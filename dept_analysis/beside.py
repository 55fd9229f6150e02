"""How the runner does the work that needs no kernel: now, or in a process beside the kernel.

The charts and the office documents are made from the report's content alone; the page
needs the kernel. On a machine with a spare core they are made at the same time, which is
most of what makes a report fast. This is the runner's one speed strategy, chosen by name
from :data:`STRATEGIES` the way papermill picks an engine; nothing else in the package
knows which one ran.

- ``"inline"``: the work is done when it is handed over, in this process.
- ``"fork"``: a process forked from this one does it (it starts with everything this
  process has loaded, so it costs no imports) and hands back the result through a pipe.
"""

from __future__ import annotations

import multiprocessing
import signal
import traceback
from typing import Any, Callable, Sequence

from .config import available_cpus

# A worker still busy after this long is stuck (the work takes seconds): it is stopped.
WAIT_SECONDS = 300.0


class Handle:
    """A piece of work handed over: :meth:`result` waits for it, :meth:`stop` abandons it."""

    def result(self, timeout: float = WAIT_SECONDS) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def stop(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class _Done(Handle):
    def __init__(self, function: Callable, args: tuple):
        try:
            self._value, self._error = function(*args), None
        except Exception as error:  # handed back by result(), as a worker's would be
            self._value, self._error = None, error

    def result(self, timeout: float = WAIT_SECONDS) -> Any:
        if self._error is not None:
            raise self._error
        return self._value

    def stop(self) -> None:
        pass


def _each(function: Callable, items: list) -> list:
    return [function(item) for item in items]


class Inline:
    """Do the work at once, in this process."""

    name = "inline"

    def submit(self, function: Callable, *args) -> Handle:
        """Run ``function(*args)`` now; its result or error waits in the handle."""
        return _Done(function, args)

    def map(self, function: Callable, items: Sequence) -> Handle:
        """Run ``function`` on each item now; the handle's result is the list of results."""
        return _Done(_each, (function, list(items)))


class WorkerFailed(Exception):
    """Raised by a forked worker's :meth:`~_Forked.result` when the worker raised or died."""


def _child(writer, function: Callable, args: tuple) -> None:
    # Forked, the worker has the command's handlers, which turn Ctrl-C and SIGTERM into a
    # clean stop with a message. The worker has nothing to clean up and nothing to say: the
    # runner stops it and speaks for the run, so the signals end it at once.
    # (A signal the command ignores, as a background job ignores Ctrl-C, stays ignored.)
    for number in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, signal.SIG_DFL)
    try:
        writer.send((True, function(*args)))
    except Exception as error:
        writer.send((False, f"{type(error).__name__}: {error}\n{traceback.format_exc()}"))
    finally:
        writer.close()


class _Forked(Handle):
    def __init__(self, function: Callable, args: tuple):
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(writer, function, args), daemon=True,
                                         name="dept-report-beside")
        self._process.start()
        writer.close()

    def result(self, timeout: float = WAIT_SECONDS) -> Any:
        try:
            if not self._reader.poll(timeout):
                raise WorkerFailed(f"no result after {timeout:.0f} s")
            ok, value = self._reader.recv()
        except EOFError:
            raise WorkerFailed(f"the worker ended without a result (exit code {self._process.exitcode})") from None
        finally:
            self.stop()
        if not ok:
            raise WorkerFailed(value)
        return value

    def stop(self) -> None:
        """End the worker and wait for it, so nothing writes into the staging folder once the
        runner publishes or removes it. A worker that ignores SIGTERM is killed."""
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(5)
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._reader.close()


class _Gathered(Handle):
    """Several forked workers, each with a share of the items; results back in item order."""

    def __init__(self, handles: list[_Forked], order: list[list[int]]):
        self._handles, self._order = handles, order

    def result(self, timeout: float = WAIT_SECONDS) -> list:
        results: dict[int, Any] = {}
        try:
            for handle, indices in zip(self._handles, self._order):
                results.update(zip(indices, handle.result(timeout)))
        finally:
            self.stop()
        return [results[i] for i in sorted(results)]

    def stop(self) -> None:
        for handle in self._handles:
            handle.stop()


class Forked:
    """Do the work in processes forked from this one, one per usable core."""

    name = "fork"

    def submit(self, function: Callable, *args) -> Handle:
        """Start ``function(*args)`` in a forked process."""
        return _Forked(function, args)

    def map(self, function: Callable, items: Sequence) -> Handle:
        """Run ``function`` on each item, the items shared out (in turn, so that neighbours
        of unequal weight are split) among as many forked processes as there are cores."""
        items = list(items)
        workers = max(1, min(available_cpus(), len(items)))
        order = [list(range(start, len(items), workers)) for start in range(workers)]
        handles = [_Forked(_each, (function, [items[i] for i in indices])) for indices in order]
        return _Gathered(handles, order)


STRATEGIES: dict[str, type] = {Inline.name: Inline, Forked.name: Forked}


def choose(name: str | None = None) -> Inline | Forked:
    """The strategy called ``name``; by default "fork" where a second core and ``fork`` are
    there to use, else "inline"."""
    if name is None:
        name = "fork" if available_cpus() > 1 and "fork" in multiprocessing.get_all_start_methods() else "inline"
    return STRATEGIES[name]()


__all__ = ["Forked", "Handle", "Inline", "STRATEGIES", "WorkerFailed", "choose"]
