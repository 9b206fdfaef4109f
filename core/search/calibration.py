"""Putting similarities of different kinds on one scale.

Raw cosine similarities cannot be compared across kinds of segment. With CLIP, a typed
description scores about 0.2-0.35 against matching photos, but about 0.7-0.95 against any
other sentence embedded by the same text tower, and an example image scores 0.5-0.9
against photos. Ranking raw numbers would put every transcript line above every photo.

So every raw similarity is turned into a robust z-score (median and MAD) against a
*background*: the similarities
of the same query to a random sample of the library's segments of the same embedding
type (:class:`BackgroundSampler` keeps one sample per model and type; photos and video
frames are both image embeddings and share one). A score of 4 means "four standard
deviations above a typical item of its kind", which is comparable whether the item is a
photo, a video frame or a spoken line, and which also makes a ``--min-score`` threshold
mean the same thing from one query to the next.

Two guards keep small libraries sane:

* the spread is shrunk toward a prior (:data:`PRIOR_STD`, worth :data:`PRIOR_WEIGHT`
  samples), so a handful of items cannot produce a tiny deviation and huge scores;
* a near-duplicate of an example image (cosine >= :data:`NEAR_DUPLICATE`) is a strong
  match by definition, however few items there are to compare it with.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

import numpy as np

from ..kinds import SegmentKind
from ..store.records import ModelRecord
from ..store.store import Store

SAMPLE_SIZE = 512
SAMPLE_TTL_S = 600.0
SIGMA_FLOOR = 0.01
PRIOR_STD = 0.05
"""The typical spread of CLIP similarities across a library (all kinds, measured)."""
PRIOR_WEIGHT = 8
NEAR_DUPLICATE = 0.95
NEAR_DUPLICATE_SCORE = 8.0
NEAR_DUPLICATE_SLOPE = 40.0

# Photos and video frames are both image embeddings: one background serves both.
EMBEDDING_TYPE = {
    SegmentKind.IMAGE: (SegmentKind.IMAGE, SegmentKind.FRAME),
    SegmentKind.FRAME: (SegmentKind.IMAGE, SegmentKind.FRAME),
    SegmentKind.SPEECH: (SegmentKind.SPEECH,),
}


def near_duplicate_score(similarity: float) -> float | None:
    """The score of an image this close to the example image, if it is a near-duplicate."""
    if similarity < NEAR_DUPLICATE:
        return None
    return NEAR_DUPLICATE_SCORE + (similarity - NEAR_DUPLICATE) * NEAR_DUPLICATE_SLOPE


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
        kinds = EMBEDDING_TYPE[kind]
        key = (model.id, kinds[0])
        cached = self._cache.get(key)
        if cached is not None and time.monotonic() - cached[0] < SAMPLE_TTL_S:
            return cached[1]
        ids = [
            segment_id
            for each in kinds
            for segment_id in self._store.catalog.sample_segment_ids(
                each, self._size // len(kinds), self._random
            )
        ]
        found = self._store.vectors.vectors(model, ids)
        matrix = np.stack(list(found.values())) if found else np.zeros((0, model.dim), np.float32)
        self._cache[key] = (time.monotonic(), matrix)
        return matrix

    def background(self, model: ModelRecord, kind: SegmentKind, query: np.ndarray) -> Background:
        sample = self.sample(model, kind)
        if len(sample) == 0:
            return Background(0.0, 1.0)
        sims = sample @ query
        n = len(sims)
        # Median and MAD, not mean and std: the relevant items are in the sample too, and
        # as outliers they would inflate the spread and deflate their own scores.
        center = float(np.median(sims))
        spread = 1.4826 * float(np.median(np.abs(sims - center)))
        variance = (n * spread**2 + PRIOR_WEIGHT * PRIOR_STD**2) / (n + PRIOR_WEIGHT)
        return Background(center, max(variance**0.5, SIGMA_FLOOR))

    def forget(self) -> None:
        """Drop cached samples (after indexing changed the library a lot)."""
        self._cache.clear()
