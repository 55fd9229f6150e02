"""What a report on a quarter, a half-year or a year says, from the same monthly workbooks.

The same :class:`~dept_analysis.model.Report` as a month's (see :mod:`dept_analysis.content`),
with what a longer period needs: totals over its months, comparisons with the previous
period of the same kind and with the same period a year earlier, the months (and, for a
year, the quarters) side by side, the highlights of the period, and its activities with the
standing ones said once.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from . import words
from .grammar import format_change_percent, format_number, format_signed
from .figures import numbered, source_line
from .loading import MonthlyData
from .model import ActivityGroup, Chart, Figure, Report, Series, Table
from .narrative import (comparison, intro, missing_metric_note, period_highlight_sentence, period_paragraph,
                        short_title, title)
from .periods import (ReportPeriod, in_period, label_month, label_period, month_name, month_year,
                      period_name)
from .records import counts_of, provenance, sources_of, technical_lines
from .textnorm import match_key
from .totals import (channel_period_breakdown, monthly_totals, period_figures, period_highlights,
                     same_period_by_year)


def _same_period(period: ReportPeriod, year: int) -> ReportPeriod:
    """The same period (the same months of it, when partial) in another year."""
    return period.shift((year - period.year) * (12 // period.length))


def _key_figures(data: MonthlyData, period: ReportPeriod, lang: str, figures: pd.DataFrame) -> Table:
    header = [words.say("metric", lang), label_period(period, lang), label_period(period.previous, lang),
              words.say("change", lang), words.say("change_pct", lang)]
    # A year's previous period is the year before: one comparison, not the same one twice.
    twice = period.previous != period.year_ago
    if twice:
        header += [label_period(period.year_ago, lang), words.say("change_year_pct", lang)]
    rows, values = [], []
    for code, row in figures.iterrows():
        cells = [data.catalog.metric(code).name(lang), format_number(row["current"], lang),
                 format_number(row["previous"], lang), format_signed(row["change"], lang),
                 format_change_percent(row["change_pct"], lang)]
        numbers = [row["current"], row["previous"], row["change"], row["change_pct"]]
        if twice:
            cells += [format_number(row["year_ago"], lang), format_change_percent(row["change_year_pct"], lang)]
            numbers += [row["year_ago"], row["change_year_pct"]]
        rows.append(tuple(cells))
        values.append(tuple(float(v) for v in numbers))
    return Table(words.say("key_figures", lang), tuple(header), tuple(rows), tuple(values))


def _by_month(data: MonthlyData, period: ReportPeriod, lang: str) -> Table:
    months = period.months
    totals = monthly_totals(data, months)
    header = (words.say("metric", lang), *(label_month(m, lang) for m in months), words.say("total", lang))
    rows, values = [], []
    for metric in data.catalog.metrics:
        series = totals[metric.code]
        total = series.sum(min_count=1)
        rows.append((metric.name(lang), *(format_number(v, lang) for v in series), format_number(total, lang)))
        values.append((*(float(v) for v in series), float(total)))
    return Table(words.say("table_by_month", lang, period=label_period(period, lang)), header, tuple(rows),
                 tuple(values))


def _by_quarter(data: MonthlyData, period: ReportPeriod, lang: str) -> Table:
    quarters = [ReportPeriod("quarter", period.year, number) for number in range(1, 5)]
    present = set(data.sources["month"])
    header = (words.say("metric", lang), *(label_period(q, lang) for q in quarters), words.say("total", lang))
    totals = monthly_totals(data, period.months)
    rows, values = [], []
    for metric in data.catalog.metrics:
        cells = []
        for quarter in quarters:
            months = list(quarter.all_months)
            # A quarter with a month missing is not summed: an incomplete sum reads as a fall.
            cells.append(totals[metric.code].reindex(months).sum(min_count=1)
                         if all(m in present for m in months) else np.nan)
        total = totals[metric.code].sum(min_count=1)
        rows.append((metric.name(lang), *(format_number(v, lang) for v in cells), format_number(total, lang)))
        values.append((*(float(v) for v in cells), float(total)))
    return Table(words.say("table_by_quarter", lang, period=label_period(period, lang)), header, tuple(rows),
                 tuple(values))


def _activities(data: MonthlyData, period: ReportPeriod, lang: str) -> tuple[ActivityGroup, ...]:
    """Paragraphs done every month of the period once, first in their section, marked as
    standing; the others in month order, each with its month. Sections keep the order in
    which they first appear."""
    months = list(period.months)
    rows = data.activities[data.activities["month"].isin(set(months))].sort_values(["month", "position"])
    seen: dict[str, set] = {}
    for month, text in zip(rows["month"], rows["text"]):
        seen.setdefault(match_key(text), set()).add(month)
    standing = {key for key, found in seen.items() if len(months) > 1 and len(found) == len(months)}
    order: list[str] = []
    standing_rows: dict[str, list[str]] = {}
    dated_rows: dict[str, list[tuple[str, str]]] = {}
    done: set[str] = set()
    current, last_month = "", None
    for month, section, text in zip(rows["month"], rows["section"], rows["text"]):
        # A paragraph without a section continues the section above it in its month's sheet.
        if month != last_month:
            current, last_month = "", month
        current = section or current
        section = current
        if section not in order:
            order.append(section)
        key = match_key(text)
        if key in standing:
            # Said once, under the section where it first appears.
            if key not in done:
                done.add(key)
                standing_rows.setdefault(section, []).append(text)
        else:
            label = month_year(month, lang)
            dated_rows.setdefault(section, []).append((label[:1].upper() + label[1:], text))
    groups = []
    every = words.say("activity_standing", lang)
    for section in order:
        paragraphs = [(every, text) for text in standing_rows.get(section, [])] + dated_rows.get(section, [])
        if paragraphs:
            groups.append(ActivityGroup(section, tuple(t for _, t in paragraphs), tuple(l for l, _ in paragraphs)))
    return tuple(groups)


def _figures(data: MonthlyData, period: ReportPeriod, lang: str, figures: pd.DataFrame,
             by_year: pd.DataFrame) -> tuple[Figure, ...]:
    result = []
    months, ago = period.months, period.year_ago.months
    totals, ago_totals = monthly_totals(data, months), monthly_totals(data, ago)
    names = tuple(month_name(m, "nominative", lang) for m in months)
    current_label, ago_label = label_period(period, lang), label_period(period.year_ago, lang)

    # 1. Each metric's months against the same months a year earlier.
    series = tuple(Series(m.code, m.name(lang), tuple(float(v) for v in totals[m.code]), colour=m.colour)
                   for m in data.catalog.metrics)
    references = tuple(Series(m.code, m.name(lang), tuple(float(v) for v in ago_totals[m.code]), colour=m.colour)
                       for m in data.catalog.metrics)
    chart_title = words.say("chart_period_months", lang, period=current_label,
                            year_ago=period_name(period.year_ago, "instrumental", lang))
    chart = Chart("paired_lines", chart_title, series, source_line(pd.PeriodIndex([ago[0], months[-1]]), lang), lang,
                  categories=tuple(n[:1].upper() + n[1:] for n in names), references=references,
                  line_labels=(current_label, ago_label))
    items = []
    for metric in data.catalog.metrics:
        row = figures.loc[metric.code]
        if np.isnan(row["current"]):
            continue
        item = f"{words.say('quoted', lang, name=metric.name(lang))} — {format_number(row['current'], lang)}"
        if not np.isnan(row["change_year"]):
            item += ", " + comparison(row["change_year"], in_period(period.year_ago, lang, period.year), lang)
        items.append(item)
    alt = words.say("alt.period_months", lang, period=period_name(period, "accusative", lang),
                    items="; ".join(items) or words.say("no_data", lang))
    header = (words.say("metric", lang), *(label_month(m, lang) for m in (*months, *ago)))
    table = Table("", header, tuple((s.label, *(format_number(v, lang) for v in (*s.values, *r.values)))
                                    for s, r in zip(series, references)),
                  tuple((*s.values, *r.values) for s, r in zip(series, references)))
    result.append(("months", (chart_title, chart, alt, table)))

    # 2. What each channel carried over the period (the channels reported in it).
    breakdown = channel_period_breakdown(data, months)
    if breakdown.empty:
        result.append(("channels", None))
    channel_names = tuple(data.catalog.channel(code).name(lang) for code in breakdown.index)
    stacks = tuple(Series(m.code, m.name(lang), tuple(float(v) for v in breakdown[m.code]), colour=m.colour)
                   for m in data.catalog.metrics)
    channel_totals = breakdown.sum(axis=1)
    chart_title = words.say("chart_channels", lang, month=period_name(period, "nominative", lang))
    chart = Chart("stacked_bars", chart_title, stacks, source_line(months, lang), lang, categories=channel_names,
                  totals=tuple(format_number(v, lang) for v in channel_totals), axis_label=words.say("count_axis", lang))
    ranked = sorted(zip(channel_names, channel_totals), key=lambda pair: -pair[1])
    alt = words.say("alt.channels", lang, month=period_name(period, "locative", lang),
                    items="; ".join(f"{words.say('quoted', lang, name=n)} — {format_number(t, lang)}"
                                    for n, t in ranked if t > 0) or words.say("no_data", lang))
    table = Table("", (words.say("channel", lang), *(s.label for s in stacks), words.say("total", lang)),
                  tuple((n, *(format_number(s.values[i], lang) for s in stacks), format_number(channel_totals.iloc[i], lang))
                        for i, n in enumerate(channel_names)),
                  tuple((*(s.values[i] for s in stacks), float(channel_totals.iloc[i])) for i in range(len(channel_names))))
    if not breakdown.empty:
        result.append(("channels", (chart_title, chart, alt, table)))

    # 3. The same period in every year of the data, a panel per metric, this year's bar in
    # the metric's colour. One year alone compares with nothing: no figure.
    years = sorted(by_year.index)
    if len(years) >= 2:
        labels = tuple(label_period(_same_period(period, year), lang) for year in years)
        panels = []
        for metric in data.catalog.metrics:
            values = tuple(float(by_year.at[year, metric.code]) for year in years)
            texts = tuple(words.say("no_data", lang) if np.isnan(v) else format_number(v, lang) for v in values)
            panels.append(Series(metric.code, metric.name(lang), values, texts, metric.colour))
        chart_title = words.say("chart_years", lang, period=label_period(period, lang))
        all_months = pd.PeriodIndex(sorted(data.sources["month"]), freq="M")
        highlight = years.index(period.year) if period.year in years else None
        chart = Chart("panel_bars", chart_title, tuple(panels), source_line(all_months, lang), lang,
                      categories=labels, highlight=highlight)
        items = [f"{words.say('quoted', lang, name=p.label)} — " + ", ".join(f"{label}: {text}"
                                                                            for label, text in zip(labels, p.texts))
                 for p in panels]
        alt = words.say("alt.years", lang, items="; ".join(items))
        table = Table("", (words.say("metric", lang), *labels), tuple((p.label, *p.texts) for p in panels),
                      tuple(p.values for p in panels))
        result.append(("years", (chart_title, chart, alt, table)))

    return numbered(result, lang, period.key)


def _complete(data: MonthlyData, months) -> bool:
    present = set(data.sources["month"])
    return all(m in present for m in months)


def _notes(data: MonthlyData, period: ReportPeriod, lang: str) -> tuple[str, ...]:
    # Inside a sentence ("звітний — липень, вересень 2021"): names, not capitalised labels.
    def name(of: ReportPeriod) -> str:
        return period_name(of, "nominative", lang)

    if period.previous == period.year_ago:
        lines = [words.say("notes_compared_year", lang, period=name(period), previous=name(period.previous))]
    else:
        lines = [words.say("notes_compared_period", lang, period=name(period), previous=name(period.previous),
                           year_ago=name(period.year_ago))]
    present = set(data.sources["month"])
    for other in dict.fromkeys((period.previous, period.year_ago)):
        if not _complete(data, other.months):
            key = "notes_period_missing" if any(m in present for m in other.months) else "notes_period_none"
            lines.append(words.say(key, lang, period=period_name(other, "accusative", lang)))
    if period.only:
        lines.append(words.say("notes_partial", lang, months=", ".join(month_year(m, lang) for m in period.months)))
    lines.append(words.say("notes_channels", lang))
    return tuple(lines)


def build_period_report(data: MonthlyData, period: ReportPeriod, lang: str, made_at: dt.datetime) -> Report:
    """Build the content of a quarter's, half-year's or year's report.

    Parameters
    ----------
    data : MonthlyData
        Holding the months of :func:`dept_analysis.periods.period_window`.
    period : ReportPeriod
        Whole (every month has a workbook) or partial (``only`` its months that have one).
    lang : str
    made_at : datetime
    """
    catalog = data.catalog
    figures = period_figures(data, period.months, period.previous.months, period.year_ago.months)
    if period.previous == period.year_ago:
        # A year: the previous period is the year before, and one comparison is said once.
        figures[["year_ago", "change_year", "change_year_pct"]] = np.nan
    by_year = same_period_by_year(data, lambda year: _same_period(period, year).months)
    narrative = [missing_metric_note(catalog.metric(code), lang) if np.isnan(row["current"])
                 else period_paragraph(catalog.metric(code), row, period, lang) for code, row in figures.iterrows()]
    highlights = [period_highlight_sentence(h, catalog, period, lang)
                  for h in period_highlights(data, period.months, figures, by_year, period.year)]
    tables = [_by_month(data, period, lang)]
    if period.kind == "year":
        tables.append(_by_quarter(data, period, lang))
    activities = _activities(data, period, lang)
    return Report(
        lang=lang,
        period=period.key,
        title=title(catalog, period, lang),
        short_title=short_title(catalog, period, lang),
        intro=intro(catalog, period, lang),
        department=catalog.department.name(lang),
        signatory=catalog.department.signatory(lang),
        headings={key: words.say(key, lang) for key in ("key_figures", "narrative", "activities", "highlights",
                                                         "charts", "notes", "contents", "tables")}
        | {"narrative": words.say("narrative_period", lang), "highlights": words.say("highlights_period", lang)},
        key_figures=_key_figures(data, period, lang, figures),
        narrative=tuple(narrative) or (words.say("no_counts", lang),),
        activities=activities,
        activities_note=words.say("as_written", lang) if activities else "",
        highlights=tuple(highlights) or (words.say("no_highlights_period", lang),),
        figures=_figures(data, period, lang, figures, by_year),
        notes=_notes(data, period, lang),
        sources=sources_of(data, data.sources["month"]),
        made_at=made_at,
        technical=technical_lines(lang, made_at),
        counts=counts_of(data, period.months),
        provenance=provenance(),
        kind=period.kind,
        tables=tuple(tables),
    )


__all__ = ["build_period_report"]
