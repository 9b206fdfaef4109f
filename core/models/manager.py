"""List, download, import and remove models: ``mediasift models`` and the app's Models page.

Models live in the data dir (``models/clip/<arch>/<tag>/``, ``models/whisper/<size>/``),
exactly where the engine looks for them, so a download or an import here is what the
next index or search uses. Importing is how a machine without network gets a model: copy
the weights file (CLIP) or the model folder (Whisper) from a machine that has it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mediasift.core.config import ClipChoice, Settings
from mediasift.core.errors import ModelUnavailableError
from mediasift.core.models.catalog import CATALOG, CatalogEntry, ModelFamily, find_entry
from mediasift.core.models.clip_source import (
    WEIGHT_SUFFIXES,
    find_tag_weights,
    resolve_clip_source,
)
from mediasift.core.models.download import DownloadProgress
from mediasift.core.models.speech import COMPLETE_MARKER, REQUIRED_FILES, resolve_whisper_source
from mediasift.core.paths import display

ProgressSink = Callable[[DownloadProgress], None]


@dataclass(frozen=True)
class ModelState:
    entry: CatalogEntry
    present: bool
    location: Path
    in_use: bool


class ModelManager:
    def __init__(self, settings: Settings, *, clip_in_use: str, whisper_in_use: str) -> None:
        self._settings = settings
        self._clip_in_use = clip_in_use
        self._whisper_in_use = whisper_in_use

    def states(self) -> list[ModelState]:
        return [self.state(entry) for entry in CATALOG]

    def state(self, entry: CatalogEntry) -> ModelState:
        location = self.location(entry)
        if entry.family == ModelFamily.CLIP:
            present = find_tag_weights(location) is not None
            in_use = entry.name == self._clip_in_use
        else:
            present = (location / COMPLETE_MARKER).is_file()
            in_use = entry.name == self._whisper_in_use
        return ModelState(entry, present, location, in_use)

    def location(self, entry: CatalogEntry) -> Path:
        models = self._settings.models_dir
        if entry.family == ModelFamily.CLIP:
            return models / "clip" / entry.arch / entry.tag
        return models / "whisper" / entry.name

    def download(self, name: str, on_progress: ProgressSink | None = None) -> Path:
        """Fetch a model (resuming an interrupted download, verifying its checksum)."""
        entry = _entry(name)
        if entry.family == ModelFamily.CLIP:
            from mediasift.core.models.clip import fetch_tag_weights, tag_config

            source = resolve_clip_source(
                ClipChoice(entry.arch, entry.tag), self._settings.models_dir
            )
            if source.weights_present and source.weights_path is not None:
                return source.weights_path
            return fetch_tag_weights(
                source,
                tag_config(source),
                offline=self._settings.offline,
                on_download=on_progress,
            )
        from mediasift.core.models.speech import fetch_whisper

        whisper = resolve_whisper_source(entry.name, self._settings.models_dir)
        if not whisper.present:
            fetch_whisper(whisper, offline=self._settings.offline, on_download=on_progress)
        return whisper.directory

    def import_path(self, path: Path, name: str) -> Path:
        """Install a weights file (CLIP) or a model folder (Whisper) copied from elsewhere."""
        entry = _entry(name)
        path = Path(path).expanduser().absolute()
        target = self.location(entry)
        if entry.family == ModelFamily.CLIP:
            if not path.is_file() or not path.name.endswith(WEIGHT_SUFFIXES):
                raise ModelUnavailableError(
                    f"{display(path)} is not a CLIP checkpoint file ({', '.join(WEIGHT_SUFFIXES)})"
                )
            _replace_dir(target, lambda staging: shutil.copy2(path, staging / path.name))
            return target / path.name
        missing = [f for f in REQUIRED_FILES if not (path / f).is_file()]
        if not path.is_dir() or missing:
            raise ModelUnavailableError(
                f"{display(path)} is not a faster-whisper model folder "
                f"(missing: {', '.join(missing) or 'the folder itself'})"
            )

        def fill(staging: Path) -> None:
            for item in path.iterdir():
                if item.is_file():
                    shutil.copy2(item, staging / item.name)
            (staging / COMPLETE_MARKER).write_text("imported\n")

        _replace_dir(target, fill)
        return target

    def remove(self, name: str) -> Path:
        entry = _entry(name)
        target = self.location(entry)
        if not target.exists():
            raise ModelUnavailableError(f"{name} is not installed ({display(target)})")
        shutil.rmtree(target)
        return target


def _entry(name: str) -> CatalogEntry:
    entry = find_entry(name)
    if entry is None:
        known = ", ".join(e.name for e in CATALOG)
        raise ModelUnavailableError(f"unknown model '{name}'; choose one of: {known}")
    return entry


def _replace_dir(target: Path, fill: Callable[[Path], None]) -> None:
    """Build the new content beside ``target`` and swap it in: never half a model."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-"))
    try:
        fill(staging)
        old = target.with_name(f".{target.name}-old")
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
