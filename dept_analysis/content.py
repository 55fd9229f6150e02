"""What a report says, built once from the loaded data (:func:`build_report`).

The result is a :class:`~dept_analysis.model.Report`: the title and intro, the key-figures
table, the narrative paragraphs, the activities by section, the highlights, the figures
(each a chart specification with its caption, one sentence of alt text from the data, and
the table of numbers behind it) and the notes. Everything in it is plain text and numbers:
no HTML, no matplotlib, no office library, no file. The renderers in
:mod:`dept_analysis.render` each turn one Report into one format.

Where the words come from: the report's fixed words are in :mod:`dept_analysis.words`, the
sentences are made in :mod:`dept_analysis.narrative`, the numbers in :mod:`dept_analysis.totals`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from . import words
from .grammar import format_change_percent, format_number, format_signed
from .loading import MonthlyData
from .model import SECTIONS, TIMEZONE, ActivityGroup, Chart, Figure, Report, Series, Table
from .narrative import (comparison_clause, highlight_sentence, intro, metric_paragraph, missing_metric_note,
                        short_title, title)
from .figures import numbered, source_line
from .period_content import build_period_report
from .periods import ReportPeriod, label_month, month_text, month_year, report_window
from .records import counts_of, provenance, sources_of, technical_lines
from .totals import channel_breakdown, channel_totals, highlights, key_figures, monthly_totals

# -- building it -------------------------------------------------------------------------------

def _key_figures(data: MonthlyData, month: pd.Period, lang: str, figures: pd.DataFrame) -> Table:
    header = (words.say("metric", lang), label_month(month, lang), label_month(month - 1, lang),
              words.say("change", lang), words.say("change_pct", lang), label_month(month - 12, lang),
              words.say("ytd", lang, year=month.year))
    partial = len(figures) > 0 and int(figures["ytd_months"].iloc[0]) < month.month
    rows, values = [], []
    for code, row in figures.iterrows():
        rows.append((
            data.catalog.metric(code).name(lang),
            format_number(row["current"], lang),
            format_number(row["previous"], lang),
            format_signed(row["change"], lang),
            format_change_percent(row["change_pct"], lang),
            format_number(row["year_ago"], lang),
            format_number(row["ytd"], lang) + (" *" if partial and not np.isnan(row["ytd"]) else ""),
        ))
        values.append(tuple(float(row[c]) for c in ("current", "previous", "change", "change_pct", "year_ago", "ytd")))
    note = ""
    if partial:
        note = "* " + words.say("notes_ytd", lang, n=int(figures["ytd_months"].iloc[0]), total=month.month)
    return Table(words.say("key_figures", lang), header, tuple(rows), tuple(values), note)


def _activities(data: MonthlyData, month: pd.Period) -> tuple[ActivityGroup, ...]:
    rows = data.activities[data.activities["month"] == month].sort_values("position")
    groups: list[ActivityGroup] = []
    for section, text in zip(rows["section"], rows["text"]):
        # A paragraph without a section continues the one above it, as the page shows it.
        if groups and (not section or section == groups[-1].section):
            groups[-1] = ActivityGroup(groups[-1].section, groups[-1].paragraphs + (text,))
        else:
            groups.append(ActivityGroup(section, (text,)))
    return tuple(groups)


def _quoted(name: str, lang: str) -> str:
    return words.say("quoted", lang, name=name)


def _texts(values, lang: str) -> tuple[str, ...]:
    return tuple(words.say("no_data", lang) if np.isnan(v) else format_number(v, lang) for v in values)


def _trend(data: MonthlyData, month: pd.Period, lang: str, figures: pd.DataFrame
           ) -> tuple[str, Chart, str, Table] | None:
    """Thirteen months of each metric, a panel per metric; fewer where the data starts later
    (months before the first workbook are not drawn as gaps), none in the data's first month."""
    start = max(month - 12, min(data.sources["month"], default=month))
    if start >= month:
        return None
    period = pd.period_range(start, month, freq="M")
    totals = monthly_totals(data, period)
    series = tuple(Series(m.code, m.name(lang), tuple(float(v) for v in totals[m.code]), colour=m.colour)
                   for m in data.catalog.metrics)
    chart_title = words.say("chart_trend", lang, first=month_year(period[0], lang), last=month_year(month, lang))
    chart = Chart("small_multiples", chart_title, series, source_line(period, lang), lang,
                  months=tuple(month_text(m) for m in period), highlight=len(period) - 1)
    items = []
    for metric in data.catalog.metrics:
        row = figures.loc[metric.code]
        if np.isnan(row["current"]):
            continue
        item = f"{_quoted(metric.name(lang), lang)} — {format_number(row['current'], lang)}"
        if not np.isnan(row["change"]):
            item += ", " + comparison_clause(row["change"], month - 1, month, lang)
        items.append(item)
    alt = words.say("alt.trend", lang, first=month_year(period[0], lang), last=month_year(month, lang),
                    month=month_year(month, lang, "locative"), items="; ".join(items) or words.say("no_data", lang))
    table = Table("", (words.say("metric", lang), *(label_month(m, lang) for m in period)),
                  tuple((s.label, *(format_number(v, lang) for v in s.values)) for s in series),
                  tuple(s.values for s in series))
    return chart_title, chart, alt, table


def _comparison(data: MonthlyData, month: pd.Period, lang: str, figures: pd.DataFrame
                ) -> tuple[str, Chart, str, Table] | None:
    """Each metric this month beside the previous month and the same month a year earlier:
    a panel per metric. A month without a workbook is left out; with neither, there is
    nothing to compare and no figure."""
    present = set(data.sources["month"])
    compared = [(column, m) for column, m in (("year_ago", month - 12), ("previous", month - 1)) if m in present]
    if not compared:
        return None
    columns = [*compared, ("current", month)]
    metrics = [data.catalog.metric(code) for code in figures.index]
    series = tuple(Series(m.code, m.name(lang), tuple(float(figures.at[m.code, c]) for c, _ in columns),
                          _texts([figures.at[m.code, c] for c, _ in columns], lang), m.colour) for m in metrics)
    labels = tuple(label_month(m, lang) for _, m in columns)
    others = [month_year(m, lang, "instrumental") for _, m in reversed(compared)]
    if len(others) == 2:
        chart_title = words.say("chart_compare", lang, month=label_month(month, lang), previous=others[0],
                                year_ago=others[1])
        alt_head = words.say("alt.comparison", lang, month=label_month(month, lang), previous=others[0],
                             year_ago=others[1], items="{items}")
    else:
        chart_title = words.say("chart_compare_one", lang, month=label_month(month, lang), other=others[0])
        alt_head = words.say("alt.compare_one", lang, month=label_month(month, lang), other=others[0], items="{items}")
    chart = Chart("panel_bars", chart_title, series, source_line(pd.PeriodIndex([columns[0][1], month]), lang), lang,
                  categories=labels, highlight=len(columns) - 1)
    items = [f"{_quoted(s.label, lang)} — " + ", ".join(f"{label}: {text}" for label, text in zip(labels, s.texts))
             for s in series]
    alt = alt_head.replace("{items}", "; ".join(items))
    table = Table("", (words.say("metric", lang), *labels), tuple((s.label, *s.texts) for s in series),
                  tuple(s.values for s in series))
    return chart_title, chart, alt, table


def _channels(data: MonthlyData, month: pd.Period, lang: str) -> tuple[str, Chart, str, Table] | None:
    breakdown = channel_breakdown(data, month)
    if breakdown.empty:
        return None
    names = tuple(data.catalog.channel(code).name(lang) for code in breakdown.index)
    series = tuple(Series(m.code, m.name(lang), tuple(float(v) for v in breakdown[m.code]), colour=m.colour)
                   for m in data.catalog.metrics)
    totals = breakdown.sum(axis=1)
    chart_title = words.say("chart_channels", lang, month=month_year(month, lang))
    chart = Chart("stacked_bars", chart_title, series, source_line(pd.PeriodIndex([month]), lang), lang,
                  categories=names, totals=tuple(format_number(v, lang) for v in totals),
                  axis_label=words.say("count_axis", lang))
    ranked = sorted(zip(names, totals), key=lambda pair: -pair[1])
    items = [f"{_quoted(name, lang)} — {format_number(total, lang)}" for name, total in ranked]
    alt = words.say("alt.channels", lang, month=month_year(month, lang, "locative"), items="; ".join(items))
    header = (words.say("channel", lang), *(s.label for s in series), words.say("total", lang))
    rows = tuple((name, *(format_number(s.values[i], lang) for s in series), format_number(totals.iloc[i], lang))
                 for i, name in enumerate(names))
    values = tuple((*(s.values[i] for s in series), float(totals.iloc[i])) for i in range(len(names)))
    return chart_title, chart, alt, Table("", header, rows, values)


def _channel_change(data: MonthlyData, month: pd.Period, lang: str) -> tuple[str, Chart, str, Table] | None:
    """How each channel changed: this month against its own monthly average over the twelve
    months before (the months that have a workbook reporting the channel), in per cent. A
    channel not reported this month, or never before, cannot be compared and is left out."""
    window = pd.period_range(month - 12, month - 1, freq="M")
    history = channel_totals(data, window)
    current = channel_totals(data, pd.PeriodIndex([month])).iloc[0]
    average = history.mean(skipna=True)
    codes = [c.code for c in data.catalog.channels
             if not np.isnan(current[c.code]) and not np.isnan(average[c.code]) and average[c.code] > 0]
    if not codes:
        return None
    known = history.dropna(how="all").index
    first, last = month_year(known[0], lang), month_year(known[-1], lang)
    names = tuple(data.catalog.channel(code).name(lang) for code in codes)
    values = tuple(float(current[code]) for code in codes)
    means = tuple(float(average[code]) for code in codes)
    changes = tuple((v - a) / a for v, a in zip(values, means))
    change_texts = tuple(format_change_percent(c, lang) for c in changes)
    texts = tuple(words.say("against_average", lang, change=c, count=format_number(v, lang),
                            average=format_number(a, lang, digits=1))
                  for c, v, a in zip(change_texts, values, means))
    # One month before is no average: said as that month.
    span = "one" if first == last else "many"
    average_label = words.say(f"average_month.{span}", lang, first=first, last=last)
    chart_title = words.say(f"chart_channel_change.{span}", lang, month=month_year(month, lang), first=first,
                            last=last, other=month_year(known[0], lang, "instrumental"))
    chart = Chart("against_average", chart_title,
                  (Series("change", words.say("change_pct", lang), tuple(c * 100 for c in changes), texts),),
                  source_line(pd.PeriodIndex([known[0], month]), lang), lang, categories=names,
                  axis_label=words.say("change_on_average" if span == "many" else "change_pct", lang),
                  colours=tuple(data.catalog.channel(code).colour for code in codes))
    items = [f"{_quoted(name, lang)} — {text}" for name, text in zip(names, texts)]
    alt = words.say(f"alt.channel_change.{span}", lang, month=month_year(month, lang, "locative"), first=first,
                    last=last, other=month_year(known[0], lang, "instrumental"), items="; ".join(items))
    header = (words.say("channel", lang), label_month(month, lang), average_label, words.say("change_pct", lang))
    rows = tuple((name, format_number(v, lang), format_number(a, lang, digits=1), c)
                 for name, v, a, c in zip(names, values, means, change_texts))
    table = Table("", header, rows, tuple((v, a, ch * 100) for v, a, ch in zip(values, means, changes)))
    return chart_title, chart, alt, table


FIGURES = ("trend", "comparison", "channels", "channel_change")


def _figures(data: MonthlyData, month: pd.Period, lang: str, figures: pd.DataFrame) -> tuple[Figure, ...]:
    return numbered([
        ("trend", _trend(data, month, lang, figures)),
        ("comparison", _comparison(data, month, lang, figures)),
        ("channels", _channels(data, month, lang)),
        ("channel_change", _channel_change(data, month, lang)),
    ], lang, month_text(month))


def _notes(data: MonthlyData, month: pd.Period, lang: str, figures: pd.DataFrame, made_at: dt.datetime
           ) -> tuple[str, ...]:
    lines = [words.say("notes_compared", lang, month=month_year(month, lang), previous=month_year(month - 1, lang),
                       year_ago=month_year(month - 12, lang))]
    for missing in missing_comparisons(data, month):
        lines.append(words.say("notes_missing", lang, month=month_year(missing, lang)))
    if len(figures) and int(figures["ytd_months"].iloc[0]) < month.month:
        lines.append(words.say("notes_ytd", lang, n=int(figures["ytd_months"].iloc[0]), total=month.month))
    lines.append(words.say("notes_channels", lang))
    return tuple(lines)




def missing_comparisons(data: MonthlyData, month: pd.Period) -> list[pd.Period]:
    """The comparison months (previous, a year earlier) that have no workbook."""
    present = set(data.sources["month"])
    return [m for m in (month - 1, month - 12) if m not in present]



def build_report(data: MonthlyData, period: pd.Period | ReportPeriod, lang: str,
                 made_at: dt.datetime | None = None) -> Report:
    """Build the content of a report in ``lang`` from loaded data.

    Parameters
    ----------
    data : MonthlyData
        Holding at least the months the report reads (:func:`.periods.period_window`).
    period : pandas.Period or ReportPeriod
        A month, or a quarter, half-year or year (:mod:`.period_content`).
    lang : str
    made_at : datetime, optional
        When the report is made (now, in Kyiv time, by default).
    """
    made_at = (made_at or dt.datetime.now(TIMEZONE)).astimezone(TIMEZONE)
    if isinstance(period, ReportPeriod):
        if period.kind != "month" or period.only:
            return build_period_report(data, period, lang, made_at)
        period = period.first
    return _month_report(data, period, lang, made_at)


def _month_report(data: MonthlyData, month: pd.Period, lang: str, made_at: dt.datetime) -> Report:
    figures = key_figures(data, month)
    catalog = data.catalog
    narrative = []
    for code, row in figures.iterrows():
        metric = catalog.metric(code)
        # Said where the metric's sentence would stand: a silent gap reads as "nothing".
        narrative.append(missing_metric_note(metric, lang) if np.isnan(row["current"])
                         else metric_paragraph(metric, row, month, lang))
    sentences = [highlight_sentence(h, catalog, month, lang) for h in highlights(data, month)]
    if month - 1 in missing_comparisons(data, month):
        sentences.append(words.say("notes_missing", lang, month=month_year(month - 1, lang)))
    activities = _activities(data, month)
    return Report(
        lang=lang,
        period=month_text(month),
        title=title(catalog, month, lang),
        short_title=short_title(catalog, month, lang),
        intro=intro(catalog, month, lang),
        department=catalog.department.name(lang),
        signatory=catalog.department.signatory(lang),
        headings={key: words.say(key, lang) for key in (*SECTIONS, "contents")},
        key_figures=_key_figures(data, month, lang, figures),
        narrative=tuple(narrative) or (words.say("no_counts", lang),),
        activities=activities,
        activities_note=words.say("as_written", lang) if activities else "",
        highlights=tuple(sentences) or (words.say("no_highlights", lang),),
        figures=_figures(data, month, lang, figures),
        notes=_notes(data, month, lang, figures, made_at),
        sources=sources_of(data, report_window(month)),
        made_at=made_at,
        technical=technical_lines(lang, made_at),
        counts=counts_of(data, [month]),
        provenance=provenance(),
    )


__all__ = ["FIGURES", "build_report", "missing_comparisons", "source_line"]
