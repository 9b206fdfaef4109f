"""A CLIP model's set of files as one archive, to carry to a machine without internet.

A model that needs more than its weights (a Hugging Face text tower's config and
tokenizer, :mod:`.text_tower`) is only usable offline with all of them, so ``models
export`` writes them as one uncompressed tar (the weights do not compress) whose first
member, :data:`MANIFEST`, records the SHA-256 of every other file. ``models import``
unpacks it aside, refuses it in one line if a file is missing, extra, unsafe or not the
bytes the manifest names, and only then checks it as a model. The ONNX export is left
out: it is remade from the weights where they arrive.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tarfile
from pathlib import Path

from ..errors import ModelUnavailableError, reasoned
from ..paths import display
from ..reasons import ReasonCode
from .clip_source import WEIGHT_SUFFIXES, find_tag_weights
from .download import file_sha256
from .text_tower import TEXT_DIR

MANIFEST = "mediasift-model.json"
ARCHIVE_FORMAT = 1


def set_files(folder: Path) -> list[Path]:
    """The files of a model set in ``folder``: its checkpoint and its text tower's files,
    as paths relative to ``folder``."""
    weights = find_tag_weights(folder)
    files = [weights.relative_to(folder)] if weights is not None else []
    text = folder / TEXT_DIR
    if text.is_dir():
        files += sorted(
            p.relative_to(folder)
            for p in text.iterdir()
            if p.is_file() and not p.name.endswith(".part")
        )
    return files


def is_set_archive(path: Path) -> bool:
    """A file that is an archive rather than a lone checkpoint (torch's legacy format was
    a tar too, hence the name's suffix first)."""
    if not path.is_file() or path.name.endswith(WEIGHT_SUFFIXES):
        return False
    return path.suffix == ".tar" or tarfile.is_tarfile(path)


def write_set_archive(folder: Path, name: str, dest: Path) -> Path:
    """Write ``folder``'s set as one tar at ``dest`` (whole or not at all)."""
    files = set_files(folder)
    manifest = {
        "format": ARCHIVE_FORMAT,
        "model": name,
        "files": {str(rel): file_sha256(folder / rel) for rel in files},
    }
    body = json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8")
    part = dest.with_name(dest.name + ".part")
    try:
        with tarfile.open(part, "w", format=tarfile.PAX_FORMAT) as tar:
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
            for rel in files:
                tar.add(folder / rel, arcname=str(rel), recursive=False)
        os.replace(part, dest)
    except OSError as exc:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        raise reasoned(
            ModelUnavailableError,
            ReasonCode.CANNOT_WRITE_FILE,
            path=display(dest),
            detail=exc.strerror or exc,
        ) from exc
    return dest


def extract_set_archive(archive: Path, name: str, into: Path) -> None:
    """Unpack ``archive`` into the empty folder ``into`` and verify it against its
    manifest; a one-line refusal names what is wrong."""
    shown = display(archive)
    try:
        with tarfile.open(archive, "r:") as tar:
            members = tar.getmembers()
            head = tar.extractfile(members[0]) if members else None
            if head is None or members[0].name != MANIFEST:
                raise reasoned(ModelUnavailableError, ReasonCode.NOT_A_MODEL_ARCHIVE, path=shown)
            manifest = json.loads(head.read().decode("utf-8"))
            files = manifest.get("files") if isinstance(manifest, dict) else None
            if not isinstance(files, dict):
                raise reasoned(ModelUnavailableError, ReasonCode.NO_VALID_MANIFEST, path=shown)
            names = {m.name for m in members[1:]}
            if names != set(files):
                raise reasoned(
                    ModelUnavailableError,
                    ReasonCode.ARCHIVE_MISMATCH,
                    path=shown,
                    missing=sorted(set(files) - names) or "none",
                    extra=sorted(names - set(files)) or "none",
                )
            tar.extractall(into, members=members[1:], filter="data")
    except ModelUnavailableError:
        raise
    except (tarfile.TarError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise reasoned(
            ModelUnavailableError, ReasonCode.ARCHIVE_DAMAGED, path=shown, detail=str(exc)[:200]
        ) from exc
    except OSError as exc:
        raise reasoned(
            ModelUnavailableError,
            ReasonCode.CANNOT_UNPACK,
            path=shown,
            detail=exc.strerror or exc,
        ) from exc
    if manifest.get("model") != name:
        raise reasoned(
            ModelUnavailableError,
            ReasonCode.ARCHIVE_OTHER_MODEL,
            path=shown,
            held=manifest.get("model"),
            name=name,
        )
    verify_set(into, files, shown)


def verify_set(folder: Path, files: dict[str, str], shown: str) -> None:
    """Every file of the manifest present in ``folder`` with its recorded SHA-256."""
    for rel, sha in sorted(files.items()):
        path = folder / rel
        if not path.is_file():
            raise reasoned(ModelUnavailableError, ReasonCode.SET_FILE_MISSING, path=shown, file=rel)
        if file_sha256(path) != str(sha).lower():
            raise reasoned(
                ModelUnavailableError, ReasonCode.SET_FILE_CHECKSUM, path=shown, file=rel
            )


def verify_set_folder(folder: Path, name: str) -> None:
    """A set copied as a folder (an unpacked archive keeps its manifest): checked against
    its manifest when it has one."""
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        return
    shown = display(folder)
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise reasoned(
            ModelUnavailableError,
            ReasonCode.MANIFEST_DAMAGED,
            manifest=f"{shown}/{MANIFEST}",
            detail=exc,
        ) from exc
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or manifest.get("model") != name:
        raise reasoned(
            ModelUnavailableError,
            ReasonCode.MANIFEST_OTHER_MODEL,
            manifest=f"{shown}/{MANIFEST}",
            name=name,
        )
    verify_set(folder, files, shown)
