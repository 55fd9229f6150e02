"""Workbooks as clerks make them, each as .xlsx and .ods (and, where LibreOffice is installed,
opened and saved again by it): every case is either read to the exact numbers and words, or
refused with the exact problems, naming sheet, row and column. A workbook read to a number
that is not what the clerk sees is the one outcome no case may have."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from dept_analysis import config
from dept_analysis.loading import check_data
from workbooks import AsPercent, NEWS, PHOTOS, PRESS, SOCIAL, SOFFICE, TV, VIDEOS, WEBSITE, Book, Tab, libreoffice_resave, standard, write


@dataclass
class Case:
    id: str
    book: Book
    counts: dict[tuple[str, str], int] | None = None       # accepted: exact counts by codes
    activities: list[tuple[str, str]] | None = None          # accepted: exact paragraphs
    refused: list[tuple[str, str, int | None, str]] | None = None  # (code, sheet, row, letter)
    formats: tuple[str, ...] = (".xlsx", ".ods")
    # What LibreOffice changes when it saves the file again (it calculates formulas; Calc
    # keeps no tab inside a cell), by suffix: the expected outcome of the saved copy.
    after_libreoffice: dict[str, dict] | None = None

    def resaved(self, suffix: str) -> "Case":
        changes = (self.after_libreoffice or {}).get(suffix)
        if not changes:
            return self
        return Case(self.id, self.book, **{"counts": self.counts, "activities": self.activities,
                                            "refused": self.refused, **changes})


def _with(book: Book, name: str, **changes) -> Book:
    for key, value in changes.items():
        setattr(book.tab(name), key, value)
    return book


def _partly(look: str) -> Book:
    """A text count ("49") and a paragraph, each with its first part in rich text ``look``."""
    book = standard([[NEWS, WEBSITE, 214], [NEWS, SOCIAL, "49"]],
                    [["", "Видимий."], ["", "Видимий. Прихований, якого клерк не бачить."]])
    return _with(_with(book, "Показники", looks={"C3": look}), "Заходи", looks={"B3": look})


BASE = [[NEWS, WEBSITE, 214], [NEWS, SOCIAL, 49], [VIDEOS, SOCIAL, 19]]
BASE_COUNTS = {("news", "website"): 214, ("news", "social"): 49, ("video_stories", "social"): 19}
TEXTS = [
    ("Моніторинг", "Інтерв'ю з об’єднанням ‘цитата’ і обʼєкт"),
    ("Наради", "Рядок перший\nРядок другий"),
    ("", "Стовпчик\tстовпчик, двічі\t\tтаб"),
    ("Наради", "  Пробіли всередині   лишаються  "),
]

CASES = [
    # -- read exactly ---------------------------------------------------------------------------
    Case("plain", standard(BASE), counts=BASE_COUNTS),
    Case("numbers_grouped_by_threes", standard([[NEWS, WEBSITE, "1 234"], [NEWS, SOCIAL, "1\u00a0234"],
                                                [NEWS, TV, "12\u202f345"], [NEWS, PRESS, " 296 "]]),
         counts={("news", "website"): 1234, ("news", "social"): 1234, ("news", "tv"): 12345, ("news", "press"): 296}),
    Case("text_kept_exactly", standard(BASE, [list(t) for t in TEXTS]), counts=BASE_COUNTS,
         activities=[(s, t.strip()) for s, t in TEXTS],
         after_libreoffice={".ods": {"activities": [(s, t.strip().replace("\t", "")) for s, t in TEXTS]}}),
    Case("stray_value_in_the_last_cell", _with(standard(BASE), "Показники", far={"XFD1048576": 7}),
         counts=BASE_COUNTS, formats=(".xlsx",)),
    Case("stray_value_far_right", _with(standard(BASE), "Показники", far={"XFD4999": 7}), counts=BASE_COUNTS),
    Case("stray_value_far_below_outside_the_table", _with(standard(BASE), "Показники", far={"F900000": "перевірено"}),
         counts=BASE_COUNTS),
    Case("header_merged_across_two_columns_for_looks",
         _with(standard([]), "Показники", rows=[["Показник", "Канал", None, "Кількість"],
                                               [NEWS, WEBSITE, None, 214], [VIDEOS, SOCIAL, None, 19]],
               merges=("B1:C1",)),
         counts={("news", "website"): 214, ("video_stories", "social"): 19}),
    Case("header_and_rows_merged_across_two_columns",
         _with(standard([]), "Показники", rows=[["Показник", "Канал", None, "Кількість"],
                                               [NEWS, WEBSITE, None, 214], [VIDEOS, SOCIAL, None, 19]],
               merges=("B1:C1", "B2:C2", "B3:C3")),
         counts={("news", "website"): 214, ("video_stories", "social"): 19}),
    Case("metric_merged_over_its_channels",
         _with(standard([[NEWS, WEBSITE, 10], [None, TV, 4], [None, PRESS, 3], [PHOTOS, WEBSITE, 5]]), "Показники",
               merges=("A2:A4",)),
         counts={("news", "website"): 10, ("news", "tv"): 4, ("news", "press"): 3, ("photo_materials", "website"): 5}),
    Case("section_merged_over_its_paragraphs",
         _with(standard(BASE, [["Наради", "Перша."], [None, "Друга."], ["Інше", "Третя."]]), "Заходи",
               merges=("A2:A3",)),
         counts=BASE_COUNTS, activities=[("Наради", "Перша."), ("Наради", "Друга."), ("Інше", "Третя.")]),
    Case("hidden_empty_rows_and_a_hidden_list_sheet",
         Book([*_with(standard([[NEWS, WEBSITE, 214], [None], [None], [VIDEOS, SOCIAL, 19]]), "Показники",
                      hidden_rows=(3, 4)).tabs, Tab("Довідник", [["Показники"], [NEWS]], hidden=True)]),
         counts={("news", "website"): 214, ("video_stories", "social"): 19}),
    Case("title_and_notes_above_the_header",
         _with(standard([]), "Показники", rows=[["Показники за серпень 2021 року"], ["Заповнила: Іваненко"],
                                               [None], ["Примітка: дані з журналу"], ["Станом на 31.08"],
                                               ["Показник", "Канал", "Кількість"], *BASE]),
         counts=BASE_COUNTS),
    # A title on «Заходи» in the section column, a short note in the text column: no data.
    Case("a_title_and_a_note_above_the_activities",
         _with(standard(BASE), "Заходи", rows=[["Інша робота відділу"], [None, "за серпень"],
                                             ["Розділ", "Текст"], ["Моніторинг", "Проводився моніторинг ЗМІ."]]),
         counts=BASE_COUNTS, activities=[("Моніторинг", "Проводився моніторинг ЗМІ.")]),
    # Names typed with Latin capitals that look Cyrillic (ЗMІ with a Latin M), or with a
    # zero-width space inside; a count with one; a date as a section, shown as the clerk sees it.
    Case("lookalike_capitals_and_invisible_characters",
         standard([[NEWS, "Друковані ЗMІ", 214], [NEWS, "Офіційний веб-\u200bсайт міської ради", "4\u200b9"]],
                  [[dt.datetime(2021, 8, 12), "Засідання комісії."]]),
         counts={("news", "press"): 214, ("news", "website"): 49},
         activities=[("12.08.2021", "Засідання комісії.")], formats=(".xlsx",)),
    Case("a_notes_column_with_its_header",
         _with(standard([]), "Показники", rows=[["Показник", "Канал", "Кількість", "Примітка"],
                                               [NEWS, WEBSITE, 214, "з урахуванням анонсів"], [VIDEOS, SOCIAL, 19]]),
         counts={("news", "website"): 214, ("video_stories", "social"): 19}),
    # -- refused ----------------------------------------------------------------------------------
    Case("last_months_count_kept_beside",
         _with(standard([]), "Показники", rows=[["Показник", "Канал", "Кількість", "Кількість"],
                                               [NEWS, WEBSITE, 296, 281], [VIDEOS, SOCIAL, 19, 17]]),
         refused=[("column_twice", "Показники", 1, "D")]),
    Case("last_months_table_kept_side_by_side",
         _with(standard([]), "Показники", rows=[["Показник", "Канал", "Кількість", None, "Показник", "Канал", "Кількість"],
                                               [NEWS, WEBSITE, 296, None, NEWS, WEBSITE, 281]]),
         refused=[("column_twice", "Показники", 1, "E"), ("column_twice", "Показники", 1, "F"),
                  ("column_twice", "Показники", 1, "G")]),
    Case("a_lookalike_count_column",
         _with(standard([]), "Показники", rows=[["Показник", "Канал", "Кількість", "Кількість (липень)"],
                                               [NEWS, WEBSITE, 296, 281]]),
         refused=[("column_twice", "Показники", 1, "D")]),
    Case("two_counts_sheets_the_first_hidden",
         Book([Tab("Відомості", [["Поле", "Значення"], ["Місяць", "2021-08"]]),
               Tab("Показники ", [["Показник", "Канал", "Кількість"], [NEWS, WEBSITE, 281]], hidden=True),
               Tab("Показники", [["Показник", "Канал", "Кількість"], [NEWS, WEBSITE, 296]]),
               Tab("Заходи", [["Розділ", "Текст"], [None, "Текст."]])]),
         refused=[("sheet_twice", "Показники", None, "")]),
    Case("two_counts_sheets_both_visible_english_after",
         Book([*standard(BASE).tabs, Tab("Counts", [["Metric", "Channel", "Count"], ["news", "website", 1]])]),
         refused=[("sheet_twice", "Counts", None, "")]),
    Case("a_copy_of_the_counts_sheet",
         Book([*standard(BASE).tabs, Tab("Показники (2)", [["Показник", "Канал", "Кількість"], *BASE])]),
         refused=[("sheet_twice", "Показники (2)", None, "")]),
    Case("the_counts_sheet_hidden", _with(standard(BASE), "Показники", hidden=True),
         refused=[("sheet_hidden", "Показники", None, "")]),
    Case("hidden_rows_with_data", _with(standard([*BASE, [PHOTOS, WEBSITE, 68]]), "Показники", hidden_rows=(3, 5)),
         refused=[("rows_hidden", "Показники", 3, ""), ("rows_hidden", "Показники", 5, "")]),
    Case("a_hidden_paragraph", _with(standard(BASE, [["", "Видимий."], ["", "Прихований."]]), "Заходи", hidden_rows=(3,)),
         refused=[("rows_hidden", "Заходи", 3, "")]),
    Case("the_count_column_hidden", _with(standard(BASE), "Показники", hidden_columns=("C",)),
         refused=[("columns_hidden", "Показники", 1, "C")]),
    # Hidden without hiding: a row squeezed to a sliver, a column squeezed to a line, a value
    # whose format shows nothing or a dash, text the colour of its background.
    Case("a_row_squeezed_to_a_sliver", _with(standard([*BASE, [PHOTOS, WEBSITE, 68]]), "Показники",
                                             row_heights={3: 0.75, 4: 4.5, 5: 6}),
         refused=[("rows_squeezed", "Показники", 3, ""), ("rows_squeezed", "Показники", 4, "")]),
    Case("the_count_column_squeezed", _with(standard(BASE), "Показники", column_widths={"C": 1.5}),
         refused=[("columns_squeezed", "Показники", 1, "C")]),
    Case("values_hidden_by_their_format",
         _with(standard([*BASE, [PHOTOS, WEBSITE, 68], [PHOTOS, TV, 0]], [["", "Видимий."], ["", "Прихований."]]),
               "Показники", looks={"C2": "nothing", "C3": "dash", "C4": "white", "C5": "dark", "C6": "nothing"}),
         refused=[("value_unseen", "Показники", 2, "C"), ("value_unseen", "Показники", 3, "C"),
                  ("value_unseen", "Показники", 4, "C"), ("value_unseen", "Показники", 5, "C")]),
    Case("a_paragraph_hidden_by_its_format", _with(standard(BASE, [["", "Видимий."], ["", "Прихований."]]), "Заходи",
                                                   looks={"B3": "nothing"}),
         refused=[("value_unseen", "Заходи", 3, "B")],
         # odfpy cannot write LibreOffice's text format without the text; the .xlsx made
         # into .ods by LibreOffice is checked below.
         formats=(".xlsx",)),
    # Numbers a format shows otherwise: "0," shows 214 as 0, "[White]0" draws it white.
    Case("numbers_shown_otherwise_by_their_format",
         _with(standard([*BASE, [PHOTOS, WEBSITE, 68]]), "Показники",
               looks={"C2": "scaled", "C3": "white_format", "C4": "white_positive"}),
         refused=[("value_unseen", "Показники", 2, "C"), ("value_unseen", "Показники", 3, "C"),
                  ("value_unseen", "Показники", 4, "C")]),
    # Colours picked from the palette are theme colours, lightened or darkened by a tint.
    Case("theme_colours_that_hide_values",
         _with(standard([*BASE, [PHOTOS, WEBSITE, 68]]), "Показники", looks={"C2": "theme_dark", "C3": "theme_white"}),
         refused=[("value_unseen", "Показники", 2, "C"), ("value_unseen", "Показники", 3, "C")],
         formats=(".xlsx",)),
    # Colours from the legacy palette (files converted from .xls, older tools): silver on
    # silver; and index 8, black by default, made white by the workbook's own palette.
    Case("legacy_palette_colours_that_hide_values",
         Book(_with(standard([*BASE, [PHOTOS, WEBSITE, 68]]), "Показники",
                    looks={"C2": "indexed_silver", "C3": "indexed_black"}).tabs, palette={8: "FFFFFF"}),
         refused=[("value_unseen", "Показники", 2, "C"), ("value_unseen", "Показники", 3, "C")],
         formats=(".xlsx",)),
    Case("legacy_palette_black_stays_black",
         _with(standard(BASE), "Показники", looks={"C3": "indexed_black"}), counts=BASE_COUNTS, formats=(".xlsx",)),
    # A font too small to read (1 pt) hides a number as well as white does.
    Case("a_count_in_a_tiny_font", _with(standard(BASE), "Показники", looks={"C3": "tiny"}),
         refused=[("value_unseen", "Показники", 3, "C")]),
    # Rich text: the "4" of "49" white, and a white sentence inside a paragraph; the same in
    # 1 pt type.
    *(Case(f"rich_text_partly_{how}", _partly(f"first_{how}"),
           refused=[("value_unseen", "Показники", 3, "C"), ("value_unseen", "Заходи", 3, "B")])
      for how in ("white", "tiny")),
    # A format's own words that make a count another quantity: "49 тис." reads as 49 000.
    Case("a_count_shown_in_thousands", _with(standard(BASE), "Показники", looks={"C3": "thousands_word"}),
         refused=[("value_unseen", "Показники", 3, "C")]),
    # A count aligned to fill its cell shows 494949...; a text so aligned is still its text.
    Case("a_count_aligned_to_fill_its_cell",
         _with(standard(BASE), "Показники", looks={"C3": "fill_aligned", "B2": "fill_aligned"}),
         refused=[("value_unseen", "Показники", 3, "C")]),
    # A picture over a count: the clerk sees the picture ("94" drawn on white), not the 49.
    Case("a_picture_over_a_count", _with(standard(BASE), "Показники", pictures=("C3",)),
         refused=[("value_unseen", "Показники", 3, "C")]),
    Case("a_picture_beside_the_table", _with(standard(BASE), "Показники", pictures=("F2",)), counts=BASE_COUNTS),
    # Conditional formats that turn text white: each cell is judged by its own value.
    Case("conditional_formats_that_hide_small_numbers",
         _with(standard([[NEWS, WEBSITE, 214], [NEWS, SOCIAL, 49], [NEWS, TV, 0], [VIDEOS, SOCIAL, 5]]),
               "Показники", conditional=(("C2:C5", "lessThan", ("100",)),)),
         refused=[("value_unseen", "Показники", 3, "C"), ("value_unseen", "Показники", 5, "C")]),
    # The clerk's usual trick: rules that hide zeros. Zeros count nothing, and the metric and
    # channel names are never equal to 0.
    Case("rules_that_hide_zeros_are_harmless",
         _with(standard([[NEWS, WEBSITE, 214], [NEWS, TV, 0], [VIDEOS, SOCIAL, 19]]), "Показники",
               conditional=(("C2:C4", "expression", ("$C2=0",)), ("A2:C4", "equal", ("0",)))),
         counts={("news", "website"): 214, ("news", "tv"): 0, ("video_stories", "social"): 19}),
    # "Hide errors": white text on cells with an error. The counts are no errors.
    Case("a_rule_that_hides_errors_is_harmless",
         _with(standard(BASE), "Показники", conditional=(("C2:C4", "containsErrors", ("C2",)),)),
         counts=BASE_COUNTS),
    # White text on a dark fill reads; a rule that makes the fill white for big numbers
    # hides them.
    Case("a_rule_that_whitens_the_fill_under_white_text",
         _with(standard(BASE), "Показники", looks={"C2": "white_on_dark", "C3": "white_on_dark"},
               conditional=(("C2:C4", "fill_white", ("100",)),)),
         refused=[("value_unseen", "Показники", 2, "C")], formats=(".xlsx",)),
    # ... but a rule that hides the whole row of a zero hides which metric and channel it is.
    Case("a_rule_that_hides_the_row_of_a_zero",
         _with(standard([[NEWS, WEBSITE, 214], [NEWS, TV, 0], [VIDEOS, SOCIAL, 19]]), "Показники",
               conditional=(("A2:C4", "expression", ("$C2=0",)),)),
         refused=[("value_unseen", "Показники", 3, "A"), ("value_unseen", "Показники", 3, "B")]),
    Case("a_metric_in_white_outside_the_read_columns_is_no_business_of_the_report",
         _with(standard(BASE), "Показники", looks={"A1": "white"}, column_widths={"E": 2}),
         counts=BASE_COUNTS),
    # Read as the clerk means them: a thin space between thousands, a formula's binary
    # rounding (=0.7*70 is 49.00000000000001, shown as 49), an en dash autocorrect put in a name.
    Case("thin_spaces_formula_rounding_and_dashes",
         standard([[NEWS, WEBSITE, "1\u2009234"], [NEWS, SOCIAL, 49.00000000000001], [NEWS, TV, 18.999999999999996],
                   [VIDEOS, SOCIAL, 7],
                   [PHOTOS, "Офіційний веб\u2013сайт міської ради", 68]]),
         counts={("news", "website"): 1234, ("news", "social"): 49, ("news", "tv"): 19, ("video_stories", "social"): 7,
                 ("photo_materials", "website"): 68}),
    Case("thousands_marked_with_a_comma_or_a_point", standard([[NEWS, WEBSITE, "1,234"], [NEWS, SOCIAL, "1.234.567"],
                                                               [NEWS, TV, "296,0"]]),
         refused=[("count_thousands_mark", "Показники", 2, "C"), ("count_thousands_mark", "Показники", 3, "C")]),
    Case("a_total_row_under_the_table", standard([*BASE, ["Разом", None, 282]]),
         refused=[("total_row", "Показники", 5, "A")]),
    Case("a_header_over_two_rows",
         _with(standard([]), "Показники", rows=[["Показник", "Канал", "Кількість"], [None, None, "(шт.)"], *BASE],
               merges=("A1:A2", "B1:B2")),
         refused=[("header_again", "Показники", 2, "A")]),
    # The table sorted without "My data has headers": the header row sinks under the rows
    # that sort before it, which are then above it and would not be read.
    Case("rows_sorted_above_the_header",
         _with(standard([]), "Показники", rows=[[VIDEOS, SOCIAL, 19], [NEWS, PRESS, 12],
                                               ["Показник", "Канал", "Кількість"], [NEWS, WEBSITE, 214]]),
         refused=[("row_above_header", "Показники", 1, ""), ("row_above_header", "Показники", 2, "")]),
    Case("a_paragraph_typed_above_the_activities_header",
         _with(standard(BASE), "Заходи", rows=[["Наради", "Проведено засідання комісії 12 серпня."],
                                             ["Розділ", "Текст"], ["Моніторинг", "Проводився моніторинг ЗМІ."]]),
         refused=[("row_above_header", "Заходи", 1, "")]),
    # What a report cannot show as the clerk sees it: a fraction, a percentage, TRUE.
    Case("numbers_and_truths_as_activities",
         standard(BASE, [["Кошти", 1234.5], ["Частка", AsPercent(0.125)], ["Так?", True]]),
         refused=[("text_not_text", "Заходи", 2, "B"), ("text_not_text", "Заходи", 3, "B"),
                  ("text_not_text", "Заходи", 4, "B")]),
    Case("digits_split_not_by_threes", standard([[NEWS, WEBSITE, "12 34"], [NEWS, SOCIAL, "1 5"],
                                                 [NEWS, TV, "1 2345"]]),
         refused=[("count_grouping", "Показники", 2, "C"), ("count_grouping", "Показники", 3, "C"),
                  ("count_grouping", "Показники", 4, "C")]),
    Case("values_in_a_column_without_header",
         _with(standard([]), "Показники", rows=[["Показник", "Канал", "Кількість"], [NEWS, WEBSITE, 296, 281],
                                               [VIDEOS, SOCIAL, 19, 17]]),
         refused=[("value_without_header", "Показники", 2, "D"), ("value_without_header", "Показники", 3, "D")]),
    Case("header_under_five_rows",
         _with(standard([]), "Показники", rows=[["Звіт"], ["за серпень"], ["2021"], ["відділ"], ["примітка"],
                                               ["Показник", "Канал", "Кількість"], *BASE]),
         refused=[("header_too_low", "Показники", 6, "")]),
    # 100 typed into a cell formatted as %: the clerk sees "100%", the file holds 1.
    Case("a_count_formatted_as_a_percentage", standard([[NEWS, WEBSITE, AsPercent(1)], [NEWS, TV, AsPercent(0.19)]]),
         refused=[("count_percent", "Показники", 2, "C"), ("count_percent", "Показники", 3, "C")]),
    Case("a_count_that_became_a_date", standard([[NEWS, WEBSITE, dt.datetime(2021, 5, 1)]]),
         refused=[("count_date", "Показники", 2, "C")]),
    Case("a_formula_never_calculated", standard([[NEWS, WEBSITE, "=100+14"]]),
         refused=[("count_formula_unsaved", "Показники", 2, "C")],
         after_libreoffice={suffix: {"refused": None, "counts": {("news", "website"): 114}}
                            for suffix in (".xlsx", ".ods")}),
    Case("a_row_far_below_the_table", _with(standard(BASE), "Показники",
                                            far={"A6000": NEWS, "B6000": TV, "C6000": 3}),
         refused=[("row_too_far", "Показники", 6000, "")]),
    Case("a_count_merged_over_two_rows", _with(standard([[NEWS, WEBSITE, 10], [NEWS, TV, None]]), "Показники",
                                               merges=("C2:C3",)),
         refused=[("count_merged", "Показники", 3, "C")]),
]


def _outcome(folder: Path):
    data, problems = check_data(folder)
    if problems:
        return None, None, sorted((p.code.value, p.sheet, p.row, p.letter) for p in problems)
    counts = {(m, c): int(n) for m, c, n in zip(data.counts["metric"], data.counts["channel"], data.counts["count"])}
    activities = list(zip(data.activities["section"], data.activities["text"]))
    return counts, activities, None


def _check(case: Case, folder: Path) -> None:
    counts, activities, refused = _outcome(folder)
    if case.refused is not None:
        assert refused == sorted(case.refused), f"{case.id}: expected a refusal, read {counts}"
    else:
        assert refused is None, f"{case.id}: refused {refused}"
        assert counts == case.counts
        if case.activities is not None:
            assert activities == case.activities


def _folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir(parents=True)
    shutil.copy(config.DATA_DIR / "catalog.toml", folder)
    return folder


PARAMETERS = [pytest.param(case, suffix, id=f"{case.id}{suffix}") for case in CASES for suffix in case.formats]


@pytest.mark.parametrize("case, suffix", PARAMETERS)
def test_case_is_read_exactly_or_refused_exactly(tmp_path, case, suffix):
    folder = _folder(tmp_path, "data")
    write(case.book, folder / f"2021-08{suffix}")
    _check(case, folder)


@pytest.fixture(scope="module")
def resaved(tmp_path_factory):
    """Every case's files opened and saved again by LibreOffice (one start for them all)."""
    root = tmp_path_factory.mktemp("libreoffice")
    written = {}
    for case in CASES:
        for suffix in case.formats:
            if case.id.startswith("stray_value_in_the_last_cell"):
                continue  # LibreOffice's own limit is 16 384 columns only since 7.4
            written[(case.id, suffix)] = write(case.book, root / "cases" / f"{case.id}{suffix}")
    converted = libreoffice_resave(list(written.values()), root / "out", root / "profile")
    return {key: converted.get(path) for key, path in written.items()}


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("case, suffix", [p for p in PARAMETERS if not p.id.startswith("stray_value_in_the_last")])
def test_case_saved_again_by_libreoffice_reads_the_same(tmp_path, resaved, case, suffix):
    path = resaved[(case.id, suffix)]
    assert path is not None, "LibreOffice could not save the case"
    folder = _folder(tmp_path, "data")
    shutil.copy(path, folder / f"2021-08{suffix}")
    _check(case.resaved(suffix), folder)


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_values_hidden_by_their_format_stay_refused_when_libreoffice_makes_the_xlsx_an_ods(tmp_path):
    """The clerk opens last year's .xlsx in LibreOffice and saves it as .ods: ";;;", the dash
    format and the colours become LibreOffice's own styles, and the cells are still refused."""
    hidden = [case for case in CASES if case.id in ("values_hidden_by_their_format", "a_paragraph_hidden_by_its_format")]
    written = {case.id: write(case.book, tmp_path / "cases" / f"{case.id}.xlsx") for case in hidden}
    out = tmp_path / "ods"
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--convert-to", "ods",
                    "--outdir", str(out), *map(str, written.values())], capture_output=True, timeout=600, check=False)
    for case in hidden:
        folder = _folder(tmp_path, case.id)
        shutil.copy(out / f"{case.id}.ods", folder / "2021-08.ods")
        _check(case, folder)
