"""How the runner does the work that needs no kernel: now, or in a process beside the kernel.

The charts and the office documents are made from the report's content alone; the page
needs the kernel. On a machine with a spare core they are made at the same time, which is
most of what makes a report fast. This is the runner's one speed strategy, chosen by name
from :data:`STRATEGIES` the way papermill picks an engine; nothing else in the package
knows which one ran.

- ``"inline"``: the work is done when it is handed over, in this process.
- ``"fork"``: a process forked from this one does it (it starts with everything this
  process has loaded, so it costs no imports) and hands back the result through a pipe.

Work whose input is not ready yet can still be started early, on standby
(:meth:`Forked.standby`): the process is forked now and prepares (imports its libraries)
while this one goes on, then waits for its input. An import that takes most of a second is
so paid while the cores are busy with other work, not after it.
"""

from __future__ import annotations

import gc
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


class _InlineStandby(Handle):
    """Work done when its input is sent, in this process (it imports what it needs then)."""

    def __init__(self, function: Callable):
        self._function, self._done = function, None

    def send(self, argument: Any) -> Handle:
        self._done = _Done(self._function, (argument,))
        return self

    def result(self, timeout: float = WAIT_SECONDS) -> Any:
        if self._done is None:
            raise WorkerFailed("the work was never given its input")
        return self._done.result(timeout)

    def stop(self) -> None:
        pass


class Inline:
    """Do the work at once, in this process."""

    name = "inline"

    def standby(self, function: Callable, prepare: Callable | None = None) -> _InlineStandby:
        """``function(argument)``, done when :meth:`_InlineStandby.send` gives the argument;
        ``prepare`` is skipped: done in this process, it would only come first."""
        return _InlineStandby(function)

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
        # The worker shares this process's memory until either writes to it. Frozen, the
        # objects already here are left out of the worker's garbage collections, which would
        # otherwise visit each one, copying page after page (gc.freeze's documented use).
        gc.freeze()
        try:
            self._process.start()
        finally:
            gc.unfreeze()
        writer.close()

    def result(self, timeout: float = WAIT_SECONDS) -> Any:
        if self._reader.closed:
            raise WorkerFailed("the worker was stopped")
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


def _standby(prepare: Callable | None, function: Callable, inbox) -> Any:
    if prepare is not None:
        prepare()
    return function(inbox.recv())


class _ForkedStandby(_Forked):
    """A process forked now that prepares, then runs ``function`` on the input sent to it."""

    def __init__(self, function: Callable, prepare: Callable | None):
        inbox, self._outbox = multiprocessing.get_context("fork").Pipe(duplex=False)
        super().__init__(_standby, (prepare, function, inbox))
        inbox.close()

    def send(self, argument: Any) -> Handle:
        """Hand the worker its input (through a pipe, so it must pickle; the worker has
        ``function`` and everything else already); :meth:`result` then waits for the result."""
        try:
            self._outbox.send(argument)
        except OSError:  # the worker died while preparing: result() says how it ended
            pass
        return self

    def stop(self) -> None:
        super().stop()
        self._outbox.close()


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

    def standby(self, function: Callable, prepare: Callable | None = None) -> _ForkedStandby:
        """Fork a process now for ``function(argument)``, whose argument is not ready yet:
        it runs ``prepare()`` (imports) at once, then waits for :meth:`_ForkedStandby.send`.
        :meth:`~Handle.stop` ends it, whether it was sent its input or not."""
        return _ForkedStandby(function, prepare)

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
