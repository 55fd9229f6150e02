"""The catalog's [[exports]] blocks: checking them, counting their files, metric values per month."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from dept_analysis.channel_exports import (EXAMPLE_CATALOG_TOML, ExportFormatError, ExportSpecError, MonthCount,
                                           count_export, metric_values_for_month, parse_export_specs)

PROJECT_CATALOG = Path(__file__).resolve().parents[2] / "data" / "catalog.toml"


def project_codes() -> tuple[set[str], set[str]]:
    catalog = tomllib.loads(PROJECT_CATALOG.read_text(encoding="utf-8"))
    return {m["code"] for m in catalog["metrics"]}, {c["code"] for c in catalog["channels"]}


@pytest.fixture
def data_dir(tmp_path, samples) -> Path:
    """A data folder holding exports laid out as the example catalog names them."""
    exports = tmp_path / "exports"
    (exports / "telegram").mkdir(parents=True)
    (exports / "website").mkdir()
    (exports / "youtube").mkdir()
    shutil.copy(samples / "telegram_channel" / "result.json", exports / "telegram" / "result.json")
    shutil.copy(samples / "website_wordpress.xml", exports / "website" / "zrazkove.wordpress.2021-09-03.xml")
    shutil.copy(samples / "youtube_table_data_en.csv", exports / "youtube" / "Table data.csv")
    return tmp_path


def test_example_catalog_uses_the_projects_codes():
    metrics, channels = project_codes()
    specs = parse_export_specs(tomllib.loads(EXAMPLE_CATALOG_TOML), metric_codes=metrics, channel_codes=channels)
    assert [(s.kind, s.channel) for s in specs] == [("telegram", "social"), ("wxr", "website"), ("csv", "social")]
    assert specs[2].csv.code == "youtube_studio_table_data"


def test_a_catalog_without_exports_has_none():
    assert parse_export_specs(tomllib.loads(PROJECT_CATALOG.read_text(encoding="utf-8"))) == []


def test_counting_the_example_catalog(data_dir):
    results = [count_export(spec, data_dir) for spec in parse_export_specs(tomllib.loads(EXAMPLE_CATALOG_TOML))]
    assert metric_values_for_month(results, "2021-08") == {
        ("news", "social"): 6, ("photo_materials", "social"): 3,
        ("video_stories", "social"): 1 + 2,  # Telegram's video post and YouTube's two videos
        ("news", "website"): 6, ("photo_materials", "website"): 2,
    }
    telegram = results[0]
    assert telegram.files == (data_dir / "exports" / "telegram" / "result.json",)
    assert telegram.stats.skipped == {"service": 2, "unsupported": 1}
    assert (telegram.first.isoformat(), telegram.last.isoformat()) == ("2021-08-02T09:15:00+03:00",
                                                                       "2021-09-20T09:00:00+03:00")


def test_months_outside_an_export_are_not_reported(data_dir, samples):
    shutil.copy(samples / "telegram_month_edges" / "result.json", data_dir / "edges.json")
    spec, = parse_export_specs({"exports": [{"channel": "social", "kind": "telegram", "files": "edges.json",
                                             "metrics": {"posts": "news"}}]})
    result = count_export(spec, data_dir)
    assert result.for_month("2021-05") == MonthCount()  # inside the export's span, no posts: zero
    assert result.for_month("2020-12") is None and result.for_month("2022-02") is None
    assert result.metric_values("2021-05") == {("news", "social"): 0}
    assert metric_values_for_month([result], "2022-02") == {}


def test_overlapping_exports_count_each_post_once(tmp_path, samples):
    folder = tmp_path / "exports" / "facebook"
    folder.mkdir(parents=True)
    shutil.copy(samples / "meta_posts_en.csv", folder / "2021-08.csv")
    shutil.copy(samples / "meta_posts_en.csv", folder / "2021-08-to-09.csv")  # the same posts again
    spec, = parse_export_specs({"exports": [{"channel": "social", "kind": "csv", "files": ["exports/facebook/*.csv"],
                                             "csv": "meta_business_suite_posts", "metrics": {"posts": "news"}}]})
    result = count_export(spec, tmp_path)
    assert len(result.files) == 2
    assert result.months["2021-08"].posts == 4
    assert result.stats.skipped["duplicate"] == 6


def test_forwards_false_leaves_forwards_out(data_dir):
    spec, = parse_export_specs({"exports": [{"channel": "social", "kind": "telegram", "forwards": False,
                                             "files": ["exports/telegram/result.json"], "metrics": {"posts": "news"}}]})
    assert count_export(spec, data_dir).months["2021-08"].posts == 5


def test_csv_mapping_from_the_catalog(tmp_path):
    (tmp_path / "petitions.csv").write_text("Дата подання;Статус\n05.08.2021 10:00;Розглянуто\n", encoding="utf-8")
    catalog = tomllib.loads("""
[[csv_mappings]]
code = "petitions"
date_columns = ["Дата подання", "Submitted"]
date_formats = ["%d.%m.%Y %H:%M"]

[[exports]]
channel = "petitions"
kind = "csv"
files = ["petitions.csv"]
csv = "petitions"
metrics = { posts = "news" }
""")
    spec, = parse_export_specs(catalog)
    assert count_export(spec, tmp_path).months["2021-08"].posts == 1


def test_missing_files_are_named(tmp_path):
    specs = parse_export_specs({"exports": [
        {"channel": "social", "kind": "telegram", "files": "missing/result.json", "metrics": {"posts": "news"}},
        {"channel": "social", "kind": "wxr", "files": "site/*.xml", "metrics": {"posts": "news"}},
    ]})
    with pytest.raises(ExportFormatError, match="not found") as caught:
        count_export(specs[0], tmp_path)
    assert "missing/result.json" in str(caught.value)
    with pytest.raises(ExportFormatError, match="no file matches"):
        count_export(specs[1], tmp_path)


GOOD = {"channel": "social", "kind": "telegram", "files": ["a.json"], "metrics": {"posts": "news"}}


@pytest.mark.parametrize(("change", "words"), [
    ({"kind": "vk"}, "kind must be one of: telegram, website, feed, wxr, csv"),
    ({"files": []}, "files must be a list"),
    ({"metrics": {}}, "metrics table is missing"),
    ({"metrics": {"likes": "news"}}, "unknown count “likes”"),
    ({"metrics": {"posts": "tweets"}}, "unknown metric 'tweets'"),
    ({"channel": "radio"}, "unknown channel “radio”"),
    ({"channel": ""}, "channel code is missing"),
    ({"kind": "wxr", "chat": "Канал"}, "chat"),
    ({"kind": "csv"}, "csv must be a mapping code"),
    ({"csv": "meta_business_suite_posts"}, "csv belongs only"),
    ({"forwards": "так"}, "forwards must be true or false"),
    ({"folder": "x"}, "unknown fields: folder"),
])
def test_bad_blocks_are_named(change, words):
    metrics, channels = project_codes()
    block = {**GOOD, **change}
    with pytest.raises(ExportSpecError) as caught:
        parse_export_specs({"exports": [GOOD, block]}, metric_codes=metrics, channel_codes=channels)
    message = str(caught.value)
    assert words in message
    assert "[[exports]] № 2" in message and "[[exports]] No. 2" in message


def test_exports_must_be_blocks():
    with pytest.raises(ExportSpecError, match="list of"):
        parse_export_specs({"exports": {"channel": "social"}})


def test_inline_csv_mapping():
    spec, = parse_export_specs({"exports": [{**GOOD, "kind": "csv", "csv": {
        "code": "inline", "date_columns": ["Дата"], "date_formats": ["%d.%m.%Y"]}}]})
    assert spec.csv.code == "inline"
