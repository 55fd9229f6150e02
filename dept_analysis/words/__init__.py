"""Every fixed word the product says, one table per language, keyed by code.

``uk.WORDS`` and ``en.WORDS`` hold the same keys: the report's labels (``contents``,
``key_figures`` ...), the analyst's notebook (``explore.*``) and every problem message
(``problem.<code>``, see :class:`dept_analysis.problems.ProblemCode`). Adding a language
means adding a table with the same keys. Text that comes from the data (workbooks, the
catalog) never goes through here.
"""

from __future__ import annotations

from . import en, uk

TABLES: dict[str, dict[str, str]] = {"uk": uk.WORDS, "en": en.WORDS}
LANGUAGES = tuple(TABLES)


def say(key: str, lang: str, /, **values) -> str:
    """Return the words for ``key`` in ``lang``, with ``values`` filled in.

    Parameters
    ----------
    key : str
        A key of the language tables, e.g. ``"key_figures"`` or ``"problem.count_blank"``.
    lang : str
        One of :data:`LANGUAGES`.
    **values
        The placeholders the words use (``{month}``, ``{row}`` ...).

    Raises
    ------
    KeyError
        For an unknown key or language: a bug, never the user's mistake.
    """
    text = TABLES[lang][key]
    return text.format(**values) if values else text


def check_language(lang: object) -> str:
    """Return ``lang`` if the product speaks it; raise DeptAnalysisError otherwise."""
    if lang not in TABLES:
        from ..errors import DeptAnalysisError

        raise DeptAnalysisError(both("language", value=repr(lang), known=", ".join(LANGUAGES)))
    return lang


def both(key: str, **values) -> str:
    """Return the Ukrainian and English words joined by " / ", for messages that have no
    language of their own (the command line speaks both)."""
    return " / ".join(say(key, lang, **values) for lang in LANGUAGES)


__all__ = ["LANGUAGES", "TABLES", "both", "check_language", "say"]
