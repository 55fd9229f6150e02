"""The report model: what a report says, as plain text and numbers, knowing no format.

Built by :func:`dept_analysis.content.build_report`; read by every renderer in
:mod:`dept_analysis.render`. It is saved as ``content.json`` beside each report
(:func:`Report.to_json`), which is also what the notebook's kernel reads under
``dept-report run``: the content is built once, and the page, the charts and the documents
all show that one build. This module imports nothing heavy (no pandas), so a kernel that only
shows a built report starts at once.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import asdict, dataclass, field, fields
from zoneinfo import ZoneInfo

from . import words

# The department's clock: a report made at 01:30 in Nizhyn is made that day, not the day before.
TIMEZONE = ZoneInfo("Europe/Kyiv")
SECTIONS = ("key_figures", "narrative", "activities", "highlights", "charts", "notes")


# -- the pieces of a report --------------------------------------------------------------------

@dataclass(frozen=True)
class Table:
    """A table as text, with the numbers behind its cells.

    ``header`` names the columns; each row's first cell names the row. ``values`` holds, for
    each row, the numbers of its other cells (NaN where there is none), for data files.
    """

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    values: tuple[tuple[float, ...], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Series:
    """One line or one set of bars: what it stands for (``key``: a metric or channel code,
    or a role such as "current"), its label, a value per category (NaN: not reported), the
    text to write at each value, where the chart writes one, and its colour ("#rrggbb": the
    metric's or channel's own from the catalog, the same in every chart and format)."""

    key: str
    label: str
    values: tuple[float, ...]
    texts: tuple[str, ...] = ()
    colour: str = ""


@dataclass(frozen=True)
class Chart:
    """A chart specification.

    Attributes
    ----------
    kind : str
        "small_multiples" (a panel per series over ``months``), "paired_lines" (a panel per
        series over ``categories``, with the series of ``references`` beside it as a second
        line: a period against the same period a year earlier), "panel_bars" (a panel per
        series, a bar per category: the ``highlight`` one in the series' colour, the others
        grey), "stacked_bars" (horizontal, a bar per category, a segment per series) or
        "against_average" (horizontal, a bar per category in ``colours``, the first series'
        values, with the first reference series' values marked across each bar).
    title : str
        The chart's title: the caption in a page, document or slide; drawn into the picture
        only in the titled variant made for pasting on its own.
    series : tuple of Series
    categories : tuple of str
        The bars' labels (bar charts).
    months : tuple of str
        "YYYY-MM" of each position on a time axis (small multiples, share columns).
    highlight : int or None
        The position drawn emphasised (the report month, or the report's period).
    totals : tuple of str
        Stacked bars: the text at each bar's end.
    axis_label : str
    references : tuple of Series
        "paired_lines": the line each panel is compared with.
    line_labels : tuple of str
        "paired_lines", "against_average": the legend's words for the two kinds of mark.
    colours : tuple of str
        "against_average": a colour per category (the channels' own).
    source : str
        The line under the chart saying where the numbers come from.
    lang : str
        For the axis' month names and number formats.
    """

    kind: str
    title: str
    series: tuple[Series, ...]
    source: str
    lang: str
    categories: tuple[str, ...] = ()
    months: tuple[str, ...] = ()
    highlight: int | None = None
    totals: tuple[str, ...] = ()
    axis_label: str = ""
    references: tuple[Series, ...] = ()
    line_labels: tuple[str, ...] = ()
    colours: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A numbered figure: its chart, what it is called, what it shows, the numbers behind it."""

    number: int
    key: str
    title: str
    alt: str
    chart: Chart
    table: Table
    lang: str
    # The report's period ("2021-08", "2021-Q3"): it starts the files' names, so charts of
    # several reports can share one folder.
    period: str = ""

    @property
    def caption(self) -> str:
        """"Рисунок 1. Ключові показники ..."."""
        return f"{words.say('figure', self.lang)} {self.number}. {self.title}"

    @property
    def stem(self) -> str:
        """The figure's file name without suffix: "2021-08_01_trend"."""
        return f"{self.period}_{self.number:02d}_{self.key}" if self.period else f"{self.number:02d}_{self.key}"


@dataclass(frozen=True)
class ActivityGroup:
    """Paragraphs under one section heading ("" when the workbook gives none).

    ``labels``, when given, says of each paragraph when it was done: the month ("серпень
    2021"), or that it was done every month of the period (a standing activity).
    """

    section: str
    paragraphs: tuple[str, ...]
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Count:
    """One count of the report's period, as open data: a month, a metric, a channel."""

    month: str
    metric: str
    metric_uk: str
    metric_en: str
    channel: str
    channel_uk: str
    channel_en: str
    count: int


@dataclass(frozen=True)
class Source:
    """A workbook the report read."""

    file: str
    sha256: str
    month: str


@dataclass(frozen=True)
class Report:
    """One report's whole content. Build it with :func:`dept_analysis.content.build_report`.

    ``notes`` are for every reader (months compared, what is missing, how counts add up);
    ``technical`` and ``sources`` are provenance (how and from which files it was made), kept
    apart from the body; ``counts`` are the period's counts as open data.
    """

    lang: str
    period: str
    title: str
    intro: str
    department: str
    headings: dict[str, str]
    key_figures: Table
    narrative: tuple[str, ...]
    activities: tuple[ActivityGroup, ...]
    activities_note: str
    highlights: tuple[str, ...]
    figures: tuple[Figure, ...]
    notes: tuple[str, ...]
    sources: tuple[Source, ...]
    made_at: dt.datetime
    technical: tuple[str, ...] = ()
    counts: tuple[Count, ...] = ()
    provenance: dict = field(default_factory=dict)
    kind: str = "month"
    tables: tuple[Table, ...] = ()
    # Who signs the official documents (Word, PDF): (position, name) from the catalog; empty
    # when the catalog names no one.
    signatory: tuple[str, ...] = ()
    # The title without the department's name ("Звіт про роботу за серпень 2021 року"), for
    # where the name stands beside it (a deck's title slide).
    short_title: str = ""

    @property
    def sections(self) -> tuple[str, ...]:
        """The sections this report has, in order (a period report adds its tables)."""
        if not self.tables:
            return SECTIONS
        return (SECTIONS[0], "tables", *SECTIONS[1:])

    def heading(self, section: str) -> str:
        """The heading of a section ("key_figures" ...) in the report's language."""
        return self.headings.get(section) or words.say(section, self.lang)



# -- saving and reading ------------------------------------------------------------------------

def _plain(value):
    """JSON has no NaN: a number that is not there is null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _numbers(values) -> tuple:
    return tuple(float("nan") if v is None else v for v in values)


_KINDS: dict[str, type] = {}


def _build(cls, data: dict):
    """Rebuild a dataclass from its dictionary, by the type each field declares."""
    values = {}
    for item in fields(cls):
        if item.name not in data:
            continue
        value, kind = data[item.name], str(item.type)
        if kind in _KINDS:
            value = _build(_KINDS[kind], value)
        elif kind.startswith("tuple[tuple[float"):
            value = tuple(_numbers(v) for v in value)
        elif kind.startswith("tuple[tuple["):
            value = tuple(tuple(v) for v in value)
        elif kind.startswith("tuple[float"):
            value = _numbers(value)
        elif kind.startswith("tuple[") and kind[6:].split(",")[0] in _KINDS:
            value = tuple(_build(_KINDS[kind[6:].split(",")[0]], v) for v in value)
        elif kind.startswith("tuple["):
            value = tuple(value)
        elif kind == "dt.datetime":
            value = dt.datetime.fromisoformat(value)
        values[item.name] = value
    return cls(**values)


def report_to_json(report: "Report") -> str:
    """The report's content as JSON text (numbers that are not there are null)."""
    return json.dumps(_plain(asdict(report)), ensure_ascii=False, indent=1)


def report_from_json(text: str) -> "Report":
    """A report's content read back from :func:`report_to_json`."""
    if not _KINDS:
        _KINDS.update({kind.__name__: kind for kind in (Table, Series, Chart, Figure, ActivityGroup, Source, Count)})
    return _build(Report, json.loads(text))


__all__ = ["ActivityGroup", "Chart", "Count", "Figure", "Report", "SECTIONS", "Series", "Source", "TIMEZONE", "Table",
           "report_from_json", "report_to_json"]
