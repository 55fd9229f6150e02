"""Which export feeds which metric and channel: the catalog's ``[[exports]]`` blocks.

An ``[[exports]]`` block names a channel (a ``[[channels]]`` code), the kind of export, its
file(s) relative to the data folder, and which of the export's counts go to which metric:

.. code-block:: toml

    [[exports]]
    channel = "social"                    # a [[channels]] code
    kind = "telegram"                     # telegram | website | feed | wxr | csv
    name = "telegram"                     # optional: what `dept-report import` calls the block
    files = ["exports/telegram/result.json"]   # optional; relative to the data folder; * ** ? allowed
    chat = "Ніжинська міська рада"        # telegram only: the channel in a full account export
    forwards = true                       # count forwarded posts (default true)
    metrics = { posts = "news", with_photo = "photo_materials", with_video = "video_stories" }

    [[exports]]
    channel = "social"
    kind = "csv"
    name = "facebook"
    files = ["exports/facebook/*.csv"]
    csv = "meta_business_suite_posts"     # a shipped mapping, or the code of a [[csv_mappings]]
    metrics = { posts = "news" }

    [[csv_mappings]]                      # the fields of CsvMapping; see csv_mapping.py
    code = "petitions"
    date_columns = ["Дата подання", "Submitted"]
    date_formats = ["%d.%m.%Y %H:%M", "%d.%m.%Y"]

``dept-report import KIND FILE...`` picks the block whose ``name`` is KIND, or else the one
block of that ``kind``, and counts the files named on its command line instead of ``files``
(which may then be left out).

The counts are ``posts``, ``with_photo`` and ``with_video`` (:data:`~.model.COUNT_NAMES`).
Several files of one block are read as one export, each post counted once by its id (so
monthly exports whose periods overlap can lie side by side). Blocks that feed the same
metric and channel add up: one item posted on two platforms is counted on each, so map only
the main platform of such items, as the data README asks.
"""

from __future__ import annotations

import glob
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from os import PathLike
from pathlib import Path
from typing import Any

from .csv_exports import iter_csv_posts
from .csv_mapping import CsvMapping, mapping_from_dict
from .csv_presets import PRESETS
from .errors import ExportFormatError, ExportSpecError, Words
from .kyiv_time import month_key
from .model import COUNT_NAMES, MonthCount, Post, ReadStats, count_posts_by_month
from .telegram import check_same_chat, iter_telegram_posts
from .website import iter_feed_posts, iter_website_posts, iter_wxr_posts

#: The kinds of export an ``[[exports]]`` block may name.
KINDS = ("telegram", "website", "feed", "wxr", "csv")

_FIELDS = {"name", "channel", "kind", "files", "metrics", "chat", "forwards", "csv"}
# A block's name is typed on the command line (`dept-report import youtube ...`).
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")

EXAMPLE_CATALOG_TOML = '''
[[exports]]
channel = "social"
kind = "telegram"
files = ["exports/telegram/result.json"]
metrics = { posts = "news", with_photo = "photo_materials", with_video = "video_stories" }

[[exports]]
channel = "website"
kind = "wxr"
files = ["exports/website/*.xml"]
metrics = { posts = "news", with_photo = "photo_materials" }

[[exports]]
channel = "social"
kind = "csv"
files = ["exports/youtube/Table data.csv"]
csv = "youtube_studio_table_data"
metrics = { with_video = "video_stories" }
'''


@dataclass(frozen=True)
class ExportSpec:
    """One ``[[exports]]`` block, checked.

    Attributes
    ----------
    number : int
        Its place among the blocks, from 1, for messages.
    channel : str
        The channel code.
    kind : str
        One of :data:`KINDS`.
    files : tuple of str
        File names or glob patterns, relative to the data folder (or absolute).
    metrics : dict of str to str
        Count name (``posts``, ``with_photo``, ``with_video``) -> metric code.
    chat : str or None
        Telegram: the chat to read from a full account export.
    forwards : bool
        Whether forwarded posts count.
    csv : CsvMapping or None
        For ``kind = "csv"``.
    name : str or None
        What ``dept-report import`` calls the block when several blocks share a kind.
    """

    number: int
    channel: str
    kind: str
    files: tuple[str, ...]
    metrics: dict[str, str]
    chat: str | None = None
    forwards: bool = True
    csv: CsvMapping | None = None
    name: str | None = None

    @property
    def label(self) -> str:
        """The block's name, or its kind when it has none."""
        return self.name or self.kind


@dataclass
class ExportCounts:
    """What one export block counted.

    Attributes
    ----------
    spec : ExportSpec
        The block.
    files : tuple of Path
        The files read, in the order read.
    months : dict of str to MonthCount
        ``"YYYY-MM"`` -> counts, months with posts only.
    first, last : datetime or None
        The earliest and latest publication seen (None if the export holds no post).
    stats : ReadStats
        Items read and skipped.
    """

    spec: ExportSpec
    files: tuple[Path, ...]
    months: dict[str, MonthCount]
    first: datetime | None
    last: datetime | None
    stats: ReadStats = field(default_factory=ReadStats)

    def for_month(self, month: str) -> MonthCount | None:
        """A month's counts: zero inside the period the export covers, None outside it.

        The period runs from the first to the last post seen, so a month after the export was
        made (or before the channel's first post) is "not reported" rather than zero.
        """
        if month in self.months:
            return self.months[month]
        if self.first is not None and month_key(self.first) <= month <= month_key(self.last):
            return MonthCount()
        return None

    def metric_values(self, month: str) -> dict[tuple[str, str], int] | None:
        """``{(metric code, channel code): count}`` for a month, or None if not covered."""
        counts = self.for_month(month)
        if counts is None:
            return None
        values = counts.as_dict()
        return {(metric, self.spec.channel): values[name] for name, metric in self.spec.metrics.items()}


def parse_export_specs(catalog: Mapping[str, Any], *, metric_codes: Iterable[str] | None = None,
                       channel_codes: Iterable[str] | None = None) -> list[ExportSpec]:
    """Read and check the ``[[exports]]`` (and ``[[csv_mappings]]``) blocks of a catalog.

    Parameters
    ----------
    catalog : mapping
        The catalog as :func:`tomllib.load` returns it; a catalog without ``exports`` gives
        an empty list.
    metric_codes, channel_codes : iterable of str, optional
        The known codes; when given, a block naming another one is refused.

    Returns
    -------
    list of ExportSpec

    Raises
    ------
    ExportSpecError
        Naming the block and the field.
    """
    mappings = dict(PRESETS)
    for number, block in enumerate(_tables(catalog, "csv_mappings"), start=1):
        mapping = mapping_from_dict(block, _where("csv_mappings", number))
        mappings[mapping.code] = mapping
    metrics_known = set(metric_codes) if metric_codes is not None else None
    channels_known = set(channel_codes) if channel_codes is not None else None
    specs = [_spec(number, block, mappings, metrics_known, channels_known)
             for number, block in enumerate(_tables(catalog, "exports"), start=1)]
    named: dict[str, int] = {}
    for spec in specs:
        if spec.name is None:
            continue
        other = named.setdefault(spec.name.casefold(), spec.number)
        if other != spec.number:
            raise ExportSpecError(_where("exports", spec.number),
                                  Words.say("import.spec.name_twice", name=spec.name, other=other))
    return specs


def _where(table: str, number: int) -> Words:
    return Words.say("import.spec.block", table=table, number=number)


def _tables(catalog: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
    tables = catalog.get(name, [])
    if not isinstance(tables, list) or not all(isinstance(table, Mapping) for table in tables):
        raise ExportSpecError(Words(f"[[{name}]]", f"[[{name}]]"), Words.say("import.spec.not_blocks", name=name))
    return tables


def _spec(number: int, block: Mapping[str, Any], mappings: dict[str, CsvMapping],
          metrics_known: set[str] | None, channels_known: set[str] | None) -> ExportSpec:
    where = _where("exports", number)

    def fail(key: str, **values):
        raise ExportSpecError(where, Words.say(key, **values))

    unknown = sorted(set(block) - _FIELDS)
    if unknown:
        fail("import.spec.unknown_fields", unknown=", ".join(unknown), known=", ".join(sorted(_FIELDS)))
    channel = block.get("channel")
    if not isinstance(channel, str) or not channel.strip():
        fail("import.spec.no_channel")
    if channels_known is not None and channel not in channels_known:
        fail("import.spec.unknown_channel", channel=channel, known=", ".join(sorted(channels_known)))
    kind = block.get("kind")
    if kind not in KINDS:
        fail("import.spec.kind", kinds=", ".join(KINDS), value=repr(kind))
    name = block.get("name")
    if name is not None and (not isinstance(name, str) or not _NAME.match(name)):
        fail("import.spec.name", value=repr(name))
    # Files may be left out: `dept-report import` names them on its command line.
    files = block.get("files", [])
    files = [files] if isinstance(files, str) else files
    if not isinstance(files, list) or ("files" in block and not files) or not all(
            isinstance(f, str) and f.strip() for f in files):
        fail("import.spec.files")
    metrics = block.get("metrics")
    if not isinstance(metrics, Mapping) or not metrics:
        fail("import.spec.no_metrics")
    for count_name, code in metrics.items():
        if count_name not in COUNT_NAMES:
            fail("import.spec.unknown_count", name=count_name, allowed=", ".join(COUNT_NAMES))
        if not isinstance(code, str) or (metrics_known is not None and code not in metrics_known):
            if metrics_known:
                fail("import.spec.unknown_metric_known", code=repr(code), name=count_name,
                     known=", ".join(sorted(metrics_known)))
            fail("import.spec.unknown_metric", code=repr(code), name=count_name)
    chat = block.get("chat")
    if chat is not None and (kind != "telegram" or not isinstance(chat, (str, int)) or isinstance(chat, bool)):
        fail("import.spec.chat")
    forwards = block.get("forwards", True)
    if not isinstance(forwards, bool):
        fail("import.spec.forwards")
    mapping = _csv_mapping(block.get("csv"), kind, mappings, where)
    return ExportSpec(number=number, channel=channel, kind=kind, files=tuple(files), metrics=dict(metrics),
                      chat=None if chat is None else str(chat), forwards=forwards, csv=mapping, name=name)


def _csv_mapping(value: Any, kind: str, mappings: dict[str, CsvMapping], where: Words) -> CsvMapping | None:
    if kind != "csv":
        if value is not None:
            raise ExportSpecError(where, Words.say("import.spec.csv_only"))
        return None
    if isinstance(value, Mapping):
        return mapping_from_dict(value, where)
    if isinstance(value, str) and value in mappings:
        return mappings[value]
    raise ExportSpecError(where, Words.say("import.spec.csv_code", known=", ".join(sorted(mappings)),
                                           value=repr(value)))


def resolve_files(spec: ExportSpec, data_dir: str | PathLike[str]) -> tuple[Path, ...]:
    """The files of a block, patterns expanded, sorted, each once.

    Raises
    ------
    ExportFormatError
        If a named file does not exist or a pattern matches nothing.
    """
    base = Path(data_dir)
    found: list[Path] = []
    for pattern in spec.files:
        full = Path(pattern) if Path(pattern).is_absolute() else base / pattern
        if glob.has_magic(pattern):
            matches = sorted(Path(p) for p in glob.glob(str(full), recursive=True) if Path(p).is_file())
            if not matches:
                raise ExportFormatError(full, None, Words.say("import.spec.no_match"),
                                        Words.say("import.spec.files_expected"))
        else:
            matches = [full]
        found.extend(match for match in matches if match not in found)
    return tuple(found)


def iter_posts(kind: str, path: str | PathLike[str], *, chat: str | int | None = None,
               csv_mapping: CsvMapping | None = None, stats: ReadStats | None = None) -> Iterator[Post]:
    """The posts of one export file of the given kind (see :data:`KINDS`)."""
    if kind == "telegram":
        return iter_telegram_posts(path, chat=chat, stats=stats)
    if kind == "website":
        return iter_website_posts(path, stats=stats)
    if kind == "feed":
        return iter_feed_posts(path, stats=stats)
    if kind == "wxr":
        return iter_wxr_posts(path, stats=stats)
    if kind == "csv":
        if csv_mapping is None:
            raise ValueError("a CSV export needs a CsvMapping")
        return iter_csv_posts(path, csv_mapping, stats=stats)
    raise ValueError(f"unknown export kind {kind!r}")


def count_export(spec: ExportSpec, data_dir: str | PathLike[str]) -> ExportCounts:
    """Read every file of a block and count its posts per Kyiv month.

    Parameters
    ----------
    spec : ExportSpec
        The block.
    data_dir : str or os.PathLike
        The folder its file names are relative to.

    Raises
    ------
    ExportFormatError
        If a file is missing or cannot be read as its kind.
    """
    return count_export_files(spec, resolve_files(spec, data_dir))


def count_export_files(spec: ExportSpec, files: Iterable[str | PathLike[str]]) -> ExportCounts:
    """Count the posts of the given files, read as the block's export (its kind, chat,
    mapping and metrics), per Kyiv month. Names are taken as they are: no pattern is expanded.

    Raises
    ------
    ExportSpecError
        If no file is given.
    ExportFormatError
        If a file is missing or cannot be read as its kind.
    """
    files = tuple(Path(path) for path in files)
    if not files:
        raise ExportSpecError(_where("exports", spec.number), Words.say("import.spec.no_files"))
    if spec.kind == "telegram" and len(files) > 1:
        check_same_chat(list(files))
    stats = ReadStats()

    # Posts without an id cannot be told apart when two files cover the same days.
    idless = spec.kind == "csv" and spec.csv is not None and not spec.csv.id_columns
    spans: list[tuple[Path, datetime, datetime]] = []  # each file's first and last post

    def posts() -> Iterator[Post]:
        for path in files:
            file_first = file_last = None
            for post in iter_posts(spec.kind, path, chat=spec.chat, csv_mapping=spec.csv, stats=stats):
                if file_first is None or post.published < file_first:
                    file_first = post.published
                if file_last is None or post.published > file_last:
                    file_last = post.published
                yield post
            if file_first is not None:
                if idless:
                    _refuse_overlap(path, file_first, file_last, spans)
                spans.append((path, file_first, file_last))

    # The same id twice is one post, in one file (a feed listing an item twice) or in two
    # (exports whose periods overlap). One Telegram file holds each message once.
    months = count_posts_by_month(posts(), include_forwards=spec.forwards,
                                  skip_duplicate_ids=len(files) > 1 or spec.kind != "telegram", stats=stats)
    return ExportCounts(spec=spec, files=files, months=months, first=min((s[1] for s in spans), default=None),
                        last=max((s[2] for s in spans), default=None), stats=stats)


def _refuse_overlap(path: Path, first: datetime, last: datetime, spans: list[tuple[Path, datetime, datetime]]) -> None:
    """Refuse a file of posts without ids whose period overlaps an earlier file's: a post in
    both would be counted twice, and nothing tells it is the same."""
    for other, other_first, other_last in spans:
        if first <= other_last and other_first <= last:
            raise ExportFormatError(path, None, Words.say("import.csv.overlap", other=other.name,
                                                          first=max(first, other_first).strftime("%d.%m.%Y"),
                                                          last=min(last, other_last).strftime("%d.%m.%Y")),
                                    Words.say("import.csv.overlap_expected"))


def metric_values_for_month(results: Iterable[ExportCounts], month: str) -> dict[tuple[str, str], int]:
    """Sum the blocks' counts for a month: ``{(metric code, channel code): count}``.

    Blocks whose export does not cover the month contribute nothing, so a pair fed only by
    such blocks is absent ("not reported"), never zero.
    """
    totals: dict[tuple[str, str], int] = {}
    for result in results:
        values = result.metric_values(month)
        for key, value in (values or {}).items():
            totals[key] = totals.get(key, 0) + value
    return totals
