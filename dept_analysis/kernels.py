"""The notebook's kernel: a fresh one per report, or one kept warm across reports.

papermill would start a kernel and leave its end to nbclient's clean-up, which on Ctrl-C
runs after the runner has removed the staging folder: the kernel, still starting in that
folder, then fails loudly. So the runner starts the kernel itself, hands it to papermill
(nbclient accepts a running kernel manager), and shuts it down before anything removes the
folder.

Two sources of kernels, chosen by name (:data:`SOURCES`), as papermill chooses engines:

- ``"fresh"``: a new kernel for every report, started in its staging folder;
- ``"warm"``: one kernel per process, kept between reports. A batch's worker starts it at
  once, so it boots while the first report's charts are drawn, and every later report
  saves the start-up. Before each report the kernel is made as a fresh one would be: its
  user namespace and history reset (execution counts start at 1 again), matplotlib's
  figures closed and rcParams back to their defaults, the working folder set to the
  report's. A kernel that failed a report, died, hung or was interrupted is thrown away:
  the next report gets a new one, so one failure cannot poison another report.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing.util
from pathlib import Path
from typing import Iterator

KERNEL_NAME = "python3"
# The kernel's own log, not the notebook's errors (those reach the notebook): ipykernel 7
# warns on every start that its localhost TCP sockets are not encrypted, and logs an error
# for the interrupt jupyter_client sends to every kernel it shuts down. A user can act on
# neither. (The Makefile sets the same for the environment's kernel, for plain papermill.)
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL",
                    # A report's cells are not an interactive session worth a history database:
                    # without it a kernel starts, and a warm one resets, without writing to disk.
                    "--HistoryManager.enabled=False"]
# How long a warm kernel may take to get ready for the next report.
PREPARE_SECONDS = 120

# What a warm kernel runs before each report (silently: no output, no execution count).
_PREPARE = """\
import os, sys, dept_analysis.notebook
if "matplotlib.pyplot" in sys.modules:
    sys.modules["matplotlib.pyplot"].close("all")
if "matplotlib" in sys.modules:
    sys.modules["matplotlib"].rcdefaults()
os.chdir({cwd!r})
get_ipython().reset(new_session=True)
"""


class KernelTrouble(Exception):
    """Raised when a warm kernel cannot be made ready for the next report."""


@functools.cache
def _manager_class():
    from jupyter_client.manager import AsyncKernelManager

    class Manager(AsyncKernelManager):
        """A kernel manager that remembers the clients it hands out.

        nbclient makes a client for every notebook it runs and, given a kernel it does not
        own, leaves that client running: five sockets and a heartbeat thread that pings the
        kernel for as long as the process lives, even after the kernel is gone. A preview
        saved a hundred times, or a batch of reports, would pile them up until the process
        ran out of file descriptors. :func:`_release` stops them after every report.
        """

        def client(self, **kwargs):
            client = super().client(**kwargs)
            self.__dict__.setdefault("_handed_out", []).append(client)
            return client

    return Manager


def _release(manager) -> None:
    """Stop every client ``manager`` handed out (see ``Manager``)."""
    handed_out = manager.__dict__.get("_handed_out", [])
    while handed_out:
        with contextlib.suppress(Exception):
            handed_out.pop().stop_channels()


def _start(cwd: Path | None = None):
    from jupyter_core.utils import run_sync

    manager = _manager_class()(kernel_name=KERNEL_NAME)
    run_sync(manager.start_kernel)(cwd=str(cwd) if cwd else None, extra_arguments=KERNEL_ARGUMENTS)
    return manager


def _shutdown(manager) -> None:
    from jupyter_core.utils import run_sync

    _release(manager)
    # Every cell has finished and its files are closed, or the kernel is abandoned: no need
    # to wait for a graceful shutdown either way.
    with contextlib.suppress(Exception):
        run_sync(manager.shutdown_kernel)(now=True)


class Fresh:
    """A new kernel for every report, started in the report's folder."""

    name = "fresh"

    @contextlib.contextmanager
    def session(self, cwd: Path) -> Iterator[object]:
        """Start a kernel in ``cwd``; yield its manager; kill it on leaving."""
        manager = _start(cwd)
        try:
            yield manager
        finally:
            _shutdown(manager)


class Warm:
    """One kernel kept between reports (see the module's docstring)."""

    name = "warm"

    def __init__(self):
        self._manager = None
        self._client = None  # kept between reports: connecting anew costs a quarter second

    def start(self) -> None:
        """Start the kernel now, if there is none, without waiting for it to be ready."""
        if self._manager is None:
            self._manager = _start()

    def stop(self) -> None:
        """Shut the kernel down."""
        if self._client is not None:
            client, self._client = self._client, None
            with contextlib.suppress(Exception):
                client.stop_channels()
        if self._manager is not None:
            manager, self._manager = self._manager, None
            _shutdown(manager)

    def _prepare(self, cwd: Path) -> None:
        from jupyter_client import BlockingKernelClient
        from jupyter_core.utils import run_sync

        if not run_sync(self._manager.is_alive)():
            raise KernelTrouble("the kernel is gone")
        try:
            if self._client is None:
                self._client = BlockingKernelClient()
                self._client.load_connection_info(self._manager.get_connection_info())
                self._client.start_channels()
                self._client.wait_for_ready(timeout=PREPARE_SECONDS)
            reply = self._client.execute_interactive(_PREPARE.format(cwd=str(cwd)), silent=True, store_history=False,
                                                     timeout=PREPARE_SECONDS, output_hook=lambda message: None)
        except (RuntimeError, TimeoutError) as error:
            raise KernelTrouble(str(error)) from None
        if reply["content"].get("status") != "ok":
            raise KernelTrouble(reply["content"].get("evalue", "the kernel could not be reset"))

    @contextlib.contextmanager
    def session(self, cwd: Path) -> Iterator[object]:
        """Yield the warm kernel's manager, made ready for a report in ``cwd``. On any
        failure the kernel is thrown away, and the next report gets a new one."""
        for attempt in (1, 2):
            self.start()
            try:
                self._prepare(cwd)
                break
            except KernelTrouble:
                self.stop()  # dead or stuck since the last report: one new kernel, once
                if attempt == 2:
                    raise
        try:
            yield self._manager
        except BaseException:
            self.stop()
            raise
        _release(self._manager)  # the kernel stays; the report's client goes


SOURCES = {Fresh.name: Fresh, Warm.name: Warm}
_warm: Warm | None = None


def warm() -> Warm:
    """This process's warm kernel (shut down when the process ends)."""
    global _warm
    if _warm is None:
        _warm = Warm()
        # A batch's worker processes end through multiprocessing, which runs these
        # finalisers (and not atexit's): the kernel must not outlive its worker.
        multiprocessing.util.Finalize(None, _warm.stop, exitpriority=10)
        import atexit

        atexit.register(_warm.stop)
    return _warm


def kernel_source(name: str | None) -> Fresh | Warm:
    """The kernels called ``name`` ("fresh" by default; "warm" is this process's)."""
    if name == Warm.name:
        return warm()
    return SOURCES[name or Fresh.name]()


@contextlib.contextmanager
def running_kernel(cwd: Path) -> Iterator[object]:
    """A fresh kernel in ``cwd`` for one report (see :class:`Fresh`)."""
    with Fresh().session(cwd) as manager:
        yield manager


__all__ = ["KERNEL_ARGUMENTS", "KERNEL_NAME", "KernelTrouble", "SOURCES", "Fresh", "Warm", "kernel_source",
           "running_kernel", "warm"]
