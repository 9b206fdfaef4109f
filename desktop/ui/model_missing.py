"""What the window shows while the search model is not on this computer: two lines, two
buttons (Download, Import file…), and the engine's own explanation behind "Details".

The engine's message names the folder it looked in, the file to fetch and the command
line that imports it: right for ``mediasift`` in a terminal, a wall of paths in a
window. Here it waits behind a disclosure, selectable, with its web address on a line of
its own to copy.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mediasift.core.models.catalog import CatalogEntry
from mediasift.core.reasons import Reason
from mediasift.core.service.protocol import ModelTask

from .engine_words import reason_text
from .local_format import megabytes, number

_URL = re.compile(r"https?://[^\s;,)]+")


def first_url(text: str) -> str:
    """The first web address in ``text`` (without trailing punctuation), or ""."""
    found = _URL.search(text)
    return found.group(0).rstrip(".") if found else ""


class ModelMissingPanel(QWidget):
    download = Signal(object)  # CatalogEntry
    import_file = Signal(object)  # CatalogEntry
    details_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry: CatalogEntry | None = None
        self._task_error = ""
        self.headline = QLabel(self.tr("The search model is not on this computer yet."), self)
        font = QFont(self.headline.font())
        font.setBold(True)
        font.setPointSize(font.pointSize() + 1)
        self.headline.setFont(font)
        self.headline.setWordWrap(True)
        self.line = QLabel(self)
        self.line.setWordWrap(True)
        self.download_button = QPushButton(self.tr("Download"), self)
        self.download_button.setDefault(True)
        self.download_button.clicked.connect(self._download)
        self.import_button = QPushButton(self.tr("Import file…"), self)
        self.import_button.setToolTip(self.tr("Use the model file copied from another computer"))
        self.import_button.clicked.connect(self._import)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.disclosure = QToolButton(self)
        self.disclosure.setText(self.tr("Details"))
        self.disclosure.setCheckable(True)
        self.disclosure.setAutoRaise(True)
        self.disclosure.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.disclosure.setArrowType(Qt.ArrowType.RightArrow)
        self.disclosure.toggled.connect(self._disclose)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.url = QLineEdit(self)
        self.url.setReadOnly(True)
        self.url.setAccessibleName(self.tr("Download address"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.download_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addWidget(self.line)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.disclosure, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details)
        layout.addWidget(self.url)
        self.set_missing("", None)
        self._disclose(False)

    def set_missing(
        self, message: str, entry: CatalogEntry | None, why: Reason | None = None
    ) -> None:
        """The engine's explanation (``why``: as a code, said in the window's language),
        and the catalog entry of the model in use (None: a custom model, which can be
        neither downloaded nor imported from here)."""
        self.entry = entry
        if message and message == self._task_error:
            return  # the refusal just shown, repeated as the model's state: keep it
        self.details.setText(reason_text(why, message) if message else self.tr("No details."))
        url = first_url(message)
        self.url.setText(url)
        self.url.setVisible(bool(url) and self.disclosure.isChecked())
        self.download_button.setEnabled(entry is not None)
        self.import_button.setEnabled(entry is not None)
        self.progress.hide()
        if entry is None:
            self.line.setText(
                self.tr("The model chosen in Settings is not where it was; choose another there.")
            )
        else:
            self.line.setText(
                self.tr(
                    "Download it once ({mb} MB), or import the file copied from another computer."
                ).format(mb=number(entry.download_mb))
            )

    def show_task(self, task: ModelTask) -> None:
        """A download or import of the model under way, finished or refused."""
        if self.entry is None or task.name != self.entry.name:
            return
        self._task_error = task.error or ""
        if not task.finished:
            self.progress.show()
            self.progress.setRange(0, task.total or 0)
            self.progress.setValue(task.done)
            if task.total:
                line = self.tr("Downloading: {done} of {total} MB…").format(
                    done=megabytes(task.done), total=megabytes(task.total)
                )
            else:
                line = self.tr("Downloading: {done} MB…").format(done=megabytes(task.done))
            self.line.setText(line)
            self.download_button.setEnabled(False)
            return
        self.progress.hide()
        self.download_button.setEnabled(True)
        if task.error is None:
            self.line.setText(self.tr("Done; loading the model…"))
            return
        if task.action == "import":
            self.line.setText(self.tr("It could not be imported; see Details."))
        else:
            self.line.setText(self.tr("It could not be downloaded; see Details."))
        self.details.setText(reason_text(task.why, task.error))
        self.details_changed.emit()
        url = first_url(task.error) or self.url.text()
        self.url.setText(url)
        self.url.setVisible(bool(url) and self.disclosure.isChecked())

    def _disclose(self, shown: bool) -> None:
        self.disclosure.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.details.setVisible(shown)
        self.url.setVisible(shown and bool(self.url.text()))

    def _download(self) -> None:
        if self.entry is not None:
            self.download.emit(self.entry)

    def _import(self) -> None:
        if self.entry is not None:
            self.import_file.emit(self.entry)
