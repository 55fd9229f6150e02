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
        problem = Words("файл не знайдено", "the file was not found")
    except IsADirectoryError:
        problem = Words("це папка, а не файл", "this is a folder, not a file")
    except PermissionError:
        problem = Words("немає дозволу читати файл", "no permission to read the file")
    except OSError as error:
        problem = Words(f"файл не відкривається ({error.strerror})",
                        f"the file cannot be opened ({error.strerror})")
    else:
        return handle
    raise ExportFormatError(path, None, problem)


def is_empty(handle: BinaryIO) -> bool:
    """Whether an open file holds nothing but white space (reads at most 64 KiB)."""
    position = handle.tell()
    head = handle.read(65536)
    handle.seek(position)
    return not head.strip()
