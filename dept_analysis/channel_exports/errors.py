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

from dept_analysis import words
from dept_analysis.errors import DeptAnalysisError


@dataclass(frozen=True)
class Words:
    """The same short text in Ukrainian and in English.

    The texts come from the project's language tables (:mod:`dept_analysis.words`, keys
    ``import.*``) through :meth:`say`; only text taken from a file or the catalog is ever
    passed in directly.
    """

    uk: str
    en: str

    @classmethod
    def say(cls, key: str, **values: object) -> Words:
        """The words of ``key`` in each language, with ``values`` filled in.

        A value that is itself :class:`Words` gives each language its own text, so a message
        can be built from the parts of another.
        """
        texts = {lang: words.say(key, lang, **{name: getattr(value, lang) if isinstance(value, Words) else value
                                               for name, value in values.items()})
                 for lang in ("uk", "en")}
        return cls(**texts)


def listed(items, limit: int | None = None) -> Words:
    """Names as a list in running text, each in its language's quotation marks."""
    items = [str(item) for item in items]
    shown = items[:limit] if limit else items
    more = " ..." if limit and len(items) > limit else ""
    return Words(", ".join(words.say("import.quoted", "uk", name=item) for item in shown) + more,
                 ", ".join(words.say("import.quoted", "en", name=item) for item in shown) + more)


def message_where(message_id: object, index: int | None = None) -> Words:
    """Name a Telegram message: by its id, or by its place in the file when it has none."""
    if message_id is not None:
        return Words.say("import.where.message_id", id=message_id)
    return Words.say("import.where.message_index", index=index)


def line_where(line: int) -> Words:
    """Name a line of a text file (CSV), counted from 1 as a text editor does."""
    return Words.say("import.where.line", line=line)


def entry_where(index: int, title: str | None = None, item_id: str | None = None) -> Words:
    """Name an entry of a feed or a WordPress export: its number, and its id or title if known."""
    where = Words.say("import.where.entry", index=index)
    extras = []
    if item_id:
        extras.append(Words.say("import.where.id", id=item_id))
    if title:
        extras.append(Words.say("import.quoted", name=title if len(title) <= 60 else title[:57] + "..."))
    if not extras:
        return where
    joined = Words(", ".join(extra.uk for extra in extras), ", ".join(extra.en for extra in extras))
    return Words(f"{where.uk} ({joined.uk})", f"{where.en} ({joined.en})")


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

    def message(self, lang: str) -> str:
        """The message in one language (``"uk"`` or ``"en"``)."""
        text = words.say("import.error.file", lang, path=self.path)
        if self.where is not None:
            text += f", {getattr(self.where, lang)}"
        text += f": {getattr(self.problem, lang)}"
        if self.expected is not None:
            text += ". " + words.say("import.error.expected", lang, expected=getattr(self.expected, lang))
        return text.rstrip(".") + "."

    def _compose(self) -> str:
        return f"{self.message('uk')} / {self.message('en')}"


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
        super().__init__(" / ".join(words.say("import.error.catalog", lang, where=getattr(where, lang),
                                              problem=getattr(problem, lang)) for lang in ("uk", "en")))
