"""Models loaded once per process and shared by every :class:`Library` that asks.

The desktop app keeps two libraries on two threads (one indexes, one searches, so a search
never waits for indexing); both need the same CLIP model, and loading it twice would cost
seconds and hundreds of megabytes. A provider loads each model on first request, under a
lock, and hands the same object to everyone after. torch and faster-whisper are imported
only then.

Queries use the model's ONNX export (no torch). Whenever this process loads the torch model
anyway (to index, or because a query found no export), the export is made from it in the
background if it is missing or stale, so that the next query, in this process or another,
needs no torch; the provider's lock is not held meanwhile. A query that finds no export
does not wait for one: it is answered at once by the torch model (the very model the
export is checked against, so the results are the same), with a one-line note, and the
ONNX encoder replaces the torch one when the export is ready.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .clip_source import ClipSource
from .download import DownloadProgress
from .speech import WhisperSource

log = logging.getLogger(__name__)

DownloadSink = Callable[[DownloadProgress], None]


class ModelProvider:
    def __init__(self, *, offline: bool, threads: int, models_dir: Path | None = None) -> None:
        """``models_dir`` is where exports are kept; without it no export is made in the
        background (queries still make one when they need it)."""
        self._offline = offline
        self._threads = threads
        self._models_dir = models_dir
        self._lock = threading.Lock()
        self._clip: dict[str, Any] = {}
        self._query: dict[str, Any] = {}
        self._speech: dict[str, Any] = {}
        self._exports: dict[str, _ExportJob] = {}

    def clip_loaded(self, source: ClipSource) -> bool:
        return source.model_id in self._clip

    def clip(self, source: ClipSource, on_download: DownloadSink | None = None) -> Any:
        """The CLIP encoder indexing uses for ``source``, on first call: ONNX Runtime when
        the model's export is there (faster here than torch, at parity:
        :class:`~.onnx_encoder.OnnxIndexEncoder`), else the torch model (loading, maybe
        downloading), whose export is then made in the background."""
        with self._lock:
            if source.model_id not in self._clip:
                encoder = None
                if self._models_dir is not None:
                    from .query_export import open_index_export

                    encoder = open_index_export(source, self._models_dir, threads=self._threads)
                if encoder is None:
                    encoder = self._torch(source, on_download)
                self._clip[source.model_id] = encoder
            return self._clip[source.model_id]

    def _torch(self, source: ClipSource, on_download: DownloadSink | None) -> Any:
        """The torch encoder of ``source`` (called with the lock held), its export started."""
        from .clip import load_clip_encoder

        encoder = load_clip_encoder(
            source, offline=self._offline, threads=self._threads, on_download=on_download
        )
        if self._models_dir is not None:
            self._start_export(source, self._models_dir, encoder)
        return encoder

    def query_loaded(self, source: ClipSource) -> bool:
        return source.model_id in self._query

    def query_encoder(
        self,
        source: ClipSource,
        models_dir: Path,
        *,
        on_download: DownloadSink | None = None,
        on_note: Callable[[str], None] | None = None,
    ) -> Any:
        """The encoder searches use: ONNX Runtime on the model's export, so a query never
        imports torch. Without a valid export, the torch encoder at once (loaded, or
        downloaded, first), with a one-line note saying why, while the export is made in
        the background; a later call gets the ONNX encoder once it is ready."""
        with self._lock:
            if source.model_id in self._query:
                return self._query[source.model_id]
        from .query_export import open_query_export

        encoder = open_query_export(source, models_dir, threads=self._threads)
        if encoder is None:
            # its weights may have to be downloaded first (or are missing, which says so
            # in one line: then no note about the export matters)
            encoder = self.clip(source, on_download)
            with self._lock:
                # loaded earlier without a models dir, or the export failed: try (again)
                job = self._exports.get(source.model_id)
                if job is None or not (job.running or job.done):
                    self._start_export(source, models_dir, encoder)
                note = self._fallback_note(source)
            if on_note is not None and note is not None:
                on_note(note)
        with self._lock:
            return self._query.setdefault(source.model_id, encoder)

    def wait_for_export(self, source: ClipSource, timeout: float | None = None) -> bool:
        """Wait for this process's background export of ``source``; whether none is left
        running (for tests and benchmarks, which must not guess with sleeps)."""
        job = self._exports.get(source.model_id)
        if job is None:
            return True
        job.thread.join(timeout)
        return not job.thread.is_alive()

    # -- the background export -------------------------------------------------------------

    def _start_export(self, source: ClipSource, models_dir: Path, encoder: Any) -> None:
        """Make ``source``'s export from ``encoder`` on a thread of its own, unless it is
        valid already or cannot be made here (then the reason is kept for the note).
        Called with ``self._lock`` held; it only starts the thread."""
        from .query_export import export_blocker, export_state

        state = export_state(source, models_dir)
        if state.manifest is not None:
            return
        job = _ExportJob(reason=state.reason, blocker=export_blocker(source, models_dir))
        self._exports[source.model_id] = job
        if job.blocker is not None:
            log.info("queries with %s use torch: %s", source.label, job.blocker)
            return
        job.thread = threading.Thread(
            target=self._export,
            args=(source, models_dir, encoder, job),
            name=f"onnx-export {source.label}",
            daemon=True,  # joined at exit (_finish_exports), where Ctrl+C can cut it short
        )
        _PENDING.add(job.thread)
        job.thread.start()

    def _export(self, source: ClipSource, models_dir: Path, encoder: Any, job: _ExportJob) -> None:
        from .query_export import make_query_export, open_query_export

        def note(line: str) -> None:
            if "use torch" in line:
                job.failure = line
            log.info("%s", line)

        onnx = None
        try:
            made = make_query_export(
                source, models_dir, threads=self._threads, encoder=encoder, on_note=note
            )
            # opened only for a query answered by torch meanwhile: an indexing process
            # has no use for it
            if made and source.model_id in self._query:
                onnx = open_query_export(source, models_dir, threads=self._threads)
        except Exception as exc:  # never kill the process for an export: torch still works
            log.exception("ONNX export of %s failed", source.label)
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            job.failure = f"queries with {source.label} use torch: no ONNX export ({reason})"
        with self._lock:
            if onnx is not None:
                self._query[source.model_id] = onnx  # later queries: no torch
            job.done = True
        _PENDING.discard(job.thread)

    def _fallback_note(self, source: ClipSource) -> str | None:
        """The one line a query answered by torch says about the export."""
        job = self._exports.get(source.model_id)
        if job is None:  # made meanwhile (by another process): the next query uses it
            return None
        if job.blocker is not None:
            return f"queries with {source.label} use torch: {job.blocker}"
        if job.failure is not None:
            return job.failure
        if job.done:
            return None
        return (
            f"queries with {source.label} use torch until its ONNX export is ready "
            f"({job.reason}; it is being made now, once)"
        )

    def speech(self, source: WhisperSource, on_download: DownloadSink | None = None) -> Any:
        """The Whisper model for ``source`` (loading, maybe downloading, on first call)."""
        key = str(source.directory)
        with self._lock:
            if key not in self._speech:
                from .speech import load_speech_model

                self._speech[key] = load_speech_model(
                    source, offline=self._offline, threads=self._threads, on_download=on_download
                )
            return self._speech[key]


class _ExportJob:
    """One background export: why it was needed, and how it went."""

    def __init__(self, *, reason: str, blocker: str | None) -> None:
        self.reason = reason
        self.blocker = blocker
        self.thread: threading.Thread = threading.Thread()  # replaced when started
        self.failure: str | None = None
        self.done = False

    @property
    def running(self) -> bool:
        return self.thread.is_alive()


_PENDING: set[threading.Thread] = set()


@atexit.register
def _finish_exports() -> None:
    """Let a background export finish before the process exits (a one-shot CLI command
    that loaded the torch model leaves the export made for the next one); Ctrl+C stops
    waiting, and the half-made export is cleared by the next one."""
    try:
        for thread in list(_PENDING):
            thread.join()
    except KeyboardInterrupt:
        pass
