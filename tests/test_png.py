"""A chart's two PNG files written from one compression (dept_analysis.render.png): read back
by Pillow, as office programs and browsers read them, they hold exactly the picture given."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from dept_analysis.render.png import encode, encode_pair


def _picture(height: int = 90, width: int = 160, seed: int = 1) -> np.ndarray:
    """White with a chart's kind of content: flat bands, a gradient, anti-aliased noise."""
    rng = np.random.default_rng(seed)
    rgb = np.full((height, width, 3), 255, dtype=np.uint8)
    rgb[10:20, :, :] = (0, 114, 178)
    rgb[:, 40:60, 1] = np.linspace(0, 255, height, dtype=np.uint8)[:, None]
    rgb[50:, 80:] = rng.integers(0, 256, size=(height - 50, width - 80, 3), dtype=np.uint8)
    return rgb


def _read(data: bytes) -> tuple[np.ndarray, Image.Image]:
    with Image.open(io.BytesIO(data)) as image:
        image.verify()  # chunk checksums
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.mode == "RGB"
    return np.asarray(image), image


@pytest.mark.parametrize("start", [0, 1, 17, 45, 89])
def test_both_files_hold_exactly_their_rows(start):
    rgb = _picture()
    whole, lower = encode_pair(rgb, start, dpi=200)
    whole_pixels, whole_image = _read(whole)
    lower_pixels, lower_image = _read(lower)
    assert np.array_equal(whole_pixels, rgb)
    assert np.array_equal(lower_pixels, rgb[start:])
    assert whole_image.info["dpi"] == pytest.approx((200, 200), abs=0.01)
    assert lower_image.info["dpi"] == pytest.approx((200, 200), abs=0.01)


def test_a_single_file_and_other_resolutions():
    rgb = _picture(seed=7)
    pixels, image = _read(encode(rgb, dpi=110))
    assert np.array_equal(pixels, rgb) and image.info["dpi"] == pytest.approx((110, 110), abs=0.01)


def test_a_large_picture_round_trips():
    # A slide-size chart at 200 dpi: one compressed stream of about 10 MB of rows.
    rgb = np.full((1500, 2666, 3), 255, dtype=np.uint8)
    rgb[700:760, 100:2500] = (213, 94, 0)
    rgb[::97, :, 0] = 17
    whole, lower = encode_pair(rgb, 120, dpi=200)
    assert np.array_equal(_read(whole)[0], rgb) and np.array_equal(_read(lower)[0], rgb[120:])
    assert len(whole) < 200_000, "flat colours compress"


def test_the_picture_given_must_be_8_bit_rgb_and_the_cut_inside_it():
    with pytest.raises(ValueError, match="8-bit RGB"):
        encode(np.zeros((4, 4, 4), dtype=np.uint8), dpi=100)
    with pytest.raises(ValueError, match="8-bit RGB"):
        encode(np.zeros((4, 4, 3), dtype=np.float32), dpi=100)
    with pytest.raises(ValueError, match="outside"):
        encode_pair(np.zeros((4, 4, 3), dtype=np.uint8), 4, dpi=100)
