"""The window's handle on the engine process: commands out, Qt signals in.

A reader thread waits on the event pipe and emits each message as a Qt signal; Qt queues
it to the GUI thread, where :meth:`EngineClient._dispatch` turns it into typed signals.
Nothing here blocks the event loop: sending a command writes a few bytes to a pipe.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from mediasift.core.config import Settings
from mediasift.core.search.query import Query
from mediasift.core.service.protocol import Command, Event

from .launch import LaunchedEngine, launch_engine

log = logging.getLogger(__name__)


class EngineClient(QObject):
    ready = Signal(object)  # LibraryStatus
    status = Signal(object)  # LibraryStatus
    index_event = Signal(object)  # a core index event (progress, failure, note...)
    index_done = Signal(object)  # IndexSummary
    index_error = Signal(str, object)  # the engine's line, its Reason (core/reasons.py) or None
    paused = Signal(bool)
    held = Signal()  # paused for real: the file or line in hand is done
    results = Signal(int, object, bool)  # request id, [SearchResult], complete (else a first page)
    search_error = Signal(int, str, object)  # request id, the engine's line, its Reason or None
    query_note = Signal(int, object)  # request id, LanguageNote: the model cannot read it
    details = Signal(int, object, object)  # request id, MediaDetails, transcript lines
    waveform = Signal(int, object, object, float)  # request id, path, [peak], duration s
    years = Signal(object)  # [year, newest first]: when the library's files were taken
    model_state = Signal(object)  # ModelState
    models = Signal(object)  # [core ModelState]: the catalog with what is installed
    model_task = Signal(object)  # ModelTask
    fatal = Signal(str, object)  # the engine cannot run, or died: its line, its Reason or None
    stopped = Signal()

    _received = Signal(object)

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._process: multiprocessing.process.BaseProcess | None = None
        self._commands: Connection | None = None
        self._reader: threading.Thread | None = None
        self._next_request = 0
        self._said_bye = False
        self._received.connect(self._dispatch)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def start(self, launched: LaunchedEngine | None = None) -> None:
        """Talk to ``launched`` (started early by the app for these same settings), or
        launch the engine process now."""
        if launched is not None and launched.settings != self.settings:
            launched.discard()
            launched = None
        if launched is None:
            launched = launch_engine(self.settings)
        self._process = launched.process
        self._commands = launched.commands
        self._said_bye = False
        self._reader = threading.Thread(
            target=self._read, args=(launched.events,), name="mediasift-events", daemon=True
        )
        self._reader.start()

    def _read(self, events: Connection) -> None:
        while True:
            try:
                message = events.recv()
            except (EOFError, OSError):
                self._deliver((None,))  # the pipe closed
                return
            if not self._deliver(message):
                return

    def _deliver(self, message: tuple[Any, ...]) -> bool:
        """Hand ``message`` to the GUI thread; False once this client is deleted (the app
        quitting while the engine's last words are still on their way: nobody is left to
        hear them, and emitting raised in this thread, printing a traceback on quit)."""
        try:
            self._received.emit(message)
        except RuntimeError:  # "Signal source has been deleted"
            return False
        return True

    @Slot(object)
    def _dispatch(self, message: tuple[Any, ...]) -> None:
        tag, args = message[0], message[1:]
        if tag is None:
            if not self._said_bye:
                self.fatal.emit(
                    self.tr("The MediaSift engine stopped unexpectedly; restart the app."), None
                )
            self.stopped.emit()
        elif tag == Event.BYE:
            self._said_bye = True
        else:
            signal = {
                Event.READY: self.ready,
                Event.STATUS: self.status,
                Event.INDEX_EVENT: self.index_event,
                Event.INDEX_DONE: self.index_done,
                Event.INDEX_ERROR: self.index_error,
                Event.PAUSED: self.paused,
                Event.HELD: self.held,
                Event.RESULTS: self.results,
                Event.SEARCH_ERROR: self.search_error,
                Event.QUERY_NOTE: self.query_note,
                Event.DETAILS: self.details,
                Event.YEARS: self.years,
                Event.WAVEFORM: self.waveform,
                Event.MODEL: self.model_state,
                Event.MODELS: self.models,
                Event.MODEL_TASK: self.model_task,
                Event.FATAL: self.fatal,
            }.get(tag)
            if signal is None:
                log.warning("unknown engine event %r", tag)
                return
            if tag == Event.FATAL:
                self._said_bye = True
            signal.emit(*args)

    def _send(self, *command: Any) -> None:
        if self._commands is None:
            return
        try:
            self._commands.send(command)
        except (BrokenPipeError, OSError):
            log.warning("engine is gone; %s not sent", command[0])

    # -- commands ----------------------------------------------------------------------------

    def index(self, folders: list[Path] | None = None) -> None:
        """Add folders (if any) and bring the library up to date."""
        self._send(Command.INDEX, [str(f) for f in folders or []])

    def retry(self, paths: list[Path]) -> None:
        """Index these files again, as if they had changed."""
        self._send(Command.RETRY, [str(p) for p in paths])

    def remove_folder(self, folder: Path) -> None:
        self._send(Command.REMOVE_FOLDER, str(folder))

    def search(self, query: Query) -> int:
        """Ask for results; the answer comes as ``results(request_id, ...)``."""
        self._next_request += 1
        self._send(Command.SEARCH, self._next_request, query)
        return self._next_request

    def request_details(self, path: Path) -> int:
        self._next_request += 1
        self._send(Command.DETAILS, self._next_request, str(path))
        return self._next_request

    def request_status(self) -> None:
        self._send(Command.STATUS)

    def request_waveform(self, path: Path, buckets: int) -> int:
        """A recording's peaks; the answer comes as ``waveform(request_id, ...)``."""
        self._next_request += 1
        self._send(Command.WAVEFORM, self._next_request, str(path), buckets)
        return self._next_request

    def request_years(self) -> None:
        self._send(Command.YEARS)

    def request_models(self) -> None:
        self._send(Command.MODELS)

    def model_action(self, action: str, name: str, path: Path | None = None) -> None:
        """``download``, ``import`` (from ``path``) or ``remove`` a model, in the engine."""
        self._send(Command.MODEL_ACTION, action, name, str(path) if path else None)

    def pause(self) -> None:
        self._send(Command.PAUSE)

    def resume(self) -> None:
        self._send(Command.RESUME)

    def cancel(self) -> None:
        self._send(Command.CANCEL)

    def shutdown(self, timeout: float = 10.0) -> None:
        """Stop the engine cleanly (it finishes the batch in hand), or kill it if stuck."""
        if self._process is None:
            return
        self._said_bye = True
        self._send(Command.QUIT)
        self._process.join(timeout)
        if self._process.is_alive():
            log.warning("engine did not stop in %.0f s; terminating it", timeout)
            self._process.terminate()
            self._process.join(5)
        if self._commands is not None:
            self._commands.close()
        self._process = None
        self._commands = None
