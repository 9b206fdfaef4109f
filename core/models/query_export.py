"""The fast query encoder for a model: its ONNX export, and making that export.

:func:`open_query_export` is what a reader (search, similar, the app's engine) tries first:
with a valid export it imports neither torch nor open_clip. :func:`ensure_query_export`
makes a missing or stale export (seconds to a minute, once per model) from a loaded torch
encoder or from the weights on disk, never downloading; it is called when a model is
downloaded or imported (:mod:`manager`) and, in the background, when a process has the
torch model loaded anyway (:mod:`provider`). :func:`export_blocker` says in one line why
no export can be made here, cheaply and before anything heavy is loaded.
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .clip_source import ClipSource
from .onnx_manifest import ExportCheck, check_export, export_folder, export_key, export_lock

log = logging.getLogger(__name__)

EXPORT_NEEDS = ("torch", "open_clip", "onnx")
"""What making an export imports; a query with a valid export needs none of them."""


def open_query_export(source: ClipSource, models_dir: Path, *, threads: int) -> Any | None:
    """The ONNX query encoder of a valid export of ``source``, or None; never exports."""
    folder = export_folder(source, models_dir)
    return _open(folder, check_export(folder, export_key(source)), threads)


def open_index_export(source: ClipSource, models_dir: Path, *, threads: int) -> Any | None:
    """The ONNX encoder indexing uses (:class:`~.onnx_encoder.OnnxIndexEncoder`) from a
    valid export of ``source``, or None; never exports."""
    folder = export_folder(source, models_dir)
    return _open(folder, check_export(folder, export_key(source)), threads, index=True)


def _open(folder: Path, check: ExportCheck, threads: int, *, index: bool = False) -> Any | None:
    """The ONNX encoder of a checked export (imported here: ONNX Runtime only then)."""
    if check.manifest is None:
        return None
    from .onnx_encoder import OnnxIndexEncoder, OnnxQueryEncoder

    kind = OnnxIndexEncoder if index else OnnxQueryEncoder
    return kind(folder, check.manifest, threads=threads)


def export_state(source: ClipSource, models_dir: Path) -> ExportCheck:
    """Whether ``source`` has a valid export now, and if not, why (one line)."""
    return check_export(export_folder(source, models_dir), export_key(source))


def export_blocker(source: ClipSource, models_dir: Path) -> str | None:
    """Why no export of ``source`` can be made on this machine now, in one line; None when
    one can be attempted. Cheap (no import of torch): the weights must be on disk, the
    exporter's packages installed and the export's folder writable."""
    if export_key(source) is None:
        return "the model's weights are not on this machine"
    missing = [name for name in EXPORT_NEEDS if importlib.util.find_spec(name) is None]
    if missing:
        return f"making its ONNX export needs {', '.join(missing)}"
    try:
        with export_lock(export_folder(source, models_dir), wait=False):
            pass
    except BlockingIOError:
        return None  # another process or thread is making it: it can be made
    except OSError as exc:  # a read-only or full data dir
        return f"cannot write its ONNX export ({exc})"
    return None


def ensure_query_export(
    source: ClipSource,
    models_dir: Path,
    *,
    threads: int,
    encoder: Any | None = None,
    on_note: Callable[[str], None] | None = None,
) -> Any | None:
    """An :class:`~mediasift.core.models.onnx_encoder.OnnxQueryEncoder` for ``source``,
    its export made first if need be (:func:`make_query_export`); None when none can be
    had, ``on_note`` having heard why in one line."""
    if not make_query_export(source, models_dir, threads=threads, encoder=encoder, on_note=on_note):
        return None
    return open_query_export(source, models_dir, threads=threads)


def make_query_export(
    source: ClipSource,
    models_dir: Path,
    *,
    threads: int,
    encoder: Any | None = None,
    on_note: Callable[[str], None] | None = None,
) -> bool:
    """Whether ``source`` has a valid export, made now if it had none.

    It is made from ``encoder`` (a loaded :class:`~mediasift.core.models.clip.ClipEncoder`
    of ``source``, if the caller has one) or from the weights on disk, never downloading;
    a second caller (thread or process) waits for the first one's export instead of making
    its own. False when it cannot be made (:func:`export_blocker`) or failed its check
    against torch; ``on_note`` then gets the reason in one line.
    """
    note = on_note or (lambda line: log.info("%s", line))
    folder = export_folder(source, models_dir)
    if check_export(folder, export_key(source)).manifest is not None:
        return True
    blocker = export_blocker(source, models_dir)
    if blocker is not None:
        note(f"queries with {source.label} use torch: {blocker}")
        return False
    try:
        with export_lock(folder):
            check = check_export(folder, export_key(source))  # another one made it meanwhile?
            if check.manifest is None:
                _clear_staging(folder)  # left by an export cut short (a killed process)
                note(f"preparing {source.label} for fast queries (once): {check.reason}")
                check = _export(source, folder, threads, encoder, note)
    except OSError as exc:  # the data dir became unwritable or full meanwhile
        note(f"queries with {source.label} use torch: cannot write its ONNX export ({exc})")
        return False
    return check.manifest is not None


def _clear_staging(folder: Path) -> None:
    for leftover in folder.glob(".staging-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _export(
    source: ClipSource,
    folder: Path,
    threads: int,
    encoder: Any | None,
    note: Callable[[str], None],
) -> ExportCheck:
    from ..errors import MediaSiftError
    from .onnx_export import ExportError

    key = export_key(source)  # taken before the weights are read: a swap makes it stale
    if key is None:
        return ExportCheck(None, "the model's weights are not on this machine")
    try:
        if encoder is None:
            from .clip import load_clip_encoder

            encoder = load_clip_encoder(source, offline=True, threads=threads)
        manifest = encoder.export_onnx(folder, key, threads=threads)
    except (ExportError, MediaSiftError, OSError) as exc:
        note(f"queries with {source.label} use torch: no ONNX export ({exc})")
        return ExportCheck(None, str(exc))
    check = check_export(folder, export_key(source))
    if check.manifest is None or check.manifest["key"] != manifest["key"]:
        note(f"queries with {source.label} use torch: the weights changed during the export")
        return ExportCheck(None, "the weights changed during the export")
    return check
