"""The frames phase: sample each queued video, embed its frames, write them at once.

A decode thread samples and preprocesses frames (FFmpeg decodes with threads of its own)
while this thread runs CLIP on the previous batch. A video's frames are written in one
transaction: an interrupted video is simply sampled again on the next run (two hours of
film cost about 600 encodes, well under a minute).
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..kinds import MediaKind, SegmentKind
from ..media.probe import MediaError, Probe, probe
from ..media.video import SampledFrame, sample_frames
from ..reasons import Reason
from ..store.records import VideoItem
from ..store.vectors import VectorRow
from .context import PhaseContext
from .events import FileFailed, IndexSummary, Phase
from .progress import PhaseProgress
from .thumbnails import THUMBNAIL_SIDE, frame_thumbnail_key

POSTER_AT = 0.1
"""The poster is the kept frame nearest this share of the duration (past black intros)."""
_DONE = object()


@dataclass
class _Frame:
    time_s: float
    tensor: Any
    vector: np.ndarray | None = None


class FramesPhase:
    def __init__(self, context: PhaseContext) -> None:
        self._store = context.store
        self._model = context.model
        self._encoder = context.encoder
        self._thumbnails = context.thumbnails
        self._batch = context.batch_size
        self._emit = context.emit
        self._control = context.control

    def run(self, videos: list[VideoItem], summary: IndexSummary) -> None:
        progress = PhaseProgress(Phase.FRAMES, len(videos), self._emit)
        for video in videos:
            if not self._control.proceed():
                break
            progress.report(video.path, force=True)
            self._index(video, summary, progress)
            progress.advance(1, video.path)
        progress.finish()

    def _index(self, video: VideoItem, summary: IndexSummary, progress: PhaseProgress) -> None:
        try:
            info = probe(video.path)
            if info.video is None:
                with self._store.transaction():
                    self._store.catalog.make_audio(video.media_id)
                return
            frames = self._embed(video, info)
        except MediaError as exc:
            self._fail(video, exc.reason, summary, progress, retry=exc.transient)
            return
        if self._control.cancelled:
            return
        self._write(video, info, frames)
        summary.indexed += 1

    def _embed(self, video: VideoItem, info: Probe) -> list[_Frame]:
        """Sample in a thread, encode here in batches; raises MediaError (no frame at all)."""
        handoff: queue.Queue[object] = queue.Queue(maxsize=self._batch * 2)

        def produce() -> None:
            try:
                for sampled in sample_frames(
                    video.path,
                    duration_s=info.duration_s,
                    min_side=self._encoder.image_size,
                    min_long_side=THUMBNAIL_SIDE,
                    cancel=self._control.cancel,
                ):
                    handoff.put(self._prepare(video, sampled))
            except BaseException as exc:  # handed to the consumer, raised there
                handoff.put(exc)
            handoff.put(_DONE)

        worker = threading.Thread(target=produce, name="mediasift-frames", daemon=True)
        worker.start()
        frames: list[_Frame] = []
        pending: list[_Frame] = []
        error: BaseException | None = None
        while True:
            got = handoff.get()
            if got is _DONE:
                break
            if isinstance(got, BaseException):
                error = got
                continue
            assert isinstance(got, _Frame)
            pending.append(got)
            if len(pending) >= self._batch:
                self._encode(pending)
                frames.extend(pending)
                pending = []
        worker.join()
        self._encode(pending)
        frames.extend(pending)
        if error is not None:
            raise error
        frames.sort(key=lambda f: f.time_s)
        return frames

    def _prepare(self, video: VideoItem, sampled: SampledFrame) -> _Frame:
        if video.content_hash:
            key = frame_thumbnail_key(video.content_hash, sampled.time_s)
            self._thumbnails.save(key, sampled.image)
        return _Frame(sampled.time_s, self._encoder.preprocess(sampled.image))

    def _encode(self, frames: list[_Frame]) -> None:
        if not frames:
            return
        vectors = self._encoder.encode_images([f.tensor for f in frames])
        for frame, vector in zip(frames, vectors, strict=True):
            frame.vector = vector
            frame.tensor = None  # free the input as soon as it is encoded

    def _write(self, video: VideoItem, info: Probe, frames: list[_Frame]) -> None:
        catalog = self._store.catalog
        duration = info.duration_s or (frames[-1].time_s if frames else None)
        taken_at = info.created_at or video.mtime_ns / 1e9
        self._save_poster(video, frames, duration)
        with self._store.transaction():
            existing = catalog.frame_segments(video.media_id)
            rows = []
            for index, frame in enumerate(frames):
                end = frames[index + 1].time_s if index + 1 < len(frames) else duration
                segment_id = existing.get(round(frame.time_s, 3))
                if segment_id is None:
                    segment_id = catalog.add_segment(
                        video.media_id, SegmentKind.FRAME, start_s=frame.time_s, end_s=end
                    )
                assert frame.vector is not None
                rows.append(
                    VectorRow(
                        segment_id, SegmentKind.FRAME, MediaKind.VIDEO, taken_at, frame.vector
                    )
                )
            self._store.vectors.remove(self._model, [r.segment_id for r in rows])
            self._store.vectors.add(self._model, rows)
            width = info.video.width if info.video else None
            height = info.video.height if info.video else None
            catalog.finish_frames(
                video.media_id, width=width, height=height, duration_s=duration, taken_at=taken_at
            )
            catalog.record_vectors(video.media_id, self._model.id)

    def _save_poster(self, video: VideoItem, frames: list[_Frame], duration: float | None) -> None:
        if not video.content_hash or not frames:
            return
        target = (duration or 0.0) * POSTER_AT
        poster = min(frames, key=lambda f: abs(f.time_s - target))
        source = self._thumbnails.path_for(frame_thumbnail_key(video.content_hash, poster.time_s))
        if source.is_file() and not self._thumbnails.has(video.content_hash):
            self._thumbnails.save_file(video.content_hash, source)

    def _fail(
        self,
        video: VideoItem,
        reason: Reason,
        summary: IndexSummary,
        progress: PhaseProgress,
        *,
        retry: bool,
    ) -> None:
        with self._store.transaction():
            self._store.clear_segments(video.media_id)
            self._store.catalog.set_failed(
                video.media_id, reason, kind=MediaKind.VIDEO, content_hash=None, retry=retry
            )
        summary.failed += 1
        progress.failed += 1
        self._emit(FileFailed(video.path, str(reason), reason))
