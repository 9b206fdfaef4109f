"""The results as a Qt list model: one row per file, thumbnails filled in as they load."""

from __future__ import annotations

from collections import defaultdict
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from mediasift.core.formatting import clock, day
from mediasift.core.kinds import MediaKind
from mediasift.core.paths import display
from mediasift.core.search.results import SearchResult
from mediasift.desktop.ui.thumbnails import ThumbnailLoader

ModelIndex = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    RESULT = Qt.ItemDataRole.UserRole + 1
    THUMBNAIL = Qt.ItemDataRole.UserRole + 2
    CAPTION = Qt.ItemDataRole.UserRole + 3
    """What to show under the name: the moment's time, or the matching line."""


class ResultsModel(QAbstractListModel):
    def __init__(self, thumbnails: ThumbnailLoader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: list[SearchResult] = []
        self._rows_by_thumbnail: dict[str, list[int]] = defaultdict(list)
        self._thumbnails = thumbnails
        thumbnails.loaded.connect(self._thumbnail_loaded)

    def set_results(self, results: list[SearchResult]) -> None:
        self.beginResetModel()
        self._thumbnails.forget_pending()
        self._results = list(results)
        self._rows_by_thumbnail = defaultdict(list)
        for row, result in enumerate(self._results):
            if result.thumbnail is not None:
                self._rows_by_thumbnail[str(result.thumbnail)].append(row)
        self.endResetModel()

    def result(self, row: int) -> SearchResult | None:
        return self._results[row] if 0 <= row < len(self._results) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._results)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        result = self.result(index.row())
        if result is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return result.path.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(result)
        if role == Role.RESULT:
            return result
        if role == Role.CAPTION:
            return caption(result)
        if role == Role.THUMBNAIL:
            return self._thumbnails.get(str(result.thumbnail)) if result.thumbnail else None
        return None

    def _thumbnail_loaded(self, path: str) -> None:
        rows = self._rows_by_thumbnail.get(path)
        if rows:
            # One signal for the span (thumbnails shared by copies can be many rows); the
            # roles as plain ints: PySide6 mishandles IntEnum lists in a burst of emits.
            first, last = self.index(min(rows)), self.index(max(rows))
            self.dataChanged.emit(first, last, [int(Role.THUMBNAIL)])


def caption(result: SearchResult) -> str:
    if result.kind == MediaKind.PHOTO:
        return day(result.taken_at)
    at = clock(result.start_s) if result.start_s is not None else ""
    if result.text:
        return f"{at}  “{result.text.strip()}”"
    return at


def tooltip(result: SearchResult) -> str:
    lines = [display(result.path), f"{result.kind}, score {result.score:.1f}"]
    if result.taken_at:
        lines.append(day(result.taken_at))
    for moment in result.moments:
        if moment.start_s is not None:
            text = f"  {moment.text.strip()}" if moment.text else ""
            lines.append(f"at {clock(moment.start_s)}{text}")
    return "\n".join(lines)
