"""The fast query encoder for a model: its ONNX export, made first if it has to be.

:func:`ensure_query_export` is what a reader (search, similar, the app's engine) calls
before falling back to torch. With a valid export it imports neither torch nor open_clip;
without one it exports (seconds to a minute, once per model) only when torch, open_clip
and the weights are all here, and otherwise returns None so that the caller loads the
torch encoder and says why in one line.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .clip_source import ClipSource
from .onnx_manifest import check_export, export_folder, export_key, export_lock

log = logging.getLogger(__name__)

EXPORT_NEEDS = ("torch", "open_clip", "onnx")
"""What making an export imports; a query with a valid export needs none of them."""


def open_query_export(source: ClipSource, models_dir: Path, *, threads: int) -> Any | None:
    """The ONNX encoder of a valid export of ``source``, or None; never exports."""
    folder = export_folder(source, models_dir)
    return _open(folder, check_export(folder, export_key(source)), threads)


def _open(folder: Path, check: Any, threads: int) -> Any | None:
    """The ONNX encoder of a checked export (imported here: ONNX Runtime only then)."""
    if check.manifest is None:
        return None
    from .onnx_encoder import OnnxQueryEncoder

    return OnnxQueryEncoder(folder, check.manifest, threads=threads)


def ensure_query_export(
    source: ClipSource,
    models_dir: Path,
    *,
    threads: int,
    encoder: Any | None = None,
    on_note: Callable[[str], None] | None = None,
) -> Any | None:
    """An :class:`~mediasift.core.models.onnx_encoder.OnnxQueryEncoder` for ``source``.

    A valid export is opened as it is. Otherwise one is made from ``encoder`` (a loaded
    :class:`~mediasift.core.models.clip.ClipEncoder` of ``source``, if the caller has one)
    or from the weights on disk, never downloading. None when it cannot be made: the
    weights are absent, torch, open_clip or onnx is missing, or the export failed its
    check against torch; ``on_note`` then gets the reason in one line.
    """
    note = on_note or (lambda line: log.info("%s", line))
    folder = export_folder(source, models_dir)
    key = export_key(source)
    check = check_export(folder, key)
    if check.manifest is None and key is not None:
        missing = [name for name in EXPORT_NEEDS if importlib.util.find_spec(name) is None]
        if missing:
            note(
                f"queries with {source.label} use torch: {check.reason}, and making one "
                f"needs {', '.join(missing)}"
            )
            return None
        try:
            with export_lock(folder):
                check = check_export(folder, export_key(source))  # another process made it?
                if check.manifest is None:
                    note(f"preparing {source.label} for fast queries (once): {check.reason}")
                    check = _export(source, folder, threads, encoder, note)
        except OSError as exc:  # a read-only or full data dir: queries still work, on torch
            note(f"queries with {source.label} use torch: cannot write its ONNX export ({exc})")
            return None
    if check.manifest is None and key is None:
        note(f"queries with {source.label} use torch: {check.reason}")
    return _open(folder, check, threads)


def _export(
    source: ClipSource,
    folder: Path,
    threads: int,
    encoder: Any | None,
    note: Callable[[str], None],
) -> Any:
    from ..errors import MediaSiftError
    from .onnx_export import ExportError, export_query_model
    from .onnx_manifest import ExportCheck

    key = export_key(source)  # taken before the weights are read: a swap makes it stale
    try:
        if encoder is None:
            from .clip import load_clip_encoder

            encoder = load_clip_encoder(source, offline=True, threads=threads)
        # ClipEncoder keeps the open_clip model and tokenizer it encodes with; the export
        # is made from those very objects.
        manifest = export_query_model(
            encoder._model,
            encoder._tokenizer,
            folder,
            key,
            label=source.label,
            threads=threads,
        )
    except (ExportError, MediaSiftError, OSError) as exc:
        note(f"queries with {source.label} use torch: no ONNX export ({exc})")
        return ExportCheck(None, str(exc))
    check = check_export(folder, export_key(source))
    if check.manifest is None or check.manifest["key"] != manifest["key"]:
        note(f"queries with {source.label} use torch: the weights changed during the export")
        return ExportCheck(None, "the weights changed during the export")
    return check
