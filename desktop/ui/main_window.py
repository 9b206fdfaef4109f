"""The main window: search bar and filters on top, results and preview below, progress at
the bottom. Everything slow happens in the engine process; this class only routes
messages between the widgets and the :class:`EngineClient`."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QEvent, QMetaObject, QModelIndex, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mediasift.core.index.events import IndexFinished, ScanProgress
from mediasift.core.kinds import MediaKind
from mediasift.core.models.catalog import CatalogEntry, ModelFamily, find_entry
from mediasift.core.reasons import Reason
from mediasift.core.search.query import Query
from mediasift.core.search.results import SearchResult
from mediasift.core.service.protocol import ModelPhase, ModelState
from mediasift.core.status import LibraryStatus

from .. import translations
from ..app_settings import AppSettings, Key, Overrides
from ..engine.client import EngineClient
from ..engine.launch import LaunchedEngine
from . import file_actions, theme
from .dialogs import FoldersDialog, SettingsDialog, choose_library_folder
from .dropped import Example, could_be_example, example_from
from .engine_words import reason_text
from .filter_bar import FilterBar
from .language_banner import LanguageBanner
from .local_format import clock
from .model_missing import ModelMissingPanel
from .models_dialog import ModelsDialog, ask_model_file
from .preview import PreviewPane
from .problems import ProblemsDialog, failures_of, notes_of
from .result_delegate import THUMB
from .results_grid import ResultsGrid
from .results_model import ResultsModel
from .search_bar import SearchBar
from .status_panel import StatusPanel, plain_words
from .theme import ColorScheme
from .thumbnails import ThumbnailLoader
from .toast import Toast
from .waveform import BUCKETS as WAVEFORM_BUCKETS
from .welcome import WelcomePage

RESULT_LIMIT = 500
REFRESH_WHILE_INDEXING_MS = 8000


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: AppSettings,
        env: Mapping[str, str] | None = None,
        overrides: Overrides | None = None,
    ) -> None:
        super().__init__()
        self.app_settings = settings
        self._env = dict(os.environ if env is None else env)
        self._overrides = overrides or Overrides()
        self.engine: EngineClient | None = None
        self.library_status: LibraryStatus | None = None
        self.model_state: ModelState | None = None
        self._clip_entry: CatalogEntry | None = None  # the search model's catalog entry
        self._latest_request = 0
        self._details_requests: dict[int, Path] = {}
        self._indexing = False
        self._engine_links: list[QMetaObject.Connection] = []
        self._shown: tuple[object, ...] | None = None  # the query (and order) in the grid
        self._fresh_request = 0  # the request of a new query: its answer starts at the top
        self._browsing = True  # the grid lists the newest items, not search results
        self._roots: tuple[tuple[Path, bool], ...] = ()  # the folders the grid was made from
        self.setWindowTitle("MediaSift")
        self._build()
        self.apply_color_scheme()
        self._fit_to_screen()
        self.search_bar.field.setFocus()  # type right away
        self._restore_geometry()

    # -- construction --------------------------------------------------------------------------

    def _build(self) -> None:
        self.search_bar = SearchBar(self)
        self.search_bar.field.setAcceptDrops(False)  # drops go to the window: image search
        self.search_bar.field.installEventFilter(self)
        self.search_bar.query_changed.connect(self.search)
        self.folders_button = QPushButton(self.tr("Folders…"), self)
        self.folders_button.clicked.connect(self.show_folders)
        self.models_button = QPushButton(self.tr("Models…"), self)
        self.models_button.clicked.connect(self.show_models)
        self.settings_button = QPushButton(self.tr("Settings…"), self)
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
        self.results = ResultsGrid(self.model, self)
        self.results.installEventFilter(self)
        self.results.activated.connect(lambda index: self._open(index))
        self.results.selectionModel().currentChanged.connect(self._selected)
        self.results.more_like_this.connect(self.more_like_this)
        self.results.open_wanted.connect(lambda result: self._act(result, file_actions.open_file))
        self.results.reveal_wanted.connect(lambda result: self._act(result, file_actions.reveal))
        self.results.copy_wanted.connect(
            lambda result: self._say(file_actions.copy_path(result.path))
        )
        self.hint = QLabel(
            self.tr("Describe what you are looking for, or drop an image here."), self
        )
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.results_stack = QStackedWidget(self)
        self.results_stack.addWidget(self.hint)
        self.results_stack.addWidget(self.results)

        self.preview = PreviewPane(self)
        self.preview.details_wanted.connect(self._want_details)
        self.preview.waveform_wanted.connect(self._want_waveform)
        self.preview.said.connect(self._say)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.results_stack)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.preview.hide()

        self.welcome = WelcomePage(self)
        self.welcome.add_folder.connect(self.add_folder)
        self.welcome.offer.download.connect(self._download_model)
        self.welcome.offer.use.connect(lambda entry: self._use_model(entry, show_models=False))
        self.missing_page = QWidget(self)
        self.missing_panel = ModelMissingPanel(self.missing_page)
        self.missing_panel.setMaximumWidth(620)
        missing_layout = QVBoxLayout(self.missing_page)
        missing_layout.addStretch(1)
        missing_layout.addWidget(self.missing_panel, 0, Qt.AlignmentFlag.AlignHCenter)
        missing_layout.addStretch(2)
        self.results_stack.addWidget(self.missing_page)
        for panel in (self.welcome.missing, self.missing_panel):
            panel.download.connect(self._download_model)
            panel.import_file.connect(self._import_model)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.splitter)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        filters = QHBoxLayout()
        filters.addWidget(self.filters, 1)
        filters.addWidget(self.count, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(filters)
        self.language_banner = LanguageBanner(central)  # a description the model cannot read
        self.language_banner.download.connect(lambda name: self._download_model(find_entry(name)))
        self.language_banner.use.connect(lambda name: self._use_model(find_entry(name)))
        layout.addWidget(self.language_banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.toast = Toast(central)
        self.setAcceptDrops(True)

        self.status_panel = StatusPanel(self)
        self.statusBar().addPermanentWidget(self.status_panel, 1)
        self.status_panel.failures_clicked.connect(self.show_failures)
        self.folders_dialog = FoldersDialog(self)
        self.failures_dialog = ProblemsDialog(self)
        self.failures_dialog.reveal.connect(
            lambda path: self.failures_dialog.say(file_actions.reveal(path))
        )
        self.failures_dialog.copy.connect(
            lambda path: self.failures_dialog.say(file_actions.copy_path(path))
        )
        self.failures_dialog.retry.connect(self.retry)
        self.models_dialog = ModelsDialog(self)
        self.models_dialog.use_requested.connect(self._use_model)

        self._build_menus()
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_WHILE_INDEXING_MS)
        self._refresh.timeout.connect(self._refresh_results)
        self._network = QNetworkAccessManager(self)

    def _build_menus(self) -> None:
        """The menu bar: every action of the window, with the usual desktop shortcuts."""
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.tr("&Add folder…"), self.add_folder)
        file_menu.addAction(self.tr("&Folders…"), self.show_folders)
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction(self.tr("&Quit"), self.close)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        edit_menu = bar.addMenu(self.tr("&Edit"))
        self.find_action = edit_menu.addAction(self.tr("&Find"), self.focus_search)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        edit_menu.addAction(self.results.more_action)
        edit_menu.addSeparator()
        self.settings_action = edit_menu.addAction(self.tr("&Settings…"), self.show_settings)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        edit_menu.addAction(self.tr("&Models…"), self.show_models)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addAction(self.tr("&Preview (Space)"), self.toggle_preview)
        self.full_screen_action = view_menu.addAction(
            self.tr("&Full screen"), self.toggle_full_screen
        )
        self.full_screen_action.setShortcut(QKeySequence("F11"))
        self.full_screen_action.setCheckable(True)
        colors = view_menu.addMenu(self.tr("&Colours"))
        self.scheme_actions = QActionGroup(self)
        for scheme in ColorScheme:
            action = colors.addAction(scheme.label)
            action.setCheckable(True)
            action.setData(scheme)
            action.triggered.connect(lambda _=False, s=scheme: self._choose_color_scheme(s))
            self.scheme_actions.addAction(action)

    def toggle_full_screen(self) -> None:
        full = not self.isFullScreen()
        if full:
            self.showFullScreen()
        else:
            self.showNormal()
        self.full_screen_action.setChecked(full)

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
        engine = EngineClient(self.app_settings.engine_settings(self._env, self._overrides), self)
        engine.ready.connect(self._status)
        engine.status.connect(self._status)
        engine.index_event.connect(self._index_event)
        engine.index_done.connect(self._index_done)
        engine.index_error.connect(self.status_panel.set_error)
        engine.index_error.connect(lambda _message: self.folders_dialog.adding_failed())
        engine.paused.connect(self.status_panel.set_paused)
        engine.held.connect(self.status_panel.set_held)
        engine.results.connect(self._results)
        engine.search_error.connect(self._search_error)
        engine.query_note.connect(self._query_note)
        engine.model_task.connect(self.language_banner.show_task)
        engine.details.connect(self._details)
        engine.waveform.connect(
            lambda _id, path, peaks, duration: self.preview.set_waveform(
                Path(path), peaks, duration
            )
        )
        engine.years.connect(self.filters.set_years)
        engine.model_state.connect(self._model_state)
        engine.fatal.connect(self._fatal)
        # The window's widgets outlive the engine: keep these links to cut exactly them on
        # a restart (a bare disconnect() would cut every other listener too).
        self._engine_links = [
            self.status_panel.pause_clicked.connect(engine.pause),
            self.status_panel.resume_clicked.connect(engine.resume),
            self.status_panel.cancel_clicked.connect(engine.cancel),
            self.folders_dialog.add_requested.connect(self._add_folders_now),
            self.folders_dialog.remove_requested.connect(engine.remove_folder),
            self.models_dialog.action_requested.connect(engine.model_action),
        ]
        engine.models.connect(self.models_dialog.set_states)
        engine.models.connect(self._models_known)
        engine.model_task.connect(self.models_dialog.show_task)
        engine.model_task.connect(self.welcome.missing.show_task)
        engine.model_task.connect(self.welcome.offer.show_task)
        engine.model_task.connect(self.missing_panel.show_task)
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
        first = self.library_status is None
        self.library_status = status
        self.filters.set_folders([root.path for root in status.roots])
        self.pages.setCurrentWidget(self.splitter if status.roots else self.welcome)
        self.filters.setVisible(bool(status.roots))
        self.status_panel.set_problem_counts(len(failures_of(status)), len(notes_of(status)))
        self.status_panel.set_speech_label(status.speech.label)
        self.models_dialog.set_in_use(self.models_in_use())
        self.folders_dialog.set_status(status)
        self.failures_dialog.set_status(status)
        if self.engine is not None:
            self.engine.request_years()  # the date presets offer the library's years
        roots = tuple((root.path, root.online) for root in status.roots)
        if first or roots != self._roots or not self.model.rowCount():
            # The newest items the moment the library is known; and a folder removed or
            # gone offline changes what the grid may show.
            self._roots = roots
            self.search()

    def _index_event(self, event: object) -> None:
        self.status_panel.handle(event)
        if isinstance(event, ScanProgress):
            self.folders_dialog.mark_indexing(event.root)
        if not self._indexing and not isinstance(event, IndexFinished):
            self._indexing = True
            self._refresh.start()

    def _index_done(self, summary: object) -> None:
        self._indexing = False
        self.folders_dialog.indexing_done()
        self._refresh.stop()
        self._refresh_results()

    def _refresh_results(self) -> None:
        """New files are searchable as they land: repeat the current search (or listing)."""
        self.search()

    def _model_state(self, state: ModelState) -> None:
        self.model_state = state
        self.models_dialog.set_in_use(self.models_in_use())
        self._show_model_state()
        if state.phase == ModelPhase.MISSING:
            self.status_panel.set_idle(self.tr("The search model is not on this computer yet"))
            if self.engine is not None:
                self.engine.request_models()  # which catalog model it is: Download, Import
            if not self._browsing:
                self.results_stack.setCurrentWidget(self.missing_page)
        elif self.results_stack.currentWidget() is self.missing_page:
            self.hint.setText(self._preparing())
            self.results_stack.setCurrentWidget(self.hint)

    def _preparing(self) -> str:
        return self.tr("Preparing the search model; results appear as soon as it is ready…")

    def _show_model_state(self) -> None:
        state = self.model_state
        self.welcome.set_model_state(state, self._clip_entry)
        if state is not None and state.phase == ModelPhase.MISSING:
            self.missing_panel.set_missing(state.message, self._clip_entry, state.why)

    def _models_known(self, states: list) -> None:
        """The model catalog with what is in use: the search model's entry, for the
        Download and Import file… buttons of a missing model."""
        self._clip_entry = next(
            (s.entry for s in states if s.in_use and s.entry.family == ModelFamily.CLIP), None
        )
        if self.model_state is not None and self.model_state.phase == ModelPhase.MISSING:
            self._show_model_state()
        self.welcome.offer.set_states(states, wanted=translations.speaks_chinese())

    def _download_model(self, entry: CatalogEntry) -> None:
        if self.engine is not None:
            self.engine.model_action("download", entry.name)

    def _import_model(self, entry: CatalogEntry) -> None:
        path = ask_model_file(self, entry)
        if path is not None and self.engine is not None:
            self.engine.model_action("import", entry.name, path)

    def _fatal(self, message: str, why: Reason | None = None) -> None:
        message = reason_text(why, message)
        self.status_panel.set_idle(message)
        box = QMessageBox(QMessageBox.Icon.Critical, "MediaSift", message, parent=self)
        settings = box.addButton(self.tr("Settings…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.open()
        box.buttonClicked.connect(lambda button: button is settings and self.show_settings())

    # -- searching -----------------------------------------------------------------------------

    def search(self) -> None:
        """Ask for what the search bar and filters say; with neither words nor an example,
        the newest items of the library."""
        text = self.search_bar.text()
        example = self.search_bar.example()
        self.language_banner.query_changed(text)
        self._update_title()
        if self.engine is None:
            return
        query = self.filters.apply(Query(text=text or None, image=example, limit=RESULT_LIMIT))
        shown = (query, self.filters.sort.currentData())
        fresh = shown != self._shown
        self._shown = shown
        self._latest_request = self.engine.search(query)
        self._fresh_request = self._latest_request if fresh else self._fresh_request
        self._browsing = not text and example is None
        if self._browsing:
            return  # no model needed: the listing comes straight from the catalog
        if self.model_state is not None and self.model_state.phase == ModelPhase.MISSING:
            self.results_stack.setCurrentWidget(self.missing_page)
        elif self.model_state is None or self.model_state.phase != ModelPhase.READY:
            self.hint.setText(self._preparing())
            self.results_stack.setCurrentWidget(self.hint)

    def _query_note(self, request_id: int, note: object) -> None:
        if request_id == self._latest_request:
            self.language_banner.show_note(note)  # type: ignore[arg-type]

    def _results(self, request_id: int, results: list, complete: bool = True) -> None:
        """A query's answer; a long one comes in two steps, a first page at once and then
        the whole list (see the engine's ``_first_page``). The count waits for the whole."""
        if request_id != self._latest_request:
            return  # overtaken by a newer query
        ranked = not self._browsing
        fresh = request_id == self._fresh_request
        if fresh and not complete:
            self._fresh_request = 0  # the rest keeps what the user selected meanwhile
        self._show(self.filters.order(results), ranked=ranked, fresh=fresh)
        if not complete:
            self.results_stack.setCurrentWidget(self.results)
            return
        n = len(results)
        if ranked:
            self.count.setText(self.tr("%Ln result(s)", "", n))
        else:
            self.count.setText(self.tr("%Ln newest item(s)", "", n) if n else "")
        self.results_stack.setCurrentWidget(self.results)
        if not results:
            self.hint.setText(
                self.tr("Nothing found. Try other words, or fewer filters.")
                if ranked
                else self.tr("Nothing indexed here yet: items appear as soon as they are ready.")
            )
            self.results_stack.setCurrentWidget(self.hint)

    def _show(self, results: list, *, ranked: bool, fresh: bool) -> None:
        """Put ``results`` in the grid. A new query starts at the top with nothing
        selected; a refresh of the same query keeps the selected file if it is still
        there. The preview never shows a file that is no longer in the grid."""
        current = None if fresh else self.results.current_result()
        self.model.set_results(results, ranked=ranked)
        row = -1
        if current is not None:
            row = next((r for r, found in enumerate(results) if found.path == current.path), -1)
        if row >= 0:
            self.results.setCurrentIndex(self.model.index(row))
            if self.preview_open():
                self.preview.update_result(results[row])  # gone offline, say
        else:
            self.results.scrollToTop()
            if self.preview_open():
                self.preview.show_result(None)
        if fresh:
            self.results.scrollToTop()

    def _update_title(self) -> None:
        """Say what the grid shows: the words, the example, or the newest items."""
        text = self.search_bar.text()
        example = self.search_bar.example_label() if self.search_bar.example() else ""
        if text and example:
            shown = self.tr("{words} + like {example}").format(words=text, example=example)
        elif text:
            shown = text
        elif example:
            shown = self.tr("like {example}").format(example=example)
        else:
            shown = self.tr("newest items")
        self.setWindowTitle(self.tr("MediaSift — {shown}").format(shown=shown))

    def more_like_this(self, result: SearchResult) -> None:
        """Search by this result: the photo itself, or the video frame at its second (the
        thumbnail of that frame); a recording by the words of its line."""
        if result.kind == MediaKind.AUDIO:
            if result.text:
                self.search_bar.clear_example()
                self.search_bar.field.setText(result.text.strip())
                self.search_bar.search_now()
            return
        data = None
        sources = [result.best.thumbnail or result.thumbnail]
        if result.kind == MediaKind.PHOTO:
            sources.insert(0, result.path)
        for source in sources:
            if source is None:
                continue
            try:
                data = source.read_bytes()
                break
            except OSError:
                continue
        if data is None:
            self._say(self.tr("Cannot read {name} to search like it").format(name=result.path.name))
            return
        label = result.path.name
        if result.kind == MediaKind.VIDEO and result.start_s is not None:
            label = self.tr("{name} at {time}").format(name=label, time=clock(result.start_s))
        self.search_bar.field.clear()
        self.set_example(Example(data, label))

    def _search_error(self, request_id: int, message: str, why: Reason | None = None) -> None:
        if request_id != self._latest_request:
            return
        if self.model_state is not None and self.model_state.phase == ModelPhase.MISSING:
            self.results_stack.setCurrentWidget(self.missing_page)
            return
        said = plain_words(message, self.tr("The search failed unexpectedly; try again."))
        self.hint.setText(said if said != message else reason_text(why, message))
        self.hint.setToolTip(reason_text(why, message))
        self.results_stack.setCurrentWidget(self.hint)

    def focus_search(self) -> None:
        self.search_bar.field.setFocus()
        self.search_bar.field.selectAll()

    def set_example(self, example: Example) -> None:
        self.search_bar.set_example(example.data, example.label)

    # -- preview -------------------------------------------------------------------------------

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self.preview_open():
            return
        result = self.model.result(current.row())
        shown = self.preview.result
        same = result is not None and shown is not None and result.path == shown.path
        if same and result.start_s == shown.start_s:  # type: ignore[union-attr]
            self.preview.update_result(result)  # type: ignore[arg-type]  # a refresh: plays on
            return
        self.preview.show_result(result, ranked=self.model.ranked)

    def preview_open(self) -> bool:
        """Whether the preview pane is open (visible, or would be were its page shown:
        it must follow the results even while the welcome page covers them)."""
        return not self.preview.isHidden()

    def toggle_preview(self) -> None:
        if self.preview_open():
            self.preview.stop()
            self.preview.hide()
            return
        self.preview.show()
        self.preview.show_result(self.results.current_result(), ranked=self.model.ranked)

    def _want_details(self, path: Path) -> None:
        if self.engine is not None:
            self._details_requests[self.engine.request_details(path)] = path

    def _want_waveform(self, path: Path) -> None:
        if self.engine is not None:
            self.engine.request_waveform(path, WAVEFORM_BUCKETS)

    def _details(self, request_id: int, details: object, transcript: list) -> None:
        path = self._details_requests.pop(request_id, None)
        if path is not None:
            self.preview.set_transcript(path, transcript)

    def _say(self, line: str) -> None:
        """A one-line confirmation, or why an action could not be done: a toast."""
        self.toast.show_message(line)

    def _open(self, index: QModelIndex) -> None:
        result = self.model.result(index.row())
        if result is not None:
            self._act(result, file_actions.open_file)

    def _act(self, result: SearchResult, action: Callable[[Path, bool], str]) -> None:
        """Open or show in its folder ``result``, and say what happened."""
        self._say(action(result.path, result.offline))

    # -- keyboard, drag and drop, paste ---------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.results and event.key() == Qt.Key.Key_Space:
                self.toggle_preview()
                return True
            if watched is self.search_bar.field:
                if event.matches(QKeySequence.StandardKey.Paste) and self.paste_example():
                    return True
                if event.key() == Qt.Key.Key_Escape and (
                    self.search_bar.text() or self.search_bar.example() is not None
                ):
                    self.search_bar.field.clear()  # back to the newest items
                    self.search_bar.clear_example()
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
            self._say(self.tr("Fetching {address}…").format(address=found.toDisplayString()))
            return True
        return False

    def _fetched(self, reply: QNetworkReply, url: QUrl) -> None:
        data = bytes(reply.readAll().data())
        reply.deleteLater()
        if reply.error() != QNetworkReply.NetworkError.NoError or not data:
            self._say(
                self.tr("Could not fetch the image: {error}").format(error=reply.errorString())
            )
            return
        self.set_example(Example(data, url.fileName() or self.tr("web image")))

    # -- library -------------------------------------------------------------------------------

    def add_folder(self) -> None:
        folder = choose_library_folder(self)
        if folder is not None:
            self._add_folders_now(folder)

    def _add_folders_now(self, folder: Path) -> None:
        """Index ``folder``; it is listed (marked indexing) and the results page shown at
        once, not when the engine reports back."""
        if self.engine is None:
            return
        self.engine.index([folder])
        self.folders_dialog.mark_adding(folder)
        self.pages.setCurrentWidget(self.splitter)
        self.filters.setVisible(True)
        self.hint.setText(self.tr("Indexing; items appear here as soon as they are ready…"))
        if not self.model.rowCount():
            self.results_stack.setCurrentWidget(self.hint)

    def retry(self, path: Path) -> None:
        """Index ``path`` again, as if it had changed (the problems lists' Retry)."""
        if self.engine is not None:
            self.engine.retry([path])
            self.failures_dialog.say(self.tr("Retrying {name}…").format(name=path.name))

    def show_folders(self) -> None:
        self.folders_dialog.show()
        self.folders_dialog.raise_()

    def show_models(self) -> None:
        self.models_dialog.set_in_use(self.models_in_use())
        if self.engine is not None:
            self.engine.request_models()
        self.models_dialog.show()
        self.models_dialog.raise_()

    def _use_model(self, entry: CatalogEntry, *, show_models: bool = True) -> None:
        if entry.family == ModelFamily.CLIP:
            self.app_settings.set_text(Key.CLIP_MODEL, entry.arch)
            self.app_settings.set_text(Key.CLIP_WEIGHTS, entry.tag)
        else:
            self.app_settings.set_text(Key.WHISPER_MODEL, entry.name)
        self.app_settings.sync()
        self.restart_engine()
        if show_models:
            self.show_models()

    def show_failures(self) -> None:
        status = self.library_status
        self.failures_dialog.show_tab(
            notes=status is not None and not failures_of(status) and bool(status.notes)
        )
        self.failures_dialog.show()
        self.failures_dialog.raise_()

    def show_settings(self) -> None:
        before = self.app_settings.engine_settings(self._env, self._overrides)
        dialog = SettingsDialog(self.app_settings, self, in_use=self.models_in_use())
        language = self.app_settings.text(Key.LANGUAGE)
        if dialog.exec():
            self.apply_color_scheme()
            if self.app_settings.text(Key.LANGUAGE) != language:
                self._say(self.tr("The new language takes effect the next time MediaSift starts."))
            if self.app_settings.engine_settings(self._env, self._overrides) != before:
                self.restart_engine()

    def models_in_use(self) -> str:
        """The models the engine really uses, and where each choice came from (Settings,
        the environment, the command line, the default): the Models and Settings pages
        say it, whatever the source."""
        settings = self.app_settings
        if self.model_state is not None:
            search = self.model_state.label
        else:
            choice = settings.engine_settings(self._env, self._overrides).clip
            weights = choice.weights or self.tr("default weights")
            search = f"{choice.model} ({weights})"
        status = self.library_status
        if status is not None:
            speech = status.speech.label
        else:
            speech = settings.engine_settings(self._env, self._overrides).whisper_model
        lines = (
            self.tr("Search model in use: {model}, from {origin}.").format(
                model=search, origin=settings.clip_origin(self._env, self._overrides)
            ),
            self.tr("Speech model in use: {model}, from {origin}.").format(
                model=speech, origin=settings.whisper_origin(self._env, self._overrides)
            ),
        )
        return "\n".join(lines)

    def apply_color_scheme(self) -> None:
        """The colours chosen in Settings (or the View menu): System, Light or Dark."""
        text = self.app_settings.text(Key.COLOR_SCHEME)
        scheme = ColorScheme(text) if text in set(ColorScheme) else ColorScheme.SYSTEM
        theme.follower().apply(scheme)
        for action in self.scheme_actions.actions():
            action.setChecked(action.data() == scheme)

    def _choose_color_scheme(self, scheme: ColorScheme) -> None:
        self.app_settings.set_text(Key.COLOR_SCHEME, "" if scheme == ColorScheme.SYSTEM else scheme)
        self.app_settings.sync()
        self.apply_color_scheme()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.app_settings.set_blob(Key.GEOMETRY, self.saveGeometry())
        self.app_settings.set_blob(Key.SPLITTER, self.splitter.saveState())
        self.app_settings.sync()
        self.preview.stop()
        if self.engine is not None:
            self.engine.shutdown()
        super().closeEvent(event)
