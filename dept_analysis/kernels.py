"""The notebook's kernel, started and stopped by the runner itself.

papermill would start a kernel and leave its end to nbclient's clean-up, which on Ctrl-C
runs after the runner has removed the staging folder: the kernel, still starting in that
folder, then fails loudly. The runner starts the kernel in the staging folder, hands it to
papermill (nbclient accepts a running kernel manager), and shuts it down before anything
removes the folder.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

KERNEL_NAME = "python3"
# ipykernel 7 warns on every start that its localhost TCP sockets are not encrypted; the
# user cannot act on that, errors still come through.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]


@contextlib.contextmanager
def running_kernel(cwd: Path) -> Iterator[object]:
    """Start a ``python3`` kernel in ``cwd``; yield its manager; kill it on leaving.

    ``python3`` is ipykernel's own spec, which resolves to the interpreter running this
    code: the project's environment, whatever kernels the machine has registered.
    """
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    manager = AsyncKernelManager(kernel_name=KERNEL_NAME)
    run_sync(manager.start_kernel)(cwd=str(cwd), extra_arguments=KERNEL_ARGUMENTS)
    try:
        yield manager
    finally:
        # Every cell has finished and its files are closed, or the run is abandoned: no need
        # to wait for a graceful shutdown either way.
        with contextlib.suppress(Exception):
            run_sync(manager.shutdown_kernel)(now=True)


__all__ = ["KERNEL_ARGUMENTS", "KERNEL_NAME", "running_kernel"]
