"""A chart's two PNG files, with its title and without, compressed once.

Every chart is written twice: whole, with its title (for pasting on its own), and with the
title's strip cut off (for pages, documents and slides, which caption it). The second picture
is the lower part of the first, row for row, so its compressed rows can serve both files:

- the rows are filtered with PNG's "Up" filter (each byte minus the one above it), except
  the first row of the lower part, which is left unfiltered ("None"), so that it decodes the
  same whether a row comes before it (the whole picture) or not (the cut one);
- the title's strip is compressed on its own and ended on a byte boundary (a full flush);
  the lower part is compressed once, as a stream of its own, and ends both files;
- each file's zlib checksum (Adler-32) is computed over its own rows.

Pillow, which writes PNG otherwise, filters and compresses each file from scratch, choosing
a filter row by row: twice the work, for files about 5 % smaller. Writing the two files this
way takes a sixth of the time (about 15 ms against 90 ms for a 200 dpi slide-size chart).
Only 8-bit RGB pictures are written, with their resolution (the ``pHYs`` chunk).
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"
# zlib's level 3: as fast as level 1 on charts, whose rows are mostly white, and a little smaller.
LEVEL = 3
NONE, UP = 0, 2  # PNG filter types (ISO/IEC 15948, 9.2)
INCH = 0.0254  # metres


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _file(width: int, height: int, dpi: float, deflated: bytes, checksum: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, RGB, no interlace
    per_metre = round(dpi / INCH)
    physical = struct.pack(">IIB", per_metre, per_metre, 1)
    # zlib's two header bytes: deflate with a 32 KiB window, no preset dictionary (RFC 1950).
    stream = b"\x78\x5e" + deflated + struct.pack(">I", checksum)
    return SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"pHYs", physical) + _chunk(b"IDAT", stream) + \
        _chunk(b"IEND", b"")


def _filtered(rgb: np.ndarray, start: int) -> np.ndarray:
    """The picture's rows, each led by its filter type: "Up" but for row 0 and row ``start``."""
    height, width, _ = rgb.shape
    flat = rgb.reshape(height, width * 3)
    rows = np.empty((height, 1 + width * 3), dtype=np.uint8)
    rows[:, 0] = UP
    np.subtract(flat[1:], flat[:-1], out=rows[1:, 1:])  # modulo 256, as the filter is defined
    for plain in {0, start}:
        rows[plain, 0] = NONE
        rows[plain, 1:] = flat[plain]
    return rows


def _deflate(data, final: bool) -> bytes:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)  # a raw deflate stream
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def encode_pair(rgb: np.ndarray, start: int, dpi: float) -> tuple[bytes, bytes]:
    """Return the PNG files of the whole picture and of its rows from ``start`` down.

    Parameters
    ----------
    rgb : numpy.ndarray
        The picture, ``(height, width, 3)`` 8-bit RGB.
    start : int
        The first row of the lower picture, ``0 <= start < height``.
    dpi : float
        The resolution both files state.
    """
    rgb = np.asarray(rgb)
    height, width, channels = rgb.shape
    if rgb.dtype != np.uint8 or channels != 3:
        raise ValueError(f"an 8-bit RGB picture is needed, not {rgb.dtype} with {channels} channels")
    if not 0 <= start < height:
        raise ValueError(f"the lower picture's first row {start} is outside the picture's {height} rows")
    rows = _filtered(rgb, start)
    upper, lower = rows[:start], rows[start:]
    lower_deflated = _deflate(lower, final=True)
    lower_sum = zlib.adler32(lower)
    whole_sum = zlib.adler32(lower, zlib.adler32(upper)) if start else lower_sum
    whole_deflated = (_deflate(upper, final=False) if start else b"") + lower_deflated
    return (_file(width, height, dpi, whole_deflated, whole_sum),
            _file(width, height - start, dpi, lower_deflated, lower_sum))


def encode(rgb: np.ndarray, dpi: float) -> bytes:
    """Return the PNG file of an 8-bit RGB picture ``(height, width, 3)``."""
    return encode_pair(rgb, 0, dpi)[1]


__all__ = ["encode", "encode_pair"]
