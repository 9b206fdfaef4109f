"""The approximate vector search: binary codes in memory, exact re-scoring from floats.

Latency belongs to bench/bench_query.py; these tests hold the behaviour: recall against
exact search on a kind big enough to use the codes, codes re-centred as a kind grows, and
the in-memory codes following writes made by this connection and by another one.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mediasift.core.kinds import MediaKind, SegmentKind
from mediasift.core.store.records import NewFile
from mediasift.core.store.store import Store
from mediasift.core.store.vectors import EXACT_LIMIT, VectorRow

DIM = 512  # as CLIP ViT-B-32: the codes carry 512 bits


def clustered(rng: np.random.Generator, count: int, centers: int = 40) -> np.ndarray:
    """Unit vectors around a few topics, with a shared offset (as CLIP's are)."""
    offset = rng.standard_normal(DIM)
    topics = rng.standard_normal((centers, DIM))
    vectors = 1.5 * offset + 2.0 * topics[rng.integers(0, centers, count)]
    vectors += rng.standard_normal((count, DIM))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def fill(store: Store, vectors: np.ndarray, taken: np.ndarray | None = None) -> list[int]:
    """Segments (with their files) and vectors, in bulk; returns the segment ids."""
    root = store.catalog.add_root(Path("/lib"))
    model = store.vectors.ensure_model("m", DIM)
    start = store.conn.execute("SELECT count(*) FROM media").fetchone()[0]
    ids = []
    with store.transaction():
        store.catalog.queue_new(
            root.id,
            [
                NewFile(f"/lib/p{start + i}.jpg".encode(), 1, 1, MediaKind.PHOTO)
                for i in range(len(vectors))
            ],
        )
        media_ids = [r[0] for r in store.conn.execute("SELECT id FROM media ORDER BY id")][start:]
        rows = []
        for i, (media_id, vector) in enumerate(zip(media_ids, vectors, strict=True)):
            segment = store.catalog.add_segment(media_id, SegmentKind.IMAGE)
            ids.append(segment)
            when = float(taken[i]) if taken is not None else 0.0
            rows.append(VectorRow(segment, SegmentKind.IMAGE, MediaKind.PHOTO, when, vector))
        store.vectors.add(model, rows)
    return ids


def exact_top(vectors: np.ndarray, ids: list[int], query: np.ndarray, k: int) -> list[int]:
    order = np.argsort(-(vectors @ query))[:k]
    return [ids[i] for i in order]


def test_recall_of_the_code_path_against_exact_search(tmp_path: Path) -> None:
    rng = np.random.default_rng(11)
    vectors = clustered(rng, 12_000)
    store = Store(tmp_path / "lib.db")
    ids = fill(store, vectors)
    model = store.vectors.model_named("m")
    assert model is not None and len(ids) > EXACT_LIMIT
    recalls = []
    for _ in range(30):
        noise = rng.standard_normal(DIM) / np.sqrt(DIM)  # a unit-sized nudge
        query = vectors[rng.integers(len(vectors))] + 0.5 * noise
        query = (query / np.linalg.norm(query)).astype(np.float32)
        found = [i for i, _ in store.vectors.knn(model, query, 10, SegmentKind.IMAGE)]
        recalls.append(len(set(found) & set(exact_top(vectors, ids, query, 10))) / 10)
    assert np.mean(recalls) >= 0.95, recalls
    centre = store.conn.execute(f"SELECT centred FROM {model.table}_center").fetchone()[0]
    assert centre == 1  # centred once (one bulk insert); again when the kind grows tenfold


def test_filters_apply_on_the_code_path(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    vectors = clustered(rng, 5000)
    taken = np.arange(5000, dtype=np.float64)
    store = Store(tmp_path / "lib.db")
    ids = fill(store, vectors, taken)
    model = store.vectors.model_named("m")
    assert model is not None
    query = vectors[42]
    dated = store.vectors.knn(model, query, 10, SegmentKind.IMAGE, after=1000, before=4000)
    assert len(dated) == 10
    assert all(1000 <= ids.index(i) < 4000 for i, _ in dated)
    within = ids[:50]
    assert {
        i for i, _ in store.vectors.knn(model, query, 100, SegmentKind.IMAGE, within=within)
    } == set(within)
    assert (
        store.vectors.knn(model, query, 5, SegmentKind.IMAGE, media_kinds=[MediaKind.VIDEO]) == []
    )


def test_codes_follow_writes_of_this_and_other_connections(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    vectors = clustered(rng, 3000)
    reader = Store(tmp_path / "lib.db")
    ids = fill(reader, vectors)
    model = reader.vectors.model_named("m")
    assert model is not None
    assert reader.vectors.knn(model, vectors[7], 1, SegmentKind.IMAGE)[0][0] == ids[7]

    writer = Store(tmp_path / "lib.db")  # another connection, as the app's indexer is
    extra = clustered(np.random.default_rng(99), 10)
    new_ids = fill(writer, extra)
    hit = reader.vectors.knn(model, extra[3], 1, SegmentKind.IMAGE)[0]
    assert hit[0] == new_ids[3] and hit[1] == pytest.approx(1.0, abs=1e-5)

    with writer.transaction():
        writer.vectors.remove(model, [ids[7]])
    assert ids[7] not in [i for i, _ in reader.vectors.knn(model, vectors[7], 5, SegmentKind.IMAGE)]
    assert new_ids[3] in [i for i, _ in writer.vectors.knn(model, extra[3], 1, SegmentKind.IMAGE)]
