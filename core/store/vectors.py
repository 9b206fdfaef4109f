"""The vector half of the store: one sqlite-vec ``vec0`` table per model.

A table per model, rather than one table with a model column, makes it impossible to
compare vectors of two models (they may not even have the same dimension) and lets the
library keep searching the old model's vectors while a new model re-embeds everything.
Each table is partitioned by segment kind, so a per-kind query scans only its own rows, and
carries ``taken_at`` as a metadata column, so date filters apply during the KNN scan
instead of after it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import apsw
import numpy as np

from mediasift.core.kinds import MediaKind, SegmentKind
from mediasift.core.store.catalog import chunks
from mediasift.core.store.records import ModelRecord

# sqlite-vec refuses k above 4096 in one KNN query.
MAX_K = 4096


@dataclass(frozen=True)
class VectorRow:
    segment_id: int
    segment_kind: SegmentKind
    media_kind: MediaKind
    taken_at: float
    vector: np.ndarray


class VectorIndex:
    def __init__(self, conn: apsw.Connection) -> None:
        self._conn = conn

    def models(self) -> list[ModelRecord]:
        rows = self._conn.execute("SELECT id, name, dim FROM models ORDER BY id")
        return [ModelRecord(r[0], r[1], r[2]) for r in rows]

    def model_named(self, name: str) -> ModelRecord | None:
        row = self._conn.execute(
            "SELECT id, name, dim FROM models WHERE name = ?", (name,)
        ).fetchone()
        return ModelRecord(row[0], row[1], row[2]) if row else None

    def ensure_model(self, name: str, dim: int) -> ModelRecord:
        """The record of ``name``, creating its vector table on first use."""
        existing = self.model_named(name)
        if existing is not None:
            return existing
        with self._conn:
            self._conn.execute(
                "INSERT INTO models(name, dim, created_at) VALUES (?, ?, ?)",
                (name, dim, time.time()),
            )
            model = ModelRecord(self._conn.last_insert_rowid(), name, dim)
            self._conn.execute(
                f"CREATE VIRTUAL TABLE {model.table} USING vec0("
                "segment_kind TEXT PARTITION KEY, media_kind TEXT, taken_at FLOAT, "
                f"embedding FLOAT[{dim}] distance_metric=cosine)"
            )
        return model

    def add(self, model: ModelRecord, rows: Sequence[VectorRow]) -> None:
        self._conn.executemany(
            f"INSERT INTO {model.table}(rowid, segment_kind, media_kind, taken_at, embedding) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                (
                    r.segment_id,
                    str(r.segment_kind),
                    str(r.media_kind),
                    float(r.taken_at),
                    np.ascontiguousarray(r.vector, dtype=np.float32).tobytes(),
                )
                for r in rows
            ),
        )

    def copy(self, model: ModelRecord, pairs: Sequence[tuple[int, int]]) -> None:
        """Duplicate vectors from old segment ids to new ones (a copied file)."""
        self._conn.executemany(
            f"INSERT INTO {model.table}(rowid, segment_kind, media_kind, taken_at, embedding) "
            f"SELECT ?, segment_kind, media_kind, taken_at, embedding FROM {model.table} "
            "WHERE rowid = ?",
            ((new, old) for old, new in pairs),
        )

    def delete(self, segment_ids: Sequence[int]) -> None:
        """Remove these segments' vectors from every model's table."""
        for model in self.models():
            self.remove(model, segment_ids)

    def remove(self, model: ModelRecord, segment_ids: Sequence[int]) -> None:
        """Remove these segments' vectors from one model's table."""
        for part in chunks(segment_ids):
            marks = ",".join("?" * len(part))
            self._conn.execute(f"DELETE FROM {model.table} WHERE rowid IN ({marks})", tuple(part))

    def unembedded_lines(self, model: ModelRecord) -> list[tuple[int, str, MediaKind, float]]:
        """Transcript lines this model has no vector for (after a model switch):
        (segment id, text, media kind, taken at)."""
        rows = self._conn.execute(
            "SELECT s.id, s.text, m.kind, coalesce(m.taken_at, 0) FROM segments s "
            "JOIN media m ON m.id = s.media_id WHERE s.kind = 'speech' "
            "AND m.status IN ('pending', 'indexed') "
            f"AND NOT EXISTS (SELECT 1 FROM {model.table} v WHERE v.rowid = s.id) ORDER BY s.id"
        )
        return [(r[0], r[1] or "", MediaKind(r[2]), r[3]) for r in rows]

    def count(self, model: ModelRecord) -> int:
        return int(self._conn.execute(f"SELECT count(*) FROM {model.table}").fetchone()[0])

    def knn(
        self,
        model: ModelRecord,
        query: np.ndarray,
        k: int,
        segment_kind: SegmentKind,
        *,
        after: float | None = None,
        before: float | None = None,
        within: Sequence[int] | None = None,
        media_kinds: Sequence[MediaKind] | None = None,
    ) -> list[tuple[int, float]]:
        """The ``k`` nearest segments of one kind as (segment id, cosine similarity).

        ``within`` restricts the search to the given segment ids (a folder filter),
        ``media_kinds`` to segments of those kinds of file (speech of videos or of
        recordings).
        """
        sql = [
            f"SELECT rowid, distance FROM {model.table} WHERE embedding MATCH ? AND k = ? "
            "AND segment_kind = ?"
        ]
        args: list[object] = [
            np.ascontiguousarray(query, dtype=np.float32).tobytes(),
            min(k, MAX_K),
            str(segment_kind),
        ]
        if after is not None:
            sql.append("AND taken_at >= ?")
            args.append(float(after))
        if before is not None:
            sql.append("AND taken_at < ?")
            args.append(float(before))
        if media_kinds:
            sql.append(f"AND media_kind IN ({','.join('?' * len(media_kinds))})")
            args.extend(str(k) for k in media_kinds)
        if within is not None:
            if not within:
                return []
            sql.append("AND rowid IN (SELECT value FROM json_each(?))")
            args.append("[" + ",".join(str(int(i)) for i in within) + "]")
        rows = self._conn.execute(" ".join(sql), tuple(args))
        return [(r[0], 1.0 - r[1]) for r in rows]

    def vectors(self, model: ModelRecord, segment_ids: Sequence[int]) -> dict[int, np.ndarray]:
        found: dict[int, np.ndarray] = {}
        for part in chunks(segment_ids):
            marks = ",".join("?" * len(part))
            rows = self._conn.execute(
                f"SELECT rowid, embedding FROM {model.table} WHERE rowid IN ({marks})",
                tuple(part),
            )
            for seg_id, blob in rows:
                found[seg_id] = np.frombuffer(blob, dtype=np.float32)
        return found
