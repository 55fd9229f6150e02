"""Dates as exports write them: strptime patterns, month names in Ukrainian or English.

A CSV export writes its dates in the language of the interface it was downloaded from:
"Sep 14, 2026" from an English YouTube Studio, "14 вер. 2026 р." from a Ukrainian one. The
patterns are ordinary :func:`datetime.strptime` patterns; ``%b`` and ``%B`` accept month
names of either language (full, genitive or abbreviated, with or without a dot) whatever the
process locale is, because month words are turned into numbers here before parsing.
``"iso"`` stands for ISO 8601 (``2021-08-31T14:05:00+03:00``, ``2021-08-31 14:05``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from dept_analysis import words

from .errors import Words
from .kyiv_time import localize

_MONTH_WORDS: dict[str, int] = {}
for _number, _words in enumerate((
    "січень січня січ jan january",
    "лютий лютого лют feb february",
    "березень березня бер mar march",
    "квітень квітня квіт кві apr april",
    "травень травня трав тра may",
    "червень червня черв чер jun june",
    "липень липня лип jul july",
    "серпень серпня серп сер aug august",
    "вересень вересня вер sep sept september",
    "жовтень жовтня жовт жов oct october",
    "листопад листопада лист лис nov november",
    "грудень грудня груд гру dec december",
), start=1):
    for _word in _words.split():
        _MONTH_WORDS[_word] = _number

_WORD = re.compile(r"[^\W\d_]+\.?")
# "2026 р." and "2026 року" after the year in Ukrainian dates.
_YEAR_WORD = re.compile(r"(?<=\d)\s*(?:р\.|року|р)(?=\s|,|$)", re.IGNORECASE)



def parse_datetime(text: str, formats: Sequence[str], zone_name: str = "Europe/Kyiv") -> datetime | None:
    """Read a date or date-time by the first pattern that fits.

    Parameters
    ----------
    text : str
        The cell as written.
    formats : sequence of str
        strptime patterns, tried in order, or ``"iso"``.
    zone_name : str, default "Europe/Kyiv"
        The zone of a time written without an offset.

    Returns
    -------
    datetime or None
        A timezone-aware datetime (a date alone is its midnight), or None if no pattern fits.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        return None
    for fmt in formats:
        moment = _try(cleaned, fmt)
        if moment is not None:
            return moment if moment.tzinfo is not None else localize(moment, zone_name)
    return None


def _try(text: str, fmt: str) -> datetime | None:
    if fmt == "iso":
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return None
    if "%b" in fmt or "%B" in fmt:
        text = _months_to_numbers(_YEAR_WORD.sub("", text))
        if text is None:
            return None
        fmt = fmt.replace("%B", "%m").replace("%b", "%m")
    try:
        return datetime.strptime(text, fmt)
    except ValueError:
        return None


def _months_to_numbers(text: str) -> str | None:
    """Replace a month word with its number; None if a word is not a month."""
    found = False

    def number(match: re.Match) -> str:
        nonlocal found
        word = match.group(0).rstrip(".").casefold()
        if word in _MONTH_WORDS:
            found = True
            return str(_MONTH_WORDS[word])
        return match.group(0)

    replaced = _WORD.sub(number, text)
    return replaced if found else None


def describe_formats(formats: Sequence[str]) -> Words:
    """The patterns as a person reads them, in Ukrainian and English, with an example each.

    >>> describe_formats(["%d.%m.%Y %H:%M"]).en
    'DD.MM.YYYY hh:mm (e.g. 31.08.2021 14:05)'
    """
    sample = datetime(2021, 8, 31, 14, 5)
    described = {}
    for lang in ("uk", "en"):
        # "%d ДД %m ММ ...": each strptime token followed by what a person calls it.
        tokens = words.say("import.dates.hints", lang).split()
        hints = list(zip(tokens[::2], tokens[1::2]))
        parts = []
        for fmt in formats:
            if fmt == "iso":
                parts.append(words.say("import.dates.iso", lang))
                continue
            hint = fmt
            for token, word in hints:
                hint = hint.replace(token, word)
            example = sample.strftime(fmt.replace("%z", "+0300"))
            parts.append(words.say("import.dates.example", lang, pattern=hint, example=example))
        described[lang] = words.say("import.dates.or", lang).join(parts)
    return Words(**described)
