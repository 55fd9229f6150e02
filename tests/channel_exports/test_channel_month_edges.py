"""The same moments at month ends and summer-time changes, written by every kind of export,
fall in the same Kyiv months."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from .channel_helpers import by_month, telegram_message

from dept_analysis.channel_exports import CsvMapping, count_posts_by_month, iter_posts

# (UTC moment, its Kyiv month). Summer time began on 28 March 2021 and ended on 31 October.
MOMENTS = [
    ("2021-03-27T22:30:00", "2021-03"),  # 00:30 on 28 March, still winter time (+2)
    ("2021-03-31T20:30:00", "2021-03"),  # 23:30 on 31 March, summer time (+3)
    ("2021-03-31T21:30:00", "2021-04"),  # 00:30 on 1 April
    ("2021-08-31T23:30:00", "2021-09"),  # 23:30 UTC on the last day of a month: 02:30 on 1 September
    ("2021-10-31T00:30:00", "2021-10"),  # 03:30 on 31 October, summer time's last hour
    ("2021-10-31T21:30:00", "2021-10"),  # 23:30 on 31 October, winter time again (+2)
    ("2021-10-31T22:30:00", "2021-11"),  # 00:30 on 1 November
    ("2021-12-31T23:30:00", "2022-01"),  # 01:30 on 1 January
]
EXPECTED = {"2021-03": 2, "2021-04": 1, "2021-09": 1, "2021-10": 2, "2021-11": 1, "2022-01": 1}


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def telegram(tmp_path):
    import json

    messages = [telegram_message(i, int(utc(moment).timestamp()), text=f"допис {i}")
                for i, (moment, _) in enumerate(MOMENTS, start=1)]
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"name": "Канал (приклад)", "type": "public_channel", "id": 1,
                                "messages": messages}, ensure_ascii=False), encoding="utf-8")
    return path, {}


def rss(tmp_path):
    items = "".join(f"<item><title>Допис {i}</title><guid>https://example.org/?p={i}</guid>"
                    f"<pubDate>{utc(moment).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
                    for i, (moment, _) in enumerate(MOMENTS, start=1))
    path = tmp_path / "feed.xml"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Сайт</title>{items}</channel></rss>',
                    encoding="utf-8")
    return path, {}


def atom(tmp_path):
    # Atom dates with the Kyiv offset of the moment, as a Ukrainian site writes them.
    from dept_analysis.channel_exports.kyiv_time import kyiv

    entries = "".join(f"<entry><id>urn:example:{i}</id><title>Допис {i}</title>"
                      f"<published>{utc(moment).astimezone(kyiv()).isoformat()}</published></entry>"
                      for i, (moment, _) in enumerate(MOMENTS, start=1))
    path = tmp_path / "atom.xml"
    path.write_text(f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>',
                    encoding="utf-8")
    return path, {}


def wxr(tmp_path):
    items = "".join(f"<item><title>Допис {i}</title><wp:post_id>{i}</wp:post_id>"
                    f"<wp:post_date_gmt>{utc(moment):%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>"
                    f"<wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>"
                    for i, (moment, _) in enumerate(MOMENTS, start=1))
    path = tmp_path / "site.wordpress.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">'
                    f"<channel><title>Сайт</title>{items}</channel></rss>", encoding="utf-8")
    return path, {}


def csv_local(tmp_path):
    # A CSV written in the page's local (Kyiv) wall-clock time, as Meta Business Suite does.
    from dept_analysis.channel_exports.kyiv_time import kyiv

    rows = "".join(f"{i},{utc(moment).astimezone(kyiv()):%d.%m.%Y %H:%M}\n" for i, (moment, _) in enumerate(MOMENTS, 1))
    path = tmp_path / "posts.csv"
    path.write_text("ID,Дата\n" + rows, encoding="utf-8")
    mapping = CsvMapping(code="local", name_uk="дописи", name_en="posts", date_columns=("Дата",),
                         date_formats=("%d.%m.%Y %H:%M",), id_columns=("ID",))
    return path, {"csv_mapping": mapping}


def csv_utc(tmp_path):
    rows = "".join(f"{i};{moment}+00:00\n" for i, (moment, _) in enumerate(MOMENTS, 1))
    path = tmp_path / "posts-utc.csv"
    path.write_text("ID;Published\n" + rows, encoding="utf-8")
    mapping = CsvMapping(code="utc", name_uk="дописи", name_en="posts", date_columns=("Published",),
                         date_formats=("iso",), id_columns=("ID",))
    return path, {"csv_mapping": mapping}


@pytest.mark.parametrize(("kind", "write"), [("telegram", telegram), ("feed", rss), ("feed", atom), ("wxr", wxr),
                                             ("website", wxr), ("csv", csv_local), ("csv", csv_utc)],
                         ids=["telegram", "rss", "atom", "wxr", "website", "csv-kyiv-time", "csv-utc"])
def test_month_ends_and_summer_time_in_every_kind_of_export(tmp_path, kind, write):
    path, options = write(tmp_path)
    counted = by_month(count_posts_by_month(iter_posts(kind, path, **options)))
    assert {month: counts["posts"] for month, counts in counted.items()} == EXPECTED


def test_the_repeated_hour_when_summer_time_ends_stays_in_october(tmp_path):
    # 03:30 on 31 October 2021 happened twice in Kyiv; a wall-clock time there is October either way.
    path = tmp_path / "posts.csv"
    path.write_text("Дата\n31.10.2021 03:30\n", encoding="utf-8")
    mapping = CsvMapping(code="x", name_uk="x", name_en="x", date_columns=("Дата",), date_formats=("%d.%m.%Y %H:%M",))
    post, = iter_posts("csv", path, csv_mapping=mapping)
    assert post.month == "2021-10" and post.published.utcoffset() == timedelta(hours=3)
