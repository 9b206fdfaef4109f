"""A file's sound as 16 kHz mono float32, streamed: what Whisper takes.

Streaming (instead of decoding a whole film's soundtrack at once, 460 MB for two hours)
keeps memory flat, and starting at any second lets an interrupted transcription resume
where it stopped. A file damaged half-way yields the audio before the damage.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np

from ..reasons import Reason, ReasonCode
from .probe import MediaError, media_error

SAMPLE_RATE = 16_000


class AudioReader:
    """Reads the first audio track of ``path`` from ``start_s`` on, in pieces."""

    def __init__(self, path: Path, start_s: float = 0.0) -> None:
        self._start_s = max(0.0, start_s)
        self.damaged = False
        """True when decoding stopped early on corrupt data (the audio before it is kept)."""
        try:
            self._container = av.open(str(path), metadata_errors="ignore")
            if not self._container.streams.audio:
                self._container.close()
                raise MediaError(Reason.of(ReasonCode.NO_AUDIO))
            self._stream = self._container.streams.audio[0]
            if self._start_s > 0:
                self._container.seek(int(self._start_s * 1_000_000), backward=True)
        except MediaError:
            raise
        except (av.error.FFmpegError, OSError) as exc:
            raise media_error(exc, "audio") from exc
        self._resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        self._pieces = self._decode()
        self._pending = np.zeros(0, dtype=np.float32)
        self._decoded = 0
        self.eof = False

    @property
    def end_s(self) -> float:
        """The second up to which audio has been decoded so far."""
        return self._start_s + self._decoded / SAMPLE_RATE

    def _decode(self) -> Iterator[np.ndarray]:
        skip: int | None = None
        try:
            for frame in self._container.decode(self._stream):
                if skip is None:
                    # After a seek, drop what precedes the start second.
                    first = frame.time if frame.time is not None else self._start_s
                    skip = max(0, round((self._start_s - first) * SAMPLE_RATE))
                for out in self._resampler.resample(frame):
                    samples = out.to_ndarray().reshape(-1).astype(np.float32, copy=False)
                    if skip:
                        dropped = min(skip, len(samples))
                        samples = samples[dropped:]
                        skip -= dropped
                    if len(samples):
                        self._decoded += len(samples)
                        yield samples
            for out in self._resampler.resample(None):
                samples = out.to_ndarray().reshape(-1).astype(np.float32, copy=False)
                self._decoded += len(samples)
                yield samples
        except (av.error.FFmpegError, ValueError) as exc:
            if self._decoded == 0:
                raise media_error(exc, "audio") from exc
            self.damaged = True

    def read(self, seconds: float) -> np.ndarray:
        """Up to ``seconds`` of audio; shorter (maybe empty) only at the end of the file.

        :attr:`eof` is set once nothing follows the piece just returned.
        """
        wanted = int(seconds * SAMPLE_RATE)
        parts = [self._pending]
        have = len(self._pending)
        exhausted = False
        while have < wanted:
            try:
                piece = next(self._pieces)
            except StopIteration:
                exhausted = True
                break
            parts.append(piece)
            have += len(piece)
        joined = np.concatenate(parts) if len(parts) > 1 else parts[0]
        self._pending = joined[wanted:]
        chunk = joined[:wanted]
        self.eof = exhausted and not len(self._pending)
        return chunk

    def read_all(self) -> np.ndarray:
        """Everything from here to the end at once: for short files, tests and tools (the
        indexer streams with :meth:`read`)."""
        rest = np.concatenate([self._pending, *self._pieces])
        self._pending = np.zeros(0, dtype=np.float32)
        self.eof = True
        return rest

    def close(self) -> None:
        self._container.close()

    def __enter__(self) -> AudioReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
