"""A snapshot of the library for ``mediasift status`` and the app's library page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .paths import json_name, json_path
from .reasons import Reason
from .store.records import FailedFile, KindStatusCount, NotedFile, ScanIssue


@dataclass(frozen=True)
class RootStatus:
    path: Path
    online: bool
    indexed: int
    last_scan_at: float | None
    state: str = "online"
    """online, offline or unreadable, from a live look (see scan/volumes.py)."""
    reason: str = ""
    """Why it is not online."""
    why: Reason | None = None
    """The same as a code and its values, for a window in another language."""


@dataclass(frozen=True)
class ModelStatus:
    label: str
    model_id: str
    weights_present: bool
    weights_location: Path | None
    indexed_files: int
    problem: str | None = None
    """Why the configured model cannot be used, if it cannot."""


@dataclass(frozen=True)
class SpeechStatus:
    label: str
    present: bool
    location: Path | None
    waiting: int
    """Recordings and soundtracks whose transcript is still to be made."""
    problem: str | None = None


@dataclass(frozen=True)
class LibraryStatus:
    data_dir: Path
    database: Path
    roots: list[RootStatus]
    counts: list[KindStatusCount]
    model: ModelStatus
    other_models: list[tuple[str, int]]
    """Models that embedded files earlier, with how many indexed files they cover."""
    speech: SpeechStatus
    pending: int
    """The queue: files still to index or transcribe (kept in the store across restarts)."""
    failures: list[FailedFile]
    notes: list[NotedFile]
    """Indexed files with a remark (no audio track, no speech found, damaged audio)."""
    scan_issues: list[ScanIssue]
    reading_text: bool = True
    """Text in photos and video frames is read (off: MEDIASIFT_READ_TEXT=0, or the app's
    setting)."""
    words_waiting: int = 0
    """Files whose words (name and keywords, text in their pictures) are still to gather."""

    def as_json(self) -> dict[str, object]:
        counts: dict[str, dict[str, int]] = {}
        for c in self.counts:
            counts.setdefault(str(c.kind) if c.kind else "unknown", {})[str(c.status)] = c.count
        return {
            "data_dir": json_name(self.data_dir),
            "database": json_name(self.database),
            "roots": [
                {
                    **json_path(r.path),
                    "online": r.online,
                    "state": r.state,
                    "reason": r.reason or None,
                    "indexed": r.indexed,
                    "last_scan_at": _iso(r.last_scan_at),
                }
                for r in self.roots
            ],
            "counts": counts,
            "pending": self.pending,
            "model": {
                "label": self.model.label,
                "id": self.model.model_id,
                "weights_present": self.model.weights_present,
                "weights_location": json_name(self.model.weights_location)
                if self.model.weights_location
                else None,
                "indexed_files": self.model.indexed_files,
                "problem": self.model.problem,
            },
            "other_models": [{"id": n, "indexed_files": c} for n, c in self.other_models],
            "speech_model": {
                "label": self.speech.label,
                "present": self.speech.present,
                "location": json_name(self.speech.location) if self.speech.location else None,
                "waiting": self.speech.waiting,
                "problem": self.speech.problem,
            },
            "text_in_pictures": {"read": self.reading_text, "waiting": self.words_waiting},
            "failures": [
                {
                    **json_path(f.path),
                    "kind": str(f.kind) if f.kind else None,
                    "reason": f.reason,
                }
                for f in self.failures
            ],
            "notes": [
                {**json_path(f.path), "kind": str(f.kind) if f.kind else None, "note": f.note}
                for f in self.notes
            ],
            "scan_issues": [
                {"root": json_name(i.root), **json_path(i.path), "reason": i.reason}
                for i in self.scan_issues
            ],
        }


def _iso(moment: float | None) -> str | None:
    return datetime.fromtimestamp(moment).isoformat(timespec="seconds") if moment else None
