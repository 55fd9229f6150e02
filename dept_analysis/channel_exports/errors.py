"""The errors this package raises, with messages an office worker can act on.

Every problem with an export file is one class, :class:`ExportFormatError`: its message
names the file and the item (a Telegram message id, a CSV line, a feed entry) and says what
was expected, in Ukrainian and then in English (``"... / ..."``), like the rest of the
project's messages. Problems with the catalog's description of the exports (an unknown
kind, a missing field) are :class:`ExportSpecError`. Both derive from
:class:`dept_analysis.errors.DeptAnalysisError`, which the command line catches and prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike

from dept_analysis.errors import DeptAnalysisError


@dataclass(frozen=True)
class Words:
    """The same short text in Ukrainian and in English."""

    uk: str
    en: str


def message_where(message_id: object, index: int | None = None) -> Words:
    """Name a Telegram message: by its id, or by its place in the file when it has none."""
    if message_id is not None:
        return Words(f"повідомлення id {message_id}", f"message id {message_id}")
    return Words(f"повідомлення № {index} за порядком у файлі", f"message No. {index} in file order")


def line_where(line: int) -> Words:
    """Name a line of a text file (CSV), counted from 1 as a text editor does."""
    return Words(f"рядок {line}", f"line {line}")


def entry_where(index: int, title: str | None = None, item_id: str | None = None) -> Words:
    """Name an entry of a feed or a WordPress export: its number, and its id or title if known."""
    extra_uk, extra_en = [], []
    if item_id:
        extra_uk.append(f"id {item_id}")
        extra_en.append(f"id {item_id}")
    if title:
        short = title if len(title) <= 60 else title[:57] + "..."
        extra_uk.append(f"«{short}»")
        extra_en.append(f"“{short}”")
    tail_uk = f" ({', '.join(extra_uk)})" if extra_uk else ""
    tail_en = f" ({', '.join(extra_en)})" if extra_en else ""
    return Words(f"запис № {index}{tail_uk}", f"item No. {index}{tail_en}")


class ExportFormatError(DeptAnalysisError):
    """An export file that cannot be read as the format it should be in.

    Parameters
    ----------
    path : str or os.PathLike
        The file, as the caller named it.
    where : Words or None
        The item in the file (None when the problem is the file as a whole).
    problem : Words
        What is wrong.
    expected : Words, optional
        What the file should hold instead.

    Attributes
    ----------
    path, where, problem, expected
        The parts of the message, kept apart so a caller can lay them out as a table.
    """

    def __init__(self, path: str | PathLike[str], where: Words | None, problem: Words,
                 expected: Words | None = None):
        self.path = str(path)
        self.where = where
        self.problem = problem
        self.expected = expected
        super().__init__(self._compose())

    def _compose(self) -> str:
        def half(lang: str) -> str:
            file_word = "Файл" if lang == "uk" else "File"
            quoted = f"«{self.path}»" if lang == "uk" else f"“{self.path}”"
            text = f"{file_word} {quoted}"
            if self.where is not None:
                text += f", {getattr(self.where, lang)}"
            text += f": {getattr(self.problem, lang)}"
            if self.expected is not None:
                label = "Очікувалося" if lang == "uk" else "Expected"
                text += f". {label}: {getattr(self.expected, lang)}"
            return text.rstrip(".") + "."

        return f"{half('uk')} / {half('en')}"


class ExportSpecError(DeptAnalysisError):
    """The catalog's description of the channel exports (``[[exports]]``) is wrong.

    Parameters
    ----------
    where : Words
        The block, e.g. ``[[exports]] № 2``.
    problem : Words
        What is wrong and what to write instead.
    """

    def __init__(self, where: Words, problem: Words):
        self.where = where
        self.problem = problem
        super().__init__(f"Каталог, {where.uk}: {problem.uk} / Catalog, {where.en}: {problem.en}")
