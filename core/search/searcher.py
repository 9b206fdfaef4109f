"""From a :class:`Query` to one ranked list of files and their best moments.

1. Encode: the text, the example image, or a weighted sum of both, normalised.
2. Retrieve: a KNN per segment kind (photos, video frames, spoken lines) in the active
   model's vector table, with date and folder filters applied inside the scan.
3. Calibrate: raw similarities become z-scores against each kind's background
   (see :mod:`calibration`), so kinds interleave on merit.
4. Push away: an item resembling a ``--not`` description loses its excess over the
   background of that description.
5. Group: moments of one file collapse into one result ranked by its best moment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from mediasift.core.errors import QueryError
from mediasift.core.index.thumbnails import ThumbnailCache
from mediasift.core.kinds import MediaKind, MediaStatus, SegmentKind
from mediasift.core.media.photos import PhotoError, decode_photo
from mediasift.core.paths import display, prefix_range
from mediasift.core.search.calibration import BackgroundSampler
from mediasift.core.search.query import Query
from mediasift.core.search.results import Moment, SearchResult
from mediasift.core.store import Store
from mediasift.core.store.records import ModelRecord, SegmentRow

MOMENTS_PER_FILE = 3
OVERFETCH = 4

SEGMENT_KINDS_FOR: dict[MediaKind, tuple[SegmentKind, ...]] = {
    MediaKind.PHOTO: (SegmentKind.IMAGE,),
    MediaKind.VIDEO: (SegmentKind.FRAME, SegmentKind.SPEECH),
    MediaKind.AUDIO: (SegmentKind.SPEECH,),
}


class QueryEncoder(Protocol):
    """What search needs of a model (``ClipEncoder`` in production)."""

    model_id: str
    image_size: int

    def preprocess(self, image: Any) -> Any: ...

    def encode_images(self, batch: Any) -> np.ndarray: ...

    def encode_texts(self, texts: Any) -> np.ndarray: ...


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


class Searcher:
    def __init__(self, store: Store, encoder: QueryEncoder, thumbnails: ThumbnailCache) -> None:
        self._store = store
        self._encoder = encoder
        self._thumbnails = thumbnails
        self._backgrounds = BackgroundSampler(store)

    def search(self, query: Query) -> list[SearchResult]:
        query.validate()
        model = self._store.vectors.model_named(self._encoder.model_id)
        if model is None:
            return []
        vector = self.query_vector(query)
        negatives = (
            [_unit(v) for v in self._encoder.encode_texts(list(query.negatives))]
            if (query.negatives)
            else []
        )
        within = self._within(query.under)
        k = query.limit * OVERFETCH * (2 if negatives else 1) + MOMENTS_PER_FILE
        scored: list[tuple[int, float, float]] = []  # (segment id, score, raw similarity)
        for segment_kind in self._segment_kinds(query.kinds):
            scored.extend(self._retrieve(model, vector, negatives, segment_kind, k, query, within))
        return self._group(scored, query)

    def query_vector(self, query: Query) -> np.ndarray:
        parts: list[np.ndarray] = []
        if query.text and query.text.strip():
            parts.append(query.text_weight * _unit(self._encoder.encode_texts([query.text])[0]))
        if query.image is not None:
            parts.append(query.image_weight * _unit(self._encode_example(query.image)))
        combined = np.sum(parts, axis=0)
        if not np.any(combined):
            raise QueryError("the query weights cancel out; give a positive weight")
        return _unit(combined).astype(np.float32)

    def _encode_example(self, image: Path | bytes) -> np.ndarray:
        source: Path | bytes = image
        if isinstance(image, Path):
            try:
                source = image.read_bytes()
            except OSError as exc:
                raise QueryError(
                    f"cannot read the example image {display(image)}: {exc.strerror or exc}"
                ) from exc
        try:
            photo = decode_photo(source, min_side=self._encoder.image_size)
        except PhotoError as exc:
            name = display(image) if isinstance(image, Path) else "the example image"
            raise QueryError(f"cannot use {name} as an example: {exc}") from exc
        return self._encoder.encode_images([self._encoder.preprocess(photo.image)])[0]

    def _within(self, under: Path | None) -> list[int] | None:
        if under is None:
            return None
        low, high = prefix_range(under)
        return self._store.catalog.segment_ids_in_range(low, high)

    @staticmethod
    def _segment_kinds(kinds: frozenset[MediaKind] | None) -> list[SegmentKind]:
        wanted = kinds or frozenset(MediaKind)
        found: list[SegmentKind] = []
        for kind in MediaKind:
            if kind in wanted:
                found.extend(s for s in SEGMENT_KINDS_FOR[kind] if s not in found)
        return found

    def _retrieve(
        self,
        model: ModelRecord,
        vector: np.ndarray,
        negatives: list[np.ndarray],
        segment_kind: SegmentKind,
        k: int,
        query: Query,
        within: list[int] | None,
    ) -> Iterable[tuple[int, float, float]]:
        hits = self._store.vectors.knn(
            model,
            vector,
            k,
            segment_kind,
            after=query.after,
            before=query.before,
            within=within,
        )
        if not hits:
            return []
        background = self._backgrounds.background(model, segment_kind, vector)
        ids = [h[0] for h in hits]
        raw = np.array([h[1] for h in hits], dtype=np.float64)
        scores = np.asarray(background.z(raw), dtype=np.float64)
        if negatives:
            stored = self._store.vectors.vectors(model, ids)
            matrix = np.stack([stored[i] for i in ids])
            for negative in negatives:
                excess = background_excess(
                    self._backgrounds.background(model, segment_kind, negative),
                    matrix @ negative,
                )
                scores = scores - query.negative_weight * excess
        return zip(ids, scores.tolist(), raw.tolist(), strict=True)

    def _group(self, scored: list[tuple[int, float, float]], query: Query) -> list[SearchResult]:
        rows = self._store.catalog.segment_rows([s[0] for s in scored])
        by_media: dict[int, list[tuple[Moment, SegmentRow]]] = defaultdict(list)
        for segment_id, score, raw in scored:
            row = rows.get(segment_id)
            if row is None or row.status != MediaStatus.INDEXED:
                continue
            if query.kinds is not None and row.media_kind not in query.kinds:
                continue
            if query.min_score is not None and score < query.min_score:
                continue
            moment = Moment(
                segment_id, row.segment_kind, score, raw, row.start_s, row.end_s, row.text
            )
            by_media[row.media_id].append((moment, row))
        results = [self._result(entries) for entries in by_media.values()]
        results.sort(key=lambda r: r.score, reverse=True)
        return results[: query.limit]

    def _result(self, entries: list[tuple[Moment, SegmentRow]]) -> SearchResult:
        entries.sort(key=lambda e: e[0].score, reverse=True)
        row = entries[0][1]
        thumb = None
        if row.content_hash and self._thumbnails.has(row.content_hash):
            thumb = self._thumbnails.path_for(row.content_hash)
        return SearchResult(
            media_id=row.media_id,
            path=row.path,
            kind=row.media_kind,
            moments=tuple(m for m, _ in entries[:MOMENTS_PER_FILE]),
            taken_at=row.taken_at,
            thumbnail=thumb,
            width=row.width,
            height=row.height,
            duration_s=row.duration_s,
        )


def background_excess(background: Any, similarities: np.ndarray) -> np.ndarray:
    """How far above its background each item resembles a description (never negative)."""
    return np.maximum(0.0, np.asarray(background.z(similarities), dtype=np.float64))
