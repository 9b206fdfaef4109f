"""Photo decoding: orientation, capture date, draft downscale, and hostile files."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from PIL import Image

from mediasift.core.media.photos import PhotoError, decode_photo
from tests.conftest import PHOTOS
from tests.media_factory import png_bomb


def jpeg_bytes(image: Image.Image, **exif_tags: object) -> bytes:
    exif = Image.Exif()
    sub = exif.get_ifd(0x8769)
    for key, value in exif_tags.items():
        if key == "orientation":
            exif[274] = value
        elif key == "taken":
            sub[36867] = value
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def test_exif_orientation_makes_the_photo_upright() -> None:
    wide = Image.new("RGB", (300, 200), (0, 128, 255))
    decoded = decode_photo(jpeg_bytes(wide, orientation=6), min_side=64)
    width, height = decoded.image.size
    assert height > width  # portrait, as the camera meant it
    assert min(width, height) >= 64
    assert (decoded.width, decoded.height) == (200, 300)


def test_exif_capture_date_is_read() -> None:
    photo = jpeg_bytes(Image.new("RGB", (64, 64)), taken="2019:07:14 18:30:05")
    decoded = decode_photo(photo, min_side=32)
    assert decoded.taken_at == datetime(2019, 7, 14, 18, 30, 5).timestamp()


def test_no_exif_date_means_none() -> None:
    assert decode_photo((PHOTOS / "rocket.jpg").read_bytes(), min_side=32).taken_at is None


def test_large_jpeg_is_drafted_but_never_below_the_model_size() -> None:
    big = Image.radial_gradient("L").convert("RGB").resize((4000, 3000))
    decoded = decode_photo(jpeg_bytes(big), min_side=224)
    assert min(decoded.image.size) >= 224
    assert decoded.image.size[0] < 4000 / 2  # decoded at reduced scale, not full size
    assert (decoded.width, decoded.height) == (4000, 3000)


def test_thumbnail_size_is_asked_of_the_longer_side_only() -> None:
    """A 384 px thumbnail of a 12 MP photo must not push the decode from 1/8 to 1/4 scale:
    at 1/8 the photo is 500x375, enough on its longer side (and 375 >= 224 for CLIP)."""
    big = Image.radial_gradient("L").convert("RGB").resize((4000, 3000))
    decoded = decode_photo(jpeg_bytes(big), min_side=224, min_long_side=384)
    assert decoded.image.size == (500, 375)
    tall = decode_photo(jpeg_bytes(big.rotate(90, expand=True)), min_side=224, min_long_side=384)
    assert tall.image.size == (375, 500)


def test_transparency_is_composited_on_white() -> None:
    decoded = decode_photo((PHOTOS / "horse.png").read_bytes(), min_side=32)
    assert decoded.image.mode == "RGB"
    assert decoded.image.getpixel((0, 0)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"just some text pretending to be a photo\n", "not a decodable image"),
        ((PHOTOS / "rocket.jpg").read_bytes()[:20000], "truncated"),
        (png_bomb(30000, 30000), "too large"),
        (b"\xff\xd8\xff\xe0" + b"\x00\x10JFIF" + bytes(range(256)) * 4, "image"),
    ],
    ids=["empty", "text", "truncated", "bomb", "corrupt"],
)
def test_bad_photos_fail_with_a_reason(content: bytes, reason: str) -> None:
    with pytest.raises(PhotoError) as raised:
        decode_photo(content, min_side=32)
    message = str(raised.value)
    assert reason in message
    assert "\n" not in message
