"""A report's folder made beside the published one and swapped in only when complete.

A run builds everything in a private staging folder next to the report's final folder;
when it has succeeded, the staging folder replaces the final one under a lock. A failed or
interrupted run therefore never touches the last good report, and two runs of the same
report leave one complete report, never a mix. The lock is taken on the output folder
itself, so no lock file is left behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import uuid
from pathlib import Path

from . import words
from .errors import OutputError


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
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True  # no /proc here: trust os.kill
    return stat.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")


@contextlib.contextmanager
def locked(folder: Path):
    """Hold an exclusive lock on ``folder`` (a directory can be locked like a file)."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)


def unwritable(root: Path, error: OSError) -> OutputError:
    """The error for an output folder that cannot be written."""
    return OutputError(words.both("output_unwritable", folder=root, reason=error.strerror or error))


class Staging:
    """The private folder a run builds a report in, beside its final folder.

    Use as a context manager: the folder is removed on leaving unless :meth:`publish`
    swapped it in.
    """

    def __init__(self, final: Path):
        self.final = Path(final)
        self.root = self.final.parent
        self.path = self.root / f".{self.final.name}.staging-{os.getpid()}-{uuid.uuid4().hex[:8]}"

    def __enter__(self) -> "Staging":
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self.path.mkdir()
        except OSError as error:
            raise unwritable(self.root, error) from None
        return self

    def __exit__(self, *exc) -> None:
        if self.path.exists():
            shutil.rmtree(self.path, ignore_errors=True)

    def publish(self) -> None:
        """Swap the staging folder in for the final one, so readers see the old folder or
        the new, never a mix (for an instant between the two renames, neither)."""
        try:
            with locked(self.root):
                recover(self.final)
                old = None
                # Ctrl-C or SIGTERM between the two renames would leave no report at all: they
                # wait until both are done (SIGKILL cannot wait; the next run puts it back).
                previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
                try:
                    if self.final.exists():
                        old = self.root / f".{self.final.name}.old-{uuid.uuid4().hex[:8]}"
                        self.final.rename(old)
                    self.path.rename(self.final)
                finally:
                    signal.pthread_sigmask(signal.SIG_SETMASK, previous)
                if old is not None:
                    shutil.rmtree(old, ignore_errors=True)
        except OSError as error:
            raise unwritable(self.root, error) from None

    def keep_failed(self, name: str, path: Path) -> Path | None:
        """Keep a failed run's file (``path``) beside the last good report as ``name``."""
        if not Path(path).exists():
            return None
        self.final.mkdir(parents=True, exist_ok=True)
        target = self.final / name
        shutil.copyfile(path, target)
        return target


def recover(final: Path) -> None:
    """Tidy what a killed run left beside ``final``: put back a last good report that was
    moved aside but never replaced, and remove staging folders of processes that are gone."""
    olds = sorted(final.parent.glob(f".{final.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not final.exists():
        olds.pop().rename(final)
    for leftover in [*olds, *final.parent.glob(f".{final.name}.staging-*")]:
        pid = leftover.name.rsplit(".staging-", 1)[-1].split("-")[0]
        if ".old-" in leftover.name or (pid.isdigit() and not process_alive(int(pid))):
            shutil.rmtree(leftover, ignore_errors=True)


__all__ = ["Staging", "locked", "process_alive", "recover", "unwritable"]
