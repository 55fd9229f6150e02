"""What ``dept-report new`` and ``dept-report import`` print: plain text, both languages.

The command line speaks Ukrainian and English on one line (``words.both``); names that come
from the catalog or the workbook are shown as written.
"""

from __future__ import annotations

import textwrap

from .. import words
from ..channel_exports.kyiv_time import kyiv
from ..periods import month_text
from ..problems import format_problems
from .importing import (ADD, DIFFERS, FAILED, FILL, NO_WORKBOOK, NOT_COVERED, REFUSED, REPLACE, RUNNING, STARTS,
                        WRITTEN, ImportPlan, MonthImport, PairCount)
from .new_month import NewMonth

_NAME_WIDTH = 40


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table with a rule under the header; cells never wrap, long names are cut."""
    widths = [max(len(line) for cell in [header, *(row[i] for row in rows)] for line in cell.split("\n"))
              for i, header in enumerate(headers)]

    def render(cells: list[str]) -> list[str]:
        split = [cell.split("\n") for cell in cells]
        height = max(len(lines) for lines in split)
        return ["| " + " | ".join((lines[i] if i < len(lines) else "").ljust(width)
                                  for lines, width in zip(split, widths)) + " |" for i in range(height)]

    rule = "+" + "+".join("-" * (width + 2) for width in widths) + "+"
    out = [rule, *render(headers), rule.replace("-", "=")]
    for row in rows:
        out.extend(render(row))
    out.append(rule)
    return "\n".join(out)


def _short(name: str) -> str:
    return name if len(name) <= _NAME_WIDTH else name[:_NAME_WIDTH - 1] + "…"


def _wrap(text: str, width: int = 110) -> str:
    return "\n".join(textwrap.fill(part, width) for part in text.split("\n"))


# -- dept-report new ----------------------------------------------------------------------------

def describe_new(result: NewMonth) -> str:
    """What ``new`` did, and what the clerk does next."""
    lines = []
    for month, problems in result.passed_over:
        lines.append(words.both("new.passed_over", month=month_text(month), n=problems,
                                source=month_text(result.source) if result.source is not None else "—"))
    month = month_text(result.month)
    if result.source is None:
        lines.append(words.both("new.blank", month=month, path=result.path))
    else:
        source = month_text(result.source)
        lines.append(words.both("new.written", path=result.path, pairs=result.pairs, source=source,
                                copied=len(result.copied), review=words.say("new.review_header", "uk")))
        if result.compared:
            if result.left_out:
                lines.append(words.both("new.left_out", n=result.left_out, source=source,
                                        compared=", ".join(month_text(m) for m in result.compared)))
        elif result.copied:
            lines.append(words.both("new.all_copied", source=source))
    lines.append(words.both("new.next", month=month))
    return "\n".join(_wrap(line) for line in lines)


# -- dept-report import -------------------------------------------------------------------------

def _action(pair: PairCount, written: bool) -> str:
    done = "done" if written and pair.cell else "plan"
    if pair.action in (REPLACE, DIFFERS):
        text = words.both(f"import.{done}.{pair.action}", typed=pair.typed, counted=pair.counted, cell=pair.cell)
    else:
        text = words.both(f"import.{done}.{pair.action}", cell=pair.cell)
    return text.replace(" / ", "\n")


def _pairs_table(plan: ImportPlan, month: MonthImport) -> str:
    catalog = plan.catalog
    headers = [words.both(f"import.column.{name}").replace(" / ", "\n")
               for name in ("metric", "channel", "typed", "counted", "action")]
    rows = [[_short(catalog.metric(pair.metric).name_uk), _short(catalog.channel(pair.channel).name_uk),
             "—" if pair.typed is None else str(pair.typed), str(pair.counted),
             _action(pair, plan.written and month.status == WRITTEN)] for pair in month.pairs]
    return table(headers, rows)


def _month_ranges(months: list[str]) -> str:
    """"2019-05 … 2019-12, 2020-03": consecutive months as ranges."""
    import pandas as pd

    groups: list[list[pd.Period]] = []
    for month in sorted(pd.Period(m, "M") for m in months):
        if groups and month == groups[-1][-1] + 1:
            groups[-1].append(month)
        else:
            groups.append([month])
    return ", ".join(month_text(g[0]) if len(g) == 1 else f"{month_text(g[0])} … {month_text(g[-1])}"
                     for g in groups)


def describe_source(plan: ImportPlan) -> str:
    """The export read: block, channel, files with their SHA-256, what was in them."""
    counts, spec = plan.counts, plan.spec
    posts = sum(month.posts for month in counts.months.values())
    skipped = sum(counts.stats.skipped.values())
    detail = ", ".join(f"{reason} {n}" for reason, n in sorted(counts.stats.skipped.items()))
    lines = [_wrap(words.both("import.source", block=spec.label, kind=spec.kind,
                              channel=plan.catalog.channel(spec.channel).name_uk, items=counts.stats.items,
                              posts=posts))]
    if skipped:
        lines.append(_wrap(words.both("import.skipped", n=skipped, detail=detail)))
    lines += [f"  {export.path.name}  sha256 {export.sha256}" for export in plan.files]
    if counts.first is None:
        lines.append(_wrap(words.both("import.no_posts")))
    else:
        lines.append(_wrap(words.both("import.span", first=counts.first.strftime("%Y-%m-%d %H:%M"),
                                      last=counts.last.strftime("%Y-%m-%d %H:%M"))))
    return "\n".join(lines)


def describe_import(plan: ImportPlan) -> str:
    """The reconciliation table of each month, what was (or would be) written, what is left."""
    out = [describe_source(plan)]
    if plan.without_workbook:
        out.append(_wrap(words.both("import.without_workbook", months=_month_ranges(plan.without_workbook))))
    for month in plan.months:
        heading = f"{month.month} — {month.file}" if month.file else month.month
        out.append("\n" + heading)
        if month.status == NO_WORKBOOK:
            out.append(_wrap(words.both("import.month.no_workbook", month=month.month, folder=plan.folder)))
            continue
        if month.status == NOT_COVERED:
            first, last = plan.counts.first, plan.counts.last
            out.append(_wrap(words.both("import.month.not_covered", month=month.month,
                                        first=first.strftime("%Y-%m-%d") if first else "—",
                                        last=last.strftime("%Y-%m-%d") if last else "—")))
            continue
        if month.status == REFUSED:
            out.append(_wrap(words.both("import.month.refused", month=month.month)))
            if month.message:
                out.append(_wrap(month.message))
            if month.problems:
                out.append(format_problems(month.problems))
            continue
        out.append(_pairs_table(plan, month))
        kept = sum(pair.action == DIFFERS for pair in month.pairs)
        if month.status == RUNNING:
            out.append(_wrap(words.both("import.month.running", month=month.month)))
        elif month.status == STARTS:
            out.append(_wrap(words.both("import.month.starts", month=month.month,
                                        first=plan.counts.first.astimezone(kyiv()).strftime("%d.%m.%Y"))))
        elif month.status == FAILED:
            out.append(_wrap(words.both("import.month.failed", file=month.file)))
            out.append(_wrap(month.message))
            if month.problems:
                out.append(format_problems(month.problems))
        elif month.status == WRITTEN:
            out.append(_wrap(words.both("import.month.written", file=month.file,
                                        filled=sum(p.action == FILL for p in month.pairs),
                                        added=sum(p.action == ADD for p in month.pairs),
                                        replaced=sum(p.action == REPLACE for p in month.pairs))))
        elif plan.written and not month.changes:
            out.append(_wrap(words.both("import.month.unchanged", file=month.file)))
        if kept:
            out.append(_wrap(words.both("import.month.kept", n=kept)))
        if month.status == WRITTEN and month.problems:
            out.append(_wrap(words.both("import.month.still", file=month.file)))
            out.append(format_problems(month.problems))
    if not plan.written:
        pending = sum(len(month.changes) for month in plan.months if month.status not in (REFUSED, RUNNING, STARTS))
        held = any(month.changes for month in plan.months if month.status in (RUNNING, STARTS))
        if pending:
            out.append("\n" + _wrap(words.both("import.preview", n=pending)))
        elif plan.months and not held:  # a month held back is said above, and does not agree
            out.append("\n" + _wrap(words.both("import.preview_nothing")))
    return "\n".join(out)


__all__ = ["describe_import", "describe_new", "describe_source", "table"]
