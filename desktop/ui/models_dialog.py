"""The Models page: what each model is good for, which are here, and getting them here.

Download (with progress; resumed if interrupted, checksum-verified), import a file or
folder copied from another computer (how an offline machine gets models; the engine checks
it is that model first, and a refusal is shown here in one line), remove, and use. Every
action runs in the engine process; this page only shows and asks.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mediasift.core.models.catalog import CatalogEntry, ModelFamily
from mediasift.core.models.clip_source import WEIGHT_SUFFIXES
from mediasift.core.models.manager import ModelState
from mediasift.core.service.protocol import ModelTask

from .confirm import confirm
from .engine_words import engine_text, languages_text, reason_text
from .local_format import megabytes, number
from .sizing import resize_within_screen

COLUMNS = [
    QT_TRANSLATE_NOOP("ModelsDialog", "Model"),
    QT_TRANSLATE_NOOP("ModelsDialog", "For"),
    QT_TRANSLATE_NOOP("ModelsDialog", "Languages"),
    QT_TRANSLATE_NOOP("ModelsDialog", "Download"),
    QT_TRANSLATE_NOOP("ModelsDialog", "Speed here"),
    QT_TRANSLATE_NOOP("ModelsDialog", "Quality"),
    QT_TRANSLATE_NOOP("ModelsDialog", "State"),
]
"""The table's column titles (source texts, translated where shown)."""


class Column(IntEnum):
    MODEL, FOR, LANGUAGES, DOWNLOAD, SPEED, QUALITY, STATE = range(len(COLUMNS))


DESCRIPTIVE = (Column.FOR, Column.LANGUAGES, Column.SPEED, Column.QUALITY)
"""The columns of long texts: they share the width the others leave, and wrap."""
DESCRIPTIVE_MIN = 120
"""The narrowest a descriptive column gets: below it a narrow window scrolls sideways
(half a 1366 screen cut "search: fast" to "sear…" and the headers to "anguage")."""


class ModelsDialog(QDialog):
    action_requested = Signal(str, str, object)  # action, model name, path or None
    use_requested = Signal(object)  # the catalog entry to switch to

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Models"))
        resize_within_screen(self, 1100, 420)
        self._states: list[ModelState] = []
        self.in_use = QLabel(self)
        self.in_use.setWordWrap(True)
        self.in_use.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(title) for title in COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for descriptive in DESCRIPTIVE:
            header.setSectionResizeMode(descriptive, QHeaderView.ResizeMode.Interactive)
        # Columns shared and rows fitted to their wrapped texts once the widths have
        # settled: taller rows can bring the scroll bar, which narrows the columns again
        # (a row of Chinese was cut to three lines of its four when fitted in the middle
        # of that).
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(self._fit_columns)
        header.sectionResized.connect(lambda *_: self._fit_rows.start())
        self.table.viewport().installEventFilter(self)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.download = QPushButton(self.tr("Download"), self)
        self.download.clicked.connect(lambda: self._act("download"))
        self.import_button = QPushButton(self.tr("Import from this computer…"), self)
        self.import_button.clicked.connect(self._import)
        self.remove = QPushButton(self.tr("Remove"), self)
        self.remove.clicked.connect(self._remove)
        self.use = QPushButton(self.tr("Use this model"), self)
        self.use.clicked.connect(self._use)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.message = QLabel(
            self.tr(
                "Downloads happen once; after that MediaSift works offline. On a computer "
                "without internet, copy the model from another one and import it here."
            ),
            self,
        )
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.download, self.import_button, self.remove, self.use):
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.in_use)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self._selection_changed()

    def _presence(self, state: ModelState) -> str:
        """Here, not here, or here but incomplete: what is missing, in one phrase."""
        if state.present:
            return self.tr("here")
        if state.incomplete is not None:
            missing = reason_text(state.incomplete, str(state.incomplete))
            return self.tr("incomplete: {missing} (Download fetches it)").format(missing=missing)
        return self.tr("not here")

    def set_states(self, states: list[ModelState]) -> None:
        selected = self._selected()
        self._states = list(states)
        self.table.setRowCount(len(states))
        for row, state in enumerate(states):
            entry = state.entry
            if entry.family == ModelFamily.CLIP:
                role = self.tr("search: {role}").format(role=engine_text(entry.role))
            else:
                role = self.tr("speech: {role}").format(role=engine_text(entry.role))
            flags = [self.tr("in use") if state.in_use else "", self._presence(state)]
            cells = [
                entry.name,
                role,
                languages_text(entry),
                self.tr("{mb} MB").format(mb=number(entry.download_mb)),
                engine_text(entry.speed),
                engine_text(entry.quality),
                self.tr(", ").join(f for f in flags if f),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == Column.MODEL and state.in_use:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if selected is not None:
            names = [s.entry.name for s in self._states]
            if selected.entry.name in names:
                self.table.selectRow(names.index(selected.entry.name))
        self._selection_changed()

    def set_in_use(self, text: str) -> None:
        """The models the engine really uses and where each choice came from (a custom
        model has no row in the table)."""
        self.in_use.setText(text)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit_rows.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_rows.start()  # the vertical scroll bar came or went
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """The descriptive columns share the width the others leave (the last takes the
        rest of the division), each at least :data:`DESCRIPTIVE_MIN`; then the rows fit
        their wrapped texts."""
        header = self.table.horizontalHeader()
        fixed = sum(header.sectionSize(c) for c in Column if c not in DESCRIPTIVE)
        room = self.table.viewport().width() - fixed
        each = max(DESCRIPTIVE_MIN, room // len(DESCRIPTIVE))
        widths = [each] * len(DESCRIPTIVE)
        widths[-1] = max(each, room - each * (len(DESCRIPTIVE) - 1))
        for column, width in zip(DESCRIPTIVE, widths, strict=True):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)
        self.table.resizeRowsToContents()

    def show_task(self, task: ModelTask) -> None:
        if task.finished:
            self.progress.hide()
            error = reason_text(task.why, task.error or "")
            if task.error and task.action == "import":
                # the engine's line names the file and the model
                self.message.setText(self.tr("Not imported: {error}").format(error=error))
            elif task.error:
                self.message.setText(f"{task.name}: {error}")
            else:
                self.message.setText(done_text(task.name, task.action))
            return
        self.progress.show()
        self.progress.setRange(0, task.total or 0)
        self.progress.setValue(task.done)
        if task.total:
            text = self.tr("Downloading {model}: {done} of {total} MB…").format(
                model=task.name, done=megabytes(task.done), total=megabytes(task.total)
            )
        else:
            text = self.tr("Downloading {model}: {done} MB…").format(
                model=task.name, done=megabytes(task.done)
            )
        self.message.setText(text)

    def _selected(self) -> ModelState | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self._states[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        state = self._selected()
        self.download.setEnabled(state is not None and not state.present)
        self.import_button.setEnabled(state is not None)
        self.remove.setEnabled(state is not None and state.present and not state.in_use)
        self.use.setEnabled(state is not None and not state.in_use)

    def _act(self, action: str, path: Path | None = None) -> None:
        state = self._selected()
        if state is not None:
            self.action_requested.emit(action, state.entry.name, path)

    def _import(self) -> None:
        state = self._selected()
        if state is None:
            return
        path = ask_model_file(self, state.entry)
        if path is not None:
            self._act("import", path)

    def _remove(self) -> None:
        state = self._selected()
        if state is None:
            return
        text = self.tr("Delete {model} from this computer? It can be downloaded again.").format(
            model=state.entry.name
        )
        verb = self.tr("Delete model")
        if confirm(self, verb, text, verb, destructive=True):
            self._act("remove")

    def _use(self) -> None:
        state = self._selected()
        if state is None:
            return
        if state.entry.family == ModelFamily.CLIP:
            text = self.tr(
                "Switch search to {model}? The library is re-indexed with it in the "
                "background; search keeps using the current model until that is complete."
            ).format(model=state.entry.name)
        else:
            text = self.tr("Transcribe new recordings with Whisper {model}?").format(
                model=state.entry.name
            )
        verb = self.tr("Use model")
        if confirm(self, verb, text, verb):
            self.use_requested.emit(state.entry)


def ask_model_file(parent: QWidget, entry: CatalogEntry) -> Path | None:
    """Ask for the file (CLIP weights) or folder (Whisper) to import as ``entry``."""
    if entry.family == ModelFamily.CLIP:
        patterns = " ".join("*" + suffix for suffix in WEIGHT_SUFFIXES)
        name, _ = QFileDialog.getOpenFileName(
            parent,
            QCoreApplication.translate("ModelsDialog", "Weights of {model}").format(
                model=entry.name
            ),
            "",
            QCoreApplication.translate("ModelsDialog", "Checkpoints ({patterns})").format(
                patterns=patterns
            ),
        )
    else:
        title = QCoreApplication.translate("ModelsDialog", "Folder of Whisper {model}")
        name = QFileDialog.getExistingDirectory(parent, title.format(model=entry.name))
    return Path(name) if name else None


def done_text(model: str, action: str) -> str:
    """A model task that ended well, in words."""
    if action == "download":
        text = QCoreApplication.translate("ModelsDialog", "{model}: downloaded.")
    elif action == "import":
        text = QCoreApplication.translate("ModelsDialog", "{model}: imported.")
    elif action == "remove":
        text = QCoreApplication.translate("ModelsDialog", "{model}: removed.")
    else:
        return f"{model}: {action}."
    return text.format(model=model)


def row_of(dialog: ModelsDialog, name: str) -> int:
    """The table row showing ``name`` (for tests and accessibility tools)."""
    for row in range(dialog.table.rowCount()):
        item = dialog.table.item(row, 0)
        if item is not None and item.text() == name:
            return row
    raise KeyError(name)
