"""What the notebook shows beside the charts: each section's heading in the notebook's language,
and the tables written as the report writes numbers ("1 234", "+23", "−5", "+45,8%").

The tables are pandas Stylers over the numeric tables of :mod:`.numbers`: the notebook shows
the formatted text, and ``styler.data`` is still the numbers, to sort and compute on.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown
from pandas.io.formats.style import Styler

from .. import config, words
from ..errors import DeptAnalysisError
from ..grammar import format_change_percent, format_number, format_signed
from ..loading import MonthlyData
from .numbers import rankings, year_over_year
from .selection import resolve_channel, resolve_metric, selection_name, word

SECTIONS = ("series", "year_over_year", "seasonal", "shares", "rankings")
_RIGHT, _LEFT = {"text-align": "right"}, {"text-align": "left"}
_BOLD = "font-weight: bold"


def heading_text(section: str, lang: str = config.DEFAULT_LANGUAGE) -> str:
    """A section's heading and its one-line note, as Markdown in ``lang``.

    Raises
    ------
    DeptAnalysisError
        For a section not in :data:`SECTIONS`, or an unknown language.
    """
    lang = words.check_language(lang)
    if section not in SECTIONS:
        raise DeptAnalysisError(words.both("explore.section", value=repr(section), known=", ".join(SECTIONS)))
    return f"## {word(f'heading.{section}', lang)}\n\n{word(f'about.{section}', lang)}"


def heading(section: str, lang: str = config.DEFAULT_LANGUAGE) -> Markdown:
    """A section's heading for the notebook: ``explore.heading("series", lang)`` shows
    "## Кількість у часі" and what the section shows, in ``lang``.

    Parameters
    ----------
    section : {"series", "year_over_year", "seasonal", "shares", "rankings"}
    lang : {"uk", "en"}
    """
    return Markdown(heading_text(section, lang))


def format_rankings(table: pd.DataFrame, lang: str) -> Styler:
    """Show a :func:`~.numbers.rankings` table as the report writes it: counts "1 234",
    the change "+23" / "−5" (a real minus sign), the change in percent "+45,8%", "—" where
    there is none."""
    counts, change, percent = list(table.columns[2:4]), table.columns[4], table.columns[5]
    formats = {column: (lambda value: format_number(value, lang)) for column in counts}
    formats[change] = lambda value: format_signed(value, lang)
    formats[percent] = lambda value: format_change_percent(value / 100, lang)
    # A fixed id keeps the notebook's output the same from run to run (pandas would draw a random one).
    return (table.style.set_uuid("rankings").format(formats)
            .set_properties(subset=list(table.columns[:2]), **_LEFT)
            .set_properties(subset=[*counts, change, percent], **_RIGHT))


def rankings_table(data: MonthlyData, month: str | None = None, lang: str = config.DEFAULT_LANGUAGE,
                   granularity: str = "month") -> Styler:
    """:func:`~.numbers.rankings`, written as in the report; ``.data`` holds the numbers.

    Raises
    ------
    DeptAnalysisError, MonthError
        As :func:`~.numbers.rankings`.
    """
    return format_rankings(rankings(data, month, lang, granularity), lang)


def year_over_year_table(data: MonthlyData, metric: str | None = None, channel: str | None = None,
                         lang: str = config.DEFAULT_LANGUAGE, granularity: str = "month") -> Styler:
    """:func:`~.numbers.year_over_year` with its total row, counts written "1 234", "—" where
    not reported, the total row in bold and the selection as the caption; ``.data`` holds
    the numbers.

    Raises
    ------
    DeptAnalysisError
        As :func:`~.numbers.year_over_year`.
    """
    table = year_over_year(data, metric, channel, lang, granularity)
    metric, channel = resolve_metric(data, metric), resolve_channel(data, channel)
    styler = (table.style.set_uuid("year-over-year").format(lambda value: format_number(value, lang))
              .set_properties(**_RIGHT)
              .set_caption(selection_name(data, metric, channel, lang)))
    total = word("total", lang)
    if total in table.index:
        styler = (styler.apply(lambda row: [_BOLD if row.name == total else ""] * len(row), axis=1)
                  .apply_index(lambda labels: [_BOLD if label == total else "" for label in labels]))
    return styler


__all__ = ["SECTIONS", "format_rankings", "heading", "heading_text", "rankings_table", "year_over_year_table"]
