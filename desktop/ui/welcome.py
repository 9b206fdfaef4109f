"""What a new user sees first: what MediaSift does, one button, and the model's state."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from mediasift.core.service.protocol import ModelPhase, ModelState

COLUMN_WIDTH = 660


class WelcomePage(QWidget):
    add_folder = Signal()
    choose_model = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Find anything in your photos, videos and recordings", self)
        font = QFont(title.font())
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "Add the folders where you keep them: Pictures, Videos, voice memos. MediaSift "
            "looks at every photo and video frame and listens to every recording, on this "
            "computer only, and keeps the index up to date. Then describe what you are looking "
            "for (\u201cmy dog on the beach at sunset\u201d, \u201cthe call about the "
            "budget\u201d) or drop an example image.",
            self,
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton("Add a folder…", self)
        self.button.setMinimumHeight(40)
        self.button.clicked.connect(self.add_folder)
        self.model = QLabel(self)
        self.model.setWordWrap(True)
        self.model.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.model.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.import_button = QPushButton("Get the model: download or import…", self)
        self.import_button.clicked.connect(self.choose_model)
        self.import_button.hide()
        # A column of fixed width, centred: word-wrapped labels need a definite width to
        # compute their height, or the layout clips them.
        column = QWidget(self)
        column.setFixedWidth(COLUMN_WIDTH + 24)
        inner = QVBoxLayout(column)
        inner.setSpacing(16)
        inner.addWidget(title)
        inner.addWidget(text)
        inner.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(self.model)
        inner.addWidget(self.progress)
        inner.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self._wrapped = (title, text, self.model)
        self.set_model_state(None)

    def _fit_wrapped(self) -> None:
        # Qt's box layouts honour height-for-width only in part; say it outright.
        for label in self._wrapped:
            label.setMinimumHeight(label.heightForWidth(COLUMN_WIDTH))

    def set_model_state(self, state: ModelState | None) -> None:
        self.progress.hide()
        self.import_button.hide()
        if state is None:
            self.model.setText("Preparing the search model…")
        elif state.phase == ModelPhase.READY:
            self.model.setText(f"Search model {state.label} is ready.")
        elif state.phase == ModelPhase.LOADING:
            self.model.setText(f"Loading the search model {state.label}…")
        elif state.phase == ModelPhase.DOWNLOADING:
            self.model.setText(f"Downloading {state.label} (once, then everything is offline)…")
            self.progress.show()
            self.progress.setRange(0, state.total or 0)
            self.progress.setValue(state.done)
        else:
            self.model.setText(f"The search model is missing: {state.message}")
            self.import_button.show()
        self._fit_wrapped()
