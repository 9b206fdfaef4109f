"""The search field: words, an example image chip, or both.

Typing searches after a short pause (debounced), Enter searches at once. A dropped or
pasted image shows as a removable chip before the words and combines with them.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

DEBOUNCE_MS = 150
"""The pause after the last key before the query is asked for. Queries cost under 100 ms
(ONNX Runtime, a first page of results), so the pause is what a typist notices: 300 ms
felt late; shorter still would ask for half-typed words at every key."""


class ExampleChip(QToolButton):
    """The example image in the search bar; clicking its cross removes it."""

    removed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIconSize(QSize(28, 28))
        self.setAutoRaise(False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clicked.connect(self.removed)
        self.hide()

    def show_image(self, data: bytes, label: str) -> None:
        image = QImage.fromData(data)
        self.setIcon(QIcon(QPixmap.fromImage(image)) if not image.isNull() else QIcon())
        self.setText(f"{label}  ✕")
        self.setToolTip(
            self.tr("Searching by example: {label}. Click to remove.").format(label=label)
        )
        self.show()


class SearchBar(QWidget):
    query_changed = Signal()
    """Words or example changed; debounced for typing, at once for Enter and chips."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._example: bytes | None = None
        self._example_label = ""
        self.chip = ExampleChip(self)
        self.chip.removed.connect(self.clear_example)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(
            self.tr("Describe what you are looking for, or drop an image here…")
        )
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumHeight(34)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.query_changed)
        self.field.textChanged.connect(lambda _: self._timer.start())
        self.field.returnPressed.connect(self.search_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chip)
        layout.addWidget(self.field, 1)

    def text(self) -> str:
        return self.field.text().strip()

    def example(self) -> bytes | None:
        return self._example

    def example_label(self) -> str:
        return self._example_label

    def set_example(self, data: bytes, label: str) -> None:
        self._example = data
        self._example_label = label
        self.chip.show_image(data, label)
        self.search_now()

    def clear_example(self) -> None:
        self._example = None
        self.chip.hide()
        self.search_now()

    def search_now(self) -> None:
        self._timer.stop()
        self.query_changed.emit()
