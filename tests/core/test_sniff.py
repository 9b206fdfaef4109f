"""Content sniffing: the kind of a file comes from its bytes, the suffix is only a hint."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from mediasift.core.kinds import MediaKind
from mediasift.core.scan.sniff import kind_from_suffix, sniff
from tests.conftest import PHOTOS, SPEECH


def _encoded(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF"])
def test_image_formats_are_photos(fmt: str) -> None:
    assert sniff(_encoded(fmt)[:512]).kind == MediaKind.PHOTO


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("jfk.flac", MediaKind.AUDIO),
        ("hotwords.mp3", MediaKind.AUDIO),
        ("stereo_diarization.wav", MediaKind.AUDIO),
    ],
)
def test_real_recordings_are_audio(name: str, kind: MediaKind) -> None:
    assert sniff((SPEECH / name).read_bytes()[:512]).kind == kind


def test_real_photos_are_photos() -> None:
    for path in PHOTOS.iterdir():
        assert sniff(path.read_bytes()[:512]).kind == MediaKind.PHOTO, path.name


def test_container_brands() -> None:
    assert sniff(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00").kind == MediaKind.VIDEO
    assert sniff(b"\x00\x00\x00\x18ftypM4A \x00\x00\x02\x00").kind == MediaKind.AUDIO
    assert sniff(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00").kind == MediaKind.PHOTO
    assert sniff(b"\x1a\x45\xdf\xa3\x01\x00").kind == MediaKind.VIDEO


def test_text_and_documents_are_not_media() -> None:
    assert sniff(b"hello, this is a note\n").kind is None
    assert sniff(b"hello, this is a note\n").format == "text"
    assert sniff(b"%PDF-1.7 ...").format == "a PDF document"
    assert sniff(b"").format == "empty file"
    # A JPEG marker is not mistaken for an MPEG audio frame sync.
    assert sniff(b"\xff\xd8\xff\xe0").kind == MediaKind.PHOTO


def test_suffix_hints() -> None:
    assert kind_from_suffix("a/B.JPG") == MediaKind.PHOTO
    assert kind_from_suffix("clip.MOV") == MediaKind.VIDEO
    assert kind_from_suffix("memo.m4a") == MediaKind.AUDIO
    assert kind_from_suffix("script.ts") is None  # TypeScript or MPEG-TS: sniffed instead
