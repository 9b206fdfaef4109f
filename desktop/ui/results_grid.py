"""The results grid: tiles that share the whole width, and each result's actions.

Fixed-width tiles leave an empty strip on the right of any window that is not a multiple
of their width; here the columns are counted first and the tiles share the whole width.
The context menu offers what a person does with a result: open it, show it in its
folder, copy its path, or search for more like it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import QListView, QMenu, QStyle, QWidget

from mediasift.core.search.results import SearchResult

from .result_delegate import TILE, ResultDelegate
from .results_model import ResultsModel

MORE_LIKE_THIS = QKeySequence("Ctrl+M")

MIN_TILE_WIDTH = 140
"""The narrowest a tile shrinks to so that one more column fits."""


def stretched_tile(width: int) -> QSize:
    """The tile for a grid ``width`` pixels wide: the number of columns nearest to what
    fits at the natural tile width, and two rather than one once two tiles of
    :data:`MIN_TILE_WIDTH` fit (beside the preview at 800x600 or on half a 1366 screen,
    one column of 300-360 px tiles showed little more than one); the tiles share the
    whole width. The picture keeps its 4:3 shape."""
    columns = max(1, round(width / TILE.width()))
    if columns == 1 and width >= 2 * MIN_TILE_WIDTH:
        columns = 2
    tile_width = max(MIN_TILE_WIDTH, width // columns)
    return QSize(tile_width, TILE.height() + (tile_width - TILE.width()) * 3 // 4)


class ResultsGrid(QListView):
    more_like_this = Signal(object)  # SearchResult
    open_wanted = Signal(object)  # SearchResult
    reveal_wanted = Signal(object)  # SearchResult
    copy_wanted = Signal(object)  # SearchResult

    def __init__(self, model: ResultsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setSpacing(0)
        self.setWordWrap(True)
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
        # A result dragged out is its file (into a file manager, a mail; back into the
        # window: an example). Static movement keeps the tiles from being rearranged.
        self.setDragEnabled(True)
        self.setDragDropMode(QListView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setModel(model)
        self.tile_delegate = ResultDelegate(self)
        self.setItemDelegate(self.tile_delegate)
        self._fit(self.layout_width())
        self.viewport().installEventFilter(self)
        self.more_action = QAction(self.tr("More like this"), self)
        self.more_action.setShortcut(MORE_LIKE_THIS)
        self.more_action.triggered.connect(self._more_like_current)
        self.addAction(self.more_action)

    def current_result(self) -> SearchResult | None:
        model = self.model()
        assert isinstance(model, ResultsModel)
        return model.result(self.currentIndex().row())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self._fit(self.layout_width())
        return super().eventFilter(watched, event)

    def layout_width(self) -> int:
        """The width Qt lays the tiles out in: while the vertical scroll bar is hidden it
        keeps room for it (it may appear once laid out), and a pixel of margin."""
        width = self.viewport().width() - 1
        if not self.verticalScrollBar().isVisible():
            width -= self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return width

    def _fit(self, width: int) -> None:
        tile = stretched_tile(width)
        if tile != self.gridSize():
            self.tile_delegate.tile = tile
            self.setGridSize(tile)

    def _more_like_current(self) -> None:
        result = self.current_result()
        if result is not None:
            self.more_like_this.emit(result)

    def context_menu(self, result: SearchResult) -> QMenu:
        """The actions on one result (built per click: what applies depends on it)."""
        menu = QMenu(self)
        more = menu.addAction(self.tr("More like this"), lambda: self.more_like_this.emit(result))
        more.setShortcut(MORE_LIKE_THIS)
        menu.addSeparator()
        opened = menu.addAction(self.tr("Open"), lambda: self.open_wanted.emit(result))
        opened.setEnabled(not result.offline)
        revealed = menu.addAction(
            self.tr("Show in folder"), lambda: self.reveal_wanted.emit(result)
        )
        revealed.setEnabled(not result.offline)
        menu.addAction(self.tr("Copy path"), lambda: self.copy_wanted.emit(result))
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        if not index.isValid():
            return
        self.setCurrentIndex(index)
        result = self.current_result()
        if result is not None:
            self.context_menu(result).popup(self.viewport().mapToGlobal(event.pos()))
