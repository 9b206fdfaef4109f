"""Choose and decode the frames of a video worth embedding.

Policy (also in the README):

* The video is cut into windows of ``step`` seconds, ``step = max(2 s, duration / 600)``:
  a 10-second clip gets 5 windows, a 10-minute video 300, a 2-hour film 600 (not 7,200).
* Pass 1 decodes keyframes only (FFmpeg skips every other frame, so this costs little) and
  keeps the first keyframe of each window.
* Pass 2 fills the windows no keyframe fell into (short clips often have one keyframe in
  all): it seeks to the window and decodes forward to its first frame.
* A frame nearly identical to the previous kept one (16x16 greyscale signature, mean
  difference under 3/255) is dropped, unless a minute has passed since: a static shot
  costs one encode, not one per window.

Frames are scaled by FFmpeg straight to the size the model and thumbnails need, and
rotated upright when the container says the camera was turned.
"""

from __future__ import annotations

import bisect
import math
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from PIL import Image

from ..reasons import Reason, ReasonCode
from .probe import MediaError, media_error

MIN_STEP_S = 2.0
MAX_WINDOWS = 600
DUPLICATE_DIFF = 3.0
KEEP_STATIC_EVERY_S = 60.0
FORWARD_DECODE_LIMIT_S = 10.0
"""Pass 2 decodes forward instead of seeking when the next window is this close."""


def sampling_step(duration_s: float | None) -> float:
    if not duration_s or duration_s <= 0:
        return MIN_STEP_S
    return max(MIN_STEP_S, duration_s / MAX_WINDOWS)


@dataclass(frozen=True)
class SampledFrame:
    time_s: float
    image: Image.Image


def _signature(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L").resize((16, 16), Image.Resampling.BILINEAR), np.float32)


def _scaled_size(width: int, height: int, min_side: int, min_long_side: int = 0) -> tuple[int, int]:
    """The smallest even size (never above the original) with ``min_side`` px on the
    shorter side for the model and ``min_long_side`` on the longer for the thumbnail."""
    shorter, longer = min(width, height), max(width, height)
    scale = min(1.0, max(min_side / shorter, min_long_side / longer)) if shorter else 1.0
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def _upright_image(frame: av.VideoFrame, min_side: int, min_long_side: int = 0) -> Image.Image:
    width, height = _scaled_size(frame.width, frame.height, min_side, min_long_side)
    image = frame.to_image(width=width, height=height)
    rotation = int(getattr(frame, "rotation", 0) or 0) % 360
    if rotation:
        # The display matrix angle is counter-clockwise, as PIL's rotate.
        image = image.rotate(rotation, expand=True)
    return image


class _Sampler:
    def __init__(
        self,
        path: Path,
        duration_s: float | None,
        min_side: int,
        cancel: threading.Event | None,
        min_long_side: int = 0,
    ) -> None:
        self.path = path
        self.duration_s = duration_s
        self.step = sampling_step(duration_s)
        self.min_side = min_side
        self.min_long_side = min_long_side
        self.cancel = cancel
        self.kept_times: list[float] = []
        self.kept_signatures: list[np.ndarray] = []
        self.decoded_windows: set[int] = set()
        self.last_time = 0.0

    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def image(self, frame: av.VideoFrame) -> Image.Image:
        return _upright_image(frame, self.min_side, self.min_long_side)

    def consider(self, time_s: float, image: Image.Image) -> SampledFrame | None:
        """Keep the frame unless it repeats its predecessor in time."""
        signature = _signature(image)
        at = bisect.bisect(self.kept_times, time_s)
        if at > 0:
            previous_time = self.kept_times[at - 1]
            difference = float(np.abs(signature - self.kept_signatures[at - 1]).mean())
            if difference < DUPLICATE_DIFF and time_s - previous_time < KEEP_STATIC_EVERY_S:
                return None
        self.kept_times.insert(at, time_s)
        self.kept_signatures.insert(at, signature)
        return SampledFrame(time_s, image)

    def keyframes(self) -> Iterator[SampledFrame]:
        with av.open(str(self.path), metadata_errors="ignore") as container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            stream.codec_context.skip_frame = "NONKEY"
            for frame in container.decode(stream):
                if self.cancelled():
                    return
                if frame.time is None:
                    continue
                self.last_time = max(self.last_time, frame.time)
                window = int(frame.time // self.step)
                if window in self.decoded_windows:
                    continue
                self.decoded_windows.add(window)
                kept = self.consider(frame.time, self.image(frame))
                if kept is not None:
                    yield kept

    def fill_gaps(self) -> Iterator[SampledFrame]:
        end = self.duration_s if self.duration_s else self.last_time + self.step
        windows = max(1, math.ceil(end / self.step - 1e-9))
        missing = [w for w in range(windows) if w not in self.decoded_windows]
        if not missing:
            return
        with av.open(str(self.path), metadata_errors="ignore") as container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            frames: Iterator[av.VideoFrame] | None = None
            held: av.VideoFrame | None = None  # decoded, but belongs to a later window
            for window in missing:
                if self.cancelled():
                    return
                start, stop = window * self.step, (window + 1) * self.step
                if held is not None and held.time >= start:
                    candidate, held = held, None
                else:
                    behind = held.time if held is not None else -math.inf
                    if frames is None or not 0 <= start - behind <= FORWARD_DECODE_LIMIT_S:
                        container.seek(int(start / stream.time_base), stream=stream, backward=True)
                        frames = container.decode(stream)
                    candidate = next(
                        (f for f in frames if f.time is not None and f.time >= start), None
                    )
                    held = None
                    if candidate is None:
                        frames = None
                        continue
                if candidate.time >= stop:
                    held = candidate  # this window has no frame; the next may use it
                    continue
                held = candidate  # remembers how far decoding went
                kept = self.consider(candidate.time, self.image(candidate))
                if kept is not None:
                    yield kept


def sample_frames(
    path: Path,
    *,
    duration_s: float | None,
    min_side: int,
    min_long_side: int = 0,
    cancel: threading.Event | None = None,
) -> Iterator[SampledFrame]:
    """Yield the frames to embed (keyframes in time order, then gap fillers).

    Raises :class:`MediaError` when no frame at all can be decoded; a video damaged
    half-way yields what precedes the damage.
    """
    sampler = _Sampler(path, duration_s, min_side, cancel, min_long_side)
    produced = 0
    try:
        for frame in sampler.keyframes():
            produced += 1
            yield frame
        for frame in sampler.fill_gaps():
            produced += 1
            yield frame
    except (av.error.FFmpegError, ValueError, OSError) as exc:
        if produced == 0:
            raise media_error(exc, "video") from exc
    if produced == 0 and not sampler.cancelled():
        raise MediaError(Reason.of(ReasonCode.NO_FRAMES))


def frames_at(
    path: Path, times: list[float], *, min_side: int, cancel: threading.Event | None = None
) -> Iterator[SampledFrame]:
    """Decode the frames shown at these seconds again (those :func:`sample_frames` kept),
    upright, at least ``min_side`` px on the shorter side: text is read at a resolution
    the model's input never needs. A time no frame is found for is skipped."""
    wanted = sorted(times)
    if not wanted:
        return
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            frames: Iterator[av.VideoFrame] | None = None
            position = -math.inf
            for time_s in wanted:
                if cancel is not None and cancel.is_set():
                    return
                if frames is None or not 0 <= time_s - position <= FORWARD_DECODE_LIMIT_S:
                    container.seek(int(time_s / stream.time_base), stream=stream, backward=True)
                    frames = container.decode(stream)
                found = None
                for frame in frames:
                    if frame.time is None:
                        continue
                    position = frame.time
                    if frame.time >= time_s - 1e-3:
                        found = frame
                        break
                if found is None:
                    frames = None
                    continue
                yield SampledFrame(time_s, _upright_image(found, min_side))
    except (av.error.FFmpegError, ValueError, OSError) as exc:
        raise media_error(exc, "video") from exc
