"""What every report's figures share, month or period: the source line under a chart and
the numbering of the figures that could be made."""

from __future__ import annotations

import pandas as pd

from . import words
from .model import Figure, Table
from .periods import month_year


def source_line(months: pd.PeriodIndex, lang: str) -> str:
    """The line under a chart saying where its numbers come from, months in words."""
    first, last = months[0], months[-1]
    if first == last:
        return words.say("source_one", lang, month=month_year(first, lang, "accusative"))
    return words.say("source", lang, first=month_year(first, lang), last=month_year(last, lang))


def numbered(made: list, lang: str, period: str) -> tuple[Figure, ...]:
    """The figures that could be made, numbered in order, each table captioned by its number.

    ``made`` holds (key, (title, chart, alt, table)) pairs, the second None for a figure with
    nothing to show (it is left out, and the numbers close up)."""
    result = []
    for key, parts in made:
        if parts is None:
            continue
        chart_title, chart, alt, table = parts
        number = len(result) + 1
        caption = words.say("figure_data", lang, number=number)
        result.append(Figure(number, key, chart_title, alt, chart, Table(caption, table.header, table.rows, table.values),
                             lang, period))
    return tuple(result)


__all__ = ["numbered", "source_line"]
