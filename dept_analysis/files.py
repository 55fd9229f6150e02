"""Writing a file so that no one ever sees half of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable


def write_atomically(path: Path, write: Callable[[str], object]) -> Path:
    """Write ``path`` through ``write(temporary)`` into a file of its own beside it, then rename.

    A run stopped half-way, or another process polling for the file (the kernel waits for the
    drawing worker's markers), never finds half a file: the old one or the whole new one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        write(temporary)
        # mkstemp makes the file private; a report is meant to be shared like the HTML.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path


__all__ = ["write_atomically"]
