"""What a search returns: files, each with its best moments (for videos and recordings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from ..kinds import MediaKind, SegmentKind
from ..paths import json_name, json_path


class MatchedBy(StrEnum):
    """Why a moment matched, as a person would say it (``matched_by`` in ``--json``)."""

    IMAGE = "image"  # the photo or the video frame looks like the description or example
    TEXT_IN_IMAGE = "text_in_image"  # words read in the photo or frame
    SPEECH = "speech"  # a line said in a recording or soundtrack
    NAME = "name"  # the file's name or a folder name below the library root
    KEYWORDS = "keywords"  # metadata written into the file (tags, title, caption)


Box = tuple[float, float, float, float]
"""Where words were read: x, y, width, height, normalised 0..1 in the upright picture."""


@dataclass(frozen=True)
class Moment:
    """One matching segment of a file: a frame at a second, a spoken line, words read in a
    picture, or words about the file."""

    segment_id: int
    segment_kind: SegmentKind
    score: float
    similarity: float
    start_s: float | None
    end_s: float | None
    text: str | None
    thumbnail: Path | None = None
    matched_by: MatchedBy = MatchedBy.IMAGE
    box: Box | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "segment": str(self.segment_kind),
            "thumbnail": json_name(self.thumbnail) if self.thumbnail else None,
            "score": round(self.score, 4),
            "similarity": round(self.similarity, 4),
            "start_s": self.start_s,
            "end_s": self.end_s,
            "text": self.text,
            "matched_by": str(self.matched_by),
            "box": list(self.box) if self.box is not None else None,
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

    @property
    def matched_by(self) -> MatchedBy:
        return self.best.matched_by

    def as_json(self) -> dict[str, object]:
        return {
            **json_path(self.path),
            "kind": str(self.kind),
            "score": round(self.score, 4),
            "similarity": round(self.best.similarity, 4),
            "start_s": self.start_s,
            "end_s": self.end_s,
            "text": self.text,
            "matched_by": str(self.matched_by),
            "box": list(self.best.box) if self.best.box is not None else None,
            "taken_at": (
                datetime.fromtimestamp(self.taken_at).isoformat(timespec="seconds")
                if self.taken_at is not None
                else None
            ),
            "thumbnail": json_name(self.thumbnail) if self.thumbnail else None,
            "offline": self.offline,
            "moments": [m.as_json() for m in self.moments],
        }
