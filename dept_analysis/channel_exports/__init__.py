"""Counting a month's publications from the exports a department downloads itself.

Instead of counting posts by hand, the department downloads what its channels offer and
this package counts them per Kyiv month:

=====================  ==========================================  =========================
channel                export                                      reader
=====================  ==========================================  =========================
Telegram channel       Telegram Desktop "Export chat history",     :func:`iter_telegram_posts`
                       JSON (result.json)
council website        RSS 2.0 / Atom feed file                    :func:`iter_feed_posts`
council website        WordPress export (WXR, Tools → Export)      :func:`iter_wxr_posts`
Facebook, Instagram    Meta Business Suite posts export (CSV)      :func:`iter_csv_posts` with
                                                                   :data:`META_BUSINESS_SUITE_POSTS`
YouTube                YouTube Studio "Table data.csv"             :func:`iter_csv_posts` with
                                                                   :data:`YOUTUBE_STUDIO_TABLE_DATA`
anything else as CSV   a :class:`CsvMapping` in the catalog        :func:`iter_csv_posts`
=====================  ==========================================  =========================

Every reader streams its file and yields :class:`Post` objects;
:func:`count_posts_by_month` turns them into ``{"YYYY-MM": MonthCount}``. The catalog's
``[[exports]]`` blocks say which export feeds which metric and channel
(:func:`parse_export_specs`, :func:`count_export`, :func:`metric_values_for_month`).
A file that cannot be read raises :class:`ExportFormatError`, whose message names the file
and the item in Ukrainian and English.

This package reads files only: it never touches the workbooks, the report or the network.
"""

from .csv_exports import iter_csv_posts
from .csv_mapping import CsvMapping, mapping_from_dict, mapping_to_toml
from .csv_presets import META_BUSINESS_SUITE_POSTS, PRESETS, YOUTUBE_STUDIO_TABLE_DATA
from .errors import ExportFormatError, ExportSpecError, Words
from .kyiv_time import month_key
from .model import COUNT_NAMES, MonthCount, Post, ReadStats, count_posts_by_month
from .sources import (EXAMPLE_CATALOG_TOML, KINDS, ExportCounts, ExportSpec, count_export, count_export_files,
                      iter_posts, metric_values_for_month, parse_export_specs, resolve_files)
from .telegram import iter_telegram_posts
from .website import iter_feed_posts, iter_website_posts, iter_wxr_posts

__all__ = [
    "COUNT_NAMES",
    "EXAMPLE_CATALOG_TOML",
    "KINDS",
    "META_BUSINESS_SUITE_POSTS",
    "PRESETS",
    "YOUTUBE_STUDIO_TABLE_DATA",
    "CsvMapping",
    "ExportCounts",
    "ExportFormatError",
    "ExportSpec",
    "ExportSpecError",
    "MonthCount",
    "Post",
    "ReadStats",
    "Words",
    "count_export",
    "count_export_files",
    "count_posts_by_month",
    "iter_csv_posts",
    "iter_feed_posts",
    "iter_posts",
    "iter_telegram_posts",
    "iter_website_posts",
    "iter_wxr_posts",
    "mapping_from_dict",
    "mapping_to_toml",
    "metric_values_for_month",
    "month_key",
    "parse_export_specs",
    "resolve_files",
]
