"""The words half of the store: text read in pictures and words about files.

Words segments (:data:`~mediasift.core.kinds.WORD_SEGMENT_KINDS`) have no vector; they
live in ``segments`` with their text (and, for text read in a picture, its box and
confidence) and are found through the full-text index only.

Two part states say what is still to do for a searchable file (``NULL``: to do):

* ``words_state``: its name, folders and embedded keywords. Reset when its segments are
  cleared (new content) and when it is reached by another name (a move or a copy adopts
  the segments of the old name, but not its name).
* ``text_state``: text read in the photo or in the video's kept frames. Reset with new
  content only: a move or a copy keeps what was read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import apsw

from ..kinds import MediaKind, PartState, SegmentKind
from ..paths import from_key
from .catalog import P_DONE, S_INDEXED
from .records import ReadLineRow

TEXT_KINDS = ("photo", "video")
"""The kinds of file that can hold text to read."""


_WAITING = f"m.status = {S_INDEXED} AND r.online = 1 AND (m.words_state IS NULL OR {{text}})"


def _text_to_read(read_text: bool) -> str:
    """SQL: the file's pictures are still to be read (never, when reading is off)."""
    return f"(m.text_state IS NULL AND m.kind IN {TEXT_KINDS!r})" if read_text else "0"


@dataclass(frozen=True)
class WordsItem:
    """A searchable file with words still to gather."""

    media_id: int
    path: Path
    root: Path
    kind: MediaKind
    needs_names: bool
    needs_text: bool


@dataclass(frozen=True)
class WordsSegment:
    """One line of words to store: a line read in a picture (with where and how sure, and
    for a video the seconds it was on screen), or words about the file."""

    kind: SegmentKind
    text: str
    box: tuple[float, float, float, float] | None = None
    confidence: float | None = None
    start_s: float | None = None
    end_s: float | None = None


def box_from_json(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    x, y, w, h = json.loads(value)
    return (float(x), float(y), float(w), float(h))


def box_to_json(box: tuple[float, float, float, float] | None) -> str | None:
    return json.dumps([round(v, 4) for v in box]) if box is not None else None


class WordsCatalog:
    def __init__(self, conn: apsw.Connection) -> None:
        self._conn = conn

    def queue(self, *, read_text: bool) -> list[WordsItem]:
        """Searchable files on a reachable folder with names or text still to do."""
        text_clause = _text_to_read(read_text)
        rows = self._conn.execute(
            "SELECT m.id, m.path, r.path, m.kind, m.words_state IS NULL, "
            f"{text_clause} FROM media m JOIN roots r ON r.id = m.root_id "
            f"WHERE {_WAITING.format(text=text_clause)} ORDER BY m.id"
        )
        return [
            WordsItem(r[0], from_key(r[1]), from_key(r[2]), MediaKind(r[3]), bool(r[4]), bool(r[5]))
            for r in rows
        ]

    def waiting(self, *, read_text: bool) -> int:
        """How many files wait for the words phase (see :meth:`queue`)."""
        text_clause = _text_to_read(read_text)
        row = self._conn.execute(
            "SELECT count(*) FROM media m JOIN roots r ON r.id = m.root_id "
            f"WHERE {_WAITING.format(text=text_clause)}"
        ).fetchone()
        return int(row[0])

    def segment_ids(self, media_id: int, kinds: Sequence[SegmentKind]) -> list[int]:
        marks = ",".join("?" * len(kinds))
        rows = self._conn.execute(
            f"SELECT id FROM segments WHERE media_id = ? AND kind IN ({marks})",
            (media_id, *kinds),
        )
        return [r[0] for r in rows]

    def delete_segments(self, segment_ids: Sequence[int]) -> None:
        self._conn.executemany("DELETE FROM segments WHERE id = ?", ((i,) for i in segment_ids))

    def add(self, media_id: int, segment: WordsSegment) -> int:
        self._conn.execute(
            "INSERT INTO segments(media_id, kind, start_s, end_s, text, box, confidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                media_id,
                segment.kind,
                segment.start_s,
                segment.end_s,
                segment.text,
                box_to_json(segment.box),
                segment.confidence,
            ),
        )
        return self._conn.last_insert_rowid()

    def mark_done(self, media_id: int, *, names: bool, text: bool) -> None:
        if names:
            self._conn.execute(f"UPDATE media SET words_state = {P_DONE} WHERE id = ?", (media_id,))
        if text:
            self._conn.execute(f"UPDATE media SET text_state = {P_DONE} WHERE id = ?", (media_id,))

    def forget(self, media_id: int, *, names: bool = True, text: bool = True) -> None:
        """Mark words to be gathered again (the segments are the caller's to clear)."""
        if names:
            self._conn.execute("UPDATE media SET words_state = NULL WHERE id = ?", (media_id,))
        if text:
            self._conn.execute("UPDATE media SET text_state = NULL WHERE id = ?", (media_id,))

    def text_read(self, media_id: int) -> list[ReadLineRow]:
        rows = self._conn.execute(
            "SELECT text, box, confidence, start_s FROM segments WHERE media_id = ? "
            "AND kind = 'text' ORDER BY coalesce(start_s, 0), id",
            (media_id,),
        )
        return [ReadLineRow(r[0], box_from_json(r[1]), r[2], r[3]) for r in rows]

    def text_state(self, media_id: int) -> PartState | None:
        row = self._conn.execute(
            "SELECT text_state FROM media WHERE id = ?", (media_id,)
        ).fetchone()
        return PartState(row[0]) if row and row[0] else None

    def words_about(self, media_id: int) -> list[tuple[SegmentKind, str]]:
        rows = self._conn.execute(
            "SELECT kind, text FROM segments WHERE media_id = ? AND kind IN ('name', 'keywords') "
            "ORDER BY id",
            (media_id,),
        )
        return [(SegmentKind(r[0]), r[1]) for r in rows]

    def boxes(self, segment_ids: Sequence[int]) -> dict[int, tuple[float, float, float, float]]:
        """Where each of these text-in-picture segments was read."""
        if not segment_ids:
            return {}
        rows = self._conn.execute(
            "SELECT s.id, s.box FROM (SELECT value FROM json_each(?)) j "
            "CROSS JOIN segments s ON s.id = j.value WHERE s.box IS NOT NULL",
            ("[" + ",".join(str(int(i)) for i in segment_ids) + "]",),
        )
        return {r[0]: box for r in rows if (box := box_from_json(r[1])) is not None}
