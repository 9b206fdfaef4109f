"""The library's dialogs: folders, files that failed, settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mediasift.core.paths import display
from mediasift.core.status import LibraryStatus

from .. import autostart
from ..app_settings import AppSettings, Key
from .confirm import confirm


def choose_library_folder(parent: QWidget) -> Path | None:
    """Ask for a folder to add, starting where photos usually are (the user's Pictures
    folder, else home) rather than wherever the app happened to be started from."""
    start = Path.home()
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    if pictures and Path(pictures).is_dir():
        start = Path(pictures)
    folder = QFileDialog.getExistingDirectory(parent, "Add a folder to the library", str(start))
    return Path(folder) if folder else None


class FoldersDialog(QDialog):
    """The library's folders: add one, remove one, see which are offline."""

    add_requested = Signal(Path)
    remove_requested = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Library folders")
        self.resize(640, 360)
        self.list = QListWidget(self)
        self.list.setSpacing(4)
        self.add = QPushButton("Add folder…", self)
        self.add.clicked.connect(self._choose)
        self.remove = QPushButton("Remove", self)
        self.remove.clicked.connect(self._remove)
        self.remove.setEnabled(False)
        self.list.currentRowChanged.connect(lambda row: self.remove.setEnabled(row >= 0))
        note = QLabel(
            "MediaSift only reads these folders; removing one forgets its index and "
            "never touches your files.",
            self,
        )
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(close)

    def set_status(self, status: LibraryStatus) -> None:
        self.list.clear()
        for root in status.roots:
            state = (
                "online"
                if root.online
                else f"{root.state.capitalize()}: {root.reason}; its files are kept"
            )
            item = QListWidgetItem(f"{display(root.path)}\n    {root.indexed} indexed · {state}")
            item.setData(Qt.ItemDataRole.UserRole, str(root.path))
            if not root.online:
                item.setForeground(self.palette().placeholderText())
            self.list.addItem(item)

    def _choose(self) -> None:
        folder = choose_library_folder(self)
        if folder is not None:
            self.add_requested.emit(folder)

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        path = Path(item.data(Qt.ItemDataRole.UserRole))
        if confirm(
            self,
            "Remove folder",
            f"Forget {display(path)} and its index? Your files stay where they are.",
            "Remove folder",
            destructive=True,
        ):
            self.remove_requested.emit(path)


class FailuresDialog(QDialog):
    """Every file that could not be indexed, why, and the remarks on the others."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Files not indexed")
        self.resize(820, 420)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(["File", "Reason"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(close)

    def set_status(self, status: LibraryStatus) -> None:
        rows = [(f.path, f.reason) for f in status.failures]
        rows += [(i.path, i.reason) for i in status.scan_issues]
        rows += [(n.path, f"note: {n.note}") for n in status.notes]
        self.table.setRowCount(len(rows))
        for row, (path, reason) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(display(path)))
            self.table.setItem(row, 1, QTableWidgetItem(reason))

    def reasons(self) -> dict[str, str]:
        """File name -> reason, as shown (for tests and accessibility tools)."""
        found = {}
        for row in range(self.table.rowCount()):
            name = Path(self.table.item(row, 0).text()).name
            found[name] = self.table.item(row, 1).text()
        return found


CLIP_CHOICES = [
    ("ViT-B-32", "laion2b_s34b_b79k", "Fast (default), 600 MB"),
    ("ViT-B-16", "laion2b_s34b_b88k", "More accurate, 2-3x slower, 600 MB"),
    ("xlm-roberta-base-ViT-B-32", "laion5b_s13b_b90k", "Multilingual queries, 1.4 GB"),
]
WHISPER_CHOICES = [
    ("tiny", "Fast (default), multilingual, 75 MB"),
    ("base", "More accurate, about half the speed, 145 MB"),
    ("small", "Accurate, slow on a laptop CPU, 480 MB"),
]


class SettingsDialog(QDialog):
    """Models, threads, data dir, start with the system. Applied by restarting the engine."""

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._settings = settings
        self.clip = QComboBox(self)
        for model, tag, note in CLIP_CHOICES:
            self.clip.addItem(f"{model} · {tag} — {note}", (model, tag))
        self.clip.addItem("Custom weights file…", None)
        self.clip_file = QLineEdit(self)
        self.clip_file.setPlaceholderText("open_clip checkpoint (for a custom or imported model)")
        browse_clip = QPushButton("Browse…", self)
        browse_clip.clicked.connect(self._browse_clip)
        self.whisper = QComboBox(self)
        for size, note in WHISPER_CHOICES:
            self.whisper.addItem(f"{size} — {note}", size)
        self.whisper.addItem("Model folder…", None)
        self.whisper_dir = QLineEdit(self)
        self.whisper_dir.setPlaceholderText("faster-whisper (CTranslate2) model folder")
        browse_whisper = QPushButton("Browse…", self)
        browse_whisper.clicked.connect(self._browse_whisper)
        self.threads = QSpinBox(self)
        self.threads.setRange(0, 64)
        self.threads.setSpecialValueText("all cores")
        self.data_dir = QLineEdit(self)
        self.data_dir.setPlaceholderText("default: the user data folder")
        browse_data = QPushButton("Browse…", self)
        browse_data.clicked.connect(self._browse_data)
        self.autostart = QCheckBox("Start MediaSift when I log in", self)
        self.read_text = QCheckBox("Read the text in photos and video frames", self)
        self.read_text.setToolTip(
            "Find screenshots, receipts and signs by the words in them (Chinese and English)."
        )
        form = QFormLayout()
        form.addRow("Search model (CLIP)", self.clip)
        form.addRow("", _row(self.clip_file, browse_clip))
        form.addRow("Speech model (Whisper)", self.whisper)
        form.addRow("", _row(self.whisper_dir, browse_whisper))
        form.addRow("CPU threads", self.threads)
        form.addRow("Data folder", _row(self.data_dir, browse_data))
        form.addRow("", self.read_text)
        form.addRow("", self.autostart)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        note = QLabel("Changing a model re-indexes the library in the background.", self)
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self._load()

    def _load(self) -> None:
        model, weights = self._settings.text(Key.CLIP_MODEL), self._settings.text(Key.CLIP_WEIGHTS)
        index = self.clip.findData((model, weights)) if model else 0
        if index < 0:
            index = self.clip.count() - 1
            self.clip_file.setText(weights)
        self.clip.setCurrentIndex(index)
        whisper = self._settings.text(Key.WHISPER_MODEL)
        index = self.whisper.findData(whisper) if whisper else 0
        if index < 0:
            index = self.whisper.count() - 1
            self.whisper_dir.setText(whisper)
        self.whisper.setCurrentIndex(index)
        self.threads.setValue(self._settings.threads())
        self.data_dir.setText(self._settings.text(Key.DATA_DIR))
        self.autostart.setChecked(autostart.is_enabled())
        self.read_text.setChecked(self._settings.text(Key.READ_TEXT) != "off")

    def accept(self) -> None:
        choice = self.clip.currentData()
        if choice is None:
            self._settings.set_text(Key.CLIP_MODEL, "ViT-B-32")
            self._settings.set_text(Key.CLIP_WEIGHTS, self.clip_file.text().strip())
        elif self.clip.currentIndex() == 0 and not self._settings.text(Key.CLIP_MODEL):
            pass  # the default stays implicit
        else:
            self._settings.set_text(Key.CLIP_MODEL, choice[0])
            self._settings.set_text(Key.CLIP_WEIGHTS, choice[1])
        whisper = self.whisper.currentData() or self.whisper_dir.text().strip()
        self._settings.set_text(Key.WHISPER_MODEL, "" if whisper == "tiny" else whisper)
        self._settings.set_text(Key.THREADS, str(self.threads.value() or ""))
        self._settings.set_text(Key.DATA_DIR, self.data_dir.text().strip())
        self._settings.set_text(Key.READ_TEXT, "" if self.read_text.isChecked() else "off")
        autostart.set_enabled(self.autostart.isChecked())
        self._settings.sync()
        super().accept()

    def _browse_clip(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "CLIP weights", "", "Checkpoints (*.safetensors *.bin *.pt *.pth)"
        )
        if name:
            self.clip_file.setText(name)
            self.clip.setCurrentIndex(self.clip.count() - 1)

    def _browse_whisper(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Whisper model folder")
        if folder:
            self.whisper_dir.setText(folder)
            self.whisper.setCurrentIndex(self.whisper.count() - 1)

    def _browse_data(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Data folder")
        if folder:
            self.data_dir.setText(folder)


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
    return holder
