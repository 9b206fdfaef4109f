"""What a new user sees first: what MediaSift does, one button, and the model's state
(while the search model is missing: :class:`ModelMissingPanel`, to get it)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mediasift.core.models.catalog import CatalogEntry
from mediasift.core.service.protocol import ModelPhase, ModelState

from .model_missing import ModelMissingPanel
from .multilingual_offer import MultilingualOffer

COLUMN_WIDTH = 660


class WelcomePage(QWidget):
    add_folder = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("Find anything in your photos, videos and recordings"), self)
        font = QFont(title.font())
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            self.tr(
                "Add the folders where you keep them: Pictures, Videos, voice memos. MediaSift "
                "looks at every photo and video frame and listens to every recording, on this "
                "computer only, and keeps the index up to date. Then describe what you are "
                "looking for (\u201cmy dog on the beach at sunset\u201d, \u201cthe call about "
                "the budget\u201d) or drop an example image."
            ),
            self,
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton(self.tr("Add a folder…"), self)
        self.button.setMinimumHeight(40)
        self.button.clicked.connect(self.add_folder)
        self.model = QLabel(self)
        self.model.setWordWrap(True)
        self.model.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.model.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.missing = ModelMissingPanel(self)
        self.missing.hide()
        self.offer = MultilingualOffer(self)  # on a Chinese desktop, an English-only model
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
        inner.addWidget(self.missing)
        inner.addWidget(self.offer)
        # In a scroll area: at 800x600, with a missing model's details open, the column
        # is taller than the window, and a clipped explanation helps no one.
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(2)
        layout.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._wrapped = (
            title,
            text,
            self.model,
            self.missing.line,
            self.missing.details,
            self.offer.message,
            self.offer.cost,
        )
        self.missing.disclosure.toggled.connect(lambda _shown: self.fit_wrapped())
        self.missing.details_changed.connect(self.fit_wrapped)
        self.offer.changed.connect(self.fit_wrapped)
        self.set_model_state(None)

    def fit_wrapped(self) -> None:
        """Give each wrapped label the height its text needs at the column's width (Qt's box
        layouts honour height-for-width only in part); again when a text changes."""
        for label in self._wrapped:
            label.setMinimumHeight(label.heightForWidth(COLUMN_WIDTH) if label.text() else 0)

    def set_model_state(self, state: ModelState | None, entry: CatalogEntry | None = None) -> None:
        """Show how the search model is doing; ``entry``: its catalog entry, if it has one
        (what Download and Import file… get)."""
        self.progress.hide()
        missing = state is not None and state.phase == ModelPhase.MISSING
        self.missing.setVisible(missing)
        self.model.setVisible(not missing)
        if state is None:
            self.model.setText(self.tr("Preparing the search model…"))
        elif state.phase == ModelPhase.READY:
            self.model.setText(self.tr("The search model is ready."))
        elif state.phase == ModelPhase.LOADING:
            self.model.setText(self.tr("Preparing the search model…"))
        elif state.phase == ModelPhase.DOWNLOADING:
            self.model.setText(
                self.tr("Downloading the search model (once, then everything is offline)…")
            )
            self.progress.show()
            self.progress.setRange(0, state.total or 0)
            self.progress.setValue(state.done)
        else:
            self.missing.set_missing(state.message, entry, state.why)
        self.fit_wrapped()
