"""Thumbnails read from the engine's cache off the GUI thread, kept in a small LRU.

The engine writes a JPEG per photo and per video moment into the data dir; the grid asks
for one when it paints a tile, a pool thread decodes it (:func:`run_task`), and the tile
repaints when it arrives. Scrolling through 10,000 results decodes only what comes into
view.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap

from .tasks import Task, run_task

CACHE_SIZE = 600


def read_thumbnail(path: str, size: QSize) -> QImage:
    """The image turned upright and fitted into ``size`` (a null image if it cannot be
    read). Runs on a pool thread."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    image = reader.read()
    too_big = image.width() > size.width() or image.height() > size.height()
    if not image.isNull() and too_big:  # never blown up here: the painter scales once
        image = image.scaled(
            size,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return image


class ThumbnailLoader(QObject):
    loaded = Signal(str)
    """A thumbnail is ready (its path); repaint what shows it."""

    def __init__(self, size: QSize, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self._cache: OrderedDict[str, QPixmap] = OrderedDict()
        self._pending: dict[str, Task[QImage]] = {}

    def get(self, path: str) -> QPixmap | None:
        """The pixmap if cached; otherwise ``None`` now and a ``loaded`` signal later."""
        pixmap = self._cache.get(path)
        if pixmap is not None:
            self._cache.move_to_end(path)
            return pixmap
        if path not in self._pending:
            size = self._size
            self._pending[path] = run_task(
                lambda: read_thumbnail(path, size),
                lambda image: self._store(path, image),
                receiver=self,
            )
        return None

    def _store(self, path: str, image: QImage) -> None:
        self._pending.pop(path, None)
        self._cache[path] = QPixmap.fromImage(image) if not image.isNull() else QPixmap()
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        self.loaded.emit(path)

    def forget_pending(self) -> None:
        """New results: queued loads of the old ones are no longer worth doing (one
        already decoding still lands in the cache)."""
        for task in self._pending.values():
            task.cancel()
        self._pending.clear()
