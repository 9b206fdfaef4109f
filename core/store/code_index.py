"""The in-memory side of vector search: one kind's binary codes, scanned with NumPy.

Each vector's code is the sign of (vector - its kind's mean), 64 bytes for 512
dimensions, computed by sqlite-vec when the vector is written. A query's Hamming distance
to a million codes is 8 XOR/popcount passes over uint64 columns (a few milliseconds);
the nearest few hundred are then re-scored exactly from the float vectors. 64 MB of RAM
per million segments, loaded from the SQLite file in slices and kept up to date by
appending what was written since (ids only grow: segments use AUTOINCREMENT).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import apsw
import numpy as np

LOAD_SLICE = 20_000
MEDIA_CODES = {"photo": 0, "video": 1, "audio": 2}
FAR = np.iinfo(np.uint16).max


@dataclass
class KindCodes:
    """The codes of one segment kind, column-wise (8 x n uint64), with filter columns."""

    ids: np.ndarray
    columns: np.ndarray
    taken: np.ndarray
    media: np.ndarray
    centred_at: int
    """Which centring the codes belong to: a new mean means reloading them all."""
    mean_direction: np.ndarray | None = None
    """The kind's mean, normalised (None before the first centring)."""

    @property
    def size(self) -> int:
        return len(self.ids)

    def distances(self, code: np.ndarray) -> np.ndarray:
        distance = np.bitwise_count(self.columns[0] ^ code[0]).astype(np.uint16)
        for j in range(1, self.columns.shape[0]):
            distance += np.bitwise_count(self.columns[j] ^ code[j])
        return distance

    def mask(
        self,
        after: float | None,
        before: float | None,
        media_kinds: Sequence[str] | None,
        within: np.ndarray | None,
    ) -> np.ndarray | None:
        """Rows passing the filters (None: all of them)."""
        mask: np.ndarray | None = None

        def both(extra: np.ndarray) -> None:
            nonlocal mask
            mask = extra if mask is None else mask & extra

        if after is not None:
            both(self.taken >= after)
        if before is not None:
            both(self.taken < before)
        if media_kinds:
            both(np.isin(self.media, [MEDIA_CODES[m] for m in media_kinds]))
        if within is not None:
            both(np.isin(self.ids, within))
        return mask


def query_code(query: np.ndarray, mean_direction: np.ndarray | None) -> np.ndarray:
    """The query's sign bits as 64-bit words.

    Ranking by q.(v - mean) is ranking by q.v (q.mean is the same for every item), so the
    codes' centring needs no counterpart in the query; but the query's component along
    the mean multiplies nothing that varies and would only blur its bits (a text query
    has a large one: CLIP's modality gap). It is removed.
    """
    query = np.asarray(query, np.float32)
    if mean_direction is not None:
        query = query - float(query @ mean_direction) * mean_direction
    packed = np.packbits(query > 0, bitorder="little")
    padded = np.zeros(((len(packed) + 7) // 8) * 8, np.uint8)
    padded[: len(packed)] = packed
    return padded.view(np.uint64)


def nearest(distance: np.ndarray, take: int) -> np.ndarray:
    """Positions of the ``take`` smallest distances (a histogram of the possible distances
    finds the cut-off: several times cheaper than ``argpartition`` on a million)."""
    if take >= len(distance):
        return np.arange(len(distance))
    counts = np.bincount(distance, minlength=int(distance.max()) + 1)
    cutoff = int(np.searchsorted(np.cumsum(counts), take))
    below = np.flatnonzero(distance < cutoff)
    ties = np.flatnonzero(distance == cutoff)[: take - len(below)]
    return np.concatenate([below, ties])


def load_codes(
    conn: apsw.Connection,
    table: str,
    kind: str,
    *,
    after_id: int = 0,
    centred_at: int,
    dim: int,
    mean_direction: np.ndarray | None = None,
) -> KindCodes:
    """The codes of ``kind`` with ids above ``after_id``, read in slices (a million rows
    fetched at once would hold ~200 MB of Python objects for a moment)."""
    count = conn.execute(
        f"SELECT count(*) FROM {table}_codes WHERE segment_kind = ? AND id > ?",
        (kind, after_id),
    ).fetchone()[0]
    code_bytes = (dim + 7) // 8
    words = (code_bytes + 7) // 8
    ids = np.empty(count, np.int64)
    codes = np.zeros((count, words * 8), np.uint8)  # padded to whole 64-bit words
    taken = np.empty(count, np.float64)
    media = np.empty(count, np.int8)
    cursor = conn.execute(
        f"SELECT id, media_kind, taken_at, code FROM {table}_codes "
        "WHERE segment_kind = ? AND id > ? ORDER BY id",
        (kind, after_id),
    )
    at = 0
    while rows := list(itertools.islice(cursor, LOAD_SLICE)):
        end = at + len(rows)
        ids[at:end] = [r[0] for r in rows]
        media[at:end] = [MEDIA_CODES[r[1]] for r in rows]
        taken[at:end] = [r[2] for r in rows]
        packed = np.frombuffer(b"".join(r[3] for r in rows), np.uint8)
        codes[at:end, :code_bytes] = packed.reshape(-1, code_bytes)
        at = end
    columns = np.ascontiguousarray(codes[:at].view(np.uint64).reshape(-1, words).T)
    return KindCodes(ids[:at], columns, taken[:at], media[:at], centred_at, mean_direction)


def appended(old: KindCodes, new: KindCodes) -> KindCodes:
    return KindCodes(
        np.concatenate([old.ids, new.ids]),
        np.concatenate([old.columns, new.columns], axis=1),
        np.concatenate([old.taken, new.taken]),
        np.concatenate([old.media, new.media]),
        old.centred_at,
        old.mean_direction,
    )
