"""Putting similarities of different kinds on one scale.

Raw cosine similarities cannot be compared across kinds of segment. With CLIP, a typed
description scores about 0.2-0.35 against matching photos, but about 0.7-0.95 against any
other sentence embedded by the same text tower, and an example image scores 0.5-0.9
against photos. Ranking raw numbers would put every transcript line above every photo.

So every raw similarity is turned into a z-score against a *background*: the similarities
of the same query to a random sample of the library's segments of the same kind
(:class:`BackgroundSampler` keeps one sample per model and kind). A score of 4 means
"four standard deviations above a typical item of its kind", which is comparable whether
the item is a photo, a video frame or a spoken line, and which also makes a
``--min-score`` threshold mean the same thing from one query to the next.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

import numpy as np

from mediasift.core.kinds import SegmentKind
from mediasift.core.store import Store
from mediasift.core.store.records import ModelRecord

SAMPLE_SIZE = 512
SAMPLE_TTL_S = 600.0
SIGMA_FLOOR = 0.02
"""Keeps scores finite in a tiny library where every item is alike."""


@dataclass(frozen=True)
class Background:
    mean: float
    std: float

    def z(self, similarity: float | np.ndarray) -> float | np.ndarray:
        return (similarity - self.mean) / self.std


class BackgroundSampler:
    """Random vectors of each kind, cached for a while (sampling costs a table scan)."""

    def __init__(self, store: Store, sample_size: int = SAMPLE_SIZE) -> None:
        self._store = store
        self._size = sample_size
        self._cache: dict[tuple[int, SegmentKind], tuple[float, np.ndarray]] = {}
        self._random = random.Random(0)

    def sample(self, model: ModelRecord, kind: SegmentKind) -> np.ndarray:
        key = (model.id, kind)
        cached = self._cache.get(key)
        if cached is not None and time.monotonic() - cached[0] < SAMPLE_TTL_S:
            return cached[1]
        ids = self._store.catalog.sample_segment_ids(kind, self._size, self._random)
        found = self._store.vectors.vectors(model, ids)
        matrix = np.stack(list(found.values())) if found else np.zeros((0, model.dim), np.float32)
        self._cache[key] = (time.monotonic(), matrix)
        return matrix

    def background(self, model: ModelRecord, kind: SegmentKind, query: np.ndarray) -> Background:
        sample = self.sample(model, kind)
        if len(sample) == 0:
            return Background(0.0, 1.0)
        sims = sample @ query
        return Background(float(sims.mean()), max(float(sims.std()), SIGMA_FLOOR))

    def forget(self) -> None:
        """Drop cached samples (after indexing changed the library a lot)."""
        self._cache.clear()
