"""What a report keeps on record besides what it says: the workbooks it read, how and when
it was made, and its counts as open data. Month and period reports share these.
"""

from __future__ import annotations

import datetime as dt
import platform
from pathlib import Path

import pandas as pd

from . import __version__, words
from .loading import MonthlyData
from .model import Count, Source
from .periods import month_text


def sources_of(data: MonthlyData, months) -> tuple[Source, ...]:
    """The workbooks of ``months`` that were read, with their SHA-256."""
    sources = data.sources[data.sources["month"].isin(set(months))].sort_values("month")
    return tuple(Source(Path(f).name, sha, month_text(m)) for f, sha, m in
                 zip(sources["file"], sources["sha256"], sources["month"]))


def technical_lines(lang: str, made_at: dt.datetime) -> tuple[str, ...]:
    """How the report was made: when, by which version of the product and its libraries."""
    return (words.say("notes_made", lang, when=made_at.strftime("%Y-%m-%d %H:%M %Z"), version=__version__,
                      python=platform.python_version(), pandas=pd.__version__),)


def counts_of(data: MonthlyData, months) -> tuple[Count, ...]:
    """The counts of ``months`` as open data, in month, catalog order."""
    catalog = data.catalog
    rows = data.counts[data.counts["month"].isin(set(months))]
    metric_order = {m.code: i for i, m in enumerate(catalog.metrics)}
    channel_order = {c.code: i for i, c in enumerate(catalog.channels)}
    result = []
    for month, metric, channel, count in sorted(zip(rows["month"], rows["metric"], rows["channel"], rows["count"]),
                                                key=lambda r: (r[0], metric_order[r[1]], channel_order[r[2]])):
        m, c = catalog.metric(metric), catalog.channel(channel)
        result.append(Count(month_text(month), metric, m.name_uk, m.name_en, channel, c.name_uk, c.name_en, int(count)))
    return tuple(result)


def provenance() -> dict:
    """The versions a report was made with."""
    return {"version": __version__, "python": platform.python_version(), "pandas": pd.__version__}


__all__ = ["counts_of", "provenance", "sources_of", "technical_lines"]
