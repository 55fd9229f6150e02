"""What every export is reduced to: posts, and how many fell in each Kyiv month.

Each reader (Telegram, website feeds, WordPress, CSV) yields :class:`Post` objects one at a
time; :func:`count_posts_by_month` folds them into ``{"YYYY-MM": MonthCount}``. Nothing here
keeps a list of posts, so a reader that streams its file keeps memory flat end to end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from .kyiv_time import month_key


@dataclass(frozen=True, slots=True)
class Post:
    """One publication on a channel.

    Attributes
    ----------
    published : datetime
        When it was published; always timezone-aware.
    source_id : str or None
        The item's id in its source (Telegram message id, WordPress post id, feed guid,
        CSV id column); for an album, the id of its first message.
    has_photo, has_video : bool
        Whether it carries at least one photo / video.
    is_forward : bool
        Whether it was forwarded from another chat (Telegram).
    edited : bool
        Whether it was edited after publication; an edit never makes a second post.
    kind : str or None
        The source's own type text where it has one ("video_file", "album", "IG reel").
    parts : int
        How many source items were merged into this post (the messages of an album).
    """

    published: datetime
    source_id: str | None = None
    has_photo: bool = False
    has_video: bool = False
    is_forward: bool = False
    edited: bool = False
    kind: str | None = None
    parts: int = 1

    def __post_init__(self) -> None:
        if self.published.tzinfo is None or self.published.utcoffset() is None:
            raise ValueError("Post.published must be timezone-aware")

    @property
    def month(self) -> str:
        """The Kyiv month of publication, "YYYY-MM"."""
        return month_key(self.published)


@dataclass(slots=True)
class MonthCount:
    """A month's counts: posts, and how many of them carry photos / videos."""

    posts: int = 0
    with_photo: int = 0
    with_video: int = 0

    def add(self, post: Post) -> None:
        """Count one post."""
        self.posts += 1
        self.with_photo += post.has_photo
        self.with_video += post.has_video

    def as_dict(self) -> dict[str, int]:
        """``{"posts": n, "with_photo": n, "with_video": n}``."""
        return {"posts": self.posts, "with_photo": self.with_photo, "with_video": self.with_video}


#: The names of the counts a :class:`MonthCount` holds, in the order of its fields.
COUNT_NAMES = ("posts", "with_photo", "with_video")


@dataclass
class ReadStats:
    """What a reader saw besides the posts it yielded, for a footnote or a log line.

    Attributes
    ----------
    items : int
        Items read from the file(s): messages, feed entries, CSV data rows.
    skipped : collections.Counter
        Items that are not posts, by reason: ``"service"`` (Telegram service messages),
        ``"unsupported"``, ``"post_type:page"``, ``"status:draft"``, ``"summary_row"``,
        ``"duplicate"`` ...
    begins : datetime or None
        When the export is known to begin: the channel's creation, where the export holds it
        (Telegram's "channel created" message). Nothing was published before then, so the
        month of the first post is complete. None when unknown.
    """

    items: int = 0
    skipped: Counter = field(default_factory=Counter)
    begins: datetime | None = None


def count_posts_by_month(posts: Iterable[Post], *, include_forwards: bool = True,
                         skip_duplicate_ids: bool = False,
                         stats: ReadStats | None = None) -> dict[str, MonthCount]:
    """Count posts per Kyiv month.

    Parameters
    ----------
    posts : iterable of Post
        Consumed once, one post at a time.
    include_forwards : bool, default True
        Count posts forwarded from other chats. A forward is still a publication on the
        channel (the department chose to republish it), so it counts unless told otherwise.
    skip_duplicate_ids : bool, default False
        Count a ``source_id`` only once: for several exports whose periods overlap. Posts
        without an id are always counted. Keeps a set of the ids seen.
    stats : ReadStats, optional
        Receives ``skipped["forward"]`` and ``skipped["duplicate"]``.

    Returns
    -------
    dict of str to MonthCount
        ``"YYYY-MM"`` -> counts, months in calendar order; months without posts are absent.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> late = Post(datetime(2021, 8, 31, 21, 30, tzinfo=timezone.utc), has_photo=True)
    >>> {m: c.as_dict() for m, c in count_posts_by_month([late]).items()}
    {'2021-09': {'posts': 1, 'with_photo': 1, 'with_video': 0}}
    """
    months: dict[str, MonthCount] = {}
    seen: set[str] = set()
    for post in posts:
        if post.is_forward and not include_forwards:
            if stats is not None:
                stats.skipped["forward"] += 1
            continue
        if skip_duplicate_ids and post.source_id is not None:
            if post.source_id in seen:
                if stats is not None:
                    stats.skipped["duplicate"] += 1
                continue
            seen.add(post.source_id)
        key = post.month
        count = months.get(key)
        if count is None:
            count = months[key] = MonthCount()
        count.add(post)
    return dict(sorted(months.items()))
