"""The library's dialogs: folders and settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mediasift.core.config import DEFAULT_CLIP_MODEL
from mediasift.core.paths import display, is_within
from mediasift.core.status import LibraryStatus

from .. import autostart
from ..app_settings import AppSettings, Key
from ..translations import LANGUAGE_CHOICES
from .confirm import confirm
from .engine_words import reason_text
from .sizing import resize_within_screen
from .theme import ColorScheme


def choose_library_folder(parent: QWidget) -> Path | None:
    """Ask for a folder to add, starting where photos usually are (the user's Pictures
    folder, else home) rather than wherever the app happened to be started from."""
    start = Path.home()
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    if pictures and Path(pictures).is_dir():
        start = Path(pictures)
    title = QCoreApplication.translate("FoldersDialog", "Add a folder to the library")
    folder = QFileDialog.getExistingDirectory(parent, title, str(start))
    return Path(folder) if folder else None


class FoldersDialog(QDialog):
    """The library's folders: add one, remove one, see which are offline."""

    add_requested = Signal(Path)
    remove_requested = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Library folders"))
        resize_within_screen(self, 640, 360)
        self._status: LibraryStatus | None = None
        self._adding: list[Path] = []  # asked for, not in the library's status yet
        self._indexing: set[Path] = set()
        self.list = QListWidget(self)
        self.list.setSpacing(4)
        self.add = QPushButton(self.tr("Add folder…"), self)
        self.add.clicked.connect(self._choose)
        self.remove = QPushButton(self.tr("Remove"), self)
        self.remove.clicked.connect(self._remove)
        self.remove.setEnabled(False)
        self.list.currentRowChanged.connect(lambda row: self.remove.setEnabled(row >= 0))
        note = QLabel(
            self.tr(
                "MediaSift only reads these folders; removing one forgets its index and "
                "never touches your files."
            ),
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
        self._status = status
        self._adding = [
            path
            for path in self._adding
            if not any(is_within(path, root.path) for root in status.roots)
        ]
        self._fill()

    def mark_adding(self, folder: Path) -> None:
        """A folder just asked for: listed at once, marked indexing, before the engine
        has even taken it."""
        if folder not in self._adding:
            self._adding.append(folder)
        self._indexing.add(folder)
        self._fill()

    def mark_indexing(self, folder: Path) -> None:
        """The engine is indexing ``folder`` (a scan of it started)."""
        if folder not in self._indexing:
            self._indexing.add(folder)
            self._fill()

    def indexing_done(self) -> None:
        self._indexing.clear()
        self._fill()

    def adding_failed(self) -> None:
        """The engine refused a job (a folder that is not there, say): what was being
        added is not in the library."""
        self._adding.clear()
        self.indexing_done()

    def state_of(self, folder: Path) -> str:
        """The second line of ``folder``'s row (for tests and accessibility tools)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == str(folder):
                return item.text().split("\n", 1)[1].strip()
        raise KeyError(folder)

    def _fill(self) -> None:
        current = self.list.currentItem()
        chosen = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.list.clear()
        roots = self._status.roots if self._status is not None else []
        rows = [(r.path, r) for r in roots] + [(p, None) for p in self._adding]
        for path, root in rows:
            if root is None:
                state = self.tr("just added · indexing…")
            else:
                if root.online:
                    state = self.tr("online")
                else:
                    state = self.tr("{state}: {reason}; its files are kept").format(
                        state=self._root_state(root.state),
                        reason=reason_text(root.why, root.reason),
                    )
                state = self.tr("%Ln indexed · {state}", "", root.indexed).format(state=state)
                if path in self._indexing:
                    state += self.tr(" · indexing…")
            item = QListWidgetItem(f"{display(path)}\n    {state}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            if root is not None and not root.online:
                item.setForeground(self.palette().placeholderText())
            self.list.addItem(item)
            if str(path) == chosen:
                self.list.setCurrentItem(item)

    def _root_state(self, state: str) -> str:
        """A folder's state word from the engine (online, offline, unreadable), translated."""
        return self.tr(ROOT_STATES[state]) if state in ROOT_STATES else state.capitalize()

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
            self.tr("Remove folder"),
            self.tr("Forget {folder} and its index? Your files stay where they are.").format(
                folder=display(path)
            ),
            self.tr("Remove folder"),
            destructive=True,
        ):
            self.remove_requested.emit(path)


CUSTOM_CLIP = QT_TRANSLATE_NOOP("SettingsDialog", "Custom model (config + weights)…")
ROOT_STATES = {
    "offline": QT_TRANSLATE_NOOP("FoldersDialog", "Offline"),
    "unreadable": QT_TRANSLATE_NOOP("FoldersDialog", "Unreadable"),
}
"""The engine's words for a folder that is not online (core/status.py), as shown."""

CLIP_CHOICES = [
    (
        "ViT-B-32",
        "laion2b_s34b_b79k",
        QT_TRANSLATE_NOOP("SettingsDialog", "Fast (default), 600 MB"),
    ),
    (
        "ViT-B-16",
        "laion2b_s34b_b88k",
        QT_TRANSLATE_NOOP("SettingsDialog", "More accurate, 2-3x slower, 600 MB"),
    ),
    (
        "xlm-roberta-base-ViT-B-32",
        "laion5b_s13b_b90k",
        QT_TRANSLATE_NOOP("SettingsDialog", "Multilingual (Chinese and ~100 more), 1.4 GB"),
    ),
]
WHISPER_CHOICES = [
    ("tiny", QT_TRANSLATE_NOOP("SettingsDialog", "Fast (default), multilingual, 75 MB")),
    ("base", QT_TRANSLATE_NOOP("SettingsDialog", "More accurate, about half the speed, 145 MB")),
    ("small", QT_TRANSLATE_NOOP("SettingsDialog", "Accurate, slow on a laptop CPU, 480 MB")),
]
"""The notes are source texts, translated where shown."""
SPEECH_LANGUAGES = (
    ("en", "English"),
    ("zh", "中文"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("es", "Español"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("pt", "Português"),
    ("it", "Italiano"),
    ("ru", "Русский"),
    ("ar", "العربية"),
    ("hi", "हिन्दी"),
)
"""Languages Whisper transcribes, as their Whisper code and their name in themselves (a
short list: the setting stores any code Whisper knows)."""


CHOICE_CHARACTERS = 28
"""How many characters of a model choice the closed list shows at the least."""
COMFORTABLE_WIDTH = 800
"""The Settings dialog's first width where the screen has room (its choices whole)."""


class SettingsDialog(QDialog):
    """Models, threads, data dir, start with the system. Applied by restarting the engine."""

    def __init__(
        self, settings: AppSettings, parent: QWidget | None = None, *, in_use: str = ""
    ) -> None:
        """``in_use``: the models the engine uses now and where each came from."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self._settings = settings
        self.clip = QComboBox(self)
        for model, tag, note in CLIP_CHOICES:
            self.clip.addItem(f"{model} · {tag} — {self.tr(note)}", (model, tag))
        self.clip.addItem(self.tr(CUSTOM_CLIP), None)
        self.clip.currentIndexChanged.connect(self._clip_chosen)
        self.clip_config = QLineEdit(self)
        self.clip_config.setPlaceholderText(
            self.tr("model: an architecture (ViT-B-32) or a config JSON")
        )
        self.clip_config.setAccessibleName(self.tr("Custom model config"))
        browse_config = QPushButton(self.tr("Browse…"), self)
        browse_config.setAccessibleName(self.tr("Browse for the model config"))
        browse_config.clicked.connect(self._browse_config)
        self.clip_file = QLineEdit(self)
        self.clip_file.setPlaceholderText(self.tr("weights: an open_clip checkpoint file"))
        self.clip_file.setAccessibleName(self.tr("Custom model weights"))
        browse_clip = QPushButton(self.tr("Browse…"), self)
        browse_clip.setAccessibleName(self.tr("Browse for the weights"))
        browse_clip.clicked.connect(self._browse_clip)
        self.whisper = QComboBox(self)
        for size, note in WHISPER_CHOICES:
            self.whisper.addItem(f"{size} — {self.tr(note)}", size)
        self.whisper.addItem(self.tr("Model folder…"), None)
        for choice in (self.clip, self.whisper):
            # Narrower than their longest item (the list still shows it whole): the CLIP
            # choices alone made the dialog 785 px wide, off half a 1366 screen.
            choice.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            choice.setMinimumContentsLength(CHOICE_CHARACTERS)
        self.whisper_dir = QLineEdit(self)
        self.whisper_dir.setPlaceholderText(self.tr("faster-whisper (CTranslate2) model folder"))
        browse_whisper = QPushButton(self.tr("Browse…"), self)
        browse_whisper.clicked.connect(self._browse_whisper)
        self.speech_language = QComboBox(self)
        self.speech_language.addItem(self.tr("Detect automatically per file"), "")
        for code, name in SPEECH_LANGUAGES:
            self.speech_language.addItem(name, code)
        self.speech_language.setToolTip(
            self.tr(
                "The language the recordings are spoken in; detected for each file unless "
                "one is chosen here"
            )
        )
        self.threads = QSpinBox(self)
        self.threads.setRange(0, 64)
        self.threads.setSpecialValueText(self.tr("all cores"))
        self.data_dir = QLineEdit(self)
        self.data_dir.setPlaceholderText(self.tr("default: the user data folder"))
        browse_data = QPushButton(self.tr("Browse…"), self)
        browse_data.clicked.connect(self._browse_data)
        self.autostart = QCheckBox(self.tr("Start MediaSift when I log in"), self)
        self.colors = QComboBox(self)
        for scheme in ColorScheme:
            self.colors.addItem(scheme.label, scheme)
        self.colors.setToolTip(self.tr("Light or dark; As the system follows the desktop's choice"))
        self.language = QComboBox(self)
        for value, name in LANGUAGE_CHOICES:
            self.language.addItem(name or self.tr("As the system"), value)
        self.language.setToolTip(self.tr("Takes effect the next time MediaSift starts"))
        self.read_text = QCheckBox(self.tr("Read the text in photos and video frames"), self)
        self.read_text.setToolTip(
            self.tr(
                "Find screenshots, receipts and signs by the words in them (Chinese and English)."
            )
        )
        form = QFormLayout()
        form.addRow(self.tr("Search model (CLIP)"), self.clip)
        form.addRow("", _row(self.clip_config, browse_config))
        form.addRow("", _row(self.clip_file, browse_clip))
        form.addRow(self.tr("Speech model (Whisper)"), self.whisper)
        form.addRow("", _row(self.whisper_dir, browse_whisper))
        form.addRow(self.tr("Speech language"), self.speech_language)
        form.addRow(self.tr("CPU threads"), self.threads)
        form.addRow(self.tr("Data folder"), _row(self.data_dir, browse_data))
        form.addRow("", self.read_text)
        form.addRow("", self.autostart)
        form.addRow(self.tr("Colours"), self.colors)
        form.addRow(self.tr("Language"), self.language)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        note = QLabel(self.tr("Changing a model re-indexes the library in the background."), self)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.in_use = QLabel(in_use, self)
        self.in_use.setWordWrap(True)
        self.in_use.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.in_use.setVisible(bool(in_use))
        layout.addWidget(self.in_use)
        layout.addWidget(buttons)
        self._load()
        height = self.heightForWidth(COMFORTABLE_WIDTH)
        resize_within_screen(self, COMFORTABLE_WIDTH, max(height, self.minimumSizeHint().height()))

    def _load(self) -> None:
        model, weights = self._settings.text(Key.CLIP_MODEL), self._settings.text(Key.CLIP_WEIGHTS)
        index = self.clip.findData((model, weights)) if model or weights else 0
        if index < 0:
            index = self.clip.count() - 1
            self.clip_config.setText(model)
            self.clip_file.setText(weights)
        self.clip.setCurrentIndex(index)
        self._clip_chosen()
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
        scheme = self._settings.text(Key.COLOR_SCHEME) or ColorScheme.SYSTEM
        self.colors.setCurrentIndex(max(0, self.colors.findData(scheme)))
        language = self._settings.text(Key.LANGUAGE)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        spoken = self._settings.text(Key.SPEECH_LANGUAGE)
        if spoken and self.speech_language.findData(spoken) < 0:
            self.speech_language.addItem(spoken, spoken)  # a code set elsewhere: kept
        self.speech_language.setCurrentIndex(max(0, self.speech_language.findData(spoken)))

    def accept(self) -> None:
        choice = self.clip.currentData()
        if choice is None:
            model = self.clip_config.text().strip() or DEFAULT_CLIP_MODEL
            self._settings.set_text(Key.CLIP_MODEL, model)
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
        scheme = self.colors.currentData()
        self._settings.set_text(Key.COLOR_SCHEME, "" if scheme == ColorScheme.SYSTEM else scheme)
        self._settings.set_text(Key.LANGUAGE, self.language.currentData() or "")
        self._settings.set_text(Key.SPEECH_LANGUAGE, self.speech_language.currentData() or "")
        self._settings.sync()
        super().accept()

    def _clip_chosen(self) -> None:
        """The custom model's two fields are for "Custom model…" only."""
        custom = self.clip.currentData() is None
        for field in (self.clip_config, self.clip_file):
            field.setEnabled(custom)

    def _browse_config(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("open_clip model config"), "", self.tr("Model configs (*.json)")
        )
        if name:
            self.clip.setCurrentIndex(self.clip.count() - 1)
            self.clip_config.setText(name)

    def _browse_clip(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("CLIP weights"),
            "",
            self.tr("Checkpoints ({patterns})").format(patterns="*.safetensors *.bin *.pt *.pth"),
        )
        if name:
            self.clip.setCurrentIndex(self.clip.count() - 1)
            self.clip_file.setText(name)

    def _browse_whisper(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Whisper model folder"))
        if folder:
            self.whisper_dir.setText(folder)
            self.whisper.setCurrentIndex(self.whisper.count() - 1)

    def _browse_data(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Data folder"))
        if folder:
            self.data_dir.setText(folder)


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
    return holder
