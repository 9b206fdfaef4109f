"""Messages between the window and the engine process (plain picklable values, no Qt).

Every message is a tuple whose first item is a tag. Commands go from the window to the
engine, events come back. A pipe that closes without a ``bye`` event means the engine
crashed: the window says so instead of waiting forever.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..reasons import Reason


class Command(StrEnum):
    INDEX = "index"  # (INDEX, [folders to add]) - empty list: bring everything up to date
    REMOVE_FOLDER = "remove_folder"  # (REMOVE_FOLDER, path)
    RETRY = "retry"  # (RETRY, [paths]) - index these files again, as if they had changed
    SEARCH = "search"  # (SEARCH, request id, Query)
    DETAILS = "details"  # (DETAILS, request id, path)
    STATUS = "status"  # (STATUS,)
    YEARS = "years"  # (YEARS,) - the years the library's files were taken in
    WAVEFORM = "waveform"  # (WAVEFORM, request id, path, buckets) - a recording's peaks
    MODELS = "models"  # (MODELS,) - the model catalog and what is installed
    MODEL_ACTION = "model_action"  # (MODEL_ACTION, "download"|"import"|"remove", name, path)
    PAUSE = "pause"
    RESUME = "resume"
    CANCEL = "cancel"
    QUIT = "quit"


class Event(StrEnum):
    READY = "ready"  # (READY, LibraryStatus)
    STATUS = "status"  # (STATUS, LibraryStatus)
    INDEX_EVENT = "index_event"  # (INDEX_EVENT, core index event)
    INDEX_DONE = "index_done"  # (INDEX_DONE, IndexSummary)
    INDEX_ERROR = "index_error"  # (INDEX_ERROR, message, its Reason or None)
    PAUSED = "paused"  # (PAUSED, bool) - the command is taken
    HELD = "held"  # (HELD,) - paused for real: the run waits, nothing in hand
    RESULTS = "results"  # (RESULTS, request id, [SearchResult])
    SEARCH_ERROR = "search_error"  # (SEARCH_ERROR, request id, message, its Reason or None)
    QUERY_NOTE = "query_note"  # (QUERY_NOTE, request id, LanguageNote) - after RESULTS,
    # when the search model cannot read the description (core/search/query_language.py)
    DETAILS = "details"  # (DETAILS, request id, MediaDetails, transcript lines)
    YEARS = "years"  # (YEARS, [year, newest first])
    WAVEFORM = "waveform"  # (WAVEFORM, request id, path, [peak 0..1], duration s)
    MODEL = "model"  # (MODEL, ModelState)
    MODELS = "models"  # (MODELS, [core ModelState]) - catalog entries with their state
    MODEL_TASK = "model_task"  # (MODEL_TASK, ModelTask) - a download or import under way
    FATAL = "fatal"  # (FATAL, message, its Reason or None) - the engine cannot work at all
    BYE = "bye"  # the engine stopped on request


class ModelPhase(StrEnum):
    LOADING = "loading"
    DOWNLOADING = "downloading"
    READY = "ready"
    MISSING = "missing"


@dataclass(frozen=True)
class ModelTask:
    """Progress or end of a model download, import or removal."""

    name: str
    action: str
    done: int = 0
    total: int | None = None
    finished: bool = False
    error: str | None = None
    why: Reason | None = None
    """The error as a code and its values, where it has one (a refused import, a failed
    download)."""


@dataclass(frozen=True)
class ModelState:
    """How the search model is doing, for the welcome page and the status bar."""

    label: str
    phase: ModelPhase
    message: str = ""
    done: int = 0
    total: int | None = None
    why: Reason | None = None
    """``message`` as a code and its values, where it has one (a model not here)."""
