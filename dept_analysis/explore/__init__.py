"""The analyst's exploration: any metric and channel over time, year over year, seasonality,
channel shares and the biggest changes, for ``notebooks/explore_trends.ipynb``.

Every function takes the loaded :class:`~dept_analysis.loading.MonthlyData` and the
notebook's parameters as they arrive from papermill (text, with "" meaning "all" or
"latest"), checks them, and returns a table, a chart or a heading.

- :mod:`.numbers`: tables of numbers (:func:`series`, :func:`year_over_year` with each
  year's total, :func:`seasonal_profile`, :func:`channel_shares`, :func:`rankings`), to
  sort and compute on.
- :mod:`.tables`: the same tables as the notebook shows them, numbers written as in the
  report (:func:`rankings_table`, :func:`year_over_year_table`), and :func:`heading`.
- :mod:`.charts`: 16:9 charts in the report's style (:func:`series_chart` ...).
- :mod:`.exports`: :func:`export` writes any of those charts as PNG, SVG and a one-slide deck.
- :mod:`.pickers`: :class:`Explorer`, the pickers that redraw every section in JupyterLab.

A month without a workbook, or a month whose workbook does not mention the metric, is
"not reported" and stays empty (NaN / <NA>): not reported is not the same as zero.
"""

from __future__ import annotations

from .charts import (ChartCaption, caption_of, channel_shares_chart, seasonal_profile_chart, series_chart,
                     year_over_year_chart)
from .exports import EXPORT_DIR, ExportedChart, export
from .numbers import channel_shares, rankings, seasonal_profile, series, year_over_year
from .pickers import Explorer
from .selection import GRANULARITIES, resolve_channel, resolve_metric, resolve_period
from .tables import SECTIONS, heading, rankings_table, year_over_year_table

__all__ = ["EXPORT_DIR", "GRANULARITIES", "SECTIONS", "ChartCaption", "Explorer", "ExportedChart", "caption_of",
           "channel_shares", "channel_shares_chart", "export", "heading", "rankings", "rankings_table",
           "resolve_channel", "resolve_metric", "resolve_period", "seasonal_profile", "seasonal_profile_chart",
           "series", "series_chart", "year_over_year", "year_over_year_chart", "year_over_year_table"]
