"""Posts of a WordPress site, from its export file (WXR, "Tools → Export").

The format is what ``export_wp()`` in WordPress's ``wp-admin/includes/export.php`` writes
(repository WordPress/WordPress): an RSS 2.0 document whose ``<rss>`` declares the namespace
``wp`` = ``http://wordpress.org/export/1.2/`` (``WXR_VERSION``; 1.0 and 1.1 in older
versions, accepted too). Each ``<item>`` of ``<channel>`` is one row of the posts table:

* ``<wp:post_type>``: ``post``, ``page``, ``attachment`` (an uploaded file),
  ``nav_menu_item``, custom types. Only ``post`` is a publication counted here.
* ``<wp:status>``: ``publish``, ``draft``, ``pending``, ``private``, ``future``
  (scheduled), ``trash``, ``inherit``. Only ``publish`` is counted.
* ``<wp:post_date_gmt>`` (``YYYY-MM-DD HH:MM:SS`` in UTC), which is used; it is
  ``0000-00-00 00:00:00`` for posts never published, and then ``<wp:post_date>``, the
  site's local time, is read as Kyiv time.
* ``<content:encoded>``: the post's raw text (blocks and shortcodes, not rendered HTML).
* ``<wp:postmeta>`` pairs ``<wp:meta_key>``/``<wp:meta_value>``; ``_thumbnail_id`` is the
  featured image.
* Comments (``<wp:comment>``) sit inside their post's item and are ignored.

A post has a photo when its text shows an ``<img>`` or a ``[gallery]``, or it has a featured
image (``_thumbnail_id`` set to an attachment id). Videos: see :mod:`.html_media`.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from xml.etree.ElementTree import Element

from .errors import ExportFormatError, Words, entry_where
from .html_media import html_has_image, html_has_video
from .kyiv_time import localize
from .model import Post, ReadStats

#: The ``wp`` namespace of every WXR version: http://wordpress.org/export/1.2/ and older.
WXR_NAMESPACE = re.compile(r"^http://wordpress\.org/export/\d+\.\d+/$")
CONTENT = "http://purl.org/rss/1.0/modules/content/"
_NEVER = "0000-00-00 00:00:00"


def wxr_item_post(item: Element, wp: str, index: int, path: Path, stats: ReadStats | None) -> Post | None:
    """Read one ``<item>`` of a WordPress export.

    Parameters
    ----------
    item : Element
        The complete item.
    wp : str
        The export's ``wp`` namespace URI.
    index : int
        The item's number in the file, from 1, for messages.
    path : Path
        The file, for messages.
    stats : ReadStats or None
        Receives ``skipped["post_type:<type>"]`` and ``skipped["status:<status>"]``.

    Returns
    -------
    Post or None
        The post, or None when the item is not a published post.

    Raises
    ------
    ExportFormatError
        If the item lacks its type, status or date.
    """

    def text(local: str, namespace: str = wp) -> str | None:
        child = item.find(f"{{{namespace}}}{local}")
        if child is None or child.text is None:
            return None
        return child.text.strip()

    post_id = text("post_id")
    where = entry_where(index, (item.findtext("title") or "").strip() or None, post_id)
    post_type = text("post_type")
    status = text("status")
    if not post_type or not status:
        missing = "wp:post_type" if not post_type else "wp:status"
        raise ExportFormatError(path, where, Words.say("import.wxr.no_element", name=missing),
                                Words.say("import.wxr.item_expected"))
    if post_type != "post" or status != "publish":
        if stats is not None:
            stats.skipped[f"post_type:{post_type}" if post_type != "post" else f"status:{status}"] += 1
        return None
    content = text("encoded", CONTENT)
    has_photo = html_has_image(content, shortcodes=True) or _has_featured_image(item, wp)
    return Post(published=_published(text("post_date_gmt"), text("post_date"), path, where),
                source_id=post_id or None, has_photo=has_photo, has_video=html_has_video(content, auto_embed=True),
                kind="post")


def _published(gmt: str | None, local: str | None, path: Path, where: Words) -> datetime:
    for raw, is_utc in ((gmt, True), (local, False)):
        if not raw or raw == _NEVER:
            continue
        try:
            moment = datetime.strptime(raw, "%Y-%m-%d %H:%M:%S")
        except ValueError:
            raise ExportFormatError(path, where, Words.say("import.wxr.date_unreadable", raw=repr(raw)),
                                    Words.say("import.wxr.date_expected")) from None
        return moment.replace(tzinfo=timezone.utc) if is_utc else localize(moment)
    raise ExportFormatError(path, where, Words.say("import.wxr.no_date"), Words.say("import.wxr.dates_expected"))


def _has_featured_image(item: Element, wp: str) -> bool:
    for meta in item.iterfind(f"{{{wp}}}postmeta"):
        if (meta.findtext(f"{{{wp}}}meta_key") or "").strip() == "_thumbnail_id":
            value = (meta.findtext(f"{{{wp}}}meta_value") or "").strip()
            # An attachment id; WordPress leaves "" or "0" (some plugins "-1") when it was removed.
            if value.isdigit() and int(value) > 0:
                return True
    return False
