"""Checks made on a workbook file before any of its content is parsed.

Spreadsheets arrive by e-mail from many hands. A zip bomb would make any reader decompress
hundreds of megabytes, and encrypted or truncated files would only say that the format is
unknown; here each case gets a plain message, from the file's size and its archive's
directory alone.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..problems import ProblemCode
from .model import WorkbookRefused

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")

# The sample workbooks are about 10 KB packed and 40 KB unpacked: these leave a wide margin.
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200


def open_archive(path: Path) -> zipfile.ZipFile:
    """Open a workbook's zip archive once it is known to be sane.

    Raises
    ------
    WorkbookRefused
        An empty, oversized, encrypted (or .xls), non-zip, damaged or bomb-like file.
    """
    size = path.stat().st_size
    if size == 0:
        raise WorkbookRefused(ProblemCode.EMPTY_FILE)
    if size > MAX_WORKBOOK_BYTES:
        raise WorkbookRefused(ProblemCode.FILE_TOO_LARGE, size=size // 1024 // 1024,
                              limit=MAX_WORKBOOK_BYTES // 1024 // 1024)
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_MAGIC:
        raise WorkbookRefused(ProblemCode.ENCRYPTED)
    damaged = WorkbookRefused(ProblemCode.DAMAGED, part={"uk": "обрізаний або зіпсований архів",
                                                         "en": "a truncated or corrupt archive"})
    if not zipfile.is_zipfile(path):
        # A zip that starts right but lost its end (a copy cut short) is damaged, not foreign.
        raise damaged if head.startswith(b"PK\x03\x04") else WorkbookRefused(ProblemCode.NOT_A_SPREADSHEET)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError):
        raise damaged from None
    try:
        infos = archive.infolist()
        unpacked = sum(info.file_size for info in infos)
        if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_COMPRESSION_RATIO * size:
            raise WorkbookRefused(ProblemCode.UNPACKS_TOO_LARGE, unpacked=unpacked // 1024 // 1024,
                                  size=max(size // 1024, 1))
        # The sizes come from the archive's directory. zipfile stops reading a part at its
        # stated size and checks its CRC at the end, so a part that lies is found when read.
        if any(info.flag_bits & 0x1 for info in infos):
            raise WorkbookRefused(ProblemCode.ENCRYPTED)
    except WorkbookRefused:
        archive.close()
        raise
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError):
        archive.close()
        raise damaged from None
    return archive


__all__ = ["MAX_COMPRESSION_RATIO", "MAX_UNPACKED_BYTES", "MAX_WORKBOOK_BYTES", "open_archive"]
