"""Telegram Desktop JSON exports: albums, service messages, forwards, edits, old exports, errors."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from .channel_helpers import by_month, telegram_message

from dept_analysis.channel_exports import ExportFormatError, ReadStats, count_posts_by_month, iter_telegram_posts
from dept_analysis.errors import DeptAnalysisError


def unix(utc: str) -> int:
    return int(datetime.fromisoformat(utc).replace(tzinfo=timezone.utc).timestamp())


def count(path, **kwargs):
    return by_month(count_posts_by_month(iter_telegram_posts(path, **kwargs)))


# --- the samples ------------------------------------------------------------------------

def test_channel_sample_counts(samples):
    stats = ReadStats()
    months = count_posts_by_month(iter_telegram_posts(samples / "telegram_channel" / "result.json", stats=stats))
    assert by_month(months) == {
        "2021-08": {"posts": 6, "with_photo": 3, "with_video": 1},
        "2021-09": {"posts": 9, "with_photo": 5, "with_video": 2},
    }
    assert stats.items == 21
    assert stats.skipped == {"service": 2, "unsupported": 1}


def test_channel_sample_posts_one_by_one(samples):
    posts = {p.source_id: p for p in iter_telegram_posts(samples / "telegram_channel" / "result.json")}
    assert sorted(posts, key=int) == ["2", "3", "6", "7", "8", "10", "11", "12", "13", "14", "16", "17", "18",
                                      "20", "21"]
    album = posts["3"]
    assert (album.kind, album.parts, album.has_photo, album.has_video) == ("album", 3, True, False)
    mixed = posts["14"]
    assert (mixed.kind, mixed.parts, mixed.has_photo, mixed.has_video) == ("album", 2, True, True)
    assert posts["7"].is_forward and not posts["2"].is_forward
    assert posts["8"].edited and posts["8"].month == "2021-08"  # edited in September, counted in August
    assert posts["10"].month == "2021-09"  # 21:30 UTC on 31 August
    assert posts["11"].month == "2021-08"  # 20:59 UTC on 31 August
    assert not posts["16"].has_video  # a GIF animation is not a video story
    assert posts["17"].has_video  # a round video message is
    assert posts["18"].has_photo  # an image sent as a file
    assert posts["6"].published.utcoffset().total_seconds() == 3 * 3600


def test_month_edges_sample(samples):
    assert {month: c["posts"] for month, c in count(samples / "telegram_month_edges" / "result.json").items()} == {
        "2021-02": 1, "2021-03": 2, "2021-04": 1, "2021-07": 1, "2021-10": 1, "2021-11": 1, "2022-01": 1}


def test_old_export_without_unixtime_reads_kyiv_wall_clock(samples):
    path = samples / "telegram_old_format" / "result.json"
    assert count(path) == {
        "2019-08": {"posts": 1, "with_photo": 1, "with_video": 0},
        "2019-09": {"posts": 3, "with_photo": 1, "with_video": 1},
    }
    posts = list(iter_telegram_posts(path))
    # 23:30 on 31 August on the exporting computer in Kyiv is still August.
    assert posts[0].published.isoformat() == "2019-08-31T23:30:00+03:00"
    assert [p.kind for p in posts] == ["photo", "text", "album", "video_file"]
    assert posts[1].edited and posts[3].is_forward
    assert count(path, chat=None) == count(path)


def test_forwards_can_be_left_out(samples):
    path = samples / "telegram_channel" / "result.json"
    months = count_posts_by_month(iter_telegram_posts(path), include_forwards=False)
    assert months["2021-08"].as_dict() == {"posts": 5, "with_photo": 2, "with_video": 1}


def test_full_account_export_reads_only_the_channel(samples):
    path = samples / "telegram_full_account" / "result.json"
    expected = {"2021-08": {"posts": 5, "with_photo": 2, "with_video": 1}}
    assert count(path) == expected  # the only channel is found by itself
    assert count(path, chat="новини громади зразкове (ПРИКЛАД) ") == expected
    assert count(path, chat=1500000001) == expected
    assert count(path, chat="-1001500000001") == expected  # a bot API id
    assert count(path, chat="Робоча група (приклад)") == {"2021-08": {"posts": 1, "with_photo": 1, "with_video": 0}}


def test_single_chat_export_checks_the_chat_named(samples):
    path = samples / "telegram_channel" / "result.json"
    assert count(path, chat="Новини громади Зразкове (приклад)")["2021-08"]["posts"] == 6
    with pytest.raises(ExportFormatError, match="Інший канал"):
        list(iter_telegram_posts(path, chat="Інший канал"))


# --- albums, written on the spot ---------------------------------------------------------

def test_album_rules(write_telegram):
    t = unix("2021-08-05T07:00:00")
    photo = {"photo": "photos/p.jpg", "width": 10, "height": 10}
    video = {"file": "video_files/v.mp4", "media_type": "video_file", "mime_type": "video/mp4"}
    path = write_telegram([
        telegram_message(1, t, **photo, text="Альбом"), telegram_message(2, t, **photo),  # album
        telegram_message(3, t, **video),  # same second, consecutive: joins the album
        telegram_message(5, t, **photo),  # 4 was deleted from the album: still the album
        telegram_message(16, t, **photo),  # more ids away than an album holds: a new post
        telegram_message(17, t + 1, **photo),  # a second later: a new post
        telegram_message(18, t + 1, text="текст"),  # no media: never part of an album
        telegram_message(19, t + 1, **photo, forwarded_from="Інший канал"),  # forward after own post
        telegram_message(20, t + 1, **photo, forwarded_from="Інший канал"),  # same forward: album
    ])
    posts = list(iter_telegram_posts(path))
    assert [(p.source_id, p.parts) for p in posts] == [("1", 4), ("16", 1), ("17", 1), ("18", 1), ("19", 2)]
    assert posts[0].has_photo and posts[0].has_video
    assert posts[4].is_forward


def test_service_messages_between_posts_are_not_posts(write_telegram):
    t = unix("2021-08-05T07:00:00")
    path = write_telegram([
        telegram_message(1, t, text="пост"),
        {"id": 2, "type": "service", "date": "2021-08-05T10:00:00", "date_unixtime": str(t), "action": "pin_message",
         "message_id": 1, "text": ""},
        {"id": 3, "type": "unsupported"},
        telegram_message(4, t, text="ще пост"),
    ])
    stats = ReadStats()
    assert count_posts_by_month(iter_telegram_posts(path, stats=stats))["2021-08"].posts == 2
    assert stats.skipped == {"service": 1, "unsupported": 1}


def test_byte_order_mark_is_accepted(write_telegram, tmp_path):
    path = write_telegram([telegram_message(1, unix("2021-08-05T07:00:00"))])
    bommed = tmp_path / "bom.json"
    bommed.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert count(bommed) == count(path)


def test_an_empty_channel_has_no_months(write_telegram):
    assert count(write_telegram([])) == {}


# --- malformed exports --------------------------------------------------------------------

def raises(path, **kwargs) -> ExportFormatError:
    with pytest.raises(ExportFormatError) as caught:
        list(iter_telegram_posts(path, **kwargs))
    error = caught.value
    assert isinstance(error, DeptAnalysisError)
    assert str(path) in str(error) and " / " in str(error)
    return error


def test_message_without_date_is_named(write_telegram):
    path = write_telegram([telegram_message(1, unix("2021-08-05T07:00:00")), {"id": 57, "type": "message", "text": ""}])
    error = raises(path)
    assert "повідомлення id 57" in str(error) and "message id 57" in str(error)
    assert "немає дати" in str(error) or "без дати" in str(error)
    assert "date_unixtime" in error.expected.en


@pytest.mark.parametrize("value", ["вчора", "99999999999999999", "-5", True])
def test_unreadable_unixtime_is_named(write_telegram, value):
    path = write_telegram([telegram_message(12, None, date="2021-08-05T10:00:00", date_unixtime=value)])
    error = raises(path)
    assert "message id 12" in str(error) and repr(value) in str(error)


def test_unreadable_old_date_is_named(write_telegram):
    path = write_telegram([telegram_message(13, None, date="05.08.2021")])
    assert "message id 13" in str(raises(path))


def test_message_without_id_is_named_by_its_place(write_telegram):
    t = unix("2021-08-05T07:00:00")
    nameless = {"type": "message", "date_unixtime": str(t)}
    path = write_telegram([telegram_message(1, t), telegram_message(2, t), nameless])
    error = raises(path)
    assert "message No. 3 in file order" in str(error) and "повідомлення № 3" in str(error)


def test_unknown_message_type_is_named(write_telegram):
    path = write_telegram([telegram_message(4, unix("2021-08-05T07:00:00"), type="story")])
    assert "message id 4" in str(raises(path))


def test_cut_short_file_names_the_last_good_message(write_telegram, tmp_path):
    t = unix("2021-08-05T07:00:00")
    full = write_telegram([telegram_message(i, t + i * 60, text="x" * 50) for i in range(1, 40)])
    text = full.read_text(encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(text[: text.index('"id": 30,') + 20], encoding="utf-8")
    error = raises(cut)
    assert "message id 29" in str(error) and "cut short" in str(error) and "обрізано" in str(error)


def test_not_json_at_all(tmp_path):
    path = tmp_path / "result.json"
    path.write_text("<html>not json</html>", encoding="utf-8")
    assert "not valid JSON" in str(raises(path))


@pytest.mark.parametrize(("content", "words"), [
    ("[]", "not the JSON object"),
    ('{"about": "x", "contacts": {"list": []}}', "holds no channel"),
    ('{"name": "x", "list": [1, 2]}', 'neither a "messages" list'),
    ("   \n", "empty"),
])
def test_files_that_are_not_chat_exports(tmp_path, content, words):
    path = tmp_path / "result.json"
    path.write_text(content, encoding="utf-8")
    assert words in str(raises(path))


def test_html_export_and_missing_file(tmp_path):
    html = tmp_path / "messages.html"
    html.write_text("<html></html>", encoding="utf-8")
    assert "HTML" in str(raises(html))
    assert "not found" in str(raises(tmp_path / "nowhere.json"))


def _full_export(tmp_path, chats):
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"about": "x", "chats": {"about": "y", "list": chats}}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def test_full_export_with_two_channels_needs_the_chat_named(tmp_path):
    t = unix("2021-08-05T07:00:00")
    path = _full_export(tmp_path, [
        {"name": "Канал А", "type": "public_channel", "id": 1, "messages": [telegram_message(1, t)]},
        {"name": "Канал Б", "type": "private_channel", "id": 2, "messages": [telegram_message(1, t)]},
    ])
    error = raises(path)
    assert "Канал А (id 1)" in str(error) and "Канал Б (id 2)" in str(error) and "several channels" in str(error)
    assert count(path, chat="Канал Б") == {"2021-08": {"posts": 1, "with_photo": 0, "with_video": 0}}


def test_full_export_without_the_chat_named(tmp_path):
    path = _full_export(tmp_path, [{"name": "Особистий", "type": "personal_chat", "id": 5, "messages": []}])
    assert "Особистий (id 5)" in str(raises(path))
    assert "no chat “Канал”" in str(raises(path, chat="Канал"))


def test_full_export_error_names_the_message(tmp_path):
    path = _full_export(tmp_path, [{"name": "Канал", "type": "public_channel", "id": 1,
                                    "messages": [{"id": 77, "type": "message", "text": ""}]}])
    assert "message id 77" in str(raises(path))


def test_an_export_of_a_personal_chat_or_a_group_is_refused(write_telegram):
    path = write_telegram([telegram_message(1, unix("2021-08-05T07:00:00"), text="привіт")], type="personal_chat",
                          name="Іваненко")
    with pytest.raises(ExportFormatError) as caught:
        list(iter_telegram_posts(path))
    assert "personal_chat" in str(caught.value) and "not of a channel" in str(caught.value)


def test_files_of_one_import_from_different_channels_are_refused(write_telegram):
    from dept_analysis.channel_exports import ExportSpec, count_export_files

    t = unix("2021-08-05T07:00:00")
    ours = write_telegram([telegram_message(1, t, text="наш")], name="ours.json")
    theirs = write_telegram([telegram_message(1, t, text="чужий")], name="theirs.json", id=42)
    spec = ExportSpec(number=1, channel="social", kind="telegram", files=(), metrics={"posts": "news"})
    assert count_export_files(spec, [ours, ours]).months["2021-08"].posts == 1  # the same file twice: once
    with pytest.raises(ExportFormatError) as caught:
        count_export_files(spec, [ours, theirs])
    assert "theirs.json" in str(caught.value) and "id 42" in str(caught.value)


def test_an_export_holding_the_channels_creation_is_known_to_begin_there(write_telegram):
    t = unix("2021-08-05T07:00:00")
    path = write_telegram([{"id": 1, "type": "service", "date": "2021-07-30T12:00:00", "date_unixtime": str(t - 500_000),
                            "action": "create_channel", "text": ""}, telegram_message(2, t, text="перший")])
    stats = ReadStats()
    list(iter_telegram_posts(path, stats=stats))
    assert stats.begins is not None and stats.begins.month == 7
