"""Open data beside the report: counts.csv (UTF-8 with a BOM) and counts.json round-trip the
counts; each chart's numbers as CSV beside its pictures; provenance.json in Kyiv time. And
the page keeps provenance out of its body, in a collapsed «Технічні відомості» at the end."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest

from conftest import parse
from dept_analysis import config
from dept_analysis.catalog import load_catalog
from dept_analysis.datafolder import sha256_of
from dept_analysis.model import report_from_json

pytestmark = pytest.mark.slow
FIELDS = ["month", "metric", "metric_uk", "metric_en", "channel", "channel_uk", "channel_en", "count"]


def _rows(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel's cue for UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_counts_csv_round_trips_the_months_counts(august, sample_counts):
    rows = _rows(august / "counts.csv")
    assert list(rows[0]) == FIELDS
    keys = [(r["month"], r["metric"], r["channel"]) for r in rows]
    assert len(keys) == len(set(keys)) and {k[0] for k in keys} == {"2021-08"}
    for metric in ("news", "draft_acts", "photo_materials", "video_stories"):
        total = sum(int(r["count"]) for r in rows if r["metric"] == metric)
        assert total == sample_counts.at["2021-08", metric], metric
    catalog = load_catalog(config.DATA_DIR)
    for row in rows:
        metric, channel = catalog.metric(row["metric"]), catalog.channel(row["channel"])
        assert (row["metric_uk"], row["metric_en"]) == (metric.name_uk, metric.name_en)
        assert (row["channel_uk"], row["channel_en"]) == (channel.name_uk, channel.name_en)
    website = next(r for r in rows if (r["metric"], r["channel"]) == ("news", "website"))
    assert website["count"] == "214"  # the published report's split, data/README.md


def test_counts_json_holds_the_same_rows(august):
    rows = _rows(august / "counts.csv")
    data = json.loads((august / "counts.json").read_text(encoding="utf-8"))
    assert [list(item) for item in data][:1] == [FIELDS]
    assert [{k: str(v) for k, v in item.items()} for item in data] == rows
    assert all(isinstance(item["count"], int) for item in data)


def test_each_chart_has_its_numbers_as_csv_beside_it(august):
    report = report_from_json((august / "content.json").read_text(encoding="utf-8"))
    for figure in report.figures:
        path = august / "charts" / f"{figure.stem}.csv"
        assert (august / "charts" / f"{figure.stem}.png").is_file()
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        assert table[0] == list(figure.table.header)
        assert [row[0] for row in table[1:]] == [row[0] for row in figure.table.rows]
        for row, values in zip(table[1:], figure.table.values):
            assert [float(v) if v else None for v in row[1:]] == pytest.approx(
                [None if v != v else v for v in values], abs=0.006)
    comparison = (august / "charts" / "2021-08_02_comparison.csv").read_text(encoding="utf-8-sig").splitlines()
    assert comparison[0] == "Показник,Серпень 2020,Липень 2021,Серпень 2021"  # oldest first, as read
    assert comparison[1] == "Новини та інші інформаційні матеріали,261,275,296"


def test_provenance_json_names_the_sources_and_kyiv_time(august):
    data = json.loads((august / "provenance.json").read_text(encoding="utf-8"))
    made_at = dt.datetime.fromisoformat(data["made_at"])
    assert data["timezone"] == "Europe/Kyiv" and made_at.utcoffset() in (dt.timedelta(hours=2), dt.timedelta(hours=3))
    assert data["period"] == "2021-08" and data["lang"] == "uk"
    assert {"version", "python", "pandas"} <= set(data["software"])
    sources = {s["file"]: s["sha256"] for s in data["sources"]}
    assert len(sources) == 13
    assert sources["2021-08.xlsx"] == sha256_of(config.DATA_DIR / "2021-08.xlsx")


def test_page_keeps_provenance_in_a_collapsed_section_at_the_end(august):
    html = (august / "report.html").read_text(encoding="utf-8")
    notes = re.search(r'<ul class="notes">(.*?)</ul>', html, re.S).group(1)
    assert "dept-analysis" not in notes and "SHA" not in notes
    details = re.search(r'<details class="technical"[^>]*>(.*?)</details>', html, re.S)
    assert details and "<details class=\"technical\" open" not in html
    assert "Технічні відомості" in details.group(1) and "provenance.json" in details.group(1)
    assert sha256_of(config.DATA_DIR / "2021-08.xlsx") in details.group(1)
    made = re.search(r"Звіт створено (\d{4}-\d\d-\d\d \d\d:\d\d) (\S+)", details.group(1))
    assert made and made.group(2).startswith(("EET", "EEST"))  # Kyiv's clock, not UTC
    # nothing of the report's own comes after it
    text = parse(august / "report.html").plain
    assert text.rstrip().endswith(parse_tail(details.group(1)))


def parse_tail(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()[-40:]
