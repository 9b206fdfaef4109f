"""What a long-running engine call tells its caller while it works.

Frozen dataclasses passed to an ``on_event`` callback: the CLI draws a progress bar from
them, the desktop app re-emits them as Qt signals. The engine never prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

from ..paths import json_name
from ..reasons import Reason


@dataclass(frozen=True)
class ScanProgress:
    root: Path
    files_seen: int


@dataclass(frozen=True)
class RootOffline:
    root: Path
    reason: str = "folder not found"
    why: Reason | None = None
    """The reason as a code and its values, for a window in another language."""


@dataclass(frozen=True)
class ScanProblem:
    path: Path
    reason: str
    why: Reason | None = None


@dataclass(frozen=True)
class ModelLoading:
    label: str


@dataclass(frozen=True)
class ModelNote:
    """One line worth telling about a model (queries fall back to torch, and why)."""

    text: str


@dataclass(frozen=True)
class ModelDownloading:
    label: str
    done: int
    total: int | None


class Phase(StrEnum):
    """The steps of a run after the scan, in order."""

    FILES = "files"
    """Photos decoded and embedded; videos and recordings identified."""
    FRAMES = "frames"
    """Video frames sampled and embedded (progress in videos)."""
    TEXT = "text"
    """Words gathered: names and keywords, text read in pictures (progress in files)."""
    SPEECH = "speech"
    """Soundtracks transcribed (progress in seconds of audio)."""


@dataclass(frozen=True)
class IndexProgress:
    done: float
    total: float
    failed: int
    rate: float
    """Units (files, videos, seconds of audio) per second since the phase started."""
    current: Path | None
    phase: Phase = Phase.FILES


@dataclass(frozen=True)
class FileFailed:
    path: Path
    reason: str
    why: Reason | None = None
    """The reason as a code and its values, for a window in another language."""


@dataclass(frozen=True)
class FileNote:
    """Indexed, with a remark worth showing (no audio track, no speech found)."""

    path: Path
    note: str
    why: Reason | None = None
    """The note as a code and its values (without the ``transcript:`` prefix)."""


@dataclass(frozen=True)
class SpeechUnavailable:
    """The Whisper model cannot be had; recordings wait, everything else goes on."""

    reason: str
    waiting: int
    why: Reason | None = None
    """The reason as a code and its values, where it has one."""


@dataclass
class IndexSummary:
    roots: int = 0
    offline_roots: list[Path] = field(default_factory=list)
    files_seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    resumed: int = 0
    """Files an earlier, interrupted run had found but not finished."""
    indexed: int = 0
    """Files (photos, videos, recordings) whose indexing completed in this run."""
    transcribed_s: float = 0.0
    """Seconds of audio transcribed in this run."""
    reused: int = 0
    failed: int = 0
    removed: int = 0
    problems: int = 0
    waiting: int = 0
    """Recordings and soundtracks waiting for the Whisper model."""
    notes: int = 0
    elapsed_s: float = 0.0
    indexing_s: float = 0.0
    """Time spent decoding, encoding and writing (not scanning or loading the model)."""
    cancelled: bool = False

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["offline_roots"] = [json_name(p) for p in self.offline_roots]
        data["elapsed_s"] = round(self.elapsed_s, 3)
        data["indexing_s"] = round(self.indexing_s, 3)
        data["transcribed_s"] = round(self.transcribed_s, 1)
        return data


@dataclass(frozen=True)
class IndexFinished:
    summary: IndexSummary


IndexEvent = (
    ScanProgress
    | RootOffline
    | ScanProblem
    | ModelLoading
    | ModelNote
    | ModelDownloading
    | IndexProgress
    | FileFailed
    | FileNote
    | SpeechUnavailable
    | IndexFinished
)
