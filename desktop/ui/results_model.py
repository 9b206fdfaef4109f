"""The results as a Qt list model: one row per file, thumbnails filled in as they load."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractListModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QUrl,
)

from mediasift.core.kinds import MediaKind
from mediasift.core.paths import display
from mediasift.core.search.results import MatchedBy, SearchResult

from . import relevance
from .local_format import clock, day
from .thumbnails import ThumbnailLoader

ModelIndex = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    RESULT = Qt.ItemDataRole.UserRole + 1
    THUMBNAIL = Qt.ItemDataRole.UserRole + 2
    CAPTION = Qt.ItemDataRole.UserRole + 3
    """What to show under the name: the moment's time, or the matching line."""
    RELEVANCE = Qt.ItemDataRole.UserRole + 4
    """How well it matches, 0 to 1; None when the rows are not ranked (the newest items)."""


class ResultsModel(QAbstractListModel):
    def __init__(self, thumbnails: ThumbnailLoader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: list[SearchResult] = []
        self.ranked = True
        self._rows_by_thumbnail: dict[str, list[int]] = defaultdict(list)
        self._thumbnails = thumbnails
        thumbnails.loaded.connect(self._thumbnail_loaded)

    def set_results(self, results: list[SearchResult], *, ranked: bool = True) -> None:
        """``ranked``: results of a search, each with a relevance; else a plain listing."""
        self.beginResetModel()
        self._thumbnails.forget_pending()
        self._results = list(results)
        self.ranked = ranked
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
            return tooltip(result, ranked=self.ranked)
        if role == Role.RESULT:
            return result
        if role == Role.CAPTION:
            return caption(result)
        if role == Role.RELEVANCE:
            return relevance.strength(result.score) if self.ranked else None
        if role == Role.THUMBNAIL:
            return self._thumbnails.get(str(result.thumbnail)) if result.thumbnail else None
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """A dragged result is its file, as file managers, mail and chat apps take it."""
        mime = QMimeData()
        results = [self.result(index.row()) for index in indexes]
        mime.setUrls([QUrl.fromLocalFile(str(r.path)) for r in results if r is not None])
        return mime

    def _thumbnail_loaded(self, path: str) -> None:
        rows = self._rows_by_thumbnail.get(path)
        if rows:
            # One signal for the span (thumbnails shared by copies can be many rows); the
            # roles as plain ints: PySide6 mishandles IntEnum lists in a burst of emits.
            first, last = self.index(min(rows)), self.index(max(rows))
            self.dataChanged.emit(first, last, [int(Role.THUMBNAIL)])


WORDS_MATCH = (MatchedBy.TEXT_IN_IMAGE, MatchedBy.NAME, MatchedBy.KEYWORDS)


def matched_words(result: SearchResult) -> str:
    """Why a result matched when it matched by words: the words read in it, its name,
    its keywords ("" otherwise: the picture or a spoken line say it)."""
    moment = result.best
    if moment.matched_by not in WORDS_MATCH or not moment.text:
        return ""
    words = moment.text.strip()
    if moment.matched_by == MatchedBy.TEXT_IN_IMAGE:
        return QCoreApplication.translate("Results", "Reads “{words}”").format(words=words)
    if moment.matched_by == MatchedBy.NAME:
        return QCoreApplication.translate("Results", "Named “{words}”").format(words=words)
    return QCoreApplication.translate("Results", "Tagged “{words}”").format(words=words)


KIND_NAMES = {
    MediaKind.PHOTO: QT_TRANSLATE_NOOP("Results", "Photo"),
    MediaKind.VIDEO: QT_TRANSLATE_NOOP("Results", "Video"),
    MediaKind.AUDIO: QT_TRANSLATE_NOOP("Results", "Recording"),
}
"""A result's kind in a sentence (source texts, translated where shown)."""


def kind_name(kind: MediaKind) -> str:
    return QCoreApplication.translate("Results", KIND_NAMES[kind])


def kind_at(kind: MediaKind, seconds: float | None) -> str:
    """A moment of a video or recording: "Video at 0:06"."""
    if kind == MediaKind.VIDEO:
        text = QCoreApplication.translate("Results", "Video at {time}")
    else:
        text = QCoreApplication.translate("Results", "Recording at {time}")
    return text.format(time=clock(seconds))


def caption(result: SearchResult) -> str:
    """Under the name: the words that matched, the moment's time and line, or the day."""
    words = matched_words(result)
    if words:
        at = clock(result.start_s) if result.kind != MediaKind.PHOTO and result.start_s else ""
        return f"{at}  {words}".strip()
    if result.kind == MediaKind.PHOTO:
        return day(result.taken_at)
    if result.start_s is None and not result.text:
        return day(result.taken_at)  # the whole file (a listing, not a moment)
    at = clock(result.start_s) if result.start_s is not None else ""
    if result.text:
        line = QCoreApplication.translate("Results", "“{line}”").format(line=result.text.strip())
        return f"{at}  {line}"
    return at


MATCHED_BY_NAMES = {
    MatchedBy.TEXT_IN_IMAGE: QT_TRANSLATE_NOOP("Results", "text in image"),
    MatchedBy.NAME: QT_TRANSLATE_NOOP("Results", "name"),
    MatchedBy.KEYWORDS: QT_TRANSLATE_NOOP("Results", "keywords"),
}


def tooltip(result: SearchResult, *, ranked: bool = True) -> str:
    kind = kind_name(result.kind)
    match = relevance.label(result.score)
    lines = [
        display(result.path),
        QCoreApplication.translate("Results", "{kind} · {match}").format(kind=kind, match=match)
        if ranked
        else kind,
    ]
    if result.taken_at:
        lines.append(day(result.taken_at))
    for moment in result.moments:
        if moment.start_s is not None:
            text = f"  {moment.text.strip()}" if moment.text else ""
            at = QCoreApplication.translate("Results", "at {time}")
            lines.append(at.format(time=clock(moment.start_s)) + text)
        elif moment.text and moment.matched_by in MATCHED_BY_NAMES:
            by = QCoreApplication.translate("Results", MATCHED_BY_NAMES[moment.matched_by])
            lines.append(f"{by}: {moment.text.strip()}")
    return "\n".join(lines)
