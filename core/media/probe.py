"""What is inside a video or recording: duration, streams, codecs, creation time (PyAV).

PyAV's errors speak FFmpeg; :func:`media_error` turns them into the one-line reasons a
user can read ("corrupt or truncated file", "unsupported audio codec: xyz").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import av

from ..reasons import Reason, ReasonCode
from .transient import is_transient


class MediaError(Exception):
    """A video or recording that cannot be (fully) decoded; ``str()`` is the reason.

    ``transient``: the reason can go away by itself (see :mod:`..transient`)."""

    def __init__(self, reason: Reason, *, transient: bool = False) -> None:
        super().__init__(str(reason))
        self.reason = reason
        self.transient = transient


@dataclass(frozen=True)
class StreamInfo:
    codec: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class Probe:
    duration_s: float | None
    video: StreamInfo | None
    audio: StreamInfo | None
    created_at: float | None
    """The container's creation time (phones record it), as a Unix time."""


def media_error(exc: BaseException, what: str = "file") -> MediaError:
    """A readable reason for a PyAV/FFmpeg failure."""
    if isinstance(exc, av.error.InvalidDataError):
        return MediaError(Reason.of(ReasonCode.CORRUPT_MEDIA, what=what))
    if isinstance(exc, av.error.EOFError):
        return MediaError(Reason.of(ReasonCode.TRUNCATED_MEDIA, what=what))
    if isinstance(exc, av.error.DecoderNotFoundError):
        return MediaError(Reason.of(ReasonCode.UNSUPPORTED_CODEC, what=what))
    if isinstance(exc, av.error.PermissionError):
        return MediaError(Reason.of(ReasonCode.PERMISSION), transient=True)
    if isinstance(exc, OSError) and not isinstance(exc, av.error.FFmpegError):
        detail = exc.strerror or exc
        return MediaError(
            Reason.of(ReasonCode.CANNOT_READ, detail=detail), transient=is_transient(exc)
        )
    if isinstance(exc, av.error.FFmpegError):
        # FFmpeg's I/O errors (EIO, EACCES on a share) carry an errno; its parse errors not.
        transient = exc.errno is not None and exc.errno > 0 and exc.errno < 4096
        detail = exc.strerror or exc
        return MediaError(
            Reason.of(ReasonCode.CANNOT_DECODE, what=what, detail=detail), transient=transient
        )
    return MediaError(Reason.of(ReasonCode.CANNOT_DECODE, what=what, detail=exc))


def _decodable(stream: av.stream.Stream) -> bool:
    try:
        codec = stream.codec_context
    except Exception:
        return False
    return codec is not None and codec.name not in ("", "none")


def _creation_time(container: av.container.InputContainer) -> float | None:
    raw = container.metadata.get("creation_time")
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    if not 1971 <= moment.year <= 2200:
        return None  # many encoders write 1970 or 1904 when they know nothing
    return moment.timestamp()


def probe(path: Path) -> Probe:
    """Read the container header; raises :class:`MediaError` for unusable files."""
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            video = next((s for s in container.streams.video), None)
            audio = next((s for s in container.streams.audio), None)
            if video is not None and not _decodable(video):
                raise MediaError(Reason.of(ReasonCode.NO_VIDEO_DECODER))
            if audio is not None and not _decodable(audio):
                if video is None:
                    raise MediaError(Reason.of(ReasonCode.NO_AUDIO_DECODER))
                audio = None
            # Cover art in a music file is a one-frame "video" stream, not a video.
            if video is not None and video.disposition & av.stream.Disposition.attached_pic:
                video = None
            duration = container.duration / 1_000_000 if container.duration else None
            return Probe(
                duration_s=duration,
                video=StreamInfo(video.codec_context.name, video.width, video.height)
                if video is not None
                else None,
                audio=StreamInfo(audio.codec_context.name) if audio is not None else None,
                created_at=_creation_time(container),
            )
    except MediaError:
        raise
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise media_error(exc) from exc
