"""Thumbnails read from the engine's cache off the GUI thread, kept in a small LRU.

The engine writes a JPEG per photo and per video moment into the data dir; the grid asks
for one when it paints a tile, a pool thread decodes it, and the tile repaints when it
arrives. Scrolling through 10,000 results decodes only what comes into view.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap

CACHE_SIZE = 600


class _Done(QObject):
    loaded = Signal(str, QImage)


class _Load(QRunnable):
    def __init__(self, path: str, size: QSize, done: _Done) -> None:
        super().__init__()
        self._path, self._size, self._done = path, size, done

    def run(self) -> None:
        reader = QImageReader(self._path)
        reader.setAutoTransform(True)
        image = reader.read()
        too_big = image.width() > self._size.width() or image.height() > self._size.height()
        if not image.isNull() and too_big:  # never blown up here: the painter scales once
            image = image.scaled(
                self._size,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self._done.loaded.emit(self._path, image)


class ThumbnailLoader(QObject):
    loaded = Signal(str)
    """A thumbnail is ready (its path); repaint what shows it."""

    def __init__(self, size: QSize, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self._cache: OrderedDict[str, QPixmap] = OrderedDict()
        self._pending: set[str] = set()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._done = _Done(self)
        self._done.loaded.connect(self._store)

    def get(self, path: str) -> QPixmap | None:
        """The pixmap if cached; otherwise ``None`` now and a ``loaded`` signal later."""
        pixmap = self._cache.get(path)
        if pixmap is not None:
            self._cache.move_to_end(path)
            return pixmap
        if path not in self._pending:
            self._pending.add(path)
            self._pool.start(_Load(path, self._size, self._done))
        return None

    def _store(self, path: str, image: QImage) -> None:
        self._pending.discard(path)
        self._cache[path] = QPixmap.fromImage(image) if not image.isNull() else QPixmap()
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        self.loaded.emit(path)

    def forget_pending(self) -> None:
        """New results: queued loads of the old ones are no longer worth doing."""
        self._pool.clear()
        self._pending.clear()
