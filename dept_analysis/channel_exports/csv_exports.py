"""Posts from any CSV export, read through a :class:`~.csv_mapping.CsvMapping`.

The file as offices meet it
---------------------------
* Encoding: UTF-8 with or without a byte order mark (what the platforms download), UTF-16
  with a BOM, and otherwise Windows-1251 (a file re-saved from Excel as "CSV" on a
  Ukrainian Windows), judged from the first 64 KiB.
* Delimiter: comma, semicolon (Excel in a Ukrainian locale) or tab: whichever occurs most
  often outside quotes on one of the first lines (the header, or a title line above it).
* Quoted fields may hold delimiters, doubled quotes and line breaks (a post's description).
  Line numbers in messages are those a text editor shows, where the item starts.
* The header row is the first row naming the date column, within the first five rows (an
  export may put a title or a note above it). Blank rows are ignored; total rows (see
  ``summary_labels``) are skipped.

The file is read as a stream, one row at a time.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from os import PathLike
from pathlib import Path

from .csv_mapping import CsvMapping, normalize
from .dates import describe_formats, parse_datetime
from .errors import ExportFormatError, Words, line_where, listed
from .export_files import open_export
from .model import Post, ReadStats

_HEADER_SEARCH_ROWS = 5
_SAMPLE = 65536


def iter_csv_posts(path: str | PathLike[str], mapping: CsvMapping, *,
                   stats: ReadStats | None = None) -> Iterator[Post]:
    """Yield one post per data row of a CSV export.

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file.
    mapping : CsvMapping
        Which columns hold the date, the id and the type; see :mod:`.csv_presets`.
    stats : ReadStats, optional
        Receives the number of data rows and the skipped total rows.

    Yields
    ------
    Post
        In file order.

    Raises
    ------
    ExportFormatError
        If the file is empty or not text, the date column (or a named type column) is
        missing, or a row's date is blank or cannot be read.
    """
    shown = Path(path)
    expected = Words.say("import.csv.expected", name=Words(mapping.name_uk, mapping.name_en))
    with open_export(path) as raw:
        sample = raw.read(_SAMPLE)
        if not sample.strip():
            raise ExportFormatError(shown, None, Words.say("import.file.empty"), expected)
        if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise ExportFormatError(shown, None, Words.say("import.csv.not_text"), expected)
        encoding = _encoding(sample)
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        reader = csv.reader(text, delimiter=_delimiter(sample.decode(encoding, errors="ignore")))
        rows = _rows(reader, shown, encoding, expected)
        columns = _columns(rows, mapping, shown, expected)
        yield from _posts(rows, columns, mapping, shown, stats)


def _encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        # The sample may end inside a character: decode it as a stream that is not finished.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def _delimiter(sample: str) -> str:
    """The delimiter used most on one line among the first few (a title line may have none)."""
    best = {",": 0, ";": 0, "\t": 0}
    line = dict.fromkeys(best, 0)
    quoted = False
    lines_seen = 0
    for char in sample.lstrip("\ufeff"):
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            if any(line.values()):
                best = {d: max(best[d], line[d]) for d in best}
                line = dict.fromkeys(best, 0)
            lines_seen += 1
            if lines_seen >= _HEADER_SEARCH_ROWS * 2:
                break
        elif not quoted and char in line:
            line[char] += 1
    best = {d: max(best[d], line[d]) for d in best}
    chosen = max(best, key=best.get)
    return chosen if best[chosen] else ","


def _rows(reader, path: Path, encoding: str, expected: Words) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(first line of the row, cells)``; errors of the csv module said in words."""
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise ExportFormatError(path, line_where(start), Words.say("import.csv.encoding", encoding=encoding),
                                    Words.say("import.csv.utf8_expected")) from None
        except csv.Error as error:
            raise ExportFormatError(path, line_where(start), Words.say("import.csv.damaged_line", error=error),
                                    expected) from None
        yield start, row


class _Columns:
    __slots__ = ("date", "id", "type", "date_name", "header_line")

    def __init__(self):
        self.date = self.id = self.type = None
        self.date_name = ""
        self.header_line = 0


def _columns(rows, mapping: CsvMapping, path: Path, expected: Words) -> _Columns:
    """Find the header row and the positions of the mapped columns in it."""
    wanted_date = [normalize(name) for name in mapping.date_columns]
    first_rows: list[list[str]] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        names = [normalize(cell) for cell in row]
        if any(name in names for name in wanted_date):
            return _resolve(names, row, line, mapping, path)
        first_rows.append(row)
        if len(first_rows) >= _HEADER_SEARCH_ROWS:
            break
    found = [cell.strip() for cell in (first_rows[0] if first_rows else []) if cell.strip()]
    raise ExportFormatError(path, None, Words.say(
        "import.csv.no_date_column", found=listed(found[:12]) if found else Words.say("import.csv.nothing")),
        Words.say("import.csv.date_column_expected", name=Words(mapping.name_uk, mapping.name_en),
                  accepted=listed(mapping.date_columns)))


def _resolve(names: list[str], row: list[str], line: int, mapping: CsvMapping, path: Path) -> _Columns:
    columns = _Columns()
    columns.header_line = line

    def position(accepted: tuple[str, ...]) -> int | None:
        for name in accepted:
            key = normalize(name)
            if key in names:
                return names.index(key)
        return None

    columns.date = position(mapping.date_columns)
    columns.date_name = row[columns.date].strip()
    columns.id = position(mapping.id_columns)
    if mapping.type_columns:
        columns.type = position(mapping.type_columns)
        if columns.type is None:
            raise ExportFormatError(path, line_where(line), Words.say("import.csv.no_type_column"),
                                    Words.say("import.csv.type_column_expected",
                                              accepted=listed(mapping.type_columns)))
    return columns


def _posts(rows, columns: _Columns, mapping: CsvMapping, path: Path, stats: ReadStats | None) -> Iterator[Post]:
    photo_types = {normalize(value) for value in mapping.photo_types}
    video_types = {normalize(value) for value in mapping.video_types}
    summary = {normalize(value) for value in mapping.summary_labels}
    formats = Words.say("import.csv.date_expected", formats=describe_formats(mapping.date_formats))
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if stats is not None:
            stats.items += 1
        date_text = _cell(row, columns.date)
        if not date_text and summary and normalize(next(c for c in row if c.strip())) in summary:
            if stats is not None:
                stats.skipped["summary_row"] += 1
            continue
        if not date_text:
            raise ExportFormatError(path, line_where(line), Words.say("import.csv.date_blank",
                                                                      column=columns.date_name), formats)
        published = parse_datetime(date_text, mapping.date_formats, mapping.time_zone)
        if published is None:
            raise ExportFormatError(path, line_where(line), Words.say(
                "import.csv.date_unreadable", text=date_text, column=columns.date_name), formats)
        type_text = _cell(row, columns.type)
        kind = normalize(type_text)
        has_photo = mapping.every_row_is == "photo" or kind in photo_types
        has_video = mapping.every_row_is == "video" or kind in video_types
        yield Post(published=published, source_id=_cell(row, columns.id) or None, has_photo=has_photo,
                   has_video=has_video, kind=type_text or mapping.every_row_is or None)


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()
