"""CSV exports through a mapping: Meta Business Suite and YouTube Studio, in Ukrainian and English."""

from __future__ import annotations

import tomllib

import pytest
from .channel_helpers import by_month

from dept_analysis.channel_exports import (META_BUSINESS_SUITE_POSTS, YOUTUBE_STUDIO_TABLE_DATA, CsvMapping,
                                           ExportFormatError, ExportSpecError, ReadStats, Words,
                                           count_posts_by_month, iter_csv_posts, mapping_from_dict, mapping_to_toml)

META_EN = {"2021-08": {"posts": 4, "with_photo": 1, "with_video": 2},
           "2021-09": {"posts": 2, "with_photo": 1, "with_video": 0}}
META_UK = {"2021-08": {"posts": 2, "with_photo": 1, "with_video": 1},
           "2021-09": {"posts": 2, "with_photo": 0, "with_video": 1}}

SIMPLE = CsvMapping(code="simple", name_uk="простий експорт", name_en="simple export",
                    date_columns=("Дата", "Date"), date_formats=("%d.%m.%Y %H:%M", "%d.%m.%Y"),
                    type_columns=("Тип", "Type"), photo_types=("Фото",), video_types=("Відео",))


def count(path, mapping, **kwargs):
    return by_month(count_posts_by_month(iter_csv_posts(path, mapping, **kwargs)))


def raises(path, mapping=SIMPLE) -> ExportFormatError:
    with pytest.raises(ExportFormatError) as caught:
        list(iter_csv_posts(path, mapping))
    assert str(path) in str(caught.value) and " / " in str(caught.value)
    return caught.value


def test_meta_export_with_english_headers(samples):
    path = samples / "meta_posts_en.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert count(path, META_BUSINESS_SUITE_POSTS) == META_EN
    posts = list(iter_csv_posts(path, META_BUSINESS_SUITE_POSTS))
    assert [p.kind for p in posts] == ["Photos", "Videos", "Links", "Reels", "Photos", "Text"]
    assert posts[0].source_id == "100000000000001"
    # Meta writes the page's local time: 23:30 on 31 August in Kyiv is August.
    assert posts[3].published.isoformat() == "2021-08-31T23:30:00+03:00"


def test_meta_export_with_ukrainian_headers_semicolons_and_crlf(samples):
    path = samples / "meta_posts_uk.csv"
    assert b";" in path.read_bytes() and b"\r\n" in path.read_bytes()
    stats = ReadStats()
    assert count(path, META_BUSINESS_SUITE_POSTS, stats=stats) == META_UK
    assert stats.items == 4  # the blank line is not a row


def test_youtube_table_data_in_english_and_ukrainian(samples):
    stats = ReadStats()
    assert count(samples / "youtube_table_data_en.csv", YOUTUBE_STUDIO_TABLE_DATA, stats=stats) == {
        "2020-12": {"posts": 1, "with_photo": 0, "with_video": 1},
        "2021-08": {"posts": 2, "with_photo": 0, "with_video": 2},
        "2021-09": {"posts": 1, "with_photo": 0, "with_video": 1},
    }
    assert stats.skipped == {"summary_row": 1}
    assert count(samples / "youtube_table_data_uk.csv", YOUTUBE_STUDIO_TABLE_DATA) == {
        "2021-08": {"posts": 2, "with_photo": 0, "with_video": 2},
        "2021-09": {"posts": 1, "with_photo": 0, "with_video": 1},
    }


def test_windows_1251_tabs_and_a_title_row(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("Звіт за серпень\n\nДата\tТип\tНазва\n31.08.2021 23:30\tФото\tОдин\n01.09.2021\tвідео\tДва\n"
                     .encode("cp1251"))
    assert count(path, SIMPLE) == {"2021-08": {"posts": 1, "with_photo": 1, "with_video": 0},
                                   "2021-09": {"posts": 1, "with_photo": 0, "with_video": 1}}


def test_headers_match_ignoring_case_spaces_and_apostrophes(tmp_path):
    mapping = CsvMapping(code="m", name_uk="м", name_en="m", date_columns=("Дата публікації",),
                         date_formats=("%d.%m.%Y",), type_columns=("Об'єкт",), photo_types=("З фото",))
    path = tmp_path / "export.csv"
    path.write_text("  ДАТА   ПУБЛІКАЦІЇ ,Обʼєкт\n05.08.2021,з  ФОТО\n", encoding="utf-8")
    assert count(path, mapping) == {"2021-08": {"posts": 1, "with_photo": 1, "with_video": 0}}


def test_utf16_export(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Date,Type\n05.08.2021,Фото\n", encoding="utf-16")
    assert count(path, SIMPLE) == {"2021-08": {"posts": 1, "with_photo": 1, "with_video": 0}}


def test_bad_date_names_the_line_after_a_quoted_line_break(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('Дата,Тип,Опис\n05.08.2021,Фото,"перший\nрядок опису"\n31/08/2021,Фото,другий\n', encoding="utf-8")
    error = raises(path)
    assert "line 4" in str(error) and "рядок 4" in str(error)
    assert "“31/08/2021” in column “Дата”" in str(error)
    assert "DD.MM.YYYY hh:mm (e.g. 31.08.2021 14:05)" in str(error)


def test_blank_date_is_named(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Дата;Тип\n05.08.2021;Фото\n;Фото\n", encoding="utf-8")
    error = raises(path)
    assert "line 3" in str(error) and "blank" in str(error) and "порожня" in str(error)


def test_summary_rows_need_their_label(tmp_path):
    path = tmp_path / "Table data.csv"
    path.write_text("Content,Video publish time\nTotal,\nabc,\n", encoding="utf-8")
    error = raises(path, YOUTUBE_STUDIO_TABLE_DATA)
    assert "line 3" in str(error)  # only the labelled total row may lack a date


def test_missing_date_column(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Post ID,Date,Views\n1,Lifetime,10\n", encoding="utf-8")
    error = raises(path, META_BUSINESS_SUITE_POSTS)
    assert "«Publish time», «Час публікації»" in str(error) and "“Publish time”, “Час публікації”" in str(error)
    assert "the first row has: “Post ID”, “Date”, “Views”" in str(error)


def test_missing_type_column(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Дата,Назва\n05.08.2021,Один\n", encoding="utf-8")
    error = raises(path)
    assert "line 1" in str(error) and "«Тип», «Type»" in str(error) and "“Тип”, “Type”" in str(error)


@pytest.mark.parametrize(("content", "words"), [
    (b"", "empty"),
    (b"PK\x03\x04\x00\x00binary", "not a CSV text file"),
])
def test_files_that_are_not_csv(tmp_path, content, words):
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    assert words in str(raises(path))


def test_mapping_round_trips_through_toml():
    for preset in (META_BUSINESS_SUITE_POSTS, YOUTUBE_STUDIO_TABLE_DATA, SIMPLE):
        block = tomllib.loads(mapping_to_toml(preset))["csv_mappings"][0]
        assert mapping_from_dict(block, Words("", "")) == preset


@pytest.mark.parametrize(("block", "words"), [
    ({"code": "x", "date_formats": ["%d.%m.%Y"]}, "date_columns is missing"),
    ({"code": "x", "date_columns": "Дата", "date_formats": ["%d.%m.%Y"], "colour": "red"}, "unknown fields: colour"),
    ({"code": "x", "date_columns": [1], "date_formats": ["%d.%m.%Y"]}, "list of strings"),
    ({"code": "x", "date_columns": "Дата", "date_formats": "%d.%m.%Y", "every_row_is": "audio"}, "every_row_is"),
    ({"code": "x", "date_columns": "Дата", "date_formats": "%d.%m.%Y", "photo_types": "Фото"}, "no type column"),
    ({"code": "x", "date_columns": "Дата", "date_formats": "%d.%m.%Y", "time_zone": "Europe/Nowhere"}, "time zone"),
])
def test_bad_mappings_are_refused(block, words):
    with pytest.raises(ExportSpecError, match=words):
        mapping_from_dict(block, Words("блок № 1", "block No. 1"))


def test_a_single_string_is_a_list_of_one():
    mapping = mapping_from_dict({"code": "x", "date_columns": "Дата", "date_formats": "%d.%m.%Y"}, Words("", ""))
    assert mapping.date_columns == ("Дата",) and mapping.name_en == "x"


def test_exports_without_ids_whose_days_overlap_are_refused(tmp_path):
    """Two exports of overlapping periods with no id column: a post in both cannot be told
    from two posts, and would be counted twice."""
    from dept_analysis.channel_exports import ExportSpec, count_export_files

    first, second, later = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    first.write_text("Дата;Тип\n10.01.2022 10:00;Фото\n20.01.2022 10:00;Фото\n", encoding="utf-8")
    second.write_text("Дата;Тип\n15.01.2022 10:00;Фото\n25.01.2022 10:00;Відео\n", encoding="utf-8")
    later.write_text("Дата;Тип\n21.01.2022 10:00;Фото\n", encoding="utf-8")
    spec = ExportSpec(number=1, channel="social", kind="csv", files=(), metrics={"posts": "news"}, csv=SIMPLE)
    assert count_export_files(spec, [first, later]).months["2022-01"].posts == 3  # periods apart: both count
    with pytest.raises(ExportFormatError) as caught:
        count_export_files(spec, [first, second])
    assert "b.csv" in str(caught.value) and "15.01.2022" in str(caught.value) and "id_columns" in str(caught.value)
