"""Posts of a website from its feed: RSS 2.0, RSS 1.0 or Atom.

What is read
------------
* RSS 2.0 (``<rss><channel><item>``): the date is ``<pubDate>`` (RFC 822, e.g.
  ``Tue, 31 Aug 2021 21:30:00 +0000``), or ``<dc:date>`` (ISO 8601) when there is none; the
  id is ``<guid>``, else ``<link>``. RSS 1.0 (``<rdf:RDF><item>``) dates are ``<dc:date>``.
* Atom (``<feed><entry>``, RFC 4287): the date is ``<published>``; ``<updated>`` only when
  an entry has no ``<published>`` (an update is not a publication, but Atom requires only
  ``updated``). The id is ``<id>``.
* A post has a photo when its HTML (``<description>``, ``<content:encoded>``, Atom
  ``<content>``/``<summary>`` of type ``html`` or ``xhtml``) shows an ``<img>``, or it has an
  enclosure (RSS ``<enclosure>``, Atom ``<link rel="enclosure">``) or a Media RSS
  ``<media:content>`` of type ``image/*`` (or ``medium="image"``). Videos likewise: see
  :mod:`.html_media`, and enclosures of type ``video/*``.

A feed holds only the latest items (WordPress: 10 by default, "Settings → Reading"), so it
covers a whole month only if the site published no more than that since the month began;
its earliest month is usually incomplete. For past months use the WordPress export
(:mod:`.wordpress`). Items of the same feed read twice are told apart by their id.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from xml.etree.ElementTree import Element

from .errors import ExportFormatError, Words, entry_where
from .html_media import html_has_image, html_has_video
from .kyiv_time import localize
from .model import Post
from .xml_stream import split_tag

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
MEDIA = "http://search.yahoo.com/mrss/"
RSS1 = "http://purl.org/rss/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XHTML = "http://www.w3.org/1999/xhtml"

_VIDEO_IFRAME_HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com", "facebook.com")


def feed_item_post(item: Element, flavour: str, index: int, path: Path) -> Post:
    """Read one ``<item>`` or ``<entry>`` of a feed.

    Parameters
    ----------
    item : Element
        The complete item.
    flavour : {"rss", "rss1", "atom"}
        The kind of feed.
    index : int
        The item's number in the file, from 1, for messages.
    path : Path
        The file, for messages.

    Raises
    ------
    ExportFormatError
        If the item has no date, or one that cannot be read.
    """
    atom = flavour == "atom"
    title = _text(item, ATOM if atom else ("" if flavour == "rss" else RSS1), "title")
    if atom:
        item_id = _text(item, ATOM, "id")
    else:
        item_id = _text(item, "", "guid") or _text(item, RSS1 if flavour == "rss1" else "", "link")
    where = entry_where(index, title, item_id if not title else None)
    published = _atom_date(item, path, where) if atom else _rss_date(item, flavour, path, where)
    has_photo, has_video = _media(item, atom)
    return Post(published=published, source_id=item_id or None, has_photo=has_photo, has_video=has_video)


def _text(element: Element, namespace: str, local: str) -> str | None:
    child = element.find(f"{{{namespace}}}{local}" if namespace else local)
    if child is None or child.text is None:
        return None
    return child.text.strip() or None


# A time zone written as letters at the end of an RFC 822 date ("... 10:00:00 EEST").
_ZONE = re.compile(r"\d\d:\d\d(?::\d\d)?\s+([A-Za-z]{1,5})$")
# Zone names the standard library does not know (it knows UT, UTC, GMT, Z and the US ones,
# and gives a date in any other as if it had no zone), which Ukrainian and European sites write.
_ZONE_OFFSETS = {"EET": "+0200", "EEST": "+0300", "CET": "+0100", "CEST": "+0200", "WET": "+0000", "WEST": "+0100",
                 "BST": "+0100", "MSK": "+0300"}


def _rss_date(item: Element, flavour: str, path: Path, where: Words) -> datetime:
    raw = _text(item, "", "pubDate") if flavour == "rss" else None
    if raw is not None:
        zone = _ZONE.search(raw.strip())
        named = zone.group(1).upper() if zone else None
        text = raw.strip()
        if named in _ZONE_OFFSETS:  # email.utils knows only the US names: EET would be UTC
            text = text[:zone.start(1)] + _ZONE_OFFSETS[named]
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment
        if moment is not None and text.endswith("-0000"):
            return moment.replace(tzinfo=timezone.utc)  # RFC 2822: UTC, source zone unknown
        if moment is not None and zone is None:
            return localize(moment)  # no zone at all: the site's own clock, in Kyiv
        if moment is not None:
            raise ExportFormatError(path, where, Words.say("import.feed.zone_unknown", raw=repr(raw), zone=named),
                                    Words.say("import.feed.pubdate_expected"))
        raise ExportFormatError(path, where, Words.say("import.feed.pubdate_unreadable", raw=repr(raw)),
                                Words.say("import.feed.pubdate_expected"))
    return _iso_date(_text(item, DC, "date"), "dc:date", path, where,
                     Words.say("import.feed.rss_date_expected"))


def _atom_date(entry: Element, path: Path, where: Words) -> datetime:
    raw = _text(entry, ATOM, "published")
    name = "published"
    if raw is None:
        raw, name = _text(entry, ATOM, "updated"), "updated"
    return _iso_date(raw, name, path, where, Words.say("import.feed.atom_date_expected"))


def _iso_date(raw: str | None, name: str, path: Path, where: Words, expected: Words) -> datetime:
    if raw is None:
        raise ExportFormatError(path, where, Words.say("import.feed.no_date"), expected)
    try:
        moment = datetime.fromisoformat(raw.strip().replace("z", "Z").replace("t", "T"))
    except ValueError:
        raise ExportFormatError(path, where, Words.say("import.feed.date_unreadable", name=name, raw=repr(raw)),
                                Words.say("import.feed.iso_expected")) from None
    # A date without an offset is the site's own clock, in Kyiv.
    return moment if moment.tzinfo is not None else localize(moment)


def _media(item: Element, atom: bool) -> tuple[bool, bool]:
    """Whether an item shows a photo / a video, from its HTML and its enclosures."""
    photo = video = False
    for element in item.iter():
        namespace, local = split_tag(element.tag)
        mime = ""
        if (namespace, local) == ("", "enclosure"):
            mime = element.get("type", "")
        elif (namespace, local) == (MEDIA, "content"):
            mime = element.get("type", "") or f"{element.get('medium', '')}/"
        elif (namespace, local) == (ATOM, "link") and element.get("rel") == "enclosure":
            mime = element.get("type", "")
        elif namespace == XHTML:
            photo |= local == "img"
            video |= local == "video" or (local == "iframe" and
                                          any(host in element.get("src", "") for host in _VIDEO_IFRAME_HOSTS))
            continue
        elif _is_html(namespace, local, element, atom):
            photo |= html_has_image(element.text)
            video |= html_has_video(element.text)
            continue
        mime = mime.strip().lower()
        photo |= mime.startswith("image/")
        video |= mime.startswith("video/")
    return photo, video


def _is_html(namespace: str, local: str, element: Element, atom: bool) -> bool:
    if atom:
        # Atom text constructs are plain text unless type says html (xhtml is parsed as elements).
        return namespace == ATOM and local in ("content", "summary") and element.get("type") == "html"
    return (namespace, local) in (("", "description"), (CONTENT, "encoded"), (RSS1, "description"))
