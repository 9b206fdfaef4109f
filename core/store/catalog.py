"""The catalog half of the store: roots, files, segments, scan bookkeeping, preferences.

All methods run single statements or small groups; the caller decides the transaction
boundaries (``with store.transaction():``) so that one batch of indexed files lands
atomically with its vectors.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import apsw

from ..kinds import MediaKind, MediaStatus, PartState, SegmentKind
from ..paths import from_key, to_key
from ..reasons import Reason, stored_reason, why_json
from .records import (
    FailedFile,
    KindStatusCount,
    KnownFile,
    MediaDetails,
    NewFile,
    NotedFile,
    Reusable,
    Root,
    ScanIssue,
    SegmentRow,
    SpeechItem,
    VideoItem,
    Volume,
    WorkItem,
)

_FACTS = (
    "kind, content_hash, width, height, duration_s, taken_at, visual_state, speech_state, "
    "speech_done_s, speech_note, language, text_state"
)

# The state words as SQL literals, from the enums that define them (kinds.py holds the
# state machine): a typo here is an import error, not a query that silently matches nothing.
S_PENDING, S_INDEXED, S_FAILED, S_MISSING = (
    f"'{s}'"
    for s in (MediaStatus.PENDING, MediaStatus.INDEXED, MediaStatus.FAILED, MediaStatus.MISSING)
)
P_PENDING, P_DONE, P_NONE, P_FAILED = (
    f"'{s}'" for s in (PartState.PENDING, PartState.DONE, PartState.NONE, PartState.FAILED)
)

# SQLite's default limit on host parameters is 32766; stay well below it per statement.
CHUNK = 900


def chunks(values: Sequence[int], size: int = CHUNK) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


KeyRange = tuple[bytes, bytes]
"""Path keys ``[low, high)``: one file, or everything below a folder."""


def _in_ranges(ranges: Sequence[KeyRange] | None) -> tuple[str, list[bytes]]:
    if ranges is None:
        return "", []
    clauses = " OR ".join("(path >= ? AND path < ?)" for _ in ranges)
    return f" AND ({clauses})", [bound for pair in ranges for bound in pair]


def _kind(value: str | None) -> MediaKind | None:
    return MediaKind(value) if value else None


def _part(value: str | None) -> PartState | None:
    return PartState(value) if value else None


class Catalog:
    def __init__(self, conn: apsw.Connection) -> None:
        self._conn = conn

    # -- roots -------------------------------------------------------------------------

    def add_root(self, path: Path) -> Root:
        key = to_key(path)
        self._conn.execute(
            "INSERT INTO roots(path, added_at) VALUES (?, ?) ON CONFLICT(path) DO NOTHING",
            (key, time.time()),
        )
        return next(r for r in self.roots() if r.path == from_key(key))

    def roots(self) -> list[Root]:
        rows = self._conn.execute(
            "SELECT r.id, r.path, r.online, r.last_scan_at, v.dev, v.mounted, v.linked "
            "FROM roots r LEFT JOIN volumes v ON v.root_id = r.id AND v.path = r.path "
            "ORDER BY r.path"
        ).fetchall()
        return [
            Root(
                r[0],
                from_key(r[1]),
                bool(r[2]),
                r[3],
                None if r[4] is None else Volume(from_key(r[1]), r[4], bool(r[5]), bool(r[6])),
            )
            for r in rows
        ]

    def volumes(self, root_id: int) -> list[Volume]:
        """The root's volumes as its last full scan saw them (the root itself included)."""
        rows = self._conn.execute(
            "SELECT path, dev, mounted, linked FROM volumes WHERE root_id = ? ORDER BY path",
            (root_id,),
        )
        return [Volume(from_key(r[0]), r[1], bool(r[2]), bool(r[3])) for r in rows]

    def replace_volumes(self, root_id: int, volumes: Sequence[Volume]) -> None:
        self._conn.execute("DELETE FROM volumes WHERE root_id = ?", (root_id,))
        self._conn.executemany(
            "INSERT OR REPLACE INTO volumes(root_id, path, dev, mounted, linked) "
            "VALUES (?, ?, ?, ?, ?)",
            ((root_id, to_key(v.path), v.dev, int(v.mounted), int(v.linked)) for v in volumes),
        )

    def sample_files(self, root_id: int, ranges: Sequence[KeyRange], size: int) -> list[Path]:
        """A few files the catalog holds in these key ranges (is a folder's content there?)."""
        where, args = _in_ranges(ranges)
        rows = self._conn.execute(
            f"SELECT path FROM media WHERE root_id = ? AND status != {S_MISSING}{where} LIMIT ?",
            (root_id, *args, size),
        )
        return [from_key(r[0]) for r in rows]

    def merge_root(self, inner_id: int, *, into: int) -> None:
        """A folder was added above an existing root: its files now belong to the new one."""
        self._conn.execute("UPDATE media SET root_id = ? WHERE root_id = ?", (into, inner_id))
        self._conn.execute("DELETE FROM roots WHERE id = ?", (inner_id,))

    def media_ids_of_root(self, root_id: int) -> list[int]:
        rows = self._conn.execute("SELECT id FROM media WHERE root_id = ?", (root_id,))
        return [r[0] for r in rows]

    def delete_root(self, root_id: int) -> None:
        self._conn.execute("DELETE FROM roots WHERE id = ?", (root_id,))

    def mark_root(self, root_id: int, *, online: bool, scanned: bool) -> None:
        if scanned:
            self._conn.execute(
                "UPDATE roots SET online = ?, last_scan_at = ? WHERE id = ?",
                (int(online), time.time(), root_id),
            )
        else:
            self._conn.execute("UPDATE roots SET online = ? WHERE id = ?", (int(online), root_id))

    # -- scan bookkeeping ----------------------------------------------------------------

    def known_files(
        self, root_id: int, ranges: Sequence[KeyRange] | None = None
    ) -> dict[bytes, KnownFile]:
        """What the catalog holds for a root, or for key ranges of it (a partial scan)."""
        where, args = _in_ranges(ranges)
        rows = self._conn.execute(
            f"SELECT path, id, size, mtime_ns, status, retry FROM media WHERE root_id = ?{where}",
            (root_id, *args),
        )
        return {r[0]: KnownFile(r[1], r[2], r[3], MediaStatus(r[4]), bool(r[5])) for r in rows}

    def begin_sweep(self, root_id: int, ranges: Sequence[KeyRange] | None = None) -> None:
        """Flag every present file of the root (or ranges) as unseen; the scan clears
        what it meets."""
        where, args = _in_ranges(ranges)
        self._conn.execute(
            f"UPDATE media SET seen = 0 WHERE root_id = ? AND status != {S_MISSING}{where}",
            (root_id, *args),
        )

    def mark_seen(self, media_ids: Sequence[int]) -> None:
        self._conn.executemany("UPDATE media SET seen = 1 WHERE id = ?", ((i,) for i in media_ids))

    def keep_ranges(self, root_id: int, ranges: Sequence[KeyRange]) -> None:
        """What lies in these key ranges could not be looked at: it is kept as it is."""
        for low, high in ranges:
            self._conn.execute(
                "UPDATE media SET seen = 1 WHERE root_id = ? AND path >= ? AND path < ?",
                (root_id, low, high),
            )

    def queue_new(self, root_id: int, files: Sequence[NewFile]) -> None:
        self._conn.executemany(
            "INSERT INTO media(root_id, path, kind, size, mtime_ns, status, seen) "
            f"VALUES (?, ?, ?, ?, ?, {S_PENDING}, 1)",
            ((root_id, f.path_key, f.kind, f.size, f.mtime_ns) for f in files),
        )

    def queue_changed(self, changes: Sequence[tuple[int, NewFile]]) -> None:
        """Changed or returning files go back to pending; their vectors stay until replaced."""
        self._conn.executemany(
            f"UPDATE media SET kind = ?, size = ?, mtime_ns = ?, status = {S_PENDING}, "
            "error = NULL, retry = 0, seen = 1 WHERE id = ?",
            ((f.kind, f.size, f.mtime_ns, media_id) for media_id, f in changes),
        )

    def requeue_retries(self, media_ids: Sequence[int]) -> None:
        """Try again what failed for a reason that can go away (the file did not change):
        a failed file goes back to the queue, a failed transcript part to its phase."""
        self._conn.executemany(
            f"UPDATE media SET status = CASE WHEN status = {S_FAILED} THEN {S_PENDING} "
            "ELSE status END, error = NULL, "
            f"speech_state = CASE WHEN speech_state = {P_FAILED} THEN {P_PENDING} "
            "ELSE speech_state END, "
            f"speech_note = CASE WHEN speech_state = {P_FAILED} THEN NULL ELSE speech_note END, "
            "retry = 0, seen = 1 WHERE id = ?",
            ((i,) for i in media_ids),
        )

    def end_sweep(self, root_id: int, ranges: Sequence[KeyRange] | None = None) -> int:
        """Files the scan did not meet become ``missing``; returns how many."""
        where, args = _in_ranges(ranges)
        self._conn.execute(
            f"UPDATE media SET status = {S_MISSING}, missing_at = ? WHERE root_id = ? AND seen = 0 "
            f"AND status != {S_MISSING}{where}",
            (time.time(), root_id, *args),
        )
        return self._conn.changes()

    def replace_scan_issues(
        self, root_id: int, issues: Sequence[tuple[bytes, Reason | str]]
    ) -> None:
        self._conn.execute("DELETE FROM scan_issues WHERE root_id = ?", (root_id,))
        self._conn.executemany(
            "INSERT INTO scan_issues(root_id, path, reason, why) VALUES (?, ?, ?, ?)",
            ((root_id, key, str(reason), why_json(reason)) for key, reason in issues),
        )

    def missing_media_ids(self, older_than: float | None = None) -> list[int]:
        """Files marked missing (before ``older_than``, a Unix time, if given)."""
        if older_than is None:
            rows = self._conn.execute(f"SELECT id FROM media WHERE status = {S_MISSING}")
        else:
            rows = self._conn.execute(
                f"SELECT id FROM media WHERE status = {S_MISSING} AND missing_at < ?", (older_than,)
            )
        return [r[0] for r in rows]

    def delete_media(self, media_ids: Sequence[int]) -> None:
        """Delete files and, by cascade, their segments and provenance rows."""
        for part in chunks(media_ids):
            marks = ",".join("?" * len(part))
            self._conn.execute(f"DELETE FROM media WHERE id IN ({marks})", tuple(part))

    # -- indexing --------------------------------------------------------------------------

    def work_items(self, model_id: int, kinds: Iterable[MediaKind]) -> list[WorkItem]:
        """Files to process: pending ones, and indexed ones the model has not embedded."""
        kind_list = [str(k) for k in kinds]
        marks = ",".join("?" * len(kind_list))
        rows = self._conn.execute(
            "SELECT id, path, kind, size, mtime_ns, content_hash, status, EXISTS (SELECT 1 "
            " FROM media_vectors v WHERE v.media_id = media.id AND v.model_id = ?) AS embedded "
            f"FROM media WHERE (kind IS NULL OR kind IN ({marks})) AND (status = {S_PENDING} OR "
            f"(status = {S_INDEXED} AND NOT embedded AND kind != 'audio')) ORDER BY id",
            (model_id, *kind_list),
        )
        return [
            WorkItem(
                r[0], from_key(r[1]), _kind(r[2]), r[3], r[4], r[5], MediaStatus(r[6]), bool(r[7])
            )
            for r in rows
        ]

    def find_reusable(
        self, content_hash: str, size: int, model_id: int, exclude_id: int
    ) -> Reusable | None:
        """Another file with this content whose vectors the model already made.

        A ``missing`` one is preferred: that is the old name of a moved file, whose
        segments can simply be adopted.
        """
        row = self._conn.execute(
            "SELECT m.id, m.status, m.path FROM media m JOIN media_vectors v ON v.media_id = m.id "
            "WHERE v.model_id = ? AND m.content_hash = ? AND m.size = ? AND m.id != ? "
            f"AND m.status IN ({S_INDEXED}, {S_MISSING}) "
            f"ORDER BY m.status = {S_MISSING} DESC, m.id LIMIT 1",
            (model_id, content_hash, size, exclude_id),
        ).fetchone()
        return Reusable(row[0], MediaStatus(row[1]), from_key(row[2])) if row else None

    def set_indexed(
        self,
        media_id: int,
        *,
        kind: MediaKind,
        content_hash: str,
        width: int | None,
        height: int | None,
        duration_s: float | None,
        taken_at: float | None,
    ) -> None:
        self._conn.execute(
            "UPDATE media SET kind = ?, content_hash = ?, width = ?, height = ?, "
            f"duration_s = ?, taken_at = ?, status = {S_INDEXED}, error = NULL, indexed_at = ? "
            "WHERE id = ?",
            (kind, content_hash, width, height, duration_s, taken_at, time.time(), media_id),
        )

    def set_failed(
        self,
        media_id: int,
        reason: Reason | str,
        *,
        kind: MediaKind | None,
        content_hash: str | None,
        retry: bool = False,
    ) -> None:
        """``retry``: the reason can go away by itself (see :class:`KnownFile`). A
        :class:`Reason` is stored with its code too (``error_why``), for the app's words."""
        self._conn.execute(
            f"UPDATE media SET status = {S_FAILED}, error = ?, error_why = ?, "
            "kind = coalesce(?, kind), content_hash = coalesce(?, content_hash), retry = ?, "
            "indexed_at = ? WHERE id = ?",
            (str(reason), why_json(reason), kind, content_hash, int(retry), time.time(), media_id),
        )

    def queue_parts(self, media_id: int, kind: MediaKind, content_hash: str) -> None:
        """New content of a video or recording: its frames and transcript are to be made."""
        self._conn.execute(
            "UPDATE media SET kind = ?, content_hash = ?, visual_state = ?, "
            f"speech_state = {P_PENDING}, speech_done_s = 0, speech_note = NULL, language = NULL, "
            "error = NULL WHERE id = ?",
            (kind, content_hash, PartState.PENDING if kind == MediaKind.VIDEO else None, media_id),
        )

    def requeue_frames(self, media_id: int) -> None:
        """Same video, another CLIP model: the frames must be embedded again."""
        self._conn.execute(f"UPDATE media SET visual_state = {P_PENDING} WHERE id = ?", (media_id,))

    def videos_to_sample(self) -> list[VideoItem]:
        rows = self._conn.execute(
            "SELECT id, path, content_hash, mtime_ns, size FROM media WHERE kind = 'video' "
            f"AND visual_state = {P_PENDING} AND status IN ({S_PENDING}, {S_INDEXED}) ORDER BY id"
        )
        return [VideoItem(r[0], from_key(r[1]), r[2], r[3], r[4]) for r in rows]

    def nearest_frame_time(self, media_id: int, time_s: float) -> float | None:
        """The sampled frame on screen at a second (for a spoken moment's picture): the
        last kept at or before it, as a kept frame stands for its scene until the next
        one (the closest by time could be the next scene's); the first if none is."""
        row = self._conn.execute(
            "SELECT start_s FROM segments WHERE media_id = ? AND kind = 'frame' "
            "ORDER BY start_s > ?, abs(start_s - ?) LIMIT 1",
            (media_id, time_s, time_s),
        ).fetchone()
        return row[0] if row else None

    def frame_segments(self, media_id: int) -> dict[float, int]:
        rows = self._conn.execute(
            "SELECT start_s, id FROM segments WHERE media_id = ? AND kind = 'frame'", (media_id,)
        )
        return {round(r[0], 3): r[1] for r in rows}

    def finish_frames(
        self,
        media_id: int,
        *,
        width: int | None,
        height: int | None,
        duration_s: float | None,
        taken_at: float,
    ) -> None:
        self._conn.execute(
            "UPDATE media SET kind = 'video', width = ?, height = ?, duration_s = ?, "
            f"taken_at = ?, visual_state = {P_DONE}, status = {S_INDEXED}, error = NULL, "
            "indexed_at = ? WHERE id = ?",
            (width, height, duration_s, taken_at, time.time(), media_id),
        )

    def make_audio(self, media_id: int) -> None:
        """A "video" container without pictures (an audio-only .mp4) is a recording."""
        self._conn.execute(
            "UPDATE media SET kind = 'audio', visual_state = NULL WHERE id = ?", (media_id,)
        )

    def speech_queue(self) -> list[SpeechItem]:
        rows = self._conn.execute(
            "SELECT id, path, kind, content_hash, mtime_ns, coalesce(speech_done_s, 0), "
            f"language FROM media WHERE speech_state = {P_PENDING} "
            f"AND status IN ({S_PENDING}, {S_INDEXED}) ORDER BY id"
        )
        return [
            SpeechItem(r[0], from_key(r[1]), MediaKind(r[2]), r[3], r[4], r[5], r[6]) for r in rows
        ]

    def speech_progress(self, media_id: int, done_s: float, language: str | None) -> None:
        self._conn.execute(
            "UPDATE media SET speech_done_s = ?, language = coalesce(?, language) WHERE id = ?",
            (done_s, language, media_id),
        )

    def finish_speech(
        self,
        media_id: int,
        *,
        state: PartState,
        note: Reason | str | None,
        duration_s: float | None,
        taken_at: float,
        retry: bool = False,
    ) -> None:
        """Close the transcript part; a recording becomes searchable (or failed) here."""
        line, why = (None if note is None else str(note)), why_json(note)
        self._conn.execute(
            "UPDATE media SET speech_state = ?, speech_note = ?, speech_note_why = ?, retry = ?, "
            "duration_s = coalesce(?, duration_s), "
            "taken_at = CASE WHEN kind = 'audio' THEN ? ELSE taken_at END, "
            "status = CASE WHEN kind != 'audio' THEN status "
            f"  WHEN ? = {P_FAILED} THEN {S_FAILED} ELSE {S_INDEXED} END, "
            f"error = CASE WHEN kind = 'audio' AND ? = {P_FAILED} THEN ? ELSE error END, "
            f"error_why = CASE WHEN kind = 'audio' AND ? = {P_FAILED} THEN ? ELSE error_why END, "
            "indexed_at = ? WHERE id = ?",
            (
                state,
                line,
                why,
                int(retry),
                duration_s,
                taken_at,
                state,
                state,
                line,
                state,
                why,
                time.time(),
                media_id,
            ),
        )

    def transcript(self, media_id: int) -> list[tuple[float, float, str, str | None]]:
        rows = self._conn.execute(
            "SELECT start_s, end_s, text, lang FROM segments WHERE media_id = ? "
            "AND kind = 'speech' ORDER BY start_s",
            (media_id,),
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def media_by_path(self, key: bytes) -> MediaDetails | None:
        row = self._conn.execute(
            "SELECT m.id, m.path, m.kind, m.status, m.error, m.duration_s, m.width, m.height, "
            "m.taken_at, m.language, m.visual_state, m.speech_state, m.speech_note, "
            "(SELECT count(*) FROM segments s WHERE s.media_id = m.id AND s.kind = 'frame') "
            "FROM media m WHERE m.path = ?",
            (key,),
        ).fetchone()
        if row is None:
            return None
        return MediaDetails(
            media_id=row[0],
            path=from_key(row[1]),
            kind=_kind(row[2]),
            status=MediaStatus(row[3]),
            error=row[4],
            duration_s=row[5],
            width=row[6],
            height=row[7],
            taken_at=row[8],
            language=row[9],
            visual_state=_part(row[10]),
            speech_state=_part(row[11]),
            speech_note=row[12],
            frames=row[13],
        )

    def forget_content(self, media_ids: Sequence[int]) -> None:
        """Forget these files' content fingerprints, so that the next read of each counts
        as new content (the app's Retry: every part made again, as after a change)."""
        self._conn.executemany(
            "UPDATE media SET content_hash = NULL WHERE id = ?", ((i,) for i in media_ids)
        )

    def mark_unchanged(self, media_id: int) -> None:
        """A file whose mtime moved but whose content did not: searchable again as it was."""
        self._conn.execute(
            f"UPDATE media SET status = {S_INDEXED}, error = NULL WHERE id = ?", (media_id,)
        )

    def forget_vectors(self, media_id: int) -> None:
        self._conn.execute("DELETE FROM media_vectors WHERE media_id = ?", (media_id,))

    def record_vectors(self, media_id: int, model_id: int) -> None:
        self._conn.execute(
            "INSERT OR IGNORE INTO media_vectors(media_id, model_id) VALUES (?, ?)",
            (media_id, model_id),
        )

    def segment_ids(self, media_id: int) -> list[int]:
        rows = self._conn.execute("SELECT id FROM segments WHERE media_id = ?", (media_id,))
        return [r[0] for r in rows]

    def image_segment(self, media_id: int) -> int | None:
        """The segment holding a photo's picture (its vectors, one per model)."""
        row = self._conn.execute(
            "SELECT id FROM segments WHERE media_id = ? AND kind = 'image' ORDER BY id LIMIT 1",
            (media_id,),
        ).fetchone()
        return row[0] if row else None

    def segment_ids_of(self, media_ids: Sequence[int]) -> list[int]:
        found: list[int] = []
        for part in chunks(media_ids):
            marks = ",".join("?" * len(part))
            rows = self._conn.execute(
                f"SELECT id FROM segments WHERE media_id IN ({marks})", tuple(part)
            )
            found.extend(r[0] for r in rows)
        return found

    def delete_segments(self, media_id: int) -> None:
        self._conn.execute("DELETE FROM segments WHERE media_id = ?", (media_id,))

    def add_segment(
        self,
        media_id: int,
        kind: SegmentKind,
        *,
        start_s: float | None = None,
        end_s: float | None = None,
        text: str | None = None,
        lang: str | None = None,
    ) -> int:
        self._conn.execute(
            "INSERT INTO segments(media_id, kind, start_s, end_s, text, lang) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (media_id, kind, start_s, end_s, text, lang),
        )
        return self._conn.last_insert_rowid()

    def _copy_facts(self, target_id: int, source_id: int) -> None:
        """Same content, same facts: kind, size in pixels, duration, date, part states."""
        self._conn.execute(
            f"UPDATE media SET ({_FACTS}) = (SELECT {_FACTS} FROM media WHERE id = ?) WHERE id = ?",
            (source_id, target_id),
        )
        self._conn.execute(
            f"UPDATE media SET status = CASE WHEN speech_state = {P_PENDING} AND kind = 'audio' "
            f"THEN {S_PENDING} ELSE {S_INDEXED} END, error = NULL, indexed_at = ? WHERE id = ?",
            (time.time(), target_id),
        )

    def adopt(self, target_id: int, source_id: int) -> None:
        """Give a moved file (``target``) the segments and provenance of its old row."""
        self._copy_facts(target_id, source_id)
        self._conn.execute(
            "UPDATE segments SET media_id = ? WHERE media_id = ?", (target_id, source_id)
        )
        self._conn.execute(
            "INSERT OR IGNORE INTO media_vectors(media_id, model_id) "
            "SELECT ?, model_id FROM media_vectors WHERE media_id = ?",
            (target_id, source_id),
        )
        self._conn.execute("DELETE FROM media WHERE id = ?", (source_id,))

    def copy_segments(self, target_id: int, source_id: int) -> list[tuple[int, int]]:
        """Duplicate the source's segments for a copy of the same file; (old, new) ids."""
        self._copy_facts(target_id, source_id)
        pairs = []
        rows = self._conn.execute(
            "SELECT id FROM segments WHERE media_id = ? ORDER BY id", (source_id,)
        ).fetchall()
        for (old_id,) in rows:
            self._conn.execute(
                "INSERT INTO segments(media_id, kind, start_s, end_s, text, lang, box, confidence) "
                "SELECT ?, kind, start_s, end_s, text, lang, box, confidence FROM segments "
                "WHERE id = ?",
                (target_id, old_id),
            )
            pairs.append((old_id, self._conn.last_insert_rowid()))
        return pairs

    # -- search support ----------------------------------------------------------------------

    def segment_rows(self, segment_ids: Sequence[int]) -> dict[int, SegmentRow]:
        found: dict[int, SegmentRow] = {}
        if not len(segment_ids):
            return found
        rows = self._conn.execute(
            # From the ids outward (CROSS JOIN fixes the order): the planner would otherwise
            # walk every file to find a few hundred segments.
            "SELECT s.id, s.kind, s.start_s, s.end_s, s.text, m.id, m.path, m.kind, "
            "m.status, m.taken_at, m.content_hash, m.width, m.height, m.duration_s, r.online "
            "FROM (SELECT value FROM json_each(?)) j CROSS JOIN segments s ON s.id = j.value "
            "CROSS JOIN media m ON m.id = s.media_id CROSS JOIN roots r ON r.id = m.root_id",
            ("[" + ",".join(str(int(i)) for i in segment_ids) + "]",),
        )
        for r in rows:
            found[r[0]] = SegmentRow(
                segment_id=r[0],
                segment_kind=SegmentKind(r[1]),
                start_s=r[2],
                end_s=r[3],
                text=r[4],
                media_id=r[5],
                path_key=r[6],
                media_kind=MediaKind(r[7]),
                status=MediaStatus(r[8]),
                taken_at=r[9],
                content_hash=r[10],
                width=r[11],
                height=r[12],
                duration_s=r[13],
                root_online=bool(r[14]),
            )
        return found

    def segment_places(
        self, segment_ids: Sequence[int]
    ) -> dict[int, tuple[SegmentKind, int, float | None]]:
        """Each segment's kind, file and start (None for a photo's): where it is."""
        if not segment_ids:
            return {}
        rows = self._conn.execute(
            "SELECT s.id, s.kind, s.media_id, s.start_s FROM (SELECT value FROM json_each(?)) j "
            "CROSS JOIN segments s ON s.id = j.value",
            ("[" + ",".join(str(int(i)) for i in segment_ids) + "]",),
        )
        return {r[0]: (SegmentKind(r[1]), r[2], r[3]) for r in rows}

    def segment_ids_in_range(self, low: bytes, high: bytes) -> list[int]:
        """Segments of indexed files whose path key lies in ``[low, high)``."""
        rows = self._conn.execute(
            "SELECT s.id FROM media m JOIN segments s ON s.media_id = m.id "
            f"WHERE m.path >= ? AND m.path < ? AND m.status = {S_INDEXED}",
            (low, high),
        )
        return [r[0] for r in rows]

    def sample_segment_ids(self, kind: SegmentKind, size: int, rng: random.Random) -> list[int]:
        """About ``size`` random segment ids of one kind, cheaply.

        Random probes of the id range cost point lookups only; a kind too rare for probing
        to find falls back to one ordered-by-random scan.
        """
        top = self._conn.execute("SELECT max(id) FROM segments").fetchone()[0]
        if top is None:
            return []
        probes = sorted({rng.randint(1, top) for _ in range(size * 4)})
        found: list[int] = []
        for part in chunks(probes):
            marks = ",".join("?" * len(part))
            rows = self._conn.execute(
                f"SELECT id FROM segments WHERE id IN ({marks}) AND kind = ?", (*part, kind)
            )
            found.extend(r[0] for r in rows)
        if len(found) >= size // 2:
            rng.shuffle(found)  # ids follow import order (often date): never keep the lowest
            return found[:size]
        rows = self._conn.execute(
            "SELECT id FROM segments WHERE kind = ? ORDER BY random() LIMIT ?", (kind, size)
        )
        return [r[0] for r in rows]

    # -- status ------------------------------------------------------------------------------

    def counts(self) -> list[KindStatusCount]:
        rows = self._conn.execute(
            "SELECT kind, status, count(*) FROM media GROUP BY kind, status ORDER BY kind, status"
        )
        return [KindStatusCount(_kind(r[0]), MediaStatus(r[1]), r[2]) for r in rows]

    def indexed_count(self) -> int:
        row = self._conn.execute(
            f"SELECT count(*) FROM media WHERE status = {S_INDEXED}"
        ).fetchone()
        return int(row[0])

    def root_counts(self) -> dict[int, int]:
        rows = self._conn.execute(
            f"SELECT root_id, count(*) FROM media WHERE status = {S_INDEXED} GROUP BY root_id"
        )
        return {r[0]: r[1] for r in rows}

    def failures(self) -> list[FailedFile]:
        rows = self._conn.execute(
            f"SELECT path, kind, error, error_why FROM media WHERE status = {S_FAILED} "
            "ORDER BY path"
        )
        return [
            FailedFile(
                from_key(r[0]), _kind(r[1]), r[2] or "unknown error", stored_reason(r[2], r[3])
            )
            for r in rows
        ]

    def notes(self) -> list[NotedFile]:
        """Indexed files whose transcript part has something to say (no audio, silence,
        a failed transcription)."""
        rows = self._conn.execute(
            "SELECT path, kind, speech_note, speech_note_why FROM media "
            f"WHERE speech_note IS NOT NULL AND status = {S_INDEXED} ORDER BY path"
        )
        return [
            NotedFile(from_key(r[0]), _kind(r[1]), r[2], stored_reason(r[2], r[3])) for r in rows
        ]

    def record_recordings_embedded(self, model_id: int) -> None:
        """After every transcript line has this model's vector, say so for recordings."""
        self._conn.execute(
            "INSERT OR IGNORE INTO media_vectors(media_id, model_id) SELECT id, ? FROM media "
            f"WHERE kind = 'audio' AND status = {S_INDEXED}",
            (model_id,),
        )

    def pending_count(self) -> int:
        return int(
            self._conn.execute(
                f"SELECT count(*) FROM media WHERE status = {S_PENDING} "
                f"OR visual_state = {P_PENDING} "
                f"OR (speech_state = {P_PENDING} AND status IN ({S_PENDING}, {S_INDEXED}))"
            ).fetchone()[0]
        )

    def has_speech(self) -> bool:
        return (
            self._conn.execute("SELECT 1 FROM segments WHERE kind = 'speech' LIMIT 1").fetchone()
            is not None
        )

    def speech_waiting(self) -> int:
        return int(
            self._conn.execute(
                f"SELECT count(*) FROM media WHERE speech_state = {P_PENDING} "
                f"AND status IN ({S_PENDING}, {S_INDEXED})"
            ).fetchone()[0]
        )

    def scan_issues(self) -> list[ScanIssue]:
        rows = self._conn.execute(
            "SELECT r.path, i.path, i.reason, i.why FROM scan_issues i "
            "JOIN roots r ON r.id = i.root_id ORDER BY i.path"
        )
        return [
            ScanIssue(from_key(r[0]), from_key(r[1]), r[2], stored_reason(r[2], r[3])) for r in rows
        ]

    def vector_counts(self) -> dict[int, int]:
        rows = self._conn.execute(
            "SELECT v.model_id, count(*) FROM media_vectors v JOIN media m ON m.id = v.media_id "
            f"WHERE m.status = {S_INDEXED} GROUP BY v.model_id"
        )
        return {r[0]: r[1] for r in rows}

    # -- preferences -------------------------------------------------------------------------

    def preference(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM preferences WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_preference(self, key: str, value: str) -> None:
        self._conn.execute(
            "INSERT INTO preferences(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
