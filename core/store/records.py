"""Plain values the store hands out: callers never see rows, cursors or SQL."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..kinds import MediaKind, MediaStatus, PartState, SegmentKind
from ..paths import from_key
from ..reasons import Reason


@dataclass(frozen=True)
class Volume:
    """A root, mount point or linked folder as the last full scan saw it (scan/volumes.py)."""

    path: Path
    dev: int
    mounted: bool
    linked: bool


@dataclass(frozen=True)
class Root:
    """A folder the user added to the library."""

    id: int
    path: Path
    online: bool
    last_scan_at: float | None
    volume: Volume | None = None
    """The root itself as the last full scan saw it (``None`` before the first)."""


@dataclass(frozen=True)
class KnownFile:
    """What the catalog remembers of a path, enough to tell whether it changed."""

    id: int
    size: int
    mtime_ns: int
    status: MediaStatus
    retry: bool = False
    """It failed for a reason that can go away (permission, I/O, full disk): try again."""


@dataclass(frozen=True)
class NewFile:
    """A file the scanner wants indexed: new, changed, or back from missing."""

    path_key: bytes
    size: int
    mtime_ns: int
    kind: MediaKind | None


@dataclass(frozen=True)
class WorkItem:
    """One file the indexer has to (re)process for the active model."""

    media_id: int
    path: Path
    kind: MediaKind | None
    size: int
    mtime_ns: int
    content_hash: str | None
    status: MediaStatus
    embedded: bool
    """Whether the active model already has vectors for this file's current segments."""


@dataclass(frozen=True)
class Reusable:
    """An already embedded file with the same content as a new one (a copy or a move)."""

    media_id: int
    status: MediaStatus
    path: Path


@dataclass(frozen=True)
class ModelRecord:
    """A model that has written vectors into this library."""

    id: int
    name: str
    dim: int

    @property
    def table(self) -> str:
        # Derived from the integer id only, so it is always a safe SQL identifier.
        return f"vec_m{self.id}"


@dataclass(frozen=True)
class SegmentRow:
    """A searchable unit joined with the file it belongs to."""

    segment_id: int
    segment_kind: SegmentKind
    start_s: float | None
    end_s: float | None
    text: str | None
    media_id: int
    path_key: bytes
    media_kind: MediaKind
    status: MediaStatus
    taken_at: float | None
    content_hash: str | None
    width: int | None
    height: int | None
    duration_s: float | None
    root_online: bool = True

    @cached_property
    def path(self) -> Path:
        """Made when asked for: a search reads thousands of rows and returns a few hundred,
        and building a ``Path`` was a third of a large search's time."""
        return from_key(self.path_key)


@dataclass(frozen=True)
class FailedFile:
    """A file that could not be indexed, with the one-line reason."""

    path: Path
    kind: MediaKind | None
    reason: str
    why: Reason | None = None
    """The reason as a code and its values (None: stored before codes, or free text)."""


@dataclass(frozen=True)
class NotedFile:
    """A file that indexed, with a remark worth showing (no audio track, damaged audio, a
    soundtrack that could not be transcribed). A note is not a failure."""

    path: Path
    kind: MediaKind | None
    note: str
    why: Reason | None = None
    """The note as a code and its values (None: stored before codes, or free text)."""


@dataclass(frozen=True)
class ScanIssue:
    """A folder-level problem met while scanning (unreadable folder, symlink loop)."""

    root: Path
    path: Path
    reason: str
    why: Reason | None = None
    """The reason as a code and its values (None: stored before codes)."""


@dataclass(frozen=True)
class KindStatusCount:
    kind: MediaKind | None
    status: MediaStatus
    count: int


@dataclass(frozen=True)
class VideoItem:
    """A video whose frames are to be sampled and embedded."""

    media_id: int
    path: Path
    content_hash: str | None
    mtime_ns: int
    size: int


@dataclass(frozen=True)
class SpeechItem:
    """A video or recording whose transcript is to be made (or finished)."""

    media_id: int
    path: Path
    kind: MediaKind
    content_hash: str | None
    mtime_ns: int
    done_s: float
    """Transcript already committed up to this second (resume point)."""
    language: str | None


@dataclass(frozen=True)
class ReadLineRow:
    """A line read in a file, as ``mediasift show`` lists it (``start_s``: the second a
    video shows it)."""

    text: str
    box: tuple[float, float, float, float] | None
    confidence: float | None
    start_s: float | None


@dataclass(frozen=True)
class MediaDetails:
    """One file as ``mediasift show`` presents it."""

    media_id: int
    path: Path
    kind: MediaKind | None
    status: MediaStatus
    error: str | None
    duration_s: float | None
    width: int | None
    height: int | None
    taken_at: float | None
    language: str | None
    visual_state: PartState | None
    speech_state: PartState | None
    speech_note: str | None
    frames: int
    text_read: tuple[ReadLineRow, ...] = ()
    """Lines read in the photo or the video's frames."""
    about: tuple[tuple[SegmentKind, str], ...] = ()
    """Words about the file: its name and folders, embedded keywords."""
    text_state: PartState | None = None
    """``done`` once its pictures were read (None: still to read, or not a picture)."""
