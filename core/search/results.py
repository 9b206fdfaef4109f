"""What a search returns: files, each with its best moments (for videos and recordings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..kinds import MediaKind, SegmentKind
from ..paths import json_name, json_path


@dataclass(frozen=True)
class Moment:
    """One matching segment of a file: a frame at a second, or a spoken line."""

    segment_id: int
    segment_kind: SegmentKind
    score: float
    similarity: float
    start_s: float | None
    end_s: float | None
    text: str | None
    thumbnail: Path | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "segment": str(self.segment_kind),
            "thumbnail": json_name(self.thumbnail) if self.thumbnail else None,
            "score": round(self.score, 4),
            "similarity": round(self.similarity, 4),
            "start_s": self.start_s,
            "end_s": self.end_s,
            "text": self.text,
        }


@dataclass(frozen=True)
class SearchResult:
    """A file, ranked by its best moment; ``moments`` holds the best few, best first."""

    media_id: int
    path: Path
    kind: MediaKind
    moments: tuple[Moment, ...]
    taken_at: float | None
    thumbnail: Path | None
    width: int | None = None
    height: int | None = None
    duration_s: float | None = None
    offline: bool = False
    """Its folder is offline (an unplugged drive): found, but cannot be opened now."""

    @property
    def best(self) -> Moment:
        return self.moments[0]

    @property
    def score(self) -> float:
        return self.best.score

    @property
    def start_s(self) -> float | None:
        return self.best.start_s

    @property
    def end_s(self) -> float | None:
        return self.best.end_s

    @property
    def text(self) -> str | None:
        return self.best.text

    def as_json(self) -> dict[str, object]:
        return {
            **json_path(self.path),
            "kind": str(self.kind),
            "score": round(self.score, 4),
            "similarity": round(self.best.similarity, 4),
            "start_s": self.start_s,
            "end_s": self.end_s,
            "text": self.text,
            "taken_at": (
                datetime.fromtimestamp(self.taken_at).isoformat(timespec="seconds")
                if self.taken_at is not None
                else None
            ),
            "thumbnail": json_name(self.thumbnail) if self.thumbnail else None,
            "offline": self.offline,
            "moments": [m.as_json() for m in self.moments],
        }
