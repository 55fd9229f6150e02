"""Opening an export file, with the reasons it cannot be opened said in words."""

from __future__ import annotations

from os import PathLike
from pathlib import Path
from typing import BinaryIO

from .errors import ExportFormatError, Words


def open_export(path: str | PathLike[str]) -> BinaryIO:
    """Open an export for reading bytes, or raise :class:`ExportFormatError` saying why not.

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    BinaryIO
        The open file; the caller closes it.
    """
    try:
        handle = open(Path(path), "rb")  # noqa: SIM115 - returned to the caller, who closes it
    except FileNotFoundError:
        problem = Words.say("import.file.not_found")
    except IsADirectoryError:
        problem = Words.say("import.file.folder")
    except PermissionError:
        problem = Words.say("import.file.no_permission")
    except OSError as error:
        problem = Words.say("import.file.unopenable", reason=error.strerror)
    else:
        return handle
    raise ExportFormatError(path, None, problem)


def is_empty(handle: BinaryIO) -> bool:
    """Whether an open file holds nothing but white space (reads at most 64 KiB)."""
    position = handle.tell()
    head = handle.read(65536)
    handle.seek(position)
    return not head.strip()
