"""On a Chinese desktop, the welcome page offers the multilingual search model in one click.

The default search model understands English descriptions only: 海边的狗 on it returns
noise. A person whose app speaks Chinese will type Chinese, so before the first folder is
even added the welcome page says so and offers the model that understands it (the
catalog's first search model whose languages include Chinese), with its download size and
its cost here. One click downloads it and, once the download has ended well, switches to
it; when it is already on this computer the click switches at once. Both go through the
engine's model commands, as the Models page's buttons do.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout

from mediasift.core.models.catalog import CATALOG, CatalogEntry, ModelFamily
from mediasift.core.models.manager import ModelState
from mediasift.core.models.text_languages import understands
from mediasift.core.service.protocol import ModelTask

from .engine_words import engine_text, languages_text, reason_text
from .local_format import megabytes, number

CHINESE = ("zh",)


def chinese_model() -> CatalogEntry | None:
    """The catalog's first search model that understands Chinese descriptions."""
    return next(
        (
            entry
            for entry in CATALOG
            if entry.family == ModelFamily.CLIP and understands(entry.languages, CHINESE)
        ),
        None,
    )


class MultilingualOffer(QFrame):
    download = Signal(object)  # the CatalogEntry to download
    use = Signal(object)  # the CatalogEntry to switch to
    changed = Signal()  # shown, hidden or its words changed: the page fits its height

    def __init__(self, parent: QFrame | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.entry = chinese_model()
        self._present = False
        self._use_when_downloaded = False
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.cost = QLabel(self)
        self.cost.setWordWrap(True)
        self.action = QPushButton(self)
        self.action.clicked.connect(self._act)
        self.progress = QProgressBar(self)
        self.progress.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.action)
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.cost)
        layout.addLayout(buttons)
        self.hide()

    def set_states(self, states: list[ModelState], *, wanted: bool) -> None:
        """The catalog's states (from the engine). Shown when ``wanted`` (the app speaks
        Chinese) and the search model in use understands English only."""
        offered = self.entry
        active = next(
            (s.entry for s in states if s.in_use and s.entry.family == ModelFamily.CLIP), None
        )
        mine = next((s for s in states if offered and s.entry.name == offered.name), None)
        english_only = active is not None and understands(active.languages, CHINESE) is False
        if offered is None or mine is None or not wanted or not english_only:
            self.hide()
            self.changed.emit()
            return
        self._present = mine.present
        self.message.setText(
            self.tr(
                "The search model {model} understands descriptions in English only. To "
                "describe your photos in Chinese, use the multilingual model {offered} "
                "({languages})."
            ).format(model=active.name, offered=offered.name, languages=languages_text(offered))
        )
        self.cost.setText(
            self.tr("Download: {mb} MB, once. Cost here: {speed}.").format(
                mb=number(offered.download_mb), speed=engine_text(offered.speed)
            )
        )
        self._show_action()
        self.show()
        self.changed.emit()

    def show_task(self, task: ModelTask) -> None:
        """A download of the offered model under way, done or refused."""
        if self.entry is None or task.name != self.entry.name or task.action != "download":
            return
        if not task.finished:
            self.action.setEnabled(False)
            self.progress.show()
            self.progress.setRange(0, task.total or 0)
            self.progress.setValue(task.done)
            if task.total:
                shown = self.tr("{done} of {total} MB").format(
                    done=megabytes(task.done), total=megabytes(task.total)
                )
            else:
                shown = self.tr("{done} MB").format(done=megabytes(task.done))
            self.progress.setFormat(shown)
            return
        self.progress.hide()
        self.action.setEnabled(True)
        if task.error is not None:
            self._use_when_downloaded = False
            error = reason_text(task.why, task.error)
            self.cost.setText(self.tr("The download failed: {error}").format(error=error))
            self.changed.emit()
            return
        self._present = True
        self._show_action()
        if self._use_when_downloaded:
            self._use_when_downloaded = False
            self.use.emit(self.entry)

    def _show_action(self) -> None:
        if self._present:
            self.action.setText(self.tr("Use the multilingual model"))
        else:
            self.action.setText(self.tr("Download and use it"))

    def _act(self) -> None:
        if self.entry is None:
            return
        if self._present:
            self.use.emit(self.entry)
            return
        self._use_when_downloaded = True
        self.action.setEnabled(False)
        self.download.emit(self.entry)
