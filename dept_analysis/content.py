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
from .grammar import format_change_percent, format_number, format_percent_share, format_signed
from .loading import MonthlyData
from .model import SECTIONS, TIMEZONE, ActivityGroup, Chart, Figure, Report, Series, Table
from .narrative import (comparison_clause, highlight_sentence, intro, metric_paragraph, missing_metric_note,
                        title)
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


def source_line(months: pd.PeriodIndex, lang: str) -> str:
    """The line under a chart saying where its numbers come from."""
    first, last = month_text(months[0]), month_text(months[-1])
    if first == last:
        return words.say("source_one", lang, month=first)
    return words.say("source", lang, first=first, last=last)


def _quoted(name: str, lang: str) -> str:
    return words.say("quoted", lang, name=name)


def _trend(data: MonthlyData, month: pd.Period, lang: str, figures: pd.DataFrame) -> tuple[Chart, str, Table]:
    period = pd.period_range(month - 12, month, freq="M")
    totals = monthly_totals(data, period)
    series = tuple(Series(m.code, m.name(lang), tuple(float(v) for v in totals[m.code])) for m in data.catalog.metrics)
    chart = Chart("small_multiples", words.say("key_figures", lang), series, source_line(period, lang), lang,
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
    return chart, alt, table


def _comparison(data: MonthlyData, month: pd.Period, lang: str, figures: pd.DataFrame) -> tuple[Chart, str, Table]:
    names = tuple(data.catalog.metric(code).name(lang) for code in figures.index)
    columns = (("current", month), ("previous", month - 1), ("year_ago", month - 12))
    series = []
    for column, period in columns:
        values = tuple(float(v) for v in figures[column])
        texts = tuple(words.say("no_data", lang) if np.isnan(v) else format_number(v, lang) for v in values)
        series.append(Series(column, label_month(period, lang), values, texts))
    chart = Chart("grouped_bars", _title("comparison", month, lang), tuple(series),
                  source_line(pd.PeriodIndex([month - 12, month]), lang), lang, categories=names,
                  axis_label=words.say("count_axis", lang))
    items = [f"{_quoted(name, lang)} — " + ", ".join(s.texts[i] for s in series) for i, name in enumerate(names)]
    alt = words.say("alt.comparison", lang, month=label_month(month, lang),
                    previous=month_year(month - 1, lang, "instrumental"),
                    year_ago=month_year(month - 12, lang, "instrumental"), items="; ".join(items))
    table = Table("", (words.say("metric", lang), *(s.label for s in series)),
                  tuple((name, *(s.texts[i] for s in series)) for i, name in enumerate(names)),
                  tuple(tuple(s.values[i] for s in series) for i in range(len(names))))
    return chart, alt, table


def _channels(data: MonthlyData, month: pd.Period, lang: str) -> tuple[Chart, str, Table]:
    breakdown = channel_breakdown(data, month)
    names = tuple(data.catalog.channel(code).name(lang) for code in breakdown.index)
    series = tuple(Series(m.code, m.name(lang), tuple(float(v) for v in breakdown[m.code]))
                   for m in data.catalog.metrics)
    totals = breakdown.sum(axis=1)
    chart = Chart("stacked_bars", _title("channels", month, lang), series, source_line(pd.PeriodIndex([month]), lang),
                  lang, categories=names, totals=tuple(format_number(v, lang) for v in totals),
                  axis_label=words.say("count_axis", lang))
    ranked = sorted(zip(names, totals), key=lambda pair: -pair[1])
    items = [f"{_quoted(name, lang)} — {format_number(total, lang)}" for name, total in ranked if total > 0]
    alt = words.say("alt.channels", lang, month=month_year(month, lang, "locative"),
                    items="; ".join(items) or words.say("no_data", lang))
    header = (words.say("channel", lang), *(s.label for s in series), words.say("total", lang))
    rows = tuple((name, *(format_number(s.values[i], lang) for s in series), format_number(totals.iloc[i], lang))
                 for i, name in enumerate(names))
    values = tuple((*(s.values[i] for s in series), float(totals.iloc[i])) for i in range(len(names)))
    return chart, alt, Table("", header, rows, values)


def _channel_mix(data: MonthlyData, month: pd.Period, lang: str) -> tuple[Chart, str, Table]:
    period = pd.period_range(month - 12, month, freq="M")
    totals = channel_totals(data, period)
    totals = totals.loc[:, totals.fillna(0).sum() > 0]
    shares = totals.div(totals.sum(axis=1), axis=0).fillna(0) * 100
    series = tuple(Series(code, data.catalog.channel(code).name(lang), tuple(float(v) for v in shares[code]))
                   for code in shares.columns)
    chart = Chart("share_columns", _title("channel_mix", month, lang), series, source_line(period, lang), lang,
                  months=tuple(month_text(m) for m in period), highlight=len(period) - 1,
                  axis_label=words.say("share", lang))
    last = sorted(((s.label, s.values[-1]) for s in series), key=lambda pair: -pair[1])
    items = [f"{_quoted(name, lang)} — {format_percent_share(value, lang)}" for name, value in last if value > 0]
    alt = words.say("alt.channel_mix", lang, first=month_year(period[0], lang), last=month_year(month, lang),
                    month=month_year(month, lang, "locative"), items="; ".join(items) or words.say("no_data", lang))
    table = Table("", (words.say("channel", lang), *(label_month(m, lang) for m in period)),
                  tuple((s.label, *(format_percent_share(v, lang) for v in s.values)) for s in series),
                  tuple(s.values for s in series))
    return chart, alt, table


def _title(key: str, month: pd.Period, lang: str) -> str:
    """A chart's title (its caption without "Рисунок N."), months in the case the phrase needs."""
    first = month - 12
    if key == "trend":
        return words.say("chart_trend", lang, first=month_year(first, lang), last=month_year(month, lang))
    if key == "comparison":
        return words.say("chart_compare", lang, month=label_month(month, lang),
                         previous=month_year(month - 1, lang, "instrumental"),
                         year_ago=month_year(month - 12, lang, "instrumental"))
    if key == "channels":
        return words.say("chart_channels", lang, month=month_year(month, lang))
    return words.say("chart_mix", lang, first=month_year(first, lang), last=month_year(month, lang))


FIGURES = ("trend", "comparison", "channels", "channel_mix")


def _figures(data: MonthlyData, month: pd.Period, lang: str, figures: pd.DataFrame) -> tuple[Figure, ...]:
    made = {
        "trend": lambda: _trend(data, month, lang, figures),
        "comparison": lambda: _comparison(data, month, lang, figures),
        "channels": lambda: _channels(data, month, lang),
        "channel_mix": lambda: _channel_mix(data, month, lang),
    }
    result = []
    for number, key in enumerate(FIGURES, start=1):
        chart, alt, table = made[key]()
        caption = words.say("figure_data", lang, number=number)
        result.append(Figure(number, key, _title(key, month, lang), alt, chart,
                             Table(caption, table.header, table.rows, table.values), lang))
    return tuple(result)


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
