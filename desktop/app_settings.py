"""The app's own choices (data dir, models, threads, autostart) and window state.

Kept in QSettings, the platform's per-user settings store. Each key has one default here.
The engine's :class:`Settings` are built from these, then from the environment, then from
the engine's defaults (:func:`resolve_settings`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings

from mediasift.core.config import (
    ENV_CLIP_MODEL,
    ENV_CLIP_WEIGHTS,
    ENV_WHISPER_MODEL,
    Settings,
    resolve_settings,
)


class Key(StrEnum):
    DATA_DIR = "engine/data_dir"
    CLIP_MODEL = "engine/clip_model"
    CLIP_WEIGHTS = "engine/clip_weights"
    WHISPER_MODEL = "engine/whisper_model"
    THREADS = "engine/threads"
    READ_TEXT = "engine/read_text"  # "off" turns reading text in pictures off
    SPEECH_LANGUAGE = "engine/speech_language"  # a Whisper code; empty: detected per file
    START_WITH_SYSTEM = "app/start_with_system"
    COLOR_SCHEME = "app/color_scheme"  # system (default), light or dark
    LANGUAGE = "app/language"  # en, zh_CN; empty: the system's (desktop/translations.py)
    GEOMETRY = "window/geometry"
    SPLITTER = "window/splitter"


@dataclass(frozen=True)
class Overrides:
    """Model choices given on ``mediasift-gui``'s command line, as the CLI takes them
    (``--clip-model NAME_OR_JSON``, ``--clip-weights FILE_OR_TAG``, ``--whisper-model
    SIZE_OR_DIR``): for this session, over what Settings say."""

    clip_model: str | None = None
    clip_weights: str | None = None
    whisper_model: str | None = None


OVERRIDE_OPTIONS = {
    "--clip-model": "clip_model",
    "--clip-weights": "clip_weights",
    "--whisper-model": "whisper_model",
}


def parse_overrides(options: Sequence[str]) -> Overrides:
    """The model options among ``options`` (``--clip-model X`` or ``--clip-model=X``);
    raises ValueError for an option given without its value."""
    found: dict[str, str] = {}
    items = list(options)
    for i, option in enumerate(items):
        name, equals, value = option.partition("=")
        if name not in OVERRIDE_OPTIONS:
            continue
        if not equals:
            if i + 1 >= len(items) or items[i + 1].startswith("--"):
                raise ValueError(f"{name} needs a value")
            value = items[i + 1]
        found[OVERRIDE_OPTIONS[name]] = value
    return Overrides(**found)


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

    def engine_settings(
        self, env: Mapping[str, str] | None = None, overrides: Overrides | None = None
    ) -> Settings:
        """The command line's choices, else the user's here, else the environment, else
        the defaults (the CLIP model and its weights go as a pair)."""
        overrides = overrides or Overrides()
        if overrides.clip_model or overrides.clip_weights:
            clip_model, clip_weights = overrides.clip_model, overrides.clip_weights
        else:
            clip_model = self.text(Key.CLIP_MODEL) or None
            clip_weights = self.text(Key.CLIP_WEIGHTS) or None
        return resolve_settings(
            os.environ if env is None else env,
            data_dir=self.text(Key.DATA_DIR) or None,
            clip_model=clip_model,
            clip_weights=clip_weights,
            whisper_model=overrides.whisper_model or self.text(Key.WHISPER_MODEL) or None,
            threads=self.threads() or None,
            read_text=False if self.text(Key.READ_TEXT) == "off" else None,
            speech_language=self.text(Key.SPEECH_LANGUAGE) or None,
        )

    def clip_origin(self, env: Mapping[str, str], overrides: Overrides | None = None) -> str:
        """Where the search model's choice comes from, in words (the app's language)."""
        overrides = overrides or Overrides()
        if overrides.clip_model or overrides.clip_weights:
            return QCoreApplication.translate("AppSettings", "the command line")
        if self.text(Key.CLIP_MODEL) or self.text(Key.CLIP_WEIGHTS):
            return QCoreApplication.translate("AppSettings", "Settings")
        for name in (ENV_CLIP_MODEL, ENV_CLIP_WEIGHTS):
            if env.get(name):
                return QCoreApplication.translate("AppSettings", "the environment ({name})").format(
                    name=name
                )
        return QCoreApplication.translate(
            "AppSettings", "the default, or the model the library was last indexed with"
        )

    def whisper_origin(self, env: Mapping[str, str], overrides: Overrides | None = None) -> str:
        """Where the speech model's choice comes from, in words."""
        if (overrides or Overrides()).whisper_model:
            return QCoreApplication.translate("AppSettings", "the command line")
        if self.text(Key.WHISPER_MODEL):
            return QCoreApplication.translate("AppSettings", "Settings")
        if env.get(ENV_WHISPER_MODEL):
            return QCoreApplication.translate("AppSettings", "the environment ({name})").format(
                name=ENV_WHISPER_MODEL
            )
        return QCoreApplication.translate("AppSettings", "the default")

    def sync(self) -> None:
        self._store.sync()
