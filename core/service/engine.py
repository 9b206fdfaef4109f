"""The engine process: a :class:`Library` that indexes and one that searches.

Runs in a child process started by the desktop app (``desktop/engine/client.py``) and
imports no Qt: it is engine code, and :mod:`..service.sync`'s loop is the same one
``mediasift watch`` runs. Four threads:

* the main thread reads commands from the window and dispatches them at once (pause,
  resume and cancel act immediately, even in the middle of a run);
* the index thread runs :class:`~mediasift.core.service.sync.LiveSync`: the watcher's
  changes and the window's folder jobs, one after another (merged when they pile up);
* the search thread loads the CLIP model as soon as the process starts (so the first
  query is quick), then answers searches, newest first: a search overtaken by a newer one
  before it started is dropped, as the user has typed on.

The two libraries share one :class:`ModelProvider`, so the model is in memory once.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
from collections import deque
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import MediaSiftError, QueryError
from ..index.events import IndexEvent, ModelDownloading, ModelNote
from ..library import Library
from ..lock import DataDirLock
from ..media.waveform import peaks
from ..models.catalog import ModelFamily, find_entry
from ..models.manager import ModelManager
from ..models.provider import ModelProvider
from ..reasons import Reason, ReasonCode
from ..search.query import Query
from ..search.query_language import note_for_query
from ..search.query_reasons import query_reason
from ..search.recent import capture_years
from .jobs import IndexFolders, Job, RemoveFolder, RetryFiles
from .protocol import Command, Event, ModelPhase, ModelState, ModelTask
from .sync import LiveSync

log = logging.getLogger(__name__)
_STOP = object()
_REMEMBER_PAUSE = object()
_FORGET_SEARCHER = object()
_WARM_UP = object()
HELD_WAIT_S = 120.0
"""How long a pause is watched for taking hold (no job running: it never does)."""
FIRST_PAGE = 60
"""Files sent before the rest of a long result list: more than a large window shows."""
REST_AFTER_S = 0.3
"""How long the rest of a long list waits for the next keystroke's query: while someone
types, each query is answered by its first page alone, and the engine is free for the next."""


class Outbox:
    """Sends events to the window from any thread; a closed window is not an error."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._lock = threading.Lock()

    def send(self, *message: Any) -> None:
        with self._lock, contextlib.suppress(BrokenPipeError, OSError):
            self._connection.send(message)


class _Requests:
    """A worker thread's inbox: FIFO, except that a newer search (or waveform) replaces an
    older one still waiting."""

    def __init__(self) -> None:
        self._items: deque[tuple[Any, ...]] = deque()
        self._ready = threading.Condition()

    def put(self, request: tuple[Any, ...]) -> None:
        with self._ready:
            if request[0] in (Command.SEARCH, Command.WAVEFORM):  # only the newest matters
                self._items = deque(r for r in self._items if r[0] != request[0])
            self._items.append(request)
            self._ready.notify()

    def has_newer_search(self, wait_s: float = 0.0) -> bool:
        """Whether a search is waiting (the one in hand is then overtaken), after waiting
        up to ``wait_s`` for any request to arrive."""
        with self._ready:
            self._ready.wait_for(lambda: bool(self._items), timeout=wait_s)
            return any(r[0] == Command.SEARCH for r in self._items)

    def take(self) -> tuple[Any, ...]:
        with self._ready:
            while not self._items:
                self._ready.wait()
            return self._items.popleft()


class Engine:
    def __init__(self, settings: Settings, outbox: Outbox) -> None:
        self._outbox = outbox
        self._lock = DataDirLock(settings.data_dir)
        self._lock.acquire()  # a second app (or `mediasift index`) on this library: refused
        models = ModelProvider(
            offline=settings.offline, threads=settings.threads, models_dir=settings.models_dir
        )
        self._indexing = Library(settings, models)  # opens (and migrates) the store first
        self._indexing.clean_leftovers()
        self._searching = Library(settings, models)
        self._sync = LiveSync(
            self._indexing,
            on_event=self._on_index,
            on_summary=lambda summary: self._outbox.send(Event.INDEX_DONE, summary),
            on_job_done=self._job_done,
            on_error=self._job_failed,
        )
        if self._indexing.paused:
            self._sync.pause()  # remembered across restarts
        self._stop = threading.Event()
        self._requests = _Requests()
        self._model_jobs: queue.Queue[tuple[Any, ...] | object] = queue.Queue()
        self._waveforms = _Requests()
        self._search_model: ModelState | None = None
        self._threads = [
            threading.Thread(
                target=self._sync.run, args=(self._stop,), name="mediasift-index", daemon=True
            ),
            threading.Thread(target=self._search_loop, name="mediasift-search", daemon=True),
            threading.Thread(target=self._model_loop, name="mediasift-models", daemon=True),
            threading.Thread(target=self._waveform_loop, name="mediasift-waves", daemon=True),
        ]

    def serve(self, commands: Connection) -> None:
        self._outbox.send(Event.READY, self._searching.status())
        if self._sync.paused:
            self._outbox.send(Event.PAUSED, True)
        for thread in self._threads:
            thread.start()  # the sync loop watches, then reconciles with what changed
        while True:
            try:
                command = commands.recv()
            except (EOFError, OSError):
                break  # the window is gone
            if command[0] == Command.QUIT:
                break
            self._dispatch(command)
        self._sync.stop()  # the job in hand stops at its next checkpoint; watching ends
        self._stop.set()
        self._requests.put((_STOP,))
        self._waveforms.put((_STOP,))
        self._model_jobs.put(_STOP)
        for thread in self._threads:
            thread.join(timeout=10)
        self._lock.release()
        self._outbox.send(Event.BYE)

    def _dispatch(self, command: tuple[Any, ...]) -> None:
        tag = command[0]
        if tag == Command.INDEX:
            self._sync.submit(IndexFolders(tuple(Path(p) for p in command[1])))
        elif tag == Command.REMOVE_FOLDER:
            self._sync.submit(RemoveFolder(Path(command[1])))
        elif tag == Command.RETRY:
            self._sync.submit(RetryFiles(tuple(Path(p) for p in command[1])))
        elif tag in (Command.PAUSE, Command.RESUME):
            paused = tag == Command.PAUSE
            if paused:
                self._sync.pause()
                threading.Thread(target=self._tell_when_held, daemon=True).start()
            else:
                self._sync.resume()
            self._requests.put((_REMEMBER_PAUSE, paused))  # kept in the store
            self._outbox.send(Event.PAUSED, paused)
        elif tag == Command.CANCEL:
            self._sync.cancel()
        elif tag in (Command.SEARCH, Command.DETAILS, Command.STATUS, Command.YEARS):
            self._requests.put(command)
        elif tag in (Command.MODELS, Command.MODEL_ACTION):
            self._model_jobs.put(command)
        elif tag == Command.WAVEFORM:
            self._waveforms.put(command)
        else:
            log.warning("unknown command %r", tag)

    # -- indexing ----------------------------------------------------------------------------

    def _tell_when_held(self) -> None:
        """Say when a pause has taken hold (the file or line in hand is done), so the
        window can turn "Pausing after this file…" into "Paused"."""
        if self._sync.wait_held(HELD_WAIT_S) and self._sync.paused:
            self._outbox.send(Event.HELD)

    def _job_done(self, job: Job) -> None:
        self._requests.put((_FORGET_SEARCHER,))  # a re-embedding may have completed
        self._outbox.send(Event.STATUS, self._indexing.status())

    def _job_failed(self, job: Job, error: Exception) -> None:
        """Keep the engine alive; the window shows the one line."""
        if isinstance(error, MediaSiftError):
            self._outbox.send(Event.INDEX_ERROR, str(error), error.why)
            return
        log.error("indexing failed", exc_info=error)
        why = internal_error(error)
        self._outbox.send(Event.INDEX_ERROR, str(why), why)

    def _on_index(self, event: IndexEvent) -> None:
        if isinstance(event, ModelDownloading):
            self._outbox.send(Event.MODEL, _downloading(event))
        self._outbox.send(Event.INDEX_EVENT, event)

    # -- searching ---------------------------------------------------------------------------

    def _search_loop(self) -> None:
        self._warm_up()
        while True:
            request = self._requests.take()
            if request[0] is _STOP:
                return
            self._answer(request)

    def _warm_up(self) -> None:
        label = self._searching.clip_choice.model
        try:
            label = self._searching.clip_source.label
            self._say_model(ModelState(label, ModelPhase.LOADING))
            self._searching.query_encoder(self._on_model)
        except MediaSiftError as exc:
            self._say_model(ModelState(label, ModelPhase.MISSING, str(exc), why=exc.why))
            return
        self._say_model(ModelState(label, ModelPhase.READY))

    def _say_model(self, state: ModelState) -> None:
        self._search_model = state
        self._outbox.send(Event.MODEL, state)

    def _waveform_loop(self) -> None:
        """Waveforms for the preview, on their own thread (an hour of audio decodes for
        seconds; searches must not wait behind it), newest request first."""
        while True:
            request = self._waveforms.take()
            if request[0] is _STOP:
                return
            _, request_id, path, buckets = request
            try:
                levels, duration = peaks(Path(path), int(buckets))
            except Exception as exc:  # an unreadable file: the preview shows no waveform
                log.info("no waveform for %s: %s", path, exc)
                levels, duration = [], 0.0
            self._outbox.send(Event.WAVEFORM, request_id, path, levels, duration)

    def _model_loop(self) -> None:
        manager = self._searching.model_manager()
        while True:
            job = self._model_jobs.get()
            if job is _STOP:
                return
            assert isinstance(job, tuple)
            if job[0] == Command.MODELS:
                self._outbox.send(Event.MODELS, manager.states())
                continue
            _, action, name, path = job
            self._model_action(manager, ModelTask(name, action), path)
            self._outbox.send(Event.MODELS, manager.states())

    def _model_action(self, manager: ModelManager, task: ModelTask, path: str | None) -> None:
        """Download, import or remove one model; the window hears the outcome in one line,
        and the search model's state follows when the model concerned is the one in use."""
        try:
            if task.action == "download":
                manager.download(
                    task.name,
                    on_progress=lambda p: self._outbox.send(
                        Event.MODEL_TASK, replace(task, done=p.done, total=p.total)
                    ),
                )
            elif task.action == "import":
                manager.import_path(Path(path or ""), task.name)
            elif task.action == "remove":
                manager.remove(task.name)
        except MediaSiftError as exc:
            said = replace(task, finished=True, error=str(exc), why=exc.why)
            self._outbox.send(Event.MODEL_TASK, said)
            if task.action == "import" and self._search_model_waits_for(manager, task.name):
                self._say_model(replace(self._search_model, message=str(exc), why=exc.why))
            return
        except Exception as exc:  # keep the engine alive; the window shows it
            log.exception("model %s failed", task.action)
            why = internal_error(exc)
            said = replace(task, finished=True, error=str(why), why=why)
            self._outbox.send(Event.MODEL_TASK, said)
            return
        self._outbox.send(Event.MODEL_TASK, replace(task, finished=True))
        if task.action != "remove" and self._search_model_waits_for(manager, task.name):
            self._requests.put((_WARM_UP,))  # the missing search model is here now: load it

    def _search_model_waits_for(self, manager: ModelManager, name: str) -> bool:
        """Whether ``name`` is the search model in use and it is missing."""
        entry = find_entry(name)
        return (
            entry is not None
            and entry.family == ModelFamily.CLIP
            and manager.state(entry).in_use
            and self._search_model is not None
            and self._search_model.phase == ModelPhase.MISSING
        )

    def _first_page(self, request_id: int, query: Query) -> bool:
        """Answer a search in two steps when it asks for more than a screenful: the first
        :data:`FIRST_PAGE` files at once (what a typed query needs to update the grid), then
        the whole list, unless a newer search is already waiting. The query's vector is
        encoded once (the searcher keeps the last one). The rest waits :data:`REST_AFTER_S`
        for a newer search (typing), and is not made if one comes. Events: RESULTS(id,
        files, done). Returns whether the search was answered to the end."""
        if query.limit > FIRST_PAGE:
            first = self._searching.search(replace(query, limit=FIRST_PAGE))
            whole = len(first) < FIRST_PAGE  # fewer files than a page: that is all of them
            self._outbox.send(Event.RESULTS, request_id, first, whole)
            if whole:
                return True
            if self._requests.has_newer_search(wait_s=REST_AFTER_S):
                return False
        self._outbox.send(Event.RESULTS, request_id, self._searching.search(query), True)
        return True

    def _on_model(self, event: IndexEvent) -> None:
        if isinstance(event, ModelDownloading):
            self._outbox.send(Event.MODEL, _downloading(event))
        elif isinstance(event, ModelNote):
            log.warning("%s", event.text)  # queries on torch: slower, still right

    def _answer(self, request: tuple[Any, ...]) -> None:
        tag = request[0]
        if tag is _REMEMBER_PAUSE:
            self._searching.set_paused(request[1])
            return
        if tag is _FORGET_SEARCHER:
            self._searching.forget_searcher()
            return
        if tag is _WARM_UP:
            self._warm_up()
            return
        try:
            if tag == Command.SEARCH:
                _, request_id, query = request
                browse = query.text is None and query.image is None  # the newest items
                if browse:
                    newest = self._searching.recent(query)
                    self._outbox.send(Event.RESULTS, request_id, newest, True)
                elif not self._first_page(request_id, query):
                    return  # overtaken while the first page was painted: that search is next
                note = None if browse else note_for_query(self._searching, query)
                if note is not None:  # the window shows it as a banner
                    self._outbox.send(Event.QUERY_NOTE, request_id, note)
            elif tag == Command.DETAILS:
                _, request_id, path = request
                details, transcript = self._searching.details(Path(path))
                self._outbox.send(Event.DETAILS, request_id, details, transcript)
            elif tag == Command.STATUS:
                self._outbox.send(Event.STATUS, self._searching.status())
            elif tag == Command.YEARS:
                self._outbox.send(Event.YEARS, capture_years(self._searching.store))
        except MediaSiftError as exc:
            if tag not in (Command.STATUS, Command.YEARS):
                why = exc.why
                if isinstance(exc, QueryError) and tag == Command.SEARCH:
                    why = query_reason(exc, request[2])
                self._outbox.send(Event.SEARCH_ERROR, request[1], str(exc), why)
        except Exception as exc:
            log.exception("search failed")
            if tag not in (Command.STATUS, Command.YEARS):
                self._outbox.send(Event.SEARCH_ERROR, request[1], f"internal error: {exc}", None)


def internal_error(exc: BaseException) -> Reason:
    """A bug's one line (``internal error: ...``, its first line) as a reason."""
    lines = str(exc).splitlines()
    return Reason.of(ReasonCode.INTERNAL, detail=lines[0] if lines else "")


def _downloading(event: ModelDownloading) -> ModelState:
    return ModelState(event.label, ModelPhase.DOWNLOADING, "", event.done, event.total)


def engine_main(settings: Settings, commands: Connection, events: Connection) -> None:
    """Entry point of the engine process."""
    logging.basicConfig(level=logging.WARNING, format="engine %(levelname)s %(name)s: %(message)s")
    if hasattr(os, "nice"):
        os.nice(5)  # background work: the window and the user's other programs come first
    outbox = Outbox(events)
    try:
        engine = Engine(settings, outbox)
    except MediaSiftError as exc:
        outbox.send(Event.FATAL, str(exc), exc.why)
        return
    engine.serve(commands)
