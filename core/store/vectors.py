"""The vector half of the store: each model's vectors, codes and means, in the SQLite file.

Per model (vectors of two models are never compared, and may differ in dimension):

* ``vec_m<id>``: the float vectors, one row per segment (a plain table: reading a few
  hundred by id costs about a microsecond each);
* ``vec_m<id>_codes``: per segment its kind, file kind, date and a binary code, the signs
  of (vector - its kind's mean), computed by sqlite-vec's ``vec_quantize_binary``;
* ``vec_m<id>_center``: each kind's mean, re-estimated as the kind grows tenfold (codes
  are then re-centred in SQL).

Search (:meth:`VectorIndex.knn`) scans the codes in memory (:mod:`code_index`) and
re-scores the nearest few hundred exactly from the floats: bench/README.md has the
latency and recall at 10k, 100k and 1M segments. Kinds small enough are searched exactly.
Why not sqlite-vec's ``vec0`` tables: a KNN over them costs ~56 ms at 100k and over a
second at 1M on this machine, and fetching vectors from them by id costs 30-150 µs each.
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import apsw
import numpy as np

from ..errors import ModelLoadError
from ..kinds import MediaKind, SegmentKind
from .catalog import chunks
from .code_index import (
    FAR,
    KindCodes,
    appended,
    load_codes,
    nearest,
    query_code,
)
from .records import ModelRecord

EXACT_LIMIT = 2000
"""Kinds up to this size (after filters) are re-scored whole: exact, and still fast."""
RESCORE_MIN, RESCORE_MAX, RESCORE_PER = 400, 1000, 600
"""How many code neighbours to re-score: ``rows // 600`` within [400, 1000] (recall@10
0.99 at 100k and 0.96-0.98 at 1M, measured in bench/bench_query.py)."""
RECENTRE_FROM = 1000
RELOAD_AFTER_REMOVED = 0.1


@dataclass(frozen=True)
class VectorRow:
    segment_id: int
    segment_kind: SegmentKind
    media_kind: MediaKind
    taken_at: float
    vector: np.ndarray


def _blob(vector: np.ndarray) -> bytes:
    return np.ascontiguousarray(vector, dtype=np.float32).tobytes()


class VectorIndex:
    def __init__(self, conn: apsw.Connection) -> None:
        self._conn = conn
        self._codes: dict[tuple[int, str], KindCodes] = {}
        self._removed_at_load: dict[tuple[int, str], int] = {}
        self._checked: dict[tuple[int, str], tuple[int, int]] = {}
        self._writes = 0
        """Writes through this connection (SQLite's data_version only counts others')."""

    # -- models ------------------------------------------------------------------------------

    def models(self) -> list[ModelRecord]:
        rows = self._conn.execute("SELECT id, name, dim FROM models ORDER BY id")
        return [ModelRecord(r[0], r[1], r[2]) for r in rows]

    def choice_of(self, model: ModelRecord) -> str | None:
        row = self._conn.execute("SELECT choice FROM models WHERE id = ?", (model.id,)).fetchone()
        return row[0] if row else None

    def model_named(self, name: str) -> ModelRecord | None:
        row = self._conn.execute(
            "SELECT id, name, dim FROM models WHERE name = ?", (name,)
        ).fetchone()
        return ModelRecord(row[0], row[1], row[2]) if row else None

    def ensure_model(self, name: str, dim: int, choice: str | None = None) -> ModelRecord:
        """The record of ``name``, creating its tables on first use; ``choice`` says how
        to load the model again (JSON), for searching on it while another re-embeds."""
        existing = self.model_named(name)
        if existing is not None:
            return existing
        if dim % 8:
            raise ModelLoadError(
                f"model {name} makes {dim}-dimensional vectors; MediaSift's binary codes need "
                "a dimension divisible by 8 (every CLIP model has one)"
            )
        with self._conn:
            self._conn.execute(
                "INSERT INTO models(name, dim, choice, created_at) VALUES (?, ?, ?, ?)",
                (name, dim, choice, time.time()),
            )
            model = ModelRecord(self._conn.last_insert_rowid(), name, dim)
            table = model.table
            self._conn.execute(
                f"CREATE TABLE {table}(id INTEGER PRIMARY KEY, embedding BLOB NOT NULL);"
                f"CREATE TABLE {table}_codes(segment_kind TEXT NOT NULL, id INTEGER NOT NULL, "
                " media_kind TEXT NOT NULL, taken_at REAL NOT NULL, code BLOB NOT NULL, "
                " PRIMARY KEY(segment_kind, id)) WITHOUT ROWID;"
                f"CREATE INDEX {table}_codes_id ON {table}_codes(id);"
                f"CREATE TABLE {table}_center(segment_kind TEXT PRIMARY KEY, mean BLOB, "
                " rows INTEGER NOT NULL DEFAULT 0, removed INTEGER NOT NULL DEFAULT 0, "
                " centred INTEGER NOT NULL DEFAULT 0, centred_rows INTEGER NOT NULL DEFAULT 0)"
            )
        return model

    # -- writing -------------------------------------------------------------------------------

    def add(self, model: ModelRecord, rows: Sequence[VectorRow]) -> None:
        by_kind: dict[str, list[VectorRow]] = {}
        for row in rows:
            by_kind.setdefault(str(row.segment_kind), []).append(row)
        for kind, kind_rows in by_kind.items():
            mean = self._mean(model, kind)
            self._conn.executemany(
                f"INSERT INTO {model.table}(id, embedding) VALUES (?, ?)",
                ((r.segment_id, _blob(r.vector)) for r in kind_rows),
            )
            self._conn.executemany(
                f"INSERT INTO {model.table}_codes(segment_kind, id, media_kind, taken_at, code) "
                "VALUES (?, ?, ?, ?, vec_quantize_binary(vec_sub(?, ?)))",
                (
                    (
                        kind,
                        r.segment_id,
                        str(r.media_kind),
                        float(r.taken_at),
                        _blob(r.vector),
                        mean,
                    )
                    for r in kind_rows
                ),
            )
            self._count(model, kind, added=len(kind_rows))
        self._writes += 1

    def copy(self, model: ModelRecord, pairs: Sequence[tuple[int, int]]) -> None:
        """Duplicate vectors and codes from old segment ids to new ones (a copied file)."""
        self._conn.executemany(
            f"INSERT INTO {model.table}(id, embedding) "
            f"SELECT ?, embedding FROM {model.table} WHERE id = ?",
            ((new, old) for old, new in pairs),
        )
        kinds: Counter[str] = Counter()
        for old, new in pairs:
            row = self._conn.execute(
                f"INSERT INTO {model.table}_codes(segment_kind, id, media_kind, taken_at, code) "
                f"SELECT segment_kind, ?, media_kind, taken_at, code FROM {model.table}_codes "
                "WHERE id = ? RETURNING segment_kind",
                (new, old),
            ).fetchone()
            if row:
                kinds[row[0]] += 1
        for kind, added in kinds.items():
            self._count(model, kind, added=added)
        self._writes += 1

    def delete(self, segment_ids: Sequence[int]) -> None:
        """Remove these segments' vectors from every model's tables."""
        for model in self.models():
            self.remove(model, segment_ids)

    def remove(self, model: ModelRecord, segment_ids: Sequence[int]) -> None:
        """Remove these segments' vectors from one model's tables."""
        removed: Counter[str] = Counter()
        for part in chunks(segment_ids):
            marks = ",".join("?" * len(part))
            self._conn.execute(f"DELETE FROM {model.table} WHERE id IN ({marks})", tuple(part))
            rows = self._conn.execute(
                f"DELETE FROM {model.table}_codes WHERE id IN ({marks}) RETURNING segment_kind",
                tuple(part),
            ).fetchall()
            removed.update(r[0] for r in rows)
        for kind, count in removed.items():
            self._conn.execute(
                f"UPDATE {model.table}_center SET removed = removed + ? WHERE segment_kind = ?",
                (count, kind),
            )
        self._writes += 1

    def _mean(self, model: ModelRecord, kind: str) -> bytes:
        row = self._conn.execute(
            f"SELECT mean FROM {model.table}_center WHERE segment_kind = ?", (kind,)
        ).fetchone()
        if row and row[0]:
            return bytes(row[0])
        return np.zeros(model.dim, np.float32).tobytes()

    def _mean_direction(self, model: ModelRecord, kind: str) -> np.ndarray | None:
        mean = np.frombuffer(self._mean(model, kind), np.float32)
        norm = float(np.linalg.norm(mean))
        return mean / norm if norm > 0 else None

    def _count(self, model: ModelRecord, kind: str, *, added: int) -> None:
        """Keep the kind's size; past 1,000 and at each tenfold growth, re-centre its codes."""
        rows, centred_rows = self._conn.execute(
            f"INSERT INTO {model.table}_center(segment_kind, rows) VALUES (?, ?) "
            "ON CONFLICT(segment_kind) DO UPDATE SET rows = rows + excluded.rows "
            "RETURNING rows, centred_rows",
            (kind, added),
        ).fetchone()
        if rows >= RECENTRE_FROM and rows >= 10 * centred_rows:
            self._recentre(model, kind, rows)

    def _recentre(self, model: ModelRecord, kind: str, rows: int) -> None:
        """Estimate the kind's mean anew and recompute its codes around it."""
        total = np.zeros(model.dim, np.float64)
        count = 0
        cursor = self._conn.execute(
            f"SELECT v.embedding FROM {model.table}_codes c JOIN {model.table} v ON v.id = c.id "
            "WHERE c.segment_kind = ?",
            (kind,),
        )
        while batch := list(itertools.islice(cursor, 20_000)):
            matrix = np.frombuffer(b"".join(r[0] for r in batch), np.float32).reshape(-1, model.dim)
            total += matrix.sum(axis=0)
            count += len(batch)
        mean = (total / max(count, 1)).astype(np.float32).tobytes()
        self._conn.execute(
            f"UPDATE {model.table}_center SET mean = ?, centred = centred + 1, "
            "centred_rows = ? WHERE segment_kind = ?",
            (mean, rows, kind),
        )
        self._conn.execute(
            f"UPDATE {model.table}_codes SET code = vec_quantize_binary(vec_sub("
            f"(SELECT embedding FROM {model.table} v WHERE v.id = {model.table}_codes.id), ?)) "
            "WHERE segment_kind = ?",
            (mean, kind),
        )

    # -- reading -------------------------------------------------------------------------------

    def count(self, model: ModelRecord) -> int:
        return int(self._conn.execute(f"SELECT count(*) FROM {model.table}").fetchone()[0])

    def vectors(self, model: ModelRecord, segment_ids: Sequence[int]) -> dict[int, np.ndarray]:
        if not len(segment_ids):
            return {}
        rows = self._conn.execute(
            f"SELECT id, embedding FROM {model.table} WHERE id IN (SELECT value FROM json_each(?))",
            ("[" + ",".join(str(int(i)) for i in segment_ids) + "]",),
        )
        return {r[0]: np.frombuffer(r[1], dtype=np.float32) for r in rows}

    def unembedded_lines(self, model: ModelRecord) -> list[tuple[int, str, MediaKind, float]]:
        """Transcript lines this model has no vector for (after a model switch):
        (segment id, text, media kind, taken at)."""
        rows = self._conn.execute(
            "SELECT s.id, s.text, m.kind, coalesce(m.taken_at, 0) FROM segments s "
            "JOIN media m ON m.id = s.media_id WHERE s.kind = 'speech' "
            "AND m.status IN ('pending', 'indexed') "
            f"AND NOT EXISTS (SELECT 1 FROM {model.table} v WHERE v.id = s.id) ORDER BY s.id"
        )
        return [(r[0], r[1] or "", MediaKind(r[2]), r[3]) for r in rows]

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
        """The ``k`` nearest segments of one kind as (segment id, cosine similarity), with
        the date, file-kind and segment-id (folder) filters applied during the scan."""
        if within is not None and not len(within):
            return []
        codes = self._kind_codes(model, str(segment_kind))
        if codes.size == 0:
            return []
        mask = codes.mask(
            after,
            before,
            [str(m) for m in media_kinds] if media_kinds else None,
            np.asarray(within, np.int64) if within is not None else None,
        )
        eligible = int(mask.sum()) if mask is not None else codes.size
        if eligible <= max(EXACT_LIMIT, k):
            candidates = codes.ids if mask is None else codes.ids[mask]
        else:
            distance = codes.distances(query_code(query, codes.mean_direction))
            if mask is not None:
                distance[~mask] = FAR
            depth = max(k, min(RESCORE_MAX, max(RESCORE_MIN, codes.size // RESCORE_PER)))
            best = nearest(distance, depth)
            if mask is not None:
                best = best[mask[best]]
            candidates = codes.ids[best]
        return self._rescore(model, query, candidates, k)

    def _rescore(
        self, model: ModelRecord, query: np.ndarray, candidates: np.ndarray, k: int
    ) -> list[tuple[int, float]]:
        found = self.vectors(model, candidates.tolist())
        if not found:
            return []
        ids = np.fromiter(found.keys(), np.int64, len(found))
        similarity = np.stack(list(found.values())) @ np.asarray(query, np.float32)
        order = np.argsort(-similarity)[:k]
        return [(int(ids[i]), float(similarity[i])) for i in order]

    def _kind_codes(self, model: ModelRecord, kind: str) -> KindCodes:
        """This kind's codes in memory, brought up to date with what was committed since
        (by this connection or another: SQLite's data_version says)."""
        state = (self._conn.execute("PRAGMA data_version").fetchone()[0], self._writes)
        key = (model.id, kind)
        cached = self._codes.get(key)
        if cached is not None and self._checked.get(key) == state:
            return cached
        top, centred, removed = self._conn.execute(
            f"SELECT (SELECT max(id) FROM {model.table}_codes WHERE segment_kind = ?), "
            f"coalesce(c.centred, 0), coalesce(c.removed, 0) FROM (SELECT 1) "
            f"LEFT JOIN {model.table}_center c ON c.segment_kind = ?",
            (kind, kind),
        ).fetchone()
        stale_share = (
            (removed - self._removed_at_load.get(key, 0)) / max(cached.size, 1)
            if (cached is not None)
            else 1.0
        )
        if cached is None or cached.centred_at != centred or stale_share > RELOAD_AFTER_REMOVED:
            cached = load_codes(
                self._conn,
                model.table,
                kind,
                centred_at=centred,
                dim=model.dim,
                mean_direction=self._mean_direction(model, kind) if centred else None,
            )
            self._removed_at_load[key] = removed
        elif top is not None and (cached.size == 0 or top > cached.ids[-1]):
            last = int(cached.ids[-1]) if cached.size else 0
            fresh = load_codes(
                self._conn, model.table, kind, after_id=last, centred_at=centred, dim=model.dim
            )
            cached = appended(cached, fresh)
        self._codes[key] = cached
        self._checked[key] = state
        return cached
