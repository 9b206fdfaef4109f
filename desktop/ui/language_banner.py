"""A banner above the results when the search model cannot read the description typed.

The engine follows such a search's results with a :class:`LanguageNote`
(``core/search/query_language.py``): 海边的狗 on the English-only default model. The
banner says so in one sentence and offers the fix in one click: **Download** the
multilingual model, then (the button turns into it when the download ends) **Use** it. Words
in transcripts, pictures and names are still found meanwhile, and the banner says that too.

It goes away by itself when the description is no longer in another script (typing on
in Chinese keeps it, without flicker, until the next note), or with its close button.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from mediasift.core.models.catalog import find_entry
from mediasift.core.search.query_language import LanguageNote, query_script
from mediasift.core.service.protocol import ModelTask

from .engine_words import engine_text
from .local_format import number


class LanguageBanner(QFrame):
    download = Signal(str)  # the catalog name of the model to download
    use = Signal(str)  # the catalog name of the model to switch to

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.note: LanguageNote | None = None
        self._downloaded = False
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.action = QPushButton(self)
        self.action.clicked.connect(self._act)
        self.close_button = QToolButton(self)
        self.close_button.setText("\u00d7")  # a multiplication sign: the usual close mark
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.action)
        layout.addWidget(self.close_button)
        self.hide()

    def show_note(self, note: LanguageNote) -> None:
        self.note = note
        self._downloaded = note.fix_present
        head = self.tr(
            "Descriptions in {language} need a multilingual model: the search model "
            "{model} understands {understood}."
        ).format(
            language=engine_text(note.language),
            model=note.search_model,
            understood=engine_text(note.understood),
        )
        words = self.tr("Words in transcripts, pictures and names are still found.")
        if note.fix is None:
            tail = self.tr("No model MediaSift offers reads {language} yet.").format(
                language=engine_text(note.language)
            )
        elif note.fix_active:
            tail = self.tr("{model} takes over once it has embedded your library.").format(
                model=note.fix
            )
        else:
            tail = ""
        text = head
        for sentence in (tail, words):
            if sentence:  # sentences joined as the language does (no space in Chinese)
                text = self.tr("{sentence} {next}").format(sentence=text, next=sentence)
        self.message.setText(text)
        self._show_action()
        self.show()

    def show_task(self, task: ModelTask) -> None:
        """A download of the banner's model under way or done: the button follows it."""
        if self.note is None or task.name != self.note.fix or task.action != "download":
            return
        if task.finished:
            self._downloaded = task.error is None
            self.action.setEnabled(True)
            self._show_action()
            return
        self.action.setEnabled(False)
        share = f" {100 * task.done // task.total}%" if task.total else ""
        self.action.setText(self.tr("Downloading…") + share)

    def query_changed(self, text: str) -> None:
        """A new description: hidden unless it is still in another script (then the next
        note, or none, decides; no flicker while typing on)."""
        if query_script(text or "") is None:
            self.hide()

    def _show_action(self) -> None:
        note = self.note
        if note is None or note.fix is None or note.fix_active:
            self.action.hide()
            return
        entry = find_entry(note.fix)
        if self._downloaded:
            self.action.setText(self.tr("Use the multilingual model"))
        else:
            size = self.tr(" ({mb} MB)").format(mb=number(entry.download_mb)) if entry else ""
            self.action.setText(self.tr("Download the multilingual model") + size)
        self.action.setToolTip(note.fix)
        self.action.show()

    def _act(self) -> None:
        if self.note is None or self.note.fix is None:
            return
        if self._downloaded:
            self.use.emit(self.note.fix)
        else:
            self.download.emit(self.note.fix)
