"""Thumbnails, kept in the data dir (never beside the media) and named by content.

Naming by content fingerprint means a moved or copied photo keeps its thumbnail for free
and two copies share one. Writes go to a temporary name first and are renamed, so a crash
never leaves a half-written JPEG under a real name.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from PIL import Image

THUMBNAIL_SIDE = 384
"""Longer side of a stored thumbnail: the results grid's 184x138 tile at 2x (HiDPI) is
368x276 device pixels. Decoding asks for it on the longer side only (see
``decode_photo``), so a 12 MP JPEG still decodes at 1/8 scale."""


def frame_thumbnail_key(content_hash: str, time_s: float) -> str:
    """The cache key of a video frame's thumbnail: the video's content and the second,
    so that search can name the picture of a moment without opening the video."""
    return f"{content_hash}-{round(time_s * 1000):09d}"


class ThumbnailCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.jpg"

    def has(self, key: str) -> bool:
        return self.path_for(key).is_file()

    def save_file(self, key: str, source: Path) -> Path:
        """Store an existing thumbnail file under another key (a video's poster)."""
        return self._write(key, source.read_bytes())

    def save(self, key: str, image: Image.Image) -> Path:
        """Store a thumbnail of ``image`` (any size) under ``key``; returns its path."""
        target = self.path_for(key)
        if target.is_file():
            return target
        thumb = image.copy()
        thumb.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.BICUBIC)
        if thumb.mode != "RGB":
            thumb = thumb.convert("RGB")
        buffer = io.BytesIO()
        thumb.save(buffer, "JPEG", quality=85, optimize=True)
        return self._write(key, buffer.getvalue())

    def _write(self, key: str, data: bytes) -> Path:
        target = self.path_for(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".jpg")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target
