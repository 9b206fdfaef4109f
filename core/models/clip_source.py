"""Which CLIP weights a :class:`ClipChoice` means, and the identity their vectors carry.

This module never imports torch: the identity of a model (the ``model_id`` stored with
every vector) and whether its weights are on disk must be known for ``status`` and for
scanning, long before the model is loaded.

* ``ViT-B-32`` + ``laion2b_s34b_b79k`` (an open_clip pretrained tag): the weights live in
  ``<data dir>/models/clip/ViT-B-32/laion2b_s34b_b79k/``; identity ``ViT-B-32:laion2b_s34b_b79k``.
* ``ViT-B-32`` + ``/path/weights.pt``: identity ``ViT-B-32:file-<content fingerprint>``, so
  two different checkpoints never share vectors even if they share a file name.
* ``/path/config.json`` + weights file: an open_clip model-config JSON registered under
  its file stem; identity ``<stem>#<config hash>:file-<fingerprint>``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..config import ClipChoice
from ..errors import ModelLoadError, ModelUnavailableError, reasoned
from ..reasons import ReasonCode
from ..scan.fingerprint import fingerprint_file

WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".ckpt")


@dataclass(frozen=True)
class ClipSource:
    arch: str
    """The open_clip model name (a built-in, or the stem of ``config_path``)."""
    config_path: Path | None
    tag: str | None
    weights_path: Path | None
    """A local checkpoint; ``None`` while a tag's weights are still to be downloaded."""
    tag_dir: Path | None
    """Where a tag's weights are (or will be) kept in the data dir."""
    model_id: str
    label: str

    @property
    def weights_present(self) -> bool:
        return self.weights_path is not None and self.weights_path.is_file()

    def as_choice(self) -> ClipChoice:
        """The choice that resolves to this source again (config path or architecture,
        tag or weights file): what a library remembers of the model it was indexed with."""
        model = str(self.config_path) if self.config_path else self.arch
        weights = self.tag if self.tag else str(self.weights_path)
        return ClipChoice(model, weights)


def _looks_like_path(value: str) -> bool:
    return value.endswith(WEIGHT_SUFFIXES) or "/" in value or "\\" in value or Path(value).exists()


def find_tag_weights(tag_dir: Path) -> Path | None:
    """A complete checkpoint in ``tag_dir`` (``.part`` files are unfinished downloads)."""
    if not tag_dir.is_dir():
        return None
    for candidate in sorted(tag_dir.iterdir()):
        if candidate.is_file() and candidate.name.endswith(WEIGHT_SUFFIXES):
            return candidate
    return None


def resolve_clip_source(choice: ClipChoice, models_dir: Path) -> ClipSource:
    """Interpret the user's choice; raises a one-line error for an unusable one."""
    config_path: Path | None = None
    arch = choice.model
    arch_id = arch
    if choice.model.lower().endswith(".json"):
        config_path = Path(choice.model).expanduser().absolute()
        if not config_path.is_file():
            raise reasoned(ModelUnavailableError, ReasonCode.CLIP_CONFIG_MISSING, path=config_path)
        raw = config_path.read_bytes()
        try:
            config = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise reasoned(
                ModelLoadError, ReasonCode.CLIP_CONFIG_NOT_JSON, path=config_path, detail=exc
            ) from exc
        if not isinstance(config, dict) or "vision_cfg" not in config or "text_cfg" not in config:
            raise reasoned(ModelLoadError, ReasonCode.CLIP_CONFIG_NOT_OPEN_CLIP, path=config_path)
        arch = config_path.stem
        arch_id = f"{arch}#{hashlib.blake2b(raw, digest_size=4).hexdigest()}"

    weights = choice.weights
    if weights is None:
        if config_path is not None:
            raise reasoned(
                ModelUnavailableError, ReasonCode.CLIP_CONFIG_NEEDS_WEIGHTS, path=config_path
            )
        weights = default_tag(arch)

    if _looks_like_path(weights):
        weights_path = Path(weights).expanduser().absolute()
        if not weights_path.is_file():
            raise reasoned(
                ModelUnavailableError,
                ReasonCode.CLIP_WEIGHTS_FILE_MISSING,
                path=weights_path,
                arch=arch,
            )
        fingerprint = fingerprint_file(weights_path)
        return ClipSource(
            arch=arch,
            config_path=config_path,
            tag=None,
            weights_path=weights_path,
            tag_dir=None,
            model_id=f"{arch_id}:file-{fingerprint}",
            label=f"{arch} ({weights_path.name})",
        )

    if config_path is not None:
        raise reasoned(ModelUnavailableError, ReasonCode.CLIP_CONFIG_NEEDS_FILE, weights=weights)
    tag_dir = models_dir / "clip" / arch / weights
    return ClipSource(
        arch=arch,
        config_path=None,
        tag=weights,
        weights_path=find_tag_weights(tag_dir),
        tag_dir=tag_dir,
        model_id=f"{arch}:{weights}",
        label=f"{arch} ({weights})",
    )


def default_tag(arch: str) -> str:
    """open_clip's first pretrained tag for ``arch`` (imports open_clip, hence torch)."""
    import open_clip

    tags = open_clip.list_pretrained_tags_by_model(arch)
    if not tags:
        raise reasoned(ModelUnavailableError, ReasonCode.CLIP_NO_PRETRAINED, arch=arch)
    return tags[0]
