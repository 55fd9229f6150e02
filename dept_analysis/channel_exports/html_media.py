"""Whether a post's HTML shows a picture or a video.

The council's website counts "materials with photos": a post whose text shows an image.
Pictures are ``<img>`` tags; WordPress also stores galleries as the shortcode
``[gallery ...]`` in a post's raw text (what a WordPress export holds). Videos are
``<video>`` tags, players of video sites in an ``<iframe>`` (YouTube, Vimeo, Facebook), the
shortcodes ``[video]`` and ``[embed]`` with a video link, and the block editor's
``<!-- wp:video -->`` and ``<!-- wp:embed {... "providerNameSlug":"youtube" ...} -->``.
A bare link to a video in the text is not counted: it may be only a reference.
"""

from __future__ import annotations

import re

_IMAGE = re.compile(r"<img[\s/>]", re.IGNORECASE)
# An HTML comment shows nothing: an <img> left inside one is no picture. (The block editor's
# own comments, <!-- wp:image -->, wrap a real <img> and are only looked at for videos.)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_GALLERY = re.compile(r"\[gallery[\s\]]", re.IGNORECASE)
_VIDEO_SITES = r"(?:youtube(?:-nocookie)?\.com|youtu\.be|vimeo\.com|facebook\.com/(?:plugins/video|[^\"'\s]*/videos/))"
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


def html_has_video(html: str | None) -> bool:
    """Whether HTML text (or WordPress raw post text) shows a video."""
    return bool(html) and bool(_VIDEO.search(html))
