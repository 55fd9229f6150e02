"""Posts of a Telegram channel, from Telegram Desktop's "Export chat history" (result.json).

The format
----------
There is no published specification: the format is whatever Telegram Desktop writes, in
``Telegram/SourceFiles/export/output/export_output_json.cpp`` (repository
telegramdesktop/tdesktop). What this reader relies on, read from that file:

* ``JsonWriter::writeDialogStart``: a chat is an object ``{"name", "type", "id",
  "messages": [...]}`` (no ``"name"`` for Saved Messages). When one chat is exported
  (``onlySinglePeer``) that object is the whole file. A full account export is
  ``{"about": ..., ..., "chats": {"about", "list": [chat, ...]}, "left_chats": {...}}``
  (``writeChatsStart``); chat ``"type"`` is ``"public_channel"``, ``"private_channel"``,
  ``"personal_chat"``, ``"private_group"`` ...
* ``SerializeMessage``: every message has ``"id"`` (a number) and ``"type"``:
  ``"message"``, ``"service"`` (an action such as "channel created" or "message pinned",
  which has ``"action"``), or ``"unsupported"`` (only ``id`` and ``type``, no date).
* ``"date"`` is ``QDateTime::fromSecsSinceEpoch(date).toString(Qt::ISODate)``: the exporting
  computer's local time with no offset. ``"date_unixtime"`` is ``SerializeDateRaw``, the epoch
  seconds written as a *string*; older versions (e.g. the 2021 source, which used
  ``QDateTime::fromTime_t``) write no ``date_unixtime`` at all.
* ``"edited"`` / ``"edited_unixtime"`` appear when the message was edited;
  ``"forwarded_from"`` when it was forwarded (the original author's name, possibly null).
* Media: a photo gives ``"photo"`` (a relative path, or a "(File not included ...)" note when
  media was not downloaded; present either way). A document gives ``"file"``, ``"mime_type"``
  and, for the kinds Telegram recognises, ``"media_type"``: ``"video_file"``,
  ``"video_message"`` (round video), ``"animation"`` (GIF), ``"voice_message"``,
  ``"audio_file"``, ``"sticker"``.
* Albums: the export has no album (grouped_id) field. An album is several messages with the
  same date and consecutive ids, each carrying one photo or video (see PITFALLS.md); a
  message deleted from an album leaves a gap in the ids.

How the department counts
-------------------------
* One message is at most one post; the messages of one album are one post (with a photo if
  any of them has one, with a video if any has one). Two messages are one album when the
  second's id follows the first's by at most 10 (an album's size), their dates are equal to
  the second, both carry a photo or a file, and both were forwarded from the same source (or
  neither was). Two separate posts published in the same second with consecutive ids are
  therefore taken for one album: the export cannot tell them apart.
* Only a channel's export is read: a single-chat export of a personal chat or a group is
  refused, and so are the files of one import that come from different chats.
* Service messages and "unsupported" messages are not posts (they are counted in
  ``ReadStats.skipped``).
* A forwarded message is a post: it is a publication on the channel. It is flagged
  ``is_forward`` so :func:`~.model.count_posts_by_month` can leave forwards out on request.
* An edited message is still one post, in the month it was first published; it is flagged
  ``edited``.
* A photo is a ``"photo"``, or a file whose MIME type is ``image/*`` (a photo sent
  uncompressed). A video is ``media_type`` ``"video_file"`` or ``"video_message"``, or a file
  of MIME type ``video/*`` that Telegram gave no media type; GIF animations are not videos.
* The month comes from ``date_unixtime`` (converted to Kyiv time). Without it, ``date`` is
  read as Kyiv local time: the department exports on its own computers, in Kyiv.

Streaming
---------
A channel's export can be hundreds of megabytes. It is parsed with ijson (its C backend,
yajl2) and only one message is held at a time. A single-chat export is read with
``ijson.items(f, "messages.item")``; a full account export is read as a stream of parse
events, building only the messages of the chosen chat.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from os import PathLike
from pathlib import Path
from typing import Any, BinaryIO

import ijson

from .errors import ExportFormatError, Words, message_where
from .export_files import is_empty, open_export
from .kyiv_time import from_unix, kyiv, localize
from .model import Post, ReadStats

#: Chat types of channels in a full account export (``TypeString`` in the writer).
CHANNEL_TYPES = frozenset({"public_channel", "private_channel"})

_VIDEO_MEDIA_TYPES = frozenset({"video_file", "video_message"})
#: Service actions that mark the chat's creation: an export holding one begins there.
_CREATED = frozenset({"create_channel", "create_group", "migrate_from_group"})
#: At most this many photos and videos make one album (Telegram's limit).
_ALBUM_SIZE = 10
_CHAT_LISTS = ("chats.list.item", "left_chats.list.item")
_CHAT_META = frozenset(f"{chats}.{key}" for chats in _CHAT_LISTS for key in ("name", "type", "id"))
_CHAT_MESSAGES = frozenset(f"{chats}.messages" for chats in _CHAT_LISTS)
_SCALARS = frozenset({"string", "number", "boolean", "null", "integer", "double"})
_UTF8_BOM = b"\xef\xbb\xbf"

_EXPECTED_EXPORT = Words.say("import.telegram.expected")


def iter_telegram_posts(path: str | PathLike[str], *, chat: str | int | None = None,
                        stats: ReadStats | None = None) -> Iterator[Post]:
    """Yield the posts of a Telegram Desktop JSON export, one at a time, in file order.

    Parameters
    ----------
    path : str or os.PathLike
        The ``result.json`` of a single-chat export, or of a full account export.
    chat : str or int, optional
        Which chat to read: its name (letter case and surrounding spaces ignored) or its id
        (as the export writes it, or as a bot API id ``-100...``). Needed for a full account
        export holding more than one channel; for a single-chat export it is checked against
        the chat the file holds.
    stats : ReadStats, optional
        Receives the number of messages read and the ones skipped (service, unsupported).

    Yields
    ------
    Post
        One per message, or per album.

    Raises
    ------
    ExportFormatError
        If the file is not such an export, is damaged or cut short, the chat is not in it,
        or a message lacks an id or a readable date.
    """
    path_shown = Path(path)
    with open_export(path) as handle:
        start = _content_start(handle, path_shown)
        layout, meta, events = _read_head(handle, path_shown)
        if layout == "single":
            _check_single_chat(meta, chat, path_shown)
            handle.seek(start)
            # The C backend builds each message; restarting costs only the few header bytes.
            messages = _numbered(ijson.items(handle, "messages.item"))
        else:
            messages = _full_export_messages(events, chat, path_shown)
        yield from _posts_from_messages(messages, path_shown, stats)


def export_chat(path: str | PathLike[str]) -> tuple[object, object] | None:
    """The (name, id) of the chat a single-chat export holds, read from its first bytes; None
    for a full account export (its chat is chosen by name or id, the same in every file)."""
    path_shown = Path(path)
    with open_export(path) as handle:
        _content_start(handle, path_shown)
        layout, meta, _ = _read_head(handle, path_shown)
    return (meta.get("name"), meta.get("id")) if layout == "single" else None


def check_same_chat(paths: list[Path]) -> None:
    """Refuse the files of one import when they are exports of different chats: their
    message ids would be taken for the same posts, and their posts added up."""
    first = None
    for path in paths:
        chat = export_chat(path)
        if chat is None:
            continue
        if first is None:
            first = (path, chat)
        elif chat[1] != first[1][1]:
            raise ExportFormatError(path, None, Words.say("import.telegram.other_files_chat", name=chat[0], id=chat[1],
                                                          first=first[0].name, first_name=first[1][0],
                                                          first_id=first[1][1]),
                                    Words.say("import.telegram.channel_expected"))


def _content_start(handle: BinaryIO, path: Path) -> int:
    """Check the file is plausible before parsing, and skip a UTF-8 byte order mark."""
    if path.suffix.lower() in {".html", ".htm"}:
        raise ExportFormatError(path, None, Words.say("import.telegram.html"), _EXPECTED_EXPORT)
    if is_empty(handle):
        raise ExportFormatError(path, None, Words.say("import.file.empty"), _EXPECTED_EXPORT)
    start = len(_UTF8_BOM) if handle.read(len(_UTF8_BOM)) == _UTF8_BOM else 0
    handle.seek(start)
    return start


def _read_head(handle: BinaryIO, path: Path):
    """Tell a single-chat export from a full account export by the keys at its top.

    Returns
    -------
    tuple
        ``("single", {"name", "type", "id"}, None)`` or ``("full", {}, events)``, where
        ``events`` is the rest of the parse-event stream (a full export is read on from it).
    """
    events = ijson.parse(handle)
    meta: dict[str, Any] = {}
    try:
        prefix, event, _ = next(events)
        if (prefix, event) != ("", "start_map"):
            raise ExportFormatError(path, None, Words.say("import.telegram.not_object"), _EXPECTED_EXPORT)
        for prefix, event, value in events:
            if prefix == "" and event == "map_key" and value in ("about", "chats", "left_chats"):
                return "full", {}, events
            if prefix in ("name", "type", "id") and event in _SCALARS:
                meta[prefix] = value
            elif prefix == "messages" and event == "start_array":
                return "single", meta, None
    except ijson.JSONError as error:
        raise _damaged(path, None, error) from None
    raise ExportFormatError(path, None, Words.say("import.telegram.no_lists"), _EXPECTED_EXPORT)


def _check_single_chat(meta: dict[str, Any], chat: str | int | None, path: Path) -> None:
    kind = meta.get("type")
    if isinstance(kind, str) and kind not in CHANNEL_TYPES:
        # A personal chat or a group counted as the department's channel would be a wrong count.
        raise ExportFormatError(path, None, Words.say("import.telegram.not_channel", name=meta.get("name") or "?",
                                                      type=kind),
                                Words.say("import.telegram.channel_expected"))
    if chat is None or _chat_matches(meta, chat):
        return
    name = meta.get("name") or meta.get("type") or "?"
    raise ExportFormatError(path, None, Words.say("import.telegram.other_chat", name=name, id=meta.get("id"),
                                                  chat=chat),
                            Words.say("import.telegram.chat_expected", chat=chat))


def _chat_matches(meta: dict[str, Any], chat: str | int) -> bool:
    wanted = str(chat).strip()
    # A bot API channel id is the export's id with -100 in front.
    bare = wanted[4:] if wanted.startswith("-100") else wanted
    if meta.get("id") is not None and str(meta["id"]) in (wanted, bare):
        return True
    name = meta.get("name")
    return isinstance(name, str) and " ".join(name.split()).casefold() == " ".join(wanted.split()).casefold()


def _numbered(messages) -> Iterator[tuple[int, Any]]:
    return enumerate(messages, start=1)


def _full_export_messages(events, chat: str | int | None, path: Path) -> Iterator[tuple[int, Any]]:
    """Yield ``(index, message)`` for the chosen chat of a full account export.

    Only the chosen chat's messages are built into objects; the others pass as parse events.
    Without ``chat``, the one channel in the export is chosen, and a second channel is an
    error (which one is the department's cannot be guessed).
    """
    chosen: list[str] = []      # "name (id)" of each chat taken
    seen: list[str] = []        # every chat, for the message when nothing matched
    meta: dict[str, Any] = {}
    taking = False
    builder = None
    item_prefix = ""
    index = 0
    for prefix, event, value in events:
        if builder is not None:
            builder.event(event, value)
            if event == "end_map" and prefix == item_prefix:
                index += 1
                yield index, builder.value
                builder = None
            continue
        if prefix in _CHAT_LISTS and event == "start_map":
            meta, taking = {}, False
        elif prefix in _CHAT_META and event in _SCALARS:
            meta[prefix.rsplit(".", 1)[1]] = value
        elif prefix in _CHAT_MESSAGES and event == "start_array":
            label = f"{meta.get('name') or meta.get('type') or '?'} (id {meta.get('id')})"
            seen.append(label)
            taking = _chat_matches(meta, chat) if chat is not None else meta.get("type") in CHANNEL_TYPES
            if taking:
                chosen.append(label)
                if chat is None and len(chosen) > 1:
                    raise ExportFormatError(path, None, Words.say("import.telegram.several_channels",
                                                                  chosen=", ".join(chosen)),
                                            Words.say("import.telegram.name_the_chat"))
                item_prefix = prefix + ".item"
        elif taking and event == "start_map" and prefix == item_prefix:
            builder = ijson.ObjectBuilder()
            builder.event(event, value)
    if chosen:
        return
    chats = ", ".join(seen[:15]) + (" ..." if len(seen) > 15 else "") if seen else "—"
    if chat is None:
        problem = Words.say("import.telegram.no_channel", chats=chats)
    else:
        problem = Words.say("import.telegram.no_such_chat", chat=chat, chats=chats)
    raise ExportFormatError(path, None, problem, Words.say("import.telegram.channel_expected"))


def _posts_from_messages(messages: Iterator[tuple[int, Any]], path: Path,
                         stats: ReadStats | None) -> Iterator[Post]:
    """Turn messages into posts, merging the messages of an album into one post."""
    album: _Album | None = None
    last_id: object = None
    try:
        for index, message in messages:
            if stats is not None:
                stats.items += 1
            if not isinstance(message, dict):
                raise ExportFormatError(path, message_where(None, index), Words.say("import.telegram.not_message"),
                                        Words.say("import.telegram.message_expected"))
            message_id = message.get("id")
            where = message_where(message_id, index)
            if not isinstance(message_id, int) or isinstance(message_id, bool):
                raise ExportFormatError(path, message_where(None, index),
                                        Words.say("import.telegram.no_id", value=repr(message_id)),
                                        Words.say("import.telegram.id_expected"))
            last_id = message_id
            kind = message.get("type")
            if kind != "message":
                if kind in ("service", "unsupported"):
                    if stats is not None:
                        stats.skipped[kind] += 1
                        if message.get("action") in _CREATED and stats.begins is None:
                            stats.begins = _message_time(message, path, where)
                    continue
                raise ExportFormatError(path, where, Words.say("import.telegram.unknown_type", value=repr(kind)),
                                        Words.say("import.telegram.type_expected"))
            part = _Part.of(message, message_id, _message_time(message, path, where))
            if album is not None and album.takes(part):
                album.add(part)
                continue
            if album is not None:
                yield album.post()
            album = _Album(part)
        if album is not None:
            yield album.post()
    except ijson.JSONError as error:
        raise _damaged(path, last_id, error) from None


def _damaged(path: Path, last_id: object, error: Exception) -> ExportFormatError:
    detail = str(error).strip().splitlines()[0][:120] if str(error).strip() else type(error).__name__
    if last_id is None:
        where, problem = None, Words.say("import.telegram.not_json", detail=detail)
    else:
        where, problem = message_where(last_id), Words.say("import.telegram.cut_short", detail=detail)
    return ExportFormatError(path, where, problem, Words.say("import.telegram.complete_expected"))


def _message_time(message: dict, path: Path, where: Words) -> datetime:
    """When a message was published, in Kyiv time."""
    raw = message.get("date_unixtime")
    if raw is not None:
        seconds = None
        if isinstance(raw, str) and raw.strip().isdigit():
            seconds = int(raw)
        elif isinstance(raw, int) and not isinstance(raw, bool):
            seconds = raw
        if seconds is not None:
            try:
                return from_unix(seconds)
            except (OverflowError, ValueError, OSError):
                pass  # a year beyond 9999: said below like any unreadable value
        raise ExportFormatError(path, where, Words.say("import.telegram.unixtime", value=repr(raw)),
                                Words.say("import.telegram.unixtime_expected"))
    raw = message.get("date")
    if isinstance(raw, str):
        try:
            moment = datetime.fromisoformat(raw.strip())
        except ValueError:
            pass
        else:
            # Old exports write the exporting computer's wall clock: the department's, in Kyiv.
            return moment.astimezone(kyiv()) if moment.tzinfo else localize(moment)
        problem = Words.say("import.telegram.date_unreadable", value=repr(raw))
    else:
        problem = Words.say("import.telegram.no_date")
    raise ExportFormatError(path, where, problem, Words.say("import.telegram.date_expected"))


class _Part:
    """The facts of one message that decide its post and whether it joins an album."""

    __slots__ = ("message_id", "published", "date_key", "forwarded", "has_photo", "has_video",
                 "has_media", "edited", "kind")

    @classmethod
    def of(cls, message: dict, message_id: int, published: datetime) -> _Part:
        part = cls()
        part.message_id = message_id
        part.published = published
        part.date_key = message.get("date_unixtime") or message.get("date")
        part.forwarded = ("forwarded_from" in message, message.get("forwarded_from"))
        media_type = message.get("media_type")
        mime = message.get("mime_type") if isinstance(message.get("mime_type"), str) else ""
        has_file = "file" in message
        # Only a file Telegram gave no media type is judged by its MIME type: an "animation"
        # (GIF) is video/mp4 and a "sticker" may be image/webp, and neither is a photo or a video.
        plain_file = has_file and media_type is None
        part.has_photo = "photo" in message or (plain_file and mime.startswith("image/"))
        part.has_video = media_type in _VIDEO_MEDIA_TYPES or (plain_file and mime.startswith("video/"))
        part.has_media = "photo" in message or has_file
        part.edited = "edited" in message or "edited_unixtime" in message
        if isinstance(media_type, str) and media_type:
            part.kind = media_type
        elif "photo" in message:
            part.kind = "photo"
        elif has_file:
            part.kind = "file"
        elif "poll" in message:
            part.kind = "poll"
        else:
            part.kind = "text"
        return part


class _Album:
    """A post being built: one message, or the consecutive messages of an album."""

    __slots__ = ("first", "last_id", "has_photo", "has_video", "edited", "parts")

    def __init__(self, part: _Part):
        self.first = part
        self.last_id = part.message_id
        self.has_photo = part.has_photo
        self.has_video = part.has_video
        self.edited = part.edited
        self.parts = 1

    def takes(self, part: _Part) -> bool:
        first = self.first
        # The next ids, or a few further on: a photo deleted from an album leaves a gap.
        return (self.last_id < part.message_id <= self.last_id + _ALBUM_SIZE and part.date_key == first.date_key
                and part.has_media and first.has_media and part.forwarded == first.forwarded)

    def add(self, part: _Part) -> None:
        self.last_id = part.message_id
        self.has_photo |= part.has_photo
        self.has_video |= part.has_video
        self.edited |= part.edited
        self.parts += 1

    def post(self) -> Post:
        first = self.first
        return Post(published=first.published, source_id=str(first.message_id), has_photo=self.has_photo,
                    has_video=self.has_video, is_forward=first.forwarded[0], edited=self.edited,
                    kind="album" if self.parts > 1 else first.kind, parts=self.parts)
