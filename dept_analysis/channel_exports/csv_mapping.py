"""How to read a CSV export: which column is the date, the type, the id.

A :class:`CsvMapping` is plain data, so the catalog can hold one as a TOML table
(``[[csv_mappings]]``, read by :func:`mapping_from_dict`) and a shipped one can be printed
as TOML to copy and adjust (:func:`mapping_to_toml`). Column names are given in every
language the export's interface may use (Ukrainian and English), since the export names its
columns in the language of the interface it was downloaded from; they are matched ignoring
letter case, repeated spaces and the form of the apostrophe.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

from .errors import ExportSpecError, Words
from .kyiv_time import zone

_EVERY_ROW = ("", "photo", "video")


def normalize(text: str) -> str:
    """A header or a type value as compared: case, spaces, apostrophes and BOM ignored."""
    for apostrophe in ("’", "ʼ", "`", "‘"):
        text = text.replace(apostrophe, "'")
    return " ".join(text.replace("\ufeff", "").split()).casefold()


@dataclass(frozen=True)
class CsvMapping:
    """Where a CSV export keeps what is counted.

    Attributes
    ----------
    code : str
        A short name (``"meta_business_suite_posts"``), by which the catalog refers to it.
    name_uk, name_en : str
        What the export is, for messages ("експорт дописів Meta Business Suite").
    date_columns : tuple of str
        Accepted names of the publication date column, e.g. ``("Publish time", "Час
        публікації")``; the first one found in the file is used.
    date_formats : tuple of str
        strptime patterns tried in order (``%b``/``%B`` take Ukrainian or English month
        names), or ``"iso"``; see :mod:`.dates`.
    time_zone : str
        The zone of times written without an offset; ``"Europe/Kyiv"`` by default.
    id_columns : tuple of str
        Accepted names of the item id column (optional): lets overlapping exports be merged.
    type_columns : tuple of str
        Accepted names of the post type column (optional).
    photo_types, video_types : tuple of str
        Type values that mean a photo / a video post.
    every_row_is : {"", "photo", "video"}
        Every row is a post of that kind (a YouTube export lists only videos).
    summary_labels : tuple of str
        First-cell texts of total rows to skip ("Total", "Усього").
    """

    code: str
    name_uk: str
    name_en: str
    date_columns: tuple[str, ...]
    date_formats: tuple[str, ...]
    time_zone: str = "Europe/Kyiv"
    id_columns: tuple[str, ...] = ()
    type_columns: tuple[str, ...] = ()
    photo_types: tuple[str, ...] = ()
    video_types: tuple[str, ...] = ()
    every_row_is: str = ""
    summary_labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        problem = _problem({field.name: getattr(self, field.name) for field in fields(self)})
        if problem is not None:
            raise ValueError(problem.en)


def _problem(values: Mapping[str, Any]) -> Words | None:
    """What makes a mapping unusable, or None: checked on plain values, before it is built."""
    if not values["code"].strip():
        return Words.say("import.mapping.no_code")
    if not values["date_columns"]:
        return Words.say("import.mapping.no_date_column")
    if not values["date_formats"]:
        return Words.say("import.mapping.no_date_format")
    if values["every_row_is"] not in _EVERY_ROW:
        return Words.say("import.mapping.every_row_is", value=repr(values["every_row_is"]))
    if (values["photo_types"] or values["video_types"]) and not values["type_columns"]:
        return Words.say("import.mapping.types_without_column")
    try:
        zone(values["time_zone"])
    except (ZoneInfoNotFoundError, ValueError):
        return Words.say("import.mapping.time_zone", value=repr(values["time_zone"]))
    return None


def mapping_from_dict(data: Mapping[str, Any], where: Words) -> CsvMapping:
    """Build a mapping from a TOML table (a ``[[csv_mappings]]`` block of the catalog).

    Parameters
    ----------
    data : mapping
        The table; keys are the attribute names of :class:`CsvMapping`; a single string is
        accepted where a list is expected.
    where : Words
        The block, for messages (``[[csv_mappings]] № 1``).

    Raises
    ------
    ExportSpecError
        For an unknown key, a value of the wrong kind, or a mapping that cannot work.
    """
    known = {field.name: field for field in fields(CsvMapping)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ExportSpecError(where, Words.say("import.spec.unknown_fields", unknown=", ".join(unknown),
                                               known=", ".join(known)))
    values: dict[str, Any] = {}
    for name, value in data.items():
        if known[name].type.startswith("tuple"):
            value = [value] if isinstance(value, str) else value
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ExportSpecError(where, Words.say("import.spec.not_strings", name=name))
            values[name] = tuple(value)
        else:
            if not isinstance(value, str):
                raise ExportSpecError(where, Words.say("import.spec.not_string", name=name))
            values[name] = value
    for required in ("code", "date_columns", "date_formats"):
        if required not in values:
            raise ExportSpecError(where, Words.say("import.spec.field_missing", name=required))
    values.setdefault("name_uk", values["code"])
    values.setdefault("name_en", values["name_uk"])
    problem = _problem({**{field.name: field.default for field in fields(CsvMapping)}, **values})
    if problem is not None:
        raise ExportSpecError(where, problem)
    return CsvMapping(**values)


def mapping_to_toml(mapping: CsvMapping) -> str:
    """The mapping as a ``[[csv_mappings]]`` TOML block, to paste into the catalog and adjust.

    >>> import tomllib
    >>> from dept_analysis.channel_exports.csv_presets import YOUTUBE_STUDIO_TABLE_DATA as yt
    >>> block = tomllib.loads(mapping_to_toml(yt))["csv_mappings"][0]
    >>> mapping_from_dict(block, Words("", "")) == yt
    True
    """
    lines = ["[[csv_mappings]]"]
    for field in fields(CsvMapping):
        value = getattr(mapping, field.name)
        # A TOML basic string is a JSON string (same escapes); JSON arrays of strings too.
        rendered = json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)
        lines.append(f"{field.name} = {rendered}")
    return "\n".join(lines) + "\n"
