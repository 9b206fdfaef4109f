"""Model files for the import tests: a real-size CLIP checkpoint and damaged copies.

No real weights can be downloaded in tests, so "a good ViT-B-32 file" is ViT-B-32 with
random weights: the real architecture, names and shapes, which is all an import can check
when the catalog records no checksum. It is 600 MB, so it is built once per test session
in the session's base temp folder, whichever test asks first.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def random_clip_checkpoint(tmp_path_factory: pytest.TempPathFactory, arch: str) -> Path:
    """``arch`` with random weights, saved as open_clip saves a state dict."""
    import open_clip
    import torch

    folder = tmp_path_factory.getbasetemp() / "random-clip"
    target = folder / f"{arch}-random.pt"
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    model = open_clip.create_model(arch)
    part = target.with_suffix(".part")
    torch.save(model.state_dict(), part)
    os.replace(part, target)
    return target


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
