"""What a long-running engine call tells its caller while it works.

Frozen dataclasses passed to an ``on_event`` callback: the CLI draws a progress bar from
them, the desktop app re-emits them as Qt signals. The engine never prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from mediasift.core.paths import display


@dataclass(frozen=True)
class ScanProgress:
    root: Path
    files_seen: int


@dataclass(frozen=True)
class RootOffline:
    root: Path


@dataclass(frozen=True)
class ScanProblem:
    path: Path
    reason: str


@dataclass(frozen=True)
class ModelLoading:
    label: str


@dataclass(frozen=True)
class ModelDownloading:
    label: str
    done: int
    total: int | None


@dataclass(frozen=True)
class IndexProgress:
    done: int
    total: int
    failed: int
    rate: float
    """Files per second since indexing (not scanning) started."""
    current: Path | None


@dataclass(frozen=True)
class FileFailed:
    path: Path
    reason: str


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
    reused: int = 0
    failed: int = 0
    removed: int = 0
    problems: int = 0
    waiting: int = 0
    """Files found but left for an indexer that is not available in this version."""
    elapsed_s: float = 0.0
    indexing_s: float = 0.0
    """Time spent decoding, encoding and writing (not scanning or loading the model)."""
    cancelled: bool = False

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["offline_roots"] = [display(p) for p in self.offline_roots]
        data["elapsed_s"] = round(self.elapsed_s, 3)
        data["indexing_s"] = round(self.indexing_s, 3)
        return data


@dataclass(frozen=True)
class IndexFinished:
    summary: IndexSummary


IndexEvent = (
    ScanProgress
    | RootOffline
    | ScanProblem
    | ModelLoading
    | ModelDownloading
    | IndexProgress
    | FileFailed
    | IndexFinished
)
