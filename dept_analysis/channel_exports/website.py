"""The council website's posts, from a feed file or a WordPress export file.

:func:`iter_website_posts` tells the kind of file by its root element (and, for WordPress,
by the ``wp`` namespace it declares) and reads it; :func:`iter_feed_posts` and
:func:`iter_wxr_posts` accept only their own kind, for a catalog that names the kind.
The items themselves are read by :mod:`.web_feeds` and :mod:`.wordpress`.
"""

from __future__ import annotations

from collections.abc import Iterator
from os import PathLike
from pathlib import Path

from .errors import ExportFormatError, Words
from .model import Post, ReadStats
from .web_feeds import ATOM, RDF, RSS1, feed_item_post
from .wordpress import WXR_NAMESPACE, wxr_item_post
from .xml_stream import XmlRecords

_FEED = "import.feed.expected"
_WXR = "import.wxr.expected"
_ANY = "import.website.expected"
# Where the records sit, by kind: (depth, tag); the root is depth 1.
_RECORDS = {"rss": (3, "item"), "wxr": (3, "item"), "rss1": (2, f"{{{RSS1}}}item"), "atom": (2, f"{{{ATOM}}}entry")}


def iter_website_posts(path: str | PathLike[str], *, stats: ReadStats | None = None) -> Iterator[Post]:
    """Yield the published posts of a feed (RSS 2.0, RSS 1.0, Atom) or a WordPress export.

    Parameters
    ----------
    path : str or os.PathLike
        The .xml file.
    stats : ReadStats, optional
        Receives the number of items read and the ones skipped (pages, attachments, drafts).

    Yields
    ------
    Post
        One per published post, in file order.

    Raises
    ------
    ExportFormatError
        If the file is not XML, declares a DTD, is neither a feed nor a WordPress export,
        or an item lacks a readable date.
    """
    return _iter(path, {"rss", "rss1", "atom", "wxr"}, _ANY, stats)


def iter_feed_posts(path: str | PathLike[str], *, stats: ReadStats | None = None) -> Iterator[Post]:
    """Like :func:`iter_website_posts`, for a feed only (a WordPress export is refused)."""
    return _iter(path, {"rss", "rss1", "atom"}, _FEED, stats)


def iter_wxr_posts(path: str | PathLike[str], *, stats: ReadStats | None = None) -> Iterator[Post]:
    """Like :func:`iter_website_posts`, for a WordPress export only.

    Only items of type ``post`` with status ``publish`` are posts: pages, attachments,
    menu items, drafts, scheduled and private posts are skipped (and counted in ``stats``).
    """
    return _iter(path, {"wxr"}, _WXR, stats)


def _iter(path: str | PathLike[str], allowed: set[str], expected_key: str, stats: ReadStats | None
          ) -> Iterator[Post]:
    # A generator, so that nothing is opened before the first post is asked for.
    shown = Path(path)
    expected = Words.say(expected_key)
    with XmlRecords(path, expected) as reader:
        root_tag, namespaces = reader.root()
        kind, wp = _kind(root_tag, namespaces)
        if kind is None or kind not in allowed:
            found = Words.say(f"import.website.is_{kind}") if kind else Words.say("import.website.is_other",
                                                                                   tag=root_tag)
            raise ExportFormatError(shown, None, found, expected)
        depth, tag = _RECORDS[kind]
        for index, element in enumerate(reader.records(lambda t, d: t == tag, depth), start=1):
            if stats is not None:
                stats.items += 1
            if kind == "wxr":
                post = wxr_item_post(element, wp, index, shown, stats)
                if post is not None:
                    yield post
            else:
                yield feed_item_post(element, kind, index, shown)


def _kind(root_tag: str, namespaces: set[str]) -> tuple[str | None, str]:
    """The kind of file, and the WordPress namespace if it is a WordPress export."""
    if root_tag == "rss":
        wp = next((uri for uri in sorted(namespaces) if WXR_NAMESPACE.match(uri)), "")
        return ("wxr" if wp else "rss"), wp
    if root_tag == f"{{{ATOM}}}feed":
        return "atom", ""
    if root_tag == f"{{{RDF}}}RDF":
        return "rss1", ""
    return None, ""
