"""`dept-report import`: counts from a channel's export against the typed ones, and safe writing."""

from __future__ import annotations

import itertools
import json
import re
import tomllib
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from dept_analysis import config
from dept_analysis.catalog import load_catalog
from dept_analysis.channel_exports import parse_export_specs
from dept_analysis.channel_exports.kyiv_time import kyiv
from dept_analysis.cli import main
from dept_analysis.datafolder import sha256_of
from dept_analysis.intake import apply_import, plan_import
from dept_analysis.intake.importing import FAILED, RUNNING, WRITTEN
from dept_analysis.loading import scan_workbook
from workbooks import NEWS, SOCIAL, VIDEOS, WEBSITE, rewrite_part, standard, write_ods, write_xlsx

SAMPLES = Path(__file__).parent / "channel_exports" / "samples"
CHANNEL = SAMPLES / "telegram_channel" / "result.json"      # 2021-08: 6 posts, 3 with photo, 1 with video
EDGES = SAMPLES / "telegram_month_edges" / "result.json"    # 2022-01: 1 post

TELEGRAM = """
[[exports]]
name = "telegram"
kind = "telegram"
channel = "social"
metrics = { posts = "news", with_photo = "photo_materials", with_video = "video_stories" }
"""


def add_blocks(folder: Path, text: str) -> None:
    catalog = folder / "catalog.toml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture
def folder(sample_data_dir) -> Path:
    add_blocks(sample_data_dir, TELEGRAM)
    return sample_data_dir


def run(folder: Path, *args: str):
    return CliRunner().invoke(main, ["import", *map(str, args), "--data-dir", str(folder)])


def table_rows(output: str) -> list[list[str]]:
    """The reconciliation tables' rows (first line of each), cells stripped."""
    rows = []
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 5 and cells[0] and cells[0] not in ("Показник", "Metric"):
            rows.append(cells)
    return rows


def counts_of(path: Path, month: str) -> dict[tuple[str, str], int]:
    scan = scan_workbook(path, pd.Period(month, "M"), load_catalog(path.parent))
    assert scan.ok, scan.problems
    return {(metric, channel): count for metric, channel, count in scan.counts}


def info_rows(path: Path) -> list[tuple]:
    return [row[:2] for row in openpyxl.load_workbook(path)["Відомості"].iter_rows(values_only=True) if row[0]]


# -- the table, and nothing written without --write ------------------------------------------------

def test_preview_sets_typed_against_counted_and_writes_nothing(folder):
    path = folder / "2021-08.xlsx"
    before = path.read_bytes()
    result = run(folder, "telegram", CHANNEL, "--month", "2021-08")
    assert result.exit_code == 0, result.output
    assert table_rows(result.output) == [
        [NEWS, SOCIAL, "49", "6", "відрізняється: залишити"],
        ["Матеріали з фото", SOCIAL, "—", "3", "додати рядок"],
        [VIDEOS, SOCIAL, "19", "1", "відрізняється: залишити"],
    ]
    assert "nothing was written" in result.output.replace("\n", " ")
    assert sha256_of(CHANNEL) in result.output
    assert path.read_bytes() == before


def test_write_fills_empty_counts_adds_missing_rows_and_records_the_import(folder):
    assert CliRunner().invoke(main, ["new", "2022-01", "--data-dir", str(folder)]).exit_code == 0
    path = folder / "2022-01.xlsx"
    result = run(folder, "telegram", EDGES, "--month", "2022-01", "--write")
    assert result.exit_code == 0, result.output
    assert table_rows(result.output) == [
        [NEWS, SOCIAL, "—", "1", "заповнено C3"],
        ["Матеріали з фото", SOCIAL, "—", "0", "додано рядок, C10"],
        [VIDEOS, SOCIAL, "—", "0", "заповнено C9"],
    ]
    counts = openpyxl.load_workbook(path)["Показники"]
    assert [cell.value for cell in counts[3]] == [NEWS, SOCIAL, 1]
    assert [cell.value for cell in counts[10]] == ["Матеріали з фото", SOCIAL, 0]
    field, value = info_rows(path)[-1]
    assert field == "Імпорт"
    assert value.startswith(f"telegram result.json sha256={sha256_of(EDGES)}; ")
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d \(Київ\); заповнено 2, додано рядків 1, замінено 0$", value)
    # The loader reads the numbers; what the export does not feed is still to be typed.
    scan = scan_workbook(path, pd.Period("2022-01", "M"), load_catalog(folder))
    assert len(scan.problems) == 6 and "still has problems" in result.output.replace("\n", " ")
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_a_typed_count_is_replaced_only_with_replace_and_the_change_is_shown(folder):
    path = folder / "2021-08.xlsx"
    before = counts_of(path, "2021-08")
    result = run(folder, "telegram", CHANNEL, "--month", "2021-08", "--write")
    assert result.exit_code == 0, result.output
    kept = counts_of(path, "2021-08")
    assert kept[("news", "social")] == 49 and kept[("video_stories", "social")] == 19
    assert kept[("photo_materials", "social")] == 3
    assert "--write --replace" in result.output

    result = run(folder, "telegram", CHANNEL, "--month", "2021-08", "--write", "--replace")
    assert result.exit_code == 0, result.output
    assert ["Новини та інші інформаційні матеріали", SOCIAL, "49", "6", "замінено C3: 49 → 6"] in table_rows(result.output)
    after = counts_of(path, "2021-08")
    assert after[("news", "social")] == 6 and after[("video_stories", "social")] == 1
    # Every other number typed by hand is as it was.
    untouched = {pair: count for pair, count in before.items() if pair[1] != "social"}
    assert {pair: after[pair] for pair in untouched} == untouched
    assert info_rows(path)[-1][1].endswith("замінено 2 (C3: 49 → 6, C9: 19 → 1)")


def test_a_month_without_a_workbook_is_refused_and_the_others_imported(folder):
    (folder / "2021-09.xlsx").unlink()
    result = run(folder, "telegram", CHANNEL, "--month", "2021-08", "--month", "2021-09", "--write")
    assert result.exit_code == 1
    text = result.output.replace("\n", " ")
    assert "dept-report new 2021-09" in text
    assert counts_of(folder / "2021-08.xlsx", "2021-08")[("photo_materials", "social")] == 3


def test_without_month_every_month_of_the_export_and_those_without_a_workbook_passed_over(folder):
    (folder / "2021-09.xlsx").unlink()
    result = run(folder, "telegram", CHANNEL)
    assert result.exit_code == 0, result.output
    assert "2021-08 — 2021-08.xlsx" in result.output
    assert "(passed over): 2021-09" in result.output.replace("\n", " ")


def test_the_month_still_running_is_shown_but_not_written(folder):
    path = folder / "2021-09.xlsx"
    before = path.read_bytes()
    plan = plan_import("telegram", [CHANNEL], folder, now=datetime(2021, 9, 25, 12, 0, tzinfo=kyiv()))
    assert [(m.month, m.status) for m in plan.months] == [("2021-08", "ready"), ("2021-09", RUNNING)]
    apply_import(plan)
    assert [m.status for m in plan.months] == [WRITTEN, RUNNING]
    assert path.read_bytes() == before


def test_the_month_an_export_starts_in_is_shown_but_not_written_unless_named(folder, tmp_path):
    """A feed holds only its latest items, an export may be of a date range: the posts of its
    first month before its first one are not in it, and that month's count may be short."""
    export = json.loads(CHANNEL.read_text(encoding="utf-8"))
    export["messages"] = [m for m in export["messages"] if m.get("action") != "create_channel"]
    partial = tmp_path / "result.json"
    partial.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    path = folder / "2021-08.xlsx"
    before = path.read_bytes()
    result = run(folder, "telegram", partial, "--write")
    assert result.exit_code == 0, result.output
    assert "The export begins on 02.08.2021" in result.output.replace("\n", " ")
    assert path.read_bytes() == before
    # Named with --month, the clerk says the export covers the month: it is written.
    plan = plan_import("telegram", [partial], folder, ["2021-08"])
    assert [(m.month, m.status) for m in plan.months] == [("2021-08", "ready")]
    # The whole history (it holds the channel's creation, 30 July): August is complete.
    assert [(m.month, m.status) for m in plan_import("telegram", [CHANNEL], folder).months][0] == ("2021-08", "ready")


def test_a_month_the_export_does_not_cover_is_not_counted_as_zero(folder):
    result = run(folder, "telegram", CHANNEL, "--month", "2021-05", "--write")
    assert result.exit_code == 1
    assert "does not cover 2021-05" in result.output.replace("\n", " ")
    assert "Імпорт" not in dict(info_rows(folder / "2021-05.xlsx"))


# -- malformed exports and catalogs ----------------------------------------------------------------

def test_a_malformed_export_names_the_file_and_the_message(folder, tmp_path):
    export = json.loads(CHANNEL.read_text(encoding="utf-8"))
    broken = next(message for message in export["messages"] if message["id"] == 6)
    del broken["date"], broken["date_unixtime"]
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    before = (folder / "2021-08.xlsx").read_bytes()
    result = run(folder, "telegram", path, "--write")
    assert result.exit_code == 1
    assert str(path) in result.output and "message id 6" in result.output and "the message has no date" in result.output
    assert "Traceback" not in result.output
    assert (folder / "2021-08.xlsx").read_bytes() == before


@pytest.mark.parametrize(("blocks", "words"), [
    ("", "has no [[exports]] block"),
    (TELEGRAM.replace('name = "telegram"\n', "") * 2, "several [[exports]] blocks of kind “telegram”"),
    (TELEGRAM.replace('"telegram"\nkind', '"tg"\nkind'), "no [[exports]] block named or of kind “youtube”"),
    (TELEGRAM.replace('posts = "news"', 'posts = "tweets"'), "Catalog, block [[exports]] No. 1: unknown metric"),
])
def test_the_block_is_chosen_by_name_or_kind_or_the_command_says_why_not(sample_data_dir, blocks, words):
    add_blocks(sample_data_dir, blocks)
    kind = "youtube" if "tg" in blocks else "telegram"
    result = run(sample_data_dir, kind, CHANNEL)
    assert result.exit_code == 1
    assert words in result.output.replace("\n", " ")


def test_a_named_block_is_chosen_among_several_of_a_kind(sample_data_dir):
    add_blocks(sample_data_dir, TELEGRAM.replace('name = "telegram"', 'name = "press_office"')
               .replace('channel = "social"', 'channel = "tv"') + TELEGRAM)
    plan = plan_import("press_office", [CHANNEL], sample_data_dir, ["2021-08"])
    assert plan.spec.channel == "tv"
    assert {(p.metric, p.channel) for p in plan.months[0].pairs} == {
        ("news", "tv"), ("photo_materials", "tv"), ("video_stories", "tv")}


def test_the_catalogs_commented_example_blocks_work_once_uncommented():
    text = (config.DATA_DIR / "catalog.toml").read_text(encoding="utf-8")
    start = text.index("# [[exports]]")
    block = itertools.takewhile(lambda line: line.startswith("#"), text[start:].splitlines())  # to the blank line
    example = "\n".join(line[2:] for line in block if line.startswith("# ") and not line.startswith("# # "))
    catalog = load_catalog(config.DATA_DIR)
    specs = parse_export_specs(tomllib.loads(example), metric_codes=[m.code for m in catalog.metrics],
                               channel_codes=[c.code for c in catalog.channels])
    assert [(spec.label, spec.kind) for spec in specs] == [("telegram", "telegram"), ("site", "wxr"),
                                                           ("facebook", "csv")]


# -- every kind, with known counts -----------------------------------------------------------------

@pytest.mark.parametrize(("block", "sample", "expected"), [
    ('kind = "wxr"\nchannel = "website"\nmetrics = { posts = "news", with_photo = "photo_materials" }',
     "website_wordpress.xml", {("news", "website"): 6, ("photo_materials", "website"): 2}),
    ('kind = "feed"\nchannel = "website"\nmetrics = { posts = "news", with_photo = "photo_materials" }',
     "website_rss2.xml", {("news", "website"): 4, ("photo_materials", "website"): 2}),
    ('kind = "website"\nchannel = "website"\nmetrics = { posts = "news", with_video = "video_stories" }',
     "website_rss2.xml", {("news", "website"): 4, ("video_stories", "website"): 1}),
    ('kind = "csv"\ncsv = "meta_business_suite_posts"\nchannel = "social"\n'
     'metrics = { posts = "news", with_video = "video_stories" }',
     "meta_posts_en.csv", {("news", "social"): 4, ("video_stories", "social"): 2}),
    ('kind = "csv"\ncsv = "youtube_studio_table_data"\nchannel = "social"\nmetrics = { with_video = "video_stories" }',
     "youtube_table_data_uk.csv", {("video_stories", "social"): 2}),
])
def test_each_kind_of_export_is_counted_into_its_block(sample_data_dir, block, sample, expected):
    add_blocks(sample_data_dir, f"\n[[exports]]\nname = \"source\"\n{block}\n")
    plan = plan_import("source", [SAMPLES / sample], sample_data_dir, ["2021-08"])
    assert {(p.metric, p.channel): p.counted for p in plan.months[0].pairs} == expected


# -- the clerk's workbook is never damaged ---------------------------------------------------------

def small_folder(data_dir: Path, book=None) -> Path:
    add_blocks(data_dir, TELEGRAM)
    write_xlsx(book or standard([[NEWS, WEBSITE, 214], [NEWS, SOCIAL, None]]), data_dir / "2021-08.xlsx")
    return data_dir / "2021-08.xlsx"


def test_an_ods_workbook_is_refused_with_what_to_do(data_dir):
    add_blocks(data_dir, TELEGRAM)
    path = write_ods(standard([[NEWS, WEBSITE, 214], [NEWS, SOCIAL, None]]), data_dir / "2021-08.ods")
    before = path.read_bytes()
    result = run(data_dir, "telegram", CHANNEL, "--month", "2021-08", "--write")
    assert result.exit_code == 1
    assert "2021-08.ods" in result.output and "save it as" in result.output.replace("\n", " ")
    assert path.read_bytes() == before and not (data_dir / "2021-08.xlsx").exists()


def test_a_workbook_open_in_an_office_program_is_refused(data_dir):
    path = small_folder(data_dir)
    (data_dir / ".~lock.2021-08.xlsx#").write_text("someone,pc,2021-09-01")
    before = path.read_bytes()
    result = run(data_dir, "telegram", CHANNEL, "--month", "2021-08", "--write")
    assert result.exit_code == 1 and "is open in Excel or LibreOffice" in result.output.replace("\n", " ")
    assert path.read_bytes() == before


def test_a_workbook_with_problems_is_refused_with_its_problems(data_dir):
    path = small_folder(data_dir, standard([[NEWS, WEBSITE, -3], [NEWS, SOCIAL, None]]))
    before = path.read_bytes()
    result = run(data_dir, "telegram", CHANNEL, "--month", "2021-08", "--write")
    assert result.exit_code == 1
    assert "negative" in result.output and "Fix them" in result.output.replace("\n", " ")
    assert path.read_bytes() == before


def test_formulas_that_would_lose_their_results_stop_the_write(data_dir):
    path = small_folder(data_dir)
    # C2 holds =200+14 with Excel's saved result 214; openpyxl would write the formula alone.
    rewrite_part(path, "xl/worksheets/sheet2.xml",
                 lambda xml: re.sub(r'<c r="C2" t="n"><v>214</v></c>', '<c r="C2"><f>200+14</f><v>214</v></c>', xml))
    scan = scan_workbook(path, pd.Period("2021-08", "M"), load_catalog(data_dir))
    assert [problem.code.value for problem in scan.problems] == ["count_blank"]  # the formula itself reads
    before = path.read_bytes()
    result = run(data_dir, "telegram", CHANNEL, "--month", "2021-08", "--write")
    assert result.exit_code == 1
    text = result.output.replace("\n", " ")
    assert "was not written" in text and "formula without a saved result" in text
    assert path.read_bytes() == before


def test_parts_openpyxl_would_drop_stop_the_write(data_dir):
    path = small_folder(data_dir)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/slicers/slicer1.xml", "<slicers/>")
    before = path.read_bytes()
    result = run(data_dir, "telegram", CHANNEL, "--month", "2021-08", "--write")
    assert result.exit_code == 1
    assert "would lose slicers and timelines (1)" in result.output.replace("\n", " ")
    assert path.read_bytes() == before


def test_a_workbook_saved_meanwhile_is_not_overwritten(data_dir):
    path = small_folder(data_dir)
    plan = plan_import("telegram", [CHANNEL], data_dir, ["2021-08"])
    book = openpyxl.load_workbook(path)
    book["Заходи"]["B2"] = "Дописано, поки йшов імпорт."
    book.save(path)
    saved = path.read_bytes()
    apply_import(plan)
    assert plan.months[0].status == FAILED and "changed while the import ran" in plan.months[0].message
    assert path.read_bytes() == saved


def test_rows_are_appended_under_the_table_not_over_a_title_or_a_note(data_dir):
    book = standard([[NEWS, WEBSITE, 214]])
    counts = book.tab("Показники")
    counts.rows = [["Показники за серпень"], ["Показник", "Канал", "Кількість", "Примітка"],
                   [NEWS, WEBSITE, 214, "з сайту"], [None], [VIDEOS, SOCIAL, None]]
    book.tab("Відомості").rows += [["Заповнила", "Олена (приклад)"]]
    path = small_folder(data_dir, book)
    result = run(data_dir, "telegram", CHANNEL, "--month", "2021-08", "--write")
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(path)["Показники"]
    assert [cell.value for cell in sheet[5]][:3] == [VIDEOS, SOCIAL, 1]
    assert [[cell.value for cell in sheet[row]][:3] for row in (6, 7)] == [[NEWS, SOCIAL, 6],
                                                                          ["Матеріали з фото", SOCIAL, 3]]
    assert sheet["A1"].value == "Показники за серпень" and sheet["D3"].value == "з сайту"
    assert [row[0] for row in info_rows(path)] == ["Поле", "Місяць", "Заповнила", "Імпорт"]
    assert counts_of(path, "2021-08") == {("news", "website"): 214, ("video_stories", "social"): 1,
                                          ("news", "social"): 6, ("photo_materials", "social"): 3}


def test_a_macro_enabled_workbook_stays_one(data_dir):
    add_blocks(data_dir, TELEGRAM)
    path = write_xlsx(standard([[NEWS, SOCIAL, None]]), data_dir / "2021-08.xlsm")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not a real project, kept byte for byte")
    rewrite_part(path, "[Content_Types].xml", lambda xml: xml.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml"))
    result = run(data_dir, "telegram", CHANNEL, "--month", "2021-08", "--write")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(path) as archive:
        assert b"macroEnabled.main+xml" in archive.read("[Content_Types].xml")
        assert archive.read("xl/vbaProject.bin").startswith(b"\xd0\xcf\x11\xe0 not a real project")
    assert counts_of(path, "2021-08")[("news", "social")] == 6


def test_a_blank_template_takes_the_imported_rows(data_dir):
    add_blocks(data_dir, TELEGRAM)
    assert CliRunner().invoke(main, ["template", str(data_dir / "2021-08.xlsx"), "--data-dir",
                                     str(data_dir)]).exit_code == 0
    result = run(data_dir, "telegram", CHANNEL, "--month", "2021-08", "--write")
    assert result.exit_code == 0, result.output
    assert counts_of(data_dir / "2021-08.xlsx", "2021-08") == {
        ("news", "social"): 6, ("photo_materials", "social"): 3, ("video_stories", "social"): 1}
    assert CliRunner().invoke(main, ["check", str(data_dir)]).exit_code == 0
