"""The baseline of bench_index.py: photo indexing the way rclip does it.

rclip (github.com/yurijmikhalevich/rclip, ``rclip/main.py`` and ``rclip/model.py``) walks
the folder, and for every batch of 8 new files: ``Image.open`` each one, runs the model's
preprocess on it (a full-resolution decode, then a bicubic resize to 224 px, crop,
normalise), stacks the batch, ``encode_image`` under ``torch.no_grad()``, L2-normalises and
upserts the vectors into SQLite, committing at the end. One thread of control: decoding
and encoding never overlap; torch uses its default thread count (all cores) inside the
model.

The model is the same open_clip ViT-B-32 checkpoint MediaSift loads, with open_clip's own
preprocess, so the two sides differ only in how the work is organised.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from pathlib import Path

import numpy as np
import PIL
import torch
from PIL import Image, ImageFile

ImageFile.LOAD_TRUNCATED_IMAGES = True  # as rclip does
IMAGE_REGEX = re.compile(r"^.+\.(jpe?g|png)$", re.I)
BATCH_SIZE = 8  # rclip's default --indexing-batch-size


def open_clip_name(arch: str) -> str:
    """open_clip's name for ``arch``: an architecture name as it is, or a model config JSON
    (the tests' tiny model, for ``--quick`` runs) registered with open_clip under its stem."""
    if not arch.endswith(".json"):
        return arch
    import open_clip

    config = Path(arch)
    open_clip.add_model_config(config)
    return config.stem


class RclipStyleModel:
    def __init__(self, arch: str, checkpoint: Path) -> None:
        import open_clip

        model, _, preprocess = open_clip.create_model_and_transforms(
            open_clip_name(arch), pretrained=str(checkpoint)
        )
        model.eval()
        self._model = model
        self._preprocess = preprocess

    def compute_image_features(self, images: list[Image.Image]) -> np.ndarray:
        batch = torch.stack([self._preprocess(image) for image in images])
        with torch.no_grad():
            features = self._model.encode_image(batch)
            features /= features.norm(dim=-1, keepdim=True)
        return features.cpu().numpy()


class RclipStyleIndexer:
    def __init__(self, model: RclipStyleModel, database: Path, batch_size: int = BATCH_SIZE):
        self._model = model
        self._batch_size = batch_size
        self._db = sqlite3.connect(database)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS images(id INTEGER PRIMARY KEY, deleted BOOLEAN, "
            "filepath TEXT NOT NULL UNIQUE, modified_at DATETIME NOT NULL, "
            "size INTEGER NOT NULL, vector BLOB NOT NULL)"
        )

    def _index_files(self, paths: list[str], metas: list[tuple[float, int]]) -> int:
        images: list[Image.Image] = []
        kept: list[tuple[str, tuple[float, int]]] = []
        for path, meta in zip(paths, metas, strict=True):
            try:
                images.append(Image.open(path))
                kept.append((path, meta))
            except PIL.UnidentifiedImageError:
                pass
            except Exception as exc:
                print(f"error loading image {path}:", exc, file=sys.stderr)
        if not images:
            return 0
        features = self._model.compute_image_features(images)
        for (path, (mtime, size)), vector in zip(kept, features, strict=True):
            self._db.execute(
                "INSERT INTO images(deleted, filepath, modified_at, size, vector) "
                "VALUES (0, ?, ?, ?, ?) ON CONFLICT(filepath) DO UPDATE SET "
                "deleted=0, modified_at=excluded.modified_at, size=excluded.size, "
                "vector=excluded.vector",
                (path, mtime, size, vector.tobytes()),
            )
        return len(kept)

    def ensure_index(self, directory: Path) -> int:
        indexed = 0
        batch: list[str] = []
        metas: list[tuple[float, int]] = []
        for root, dirs, files in os.walk(directory):
            dirs.sort()
            for name in sorted(files):
                if not IMAGE_REGEX.match(name):
                    continue
                path = os.path.join(root, name)
                stat = os.stat(path)
                batch.append(path)
                metas.append((stat.st_mtime, stat.st_size))
                if len(batch) >= self._batch_size:
                    indexed += self._index_files(batch, metas)
                    batch, metas = [], []
        if batch:
            indexed += self._index_files(batch, metas)
        self._db.commit()
        return indexed

    def close(self) -> None:
        self._db.close()
