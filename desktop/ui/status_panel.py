"""Indexing progress in the status bar: what, how far, how fast; pause, resume, cancel.

Fed by the engine's events, which the engine already limits to ten a second.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from mediasift.core.index.events import (
    FileFailed,
    IndexFinished,
    IndexProgress,
    IndexSummary,
    ModelDownloading,
    ModelLoading,
    Phase,
    RootOffline,
    ScanProgress,
    SpeechUnavailable,
)
from mediasift.core.paths import display
from mediasift.core.reasons import Reason

from .engine_words import reason_text
from .local_format import clock, decimal, megabytes, number

PHASE_TEXT = {
    Phase.FILES: QT_TRANSLATE_NOOP("StatusPanel", "Indexing"),
    Phase.FRAMES: QT_TRANSLATE_NOOP("StatusPanel", "Video frames"),
    Phase.TEXT: QT_TRANSLATE_NOOP("StatusPanel", "Reading text"),
    Phase.SPEECH: QT_TRANSLATE_NOOP("StatusPanel", "Transcribing"),
}
"""Each phase's word (translated where shown: these are the source texts)."""


PAUSING = {Phase.SPEECH: QT_TRANSLATE_NOOP("StatusPanel", "Pausing after this line…")}
"""What a click on Pause says at once, until the engine says the pause took hold."""
PAUSING_DEFAULT = QT_TRANSLATE_NOOP("StatusPanel", "Pausing after this file…")
STOPPING = QT_TRANSLATE_NOOP("StatusPanel", "Stopping…")
PAUSED = QT_TRANSLATE_NOOP("StatusPanel", "Paused")


class StatusPanel(QWidget):
    """Progress and its buttons. Pause and Cancel answer the moment they are clicked
    ("Pausing after this file…", "Stopping…"): the engine finishes the file or spoken
    line in hand first, a second or two, and a button that seems to do nothing meanwhile
    gets clicked again."""

    pause_clicked = Signal()
    resume_clicked = Signal()
    cancel_clicked = Signal()
    failures_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self.tr("Starting…"), self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(False)
        self.pause = QPushButton(self.tr("Pause"), self)
        self.pause.setCheckable(True)
        self.pause.toggled.connect(self._pause_toggled)
        self.cancel = QPushButton(self.tr("Cancel"), self)
        self.cancel.clicked.connect(self._cancel_clicked)
        self.failures = QPushButton(self)
        self.failures.setFlat(True)
        self.failures.clicked.connect(self.failures_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.pause)
        layout.addWidget(self.cancel)
        layout.addWidget(self.failures)
        self._failed_this_run = 0
        self._progress = ""  # what the run is doing, without the pause or stop state
        self._phase: Phase | None = None
        self._state = ""  # "", pausing…, Paused or Stopping… (source texts)
        self._speech_label = ""
        self.set_idle(self.tr("Ready"))
        self.set_problem_counts(0, 0)

    def _pause_toggled(self, paused: bool) -> None:
        self._set_pause_state(paused)
        (self.pause_clicked if paused else self.resume_clicked).emit()

    def _cancel_clicked(self) -> None:
        self._state = STOPPING
        self.pause.setEnabled(False)
        self.cancel.setEnabled(False)
        self._show()
        self.cancel_clicked.emit()
        if self.pause.isChecked():  # cancel ends this run; the next one is not held
            self.set_paused(False)
            self.resume_clicked.emit()

    def _set_pause_state(self, paused: bool) -> None:
        self.pause.setText(self.tr("Resume") if paused else self.tr("Pause"))
        if self._state == STOPPING:
            return
        if not paused:
            self._state = ""
        elif self._state != PAUSED:
            self._state = PAUSING.get(self._phase, PAUSING_DEFAULT) if self._phase else PAUSED
        self._show()

    def set_paused(self, paused: bool) -> None:
        """The engine took a pause or resume (also at start: a pause is remembered)."""
        self.pause.blockSignals(True)
        self.pause.setChecked(paused)
        self.pause.blockSignals(False)
        self._set_pause_state(paused)

    def set_held(self) -> None:
        """The engine says the pause took hold: nothing is being worked on."""
        if self.pause.isChecked() and self._state != STOPPING:
            self._state = PAUSED
            self._show()

    def state(self) -> str:
        """Pausing…, Paused, Stopping… or nothing, in English (for tests and
        accessibility tools)."""
        return self._state

    def _show(self) -> None:
        state = self.tr(self._state) if self._state else ""
        parts = [part for part in (state, self._progress) if part]
        if parts:
            self.label.setText(" · ".join(parts))

    def set_idle(self, text: str) -> None:
        self.label.setToolTip("")
        self._progress = ""
        self._phase = None
        if self._state != PAUSED or not self.pause.isChecked():
            self._state = ""
        self.label.setText(text)
        self.bar.hide()
        self.pause.setVisible(self.pause.isChecked())  # paused while idle: Resume stays
        self.cancel.hide()
        self.pause.setEnabled(True)
        self.cancel.setEnabled(True)

    def set_speech_label(self, label: str) -> None:
        """The speech model's label (from the library status): how its loading events are
        told apart from the search model's."""
        self._speech_label = label

    def _model_words(self, label: str) -> str:
        """A model as a person knows it: speech recognition or the search model, not
        "Whisper model in /home/…/models/whisper/tiny"."""
        if self._speech_label and label.startswith(self._speech_label):
            return self.tr("speech recognition")
        if label.startswith("Whisper"):
            return self.tr("speech recognition")
        return self.tr("the search model")

    def set_error(self, message: str, why: Reason | None = None) -> None:
        """An indexing run stopped by a problem: one plain line (in the window's language
        when ``why`` gives its code), the engine's in the tooltip."""
        self._state = ""
        said = reason_text(why, message)
        plain = plain_words(message, self.tr("Indexing stopped by an unexpected problem"))
        self.set_idle(said if plain == message else plain)  # a bug's line: plain words
        self.label.setToolTip(said)

    def set_problem_counts(self, failures: int, notes: int) -> None:
        """The button to the problems lists, saying what they hold: "3 not indexed",
        "2 notes" (the lists' tabs carry the same counts)."""
        parts = []
        if failures:
            parts.append(self.tr("%Ln not indexed", "", failures))
        if notes:
            parts.append(self.tr("%Ln note(s)", "", notes))
        self.failures.setText(" · ".join(parts))
        self.failures.setVisible(bool(parts))
        self.failures.setToolTip(
            self.tr("Show the files that could not be indexed and the notes, and why")
        )

    def _busy(self, text: str, done: float | None = None, total: float | None = None) -> None:
        self._progress = text
        self._show()
        self.bar.show()
        self.pause.show()
        self.cancel.show()
        if done is None or not total:
            self.bar.setRange(0, 0)  # busy, amount unknown
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * min(1.0, done / total)))

    def handle(self, event: object) -> None:
        if isinstance(event, ScanProgress):
            self._busy(
                self.tr("Scanning {folder}: %Ln file(s)", "", event.files_seen).format(
                    folder=event.root.name or display(event.root)
                )
            )
        elif isinstance(event, ModelLoading):
            self._busy(self.tr("Preparing {model}…").format(model=self._model_words(event.label)))
        elif isinstance(event, ModelDownloading):
            model = self._model_words(event.label)
            if event.total:
                text = self.tr("Downloading {model}: {done} of {total} MB").format(
                    model=model, done=megabytes(event.done), total=megabytes(event.total)
                )
            else:
                text = self.tr("Downloading {model}: {done} MB").format(
                    model=model, done=megabytes(event.done)
                )
            self._busy(text, event.done, event.total)
        elif isinstance(event, IndexProgress):
            self._phase = event.phase
            self._show_progress(event)
        elif isinstance(event, FileFailed):
            self._failed_this_run += 1
        elif isinstance(event, RootOffline):
            folder = event.root.name or display(event.root)
            self.label.setText(
                self.tr("{folder} is offline; its files are kept").format(folder=folder)
            )
            self.label.setToolTip(reason_text(event.why, event.reason))
        elif isinstance(event, SpeechUnavailable):
            self.label.setText(
                self.tr(
                    "Speech recognition is not available yet: %Ln recording(s) wait (see Models…)",
                    "",
                    event.waiting,
                )
            )
            self.label.setToolTip(reason_text(event.why, event.reason))
        elif isinstance(event, IndexFinished):
            self._state = ""
            self.set_idle(self.finished_text(event.summary))

    def _show_progress(self, event: IndexProgress) -> None:
        name = event.current.name if event.current else ""
        if event.phase == Phase.SPEECH:
            done, total = clock(event.done), clock(event.total)
            speed = self.tr("{rate}x real time").format(rate=decimal(event.rate))
        else:
            done, total = number(event.done), number(event.total)
            speed = self.tr("{rate}/s").format(rate=decimal(event.rate))
        text = self.tr("{phase} {done} of {total} · {speed}").format(
            phase=self.tr(PHASE_TEXT[event.phase]), done=done, total=total, speed=speed
        )
        if name:
            text += f" · {name}"
        self._busy(text, event.done, event.total)

    def finished_text(self, summary: IndexSummary) -> str:
        """What a run that ended did, in one line."""
        if summary.cancelled:
            return self.tr("Indexing stopped; it goes on from there next time")
        news = []
        if summary.indexed:
            news.append(self.tr("%Ln new or changed", "", summary.indexed))
        if summary.reused:
            news.append(self.tr("%Ln moved or copied", "", summary.reused))
        if summary.removed:
            news.append(self.tr("%Ln removed", "", summary.removed))
        if summary.failed:
            news.append(self.tr("%Ln failed", "", summary.failed))
        if summary.waiting:
            news.append(self.tr("%Ln waiting for the speech model", "", summary.waiting))
        if not news:
            return self.tr("Library up to date")
        return self.tr("Library up to date: {news}").format(news=self.tr(", ").join(news))


def plain_words(message: str, instead: str) -> str:
    """``message`` for a person: an engine's internal error (a bug, worded for a
    developer) becomes ``instead``; the engine's own one-line errors stay as they are."""
    return instead if message.startswith("internal error") else message
