"""The catalog of metrics and channels (``data/catalog.toml``).

The catalog is data, not code: another department edits it to use the product. It is
checked as strictly as a workbook, and its problems are reported the same way.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import words
from .config import CATALOG_FILE_NAME
from .document_settings import DEFAULT_LAYOUTS, DOCX_SUFFIXES, PPTX_SUFFIXES, SLIDE_CHARTS, DocumentSettings
from .problems import DataValidationError, Problem, ProblemCode
from .textnorm import match_key

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_SENTENCE_FIELDS = {"count", "noun", "noun_acc"}
_TITLE_FIELDS = {"department", "period", "period_genitive", "month_nominative", "month_genitive", "month_locative",
                 "year"}
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Default colours, by position in the catalog: Okabe & Ito's palette, which stays apart under
# every common colour-vision deficiency, its light orange, sky blue and yellow darkened to
# stand out from white by 3:1 (WCAG 2.1, 1.4.11). Metrics and channels never share a colour,
# so a colour means one thing across all the charts of a report; the channels' last two are
# Paul Tol's indigo and wine, as the eight Okabe-Ito colours do not reach ten.
METRIC_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
CHANNEL_PALETTE = ("#BB8100", "#1C95D9", "#978E0C", "#332288", "#882255", "#000000")
_SIGNATORY_FIELDS = ("signatory_position_uk", "signatory_position_en", "signatory_name_uk", "signatory_name_en")
# Tables of the catalog kept as written for `dept-report import` (see Catalog.exports).
_EXPORT_TABLES = ("exports", "csv_mappings")
# [documents]: the templates' keys with the suffixes each accepts, and every key it may hold.
_TEMPLATE_SUFFIXES = {"pptx_template": PPTX_SUFFIXES, "docx_template": DOCX_SUFFIXES}
_DOCUMENTS_KEYS = (*_TEMPLATE_SUFFIXES, "slide_charts", "layouts")


@dataclass(frozen=True)
class Metric:
    """A counted thing the report speaks about, with the words it needs."""

    code: str
    name_uk: str
    name_en: str
    forms_uk: tuple[str, str, str]
    forms_acc_uk: tuple[str, str, str]
    forms_en: tuple[str, str]
    sentence_uk: str
    sentence_en: str
    unit_uk: str
    unit_en: str
    # "#rrggbb": the metric's colour in every chart (the catalog's, or the default palette's).
    colour: str = ""

    def name(self, lang: str) -> str:
        """Return the metric's display name in ``lang``."""
        return getattr(self, f"name_{lang}")

    def forms(self, lang: str, case: str = "nominative") -> tuple[str, ...]:
        """The noun's forms by plural category in ``lang``; the accusative ones where the
        language has them (``forms_acc_uk``), else the nominative."""
        if case == "accusative":
            return getattr(self, f"forms_acc_{lang}", None) or getattr(self, f"forms_{lang}")
        return getattr(self, f"forms_{lang}")

    def sentence(self, lang: str) -> str:
        """The report's sentence for the metric, with {count}, {noun} and {noun_acc}."""
        return getattr(self, f"sentence_{lang}")


@dataclass(frozen=True)
class Channel:
    """A place where the department publishes."""

    code: str
    name_uk: str
    name_en: str
    colour: str = ""

    def name(self, lang: str) -> str:
        """Return the channel's display name in ``lang``."""
        return getattr(self, f"name_{lang}")


@dataclass(frozen=True)
class Department:
    """The department's names and the texts that open every report."""

    name_uk: str
    name_genitive_uk: str
    name_en: str
    title_uk: str
    title_en: str
    intro_uk: str
    intro_en: str
    # Who signs the official document (Word, PDF): the position, and the name as ДСТУ 4163
    # writes it ("Ім'я ПРІЗВИЩЕ"). Optional: without them the documents have no signature block.
    signatory_position_uk: str = ""
    signatory_position_en: str = ""
    signatory_name_uk: str = ""
    signatory_name_en: str = ""

    def name(self, lang: str) -> str:
        """The department's name in ``lang``."""
        return getattr(self, f"name_{lang}")

    def signatory(self, lang: str) -> tuple[str, str] | tuple[()]:
        """The signature block's position and name in ``lang``; empty when the catalog names
        no one. An English position or name left out falls back to the Ukrainian one."""
        position = getattr(self, f"signatory_position_{lang}", "") or self.signatory_position_uk
        name = getattr(self, f"signatory_name_{lang}", "") or self.signatory_name_uk
        return (position, name) if position and name else ()

    def in_title(self, lang: str) -> str:
        """The name as the title's {department} needs it (Ukrainian: the genitive)."""
        return getattr(self, f"name_genitive_{lang}", None) or self.name(lang)

    def title(self, lang: str) -> str:
        """The report title's template in ``lang``."""
        return getattr(self, f"title_{lang}")

    def intro(self, lang: str) -> str:
        """The introductory paragraph's template in ``lang``."""
        return getattr(self, f"intro_{lang}")


@dataclass(frozen=True)
class Catalog:
    """Metrics and channels in the catalog's order, plus the department.

    ``exports`` holds the catalog's ``[[exports]]`` and ``[[csv_mappings]]`` tables as
    written (only the keys present; empty when the catalog has neither). They are checked
    by :func:`dept_analysis.channel_exports.parse_export_specs` when a count is imported,
    not here: a mistake in them must not stop a report, which never reads them.

    ``documents`` holds the ``[documents]`` table: the department's templates for the deck
    and the Word report, and what the deck's chart slides hold. It is checked here: a
    template named but missing would otherwise stop a report at its very end.
    """

    department: Department
    metrics: tuple[Metric, ...]
    channels: tuple[Channel, ...]
    path: Path
    exports: dict[str, Any] = field(default_factory=dict, hash=False)
    documents: DocumentSettings = field(default_factory=DocumentSettings)

    def metric(self, code: str) -> Metric:
        """Return the metric with this code."""
        return next(m for m in self.metrics if m.code == code)

    def channel(self, code: str) -> Channel:
        """Return the channel with this code."""
        return next(c for c in self.channels if c.code == code)

    def metric_lookup(self) -> dict[str, str]:
        """Map every accepted spelling (code, Ukrainian name, English name) to the code."""
        return _lookup(self.metrics)

    def channel_lookup(self) -> dict[str, str]:
        """Map every accepted spelling (code, Ukrainian name, English name) to the code."""
        return _lookup(self.channels)


def _lookup(items) -> dict[str, str]:
    table: dict[str, str] = {}
    for item in items:
        for spelling in (item.code, item.name_uk, item.name_en):
            table[match_key(spelling)] = item.code
    return table


class _Reader:
    """Collects problems while pulling typed fields out of the parsed TOML."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, where: str, problem_code: ProblemCode, value: str = "", **details) -> None:
        self.problems.append(Problem(self.file, problem_code, sheet=where, value=value, details=details))

    def text(self, table: dict, key: str, where: str, fields: set[str] | None = None) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problem(where, ProblemCode.CATALOG_TEXT, key, key=key)
            return ""
        if fields is not None:
            try:
                used = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
            except ValueError:
                used = {"?"}
            unknown = used - fields
            if unknown:
                self.problem(where, ProblemCode.CATALOG_PLACEHOLDER, value, key=key, unknown=sorted(unknown),
                             allowed=sorted(fields))
        return value.strip()

    def optional_text(self, table: dict, key: str, where: str) -> str:
        """A text the catalog may leave out ("" then); given, it must be text."""
        if key not in table:
            return ""
        return self.text(table, key, where)

    def colour(self, table: dict, where: str, default: str) -> str:
        """The item's ``colour`` ("#rrggbb", at least 3:1 against white), or ``default``."""
        value = table.get("colour")
        if value is None:
            return default
        ratio = _contrast_with_white(value) if isinstance(value, str) and _COLOUR.match(value.strip()) else 0.0
        if ratio < 3:
            self.problem(where, ProblemCode.CATALOG_COLOUR, str(value), key="colour", ratio=f"{ratio:.1f}")
            return default
        return value.strip().upper()

    def forms(self, table: dict, key: str, where: str, count: int, default=None) -> tuple[str, ...]:
        value = table.get(key, default)
        if (not isinstance(value, list) or len(value) != count
                or not all(isinstance(v, str) and v.strip() for v in value)):
            example = "[\"новина\", \"новини\", \"новин\"]" if count == 3 else "[\"news item\", \"news items\"]"
            self.problem(where, ProblemCode.CATALOG_FORMS, str(value), key=key, count=count, example=example)
            return tuple([""] * count)
        return tuple(v.strip() for v in value)


def _contrast_with_white(colour: str) -> float:
    """WCAG 2.1's contrast ratio of "#rrggbb" against white."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour.strip()[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def _in_words(key: str) -> dict[str, str]:
    """A detail of a problem that differs by language, from the words tables."""
    return {lang: words.say(key, lang) for lang in words.LANGUAGES}


def _template(reader: _Reader, table: dict, key: str, folder: Path) -> Path | None:
    """The template ``key`` names, relative to the data folder; None when it names none
    (or a wrong one, with the problem recorded)."""
    value = table.get(key)
    if value is None:
        return None
    where = "[documents]"
    if not isinstance(value, str) or not value.strip():
        reader.problem(where, ProblemCode.CATALOG_TEXT, str(value), key=key)
        return None
    written = Path(value.strip())
    if written.suffix.lower() not in _TEMPLATE_SUFFIXES[key]:
        reader.problem(where, ProblemCode.CATALOG_TEMPLATE_SUFFIX, value, key=key,
                       program=_in_words(f"documents.program.{key}"), allowed=_in_words(f"documents.allowed.{key}"))
        return None
    # A report keeps a copy of its template beside the copy of the catalog (sources/), where
    # the same relative path must find it: a relative path stays inside the data folder.
    if not written.is_absolute() and ".." in written.parts:
        reader.problem(where, ProblemCode.CATALOG_TEMPLATE_OUTSIDE, value, key=key, suffix=written.suffix.lower())
        return None
    path = written if written.is_absolute() else folder / written
    if not path.is_file():
        reader.problem(where, ProblemCode.CATALOG_TEMPLATE_MISSING, value, key=key, path=str(path))
        return None
    return path


def _layouts(reader: _Reader, table: dict) -> dict[str, str]:
    """The layout's name for each role of the deck's slides, the defaults for those not named."""
    layouts = dict(DEFAULT_LAYOUTS)
    value = table.get("layouts", {})
    if not isinstance(value, dict):
        reader.problem("[documents]", ProblemCode.CATALOG_DOCUMENTS_TABLE, str(value), key="documents.layouts")
        return layouts
    where = "[documents.layouts]"
    for role, name in value.items():
        if role not in DEFAULT_LAYOUTS:
            reader.problem(where, ProblemCode.CATALOG_LAYOUT_ROLE, str(name), key=role, known=", ".join(DEFAULT_LAYOUTS))
        elif not isinstance(name, str) or not name.strip():
            reader.problem(where, ProblemCode.CATALOG_TEXT, str(name), key=role)
        else:
            layouts[role] = name.strip()
    return layouts


def _documents(reader: _Reader, raw: dict, folder: Path) -> DocumentSettings:
    """The ``[documents]`` table as settings; the defaults for what it leaves out."""
    table = raw.get("documents", {})
    if not isinstance(table, dict):
        reader.problem("[documents]", ProblemCode.CATALOG_DOCUMENTS_TABLE, str(table), key="documents")
        return DocumentSettings()
    for key in table:
        if key not in _DOCUMENTS_KEYS:
            reader.problem("[documents]", ProblemCode.CATALOG_DOCUMENTS_KEY, str(table[key]), key=key,
                           known=", ".join(_DOCUMENTS_KEYS))
    slide_charts = table.get("slide_charts", SLIDE_CHARTS[0])
    if not isinstance(slide_charts, str) or slide_charts.strip().lower() not in SLIDE_CHARTS:
        reader.problem("[documents]", ProblemCode.CATALOG_SLIDE_CHARTS, str(slide_charts), key="slide_charts")
        slide_charts = SLIDE_CHARTS[0]
    return DocumentSettings(
        pptx_template=_template(reader, table, "pptx_template", folder),
        docx_template=_template(reader, table, "docx_template", folder),
        slide_charts=slide_charts.strip().lower(),
        layouts=_layouts(reader, table),
    )


def load_catalog(data_dir: Path) -> Catalog:
    """Read and check ``catalog.toml`` in ``data_dir``.

    Raises
    ------
    DataValidationError
        With every problem found in the file: missing file, broken TOML (with its line),
        missing texts, wrong number of word forms, bad or repeated codes, a template in
        ``[documents]`` that is missing or not a template.
    """
    path = Path(data_dir) / CATALOG_FILE_NAME
    reader = _Reader(CATALOG_FILE_NAME)
    if not path.is_file():
        raise DataValidationError([Problem(CATALOG_FILE_NAME, ProblemCode.CATALOG_MISSING,
                                           details={"folder": str(data_dir)})])
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        match = re.search(r"line (\d+)", str(exc))
        row = line or (int(match.group(1)) if match else None)
        raise DataValidationError([Problem(CATALOG_FILE_NAME, ProblemCode.CATALOG_SYNTAX, row=row,
                                           details={"error": str(exc)})]) from None

    dept_table = raw.get("department", {})
    if not isinstance(dept_table, dict):
        dept_table = {}
    w = "[department]"
    department = Department(
        name_uk=reader.text(dept_table, "name_uk", w),
        name_genitive_uk=reader.text(dept_table, "name_genitive_uk", w),
        name_en=reader.text(dept_table, "name_en", w),
        title_uk=reader.text(dept_table, "title_uk", w, _TITLE_FIELDS),
        title_en=reader.text(dept_table, "title_en", w, _TITLE_FIELDS),
        intro_uk=reader.text(dept_table, "intro_uk", w, _TITLE_FIELDS),
        intro_en=reader.text(dept_table, "intro_en", w, _TITLE_FIELDS),
        **{key: reader.optional_text(dept_table, key, w) for key in _SIGNATORY_FIELDS},
    )

    metrics = []
    for i, table in enumerate(raw.get("metrics", []), start=1):
        w = f"[[metrics]] №{i}"
        forms_uk = reader.forms(table, "forms_uk", w, 3)
        metrics.append(Metric(
            code=reader.text(table, "code", w),
            name_uk=reader.text(table, "name_uk", w),
            name_en=reader.text(table, "name_en", w),
            forms_uk=forms_uk,
            forms_acc_uk=reader.forms(table, "forms_acc_uk", w, 3, default=list(forms_uk)),
            forms_en=reader.forms(table, "forms_en", w, 2),
            sentence_uk=reader.text(table, "sentence_uk", w, _SENTENCE_FIELDS),
            sentence_en=reader.text(table, "sentence_en", w, _SENTENCE_FIELDS),
            unit_uk=reader.text(table, "unit_uk", w),
            unit_en=reader.text(table, "unit_en", w),
            colour=reader.colour(table, w, METRIC_PALETTE[(i - 1) % len(METRIC_PALETTE)]),
        ))
    channels = []
    for i, table in enumerate(raw.get("channels", []), start=1):
        w = f"[[channels]] №{i}"
        channels.append(Channel(
            code=reader.text(table, "code", w),
            name_uk=reader.text(table, "name_uk", w),
            name_en=reader.text(table, "name_en", w),
            colour=reader.colour(table, w, CHANNEL_PALETTE[(i - 1) % len(CHANNEL_PALETTE)]),
        ))

    for kind, items in (("metrics", metrics), ("channels", channels)):
        if not items:
            reader.problem(f"[[{kind}]]", ProblemCode.CATALOG_EMPTY, kind=kind)
        seen: dict[str, str] = {}
        codes = [item.code for item in items if item.code]
        for code in sorted({c for c in codes if codes.count(c) > 1}):
            reader.problem(f"[[{kind}]]", ProblemCode.CATALOG_CODE_TWICE, code, code=code)
        for item in items:
            if item.code and not _CODE.match(item.code):
                reader.problem(f"[[{kind}]]", ProblemCode.CATALOG_CODE_FORMAT, item.code)
            for spelling in (item.code, item.name_uk, item.name_en):
                key = match_key(spelling)
                if key and seen.setdefault(key, item.code) != item.code:
                    reader.problem(f"[[{kind}]]", ProblemCode.CATALOG_NAME_TWICE, spelling, name=spelling)
    documents = _documents(reader, raw, Path(data_dir))
    if reader.problems:
        raise DataValidationError(reader.problems)
    exports = {key: raw[key] for key in _EXPORT_TABLES if key in raw}
    return Catalog(department, tuple(metrics), tuple(channels), path, exports, documents=documents)
