"""Models loaded once per process and shared by every :class:`Library` that asks.

The desktop app keeps two libraries on two threads (one indexes, one searches, so a search
never waits for indexing); both need the same CLIP model, and loading it twice would cost
seconds and hundreds of megabytes. A provider loads each model on first request, under a
lock, and hands the same object to everyone after. torch and faster-whisper are imported
only then.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .clip_source import ClipSource
from .download import DownloadProgress
from .speech import WhisperSource

DownloadSink = Callable[[DownloadProgress], None]


class ModelProvider:
    def __init__(self, *, offline: bool, threads: int) -> None:
        self._offline = offline
        self._threads = threads
        self._lock = threading.Lock()
        self._clip: dict[str, Any] = {}
        self._query: dict[str, Any] = {}
        self._speech: dict[str, Any] = {}

    def clip_loaded(self, source: ClipSource) -> bool:
        return source.model_id in self._clip

    def clip(self, source: ClipSource, on_download: DownloadSink | None = None) -> Any:
        """The CLIP encoder for ``source`` (loading, maybe downloading, on first call)."""
        with self._lock:
            if source.model_id not in self._clip:
                from .clip import load_clip_encoder

                self._clip[source.model_id] = load_clip_encoder(
                    source, offline=self._offline, threads=self._threads, on_download=on_download
                )
            return self._clip[source.model_id]

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
        imports torch (the export is made once, from the torch model, when missing); the
        torch encoder itself when no export can be had, with a one-line note why."""
        with self._lock:
            if source.model_id in self._query:
                return self._query[source.model_id]
            from .query_export import ensure_query_export

            notes: list[str] = []
            encoder = ensure_query_export(
                source,
                models_dir,
                threads=self._threads,
                encoder=self._clip.get(source.model_id),  # loaded to index: export from it
                on_note=notes.append,
            )
        if encoder is None:
            # torch then; its weights may have to be downloaded first (or are missing,
            # which says so in one line: then the notes about the export do not matter)
            encoder = self.clip(source, on_download)
            for line in notes:
                if on_note is not None:
                    on_note(line)
        with self._lock:
            return self._query.setdefault(source.model_id, encoder)

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
