"""The main window: search bar and filters on top, results and preview below, progress at
the bottom. Everything slow happens in the engine process; this class only routes
messages between the widgets and the :class:`EngineClient`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QEvent, QMetaObject, QModelIndex, QObject, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mediasift.core.index.events import IndexFinished
from mediasift.core.models.catalog import CatalogEntry, ModelFamily
from mediasift.core.search.query import Query
from mediasift.core.service.protocol import ModelPhase, ModelState
from mediasift.core.status import LibraryStatus
from mediasift.desktop.app_settings import AppSettings, Key
from mediasift.desktop.engine.client import EngineClient
from mediasift.desktop.engine.launch import LaunchedEngine
from mediasift.desktop.ui.dialogs import (
    FailuresDialog,
    FoldersDialog,
    SettingsDialog,
    choose_library_folder,
)
from mediasift.desktop.ui.dropped import Example, could_be_example, example_from
from mediasift.desktop.ui.filter_bar import FilterBar
from mediasift.desktop.ui.models_dialog import ModelsDialog
from mediasift.desktop.ui.preview import PreviewPane
from mediasift.desktop.ui.result_delegate import THUMB, TILE, ResultDelegate
from mediasift.desktop.ui.results_model import ResultsModel
from mediasift.desktop.ui.search_bar import SearchBar
from mediasift.desktop.ui.status_panel import StatusPanel
from mediasift.desktop.ui.thumbnails import ThumbnailLoader
from mediasift.desktop.ui.welcome import WelcomePage

RESULT_LIMIT = 500
REFRESH_WHILE_INDEXING_MS = 8000


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings, env: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.app_settings = settings
        self._env = dict(os.environ if env is None else env)
        self.engine: EngineClient | None = None
        self.library_status: LibraryStatus | None = None
        self.model_state: ModelState | None = None
        self._latest_request = 0
        self._details_requests: dict[int, Path] = {}
        self._indexing = False
        self._engine_links: list[QMetaObject.Connection] = []
        self.setWindowTitle("MediaSift")
        self._build()
        self._fit_to_screen()
        self.search_bar.field.setFocus()  # type right away
        self._restore_geometry()

    # -- construction --------------------------------------------------------------------------

    def _build(self) -> None:
        self.search_bar = SearchBar(self)
        self.search_bar.field.setAcceptDrops(False)  # drops go to the window: image search
        self.search_bar.field.installEventFilter(self)
        self.search_bar.query_changed.connect(self.search)
        self.folders_button = QPushButton("Folders…", self)
        self.folders_button.clicked.connect(self.show_folders)
        self.models_button = QPushButton("Models…", self)
        self.models_button.clicked.connect(self.show_models)
        self.settings_button = QPushButton("Settings…", self)
        self.settings_button.clicked.connect(self.show_settings)
        top = QHBoxLayout()
        top.addWidget(self.search_bar, 1)
        top.addWidget(self.folders_button)
        top.addWidget(self.models_button)
        top.addWidget(self.settings_button)
        self.filters = FilterBar(self)
        self.filters.changed.connect(self.search)
        self.count = QLabel(self)

        self.thumbnails = ThumbnailLoader(THUMB * 2, self)
        self.model = ResultsModel(self.thumbnails, self)
        self.results = QListView(self)
        self.results.setViewMode(QListView.ViewMode.IconMode)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setMovement(QListView.Movement.Static)
        self.results.setUniformItemSizes(True)
        self.results.setGridSize(TILE + QSize(4, 4))
        self.results.setSpacing(0)
        self.results.setWordWrap(True)
        self.results.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.results.setModel(self.model)
        self.results.setItemDelegate(ResultDelegate(self.results))
        self.results.installEventFilter(self)
        self.results.activated.connect(lambda index: self._open(index))
        self.results.selectionModel().currentChanged.connect(self._selected)
        self.hint = QLabel("Describe what you are looking for, or drop an image here.", self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.results_stack = QStackedWidget(self)
        self.results_stack.addWidget(self.hint)
        self.results_stack.addWidget(self.results)

        self.preview = PreviewPane(self)
        self.preview.details_wanted.connect(self._want_details)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.results_stack)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.preview.hide()

        self.welcome = WelcomePage(self)
        self.welcome.add_folder.connect(self.add_folder)
        self.welcome.choose_model.connect(self.show_models)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.splitter)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        filters = QHBoxLayout()
        filters.addWidget(self.filters, 1)
        filters.addWidget(self.count)
        layout.addLayout(filters)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.setAcceptDrops(True)

        self.status_panel = StatusPanel(self)
        self.statusBar().addPermanentWidget(self.status_panel, 1)
        self.status_panel.failures_clicked.connect(self.show_failures)
        self.folders_dialog = FoldersDialog(self)
        self.failures_dialog = FailuresDialog(self)
        self.models_dialog = ModelsDialog(self)
        self.models_dialog.use_requested.connect(self._use_model)

        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_WHILE_INDEXING_MS)
        self._refresh.timeout.connect(self._refresh_results)
        self._network = QNetworkAccessManager(self)

    def _fit_to_screen(self) -> None:
        """A first-run size that fits small laptop screens (1366x768) and large ones."""
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        if available is None:
            self.resize(1200, 720)
            return
        width = min(1400, int(available.width() * 0.9))
        height = min(900, int(available.height() * 0.9))
        self.resize(width, height)
        self.move(
            available.left() + (available.width() - width) // 2,
            available.top() + (available.height() - height) // 2,
        )

    def _restore_geometry(self) -> None:
        geometry = self.app_settings.blob(Key.GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = self.app_settings.blob(Key.SPLITTER)
        if splitter is not None:
            self.splitter.restoreState(splitter)

    # -- engine ----------------------------------------------------------------------------------

    def start_engine(self, launched: LaunchedEngine | None = None) -> None:
        """Connect to the engine process: ``launched`` early by the app (adopted when its
        settings are still these), or started now."""
        engine = EngineClient(self.app_settings.engine_settings(self._env), self)
        engine.ready.connect(self._status)
        engine.status.connect(self._status)
        engine.index_event.connect(self._index_event)
        engine.index_done.connect(self._index_done)
        engine.index_error.connect(lambda message: self.status_panel.set_idle(message))
        engine.paused.connect(self.status_panel.set_paused)
        engine.results.connect(self._results)
        engine.search_error.connect(self._search_error)
        engine.details.connect(self._details)
        engine.model_state.connect(self._model_state)
        engine.fatal.connect(self._fatal)
        # The window's widgets outlive the engine: keep these links to cut exactly them on
        # a restart (a bare disconnect() would cut every other listener too).
        self._engine_links = [
            self.status_panel.pause_clicked.connect(engine.pause),
            self.status_panel.resume_clicked.connect(engine.resume),
            self.status_panel.cancel_clicked.connect(engine.cancel),
            self.folders_dialog.add_requested.connect(lambda path: engine.index([path])),
            self.folders_dialog.remove_requested.connect(engine.remove_folder),
            self.models_dialog.action_requested.connect(engine.model_action),
        ]
        engine.models.connect(self.models_dialog.set_states)
        engine.model_task.connect(self.models_dialog.show_task)
        self.engine = engine
        engine.start(launched)

    def restart_engine(self) -> None:
        if self.engine is not None:
            for link in self._engine_links:
                QObject.disconnect(link)
            self._engine_links = []
            self.engine.shutdown()
            self.engine.deleteLater()
        self.model_state = None
        self.welcome.set_model_state(None)
        self.start_engine()

    def _status(self, status: LibraryStatus) -> None:
        self.library_status = status
        self.filters.set_folders([root.path for root in status.roots])
        self.pages.setCurrentWidget(self.splitter if status.roots else self.welcome)
        self.filters.setVisible(bool(status.roots))
        self.status_panel.set_failure_count(len(status.failures))
        self.folders_dialog.set_status(status)
        self.failures_dialog.set_status(status)

    def _index_event(self, event: object) -> None:
        self.status_panel.handle(event)
        if not self._indexing and not isinstance(event, IndexFinished):
            self._indexing = True
            self._refresh.start()

    def _index_done(self, summary: object) -> None:
        self._indexing = False
        self._refresh.stop()
        self._refresh_results()

    def _refresh_results(self) -> None:
        """New files are searchable as they land: repeat the current search."""
        if self.search_bar.text() or self.search_bar.example() is not None:
            self.search()

    def _model_state(self, state: ModelState) -> None:
        self.model_state = state
        self.welcome.set_model_state(state)
        if state.phase == ModelPhase.MISSING:
            self.status_panel.set_idle("Search model missing: see the welcome page or Models…")
            self.hint.setText(f"The search model is missing: {state.message}")

    def _fatal(self, message: str) -> None:
        self.status_panel.set_idle(message)
        box = QMessageBox(QMessageBox.Icon.Critical, "MediaSift", message, parent=self)
        settings = box.addButton("Settings…", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.open()
        box.buttonClicked.connect(lambda button: button is settings and self.show_settings())

    # -- searching -----------------------------------------------------------------------------

    def search(self) -> None:
        text = self.search_bar.text()
        example = self.search_bar.example()
        if (not text and example is None) or self.filters.no_kind_chosen():
            self._latest_request += 1_000_000  # answers still on their way are stale now
            self.model.set_results([])
            self.count.setText("")
            self.results_stack.setCurrentWidget(self.hint)
            return
        if self.engine is None:
            return
        query = self.filters.apply(Query(text=text or None, image=example, limit=RESULT_LIMIT))
        self._latest_request = self.engine.search(query)
        if self.model_state is None or self.model_state.phase != ModelPhase.READY:
            self.hint.setText("Preparing the search model; results appear as soon as it is ready…")
            self.results_stack.setCurrentWidget(self.hint)

    def _results(self, request_id: int, results: list) -> None:
        if request_id != self._latest_request:
            return  # overtaken by a newer query
        current = self.model.result(self.results.currentIndex().row())
        self.model.set_results(self.filters.order(results))
        self.count.setText(f"{len(results)} result{'s' if len(results) != 1 else ''}")
        self.results_stack.setCurrentWidget(self.results)
        if not results:
            self.hint.setText("Nothing found. Try other words, or fewer filters.")
            self.results_stack.setCurrentWidget(self.hint)
        elif current is not None:
            for row in range(self.model.rowCount()):
                if self.model.result(row).path == current.path:  # type: ignore[union-attr]
                    self.results.setCurrentIndex(self.model.index(row))
                    break

    def _search_error(self, request_id: int, message: str) -> None:
        if request_id == self._latest_request:
            self.hint.setText(message)
            self.results_stack.setCurrentWidget(self.hint)

    def focus_search(self) -> None:
        self.search_bar.field.setFocus()
        self.search_bar.field.selectAll()

    def set_example(self, example: Example) -> None:
        self.search_bar.set_example(example.data, example.label)

    # -- preview -------------------------------------------------------------------------------

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.preview.isVisible():
            self.preview.show_result(self.model.result(current.row()))

    def toggle_preview(self) -> None:
        if self.preview.isVisible():
            self.preview.stop()
            self.preview.hide()
            return
        self.preview.show()
        self.preview.show_result(self.model.result(self.results.currentIndex().row()))

    def _want_details(self, path: Path) -> None:
        if self.engine is not None:
            self._details_requests[self.engine.request_details(path)] = path

    def _details(self, request_id: int, details: object, transcript: list) -> None:
        path = self._details_requests.pop(request_id, None)
        if path is not None:
            self.preview.set_transcript(path, transcript)

    def _open(self, index: QModelIndex) -> None:
        result = self.model.result(index.row())
        if result is not None:
            self.preview.result = result
            self.preview.open_file()

    # -- keyboard, drag and drop, paste ---------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.results and event.key() == Qt.Key.Key_Space:
                self.toggle_preview()
                return True
            if watched is self.search_bar.field:
                if event.matches(QKeySequence.StandardKey.Paste) and self.paste_example():
                    return True
                if event.key() == Qt.Key.Key_Down and self.model.rowCount():
                    self.results.setFocus()
                    if not self.results.currentIndex().isValid():
                        self.results.setCurrentIndex(self.model.index(0))
                    return True
        return super().eventFilter(watched, event)

    def paste_example(self) -> bool:
        """Paste an image (or image file) from the clipboard as the example; True if done."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not could_be_example(mime):
            return False
        return self._take(example_from(mime))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if could_be_example(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self._take(example_from(event.mimeData())):
            event.acceptProposedAction()

    def _take(self, found: Example | QUrl | None) -> bool:
        if isinstance(found, Example):
            self.set_example(found)
            return True
        if isinstance(found, QUrl):
            reply = self._network.get(QNetworkRequest(found))
            reply.finished.connect(lambda: self._fetched(reply, found))
            self.status_panel.set_idle(f"Fetching {found.toDisplayString()}…")
            return True
        return False

    def _fetched(self, reply: QNetworkReply, url: QUrl) -> None:
        data = bytes(reply.readAll().data())
        reply.deleteLater()
        if reply.error() != QNetworkReply.NetworkError.NoError or not data:
            self.status_panel.set_idle(f"Could not fetch the image: {reply.errorString()}")
            return
        self.status_panel.set_idle("Ready")
        self.set_example(Example(data, url.fileName() or "web image"))

    # -- library -------------------------------------------------------------------------------

    def add_folder(self) -> None:
        folder = choose_library_folder(self)
        if folder is not None and self.engine is not None:
            self.engine.index([folder])

    def show_folders(self) -> None:
        self.folders_dialog.show()
        self.folders_dialog.raise_()

    def show_models(self) -> None:
        if self.engine is not None:
            self.engine.request_models()
        self.models_dialog.show()
        self.models_dialog.raise_()

    def _use_model(self, entry: CatalogEntry) -> None:
        if entry.family == ModelFamily.CLIP:
            self.app_settings.set_text(Key.CLIP_MODEL, entry.arch)
            self.app_settings.set_text(Key.CLIP_WEIGHTS, entry.tag)
        else:
            self.app_settings.set_text(Key.WHISPER_MODEL, entry.name)
        self.app_settings.sync()
        self.restart_engine()
        self.show_models()

    def show_failures(self) -> None:
        self.failures_dialog.show()
        self.failures_dialog.raise_()

    def show_settings(self) -> None:
        dialog = SettingsDialog(self.app_settings, self)
        if dialog.exec():
            self.restart_engine()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.app_settings.set_blob(Key.GEOMETRY, self.saveGeometry())
        self.app_settings.set_blob(Key.SPLITTER, self.splitter.saveState())
        self.app_settings.sync()
        self.preview.stop()
        if self.engine is not None:
            self.engine.shutdown()
        super().closeEvent(event)
