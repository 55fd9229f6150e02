"""The data model and Kyiv months: posts, month keys across month ends and summer time."""

from __future__ import annotations

import doctest
from datetime import datetime, timedelta, timezone

import pytest
from .channel_helpers import by_month

from dept_analysis.channel_exports import (MonthCount, Post, ReadStats, count_posts_by_month, csv_mapping, dates,
                                           model)
from dept_analysis.channel_exports.kyiv_time import localize, month_key

UTC = timezone.utc


@pytest.mark.parametrize(("utc", "month"), [
    # The PITFALLS example: 21:30 UTC on 31 August is 00:30 on 1 September in Kyiv.
    ("2021-08-31T21:30:00", "2021-09"),
    ("2021-08-31T20:59:59", "2021-08"),
    # 23:30 UTC on a month's last day is always the next Kyiv month, also across a year.
    ("2021-06-30T23:30:00", "2021-07"),
    ("2021-12-31T23:30:00", "2022-01"),
    ("2021-02-28T23:30:00", "2021-03"),
    # Winter (UTC+2): 22:00 UTC on 28 February is already March.
    ("2021-02-28T21:59:59", "2021-02"),
    ("2021-02-28T22:00:00", "2021-03"),
    # Summer time began on 28 March 2021: at the end of March the offset is +3, not +2.
    ("2021-03-31T20:59:59", "2021-03"),
    ("2021-03-31T21:00:00", "2021-04"),
    # Summer time ended on 31 October 2021 at 04:00: that evening the offset is +2 again.
    ("2021-10-31T21:30:00", "2021-10"),
    ("2021-10-31T21:59:59", "2021-10"),
    ("2021-10-31T22:00:00", "2021-11"),
])
def test_month_key_is_the_kyiv_month(utc, month):
    assert month_key(datetime.fromisoformat(utc).replace(tzinfo=UTC)) == month


def test_month_key_keeps_a_kyiv_time_as_it_is():
    assert month_key(localize(datetime(2021, 10, 31, 3, 30))) == "2021-10"  # the repeated hour
    assert month_key(datetime(2021, 9, 1, 0, 30, tzinfo=timezone(timedelta(hours=3)))) == "2021-09"


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        month_key(datetime(2021, 8, 31, 23, 30))
    with pytest.raises(ValueError, match="timezone-aware"):
        Post(published=datetime(2021, 8, 31, 23, 30))


def _post(day: str, **flags) -> Post:
    return Post(published=datetime.fromisoformat(day).replace(tzinfo=UTC), **flags)


def test_counts_per_month_with_photos_and_videos():
    posts = [
        _post("2021-08-01T10:00:00", has_photo=True),
        _post("2021-08-02T10:00:00", has_photo=True, has_video=True),
        _post("2021-08-31T21:30:00", has_video=True),  # September in Kyiv
        _post("2021-07-15T10:00:00"),
    ]
    months = count_posts_by_month(iter(posts))
    assert list(months) == ["2021-07", "2021-08", "2021-09"]  # calendar order, not input order
    assert by_month(months) == {
        "2021-07": {"posts": 1, "with_photo": 0, "with_video": 0},
        "2021-08": {"posts": 2, "with_photo": 2, "with_video": 1},
        "2021-09": {"posts": 1, "with_photo": 0, "with_video": 1},
    }


def test_forwards_count_unless_left_out():
    posts = [_post("2021-08-01T10:00:00"), _post("2021-08-02T10:00:00", is_forward=True)]
    assert count_posts_by_month(posts)["2021-08"].posts == 2
    stats = ReadStats()
    assert count_posts_by_month(posts, include_forwards=False, stats=stats)["2021-08"].posts == 1
    assert stats.skipped["forward"] == 1


def test_duplicate_ids_are_counted_once_when_asked():
    posts = [_post("2021-08-01T10:00:00", source_id="1"), _post("2021-08-01T10:00:00", source_id="1"),
             _post("2021-08-01T11:00:00"), _post("2021-08-01T11:00:00")]  # no id: never merged
    assert count_posts_by_month(posts)["2021-08"].posts == 4
    stats = ReadStats()
    assert count_posts_by_month(posts, skip_duplicate_ids=True, stats=stats)["2021-08"].posts == 3
    assert stats.skipped["duplicate"] == 1


def test_month_count_as_dict():
    count = MonthCount()
    count.add(_post("2021-08-01T10:00:00", has_photo=True))
    assert count.as_dict() == {"posts": 1, "with_photo": 1, "with_video": 0}


@pytest.mark.parametrize("module", [model, dates, csv_mapping])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


@pytest.mark.parametrize(("text", "formats", "expected"), [
    ("Sep 14, 2026", ["%b %d, %Y"], "2026-09-14T00:00:00+03:00"),
    ("14 вер. 2026 р.", ["%d %b %Y"], "2026-09-14T00:00:00+03:00"),
    ("14 вересня 2026", ["%d %B %Y"], "2026-09-14T00:00:00+03:00"),
    ("1 лист. 2021 р.", ["%d %b %Y"], "2021-11-01T00:00:00+02:00"),
    ("08/31/2021 23:30", ["%d.%m.%Y %H:%M", "%m/%d/%Y %H:%M"], "2021-08-31T23:30:00+03:00"),
    ("2021-08-31T21:30:00Z", ["iso"], "2021-08-31T21:30:00+00:00"),
    ("  31.08.2021   23:30 ", ["%d.%m.%Y %H:%M"], "2021-08-31T23:30:00+03:00"),
])
def test_dates_in_either_language(text, formats, expected):
    assert dates.parse_datetime(text, formats).isoformat() == expected


@pytest.mark.parametrize("text", ["", "foo 14, 2026", "31/08/2021", "Lifetime"])
def test_unreadable_dates_give_none(text):
    assert dates.parse_datetime(text, ["%b %d, %Y", "%d.%m.%Y"]) is None
