"""The app's own choices (data dir, models, threads, autostart) and window state.

Kept in QSettings, the platform's per-user settings store. Each key has one default here.
The engine's :class:`Settings` are built from these, then from the environment, then from
the engine's defaults (:func:`resolve_settings`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import StrEnum

from PySide6.QtCore import QByteArray, QSettings

from mediasift.core.config import Settings, resolve_settings


class Key(StrEnum):
    DATA_DIR = "engine/data_dir"
    CLIP_MODEL = "engine/clip_model"
    CLIP_WEIGHTS = "engine/clip_weights"
    WHISPER_MODEL = "engine/whisper_model"
    THREADS = "engine/threads"
    READ_TEXT = "engine/read_text"  # "off" turns reading text in pictures off
    START_WITH_SYSTEM = "app/start_with_system"
    COLOR_SCHEME = "app/color_scheme"  # system (default), light or dark
    GEOMETRY = "window/geometry"
    SPLITTER = "window/splitter"


class AppSettings:
    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store or QSettings()

    def text(self, key: Key) -> str:
        value = self._store.value(str(key), "")
        return str(value) if value else ""

    def set_text(self, key: Key, value: str) -> None:
        if value:
            self._store.setValue(str(key), value)
        else:
            self._store.remove(str(key))

    def threads(self) -> int:
        value = self.text(Key.THREADS)
        return int(value) if value.isdigit() else 0

    def flag(self, key: Key) -> bool:
        return self.text(key).lower() in {"1", "true"}

    def set_flag(self, key: Key, value: bool) -> None:
        self.set_text(key, "true" if value else "")

    def blob(self, key: Key) -> QByteArray | None:
        value = self._store.value(str(key))
        return value if isinstance(value, QByteArray) else None

    def set_blob(self, key: Key, value: QByteArray) -> None:
        self._store.setValue(str(key), value)

    def engine_settings(self, env: Mapping[str, str] | None = None) -> Settings:
        """What the user chose here, else the environment, else the defaults."""
        return resolve_settings(
            os.environ if env is None else env,
            data_dir=self.text(Key.DATA_DIR) or None,
            clip_model=self.text(Key.CLIP_MODEL) or None,
            clip_weights=self.text(Key.CLIP_WEIGHTS) or None,
            whisper_model=self.text(Key.WHISPER_MODEL) or None,
            threads=self.threads() or None,
            read_text=False if self.text(Key.READ_TEXT) == "off" else None,
        )

    def sync(self) -> None:
        self._store.sync()
