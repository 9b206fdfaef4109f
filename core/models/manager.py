"""List, download, import and remove models: ``mediasift models`` and the app's Models page.

Models live in the data dir (``models/clip/<arch>/<tag>/``, ``models/whisper/<size>/``),
exactly where the engine looks for them, so a download or an import here is what the
next index or search uses. Importing is how a machine without network gets a model: copy
the weights file (CLIP) or the model folder (Whisper) from a machine that has it.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..config import ClipChoice, Settings
from ..errors import ModelUnavailableError, reasoned
from ..paths import display
from ..reasons import Reason, ReasonCode
from .catalog import CATALOG, CatalogEntry, ModelFamily, find_entry
from .clip_source import find_tag_weights, resolve_clip_source
from .download import DownloadProgress
from .import_check import check_clip_set, check_import
from .model_set import (
    extract_set_archive,
    is_set_archive,
    set_files,
    verify_set_folder,
    write_set_archive,
)
from .speech import COMPLETE_MARKER, resolve_whisper_source

ProgressSink = Callable[[DownloadProgress], None]
NoteSink = Callable[[str], None]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelState:
    entry: CatalogEntry
    present: bool
    location: Path
    in_use: bool
    incomplete: Reason | None = None
    """What is missing beside the weights that are here (``str()``: one line), for a model that
    cannot be used without it (the multilingual model's text tower); ``present`` is then
    False, and a download fetches only what is missing."""


class ModelManager:
    def __init__(self, settings: Settings, *, clip_in_use: str, whisper_in_use: str) -> None:
        self._settings = settings
        self._clip_in_use = clip_in_use
        self._whisper_in_use = whisper_in_use

    def states(self) -> list[ModelState]:
        return [self.state(entry) for entry in CATALOG]

    def state(self, entry: CatalogEntry) -> ModelState:
        location = self.location(entry)
        incomplete = None
        if entry.family == ModelFamily.CLIP:
            present = find_tag_weights(location) is not None
            in_use = entry.name == self._clip_in_use
            if present and entry.text_tower:
                from .text_tower import TEXT_DIR, text_tower_problem

                incomplete = text_tower_problem(location / TEXT_DIR)
                present = incomplete is None
        else:
            present = (location / COMPLETE_MARKER).is_file()
            in_use = entry.name == self._whisper_in_use
        return ModelState(entry, present, location, in_use, incomplete)

    def location(self, entry: CatalogEntry) -> Path:
        models = self._settings.models_dir
        if entry.family == ModelFamily.CLIP:
            return models / "clip" / entry.arch / entry.tag
        return models / "whisper" / entry.name

    def download(
        self,
        name: str,
        on_progress: ProgressSink | None = None,
        on_note: NoteSink | None = None,
    ) -> Path:
        """Fetch a model (resuming an interrupted download, verifying its checksum); a
        CLIP model is then prepared for torch-free queries (:meth:`prepare_queries`)."""
        entry = _entry(name)
        if entry.family == ModelFamily.CLIP:
            from .clip import ensure_text_tower, fetch_tag_weights, tag_config

            source = resolve_clip_source(
                ClipChoice(entry.arch, entry.tag), self._settings.models_dir
            )
            if source.weights_present and source.weights_path is not None:
                weights = source.weights_path
            else:
                weights = fetch_tag_weights(
                    source,
                    tag_config(source),
                    offline=self._settings.offline,
                    on_download=on_progress,
                )
            ensure_text_tower(source, offline=self._settings.offline, on_download=on_progress)
            self.prepare_queries(entry, on_note)
            return weights
        from .speech import fetch_whisper

        whisper = resolve_whisper_source(entry.name, self._settings.models_dir)
        if not whisper.present:
            fetch_whisper(whisper, offline=self._settings.offline, on_download=on_progress)
        return whisper.directory

    def import_path(self, path: Path, name: str, on_note: NoteSink | None = None) -> Path:
        """Install a weights file (CLIP) or a model folder (Whisper) copied from elsewhere,
        once it is checked to be that model (:func:`check_import`); a refused file leaves
        the data dir as it was. A CLIP model is then prepared for torch-free queries."""
        entry = _entry(name)
        path = Path(path).expanduser().absolute()
        if entry.family == ModelFamily.CLIP and (path.is_dir() or is_set_archive(path)):
            return self._import_set(entry, path, on_note)
        check_import(entry, path)
        target = self.location(entry)
        clip = entry.family == ModelFamily.CLIP

        def fill(staging: Path) -> None:
            if clip:
                _copy(path, staging / path.name)
                return
            for item in path.iterdir():
                if item.is_file():
                    _copy(item, staging / item.name)
            (staging / COMPLETE_MARKER).write_text("imported\n")

        try:
            _replace_dir(target, fill)
        except OSError as exc:
            raise cannot_install(name, target, exc) from exc
        if not clip:
            return target
        self.prepare_queries(entry, on_note)
        return target / path.name

    def _import_set(self, entry: CatalogEntry, path: Path, on_note: NoteSink | None) -> Path:
        """Install a CLIP model's set (:mod:`.model_set`): a folder, or the archive
        ``models export`` writes, unpacked aside and verified first. Nothing in the data
        dir changes unless the whole set is accepted (folders made to unpack an archive
        are removed again when it is refused)."""
        target = self.location(entry)
        made = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
        unpacked: Path | None = None
        try:
            folder = path
            if path.is_file():
                unpacked = self._unpack_dir(entry, target)
                extract_set_archive(path, entry.name, unpacked)
                folder = unpacked
            else:
                verify_set_folder(path, entry.name)
            check_clip_set(entry, folder)
            files = set_files(folder)

            def fill(staging: Path) -> None:
                for rel in files:
                    (staging / rel).parent.mkdir(parents=True, exist_ok=True)
                    _copy(folder / rel, staging / rel)

            try:
                _replace_dir(target, fill)
            except OSError as exc:
                raise cannot_install(entry.name, target, exc) from exc
        except BaseException:
            if unpacked is not None:
                shutil.rmtree(unpacked, ignore_errors=True)
            for folder_made in made:  # deepest first; stops at one that is not empty
                try:
                    folder_made.rmdir()
                except OSError:
                    break
            raise
        if unpacked is not None:
            shutil.rmtree(unpacked, ignore_errors=True)
        self.prepare_queries(entry, on_note)
        return target

    @staticmethod
    def _unpack_dir(entry: CatalogEntry, target: Path) -> Path:
        """A fresh hidden folder beside ``target`` (same disk: a model is GBs) to unpack
        an archive into; what an import cut short left there is cleared first."""
        prefix = f".unpack-{target.name}-"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            for leftover in target.parent.glob(f"{prefix}*"):
                shutil.rmtree(leftover, ignore_errors=True)
            return Path(tempfile.mkdtemp(dir=target.parent, prefix=prefix))
        except OSError as exc:
            raise cannot_install(entry.name, target, exc) from exc

    def export(self, name: str, dest: Path) -> Path:
        """Write an installed CLIP model's set (weights and text-tower files) as one
        archive with a SHA-256 manifest (:func:`write_set_archive`), to carry it to a
        machine without internet and ``models import`` it there."""
        entry = _entry(name)
        if entry.family != ModelFamily.CLIP:
            raise reasoned(
                ModelUnavailableError,
                ReasonCode.WHISPER_EXPORT,
                name=name,
                path=display(self.location(entry)),
            )
        location = self.location(entry)
        if find_tag_weights(location) is None:
            raise reasoned(
                ModelUnavailableError,
                ReasonCode.NOT_INSTALLED_DOWNLOAD,
                name=name,
                path=display(location),
            )
        from .clip import text_tower_needed
        from .text_tower import TEXT_DIR, text_tower_problem

        if text_tower_needed(entry.arch):
            problem = text_tower_problem(location / TEXT_DIR)
            if problem is not None:
                raise reasoned(
                    ModelUnavailableError, ReasonCode.NOT_COMPLETE_DOWNLOAD, problem, name=name
                )
        dest = Path(dest).expanduser().absolute()
        if dest.is_dir():
            raise reasoned(ModelUnavailableError, ReasonCode.DEST_IS_FOLDER, path=display(dest))
        return write_set_archive(location, entry.name, dest)

    def prepare_queries(self, entry: CatalogEntry, on_note: NoteSink | None = None) -> bool:
        """Make the ONNX export of a CLIP model that has just arrived, so that its first
        query needs no torch (torch is loaded here anyway, to download or check it).
        Whether there is one; a failure is a note, never a failed download or import:
        queries then use torch and say why."""
        from .query_export import make_query_export

        note = on_note or (lambda line: log.info("%s", line))
        try:
            source = resolve_clip_source(
                ClipChoice(entry.arch, entry.tag), self._settings.models_dir
            )
            return make_query_export(
                source, self._settings.models_dir, threads=self._settings.threads, on_note=note
            )
        except Exception as exc:  # the model is installed: say why, go on
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            note(f"queries with {entry.name} use torch: no ONNX export ({reason[:300]})")
            return False

    def remove(self, name: str) -> Path:
        entry = _entry(name)
        target = self.location(entry)
        if not target.exists():
            raise reasoned(
                ModelUnavailableError, ReasonCode.NOT_INSTALLED, name=name, path=display(target)
            )
        shutil.rmtree(target)
        return target


def _entry(name: str) -> CatalogEntry:
    entry = find_entry(name)
    if entry is None:
        known = ", ".join(e.name for e in CATALOG)
        raise reasoned(ModelUnavailableError, ReasonCode.UNKNOWN_MODEL, name=name, known=known)
    return entry


def cannot_install(name: str, target: Path, exc: OSError) -> ModelUnavailableError:
    """The one line for a model that could not be copied into the data dir."""
    return reasoned(
        ModelUnavailableError,
        ReasonCode.CANNOT_INSTALL,
        name=name,
        path=display(target),
        detail=exc.strerror or exc,
    )


def _replace_dir(target: Path, fill: Callable[[Path], None]) -> None:
    """Build the new content beside ``target`` and swap it in: never half a model.

    The staging folder is hidden (``.<name>-…``) and only renamed into place once full, so
    an import cut short (Ctrl+C, a full disk, a crash) leaves no model that looks present;
    what such a cut leaves behind is cleared by the next import of that model.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(target)
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


def _clear_leftovers(target: Path) -> None:
    old = target.with_name(f".{target.name}-old")
    if old.is_dir() and not target.exists():
        os.replace(old, target)  # cut between the two renames: the previous model is back
    for leftover in target.parent.glob(f".{target.name}-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _copy(source: Path, dest: Path) -> None:
    """Copy and flush to disk, so the rename that follows never publishes a file whose
    bytes a power cut could still lose."""
    shutil.copy2(source, dest)
    with open(dest, "rb") as f:
        os.fsync(f.fileno())
