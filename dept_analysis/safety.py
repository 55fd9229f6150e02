"""Checks made on a workbook file before any reader opens it.

Spreadsheets arrive by e-mail from many hands. A zip bomb would make the reader build a
frame of millions of rows (4 GB of memory for a 6 MB file), and encrypted or truncated files
make calamine say only "Cannot detect file format"; here each case gets a plain message.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from . import config

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def is_lock_file(path: Path) -> bool:
    """Tell whether ``path`` is an office lock file (``~$2021-08.xlsx``, ``.~lock.2021-08.xlsx#``)."""
    name = path.name
    return name.startswith("~$") or name.startswith(".~lock.") or name.startswith("._")


def preflight(path: Path) -> tuple[str, str] | None:
    """Return (Ukrainian, English) messages saying why ``path`` must not be read, or None.

    Parameters
    ----------
    path : Path
        A file with a spreadsheet suffix.
    """
    size = path.stat().st_size
    if size == 0:
        return ("Файл порожній (0 байтів). Збережіть таблицю ще раз.",
                "The file is empty (0 bytes). Save the workbook again.")
    if size > config.MAX_WORKBOOK_BYTES:
        return (f"Файл завеликий ({size // 1024 // 1024} МБ, дозволено до {config.MAX_WORKBOOK_BYTES // 1024 // 1024} МБ). "
                "Місячна таблиця має бути невеликою: приберіть зайві аркуші та зображення.",
                f"The file is too large ({size // 1024 // 1024} MB, limit {config.MAX_WORKBOOK_BYTES // 1024 // 1024} MB). "
                "Remove extra sheets and pictures.")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_MAGIC:
        return ("Файл захищено паролем або збережено в старому форматі .xls. Зніміть пароль і збережіть як .xlsx "
                "(Файл → Зберегти як → Книга Excel).",
                "The file is password-protected or in the old .xls format. Remove the password and save as .xlsx.")
    if not zipfile.is_zipfile(path):
        return ("Це не електронна таблиця (файл не у форматі .xlsx чи .ods) або його пошкоджено. "
                "Відкрийте його в Excel чи LibreOffice і збережіть як .xlsx.",
                "This is not a spreadsheet (not .xlsx or .ods) or it is damaged. Open it in Excel or LibreOffice "
                "and save as .xlsx.")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            # The sizes come from the archive's directory; test the data only once they are sane,
            # because testing decompresses every part.
            too_big = unpacked > config.MAX_UNPACKED_BYTES or unpacked > config.MAX_COMPRESSION_RATIO * size
            broken = None if too_big else archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        return ("Файл пошкоджено (обрізаний або зіпсований архів). Збережіть таблицю ще раз із програми, у якій її створено.",
                "The file is damaged (truncated or corrupt). Save it again from the program that made it.")
    if broken is not None:
        return (f"Файл пошкоджено (частина «{broken}» не читається). Збережіть таблицю ще раз.",
                f"The file is damaged (part '{broken}' fails its checksum). Save it again.")
    if too_big:
        return (f"Файл підозріло великий після розпакування ({unpacked // 1024 // 1024} МБ із {max(size // 1024, 1)} КБ) — "
                "схоже на пошкоджений або шкідливий файл. Його не відкрито. Створіть таблицю заново з шаблону.",
                f"The file unpacks to {unpacked // 1024 // 1024} MB from {max(size // 1024, 1)} KB, which looks like a "
                "damaged or hostile file; it was not opened. Recreate the workbook from the template.")
    return None
