"""A large Telegram export is counted as a stream: memory stays far below the file's size.

The export is generated into pytest's tmp_path (200 000 messages in one channel, about a
hundred megabytes) and counted in a fresh Python process, whose peak resident memory is
compared before and after counting: a reader that loaded the file, or kept its messages,
would grow by more than the file's size (``json.load`` of the same file grows by several
times it). The peak is the kernel's VmHWM of the process: ``ru_maxrss`` would not do, as
Linux carries it over from the parent across fork and exec.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

PROJECT = Path(__file__).resolve().parents[2]
START = int(datetime(2020, 1, 1, tzinfo=timezone.utc).timestamp())
STEP = 600  # ten minutes between posts: 200 000 messages span almost four years

COUNTER = """
import json, sys
from dept_analysis.channel_exports import count_posts_by_month, iter_telegram_posts

def peak_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

before = peak_kib()
months = count_posts_by_month(iter_telegram_posts(sys.argv[1], chat=sys.argv[2] or None))
after = peak_kib()
print(json.dumps({"growth_kib": after - before, "months": {m: c.as_dict() for m, c in months.items()}}))
"""


def _timestamp(i: int) -> int:
    # Message i % 50 == 11 is the second photo of an album with message i - 1: same second.
    return START + (i - 1 if i % 50 == 11 else i) * STEP


def _message(i: int) -> str:
    """One message in Telegram Desktop's layout (one-space indents), with text like a real post's."""
    stamp = _timestamp(i)
    date = datetime.fromtimestamp(stamp, ZoneInfo("Europe/Kyiv")).strftime("%Y-%m-%dT%H:%M:%S")
    head = f'  {{\n   "id": {i},\n   "type": "{"service" if i % 50 == 0 else "message"}",\n' \
           f'   "date": "{date}",\n   "date_unixtime": "{stamp}",\n'
    if i % 50 == 0:
        return head + '   "actor": "Канал",\n   "action": "pin_message",\n   "message_id": 1,\n   "text": ""\n  }'
    media = ""
    if i % 50 in (10, 11) or (i % 7 and i % 3 == 0):
        media = f'   "photo": "photos/photo_{i}@01-01-2021_10-00-00.jpg",\n   "width": 1280,\n   "height": 853,\n'
    elif i % 7 == 0:
        media = (f'   "file": "video_files/video_{i}.mp4",\n   "media_type": "video_file",\n'
                 '   "mime_type": "video/mp4",\n   "duration_seconds": 60,\n')
    text = f"Повідомлення {i}: засідання, нарада, оголошення для мешканців громади."
    return (head + '   "from": "Канал",\n   "from_id": "channel1",\n' + media
            + f'   "text": "{text}",\n   "text_entities": [\n    {{\n     "type": "plain",\n'
            f'     "text": "{text}"\n    }}\n   ]\n  }}')


def _expected(count: int) -> dict[str, dict[str, int]]:
    kyiv = ZoneInfo("Europe/Kyiv")
    months: dict[str, dict[str, int]] = defaultdict(lambda: {"posts": 0, "with_photo": 0, "with_video": 0})
    for i in range(1, count + 1):
        if i % 50 in (0, 11):  # a service message, or the second photo of an album
            continue
        moment = datetime.fromtimestamp(_timestamp(i), kyiv)
        month = months[f"{moment.year:04d}-{moment.month:02d}"]
        month["posts"] += 1
        month["with_photo"] += i % 50 == 10 or bool(i % 7 and i % 3 == 0)
        month["with_video"] += i % 50 not in (10, 11) and i % 7 == 0
    return dict(sorted(months.items()))


def _write_messages(out, count: int) -> None:
    # Message by message, so that this process stays small too.
    for i in range(1, count + 1):
        out.write(_message(i) if i == 1 else ",\n" + _message(i))


def _write_single(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n "name": "Канал",\n "type": "public_channel",\n "id": 1,\n "messages": [\n')
        _write_messages(out, count)
        out.write("\n ]\n}\n")


def _write_full(path: Path, count: int) -> None:
    # The channel sits between two other chats whose messages must be passed over.
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n "about": "Here is the data you requested.",\n "chats": {\n  "about": "",\n  "list": [\n')
        out.write('{"name": "Особистий", "type": "personal_chat", "id": 7, "messages": [\n')
        _write_messages(out, 20_000)
        out.write('\n]},\n{"name": "Канал", "type": "public_channel", "id": 1, "messages": [\n')
        _write_messages(out, count)
        out.write('\n]},\n{"name": "Група", "type": "private_group", "id": 8, "messages": [\n')
        _write_messages(out, 20_000)
        out.write("\n]}\n  ]\n },\n \"left_chats\": {\"about\": \"\", \"list\": []}\n}\n")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak memory from Linux's /proc")
@pytest.mark.parametrize(("layout", "count", "chat"), [("single", 200_000, ""), ("full", 100_000, "Канал")])
def test_large_export_is_counted_with_bounded_memory(tmp_path, layout, count, chat):
    path = tmp_path / "result.json"
    (_write_single if layout == "single" else _write_full)(path, count)
    size = path.stat().st_size
    assert size > 40 * 2**20  # tens of megabytes, so "far below" means something

    try:
        done = subprocess.run([sys.executable, "-c", COUNTER, str(path), chat], cwd=PROJECT, capture_output=True,
                              text=True, timeout=600, check=False)
    finally:
        path.unlink()  # pytest keeps the last runs' folders: leave no hundred-megabyte files there
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)

    assert result["months"] == _expected(count)
    growth = result["growth_kib"] * 1024
    assert growth < size / 10, f"memory grew by {growth / 2**20:.1f} MiB reading a {size / 2**20:.0f} MiB file"
