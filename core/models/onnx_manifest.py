"""Where a model's ONNX export lives and whether it still belongs to the model's weights.

An export is a folder holding the text and image towers (``text.onnx``, ``image.onnx``,
each with its weights in a ``.data`` file beside it), the tokenizer's file and
``manifest.json``, written last; the manifest lists every file with its size and SHA-256.
Its ``key`` ties the export to what it was made from: the export format, the model's
identity, the weights file's path, size and modification time (a replaced or re-downloaded
file changes them; hashing 600 MB on every query would cost a second), the custom model
config's SHA-256 and open_clip's version (its tokenizer and transforms are what the export
reproduces). A query uses an export only if its key equals the one computed now and every
file it lists has its recorded size; anything else is stale and never used. Nothing here
imports torch.

* a pretrained tag: ``<data dir>/models/clip/<arch>/<tag>/onnx/`` (removed with the model)
* a weights file of the user's: ``<data dir>/models/onnx/<hash of the model id>/``
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .clip_source import ClipSource, find_tag_weights

EXPORT_FORMAT = 1
"""Bumped whenever what an export holds or how it is read changes: older ones are stale."""
MANIFEST = "manifest.json"
TEXT_FILE = "text.onnx"
IMAGE_FILE = "image.onnx"


@dataclass(frozen=True)
class ExportCheck:
    manifest: dict[str, Any] | None
    """The manifest of a valid export; None when there is none usable."""
    reason: str
    """Why there is none (for the one-line note); empty when valid."""


def export_folder(source: ClipSource, models_dir: Path) -> Path:
    if source.tag_dir is not None:
        return source.tag_dir / "onnx"
    digest = hashlib.sha256(source.model_id.encode("utf-8")).hexdigest()[:16]
    return models_dir / "onnx" / digest


def weights_file(source: ClipSource) -> Path | None:
    """The weights on disk now (a tag's may have been downloaded since it was resolved)."""
    if source.weights_present:
        return source.weights_path
    if source.tag_dir is not None:
        return find_tag_weights(source.tag_dir)
    return None


def export_key(source: ClipSource) -> dict[str, Any] | None:
    """What a valid export's manifest must record; None if the weights are not on disk."""
    weights = weights_file(source)
    if weights is None:
        return None
    try:
        stat = weights.stat()
        config_sha = (
            hashlib.sha256(source.config_path.read_bytes()).hexdigest()
            if source.config_path is not None
            else None
        )
    except OSError:
        return None
    return {
        "format": EXPORT_FORMAT,
        "model_id": source.model_id,
        "weights": {"path": str(weights), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns},
        "config_sha256": config_sha,
        "open_clip": _version("open_clip_torch"),
    }


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def check_export(folder: Path, key: dict[str, Any] | None) -> ExportCheck:
    """The export in ``folder`` if it was made from exactly what ``key`` describes."""
    if key is None:
        return ExportCheck(None, "the model's weights are not on this machine")
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ExportCheck(None, "no ONNX export yet")
    except (OSError, ValueError) as exc:
        return ExportCheck(None, f"the ONNX export's manifest is unreadable ({exc})")
    if not isinstance(manifest, dict) or not _same_key(manifest.get("key"), key):
        return ExportCheck(None, "the ONNX export was made from other weights or software")
    for entry in manifest.get("files", []):
        path = folder / entry["file"]
        try:
            size = path.stat().st_size
        except OSError:
            return ExportCheck(None, f"the ONNX export lacks {entry['file']}")
        if size != entry["size"]:
            return ExportCheck(None, f"the ONNX export's {entry['file']} is damaged")
    return ExportCheck(manifest, "")


def _same_key(recorded: object, now: dict[str, Any]) -> bool:
    """Equal keys; an open_clip version is compared only where open_clip is installed (a
    machine without it cannot index either, so its vectors can only be the export's)."""
    if not isinstance(recorded, dict):
        return False
    if now.get("open_clip") is None:
        recorded = {**recorded, "open_clip": None}
    return recorded == now


def file_entry(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return {"file": path.name, "size": path.stat().st_size, "sha256": digest.hexdigest()}


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    """Write, flush and rename: a reader sees the old file or the whole new one."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        os.fchmod(handle, 0o644)  # mkstemp's 0600 is for secrets; this is not one
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


@contextlib.contextmanager
def export_lock(folder: Path, *, wait: bool = True) -> Iterator[None]:
    """One export of a model at a time: a second process or thread waits, then finds it
    made. With ``wait=False``, :class:`BlockingIOError` if the export is being made now.
    (``flock`` locks belong to the open file, so two threads of a process exclude each
    other too.)"""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".export.lock", "a+") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: exports are atomic file by file anyway
            yield
            return
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
