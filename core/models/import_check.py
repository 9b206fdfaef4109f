"""What ``models import`` checks before a file or folder becomes a model in the data dir.

An import used to accept any file and call the model "here"; the mistake surfaced later,
in an index run, as open_clip's ``text pos_embed width changed!``. Now a file is checked
against what its name means before anything is copied:

* where the catalog records the published file (size and SHA-256), byte for byte;
* a CLIP checkpoint is read (memory-mapped) and fitted to the named architecture exactly
  as the real load fits it (:func:`mediasift.core.models.clip.check_clip_weights`);
* a Whisper folder must hold every file faster-whisper needs, complete, of the named size
  (:func:`mediasift.core.models.whisper_check.check_whisper_folder`).

A refusal is one line naming what was expected; torch is imported only for a CLIP file.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ModelUnavailableError, reasoned
from ..paths import display
from ..reasons import Reason, ReasonCode
from .catalog import CatalogEntry, KnownFile, ModelFamily
from .clip_source import WEIGHT_SUFFIXES
from .download import file_sha256
from .refusal import ModelRefused
from .whisper_check import check_whisper_folder


def check_import(entry: CatalogEntry, path: Path) -> None:
    """Raise a one-line error unless ``path`` is usable as ``entry``'s model."""
    if entry.family == ModelFamily.WHISPER:
        check_whisper_folder(path, entry.name)
        _check_known(path / "model.bin", entry, shown=path)
        return
    if not path.is_file() or not path.name.endswith(WEIGHT_SUFFIXES):
        raise reasoned(
            ModelUnavailableError,
            ReasonCode.NOT_A_CHECKPOINT,
            path=display(path),
            suffixes=", ".join(WEIGHT_SUFFIXES),
        )
    from .clip import check_clip_weights

    try:
        _check_known(path, entry, shown=path)
    except ModelRefused:
        # Not the published bytes; if it is not even this architecture, say that instead.
        check_clip_weights(path, entry.arch, as_what=entry.name)
        raise
    if entry.known_file is None:
        check_clip_weights(path, entry.arch, as_what=entry.name)


def check_clip_set(entry: CatalogEntry, folder: Path) -> None:
    """Raise a one-line error unless ``folder`` (weights, and ``text/`` where the model
    has a Hugging Face text tower) is ``entry``'s complete set: the checkpoint checked as
    a lone file is, the text files present and parseable, and the checkpoint fitted to the
    architecture built from those very files."""
    from .clip import check_clip_weights, text_tower_needed
    from .clip_source import find_tag_weights
    from .text_tower import TEXT_DIR, text_tower_problem

    weights = find_tag_weights(folder)
    if weights is None:
        raise reasoned(
            ModelUnavailableError,
            ReasonCode.NOT_A_CHECKPOINT_NOR_FOLDER,
            path=display(folder),
            suffixes=", ".join(WEIGHT_SUFFIXES),
        )
    _check_known(weights, entry, shown=weights)
    text_dir: Path | None = None
    if text_tower_needed(entry.arch):
        text_dir = folder / TEXT_DIR
        problem = text_tower_problem(text_dir)
        if problem is not None:
            why = Reason.of(
                ReasonCode.MODEL_INCOMPLETE, problem, folder=display(folder), name=entry.name
            )
            raise ModelUnavailableError(str(why), why=why)
    check_clip_weights(weights, entry.arch, as_what=entry.name, text_dir=text_dir)


def _check_known(path: Path, entry: CatalogEntry, *, shown: Path) -> None:
    known = entry.known_file
    if known is None:
        return
    problem = known_file_problem(path, known)
    if problem is not None:
        what = f"Whisper {entry.name}" if entry.family == ModelFamily.WHISPER else entry.name
        raise ModelRefused(shown, what, problem)


def known_file_problem(path: Path, known: KnownFile) -> Reason | None:
    """How ``path`` differs from the published ``known`` file, or None when it is it. The
    size is compared first: a wrong file is refused without reading it through."""
    size = path.stat().st_size
    expected = {"file": known.name, "size": human_size(known.size), "checksum": known.sha256}
    if size != known.size:
        return Reason.of(ReasonCode.KNOWN_FILE_SIZE, **expected, got=human_size(size))
    digest = file_sha256(path)
    if digest != known.sha256.lower():
        return Reason.of(ReasonCode.KNOWN_FILE_DIGEST, **expected, found=digest)
    return None


def human_size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    return f"{size / 1_000_000:.0f} MB"
