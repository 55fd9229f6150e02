"""Whether a post's HTML shows a picture or a video.

The council's website counts "materials with photos": a post whose text shows an image.
Pictures are ``<img>`` tags and backgrounds set by a ``style`` (the block editor's cover
block before WordPress 5.7: ``style="background-image:url(...)"``); WordPress also stores
galleries as the shortcode ``[gallery ...]`` in a post's raw text (what a WordPress export
holds). Videos are ``<video>`` tags, players of video sites in an ``<iframe>`` (YouTube,
Vimeo, Facebook), the shortcodes ``[video]`` and ``[embed]`` with a video link, the block
editor's ``<!-- wp:video -->`` and ``<!-- wp:embed {... "providerNameSlug":"youtube" ...} -->``,
and, in a WordPress post's raw text, a video's address alone on its line, which WordPress
shows as the video's player (its "auto-embed"). A link to a video inside a sentence, or as a
link's target, is not counted: it is only a reference.
"""

from __future__ import annotations

import re

_IMAGE = re.compile(r"<img[\s/>]|\bstyle\s*=\s*(?:\"[^\"]*|'[^']*)background(?:-image)?\s*:[^;\"']*url\(",
                    re.IGNORECASE)
# An HTML comment shows nothing: an <img> left inside one is no picture. (The block editor's
# own comments, <!-- wp:image -->, wrap a real <img> and are only looked at for videos.)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_GALLERY = re.compile(r"\[gallery[\s\]]", re.IGNORECASE)
_VIDEO_SITES = r"(?:youtube(?:-nocookie)?\.com|youtu\.be|vimeo\.com|facebook\.com/(?:plugins/video|[^\"'\s]*/videos/))"
# A video's address alone on a line of raw post text (perhaps inside a paragraph of its own).
_AUTO_EMBED = re.compile(r"^[ \t]*(?:<p>[ \t]*)?https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?|shorts/|live/)"
                         r"|youtu\.be/|vimeo\.com/\d|facebook\.com/[^\s<]*/videos/)[^\s<]*[ \t]*(?:</p>)?[ \t]*$",
                         re.IGNORECASE | re.MULTILINE)
_VIDEO = re.compile(
    r"<video[\s>]"
    r"|<iframe\b[^>]*\bsrc\s*=\s*[\"']?[^\"'\s>]*" + _VIDEO_SITES +
    r"|\[video[\s\]]"
    r"|\[embed[^\]]*\][^\[]*" + _VIDEO_SITES +
    r"|<!--\s*wp:video\b"
    r"|<!--\s*wp:(?:core-)?embed\b[^>]*\"providerNameSlug\"\s*:\s*\"(?:youtube|vimeo|facebook|videopress)\"",
    re.IGNORECASE,
)


def html_has_image(html: str | None, *, shortcodes: bool = False) -> bool:
    """Whether HTML text shows an image (``shortcodes``: also WordPress ``[gallery]``)."""
    if not html:
        return False
    shown = _COMMENT.sub("", html) if "<!--" in html else html
    return bool(_IMAGE.search(shown) or (shortcodes and _GALLERY.search(shown)))


def html_has_video(html: str | None, *, auto_embed: bool = False) -> bool:
    """Whether HTML text shows a video (``auto_embed``: WordPress raw post text, where a
    video's address alone on its line shows as its player; in a feed's HTML it is text)."""
    return bool(html) and bool(_VIDEO.search(html) or (auto_embed and _AUTO_EMBED.search(html)))
