"""Turn what the user drops or pastes into an example image.

Accepted: an image file from the file manager, an image dragged out of a web browser
(browsers offer the picture itself, its URL, or both), and an image on the clipboard.
Local files and raw image data are read at once; a web URL is returned for the window to
fetch asynchronously.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QMimeData, QUrl
from PySide6.QtGui import QImage

MAX_BYTES = 64 * 1024 * 1024
RAW_FORMATS = ("image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp")


@dataclass(frozen=True)
class Example:
    data: bytes
    label: str


def example_from(mime: QMimeData) -> Example | QUrl | None:
    """An example image, a web URL to fetch, or nothing usable."""
    web: QUrl | None = None
    for url in mime.urls() if mime.hasUrls() else []:
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.is_file() and path.stat().st_size <= MAX_BYTES:
                return Example(path.read_bytes(), path.name)
        elif url.scheme() in ("http", "https") and web is None:
            web = url
    for fmt in RAW_FORMATS:
        if mime.hasFormat(fmt):
            data = bytes(mime.data(fmt).data())
            if data:
                return Example(data, QCoreApplication.translate("Dropped", "dropped image"))
    if mime.hasImage():
        image = mime.imageData()
        if isinstance(image, QImage) and not image.isNull():
            return Example(png_bytes(image), QCoreApplication.translate("Dropped", "pasted image"))
    if web is None and mime.hasText():
        candidate = QUrl(mime.text().strip())
        if candidate.scheme() in ("http", "https"):
            web = candidate
    return web


def could_be_example(mime: QMimeData) -> bool:
    """Cheap check for drag-enter: is there anything worth accepting?"""
    return mime.hasUrls() or mime.hasImage() or any(mime.hasFormat(f) for f in RAW_FORMATS)


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(QByteArray(buffer.data()).data())
