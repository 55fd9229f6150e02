"""Finding the monthly workbooks in a data folder, and naming everything that is not one.

A data folder is kept by hand: besides ``2021-08.xlsx`` it may hold a month saved as CSV,
the same month twice, a link whose file moved, a folder or a pipe with a workbook's name,
office lock files. Lock files and hidden files are ignored; everything else that looks
like a month's workbook but cannot be one is named, with what to do, and never skipped in
silence. Nothing here opens a file: a named pipe would block the reader forever.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pandas as pd

from .periods import FIRST_YEAR, LAST_YEAR, MONTH_TEXT, month_from_name, month_text
from .problems import Problem, ProblemCode

READABLE_SUFFIXES = (".xlsx", ".xlsm", ".ods")
# Formats a month is sometimes saved in that the loader does not read, each with its fix.
OTHER_FORMATS = (".xls", ".xlsb", ".numbers", ".fods", ".tsv", ".txt", ".pdf", ".docx", ".doc", ".odt")
CSV_SUFFIX = ".csv"


def is_lock_file(path: Path) -> bool:
    """Tell whether ``path`` is an office lock file (``~$2021-08.xlsx``, ``.~lock.2021-08.xlsx#``)."""
    name = path.name
    return name.startswith("~$") or name.startswith(".~lock.") or name.startswith("._")


def _month_of(name: str) -> pd.Period | None:
    """The month a file name is meant for: "2021-09" of "2021-09.csv", None otherwise."""
    return month_from_name(name.split(".", 1)[0])


def _looks_like_a_month(name: str) -> bool:
    """A name that someone meant as a month's workbook: a spreadsheet suffix, or a
    ``YYYY-MM`` stem (even a wrong one such as "0000-01")."""
    stem, _, suffix = name.partition(".")
    return f".{suffix.lower()}" in READABLE_SUFFIXES or bool(MONTH_TEXT.match(stem))


@dataclass
class DataFolder:
    """What a data folder holds.

    Attributes
    ----------
    path : Path
    workbooks : dict
        Month -> the one readable workbook of that month.
    problems : list of Problem
        Every file that looks like a month's workbook but cannot be read as one.
    """

    path: Path
    workbooks: dict[pd.Period, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def months(self) -> list[pd.Period]:
        """The months that have a workbook, oldest first."""
        return sorted(self.workbooks)

    def problems_of(self, months: Iterable[pd.Period]) -> list[Problem]:
        """The problems of files meant for ``months``."""
        wanted = set(months)
        return [p for p in self.problems if _month_of(p.file) in wanted]


def _not_a_file_kind(mode: int) -> dict[str, str]:
    if stat.S_ISDIR(mode):
        return {"uk": "тека", "en": "folder"}
    if stat.S_ISFIFO(mode):
        return {"uk": "іменований канал (FIFO)", "en": "named pipe (FIFO)"}
    if stat.S_ISSOCK(mode):
        return {"uk": "сокет", "en": "socket"}
    return {"uk": "файл пристрою", "en": "device file"}


def scan_folder(data_dir: Path) -> DataFolder:
    """List a data folder's monthly workbooks and the problems of everything meant as one.

    Parameters
    ----------
    data_dir : Path
        An existing folder.
    """
    folder = DataFolder(Path(data_dir))
    found: dict[pd.Period, list[Path]] = {}
    for path in sorted(Path(data_dir).iterdir()):
        name = path.name
        if name.startswith(".") or is_lock_file(path):
            continue
        month = _month_of(name)
        suffix = path.suffix.lower()
        try:
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                mode = path.stat().st_mode  # the file it points at
        except FileNotFoundError:
            if _looks_like_a_month(name) or month is not None:
                folder.problems.append(Problem(name, ProblemCode.BROKEN_LINK, details={"target": os.readlink(path)}))
            continue
        except OSError:
            continue
        if not stat.S_ISREG(mode):
            if _looks_like_a_month(name) or month is not None:
                folder.problems.append(Problem(name, ProblemCode.NOT_A_FILE, details={"kind": _not_a_file_kind(mode)}))
            continue
        if month is not None and suffix == CSV_SUFFIX:
            folder.problems.append(Problem(name, ProblemCode.CSV, details={"month": month_text(month)}))
            continue
        if month is not None and suffix in OTHER_FORMATS:
            folder.problems.append(Problem(name, ProblemCode.FORMAT, details={"suffix": suffix,
                                                                               "month": month_text(month)}))
            continue
        if suffix not in READABLE_SUFFIXES:
            continue  # the catalog, a README, notes: not the loader's business
        if month is None or path.stem != month_text(month):
            folder.problems.append(Problem(name, ProblemCode.FILE_NAME,
                                           details={"first_year": FIRST_YEAR, "last_year": LAST_YEAR}))
            continue
        found.setdefault(month, []).append(path)
    for month, paths in sorted(found.items()):
        if len(paths) > 1:
            names = ", ".join(p.name for p in paths)
            for path in paths:
                folder.problems.append(Problem(path.name, ProblemCode.MONTH_TWICE,
                                               details={"month": month_text(month), "names": names}))
        else:
            folder.workbooks[month] = paths[0]
    return folder


def sha256_of(path: Path) -> str:
    """Return the SHA-256 of a file in hex."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def snapshot(files: Iterable[Path], target: Path) -> Path:
    """Copy ``files`` into ``target`` (created), keeping their names, and return it.

    A run reads its inputs from such a copy: the runner and the notebook's kernel then read
    the same bytes, whatever happens to the data folder meanwhile.
    """
    target.mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.copyfile(path, target / Path(path).name)
    return target


__all__ = ["CSV_SUFFIX", "DataFolder", "READABLE_SUFFIXES", "is_lock_file", "scan_folder", "sha256_of", "snapshot"]
