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
from typing import Any

from mediasift.core.models.clip_source import ClipSource
from mediasift.core.models.download import DownloadProgress
from mediasift.core.models.speech import WhisperSource

DownloadSink = Callable[[DownloadProgress], None]


class ModelProvider:
    def __init__(self, *, offline: bool, threads: int) -> None:
        self._offline = offline
        self._threads = threads
        self._lock = threading.Lock()
        self._clip: dict[str, Any] = {}
        self._speech: dict[str, Any] = {}

    def clip_loaded(self, source: ClipSource) -> bool:
        return source.model_id in self._clip

    def clip(self, source: ClipSource, on_download: DownloadSink | None = None) -> Any:
        """The CLIP encoder for ``source`` (loading, maybe downloading, on first call)."""
        with self._lock:
            if source.model_id not in self._clip:
                from mediasift.core.models.clip import load_clip_encoder

                self._clip[source.model_id] = load_clip_encoder(
                    source, offline=self._offline, threads=self._threads, on_download=on_download
                )
            return self._clip[source.model_id]

    def speech(self, source: WhisperSource, on_download: DownloadSink | None = None) -> Any:
        """The Whisper model for ``source`` (loading, maybe downloading, on first call)."""
        key = str(source.directory)
        with self._lock:
            if key not in self._speech:
                from mediasift.core.models.speech import load_speech_model

                self._speech[key] = load_speech_model(
                    source, offline=self._offline, threads=self._threads, on_download=on_download
                )
            return self._speech[key]
