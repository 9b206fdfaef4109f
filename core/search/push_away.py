"""``--not``: how much each matching moment resembles what the user pushes away.

A moment loses, for each pushed-away description, ``negative_weight`` times how far it
stands above that description's background (never less than nothing):

* a picture or a spoken line (it has a vector) by its own resemblance, so a video's
  frames are pushed one by one, and also by the words in and about its file that match
  the description ("--not screenshot" pushes away Screenshot_2024-01-03.png);
* words read in a picture, or about a file (no vector of their own) by the file's
  picture (the photo, or the frame the words were read in) and by those words.

So a photo found by its name is pushed away exactly as much as the same photo found by
how it looks: by what the whole file scores for the description.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from ..kinds import WORD_SEGMENT_KINDS, MediaKind, SegmentKind
from ..store.records import ModelRecord, SegmentRow
from ..store.store import Store
from .calibration import BackgroundSampler

WordMatches = Callable[[str], list[tuple[int, SegmentKind, float]]]
"""Full-text matches of a text: (segment id, its kind, score)."""


class PushAway:
    def __init__(
        self,
        store: Store,
        backgrounds: BackgroundSampler,
        model: ModelRecord,
        word_matches: WordMatches,
    ) -> None:
        self._store = store
        self._backgrounds = backgrounds
        self._model = model
        self._word_matches = word_matches

    def amounts(
        self,
        rows: dict[int, SegmentRow],
        negatives: Sequence[tuple[str, np.ndarray]],
    ) -> dict[int, float]:
        """Each moment's resemblance to the descriptions (text, unit vector), summed."""
        pictures = self._pictures_of_words(rows)
        vectors = self._store.vectors.vectors(
            self._model,
            [i for i, r in rows.items() if r.segment_kind not in WORD_SEGMENT_KINDS]
            + [p for p, _ in pictures.values()],
        )
        totals: dict[int, float] = defaultdict(float)
        for text, negative in negatives:
            by_words = self._file_word_scores(text)
            resemblance = {
                i: self._resemblance(vectors.get(i), r.segment_kind, negative)
                for i, r in rows.items()
                if r.segment_kind not in WORD_SEGMENT_KINDS
            }
            by_picture: dict[int, float] = defaultdict(float)
            for i, r in rows.items():
                if r.media_kind == MediaKind.VIDEO and i in resemblance:
                    by_picture[r.media_id] = max(by_picture[r.media_id], resemblance[i])
            for i, r in rows.items():
                if i in resemblance:
                    own = resemblance[i]
                elif i in pictures:
                    picture, kind = pictures[i]
                    own = self._resemblance(vectors.get(picture), kind, negative)
                else:  # words about a video or recording: its frames found here
                    own = by_picture.get(r.media_id, 0.0)
                totals[i] += max(0.0, own, by_words.get(r.media_id, 0.0))
        return totals

    def _resemblance(
        self, vector: np.ndarray | None, kind: SegmentKind, negative: np.ndarray
    ) -> float:
        if vector is None:
            return 0.0
        background = self._backgrounds.background(self._model, kind, negative)
        return float(background.z(float(vector @ negative)))

    def _file_word_scores(self, text: str) -> dict[int, float]:
        """Files holding words of ``text`` (said, read, about them): their best score."""
        matches = self._word_matches(text)
        rows = self._store.catalog.segment_rows([i for i, _, _ in matches])
        best: dict[int, float] = {}
        for segment_id, _, score in matches:
            row = rows.get(segment_id)
            if row is not None:
                best[row.media_id] = max(best.get(row.media_id, 0.0), score)
        return best

    def _pictures_of_words(self, rows: dict[int, SegmentRow]) -> dict[int, tuple[int, SegmentKind]]:
        """For words in or about a photo, the photo; for words read in a video frame, that
        frame: (segment id, its kind)."""
        found: dict[int, tuple[int, SegmentKind]] = {}
        frames: dict[int, dict[float, int]] = {}
        for segment_id, row in rows.items():
            if row.segment_kind not in WORD_SEGMENT_KINDS:
                continue
            if row.media_kind == MediaKind.PHOTO:
                image = self._store.catalog.image_segment(row.media_id)
                if image is not None:
                    found[segment_id] = (image, SegmentKind.IMAGE)
            elif row.media_kind == MediaKind.VIDEO and row.start_s is not None:
                if row.media_id not in frames:
                    frames[row.media_id] = self._store.catalog.frame_segments(row.media_id)
                frame = frames[row.media_id].get(round(row.start_s, 3))
                if frame is not None:
                    found[segment_id] = (frame, SegmentKind.FRAME)
        return found
