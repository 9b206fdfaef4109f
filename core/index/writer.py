"""The writer half of indexing: apply one batch of outcomes in one transaction.

Only this module (on the indexing thread) writes index results. A batch commits as a whole,
so a crash loses at most the batch in flight, whose files are still ``pending`` and are
picked up by the next run.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import numpy as np

from ..kinds import MediaKind, MediaStatus, SegmentKind
from ..store.records import ModelRecord
from ..store.store import Store
from ..store.vectors import VectorRow
from .prepare import Failed, MediaQueued, Outcome, PhotoReady, Reuse


class Result(StrEnum):
    INDEXED = "indexed"
    REUSED = "reused"
    FAILED = "failed"
    QUEUED = "queued"
    """A video or recording, handed on to the frame and speech phases."""
    WAITING = "waiting"


class BatchWriter:
    def __init__(self, store: Store, model: ModelRecord) -> None:
        self._store = store
        self._model = model

    def write(
        self, photos: Sequence[PhotoReady], vectors: np.ndarray, others: Sequence[Outcome]
    ) -> list[tuple[Outcome, Result]]:
        results: list[tuple[Outcome, Result]] = []
        with self._store.transaction():
            for photo, vector in zip(photos, vectors, strict=True):
                self._write_photo(photo, vector)
                results.append((photo, Result.INDEXED))
            for outcome in others:
                results.append((outcome, self._write_other(outcome)))
        return results

    def _write_photo(self, photo: PhotoReady, vector: np.ndarray) -> None:
        media_id = photo.item.media_id
        existing = self._store.catalog.image_segment(media_id)
        if existing is not None and photo.content_hash == photo.item.content_hash:
            # Same content, new model: add this model's vector beside the other models'.
            segment_id = existing
            self._store.vectors.remove(self._model, [segment_id])
        else:
            self._store.clear_segments(media_id)
            segment_id = self._store.catalog.add_segment(media_id, SegmentKind.IMAGE)
        self._store.vectors.add(
            self._model,
            [VectorRow(segment_id, SegmentKind.IMAGE, MediaKind.PHOTO, photo.taken_at, vector)],
        )
        self._store.catalog.set_indexed(
            media_id,
            kind=MediaKind.PHOTO,
            content_hash=photo.content_hash,
            width=photo.width,
            height=photo.height,
            duration_s=None,
            taken_at=photo.taken_at,
        )
        self._store.catalog.record_vectors(media_id, self._model.id)

    def _write_other(self, outcome: Outcome) -> Result:
        catalog = self._store.catalog
        media_id = outcome.item.media_id
        if isinstance(outcome, Failed):
            # Whatever was indexed before described content that is no longer there.
            self._store.clear_segments(media_id)
            catalog.set_failed(
                media_id,
                outcome.reason,
                kind=outcome.kind,
                content_hash=outcome.content_hash,
                retry=outcome.retry,
            )
            return Result.FAILED
        if isinstance(outcome, MediaQueued):
            self._queue(outcome)
            return Result.QUEUED
        if isinstance(outcome, Reuse):
            return self._reuse(outcome)
        raise TypeError(f"unexpected outcome {outcome!r}")

    def _queue(self, queued: MediaQueued) -> None:
        catalog = self._store.catalog
        item = queued.item
        if queued.content_hash == item.content_hash:
            # Same content: keep what is done (a transcript half made before a crash); a
            # new CLIP model only needs the frames embedded again.
            if queued.kind == MediaKind.VIDEO and not item.embedded:
                catalog.requeue_frames(item.media_id)
            return
        self._store.clear_segments(item.media_id)
        catalog.queue_parts(item.media_id, queued.kind, queued.content_hash)

    def _reuse(self, outcome: Reuse) -> Result:
        catalog = self._store.catalog
        media_id = outcome.item.media_id
        if outcome.source is None:
            catalog.mark_unchanged(media_id)
            return Result.REUSED
        # The worker's hint may be stale (another copy adopted the same moved file in this
        # batch), so ask again inside the transaction.
        source = catalog.find_reusable(
            outcome.content_hash, outcome.item.size, self._model.id, media_id
        )
        if source is None:
            return Result.WAITING
        self._store.clear_segments(media_id)
        if source.status == MediaStatus.MISSING or not source.path.exists():
            # A move: the old name is gone (maybe not yet noticed, when a watcher reports
            # the new name first). Its segments and vectors move over as they are.
            catalog.adopt(media_id, source.media_id)
        else:
            pairs = catalog.copy_segments(media_id, source.media_id)
            self._store.vectors.copy(self._model, pairs)
            self._store.copy_fulltext(pairs)
            catalog.record_vectors(media_id, self._model.id)
        # What was read in the picture came along; the name is this file's own.
        self._store.forget_names(media_id)
        return Result.REUSED
