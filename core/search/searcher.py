"""From a :class:`Query` to one ranked list of files and their best moments.

1. Encode: the text, the example image, or a weighted sum of both, normalised.
2. Retrieve: a KNN per segment kind (photos, video frames, spoken lines) in the active
   model's vector table, with date, kind and folder filters applied inside the scan; and,
   for typed words, the full-text index of spoken lines, lines read in pictures and words
   about files (names, folders, keywords).
3. Calibrate: raw similarities become z-scores against each kind's background
   (:mod:`calibration`); a full-text match scores by how much of the query it contains
   (:func:`fulltext_score`) on the same scale; a line found both ways keeps the better
   score. Words with no vector (read in a picture, about the file) score by words alone.
4. Push away: a moment resembling a ``--not`` description (by its picture, its line, or
   the words in and about its file) loses its excess over the background of that
   description (:mod:`push_away`).
5. Group: moments of one file collapse into one result ranked by its best moment.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .. import fulltext
from ..errors import QueryError
from ..index.thumbnails import ThumbnailCache, frame_thumbnail_key
from ..kinds import WORD_SEGMENT_KINDS, MediaKind, MediaStatus, SegmentKind
from ..media.photos import PhotoError, decode_photo
from ..models.encoder import Encoder
from ..paths import display, is_within, prefix_range
from ..store.records import ModelRecord, SegmentRow
from ..store.store import Store
from .calibration import BackgroundSampler, near_duplicate_score
from .push_away import PushAway
from .query import Query
from .results import Box, MatchedBy, Moment, SearchResult

MOMENTS_PER_FILE = 3
OVERFETCH = 4
PHOTO_OVERFETCH = 1.25
FULLTEXT_LIMIT = 200
COMMON_SHARE = 0.05
PRUNE_FROM_LINES = 5000
FULLTEXT_FLOOR = 1.0
FULLTEXT_SPAN = 5.0
"""A line holding the whole query scores 6 (a strong match on the z-score scale), one
holding only its commonest word little more than 1."""

MATCHED_BY = {
    SegmentKind.IMAGE: MatchedBy.IMAGE,
    SegmentKind.FRAME: MatchedBy.IMAGE,
    SegmentKind.SPEECH: MatchedBy.SPEECH,
    SegmentKind.TEXT: MatchedBy.TEXT_IN_IMAGE,
    SegmentKind.NAME: MatchedBy.NAME,
    SegmentKind.KEYWORDS: MatchedBy.KEYWORDS,
}

SEGMENT_KINDS_FOR: dict[MediaKind, tuple[SegmentKind, ...]] = {
    MediaKind.PHOTO: (SegmentKind.IMAGE,),
    MediaKind.VIDEO: (SegmentKind.FRAME, SegmentKind.SPEECH),
    MediaKind.AUDIO: (SegmentKind.SPEECH,),
}


QueryEncoder = Encoder
"""What search needs of a model: the one encoder protocol (torch or ONNX Runtime)."""


@dataclass
class _Candidate:
    kind: SegmentKind
    similarity: float | None = None
    fulltext: float | None = None


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def _changed_at(image: Path | bytes | None) -> int | None:
    """When an example file last changed: the same path may hold another picture now."""
    if not isinstance(image, Path):
        return None
    try:
        return image.stat().st_mtime_ns
    except OSError:
        return None


def fulltext_score(coverage: float) -> float:
    """Map the share of the query a line contains onto the calibrated scale."""
    return FULLTEXT_FLOOR + FULLTEXT_SPAN * coverage


def _pages_read(
    lines: dict[int, list[str]],
    places: dict[int, tuple[SegmentKind, int, float | None]],
    covered: dict[int, float],
    words: list[str],
    weights: dict[str, float],
) -> dict[int, float]:
    """The coverage of the query by all the lines read in one picture (a photo, or a video
    frame at its second) that hold query words, given to the line that holds most of it
    (``covered``: each line's own coverage; a page's is never less).

    A picture's text is one page cut into lines by the reader: "invoice harbour" is fully
    in an invoice whose heading says INVOICE and whose customer line says Harbour, and
    scoring each line alone ranked it as half a match. A recording's lines are not one
    page (an hour of talk holds every word), so only lines read in pictures are joined."""
    pages: dict[tuple[int, float | None], list[int]] = {}
    for segment_id in lines:
        kind, media_id, start_s = places[segment_id]
        if kind == SegmentKind.TEXT:
            pages.setdefault((media_id, start_s), []).append(segment_id)
    joined: dict[int, float] = {}
    for page in pages.values():
        if len(page) < 2:
            continue
        best = max(page, key=covered.__getitem__)
        every_word = [token for segment_id in page for token in lines[segment_id]]
        joined[best] = fulltext.coverage(words, every_word, weights)
    return joined


class Searcher:
    def __init__(self, store: Store, encoder: QueryEncoder, thumbnails: ThumbnailCache) -> None:
        self._store = store
        self._encoder = encoder
        self._thumbnails = thumbnails
        self._backgrounds = BackgroundSampler(store)
        self._last_vector: tuple[tuple[object, ...], np.ndarray] | None = None

    def search(self, query: Query) -> list[SearchResult]:
        query.validate()
        model = self._store.vectors.model_named(self._encoder.model_id)
        if model is None:
            return []
        vector = self.query_vector(query)
        segment_kinds = self._segment_kinds(query.kinds)
        within = self._within(query.under)
        candidates: dict[int, _Candidate] = {}
        for segment_kind in segment_kinds:
            for segment_id, similarity in self._store.vectors.knn(
                model,
                vector,
                self._depth(segment_kind, query),
                segment_kind,
                after=query.after,
                before=query.before,
                within=within,
                media_kinds=sorted(query.kinds) if query.kinds else None,
            ):
                candidates[segment_id] = _Candidate(segment_kind, similarity)
        if query.text:
            for segment_id, kind, score in self._fulltext(query.text):
                if kind == SegmentKind.SPEECH and kind not in segment_kinds:
                    continue
                candidates.setdefault(segment_id, _Candidate(kind)).fulltext = score
        scores = self._score(model, vector, candidates, query)
        rows = self._store.catalog.segment_rows(list(scores))
        if query.negatives:
            negatives = [_unit(v) for v in self._encoder.encode_texts(list(query.negatives))]
            push = PushAway(self._store, self._backgrounds, model, self._fulltext)
            amounts = push.amounts(rows, list(zip(query.negatives, negatives, strict=True)))
            scores = {
                i: (score - query.negative_weight * amounts.get(i, 0.0), similarity)
                for i, (score, similarity) in scores.items()
            }
        return self._group(scores, rows, query)

    @staticmethod
    def _depth(segment_kind: SegmentKind, query: Query) -> int:
        """How many nearest segments of a kind to fetch for ``query.limit`` files. A photo
        has one picture, so a little over the limit is enough (some may be left out by
        the filters checked after the scan); a video has many frames and lines, hence the
        overfetch. ``--not`` can reorder, so it doubles both. The app asks for hundreds of
        files: fetching four times that many photos made its searches ten times slower."""
        spread = OVERFETCH if segment_kind != SegmentKind.IMAGE else PHOTO_OVERFETCH
        return int(query.limit * spread * (2 if query.negatives else 1)) + MOMENTS_PER_FILE

    def query_vector(self, query: Query) -> np.ndarray:
        """The query's unit vector; the last one is kept, since the app asks for the same
        query twice in a row (a first page, then the whole list)."""
        key = (query.text, query.image, _changed_at(query.image), query.text_weight,
               query.image_weight)  # fmt: skip
        if self._last_vector is not None and self._last_vector[0] == key:
            return self._last_vector[1]
        vector = self._combined_vector(query)
        self._last_vector = (key, vector)
        return vector

    def _combined_vector(self, query: Query) -> np.ndarray:
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

    def _fulltext(self, text: str) -> list[tuple[int, SegmentKind, float]]:
        """Lines holding query words (spoken, read in a picture, about a file): their
        segment, its kind and the score of what they hold of the query."""
        words = fulltext.tokens(text)
        if not words:
            return []
        counts, lines = self._store.fulltext_document_counts(sorted(set(words)))
        # In a large library, words in more than one line in twenty ("the", "my") are left
        # out of the match when rarer ones remain: FTS5 would score every line holding
        # them (most of a million). They still count in the coverage below.
        matched = words
        if lines >= PRUNE_FROM_LINES:
            rare = [w for w in words if counts.get(w, 0) <= COMMON_SHARE * lines]
            matched = rare or words
        expression = fulltext.match_expression(" ".join(matched))
        if expression is None:
            return []
        hits = self._store.fulltext_hits(expression, FULLTEXT_LIMIT)
        if not hits:
            return []
        weights = {w: fulltext.idf(counts.get(w, 0), lines) for w in words}
        places = self._store.catalog.segment_places([segment_id for segment_id, _ in hits])
        lines = {segment_id: body.split() for segment_id, body in hits if segment_id in places}
        covered = {
            segment_id: fulltext.coverage(words, tokens, weights)
            for segment_id, tokens in lines.items()
        }
        covered.update(_pages_read(lines, places, covered, words, weights))
        return [
            (segment_id, places[segment_id][0], fulltext_score(coverage))
            for segment_id, coverage in covered.items()
        ]

    def _score(
        self,
        model: ModelRecord,
        vector: np.ndarray,
        candidates: dict[int, _Candidate],
        query: Query,
    ) -> dict[int, tuple[float, float]]:
        """Calibrated score and raw similarity of every candidate segment."""
        needs_vectors = [
            i
            for i, c in candidates.items()
            if c.similarity is None and c.kind not in WORD_SEGMENT_KINDS
        ]
        stored = self._store.vectors.vectors(model, needs_vectors) if needs_vectors else {}
        example_only = query.image is not None and not (query.text and query.text.strip())
        scores: dict[int, tuple[float, float]] = {}
        for segment_id, candidate in candidates.items():
            if candidate.kind in WORD_SEGMENT_KINDS and candidate.fulltext is not None:
                scores[segment_id] = (candidate.fulltext, 0.0)  # words only: no vector
        for segment_kind in {c.kind for c in candidates.values()} - set(WORD_SEGMENT_KINDS):
            background = self._backgrounds.background(model, segment_kind, vector)
            for segment_id, candidate in candidates.items():
                if candidate.kind != segment_kind:
                    continue
                own = stored.get(segment_id)
                similarity = candidate.similarity
                if similarity is None:
                    similarity = float(own @ vector) if own is not None else 0.0
                score = float(background.z(similarity))
                if candidate.fulltext is not None:
                    score = max(score, candidate.fulltext)
                if example_only and segment_kind != SegmentKind.SPEECH:
                    score = max(score, near_duplicate_score(similarity) or score)
                scores[segment_id] = (score, similarity)
        return scores

    def _group(
        self,
        scores: dict[int, tuple[float, float]],
        rows: dict[int, SegmentRow],
        query: Query,
    ) -> list[SearchResult]:
        by_media: dict[int, list[tuple[Moment, SegmentRow]]] = defaultdict(list)
        for segment_id, (score, similarity) in scores.items():
            row = rows.get(segment_id)
            if row is None or not self._admits(row, query, score):
                continue
            moment = Moment(
                segment_id,
                row.segment_kind,
                score,
                similarity,
                row.start_s,
                row.end_s,
                row.text,
                matched_by=MATCHED_BY[row.segment_kind],
            )
            by_media[row.media_id].append((moment, row))
        best_files = sorted(
            by_media.values(), key=lambda entries: max(m.score for m, _ in entries), reverse=True
        )[: query.limit]
        # Thumbnails (a file-system check each) and boxes only for the files returned.
        read = [
            m.segment_id
            for entries in best_files
            for m, _ in entries
            if m.segment_kind == SegmentKind.TEXT
        ]
        boxes = self._store.words.boxes(read)
        return [self._result(entries, boxes) for entries in best_files]

    @staticmethod
    def _admits(row: SegmentRow, query: Query, score: float) -> bool:
        """The filters, again: full-text hits did not pass through the KNN's."""
        if row.status != MediaStatus.INDEXED:
            return False
        if query.kinds is not None and row.media_kind not in query.kinds:
            return False
        if query.min_score is not None and score < query.min_score:
            return False
        when = row.taken_at
        if query.after is not None and (when is None or when < query.after):
            return False
        if query.before is not None and (when is None or when >= query.before):
            return False
        return query.under is None or is_within(row.path, query.under)

    def _thumbnail(self, row: SegmentRow, *, nearest_frame: bool = False) -> Path | None:
        """The moment's own frame, the frame nearest a spoken moment, or the poster."""
        if not row.content_hash:
            return None
        shown_at = row.segment_kind in (SegmentKind.FRAME, SegmentKind.TEXT)
        frame_time = row.start_s if shown_at and row.media_kind == MediaKind.VIDEO else None
        if nearest_frame and row.media_kind == MediaKind.VIDEO and row.start_s is not None:
            frame_time = self._store.catalog.nearest_frame_time(row.media_id, row.start_s)
        if frame_time is not None:
            key = frame_thumbnail_key(row.content_hash, frame_time)
            if self._thumbnails.has(key):
                return self._thumbnails.path_for(key)
        if self._thumbnails.has(row.content_hash):
            return self._thumbnails.path_for(row.content_hash)
        return None

    def _result(
        self, entries: list[tuple[Moment, SegmentRow]], boxes: dict[int, Box]
    ) -> SearchResult:
        entries.sort(key=lambda e: e[0].score, reverse=True)
        kept = entries[:MOMENTS_PER_FILE]
        moments = tuple(
            replace(m, thumbnail=self._thumbnail(r), box=boxes.get(m.segment_id)) for m, r in kept
        )
        row = kept[0][1]
        thumbnail = moments[0].thumbnail
        if row.segment_kind == SegmentKind.SPEECH and row.media_kind == MediaKind.VIDEO:
            thumbnail = self._thumbnail(row, nearest_frame=True)  # what was on screen then
        return SearchResult(
            media_id=row.media_id,
            path=row.path,
            kind=row.media_kind,
            moments=moments,
            taken_at=row.taken_at,
            thumbnail=thumbnail,
            width=row.width,
            height=row.height,
            duration_s=row.duration_s,
            offline=not row.root_online,
        )
